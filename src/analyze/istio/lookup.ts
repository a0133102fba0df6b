// Lookups the Istio analyzers share: Services by host name, the workloads a selector picks,
// the Services that select a workload, and label selectors printed as Kubernetes prints them.
import type { KubeObject } from '../../resources/types.ts';
import { DOMAIN_SUFFIX, resolveShortName } from '../../istio/translate/hosts.ts';
import type { ServiceSpec } from '../../istio/translate/specs.ts';
import { labelsMatch, namespaceOf, specOf } from '../../istio/translate/specs.ts';
import type { AnalyzeContext, Workload } from '../types.ts';

/** labels.SelectorFromSet(sel).String(): `app=a,istio=ingressgateway`. */
export function selectorString(sel: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(sel ?? {})
    .sort()
    .map((k) => `${k}=${sel?.[k] ?? ''}`)
    .join(',');
}

/** The Service whose FQDN is `host` after short-name expansion in `namespace`, if any. */
export function serviceForHost(
  ctx: AnalyzeContext,
  host: string,
  namespace: string,
): Readonly<KubeObject> | undefined {
  const fqdn = resolveShortName(host, namespace);
  const suffix = `.${DOMAIN_SUFFIX}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length !== 2) return undefined;
  return ctx.get('Service', parts[1]!, parts[0]!);
}

/** The port numbers a Service exposes, in order. */
export function servicePorts(svc: Readonly<KubeObject>): number[] {
  const out: number[] = [];
  for (const p of specOf<ServiceSpec>(svc).ports ?? []) if (typeof p.port === 'number') out.push(p.port);
  return out;
}

/** Workloads whose labels a Gateway selector picks (a nil selector picks all of them). */
export function selectedWorkloads(
  ctx: AnalyzeContext,
  selector: Readonly<Record<string, string>> | undefined,
): Workload[] {
  return ctx.workloads.filter((w) => labelsMatch(selector, w.labels));
}

/** Services of the workload's namespace whose (non-empty) selector picks it. */
export function servicesSelecting(ctx: AnalyzeContext, w: Workload): Readonly<KubeObject>[] {
  return ctx.ofKind('Service').filter((s) => {
    const sel = specOf<ServiceSpec>(s).selector;
    return namespaceOf(s) === w.namespace && sel && Object.keys(sel).length > 0 && labelsMatch(sel, w.labels);
  });
}
