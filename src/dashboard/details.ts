// What the dashboard's panel and config list show about one object: its YAML, its Events,
// and the analyzers' findings over the live objects (src/analyze, run on the store's state).
import { stringify } from 'yaml';
import { ALL_ANALYZERS } from '../analyze/catalogue.ts';
import { createContext } from '../analyze/context.ts';
import { runAnalyzers } from '../analyze/run.ts';
import { levelOf } from '../analyze/types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { objectRef, type KubeObject } from '../resources/types.ts';
import type { Key, Store } from '../store/types.ts';

export const KINDS: Readonly<Record<string, Key>> = {
  Pod: { group: '', resource: 'pods' },
  Service: { group: '', resource: 'services' },
  Node: { group: '', resource: 'nodes' },
  Namespace: { group: '', resource: 'namespaces' },
  Secret: { group: '', resource: 'secrets' },
  Deployment: { group: 'apps', resource: 'deployments' },
  EndpointSlice: { group: 'discovery.k8s.io', resource: 'endpointslices' },
  Ingress: { group: 'networking.k8s.io', resource: 'ingresses' },
  IngressClass: { group: 'networking.k8s.io', resource: 'ingressclasses' },
  Gateway: { group: 'networking.istio.io', resource: 'gateways' },
  VirtualService: { group: 'networking.istio.io', resource: 'virtualservices' },
  DestinationRule: { group: 'networking.istio.io', resource: 'destinationrules' },
};

/** The config list's kinds, in the order the page shows them. */
export const CONFIG_KINDS = ['Ingress', 'Gateway', 'VirtualService', 'DestinationRule', 'Service'] as const;

export interface Badge {
  code: string;
  level: string; // Error | Warning | Info
  message: string;
}

export interface ConfigItem {
  kind: string;
  namespace: string;
  name: string;
  findings: Badge[];
}

function safeList(store: Store, key: Key): Readonly<KubeObject>[] {
  try {
    return store.list(key);
  } catch {
    return [];
  }
}

/** Every analyzer over the live objects; an analyzer that throws yields nothing. */
export function liveFindings(store: Store): Diagnostic[] {
  const objects = Object.values(KINDS).flatMap((k) => safeList(store, k).map((object) => ({ object })));
  const ctx = createContext(objects, { live: true });
  const guarded = ALL_ANALYZERS.map((a) => (c: typeof ctx) => {
    try {
      return a(c);
    } catch {
      return [];
    }
  });
  return runAnalyzers(ctx, guarded);
}

function badgesOf(findings: readonly Diagnostic[], ref: string): Badge[] {
  return findings
    .filter((d) => d.object === ref)
    .map((d) => ({ code: d.code, level: levelOf(d.severity), message: d.message }));
}

export function configList(store: Store): ConfigItem[] {
  const findings = liveFindings(store);
  const out: ConfigItem[] = [];
  for (const kind of CONFIG_KINDS)
    for (const o of safeList(store, KINDS[kind]!))
      out.push({
        kind,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name ?? '',
        findings: badgesOf(findings, objectRef(o)),
      });
  return out;
}

export interface EventRow {
  type: string;
  reason: string;
  message: string;
  count: number;
  last: string;
}

export interface ObjectDetails {
  kind: string;
  namespace: string;
  name: string;
  yaml: string;
  events: EventRow[];
  findings: Badge[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** YAML, Events and findings of one object, or undefined when it does not exist. */
export function objectDetails(
  store: Store,
  kind: string,
  namespace: string,
  name: string,
): ObjectDetails | undefined {
  const key = KINDS[kind];
  if (!key) return undefined;
  const obj = store.get(key, namespace, name);
  if (!obj) return undefined;
  const { managedFields: _m, ...metadata } = obj.metadata as Record<string, unknown>;
  const events = safeList(store, { group: '', resource: 'events' })
    .filter((e) => {
      const io = e['involvedObject'] as { kind?: string; name?: string; namespace?: string } | undefined;
      return io?.kind === kind && io.name === name && (io.namespace ?? '') === namespace;
    })
    .map((e) => ({
      type: str(e['type']),
      reason: str(e['reason']),
      message: str(e['message']),
      count: Number(e['count'] ?? 1),
      last: str(e['lastTimestamp'] ?? e['eventTime']),
    }));
  return {
    kind,
    namespace,
    name,
    yaml: stringify({ ...obj, metadata }),
    events,
    findings: badgesOf(liveFindings(store), objectRef(obj)),
  };
}
