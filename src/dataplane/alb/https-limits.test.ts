// The HTTPS listener's HTTP/1.1 side answers like the HTTP listener (loopback block 233):
// ALB's header limits (not node's 16 KiB default), 400/405/501 pages, 408 when nothing (or part
// of a request) arrives within the idle timeout, a silent close when idle between requests;
// an idle h2 session gets GOAWAY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import tls from 'node:tls';
import { DialTable } from '../../net/dial-table.ts';
import { createCA } from '../../pki/ca.ts';
import { AlbDataPlane } from './server.ts';
import { HOST, listener, loadBalancer, tg, upstream, waitFor } from './test-helpers.ts';

const ADDRESS = '127.233.10.100';

/** Sends raw bytes over TLS (ALPN http/1.1); resolves with everything received until close. */
function rawTls(port: number, ca: string, data: string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: ADDRESS, port, servername: HOST, ca, ALPNProtocols: ['http/1.1'] });
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (c: string) => (got += c));
    s.on('error', reject);
    s.on('close', () => resolve(got));
    if (data !== null) s.once('secureConnect', () => s.write(data));
  });
}

void test('HTTPS listener, HTTP/1.1: limits, pages, 408 on idle; h2: GOAWAY on idle', async (t) => {
  const a = await upstream(t, '127.233.10.1', 'a');
  const group = tg('k8s-tls-lim');
  const l = listener(443, 'HTTPS', [], {
    type: 'forward',
    targetGroups: [{ targetGroupArn: group.arn, weight: 1 }],
  });
  const lb = loadBalancer([l], [group]);
  lb.attributes = { 'idle_timeout.timeout_seconds': '1' };
  const ca = await createCA();
  const plane = new AlbDataPlane({
    dial: new DialTable(),
    ca,
    address: () => ADDRESS,
    portMap: new Map([[443, 0]]),
    targets: () => [a.target],
    healthTimeScale: 0.005,
  });
  t.after(() => plane.stop());
  await plane.setModel({ loadBalancers: [lb] });
  await plane.start();
  await waitFor('target healthy', () => plane.health(group.arn).every((h) => h.state === 'healthy'));
  const port = plane.listenersOf(lb.name)[0]!.boundPort;

  const big = (n: number): string => 'x'.repeat(n);
  const head = (extra: string, line = 'GET / HTTP/1.1'): string =>
    `${line}\r\nHost: ${HOST}\r\n${extra}Connection: close\r\n\r\n`;
  const fiveHeaders = Array.from({ length: 5 }, (_, i) => `X-H${String(i)}: ${big(15_000)}\r\n`).join('');
  const table: [string, string | null, string][] = [
    ['fine', head(''), '200'],
    [
      'a 15 KB header twice (over node 16 KiB in all, under ALB 64 KiB)',
      head(fiveHeaders.slice(0, 30_040)),
      '200',
    ],
    ['request line over 16 KiB', head('', `GET /${big(17_000)} HTTP/1.1`), '400 Bad Request'],
    ['headers over 64 KiB', head(fiveHeaders), '400 Bad Request'],
    ['TRACE', head('', 'TRACE / HTTP/1.1'), '405 Method Not Allowed'],
    ['Transfer-Encoding gzip', head('Transfer-Encoding: gzip\r\n', 'POST / HTTP/1.1'), '501 Not Implemented'],
    ['nothing sent within the idle timeout', null, '408 Request Time-out'],
    ['half a request within the idle timeout', `GET / HTTP/1.1\r\nHost: ${HOST}\r\n`, '408 Request Time-out'],
  ];
  for (const [name, req, want] of table) {
    const got = await rawTls(port, ca.certPem, req);
    assert.ok(got.startsWith(`HTTP/1.1 ${want}`), `${name}: ${got.slice(0, 80)}`);
    if (want !== '200') assert.match(got, /\r\nServer: awselb\/2\.0\r\n/i, name);
  }

  // Idle after a full exchange: closed without a 408.
  const keptAlive = await rawTls(port, ca.certPem, `GET / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
  assert.ok(keptAlive.startsWith('HTTP/1.1 200'), keptAlive.slice(0, 40));
  assert.doesNotMatch(keptAlive, /408/);

  // h2: the idle session is closed with GOAWAY.
  const session = http2.connect(`https://${HOST}:${String(port)}`, {
    ca: ca.certPem,
    lookup: (_h, _o, cb) => cb(null, [{ address: ADDRESS, family: 4 }]),
  } as http2.SecureClientSessionOptions);
  t.after(() => session.destroy());
  const goaway = await new Promise<boolean>((resolve) => {
    session.once('goaway', () => resolve(true));
    session.once('close', () => resolve(false));
    session.on('error', () => undefined);
  });
  assert.equal(goaway, true);
});
