// GET /gangway/dns on the API server: the DNS server's address, zones and records, for
// `gangway dns`. Needs the API token like every Kubernetes path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiExtension } from '../api/server.ts';
import { methodNotAllowed, pathNotFound, sendJson } from '../api/http.ts';
import type { DnsRecord } from './records.ts';
import type { DnsServer } from './server.ts';

export const DNS_API_PREFIX = '/gangway/dns';

/** The JSON body of GET /gangway/dns. */
export interface DnsListing {
  kind: 'DnsRecordList';
  server: { host: string; port: number };
  zones: string[];
  records: DnsRecord[];
}

export function dnsListing(dns: DnsServer): DnsListing {
  return {
    kind: 'DnsRecordList',
    server: { host: dns.host, port: dns.port },
    zones: [...dns.zones],
    records: dns.records.map((r) => ({ ...r })),
  };
}

export function dnsApiExtension(dns: DnsServer): ApiExtension {
  return {
    prefix: DNS_API_PREFIX,
    auth: 'token',
    handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
      if (url.pathname !== DNS_API_PREFIX) throw pathNotFound();
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
      sendJson(res, 200, dnsListing(dns));
    },
  };
}
