// The offline TraceInput (`gangway trace -f`): the decoded files plus the Istio install `up`
// would create (analyze/offline.ts), NodePorts filled in where the API server would allocate
// them, the ALB model from translateAlb and each gateway Deployment's model from
// translateGateway. Health, endpoints and DNS records are runtime facts: unknown here.
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from '../alb/controller.ts';
import { translateAlb } from '../alb/translate/index.ts';
import { offlineObjects, withStandInNodePorts } from '../analyze/offline.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { IstioValues } from '../istio/install/values.ts';
import type { GatewayProxy } from '../istio/model.ts';
import { translateGateway } from '../istio/translate/index.ts';
import type { Manifest } from '../manifest/types.ts';
import type { KubeObject } from '../resources/types.ts';
import type { TraceInput, TracePod } from './types.ts';

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: { image?: string }[] };
}

/** One proxy per gateway Deployment (a proxyv2 container), from its pod template. */
export function templateProxies(objects: readonly KubeObject[]): GatewayProxy[] {
  const out: GatewayProxy[] = [];
  for (const o of objects) {
    if (o.kind !== 'Deployment') continue;
    const tpl = (o as { spec?: { template?: PodTemplate } }).spec?.template;
    if (!tpl?.spec?.containers?.some((c) => (c.image ?? '').includes('/proxyv2'))) continue;
    out.push({
      namespace: o.metadata.namespace ?? 'default',
      name: `${o.metadata.name ?? ''} (pod template)`,
      labels: { ...(tpl.metadata?.labels ?? {}) },
      annotations: { ...(tpl.metadata?.annotations ?? {}) },
    });
  }
  return out;
}

export interface OfflineTrace {
  input: TraceInput;
  /** Decoding and translation problems (`gangway analyze -f` explains them). */
  diagnostics: Diagnostic[];
}

export function offlineTraceInput(manifests: readonly Manifest[], istio: IstioValues | false): OfflineTrace {
  const { objects: analyzed, decodeDiagnostics } = offlineObjects(manifests, istio);
  const objects = withStandInNodePorts(analyzed.map((a) => a.object));
  const by = (kind: string): KubeObject[] => objects.filter((o) => o.kind === kind);
  const services = by('Service');
  const alb = translateAlb(
    { ingresses: by('Ingress'), ingressClasses: by('IngressClass'), services, nodes: [] },
    { region: DEFAULT_REGION, accountId: DEFAULT_ACCOUNT_ID },
  );
  const snapshot = {
    gateways: by('Gateway'),
    virtualServices: by('VirtualService'),
    destinationRules: by('DestinationRule'),
    services,
    secrets: by('Secret'),
  };
  const diagnostics: Diagnostic[] = [
    ...decodeDiagnostics.filter((d) => d.severity === 'error'),
    ...alb.diagnostics.filter((d) => d.severity === 'error'),
  ];
  const pods: TracePod[] = templateProxies(objects).map((proxy) => {
    const t = translateGateway(snapshot, proxy);
    diagnostics.push(...t.diagnostics.filter((d) => d.severity === 'error'));
    return { proxy, model: t.model };
  });
  return {
    input: {
      mode: 'offline',
      alb: alb.model,
      dns: undefined,
      targets: () => undefined,
      services,
      pods,
      endpoints: () => undefined,
    },
    diagnostics,
  };
}
