// The AWS Load Balancer Controller as a running component: watches Ingresses, IngressClasses,
// Services (and Nodes / EndpointSlices for targets), runs translateAlb over one snapshot per
// burst of changes, writes each member Ingress's status.loadBalancer when it changes, records
// the controller's Events (component `ingress`) when a group's outcome or inputs change, and
// hands the new model to subscribers. Target changes are announced separately (onTargets).
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { ControllerLoop } from '../kube/controller-loop.ts';
import { eventRecorder, type EventRecorder } from '../kube/events.ts';
import { ENDPOINTSLICES, NODES, SERVICES } from '../kube/keys.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import type { Key, Store } from '../store/types.ts';
import type { AlbModel, Target, TargetGroup } from './model.ts';
import { resolveTargets } from './targets.ts';
import { translateAlb } from './translate/translate.ts';
import type { AlbEvent, AlbTranslation, IngressStatusUpdate } from './translate/types.ts';

export const INGRESSES: Key = { group: 'networking.k8s.io', resource: 'ingresses' };
export const INGRESSCLASSES: Key = { group: 'networking.k8s.io', resource: 'ingressclasses' };
export const DEFAULT_REGION = 'eu-west-3';
export const DEFAULT_ACCOUNT_ID = '111111111111';

export interface AlbControllerOptions {
  store: Store;
  region?: string;
  accountId?: string;
  clusterName?: string;
  defaultScheme?: string;
  now?: () => Date;
}

const RECONCILE_KEY = 'alb';

interface IngressStatusView extends KubeObject {
  status?: { loadBalancer?: { ingress?: unknown[] } };
}

function statusEntry(u: IngressStatusUpdate): {
  hostname: string;
  ports?: { port: number; protocol: string }[];
} {
  const e: { hostname: string; ports?: { port: number; protocol: string }[] } = { hostname: u.hostname };
  if (u.ports.length > 0) e.ports = u.ports.map((port) => ({ port, protocol: 'TCP' }));
  return e;
}

export class AlbController implements Component {
  readonly name = 'aws-load-balancer-controller';
  #store: Store;
  #opts: { region: string; accountId: string; clusterName?: string; defaultScheme?: string };
  #recorder: EventRecorder;
  #loop: ControllerLoop;
  #targetLoop: ControllerLoop;
  #model: AlbModel = { loadBalancers: [] };
  #diagnostics: Diagnostic[] = [];
  #modelSubs = new Set<(m: AlbModel) => void>();
  #targetSubs = new Set<() => void>();
  /** `ns/name` -> what the last recorded event was about (so repeats are not re-recorded). */
  #recorded = new Map<string, string>();
  #started = false;

  constructor(opts: AlbControllerOptions) {
    this.#store = opts.store;
    this.#opts = { region: opts.region ?? DEFAULT_REGION, accountId: opts.accountId ?? DEFAULT_ACCOUNT_ID };
    if (opts.clusterName !== undefined) this.#opts.clusterName = opts.clusterName;
    if (opts.defaultScheme !== undefined) this.#opts.defaultScheme = opts.defaultScheme;
    this.#recorder = eventRecorder(opts.store, { component: 'ingress' }, opts.now);
    const all = (): string[] => [RECONCILE_KEY];
    this.#loop = new ControllerLoop({
      name: this.name,
      store: opts.store,
      watches: [INGRESSES, INGRESSCLASSES, SERVICES].map((key) => ({ key, keysFor: all })),
      resync: all,
      reconcile: () => {
        this.#reconcile();
        return undefined;
      },
      detail: () => this.#detail(),
    });
    this.#targetLoop = new ControllerLoop({
      name: `${this.name}-targets`,
      store: opts.store,
      watches: [NODES, ENDPOINTSLICES].map((key) => ({ key, keysFor: all })),
      resync: () => [],
      reconcile: () => {
        for (const cb of this.#targetSubs) cb();
        return undefined;
      },
    });
  }

  get model(): AlbModel {
    return this.#model;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.#diagnostics;
  }

  /** Called with every new model (not with the current one). Returns an unsubscribe function. */
  onModel(cb: (m: AlbModel) => void): () => void {
    this.#modelSubs.add(cb);
    return () => this.#modelSubs.delete(cb);
  }

  /** Called after Nodes or EndpointSlices change (targets may have). Returns an unsubscribe function. */
  onTargets(cb: () => void): () => void {
    this.#targetSubs.add(cb);
    return () => this.#targetSubs.delete(cb);
  }

  /** The targets `tg` registers now. */
  targets(tg: TargetGroup): Target[] {
    return resolveTargets(tg, {
      nodes: this.#store.list(NODES),
      endpointSlices: tg.targetType === 'ip' ? this.#store.list(ENDPOINTSLICES, tg.service.namespace) : [],
    });
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#targetLoop.start();
    await this.#loop.start();
  }

  async stop(): Promise<void> {
    this.#started = false;
    await this.#loop.stop();
    await this.#targetLoop.stop();
  }

  status(): ComponentStatus {
    return this.#loop.status();
  }

  #detail(): string {
    const lbs = this.#model.loadBalancers.length;
    const errors = this.#diagnostics.filter((d) => d.severity === 'error').length;
    return `${lbs} load balancer${lbs === 1 ? '' : 's'}${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}`;
  }

  #reconcile(): void {
    const s = this.#store;
    const t = translateAlb(
      {
        ingresses: s.list(INGRESSES),
        ingressClasses: s.list(INGRESSCLASSES),
        services: s.list(SERVICES),
        nodes: s.list(NODES),
      },
      this.#opts,
    );
    this.#diagnostics = t.diagnostics;
    this.#writeStatuses(t);
    this.#recordEvents(t);
    if (!isDeepStrictEqual(t.model, this.#model)) {
      this.#model = t.model;
      for (const cb of this.#modelSubs) cb(t.model);
    }
  }

  #writeStatuses(t: AlbTranslation): void {
    for (const [key, update] of t.status) {
      const slash = key.indexOf('/');
      const ing = this.#store.get(INGRESSES, key.slice(0, slash), key.slice(slash + 1)) as
        Readonly<IngressStatusView> | undefined;
      if (!ing) continue;
      const want = update ? [statusEntry(update)] : [];
      const have = ing.status?.loadBalancer?.ingress ?? [];
      if (isDeepStrictEqual(have, want)) continue;
      const next = structuredClone(ing) as IngressStatusView;
      next.status = { ...next.status, loadBalancer: want.length > 0 ? { ingress: want } : {} };
      this.#store.update(INGRESSES, next, ing.metadata.resourceVersion);
    }
  }

  #recordEvents(t: AlbTranslation): void {
    const seen = new Set<string>();
    const lbByMember = new Map<string, string>();
    for (const lb of t.model.loadBalancers) {
      const json = JSON.stringify(lb);
      for (const m of lb.ingresses) lbByMember.set(`${m.namespace}/${m.name}`, json);
    }
    for (const e of t.events) this.#recordOne(e, lbByMember, seen);
    for (const k of this.#recorded.keys()) if (!seen.has(k)) this.#recorded.delete(k);
  }

  #recordOne(e: AlbEvent, lbByMember: ReadonlyMap<string, string>, seen: Set<string>): void {
    const key = `${e.ingress.namespace}/${e.ingress.name}`;
    seen.add(key);
    const ing = this.#store.get(INGRESSES, e.ingress.namespace, e.ingress.name);
    if (!ing) return;
    const spec = ing['spec'];
    const fingerprint = JSON.stringify([
      e.reason,
      e.message,
      ing.metadata.uid,
      ing.metadata.annotations ?? {},
      spec ?? null,
      lbByMember.get(key) ?? '',
    ]);
    if (this.#recorded.get(key) === fingerprint) return;
    this.#recorded.set(key, fingerprint);
    this.#recorder.record(ing, e.type, e.reason, e.message);
  }
}
