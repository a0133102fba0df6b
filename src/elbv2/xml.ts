// The AWS Query protocol's response side, as ELBv2 writes it: `<OpResponse xmlns=...>
// <OpResult>...</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>`,
// list items as <member>, timestamps ISO 8601 with milliseconds, errors as <ErrorResponse>.
import type { Elbv2Error } from './errors.ts';

export const ELBV2_XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes element text (quotes need none outside attributes). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c]!);
}

function element(name: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`<${name}/>`);
      return;
    }
    out.push(`<${name}>`);
    for (const item of value as unknown[]) element('member', item, out);
    out.push(`</${name}>`);
    return;
  }
  if (value instanceof Date) {
    out.push(`<${name}>${value.toISOString()}</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) element(k, v, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(typeof value === 'string' ? value : JSON.stringify(value))}</${name}>`);
}

export function responseXml(action: string, result: object, requestId: string): string {
  const out: string[] = [`<${action}Response xmlns="${ELBV2_XMLNS}">`, `<${action}Result>`];
  for (const [k, v] of Object.entries(result)) element(k, v, out);
  out.push(
    `</${action}Result>`,
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`,
    `</${action}Response>`,
  );
  return out.join('');
}

export function errorXml(err: Elbv2Error, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${ELBV2_XMLNS}"><Error><Type>${err.fault}</Type>` +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
