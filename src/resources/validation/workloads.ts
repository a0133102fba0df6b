// Deployment and ReplicaSet validation (pkg/apis/apps/validation), on defaulted objects.
import type { FieldPath, JsonObject } from '../types.ts';
import { isObject, objectAt, stringMap } from '../json.ts';
import { selectorMatches } from '../label-selector.ts';
import { forbidden, goSyntax, invalid, notSupported, required, type Cause } from './field-errors.ts';
import { validateAnnotations, validateLabelSelector, validateLabels } from './meta.ts';
import { isPercent } from './names.ts';
import { validatePodSpec } from './pod.ts';

function goLabelSelector(sel: JsonObject): string {
  const ml = isObject(sel.matchLabels) ? goSyntax(sel.matchLabels) : 'map[string]string(nil)';
  const me = Array.isArray(sel.matchExpressions)
    ? '[]v1.LabelSelectorRequirement{...}'
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

function goIntOrString(v: unknown): string {
  return typeof v === 'string'
    ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`
    : `intstr.IntOrString{Type:0, IntVal:${String(v)}, StrVal:""}`;
}

function nonNegative(spec: JsonObject, key: string, path: FieldPath): Cause[] {
  const v = spec[key];
  return typeof v === 'number' && v < 0
    ? [invalid([...path, key], v, 'must be greater than or equal to 0')]
    : [];
}

function validateSelectorAndTemplate(spec: JsonObject, path: FieldPath): Cause[] {
  const out: Cause[] = [];
  const selector = objectAt(spec, 'selector');
  if (!selector) out.push(required([...path, 'selector'], ''));
  else {
    out.push(...validateLabelSelector(selector, [...path, 'selector']));
    const n =
      Object.keys(stringMap(selector.matchLabels)).length +
      (Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0);
    if (n === 0) {
      out.push(
        invalid(
          [...path, 'selector'],
          selector,
          'empty selector is invalid for deployment',
          undefined,
          goLabelSelector(selector),
        ),
      );
    }
  }
  const tp = [...path, 'template'];
  const template = objectAt(spec, 'template');
  if (!template) return [...out, required(tp, '')];
  const meta = objectAt(template, 'metadata') ?? {};
  const labels = meta.labels;
  // A missing selector selects nothing; an empty one everything (and is reported above).
  const emptySelector =
    selector !== undefined &&
    Object.keys(stringMap(selector.matchLabels)).length === 0 &&
    !Array.isArray(selector.matchExpressions);
  if (!emptySelector && !selectorMatches(selector, stringMap(labels))) {
    const raw = isObject(labels) ? goSyntax(labels) : 'map[string]string(nil)';
    out.push(
      invalid(
        [...tp, 'metadata', 'labels'],
        labels,
        '`selector` does not match template `labels`',
        undefined,
        raw,
      ),
    );
  }
  // ValidatePodTemplateSpec names these `spec.template.labels`, not `...metadata.labels`.
  out.push(...validateLabels(labels, [...tp, 'labels'], [...tp, 'metadata', 'labels']));
  out.push(...validateAnnotations(meta.annotations, [...tp, 'annotations']));
  const podSpec = objectAt(template, 'spec');
  out.push(...validatePodSpec(podSpec, [...tp, 'spec']));
  const restart = podSpec?.restartPolicy;
  if (typeof restart === 'string' && restart !== 'Always') {
    out.push(notSupported([...tp, 'spec', 'restartPolicy'], restart, ['Always']));
  }
  if (podSpec?.activeDeadlineSeconds !== undefined) {
    out.push(
      invalid(
        [...tp, 'spec', 'activeDeadlineSeconds'],
        podSpec.activeDeadlineSeconds,
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return out;
}

function validatePositiveIntOrPercent(v: unknown, path: FieldPath): Cause[] {
  if (typeof v === 'string')
    return isPercent(v).map((msg) => invalid(path, v, msg, undefined, goIntOrString(v)));
  if (typeof v === 'number' && v < 0) return [invalid(path, v, 'must be greater than or equal to 0')];
  return [];
}

function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return -1;
}

function validateStrategy(strategy: JsonObject | undefined, path: FieldPath): Cause[] {
  const s = strategy ?? {};
  const rolling = objectAt(s, 'rollingUpdate');
  if (s.type === 'Recreate') {
    return rolling
      ? [forbidden([...path, 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  if (s.type === 'RollingUpdate') {
    if (!rolling) return [required([...path, 'rollingUpdate'], 'this should be defaulted and never be nil')];
    const rp = [...path, 'rollingUpdate'];
    const out = [
      ...validatePositiveIntOrPercent(rolling.maxUnavailable, [...rp, 'maxUnavailable']),
      ...validatePositiveIntOrPercent(rolling.maxSurge, [...rp, 'maxSurge']),
    ];
    if (intOrPercentValue(rolling.maxUnavailable) === 0 && intOrPercentValue(rolling.maxSurge) === 0) {
      out.push(
        invalid(
          [...rp, 'maxUnavailable'],
          rolling.maxUnavailable,
          'may not be 0 when `maxSurge` is 0',
          undefined,
          goIntOrString(rolling.maxUnavailable),
        ),
      );
    }
    if (typeof rolling.maxUnavailable === 'string' && intOrPercentValue(rolling.maxUnavailable) > 100) {
      out.push(
        invalid(
          [...rp, 'maxUnavailable'],
          rolling.maxUnavailable,
          'must not be greater than 100%',
          undefined,
          goIntOrString(rolling.maxUnavailable),
        ),
      );
    }
    return out;
  }
  const raw = `apps.DeploymentStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`;
  return [
    {
      ...notSupported(path, s.type, ['Recreate', 'RollingUpdate']),
      message: `Unsupported value: ${raw}: supported values: "Recreate", "RollingUpdate"`,
    },
  ];
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: unknown, path: FieldPath = ['spec']): Cause[] {
  const s = isObject(spec) ? spec : {};
  const out = [...nonNegative(s, 'replicas', path), ...validateSelectorAndTemplate(s, path)];
  out.push(...validateStrategy(objectAt(s, 'strategy'), [...path, 'strategy']));
  out.push(...nonNegative(s, 'minReadySeconds', path), ...nonNegative(s, 'revisionHistoryLimit', path));
  const pds = s.progressDeadlineSeconds;
  if (typeof pds === 'number') {
    out.push(...nonNegative(s, 'progressDeadlineSeconds', path));
    const min = typeof s.minReadySeconds === 'number' ? s.minReadySeconds : 0;
    if (pds <= min)
      out.push(invalid([...path, 'progressDeadlineSeconds'], pds, 'must be greater than minReadySeconds'));
  }
  return out;
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSetSpec(spec: unknown, path: FieldPath = ['spec']): Cause[] {
  const s = isObject(spec) ? spec : {};
  return [
    ...nonNegative(s, 'replicas', path),
    ...nonNegative(s, 'minReadySeconds', path),
    ...validateSelectorAndTemplate(s, path),
  ];
}
