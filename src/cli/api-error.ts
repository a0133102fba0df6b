// An API server error as kubectl prints it (kubectl cmd/util/helpers.go): the Status body's
// reason and message (`Error from server (NotFound): services "nope" not found`), Invalid
// errors rebuilt from their causes, 401 as "You must be logged in".

export interface StatusCauseLike {
  reason?: string;
  field?: string;
  message?: string;
}

export interface StatusLike {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCauseLike[] };
}

export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly details: StatusLike['details'];
  constructor(status: number, reason: string, message: string, details?: StatusLike['details']) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.details = details;
  }
}

/** kubectl's invented reason/message when a non-2xx response carries no Status body. */
function genericReason(status: number): [string, string] {
  switch (status) {
    case 400:
      return ['BadRequest', 'the server rejected our request for an unknown reason'];
    case 401:
      return ['Unauthorized', 'the server has asked for the client to provide credentials'];
    case 403:
      return ['Forbidden', 'the server does not allow access to the requested resource'];
    case 404:
      return ['NotFound', 'the server could not find the requested resource'];
    case 405:
      return ['MethodNotAllowed', 'the server does not allow this method on the requested resource'];
    case 409:
      return ['Conflict', 'the server reported a conflict'];
    case 413:
      return ['RequestEntityTooLarge', 'the server has rejected the request because it is too large'];
    case 415:
      return [
        'UnsupportedMediaType',
        'the server responded with the status code 415 but did not return more information',
      ];
    case 422:
      return ['Invalid', 'the server rejected our request due to an error in our request'];
    case 429:
      return [
        'TooManyRequests',
        'the server has received too many requests and has asked us to try again later',
      ];
    case 503:
      return ['ServiceUnavailable', 'the server is currently unable to handle the request'];
    case 504:
      return [
        'Timeout',
        'the server was unable to return a response in the time allotted, but may still be processing the request',
      ];
    default:
      return ['InternalError', 'an error on the server has prevented the request from succeeding'];
  }
}

/** An ApiError from a non-2xx response and its body (a Status, or anything else). */
export function apiErrorFromResponse(status: number, body: string): ApiError {
  let parsed: StatusLike | undefined;
  try {
    const v = JSON.parse(body) as unknown;
    if (typeof v === 'object' && v !== null && (v as StatusLike).kind === 'Status') parsed = v;
  } catch {
    // not JSON
  }
  if (parsed) {
    const [fallbackReason, fallbackMessage] = genericReason(status);
    return new ApiError(
      parsed.code ?? status,
      parsed.reason ?? (status >= 500 ? '' : fallbackReason),
      parsed.message ?? fallbackMessage,
      parsed.details,
    );
  }
  const [reason, message] = genericReason(status);
  const text = body.trim();
  if (status >= 500 && text)
    return new ApiError(
      status,
      reason,
      `an error on the server (${JSON.stringify(text)}) has prevented the request from succeeding`,
    );
  return new ApiError(status, reason, message);
}

/** kubectl's AddSourceToErr: `error when creating "app.yaml": <message>`. */
export function withSource(err: ApiError, verb: string, source: string): ApiError {
  if (!source) return err;
  return new ApiError(err.status, err.reason, `error when ${verb} "${source}": ${err.message}`, err.details);
}

function causeText(c: StatusCauseLike): string {
  const message = c.message ?? '';
  return c.field ? `${c.field}: ${message}` : message;
}

/** The text kubectl prints for an API error (one or more lines, no trailing newline). */
export function kubectlErrorText(err: ApiError): string {
  if (err.reason === 'Invalid' || err.status === 422) {
    const d = err.details;
    if (!d) return `The request is invalid${err.message ? `: ${err.message}` : ''}`;
    let prefix = 'The request is invalid';
    if (d.kind || d.name) prefix = `The ${d.kind ?? ''} ${JSON.stringify(d.name ?? '')} is invalid`;
    else if (err.message) prefix += `: ${err.message}`;
    const causes = d.causes ?? [];
    if (causes.length === 0) return prefix;
    if (causes.length === 1) return `${prefix}: ${causeText(causes[0]!)}`;
    return [`${prefix}: `, ...causes.map((c) => `* ${causeText(c)}`)].join('\n');
  }
  if (err.reason === 'Unauthorized' || err.status === 401)
    return `error: You must be logged in to the server (${err.message})`;
  if (err.reason) return `Error from server (${err.reason}): ${err.message}`;
  return `Error from server: ${err.message}`;
}

export function isNotFound(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 404;
}
