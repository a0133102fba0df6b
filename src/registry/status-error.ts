// API errors as the Kubernetes API server returns them: a Status body with reason, code
// and details. kubectl prints these, so the wording follows apimachinery's errors.go.
import type { ResourceType } from '../resources/catalogue.ts';

export interface StatusCause {
  reason: string; // 'FieldValueInvalid', 'FieldValueRequired', 'FieldValueNotSupported', 'FieldValueDuplicate', 'FieldManagerConflict', ...
  field: string; // 'spec.ports[0].nodePort'
  message: string; // 'Invalid value: 30218: provided port is already allocated'
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusBody['details'];
  constructor(code: number, reason: string, message: string, details?: StatusBody['details']) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.name = 'StatusError';
  }
  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** `deployments.apps`, or `services` for the core group. */
export function qualifiedResource(rt: Pick<ResourceType, 'group' | 'plural'>): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

function details(rt: Pick<ResourceType, 'group' | 'plural'>, name: string): StatusBody['details'] {
  return rt.group ? { name, group: rt.group, kind: rt.plural } : { name, kind: rt.plural };
}

export function notFound(rt: Pick<ResourceType, 'group' | 'plural'>, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(rt)} "${name}" not found`, details(rt, name));
}

export function alreadyExists(rt: Pick<ResourceType, 'group' | 'plural'>, name: string): StatusError {
  return new StatusError(
    409,
    'AlreadyExists',
    `${qualifiedResource(rt)} "${name}" already exists`,
    details(rt, name),
  );
}

export function conflict(rt: Pick<ResourceType, 'group' | 'plural'>, name: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(rt)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(rt, name),
  );
}

/** 422 Invalid: `The Service "x" is invalid: spec.ports[0].nodePort: Invalid value: ...` */
export function invalid(
  rt: Pick<ResourceType, 'group' | 'kind'>,
  name: string,
  causes: StatusCause[],
): StatusError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const qualifiedKind = rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
  const message =
    list.length === 1
      ? `${qualifiedKind} "${name}" is invalid: ${list[0]}`
      : `${qualifiedKind} "${name}" is invalid: [${list.join(', ')}]`;
  const d: StatusBody['details'] = { name, kind: rt.kind, causes };
  if (rt.group) d.group = rt.group;
  return new StatusError(422, 'Invalid', message, d);
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function methodNotSupported(message: string): StatusError {
  return new StatusError(405, 'MethodNotAllowed', message);
}

export function unsupportedMediaType(message: string): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', message);
}

export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
}
