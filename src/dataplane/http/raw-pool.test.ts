// The raw upstream connection and the host pool over real loopback sockets (block 247):
// response framing (content-length, chunked with extensions and trailers, until close, HEAD,
// 204, 304, 1xx), keep-alive reuse without pipelining, idle closes, resets, malformed and
// oversized heads. The pool cases run over both connection kinds (raw and undici), which
// must behave the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { clusterResources, HostPool, type PooledRequest } from './host-pool.ts';
import { CHUNKED_MALFORMED, ChunkedDecoder, REQUEST_RULES } from './chunked.ts';
import { parseResponseHead } from './response-head.ts';
import { requestHead } from './request-head.ts';

const ADDR = '127.0.247.1';

interface Script {
  server: Server;
  port: number;
  /** Requests received (heads as text), in order. */
  heads: string[];
  /** Connections accepted. */
  conns: number;
}

/** A TCP server answering each request head it reads with `respond(head, socket)`. */
async function scripted(respond: (head: string, s: Socket, n: number) => void): Promise<Script> {
  const st: Script = { server: createServer(), port: 0, heads: [], conns: 0 };
  st.server.on('connection', (s) => {
    st.conns++;
    let buf = '';
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (;;) {
        const i = buf.indexOf('\r\n\r\n');
        if (i < 0) return;
        const head = buf.slice(0, i + 4);
        const cl = /content-length: (\d+)/i.exec(head);
        const len = cl ? Number(cl[1]) : 0;
        if (buf.length < i + 4 + len) return;
        buf = buf.slice(i + 4 + len);
        st.heads.push(head);
        respond(head, s, st.heads.length);
      }
    });
  });
  await new Promise<void>((r) => st.server.listen(0, ADDR, r));
  st.port = (st.server.address() as { port: number }).port;
  return st;
}

function stop(st: Script): Promise<void> {
  return new Promise((r) => {
    st.server.close(() => r());
    // closeAllConnections is http-only: end the raw sockets by hand.
    st.server.getConnections(() => undefined);
  });
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
  error: string | undefined;
  connected: boolean;
}

class Collector implements PooledRequest {
  readonly opts: Dispatcher.DispatchOptions;
  readonly pool: HostPool;
  slot: unknown = undefined;
  waiting = false;
  queued = false;
  readonly out: Outcome = { status: 0, headers: {}, body: '', error: undefined, connected: false };
  readonly done: Promise<Outcome>;
  #resolve!: (o: Outcome) => void;

  constructor(pool: HostPool, opts: Partial<Dispatcher.DispatchOptions> = {}) {
    this.pool = pool;
    this.opts = { method: 'GET', path: '/', headers: ['host', 'up'], body: null, ...opts };
    this.done = new Promise((r) => (this.#resolve = r));
  }
  onConnect(): void {
    this.out.connected = true;
    this.pool.onWritten(this);
  }
  onHeaders(status: number, raw: Buffer[]): boolean {
    if (status < 200) return true;
    this.out.status = status;
    for (let i = 0; i < raw.length; i += 2)
      this.out.headers[(raw[i] as Buffer).toString('latin1').toLowerCase()] = (raw[i + 1] as Buffer).toString(
        'latin1',
      );
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.out.body += chunk.toString('latin1');
    return true;
  }
  onComplete(): void {
    this.pool.release(this);
    this.#resolve(this.out);
  }
  onError(err: Error): void {
    this.#fail(err);
  }
  failFromPool(err: Error): void {
    this.#fail(err);
  }
  #fail(err: Error): void {
    this.out.error = (err as { code?: string }).code ?? err.message;
    this.pool.release(this);
    this.#resolve(this.out);
  }
}

async function withPool(
  raw: boolean,
  respond: (head: string, s: Socket, n: number) => void,
  body: (pool: HostPool, st: Script) => Promise<void>,
): Promise<void> {
  const st = await scripted(respond);
  const pool = new HostPool(ADDR, st.port, clusterResources(), { raw });
  try {
    await body(pool, st);
  } finally {
    await pool.close();
    await stop(st);
  }
}

function send(pool: HostPool, opts: Partial<Dispatcher.DispatchOptions> = {}): Promise<Outcome> {
  const c = new Collector(pool, opts);
  assert.equal(pool.dispatch(c), true);
  return c.done;
}

const CASES: {
  name: string;
  method?: string;
  response: string | string[];
  status: number;
  body: string;
  /** The connection is reused for a second request. */
  reused: boolean;
  /** undici differs: it closes after HEAD, and fails a 304 with content-length or a 1xx. */
  undici?: 'skip' | 'not reused';
}[] = [
  {
    name: 'content-length',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
    status: 200,
    body: 'hello',
    reused: true,
  },
  {
    name: 'chunked with extensions and trailers, split',
    response: [
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhel',
      'lo\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n',
    ],
    status: 200,
    body: 'hello world',
    reused: true,
  },
  {
    name: 'close-delimited',
    response: 'HTTP/1.1 200 OK\r\n\r\nuntil close',
    status: 200,
    body: 'until close',
    reused: false,
  },
  {
    name: 'HEAD',
    method: 'HEAD',
    response: 'HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n',
    status: 200,
    body: '',
    reused: true,
    undici: 'not reused',
  },
  { name: '204', response: 'HTTP/1.1 204 No Content\r\n\r\n', status: 204, body: '', reused: true },
  {
    name: '304',
    response: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n',
    status: 304,
    body: '',
    reused: true,
    undici: 'skip',
  },
  {
    name: '100 continue first',
    response: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok',
    status: 201,
    body: 'ok',
    reused: true,
    undici: 'skip',
  },
  {
    name: 'connection: close',
    response: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx',
    status: 200,
    body: 'x',
    reused: false,
  },
  {
    name: 'HTTP/1.0',
    response: 'HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\ny',
    status: 200,
    body: 'y',
    reused: false,
  },
];

for (const raw of [true, false]) {
  const kind = raw ? 'raw' : 'undici';
  for (const c of CASES) {
    if (!raw && c.undici === 'skip') continue;
    const reused = c.reused && (raw || c.undici !== 'not reused');
    void test(`${kind}: ${c.name}`, async () => {
      await withPool(
        raw,
        (_h, s) => {
          const parts = typeof c.response === 'string' ? [c.response] : c.response;
          s.write(parts[0] as string, 'latin1');
          if (parts[1] !== undefined) setImmediate(() => s.write(parts[1] as string, 'latin1'));
          if (!c.reused) s.end();
        },
        async (pool, st) => {
          const opts = c.method ? { method: c.method } : {};
          for (let i = 0; i < 2; i++) {
            const o = await send(pool, opts);
            assert.equal(o.error, undefined);
            assert.equal(o.status, c.status);
            assert.equal(o.body, c.body);
          }
          assert.equal(st.conns, reused ? 1 : 2);
        },
      );
    });
  }

  void test(`${kind}: connection refused`, async () => {
    const st = await scripted(() => undefined);
    await stop(st);
    const pool = new HostPool(ADDR, st.port, clusterResources(), { raw });
    const o = await send(pool);
    await pool.close();
    assert.equal(o.error, 'ECONNREFUSED');
    assert.equal(o.connected, false);
  });

  void test(`${kind}: reset before headers, then a fresh connection`, async () => {
    await withPool(
      raw,
      (_h, s, n) => {
        if (n === 1) s.destroy();
        else s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      },
      async (pool, st) => {
        const o = await send(pool);
        assert.ok(o.error !== undefined);
        assert.equal(o.connected, true);
        assert.equal(o.status, 0);
        assert.equal((await send(pool)).status, 200);
        assert.equal(st.conns, 2);
      },
    );
  });

  void test(`${kind}: reset mid-response`, async () => {
    await withPool(
      raw,
      (_h, s) => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial', () =>
          setImmediate(() => s.resetAndDestroy()),
        );
      },
      async (pool) => {
        const o = await send(pool);
        assert.equal(o.status, 200);
        assert.ok(o.error !== undefined);
      },
    );
  });

  void test(`${kind}: server closing an idle connection`, async () => {
    await withPool(
      raw,
      (_h, s) => {
        s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      },
      async (pool, st) => {
        // The response says keep-alive but the server closes: the pool notices and reconnects.
        assert.equal((await send(pool)).status, 200);
        const deadline = Date.now() + 10_000;
        while (pool.connected > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        assert.equal(pool.connected, 0);
        assert.equal((await send(pool)).body, 'ok');
        assert.equal(st.conns, 2);
      },
    );
  });

  void test(`${kind}: malformed status line and header`, async () => {
    for (const bad of [
      'HTTX/1.1 200 OK\r\n\r\n',
      'HTTP/1.1 2x0 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nBad Name: v\r\n\r\n',
    ]) {
      await withPool(
        raw,
        (_h, s) => s.write(bad),
        async (pool) => {
          const o = await send(pool);
          assert.ok(o.error !== undefined, bad);
          assert.equal(o.status, 0);
        },
      );
    }
  });

  void test(`${kind}: request bodies (buffer and chunked stream)`, async () => {
    await withPool(
      raw,
      (_h, s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
      async (pool, st) => {
        await send(pool, { method: 'POST', body: Buffer.from('abc') });
        assert.match(st.heads[0] as string, /content-length: 3\r\n/);
        await send(pool, { method: 'POST' });
        assert.match(st.heads[1] as string, /content-length: 0\r\n/);
        assert.match(st.heads[1] as string, /^POST \/ HTTP\/1.1\r\nhost: up\r\nconnection: keep-alive\r\n/);
      },
    );
  });
}

void test('raw: oversized response head fails the request', async () => {
  await withPool(
    true,
    (_h, s) => s.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`),
    async (pool) => {
      assert.equal((await send(pool)).error, 'UND_ERR_HEADERS_OVERFLOW');
    },
  );
});

void test('raw: bytes after a response end the connection (never parsed as the next one)', async () => {
  await withPool(
    true,
    (_h, s) =>
      s.write(
        'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nzHTTP/1.1 500 Sneaky\r\nContent-Length: 0\r\n\r\n',
      ),
    async (pool, st) => {
      assert.equal((await send(pool)).status, 200);
      assert.equal((await send(pool)).status, 200);
      assert.equal(st.conns, 2);
    },
  );
});

void test('raw: no pipelining, requests wait for the connection', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  await withPool(
    true,
    (_h, s) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setImmediate(() => {
        inFlight--;
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz');
      });
    },
    async (pool) => {
      const all = await Promise.all([send(pool), send(pool), send(pool)]);
      assert.deepEqual(
        all.map((o) => o.body),
        ['z', 'z', 'z'],
      );
      assert.equal(maxInFlight, 1);
    },
  );
});

void test('parseResponseHead: raw headers, framing and reuse hints', () => {
  const b = Buffer.from(
    'HTTP/1.1 200 Fine Thanks\r\nServer: x\r\nContent-Length:  12 \r\nConnection: Close\r\nKeep-Alive: timeout=5\r\n\r\n',
    'latin1',
  );
  const h = parseResponseHead(b, 0, b.length);
  assert.equal(h.status, 200);
  assert.equal(h.statusText, 'Fine Thanks');
  assert.deepEqual(
    h.raw.map((x) => x.toString()),
    ['Server', 'x', 'Content-Length', '12', 'Connection', 'Close', 'Keep-Alive', 'timeout=5'],
  );
  assert.equal(h.contentLength, 12);
  assert.equal(h.close, true);
  assert.equal(h.keepAliveMs, 5000);
});

void test('parseResponseHead: malformed heads throw', () => {
  for (const bad of [
    'HTTP/2 200 OK\r\n\r\n',
    'HTTP/1.1 99 x\r\n\r\n',
    'HTTP/1.1 200OK\r\n\r\n',
    'HTTP/1.1 200 OK\r\n folded\r\n\r\n',
    'HTTP/1.1 200 OK\r\nNoColon\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
  ]) {
    const b = Buffer.from(bad, 'latin1');
    assert.throws(() => parseResponseHead(b, 0, b.length), /./, JSON.stringify(bad));
  }
});

void test('ChunkedDecoder: byte by byte, and malformed sizes', () => {
  const wire = Buffer.from('3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\nNEXT');
  const d = new ChunkedDecoder();
  let out = '';
  const sink = { chunkData: (b: Buffer) => (out += b.toString()) };
  let end = -1;
  for (let i = 0; i < wire.length && end < 0; i++) {
    const e = d.decode(wire.subarray(i, i + 1), 0, sink);
    if (e >= 0) end = i + e;
  }
  assert.equal(out, 'abc0123456789abcdef');
  assert.equal(wire.subarray(end).toString(), 'NEXT');
  for (const bad of ['x\r\n', '3\nabc', '3\r\nabcX', '\r\n']) {
    d.reset();
    assert.equal(d.decode(Buffer.from(bad), 0, sink), CHUNKED_MALFORMED, bad);
    assert.notEqual(d.error, '', bad);
  }
  // A space before the extensions: the gateway's codec takes it, llhttp (requests) does not.
  const spaced = Buffer.from('3 ;x\r\nabc\r\n0\r\n\r\n');
  d.reset();
  assert.equal(d.decode(spaced, 0, sink), spaced.length);
  assert.equal(new ChunkedDecoder(REQUEST_RULES).decode(spaced, 0, sink), CHUNKED_MALFORMED);
});

void test('requestHead: undici framing', () => {
  const h = ['host', 'a:1', 'content-length', '5', 'x-a', 'b', 'connection', 'x'];
  assert.equal(
    requestHead('PUT', '/p', h, 'stream', false).head,
    'PUT /p HTTP/1.1\r\nhost: a:1\r\nconnection: keep-alive\r\nx-a: b\r\ncontent-length: 5\r\n\r\n',
  );
  const s = requestHead('POST', '/', ['host', 'a'], 'stream', true);
  assert.equal(s.chunked, true);
  assert.match(s.head, /connection: close\r\n.*transfer-encoding: chunked\r\n\r\n$/s);
  assert.doesNotMatch(requestHead('GET', '/', ['host', 'a'], null, false).head, /content-length/);
});
