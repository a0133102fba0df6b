// The ALB in a data-plane thread other than the main one: the same listeners' code serving
// the main thread's plain-HTTP listening sockets (its own descriptor of each), with the main
// thread's health checker mirrored (targets and states as the main thread last sent them,
// round-robin positions and outstanding counts in the shared cells) and its own keep-alive
// pools. Health checks, HTTPS listeners and the ELBv2 API stay with the main thread.
import type { AlbModel } from '../../alb/model.ts';
import type { DialTable } from '../../net/dial-table.ts';
import { gatewayRandom } from '../gateway/seeded-random.ts';
import { retargeter, type ListenerContext } from '../alb/exchange.ts';
import { UpstreamPools } from '../alb/forward.ts';
import {
  countInFlight,
  newEntry,
  refreshRoutable,
  type TargetEntry,
  type TargetGroupState,
  type TargetTable,
} from '../alb/health-checker.ts';
import { AlbListenerServer } from '../alb/listener.ts';
import { planListener, type Planned } from '../alb/server.ts';
import { dupListener } from './listener-dup.ts';
import type { GroupSnapshot, ListenerCells } from './protocol.ts';

/** The main thread's target groups as last sent, with this thread's in-flight bookkeeping. */
export class MirroredTargets implements TargetTable {
  readonly cells: Int32Array;
  #groups = new Map<string, TargetGroupState>();
  #onGone: (e: TargetEntry) => void;

  constructor(cells: Int32Array, onGone: (e: TargetEntry) => void) {
    this.cells = cells;
    this.#onGone = onGone;
  }

  group(arn: string): TargetGroupState | undefined {
    return this.#groups.get(arn);
  }

  begin(e: TargetEntry): void {
    countInFlight(e, this.cells, 1);
  }

  end(e: TargetEntry): void {
    countInFlight(e, this.cells, -1);
  }

  /** Takes the main thread's snapshot; entries that stay keep their pools. */
  update(groups: readonly GroupSnapshot[]): void {
    const next = new Map<string, TargetGroupState>();
    for (const s of groups) {
      const g: TargetGroupState = this.#groups.get(s.tg.arn) ?? {
        tg: s.tg,
        entries: new Map(),
        registered: [],
        healthy: [],
        rr: 0,
        rrSlot: s.rrSlot,
        matches: () => false,
        checkKey: '',
        inUse: s.inUse,
        stickySeconds: s.stickySeconds,
      };
      g.tg = s.tg;
      g.rrSlot = s.rrSlot;
      g.inUse = s.inUse;
      g.stickySeconds = s.stickySeconds;
      const entries = new Map<string, TargetEntry>();
      for (const es of s.entries) {
        const e = g.entries.get(es.key) ?? newEntry(g, es.key, es.target, es.slot);
        e.target = es.target;
        e.state = es.state;
        e.slot = es.slot;
        entries.set(es.key, e);
      }
      for (const [key, e] of g.entries) if (!entries.has(key)) this.#gone(e);
      g.entries = entries;
      refreshRoutable(g);
      next.set(s.tg.arn, g);
    }
    for (const [arn, g] of this.#groups)
      if (!next.has(arn)) for (const e of g.entries.values()) this.#gone(e);
    this.#groups = next;
  }

  #gone(e: TargetEntry): void {
    if (e.gone) return;
    e.gone = true;
    this.#onGone(e);
  }
}

/** This thread's copies of the ALB's plain-HTTP listeners. */
export class AlbReplica {
  readonly targets: MirroredTargets;
  #dial: DialTable;
  #pools = new UpstreamPools();
  #model: AlbModel = { loadBalancers: [] };
  #addresses = new Map<string, string>();
  #listeners = new Map<string, AlbListenerServer>();
  #random: () => number;
  #problem: (message: string) => void;

  #index: number;
  /** This thread's connection-count cell of each listener. */
  #cells = new Map<string, number>();

  constructor(index: number, dial: DialTable, cells: Int32Array, problem: (message: string) => void) {
    this.#index = index;
    this.#dial = dial;
    this.#problem = problem;
    this.#random = gatewayRandom(process.env, 'alb') ?? Math.random;
    this.targets = new MirroredTargets(cells, (e) => {
      if (e.pool !== undefined) this.#pools.release(e.poolKey);
      e.pool = undefined;
    });
  }

  setModel(model: AlbModel, addresses: readonly [string, string][]): void {
    this.#model = model;
    this.#addresses = new Map(addresses);
    for (const [key, server] of this.#listeners) {
      const p = this.#plan(key);
      if (p === undefined) continue;
      server.ctx.compiled = p.compiled;
      server.ctx.headers = p.headers;
      server.ctx.inbound = p.inbound;
      server.setIdle(p.idleMs);
    }
  }

  /** Serves the main thread's listener `key` on this thread's own descriptor of `fd`. */
  async listen(key: string, fd: number, boundPort: number, cells?: ListenerCells): Promise<void> {
    const p = this.#plan(key);
    if (p === undefined || p.compiled.protocol !== 'HTTP') return;
    const base = {
      compiled: p.compiled,
      proto: 'http' as const,
      idleMs: p.idleMs,
      checker: this.targets,
      pools: this.#pools,
      dial: this.#dial,
      now: () => new Date(),
      headers: p.headers,
      inbound: p.inbound,
      random: this.#random,
    };
    const ctx: ListenerContext = { ...base, retarget: retargeter(base) };
    const server = new AlbListenerServer(ctx, p.address, undefined);
    try {
      const handle = await dupListener(fd);
      if (this.#listeners.has(key)) await this.close(key, true);
      await server.adopt(handle, boundPort);
      const mine = cells?.open[this.#index];
      if (cells && mine !== undefined && mine >= 0) {
        Atomics.store(this.targets.cells, mine, 0);
        server.balance({ cells: this.targets.cells, mine, all: cells.open, idle: cells.idle });
        this.#cells.set(key, mine);
      }
      this.#listeners.set(key, server);
    } catch (err) {
      this.#problem(`alb: listener ${key} not shared: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Closes this thread's copy of `key` (gracefully unless `force`). */
  async close(key: string, force: boolean): Promise<void> {
    const server = this.#listeners.get(key);
    if (server === undefined) return;
    this.#listeners.delete(key);
    const mine = this.#cells.get(key);
    this.#cells.delete(key);
    // This copy takes no more connections: its count must never look the smallest.
    if (mine !== undefined) Atomics.store(this.targets.cells, mine, 1 << 30);
    await server.close(force);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#listeners.keys()].map((k) => this.close(k, true)));
    await this.#pools.close();
  }

  #plan(key: string): Planned | undefined {
    const at = key.lastIndexOf(':');
    const lbName = key.slice(0, at);
    const port = Number(key.slice(at + 1));
    const lb = this.#model.loadBalancers.find((l) => l.name === lbName);
    const l = lb?.listeners.find((x) => x.port === port);
    const address = this.#addresses.get(lbName);
    if (lb === undefined || l === undefined || address === undefined) return undefined;
    try {
      return planListener(lb, l, address);
    } catch {
      return undefined;
    }
  }
}
