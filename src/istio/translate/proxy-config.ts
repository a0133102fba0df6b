// The gateway pod's ProxyConfig overrides (annotation `proxy.istio.io/config`, YAML or JSON, as
// pilot-agent reads it): gatewayTopology.numTrustedProxies -> Envoy's xff_num_trusted_hops.
import { parse } from 'yaml';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { GatewayProxy } from '../model.ts';

export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/** numTrustedProxies from the pod's annotation; undefined when not set (Envoy's 0). */
export function numTrustedProxies(proxy: GatewayProxy, report: (d: Diagnostic) => void): number | undefined {
  const text = proxy.annotations?.[PROXY_CONFIG_ANNOTATION];
  if (text === undefined || text.trim() === '') return undefined;
  const bad = (why: string): undefined => {
    report({
      code: 'GW-PROXY-CONFIG',
      severity: 'warning',
      message: `annotation ${PROXY_CONFIG_ANNOTATION}: ${why}; ignored`,
      object: `Pod ${proxy.namespace}/${proxy.name}`,
      field: `metadata.annotations[${PROXY_CONFIG_ANNOTATION}]`,
    });
    return undefined;
  };
  let value: unknown;
  try {
    value = parse(text) as unknown;
  } catch (err) {
    return bad(`not YAML or JSON (${(err as Error).message.split('\n')[0] ?? ''})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return bad('not a ProxyConfig object');
  const topology = (value as Record<string, unknown>)['gatewayTopology'];
  if (topology === undefined || topology === null) return undefined;
  if (typeof topology !== 'object') return bad('gatewayTopology is not an object');
  const n = (topology as Record<string, unknown>)['numTrustedProxies'];
  if (n === undefined || n === null) return undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    return bad('gatewayTopology.numTrustedProxies is not a non-negative integer');
  return n;
}
