// CONTRACT (owned by the ALB-analyzers engineer): the controller's build errors and ALB pitfalls.
import type { Analyzer, CodeInfo } from '../types.ts';

export const ALB_ANALYZER_CODES: readonly CodeInfo[] = [];
export const albAnalyzers: readonly Analyzer[] = [];
