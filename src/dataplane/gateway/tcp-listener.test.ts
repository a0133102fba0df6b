// TCP and TLS passthrough gateway listeners on loopback (block 251): weighted routing per
// connection to two echo servers, no endpoint -> closed, TLS passthrough to an upstream that
// presents its own certificate (verified by curl end to end), an unmatched SNI -> closed.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer, type Server } from 'node:net';
import type { GatewayModel, WeightedCluster } from '../../istio/model.ts';
import { edsCluster, gatewayModel, waitFor } from './test-helpers.ts';
import { curl, startTlsProxy, TestPki, TLS_BLOCK } from './tls-test-helpers.ts';

function tcpModel(
  port: number,
  protocol: 'TCP' | 'TLS',
  chains: GatewayModel['listeners'][number]['filterChains'],
): GatewayModel {
  const clusters = [
    edsCluster('tcp-echo', 9000),
    edsCluster('tcp-echo-v2', 9000),
    edsCluster('my-nginx', 443),
  ];
  const m = gatewayModel(undefined, clusters);
  m.listeners.unshift({ name: `0.0.0.0_${port}`, address: '0.0.0.0', port, protocol, filterChains: chains });
  return m;
}

async function echoServer(
  t: TestContext,
  n: number,
  prefix: string,
): Promise<{ address: string; port: number }> {
  const server: Server = createServer((s) => {
    s.on('data', (d: Buffer) => s.write(`${prefix} ${d.toString()}`));
    s.on('end', () => s.end());
    s.on('error', () => undefined);
  });
  const address = `127.${TLS_BLOCK}.130.${n}`;
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  );
  const port = (server.address() as { port: number }).port;
  return { address, port };
}

/** Connects, sends `text`, half-closes, and returns everything received until the close. */
function exchange(host: string, port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    let got = '';
    s.on('connect', () => s.end(text));
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('close', () => resolve(got));
    s.on('error', () => undefined);
  });
}

const V1 = edsCluster('tcp-echo', 9000).name;
const V2 = edsCluster('tcp-echo-v2', 9000).name;

void test('TCP: weighted clusters per connection; no endpoint closes the connection', async (t) => {
  let i = 0;
  const randoms = [0.1, 0.9]; // alternates between the two halves of a 50/50 split
  const gw = await startTlsProxy(t, { random: () => randoms[i++ % 2] as number, podSubnet: 140 });
  const one = await echoServer(t, 1, 'one');
  const two = await echoServer(t, 2, 'two');
  gw.istiod.setEndpoints('test-ns', 'tcp-echo', 9000, [{ ...one, ready: true }]);
  gw.istiod.setEndpoints('test-ns', 'tcp-echo-v2', 9000, [{ ...two, ready: true }]);
  const clusters: WeightedCluster[] = [
    { cluster: V1, weight: 50 },
    { cluster: V2, weight: 50 },
  ];
  gw.istiod.push(tcpModel(31400, 'TCP', [{ serverNames: [], tcpRoutes: [{ clusters }] }]));
  await waitFor('the TCP listener', () => gw.proxy.listenerPorts().includes(31400));
  const at = gw.at(31400);

  const replies: string[] = [];
  for (let n = 0; n < 10; n++) replies.push(await exchange(at.host, at.port, `hello ${n}`));
  assert.deepEqual(
    replies,
    Array.from({ length: 10 }, (_, n) => `${n % 2 === 0 ? 'one' : 'two'} hello ${n}`),
  );
  await waitFor('access log lines', () => gw.lines.filter((l) => l.includes('"- - -" 0 - -')).length >= 10);
  const line = gw.lines.find((l) => l.includes(V1)) ?? '';
  assert.match(
    line,
    /"- - -" 0 - - - "-" 7 11 \d+ - "-" "-" "-" "-" "127\.251\.130\.1:\d+" outbound\|9000\|\|tcp-echo/,
  );

  gw.istiod.setEndpoints('test-ns', 'tcp-echo', 9000, []);
  gw.istiod.setEndpoints('test-ns', 'tcp-echo-v2', 9000, []);
  assert.equal(await exchange(at.host, at.port, 'anyone?'), '');
  await waitFor('the UH line', () => gw.lines.find((l) => l.includes('"- - -" 0 UH')));
});

void test('TLS passthrough: the upstream certificate is verified end to end; unmatched SNI closes', async (t) => {
  const pki = await TestPki.create(t);
  const nginxCert = await pki.issue('nginx.example.com');
  const upstream = createHttpsServer({ cert: nginxCert.cert, key: nginxCert.key }, (req, res) => {
    res.writeHead(200, { server: 'nginx', 'content-type': 'text/plain' });
    res.end(`welcome to nginx ${req.url ?? ''}\n`);
  });
  const address = `127.${TLS_BLOCK}.130.9`;
  await new Promise<void>((resolve) => upstream.listen(0, address, resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        upstream.close(() => resolve());
        upstream.closeAllConnections();
      }),
  );
  const gw = await startTlsProxy(t, { podSubnet: 140 });
  gw.istiod.setEndpoints('test-ns', 'my-nginx', 443, [
    { address, port: (upstream.address() as { port: number }).port, ready: true },
  ]);
  const nginx = edsCluster('my-nginx', 443).name;
  gw.istiod.push(
    tcpModel(8443, 'TLS', [
      {
        serverNames: ['nginx.example.com'],
        tcpRoutes: [{ sniHosts: ['nginx.example.com'], clusters: [{ cluster: nginx, weight: 100 }] }],
      },
    ]),
  );
  await waitFor('the TLS listener', () => gw.proxy.listenerPorts().includes(8443));
  const at = gw.at(8443);
  const r = await curl([
    '-i',
    '--resolve',
    `nginx.example.com:${at.port}:${at.host}`,
    '--cacert',
    pki.caFile,
    `https://nginx.example.com:${at.port}/index.html`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/1\.1 200 OK/);
  assert.match(r.stdout, /server: nginx/i);
  assert.match(r.stdout, /welcome to nginx \/index\.html/);

  const other = await curl([
    '--resolve',
    `other.example.com:${at.port}:${at.host}`,
    '--cacert',
    pki.caFile,
    `https://other.example.com:${at.port}/`,
  ]);
  assert.notEqual(other.code, 0);
  assert.equal(await exchange(at.host, at.port, 'GET / HTTP/1.1\r\n\r\n'), '');
});
