// istioctl analyze's reference checks over the VirtualServices: gateways that do not exist
// (IST0101) and hosts no server of the named Gateway carries (IST0132), independent of which
// pod the model is built for.
import type { KubeObject } from '../../resources/types.ts';
import type { TranslateContext } from './context.ts';
import { hostNotInGateway, referencedNotFound } from './diagnostics.ts';
import { intersectHosts, namesForNamespace, sanitizeServerHost } from './hosts.ts';
import type { GatewaySpec } from './specs.ts';
import { nameOf, namespaceOf, specOf } from './specs.ts';

export function checkReferences(ctx: TranslateContext, gateways: readonly Readonly<KubeObject>[]): void {
  const byKey = new Map(gateways.map((g) => [`${namespaceOf(g)}/${nameOf(g)}`, g]));
  for (const vs of ctx.virtualServices) {
    (vs.spec.gateways ?? []).forEach((written, i) => {
      const key = vs.gateways[i]!;
      if (key === 'mesh') return;
      const gw = byKey.get(key);
      if (!gw) {
        ctx.sink.add(referencedNotFound(vs.obj, 'gateway', written, `spec.gateways[${i}]`));
        return;
      }
      const gwNs = namespaceOf(gw);
      const serverHosts = (specOf<GatewaySpec>(gw).servers ?? []).flatMap((s) =>
        namesForNamespace(
          (s.hosts ?? []).map((h) => sanitizeServerHost(h, gwNs)),
          vs.namespace,
        ),
      );
      for (const h of vs.hosts)
        if (intersectHosts(serverHosts, [h]).length === 0)
          ctx.sink.add(hostNotInGateway(vs.obj, h, `${vs.namespace}/${vs.name}`, key, 'spec.hosts'));
    });
  }
}
