// An install.istio.io/v1alpha1 IstioOperator -> IstioValues: spec.profile, hub, tag,
// spec.values.gateways.istio-ingressgateway.* and spec.components.ingressGateways[] entries,
// through the same setting paths as --set. Fields gangway does not model are listed in
// `ignored` (meshConfig and most values affect nothing gangway runs), bad values in `errors`.
import { applySetting, GATEWAY_NAME, unknownField } from './settings.ts';
import type { IstioValues } from './values.ts';

export interface OperatorValues {
  values: IstioValues;
  errors: string[];
  /** Paths present in the object that gangway does not act on. */
  ignored: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MAP_LEAVES = new Set(['serviceAnnotations', 'podAnnotations', 'labels', 'label']);

/** Every leaf under `node` as (segments, value); maps named in MAP_LEAVES end one level down. */
function leaves(node: unknown, prefix: string[], out: [string[], unknown][]): void {
  if (!isRecord(node)) {
    out.push([prefix, node]);
    return;
  }
  const isMap = MAP_LEAVES.has(prefix[prefix.length - 1] ?? '');
  for (const [k, v] of Object.entries(node)) {
    if (isMap) out.push([[...prefix, k], v]);
    else leaves(v, [...prefix, k], out);
  }
}

function isIgnorable(err: string, path: string): boolean {
  return err === unknownField(path);
}

/** `obj` is a stored IstioOperator (Readonly<KubeObject>) or a parsed manifest. */
export function valuesFromIstioOperator(obj: unknown): OperatorValues {
  const values: IstioValues = {};
  const errors: string[] = [];
  const ignored: string[] = [];
  const spec = isRecord(obj) ? obj['spec'] : undefined;
  if (!isRecord(spec)) return { values, errors, ignored };

  const settings: [string[], unknown][] = [];
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'components' && isRecord(v)) {
      for (const [comp, cv] of Object.entries(v)) {
        if (comp === 'ingressGateways' || comp === 'egressGateways') {
          if (!Array.isArray(cv)) {
            errors.push(`spec.components.${comp}: must be a list`);
            continue;
          }
          cv.forEach((gw: unknown, i) => {
            const gwName = isRecord(gw) && typeof gw['name'] === 'string' ? gw['name'] : '';
            const unnamed = comp === 'ingressGateways' && i === 0 ? GATEWAY_NAME : `#${i}`;
            const sel = `${comp}[name=${gwName === '' ? unnamed : gwName}]`;
            if (!isRecord(gw)) return;
            for (const [gk, gv] of Object.entries(gw)) {
              if (gk === 'name') continue;
              leaves(gv, ['components', sel, gk], settings);
            }
          });
        } else leaves(cv, ['components', comp], settings);
      }
    } else leaves(v, [k], settings);
  }
  for (const [segments, raw] of settings) {
    const path = segments.join('.');
    const err = applySetting(values, segments, raw);
    if (err === undefined) continue;
    if (isIgnorable(err, path)) ignored.push(`spec.${path}`);
    else errors.push(`spec.${path}: ${err}`);
  }
  return { values, errors, ignored };
}
