// `actions.<name>` and `use-annotation` backends (pkg/ingress/config_types.go,
// enhanced_backend_builder.go): an Ingress backend becomes an "enhanced backend", an action
// config (forward to the Service, or the named annotation's fixed-response / redirect /
// forward) plus the `conditions.<serviceName>` rule conditions. A missing action answers a
// fixed 503 "Backend action does not exist" (--tolerate-non-existent-backend-action=true).
import { AnnotationError, parseJson } from '../annotations.ts';
import { parseConditionConfigs, type ConditionConfig } from './condition-config.ts';
import {
  expectRecord,
  isRecord,
  optArray,
  optBool,
  optInt,
  optIntOrString,
  optObject,
  optString,
  type At,
} from './go-json.ts';
import { BuildError, type Ingress, type IngressBackend } from './types.ts';

export const USE_ANNOTATION = 'use-annotation';
export const MISSING_ACTION_MESSAGE = 'Backend action does not exist';
export const MISSING_SERVICE_MESSAGE = 'Backend service does not exist';

export interface ForwardTuple {
  targetGroupArn?: string;
  targetGroupName?: string;
  serviceName?: string;
  servicePort?: number | string;
  weight?: number;
}

export type ActionConfig =
  | { type: 'fixed-response'; statusCode: string; contentType?: string; messageBody?: string }
  | {
      type: 'redirect';
      statusCode: string;
      host?: string;
      path?: string;
      port?: string;
      protocol?: string;
      query?: string;
    }
  | {
      type: 'forward';
      targetGroups: ForwardTuple[];
      stickiness?: { enabled?: boolean; durationSeconds?: number };
    };

export interface EnhancedBackend {
  action: ActionConfig;
  conditions: ConditionConfig[];
  /** Set when the backend named an action annotation that does not exist. */
  missingAction?: string;
}

function setIf<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

/**
 * The controller's normalizeServicePortForBackwardsCompatibility: a string port that parses as
 * an integer (Go's intstr.Parse, i.e. strconv.Atoi) is the port number ("80" -> 80).
 */
function normalizePort(p: number | string | undefined): number | string | undefined {
  if (typeof p !== 'string' || !/^[+-]?\d+$/.test(p)) return p;
  const n = Number(p);
  return n >= -2147483648 && n <= 2147483647 ? n : p;
}

function parseTuple(v: unknown, at: At): ForwardTuple {
  const o = expectRecord(v, 'ingress.TargetGroupTuple');
  const t: ForwardTuple = {};
  setIf(t, 'targetGroupArn', optString(o, 'targetGroupARN', at));
  setIf(t, 'targetGroupName', optString(o, 'targetGroupName', at));
  setIf(t, 'serviceName', optString(o, 'serviceName', at));
  setIf(t, 'servicePort', normalizePort(optIntOrString(o, 'servicePort', at)));
  setIf(t, 'weight', optInt(o, 'weight', at));
  const refs = [t.targetGroupArn, t.targetGroupName, t.serviceName].filter((x) => x !== undefined).length;
  if (refs !== 1) {
    throw new BuildError(
      'invalid ForwardConfig: invalid TargetGroupTuple: precisely one of targetGroupARN, targetGroupName and serviceName can be specified',
    );
  }
  if (t.serviceName !== undefined && t.servicePort === undefined) {
    throw new BuildError('invalid ForwardConfig: invalid TargetGroupTuple: missing servicePort');
  }
  return t;
}

/** An `actions.<name>` JSON value -> its validated config (Action.validate). */
export function parseActionConfig(value: unknown): ActionConfig {
  const o = expectRecord(value, 'ingress.Action');
  const at: At = { struct: 'Action', path: '' };
  const type = optString(o, 'type', at) ?? '';
  switch (type) {
    case 'fixed-response': {
      const c = optObject(o, 'fixedResponseConfig', at, 'ingress.FixedResponseActionConfig');
      if (!c) throw new BuildError('missing FixedResponseConfig');
      const cat: At = { struct: 'Action', path: 'fixedResponseConfig' };
      const out: ActionConfig = { type, statusCode: optString(c, 'statusCode', cat) ?? '' };
      setIf(out, 'contentType', optString(c, 'contentType', cat));
      setIf(out, 'messageBody', optString(c, 'messageBody', cat));
      return out;
    }
    case 'redirect': {
      const c = optObject(o, 'redirectConfig', at, 'ingress.RedirectActionConfig');
      if (!c) throw new BuildError('missing RedirectConfig');
      const cat: At = { struct: 'Action', path: 'redirectConfig' };
      const out: ActionConfig = { type, statusCode: optString(c, 'statusCode', cat) ?? '' };
      for (const f of ['host', 'path', 'port', 'protocol', 'query'] as const)
        setIf(out, f, optString(c, f, cat));
      return out;
    }
    case 'forward': {
      const arn = optString(o, 'targetGroupARN', at);
      const name = optString(o, 'targetGroupName', at);
      const fc = optObject(o, 'forwardConfig', at, 'ingress.ForwardActionConfig');
      if (arn !== undefined && fc)
        throw new BuildError('only one of targetGroupARN or forwardConfig must be specified');
      if (name !== undefined && fc)
        throw new BuildError('only one of targetGroupName or forwardConfig must be specified');
      if (arn !== undefined && name !== undefined)
        throw new BuildError('only one of targetGroupARN or targetGroupName must be specified');
      if (arn !== undefined) return { type, targetGroups: [{ targetGroupArn: arn }] };
      if (name !== undefined) return { type, targetGroups: [{ targetGroupName: name }] };
      const fat: At = { struct: 'Action', path: 'forwardConfig' };
      const tuples = (fc ? (optArray(fc, 'targetGroups', fat, '[]ingress.TargetGroupTuple') ?? []) : []).map(
        (t) => parseTuple(t, { struct: 'Action', path: 'forwardConfig.targetGroups' }),
      );
      if (tuples.length > 1 && tuples.some((t) => t.weight === undefined)) {
        throw new BuildError(
          'invalid ForwardConfig: weight must be set when routing to multiple target groups',
        );
      }
      const out: ActionConfig = { type, targetGroups: tuples };
      const sc = fc
        ? optObject(fc, 'targetGroupStickinessConfig', fat, 'ingress.TargetGroupStickinessConfig')
        : undefined;
      if (sc) {
        const sat: At = { struct: 'Action', path: 'forwardConfig.targetGroupStickinessConfig' };
        const st: { enabled?: boolean; durationSeconds?: number } = {};
        setIf(st, 'enabled', optBool(sc, 'enabled', sat));
        setIf(st, 'durationSeconds', optInt(sc, 'durationSeconds', sat));
        out.stickiness = st;
      }
      return out;
    }
    default:
      throw new BuildError(`unknown action type: ${type}`);
  }
}

function annotationConfig<T>(
  suffix: string,
  ing: Readonly<Ingress>,
  parse: (v: unknown) => T,
): T | undefined {
  const raw = parseJson(suffix, [ing.metadata.annotations]);
  if (!raw) return undefined;
  try {
    return parse(raw.value);
  } catch (err) {
    if (err instanceof BuildError && err.message.startsWith('json: ')) {
      const text = ing.metadata.annotations?.[raw.key] ?? '';
      throw new AnnotationError(`failed to parse json annotation, ${raw.key}: ${text}: ${err.message}`);
    }
    throw err;
  }
}

/** The enhanced backend of one Ingress backend (path backend or spec.defaultBackend). */
export function buildEnhancedBackend(
  ing: Readonly<Ingress>,
  backend: IngressBackend | undefined,
): EnhancedBackend {
  const svc = backend?.service;
  if (!svc || !isRecord(svc)) throw new BuildError('missing required field "service" in ingress backend');
  const svcName = svc.name ?? '';
  const conditions = annotationConfig(`conditions.${svcName}`, ing, parseConditionConfigs) ?? [];
  if (svc.port?.name === USE_ANNOTATION) {
    const action = annotationConfig(`actions.${svcName}`, ing, parseActionConfig);
    if (action) return { action, conditions };
    return {
      action: {
        type: 'fixed-response',
        statusCode: '503',
        contentType: 'text/plain',
        messageBody: MISSING_ACTION_MESSAGE,
      },
      conditions,
      missingAction: svcName,
    };
  }
  const port = svc.port?.name !== undefined && svc.port.name !== '' ? svc.port.name : (svc.port?.number ?? 0);
  return {
    action: { type: 'forward', targetGroups: [{ serviceName: svcName, servicePort: port }] },
    conditions,
  };
}
