// Issue 5 acceptance through a running stack (`up -d --no-istio`, real kubectl, curl, dig and
// the AWS CLI): the ALB's own answers (400/405/408/463/502/503/504), the headers it adds, Host
// port handling, HTTP/2 only on HTTPS, round_robin and least_outstanding_requests, the health
// state machine (healthy -> unhealthy after the threshold -> healthy), fail-open, draining
// while a pod is deleted under load, and a weighted forward across two Services.
// Targets the test controls are selector-less Services with EndpointSlices pointing at servers
// this process runs on 127.<block>.250.x; the others are http-echo pods.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { curl, eventually, newCluster, run, type Cluster } from './harness.ts';

const HOST = 'alb-e2e.example.com';

interface Backend {
  name: string;
  address: string;
  port: number;
  /** Status /health answers (the health check path). */
  health: number;
  /** Requests seen (path and raw headers). */
  seen: { url: string; headers: string[] }[];
  /** Requests held open (/hold) until released. */
  held: http.ServerResponse[];
}

/** A backend on `address`, on `port` (0: any; an EndpointSlice gives all its endpoints one port). */
async function backend(t: TestContext, name: string, address: string, port = 0): Promise<Backend> {
  const b: Backend = { name, address, port: 0, health: 200, seen: [], held: [] };
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(b.health).end();
      return;
    }
    b.seen.push({ url: req.url ?? '', headers: req.rawHeaders });
    if (req.url?.includes('/hold')) {
      b.held.push(res);
      return;
    }
    if (req.url?.includes('/hang')) return; // never answers: the ALB's idle timeout gives 504
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name, url: req.url, headers: req.rawHeaders }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  b.port = (server.address() as net.AddressInfo).port;
  t.after(() => {
    for (const r of b.held) r.destroy();
    server.closeAllConnections();
    server.close();
  });
  return b;
}

/** A port nothing listens on (bound, then closed). */
function freePort(address: string): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, address, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function header(raw: string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1];
  return undefined;
}

/** A selector-less Service with one EndpointSlice listing `backends`. */
function manualService(name: string, backends: Backend[], annotations: Record<string, string> = {}): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `\n    ${k}: '${v}'`)
    .join('');
  const port = backends[0]?.port ?? 1;
  const eps = backends
    .map((b) => `\n  - addresses: ['${b.address}']\n    conditions: {ready: true}`)
    .join('');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: albe2e
  annotations:${ann === '' ? ' {}' : ann}
spec:
  ports: [{name: http, port: 80, targetPort: ${String(port)}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}-manual
  namespace: albe2e
  labels: {kubernetes.io/service-name: ${name}}
addressType: IPv4
ports: [{name: http, port: ${String(port)}, protocol: TCP}]
endpoints:${eps.length > 0 ? eps : ' []'}
---
`;
}

function echoDeployment(name: string, text: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: albe2e}
spec:
  replicas: ${String(replicas)}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: echo
        image: hashicorp/http-echo:1.0
        args: ['-text=${text}']
        ports: [{containerPort: 5678}]
        readinessProbe: {httpGet: {path: /health, port: 5678}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: albe2e}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 5678}]
---
`;
}

const HC = {
  'alb.ingress.kubernetes.io/healthcheck-path': '/health',
  'alb.ingress.kubernetes.io/healthcheck-interval-seconds': '5',
  'alb.ingress.kubernetes.io/healthcheck-timeout-seconds': '2',
  'alb.ingress.kubernetes.io/healthy-threshold-count': '2',
  'alb.ingress.kubernetes.io/unhealthy-threshold-count': '2',
};

function ingress(): string {
  const weighted = JSON.stringify({
    type: 'forward',
    forwardConfig: {
      targetGroups: [
        { serviceName: 'echo-a', servicePort: '80', weight: 80 },
        { serviceName: 'echo-b', servicePort: '80', weight: 20 },
      ],
    },
  });
  const path = (p: string, svc: string, port: string | number = 80): string =>
    `      - path: ${p}\n        pathType: Prefix\n        backend: {service: {name: ${svc}, port: ${typeof port === 'number' ? `{number: ${String(port)}}` : `{name: ${port}}`}}}\n`;
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: alb-e2e
  namespace: albe2e
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'
    alb.ingress.kubernetes.io/load-balancer-attributes: idle_timeout.timeout_seconds=3
    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=5
    alb.ingress.kubernetes.io/actions.weighted: '${weighted}'
    external-dns.alpha.kubernetes.io/hostname: ${HOST}
spec:
  ingressClassName: alb
  rules:
  - http:
      paths:
${path('/weighted', 'weighted', 'use-annotation')}${path('/a', 'echo-a')}${path('/rr', 'rr')}${path('/lor', 'lor')}${path('/flaky', 'flaky')}${path('/dead', 'dead')}${path('/none', 'none')}${path('/', 'rr')}`;
}

async function albAddress(c: Cluster, dnsPort: number): Promise<string> {
  return eventually(
    'the ALB in DNS',
    async () => {
      const r = await run('dig', ['+short', '@127.0.0.1', '-p', String(dnsPort), HOST], process.env);
      const ip = r.stdout.trim().split('\n').pop() ?? '';
      return /^127\.\d+\.\d+\.\d+$/.test(ip) ? ip : undefined;
    },
    30_000,
  );
}

/** Raw bytes to the ALB; everything until it closes. */
function raw(host: string, port: number, data: string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host);
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (c: string) => (got += c));
    s.on('error', reject);
    s.on('close', () => resolve(got));
    if (data !== null) s.write(data);
  });
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(
  agent: http.Agent,
  ip: string,
  port: number,
  path: string,
  headers: Record<string, string> = {},
) {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: ip, port, path, agent, headers: { host: HOST, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function targetStates(c: Cluster, tgArn: string): Promise<string[]> {
  const r = await c.gangway(['elbv2', 'describe-target-health', '--target-group-arn', tgArn]);
  const parsed = JSON.parse(r.stdout) as {
    TargetHealthDescriptions: { TargetHealth: { State: string; Reason?: string } }[];
  };
  return parsed.TargetHealthDescriptions.map((d) => `${d.TargetHealth.State}/${d.TargetHealth.Reason ?? ''}`);
}

void test('the ALB through a running stack: answers, headers, algorithms, health, draining, weights', async (t) => {
  const c = newCluster();
  c.env['GANGWAY_RANDOM_SEED'] = '5';
  t.after(() => c.stop());
  const httpPort = 21000 + c.block;
  const httpsPort = 22000 + c.block;
  const dnsPort = 23000 + c.block;
  const up = await c.gangway([
    'up',
    '-d',
    '--no-istio',
    '--api-port',
    '0',
    '--port-map',
    `80=${String(httpPort)},443=${String(httpsPort)}`,
    '--dns-port',
    String(dnsPort),
  ]);
  assert.equal(up.code, 0, up.stdout + up.stderr);

  const net250 = `127.${String(c.block)}.250`;
  const rr1 = await backend(t, 'rr1', `${net250}.1`);
  const rr2 = await backend(t, 'rr2', `${net250}.2`, rr1.port);
  const lor1 = await backend(t, 'lor1', `${net250}.3`);
  const lor2 = await backend(t, 'lor2', `${net250}.4`, lor1.port);
  const flaky = await backend(t, 'flaky', `${net250}.5`);
  const deadPort = await freePort(`${net250}.6`);
  const manifests = [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: albe2e}\n---\n',
    manualService('rr', [rr1, rr2], HC),
    manualService('lor', [lor1, lor2], {
      ...HC,
      'alb.ingress.kubernetes.io/target-group-attributes':
        'load_balancing.algorithm.type=least_outstanding_requests',
    }),
    manualService('flaky', [flaky], HC),
    manualService('none', [], HC),
    manualService(
      'dead',
      [{ name: 'dead', address: `${net250}.6`, port: deadPort, health: 0, seen: [], held: [] }],
      HC,
    ),
    echoDeployment('echo-a', 'a', 2),
    echoDeployment('echo-b', 'b', 1),
    ingress(),
  ].join('');
  const applied = await c.kubectl(['apply', '-f', '-'], { input: manifests });
  assert.equal(applied.code, 0, applied.stderr);
  const ok = await c.kubectl(['-n', 'albe2e', 'rollout', 'status', 'deploy/echo-a', '--timeout=90s']);
  assert.equal(ok.code, 0, ok.stderr);

  const ip = await albAddress(c, dnsPort).catch(async (e: unknown) => {
    const d = await c.kubectl(['-n', 'albe2e', 'describe', 'ingress', 'alb-e2e']);
    throw new Error(`${String(e)}\n${d.stdout}${d.stderr}`);
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  t.after(() => agent.destroy());
  await eventually('the ALB forwarding /rr', async () => {
    const r = await get(agent, ip, httpPort, '/rr/x');
    return r.status === 200 ? true : undefined;
  });

  // --- The ALB's own answers, with Server: awselb/2.0 and its pages.
  await t.test('400, 405, 408, 463, 502, 503, 504', async () => {
    const head = (extra: string, line = 'GET /rr HTTP/1.1'): string =>
      `${line}\r\nHost: ${HOST}\r\n${extra}Connection: close\r\n\r\n`;
    const xff31 = Array.from({ length: 31 }, (_, i) => `10.0.0.${String(i + 1)}`).join(', ');
    const table: [string, string | null, RegExp][] = [
      ['request line over 16 KiB', head('', `GET /${'x'.repeat(17_000)} HTTP/1.1`), /^HTTP\/1\.1 400 /],
      ['one header over 16 KiB', head(`X-Big: ${'x'.repeat(17_000)}\r\n`), /^HTTP\/1\.1 400 /],
      ['TRACE', head('', 'TRACE /rr HTTP/1.1'), /^HTTP\/1\.1 405 /],
      ['nothing sent within the idle timeout (3 s)', null, /^HTTP\/1\.1 408 /],
      ['X-Forwarded-For with 31 addresses', head(`X-Forwarded-For: ${xff31}\r\n`), /^HTTP\/1\.1 463 /],
      ['target refuses connections', head('', 'GET /dead HTTP/1.1'), /^HTTP\/1\.1 502 Bad Gateway/],
      [
        'no registered targets',
        head('', 'GET /none HTTP/1.1'),
        /^HTTP\/1\.1 503 Service Temporarily Unavailable/,
      ],
      [
        'target silent past the idle timeout',
        head('', 'GET /rr/hang HTTP/1.1'),
        /^HTTP\/1\.1 504 Gateway Time-out/,
      ],
    ];
    for (const [name, req, want] of table) {
      const got = await raw(ip, httpPort, req);
      assert.match(got, want, `${name}: ${got.slice(0, 80)}`);
      assert.match(got, /\r\nServer: awselb\/2\.0\r\n/i, name);
      if (!/^HTTP\/1\.1 4(05|08) /.test(got)) assert.match(got, /\r\nContent-Type: text\/html\r\n/i, name);
    }
  });

  await t.test('X-Forwarded-*, X-Amzn-Trace-Id with Self=, Host port', async () => {
    const r = await get(agent, ip, httpPort, '/rr/h', { 'x-forwarded-for': '203.0.113.9' });
    const seen = JSON.parse(r.body) as { headers: string[] };
    assert.match(header(seen.headers, 'x-forwarded-for') ?? '', /^203\.0\.113\.9, 127\.\d+\.\d+\.\d+$/);
    assert.equal(header(seen.headers, 'x-forwarded-proto'), 'http');
    assert.equal(header(seen.headers, 'x-forwarded-port'), '80');
    assert.match(header(seen.headers, 'x-amzn-trace-id') ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(header(seen.headers, 'host'), HOST);
    const root = 'Root=1-67891233-abcdef012345678912345678';
    const traced = await get(agent, ip, httpPort, '/rr/t', { 'x-amzn-trace-id': root, host: `${HOST}:8080` });
    const tseen = JSON.parse(traced.body) as { headers: string[] };
    assert.match(
      header(tseen.headers, 'x-amzn-trace-id') ?? '',
      /^Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-67891233-/,
    );
    assert.equal(header(tseen.headers, 'host'), HOST, 'the port is stripped on listener 80');
    const https = await curl(`https://${HOST}:${String(httpsPort)}/rr/s`, [
      '--http2',
      '--cacert',
      join(c.home, 'ca.crt'),
      '--resolve',
      `${HOST}:${String(httpsPort)}:${ip}`,
    ]);
    assert.match(https.head, /^HTTP\/2 200/);
    const sseen = JSON.parse(https.body) as { headers: string[] };
    assert.equal(header(sseen.headers, 'x-forwarded-proto'), 'https');
    assert.equal(header(sseen.headers, 'x-forwarded-port'), '443');
  });

  await t.test('HTTP/2 only on the HTTPS listener', async () => {
    const upgrade = await curl(`http://${HOST}:${String(httpPort)}/rr/u`, [
      '--http2',
      '--resolve',
      `${HOST}:${String(httpPort)}:${ip}`,
    ]);
    assert.match(upgrade.head, /^HTTP\/1\.1 200/, 'no h2c upgrade on HTTP');
    const prior = await curl(`http://${HOST}:${String(httpPort)}/rr/p`, [
      '--http2-prior-knowledge',
      '--resolve',
      `${HOST}:${String(httpPort)}:${ip}`,
    ]);
    assert.doesNotMatch(prior.head, /^HTTP\/2 200/);
  });

  await t.test('round_robin alternates; least_outstanding_requests avoids the busy target', async () => {
    const names: string[] = [];
    for (let i = 0; i < 6; i++)
      names.push((JSON.parse((await get(agent, ip, httpPort, '/rr/n')).body) as Backend).name);
    for (let i = 2; i < names.length; i++) assert.equal(names[i], names[i - 2], names.join(','));
    assert.notEqual(names[0], names[1]);
    await eventually('lor targets healthy', async () =>
      (await get(agent, ip, httpPort, '/lor/warm')).status === 200 ? true : undefined,
    );
    const holdAgent = new http.Agent({ keepAlive: false });
    t.after(() => holdAgent.destroy());
    const held = get(holdAgent, ip, httpPort, '/lor/hold').catch(() => undefined);
    await eventually('a request held by a lor target', () =>
      Promise.resolve(lor1.held.length + lor2.held.length === 1 ? true : undefined),
    );
    const busy = lor1.held.length === 1 ? lor1 : lor2;
    const other = busy === lor1 ? lor2 : lor1;
    const before = other.seen.length;
    for (let i = 0; i < 5; i++) assert.equal((await get(agent, ip, httpPort, '/lor/n')).status, 200);
    assert.equal(other.seen.length - before, 5, 'every request went to the target with none outstanding');
    for (const r of busy.held.splice(0)) r.end('released');
    await held;
  });

  await t.test('health: healthy -> unhealthy after 2 failures -> healthy; fail-open meanwhile', async () => {
    const arn = await eventually('the flaky target group', async () => {
      const r = await c.gangway(['elbv2', 'describe-target-groups']);
      const groups = (
        JSON.parse(r.stdout) as { TargetGroups: { TargetGroupArn: string; TargetGroupName: string }[] }
      ).TargetGroups;
      return groups.find((g) => g.TargetGroupName.includes('flaky'))?.TargetGroupArn;
    });
    await eventually('flaky healthy', async () =>
      (await targetStates(c, arn)).join() === 'healthy/' ? true : undefined,
    );
    flaky.health = 500;
    const unhealthy = await eventually('flaky unhealthy', async () => {
      const s = (await targetStates(c, arn)).join();
      return s.startsWith('unhealthy/') ? s : undefined;
    });
    assert.equal(unhealthy, 'unhealthy/Target.ResponseCodeMismatch');
    const open = await get(agent, ip, httpPort, '/flaky/x');
    assert.equal(open.status, 200, 'fail-open: the only target is unhealthy, requests still reach it');
    // The real AWS CLI reads the same state from gangway's ELBv2 API.
    const server = (/server: (\S+)/.exec((await c.kubectl(['config', 'view', '--minify'])).stdout) ?? [])[1]!;
    const cli = await run(
      '/usr/bin/aws',
      [
        '--endpoint-url',
        `${server}/elbv2`,
        '--ca-bundle',
        join(c.home, 'ca.crt'),
        'elbv2',
        'describe-target-health',
        '--target-group-arn',
        arn,
      ],
      {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_DEFAULT_REGION: 'eu-west-3',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
      },
    );
    assert.equal(cli.code, 0, cli.stderr);
    const desc = JSON.parse(cli.stdout) as {
      TargetHealthDescriptions: { Target: { Id: string }; TargetHealth: { State: string; Reason: string } }[];
    };
    assert.equal(desc.TargetHealthDescriptions[0]?.Target.Id, flaky.address);
    assert.equal(desc.TargetHealthDescriptions[0]?.TargetHealth.State, 'unhealthy');
    assert.equal(desc.TargetHealthDescriptions[0]?.TargetHealth.Reason, 'Target.ResponseCodeMismatch');
    flaky.health = 200;
    await eventually('flaky healthy again', async () =>
      (await targetStates(c, arn)).join() === 'healthy/' ? true : undefined,
    );
  });

  await t.test('weighted forward 80/20 across two Services over 1000 requests', async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const r = await get(agent, ip, httpPort, '/weighted');
      assert.equal(r.status, 200);
      const k = r.body.trim();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const a = (counts.get('a') ?? 0) / 10;
    assert.ok(
      Math.abs(a - 80) <= 3,
      `echo-a got ${String(a)}% (want 80 +- 3): ${JSON.stringify([...counts])}`,
    );
    assert.equal((counts.get('a') ?? 0) + (counts.get('b') ?? 0), 1000);
  });

  await t.test('draining: deleting a pod under steady load fails no request', async () => {
    let stop = false;
    let sent = 0;
    const failures: string[] = [];
    const loop = async (): Promise<void> => {
      while (!stop) {
        try {
          const r = await get(agent, ip, httpPort, '/a');
          sent++;
          if (r.status !== 200) failures.push(`${String(r.status)} ${r.body.slice(0, 60)}`);
        } catch (e) {
          failures.push(String(e));
        }
      }
    };
    const loops = [loop(), loop(), loop()];
    t.after(() => (stop = true));
    const pods = await c.kubectl(['-n', 'albe2e', 'get', 'pods', '-l', 'app=echo-a', '-o', 'name']);
    const victim = pods.stdout.trim().split('\n')[0]!;
    const before = sent;
    const del = await c.kubectl(['-n', 'albe2e', 'delete', victim, '--wait=false']);
    assert.equal(del.code, 0, del.stderr);
    await eventually('the replacement pod Ready', async () => {
      const r = await c.kubectl(['-n', 'albe2e', 'rollout', 'status', 'deploy/echo-a', '--timeout=5s']);
      return r.code === 0 && sent - before > 200 ? true : undefined;
    });
    stop = true;
    await Promise.all(loops);
    assert.deepEqual(failures, [], `${String(failures.length)} of ${String(sent)} requests failed`);
  });
});
