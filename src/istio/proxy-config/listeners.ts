// `proxy-config listeners`: istioctl's listener summary (ADDRESSES PORT MATCH DESTINATION, or
// ADDRESSES PORT TYPE with --verbose=false; tabwriter padding 1) and its -o json|yaml list.
import { tabwrite } from '../../printers/tabwriter.ts';
import { describeMatch } from './routes.ts';
import { dumpListeners } from './dump.ts';
import type { Json } from './json.ts';
import { arr, num, obj, str } from './json.ts';

const HCM = 'envoy.filters.network.http_connection_manager';
const TCP_PROXY = 'envoy.filters.network.tcp_proxy';

export interface ListenerFilter {
  address?: string;
  port?: number;
  type?: string;
  name?: string;
}

function address(l: Json): string {
  const sa = obj(obj(l['address'])['socket_address']);
  return str(sa['address']);
}

function port(l: Json): number {
  return num(obj(obj(l['address'])['socket_address'])['port_value']);
}

function filtersOf(l: Json): Json[] {
  return arr(l['filter_chains']).flatMap((c) => arr(obj(c)['filters']).map(obj));
}

/** retrieveListenerType: HTTP, TCP, HTTP+TCP or UNKNOWN. */
function listenerType(l: Json): string {
  const names = new Set(filtersOf(l).map((f) => str(f['name'])));
  const http = names.has(HCM);
  const tcp = names.has(TCP_PROXY);
  if (http && tcp) return 'HTTP+TCP';
  if (http) return 'HTTP';
  if (tcp) return 'TCP';
  return 'UNKNOWN';
}

function verify(l: Json, f: ListenerFilter): boolean {
  if (f.address && address(l) !== f.address) return false;
  if (f.port && port(l) !== f.port) return false;
  if (f.type && listenerType(l).toLowerCase() !== f.type.toLowerCase()) return false;
  if (f.name && str(l['name']) !== f.name) return false;
  return true;
}

/** Listeners sorted by port, then address, filtered. */
export function selectListeners(dump: unknown, f: ListenerFilter): Json[] {
  return dumpListeners(dump)
    .filter((l) => verify(l, f))
    .sort((a, b) => port(a) - port(b) || (address(a) < address(b) ? -1 : address(a) > address(b) ? 1 : 0));
}

/** getMatchAllCluster: a lone `*` vhost whose only route forwards `/` to one cluster. */
function matchAllCluster(rc: Json): string {
  const vhs = arr(rc['virtual_hosts']).map(obj);
  if (vhs.length !== 1) return '';
  const domains = arr(vhs[0]!['domains']);
  if (domains.length !== 1 || domains[0] !== '*') return '';
  const routes = arr(vhs[0]!['routes']).map(obj);
  if (routes.length !== 1 || str(obj(routes[0]!['match'])['prefix']) !== '/') return '';
  const cluster = str(obj(routes[0]!['route'])['cluster']);
  if (cluster === '') return '';
  return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`;
}

function describeRouteConfig(rc: Json): string {
  const all = matchAllCluster(rc);
  if (all !== '') return all;
  const vhosts = arr(rc['virtual_hosts']).map((v) => {
    const vh = obj(v);
    const domains = arr(vh['domains']).map(str);
    const routes = arr(vh['routes'])
      .map((r) => describeMatch(obj(obj(r)['match'])))
      .join(', ');
    if (domains.length === 1 && domains[0] === '*') return routes;
    return `${domains.join('/')} ${routes}`;
  });
  return `Inline Route: ${vhosts.join('; ')}`;
}

/** getFilterType: what a filter chain hands traffic to. */
function destination(filters: Json[]): string {
  for (const f of filters) {
    const cfg = obj(f['typed_config']);
    if (str(f['name']) === HCM) {
      if (cfg['route_config'] !== undefined) return describeRouteConfig(obj(cfg['route_config']));
      const rds = str(obj(cfg['rds'])['route_config_name']);
      return rds !== '' ? `Route: ${rds}` : 'HTTP';
    }
    if (str(f['name']) === TCP_PROXY) {
      const cluster = str(cfg['cluster']);
      if (cluster === 'BlackHoleCluster') continue;
      if (cluster === '') {
        const weighted = arr(obj(cfg['weighted_clusters'])['clusters']).map((c) => str(obj(c)['name']));
        return `Cluster: ${weighted.join(',')}`;
      }
      return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`;
    }
  }
  return 'Non-HTTP/Non-TCP';
}

function chainMatch(chain: Json): string {
  const m = obj(chain['filter_chain_match']);
  const descrs: string[] = [];
  const sni = arr(m['server_names']).map(str);
  if (sni.length > 0) descrs.push(`SNI: ${sni.join(',')}`);
  const trans = str(m['transport_protocol']);
  if (trans !== '') descrs.push(`Trans: ${trans}`);
  const alpn = arr(m['application_protocols']).map(str);
  if (alpn.length > 0) descrs.push(`App: ${alpn.join(',')}`);
  return descrs.length > 0 ? descrs.join('; ') : 'ALL';
}

export function printListenerSummary(dump: unknown, f: ListenerFilter, verbose: boolean): string {
  let text = verbose ? 'ADDRESSES\tPORT\tMATCH\tDESTINATION\n' : 'ADDRESSES\tPORT\tTYPE\n';
  for (const l of selectListeners(dump, f)) {
    const addr = address(l);
    const p = port(l);
    if (!verbose) {
      text += `${addr}\t${p}\t${listenerType(l)}\n`;
      continue;
    }
    const matches = arr(l['filter_chains'])
      .map(obj)
      .map((c) => ({ match: chainMatch(c), destination: destination(arr(c['filters']).map(obj)) }))
      .sort((a, b) => (a.destination > b.destination ? -1 : a.destination < b.destination ? 1 : 0));
    for (const m of matches) text += `${addr}\t${p}\t${m.match}\t${m.destination}\n`;
  }
  return tabwrite(text, { minwidth: 0, padding: 1 });
}
