// The ALB's predefined ELBSecurityPolicy names (the `ssl-policy` annotation) as TLS protocol
// ranges and cipher lists in OpenSSL names, in AWS's preference order, as
// `aws elbv2 describe-ssl-policies` lists them. An unknown name fails the deploy as the ELBv2
// API does (SSLPolicyNotFound).
import type { TlsPolicy } from '../model.ts';
import { BuildError } from './types.ts';

const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/** ECDHE with AES-GCM only. */
const FS_GCM = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
];

/** ECDHE, GCM and CBC-SHA2 (in AWS's order). */
const FS_SHA2 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
];

/** ECDHE including the SHA-1 CBC suites (ELBSecurityPolicy-FS-2018-06). */
const FS_ALL = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA',
  'ECDHE-ECDSA-AES256-SHA',
];

const RSA_SHA2 = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256'];
const RSA_SHA1 = ['AES128-SHA', 'AES256-SHA'];

/** ELBSecurityPolicy-2016-08, the controller's default. */
const CLASSIC = [
  ...FS_ALL,
  'AES128-GCM-SHA256',
  'AES128-SHA256',
  'AES128-SHA',
  'AES256-GCM-SHA384',
  'AES256-SHA256',
  'AES256-SHA',
];

/** TLS13-*-Ext2 and the TLS13 policies that allow TLS 1.0/1.1. */
const TLS13_EXT2 = [
  ...TLS13,
  ...FS_SHA2,
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  ...RSA_SHA2,
  ...RSA_SHA1,
];

function p(
  minVersion: TlsPolicy['minVersion'],
  maxVersion: TlsPolicy['maxVersion'],
  ciphers: string[],
): TlsPolicy {
  return { minVersion, maxVersion, ciphers };
}

const POLICIES: ReadonlyMap<string, TlsPolicy> = new Map([
  ['ELBSecurityPolicy-2016-08', p('TLSv1', 'TLSv1.2', CLASSIC)],
  ['ELBSecurityPolicy-2015-05', p('TLSv1', 'TLSv1.2', CLASSIC)],
  ['ELBSecurityPolicy-TLS-1-0-2015-04', p('TLSv1', 'TLSv1.2', [...CLASSIC, 'DES-CBC3-SHA'])],
  ['ELBSecurityPolicy-TLS-1-1-2017-01', p('TLSv1.1', 'TLSv1.2', CLASSIC)],
  ['ELBSecurityPolicy-TLS-1-2-2017-01', p('TLSv1.2', 'TLSv1.2', [...FS_SHA2, ...RSA_SHA2])],
  ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', p('TLSv1.2', 'TLSv1.2', CLASSIC)],
  ['ELBSecurityPolicy-FS-2018-06', p('TLSv1', 'TLSv1.2', FS_ALL)],
  ['ELBSecurityPolicy-FS-1-1-2019-08', p('TLSv1.1', 'TLSv1.2', FS_ALL)],
  ['ELBSecurityPolicy-FS-1-2-2019-08', p('TLSv1.2', 'TLSv1.2', FS_ALL)],
  ['ELBSecurityPolicy-FS-1-2-Res-2019-08', p('TLSv1.2', 'TLSv1.2', FS_SHA2)],
  ['ELBSecurityPolicy-FS-1-2-Res-2020-10', p('TLSv1.2', 'TLSv1.2', FS_GCM)],
  ['ELBSecurityPolicy-TLS13-1-2-2021-06', p('TLSv1.2', 'TLSv1.3', [...TLS13, ...FS_SHA2])],
  ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', p('TLSv1.2', 'TLSv1.3', [...TLS13, ...FS_GCM])],
  ['ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', p('TLSv1.2', 'TLSv1.3', [...TLS13, ...FS_SHA2, ...RSA_SHA2])],
  ['ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', p('TLSv1.2', 'TLSv1.3', TLS13_EXT2)],
  ['ELBSecurityPolicy-TLS13-1-1-2021-06', p('TLSv1.1', 'TLSv1.3', TLS13_EXT2)],
  ['ELBSecurityPolicy-TLS13-1-0-2021-06', p('TLSv1', 'TLSv1.3', TLS13_EXT2)],
  ['ELBSecurityPolicy-TLS13-1-3-2021-06', p('TLSv1.3', 'TLSv1.3', TLS13)],
]);

/** The names gangway knows, sorted. */
export function sslPolicyNames(): string[] {
  return [...POLICIES.keys()].sort();
}

/** The TLS settings of an ELBSecurityPolicy; unknown names fail as the ELBv2 API does. */
export function tlsPolicyFor(name: string): TlsPolicy {
  const policy = POLICIES.get(name);
  if (!policy) throw new BuildError(`SSLPolicyNotFound: SSL policy '${name}' not found`, 'deploy');
  return { minVersion: policy.minVersion, maxVersion: policy.maxVersion, ciphers: [...policy.ciphers] };
}
