// One probe attempt, as the kubelet's prober runs it: httpGet (Go net/http client wording in
// failures, User-Agent kube-probe/1.32, success 200-399, same-host redirects followed),
// tcpSocket, exec (in the mapped command's environment; always succeeds in an in-process
// stand-in), grpc (not supported: a failure that says so). Connections go through the
// DialTable, so a model address reaches wherever its listener really is.
import { execFile } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { connect } from 'node:net';
import type { DialTable } from '../net/dial-table.ts';
import type { ContainerPortSpec } from './container.ts';

export const PROBE_USER_AGENT = 'kube-probe/1.32';
const MAX_BODY = 10 * 1024;
const MAX_REDIRECTS = 10;

export interface ProbeSpec {
  httpGet?: {
    path?: string;
    port: number | string;
    host?: string;
    scheme?: string;
    httpHeaders?: { name: string; value: string }[];
  };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
  exec?: { command?: string[] };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export type ProbeResult = 'success' | 'failure';

export interface ProbeOutcome {
  result: ProbeResult;
  output: string;
}

/** Where and how a container is probed. */
export interface ProbeTarget {
  podIP: string;
  ports: readonly ContainerPortSpec[];
  dial: DialTable;
  /** The node's address, as the source of probe connections (the kubelet dials from the node). */
  localAddress?: string;
  /** exec probes: undefined for in-process stand-ins (they succeed), else the command's env and cwd. */
  exec?: { env: Record<string, string>; cwd: string };
}

const fail = (output: string): ProbeOutcome => ({ result: 'failure', output });

/** A named or numbered port; a string saying why not otherwise. */
export function resolvePort(port: number | string, ports: readonly ContainerPortSpec[]): number | string {
  if (typeof port === 'number') return port;
  const found = ports.find((p) => p.name === port);
  return found ? found.containerPort : `unable to find port "${port}"`;
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? '';
}

/** Go's wording for a failed dial. */
function dialError(err: unknown, host: string, port: number): string {
  const addr = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (errno(err)) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${addr}: connect: network is unreachable`;
    case 'EADDRNOTAVAIL':
      return `dial tcp ${addr}: connect: cannot assign requested address`;
    default:
      return `dial tcp ${addr}: ${(err as Error).message}`;
  }
}

class ProbeTimeout extends Error {}

function tcpProbe(host: string, port: number, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const real = target.dial.resolve(host, port);
  return new Promise((resolve) => {
    const sock = connect({
      host: real.host,
      port: real.port,
      ...(target.localAddress ? { localAddress: target.localAddress } : {}),
    });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(fail(`dial tcp ${host}:${port}: i/o timeout`));
    }, timeoutMs);
    timer.unref();
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ result: 'success', output: '' });
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      resolve(fail(dialError(err, host, port)));
    });
  });
}

interface HttpAttempt {
  status: number;
  location: string | undefined;
  body: string;
}

function httpOnce(
  url: URL,
  headers: Record<string, string>,
  target: ProbeTarget,
  deadline: number,
): Promise<HttpAttempt> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const real = target.dial.resolve(host, port);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let gotHeaders = false;
    const opts: RequestOptions = {
      host: real.host,
      port: real.port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: false,
      rejectUnauthorized: false,
    };
    if (!host.includes(':') && !/^[\d.]+$/.test(host)) opts.servername = host;
    if (target.localAddress) opts.localAddress = target.localAddress;
    const req = request(opts);
    const timer = setTimeout(
      () => {
        req.destroy(new ProbeTimeout(gotHeaders ? 'reading body' : 'awaiting headers'));
      },
      Math.max(0, deadline - Date.now()),
    );
    timer.unref();
    req.on('response', (res: IncomingMessage) => {
      gotHeaders = true;
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => {
        if (body.length < MAX_BODY) body += d.slice(0, MAX_BODY - body.length);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

/** The URL as Go prints the kubelet's: the port always written. */
function goURL(u: URL): string {
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return `${u.protocol}//${u.hostname}:${port}${u.pathname}${u.search}`;
}

function httpError(err: unknown, url: URL): string {
  const where = `Get "${goURL(url)}"`;
  if (err instanceof ProbeTimeout) {
    return err.message === 'awaiting headers'
      ? `${where}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`
      : `${where}: context deadline exceeded (Client.Timeout or context cancellation while reading body)`;
  }
  const code = errno(err);
  if (code === 'ECONNRESET') {
    return (err as Error).message === 'socket hang up'
      ? `${where}: EOF`
      : `${where}: read: connection reset by peer`;
  }
  if (code.startsWith('HPE_'))
    return `${where}: net/http: HTTP/1.x transport connection broken: malformed HTTP response`;
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code === 'EPROTO') {
    return `${where}: ${(err as Error).message}`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return `${where}: ${dialError(err, host, Number(url.port || (url.protocol === 'https:' ? 443 : 80)))}`;
}

async function httpProbe(spec: NonNullable<ProbeSpec['httpGet']>, target: ProbeTarget, timeoutMs: number) {
  const port = resolvePort(spec.port, target.ports);
  if (typeof port === 'string') return fail(port);
  const scheme = (spec.scheme ?? 'HTTP').toLowerCase();
  const host = spec.host || target.podIP;
  let path = spec.path ?? '/';
  if (!path.startsWith('/')) path = `/${path}`;
  let url = new URL(`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
  const headers: Record<string, string> = {};
  for (const h of spec.httpHeaders ?? []) headers[h.name] = h.value;
  const lower = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  if (!lower.has('host')) headers['Host'] = `${url.hostname}:${port}`;
  if (!lower.has('user-agent')) headers['User-Agent'] = PROBE_USER_AGENT;
  if (!lower.has('accept')) headers['Accept'] = '*/*';
  headers['Connection'] = 'close';
  const deadline = Date.now() + timeoutMs;
  const firstHost = url.hostname;
  for (let hop = 0; ; hop++) {
    let res: HttpAttempt;
    try {
      res = await httpOnce(url, headers, target, deadline);
    } catch (err) {
      return fail(httpError(err, url));
    }
    if (res.status >= 300 && res.status < 400 && res.location && hop < MAX_REDIRECTS) {
      const next = new URL(res.location, url);
      if (next.hostname === firstHost && (next.protocol === 'http:' || next.protocol === 'https:')) {
        url = next;
        if (!lower.has('host')) headers['Host'] = next.host;
        continue;
      }
      // another host: the kubelet stops and counts the redirect as success
      return { result: 'success', output: `Probe terminated redirects, Response body: ${res.body}` } as const;
    }
    if (res.status >= 200 && res.status < 400) return { result: 'success', output: res.body } as const;
    return fail(`HTTP probe failed with statuscode: ${res.status}`);
  }
}

function execProbe(
  command: readonly string[],
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  if (!target.exec) return Promise.resolve({ result: 'success', output: '' });
  const [file, ...args] = command;
  if (file === undefined) return Promise.resolve(fail('exec probe has no command'));
  const quoted = command.map((c) => JSON.stringify(c)).join(' ');
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        env: target.exec?.env,
        cwd: target.exec?.cwd,
        timeout: timeoutMs,
        maxBuffer: MAX_BODY,
        killSignal: 'SIGKILL',
      },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (!err) {
          resolve({ result: 'success', output });
          return;
        }
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (e.killed) resolve(fail(`command ${quoted} timed out`));
        else if (e.code === 'ENOENT') resolve(fail(`exec: "${file}": executable file not found in $PATH`));
        else if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') resolve({ result: 'success', output });
        else resolve(fail(output === '' ? `command ${quoted} exited with ${String(e.code)}` : output));
      },
    );
  });
}

/** Runs one probe attempt with its timeoutSeconds (default 1). */
export async function runProbe(spec: ProbeSpec, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = Math.max(1, spec.timeoutSeconds ?? 1) * 1000;
  if (spec.httpGet) return httpProbe(spec.httpGet, target, timeoutMs);
  if (spec.tcpSocket) {
    const port = resolvePort(spec.tcpSocket.port, target.ports);
    if (typeof port === 'string') return fail(port);
    return tcpProbe(spec.tcpSocket.host || target.podIP, port, target, timeoutMs);
  }
  if (spec.exec) return execProbe(spec.exec.command ?? [], target, timeoutMs);
  if (spec.grpc) {
    return fail(
      `gangway does not run gRPC health checks (port ${spec.grpc.port}); use an httpGet, tcpSocket or exec probe`,
    );
  }
  return fail('probe has no handler (httpGet, tcpSocket, exec or grpc)');
}
