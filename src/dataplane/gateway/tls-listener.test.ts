// HTTPS gateway listeners on loopback (block 251) driven by real curl: SIMPLE with two hosts
// chosen by SNI over HTTP/2 and HTTP/1.1, no matching chain -> reset, MUTUAL with and without
// a client certificate, OPTIONAL_MUTUAL, minimum TLS version, a missing credential, and a
// rotated Secret picked up without a new model.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tlsConnect } from 'node:tls';
import type { DownstreamTls, GatewayModel, GatewayRoute } from '../../istio/model.ts';
import { edsCluster, gatewayModel, routeTo, startUpstream, stopServer, waitFor } from './test-helpers.ts';
import { curl, startTlsProxy, TestPki, TLS_BLOCK } from './tls-test-helpers.ts';

const HTTPBIN = edsCluster('httpbin', 8000);
const HELLO = edsCluster('helloworld', 5000);

function route(cluster: string): GatewayRoute {
  return { name: '', match: { path: { prefix: '/' } }, action: routeTo([{ cluster, weight: 100 }]) };
}

/** 0.0.0.0_8443 with one chain per host; `tls` per host. */
function httpsModel(servers: { host: string; tls: DownstreamTls; cluster: string }[]): GatewayModel {
  const base = gatewayModel(undefined, [HTTPBIN, HELLO]);
  base.listeners.unshift({
    name: '0.0.0.0_8443',
    address: '0.0.0.0',
    port: 8443,
    protocol: 'HTTPS',
    filterChains: servers.map((s, i) => ({
      serverNames: [s.host],
      tls: s.tls,
      routeConfigName: `https.443.https-${i}.mygateway.istio-system`,
    })),
  });
  base.routeConfigs = servers.map((s, i) => ({
    name: `https.443.https-${i}.mygateway.istio-system`,
    virtualHosts: [{ name: `${s.host}:443`, domains: [s.host], routes: [route(s.cluster)] }],
  }));
  return base;
}

async function setup(t: TestContext) {
  const pki = await TestPki.create(t);
  const gw = await startTlsProxy(t);
  const upstreams = await Promise.all(
    ['httpbin', 'helloworld'].map(async (name, i) => {
      const u = await startUpstream(`127.${TLS_BLOCK}.129.${i + 1}`, (req, res) => {
        res.writeHead(name === 'httpbin' ? 418 : 200, { 'content-type': 'text/plain' });
        res.end(
          `${name} ${req.headers.host ?? ''} ${req.url ?? ''} xfp=${String(req.headers['x-forwarded-proto'])}\n`,
        );
      });
      t.after(() => stopServer(u.server));
      return u;
    }),
  );
  const [hb, hw] = upstreams as [(typeof upstreams)[0], (typeof upstreams)[0]];
  gw.istiod.setEndpoints('test-ns', 'httpbin', 8000, [{ address: hb.address, port: hb.port, ready: true }]);
  gw.istiod.setEndpoints('test-ns', 'helloworld', 5000, [
    { address: hw.address, port: hw.port, ready: true },
  ]);
  const send = (host: string, path: string, extra: string[] = []) => {
    const at = gw.at(8443);
    return curl([
      '-i',
      '--resolve',
      `${host}:${at.port}:${at.host}`,
      '--cacert',
      pki.caFile,
      ...extra,
      `https://${host}:${at.port}${path}`,
    ]);
  };
  return { pki, gw, send };
}

async function served(gw: Awaited<ReturnType<typeof startTlsProxy>>): Promise<void> {
  await waitFor('the HTTPS listener', () => gw.proxy.listenerPorts().includes(8443));
}

void test('SIMPLE: two hosts by SNI, HTTP/2 and HTTP/1.1; an unknown SNI is reset', async (t) => {
  const { pki, gw, send } = await setup(t);
  gw.istiod.setSecret('httpbin-credential', await pki.issue('httpbin.example.com'));
  gw.istiod.setSecret('helloworld-credential', await pki.issue('helloworld.example.com'));
  gw.istiod.push(
    httpsModel([
      {
        host: 'httpbin.example.com',
        tls: { mode: 'SIMPLE', credentialName: 'httpbin-credential' },
        cluster: HTTPBIN.name,
      },
      {
        host: 'helloworld.example.com',
        tls: { mode: 'SIMPLE', credentialName: 'helloworld-credential' },
        cluster: HELLO.name,
      },
    ]),
  );
  await served(gw);

  const h2 = await send('httpbin.example.com', '/status/418');
  assert.equal(h2.code, 0, h2.stderr);
  assert.match(h2.stdout, /^HTTP\/2 418/);
  assert.match(h2.stdout, /server: istio-envoy/);
  assert.ok(gw.lines.some((l) => l.includes('"GET /status/418 HTTP/2" 418 - via_upstream')));
  assert.match(h2.stdout, /httpbin httpbin\.example\.com:\d+ \/status\/418/);

  const h1 = await send('helloworld.example.com', '/hello', ['--http1.1']);
  assert.equal(h1.code, 0, h1.stderr);
  assert.match(h1.stdout, /^HTTP\/1\.1 200 OK/);
  assert.match(h1.stdout, /helloworld helloworld\.example\.com:\d+ \/hello/);

  const other = await send('other.example.com', '/');
  assert.notEqual(other.code, 0);
  assert.equal(other.stdout, '');
});

void test('MUTUAL: a client without a certificate fails the handshake, one with it gets through', async (t) => {
  const { pki, gw, send } = await setup(t);
  const server = await pki.issue('httpbin.example.com');
  gw.istiod.setSecret('httpbin-credential', { cert: server.cert, key: server.key, ca: pki.ca.certPem });
  gw.istiod.push(
    httpsModel([
      {
        host: 'httpbin.example.com',
        tls: { mode: 'MUTUAL', credentialName: 'httpbin-credential' },
        cluster: HTTPBIN.name,
      },
    ]),
  );
  await served(gw);
  const client = await pki.issue('client.example.com');

  const without = await send('httpbin.example.com', '/status/418');
  assert.notEqual(without.code, 0);
  // TLS 1.3 sends the server's alert after the client's Finished: curl reports the alert, or,
  // when the server's close wins the race, the reset. Either way no response came back.
  assert.match(without.stderr, /alert certificate required|errno 107|Connection reset|SSL_read|SSL_write/);
  assert.doesNotMatch(without.stdout, /418/);

  const withCert = await send('httpbin.example.com', '/status/418', [
    '--cert',
    client.certFile,
    '--key',
    client.keyFile,
  ]);
  assert.equal(withCert.code, 0, withCert.stderr);
  assert.match(withCert.stdout, /^HTTP\/2 418/);
});

void test('OPTIONAL_MUTUAL accepts a client without a certificate', async (t) => {
  const { pki, gw, send } = await setup(t);
  const server = await pki.issue('httpbin.example.com');
  gw.istiod.setSecret('httpbin-credential', { cert: server.cert, key: server.key, ca: pki.ca.certPem });
  gw.istiod.push(
    httpsModel([
      {
        host: 'httpbin.example.com',
        tls: { mode: 'OPTIONAL_MUTUAL', credentialName: 'httpbin-credential' },
        cluster: HTTPBIN.name,
      },
    ]),
  );
  await served(gw);
  const r = await send('httpbin.example.com', '/status/418');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/2 418/);
});

void test('minProtocolVersion TLSV1_3 refuses a TLS 1.2 client', async (t) => {
  const { pki, gw, send } = await setup(t);
  gw.istiod.setSecret('httpbin-credential', await pki.issue('httpbin.example.com'));
  gw.istiod.push(
    httpsModel([
      {
        host: 'httpbin.example.com',
        tls: { mode: 'SIMPLE', credentialName: 'httpbin-credential', minProtocolVersion: 'TLSV1_3' },
        cluster: HTTPBIN.name,
      },
    ]),
  );
  await served(gw);
  const old = await send('httpbin.example.com', '/', ['--tls-max', '1.2']);
  assert.notEqual(old.code, 0);
  const ok = await send('httpbin.example.com', '/');
  assert.equal(ok.code, 0, ok.stderr);
});

function peerSerial(host: string, port: number, servername: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = tlsConnect({ host, port, servername, rejectUnauthorized: false }, () => {
      const serial = s.getPeerCertificate().serialNumber;
      s.destroy();
      resolve(serial);
    });
    s.on('error', () => resolve(undefined));
  });
}

void test('a missing credential fails handshakes; a rotated Secret is served without a new model', async (t) => {
  const { pki, gw } = await setup(t);
  gw.istiod.push(
    httpsModel([
      {
        host: 'httpbin.example.com',
        tls: { mode: 'SIMPLE', credentialName: 'httpbin-credential' },
        cluster: HTTPBIN.name,
      },
    ]),
  );
  await served(gw);
  const at = gw.at(8443);
  assert.equal(await peerSerial(at.host, at.port, 'httpbin.example.com'), undefined);
  assert.ok(gw.lines.some((l) => l.includes('credential httpbin-credential is not available')));

  gw.istiod.setSecret('httpbin-credential', await pki.issue('httpbin.example.com'));
  const first = await waitFor('the first certificate', () =>
    peerSerial(at.host, at.port, 'httpbin.example.com'),
  );
  gw.istiod.setSecret('httpbin-credential', await pki.issue('httpbin.example.com'));
  const second = await waitFor('the rotated certificate', async () => {
    const s = await peerSerial(at.host, at.port, 'httpbin.example.com');
    return s !== first ? s : undefined;
  });
  assert.notEqual(second, first);
});
