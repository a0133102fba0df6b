// `gangway dns` against a fake API: the table, -o json, --no-headers, the empty case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { createContext } from '../context.ts';
import { defaultDeps } from '../deps.ts';
import { bufferOutput } from '../output.ts';
import { startFakeApi } from '../test-support/fake-api.ts';
import type { DnsListing } from '../../dns/api.ts';
import { dnsCommand } from './dns.ts';

const OWNER =
  'heritage=external-dns,external-dns/owner=default,external-dns/resource=ingress/istio-system/test-alb';
const LISTING: DnsListing = {
  kind: 'DnsRecordList',
  server: { host: '127.0.0.1', port: 5353 },
  zones: ['example.com'],
  records: [
    { name: 'a-istio-test-alb.example.com', type: 'TXT', ttl: 60, value: OWNER },
    { name: 'istio-test-alb.example.com', type: 'A', ttl: 60, value: '127.1.2.1' },
  ],
};

async function runDns(listing: DnsListing, args: string[]) {
  const api = await startFakeApi((req) => (req.path === '/gangway/dns' ? { json: listing } : undefined));
  const output = bufferOutput();
  const ctx = createContext(defaultDeps({ env: { GANGWAY_HOME: api.home, HOME: api.home }, output }), args);
  const box = { code: 0 };
  try {
    const program = new Command('gangway').exitOverride().addCommand(dnsCommand(ctx, box));
    await program.parseAsync(['dns', ...args], { from: 'user' });
  } finally {
    ctx.close();
    await api.close();
  }
  return { code: box.code, stdout: output.stdout, stderr: output.stderr, requests: api.requests };
}

void test('gangway dns: NAME TYPE TTL VALUE table, TXT quoted', async () => {
  const r = await runDns(LISTING, []);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'NAME                           TYPE   TTL   VALUE',
      `a-istio-test-alb.example.com   TXT    60    "${OWNER}"`,
      'istio-test-alb.example.com     A      60    127.1.2.1',
      '',
    ].join('\n'),
  );
  assert.equal(r.requests[0]?.headers.authorization?.startsWith('Bearer '), true);
});

void test('gangway dns -o json / --no-headers / no records', async () => {
  const json = await runDns(LISTING, ['-o', 'json']);
  assert.deepEqual(JSON.parse(json.stdout), LISTING);
  const bare = await runDns(LISTING, ['--no-headers']);
  assert.equal(bare.stdout.split('\n')[0]?.startsWith('a-istio-test-alb.example.com'), true);
  const empty = await runDns({ ...LISTING, records: [] }, []);
  assert.equal(empty.stdout, '');
  assert.equal(empty.stderr, 'No DNS records (the DNS server listens on 127.0.0.1:5353).\n');
});
