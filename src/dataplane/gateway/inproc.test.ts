// The gateway's in-memory request/response look-alikes: node's header object rules, and the
// response as node:http would put it on the wire (Date added, no body for HEAD/204, resets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalHttpControl, LocalHttpSink } from '../../net/local-endpoints.ts';
import { headersObject, serveInProc } from './inproc.ts';

void test('headersObject joins duplicates as node:http does', () => {
  const cases: [string[], Record<string, string | string[]>][] = [
    [['Host', 'a', 'host', 'b'], { host: 'a' }],
    [['X-A', '1', 'x-a', '2'], { 'x-a': '1, 2' }],
    [['Cookie', 'a=1', 'cookie', 'b=2'], { cookie: 'a=1; b=2' }],
    [['Set-Cookie', 'a', 'set-cookie', 'b'], { 'set-cookie': ['a', 'b'] }],
    [
      ['Content-Length', '3', 'content-length', '4', 'User-Agent', 'u'],
      { 'content-length': '3', 'user-agent': 'u' },
    ],
  ];
  for (const [raw, want] of cases) assert.deepEqual({ ...headersObject(raw) }, want, raw.join(' '));
});

class Sink implements LocalHttpSink {
  events: string[] = [];
  control: LocalHttpControl | undefined;
  connected(c: LocalHttpControl): void {
    this.control = c;
  }
  head(status: number, text: string, raw: readonly string[]): void {
    this.events.push(`head ${status} ${text} ${raw.filter((_, i) => i % 2 === 0).join(',')}`);
  }
  data(chunk: Buffer): boolean {
    this.events.push(`data ${chunk.toString()}`);
    return true;
  }
  end(): void {
    this.events.push('end');
  }
  fail(err: Error): void {
    this.events.push(`fail ${(err as Error & { code?: string }).code ?? err.message}`);
  }
}

const REQ = {
  path: '/x',
  rawHeaders: ['host', 'h'],
  body: null,
  remoteAddress: '127.0.0.1',
  remotePort: 40000,
};

void test('the response reaches the sink as node:http would write it', () => {
  const cases: { method: string; run: (res: import('node:http').ServerResponse) => void; want: string[] }[] =
    [
      {
        method: 'GET',
        run: (res) => {
          res.writeHead(200, ['content-type', 'text/plain']);
          res.write('a');
          res.end('b');
        },
        want: ['head 200 OK content-type,Date', 'data a', 'data b', 'end'],
      },
      {
        method: 'HEAD',
        run: (res) => res.writeHead(200, ['date', 'd']).end('ignored'),
        want: ['head 200 OK date', 'end'],
      },
      {
        method: 'GET',
        run: (res) => res.writeHead(204, ['date', 'd']).end('x'),
        want: ['head 204 No Content date', 'end'],
      },
      {
        method: 'GET',
        run: (res) => {
          res.writeHead(200, ['date', 'd']);
          res.destroy();
        },
        want: ['head 200 OK date', 'fail UND_ERR_SOCKET'],
      },
    ];
  for (const c of cases) {
    const sink = new Sink();
    let peer = '';
    serveInProc({ ...REQ, method: c.method }, sink, '127.245.128.2', 8080, (req, res) => {
      peer = `${req.socket.remoteAddress ?? ''}:${req.socket.remotePort ?? 0} -> ${req.socket.localAddress ?? ''}`;
      assert.equal(req.headers.host, 'h');
      c.run(res);
    });
    assert.equal(peer, '127.0.0.1:40000 -> 127.245.128.2');
    assert.deepEqual(sink.events, c.want, c.method);
  }
});

void test('abort: the gateway sees its downstream close and its socket destroyed', async () => {
  const sink = new Sink();
  let closed = false;
  let socketGone = false;
  serveInProc({ ...REQ, method: 'GET' }, sink, '127.245.128.2', 8080, (req, res) => {
    res.once('close', () => {
      closed = true;
      socketGone = req.socket.destroyed;
    });
  });
  sink.control?.abort();
  await new Promise((r) => setImmediate(r));
  assert.ok(closed);
  assert.ok(socketGone);
  assert.deepEqual(sink.events, []);
});
