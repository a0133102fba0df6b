// The Istio installer at its edge: --set flags and IstioOperator objects -> values -> the
// objects `istioctl install` creates for ingress, applied once or kept applied by a controller.
export type { IngressGatewayValues, IstioValues, ServiceType } from './values.ts';
export { DEFAULT_PROFILE, PROFILES, ingressGatewayEnabled, mergeValues } from './values.ts';
export { parseSetFlags, splitSetPath } from './set-flags.ts';
export { valuesFromIstioOperator, type OperatorValues } from './operator.ts';
export {
  GATEWAY_LABELS,
  GATEWAY_PORTS,
  ISTIO_NAMESPACE,
  ISTIO_VERSION,
  istioInstallObjects,
} from './objects.ts';
export {
  FIELD_MANAGER,
  installIstio,
  istioOperatorController,
  operatorValues,
  type InstallResult,
  type OperatorControllerOptions,
} from './controller.ts';
