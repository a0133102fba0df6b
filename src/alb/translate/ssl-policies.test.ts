// tlsPolicyFor: ELBSecurityPolicy names -> TLS versions and ciphers; unknown names fail the deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCiphers } from 'node:tls';
import { sslPolicyNames, tlsPolicyFor } from './ssl-policies.ts';
import { BuildError } from './types.ts';

void test('tlsPolicyFor maps names to protocol ranges', () => {
  const cases: [string, string, string, number][] = [
    ['ELBSecurityPolicy-2016-08', 'TLSv1', 'TLSv1.2', 18],
    ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'TLSv1.2', 'TLSv1.3', 11],
    ['ELBSecurityPolicy-FS-1-2-Res-2020-10', 'TLSv1.2', 'TLSv1.2', 4],
    ['ELBSecurityPolicy-TLS13-1-3-2021-06', 'TLSv1.3', 'TLSv1.3', 3],
  ];
  for (const [name, min, max, n] of cases) {
    const p = tlsPolicyFor(name);
    assert.equal(p.minVersion, min, name);
    assert.equal(p.maxVersion, max, name);
    assert.equal(p.ciphers.length, n, name);
  }
});

void test('every TLS 1.2 cipher name is one OpenSSL knows', () => {
  const known = new Set(getCiphers().map((c) => c.toUpperCase()));
  for (const name of sslPolicyNames())
    for (const c of tlsPolicyFor(name).ciphers)
      if (!c.startsWith('TLS_') && c !== 'DES-CBC3-SHA') assert.ok(known.has(c), `${name}: ${c}`);
});

void test('an unknown policy fails at deploy', () => {
  assert.throws(
    () => tlsPolicyFor('ELBSecurityPolicy-nope'),
    (e: unknown) => e instanceof BuildError && e.phase === 'deploy',
  );
});
