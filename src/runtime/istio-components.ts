// istiod and the gateway image: istiod translates Gateways and VirtualServices for each
// gateway pod; the kubelet runs `istio/proxyv2` pods as gateway data planes fed by it.
import { registerProxyv2 } from '../dataplane/gateway/image.ts';
import type { GatewayReplicaSink } from '../dataplane/gateway/server.ts';
import { Istiod } from '../istio/istiod.ts';
import { rootCertPublisher } from '../istio/root-cert-publisher.ts';
import type { Store } from '../store/types.ts';
import type { Component } from './component.ts';

export interface IstioComponents {
  istiod: Istiod;
  /** Start before the kubelet, so gateway pods find their image and config. */
  components: Component[];
}

export function istioComponents(opts: {
  store: Store;
  rootCertPem: string;
  /** The gateway pods' copies in the other data-plane threads. */
  replicas?: GatewayReplicaSink;
}): IstioComponents {
  const istiod = new Istiod({ store: opts.store });
  let unregister = (): void => undefined;
  const image: Component = {
    name: 'proxyv2-image',
    start() {
      unregister = registerProxyv2(istiod, opts.replicas);
      return Promise.resolve();
    },
    stop() {
      unregister();
      return Promise.resolve();
    },
    status: () => ({ ready: true, detail: 'docker.io/istio/proxyv2 runs as the gateway data plane' }),
  };
  const rootCert = rootCertPublisher({ store: opts.store, rootCertPem: opts.rootCertPem });
  return { istiod, components: [istiod, image, rootCert] };
}
