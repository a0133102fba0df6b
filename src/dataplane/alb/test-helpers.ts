// Test fixtures for the ALB data plane: AlbModel literals, tiny upstream servers on block 231
// and small HTTP/1.1 and HTTP/2 clients. Tests only.
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import net from 'node:net';
import type { TestContext } from 'node:test';
import type { AlbAction, AlbListener, AlbRule, LoadBalancer, Target, TargetGroup } from '../../alb/model.ts';

export const HOST = 'istio-test-alb.example.com';

export function tg(name: string, over: Partial<TargetGroup> = {}): TargetGroup {
  return {
    name,
    arn: `arn:aws:elasticloadbalancing:eu-west-3:111111111111:targetgroup/${name}/0123456789abcdef`,
    protocol: 'HTTP',
    protocolVersion: 'HTTP1',
    targetType: 'instance',
    port: 30080,
    service: { namespace: 'istio-system', name: 'istio-ingressgateway', port: 80, nodePort: 30080 },
    healthCheck: {
      protocol: 'HTTP',
      port: 'traffic-port',
      path: '/healthz',
      intervalSeconds: 15,
      timeoutSeconds: 5,
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 2,
      matcher: { httpCode: '200' },
    },
    attributes: {},
    loadBalancingAlgorithm: 'round_robin',
    ...over,
  };
}

export function forward(...groups: TargetGroup[]): AlbAction {
  return { type: 'forward', targetGroups: groups.map((g) => ({ targetGroupArn: g.arn, weight: 1 })) };
}

export function pathRule(priority: number, paths: string[], action: AlbAction): AlbRule {
  return {
    priority,
    arn: `rule/${priority}`,
    conditions: [{ field: 'path-pattern', values: paths }],
    actions: [action],
    source: { namespace: 'istio-system', name: 'test-alb', rule: 0, path: priority },
  };
}

export function listener(
  port: number,
  protocol: 'HTTP' | 'HTTPS',
  rules: AlbRule[],
  def: AlbAction,
): AlbListener {
  return { port, protocol, arn: `listener/${port}`, certificateArns: [], defaultActions: [def], rules };
}

export function loadBalancer(listeners: AlbListener[], groups: TargetGroup[]): LoadBalancer {
  return {
    name: 'k8s-istiosys-testalb-1a2b3c4d5e',
    arn: 'arn:aws:elasticloadbalancing:eu-west-3:111111111111:loadbalancer/app/k8s-istiosys-testalb-1a2b3c4d5e/0123456789abcdef',
    dnsName: 'k8s-istiosys-testalb-1a2b3c4d5e-123456789.eu-west-3.elb.amazonaws.com',
    scheme: 'internet-facing',
    ipAddressType: 'ipv4',
    group: 'istio-system/test-alb',
    ingresses: [{ namespace: 'istio-system', name: 'test-alb' }],
    listeners,
    targetGroups: groups,
    attributes: {},
    certificateHosts: [HOST],
    externalDnsHostnames: [HOST],
    tags: {},
  };
}

export interface Upstream {
  name: string;
  host: string;
  port: number;
  target: Target;
  /** Status the health path answers (mutable). */
  health: number;
  /** Requests seen, by path. */
  seen: string[];
  /** Hold responses to this path until release() (for in-flight tests). */
  holdPath: string;
  /** Never answer this path at all (no status line). */
  hangPath: string;
  release: () => void;
  /** Stops the server now (every connection cut), as a killed pod would. */
  stop: () => Promise<void>;
}

/** A tiny target: echoes the request (headers as JSON) and answers `health` on /healthz. */
export async function upstream(t: TestContext, host: string, name: string): Promise<Upstream> {
  const held: http.ServerResponse[] = [];
  const u: Upstream = {
    name,
    host,
    port: 0,
    target: { id: name, address: host, port: 0, healthCheckPort: 0 },
    health: 200,
    seen: [],
    holdPath: '',
    hangPath: '',
    release: () => {
      for (const res of held.splice(0)) res.end('released');
    },
    stop: () => Promise.resolve(),
  };
  // Targets accept what the ALB lets through (64 KiB of headers), beyond node's 16 KiB default.
  const server = http.createServer({ maxHeaderSize: 128 * 1024 }, (req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(u.health, { 'content-type': 'text/plain' });
      res.end();
      return;
    }
    u.seen.push(req.url ?? '');
    if (req.url === u.hangPath) return;
    if (req.url === u.holdPath) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('held ');
      held.push(res);
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', server: 'upstream' });
      res.end(JSON.stringify({ name, method: req.method, url: req.url, headers: req.rawHeaders, body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  u.stop = () => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  };
  t.after(() => {
    u.release();
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  u.port = (server.address() as net.AddressInfo).port;
  u.target = { id: name, address: host, port: u.port, healthCheckPort: u.port, node: name };
  return u;
}

/** A port on `host` where nothing listens. */
export async function closedPort(host: string): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, host, r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  alpn?: string;
}

export function h1(
  url: { host: string; port: number; path: string; hostHeader: string; method?: string; body?: string },
  tls?: { ca: string; servername: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const opts = {
      host: url.host,
      port: url.port,
      path: url.path,
      method: url.method ?? 'GET',
      agent: false as const,
      headers: { host: url.hostHeader, connection: 'close' },
    };
    const onRes = (res: http.IncomingMessage): void => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const alpn = (res.socket as { alpnProtocol?: string | false } | null)?.alpnProtocol;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          ...(typeof alpn === 'string' ? { alpn } : {}),
        });
      });
    };
    let req: http.ClientRequest;
    if (tls === undefined) req = http.request(opts, onRes);
    else {
      const tlsOpts: https.RequestOptions = { ...opts, ca: tls.ca, servername: tls.servername };
      Object.assign(tlsOpts, { ALPNProtocols: ['http/1.1'] });
      req = https.request(tlsOpts, onRes);
    }
    req.on('error', reject);
    if (url.body === undefined) req.end();
    else req.end(url.body);
  });
}

/** An HTTP/2 session verified against `ca`; requests made through h2get. */
export function h2connect(t: TestContext, host: string, port: number, ca: string): http2.ClientHttp2Session {
  const session = http2.connect(`https://${host}:${port}`, { ca, servername: HOST });
  session.on('error', () => undefined);
  t.after(() => session.close());
  return session;
}

export function h2get(
  session: http2.ClientHttp2Session,
  path: string,
  method = 'GET',
  body?: string,
): Promise<Reply & { headers: http2.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':method': method, ':path': path, ':authority': HOST });
    let headers: http2.IncomingHttpHeaders = {};
    let data = '';
    req.setEncoding('utf8');
    req.on('response', (h) => (headers = h));
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve({ status: Number(headers[':status']), headers, body: data }));
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls `cond` until it holds (generous overall deadline, no fixed sleeps in assertions). */
export async function waitFor(what: string, cond: () => boolean, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function headerOf(rawHeaders: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1];
  return undefined;
}
