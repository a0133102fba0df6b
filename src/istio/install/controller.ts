// Installs and re-installs Istio's ingress objects. installIstio() applies them once (what
// `istioctl install` does at `gangway up`); istioOperatorController() watches IstioOperator
// objects and re-applies base values merged with theirs on every change, as istioctl would
// with `-f iop.yaml`. Writes are server-side apply as field manager `istio-operator` with
// force, so fields other managers own (kubectl edit, annotate) survive; a disabled gateway's
// Deployment and Service are pruned, as istioctl prunes components turned off.
import type { Registry, WriteResult } from '../../registry/types.ts';
import { StatusError } from '../../registry/status-error.ts';
import { parseApiVersion, resourceForKind } from '../../resources/catalogue.ts';
import type { KubeObject } from '../../resources/types.ts';
import type { Component, ComponentStatus } from '../../runtime/component.ts';
import type { Store } from '../../store/types.ts';
import { ControllerLoop } from '../../kube/controller-loop.ts';
import { ISTIO_NAMESPACE, istioInstallObjects } from './objects.ts';
import { valuesFromIstioOperator } from './operator.ts';
import { GATEWAY_NAME } from './settings.ts';
import type { IstioValues } from './values.ts';
import { ingressGatewayEnabled, mergeValues } from './values.ts';

export const FIELD_MANAGER = 'istio-operator';
const IOP_KEY = { group: 'install.istio.io', resource: 'istiooperators' } as const;
const COMPONENT_LABEL = 'operator.istio.io/component';

export interface InstallResult {
  applied: WriteResult[];
  pruned: string[]; // `Deployment istio-system/istio-ingressgateway`
}

function applyObject(registry: Registry, obj: KubeObject): WriteResult {
  const rt = resourceForKind(obj.apiVersion, obj.kind);
  if (!rt) throw new Error(`no resource type for ${obj.apiVersion} ${obj.kind}`);
  const { version } = parseApiVersion(obj.apiVersion);
  return registry.patch(rt, version, obj.metadata.namespace ?? '', obj.metadata.name ?? '', 'apply', obj, {
    fieldManager: FIELD_MANAGER,
    force: true,
  });
}

/** Deletes the gateway's Deployment and Service if the installer made them. */
function prune(registry: Registry): string[] {
  const pruned: string[] = [];
  for (const [apiVersion, kind] of [
    ['v1', 'Service'],
    ['apps/v1', 'Deployment'],
  ] as const) {
    const rt = resourceForKind(apiVersion, kind);
    if (!rt) continue;
    const version = parseApiVersion(apiVersion).version;
    let obj: KubeObject;
    try {
      obj = registry.get(rt, version, ISTIO_NAMESPACE, GATEWAY_NAME);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) continue;
      throw err;
    }
    if (obj.metadata.labels?.[COMPONENT_LABEL] !== 'IngressGateways') continue;
    registry.delete(rt, version, ISTIO_NAMESPACE, GATEWAY_NAME);
    pruned.push(`${kind} ${ISTIO_NAMESPACE}/${GATEWAY_NAME}`);
  }
  return pruned;
}

/** Applies what `istioctl install` creates for these values (and prunes a disabled gateway). */
export function installIstio(registry: Registry, values: IstioValues): InstallResult {
  const applied = istioInstallObjects(values).map((obj) => applyObject(registry, obj));
  const pruned = ingressGatewayEnabled(values) ? [] : prune(registry);
  return { applied, pruned };
}

export interface OperatorControllerOptions {
  store: Store;
  registry: Registry;
  /** Values from `up` (--set flags); IstioOperator objects layer over them. */
  base: IstioValues;
  /** true: do nothing while no IstioOperator exists (`up --no-istio`). Default false. */
  onlyWithOperators?: boolean;
  log?: (line: string) => void;
}

/** The IstioOperators in creation order (then namespace/name), merged over `base`. */
export function operatorValues(
  base: IstioValues,
  operators: readonly Readonly<KubeObject>[],
): { values: IstioValues; problems: string[] } {
  const sorted = [...operators].sort((a, b) =>
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
  );
  let values = base;
  const problems: string[] = [];
  for (const op of sorted) {
    const r = valuesFromIstioOperator(op);
    const ref = `IstioOperator ${op.metadata.namespace ?? ''}/${op.metadata.name ?? ''}`;
    for (const e of r.errors) problems.push(`${ref}: ${e}`);
    for (const path of r.ignored) problems.push(`${ref}: ${path} is not used by gangway`);
    values = mergeValues(values, r.values);
  }
  return { values, problems };
}

class IstioOperatorController implements Component {
  readonly name = 'istio-operator';
  readonly #opts: OperatorControllerOptions;
  readonly #loop: ControllerLoop;
  #operators = 0;
  #problems: string[] = [];

  constructor(opts: OperatorControllerOptions) {
    this.#opts = opts;
    this.#loop = new ControllerLoop({
      name: this.name,
      store: opts.store,
      watches: [{ key: IOP_KEY, keysFor: () => ['install'] }],
      resync: () => ['install'],
      reconcile: () => this.#reconcile(),
      detail: () => this.#detail(),
    });
  }

  start(): Promise<void> {
    return this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  status(): ComponentStatus {
    return this.#loop.status();
  }

  #detail(): string {
    const what = `${this.#operators} IstioOperator${this.#operators === 1 ? '' : 's'}`;
    const [first, ...more] = this.#problems;
    if (first === undefined) return what;
    return `${what}; ${first}${more.length > 0 ? ` (and ${more.length} more in the log)` : ''}`;
  }

  #reconcile(): undefined {
    const operators = this.#opts.store.list(IOP_KEY);
    this.#operators = operators.length;
    if (operators.length === 0 && this.#opts.onlyWithOperators === true) return undefined;
    const { values, problems } = operatorValues(this.#opts.base, operators);
    const fresh = problems.filter((p) => !this.#problems.includes(p));
    this.#problems = problems;
    for (const p of fresh) this.#opts.log?.(`istio-operator: ${p}`);
    const result = installIstio(this.#opts.registry, values);
    for (const p of result.pruned) this.#opts.log?.(`istio-operator: pruned ${p}`);
    return undefined;
  }
}

/** A Component re-applying the Istio install whenever an IstioOperator changes. */
export function istioOperatorController(opts: OperatorControllerOptions): Component {
  return new IstioOperatorController(opts);
}
