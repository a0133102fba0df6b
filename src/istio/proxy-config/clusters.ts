// `proxy-config clusters`: istioctl's cluster summary (SERVICE FQDN PORT SUBSET DIRECTION TYPE
// DESTINATION RULE; tabwriter padding 5), sorted by FQDN, subset, port, direction; -o json|yaml.
import { tabwrite } from '../../printers/tabwriter.ts';
import { describeManagement, dumpClusters } from './dump.ts';
import type { Json } from './json.ts';
import { obj, str } from './json.ts';

export interface ClusterFilter {
  fqdn?: string;
  port?: number;
  subset?: string;
  direction?: string;
}

interface Key {
  direction: string;
  subset: string;
  fqdn: string;
  port: number;
}

/** safelyParseSubsetKey: `outbound|80|v1|fqdn`, or the bare name. */
function parseKey(name: string): Key & { parsed: boolean } {
  const parts = name.split('|');
  if (parts.length > 3)
    return {
      direction: parts[0]!,
      port: Number(parts[1]) || 0,
      subset: parts[2]!,
      fqdn: parts[3]!,
      parsed: true,
    };
  return { direction: '', subset: '', fqdn: name, port: 0, parsed: false };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function verify(name: string, f: ClusterFilter): boolean {
  if (f.fqdn && !name.includes(f.fqdn)) return false;
  if (f.direction && !name.includes(f.direction)) return false;
  if (f.subset && !name.includes(f.subset)) return false;
  if (f.port && !name.includes(`|${f.port}|`)) return false;
  return true;
}

export function selectClusters(dump: unknown, f: ClusterFilter): Json[] {
  return dumpClusters(dump)
    .filter((c) => verify(str(c['name']), f))
    .sort((a, b) => {
      const ka = parseKey(str(a['name']));
      const kb = parseKey(str(b['name']));
      return (
        cmp(ka.fqdn, kb.fqdn) ||
        cmp(ka.subset, kb.subset) ||
        ka.port - kb.port ||
        cmp(ka.direction, kb.direction)
      );
    });
}

function clusterType(c: Json): string {
  const t = str(c['type']);
  if (t !== '') return t;
  const custom = str(obj(c['cluster_type'])['name']);
  return custom !== '' ? custom : 'STATIC';
}

export function printClusterSummary(dump: unknown, f: ClusterFilter): string {
  let text = 'SERVICE FQDN\tPORT\tSUBSET\tDIRECTION\tTYPE\tDESTINATION RULE\n';
  for (const c of selectClusters(dump, f)) {
    const k = parseKey(str(c['name']));
    const dr = describeManagement(c['metadata']);
    if (k.parsed)
      text += `${k.fqdn}\t${k.port}\t${k.subset === '' ? '-' : k.subset}\t${k.direction}\t${clusterType(c)}\t${dr}\n`;
    else text += `${k.fqdn}\t-\t-\t-\t${clusterType(c)}\t${dr}\n`;
  }
  return tabwrite(text, { minwidth: 0, padding: 5 });
}
