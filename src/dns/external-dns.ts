// external-dns, as it behaves with the AWS provider and the TXT registry: the ALB's own DNS
// name and every `external-dns.alpha.kubernetes.io/hostname` of its Ingresses resolve to the
// ALB's address; Services of type LoadBalancer with that annotation resolve to their
// status.loadBalancer IPs. Each managed name gets its ownership TXT records, named as
// external-dns names them (`<name>` and, in the newer format, `a-<name>`).
import type { KubeObject } from '../resources/types.ts';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { canonicalName, DEFAULT_TTL, invalidName } from './records.ts';
import type { DnsRecord } from './records.ts';
import type { DnsServer } from './server.ts';

export const HOSTNAME_ANNOTATION = 'external-dns.alpha.kubernetes.io/hostname';
export const TTL_ANNOTATION = 'external-dns.alpha.kubernetes.io/ttl';
export const OWNER_ID = 'default';

export interface AlbDnsInput {
  dnsName: string; // the ALB's AWS-style DNS name
  address: string; // where its listeners are on this machine
  hostnames: string[]; // external-dns hostnames of its Ingresses
  /** The external-dns resource: `ingress/<ns>/<name>` (or `<ns>/<name>` of the Ingress). */
  owner: string;
}

export interface ExternalDnsInput {
  albs: readonly AlbDnsInput[];
  services: readonly Readonly<KubeObject>[];
}

/** The TXT text external-dns writes to mark a record as its own. */
export function ownershipText(resource: string, owner = OWNER_ID): string {
  return `heritage=external-dns,external-dns/owner=${owner},external-dns/resource=${resource}`;
}

/** `a.example.com` -> `a-a.example.com`; a wildcard keeps its `*.` first (`*.a-x.com`). */
export function newFormatTxtName(name: string, type: 'A'): string {
  const prefix = `${type.toLowerCase()}-`;
  return name.startsWith('*.') ? `*.${prefix}${name.slice(2)}` : `${prefix}${name}`;
}

/** A comma-separated annotation value -> names (trimmed, lower-case, no trailing dot). */
export function hostnamesOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map(canonicalName)
    .filter((h) => h !== '' && invalidName(h) === undefined);
}

/** The ttl annotation: whole seconds (`300`) or a Go duration of s, m or h (`5m`). */
function ttlOf(value: string | undefined): number {
  const m = value === undefined ? null : /^(\d+)(s|m|h)?$/.exec(value.trim());
  if (!m) return DEFAULT_TTL;
  const n = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  return n > 0 && n <= 0x7fffffff ? n : DEFAULT_TTL;
}

function resourceOf(owner: string): string {
  return /^[a-z-]+\//.test(owner) && owner.split('/').length === 3 ? owner : `ingress/${owner}`;
}

interface Claim {
  name: string;
  addresses: string[];
  resource: string;
  ttl: number;
}

function serviceClaims(services: readonly Readonly<KubeObject>[]): Claim[] {
  const claims: Claim[] = [];
  for (const svc of services) {
    const spec = svc['spec'] as { type?: string } | undefined;
    if (spec?.type !== 'LoadBalancer') continue;
    const names = hostnamesOf(svc.metadata.annotations?.[HOSTNAME_ANNOTATION]);
    if (names.length === 0) continue;
    const status = svc['status'] as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
    const ips = (status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []));
    if (ips.length === 0) continue;
    const resource = `service/${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`;
    const ttl = ttlOf(svc.metadata.annotations?.[TTL_ANNOTATION]);
    for (const name of names) claims.push({ name, addresses: [...new Set(ips)].sort(), resource, ttl });
  }
  return claims;
}

/**
 * The records external-dns (and AWS, for the ALB names) would publish. A name claimed by
 * several owners goes to the first in (resource) order, as external-dns keeps the record
 * of the owner that created it and skips the others.
 */
export function externalDnsRecords(input: ExternalDnsInput): DnsRecord[] {
  const records: DnsRecord[] = [];
  const albs = [...input.albs].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  const albNames = new Set<string>();
  for (const alb of albs) {
    const name = canonicalName(alb.dnsName);
    if (albNames.has(name) || invalidName(name) !== undefined) continue;
    albNames.add(name);
    records.push({ name, type: 'A', ttl: DEFAULT_TTL, value: alb.address });
  }
  const claims: Claim[] = [];
  for (const alb of albs) {
    const resource = resourceOf(alb.owner);
    for (const h of alb.hostnames) {
      const name = canonicalName(h);
      if (invalidName(name) === undefined)
        claims.push({ name, addresses: [alb.address], resource, ttl: DEFAULT_TTL });
    }
  }
  const svc = serviceClaims(input.services).sort((a, b) => (a.resource < b.resource ? -1 : 1));
  const taken = new Set(albNames);
  for (const c of [...claims, ...svc]) {
    if (taken.has(c.name)) continue;
    taken.add(c.name);
    for (const address of c.addresses) records.push({ name: c.name, type: 'A', ttl: c.ttl, value: address });
    const text = ownershipText(c.resource);
    records.push({ name: c.name, type: 'TXT', ttl: c.ttl, value: text });
    records.push({ name: newFormatTxtName(c.name, 'A'), type: 'TXT', ttl: c.ttl, value: text });
  }
  return records;
}

export interface ExternalDnsOptions {
  store: Store;
  dns: DnsServer;
  albs: () => readonly AlbDnsInput[];
  /** Subscribes to ALB model changes; returns the unsubscribe function. */
  onAlbChange: (cb: () => void) => () => void;
  log?: (line: string) => void;
}

const SERVICES = { group: '', resource: 'services' } as const;

/** Keeps the DNS server's records in step with the ALBs and LoadBalancer Services. */
export class ExternalDns implements Component {
  readonly name = 'external-dns';
  readonly #opts: ExternalDnsOptions;
  #stops: (() => void)[] = [];
  #immediate: NodeJS.Immediate | undefined;
  #running = false;
  #lastError: string | undefined;

  constructor(opts: ExternalDnsOptions) {
    this.#opts = opts;
  }

  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#running = true;
    this.#stops.push(this.#opts.onAlbChange(() => this.#schedule()));
    this.#stops.push(this.#opts.store.watch({ key: SERVICES }, undefined, () => this.#schedule()));
    this.sync();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.#running = false;
    for (const s of this.#stops.splice(0)) s();
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    return Promise.resolve();
  }

  status(): ComponentStatus {
    if (!this.#running) return { ready: false, detail: 'stopped' };
    const n = this.#opts.dns.records.length;
    const detail = `${n} record${n === 1 ? '' : 's'}`;
    return { ready: true, detail: this.#lastError ? `${detail}; last error: ${this.#lastError}` : detail };
  }

  /** Recomputes and publishes the records now. */
  sync(): void {
    try {
      const records = externalDnsRecords({
        albs: this.#opts.albs(),
        services: this.#opts.store.list(SERVICES),
      });
      const problems = this.#opts.dns.setRecords(records);
      for (const p of problems) this.#opts.log?.(`external-dns: skipped record ${p}`);
      this.#lastError = undefined;
    } catch (err) {
      this.#lastError = err instanceof Error ? err.message : String(err);
      this.#opts.log?.(`external-dns: ${this.#lastError}`);
    }
  }

  #schedule(): void {
    if (!this.#running || this.#immediate) return;
    this.#immediate = setImmediate(() => {
      this.#immediate = undefined;
      if (this.#running) this.sync();
    });
  }
}
