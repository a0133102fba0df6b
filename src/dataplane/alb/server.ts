// The ALB data plane: every load balancer of the AlbModel as real listeners on its local
// address (HTTP, or HTTPS with h2 + http/1.1 and a certificate from gangway's CA), its rules
// compiled once per model, its target groups' targets health-checked, and requests forwarded
// over keep-alive pools. setModel() builds and validates before swapping; listeners whose
// address, port and protocol stay are kept (rules and certificate swapped in place), others
// are closed gracefully (requests in flight finish) and bound anew.
import { BlockList } from 'node:net';
import type {
  AlbModel,
  LoadBalancer,
  Target,
  TargetGroup,
  TargetHealth,
  TlsPolicy,
} from '../../alb/model.ts';
import { policyKey } from './tls-policy.ts';
import type { DialTable } from '../../net/dial-table.ts';
import type { CertificateAuthority } from '../../pki/ca.ts';
import type { Component, ComponentStatus } from '../../runtime/component.ts';
import { CertificateCache, certificateNames } from './certificates.ts';
import { UpstreamPools } from './forward.ts';
import { HealthChecker } from './health-checker.ts';
import { gatewayRandom } from '../gateway/seeded-random.ts';
import { retargeter, type ListenerContext } from './exchange.ts';
import { AlbListenerServer, type ConnectionBalance } from './listener.ts';
import { headerSettings, type HeaderSettings } from './upstream-headers.ts';
import { compileListener, type CompiledListener } from './match.ts';
import type { SharedCounters } from './shared-counters.ts';

export interface AlbDataPlaneOptions {
  dial: DialTable;
  ca: CertificateAuthority;
  address: (lb: LoadBalancer) => string;
  portMap: ReadonlyMap<number, number>;
  targets: (tg: TargetGroup) => Target[];
  log?: (line: string) => void;
  now?: () => Date;
  /** Multiplies health-check intervals and deregistration delays (tests; default 1). */
  healthTimeScale?: number;
  /** Multiplies health-check timeouts (tests; default 1). */
  healthTimeoutScale?: number;
  /** Weighted forwards and weighted_random; default: seeded by GANGWAY_RANDOM_SEED, else Math.random. */
  random?: () => number;
  /** The other data-plane threads: told about the model and every plain-HTTP listener. */
  replicas?: AlbReplicaSink;
  /** Balancing counters shared with the other data-plane threads. */
  shared?: SharedCounters;
}

/** What the ALB data plane tells the other data-plane threads that serve its HTTP listeners. */
export interface AlbReplicaSink {
  /** The model and each load balancer's address (before its listeners are announced). */
  model(model: AlbModel, addresses: readonly [string, string][]): void;
  /**
   * A plain-HTTP listener listens on `fd` (really on `boundPort`); the answer: how the main
   * thread's copy counts its connections against the other threads'.
   */
  listening(key: string, fd: number, boundPort: number): ConnectionBalance | undefined;
  /** The listener closes (force: its connections are cut). */
  closing(key: string, force: boolean): void;
  /** Targets or their health changed. */
  targetsChanged(): void;
}

export interface ServedAlbListener {
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  boundPort: number;
  address: string;
}

interface Served {
  lbName: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  server: AlbListenerServer;
  certKey: string;
}

export interface Planned {
  lb: LoadBalancer;
  compiled: CompiledListener;
  address: string;
  idleMs: number;
  names: string[];
  tlsPolicy: TlsPolicy | undefined;
  headers: HeaderSettings;
  /** inbound-cidrs, or undefined when it lets everyone in (0.0.0.0/0). */
  inbound: BlockList | undefined;
}

const DEFAULT_IDLE_TIMEOUT_S = 60;

/** The ALB's security group as inbound-cidrs sets it: undefined when it admits every address. */
export function inboundList(cidrs: readonly string[] | undefined): BlockList | undefined {
  if (cidrs === undefined || cidrs.length === 0 || cidrs.includes('0.0.0.0/0')) return undefined;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split('/');
    const v6 = net?.includes(':') === true;
    if (net) list.addSubnet(net, Number(bits ?? (v6 ? 128 : 32)), v6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** A listener of `lb` compiled for serving (a model that does not compile throws). */
export function planListener(
  lb: LoadBalancer,
  l: LoadBalancer['listeners'][number],
  address: string,
): Planned {
  return {
    lb,
    compiled: compileListener(l),
    address,
    idleMs: idleMs(lb),
    names: certificateNames(lb),
    tlsPolicy: l.tlsPolicy,
    headers: headerSettings(lb.attributes),
    inbound: inboundList(lb.inboundCidrs),
  };
}

function idleMs(lb: LoadBalancer): number {
  const raw = lb.idleTimeoutSeconds ?? Number(lb.attributes['idle_timeout.timeout_seconds']);
  return (Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_IDLE_TIMEOUT_S) * 1000;
}

export class AlbDataPlane implements Component {
  readonly name = 'alb';
  #opts: AlbDataPlaneOptions;
  #now: () => Date;
  #checker: HealthChecker;
  #pools = new UpstreamPools();
  #certs: CertificateCache;
  #served = new Map<string, Served>();
  #problems = new Map<string, string>();
  #model: AlbModel = { loadBalancers: [] };
  #running = false;
  #chain: Promise<void> = Promise.resolve();
  #random: () => number;

  constructor(opts: AlbDataPlaneOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? (() => new Date());
    this.#random = opts.random ?? gatewayRandom(process.env, 'alb') ?? Math.random;
    this.#certs = new CertificateCache(opts.ca, this.#now);
    this.#checker = new HealthChecker({
      dial: opts.dial,
      ...(opts.healthTimeScale === undefined ? {} : { timeScale: opts.healthTimeScale }),
      ...(opts.healthTimeoutScale === undefined ? {} : { timeoutScale: opts.healthTimeoutScale }),
      ...(opts.log === undefined ? {} : { log: opts.log }),
      ...(opts.shared === undefined ? {} : { shared: opts.shared }),
      ...(opts.replicas === undefined ? {} : { onChange: () => opts.replicas?.targetsChanged() }),
      onGone: (e) => {
        if (e.pool !== undefined) this.#pools.release(e.poolKey);
        e.pool = undefined;
      },
    });
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#enqueue(this.#model);
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#chain;
    const closing = [...this.#served.values()].map((s) => this.#close(s, true));
    this.#served.clear();
    this.#checker.stop();
    await Promise.all(closing);
    await this.#pools.close();
  }

  status(): ComponentStatus {
    if (!this.#running) return { ready: false, detail: 'stopped' };
    const lbs = new Set([...this.#served.values()].map((s) => s.lbName));
    let detail = `${this.#served.size} listeners for ${lbs.size} load balancers`;
    if (this.#problems.size > 0) detail += `; ${[...this.#problems.values()].join('; ')}`;
    return { ready: true, detail };
  }

  /** Applies a new model (build, validate, swap). Calls are serialized; the last one wins. */
  setModel(model: AlbModel): Promise<void> {
    this.#model = model;
    if (!this.#running) return Promise.resolve();
    return this.#enqueue(model);
  }

  /** Targets moved (nodes, NodePorts, endpoints): re-resolve every target group's targets. */
  targetsChanged(): void {
    if (!this.#running) return;
    for (const lb of this.#model.loadBalancers) {
      const used = forwardedArns(lb);
      for (const tg of lb.targetGroups) this.#checker.update(tg, this.#opts.targets(tg), used.has(tg.arn));
    }
  }

  /** The target groups' targets and health as the listeners see them. */
  get targets(): HealthChecker {
    return this.#checker;
  }

  health(targetGroupArn: string): TargetHealth[] {
    return this.#checker.health(targetGroupArn);
  }

  /** What `up` prints: each listener of a load balancer and where it really listens. */
  listenersOf(lbName: string): ServedAlbListener[] {
    return [...this.#served.values()]
      .filter((s) => s.lbName === lbName)
      .sort((a, b) => a.port - b.port)
      .map((s) => ({
        port: s.port,
        protocol: s.protocol,
        boundPort: s.server.boundPort,
        address: s.server.address,
      }));
  }

  #enqueue(model: AlbModel): Promise<void> {
    const run = this.#chain.then(() =>
      this.#running && this.#model === model ? this.#apply(model) : undefined,
    );
    this.#chain = run.catch((err: unknown) => {
      this.#opts.log?.(`alb: model not applied: ${err instanceof Error ? err.message : String(err)}`);
    });
    return run;
  }

  /** Compiles every listener first: a model that does not compile changes nothing. */
  #plan(model: AlbModel): Map<string, Planned> {
    const planned = new Map<string, Planned>();
    for (const lb of model.loadBalancers) {
      const address = this.#opts.address(lb);
      for (const l of lb.listeners) planned.set(`${lb.name}:${l.port}`, planListener(lb, l, address));
    }
    return planned;
  }

  async #apply(model: AlbModel): Promise<void> {
    const planned = this.#plan(model);
    this.#opts.replicas?.model(
      model,
      model.loadBalancers.map((lb) => [lb.name, this.#opts.address(lb)]),
    );
    const arns = new Set<string>();
    for (const lb of model.loadBalancers) {
      const used = forwardedArns(lb);
      for (const tg of lb.targetGroups) {
        arns.add(tg.arn);
        this.#checker.update(tg, this.#opts.targets(tg), used.has(tg.arn));
      }
    }
    for (const arn of this.#checker.arns()) if (!arns.has(arn)) this.#checker.remove(arn);

    const closing: Promise<void>[] = [];
    for (const [key, s] of this.#served) {
      const p = planned.get(key);
      if (p === undefined || p.address !== s.server.address || p.compiled.protocol !== s.protocol) {
        this.#served.delete(key);
        closing.push(this.#close(s, false));
      }
    }
    await Promise.all(closing);
    const certKeys = new Set<string>();
    for (const [key, p] of planned) {
      if (p.compiled.protocol === 'HTTPS') certKeys.add(p.names.join(','));
      try {
        await this.#serve(key, p);
        this.#problems.delete(key);
      } catch (err) {
        const msg = `${key}: ${err instanceof Error ? err.message : String(err)}`;
        this.#problems.set(key, msg);
        this.#opts.log?.(`alb: listener ${msg}`);
      }
    }
    for (const key of this.#problems.keys()) if (!planned.has(key)) this.#problems.delete(key);
    this.#certs.retain(certKeys);
  }

  async #serve(key: string, p: Planned): Promise<void> {
    const https = p.compiled.protocol === 'HTTPS';
    const certKey = https ? `${p.names.join(',')}|${policyKey(p.tlsPolicy)}` : '';
    const existing = this.#served.get(key);
    if (existing !== undefined) {
      existing.server.ctx.compiled = p.compiled;
      existing.server.ctx.headers = p.headers;
      existing.server.ctx.inbound = p.inbound;
      existing.server.setIdle(p.idleMs);
      if (https && existing.certKey !== certKey) {
        existing.server.setCertificate(await this.#certs.get(p.names), p.tlsPolicy);
        existing.certKey = certKey;
      }
      return;
    }
    if (https && p.names.length === 0) throw new Error('an HTTPS listener needs a certificate name');
    const tls = https ? await this.#certs.get(p.names) : undefined;
    const base = {
      compiled: p.compiled,
      proto: https ? ('https' as const) : ('http' as const),
      idleMs: p.idleMs,
      checker: this.#checker,
      pools: this.#pools,
      dial: this.#opts.dial,
      now: this.#now,
      headers: p.headers,
      inbound: p.inbound,
      random: this.#random,
    };
    const ctx: ListenerContext = { ...base, retarget: retargeter(base) };
    const server = new AlbListenerServer(ctx, p.address, tls, p.tlsPolicy);
    const mapped = this.#opts.portMap.get(p.compiled.port);
    const bound = await server.bind(mapped ?? p.compiled.port, true);
    if (bound.boundPort !== p.compiled.port)
      this.#opts.dial.set(p.address, p.compiled.port, { host: p.address, port: bound.boundPort });
    const why =
      bound.fallback !== ''
        ? ` (port ${mapped ?? p.compiled.port}: ${bound.fallback})`
        : mapped !== undefined
          ? ' (port map)'
          : '';
    this.#opts.log?.(
      `alb: ${p.lb.name} ${p.compiled.protocol}:${p.compiled.port} listening on ${p.address}:${bound.boundPort}${why}`,
    );
    this.#served.set(key, {
      lbName: p.lb.name,
      port: p.compiled.port,
      protocol: p.compiled.protocol,
      server,
      certKey,
    });
    if (server.shareable && server.fd >= 0) {
      const balance = this.#opts.replicas?.listening(key, server.fd, bound.boundPort);
      if (balance) server.balance(balance);
    }
  }

  #close(s: Served, force: boolean): Promise<void> {
    if (s.server.boundPort !== s.port) this.#opts.dial.delete(s.server.address, s.port);
    if (s.server.shareable) this.#opts.replicas?.closing(`${s.lbName}:${s.port}`, force);
    return s.server.close(force);
  }
}

/** The target groups some listener action or rule forwards to (the others are unused). */
function forwardedArns(lb: LoadBalancer): Set<string> {
  const used = new Set<string>();
  for (const l of lb.listeners)
    for (const a of [...l.defaultActions, ...l.rules.flatMap((r) => r.actions)])
      if (a.type === 'forward') for (const g of a.targetGroups) used.add(g.targetGroupArn);
  return used;
}
