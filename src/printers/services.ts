// Service, Endpoints and EndpointSlice rows (printers.go printService, printEndpoints,
// printEndpointSlice), with the shared port and address formatting.
import type { IService } from 'kubernetes-models/v1/Service';
import type { IEndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import { AGE_COLUMN, DOC, NAME_COLUMN, col } from './columns.ts';
import { compareStrings } from '../resources/go-json.ts';
import { timestampSince } from './human-duration.ts';
import type { KindPrinter } from './kind-printer.ts';
import { formatLabels } from '../resources/label-selector.ts';

/** net.JoinHostPort: brackets an IPv6 host. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** loadBalancerStatusStringer (wide): the ingress IPs, else hostnames, sorted and unique. */
export function loadBalancerString(
  ingress: readonly { ip?: string; hostname?: string }[] | undefined,
): string {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort(compareStrings).join(',');
}

function serviceExternalIP(svc: IService): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerString(svc.status?.loadBalancer?.ingress);
      if (externalIPs.length > 0) {
        const results = lb.length > 0 ? lb.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lb.length > 0 ? lb : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: `80/TCP`, or `80:31246/TCP` with a nodePort, joined with `,`. */
export function servicePortString(
  ports: readonly { port: number; nodePort?: number; protocol?: string }[] | undefined,
): string {
  return (ports ?? [])
    .map((p) =>
      (p.nodePort ?? 0) > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`,
    )
    .join(',');
}

export const SERVICE_PRINTER: KindPrinter = {
  columns: [
    NAME_COLUMN,
    col('Type', DOC.serviceType),
    col('Cluster-IP', DOC.clusterIP),
    col('External-IP', DOC.externalIPs),
    col('Port(s)', DOC.servicePorts),
    AGE_COLUMN,
    col('Selector', DOC.serviceSelector, { priority: 1 }),
  ],
  row(obj, now) {
    const svc = obj as unknown as IService;
    const spec = svc.spec ?? {};
    const ports = servicePortString(spec.ports);
    return {
      cells: [
        svc.metadata?.name ?? '',
        spec.type ?? '',
        spec.clusterIPs?.[0] ?? '<none>',
        serviceExternalIP(svc),
        ports === '' ? '<none>' : ports,
        timestampSince(svc.metadata?.creationTimestamp, now),
        formatLabels(spec.selector),
      ],
    };
  },
};

/** The fields of a core/v1 Endpoints object the printers read. */
export interface EndpointsLike {
  metadata?: { name?: string; creationTimestamp?: string };
  subsets?: {
    addresses?: { ip: string }[];
    notReadyAddresses?: { ip: string }[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

/** formatEndpoints: `ip:port` for the first 3 ready addresses, then ` + N more...`. */
export function formatEndpoints(ep: EndpointsLike, ports?: ReadonlySet<string>): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ssPorts = ss.ports ?? [];
    if (ssPorts.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ssPorts) {
      if (ports && !ports.has(port.name ?? '')) continue;
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const ENDPOINTS_PRINTER: KindPrinter = {
  columns: [NAME_COLUMN, col('Endpoints', DOC.endpointsSubsets), AGE_COLUMN],
  row(obj, now) {
    const ep = obj as EndpointsLike;
    return {
      cells: [
        ep.metadata?.name ?? '',
        formatEndpoints(ep),
        timestampSince(ep.metadata?.creationTimestamp, now),
      ],
    };
  },
};

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

export const ENDPOINT_SLICE_PRINTER: KindPrinter = {
  columns: [
    NAME_COLUMN,
    col('AddressType', DOC.sliceAddressType),
    col('Ports', DOC.slicePorts),
    col('Endpoints', DOC.sliceEndpoints),
    AGE_COLUMN,
  ],
  row(obj, now) {
    const slice = obj as unknown as IEndpointSlice;
    const max = 3;
    const ports: string[] = [];
    let portsMore = false;
    let portCount = 0;
    for (const p of slice.ports ?? []) {
      if (ports.length < max) ports.push(p.port != null ? String(p.port) : (p.name ?? '*'));
      else if (ports.length === max) portsMore = true;
      portCount++;
    }
    const addrs: string[] = [];
    let addrMore = false;
    let addrCount = 0;
    for (const e of slice.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else if (addrs.length === max) addrMore = true;
        addrCount++;
      }
    }
    return {
      cells: [
        slice.metadata?.name ?? '',
        slice.addressType ?? '',
        listWithMore(ports, portsMore, portCount, max),
        listWithMore(addrs, addrMore, addrCount, max),
        timestampSince(slice.metadata?.creationTimestamp, now),
      ],
    };
  },
};
