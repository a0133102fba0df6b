// Listener rules and actions (model_build_listener_rules.go, model_build_actions.go,
// rule_optimizer.go): per port, walk the members in group order, each member's rules, each
// rule's paths in the controller's order; a backend becomes its action (forward to a target
// group, fixed-response, redirect). The optimizer then drops self-looping redirect rules and
// rules shadowed by an earlier redirect; priorities run 1..n.
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { AlbAction, AlbCondition, AlbRule } from '../model.ts';
import { MISSING_SERVICE_MESSAGE, buildEnhancedBackend, type ActionConfig } from './actions.ts';
import { ruleConditions, sortPaths } from './condition-config.ts';
import { ALB_CODES } from './codes.ts';
import { ruleArn, targetGroupArn } from './names.ts';
import { buildTargetGroup, type TargetGroupContext } from './target-groups.ts';
import { BuildError, type Ingress, type IngressBackend, type ServiceObj } from './types.ts';

export interface RuleContext {
  tg: TargetGroupContext;
  services: ReadonlyMap<string, Readonly<ServiceObj>>;
  diagnostics: Diagnostic[];
}

function ingRef(ing: Readonly<Ingress>): string {
  return `Ingress ${ing.metadata.namespace ?? ''}/${ing.metadata.name ?? ''}`;
}

function redirectStatus(code: string): 'HTTP_301' | 'HTTP_302' {
  if (code === 'HTTP_301' || code === 'HTTP_302') return code;
  throw new BuildError(
    `ValidationError: 1 validation error detected: Value '${code}' at 'actions.1.member.redirectConfig.statusCode' failed to satisfy constraint: Member must satisfy enum value set: [HTTP_302, HTTP_301]`,
    'deploy',
  );
}

/** An action config -> the model's action (forward resolves Services to target groups). */
export function modelAction(
  ctx: RuleContext,
  ing: Readonly<Ingress>,
  cfg: ActionConfig,
  field: string,
): AlbAction {
  switch (cfg.type) {
    case 'fixed-response': {
      const a: AlbAction = { type: 'fixed-response', statusCode: cfg.statusCode };
      if (cfg.contentType !== undefined) a.contentType = cfg.contentType;
      if (cfg.messageBody !== undefined) a.messageBody = cfg.messageBody;
      return a;
    }
    case 'redirect':
      return {
        type: 'redirect',
        protocol: cfg.protocol ?? '#{protocol}',
        port: cfg.port ?? '#{port}',
        host: cfg.host ?? '#{host}',
        path: cfg.path ?? '/#{path}',
        query: cfg.query ?? '#{query}',
        statusCode: redirectStatus(cfg.statusCode),
      };
    case 'forward': {
      const targetGroups: { targetGroupArn: string; weight: number }[] = [];
      for (const t of cfg.targetGroups) {
        let arn: string;
        if (t.serviceName !== undefined) {
          const ns = ing.metadata.namespace ?? '';
          const svc = ctx.services.get(`${ns}/${t.serviceName}`);
          if (!svc) {
            ctx.diagnostics.push({
              code: ALB_CODES.missingService,
              severity: 'warning',
              object: ingRef(ing),
              field,
              message: `service "${ns}/${t.serviceName}" not found: the rule answers 503 "${MISSING_SERVICE_MESSAGE}"`,
            });
            return {
              type: 'fixed-response',
              statusCode: '503',
              contentType: 'text/plain',
              messageBody: MISSING_SERVICE_MESSAGE,
            };
          }
          arn = buildTargetGroup(ctx.tg, ing, svc, t.servicePort ?? 0).arn;
        } else if (t.targetGroupName !== undefined) {
          arn = targetGroupArn(ctx.tg.arn, t.targetGroupName);
        } else {
          arn = t.targetGroupArn ?? '';
        }
        targetGroups.push({ targetGroupArn: arn, weight: t.weight ?? 1 });
      }
      const a: AlbAction = { type: 'forward', targetGroups };
      if (cfg.stickiness) {
        a.stickiness = { enabled: cfg.stickiness.enabled ?? false };
        if (cfg.stickiness.durationSeconds !== undefined)
          a.stickiness.durationSeconds = cfg.stickiness.durationSeconds;
      }
      return a;
    }
  }
}

/** The actions of one backend (path backend or spec.defaultBackend). */
export function backendActions(
  ctx: RuleContext,
  ing: Readonly<Ingress>,
  backend: IngressBackend | undefined,
  field: string,
): { actions: AlbAction[]; conditions: readonly AlbCondition[] } {
  const eb = buildEnhancedBackend(ing, backend);
  if (eb.missingAction !== undefined) {
    ctx.diagnostics.push({
      code: ALB_CODES.missingAction,
      severity: 'warning',
      object: ingRef(ing),
      field,
      message: `annotation alb.ingress.kubernetes.io/actions.${eb.missingAction} does not exist: the rule answers 503 "Backend action does not exist"`,
    });
  }
  return { actions: [modelAction(ctx, ing, eb.action, field)], conditions: eb.conditions };
}

type DraftRule = Omit<AlbRule, 'priority' | 'arn'>;

/** The rules of one listener before optimisation, members in group order. */
export function draftRules(ctx: RuleContext, members: readonly Readonly<Ingress>[]): DraftRule[] {
  const out: DraftRule[] = [];
  for (const ing of members) {
    const ns = ing.metadata.namespace ?? '';
    const name = ing.metadata.name ?? '';
    (ing.spec?.rules ?? []).forEach((rule, ri) => {
      if (!rule.http) return;
      for (const { path, index } of sortPaths(rule.http.paths ?? [])) {
        const field = `spec.rules[${ri}].http.paths[${index}].backend`;
        const { actions, conditions } = backendActions(ctx, ing, path.backend, field);
        out.push({
          conditions: ruleConditions(rule.host, path, conditions),
          actions,
          source: { namespace: ns, name, rule: ri, path: index },
        });
      }
    });
  }
  return out;
}

function redirectOf(actions: readonly AlbAction[]): Extract<AlbAction, { type: 'redirect' }> | undefined {
  const last = actions[actions.length - 1];
  return last?.type === 'redirect' ? last : undefined;
}

function isInfiniteRedirect(port: number, protocol: string, rule: DraftRule): boolean {
  const r = redirectOf(rule.actions);
  if (!r) return false;
  return (
    r.host === '#{host}' &&
    r.path === '/#{path}' &&
    r.query === '#{query}' &&
    (r.port === '#{port}' || r.port === String(port)) &&
    (r.protocol === '#{protocol}' || r.protocol === protocol)
  );
}

function normalized(c: AlbCondition): unknown {
  if (c.field === 'query-string')
    return { ...c, values: [...c.values].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
  return { ...c, values: [...c.values].sort() };
}

/** Every condition of `sub` appears in `sup`: whatever matches `sup` matches `sub`. */
function conditionsCover(sup: readonly AlbCondition[], sub: readonly AlbCondition[]): boolean {
  const ns = sup.map(normalized);
  return sub.every((c) => {
    const n = normalized(c);
    return ns.some((x) => isDeepStrictEqual(x, n));
  });
}

/** rule_optimizer.go: drops self-looping redirects and rules shadowed by an earlier redirect. */
export function optimizeRules(port: number, protocol: string, rules: readonly DraftRule[]): DraftRule[] {
  const kept: DraftRule[] = [];
  const redirects: DraftRule[] = [];
  for (const rule of rules) {
    if (isInfiniteRedirect(port, protocol, rule)) continue;
    if (redirects.some((r) => conditionsCover(rule.conditions, r.conditions))) continue;
    kept.push(rule);
    if (redirectOf(rule.actions)) redirects.push(rule);
  }
  return kept;
}

/** Numbers the rules 1..n and names them. */
export function numberRules(listenerArn: string, rules: readonly DraftRule[]): AlbRule[] {
  return rules.map((r, i) => ({ priority: i + 1, arn: ruleArn(listenerArn, i + 1), ...r }));
}
