// Service defaulting: SetDefaults_Service plus what the Service REST strategy fills before
// admission (clusterIP/clusterIPs kept in step, IP families on this IPv4 single-stack cluster).
// Allocating the clusterIP and nodePorts is admission's job, not done here.
import type { JsonObject } from './types.ts';
import { ensureObject, objectAt, objectsAt, setDefault, stringAt } from './json.ts';

/** apiservice.ExternallyAccessible: reachable from outside the cluster network. */
export function externallyAccessible(spec: JsonObject): boolean {
  const type = spec.type;
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
}

export function defaultService(svc: JsonObject): void {
  const spec = ensureObject(svc, 'spec');
  setDefault(spec, 'sessionAffinity', 'None', '');
  setDefault(spec, 'type', 'ClusterIP', '');
  const type = stringAt(spec, 'type');
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = ensureObject(ensureObject(spec, 'sessionAffinityConfig'), 'clientIP');
    setDefault(cfg, 'timeoutSeconds', 10800);
  }
  for (const port of objectsAt(spec, 'ports')) {
    setDefault(port, 'protocol', 'TCP', '');
    const target = port.targetPort;
    const unset = target === undefined || target === null || target === 0 || target === '';
    if (unset && typeof port.port === 'number') port.targetPort = port.port;
  }
  if (externallyAccessible(spec)) setDefault(spec, 'externalTrafficPolicy', 'Cluster', '');
  if (type !== 'ExternalName') setDefault(spec, 'internalTrafficPolicy', 'Cluster', '');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);

  const clusterIP = stringAt(spec, 'clusterIP');
  const clusterIPs = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : undefined;
  if (clusterIP && !clusterIPs?.length) spec.clusterIPs = [clusterIP];
  else if (!clusterIP && typeof clusterIPs?.[0] === 'string') spec.clusterIP = clusterIPs[0];

  if (type === 'ExternalName') return;
  const headless = spec.clusterIP === 'None';
  const selector = objectAt(spec, 'selector');
  const selectorless = !selector || Object.keys(selector).length === 0;
  setDefault(spec, 'ipFamilyPolicy', headless && selectorless ? 'RequireDualStack' : 'SingleStack', '');
  const families = spec.ipFamilies;
  if (!Array.isArray(families) || families.length === 0) spec.ipFamilies = ['IPv4'];
}
