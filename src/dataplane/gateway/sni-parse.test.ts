// The TLS inspector's ClientHello parsing on real hellos from node:tls (captured on loopback,
// block 251), fed in every prefix length; and the filter chain selection by server name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { compileSni, sniMatches } from './sni-match.ts';
import { peekClientHello } from './sni-parse.ts';

/** The first bytes a TLS client sends (its ClientHello), captured by a plain TCP server. */
async function captureHello(servername: string | undefined): Promise<Buffer> {
  let chunks: Buffer[] = [];
  let done: (b: Buffer) => void = () => undefined;
  const got = new Promise<Buffer>((resolve) => (done = resolve));
  const server = createServer((s) => {
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      if (peekClientHello(all).kind !== 'more') {
        done(all);
        s.destroy();
      }
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.251.200.1', resolve));
  const port = (server.address() as { port: number }).port;
  const c = tlsConnect({
    host: '127.251.200.1',
    port,
    ...(servername ? { servername } : {}),
    ALPNProtocols: ['h2', 'http/1.1'],
    rejectUnauthorized: false,
  });
  c.on('error', () => undefined);
  const hello = await got;
  c.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  chunks = [];
  return hello;
}

void test('peekClientHello reads SNI and ALPN, asks for more on every shorter prefix', async () => {
  const hello = await captureHello('HTTPBIN.example.com');
  for (let n = 0; n < hello.length; n++)
    assert.equal(peekClientHello(hello.subarray(0, n)).kind, 'more', `prefix ${n}`);
  assert.deepEqual(peekClientHello(hello), {
    kind: 'hello',
    serverName: 'httpbin.example.com',
    alpn: ['h2', 'http/1.1'],
  });
});

void test('peekClientHello: no SNI (an IP address), a hello split across two records, not TLS', async () => {
  const hello = await captureHello(undefined);
  const r = peekClientHello(hello);
  assert.equal(r.kind, 'hello');
  assert.equal(r.kind === 'hello' ? r.serverName : 'x', undefined);

  // Re-frame the handshake message into two records of the same version.
  const withSni = await captureHello('a.example.com');
  const body = withSni.subarray(5);
  const cut = 40;
  const rec = (b: Buffer) => Buffer.concat([Buffer.from([22, 3, 1, b.length >> 8, b.length & 255]), b]);
  const split = Buffer.concat([rec(body.subarray(0, cut)), rec(body.subarray(cut))]);
  assert.equal(peekClientHello(split.subarray(0, 50)).kind, 'more');
  const s = peekClientHello(split);
  assert.equal(s.kind === 'hello' ? s.serverName : undefined, 'a.example.com');

  assert.equal(peekClientHello(Buffer.from('GET / HTTP/1.1\r\n')).kind, 'not-tls');
  assert.equal(peekClientHello(Buffer.from([22, 3, 1, 0, 5, 2, 0, 0, 1, 0])).kind, 'not-tls');
});

void test('compileSni: exact, then the longest wildcard, then the chain without names', () => {
  const select = compileSni([
    { serverNames: ['a.example.com'], value: 'exact' },
    { serverNames: ['*.example.com'], value: 'wild' },
    { serverNames: ['*.b.example.com'], value: 'wild-b' },
    { serverNames: [], value: 'default' },
    { serverNames: ['a.example.com'], value: 'shadowed' },
  ]);
  const cases: [string | undefined, string][] = [
    ['a.example.com', 'exact'],
    ['A.Example.COM', 'exact'],
    ['x.example.com', 'wild'],
    ['x.y.example.com', 'wild'],
    ['x.b.example.com', 'wild-b'],
    ['example.com', 'default'],
    [undefined, 'default'],
  ];
  for (const [name, want] of cases) assert.equal(select(name), want, String(name));
  const strict = compileSni([{ serverNames: ['nginx.example.com'], value: 1 }]);
  assert.equal(strict('other.example.com'), undefined);
  assert.equal(strict(undefined), undefined);
  assert.equal(sniMatches(['*.example.com'], 'a.example.com'), true);
  assert.equal(sniMatches(['*.example.com'], 'example.com'), false);
  assert.equal(sniMatches([], undefined), true);
});
