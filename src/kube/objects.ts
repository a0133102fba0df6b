// Typed views of the stored objects the controllers read. The store holds plain KubeObjects;
// these casts only name the kind-specific fields (from kubernetes-models), nothing is checked.
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';
import type { IDeploymentStatus } from 'kubernetes-models/apps/v1/DeploymentStatus';
import type { IReplicaSetSpec } from 'kubernetes-models/apps/v1/ReplicaSetSpec';
import type { IReplicaSetStatus } from 'kubernetes-models/apps/v1/ReplicaSetStatus';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodStatus } from 'kubernetes-models/v1/PodStatus';
import type { IServiceSpec } from 'kubernetes-models/v1/ServiceSpec';
import type { IServiceStatus } from 'kubernetes-models/v1/ServiceStatus';
import type { INodeSpec } from 'kubernetes-models/v1/NodeSpec';
import type { INodeStatus } from 'kubernetes-models/v1/NodeStatus';
import type { IEndpoint } from 'kubernetes-models/discovery.k8s.io/v1/Endpoint';
import type { IEndpointPort } from 'kubernetes-models/discovery.k8s.io/v1/EndpointPort';
import type { KubeObject } from '../resources/types.ts';

export type LabelSelector = NonNullable<IDeploymentSpec['selector']>;
export type PodTemplate = IDeploymentSpec['template'];
export type ServicePort = NonNullable<IServiceSpec['ports']>[number];

export interface Deployment extends KubeObject {
  spec?: IDeploymentSpec;
  status?: IDeploymentStatus;
}
export interface ReplicaSet extends KubeObject {
  spec?: IReplicaSetSpec;
  status?: IReplicaSetStatus;
}
export interface Pod extends KubeObject {
  spec?: IPodSpec;
  status?: IPodStatus;
}
export interface Service extends KubeObject {
  spec?: IServiceSpec;
  status?: IServiceStatus;
}
/** core/v1 Endpoints (deprecated upstream in favour of EndpointSlices, still what kube-proxy reads here). */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
}
export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}
export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}
export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: IEndpoint[] | null;
  ports?: IEndpointPort[] | null;
}
export interface Node extends KubeObject {
  spec?: INodeSpec;
  status?: INodeStatus;
}

/** A writable deep copy of a stored (frozen) object. */
export function copy<T extends KubeObject>(obj: Readonly<T>): T {
  return structuredClone(obj);
}
