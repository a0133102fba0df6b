// `proxy-config endpoints`: istioctl's endpoint summary from /clusters?format=json (ENDPOINT
// STATUS OUTLIER CHECK CLUSTER; tabwriter padding 5), sorted by address, port, cluster.
import { tabwrite } from '../../printers/tabwriter.ts';
import type { Json } from './json.ts';
import { arr, num, obj, str } from './json.ts';

export interface EndpointFilter {
  address?: string;
  port?: number;
  cluster?: string;
  status?: string;
}

interface Row {
  address: string;
  port: number;
  pipe: boolean;
  status: string;
  outlierFailed: boolean;
  cluster: string;
}

function row(host: Json, cluster: string): Row {
  const addr = obj(host['address']);
  const sa = obj(addr['socket_address']);
  const pipe = addr['pipe'] !== undefined;
  const health = obj(host['health_status']);
  return {
    address: pipe ? str(obj(addr['pipe'])['path']) : str(sa['address']),
    port: pipe ? 0 : num(sa['port_value']),
    pipe,
    status: str(health['eds_health_status']) || 'UNKNOWN',
    outlierFailed: health['failed_outlier_check'] === true,
    cluster,
  };
}

function verify(r: Row, f: EndpointFilter): boolean {
  if (f.address && r.address.toLowerCase() !== f.address.toLowerCase()) return false;
  if (f.port && r.port !== f.port) return false;
  if (f.cluster && r.cluster.toLowerCase() !== f.cluster.toLowerCase()) return false;
  if (f.status && r.status.toLowerCase() !== f.status.toLowerCase()) return false;
  return true;
}

function statuses(clusters: unknown): Json[] {
  return arr(obj(clusters)['cluster_statuses']).map(obj);
}

/** The ClusterStatus entries with at least one endpoint passing the filter (istioctl -o json). */
export function selectEndpointClusters(clusters: unknown, f: EndpointFilter): Json[] {
  return statuses(clusters).filter((c) =>
    arr(c['host_statuses']).some((h) => verify(row(obj(h), str(c['name'])), f)),
  );
}

export function printEndpointSummary(clusters: unknown, f: EndpointFilter): string {
  const rows: Row[] = [];
  for (const c of statuses(clusters))
    for (const h of arr(c['host_statuses'])) {
      const r = row(obj(h), str(c['name']));
      if (verify(r, f)) rows.push(r);
    }
  rows.sort((a, b) =>
    a.address !== b.address
      ? a.address < b.address
        ? -1
        : 1
      : a.port - b.port || (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0),
  );
  let text = 'ENDPOINT\tSTATUS\tOUTLIER CHECK\tCLUSTER\n';
  for (const r of rows) {
    const ep = r.pipe ? `unix://${r.address}` : `${r.address}:${r.port}`;
    text += `${ep}\t${r.status}\t${r.outlierFailed ? 'FAILED' : 'OK'}\t${r.cluster}\n`;
  }
  return tabwrite(text, { minwidth: 0, padding: 5 });
}
