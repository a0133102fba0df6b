// The ALB half of a trace: which load balancer answers the name, its listener, the rule (with
// the data plane's own matcher, dataplane/alb/match.ts), the action and its target group, and
// the targets' health (fail-open when none is healthy, as the ALB does).
import { isIPv4 } from 'node:net';
import type { AlbAction, AlbCondition, AlbListener, LoadBalancer, TargetGroup } from '../alb/model.ts';
import { compileListener, hostWithoutPort, matchRule, type MatchInput } from '../dataplane/alb/match.ts';
import { ALB_SERVER, redirectLocation, redirectStatus } from '../dataplane/alb/responses.ts';
import type { ParsedRequest, TraceState } from './request.ts';
import { addHop } from './request.ts';
import type { TraceInput } from './types.ts';

export interface AlbOutcome {
  lb: LoadBalancer;
  listener: AlbListener;
  tg: TargetGroup;
}

const HOSTNAME_ANNOTATION = 'external-dns.alpha.kubernetes.io/hostname';

function findLoadBalancer(input: TraceInput, req: ParsedRequest, st: TraceState): LoadBalancer | undefined {
  const host = req.dnsHost;
  const lbs = input.alb.loadBalancers;
  const byName = lbs.find((lb) => lb.dnsName === host);
  if (byName) {
    addHop(st, { hop: 'dns', verdict: 'ok', name: host, detail: `the ALB's own DNS name` });
    return byName;
  }
  let address: string | undefined;
  let via: string;
  if (isIPv4(host)) {
    address = host;
    via = 'an address';
  } else if (input.dns !== undefined) {
    address = input.dns.find((r) => r.name === host)?.value;
    via = address === undefined ? '' : `A ${address} (external-dns)`;
  } else via = 'external-dns hostname (offline: from the annotations)';
  const lb =
    address !== undefined && input.lbAddress
      ? lbs.find((l) => input.lbAddress?.(l.name) === address)
      : input.dns === undefined
        ? lbs.find((l) => l.externalDnsHostnames.includes(host))
        : undefined;
  if (lb) {
    addHop(st, { hop: 'dns', verdict: 'ok', name: host, detail: `${via} -> ${lb.dnsName}` });
    return lb;
  }
  const ing = lbs[0]?.ingresses[0];
  addHop(st, {
    hop: 'dns',
    verdict: 'fail',
    name: host,
    status: 0,
    detail:
      lbs.length === 0
        ? 'no ALB exists: no Ingress of class alb was built into a load balancer'
        : address !== undefined
          ? `resolves to ${address}, which is no ALB's address`
          : `no DNS record names ${host} and no ALB has that DNS name`,
    fix:
      lbs.length === 0
        ? 'apply an Ingress with kubernetes.io/ingress.class: alb (or ingressClassName: alb); run `gangway analyze` for build errors'
        : `add the annotation ${HOSTNAME_ANNOTATION}: "${host}" to the Ingress${ing ? ` ${ing.namespace}/${ing.name}` : ''}`,
  });
  return undefined;
}

function conditionText(c: AlbCondition): string {
  switch (c.field) {
    case 'http-header':
      return `http-header ${c.httpHeaderName}=${c.values.join(',')}`;
    case 'query-string':
      return `query-string ${c.values.map((v) => (v.key === undefined ? v.value : `${v.key}=${v.value}`)).join(',')}`;
    default:
      return `${c.field} ${c.values.join(',')}`;
  }
}

function actionText(a: AlbAction, tgName: (arn: string) => string): string {
  switch (a.type) {
    case 'forward':
      return `forward -> ${a.targetGroups.map((g) => `${tgName(g.targetGroupArn)}${a.targetGroups.length > 1 ? ` (weight ${g.weight})` : ''}`).join(', ')}`;
    case 'redirect':
      return `redirect ${a.statusCode} ${a.protocol}://${a.host}:${a.port}${a.path}?${a.query}`;
    case 'fixed-response':
      return `fixed-response ${a.statusCode}`;
  }
}

export function traceAlb(input: TraceInput, req: ParsedRequest, st: TraceState): AlbOutcome | undefined {
  const lb = findLoadBalancer(input, req, st);
  if (!lb) return undefined;
  const ing = lb.ingresses.map((i) => `${i.namespace}/${i.name}`).join(', ');
  addHop(st, { hop: 'alb', verdict: 'ok', name: lb.name, detail: `${lb.scheme}, Ingress ${ing}` });
  const listener = lb.listeners.find((l) => l.port === req.port);
  const all = lb.listeners.map((l) => `${l.protocol}:${l.port}`).join(', ') || 'none';
  if (!listener) {
    addHop(st, {
      hop: 'listener',
      verdict: 'fail',
      name: `${req.scheme.toUpperCase()}:${req.port}`,
      status: 0,
      detail: `no listener on port ${req.port} (listeners: ${all}): the connection is refused`,
      fix: `add {"${req.scheme.toUpperCase()}": ${req.port}} to alb.ingress.kubernetes.io/listen-ports on Ingress ${ing}`,
    });
    return undefined;
  }
  if (listener.protocol.toLowerCase() !== req.scheme) {
    addHop(st, {
      hop: 'listener',
      verdict: 'fail',
      name: `${listener.protocol}:${listener.port}`,
      status: 0,
      detail: `the listener speaks ${listener.protocol}, the client ${req.scheme.toUpperCase()}: the connection fails`,
      fix: `use ${listener.protocol.toLowerCase()}://${req.authority}${req.target}`,
    });
    return undefined;
  }
  addHop(st, {
    hop: 'listener',
    verdict: 'ok',
    name: `${listener.protocol}:${listener.port}`,
    detail:
      listener.protocol === 'HTTPS'
        ? `TLS terminated (${listener.sslPolicy ?? 'default policy'}, ${listener.certificateArns.length} certificate(s))`
        : 'plain HTTP',
  });
  const compiled = compileListener(listener);
  const input2: MatchInput = {
    method: req.method,
    path: req.path,
    query: req.query,
    host: hostWithoutPort(req.authority),
    headers: req.rawHeaders,
    sourceIp: '127.0.0.1',
  };
  const rule = matchRule(compiled, input2);
  const tgName = (arn: string): string => lb.targetGroups.find((t) => t.arn === arn)?.name ?? arn;
  if (rule) {
    const src = rule.rule.source;
    addHop(st, {
      hop: 'rule',
      verdict: 'ok',
      name: `priority ${rule.rule.priority}`,
      detail: `${rule.rule.conditions.map(conditionText).join(' AND ') || 'no conditions'} (Ingress ${src.namespace}/${src.name} rules[${src.rule}].paths[${src.path}])`,
    });
  } else {
    addHop(st, {
      hop: 'rule',
      verdict: 'ok',
      name: 'default',
      detail: `no rule matches (${compiled.rules.length} rule(s)): the listener's default action`,
    });
  }
  const action = rule ? rule.action : compiled.defaultAction;
  return traceAction(lb, listener, action, rule === undefined, req, st, input, tgName);
}

function traceAction(
  lb: LoadBalancer,
  listener: AlbListener,
  action: AlbAction,
  isDefault: boolean,
  req: ParsedRequest,
  st: TraceState,
  input: TraceInput,
  tgName: (arn: string) => string,
): AlbOutcome | undefined {
  const text = actionText(action, tgName);
  if (action.type === 'redirect') {
    const location = redirectLocation(action, {
      protocol: req.scheme,
      host: hostWithoutPort(req.authority),
      port: listener.port,
      path: req.path,
      query: req.query,
    });
    addHop(st, {
      hop: 'action',
      verdict: 'ok',
      name: 'redirect',
      detail: `${text}: Location ${location}`,
      status: redirectStatus(action),
      server: ALB_SERVER,
    });
    return undefined;
  }
  if (action.type === 'fixed-response') {
    const status = Number(action.statusCode);
    const bad = status >= 400;
    addHop(st, {
      hop: 'action',
      verdict: bad ? 'fail' : 'ok',
      name: 'fixed-response',
      detail: isDefault ? `${text} (the default action: no rule matched)` : text,
      status,
      server: ALB_SERVER,
      ...(bad
        ? {
            fix: isDefault
              ? `add an Ingress rule whose host and path match ${hostWithoutPort(req.authority)}${req.path}`
              : 'change the rule action (alb.ingress.kubernetes.io/actions.*)',
          }
        : {}),
    });
    return undefined;
  }
  // Several weighted target groups: follow the heaviest (the data plane picks by weight).
  const pick = [...action.targetGroups].sort((a, b) => b.weight - a.weight)[0];
  const tg = pick ? lb.targetGroups.find((t) => t.arn === pick.targetGroupArn) : undefined;
  if (!tg) {
    addHop(st, {
      hop: 'action',
      verdict: 'fail',
      name: 'forward',
      detail: `${text}: no target group can take traffic`,
      status: 503,
      server: ALB_SERVER,
      fix: 'give a target group a weight above 0',
    });
    return undefined;
  }
  addHop(st, { hop: 'action', verdict: 'ok', name: 'forward', detail: text });
  const hc = tg.healthCheck;
  addHop(st, {
    hop: 'target-group',
    verdict: 'ok',
    name: tg.name,
    detail: `${tg.protocol}:${tg.port} ${tg.targetType} -> Service ${tg.service.namespace}/${tg.service.name}:${tg.service.port}; health check ${hc.protocol} ${hc.port === 'traffic-port' ? 'traffic-port' : hc.port} ${hc.path} (${hc.matcher.httpCode})`,
  });
  return traceTargets(tg, st, input) ? { lb, listener, tg } : undefined;
}

function traceTargets(tg: TargetGroup, st: TraceState, input: TraceInput): boolean {
  const health = input.targets(tg);
  if (health === undefined) {
    addHop(st, {
      hop: 'targets',
      verdict: 'assumed',
      name: 'unknown',
      detail: 'not known offline (gangway up runs health checks); assumed healthy',
    });
    st.assumptions.push('targets registered and healthy');
    return true;
  }
  const live = health.filter((h) => h.state !== 'draining');
  if (live.length === 0) {
    addHop(st, {
      hop: 'targets',
      verdict: 'fail',
      name: '0 registered',
      detail: `target group ${tg.name} has no registered targets`,
      status: 503,
      server: ALB_SERVER,
      fix:
        tg.targetType === 'instance'
          ? `no node qualifies${tg.nodeSelector ? ' (target-node-labels)' : ''}: check the nodes`
          : `Service ${tg.service.namespace}/${tg.service.name} has no ready endpoints`,
    });
    return false;
  }
  const healthy = live.filter((h) => h.state === 'healthy');
  const list = live.map((h) => `${h.target.id}:${h.target.port} ${h.state}`).join(', ');
  if (healthy.length === 0) {
    const why = live.find((h) => h.description)?.description ?? live[0]?.reason ?? '';
    const initial = live.every((h) => h.state === 'initial');
    addHop(st, {
      hop: 'targets',
      verdict: 'warn',
      name: `0/${live.length} healthy`,
      detail: `${list}${why ? ` (${why})` : ''}; ${initial ? 'first checks pending:' : 'fail-open:'} the ALB routes to all registered targets`,
      ...(initial
        ? {}
        : {
            fix: `health check ${tg.healthCheck.port} ${tg.healthCheck.path} fails: for an Istio gateway set alb.ingress.kubernetes.io/healthcheck-port: status-port and healthcheck-path: /healthz/ready on Service ${tg.service.namespace}/${tg.service.name}`,
          }),
    });
  } else {
    addHop(st, {
      hop: 'targets',
      verdict: 'ok',
      name: `${healthy.length}/${live.length} healthy`,
      detail: list,
    });
  }
  return true;
}
