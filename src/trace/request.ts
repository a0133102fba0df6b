// The traced request, parsed once: scheme, host, port, path and query from the URL, the Host
// header as the client would send it (a `-H Host:` overrides the URL's), and the headers as
// the flat [name, value, ...] list the ALB matcher reads. Also the trace's running state.
import type { Hop, TraceRequest } from './types.ts';

export interface ParsedRequest {
  method: string;
  scheme: 'http' | 'https';
  /** Lower-case host without the port (what DNS resolves: the URL's host). */
  dnsHost: string;
  /** The Host header / :authority as sent. */
  authority: string;
  port: number;
  /** The request target: path and query. */
  target: string;
  path: string;
  query: string;
  /** Client headers, flat [name, value, ...], Host first. */
  rawHeaders: string[];
}

export function parseRequest(req: TraceRequest): ParsedRequest {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new Error(`not a URL: ${req.url} (want http://HOST[:PORT]/PATH or https://...)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`unsupported scheme ${url.protocol} (want http or https)`);
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  let authority = url.host;
  const rawHeaders: string[] = [];
  for (const [name, value] of req.headers) {
    if (name.toLowerCase() === 'host') authority = value;
    else rawHeaders.push(name, value);
  }
  rawHeaders.unshift('host', authority);
  return {
    method: req.method.toUpperCase(),
    scheme,
    dnsHost: url.hostname.toLowerCase(),
    authority,
    port,
    target: `${url.pathname}${url.search}`,
    path: url.pathname,
    query: url.search.startsWith('?') ? url.search.slice(1) : '',
    rawHeaders,
  };
}

/** The hops so far and, once a hop ends the request, its answer. */
export interface TraceState {
  hops: Hop[];
  assumptions: string[];
  done: { status: number; server: string } | undefined;
}

export function newState(): TraceState {
  return { hops: [], assumptions: [], done: undefined };
}

/** Records a hop; a hop with a status ends the request there. */
export function addHop(st: TraceState, hop: Hop): void {
  st.hops.push(hop);
  if (hop.status !== undefined && st.done === undefined)
    st.done = { status: hop.status, server: hop.server ?? '' };
}
