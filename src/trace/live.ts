// The live TraceInput: the running stack's ALB model, target health, DNS records, the models
// istiod pushed to each gateway pod and the endpoints it serves (EDS), read from a StackView.
import { SERVICES } from '../kube/keys.ts';
import type { StackView } from '../runtime/stack-view.ts';
import type { TraceInput } from './types.ts';

export function liveTraceInput(view: StackView): TraceInput {
  const istiod = view.istio.istiod;
  return {
    mode: 'live',
    alb: view.alb.controller.model,
    dns: view.dns.dns.records.filter((r) => r.type === 'A').map((r) => ({ name: r.name, value: r.value })),
    lbAddress: (name) => view.alb.addresses.of(name),
    targets: (tg) => view.alb.dataPlane.health(tg.arn),
    services: view.store.list(SERVICES),
    pods: istiod.proxies().map((proxy) => ({ proxy, model: istiod.modelFor(proxy.namespace, proxy.name) })),
    endpoints: (cluster) => {
      const s = cluster.service;
      if (!s) return undefined;
      return istiod.endpointsFor(s.namespace, s.name, s.port, cluster.subset?.labels);
    },
  };
}
