// The local PKI against real verifiers: openssl verify, a TLS handshake through node:https,
// and Go's client (kubectl) when it is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from './x509.ts';
import { loadOrCreateCA } from './ca.ts';
import { issueCertificate } from './issue.ts';
import { preparePki } from './index.ts';
import { loadOrCreateToken } from './token.ts';

async function tempHome(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-pki-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

void test('the CA is created once, EC P-256, 10 years, CN "gangway local CA", key mode 0600', async (t) => {
  const home = await tempHome(t);
  const ca = await loadOrCreateCA(home);
  assert.equal(ca.cert.subject, 'CN=gangway local CA');
  assert.equal(ca.cert.issuer, 'CN=gangway local CA');
  const years = (ca.cert.notAfter.getTime() - Date.now()) / (365.25 * 24 * 3600 * 1000);
  assert.ok(years > 9.9 && years < 10.1, `validity ${years} years`);
  assert.equal((ca.cert.publicKey.algorithm as { namedCurve?: string }).namedCurve, 'P-256');
  const bc = ca.cert.getExtension(x509.BasicConstraintsExtension);
  assert.equal(bc?.ca, true);
  assert.equal((await stat(join(home, 'ca.key'))).mode & 0o777, 0o600);
  const again = await loadOrCreateCA(home);
  assert.equal(again.certPem, ca.certPem, 'a second call reuses the CA');
});

void test('a CA with one of its two files missing is an error, not silently replaced', async (t) => {
  const home = await tempHome(t);
  await loadOrCreateCA(home);
  await rm(join(home, 'ca.key'));
  await assert.rejects(loadOrCreateCA(home), /ca\.key is missing/);
});

void test(
  'issued certificates carry the SANs asked for and verify with openssl',
  { skip: !hasOpenssl },
  async (t) => {
    const home = await tempHome(t);
    const ca = await loadOrCreateCA(home);
    const leaf = await issueCertificate(ca, {
      commonName: 'test-alb',
      dnsNames: ['app.example.com', '*.example.com'],
      ipAddresses: ['127.1.1.1'],
      days: 30,
    });
    await writeFile(join(home, 'leaf.crt'), leaf.certPem);
    const out = execFileSync('openssl', ['verify', '-CAfile', join(home, 'ca.crt'), join(home, 'leaf.crt')], {
      encoding: 'utf8',
    });
    assert.match(out, /leaf\.crt: OK/);
    const text = execFileSync('openssl', ['x509', '-in', join(home, 'leaf.crt'), '-noout', '-text'], {
      encoding: 'utf8',
    });
    assert.match(text, /DNS:app\.example\.com, DNS:\*\.example\.com, IP Address:127\.1\.1\.1/);
    assert.match(text, /TLS Web Server Authentication/);
    assert.match(text, /CA:FALSE/);
    assert.match(text, /Subject: CN = test-alb/);
  },
);

void test('issueCertificate rejects requests without names or with a bad IP', async (t) => {
  const ca = await loadOrCreateCA(await tempHome(t));
  await assert.rejects(issueCertificate(ca, { commonName: 'x', days: 1 }), /at least one DNS name or IP/);
  await assert.rejects(
    issueCertificate(ca, { commonName: 'x', ipAddresses: ['300.1.1.1'], days: 1 }),
    /not an IP address/,
  );
});

void test('the token is 32 random bytes in hex, mode 0600, stable across calls', async (t) => {
  const home = await tempHome(t);
  const token = await loadOrCreateToken(home);
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.equal((await stat(join(home, 'token'))).mode & 0o777, 0o600);
  assert.equal(await loadOrCreateToken(home), token);
});

void test('the API server certificate serves TLS to a client that trusts only the CA', async (t) => {
  const home = await tempHome(t);
  const pki = await preparePki(home);
  const server = createServer({ cert: pki.apiServer.certPem, key: pki.apiServer.keyPem }, (_req, res) => {
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  for (const host of ['127.0.0.1', 'localhost']) {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host, port, path: '/', ca: pki.ca.certPem, servername: host === 'localhost' ? host : undefined },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(body, 'ok', `TLS to ${host}`);
  }
  // A client that does not trust the CA fails the handshake.
  await assert.rejects(
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/' }, resolve);
      req.on('error', reject);
      req.end();
    }),
    /self-signed|unable to (get|verify)/,
  );
  const reused = await preparePki(home);
  assert.equal(reused.apiServer.certPem, pki.apiServer.certPem, 'the API certificate is reused while valid');
  assert.equal(await readFile(join(home, 'apiserver.key'), 'utf8'), pki.apiServer.keyPem);
});

void test(
  'kubectl (Go) accepts the API certificate through the written kubeconfig',
  { skip: !existsSync('/usr/bin/kubectl') },
  async (t) => {
    const home = await tempHome(t);
    const pki = await preparePki(home);
    const version = {
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.4-gangway',
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2025-01-01T00:00:00Z',
      goVersion: 'go1.23.6',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
    const seen: string[] = [];
    const server = createServer({ cert: pki.apiServer.certPem, key: pki.apiServer.keyPem }, (req, res) => {
      seen.push(req.headers.authorization ?? '');
      if ((req.url ?? '').startsWith('/version')) {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(version));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => server.close(() => r())));
    const { writeKubeconfig } = await import('./kubeconfig.ts');
    const kubeconfig = await writeKubeconfig(home, {
      server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: pki.token,
      caPem: pki.ca.certPem,
    });
    // Asynchronously: the server answers from this process's event loop.
    const { stdout } = await promisify(execFile)(
      '/usr/bin/kubectl',
      ['version', '--kubeconfig', kubeconfig, '--cache-dir', join(home, 'cache')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.match(stdout, /Server Version: v1\.32\.4-gangway/);
    assert.ok(seen.includes(`Bearer ${pki.token}`), 'kubectl sent the bearer token');
  },
);
