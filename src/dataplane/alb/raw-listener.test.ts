// The ALB's HTTP listener on the wire (loopback block 249), raw (default) and node:http
// (GANGWAY_RAW_LISTENER=0) side by side: the same bytes in must give the same bytes out (Date
// and trace ids aside) for forwarding, HEAD, pipelining, bodies (Content-Length, chunked with
// extensions and trailers, unread), 100-continue, HTTP/1.0, smuggling and syntax refusals,
// limits, and the idle rules; then what only the raw listener does (half-close, no Host),
// and its graceful close.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { LoadBalancer, Target } from '../../alb/model.ts';
import { DialTable } from '../../net/dial-table.ts';
import { createCA } from '../../pki/ca.ts';
import { seededRandom } from '../gateway/seeded-random.ts';
import { AlbDataPlane } from './server.ts';
import {
  HOST,
  type Upstream,
  forward,
  listener,
  loadBalancer,
  pathRule,
  tg,
  upstream,
  waitFor,
} from './test-helpers.ts';

/** Bytes to send, or a pattern to wait for in what came back before sending on. */
type Step = string | RegExp;

/** Runs steps on one connection (then half-closes when asked); everything until close. */
function exchange(address: string, port: number, steps: Step[], halfClose = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, address);
    let got = '';
    let i = 0;
    const deadline = setTimeout(() => {
      s.destroy();
      resolve(got + '<deadline>');
    }, 20_000);
    const next = (): void => {
      while (i < steps.length) {
        const step = steps[i]!;
        if (typeof step !== 'string') {
          if (!step.test(got)) return;
          i++;
          continue;
        }
        s.write(step, 'latin1');
        i++;
      }
      if (halfClose && i === steps.length) {
        i++;
        s.end();
      }
    };
    s.setEncoding('latin1');
    s.on('data', (c: string) => {
      got += c;
      next();
    });
    s.on('error', reject);
    s.on('close', () => {
      clearTimeout(deadline);
      resolve(got);
    });
    s.on('connect', next);
  });
}

/** What may differ between two runs of the same exchange. */
function normalize(s: string): string {
  return s.replace(/Date: [^\r]*/gi, 'Date: X').replace(/[0-9a-f]{8}-[0-9a-f]{24}/g, 'TRACE');
}

interface Plane {
  plane: AlbDataPlane;
  address: string;
  port: number;
}

async function plane(
  t: TestContext,
  octet: number,
  raw: boolean,
  lb: LoadBalancer,
  ups: Map<string, Target[]>,
): Promise<Plane> {
  const address = `127.249.${String(octet)}.100`;
  const saved = process.env.GANGWAY_RAW_LISTENER;
  process.env.GANGWAY_RAW_LISTENER = raw ? '1' : '0';
  const p = new AlbDataPlane({
    dial: new DialTable(),
    ca: await createCA(),
    address: () => address,
    portMap: new Map([[80, 0]]),
    targets: (g) => ups.get(g.arn) ?? [],
    healthTimeScale: 0.005,
    random: seededRandom(3),
  });
  t.after(() => p.stop());
  try {
    await p.setModel({ loadBalancers: [lb] });
    await p.start();
  } finally {
    if (saved === undefined) delete process.env.GANGWAY_RAW_LISTENER;
    else process.env.GANGWAY_RAW_LISTENER = saved;
  }
  for (const g of lb.targetGroups)
    await waitFor('targets healthy', () => p.health(g.arn).every((h) => h.state === 'healthy'));
  return { plane: p, address, port: p.listenersOf(lb.name)[0]!.boundPort };
}

const close = 'Connection: close\r\n';
const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\n${extra}\r\n`;

async function setup(t: TestContext): Promise<{ raw: Plane; node: Plane; a: Upstream }> {
  const a = await upstream(t, '127.249.1.1', 'a');
  const group = tg('k8s-raw');
  const lb = loadBalancer(
    [
      listener(
        80,
        'HTTP',
        [
          pathRule(1, ['/fixed'], {
            type: 'fixed-response',
            statusCode: '404',
            contentType: 'text/plain',
            messageBody: 'nope',
          }),
          pathRule(2, ['/moved'], {
            type: 'redirect',
            protocol: 'HTTPS',
            port: '443',
            host: '#{host}',
            path: '/#{path}',
            query: '#{query}',
            statusCode: 'HTTP_302',
          }),
        ],
        forward(group),
      ),
    ],
    [group],
  );
  lb.attributes = { 'idle_timeout.timeout_seconds': '1' };
  const ups = new Map([[group.arn, [a.target]]]);
  return { raw: await plane(t, 2, true, lb, ups), node: await plane(t, 3, false, lb, ups), a };
}

const BIG = 'a 2 MB body both ways (backpressure)';

/** A chunked answer's head and the data its chunks carry. */
function dechunk(s: string): string {
  const headEnd = s.indexOf('\r\n\r\n') + 4;
  let out = s.slice(0, headEnd);
  let i = headEnd;
  for (;;) {
    const eol = s.indexOf('\r\n', i);
    const size = parseInt(s.slice(i, eol), 16);
    if (!(size > 0)) return out;
    out += s.slice(eol + 2, eol + 2 + size);
    i = eol + 2 + size + 2;
  }
}

/**
 * Where node:http's answer is a quirk of its own: for Transfer-Encoding: gzip llhttp lets the
 * request through (the exchange answers 501, keep-alive) and then refuses the connection with
 * a second 501; the raw listener answers one 501 and closes.
 */
const NODE_DIFFERS = new Set(['Transfer-Encoding gzip: 501']);

void test('raw and node:http listeners answer the same bytes', async (t) => {
  const { raw, node } = await setup(t);
  const chunkedBody = '5;ext=1\r\nhello\r\n6;a="b"\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n';
  const table: [string, Step[], RegExp][] = [
    ['GET forwarded', [get('/a', close)], /^HTTP\/1\.1 200 OK\r\n[^]*"url":"\/a"/],
    [
      'HEAD: head only',
      [`HEAD /h HTTP/1.1\r\nHost: ${HOST}\r\n${close}\r\n`],
      /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n$/,
    ],
    ['fixed-response', [get('/fixed', close)], /^HTTP\/1\.1 404 Not Found\r\n[^]*nope$/],
    ['redirect', [get('/moved?x=1', close)], /^HTTP\/1\.1 302 Found\r\n[^]*Location: https:\/\//],
    [
      'pipelined in one write',
      [get('/p1') + get('/p2') + get('/p3', close)],
      /"url":"\/p1"[^]*"url":"\/p2"[^]*"url":"\/p3"/,
    ],
    [
      'keep-alive, one after the other',
      [get('/k1'), /"url":"\/k1"/, get('/k2', close)],
      /"url":"\/k1"[^]*"url":"\/k2"/,
    ],
    [
      BIG,
      [
        `POST /big HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 2000000\r\n${close}\r\n`,
        'y'.repeat(2_000_000),
      ],
      /^HTTP\/1\.1 200 OK\r\n[^]*\r\n0\r\n\r\n$/,
    ],
    ['head in many small writes', Array.from(get('/t', close), (c) => c), /"url":"\/t"/],
    [
      'chunked body in many small writes',
      [
        `POST /c HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\n${close}\r\n`,
        ...Array.from(chunkedBody, (c) => c),
      ],
      /"body":"hello world"/,
    ],
    ['leading empty lines', ['\r\n\r\n' + get('/e', close)], /^HTTP\/1\.1 200 /],
    [
      'POST with Content-Length, split',
      [`POST /b HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 11\r\n${close}\r\nhello`, ' world'],
      /"body":"hello world"/,
    ],
    [
      'POST chunked with extensions and trailers',
      [`POST /c HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\n${close}\r\n${chunkedBody}`],
      /"body":"hello world"/,
    ],
    [
      'unread body dropped, next request served',
      [
        `POST /fixed HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 10\r\n\r\n12345`,
        /nope/,
        '67890' + get('/after', close),
      ],
      /nope[^]*"url":"\/after"/,
    ],
    [
      'Expect: 100-continue',
      [
        `POST /x HTTP/1.1\r\nHost: ${HOST}\r\nExpect: 100-continue\r\nContent-Length: 2\r\n${close}\r\n`,
        /100 Continue/,
        'ok',
      ],
      /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK[^]*"body":"ok"/,
    ],
    ['other expectation: 417', [get('/x', 'Expect: something\r\n' + close)], /^HTTP\/1\.1 417 /],
    [
      'HTTP/1.0: closes',
      [`GET /o HTTP/1.0\r\nHost: ${HOST}\r\n\r\n`],
      /^HTTP\/1\.1 200 OK\r\n[^]*Connection: close\r\n/,
    ],
    [
      // a length-delimited answer keeps the connection; the echo's (chunked upstream) closes it
      'HTTP/1.0 keep-alive',
      [
        `GET /fixed HTTP/1.0\r\nHost: ${HOST}\r\nConnection: keep-alive\r\n\r\n`,
        /nope/,
        `GET /o2 HTTP/1.0\r\nHost: ${HOST}\r\nConnection: keep-alive\r\n\r\n`,
      ],
      /Keep-Alive: timeout=1\r\n[^]*nope[^]*Connection: close\r\n[^]*"url":"\/o2"/,
    ],
    ['HTTP/1.0 fixed-response', [`GET /fixed HTTP/1.0\r\n\r\n`], /^HTTP\/1\.1 404 [^]*nope$/],
    [
      'Content-Length and Transfer-Encoding',
      [
        `POST / HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ],
      /^HTTP\/1\.1 400 Bad Request/,
    ],
    [
      'Transfer-Encoding then Content-Length',
      [
        `POST / HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`,
      ],
      /^HTTP\/1\.1 400 Bad Request/,
    ],
    [
      'duplicate Content-Length',
      [`POST / HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx`],
      /^HTTP\/1\.1 400 Bad Request/,
    ],
    ['obs-fold', [get('/', 'X-A: b\r\n c\r\n')], /^HTTP\/1\.1 400 Bad Request/],
    ['space before the colon', [get('/', 'X-A : b\r\n')], /^HTTP\/1\.1 400 Bad Request/],
    ['control character in a value', [get('/', 'X-A: \x01\r\n')], /^HTTP\/1\.1 400 Bad Request/],
    ['bare LF line ends', [`GET / HTTP/1.1\nHost: ${HOST}\n\n`], /^HTTP\/1\.1 400 Bad Request/],
    ['unknown method', [`BREW / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`], /^HTTP\/1\.1 400 Bad Request/],
    ['HTTP/1.2', [`GET / HTTP/1.2\r\nHost: ${HOST}\r\n\r\n`], /^HTTP\/1\.1 400 Bad Request/],
    [
      'malformed chunk size',
      [`POST /c HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`],
      /^HTTP\/1\.1 400 Bad Request/,
    ],
    [
      'Transfer-Encoding gzip: 501',
      [`POST / HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: gzip\r\n\r\n`],
      /^HTTP\/1\.1 501 Not Implemented/,
    ],
    [
      'chunked, identity: 501',
      [`POST / HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked, identity\r\n\r\n`],
      /^HTTP\/1\.1 501 Not Implemented/,
    ],
    [
      'gzip, chunked: 501',
      [`POST / HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: gzip, chunked\r\n${close}\r\n0\r\n\r\n`],
      /^HTTP\/1\.1 501 Not Implemented/,
    ],
    [
      'TRACE: 405',
      [`TRACE / HTTP/1.1\r\nHost: ${HOST}\r\n${close}\r\n`],
      /^HTTP\/1\.1 405 Method Not Allowed/,
    ],
    ['request line over 16 KiB', [get('/' + 'x'.repeat(17_000), close)], /^HTTP\/1\.1 400 Bad Request/],
    [
      'one header over 16 KiB',
      [get('/', `X-Big: ${'x'.repeat(17_000)}\r\n` + close)],
      /^HTTP\/1\.1 400 Bad Request/,
    ],
    [
      'head over what the parser reads',
      [get('/', `X-Big: ${'x'.repeat(100_000)}\r\n`)],
      /^HTTP\/1\.1 400 Bad Request/,
    ],
    ['nothing sent: 408', [], /^HTTP\/1\.1 408 Request Time-out\r\n/],
    [
      'part of a request: 408',
      [`GET / HTTP/1.1\r\nHost: ${HOST}\r\n`],
      /^HTTP\/1\.1 408 Request Time-out\r\n/,
    ],
    [
      'idle between requests: silent close',
      [get('/i')],
      /^HTTP\/1\.1 200 OK\r\n[^]*"url":"\/i"[^]*\}\r\n0\r\n\r\n$/,
    ],
    [
      'part of a second request: 408',
      [get('/j'), /"url":"\/j"/, 'GET / HT'],
      /"url":"\/j"[^]*HTTP\/1\.1 408 Request Time-out\r\n/,
    ],
  ];
  for (const [name, steps, want] of table) {
    const [r, n] = await Promise.all([
      exchange(raw.address, raw.port, steps),
      exchange(node.address, node.port, steps),
    ]);
    assert.match(r, want, `${name} (raw): ${JSON.stringify(r.slice(0, 300))}`);
    assert.match(n, want, `${name} (node:http): ${JSON.stringify(n.slice(0, 300))}`);
    if (name === BIG) {
      // chunk boundaries follow the target's reads: compare what the chunks carry
      assert.match(dechunk(r), /"body":"y{2000000}"\}$/);
      assert.equal(normalize(dechunk(r)), normalize(dechunk(n)), name);
    } else if (!NODE_DIFFERS.has(name)) assert.equal(normalize(r), normalize(n), name);
  }
});

void test('raw listener only: half-close, missing Host', async (t) => {
  const { raw } = await setup(t);
  const table: [string, Step[], RegExp][] = [
    // node:http aborts the request when the client half-closes; the raw listener answers it
    ['half-close after a request', [get('/hc')], /^HTTP\/1\.1 200 OK\r\n[^]*"url":"\/hc"/],
    ['half-close after two pipelined', [get('/h1') + get('/h2')], /"url":"\/h1"[^]*"url":"\/h2"/],
    ['half-close inside a head', ['GET / HTTP/1.1\r\nHo'], /^HTTP\/1\.1 400 Bad Request/],
  ];
  for (const [name, steps, want] of table) {
    const got = await exchange(raw.address, raw.port, steps, true);
    assert.match(got, want, `${name}: ${JSON.stringify(got.slice(0, 300))}`);
  }
  // node:http answers its own bare 400; the raw listener the ALB's page
  const noHost = await exchange(raw.address, raw.port, ['GET / HTTP/1.1\r\n\r\n']);
  assert.match(noHost, /^HTTP\/1\.1 400 Bad Request\r\nServer: awselb\/2\.0\r\n/);
});

void test('raw listener: graceful close (idle connections now, busy ones after their answer)', async (t) => {
  const { raw, a } = await setup(t);
  a.holdPath = '/held';
  const idle = net.connect(raw.port, raw.address);
  const idleClosed = new Promise<void>((r) => idle.once('close', () => r()));
  idle.on('error', () => undefined);
  await exchange(raw.address, raw.port, [get('/warm', close)]);
  const busy = exchange(raw.address, raw.port, [get('/held')]);
  await waitFor('request held at the target', () => a.seen.includes('/held'));
  const removed = raw.plane.setModel({ loadBalancers: [] });
  await idleClosed;
  a.release();
  await removed;
  assert.match(await busy, /^HTTP\/1\.1 200 OK\r\n[^]*held [^]*released\r\n0\r\n\r\n$/);
});
