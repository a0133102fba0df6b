// istiod, the part ingress needs: watches the Istio config (Gateways, VirtualServices,
// DestinationRules) and the Services and Secrets it refers to, translates a consistent
// snapshot for every subscribed gateway proxy and pushes the model when it changed (a burst
// of changes coalesces into one push on the next setImmediate; while changes keep coming, the
// next push waits as long as the last one took, so a large config applied object by object is
// not re-translated whole for every object: istiod's debounce, adaptive). EDS: cluster endpoints from
// EndpointSlices, cached until a Service, EndpointSlice or Pod changes. SDS: gateway TLS
// credentials read from Secrets on demand, with a coalesced notification when Secrets change.
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { ENDPOINTSLICES, PODS, SERVICES } from '../kube/keys.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import type { Key, Store } from '../store/types.ts';
import { edsKey, endpointsFor, type ClusterEndpoint } from './istiod-endpoints.ts';
import { lookupCredential, type CredentialLookup, type TlsCredential } from './istiod-secrets.ts';
import type { GatewayModel, GatewayProxy } from './model.ts';
import { translateGateway } from './translate/index.ts';

export type { ClusterEndpoint, EndpointPod } from './istiod-endpoints.ts';
export type { CredentialLookup, TlsCredential } from './istiod-secrets.ts';

export const GATEWAYS: Key = { group: 'networking.istio.io', resource: 'gateways' };
export const VIRTUAL_SERVICES: Key = { group: 'networking.istio.io', resource: 'virtualservices' };
export const DESTINATION_RULES: Key = { group: 'networking.istio.io', resource: 'destinationrules' };
export const SECRETS: Key = { group: '', resource: 'secrets' };
const CONFIGMAPS: Key = { group: '', resource: 'configmaps' };
/** The mesh config (istioctl's ConfigMap istio-system/istio, key `mesh`). */
const MESH_NAMESPACE = 'istio-system';
const MESH_CONFIGMAP = 'istio';

/** The config istiod translates from (the translator's IstioSnapshot). */
export interface IstiodSnapshot {
  gateways: readonly Readonly<KubeObject>[];
  virtualServices: readonly Readonly<KubeObject>[];
  destinationRules: readonly Readonly<KubeObject>[];
  services: readonly Readonly<KubeObject>[];
  secrets: readonly Readonly<KubeObject>[];
}

export type TranslateGatewayFn = (
  snapshot: IstiodSnapshot,
  proxy: GatewayProxy,
) => { model: GatewayModel; diagnostics: Diagnostic[] };

export interface IstiodOptions {
  store: Store;
  /** The translator; default: translateGateway from istio/translate. */
  translate?: TranslateGatewayFn;
}

interface Subscription {
  proxy: GatewayProxy;
  onModel: (m: GatewayModel) => void;
  json: string | undefined;
  model: GatewayModel | undefined;
  diagnostics: Diagnostic[];
}

const CONFIG_KEYS: readonly Key[] = [GATEWAYS, VIRTUAL_SERVICES, DESTINATION_RULES, SERVICES, SECRETS];
const EDS_KEYS: readonly Key[] = [SERVICES, ENDPOINTSLICES, PODS];
/** The longest a change waits behind the previous push. */
const MAX_DEBOUNCE_MS = 1000;

export class Istiod implements Component {
  readonly name = 'istiod';
  #store: Store;
  #translate: TranslateGatewayFn;
  #subs = new Set<Subscription>();
  #snapshot: IstiodSnapshot | undefined;
  /** The mesh config's access log switch, read with the snapshot (undefined: not read yet). */
  #accessLog: boolean | undefined;
  #eds = new Map<string, readonly ClusterEndpoint[]>();
  #edsWatchers = new Set<() => void>();
  #secretWatchers = new Set<() => void>();
  #configDirty = false;
  #edsDirty = false;
  #secretsDirty = false;
  #immediate: NodeJS.Immediate | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** When the last flush ended and how long it took (performance.now ms). */
  #flushEnd = 0;
  #flushCost = 0;
  #unwatch: (() => void)[] = [];
  #running = false;
  #pushes = 0;
  #lastError: string | undefined;

  constructor(opts: IstiodOptions) {
    this.#store = opts.store;
    this.#translate = opts.translate ?? translateGateway;
  }

  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#running = true;
    for (const key of CONFIG_KEYS) {
      const eds = EDS_KEYS.includes(key);
      const secrets = key === SECRETS;
      this.#unwatch.push(this.#store.watch({ key }, undefined, () => this.#changed(true, eds, secrets)));
    }
    this.#unwatch.push(
      this.#store.watch({ key: CONFIGMAPS, namespace: MESH_NAMESPACE }, undefined, (e) => {
        if (e.object.metadata.name === MESH_CONFIGMAP) this.#changed(true, false);
      }),
    );
    for (const key of EDS_KEYS) {
      if (CONFIG_KEYS.includes(key)) continue;
      this.#unwatch.push(this.#store.watch({ key }, undefined, () => this.#changed(false, true)));
    }
    this.#snapshot = undefined;
    this.#accessLog = undefined;
    this.#eds.clear();
    for (const s of this.#subs) this.#push(s);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.#running = false;
    for (const u of this.#unwatch.splice(0)) u();
    if (this.#immediate) clearImmediate(this.#immediate);
    if (this.#timer) clearTimeout(this.#timer);
    this.#immediate = undefined;
    this.#timer = undefined;
    return Promise.resolve();
  }

  status(): ComponentStatus {
    if (!this.#running) return { ready: false, detail: 'stopped' };
    let detail = `${this.#subs.size} proxies, ${this.#pushes} pushes`;
    if (this.#lastError) detail += `; last error: ${this.#lastError}`;
    return { ready: true, detail };
  }

  /**
   * Subscribes a gateway proxy: `onModel` gets its model at once (when istiod runs) and
   * again whenever the translation changes. Returns the unsubscribe function.
   */
  watchProxy(proxy: GatewayProxy, onModel: (m: GatewayModel) => void): () => void {
    const sub: Subscription = { proxy, onModel, json: undefined, model: undefined, diagnostics: [] };
    this.#subs.add(sub);
    if (this.#running) this.#push(sub);
    return () => this.#subs.delete(sub);
  }

  /** The last model pushed to the pod namespace/name (proxy-config), if any. */
  modelFor(namespace: string, podName: string): GatewayModel | undefined {
    for (const s of this.#subs)
      if (s.proxy.namespace === namespace && s.proxy.name === podName && s.model) return s.model;
    return undefined;
  }

  /** The proxies subscribed now. */
  proxies(): GatewayProxy[] {
    return [...this.#subs].map((s) => s.proxy);
  }

  /** The diagnostics of the last translation for the pod. */
  diagnosticsFor(namespace: string, podName: string): readonly Diagnostic[] {
    for (const s of this.#subs)
      if (s.proxy.namespace === namespace && s.proxy.name === podName) return s.diagnostics;
    return [];
  }

  /** EDS: endpoints of Service port `port` (number), only pods with `subsetLabels` when given. */
  endpointsFor(
    namespace: string,
    name: string,
    port: number,
    subsetLabels?: Readonly<Record<string, string>>,
  ): readonly ClusterEndpoint[] {
    const key = edsKey(namespace, name, port, subsetLabels);
    let eps = this.#eds.get(key);
    if (!eps) {
      eps = Object.freeze(endpointsFor(this.#store, namespace, name, port, subsetLabels));
      if (this.#running) this.#eds.set(key, eps);
    }
    return eps;
  }

  /** Calls `onChange` after endpoints may have changed (coalesced). Returns the unsubscribe. */
  watchEndpoints(onChange: () => void): () => void {
    this.#edsWatchers.add(onChange);
    return () => this.#edsWatchers.delete(onChange);
  }

  /**
   * SDS: the TLS credential `name` (a gateway server's credentialName) in `namespace` (the
   * gateway pod's), read from the store now; undefined when missing or incomplete.
   */
  secretFor(namespace: string, name: string): TlsCredential | undefined {
    const r = this.lookupSecret(namespace, name);
    return 'credential' in r ? r.credential : undefined;
  }

  /** As secretFor, with istiod's reason when there is no credential. */
  lookupSecret(namespace: string, name: string): CredentialLookup {
    return lookupCredential((ns, n) => this.#store.get(SECRETS, ns, n), namespace, name);
  }

  /** Calls `onChange` after Secrets may have changed (coalesced). Returns the unsubscribe. */
  watchSecrets(onChange: () => void): () => void {
    this.#secretWatchers.add(onChange);
    return () => this.#secretWatchers.delete(onChange);
  }

  #changed(config: boolean, eds: boolean, secrets = false): void {
    if (!this.#running) return;
    if (config) this.#configDirty = true;
    if (eds) this.#edsDirty = true;
    if (secrets) this.#secretsDirty = true;
    if (this.#immediate || this.#timer) return;
    const wait = this.#flushEnd + this.#flushCost - performance.now();
    if (wait < 1) this.#immediate = setImmediate(() => this.#flush());
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#immediate = undefined;
    this.#timer = undefined;
    if (!this.#running) return;
    const t0 = performance.now();
    this.#flushNow();
    this.#flushEnd = performance.now();
    this.#flushCost = Math.min(this.#flushEnd - t0, MAX_DEBOUNCE_MS);
  }

  #flushNow(): void {
    if (this.#edsDirty) {
      this.#edsDirty = false;
      this.#eds.clear();
      for (const w of this.#edsWatchers) w();
    }
    if (this.#secretsDirty) {
      this.#secretsDirty = false;
      for (const w of this.#secretWatchers) w();
    }
    if (this.#configDirty) {
      this.#configDirty = false;
      this.#snapshot = undefined;
      this.#accessLog = undefined;
      for (const s of this.#subs) this.#push(s);
    }
  }

  /** meshConfig.accessLogFile set (non-empty) in the mesh ConfigMap: Envoy logs each request. */
  #meshAccessLog(): boolean {
    if (this.#accessLog === undefined) {
      const cm = this.#store.get(CONFIGMAPS, MESH_NAMESPACE, MESH_CONFIGMAP);
      const mesh = (cm?.['data'] as Record<string, unknown> | undefined)?.['mesh'];
      let file: unknown;
      try {
        file =
          typeof mesh === 'string'
            ? (parseYaml(mesh) as Record<string, unknown> | null)?.['accessLogFile']
            : undefined;
      } catch {
        file = undefined; // a mesh config that does not parse: istiod keeps its defaults
      }
      this.#accessLog = typeof file === 'string' && file !== '';
    }
    return this.#accessLog;
  }

  #snapshotNow(): IstiodSnapshot {
    const st = this.#store;
    this.#snapshot ??= {
      gateways: byCreation(st.list(GATEWAYS)),
      virtualServices: byCreation(st.list(VIRTUAL_SERVICES)),
      destinationRules: byCreation(st.list(DESTINATION_RULES)),
      services: st.list(SERVICES),
      secrets: st.list(SECRETS),
    };
    return this.#snapshot;
  }

  #push(sub: Subscription): void {
    try {
      const { model, diagnostics } = this.#translate(this.#snapshotNow(), sub.proxy);
      if (!this.#meshAccessLog()) model.accessLog = false;
      sub.diagnostics = diagnostics;
      const json = JSON.stringify(model);
      if (json === sub.json) return;
      sub.json = json;
      sub.model = model;
      this.#pushes++;
      this.#lastError = undefined;
      sub.onModel(model);
    } catch (err) {
      this.#lastError = `${sub.proxy.namespace}/${sub.proxy.name}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}

/** Istio orders config by creation time, then namespace/name. */
function byCreation(list: readonly Readonly<KubeObject>[]): Readonly<KubeObject>[] {
  return [...list].sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
    const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
