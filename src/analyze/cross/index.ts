// CONTRACT (owned by the ALB-analyzers engineer): mistakes that span both hops.
import type { Analyzer, CodeInfo } from '../types.ts';

export const CROSS_CODES: readonly CodeInfo[] = [];
export const crossAnalyzers: readonly Analyzer[] = [];
