// The HTTP server the non-nginx stand-ins (go-httpbin, httpbin, helloworld, http-echo) run:
// bound at podIP:port through the address plan, keep-alive, every open connection dropped
// on stop. A bind failure ends the container at once with exit code 1 after `bindError`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ContainerInstance, ExitStatus, RunContext } from '../container.ts';
import { listenModel, serverInstance, type Binding } from '../listen.ts';

export type AppHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface AppServerOptions {
  /** The line(s) the program prints when it cannot listen. */
  bindError?: (err: NodeJS.ErrnoException) => string[];
  /** Lines printed once listening (startup banners). */
  banner?: string[];
  /** Go's default: no Keep-Alive header hint; Node's 5 s idle timeout otherwise. */
  keepAliveMs?: number;
}

export async function startAppServer(
  ctx: RunContext,
  port: number,
  handle: AppHandler,
  opts: AppServerOptions = {},
): Promise<ContainerInstance> {
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    const r = handle(req, res);
    if (r instanceof Promise) {
      r.catch((err: unknown) => {
        ctx.log(`panic: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    }
  });
  if (opts.keepAliveMs !== undefined) server.keepAliveTimeout = opts.keepAliveMs;
  let binding: Binding;
  try {
    binding = await listenModel(server, ctx.podIP, port, ctx);
  } catch (err) {
    for (const line of opts.bindError?.(err as NodeJS.ErrnoException) ?? [String(err)]) ctx.log(line);
    const exit: ExitStatus = { exitCode: 1, reason: 'Error' };
    return { exited: Promise.resolve(exit), stop: () => Promise.resolve(exit) };
  }
  for (const line of opts.banner ?? []) ctx.log(line);
  return serverInstance(server, binding, () => server.closeAllConnections());
}

/** A container that printed `lines` and exited with `code` (bad arguments). */
export function exitedWith(ctx: RunContext, code: number, lines: readonly string[]): ContainerInstance {
  for (const l of lines) ctx.log(l);
  const exit: ExitStatus = { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' };
  return { exited: Promise.resolve(exit), stop: () => Promise.resolve(exit) };
}

/** The request body, at most `limit` bytes (undefined when it is larger). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The peer address as Go prints RemoteAddr: `ip:port`, `[v6]:port`. */
export function remoteAddr(req: IncomingMessage): string {
  let ip = req.socket.remoteAddress ?? '';
  if (ip.startsWith('::ffff:')) ip = ip.slice(7);
  const port = req.socket.remotePort ?? 0;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function remoteIP(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** gunicorn's startup lines, stamped now. */
export function gunicornBanner(bind: string, version = '22.0.0'): string[] {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  const ts =
    `[${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
  return [
    `${ts} [1] [INFO] Starting gunicorn ${version}`,
    `${ts} [1] [INFO] Listening at: ${bind} (1)`,
    `${ts} [1] [INFO] Using worker: gevent`,
    `${ts} [1] [INFO] Booting worker with pid: 7`,
  ];
}
