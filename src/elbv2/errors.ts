// ELBv2 API errors as AWS answers them: a code, a message and the fault side (Sender: 400,
// Receiver: 500). The Query protocol renders them as <ErrorResponse>; the CLI prints
// `An error occurred (Code) when calling the Op operation: Message`.

export type Elbv2Fault = 'Sender' | 'Receiver';

export class Elbv2Error extends Error {
  readonly code: string;
  readonly fault: Elbv2Fault;
  readonly httpStatus: number;
  constructor(code: string, message: string, opts: { fault?: Elbv2Fault; httpStatus?: number } = {}) {
    super(message);
    this.name = 'Elbv2Error';
    this.code = code;
    this.fault = opts.fault ?? 'Sender';
    this.httpStatus = opts.httpStatus ?? (this.fault === 'Sender' ? 400 : 500);
  }
}

/** `Load balancers '[a, b]' not found` when names were given, AWS's generic text for ARNs. */
export function loadBalancerNotFound(names?: readonly string[]): Elbv2Error {
  return new Elbv2Error(
    'LoadBalancerNotFound',
    names && names.length > 0
      ? `Load balancers '[${names.join(', ')}]' not found`
      : 'One or more load balancers not found',
  );
}

export function targetGroupNotFound(names?: readonly string[]): Elbv2Error {
  return new Elbv2Error(
    'TargetGroupNotFound',
    names && names.length > 0
      ? `Target groups '[${names.join(', ')}]' not found`
      : 'One or more target groups not found',
  );
}

export function listenerNotFound(): Elbv2Error {
  return new Elbv2Error('ListenerNotFound', 'One or more listeners not found');
}

export function ruleNotFound(): Elbv2Error {
  return new Elbv2Error('RuleNotFound', 'One or more rules not found');
}

export function validationError(message: string): Elbv2Error {
  return new Elbv2Error('ValidationError', message);
}

/** The wording of AWS's request validation: `1 validation error detected: Value ... at 'x' ...`. */
export function constraintError(value: string | null, field: string, constraint: string): Elbv2Error {
  const shown = value === null ? 'null' : `'${value}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function invalidAction(action: string, version: string): Elbv2Error {
  return new Elbv2Error('InvalidAction', `Could not find operation ${action} for version ${version}`);
}
