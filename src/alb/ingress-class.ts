// The IngressClass `alb` that the AWS Load Balancer Controller's Helm chart creates
// (createIngressClassResource: true), so `ingressClassName: alb` works as on EKS. Created when
// missing, never overwritten: a user's own `alb` class stays as it is.
import type { Registry } from '../registry/types.ts';
import { StatusError } from '../registry/status-error.ts';
import { resourceForKind } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import { ALB_CONTROLLER } from './translate/groups.ts';

export function albIngressClass(): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name: 'alb',
      labels: {
        'app.kubernetes.io/name': 'aws-load-balancer-controller',
        'app.kubernetes.io/instance': 'aws-load-balancer-controller',
      },
    },
    spec: { controller: ALB_CONTROLLER },
  };
}

/** Creates IngressClass `alb` unless one exists. */
export function ensureAlbIngressClass(registry: Registry): void {
  const rt = resourceForKind('networking.k8s.io/v1', 'IngressClass');
  if (!rt) return;
  try {
    registry.create(rt, 'v1', '', albIngressClass());
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
  }
}
