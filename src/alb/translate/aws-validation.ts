// What the ELBv2 API rejects in a model the controller built (the controller passes these
// through; AWS answers at deploy time, so each failure is a FailedDeployModel): fixed-response
// status / content type / 1024-char body, forward weights (0..999) and at most 5 target
// groups, stickiness duration, redirects from HTTPS to HTTP, and the attribute ranges gangway
// emulates (idle timeout 1..4000 s, deregistration delay 0..3600 s).
import type { AlbAction, AlbListener } from '../model.ts';
import { BuildError } from './types.ts';

export const FIXED_RESPONSE_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'text/css',
  'text/html',
  'application/javascript',
  'application/json',
];
export const MAX_MESSAGE_BODY = 1024;
export const MAX_FORWARD_TARGET_GROUPS = 5;

function deployError(message: string): BuildError {
  return new BuildError(message, 'deploy');
}

function constraint(value: string, at: string, rule: string): BuildError {
  return deployError(
    `ValidationError: 1 validation error detected: Value '${value}' at '${at}' failed to satisfy constraint: ${rule}`,
  );
}

/** One action of a rule (`at` is its AWS parameter path, e.g. actions.1.member). */
export function validateAction(a: AlbAction, at: string): void {
  switch (a.type) {
    case 'fixed-response':
      if (!/^[245]\d\d$/.test(a.statusCode)) {
        throw constraint(
          a.statusCode,
          `${at}.fixedResponseConfig.statusCode`,
          String.raw`Member must satisfy regular expression pattern: ^(2|4|5)\d\d$`,
        );
      }
      if (a.contentType !== undefined && !FIXED_RESPONSE_CONTENT_TYPES.includes(a.contentType)) {
        throw deployError(
          `ValidationError: Invalid content type '${a.contentType}'; valid values are ${FIXED_RESPONSE_CONTENT_TYPES.join(', ')}`,
        );
      }
      if (a.messageBody !== undefined && a.messageBody.length > MAX_MESSAGE_BODY) {
        throw constraint(
          `${a.messageBody.slice(0, 32)}...`,
          `${at}.fixedResponseConfig.messageBody`,
          `Member must have length less than or equal to ${MAX_MESSAGE_BODY}`,
        );
      }
      return;
    case 'forward': {
      if (a.targetGroups.length > MAX_FORWARD_TARGET_GROUPS) {
        throw deployError(
          `TooManyTargetGroups: A forward action cannot have more than ${MAX_FORWARD_TARGET_GROUPS} target groups`,
        );
      }
      a.targetGroups.forEach((t, i) => {
        if (t.weight < 0 || t.weight > 999) {
          throw constraint(
            String(t.weight),
            `${at}.forwardConfig.targetGroups.${i + 1}.member.weight`,
            t.weight < 0
              ? 'Member must have value greater than or equal to 0'
              : 'Member must have value less than or equal to 999',
          );
        }
      });
      const d = a.stickiness?.durationSeconds;
      if (a.stickiness?.enabled === true && d === undefined) {
        throw deployError(
          'ValidationError: A duration must be specified when target group stickiness is enabled',
        );
      }
      if (d !== undefined && (d < 1 || d > 604800)) {
        throw deployError(
          `ValidationError: Target group stickiness duration must be between 1 and 604800 seconds, got ${d}`,
        );
      }
      return;
    }
    case 'redirect':
      return;
  }
}

/** Every action of a listener, and HTTPS listeners may not redirect to HTTP. */
export function validateListener(l: AlbListener): void {
  const check = (actions: readonly AlbAction[]): void => {
    actions.forEach((a, i) => {
      validateAction(a, `actions.${i + 1}.member`);
      if (l.protocol === 'HTTPS' && a.type === 'redirect' && a.protocol === 'HTTP') {
        throw deployError('InvalidLoadBalancerAction: Redirect actions from HTTPS to HTTP are not allowed');
      }
    });
  };
  check(l.defaultActions);
  for (const r of l.rules) check(r.actions);
}

/** An integer attribute within [min, max]; `dflt` when absent. */
export function intAttribute(
  attrs: Readonly<Record<string, string>>,
  key: string,
  min: number,
  max: number,
  dflt: number,
  what: 'Load balancer' | 'Target group',
): number {
  const raw = attrs[key];
  if (raw === undefined) return dflt;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw deployError(
      `ValidationError: ${what} attribute '${key}' must be an integer between ${min} and ${max}, got '${raw}'`,
    );
  }
  return n;
}
