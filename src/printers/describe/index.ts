// `kubectl describe` text for one object, identical to kubectl 1.32's describers.
//
// What the caller must fetch (what kubectl itself fetches, kube-api.md §6), all in the
// object's namespace unless said otherwise:
//   every kind but Namespace and Secret  events: eventsForDescribe(obj, <events>) picks
//                                        the ones kubectl's field selector would return
//   Service     related.endpointSlices  (label kubernetes.io/service-name=<name>)
//   Ingress     related.services, related.endpointSlices (the backends' Services and slices)
//   Deployment  related.replicaSets     (matching spec.selector)
//   ReplicaSet  related.pods            (matching spec.selector)
//   Node        related.pods            (all namespaces, spec.nodeName=<node>, not Succeeded/Failed),
//               related.lease           ({lease} from kube-node-lease/<node>, or {error}; omitted:
//                                        gangway serves no leases, printed as kubectl prints the 404)
//   Namespace   related.resourceQuotas, related.limitRanges only if the server serves them
// Extra objects in a related list are filtered out as kubectl's selectors would.
import type { KubeObject } from '../../resources/types.ts';
import { compareStrings } from '../../resources/go-json.ts';
import { selectorMatches } from '../../resources/label-selector.ts';
import { describeNamespace, describeNode, NO_LEASE, type LeaseResult } from './cluster.ts';
import { describeConfigMap, describeSecret } from './config.ts';
import { describeGeneric } from './generic.ts';
import {
  describeEndpoints,
  describeEndpointSlice,
  describeIngress,
  describeIngressClass,
} from './network.ts';
import { describePod } from './pod.ts';
import { describeService } from './service.ts';
import { describeDeployment, describeReplicaSet } from './workloads.ts';

export interface DescribeRelated {
  endpointSlices?: readonly KubeObject[];
  services?: readonly KubeObject[];
  replicaSets?: readonly KubeObject[];
  pods?: readonly KubeObject[];
  lease?: LeaseResult;
  resourceQuotas?: readonly KubeObject[];
  limitRanges?: readonly KubeObject[];
}

export interface DescribeContext {
  events: readonly KubeObject[];
  related: DescribeRelated;
  now: Date;
}

export type { LeaseResult };

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The API server's list order: namespace, then name. */
function sorted(list: readonly KubeObject[] | undefined): KubeObject[] {
  const key = (o: KubeObject): string => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name ?? ''}`;
  return [...(list ?? [])].sort((a, b) => compareStrings(key(a), key(b)));
}

const inNamespace = (list: readonly KubeObject[] | undefined, ns: string | undefined): KubeObject[] =>
  sorted(list).filter((o) => (o.metadata.namespace ?? '') === (ns ?? ''));

/**
 * The events kubectl shows for `obj`: those whose involvedObject has its name, namespace,
 * uid and (except for pods) kind. A Node's events also match with the node name as uid.
 */
export function eventsForDescribe(obj: Readonly<KubeObject>, events: readonly KubeObject[]): KubeObject[] {
  const ns = obj.metadata.namespace ?? '';
  const uids = new Set([obj.metadata.uid ?? '']);
  if (obj.kind === 'Node') uids.add(obj.metadata.name ?? '');
  return events.filter((e) => {
    const io = (e['involvedObject'] ?? {}) as {
      kind?: string;
      name?: string;
      namespace?: string;
      uid?: string;
    };
    if (ns !== '' && (e.metadata.namespace ?? '') !== ns) return false;
    if ((io.name ?? '') !== (obj.metadata.name ?? '') || (io.namespace ?? '') !== ns) return false;
    if (obj.kind !== 'Pod' && (io.kind ?? '') !== obj.kind) return false;
    return uids.has(io.uid ?? '');
  });
}

export function describeObject(obj: Readonly<KubeObject>, ctx: DescribeContext): string {
  const { events, related, now } = ctx;
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name ?? '';
  switch (`${groupOf(obj.apiVersion)}/${obj.kind}`) {
    case '/Pod':
      return describePod(obj, events, now);
    case '/Service': {
      const slices = inNamespace(related.endpointSlices, ns).filter(
        (s) => s.metadata.labels?.['kubernetes.io/service-name'] === name,
      );
      return describeService(obj, slices, events, now);
    }
    case 'apps/Deployment': {
      const selector = (obj['spec'] as { selector?: object } | undefined)?.selector;
      const rss = inNamespace(related.replicaSets, ns).filter((rs) =>
        selectorMatches(selector, rs.metadata.labels),
      );
      return describeDeployment(obj, rss, events, now);
    }
    case 'apps/ReplicaSet':
      return describeReplicaSet(obj, inNamespace(related.pods, ns), events, now);
    case '/Namespace':
      return describeNamespace(obj, related.resourceQuotas, related.limitRanges);
    case '/Node': {
      const pods = sorted(related.pods).filter((p) => {
        const spec = p['spec'] as { nodeName?: string } | undefined;
        const phase = (p['status'] as { phase?: string } | undefined)?.phase;
        return spec?.nodeName === name && phase !== 'Succeeded' && phase !== 'Failed';
      });
      return describeNode(obj, pods, related.lease ?? NO_LEASE, events, now);
    }
    case 'networking.k8s.io/Ingress':
    case 'extensions/Ingress':
      return describeIngress(
        obj,
        {
          services: inNamespace(related.services, ns),
          endpointSlices: inNamespace(related.endpointSlices, ns),
        },
        events,
        now,
      );
    case 'networking.k8s.io/IngressClass':
      return describeIngressClass(obj, events, now);
    case '/Endpoints':
      return describeEndpoints(obj, events, now);
    case 'discovery.k8s.io/EndpointSlice':
      return describeEndpointSlice(obj, events, now);
    case '/ConfigMap':
      return describeConfigMap(obj, events, now);
    case '/Secret':
      return describeSecret(obj);
    default:
      return describeGeneric(obj, events, now);
  }
}

/** What `kubectl describe` prints for several objects: the texts separated by a blank line pair. */
export function joinDescriptions(texts: readonly string[]): string {
  return texts.join('\n\n');
}
