// istioctl analyze's output: `-o log` lines, `-o json|yaml` message lists, the clean line,
// and exit code 79 at or above --failure-threshold (istioctl's AnalyzerFoundIssues).
import { stringify } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { ISTIO_VERSION } from '../istio/install/objects.ts';
import { codeInfo } from './catalogue.ts';
import type { Level } from './types.ts';
import { levelOf } from './types.ts';

export const EXIT_ANALYZER_FOUND_ISSUES = 79;

export type OutputFormat = 'log' | 'json' | 'yaml';

const RANK: Readonly<Record<Level, number>> = { Info: 0, Warning: 1, Error: 2 };

export function parseLevel(s: string): Level | undefined {
  const l = s.toLowerCase();
  return l === 'error'
    ? 'Error'
    : l === 'warning' || l === 'warn'
      ? 'Warning'
      : l === 'info'
        ? 'Info'
        : undefined;
}

export function atOrAbove(d: Diagnostic, level: Level): boolean {
  return RANK[levelOf(d.severity)] >= RANK[level];
}

/** Where the docs of a code live: istio.io for IST codes, docs/analyze.md for gangway's own. */
export function documentationUrl(code: string): string {
  if (code.startsWith('IST')) {
    const minor = ISTIO_VERSION.split('.').slice(0, 2).join('.');
    return `https://istio.io/v${minor}/docs/reference/config/analysis/${code.toLowerCase()}/?ref=istioctl`;
  }
  const doc = code.startsWith('GW0') ? 'analyze-istio-codes.md' : 'analyze-alb-codes.md';
  const name = codeInfo(code)?.name ?? '';
  const anchor = name ? `${code}-${name}`.toLowerCase() : code.toLowerCase();
  return `https://github.com/gangway-dev/gangway/blob/main/docs/${doc}#${anchor}`;
}

/** `Error [IST0101] (VirtualService test-ns/vs test.yaml:40) Referenced gateway not found: "gw"` */
export function formatLogLine(d: Diagnostic): string {
  const where = d.at ? ` ${d.at.file}:${d.at.line}` : '';
  const origin = d.object !== undefined ? ` (${d.object}${where})` : '';
  return `${levelOf(d.severity)} [${d.code}]${origin} ${d.message}`;
}

function asRecord(d: Diagnostic): Record<string, string> {
  const r: Record<string, string> = {
    code: d.code,
    documentationUrl: documentationUrl(d.code),
    level: levelOf(d.severity),
    message: d.message,
  };
  if (d.object !== undefined) r['origin'] = d.object;
  if (d.at) r['reference'] = `${d.at.file}:${d.at.line}`;
  return r;
}

/** The whole stdout for the messages at or above `outputThreshold`; `scope` as `namespace: x`. */
export function renderMessages(messages: readonly Diagnostic[], format: OutputFormat, scope: string): string {
  if (format === 'json') return `${JSON.stringify(messages.map(asRecord), null, '\t')}\n`;
  if (format === 'yaml') return messages.length === 0 ? '[]\n' : stringify(messages.map(asRecord));
  if (messages.length === 0) return `\u2714 No validation issues found when analyzing ${scope}.\n`;
  return messages.map((m) => `${formatLogLine(m)}\n`).join('');
}

/** istioctl's stderr line when it exits 79. */
export function foundIssuesLine(scope: string): string {
  const minor = ISTIO_VERSION.split('.').slice(0, 2).join('.');
  return `Error: Analyzers found issues when analyzing ${scope}.\nSee https://istio.io/v${minor}/docs/reference/config/analysis for more information about causes and resolutions.\n`;
}
