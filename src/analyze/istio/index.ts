// Istio's checks with Istio's codes, levels and texts (istioctl analyze), over one context.
import type { Analyzer, CodeInfo } from '../types.ts';
import {
  GW0001,
  IST0101,
  IST0106,
  IST0112,
  IST0130,
  IST0131,
  IST0132,
  IST0138,
  IST0140,
  IST0145,
  IST0161,
  IST0162,
  IST0173,
  IST0174,
} from './codes.ts';
import { analyzeGatewayCredentials } from './credentials.ts';
import { analyzeDestinationRules } from './destination-rules.ts';
import { analyzeGateways } from './gateways.ts';
import { analyzeIngressSubsets } from './ingress-subsets.ts';
import { analyzeInputShapes } from './schema.ts';
import { analyzeUnreachableRules } from './unreachable.ts';
import { analyzeVirtualServiceDestinations } from './vs-destinations.ts';
import { analyzeVirtualServiceGateways } from './vs-gateways.ts';

export const ISTIO_CODES: readonly CodeInfo[] = [
  IST0101,
  IST0106,
  IST0112,
  IST0130,
  IST0131,
  IST0132,
  IST0138,
  IST0140,
  IST0145,
  IST0161,
  IST0162,
  IST0173,
  IST0174,
  GW0001,
];

export const istioAnalyzers: readonly Analyzer[] = [
  analyzeInputShapes,
  analyzeVirtualServiceGateways,
  analyzeVirtualServiceDestinations,
  analyzeUnreachableRules,
  analyzeIngressSubsets,
  analyzeGateways,
  analyzeGatewayCredentials,
  analyzeDestinationRules,
];
