// The dashboard's live side: scrapes each gateway pod's 15090 /stats/prometheus every ~2 s,
// watches the store, rebuilds the graph, and pushes it to every open event stream (SSE).
import { Agent, request } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import type { StackView } from '../runtime/stack-view.ts';
import type { Key } from '../store/types.ts';
import { buildGraph, type Graph, type GatewayPodInput } from './graph.ts';
import { parsePrometheus, SampleRing, type Scrape } from './metrics.ts';

export const PODS: Key = { group: '', resource: 'pods' };
export const SERVICES: Key = { group: '', resource: 'services' };
const WATCHED: readonly Key[] = [
  PODS,
  SERVICES,
  { group: 'networking.k8s.io', resource: 'ingresses' },
  { group: 'networking.istio.io', resource: 'gateways' },
  { group: 'networking.istio.io', resource: 'virtualservices' },
  { group: 'networking.istio.io', resource: 'destinationrules' },
  { group: 'discovery.k8s.io', resource: 'endpointslices' },
];
const PROMETHEUS_PORT = 15090;

export interface LiveOptions {
  sampleMs?: number;
  debounceMs?: number;
}

export class DashboardLive implements Component {
  readonly name = 'dashboard';
  readonly #view: StackView;
  readonly #sampleMs: number;
  readonly #debounceMs: number;
  readonly #ring = new SampleRing();
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 2 });
  readonly #streams = new Set<ServerResponse>();
  #stops: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #running = false;
  #scrapeError = '';

  constructor(view: StackView, opts: LiveOptions = {}) {
    this.#view = view;
    this.#sampleMs = opts.sampleMs ?? 2000;
    this.#debounceMs = opts.debounceMs ?? 150;
  }

  /** The graph as it stands now. */
  graph(): Graph {
    const v = this.#view;
    const gateways: GatewayPodInput[] = v.istio.istiod.proxies().map((p) => ({
      namespace: p.namespace,
      name: p.name,
      model: v.istio.istiod.modelFor(p.namespace, p.name),
    }));
    return buildGraph({
      alb: v.alb.controller.model,
      health: (arn) => v.alb.dataPlane.health(arn),
      pods: v.store.list(PODS),
      services: v.store.list(SERVICES),
      gateways,
      window: this.#ring.window(),
    });
  }

  /** GET /api/events: a `graph` event now, then on every change and counter sample. */
  stream(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\n\n`);
    this.#streams.add(res);
    res.on('close', () => this.#streams.delete(res));
    this.#send(res, JSON.stringify(this.graph()));
  }

  #send(res: ServerResponse, data: string): void {
    res.write(`event: graph\ndata: ${data}\n\n`);
  }

  #publish(): void {
    if (this.#streams.size === 0) return;
    const data = JSON.stringify(this.graph());
    for (const res of this.#streams) this.#send(res, data);
  }

  #changed = (): void => {
    if (this.#debounce) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      this.#publish();
    }, this.#debounceMs);
  };

  #scrapeOne(ip: string): Promise<Scrape> {
    const to = this.#view.dial.resolve(ip, PROMETHEUS_PORT);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: to.host, port: to.port, path: '/stats/prometheus', agent: this.#agent, timeout: 5000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(parsePrometheus(Buffer.concat(chunks).toString('utf8')))
              : reject(new Error(`${ip}:${PROMETHEUS_PORT} answered ${res.statusCode ?? 0}`)),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  }

  async sample(): Promise<void> {
    const alive = new Set<string>();
    const jobs: Promise<void>[] = [];
    for (const p of this.#view.istio.istiod.proxies()) {
      const pod = this.#view.store.get(PODS, p.namespace, p.name);
      const ip = (pod?.['status'] as { podIP?: string } | undefined)?.podIP;
      if (!ip) continue;
      const id = `${p.namespace}/${p.name}`;
      alive.add(id);
      jobs.push(
        this.#scrapeOne(ip).then(
          (s) => {
            this.#ring.push(id, Date.now(), s);
            this.#scrapeError = '';
          },
          (err: unknown) => {
            this.#scrapeError = `${id}: ${err instanceof Error ? err.message : String(err)}`;
          },
        ),
      );
    }
    await Promise.all(jobs);
    this.#ring.retain(alive);
  }

  #tick = (): void => {
    this.sample().then(
      () => {
        if (!this.#running) return;
        this.#publish();
        this.#timer = setTimeout(this.#tick, this.#sampleMs);
      },
      () => undefined,
    );
  };

  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#running = true;
    for (const key of WATCHED) this.#stops.push(this.#view.store.watch({ key }, undefined, this.#changed));
    this.#stops.push(this.#view.alb.controller.onTargets(this.#changed));
    this.#timer = setTimeout(this.#tick, 0);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.#running = false;
    for (const s of this.#stops.splice(0)) s();
    clearTimeout(this.#timer);
    clearTimeout(this.#debounce);
    this.#debounce = undefined;
    for (const res of this.#streams) res.end();
    this.#streams.clear();
    this.#agent.destroy();
    return Promise.resolve();
  }

  status(): ComponentStatus {
    if (!this.#running) return { ready: false, detail: 'stopped' };
    const err = this.#scrapeError ? `; last scrape error ${this.#scrapeError}` : '';
    return { ready: true, detail: `${this.#streams.size} event streams${err}` };
  }
}
