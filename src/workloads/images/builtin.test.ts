// The built-in nginxdemos stand-ins over real sockets: headers in nginx's order, the page
// fields, HEAD, 405, 400, HTTP/1.0, the plain-text body and the access log lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { parseImageRef } from '../image-ref.ts';
import { testContext, TEST_BLOCK } from '../test-helpers.ts';
import { findBuiltin } from './builtin.ts';
import { PAGE_405 } from './nginx-common.ts';

/** Sends raw bytes, returns everything the server sent until it closes or goes quiet. */
function raw(host: string, port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, host, () => sock.write(request));
    let data = '';
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      data += d;
      // a complete chunked body or a complete Content-Length body: done
      if (data.endsWith('\r\n0\r\n\r\n')) sock.end();
      const m = /Content-Length: (\d+)\r\n/.exec(data);
      const headEnd = data.indexOf('\r\n\r\n');
      if (m && headEnd >= 0 && data.length - headEnd - 4 >= Number(m[1])) sock.end();
      if (headEnd >= 0 && request.startsWith('HEAD')) sock.end();
    });
    sock.on('end', () => resolve(data));
    sock.on('close', () => resolve(data));
    sock.on('error', reject);
  });
}

function headerNames(response: string): string[] {
  const head = response.slice(0, response.indexOf('\r\n\r\n'));
  return head
    .split('\r\n')
    .slice(1)
    .map((l) => l.slice(0, l.indexOf(':')));
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

async function startImage(image: string, podIP: string, lines: string[]) {
  const ref = parseImageRef(image);
  assert.ok(ref);
  const img = findBuiltin(ref);
  assert.ok(img, image);
  const ctx = testContext({ podIP, podName: 'test-deploy-7d9f8b6c4-x2k8q', lines });
  const inst = await img.start(ctx);
  return { inst, port: img.port, ctx };
}

void test('image references resolve to the built-ins', () => {
  const cases: [string, string | undefined, number | undefined][] = [
    ['nginxdemos/hello', 'nginxdemos/hello:0.4', 80],
    ['nginxdemos/hello:latest', 'nginxdemos/hello:0.4', 80],
    ['docker.io/nginxdemos/hello:0.4', 'nginxdemos/hello:0.4', 80],
    ['nginxdemos/hello:plain-text', 'nginxdemos/hello:0.4-plain-text', 80],
    ['docker.io/nginxdemos/hello:0.4-plain-text', 'nginxdemos/hello:0.4-plain-text', 80],
    ['nginxdemos/nginx-hello', 'nginxdemos/nginx-hello:0.3', 8080],
    ['nginxdemos/nginx-hello:plain-text', 'nginxdemos/nginx-hello:0.3-plain-text', 8080],
    ['nginxdemos/hello:0.3', undefined, undefined],
    ['myorg/app:1.0', undefined, undefined],
  ];
  for (const [image, identity, port] of cases) {
    const ref = parseImageRef(image);
    assert.ok(ref, image);
    const img = findBuiltin(ref);
    assert.equal(img?.identity, identity, image);
    assert.equal(img?.port, port, image);
  }
});

void test('nginxdemos/hello serves the HTML page as nginx does', async (t) => {
  const podIP = `127.${TEST_BLOCK}.140.2`;
  const lines: string[] = [];
  const { inst, port } = await startImage('nginxdemos/hello', podIP, lines);
  t.after(() => inst.stop(0));

  const res = await raw(podIP, port, 'GET /foo?x=1 HTTP/1.1\r\nHost: a\r\nUser-Agent: curl/8.5.0\r\n\r\n');
  assert.match(res, /^HTTP\/1\.1 200 OK\r\n/);
  assert.deepEqual(headerNames(res), [
    'Server',
    'Date',
    'Content-Type',
    'Transfer-Encoding',
    'Connection',
    'Expires',
    'Cache-Control',
  ]);
  assert.match(res, /\r\nServer: nginx\/1\.27\.4\r\n/);
  assert.match(res, /\r\nContent-Type: text\/html\r\n/);
  assert.match(res, /\r\nTransfer-Encoding: chunked\r\n/);
  assert.match(res, /\r\nConnection: keep-alive\r\n/);
  assert.match(res, /\r\nCache-Control: no-cache\r\n/);
  const date = /\r\nDate: ([^\r]+)\r\n/.exec(res)?.[1] ?? '';
  const expires = /\r\nExpires: ([^\r]+)\r\n/.exec(res)?.[1] ?? '';
  assert.match(date, /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
  assert.equal(Date.parse(date) - Date.parse(expires), 1000);

  const body = unchunk(res.slice(res.indexOf('\r\n\r\n') + 4));
  assert.match(body, /<title>Hello World<\/title>/);
  assert.match(
    body,
    new RegExp(`Server address:</span><span class="value">${podIP.replaceAll('.', '\\.')}:80<`),
  );
  assert.match(body, /Server name:<\/span><span class="value">test-deploy-7d9f8b6c4-x2k8q</);
  assert.match(body, /Date:<\/span><span class="value">\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000</);
  assert.match(body, /URI:<\/span><span class="value">\/foo\?x=1</);
  assert.match(body, /Request ID: [0-9a-f]{32}</);
  assert.match(body, /Auto Refresh/);

  assert.match(
    lines.at(-1) ?? '',
    new RegExp(
      `^127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "GET /foo\\?x=1 HTTP/1\\.1" 200 ${body.length} "-" "curl/8\\.5\\.0" "-"$`,
    ),
  );
});

void test('nginxdemos/hello: HEAD, 405, 400 and HTTP/1.0', async (t) => {
  const podIP = `127.${TEST_BLOCK}.140.3`;
  const lines: string[] = [];
  const { inst, port } = await startImage('docker.io/nginxdemos/hello:0.4', podIP, lines);
  t.after(() => inst.stop(0));

  const head = await raw(podIP, port, 'HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
  assert.deepEqual(headerNames(head), [
    'Server',
    'Date',
    'Content-Type',
    'Connection',
    'Expires',
    'Cache-Control',
  ]);
  assert.ok(head.endsWith('\r\n\r\n'));
  assert.match(lines.at(-1) ?? '', /"HEAD \/x HTTP\/1\.1" 200 0 "-" "-" "-"$/);

  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const res = await raw(
      podIP,
      port,
      `${method} / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nX-Forwarded-For: 10.0.0.9\r\n\r\nabc`,
    );
    assert.match(res, /^HTTP\/1\.1 405 Not Allowed\r\n/, method);
    assert.deepEqual(headerNames(res), ['Server', 'Date', 'Content-Type', 'Content-Length', 'Connection']);
    assert.ok(res.endsWith(`\r\n\r\n${PAGE_405}`));
    assert.match(
      lines.at(-1) ?? '',
      new RegExp(`"${method} / HTTP/1\\.1" 405 ${PAGE_405.length} "-" "-" "10\\.0\\.0\\.9"$`),
    );
  }
  assert.match(PAGE_405, /^<html>\r\n<head><title>405 Not Allowed<\/title><\/head>\r\n/);
  assert.match(PAGE_405, /<hr><center>nginx\/1\.27\.4<\/center>\r\n<\/body>\r\n<\/html>\r\n$/);

  for (const bad of ['garbage\r\n\r\n', 'GET / HTTP/1.1\r\n\r\n', 'GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n']) {
    const res = await raw(podIP, port, bad);
    assert.match(res, /^HTTP\/1\.1 400 Bad Request\r\nServer: nginx\/1\.27\.4\r\n/, JSON.stringify(bad));
    assert.match(res, /\r\nConnection: close\r\n/);
  }

  const old = await raw(podIP, port, 'GET / HTTP/1.0\r\n\r\n');
  assert.match(old, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(old, /\r\nConnection: close\r\n/);
  assert.doesNotMatch(old, /Transfer-Encoding/);
  assert.match(old, /<\/html>\n$/);
});

void test('nginxdemos/hello:plain-text answers any method with the text body', async (t) => {
  const podIP = `127.${TEST_BLOCK}.140.4`;
  const lines: string[] = [];
  const { inst, port } = await startImage('nginxdemos/hello:plain-text', podIP, lines);
  t.after(() => inst.stop(0));

  for (const method of ['GET', 'POST', 'DELETE']) {
    const res = await raw(podIP, port, `${method} /foo?x=1 HTTP/1.1\r\nHost: a\r\n\r\n`);
    assert.match(res, /^HTTP\/1\.1 200 OK\r\n/);
    assert.deepEqual(headerNames(res), [
      'Server',
      'Date',
      'Content-Type',
      'Content-Length',
      'Connection',
      'Expires',
      'Cache-Control',
    ]);
    assert.match(res, /\r\nContent-Type: text\/plain\r\n/);
    const body = res.slice(res.indexOf('\r\n\r\n') + 4);
    assert.match(
      body,
      new RegExp(
        `^Server address: ${podIP.replaceAll('.', '\\.')}:80\nServer name: test-deploy-7d9f8b6c4-x2k8q\n` +
          'Date: \\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\nURI: /foo\\?x=1\nRequest ID: [0-9a-f]{32}\n$',
      ),
    );
    assert.equal(/Content-Length: (\d+)/.exec(res)?.[1], String(body.length));
    assert.match(lines.at(-1) ?? '', new RegExp(`"${method} /foo\\?x=1 HTTP/1\\.1" 200 ${body.length} `));
  }
  const head = await raw(podIP, port, 'HEAD / HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.match(head, /\r\nContent-Length: \d+\r\n/);
  assert.ok(head.endsWith('\r\n\r\n'));
});

void test('nginxdemos/nginx-hello listens on 8080; stop closes the server', async () => {
  const podIP = `127.${TEST_BLOCK}.140.5`;
  const { inst, port } = await startImage('nginxdemos/nginx-hello', podIP, []);
  assert.equal(port, 8080);
  const res = await raw(podIP, port, 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
  assert.match(res, new RegExp(`${podIP.replaceAll('.', '\\.')}:8080`));
  assert.match(res, /\r\nConnection: close\r\n/);
  const exit = await inst.stop(0);
  assert.deepEqual(exit, { exitCode: 0, reason: 'Completed' });
  await assert.rejects(raw(podIP, port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n'), /ECONNREFUSED/);
});

void test('a port already taken ends the container with nginx [emerg] lines and exit 1', async (t) => {
  const podIP = `127.${TEST_BLOCK}.140.6`;
  const first = await startImage('nginxdemos/hello', podIP, []);
  t.after(() => first.inst.stop(0));
  const lines: string[] = [];
  const second = await startImage('nginxdemos/hello', podIP, lines);
  assert.deepEqual(await second.inst.exited, { exitCode: 1, reason: 'Error' });
  assert.equal(lines.at(-1), 'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address in use)');
});
