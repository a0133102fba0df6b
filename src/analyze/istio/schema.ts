// Shape errors found decoding the input: IST0106 SchemaValidationError for Istio's kinds
// (networking.istio.io), gangway's GW0001 InvalidObject for every other kind, in the API
// server's words, at the position the decoder found.
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { GW0001, IST0106 } from './codes.ts';
import { severityOf } from '../types.ts';

const ISTIO_KINDS = new Set([
  'Gateway',
  'VirtualService',
  'DestinationRule',
  'ServiceEntry',
  'Sidecar',
  'WorkloadEntry',
  'WorkloadGroup',
  'EnvoyFilter',
  'ProxyConfig',
]);

function kindOf(d: Diagnostic): string | undefined {
  const o = d.object;
  if (o === undefined) return undefined;
  const space = o.indexOf(' ');
  return space < 0 ? o : o.slice(0, space);
}

function fromInput(d: Diagnostic): Finding {
  const istio = ISTIO_KINDS.has(kindOf(d) ?? '');
  const info = istio ? IST0106 : GW0001;
  const detail =
    d.field !== undefined && !d.message.startsWith(d.field) ? `${d.field}: ${d.message}` : d.message;
  const f: Finding = {
    code: info.code,
    severity: severityOf(info.level),
    message: istio ? `Schema validation error: ${detail}` : detail,
  };
  if (d.object !== undefined) f.object = d.object;
  if (d.field !== undefined) f.field = d.field;
  if (d.at) f.at = d.at;
  return f;
}

export function analyzeInputShapes(ctx: AnalyzeContext): Finding[] {
  return ctx.inputDiagnostics.filter((d) => d.severity === 'error').map(fromInput);
}
