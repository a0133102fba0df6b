// CONTRACT (owned by the Istio-analyzers engineer): Istio's checks with Istio's codes.
import type { Analyzer, CodeInfo } from '../types.ts';

export const ISTIO_CODES: readonly CodeInfo[] = [];
export const istioAnalyzers: readonly Analyzer[] = [];
