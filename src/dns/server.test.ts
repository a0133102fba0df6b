// The DNS server on a real loopback port, queried with the real `dig` (bind9-dnsutils; the
// dig cases are skipped where it is not installed), node's dns.Resolver and raw UDP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { promisify } from 'node:util';
import { DnsServer } from './server.ts';
import type { DnsRecord } from './records.ts';
import { queryMessage, udpExchange } from './test-helpers.ts';
import { TYPE } from './wire.ts';

const run = promisify(execFile);
const HAS_DIG = spawnSync('dig', ['-v'], { stdio: 'ignore' }).status === 0;
const NO_DIG = HAS_DIG ? false : 'dig is not installed (Debian: apt-get install bind9-dnsutils)';

const OWNER =
  'heritage=external-dns,external-dns/owner=default,external-dns/resource=ingress/istio-system/test-alb';
const RECORDS: DnsRecord[] = [
  { name: 'istio-test-alb.example.com', type: 'A', ttl: 60, value: '127.1.2.1' },
  { name: 'istio-test-alb.example.com', type: 'TXT', ttl: 60, value: OWNER },
  { name: 'a-istio-test-alb.example.com', type: 'TXT', ttl: 60, value: OWNER },
  {
    name: 'k8s-istiosys-testalb-0123456789-1234567890.eu-west-3.elb.amazonaws.com',
    type: 'A',
    ttl: 60,
    value: '127.1.2.1',
  },
  { name: 'deep.sub.example.com', type: 'A', ttl: 60, value: '127.1.2.2' },
];

async function server(t: { after: (fn: () => Promise<void>) => void }): Promise<DnsServer> {
  const dns = new DnsServer({ port: 0 });
  await dns.start();
  t.after(() => dns.stop());
  assert.deepEqual(dns.setRecords(RECORDS), []);
  return dns;
}

async function dig(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+time=5', '+tries=2', ...args]);
  return stdout;
}

void test('dig: A, case-insensitive, NODATA, NXDOMAIN with SOA, TXT, TCP', { skip: NO_DIG }, async (t) => {
  const dns = await server(t);
  const cases: { args: string[]; status: string; answer: RegExp[]; authority?: RegExp }[] = [
    {
      args: ['istio-test-alb.example.com'],
      status: 'NOERROR',
      answer: [/^istio-test-alb\.example\.com\.\s+60\s+IN\s+A\s+127\.1\.2\.1$/m],
    },
    {
      args: ['ISTIO-Test-ALB.Example.COM', 'A'],
      status: 'NOERROR',
      answer: [/^ISTIO-Test-ALB\.Example\.COM\.\s+60\s+IN\s+A\s+127\.1\.2\.1$/m],
    },
    {
      args: ['istio-test-alb.example.com', 'AAAA'],
      status: 'NOERROR',
      answer: [],
      authority:
        /^example\.com\.\s+5\s+IN\s+SOA\s+ns1\.gangway\.local\. hostmaster\.gangway\.local\. \d+ 7200 900 1209600 5$/m,
    },
    {
      args: ['nope.example.com'],
      status: 'NXDOMAIN',
      answer: [],
      authority: /^example\.com\.\s+5\s+IN\s+SOA\s/m,
    },
    { args: ['sub.example.com'], status: 'NOERROR', answer: [], authority: /SOA/ },
    {
      args: ['a-istio-test-alb.example.com', 'TXT', '+tcp'],
      status: 'NOERROR',
      answer: [new RegExp(`TXT\\s+"${OWNER.replaceAll('/', '\\/')}"$`, 'm')],
    },
    {
      args: ['k8s-istiosys-testalb-0123456789-1234567890.eu-west-3.elb.amazonaws.com'],
      status: 'NOERROR',
      answer: [/IN\s+A\s+127\.1\.2\.1$/m],
    },
    { args: ['example.org', '+noedns'], status: 'NXDOMAIN', answer: [] },
  ];
  for (const c of cases) {
    const out = await dig(dns.port, ...c.args);
    const what = c.args.join(' ');
    assert.match(out, new RegExp(`status: ${c.status},`), what);
    assert.match(out, new RegExp(`ANSWER: ${c.answer.length},`), what);
    for (const re of c.answer) assert.match(out, re, what);
    if (c.authority) assert.match(out, c.authority, what);
    assert.match(out, /flags: qr( aa)? rd ra;/, what);
  }
});

void test('node dns.Resolver: resolve4 with TTLs, resolveTxt, ENOTFOUND and ENODATA', async (t) => {
  const dns = await server(t);
  const r = new Resolver({ timeout: 5000, tries: 2 });
  r.setServers([`127.0.0.1:${dns.port}`]);
  assert.deepEqual(await r.resolve4('istio-test-alb.example.com', { ttl: true }), [
    { address: '127.1.2.1', ttl: 60 },
  ]);
  assert.deepEqual(await r.resolve4('Istio-Test-Alb.EXAMPLE.com'), ['127.1.2.1']);
  assert.deepEqual(await r.resolveTxt('a-istio-test-alb.example.com'), [[OWNER]]);
  await assert.rejects(r.resolve4('missing.example.com'), { code: 'ENOTFOUND' });
  await assert.rejects(r.resolve6('istio-test-alb.example.com'), { code: 'ENODATA' });
});

void test('setRecords swaps the table: new names answer, removed ones are NXDOMAIN', async (t) => {
  const dns = await server(t);
  const r = new Resolver({ timeout: 5000, tries: 2 });
  r.setServers([`127.0.0.1:${dns.port}`]);
  let changes = 0;
  const off = dns.onChange(() => changes++);
  t.after(off);
  assert.deepEqual(dns.setRecords([...RECORDS]), [], 'same records');
  assert.equal(changes, 0, 'no change, no notification');
  const problems = dns.setRecords([
    { name: 'new.example.net', type: 'A', ttl: 30, value: '127.1.1.1' },
    { name: 'bad.example.net', type: 'A', ttl: 30, value: 'not-an-ip' },
  ]);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /not an IPv4 address/);
  assert.equal(changes, 1);
  assert.deepEqual(await r.resolve4('new.example.net', { ttl: true }), [{ address: '127.1.1.1', ttl: 30 }]);
  await assert.rejects(r.resolve4('istio-test-alb.example.com'), { code: 'ENOTFOUND' });
  assert.deepEqual(dns.zones, ['example.net']);
  assert.match(dns.status().detail, /^serving 127\.0\.0\.1:\d+ \(udp, tcp\), 1 record$/);
});

void test('raw UDP: FORMERR, NOTIMP, BADVERS, REFUSED for other classes', async (t) => {
  const dns = await server(t);
  const rcode = (reply: Buffer): number => reply.readUInt16BE(2) & 0xf;
  const two = queryMessage('a.example.com', TYPE.A);
  two.writeUInt16BE(2, 4);
  assert.equal(rcode(await udpExchange(dns.port, two)), 1, 'FORMERR');
  const notify = queryMessage('a.example.com', TYPE.A);
  notify.writeUInt16BE(0x2000, 2); // opcode 4 (NOTIFY)
  const notImp = await udpExchange(dns.port, notify);
  assert.equal(rcode(notImp), 4, 'NOTIMP');
  assert.equal((notImp.readUInt16BE(2) >> 11) & 0xf, 4, 'opcode echoed');
  const v1 = await udpExchange(
    dns.port,
    queryMessage('istio-test-alb.example.com', TYPE.A, { edns: 1232, version: 1 }),
  );
  assert.equal(rcode(v1), 0, 'low bits of BADVERS');
  assert.equal(v1.readUInt16BE(10), 1, 'an OPT record');
  assert.equal(v1[v1.length - 11 + 5], 1, 'extended rcode 1 -> 16 = BADVERS');
  const chaos = await udpExchange(dns.port, queryMessage('version.bind', TYPE.TXT, { klass: 3 }));
  assert.equal(rcode(chaos), 5, 'REFUSED');
  assert.equal(chaos.readUInt16BE(0), 0x1234, 'id echoed');
});

void test('start with a fixed port, stop frees it', async () => {
  const first = new DnsServer({ port: 0 });
  await first.start();
  const port = first.port;
  await first.stop();
  assert.equal(first.status().ready, false);
  const again = new DnsServer({ port });
  try {
    await again.start();
    assert.equal(again.port, port);
  } finally {
    await again.stop();
  }
});
