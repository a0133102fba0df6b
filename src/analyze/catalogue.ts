// The one catalogue of analyzer codes (docs/analyze.md documents each; a test checks both ways)
// and the full list of analyzers `gangway analyze` runs.
import { ALB_ANALYZER_CODES, albAnalyzers } from './alb/index.ts';
import { CROSS_CODES, crossAnalyzers } from './cross/index.ts';
import { ISTIO_CODES, istioAnalyzers } from './istio/index.ts';
import type { Analyzer, CodeInfo } from './types.ts';

export const ALL_CODES: readonly CodeInfo[] = [...ISTIO_CODES, ...ALB_ANALYZER_CODES, ...CROSS_CODES];

export const ALL_ANALYZERS: readonly Analyzer[] = [...istioAnalyzers, ...albAnalyzers, ...crossAnalyzers];

export function codeInfo(code: string): CodeInfo | undefined {
  return ALL_CODES.find((c) => c.code === code);
}
