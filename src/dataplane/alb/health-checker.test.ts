// The health-check state machine on real loopback sockets with a fast clock.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import type { TargetHealth } from '../../alb/model.ts';
import { DialTable } from '../../net/dial-table.ts';
import { HealthChecker } from './health-checker.ts';
import { parseMatcher } from './probe.ts';
import { closedPort, tg, waitFor } from './test-helpers.ts';

void test('parseMatcher: codes, lists and ranges', () => {
  const table: [string, number, boolean][] = [
    ['200', 200, true],
    ['200', 201, false],
    ['200,201', 201, true],
    ['200-299', 250, true],
    ['200-299', 300, false],
    ['200,300-399', 302, true],
  ];
  for (const [spec, code, want] of table) assert.equal(parseMatcher(spec)(code), want, `${spec} ${code}`);
  assert.throws(() => parseMatcher('2xx'), /bad HTTP code/);
});

interface Probed {
  port: number;
  status: number;
  hang: boolean;
  requests: http.IncomingHttpHeaders[];
}

async function checkedServer(t: TestContext, host: string): Promise<Probed> {
  const p: Probed = { port: 0, status: 200, hang: false, requests: [] };
  const server = http.createServer((req, res) => {
    p.requests.push(req.headers);
    if (p.hang) return;
    res.writeHead(p.status);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  p.port = (server.address() as net.AddressInfo).port;
  return p;
}

function only(c: HealthChecker, arn: string): TargetHealth {
  const h = c.health(arn);
  assert.equal(h.length, 1);
  return h[0]!;
}

void test('initial -> healthy after one pass -> unhealthy (ResponseCodeMismatch) -> healthy', async (t) => {
  const host = '127.231.20.1';
  const s = await checkedServer(t, host);
  const log: string[] = [];
  const c = new HealthChecker({ dial: new DialTable(), timeScale: 0.005, log: (l) => log.push(l) });
  t.after(() => c.stop());
  const g = tg('k8s-hc');
  c.update(g, [{ id: 'i-1', address: host, port: s.port, healthCheckPort: s.port }]);
  const first = only(c, g.arn);
  assert.deepEqual([first.state, first.reason], ['initial', 'Elb.RegistrationInProgress']);

  await waitFor('healthy', () => only(c, g.arn).state === 'healthy');
  assert.equal(s.requests.length >= 1, true);
  const req = s.requests[0]!;
  assert.equal(req.host, `${host}:${s.port}`);
  assert.equal(req['user-agent'], 'ELB-HealthChecker/2.0');

  s.status = 404;
  await waitFor('unhealthy', () => only(c, g.arn).state === 'unhealthy');
  const bad = only(c, g.arn);
  assert.equal(bad.reason, 'Target.ResponseCodeMismatch');
  assert.equal(bad.description, 'Health checks failed with these codes: [404]');
  s.status = 200;
  await waitFor('healthy again', () => only(c, g.arn).state === 'healthy');
  assert.equal(only(c, g.arn).reason, undefined);

  // The transitions as logged: one pass from initial; two failures; two passes.
  const transitions = log.filter((l) => l.includes('->')).map((l) => l.replace(/^.*: /, ''));
  assert.deepEqual(transitions, [
    'initial -> healthy',
    'healthy -> unhealthy (Target.ResponseCodeMismatch)',
    'unhealthy -> healthy',
  ]);
});

void test('unhealthy reasons: Timeout and FailedHealthChecks; InitialHealthChecking while probing', async (t) => {
  const host = '127.231.21.1';
  const hanging = await checkedServer(t, host);
  hanging.hang = true;
  const refusedPort = await closedPort('127.231.21.2');

  const slow = new HealthChecker({ dial: new DialTable(), timeScale: 0.005 });
  t.after(() => slow.stop());
  const g1 = tg('k8s-slow');
  slow.update(g1, [{ id: 'i-1', address: host, port: hanging.port, healthCheckPort: hanging.port }]);
  await waitFor('first probe sent', () => hanging.requests.length >= 1);
  assert.deepEqual(
    [only(slow, g1.arn).state, only(slow, g1.arn).reason],
    ['initial', 'Elb.InitialHealthChecking'],
  );
  slow.stop();

  const c = new HealthChecker({ dial: new DialTable(), timeScale: 0.005, timeoutScale: 0.01 });
  t.after(() => c.stop());
  const g2 = tg('k8s-timeout');
  const g3 = tg('k8s-refused');
  c.update(g2, [{ id: 'i-1', address: host, port: hanging.port, healthCheckPort: hanging.port }]);
  c.update(g3, [{ id: 'i-2', address: '127.231.21.2', port: refusedPort, healthCheckPort: refusedPort }]);
  await waitFor('timeout unhealthy', () => only(c, g2.arn).state === 'unhealthy');
  assert.deepEqual(
    [only(c, g2.arn).reason, only(c, g2.arn).description],
    ['Target.Timeout', 'Request timed out'],
  );
  await waitFor('refused unhealthy', () => only(c, g3.arn).state === 'unhealthy');
  assert.deepEqual(
    [only(c, g3.arn).reason, only(c, g3.arn).description],
    ['Target.FailedHealthChecks', 'Health checks failed'],
  );
});

void test('health-check port, DialTable mapping, deregistration and group removal', async (t) => {
  const s = await checkedServer(t, '127.231.22.1');
  const dial = new DialTable();
  // The model says 127.231.22.9:15021; the socket really is at 127.231.22.1:<port>.
  dial.set('127.231.22.9', 15021, { host: '127.231.22.1', port: s.port });
  const c = new HealthChecker({ dial, timeScale: 0.005 });
  t.after(() => c.stop());
  const g = tg('k8s-status', {
    healthCheck: { ...tg('x').healthCheck, path: '/healthz/ready', port: 30218 },
  });
  const target = { id: 'node-1', address: '127.231.22.9', port: 31246, healthCheckPort: 15021 };
  c.update(g, [target]);
  await waitFor('healthy', () => only(c, g.arn).state === 'healthy');
  assert.equal(s.requests[0]!.host, '127.231.22.9:15021');

  c.update(g, []); // nothing in flight: gone at once
  assert.deepEqual(c.health(g.arn), []);
  c.update(g, [target]);
  assert.equal(only(c, g.arn).state, 'initial');
  c.remove(g.arn);
  assert.deepEqual(c.health(g.arn), []);
  assert.equal(c.group(g.arn), undefined);
});
