// The official nginx image (any tag): its default server (welcome page on port 80), or the
// servers of an nginx.conf / conf.d/*.conf the pod mounts, including `listen 443 ssl` with
// the mounted certificate and key (SNI picks the server_name, ALPN offers http/1.1, plain
// HTTP on that port gets nginx's 400 "The plain HTTP request was sent to HTTPS port").
import { readdirSync, readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { ContainerInstance, ExitStatus, RunContext } from '../container.ts';
import { listenModel, type Binding } from '../listen.ts';
import { resolveMountPath } from '../volumes.ts';
import { exitedWith } from './app-server.ts';
import { accessLogLine, hasBadEscape, nginxTimes, PAGE_400, SERVER, timeLocal } from './nginx-common.ts';
import {
  DEFAULT_SERVER,
  formatLog,
  parseNginxConf,
  type NginxConf,
  type NginxServerConf,
} from './nginx-conf.ts';
import { sent } from './nginx-server.ts';
import { serveStatic } from './nginx-static.ts';

const PLAIN_TO_HTTPS =
  `<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n` +
  `<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n` +
  `<hr><center>${SERVER}</center>\r\n</body>\r\n</html>\r\n`;

/** The configuration the container runs: a mounted nginx.conf, else conf.d/*.conf, else the image's. */
export function loadNginxConf(ctx: RunContext): NginxConf {
  const main = resolveMountPath(ctx.mounts, '/etc/nginx/nginx.conf');
  if (main !== undefined) {
    try {
      return parseNginxConf(readFileSync(main, 'utf8'));
    } catch {
      // unreadable: fall through to conf.d and the defaults
    }
  }
  const confD = resolveMountPath(ctx.mounts, '/etc/nginx/conf.d');
  const conf: NginxConf = { servers: [], defaultType: 'application/octet-stream', accessLog: true };
  if (confD !== undefined) {
    try {
      for (const f of readdirSync(confD)
        .filter((n) => n.endsWith('.conf'))
        .sort())
        conf.servers.push(...parseNginxConf(readFileSync(`${confD}/${f}`, 'utf8')).servers);
    } catch {
      // no such directory
    }
  }
  if (conf.servers.length === 0) conf.servers.push(DEFAULT_SERVER);
  return conf;
}

function remote(socket: Socket): string {
  const parent = (socket as { _parentWrap?: { remoteAddress?: string } })._parentWrap;
  const a = socket.remoteAddress ?? parent?.remoteAddress ?? '-';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function pickServer(servers: NginxServerConf[], port: number, host: string | undefined): NginxServerConf {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const byName = servers.find((s) => s.names.some((n) => n.toLowerCase() === name));
  const fallback = servers.find((s) => s.listens.some((l) => l.port === port && l.defaultServer));
  return byName ?? fallback ?? servers[0] ?? DEFAULT_SERVER;
}

function listener(
  ctx: RunContext,
  conf: NginxConf,
  port: number,
  servers: NginxServerConf[],
  plainOnTls: boolean,
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const t = nginxTimes();
    const url = req.url ?? '/';
    sent.bytes = 0;
    let status: number;
    if (plainOnTls || (req.httpVersionMinor >= 1 && req.headers.host === undefined) || hasBadEscape(url)) {
      const page = plainOnTls ? PLAIN_TO_HTTPS : PAGE_400;
      res.writeHead(400, 'Bad Request', [
        'Server',
        SERVER,
        'Date',
        t.http,
        'Content-Type',
        'text/html',
        'Content-Length',
        String(page.length),
        'Connection',
        'close',
      ]);
      res.end(page);
      sent.bytes = page.length;
      status = 400;
    } else {
      status = serveStatic(req, res, t, conf, pickServer(servers, port, req.headers.host), ctx.mounts);
    }
    if (!conf.accessLog) return;
    const request = `${req.method ?? '-'} ${url} HTTP/${req.httpVersion}`;
    const h = (n: string): string | undefined => {
      const v = req.headers[n];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const line =
      conf.logFormat === undefined
        ? accessLogLine(
            remote(req.socket),
            t.local,
            request,
            status,
            sent.bytes,
            h('referer'),
            h('user-agent'),
            h('x-forwarded-for'),
          )
        : formatLog(conf.logFormat, {
            remote_addr: remote(req.socket),
            remote_user: '-',
            time_local: t.local,
            request,
            status: String(status),
            body_bytes_sent: String(sent.bytes),
            http_referer: h('referer') ?? '-',
            http_user_agent: h('user-agent') ?? '-',
            http_x_forwarded_for: h('x-forwarded-for') ?? '-',
          });
    ctx.log(line);
  };
}

function emerg(ctx: RunContext, message: string): ContainerInstance {
  const now = new Date();
  const stamp = `${now.toISOString().slice(0, 10).replaceAll('-', '/')} ${timeLocal(now).slice(12, 20)}`;
  return exitedWith(ctx, 1, [`${stamp} [emerg] 1#1: ${message}`, `nginx: [emerg] ${message}`]);
}

interface Contexts {
  byName: Map<string, SecureContext>;
  fallback: SecureContext;
  /** The first ssl server's pair, the server's own context. */
  cert: Buffer;
  key: Buffer;
}

function tlsContexts(ctx: RunContext, servers: NginxServerConf[]): Contexts | string {
  const byName = new Map<string, SecureContext>();
  let fallback: { sc: SecureContext; cert: Buffer; key: Buffer } | undefined;
  for (const s of servers) {
    if (!s.cert || !s.key) return `no "ssl_certificate" is defined for the "listen ... ssl" directive`;
    const read = (p: string, what: string): Buffer | string => {
      const host = resolveMountPath(ctx.mounts, p);
      try {
        if (host === undefined) throw new Error('absent');
        return readFileSync(host);
      } catch {
        return `cannot load ${what} "${p}": BIO_new_file() failed (SSL: error:80000002:system library::No such file or directory:calling fopen(${p}, r) error:10000080:BIO routines::no such file)`;
      }
    };
    const cert = read(s.cert, 'certificate');
    if (typeof cert === 'string') return cert;
    const key = read(s.key, 'certificate key');
    if (typeof key === 'string') return key;
    let sc: SecureContext;
    try {
      sc = createSecureContext({ cert, key });
    } catch (err) {
      return `SSL_CTX_use_PrivateKey("${s.key}") failed (${(err as Error).message})`;
    }
    fallback ??= { sc, cert, key };
    for (const n of s.names) byName.set(n.toLowerCase(), sc);
  }
  return fallback
    ? { byName, fallback: fallback.sc, cert: fallback.cert, key: fallback.key }
    : 'no ssl servers';
}

/**
 * The socket as a plain stream: a TLSSocket over a net.Socket reads its handle directly and
 * would miss the bytes read to tell TLS from plain HTTP; over a stream it reads them too.
 */
function streamOf(sock: Socket): Duplex {
  const wrapper = new Duplex({
    read: () => sock.resume(),
    write: (chunk: Buffer, _enc, cb) => sock.write(chunk, cb),
    final: (cb) => {
      sock.end();
      cb();
    },
    destroy: (err, cb) => {
      sock.destroy();
      cb(err);
    },
  });
  Object.assign(wrapper, { remoteAddress: sock.remoteAddress, remotePort: sock.remotePort });
  sock.on('data', (d: Buffer) => {
    if (!wrapper.push(d)) sock.pause();
  });
  sock.on('end', () => wrapper.push(null));
  sock.on('close', () => wrapper.destroy());
  return wrapper;
}

interface PortServer {
  net: Server | ReturnType<typeof createNetServer>;
  closeAll: () => void;
}

function portServer(
  ctx: RunContext,
  conf: NginxConf,
  port: number,
  servers: NginxServerConf[],
  tls: Contexts | undefined,
): PortServer {
  const plain = createServer(
    { requireHostHeader: false },
    listener(ctx, conf, port, servers, tls !== undefined),
  );
  plain.keepAliveTimeout = 65_000;
  if (!tls) return { net: plain, closeAll: () => plain.closeAllConnections() };
  const secure = createHttpsServer(
    {
      cert: tls.cert,
      key: tls.key,
      SNICallback: (name, cb) => cb(null, tls.byName.get(name.toLowerCase()) ?? tls.fallback),
      ALPNProtocols: ['http/1.1'],
    },
    listener(ctx, conf, port, servers, false),
  );
  secure.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  const front = createNetServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    sock.once('data', (first: Buffer) => {
      sock.pause();
      sock.unshift(first);
      if (first[0] === 0x16) secure.emit('connection', streamOf(sock));
      else plain.emit('connection', sock);
      sock.resume();
    });
  });
  return {
    net: front,
    closeAll: () => {
      for (const s of sockets) s.destroy();
    },
  };
}

export async function startNginxOfficial(ctx: RunContext): Promise<ContainerInstance> {
  const conf = loadNginxConf(ctx);
  const ports = new Map<number, { servers: NginxServerConf[]; ssl: boolean }>();
  for (const s of conf.servers) {
    for (const l of s.listens) {
      const entry = ports.get(l.port) ?? { servers: [], ssl: false };
      if (!entry.servers.includes(s)) entry.servers.push(s);
      entry.ssl ||= l.ssl;
      ports.set(l.port, entry);
    }
  }
  const built: { ps: PortServer; port: number }[] = [];
  for (const [port, entry] of ports) {
    let tls: Contexts | undefined;
    if (entry.ssl) {
      const c = tlsContexts(ctx, entry.servers);
      if (typeof c === 'string') return emerg(ctx, c);
      tls = c;
    }
    built.push({ ps: portServer(ctx, conf, port, entry.servers, tls), port });
  }
  const bound: { ps: PortServer; binding: Binding }[] = [];
  for (const { ps, port } of built) {
    try {
      bound.push({ ps, binding: await listenModel(ps.net, ctx.podIP, port, ctx) });
    } catch (err) {
      for (const b of bound) {
        b.ps.net.close();
        b.binding.release();
      }
      const code = (err as NodeJS.ErrnoException).code ?? 'EINVAL';
      return emerg(
        ctx,
        `bind() to 0.0.0.0:${port} failed (${code === 'EADDRINUSE' ? '98: Address in use' : code})`,
      );
    }
  }
  let resolveExit: (s: ExitStatus) => void = () => undefined;
  const exited = new Promise<ExitStatus>((r) => (resolveExit = r));
  let stopping: Promise<ExitStatus> | undefined;
  const stop = (): Promise<ExitStatus> => {
    stopping ??= (async () => {
      const closed = bound.map((b) => new Promise<void>((r) => b.ps.net.close(() => r())));
      for (const b of bound) b.ps.closeAll();
      await Promise.all(closed);
      for (const b of bound) b.binding.release();
      const s: ExitStatus = { exitCode: 0, reason: 'Completed' };
      resolveExit(s);
      return s;
    })();
    return stopping;
  };
  return { exited, stop };
}
