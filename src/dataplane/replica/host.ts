// The main thread's side of the other data-plane threads: starts them, sends each what its
// copies need (DialTable, kube-proxy's Service table, istiod's endpoints and each gateway
// pod's model, the ALB model, its targets' health and its plain-HTTP listening sockets) as
// full snapshots, coalesced, in order, and replays everything to a thread that starts late;
// adds their access-log lines to the pods' logs and their stats to the pods' /stats.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AlbModel } from '../../alb/model.ts';
import { edsKey, type ClusterEndpoint } from '../../istio/istiod-endpoints.ts';
import type { GatewayModel } from '../../istio/model.ts';
import type { ServiceTable } from '../../kube/service-picker.ts';
import type { AddressPlan } from '../../net/addresses.ts';
import type { DialTable } from '../../net/dial-table.ts';
import type { Component, ComponentStatus } from '../../runtime/component.ts';
import type { HealthChecker } from '../alb/health-checker.ts';
import type { AlbReplicaSink } from '../alb/server.ts';
import type { SharedCounters } from '../alb/shared-counters.ts';
import type { EndpointSource } from '../gateway/clusters.ts';
import type { GatewayReplicaHandle, GatewayReplicaSink } from '../gateway/server.ts';
import type { StatsSnapshot } from '../gateway/stats.ts';
import type { ConnectionBalance } from '../alb/listener.ts';
import type {
  FromReplica,
  GatewaySeat,
  GroupSnapshot,
  ListenerCells,
  ReplicaInit,
  ToReplica,
} from './protocol.ts';

/** How many data-plane threads (the main one included): GANGWAY_DATAPLANE_THREADS, else min(2, CPUs). */
export function dataPlaneThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GANGWAY_DATAPLANE_THREADS;
  if (raw !== undefined && /^\d+$/.test(raw)) return Math.max(1, Math.min(16, Number(raw)));
  return Math.max(1, Math.min(2, availableParallelism()));
}

export interface ReplicaHostOptions {
  /** Data-plane threads in all, the main one included (1: none is started). */
  threads: number;
  dial: DialTable;
  plan: AddressPlan;
  shared: SharedCounters;
  log: (line: string) => void;
}

/** What the host reads from: kube-proxy's table and the ALB's health checker (set before start). */
export interface ReplicaSources {
  services: { table(): ServiceTable; watch(onChange: () => void): () => void };
  targets: () => HealthChecker;
  eds: EndpointSource & { watchEndpoints(onChange: () => void): () => void };
}

interface Seat {
  seat: GatewaySeat;
  model: GatewayModel | undefined;
  log: (line: string) => void;
  /** The latest stats of each thread's copy. */
  stats: Map<number, StatsSnapshot>;
}

interface Thread {
  index: number;
  worker: Worker;
  alive: boolean;
}

const STATS_WAIT_MS = 2000;
const STOP_WAIT_MS = 5000;

export class ReplicaHost implements Component, AlbReplicaSink, GatewayReplicaSink {
  readonly name = 'dataplane-threads';
  #o: ReplicaHostOptions;
  #sources: ReplicaSources | undefined;
  #threads: Thread[] = [];
  #running = false;
  #unwatch: (() => void)[] = [];
  #seats = new Map<string, Seat>();
  #alb: { model: AlbModel; addresses: [string, string][] } | undefined;
  #listeners = new Map<string, { fd: number; boundPort: number; balance: ListenerCells }>();
  #pending = new Set<'dial' | 'services' | 'eds' | 'targets'>();
  #flush: NodeJS.Immediate | undefined;
  #nextId = 1;
  #waiting = new Map<number, { left: number; done: () => void }>();
  #problems: string[] = [];

  constructor(opts: ReplicaHostOptions) {
    this.#o = opts;
  }

  /** The ALB's balancing cells every thread shares. */
  get shared(): SharedCounters {
    return this.#o.shared;
  }

  /** Whether other threads serve (more than the main one). */
  get active(): boolean {
    return this.#o.threads > 1;
  }

  connect(sources: ReplicaSources): void {
    this.#sources = sources;
  }

  async start(): Promise<void> {
    if (this.#running || !this.active) return;
    this.#running = true;
    this.#unwatch.push(this.#o.dial.watch(() => this.#schedule('dial')));
    if (this.#sources)
      this.#unwatch.push(
        this.#sources.services.watch(() => this.#schedule('services')),
        this.#sources.eds.watchEndpoints(() => this.#schedule('eds')),
      );
    for (let i = 1; i < this.#o.threads; i++) this.#spawn(i);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    for (const u of this.#unwatch.splice(0)) u();
    if (this.#flush) clearImmediate(this.#flush);
    this.#flush = undefined;
    const threads = this.#threads.splice(0);
    const live = threads.filter((t) => t.alive);
    if (live.length > 0) await this.#ask(live, (id) => ({ type: 'stop', id }), STOP_WAIT_MS);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  status(): ComponentStatus {
    const live = this.#threads.filter((t) => t.alive).length + 1;
    const detail = `${live} data-plane thread${live === 1 ? '' : 's'}`;
    return this.#problems.length > 0
      ? { ready: true, detail: `${detail}; ${this.#problems.slice(-3).join('; ')}` }
      : { ready: true, detail };
  }

  // --- the ALB (AlbReplicaSink)

  model(model: AlbModel, addresses: readonly [string, string][]): void {
    this.#alb = { model, addresses: [...addresses] };
    this.#broadcast({ type: 'alb-model', model, addresses: this.#alb.addresses });
  }

  listening(key: string, fd: number, boundPort: number): ConnectionBalance {
    const shared = this.#o.shared;
    const balance: ListenerCells = {
      open: Array.from({ length: this.#o.threads }, (_, i) => shared.slot(`open ${key} ${i}`)),
      idle: shared.slot('idle'),
    };
    // Until a thread serves its copy, it takes no connections (it counts from 0 once it does).
    for (let i = 1; i < this.#o.threads; i++) this.#retire(balance, i);
    this.#listeners.set(key, { fd, boundPort, balance });
    this.#flushNow('targets');
    this.#broadcast({ type: 'alb-listen', key, fd, boundPort, balance });
    return { cells: shared.cells, mine: balance.open[0] ?? -1, all: balance.open, idle: balance.idle };
  }

  /** A stopped thread takes no more connections: its count never looks the smallest. */
  #retire(balance: ListenerCells, index: number): void {
    const cell = balance.open[index];
    if (cell !== undefined && cell >= 0) Atomics.store(this.#o.shared.cells, cell, 1 << 30);
  }

  closing(key: string, force: boolean): void {
    this.#listeners.delete(key);
    this.#broadcast({ type: 'alb-close', key, force });
  }

  targetsChanged(): void {
    this.#schedule('targets');
  }

  // --- gateway pods (GatewayReplicaSink)

  attach(p: {
    key: string;
    podIP: string;
    proxy: GatewaySeat['proxy'];
    accessLog: boolean;
    log: (line: string) => void;
  }): GatewayReplicaHandle & { model(m: GatewayModel): void } {
    const seat: Seat = {
      seat: { key: p.key, podIP: p.podIP, proxy: p.proxy, accessLog: p.accessLog },
      model: undefined,
      log: p.log,
      stats: new Map(),
    };
    this.#seats.set(p.key, seat);
    this.#broadcast({ type: 'gateway-up', seat: seat.seat });
    let attached = true;
    return {
      model: (m) => {
        if (!attached) return;
        seat.model = m;
        // The model may name other clusters: their endpoints go first.
        this.#pending.add('eds');
        this.#flushNow('eds');
        this.#broadcast({ type: 'gateway-model', key: p.key, model: m });
      },
      snapshots: () => [...seat.stats.values()],
      refresh: async () => {
        const live = this.#threads.filter((t) => t.alive);
        if (attached && live.length > 0)
          await this.#ask(live, (id) => ({ type: 'stats', id }), STATS_WAIT_MS);
      },
      detach: () => {
        if (!attached) return;
        attached = false;
        if (this.#seats.get(p.key) === seat) this.#seats.delete(p.key);
        this.#broadcast({ type: 'gateway-down', key: p.key });
      },
    };
  }

  // --- threads

  #spawn(index: number): void {
    const init: ReplicaInit = {
      index,
      shared: this.#o.shared.buffer,
      addressBlock: this.#o.plan.block,
      multiAddress: this.#o.plan.multiAddress,
    };
    const worker = new Worker(new URL('./entry.js', import.meta.url), {
      workerData: init,
      // The thread serves sockets only; its stdout/stderr are the process's.
      stdout: false,
      stderr: false,
    });
    const t: Thread = { index, worker, alive: true };
    this.#threads.push(t);
    worker.on('message', (m: FromReplica) => this.#receive(t, m));
    worker.on('error', (err) => this.#problem(`data-plane thread ${index}: ${err.message}`));
    worker.on('exit', (code) => {
      t.alive = false;
      for (const l of this.#listeners.values()) this.#retire(l.balance, index);
      for (const s of this.#seats.values()) s.stats.delete(index);
      if (this.#running) this.#problem(`data-plane thread ${index} exited (${code})`);
      for (const w of this.#waiting.values()) if (--w.left <= 0) w.done();
    });
    for (const m of this.#replay()) worker.postMessage(m);
  }

  /** Everything a thread needs, in order. */
  #replay(): ToReplica[] {
    const out: ToReplica[] = [this.#snapshot('dial'), this.#snapshot('services'), this.#snapshot('eds')];
    for (const s of this.#seats.values()) {
      out.push({ type: 'gateway-up', seat: s.seat });
      if (s.model) out.push({ type: 'gateway-model', key: s.seat.key, model: s.model });
    }
    if (this.#alb) out.push({ type: 'alb-model', model: this.#alb.model, addresses: this.#alb.addresses });
    out.push(this.#snapshot('targets'));
    for (const [key, l] of this.#listeners)
      out.push({ type: 'alb-listen', key, fd: l.fd, boundPort: l.boundPort, balance: l.balance });
    return out;
  }

  #receive(t: Thread, m: FromReplica): void {
    switch (m.type) {
      case 'log': {
        const seat = this.#seats.get(m.key);
        if (seat) for (const line of m.lines) seat.log(line);
        return;
      }
      case 'stats':
        for (const [key, snap] of m.stats) this.#seats.get(key)?.stats.set(t.index, snap);
        this.#answered(m.id);
        return;
      case 'stopped':
        this.#answered(m.id);
        return;
      case 'problem':
        this.#problem(m.message);
        return;
    }
  }

  #answered(id: number): void {
    const w = this.#waiting.get(id);
    if (w && --w.left <= 0) w.done();
  }

  /** Sends a request to each thread; resolves when all answered (or after `waitMs`). */
  #ask(threads: readonly Thread[], msg: (id: number) => ToReplica, waitMs: number): Promise<void> {
    const id = this.#nextId++;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), waitMs);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve();
      };
      this.#waiting.set(id, { left: threads.length, done });
      for (const t of threads) t.worker.postMessage(msg(id));
    });
  }

  #problem(message: string): void {
    this.#problems.push(message);
    if (this.#problems.length > 20) this.#problems.shift();
    this.#o.log(message);
  }

  #broadcast(m: ToReplica): void {
    for (const t of this.#threads) if (t.alive) t.worker.postMessage(m);
  }

  #schedule(what: 'dial' | 'services' | 'eds' | 'targets'): void {
    if (!this.#running) return;
    this.#pending.add(what);
    this.#flush ??= setImmediate(() => {
      this.#flush = undefined;
      for (const w of [...this.#pending]) this.#flushNow(w);
    });
  }

  /** Sends a pending snapshot now (before a message that depends on it). */
  #flushNow(what: 'dial' | 'services' | 'eds' | 'targets'): void {
    if (!this.#pending.delete(what)) return;
    if (this.#threads.length > 0) this.#broadcast(this.#snapshot(what));
  }

  #snapshot(what: 'dial' | 'services' | 'eds' | 'targets'): ToReplica {
    switch (what) {
      case 'dial':
        return { type: 'dial', entries: this.#o.dial.entries() };
      case 'services':
        return { type: 'services', table: this.#sources?.services.table() ?? [] };
      case 'eds':
        return { type: 'eds', endpoints: this.#endpoints() };
      case 'targets':
        return { type: 'alb-targets', groups: this.#groups() };
    }
  }

  /** The endpoints of every EDS cluster of every gateway pod's model. */
  #endpoints(): [string, readonly ClusterEndpoint[]][] {
    const out = new Map<string, readonly ClusterEndpoint[]>();
    const eds = this.#sources?.eds;
    if (!eds) return [];
    for (const s of this.#seats.values())
      for (const c of s.model?.clusters ?? []) {
        const svc = c.service;
        if (c.type !== 'EDS' || !svc) continue;
        const key = edsKey(svc.namespace, svc.name, svc.port, c.subset?.labels);
        if (!out.has(key))
          out.set(key, eds.endpointsFor(svc.namespace, svc.name, svc.port, c.subset?.labels));
      }
    return [...out];
  }

  #groups(): GroupSnapshot[] {
    const checker = this.#sources?.targets();
    if (!checker) return [];
    return [...checker.groups()].map((g) => ({
      tg: g.tg,
      inUse: g.inUse,
      stickySeconds: g.stickySeconds,
      rrSlot: g.rrSlot,
      entries: [...g.entries.values()].map((e) => ({
        key: e.key,
        target: e.target,
        state: e.state,
        slot: e.slot,
      })),
    }));
  }
}
