// Content negotiation on the Accept header, as the API server does it: the first media type
// it can serve wins. kubectl asks for Tables (`as=Table;g=meta.k8s.io;v=v1`) on `get`,
// aggregated discovery (`as=APIGroupDiscoveryList`) on /api and /apis, JSON otherwise.
import { StatusError } from '../registry/status-error.ts';

export interface MediaRange {
  type: string; // 'application/json', '*/*'
  params: Record<string, string>; // as, g, v (lower-cased keys)
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  const out: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [type, ...rest] = part.split(';');
    const t = (type ?? '').trim().toLowerCase();
    if (!t) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
    }
    out.push({ type: t, params });
  }
  return out;
}

/** How an object or list read is rendered. */
export type ReadFormat =
  | { mode: 'json' }
  | { mode: 'yaml' }
  | { mode: 'table'; apiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1'; contentType: string }
  | { mode: 'partial'; apiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1'; contentType: string };

function isJsonish(t: string): boolean {
  return t === 'application/json' || t === '*/*' || t === 'application/*';
}

function metaVersion(v: string | undefined): 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1' | undefined {
  if (v === 'v1') return 'meta.k8s.io/v1';
  if (v === 'v1beta1') return 'meta.k8s.io/v1beta1';
  return undefined;
}

export function notAcceptable(): StatusError {
  return new StatusError(
    406,
    'NotAcceptable',
    'only the following media types are accepted: application/json, application/yaml',
  );
}

/** The format of a get/list/watch answer; throws 406 when nothing in Accept can be served. */
export function readFormat(header: string | undefined, list: boolean): ReadFormat {
  const ranges = parseAccept(header);
  if (ranges.length === 0) return { mode: 'json' };
  for (const r of ranges) {
    const as = r.params['as'];
    if (as === undefined) {
      if (isJsonish(r.type)) return { mode: 'json' };
      if (r.type === 'application/yaml') return { mode: 'yaml' };
      continue;
    }
    if (r.type !== 'application/json' || r.params['g'] !== 'meta.k8s.io') continue;
    const apiVersion = metaVersion(r.params['v']);
    if (!apiVersion) continue;
    const v = r.params['v']!;
    if (as === 'Table') {
      return { mode: 'table', apiVersion, contentType: `application/json;as=Table;v=${v};g=meta.k8s.io` };
    }
    if (as === (list ? 'PartialObjectMetadataList' : 'PartialObjectMetadata')) {
      return { mode: 'partial', apiVersion, contentType: `application/json;as=${as};v=${v};g=meta.k8s.io` };
    }
  }
  throw notAcceptable();
}

export const DISCOVERY_V2_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const DISCOVERY_V2BETA1_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which discovery document /api and /apis answer with. */
export type DiscoveryFormat = 'v2' | 'v2beta1' | 'legacy';

export function discoveryFormat(header: string | undefined): DiscoveryFormat {
  for (const r of parseAccept(header)) {
    if (r.params['as'] === 'APIGroupDiscoveryList' && r.params['g'] === 'apidiscovery.k8s.io') {
      if (r.params['v'] === 'v2') return 'v2';
      if (r.params['v'] === 'v2beta1') return 'v2beta1';
      continue;
    }
    if (r.params['as'] === undefined && isJsonish(r.type)) return 'legacy';
  }
  return 'legacy';
}
