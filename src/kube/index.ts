// The Kubernetes foundation at one edge: every control loop and kube-proxy as Components in
// start order, and the Service allocation admission plugin for the registry.
import type { AddressPlan } from '../net/addresses.ts';
import type { DialTable } from '../net/dial-table.ts';
import { admissionKey, type AdmissionPlugin } from '../registry/admission.ts';
import { resourceForStorage } from '../resources/catalogue.ts';
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { deploymentController } from './deployment.ts';
import { endpointsController } from './endpoints.ts';
import { endpointSliceController } from './endpointslices.ts';
import { KubeProxy } from './kube-proxy.ts';
import { systemObjectsController } from './namespaces.ts';
import { nodeController } from './nodes.ts';
import { replicaSetController } from './replicaset.ts';
import { scheduler } from './scheduler.ts';
import { serviceAdmission } from './service-admission.ts';
import { serviceStatusController } from './service-status.ts';

export { serviceAdmission } from './service-admission.ts';
export { KubeProxy } from './kube-proxy.ts';
export { nodeName, nodeIndex } from './nodes.ts';
export { API_SERVER_PORT, SYSTEM_NAMESPACES } from './namespaces.ts';

export interface KubeOptions {
  store: Store;
  plan: AddressPlan;
  dial: DialTable;
  /** --nodes */
  nodes: number;
  /** Where the `kubernetes` Service's endpoints point (default plan.nodeIP(0):6443). */
  apiServer?: { ip: string; port: number };
  /** Serve NodePorts on 127.0.0.1 as well (default true). */
  localhostNodePorts?: boolean;
  now?: () => Date;
  random?: () => number;
}

/** The controllers and kube-proxy, in the order to start them (stop in reverse). */
export function kubeComponents(opts: KubeOptions): Component[] {
  const { store, plan } = opts;
  const deps = {
    store,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  };
  return [
    systemObjectsController({ store, plan, ...(opts.apiServer ? { apiServer: opts.apiServer } : {}) }),
    nodeController({ store, plan, nodes: opts.nodes, ...(opts.now ? { now: opts.now } : {}) }),
    scheduler(deps),
    replicaSetController(deps),
    deploymentController(deps),
    endpointsController(deps),
    endpointSliceController(deps),
    serviceStatusController({ ...deps, plan }),
    new KubeProxy({
      store,
      plan,
      dial: opts.dial,
      nodes: opts.nodes,
      ...(opts.localhostNodePorts === undefined ? {} : { localhostNodePorts: opts.localhostNodePorts }),
    }),
  ];
}

/** Admission plugins of this module, keyed like registry/admission.ts's Admission map. */
export function kubeAdmission(plan: AddressPlan, random?: () => number): Map<string, AdmissionPlugin[]> {
  const services = resourceForStorage({ group: '', resource: 'services', version: 'v1' });
  return new Map([[admissionKey(services), [serviceAdmission(plan, random)]]]);
}
