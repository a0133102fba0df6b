// The AWS Load Balancer Controller's own errors (the translator's ALB-* diagnostics) as GW1001..
// GW1008 Findings, in the controller's wording, pointed at the field at fault: the annotation
// named in the message, the Ingress path or backend it is about, or the annotation that feeds it.
import { ALB_CODES } from '../../alb/translate/index.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { FieldPath, KubeObject } from '../../resources/types.ts';
import { parseFieldString } from '../field-path.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, CodeInfo, Finding } from '../types.ts';
import { GW1001, GW1002, GW1003, GW1004, GW1005, GW1006, GW1007, GW1008 } from './codes.ts';
import { albTranslation, serviceType } from './translation.ts';

const PREFIX = 'alb.ingress.kubernetes.io/';

const BY_CODE: Readonly<Record<string, CodeInfo>> = {
  [ALB_CODES.buildFailed]: GW1001,
  [ALB_CODES.deployFailed]: GW1002,
  [ALB_CODES.groupInvalid]: GW1003,
  [ALB_CODES.missingAction]: GW1004,
  [ALB_CODES.missingService]: GW1005,
  [ALB_CODES.unknownAnnotation]: GW1006,
  [ALB_CODES.misplacedAnnotation]: GW1007,
  [ALB_CODES.notEmulated]: GW1008,
};

/** Message pattern -> the annotation suffix the controller read it from. */
const ANNOTATION_OF: readonly (readonly [RegExp, string])[] = [
  [/listen-ports|listen port|listen protocol|listenPort config/, 'listen-ports'],
  [/SSLRedirect|sslRedirect/, 'ssl-redirect'],
  [/certificate must be specified/, 'certificate-arn'],
  [/healthCheckPort/, 'healthcheck-port'],
  [/healthCheckProtocol/, 'healthcheck-protocol'],
  [/backend protocol version/, 'backend-protocol-version'],
  [/backend protocol/, 'backend-protocol'],
  [/targetType/, 'target-type'],
  [/load balancing algorithm/, 'target-group-attributes'],
  [/unknown scheme|conflicting scheme/, 'scheme'],
  [/IPAddressType|ip address type/i, 'ip-address-type'],
  [/cidr|CIDR/, 'inbound-cidrs'],
  [/load balancer name/, 'load-balancer-name'],
  [/group order|group\.order/, 'group.order'],
  [/groupName|group\.name/, 'group.name'],
];

const HINTS: readonly (readonly [RegExp, string])[] = [
  [/listen-ports configuration/, `; write it as JSON, e.g. '[{"HTTP": 80}, {"HTTPS": 443}]'`],
  [/listener does not exist for SSLRedirect port/, '; add that port to listen-ports as HTTPS'],
  [
    /listener protocol non-SSL for SSLRedirect port/,
    '; ssl-redirect must name an HTTPS port of listen-ports',
  ],
  [/certificate must be specified/, '; set certificate-arn (or a tls host ACM can match)'],
  [/TargetGroup port is empty/, '; make the Service NodePort, or set target-type: ip'],
  [/unknown action type/, '; Type is one of forward, redirect, fixed-response'],
  [/unable to find port/, '; use a port number (or port name) the Service declares'],
];

function annotationsOf(o: Readonly<KubeObject> | undefined): Record<string, string> {
  return o?.metadata.annotations ?? {};
}

interface BackendRef {
  path: FieldPath;
  service: string;
  port: string;
}

function backendsOf(ing: Readonly<KubeObject>): BackendRef[] {
  type B = { service?: { name?: string; port?: { name?: string; number?: number } } };
  const spec = ing['spec'] as
    { defaultBackend?: B; rules?: { http?: { paths?: { backend?: B }[] } }[] } | undefined;
  const out: BackendRef[] = [];
  const add = (b: B | undefined, path: FieldPath): void => {
    if (b?.service?.name !== undefined)
      out.push({
        path,
        service: b.service.name,
        port: String(b.service.port?.number ?? b.service.port?.name ?? ''),
      });
  };
  add(spec?.defaultBackend, ['spec', 'defaultBackend', 'service', 'name']);
  (spec?.rules ?? []).forEach((r, ri) => {
    (r.http?.paths ?? []).forEach((p, pi) => {
      add(p.backend, ['spec', 'rules', ri, 'http', 'paths', pi, 'backend', 'service', 'name']);
    });
  });
  return out;
}

/** The object and field a message without a field is about. */
function locateMessage(
  ctx: AnalyzeContext,
  ing: Readonly<KubeObject>,
  message: string,
): [Readonly<KubeObject>, FieldPath] {
  const ns = ing.metadata.namespace ?? '';
  const anns = annotationsOf(ing);
  const named = /alb\.ingress\.kubernetes\.io\/[\w./-]*[\w]/.exec(message)?.[0];
  if (named !== undefined && named in anns) return [ing, ['metadata', 'annotations', named]];
  const svcPort = /unable to find port (\S+) on service ([^/\s]+)\/(\S+)/.exec(message);
  if (svcPort) {
    const b = backendsOf(ing).find((x) => x.service === svcPort[3] && x.port === svcPort[1]);
    if (b) return [ing, [...b.path.slice(0, -1), 'port']];
  }
  if (/TargetGroup port is empty/.test(message)) {
    const b = backendsOf(ing).find((x) => {
      const svc = ctx.get('Service', ns, x.service);
      return svc !== undefined && serviceType(svc) === 'ClusterIP';
    });
    if (b) return [ing, b.path];
  }
  if (/unknown action type|ForwardConfig|FixedResponseConfig|RedirectConfig|targetGroup/i.test(message)) {
    const key = Object.keys(anns).find((k) => k.startsWith(`${PREFIX}actions.`));
    if (key !== undefined) return [ing, ['metadata', 'annotations', key]];
  }
  if (/condition|RuleCondition/i.test(message)) {
    const key = Object.keys(anns).find((k) => k.startsWith(`${PREFIX}conditions.`));
    if (key !== undefined) return [ing, ['metadata', 'annotations', key]];
  }
  const pathMsg = /path(?: for path)? (?:shouldn't contain wildcards: )?(\/\S*)|pathType/.exec(message);
  if (pathMsg) {
    const rules =
      (ing['spec'] as { rules?: { http?: { paths?: { path?: string }[] } }[] } | undefined)?.rules ?? [];
    for (const [ri, r] of rules.entries())
      for (const [pi, p] of (r.http?.paths ?? []).entries())
        if (pathMsg[1] === undefined || p.path === pathMsg[1])
          return [ing, ['spec', 'rules', ri, 'http', 'paths', pi, 'path']];
  }
  for (const [re, suffix] of ANNOTATION_OF) {
    if (!re.test(message)) continue;
    const key = PREFIX + suffix;
    for (const b of backendsOf(ing)) {
      const svc = ctx.get('Service', ns, b.service);
      if (svc && key in annotationsOf(svc)) return [svc, ['metadata', 'annotations', key]];
    }
    if (key in anns) return [ing, ['metadata', 'annotations', key]];
    // No certificate-arn at all: the HTTPS entry of listen-ports asked for one.
    if (suffix === 'certificate-arn' && `${PREFIX}listen-ports` in anns)
      return [ing, ['metadata', 'annotations', `${PREFIX}listen-ports`]];
  }
  return [ing, []];
}

/** `metadata.annotations[key]` or `spec.rules[0]...` -> FieldPath. */
function fieldPath(field: string): FieldPath {
  const ann = /^metadata\.(annotations|labels)\[(.+)\]$/.exec(field);
  return ann ? ['metadata', ann[1]!, ann[2]!] : parseFieldString(field);
}

function objectOf(ctx: AnalyzeContext, ref: string | undefined): Readonly<KubeObject> | undefined {
  const m = /^(\w+) ([^/]*)\/(.+)$/.exec(ref ?? '');
  return m ? ctx.get(m[1]!, m[2]!, m[3]!) : undefined;
}

function hint(message: string): string {
  return HINTS.find(([re]) => re.test(message))?.[1] ?? '';
}

function toFinding(ctx: AnalyzeContext, d: Diagnostic): Finding | undefined {
  const info = BY_CODE[d.code];
  const subject = objectOf(ctx, d.object);
  if (!info || !subject) return undefined;
  if (d.field !== undefined) return finding(info, subject, fieldPath(d.field), d.message);
  if (subject.kind !== 'Ingress') return finding(info, subject, [], d.message);
  const [obj, path] = locateMessage(ctx, subject, d.message);
  // The field may be on the backend Service (Service annotations win): then name the Service.
  return finding(info, obj, path, `${d.message}${hint(d.message)}`);
}

/** GW1001..GW1008: every error and warning the controller itself reports. */
export function controllerErrors(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const d of albTranslation(ctx).diagnostics) {
    const f = toFinding(ctx, d);
    if (f) out.push(f);
  }
  return out;
}
