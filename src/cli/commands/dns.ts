// `gangway dns`: the records gangway's DNS server answers (external-dns names, ALB names),
// read from the running API at GET /gangway/dns. `-o json|yaml` prints the whole listing,
// with the server's address and zones.
import { Command, InvalidArgumentError } from 'commander';
import { DNS_API_PREFIX } from '../../dns/api.ts';
import type { DnsListing } from '../../dns/api.ts';
import { GET_TABWRITER, tabwrite } from '../../printers/tabwriter.ts';
import { act, flagValue, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { toKubectlYaml } from '../kubectl-yaml.ts';

type Format = 'table' | 'json' | 'yaml';

function parseFormat(v: string): Format {
  const f = flagValue(v);
  if (f === 'json' || f === 'yaml') return f;
  if (f === '' || f === 'table') return 'table';
  throw new InvalidArgumentError('allowed formats are: json, yaml');
}

/** A TXT value as zone files and dig print it: quoted, with `"` and `\` escaped. */
function shownValue(type: string, value: string): string {
  return type === 'TXT' ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : value;
}

export function dnsTable(listing: DnsListing, noHeaders = false): string {
  const rows = listing.records.map((r) => [r.name, r.type, String(r.ttl), shownValue(r.type, r.value)]);
  if (!noHeaders) rows.unshift(['NAME', 'TYPE', 'TTL', 'VALUE']);
  return tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''), GET_TABWRITER);
}

async function runDns(ctx: CliContext, opts: { output?: Format; headers?: boolean }): Promise<ExitCode> {
  const client = await ctx.client();
  const listing = await client.json<DnsListing>({ path: DNS_API_PREFIX });
  const format = opts.output ?? 'table';
  if (format === 'json') {
    ctx.print.write(`${JSON.stringify(listing, null, 4)}\n`);
    return 0;
  }
  if (format === 'yaml') {
    ctx.print.write(toKubectlYaml(listing));
    return 0;
  }
  if (listing.records.length === 0) {
    ctx.print.errLine(
      `No DNS records (the DNS server listens on ${listing.server.host}:${listing.server.port}).`,
    );
    return 0;
  }
  ctx.print.write(dnsTable(listing, opts.headers === false));
  return 0;
}

export function dnsCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('dns')
    .summary("list the records of gangway's DNS server")
    .description(
      "List the records gangway's DNS server answers: each ALB's DNS name and the " +
        'external-dns.alpha.kubernetes.io/hostname names of Ingresses and LoadBalancer Services, ' +
        "with external-dns's TXT ownership records. Query them with: dig @127.0.0.1 -p PORT NAME",
    )
    .option('-o, --output <format>', 'json or yaml', parseFormat)
    .option('--no-headers', 'omit the header line of the table')
    .action(act(ctx, box, (opts: { output?: Format; headers?: boolean }) => runDns(ctx, opts)));
}
