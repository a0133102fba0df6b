// The raw HTTP/1.1 listener's parsing, without sockets: heads (methods, versions, smuggling
// rules, header syntax, keep-alive, Expect), bare line breaks, and bodies (Content-Length,
// chunked with extensions and trailers, split anywhere, malformed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawBody, type BodySource, BodyStream } from './raw-body.ts';
import {
  findHeadEnd,
  hasBareLineBreak,
  parseHead,
  skipEmptyLines,
  type RawHead,
} from './raw-request-parser.ts';

const H = 'Host: a\r\n';

void test('parseHead: what is refused, and with which status', () => {
  const table: [string, string, number][] = [
    ['fine', `GET / HTTP/1.1\r\n${H}\r\n`, 0],
    ['HTTP/1.0 without Host', 'GET / HTTP/1.0\r\n\r\n', 0],
    ['two spaces after the method (llhttp takes it)', `GET  / HTTP/1.1\r\n${H}\r\n`, 0],
    ['empty header value', `GET / HTTP/1.1\r\n${H}X-E:\r\n\r\n`, 0],
    ['obs-text in a value', `GET / HTTP/1.1\r\n${H}X-E: caf\xe9\r\n\r\n`, 0],
    ['missing Host in HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n', 400],
    ['unknown method', `FOO / HTTP/1.1\r\n${H}\r\n`, 400],
    ['lower-case method', `get / HTTP/1.1\r\n${H}\r\n`, 400],
    ['CONNECT', `CONNECT a:443 HTTP/1.1\r\n${H}\r\n`, 400],
    ['HTTP/1.2', `GET / HTTP/1.2\r\n${H}\r\n`, 400],
    ['HTTP/2.0 preface', 'PRI * HTTP/2.0\r\n\r\n', 400],
    ['no version', `GET /\r\n${H}\r\n`, 400],
    ['control character in the target', `GET /\x01 HTTP/1.1\r\n${H}\r\n`, 400],
    ['space before the colon', `GET / HTTP/1.1\r\n${H}X-A : b\r\n\r\n`, 400],
    ['no colon', `GET / HTTP/1.1\r\n${H}X-A b\r\n\r\n`, 400],
    ['empty header name', `GET / HTTP/1.1\r\n${H}: b\r\n\r\n`, 400],
    ['separator in a header name', `GET / HTTP/1.1\r\n${H}X(A): b\r\n\r\n`, 400],
    ['obs-fold', `GET / HTTP/1.1\r\n${H}X-A: b\r\n c\r\n\r\n`, 400],
    ['control character in a value', `GET / HTTP/1.1\r\n${H}X-A: \x01\r\n\r\n`, 400],
    ['DEL in a value', `GET / HTTP/1.1\r\n${H}X-A: \x7f\r\n\r\n`, 400],
    ['bare LF inside a header line', `GET / HTTP/1.1\r\n${H}X-A: b\nX-C: d\r\n\r\n`, 400],
    ['bare CR inside a header line', `GET / HTTP/1.1\r\n${H}X-A: b\rX-C: d\r\n\r\n`, 400],
    [
      'Content-Length and Transfer-Encoding',
      `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n`,
      400,
    ],
    [
      'Transfer-Encoding and Content-Length',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n`,
      400,
    ],
    [
      'two differing Content-Length',
      `POST / HTTP/1.1\r\n${H}Content-Length: 1\r\nContent-Length: 2\r\n\r\n`,
      400,
    ],
    [
      'two equal Content-Length',
      `POST / HTTP/1.1\r\n${H}Content-Length: 1\r\nContent-Length: 1\r\n\r\n`,
      400,
    ],
    ['Content-Length list', `POST / HTTP/1.1\r\n${H}Content-Length: 1, 1\r\n\r\n`, 400],
    ['signed Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length: +1\r\n\r\n`, 400],
    ['huge Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999\r\n\r\n`, 400],
    ['Transfer-Encoding gzip', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip\r\n\r\n`, 501],
    ['chunked not last', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, identity\r\n\r\n`, 501],
    [
      'gzip, chunked: left to the ALB limits',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n`,
      0,
    ],
  ];
  for (const [name, text, want] of table) {
    const r = parseHead(text);
    assert.equal('error' in r ? r.error : 0, want, name);
  }
});

void test('parseHead: fields, framing, keep-alive and Expect', () => {
  const ok = (text: string): RawHead => {
    const r = parseHead(text);
    if ('error' in r) assert.fail(`refused: ${JSON.stringify(text)}`);
    return r;
  };
  const a = ok(`POST /p?q=1 HTTP/1.1\r\nHost:  h.example:8080 \r\nX-Case: V\r\nContent-Length: 12\r\n\r\n`);
  assert.deepEqual(
    [a.method, a.target, a.minor, a.host, a.contentLength, a.chunked, a.keepAlive, a.expect],
    ['POST', '/p?q=1', 1, 'h.example:8080', 12, false, true, 'none'],
  );
  assert.deepEqual(a.rawHeaders, ['Host', 'h.example:8080', 'X-Case', 'V', 'Content-Length', '12']);
  const table: [string, string, Partial<RawHead>][] = [
    ['1.1 default keep-alive', `GET / HTTP/1.1\r\n${H}\r\n`, { keepAlive: true }],
    ['1.1 Connection: close', `GET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n`, { keepAlive: false }],
    ['1.1 Connection list', `GET / HTTP/1.1\r\n${H}Connection: Upgrade, Close\r\n\r\n`, { keepAlive: false }],
    ['1.0 default close', 'GET / HTTP/1.0\r\n\r\n', { keepAlive: false, minor: 0 }],
    ['1.0 keep-alive', 'GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n', { keepAlive: true }],
    [
      'chunked',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: Chunked\r\n\r\n`,
      { chunked: true, contentLength: -1 },
    ],
    [
      'TE over two headers',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n`,
      { chunked: true },
    ],
    ['100-continue', `POST / HTTP/1.1\r\n${H}Expect: 100-Continue\r\n\r\n`, { expect: 'continue' }],
    ['other expectation', `POST / HTTP/1.1\r\n${H}Expect: x\r\n\r\n`, { expect: 'other' }],
    ['Expect ignored on 1.0', 'POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n', { expect: 'none' }],
  ];
  for (const [name, text, want] of table) {
    const h = ok(text);
    for (const [k, v] of Object.entries(want)) assert.equal(h[k as keyof RawHead], v, `${name}: ${k}`);
  }
});

void test('head boundaries: CRLFCRLF found across searches, empty lines skipped, bare breaks', () => {
  const b = Buffer.from('\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nrest', 'latin1');
  const start = skipEmptyLines(b, 0);
  assert.equal(start, 4);
  const end = findHeadEnd(b, start, start);
  assert.equal(b.toString('latin1', end), 'rest');
  // resuming a search just past where the previous one stopped still finds a split CRLFCRLF
  assert.equal(findHeadEnd(b, start, end - 2), end);
  const bare: [string, boolean][] = [
    ['GET / HTTP/1.1\r\nHost: a\r\n', false],
    ['GET / HTTP/1.1\nHost: a\n\n', true],
    ['GET / HTTP/1.1\r\nHost: a\rX', true],
    ['GET / HTTP/1.1\r', false],
  ];
  for (const [text, want] of bare) {
    const buf = Buffer.from(text, 'latin1');
    assert.equal(hasBareLineBreak(buf, 0, 0, buf.length), want, JSON.stringify(text));
  }
});

/** Feeds `parts` to a body; resolves the bytes it delivered, or 'malformed', and what is left. */
async function readBody(
  chunked: boolean,
  length: number,
  parts: string[],
): Promise<{ body: string; rest: string }> {
  const source: BodySource = { resumeBody: () => undefined };
  const sink = new BodyStream(source);
  const body = new RawBody(sink, chunked, length);
  let rest = '';
  for (const p of parts) {
    const buf = Buffer.from(p, 'latin1');
    if (body.done) {
      rest += p;
      continue;
    }
    const end = body.feed(buf, 0);
    if (end < 0) return { body: 'malformed', rest };
    rest += buf.toString('latin1', end);
  }
  if (!body.done) return { body: 'unfinished', rest };
  const got: Buffer[] = [];
  for await (const c of sink) got.push(c as Buffer);
  return { body: Buffer.concat(got).toString('latin1'), rest };
}

void test('bodies: Content-Length and chunked (extensions, trailers, any split), malformed', async () => {
  const chunked =
    '5;name=value;x="q"\r\nhello\r\n6\r\n world\r\nA\r\n0123456789\r\n0;last\r\nX-Trailer: t\r\nX-Two: 2\r\n\r\n';
  const table: [string, boolean, number, string[], string, string][] = [
    ['length, one piece', false, 5, ['hellonext'], 'hello', 'next'],
    ['length, split', false, 5, ['he', 'l', 'lo', 'next'], 'hello', 'next'],
    ['chunked, one piece', true, -1, [chunked + 'GET'], 'hello world0123456789', 'GET'],
    [
      'chunked, byte by byte',
      true,
      -1,
      Array.from(chunked + 'GET', (c) => c),
      'hello world0123456789',
      'GET',
    ],
    ['chunked, no trailers', true, -1, ['3\r\nabc\r\n0\r\n\r\n'], 'abc', ''],
    ['upper-case hex', true, -1, ['B\r\nhello world\r\n0\r\n\r\n'], 'hello world', ''],
    ['space after the size', true, -1, ['3 \r\nabc\r\n0\r\n\r\n'], 'malformed', ''],
    ['bare LF after the size', true, -1, ['3\nabc\r\n0\r\n\r\n'], 'malformed', ''],
    ['no size', true, -1, [';x\r\nabc\r\n0\r\n\r\n'], 'malformed', ''],
    ['not hex', true, -1, ['g\r\n'], 'malformed', ''],
    ['data longer than its size', true, -1, ['3\r\nabcd\r\n0\r\n\r\n'], 'malformed', ''],
    ['bare LF after the data', true, -1, ['3\r\nabc\n0\r\n\r\n'], 'malformed', ''],
    ['size overflowing', true, -1, ['fffffffffffffffff\r\n'], 'malformed', ''],
    ['control character in an extension', true, -1, ['3;\x01\r\nabc\r\n0\r\n\r\n'], 'malformed', ''],
    ['folded trailer', true, -1, ['0\r\nX: 1\r\n folded\r\n\r\n'], 'malformed', ''],
    ['bare LF ending the trailers', true, -1, ['0\r\n\n'], 'malformed', ''],
    ['unfinished', true, -1, ['3\r\nab'], 'unfinished', ''],
  ];
  for (const [name, isChunked, len, parts, body, rest] of table) {
    assert.deepEqual(await readBody(isChunked, len, parts), { body, rest }, name);
  }
});
