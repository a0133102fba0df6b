// The data plane on 2 threads (GANGWAY_DATAPLANE_THREADS=2) through a running stack: `gangway
// status` shows the component; requests over many new connections (which the kernel spreads over
// both threads' accepts of the ALB's listening socket) all cross ALB -> Istio gateway -> app,
// and the gateway pod's /stats/prometheus and `kubectl logs` count every one of them whichever
// thread served it; round_robin alternates and least_outstanding_requests sees a held request
// across threads (their balancing counters are shared).
// Backends are servers of this process on 127.<block>.250.x behind selector-less Services.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { randomBytes } from 'node:crypto';
import { curl, eventually, newCluster, run, type Cluster } from './harness.ts';

const NS = 'dpt';
const GW_HOST = 'dpt-gw.example.com';
const ALB_HOST = 'dpt-alb.example.com';
const APP_HOST = 'app.dpt.example.com';

interface Backend {
  name: string;
  address: string;
  port: number;
  seen: string[];
  held: http.ServerResponse[];
}

/** An HTTP server on `address` answering its name; /hold requests wait until released. */
async function backend(t: TestContext, name: string, address: string, port = 0): Promise<Backend> {
  const b: Backend = { name, address, port: 0, seen: [], held: [] };
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200).end();
      return;
    }
    b.seen.push(req.url ?? '');
    if (req.url?.includes('/hold')) {
      b.held.push(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(name);
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

/** A selector-less Service with one EndpointSlice listing `backends` (all on one port). */
function manualService(name: string, backends: Backend[], annotations: Record<string, string>): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `\n    ${k}: '${v}'`)
    .join('');
  const port = String(backends[0]?.port ?? 1);
  const eps = backends
    .map((b) => `\n  - addresses: ['${b.address}']\n    conditions: {ready: true}`)
    .join('');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${NS}
  annotations:${ann === '' ? ' {}' : ann}
spec:
  ports: [{name: http, port: 80, targetPort: ${port}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}-manual
  namespace: ${NS}
  labels: {kubernetes.io/service-name: ${name}}
addressType: IPv4
ports: [{name: http, port: ${port}, protocol: TCP}]
endpoints:${eps}
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

function manifests(app: Backend, rr: Backend[], lor: Backend[]): string {
  return [
    `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n---\n`,
    manualService('app', [app], {}),
    manualService('rr', rr, HC),
    manualService('lor', lor, {
      ...HC,
      'alb.ingress.kubernetes.io/target-group-attributes':
        'load_balancing.algorithm.type=least_outstanding_requests',
    }),
    // The ALB in front of the ingress gateway (its NodePort, health on the status port).
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: gateway-alb
  namespace: istio-system
  annotations:
    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}]'
    alb.ingress.kubernetes.io/healthcheck-port: status-port
    alb.ingress.kubernetes.io/healthcheck-path: /healthz/ready
    external-dns.alpha.kubernetes.io/hostname: ${GW_HOST}
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: istio-ingressgateway, port: {number: 80}}}
---
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: app-gateway, namespace: ${NS}}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ['${APP_HOST}']
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: app, namespace: ${NS}}
spec:
  hosts: ['${APP_HOST}']
  gateways: [app-gateway]
  http:
  - route:
    - destination: {host: app, port: {number: 80}}
---
`,
    // The ALB straight to the test's targets (ip mode): round_robin and least_outstanding_requests.
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: targets-alb
  namespace: ${NS}
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}]'
    external-dns.alpha.kubernetes.io/hostname: ${ALB_HOST}
spec:
  ingressClassName: alb
  rules:
  - http:
      paths:
      - path: /rr
        pathType: Prefix
        backend: {service: {name: rr, port: {number: 80}}}
      - path: /lor
        pathType: Prefix
        backend: {service: {name: lor, port: {number: 80}}}
`,
  ].join('');
}

interface Reply {
  status: number;
  body: string;
}

function get(agent: http.Agent, ip: string, port: number, host: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: ip, port, path, agent, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${path}: no answer in 30 s`)));
    req.on('error', reject);
    req.end();
  });
}

async function dnsAddress(dnsPort: number, name: string): Promise<string> {
  return eventually(
    `${name} in DNS`,
    async () => {
      const r = await run('dig', ['+short', '@127.0.0.1', '-p', String(dnsPort), name], process.env);
      const ip = r.stdout.trim().split('\n').pop() ?? '';
      return /^127\.\d+\.\d+\.\d+$/.test(ip) ? ip : undefined;
    },
    60_000,
  );
}

/** Every target of the target groups whose name contains `part` healthy. */
async function groupsHealthy(c: Cluster, part: string): Promise<true | undefined> {
  const r = await c.gangway(['elbv2', 'describe-target-groups']);
  if (r.code !== 0) return undefined;
  const groups = (
    JSON.parse(r.stdout) as { TargetGroups: { TargetGroupArn: string; TargetGroupName: string }[] }
  ).TargetGroups.filter((g) => g.TargetGroupName.includes(part));
  if (groups.length === 0) return undefined;
  for (const g of groups) {
    const h = await c.gangway(['elbv2', 'describe-target-health', '--target-group-arn', g.TargetGroupArn]);
    const d = (JSON.parse(h.stdout) as { TargetHealthDescriptions: { TargetHealth: { State: string } }[] })
      .TargetHealthDescriptions;
    if (d.length === 0 || !d.every((x) => x.TargetHealth.State === 'healthy')) return undefined;
  }
  return true;
}

/** The ingress gateway's pods: name and IP. */
async function gatewayPods(c: Cluster): Promise<{ name: string; ip: string }[]> {
  const r = await c.kubectl([
    '-n',
    'istio-system',
    'get',
    'pods',
    '-l',
    'istio=ingressgateway',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.podIP}{"\\n"}{end}',
  ]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [name = '', ip = ''] = l.split(' ');
      return { name, ip };
    });
}

/** istio_requests_total with response 200 to the app Service, summed over the gateway pods. */
async function appRequests(c: Cluster): Promise<number> {
  let total = 0;
  for (const pod of await gatewayPods(c)) {
    const stats = await curl(`http://${pod.ip}:15090/stats/prometheus`);
    assert.equal(stats.status, 200, `stats of ${pod.name}`);
    for (const line of stats.body.split('\n')) {
      if (!line.startsWith('istio_requests_total{')) continue;
      if (!line.includes('response_code="200"')) continue;
      if (!line.includes(`destination_service="app.${NS}.svc.cluster.local"`)) continue;
      total += Number(/ (\d+)$/.exec(line)?.[1] ?? 0);
    }
  }
  return total;
}

void test('the data plane on 2 threads: status, ALB -> gateway -> app, shared balancing', async (t) => {
  const c = newCluster();
  c.env['GANGWAY_DATAPLANE_THREADS'] = '2';
  t.after(() => c.stop());
  const httpPort = 27000 + c.block;
  const dnsPort = 28000 + c.block;
  const up = await c.gangway([
    'up',
    '-d',
    '--api-port',
    '0',
    '--set',
    'values.gateways.istio-ingressgateway.type=NodePort',
    '--set',
    'meshConfig.accessLogFile=/dev/stdout',
    '--port-map',
    `80=${String(httpPort)}`,
    '--dns-port',
    String(dnsPort),
  ]);
  assert.equal(up.code, 0, up.stdout + up.stderr);

  const net250 = `127.${String(c.block)}.250`;
  const app = await backend(t, 'app', `${net250}.1`);
  const rr1 = await backend(t, 'rr1', `${net250}.2`);
  const rr2 = await backend(t, 'rr2', `${net250}.3`, rr1.port);
  const lor1 = await backend(t, 'lor1', `${net250}.4`);
  const lor2 = await backend(t, 'lor2', `${net250}.5`, lor1.port);
  await eventually('the gateway pod Ready', async () => {
    const r = await c.kubectl([
      '-n',
      'istio-system',
      'rollout',
      'status',
      'deploy/istio-ingressgateway',
      '--timeout=5s',
    ]);
    return r.code === 0 ? true : undefined;
  });
  const applied = await c.kubectl(['apply', '-f', '-'], { input: manifests(app, [rr1, rr2], [lor1, lor2]) });
  assert.equal(applied.code, 0, applied.stdout + applied.stderr);

  await t.test('gangway status lists the data-plane threads component', async () => {
    const status = await c.gangway(['status']);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /^\[\+\]dataplane-threads ok/m, status.stdout);
  });

  const gwIP = await dnsAddress(dnsPort, GW_HOST);
  const albIP = await dnsAddress(dnsPort, ALB_HOST);
  // A new connection per request: the kernel hands each to one of the threads accepting.
  const fresh = new http.Agent({ keepAlive: false, maxSockets: 8 });
  t.after(() => fresh.destroy());

  await t.test(
    '200 requests over new connections: ALB -> gateway -> app, counted by stats and logs',
    async () => {
      await eventually('the app through the ALB and the gateway', async () => {
        const r = await get(fresh, gwIP, httpPort, APP_HOST, '/warm');
        return r.status === 200 && r.body === 'app' ? true : undefined;
      });
      const before = await appRequests(c);
      const tag = `dpt-${randomBytes(4).toString('hex')}`;
      const n = 200;
      let next = 0;
      const failures: string[] = [];
      const worker = async (): Promise<void> => {
        while (next < n) {
          const i = next++;
          const r = await get(fresh, gwIP, httpPort, APP_HOST, `/${tag}/${String(i)}`).catch(
            (e: unknown) => ({
              status: 0,
              body: String(e),
            }),
          );
          if (r.status !== 200 || r.body !== 'app')
            failures.push(`#${String(i)}: ${String(r.status)} ${r.body}`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      assert.deepEqual(failures, [], `${String(failures.length)} of ${String(n)} failed`);
      assert.equal(app.seen.filter((u) => u.startsWith(`/${tag}/`)).length, n, 'the app saw every request');

      let last = before;
      await eventually(
        `istio_requests_total to app grown by ${String(n)}`,
        async () => {
          last = await appRequests(c);
          return last - before >= n ? true : undefined;
        },
        20_000,
      ).catch((e: unknown) => {
        throw new Error(`${String(e)} (before ${String(before)}, now ${String(last)})`);
      });

      const pods = await gatewayPods(c);
      let logged = 0;
      await eventually(
        `${String(n)} access-log lines in the gateway's logs`,
        async () => {
          logged = 0;
          for (const pod of pods) {
            const r = await c.kubectl(['-n', 'istio-system', 'logs', pod.name]);
            if (r.code !== 0) return undefined;
            logged += r.stdout.split('\n').filter((l) => l.includes(`"GET /${tag}/`)).length;
          }
          return logged >= n ? true : undefined;
        },
        20_000,
      ).catch((e: unknown) => {
        throw new Error(`${String(e)} (found ${String(logged)})`);
      });
      assert.equal(logged, n, 'each request logged once');
    },
  );

  await eventually(
    'the rr and lor targets healthy',
    async () => (await groupsHealthy(c, 'rr')) && (await groupsHealthy(c, 'lor')),
  );

  await t.test('round_robin alternates over new connections', async () => {
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await get(fresh, albIP, httpPort, ALB_HOST, '/rr/n');
      assert.equal(r.status, 200, r.body);
      names.push(r.body);
    }
    assert.notEqual(names[0], names[1], names.join(','));
    for (let i = 2; i < names.length; i++) assert.equal(names[i], names[i - 2], names.join(','));
  });

  await t.test('least_outstanding_requests counts a held request whichever thread took it', async () => {
    const holdAgent = new http.Agent({ keepAlive: false });
    t.after(() => holdAgent.destroy());
    const held = get(holdAgent, albIP, httpPort, ALB_HOST, '/lor/hold').catch(() => undefined);
    await eventually(
      'a request held by a lor target',
      () => Promise.resolve(lor1.held.length + lor2.held.length === 1 ? true : undefined),
      20_000,
    );
    const busy = lor1.held.length === 1 ? lor1 : lor2;
    const other = busy === lor1 ? lor2 : lor1;
    const names: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await get(fresh, albIP, httpPort, ALB_HOST, `/lor/n${String(i)}`);
      assert.equal(r.status, 200, r.body);
      names.push(r.body);
    }
    for (const r of busy.held.splice(0)) r.end('released');
    const released = await held;
    assert.deepEqual(names, Array<string>(6).fill(other.name), `${busy.name} holds one request`);
    assert.ok(released, 'the held request answered');
    assert.equal(released.status, 200);
    assert.equal(released.body, 'released');
  });
});
