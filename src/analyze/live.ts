// The analyzers over the running stack: every kind they read, straight from the store (storage
// versions, as the analyzers expect), with an analyzer that throws contained (its findings are
// lost, the others stand). Used by the API's /gangway/v1/analyze and by the dashboard.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Key, Store } from '../store/types.ts';
import { ALL_ANALYZERS } from './catalogue.ts';
import { createContext } from './context.ts';
import { runAnalyzers } from './run.ts';
import type { AnalyzeContext, AnalyzedObject, Analyzer } from './types.ts';

/** The kinds the analyzers read, by kind name. */
export const ANALYZED_KINDS: Readonly<Record<string, Key>> = {
  Namespace: { group: '', resource: 'namespaces' },
  Node: { group: '', resource: 'nodes' },
  Pod: { group: '', resource: 'pods' },
  Service: { group: '', resource: 'services' },
  Secret: { group: '', resource: 'secrets' },
  ConfigMap: { group: '', resource: 'configmaps' },
  Deployment: { group: 'apps', resource: 'deployments' },
  EndpointSlice: { group: 'discovery.k8s.io', resource: 'endpointslices' },
  Ingress: { group: 'networking.k8s.io', resource: 'ingresses' },
  IngressClass: { group: 'networking.k8s.io', resource: 'ingressclasses' },
  Gateway: { group: 'networking.istio.io', resource: 'gateways' },
  VirtualService: { group: 'networking.istio.io', resource: 'virtualservices' },
  DestinationRule: { group: 'networking.istio.io', resource: 'destinationrules' },
  IstioOperator: { group: 'install.istio.io', resource: 'istiooperators' },
};

export function safeList(store: Store, key: Key): readonly Readonly<KubeObject>[] {
  try {
    return store.list(key);
  } catch {
    return [];
  }
}

export function liveObjects(store: Store): AnalyzedObject[] {
  return Object.values(ANALYZED_KINDS).flatMap((k) => safeList(store, k).map((object) => ({ object })));
}

function contained(a: Analyzer): Analyzer {
  return (c: AnalyzeContext) => {
    try {
      return a(c);
    } catch {
      return [];
    }
  };
}

/** Every analyzer's findings over the live objects. */
export function liveFindings(store: Store): Diagnostic[] {
  const ctx = createContext(liveObjects(store), { live: true });
  return runAnalyzers(ctx, ALL_ANALYZERS.map(contained));
}
