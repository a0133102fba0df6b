// istiod's namespace controller: the ConfigMap `istio-ca-root-cert` (key `root-cert.pem`, label
// istio.io/config=true) in every namespace but the system ones Istio ignores, re-created when
// deleted and repaired when edited. Gateway pods mount it (istiod-ca-cert). gangway's mesh root
// is its own CA (it signs every certificate gangway serves).
import { ControllerLoop } from '../kube/controller-loop.ts';
import { NAMESPACES } from '../kube/keys.ts';
import { sameContent } from '../kube/store-util.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Component } from '../runtime/component.ts';
import type { Key, Store } from '../store/types.ts';

const ISTIO_NAMESPACE = 'istio-system';
export const ROOT_CERT_CONFIGMAP = 'istio-ca-root-cert';
const CONFIGMAPS: Key = { group: '', resource: 'configmaps' };
/** inject.IgnoredNamespaces: no root cert there. */
const IGNORED = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
const LABELS = { 'istio.io/config': 'true' };

export function rootCertPublisher(deps: { store: Store; rootCertPem: string }): Component {
  const { store } = deps;
  const data = { 'root-cert.pem': deps.rootCertPem };
  return new ControllerLoop({
    name: 'istiod-namespace-controller',
    store,
    watches: [
      {
        key: NAMESPACES,
        // istio-system appearing (Istio installed) publishes everywhere.
        keysFor: (e) =>
          e.object.metadata.name === ISTIO_NAMESPACE
            ? store.list(NAMESPACES).map((n) => n.metadata.name ?? '')
            : [e.object.metadata.name ?? ''],
      },
      {
        key: CONFIGMAPS,
        keysFor: (e) =>
          e.object.metadata.name === ROOT_CERT_CONFIGMAP ? [e.object.metadata.namespace ?? ''] : [],
      },
    ],
    resync: () => store.list(NAMESPACES).map((n) => n.metadata.name ?? ''),
    reconcile: (ns) => {
      publish(store, ns, data);
      return undefined;
    },
    detail: () =>
      `${ROOT_CERT_CONFIGMAP} in ${store.list(CONFIGMAPS).filter((c) => c.metadata.name === ROOT_CERT_CONFIGMAP).length} namespaces`,
  });
}

function publish(store: Store, ns: string, data: Record<string, string>): void {
  if (ns === '' || IGNORED.has(ns)) return;
  // No istiod without Istio: nothing is published until istio-system exists.
  if (!store.get(NAMESPACES, '', ISTIO_NAMESPACE)) return;
  const namespace = store.get(NAMESPACES, '', ns) as
    (KubeObject & { status?: { phase?: string } }) | undefined;
  if (!namespace || namespace.metadata.deletionTimestamp || namespace.status?.phase === 'Terminating') return;
  const have = store.get(CONFIGMAPS, ns, ROOT_CERT_CONFIGMAP);
  if (have && sameContent(have['data'], data) && have.metadata.labels?.['istio.io/config'] === 'true') return;
  const next: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: have
      ? { ...have.metadata, labels: { ...have.metadata.labels, ...LABELS } }
      : { name: ROOT_CERT_CONFIGMAP, namespace: ns, labels: { ...LABELS } },
    data,
  };
  if (have) store.update(CONFIGMAPS, next, have.metadata.resourceVersion);
  else store.create(CONFIGMAPS, next);
}
