// The gangway stack under test: `gangway up` as a child of the bench (the same session as the
// references, see docs/performance.md) with its own GANGWAY_HOME, the seed manifests, mapped
// ALB ports and address block, then bench overrides applied with the real kubectl: a
// selector-less Service + EndpointSlice for the shared fixed backend, the seed VirtualService
// routed to it, and the seed Ingress without the HTTP->HTTPS redirect so HTTP is forwarded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_PLANE_NODE_FLAGS } from '../src/runtime/node-flags.ts';
import { freePort, onCleanup, run, startForeground } from './procs.ts';

export const HOST = 'istio-test-alb.example.com';
export const KUBECTL = '/usr/bin/kubectl';
const ROOT = join(import.meta.dirname, '..');

export interface BenchStack {
  home: string;
  env: NodeJS.ProcessEnv;
  nodeIP: string;
  nodePort: number;
  albIP: string;
  httpPort: number;
  httpsPort: number;
  /** The gangway process (for profiling / CPU). */
  pid: number;
}

export function backendManifests(port: number, vsName = 'test-virtualservice'): string {
  return `apiVersion: v1
kind: Service
metadata: {name: bench-backend, namespace: test-ns}
spec:
  ports:
  - {name: http, protocol: TCP, port: 80, targetPort: ${port}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: bench-backend-1
  namespace: test-ns
  labels: {kubernetes.io/service-name: bench-backend}
addressType: IPv4
ports:
- {name: http, protocol: TCP, port: ${port}}
endpoints:
- addresses: [127.0.0.1]
  conditions: {ready: true}
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: ${vsName}, namespace: test-ns}
spec:
  hosts: ["${HOST}"]
  gateways: [test-gateway]
  http:
  - match:
    - uri: {prefix: /}
    route:
    - destination: {host: bench-backend, port: {number: 80}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: test-alb
  namespace: istio-system
  annotations:
    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/certificate-arn: "arn:aws:acm:eu-west-3:111111111111:certificate/fcaa9fd2-1b55-48d7-92f2-e829f7bafafd"
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS":443}]'
    external-dns.alpha.kubernetes.io/hostname: "${HOST}"
spec:
  rules:
  - http:
      paths:
      - path: /*
        pathType: ImplementationSpecific
        backend: {service: {name: istio-ingressgateway, port: {number: 80}}}
`;
}

export async function kubectl(
  env: NodeJS.ProcessEnv,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<string> {
  const r = await run(KUBECTL, args, timeoutMs, env);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** One GET; resolves to status and body ('' on a socket error: status 0). */
export function get(
  addr: string,
  port: number,
  opts: { https?: boolean; host?: string; path?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = (opts.https === true ? httpsRequest : httpRequest)(
      {
        host: addr,
        port,
        path: opts.path ?? '/',
        headers: { host: opts.host ?? HOST, connection: 'close' },
        servername: opts.host ?? HOST,
        rejectUnauthorized: false,
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

/** Poll until `ok()` or the deadline; throws `what` on timeout. */
export async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function startStack(backendPort: number, block: number, body: string): Promise<BenchStack> {
  const home = mkdtempSync(join(tmpdir(), 'gangway-bench-home-'));
  const env = { ...process.env, GANGWAY_HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const gangway = join(ROOT, 'bin', 'gangway.js');
  onCleanup(async () => {
    await run(process.execPath, [gangway, 'down'], 60_000, env);
    rmSync(home, { recursive: true, force: true });
  });
  // The stack runs as this process's child, like the nginx and HAProxy chains: the same
  // session, so the kernel's per-session CPU groups (autogroup) treat every contender alike.
  const up = await startForeground(
    process.execPath,
    [
      ...DATA_PLANE_NODE_FLAGS,
      gangway,
      'up',
      '-f',
      join(ROOT, 'examples', 'seed'),
      '--port-map',
      `80=${httpPort},443=${httpsPort}`,
      '--dns-port',
      '0',
      '--api-port',
      '0',
      '--address-block',
      String(block),
    ],
    /^\s*state\s/m,
    240_000,
    env,
  );
  const pid = up.pid;
  const listener = /listener\s+HTTP 80 on ([\d.]+):(\d+)/.exec(up.stdout);
  const albIP = listener?.[1];
  if (albIP === undefined) throw new Error(`no ALB HTTP listener in gangway up output:\n${up.stdout}`);
  const nodeIP = /node\s+\S+\s+([\d.]+)/.exec(up.stdout)?.[1] ?? `127.${block}.0.1`;
  const manifests = join(home, 'bench-overrides.yaml');
  writeFileSync(manifests, backendManifests(backendPort));
  await kubectl(env, ['apply', '-f', manifests]);
  const nodePort = Number(
    await kubectl(env, [
      '-n',
      'istio-system',
      'get',
      'svc',
      'istio-ingressgateway',
      '-o',
      'jsonpath={.spec.ports[?(@.name=="http2")].nodePort}',
    ]),
  );
  const stack: BenchStack = { home, env, nodeIP, nodePort, albIP, httpPort, httpsPort, pid };
  const serves =
    (addr: string, port: number, https = false) =>
    async () =>
      (await get(addr, port, { https })).body === body;
  await waitFor('the gateway NodePort to serve the backend', serves(nodeIP, nodePort));
  await waitFor('the ALB HTTP listener to forward', serves(albIP, httpPort), 120_000);
  await waitFor('the ALB HTTPS listener to forward', serves(albIP, httpsPort, true));
  return stack;
}
