// Ingress and IngressClass rows (printers.go printIngress, printIngressClass). Both
// networking.k8s.io/v1 and extensions/v1beta1 objects print the same way: the cells only
// read ingressClassName, rule hosts, tls and the load balancer status.
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IIngressClass } from 'kubernetes-models/networking.k8s.io/v1/IngressClass';
import { AGE_COLUMN, NAME_COLUMN, col } from './columns.ts';
import { timestampSince } from './human-duration.ts';
import type { KindPrinter } from './kind-printer.ts';
import { loadBalancerString } from './services.ts';

/** formatHosts: the first 3 rule hosts, ` + N more...`, or `*` when no rule names a host. */
export function formatIngressHosts(rules: readonly { host?: string }[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  const all = rules ?? [];
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${all.length - max} more...` : ret;
}

export const INGRESS_PRINTER: KindPrinter = {
  columns: [
    NAME_COLUMN,
    col('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  row(obj, now) {
    const ing = obj as unknown as IIngress;
    const spec = ing.spec ?? {};
    return {
      cells: [
        ing.metadata?.name ?? '',
        spec.ingressClassName ?? '<none>',
        formatIngressHosts(spec.rules),
        loadBalancerString(ing.status?.loadBalancer?.ingress),
        (spec.tls ?? []).length > 0 ? '80, 443' : '80',
        timestampSince(ing.metadata?.creationTimestamp, now),
      ],
    };
  },
};

export const INGRESS_CLASS_PRINTER: KindPrinter = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'Controller that is responsible for handling this class'),
    col('Parameters', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  row(obj, now) {
    const ic = obj as unknown as IIngressClass;
    const p = ic.spec?.parameters;
    let parameters = '<none>';
    if (p) {
      parameters = p.kind;
      if (p.apiGroup != null) parameters += `.${p.apiGroup}`;
      parameters += `/${p.name}`;
    }
    return {
      cells: [
        ic.metadata?.name ?? '',
        ic.spec?.controller ?? '',
        parameters,
        timestampSince(ic.metadata?.creationTimestamp, now),
      ],
    };
  },
};
