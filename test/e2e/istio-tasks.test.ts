// Issue 4 acceptance: the istio.io ingress tasks that need no bookinfo (istio.md §6), replayed
// on one stack, one namespace and host name per task, asserting what each task shows. The HTTP
// tasks go client -> ALB -> gateway -> pods: an Ingress (class alb) puts an ALB in front of the
// gateway's port 80, and clients send the task's Host header to the ALB's address (the ALB
// forwards Host unchanged; the gateway routes by it). The TLS tasks (secure ingress, SNI
// passthrough) and TCP traffic shifting reach the gateway's NodePorts directly, as the tasks do
// with $INGRESS_HOST:$SECURE_INGRESS_PORT / $TCP_INGRESS_PORT: an ALB terminates TLS itself and
// speaks HTTP(S) only, so on AWS these tasks sit behind an NLB (or the ALB with its own
// certificate), which is what reaching the gateway's NodePort directly stands for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT, curl, eventually, newCluster, run, type Cluster } from './harness.ts';

const FIX = join(ROOT, 'test', 'e2e', 'fixtures', 'istio-tasks');
const fixture = (name: string): string => join(FIX, name);
/** How long a configuration change may take to reach the gateway (it takes well under 1 s). */
const PROPAGATION_MS = 60_000;

interface LoadCounts {
  codes: Map<number, number>;
  bodies: Map<string, number>;
  output: string;
}

/** Codes and bodies of a `gangway load` summary (fortio's `Code 200 : 17 (85.0 %)` lines). */
function parseLoad(text: string): LoadCounts {
  const codes = new Map<number, number>();
  for (const m of text.matchAll(/^Code\s+(-?\d+) : (\d+) \(/gm)) codes.set(Number(m[1]), Number(m[2]));
  const bodies = new Map<string, number>();
  for (const m of text.matchAll(/^Body "([^"]*)" : (\d+) \(/gm)) bodies.set(m[1] ?? '', Number(m[2]));
  return { codes, bodies, output: text };
}

/** One line through a TCP port: connect, send `line\n`, read one line back, close. */
function tcpLine(host: string, port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${host}:${port} within 10 s (got ${JSON.stringify(got)})`));
    }, 10_000);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${line}\n`));
    socket.on('data', (d: string) => {
      got += d;
      const nl = got.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got.slice(0, nl));
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (!got.includes('\n')) reject(new Error(`connection closed (got ${JSON.stringify(got)})`));
    });
  });
}

class Tasks {
  readonly c: Cluster;
  /** Service port -> nodePort of istio-ingressgateway. */
  nodePorts = new Map<number, number>();
  /** The ALB's address (from its DNS name) and its HTTP listener's mapped port. */
  alb = { ip: '', port: 0 };
  constructor(c: Cluster) {
    this.c = c;
  }

  async kubectl(args: string[], what = args.join(' ')): Promise<string> {
    const r = await this.c.kubectl(args);
    assert.equal(r.code, 0, `kubectl ${what}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  }

  async apply(ns: string, file: string): Promise<void> {
    await this.kubectl(['apply', '-n', ns, '-f', fixture(file)]);
  }

  /**
   * `kubectl create ...`, as `kubectl create ... --dry-run=client -o yaml | kubectl apply -f -`:
   * kubectl's typed create sends protobuf, which gangway's API does not read (415).
   */
  async create(args: string[]): Promise<void> {
    const yaml = await this.kubectl(['create', ...args, '--dry-run=client', '-o', 'yaml']);
    const r = await this.c.kubectl(['apply', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, `kubectl create ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  }

  async namespace(ns: string): Promise<void> {
    await this.create(['namespace', ns]);
  }

  async rollout(ns: string, ...deployments: string[]): Promise<void> {
    for (const d of deployments)
      await this.kubectl(['-n', ns, 'rollout', 'status', `deploy/${d}`, '--timeout=120s']);
  }

  /** The task's cleanup: its Istio objects at once, then the namespace (not waited for). */
  async cleanup(ns: string): Promise<void> {
    await this.c.kubectl(['delete', '-n', ns, 'gateway,virtualservice,destinationrule', '--all']);
    await this.c.kubectl(['delete', 'namespace', ns, '--wait=false']);
  }

  async readNodePorts(): Promise<void> {
    const out = await this.kubectl([
      '-n',
      'istio-system',
      'get',
      'svc',
      'istio-ingressgateway',
      '-o',
      'jsonpath={range .spec.ports[*]}{.port}={.nodePort}{"\\n"}{end}',
    ]);
    this.nodePorts.clear();
    for (const line of out.trim().split('\n')) {
      const [port, nodePort] = line.split('=').map(Number);
      if (port !== undefined && nodePort) this.nodePorts.set(port, nodePort);
    }
  }

  nodePort(port: number): number {
    const np = this.nodePorts.get(port);
    assert.ok(np, `istio-ingressgateway has no nodePort for port ${port}`);
    return np;
  }

  /** The ALB's HTTP listener: `http://<ALB address>:<mapped port 80>`. */
  albURL(path: string): string {
    assert.ok(this.alb.ip && this.alb.port, 'the ALB is not up');
    return `http://${this.alb.ip}:${this.alb.port}${path}`;
  }

  /** `curl -s -i -HHost:<host> http://<ALB><path>`: through the ALB to the gateway's port 80. */
  http(host: string, path: string, extra: string[] = []): ReturnType<typeof curl> {
    return curl(this.albURL(path), ['-H', `Host: ${host}`, ...extra]);
  }

  /** curl to https://<host>:$SECURE_INGRESS_PORT<path>, resolved to the node, verified by `cacert`. */
  https(host: string, path: string, cacert: string, extra: string[] = []): ReturnType<typeof curl> {
    const port = this.nodePort(443);
    return curl(`https://${host}:${port}${path}`, [
      '--resolve',
      `${host}:${port}:${this.c.nodeIP}`,
      '--cacert',
      cacert,
      ...extra,
    ]);
  }

  /** Polls until `path` on `host` answers `status`. */
  async untilStatus(host: string, path: string, status: number, extra: string[] = []): Promise<void> {
    await eventually(
      `${status} from ${host}${path}`,
      async () => {
        const r = await this.http(host, path, extra);
        return r.status === status ? true : undefined;
      },
      PROPAGATION_MS,
    );
  }

  /** `gangway load` through the ALB, with the task's Host header. */
  async load(host: string, path: string, args: string[]): Promise<LoadCounts> {
    const r = await this.c.gangway(['load', ...args, '-H', `Host: ${host}`, this.albURL(path)]);
    assert.equal(r.code, 0, `gangway load: ${r.stdout}${r.stderr}`);
    return parseLoad(r.stderr);
  }

  /**
   * Once per stack: the Ingress that creates the ALB in front of the gateway; waits for its DNS
   * name to resolve on the stack's DNS server and for its targets to pass the health checks on
   * the gateway's status port.
   */
  async albUp(dnsPort: number, httpPort: number): Promise<void> {
    await this.kubectl(['apply', '-f', fixture('alb-ingress.yaml')]);
    const lb = await eventually('the ALB of the Ingress', async () => {
      const r = await this.c.gangway(['elbv2', 'describe-load-balancers']);
      if (r.code !== 0) return undefined;
      const out = JSON.parse(r.stdout) as { LoadBalancers: { DNSName: string; LoadBalancerArn: string }[] };
      return out.LoadBalancers[0];
    });
    this.alb.ip = await eventually(`DNS answers for ${lb.DNSName}`, async () => {
      const r = await run('dig', ['+short', '@127.0.0.1', '-p', String(dnsPort), lb.DNSName], process.env);
      const ip = r.stdout.trim().split('\n').pop() ?? '';
      return /^127\.\d+\.\d+\.\d+$/.test(ip) ? ip : undefined;
    });
    this.alb.port = httpPort;
    await eventually('the ALB targets healthy through the status port', async () => {
      const tgs = await this.c.gangway([
        'elbv2', 'describe-target-groups', '--load-balancer-arn', lb.LoadBalancerArn,
      ]); // prettier-ignore
      if (tgs.code !== 0) return undefined;
      const groups = (
        JSON.parse(tgs.stdout) as {
          TargetGroups: { TargetGroupArn: string; HealthCheckPort: string; HealthCheckPath: string }[];
        }
      ).TargetGroups;
      if (groups.length === 0) return undefined;
      for (const g of groups) {
        assert.equal(g.HealthCheckPort, String(this.nodePort(15021)));
        assert.equal(g.HealthCheckPath, '/healthz/ready');
        const h = await this.c.gangway([
          'elbv2', 'describe-target-health', '--target-group-arn', g.TargetGroupArn,
        ]); // prettier-ignore
        const health = JSON.parse(h.stdout) as {
          TargetHealthDescriptions: { TargetHealth: { State: string } }[];
        };
        const d = health.TargetHealthDescriptions;
        if (d.length === 0 || !d.every((x) => x.TargetHealth.State === 'healthy')) return undefined;
      }
      return true;
    });
  }

  async gatewayPod(): Promise<{ name: string; ip: string }> {
    const out = await this.kubectl([
      '-n',
      'istio-system',
      'get',
      'pods',
      '-l',
      'istio=ingressgateway',
      '-o',
      'jsonpath={.items[0].metadata.name} {.items[0].status.podIP}',
    ]);
    const [name = '', ip = ''] = out.trim().split(' ');
    return { name, ip };
  }
}

/** The certificates of the secure-ingress and passthrough tasks, made with openssl as they do. */
async function openssl(args: string[]): Promise<void> {
  const r = await run('openssl', args, process.env);
  assert.equal(r.code, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
}

async function makeCerts(dir: string): Promise<void> {
  const p = (f: string): string => join(dir, f);
  if (existsSync(p('nginx.example.com.crt'))) return;
  mkdirSync(dir, { recursive: true });
  await openssl([
    'req', '-x509', '-sha256', '-nodes', '-days', '365', '-newkey', 'rsa:2048',
    '-subj', '/O=example Inc./CN=example.com', '-keyout', p('example.com.key'), '-out', p('example.com.crt'),
  ]); // prettier-ignore
  const leaf = async (cn: string, org: string, serial: string): Promise<void> => {
    await openssl([
      'req', '-out', p(`${cn}.csr`), '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${cn}.key`),
      '-subj', `/CN=${cn}/O=${org}`,
    ]); // prettier-ignore
    await openssl([
      'x509', '-req', '-sha256', '-days', '365', '-CA', p('example.com.crt'), '-CAkey', p('example.com.key'),
      '-set_serial', serial, '-in', p(`${cn}.csr`), '-out', p(`${cn}.crt`),
    ]); // prettier-ignore
  };
  await leaf('httpbin.example.com', 'httpbin organization', '0');
  await leaf('client.example.com', 'client organization', '1');
  await leaf('nginx.example.com', 'some organization', '2');
}

void test('istio.io ingress tasks through the ALB and the ingress gateway', async (t) => {
  const c = newCluster();
  // Reproducible weighted splits: every gateway pod's random source is seeded.
  c.env['GANGWAY_RANDOM_SEED'] = '20261126';
  t.after(() => c.stop());
  const tasks = new Tasks(c);
  const httpPort = 24000 + c.block;
  const dnsPort = 26000 + c.block;
  const up = await c.gangway([
    'up',
    '-d',
    '--api-port',
    '0',
    '--set',
    'values.gateways.istio-ingressgateway.type=NodePort',
    // As the istio.io tasks say before they read the proxies' logs: Envoy's access log on.
    '--set',
    'meshConfig.accessLogFile=/dev/stdout',
    '--port-map',
    `80=${httpPort},443=${25000 + c.block}`,
    '--dns-port',
    String(dnsPort),
  ]);
  assert.equal(up.code, 0, up.stdout + up.stderr);
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
  await tasks.readNodePorts();
  await tasks.albUp(dnsPort, httpPort);
  const certs = join(c.home, 'certs');

  await t.test('ingress control: httpbin through a Gateway and VirtualService', async () => {
    const ns = 'ingress';
    await tasks.namespace(ns);
    await tasks.apply(ns, 'httpbin.yaml');
    await tasks.rollout(ns, 'httpbin');
    await tasks.apply(ns, 'ingress-control.yaml');
    await tasks.untilStatus('httpbin.example.com', '/status/200', 200, ['-I']);
    const ok = await tasks.http('httpbin.example.com', '/status/200', ['-I']);
    assert.match(ok.head, /^HTTP\/1\.1 200 OK\r?\n/);
    assert.match(ok.head, /\nserver: istio-envoy\r?(\n|$)/i);
    assert.match(ok.head, /\nx-envoy-upstream-service-time: \d+/i);
    const notExposed = await tasks.http('httpbin.example.com', '/headers', ['-I']);
    assert.match(notExposed.head, /^HTTP\/1\.1 404 Not Found\r?\n/);
    assert.match(notExposed.head, /\ncontent-length: 0\r?(\n|$)/i);
    const otherHost = await tasks.http('other.example.com', '/status/200');
    assert.equal(otherHost.status, 404);
    assert.equal(otherHost.body, '');
    await tasks.cleanup(ns);
  });

  await t.test('request timeouts: 504 upstream request timeout on /delay/2 with timeout 0.5s', async () => {
    const ns = 'timeouts';
    await tasks.namespace(ns);
    await tasks.apply(ns, 'httpbin.yaml');
    await tasks.rollout(ns, 'httpbin');
    await tasks.apply(ns, 'request-timeouts.yaml');
    await tasks.untilStatus('timeouts.example.com', '/status/200', 200);
    const r = await tasks.http('timeouts.example.com', '/delay/2');
    assert.equal(r.status, 504, r.head);
    assert.equal(r.body, 'upstream request timeout');
    assert.match(r.head, /\ncontent-type: text\/plain/i);
    assert.match(r.head, /\nserver: istio-envoy/i);
    await tasks.cleanup(ns);
  });

  await t.test('fault injection: delay then abort for end-user jason', async () => {
    const ns = 'faults';
    await tasks.namespace(ns);
    await tasks.apply(ns, 'httpbin.yaml');
    await tasks.rollout(ns, 'httpbin');
    await tasks.apply(ns, 'fault-gateway.yaml');
    await tasks.apply(ns, 'fault-delay.yaml');
    const host = 'faults.example.com';
    await tasks.untilStatus(host, '/status/200', 200);
    // The delay: jason's requests take at least the fixed delay and then succeed.
    const begin = Date.now();
    const delayed = await tasks.http(host, '/status/200', ['-H', 'end-user: jason']);
    const took = Date.now() - begin;
    assert.equal(delayed.status, 200);
    assert.ok(took >= 1900, `jason's request took ${took} ms, expected the 2 s fixed delay`);
    assert.equal((await tasks.http(host, '/status/200', ['-H', 'end-user: someone'])).status, 200);
    // The abort: jason gets 500 `fault filter abort`, the others still 200.
    await tasks.apply(ns, 'fault-abort.yaml');
    await tasks.untilStatus(host, '/status/200', 500, ['-H', 'end-user: jason']);
    const aborted = await tasks.http(host, '/status/200', ['-H', 'end-user: jason']);
    assert.equal(aborted.body, 'fault filter abort');
    assert.match(aborted.head, /\ncontent-type: text\/plain/i);
    assert.equal((await tasks.http(host, '/status/200')).status, 200);
    await tasks.cleanup(ns);
  });

  await t.test('traffic shifting: helloworld v1/v2 at 80/20 over 2000 requests', async () => {
    const ns = 'shifting';
    const host = 'helloworld.example.com';
    await tasks.namespace(ns);
    await tasks.apply(ns, 'helloworld.yaml');
    await tasks.rollout(ns, 'helloworld-v1', 'helloworld-v2');
    await tasks.apply(ns, 'traffic-shifting.yaml');
    const seen = new Set<string>();
    await eventually(
      'both versions answering /hello',
      async () => {
        const r = await tasks.http(host, '/hello');
        const v = /^Hello version: (v\d), instance: helloworld-v\d-/.exec(r.body)?.[1];
        if (r.status === 200 && v) seen.add(v);
        return seen.size === 2 ? true : undefined;
      },
      PROPAGATION_MS,
    );
    // No seed hook reaches the gateway's weighted choice, so the check is statistical: with
    // 2000 calls the share of v2 has a standard deviation of 0.9 points; 3 points is 3.4 sigma.
    const n = 2000;
    const r = await tasks.load(host, '/hello', [
      '-c', '4', '--qps', '0', '-n', String(n), '--timeout', '30s', '--histogram-body', 'version: (v\\d)',
    ]); // prettier-ignore
    assert.deepEqual([...r.codes], [[200, n]], r.output);
    const v2 = (r.bodies.get('v2') ?? 0) / n;
    assert.equal((r.bodies.get('v1') ?? 0) + (r.bodies.get('v2') ?? 0), n, r.output);
    assert.ok(Math.abs(v2 - 0.2) <= 0.03, `v2 share ${(100 * v2).toFixed(1)} %, weight 20 %\n${r.output}`);
    await tasks.cleanup(ns);
  });

  await t.test('circuit breaking: 503 UO overflow at concurrency 3', async () => {
    const ns = 'breaker';
    const host = 'breaker.example.com';
    await tasks.namespace(ns);
    await tasks.apply(ns, 'httpbin.yaml');
    await tasks.rollout(ns, 'httpbin');
    await tasks.apply(ns, 'circuit-breaking.yaml');
    await tasks.untilStatus(host, '/get', 200);
    // One connection at a time stays within the limits.
    const one = await tasks.load(host, '/get', ['-c', '1', '--qps', '0', '-n', '10']);
    assert.deepEqual([...one.codes], [[200, 10]], one.output);
    // `fortio load -c 3 -qps 0 -n 30`: some calls trip the breaker (the task shows 19 of 30).
    const three = await tasks.load(host, '/get', ['-c', '3', '--qps', '0', '-n', '30']);
    assert.ok((three.codes.get(200) ?? 0) > 0, three.output);
    assert.ok((three.codes.get(503) ?? 0) > 0, three.output);
    assert.equal((three.codes.get(200) ?? 0) + (three.codes.get(503) ?? 0), 30, three.output);
    const pod = await tasks.gatewayPod();
    const stats = await curl(`http://${pod.ip}:15090/stats/prometheus`);
    const cluster = `outbound|8000||httpbin.${ns}.svc.cluster.local`;
    const overflow = new RegExp(
      `^envoy_cluster_upstream_rq_pending_overflow\\{cluster_name="${cluster.replace(/[|.]/g, '\\$&')}"\\} (\\d+)`,
      'm',
    ).exec(stats.body);
    assert.ok(overflow && Number(overflow[1]) > 0, `pending overflow counter of ${cluster}`);
    const logs = await tasks.kubectl(['-n', 'istio-system', 'logs', pod.name]);
    assert.match(logs, /"GET \/get HTTP\/1\.1" 503 UO /);
    await tasks.cleanup(ns);
  });

  await t.test('mirroring: v1 answers, v2 gets the copies with the -shadow host', async () => {
    const ns = 'mirror';
    const host = 'mirror.example.com';
    await tasks.namespace(ns);
    await tasks.apply(ns, 'mirroring.yaml');
    await tasks.rollout(ns, 'httpbin-v1', 'httpbin-v2');
    await tasks.untilStatus(host, '/headers', 200);
    for (let i = 0; i < 5; i++) {
      const r = await tasks.http(host, '/headers');
      assert.equal(r.status, 200);
      assert.match(r.body, /"headers": \{/, 'answered by httpbin v1 (go-httpbin JSON)');
      assert.doesNotMatch(r.body, /served by v2/);
      // The request crossed the ALB: it adds its trace id on the way to the gateway.
      assert.match(r.body, /"X-Amzn-Trace-Id": \[?\s*"Root=1-/i, 'X-Amzn-Trace-Id from the ALB');
    }
    const v1 = await tasks.kubectl(['-n', ns, 'logs', 'deploy/httpbin-v1']);
    assert.match(v1, /GET \/headers/);
    await eventually(
      'the mirrored copies in httpbin-v2 log',
      async () => {
        const v2 = await tasks.kubectl(['-n', ns, 'logs', 'deploy/httpbin-v2']);
        const copies = v2
          .split('\n')
          .filter((l) => / mirror\.example\.com-shadow /.test(l) && /"GET \/headers HTTP\/1\.1"/.test(l));
        return copies.length >= 5 ? true : undefined;
      },
      30_000,
    );
    await tasks.cleanup(ns);
  });

  // The TLS tasks and TCP shifting go to the gateway's NodePorts, not through the ALB: an ALB
  // terminates TLS itself and speaks HTTP(S) only, so on AWS these tasks sit behind an NLB (or
  // the ALB with its own certificate), which is what reaching the gateway's NodePort stands for.
  await t.test('secure ingress: SIMPLE, then MUTUAL with and without a client certificate', async () => {
    const ns = 'secure';
    const host = 'httpbin.example.com';
    await makeCerts(certs);
    const p = (f: string): string => join(certs, f);
    await tasks.namespace(ns);
    await tasks.apply(ns, 'httpbin.yaml');
    await tasks.rollout(ns, 'httpbin');
    await tasks.create([
      '-n', 'istio-system', 'secret', 'tls', 'httpbin-credential',
      `--key=${p('httpbin.example.com.key')}`, `--cert=${p('httpbin.example.com.crt')}`,
    ]); // prettier-ignore
    await tasks.apply(ns, 'secure-simple.yaml');
    const teapot = await eventually(
      '418 over HTTPS',
      async () => {
        const r = await tasks.https(host, '/status/418', p('example.com.crt'));
        return r.status === 418 ? r : undefined;
      },
      PROPAGATION_MS,
    );
    assert.match(teapot.head, /^HTTP\/2 418/);
    assert.match(teapot.body, /teapot/i);
    assert.match(teapot.head, /\nserver: istio-envoy/i);

    // MUTUAL: the credential gains ca.crt; a client without a certificate fails the handshake.
    await tasks.kubectl(['-n', 'istio-system', 'delete', 'secret', 'httpbin-credential']);
    await tasks.create([
      '-n', 'istio-system', 'secret', 'generic', 'httpbin-credential',
      `--from-file=tls.key=${p('httpbin.example.com.key')}`, `--from-file=tls.crt=${p('httpbin.example.com.crt')}`,
      `--from-file=ca.crt=${p('example.com.crt')}`,
    ]); // prettier-ignore
    await tasks.apply(ns, 'secure-mutual.yaml');
    const port = tasks.nodePort(443);
    const noCert = await eventually(
      'the handshake refused without a client certificate',
      async () => {
        const r = await run(
          'curl',
          ['-sS', '--max-time', '20', '--resolve', `${host}:${port}:${c.nodeIP}`, '--cacert', p('example.com.crt'),
          `https://${host}:${port}/status/418`], // prettier-ignore
          process.env,
        );
        return r.code !== 0 ? r : undefined;
      },
      PROPAGATION_MS,
    );
    assert.match(noCert.stderr, /certificate required|alert|handshake|SSL/i);
    const withCert = await tasks.https(host, '/status/418', p('example.com.crt'), [
      '--cert', p('client.example.com.crt'), '--key', p('client.example.com.key'),
    ]); // prettier-ignore
    assert.equal(withCert.status, 418, withCert.head);
    await tasks.cleanup(ns);
    await c.kubectl(['-n', 'istio-system', 'delete', 'secret', 'httpbin-credential']);
  });

  await t.test('SNI passthrough: nginx terminates TLS itself', async () => {
    const ns = 'passthrough';
    const host = 'nginx.example.com';
    await makeCerts(certs);
    const p = (f: string): string => join(certs, f);
    await tasks.namespace(ns);
    await tasks.create([
      '-n', ns, 'secret', 'tls', 'nginx-server-certs',
      `--key=${p('nginx.example.com.key')}`, `--cert=${p('nginx.example.com.crt')}`,
    ]); // prettier-ignore
    await tasks.create([
      '-n',
      ns,
      'configmap',
      'nginx-configmap',
      `--from-file=nginx.conf=${fixture('nginx.conf')}`,
    ]);
    await tasks.apply(ns, 'nginx.yaml');
    await tasks.rollout(ns, 'my-nginx');
    await tasks.apply(ns, 'sni-passthrough.yaml');
    const port = tasks.nodePort(443);
    const r = await eventually(
      'nginx over passthrough',
      async () => {
        const res = await run(
          'curl',
          ['-v', '-s', '-i', '--max-time', '20', '--resolve', `${host}:${port}:${c.nodeIP}`, '--cacert',
          p('example.com.crt'), `https://${host}:${port}`], // prettier-ignore
          process.env,
        );
        return /^HTTP\/1\.1 200 OK/.test(res.stdout) ? res : undefined;
      },
      PROPAGATION_MS,
    );
    assert.match(r.stdout, /\nServer: nginx/);
    assert.match(r.stdout, /<title>Welcome to nginx!<\/title>/);
    assert.match(r.stderr, /subject: CN=nginx\.example\.com/);
    assert.doesNotMatch(r.stdout, /istio-envoy/);
    await tasks.cleanup(ns);
  });

  await t.test('TCP traffic shifting: tcp-echo v1, then 80/20', async () => {
    const ns = 'tcp';
    await tasks.namespace(ns);
    await tasks.apply(ns, 'tcp-echo-services.yaml');
    await tasks.rollout(ns, 'tcp-echo-v1', 'tcp-echo-v2');
    // The default profile has no 31400 on the gateway Service: add it as the task says.
    await tasks.kubectl([
      '-n', 'istio-system', 'patch', 'svc', 'istio-ingressgateway', '--type=json',
      '-p', '[{"op":"add","path":"/spec/ports/-","value":{"name":"tcp","port":31400,"targetPort":31400,"protocol":"TCP"}}]',
    ]); // prettier-ignore
    await tasks.readNodePorts();
    const port = tasks.nodePort(31400);
    await tasks.apply(ns, 'tcp-echo-all-v1.yaml');
    await eventually(
      'tcp-echo v1 through 31400',
      async () => ((await tcpLine(c.nodeIP, port, 'hello')) === 'one hello' ? true : undefined),
      PROPAGATION_MS,
    );
    for (let i = 0; i < 20; i++) assert.equal(await tcpLine(c.nodeIP, port, `call ${i}`), `one call ${i}`);

    await tasks.apply(ns, 'tcp-echo-20-v2.yaml');
    await eventually(
      'a connection reaching v2',
      async () => ((await tcpLine(c.nodeIP, port, 'x')).startsWith('two ') ? true : undefined),
      PROPAGATION_MS,
    );
    // 500 connections: the v2 share has a standard deviation of 1.8 points; allow 8 (4.4 sigma).
    let two = 0;
    const n = 500;
    for (let batch = 0; batch < n; batch += 25) {
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, i) => tcpLine(c.nodeIP, port, `date ${batch + i}`)),
      );
      for (const [i, a] of answers.entries()) {
        assert.match(a, new RegExp(`^(one|two) date ${batch + i}$`));
        if (a.startsWith('two ')) two++;
      }
    }
    assert.ok(Math.abs(two / n - 0.2) <= 0.08, `v2 got ${two} of ${n} connections, weight 20 %`);
    await tasks.cleanup(ns);
  });
});
