// Probes against small servers on block 211: success, 404, refused, timeout, named ports,
// headers, redirects, tcpSocket, exec and grpc; and the worker's thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { DialTable } from '../net/dial-table.ts';
import { ProbeWorker } from './probe-worker.ts';
import { runProbe, type ProbeOutcome, type ProbeTarget } from './probes.ts';
import { TEST_BLOCK, waitFor } from './test-helpers.ts';

const IP = `127.${TEST_BLOCK}.141.2`;

async function listen(
  server: Server | ReturnType<typeof createTcpServer>,
  host: string,
  port = 0,
): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const addr = server.address();
  assert.ok(addr && typeof addr === 'object');
  return addr.port;
}

function target(over: Partial<ProbeTarget> = {}): ProbeTarget {
  return { podIP: IP, ports: [], dial: new DialTable(), ...over };
}

void test('httpGet probes: status codes, errors and timeouts in the kubelet wording', async (t) => {
  let seen: IncomingHttpHeaders = {};
  let seenUrl = '';
  const server = createServer((req, res) => {
    seen = req.headers;
    seenUrl = req.url ?? '';
    if (req.url === '/slow') return; // never answers
    if (req.url === '/missing') res.statusCode = 404;
    if (req.url === '/moved') {
      res.statusCode = 302;
      res.setHeader('Location', '/ok');
    }
    if (req.url === '/away') {
      res.statusCode = 301;
      res.setHeader('Location', 'http://example.invalid/');
    }
    res.end('body');
  });
  const port = await listen(server, IP);
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const tgt = target({ ports: [{ name: 'http', containerPort: port }] });

  assert.deepEqual(await runProbe({ httpGet: { path: '/ok', port } }, tgt), {
    result: 'success',
    output: 'body',
  });
  assert.equal(seen['user-agent'], 'kube-probe/1.32');
  assert.equal(seen['host'], `${IP}:${port}`);
  assert.equal(seen['accept'], '*/*');
  assert.equal(seen['connection'], 'close');

  const named = await runProbe(
    {
      httpGet: {
        path: '/ok?x=1',
        port: 'http',
        httpHeaders: [
          { name: 'X-Probe', value: 'yes' },
          { name: 'Host', value: 'svc.local' },
        ],
      },
    },
    tgt,
  );
  assert.equal(named.result, 'success');
  assert.equal(seen['x-probe'], 'yes');
  assert.equal(seen['host'], 'svc.local');
  assert.equal(seenUrl, '/ok?x=1');

  assert.deepEqual(await runProbe({ httpGet: { path: '/missing', port } }, tgt), {
    result: 'failure',
    output: 'HTTP probe failed with statuscode: 404',
  });
  assert.deepEqual(await runProbe({ httpGet: { path: '/moved', port } }, tgt), {
    result: 'success',
    output: 'body',
  });
  assert.equal(seenUrl, '/ok', 'a same-host redirect is followed');
  const away = await runProbe({ httpGet: { path: '/away', port } }, tgt);
  assert.equal(away.result, 'success');
  assert.match(away.output, /^Probe terminated redirects/);

  assert.deepEqual(await runProbe({ httpGet: { path: '/', port: 'web' } }, tgt), {
    result: 'failure',
    output: 'unable to find port "web"',
  });

  const refused = `127.${TEST_BLOCK}.141.3`;
  assert.deepEqual(await runProbe({ httpGet: { path: '/', port: 80 } }, target({ podIP: refused })), {
    result: 'failure',
    output: `Get "http://${refused}:80/": dial tcp ${refused}:80: connect: connection refused`,
  });

  assert.deepEqual(await runProbe({ httpGet: { path: '/slow', port }, timeoutSeconds: 1 }, tgt), {
    result: 'failure',
    output: `Get "http://${IP}:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  });
});

void test('httpGet probes go through the DialTable and from the node address', async (t) => {
  let remote = '';
  const server = createServer((req, res) => {
    remote = req.socket.remoteAddress ?? '';
    res.end();
  });
  const realPort = await listen(server, '127.0.0.1');
  t.after(() => server.close());
  const dial = new DialTable();
  const model = `127.${TEST_BLOCK}.141.4`;
  dial.set(model, 80, { host: '127.0.0.1', port: realPort });
  const r = await runProbe(
    { httpGet: { path: '/', port: 80 } },
    target({ podIP: model, dial, localAddress: `127.${TEST_BLOCK}.0.9` }),
  );
  assert.equal(r.result, 'success');
  assert.equal(remote, `127.${TEST_BLOCK}.0.9`);
});

void test('tcpSocket, exec and grpc probes', async (t) => {
  const server = createTcpServer((s) => s.destroy());
  const port = await listen(server, IP);
  t.after(() => server.close());
  assert.deepEqual(await runProbe({ tcpSocket: { port } }, target()), { result: 'success', output: '' });
  const other = `127.${TEST_BLOCK}.141.5`;
  assert.deepEqual(await runProbe({ tcpSocket: { port: 81 } }, target({ podIP: other })), {
    result: 'failure',
    output: `dial tcp ${other}:81: connect: connection refused`,
  });

  // a built-in stand-in has nothing to exec into: success
  assert.equal((await runProbe({ exec: { command: ['false'] } }, target())).result, 'success');
  const execTarget = target({
    exec: { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', FLAG: 'up' }, cwd: process.cwd() },
  });
  assert.deepEqual(await runProbe({ exec: { command: ['sh', '-c', 'echo $FLAG'] } }, execTarget), {
    result: 'success',
    output: 'up\n',
  });
  assert.deepEqual(await runProbe({ exec: { command: ['sh', '-c', 'echo down; exit 1'] } }, execTarget), {
    result: 'failure',
    output: 'down\n',
  });
  assert.deepEqual(await runProbe({ exec: { command: ['no-such-binary-x'] } }, execTarget), {
    result: 'failure',
    output: 'exec: "no-such-binary-x": executable file not found in $PATH',
  });

  const grpc = await runProbe({ grpc: { port: 9000 } }, target());
  assert.equal(grpc.result, 'failure');
  assert.match(grpc.output, /gRPC/);
});

void test('the worker reports after successThreshold / failureThreshold consecutive results', async () => {
  const script: ProbeOutcome['result'][] = ['success', 'failure', 'success', 'success', 'failure', 'failure'];
  let i = 0;
  const reported: string[] = [];
  const failed: string[] = [];
  const w = new ProbeWorker({
    kind: 'Readiness',
    spec: { periodSeconds: 1, successThreshold: 2, failureThreshold: 2 },
    target: target(),
    startedAt: Date.now(),
    onResult: (r) => reported.push(r),
    onFailedAttempt: (o) => failed.push(o),
    run: () => Promise.resolve({ result: script[i++] ?? 'failure', output: `attempt ${i}` }),
  });
  assert.equal(w.reported, 'failure');
  // drive the attempts without waiting for the period: call the private tick through start + stop
  w.start();
  try {
    await waitFor('six attempts', () => i >= 6, 60_000);
  } finally {
    w.stop();
  }
  // s f s s(-> success) f f(-> failure)
  assert.deepEqual(reported, ['success', 'failure']);
  assert.deepEqual(failed.slice(0, 3), ['attempt 2', 'attempt 5', 'attempt 6']);
});

void test('a liveness worker stops after reporting failure', async () => {
  let runs = 0;
  const reported: string[] = [];
  const w = new ProbeWorker({
    kind: 'Liveness',
    spec: { periodSeconds: 1, failureThreshold: 1 },
    target: target(),
    startedAt: Date.now(),
    onResult: (r) => reported.push(r),
    onFailedAttempt: () => undefined,
    run: () => {
      runs++;
      return Promise.resolve({ result: 'failure', output: 'x' });
    },
  });
  assert.equal(w.reported, 'success');
  w.start();
  await waitFor('reported', () => reported.length > 0);
  assert.deepEqual(reported, ['failure']);
  assert.equal(runs, 1);
  w.stop();
});
