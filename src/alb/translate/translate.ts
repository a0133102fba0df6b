// translateAlb: the AWS Load Balancer Controller as a pure function. A store snapshot in; the
// ALB model (one load balancer per Ingress group), diagnostics, the status.loadBalancer each
// member gets and the Events the controller records out. No I/O, clock or randomness.
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { KubeObject } from '../../resources/types.ts';
import { ALB_PREFIX, annotationScope, isNotEmulated } from '../annotations.ts';
import type { LoadBalancer } from '../model.ts';
import { ALB_CODES } from './codes.ts';
import { loadGroups } from './groups.ts';
import { buildLoadBalancer } from './load-balancer.ts';
import {
  BuildError,
  type AlbEvent,
  type AlbSnapshot,
  type AlbTranslateOptions,
  type AlbTranslation,
  type Ingress,
  type ServiceObj,
} from './types.ts';

export const SUCCESSFULLY_RECONCILED = 'SuccessfullyReconciled';
export const FAILED_BUILD_MODEL = 'FailedBuildModel';
export const FAILED_DEPLOY_MODEL = 'FailedDeployModel';
export const FAILED_LOAD_GROUP_ID = 'FailedLoadGroupID';

function key(o: Readonly<KubeObject>): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** Warnings for `alb.ingress.kubernetes.io/*` keys the controller does not know or read there. */
export function annotationDiagnostics(obj: Readonly<KubeObject>, kind: 'Ingress' | 'Service'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const object = `${kind} ${key(obj)}`;
  for (const k of Object.keys(obj.metadata.annotations ?? {}).sort()) {
    if (!k.startsWith(ALB_PREFIX)) continue;
    const suffix = k.slice(ALB_PREFIX.length);
    const field = `metadata.annotations[${k}]`;
    const scope = annotationScope(suffix);
    if (scope === undefined) {
      out.push({
        code: ALB_CODES.unknownAnnotation,
        severity: 'warning',
        object,
        field,
        message: `unknown annotation ${k}: the AWS Load Balancer Controller ignores it`,
      });
    } else if (kind === 'Service' && scope === 'ingress') {
      out.push({
        code: ALB_CODES.misplacedAnnotation,
        severity: 'warning',
        object,
        field,
        message: `${k} is read from the Ingress only; on a Service it has no effect`,
      });
    } else if (isNotEmulated(suffix)) {
      out.push({
        code: ALB_CODES.notEmulated,
        severity: 'info',
        object,
        field,
        message: `${k} is not emulated by gangway`,
      });
    }
  }
  return out;
}

/** The whole controller over one snapshot. */
export function translateAlb(snapshot: AlbSnapshot, opts: AlbTranslateOptions): AlbTranslation {
  const diagnostics: Diagnostic[] = [];
  const events: AlbEvent[] = [];
  const status: AlbTranslation['status'] = new Map();
  const loadBalancers: LoadBalancer[] = [];
  const services = new Map<string, Readonly<ServiceObj>>();
  for (const s of snapshot.services) services.set(key(s), s);

  const ingresses = [...(snapshot.ingresses as readonly Readonly<Ingress>[])].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0,
  );
  const { groups, failures } = loadGroups(ingresses, snapshot.ingressClasses, opts.ingressClass ?? 'alb');
  const managedServices = new Set<string>();

  for (const f of failures) {
    const ref = { namespace: f.ingress.metadata.namespace ?? '', name: f.ingress.metadata.name ?? '' };
    events.push({
      ingress: ref,
      type: 'Warning',
      reason: FAILED_LOAD_GROUP_ID,
      message: `Failed load groupID due to ${f.message}`,
    });
    diagnostics.push({
      code: ALB_CODES.groupInvalid,
      severity: 'error',
      object: `Ingress ${key(f.ingress)}`,
      message: f.message,
    });
  }

  for (const group of groups) {
    for (const m of group.members) {
      diagnostics.push(...annotationDiagnostics(m, 'Ingress'));
      for (const svcName of backendServiceNames(m))
        managedServices.add(`${m.metadata.namespace ?? ''}/${svcName}`);
    }
    const refs = group.members.map((m) => ({
      namespace: m.metadata.namespace ?? '',
      name: m.metadata.name ?? '',
    }));
    try {
      const built = buildLoadBalancer(group, services, opts, diagnostics);
      loadBalancers.push(built.lb);
      for (const ref of refs) {
        const k = `${ref.namespace}/${ref.name}`;
        status.set(k, { hostname: built.lb.dnsName, ports: built.ports.get(k) ?? [] });
        events.push({
          ingress: ref,
          type: 'Normal',
          reason: SUCCESSFULLY_RECONCILED,
          message: 'Successfully reconciled',
        });
      }
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      const deploy = err.phase === 'deploy';
      for (const ref of refs) {
        events.push({
          ingress: ref,
          type: 'Warning',
          reason: deploy ? FAILED_DEPLOY_MODEL : FAILED_BUILD_MODEL,
          message: `Failed ${deploy ? 'deploy' : 'build'} model due to ${err.message}`,
        });
        diagnostics.push({
          code: deploy ? ALB_CODES.deployFailed : ALB_CODES.buildFailed,
          severity: 'error',
          object: `Ingress ${ref.namespace}/${ref.name}`,
          message: withoutPrefix(err.message, `ingress: ${ref.namespace}/${ref.name}: `),
        });
      }
    }
  }

  for (const k of [...managedServices].sort()) {
    const svc = services.get(k);
    if (svc) diagnostics.push(...annotationDiagnostics(svc, 'Service'));
  }
  loadBalancers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { model: { loadBalancers }, diagnostics, status, events };
}

function backendServiceNames(ing: Readonly<Ingress>): string[] {
  const names: string[] = [];
  const add = (n: string | undefined): void => {
    if (n && !names.includes(n)) names.push(n);
  };
  add(ing.spec?.defaultBackend?.service?.name);
  for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) add(p.backend?.service?.name);
  return names;
}

function withoutPrefix(message: string, prefix: string): string {
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
