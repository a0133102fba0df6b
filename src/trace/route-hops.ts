// The end of a gateway trace: the route's action (redirect, direct response, fault abort or
// forward), the cluster it picks (the heaviest weighted one) and that cluster's endpoints
// (EDS; none ready: 503 UH, as Envoy answers).
import type { GatewayRoute } from '../istio/model.ts';
import type { BackendOutcome } from './backend-hops.ts';
import type { TraceState } from './request.ts';
import { addHop } from './request.ts';
import type { TraceInput } from './types.ts';

export const ENVOY = 'istio-envoy';

export function traceRoute(
  input: TraceInput,
  route: GatewayRoute,
  b: BackendOutcome,
  st: TraceState,
  match: string,
): void {
  const vs = route.virtualService
    ? `${route.virtualService.name}.${route.virtualService.namespace}`
    : '(no VirtualService)';
  const name = `${vs}${route.name ? ` ${route.name}` : ''}`;
  const a = route.action;
  const abort = route.fault?.abort;
  if (abort?.httpStatus !== undefined && abort.percentage >= 100) {
    addHop(st, {
      hop: 'route',
      verdict: 'fail',
      name,
      detail: `match ${match}; fault abort ${abort.httpStatus} (100%)`,
      status: abort.httpStatus,
      server: ENVOY,
      fix: `remove http[].fault.abort from VirtualService ${vs}`,
    });
    return;
  }
  if (a.type === 'redirect') {
    addHop(st, {
      hop: 'route',
      verdict: 'ok',
      name,
      detail: `match ${match}; redirect ${a.code}`,
      status: a.code,
      server: ENVOY,
    });
    return;
  }
  if (a.type === 'direct') {
    const bad = a.status >= 400;
    addHop(st, {
      hop: 'route',
      verdict: bad ? 'fail' : 'ok',
      name,
      detail: `match ${match}; direct response ${a.status}`,
      status: a.status,
      server: ENVOY,
      ...(bad ? { fix: `change the directResponse of VirtualService ${vs}` } : {}),
    });
    return;
  }
  addHop(st, {
    hop: 'route',
    verdict: 'ok',
    name,
    detail: `match ${match} -> ${a.clusters.map((c) => `${c.cluster} (${c.weight})`).join(', ')}`,
  });
  const pick = [...a.clusters].sort((x, y) => y.weight - x.weight)[0];
  const cluster = pick ? b.pod.model?.clusters.find((c) => c.name === pick.cluster) : undefined;
  if (!pick || !cluster) {
    addHop(st, {
      hop: 'cluster',
      verdict: 'fail',
      name: pick?.cluster ?? 'none',
      detail: 'the proxy has no such cluster (cluster_not_found, 503 NC)',
      status: 503,
      server: ENVOY,
      fix: `fix the destination host/port in VirtualService ${vs}: it names no Service port`,
    });
    return;
  }
  const svc = cluster.service;
  addHop(st, {
    hop: 'cluster',
    verdict: 'ok',
    name: cluster.name,
    detail: `${cluster.type}${svc ? ` Service ${svc.namespace}/${svc.name} port ${svc.port}` : ''}${cluster.subset ? ` subset ${cluster.subset.name}` : ''}, ${cluster.lbPolicy}`,
  });
  const eps = input.endpoints(cluster);
  if (eps === undefined) {
    addHop(st, {
      hop: 'endpoints',
      verdict: 'assumed',
      name: 'unknown',
      detail: 'not known offline (gangway up runs the pods); assumed ready',
      status: 200,
      server: ENVOY,
    });
    st.assumptions.push('the Service has ready endpoints and the application answers 200');
    return;
  }
  const ready = eps.filter((e) => e.ready);
  if (ready.length === 0) {
    addHop(st, {
      hop: 'endpoints',
      verdict: 'fail',
      name: `0/${eps.length} ready`,
      detail: 'no healthy upstream (503 UH)',
      status: 503,
      server: ENVOY,
      fix: svc
        ? `Service ${svc.namespace}/${svc.name} has no ready pods: check its selector and the pods' readiness (kubectl -n ${svc.namespace} get endpointslices,pods)`
        : 'the cluster has no endpoints',
    });
    return;
  }
  addHop(st, {
    hop: 'endpoints',
    verdict: 'ok',
    name: `${ready.length}/${eps.length} ready`,
    detail: `${ready.map((e) => `${e.address}:${e.port}${e.pod ? ` (${e.pod.name})` : ''}`).join(', ')}; the status is the application's`,
    status: 200,
    server: ENVOY,
  });
}
