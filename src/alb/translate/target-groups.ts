// Target groups (pkg/ingress/model_build_target_group.go): one per (Ingress, Service, port),
// settings read from the Service's annotations first, then the Ingress's. instance targets
// need a NodePort (the TG port); ip targets use the targetPort. Health checks default to
// 15 s / 5 s / 2 / 2, path `/`, traffic-port, matcher 200; a named healthcheck-port resolves to
// that Service port's NodePort (instance) or targetPort (ip).
import {
  AnnotationError,
  parseInt64,
  parseString,
  parseStringMap,
  type AnnotationMaps,
} from '../annotations.ts';
import type { HealthCheck, TargetGroup } from '../model.ts';
import { targetGroupArn, targetGroupName, type ArnContext } from './names.ts';
import { BuildError, type Ingress, type ServiceObj, type ServicePortSpec } from './types.ts';

export interface TargetGroupContext {
  clusterName: string;
  groupId: string;
  arn: ArnContext;
  /** Built so far, by name (the same identity twice is one target group). */
  byName: Map<string, TargetGroup>;
}

function svcKey(svc: Readonly<ServiceObj>): string {
  return `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
}

/** k8s.LookupServicePort: by name for a string, by port number for a number. */
export function lookupServicePort(svc: Readonly<ServiceObj>, port: number | string): ServicePortSpec {
  const found = (svc.spec?.ports ?? []).find((p) =>
    typeof port === 'string' ? p.name === port : p.port === port,
  );
  if (!found) throw new BuildError(`unable to find port ${port} on service ${svcKey(svc)}`);
  return found;
}

function oneOf<T extends string>(v: string, allowed: readonly T[], message: string): T {
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new BuildError(message);
}

function healthCheckPort(
  maps: AnnotationMaps,
  targetType: 'instance' | 'ip',
  svc: Readonly<ServiceObj>,
): 'traffic-port' | number {
  const raw = parseString('healthcheck-port', maps) ?? 'traffic-port';
  if (raw === 'traffic-port') return raw;
  if (/^-?\d+$/.test(raw)) return Number(raw);
  let sp: ServicePortSpec;
  try {
    sp = lookupServicePort(svc, raw);
  } catch (err) {
    throw new BuildError(`failed to resolve healthCheckPort: ${(err as Error).message}`);
  }
  if (targetType === 'instance') return sp.nodePort ?? 0;
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  throw new BuildError(
    "cannot use named healthCheckPort for IP TargetType when service's targetPort is a named port",
  );
}

function int(suffix: string, maps: AnnotationMaps, dflt: number): number {
  return parseInt64(suffix, maps) ?? dflt;
}

function buildHealthCheck(
  maps: AnnotationMaps,
  targetType: 'instance' | 'ip',
  protocol: 'HTTP' | 'HTTPS',
  version: string,
  svc: Readonly<ServiceObj>,
): HealthCheck {
  const port = healthCheckPort(maps, targetType, svc);
  const hcProtocol = oneOf(
    parseString('healthcheck-protocol', maps) ?? protocol,
    ['HTTP', 'HTTPS'] as const,
    `healthCheckProtocol must be within [HTTP, HTTPS]: ${parseString('healthcheck-protocol', maps) ?? ''}`,
  );
  const grpc = version === 'GRPC';
  return {
    protocol: hcProtocol,
    port,
    path: parseString('healthcheck-path', maps) ?? (grpc ? '/AWS.ALB/healthcheck' : '/'),
    intervalSeconds: int('healthcheck-interval-seconds', maps, 15),
    timeoutSeconds: int('healthcheck-timeout-seconds', maps, 5),
    healthyThresholdCount: int('healthy-threshold-count', maps, 2),
    unhealthyThresholdCount: int('unhealthy-threshold-count', maps, 2),
    matcher: { httpCode: parseString('success-codes', maps) ?? (grpc ? '12' : '200') },
  };
}

const ALGORITHMS = ['round_robin', 'least_outstanding_requests', 'weighted_random'] as const;

/** The target group of (`ing`, `svc`, `port`), built once per name. */
export function buildTargetGroup(
  ctx: TargetGroupContext,
  ing: Readonly<Ingress>,
  svc: Readonly<ServiceObj>,
  port: number | string,
): TargetGroup {
  const maps: AnnotationMaps = [svc.metadata.annotations, ing.metadata.annotations];
  const sp = lookupServicePort(svc, port);
  const rawType = parseString('target-type', maps) ?? 'instance';
  const targetType = oneOf(rawType, ['instance', 'ip'] as const, `unknown targetType: ${rawType}`);
  const rawProto = parseString('backend-protocol', maps) ?? 'HTTP';
  const protocol = oneOf(
    rawProto,
    ['HTTP', 'HTTPS'] as const,
    `backend protocol must be within [HTTP, HTTPS]: ${rawProto}`,
  );
  const rawVersion = parseString('backend-protocol-version', maps) ?? 'HTTP1';
  const protocolVersion = oneOf(
    rawVersion,
    ['HTTP1', 'HTTP2', 'GRPC'] as const,
    `backend protocol version must be within [HTTP1, HTTP2, GRPC]: ${rawVersion}`,
  );
  let tgPort: number;
  if (targetType === 'instance') {
    tgPort = sp.nodePort ?? 0;
    if (tgPort === 0) {
      throw new BuildError(
        "TargetGroup port is empty. When using Instance targets, your service be must of type 'NodePort' or 'LoadBalancer'",
      );
    }
  } else {
    const tp = sp.targetPort ?? sp.port;
    tgPort = typeof tp === 'number' ? tp : 1;
  }
  const ns = svc.metadata.namespace ?? '';
  const name = svc.metadata.name ?? '';
  const tgName = targetGroupName(
    ctx.clusterName,
    ctx.groupId,
    [`${ns}/${name}`, String(port), String(tgPort), targetType, protocol, protocolVersion],
    { namespace: ns, name },
  );
  const existing = ctx.byName.get(tgName);
  if (existing) return existing;
  let attributes: Record<string, string>;
  let nodeSelector: Record<string, string> | undefined;
  try {
    attributes = parseStringMap('target-group-attributes', maps) ?? {};
    nodeSelector = parseStringMap('target-node-labels', maps);
  } catch (err) {
    if (err instanceof AnnotationError) throw new BuildError(err.message);
    throw err;
  }
  const rawAlgo = attributes['load_balancing.algorithm.type'] ?? 'round_robin';
  const tg: TargetGroup = {
    name: tgName,
    arn: targetGroupArn(ctx.arn, tgName),
    protocol,
    protocolVersion,
    targetType,
    port: tgPort,
    service: { namespace: ns, name, port, portName: sp.name ?? '' },
    healthCheck: buildHealthCheck(maps, targetType, protocol, protocolVersion, svc),
    attributes,
    loadBalancingAlgorithm: oneOf(rawAlgo, ALGORITHMS, `invalid load balancing algorithm: ${rawAlgo}`),
  };
  if (targetType === 'instance' && sp.nodePort !== undefined) tg.service.nodePort = sp.nodePort;
  if (nodeSelector) tg.nodeSelector = nodeSelector;
  ctx.byName.set(tgName, tg);
  return tg;
}
