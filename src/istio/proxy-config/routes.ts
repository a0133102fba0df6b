// `proxy-config routes`: istioctl's route summary (NAME VHOST NAME DOMAINS MATCH VIRTUAL
// SERVICE, or NAME VIRTUAL HOSTS with --verbose=false; tabwriter padding 5) and -o json|yaml.
import { tabwrite } from '../../printers/tabwriter.ts';
import { describeManagement, dumpRouteConfigs } from './dump.ts';
import type { Json } from './json.ts';
import { arr, obj, str } from './json.ts';

export interface RouteFilter {
  name?: string;
}

/** describeMatch: `prefix*`, the exact path, `regex <re>`, `PathPrefix:<p>`; headers ignored. */
export function describeMatch(m: Json): string {
  const conds: string[] = [];
  const prefix = str(m['prefix']);
  if (prefix !== '') conds.push(`${prefix}*`);
  const psp = str(m['path_separated_prefix']);
  if (psp !== '') conds.push(`PathPrefix:${psp}`);
  const path = str(m['path']);
  if (path !== '') conds.push(path);
  if (m['safe_regex'] !== undefined) conds.push(`regex ${str(obj(m['safe_regex'])['regex'])}`);
  return conds.join(' ');
}

/** describeRouteDomains: the domain, or up to two port-less domains `+ N more...`. */
function describeDomains(domains: string[]): string {
  if (domains.length === 0) return '';
  if (domains.length === 1) return domains[0]!;
  const withoutPort = domains.filter((d) => !d.includes(':'));
  if (withoutPort.length > 2)
    return `${withoutPort.slice(0, 2).join(', ')} + ${withoutPort.length - 2} more...`;
  return withoutPort.join(', ');
}

function isPassthrough(route: Json): boolean {
  return str(obj(route['route'])['cluster']) === 'PassthroughCluster';
}

export function selectRouteConfigs(dump: unknown, f: RouteFilter): Json[] {
  return dumpRouteConfigs(dump).filter((rc) => !f.name || str(rc['name']) === f.name);
}

export function printRouteSummary(dump: unknown, f: RouteFilter, verbose: boolean): string {
  let text = verbose ? 'NAME\tVHOST NAME\tDOMAINS\tMATCH\tVIRTUAL SERVICE\n' : 'NAME\tVIRTUAL HOSTS\n';
  for (const rc of selectRouteConfigs(dump, f)) {
    const name = str(rc['name']);
    const vhosts = arr(rc['virtual_hosts']).map(obj);
    if (!verbose) {
      text += `${name}\t${vhosts.length}\n`;
      continue;
    }
    for (const vh of vhosts) {
      const domains = describeDomains(arr(vh['domains']).map(str));
      const routes = arr(vh['routes']).map(obj);
      for (const r of routes) {
        if (isPassthrough(r)) continue;
        text += `${name}\t${str(vh['name'])}\t${domains}\t${describeMatch(obj(r['match']))}\t${describeManagement(r['metadata'])}\n`;
      }
      if (routes.length === 0) text += `${name}\t${str(vh['name'])}\t${domains}\t/*\t404\n`;
    }
  }
  return tabwrite(text, { minwidth: 0, padding: 5 });
}
