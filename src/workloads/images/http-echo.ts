// hashicorp/http-echo (0.2.3 and 1.0.0): any path but /health answers the -text (plus a
// newline) with -status-code (1.0), X-App-Name/X-App-Version headers, Go's sniffed
// Content-Type; /health answers {"status":"ok"}. Bad flags print an error and exit 127.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContainerInstance, RunContext } from '../container.ts';
import { exitedWith, remoteAddr, startAppServer } from './app-server.ts';
import { pathOf } from './httpbin-shared.ts';

export interface EchoConfig {
  text: string;
  port: number;
  listen: string;
  status: number;
}

/** Go's flag package: `-name=value`, `-name value`, `--name`; stops at the first non-flag. */
export function httpEchoConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  v1: boolean,
): EchoConfig | string {
  const args = argv[0] !== undefined && /(^|\/)http-echo$/.test(argv[0]) ? argv.slice(1) : [...argv];
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) flags.set(body.slice(0, eq), body.slice(eq + 1));
    else flags.set(body, args[++i] ?? '');
  }
  if (i < args.length) return `Too many arguments!`;
  for (const name of flags.keys())
    if (!['text', 'listen', 'status-code', 'version'].includes(name) || (!v1 && name === 'status-code'))
      return `flag provided but not defined: -${name}`;
  const text = flags.get('text') ?? (v1 ? (env['ECHO_TEXT'] ?? 'hello-world') : undefined);
  if (text === undefined || text === '') return 'Missing -text option!';
  const listen = flags.get('listen') ?? ':5678';
  const port = Number(listen.slice(listen.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `invalid listen address ${listen}`;
  const status = Number(flags.get('status-code') ?? '200');
  if (!Number.isInteger(status) || status < 100 || status > 999) return 'invalid value for -status-code';
  return { text, port, listen, status };
}

export function httpEchoHandler(
  cfg: EchoConfig,
  version: string,
  log: (line: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  const body = `${cfg.text}\n`;
  const len = Buffer.byteLength(body);
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.setHeader('X-App-Name', 'http-echo');
    res.setHeader('X-App-Version', version);
    if (pathOf(req.url ?? '/') === '/health') {
      const h = '{"status":"ok"}\n';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': h.length });
      res.end(req.method === 'HEAD' ? undefined : h);
      return;
    }
    res.writeHead(cfg.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': len });
    res.end(req.method === 'HEAD' ? undefined : body);
    const d = new Date();
    const p = (n: number): string => String(n).padStart(2, '0');
    const stamp = `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    const us = Number(process.hrtime.bigint() - started) / 1000;
    log(
      `${stamp} ${req.headers.host ?? ''} ${remoteAddr(req)} "${req.method ?? ''} ${pathOf(req.url ?? '/')} HTTP/${req.httpVersion}" ${cfg.status} ${len} "${req.headers['user-agent'] ?? ''}" ${us.toFixed(1)}µs`,
    );
  };
}

export function startHttpEcho(ctx: RunContext, version: string): Promise<ContainerInstance> {
  const cfg = httpEchoConfig(ctx.argv, ctx.env, !version.startsWith('0.'));
  if (typeof cfg === 'string') return Promise.resolve(exitedWith(ctx, 127, [`[ERR] ${cfg}`]));
  return startAppServer(ctx, cfg.port, httpEchoHandler(cfg, version, ctx.log), {
    banner: [`[INFO] server is listening on ${cfg.listen}`],
    bindError: (err) => [`[ERR] Error starting server: listen tcp ${cfg.listen}: bind: ${String(err.code)}`],
  });
}
