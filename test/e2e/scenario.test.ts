// Issue 3 acceptance: SCENARIO.md steps 1-6 replayed with its manifests verbatim, asserting at
// each step what the article shows (under today's Istio names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, curl, eventually, newCluster, run, type Cluster } from './harness.ts';

const SEED = join(ROOT, 'examples', 'seed');
const HOST = 'istio-test-alb.example.com';

async function albAddress(c: Cluster, dnsPort: number): Promise<string> {
  const r = await run('dig', ['+short', '@127.0.0.1', '-p', String(dnsPort), HOST], process.env);
  const ip = r.stdout.trim().split('\n').pop() ?? '';
  return /^127\.\d+\.\d+\.\d+$/.test(ip) ? ip : '';
}

function httpsCurl(c: Cluster, ip: string, port: number, extra: string[] = []) {
  return curl(`https://${HOST}:${port}/`, [
    '--http2',
    '--cacert',
    join(c.home, 'ca.crt'),
    '--resolve',
    `${HOST}:${port}:${ip}`,
    ...extra,
  ]);
}

void test('SCENARIO.md steps 1-6: ALB -> Istio ingress gateway -> Service -> Pods', async (t) => {
  const c = newCluster();
  t.after(() => c.stop());
  const httpPort = 21000 + c.block;
  const httpsPort = 22000 + c.block;
  const dnsPort = 23000 + c.block;

  // Step 1: Istio with the ingress gateway as NodePort.
  const up = await c.gangway([
    'up',
    '-d',
    '--api-port',
    '0',
    '--set',
    'values.gateways.istio-ingressgateway.type=NodePort',
    '--port-map',
    `80=${httpPort},443=${httpsPort}`,
    '--dns-port',
    String(dnsPort),
  ]);
  assert.equal(up.code, 0, up.stdout + up.stderr);
  const svc = await c.kubectl(['-n', 'istio-system', 'get', 'svc', 'istio-ingressgateway']);
  assert.match(
    svc.stdout,
    /istio-ingressgateway\s+NodePort\s+127\.\d+\.\d+\.\d+\s+<none>\s+15021:(\d+)\/TCP,80:\d+\/TCP,443:\d+\/TCP,15012:\d+\/TCP,15443:\d+\/TCP\s/,
  );
  const statusNodePort = /15021:(\d+)\/TCP/.exec(svc.stdout)![1]!;
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

  // Step 2: health checks on the gateway's status port, as the article does (literal nodePort).
  const ann = await c.kubectl([
    '-n',
    'istio-system',
    'annotate',
    'svc',
    'istio-ingressgateway',
    'alb.ingress.kubernetes.io/healthcheck-path=/healthz/ready',
    `alb.ingress.kubernetes.io/healthcheck-port=${statusNodePort}`,
  ]);
  assert.equal(ann.code, 0, ann.stderr);

  // Step 3: the Ingress; 502 from the ALB, targets healthy, only the bootstrap listeners.
  const ing = await c.kubectl(['apply', '-f', join(SEED, '3-ingress.yaml')]);
  assert.equal(ing.code, 0, ing.stderr);
  assert.match(ing.stdout, /ingress\.extensions\/test-alb created/);
  const address = await eventually('the Ingress ADDRESS', async () => {
    const r = await c.kubectl(['-n', 'istio-system', 'get', 'ingress']);
    const m = /test-alb\s+<none>\s+\*\s+(\S+\.eu-west-3\.elb\.amazonaws\.com)\s+80\s+/.exec(r.stdout);
    return m?.[1];
  });
  assert.match(address, /^k8s-istiosys-testalb-[0-9a-f]{10}-\d+\.eu-west-3\.elb\.amazonaws\.com$/);
  const ip = await eventually(
    'DNS answers for the external-dns hostname',
    async () => (await albAddress(c, dnsPort)) || undefined,
  );

  await eventually('targets healthy through the status port', async () => {
    const tgs = await c.gangway(['elbv2', 'describe-target-groups']);
    const tg = JSON.parse(tgs.stdout) as {
      TargetGroups: { TargetGroupArn: string; HealthCheckPort: string; HealthCheckPath: string }[];
    };
    const group = tg.TargetGroups[0]!;
    assert.equal(group.HealthCheckPort, statusNodePort);
    assert.equal(group.HealthCheckPath, '/healthz/ready');
    const h = await c.gangway([
      'elbv2',
      'describe-target-health',
      '--target-group-arn',
      group.TargetGroupArn,
    ]);
    const health = JSON.parse(h.stdout) as {
      TargetHealthDescriptions: { TargetHealth: { State: string } }[];
    };
    return health.TargetHealthDescriptions.length > 0 &&
      health.TargetHealthDescriptions.every((d) => d.TargetHealth.State === 'healthy')
      ? true
      : undefined;
  });
  const r502 = await httpsCurl(c, ip, httpsPort, ['-I']);
  assert.equal(r502.status, 502, r502.head);
  assert.match(r502.head, /^HTTP\/2 502/);
  assert.match(r502.head, /\nserver: awselb\/2\.0/);
  const pc3 = await c.gangway(['proxy-config', 'listeners', '-n', 'istio-system']);
  assert.equal(pc3.code, 0, pc3.stderr);
  assert.match(pc3.stdout, /0\.0\.0\.0\s+15021\s+ALL\s+Inline Route: \/healthz\/ready\*/);
  assert.match(pc3.stdout, /0\.0\.0\.0\s+15090\s+ALL\s+Inline Route: \/stats\/prometheus\*/);
  assert.doesNotMatch(pc3.stdout, /8080/);

  // Step 4: the application; still 502.
  const app = await c.kubectl(['apply', '-f', join(SEED, '4-test-app.yaml')]);
  assert.equal(app.code, 0, app.stderr);
  const ro = await c.kubectl(['-n', 'test-ns', 'rollout', 'status', 'deploy/test-deploy', '--timeout=120s']);
  assert.equal(ro.code, 0, ro.stdout + ro.stderr);
  assert.equal((await httpsCurl(c, ip, httpsPort, ['-I'])).status, 502);

  // Step 5: the Gateway; 404 from the gateway.
  assert.equal((await c.kubectl(['apply', '-f', join(SEED, '5-gateway.yaml')])).code, 0);
  const r404 = await eventually('404 from istio-envoy', async () => {
    const r = await httpsCurl(c, ip, httpsPort, ['-I']);
    return r.status === 404 ? r : undefined;
  });
  assert.match(r404.head, /^HTTP\/2 404/);
  assert.match(r404.head, /\nserver: istio-envoy/);
  const pc5 = await c.gangway(['proxy-config', 'listeners', '-n', 'istio-system']);
  assert.match(pc5.stdout, /0\.0\.0\.0\s+8080\s+ALL\s+Route: http\.8080/);
  const rt5 = await c.gangway(['proxy-config', 'routes', '-n', 'istio-system']);
  assert.match(rt5.stdout, /http\.8080\s+blackhole:80\s+\*\s+\/\*\s+404/);

  // Step 6: the VirtualService; 200 text/html from both pods over HTTP/2, TLS verified.
  assert.equal((await c.kubectl(['apply', '-f', join(SEED, '6-virtualservice.yaml')])).code, 0);
  const pods = new Set<string>();
  await eventually('200 from both pods', async () => {
    const r = await httpsCurl(c, ip, httpsPort);
    if (r.status !== 200) return undefined;
    assert.match(r.head, /^HTTP\/2 200/);
    assert.match(r.head, /\ncontent-type: text\/html/);
    assert.match(r.head, /\nserver: istio-envoy/);
    const pod = /test-deploy-[a-z0-9]+-[a-z0-9]{5}/.exec(r.body)?.[0];
    if (pod) pods.add(pod);
    return pods.size >= 2 ? true : undefined;
  });
  const rt6 = await c.gangway(['proxy-config', 'routes', '-n', 'istio-system']);
  assert.match(
    rt6.stdout,
    new RegExp(
      `http\\.8080\\s+${HOST.replace(/\./g, '\\.')}:80\\s+${HOST.replace(/\./g, '\\.')}\\s+/\\*\\s+test-virtualservice\\.test-ns`,
    ),
  );

  // Plain HTTP to the ALB: 301 to https, the port kept.
  const redirect = await curl(`http://${HOST}:${httpPort}/`, ['--resolve', `${HOST}:${httpPort}:${ip}`]);
  assert.equal(redirect.status, 301);
  assert.match(
    redirect.head,
    new RegExp(`\\nlocation: https://${HOST.replace(/\./g, '\\.')}:443/\\r?$`, 'im'),
  );

  // Without the health check annotations the traffic port answers 404: targets turn unhealthy,
  // and traffic still flows (fail-open), as on AWS.
  const rm = await c.kubectl([
    '-n',
    'istio-system',
    'annotate',
    'svc',
    'istio-ingressgateway',
    'alb.ingress.kubernetes.io/healthcheck-path-',
    'alb.ingress.kubernetes.io/healthcheck-port-',
  ]);
  assert.equal(rm.code, 0, rm.stderr);
  await eventually(
    'targets unhealthy with ResponseCodeMismatch [404]',
    async () => {
      const tgs = JSON.parse((await c.gangway(['elbv2', 'describe-target-groups'])).stdout) as {
        TargetGroups: { TargetGroupArn: string }[];
      };
      const h = await c.gangway([
        'elbv2',
        'describe-target-health',
        '--target-group-arn',
        tgs.TargetGroups[0]!.TargetGroupArn,
      ]);
      const health = JSON.parse(h.stdout) as {
        TargetHealthDescriptions: {
          TargetHealth: { State: string; Reason?: string; Description?: string };
        }[];
      };
      return health.TargetHealthDescriptions.every(
        (d) =>
          d.TargetHealth.State === 'unhealthy' && d.TargetHealth.Reason === 'Target.ResponseCodeMismatch',
      ) && health.TargetHealthDescriptions.length > 0
        ? true
        : undefined;
    },
    180_000,
  );
  const failOpen = await httpsCurl(c, ip, httpsPort);
  assert.equal(failOpen.status, 200);
});
