// From the ALB's target to the gateway pod: the NodePort (or pod port) the target group sends
// to, the Service port behind it and its targetPort, and the gateway pod the Service selects.
import type { TargetGroup } from '../alb/model.ts';
import { ALB_SERVER } from '../dataplane/alb/responses.ts';
import type { KubeObject } from '../resources/types.ts';
import type { TraceState } from './request.ts';
import { addHop } from './request.ts';
import type { TraceInput, TracePod } from './types.ts';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}
interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: ServicePort[];
}

export interface BackendOutcome {
  pod: TracePod;
  /** The pod port the request reaches (the Service's targetPort). */
  podPort: number;
  /** The Service port (what a Gateway server's port number names). */
  servicePort: number;
  selector: Record<string, string>;
}

function specOf(svc: Readonly<KubeObject>): ServiceSpec {
  return (svc as { spec?: ServiceSpec }).spec ?? {};
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

export function traceBackend(input: TraceInput, tg: TargetGroup, st: TraceState): BackendOutcome | undefined {
  const ref = `${tg.service.namespace}/${tg.service.name}`;
  const svc = input.services.find(
    (s) => s.metadata.namespace === tg.service.namespace && s.metadata.name === tg.service.name,
  );
  const spec = svc ? specOf(svc) : undefined;
  const port = spec?.ports?.find((p) =>
    tg.targetType === 'instance'
      ? p.nodePort === tg.port
      : typeof tg.service.port === 'number'
        ? p.port === tg.service.port
        : p.name === tg.service.port,
  );
  if (!svc || !spec || !port) {
    addHop(st, {
      hop: 'node-port',
      verdict: 'fail',
      name: String(tg.port),
      detail: svc ? `no port of Service ${ref} is ${tg.port}` : `Service ${ref} does not exist`,
      status: 502,
      server: ALB_SERVER,
      fix: `point the Ingress backend at an existing Service port of ${ref}`,
    });
    return undefined;
  }
  const target = port.targetPort ?? port.port;
  const podPort = typeof target === 'number' ? target : Number(target);
  addHop(st, {
    hop: 'node-port',
    verdict: Number.isInteger(podPort) ? 'ok' : 'assumed',
    name: tg.targetType === 'instance' ? `NodePort ${tg.port}` : `pod port ${tg.port}`,
    detail: `Service ${ref} port ${port.port}${port.name ? ` (${port.name})` : ''} -> targetPort ${String(target)}${input.mode === 'offline' && tg.targetType === 'instance' ? ' (offline: a placeholder NodePort; the API server allocates it)' : ''}`,
  });
  const selector = spec.selector ?? {};
  const pods = input.pods
    .filter((p) => p.proxy.namespace === tg.service.namespace && selects(selector, p.proxy.labels))
    .sort((a, b) => (a.proxy.name < b.proxy.name ? -1 : a.proxy.name > b.proxy.name ? 1 : 0));
  const pod = pods[0];
  const sel = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (!pod) {
    addHop(st, {
      hop: 'gateway-pod',
      verdict: 'fail',
      name: 'none',
      detail: `no Istio gateway pod matches Service ${ref}'s selector ${sel || '(none)'}: nothing answers behind the ${tg.targetType === 'instance' ? 'NodePort' : 'target'}`,
      status: 502,
      server: ALB_SERVER,
      fix: `run the gateway Deployment with pod labels ${sel || '(set a selector)'} in ${tg.service.namespace}, or point the Ingress at the gateway's Service`,
    });
    return undefined;
  }
  addHop(st, {
    hop: 'gateway-pod',
    verdict: 'ok',
    name: `${pod.proxy.namespace}/${pod.proxy.name}`,
    detail: `selected by ${sel}${pods.length > 1 ? ` (1 of ${pods.length} pods; all get the same configuration)` : ''}`,
  });
  return { pod, podPort, servicePort: port.port, selector };
}
