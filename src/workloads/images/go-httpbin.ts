// mccutchen/go-httpbin v2.15.0 (the httpbin Istio's samples run): routes, Go's JSON with
// array-valued args/headers, CORS on every answer, Go ServeMux 404/405 texts, JSON errors,
// and one slog text line per request on stderr. Flags and env: -port/PORT, -prefix/PREFIX,
// -max-body-size/MAX_BODY_SIZE, -max-duration/MAX_DURATION.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContainerInstance, RunContext } from '../container.ts';
import { exitedWith, startAppServer } from './app-server.ts';
import { goHttpbinRoutes, type GoConfig } from './go-httpbin-routes.ts';
import { parseDelay } from './httpbin-shared.ts';

function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    for (const dash of ['-', '--']) {
      if (a === `${dash}${name}`) return argv[i + 1];
      if (a.startsWith(`${dash}${name}=`)) return a.slice(dash.length + name.length + 1);
    }
  }
  return undefined;
}

/** The configuration from flags (which win) and env; a string is the usage error. */
export function goHttpbinConfig(ctx: RunContext): GoConfig | string {
  const argv = ctx.argv[0]?.endsWith('go-httpbin') ? ctx.argv.slice(1) : ctx.argv;
  const get = (flag: string, env: string): string | undefined => flagValue(argv, flag) ?? ctx.env[env];
  const port = Number(get('port', 'PORT') ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `invalid value for -port`;
  const maxBody = Number(get('max-body-size', 'MAX_BODY_SIZE') ?? String(1024 * 1024));
  if (!Number.isInteger(maxBody) || maxBody < 0) return 'invalid value for -max-body-size';
  const maxDuration = parseDelay(get('max-duration', 'MAX_DURATION') ?? '10s');
  if (maxDuration === undefined) return 'invalid value for -max-duration';
  const prefix = get('prefix', 'PREFIX') ?? '';
  if (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/')))
    return 'Prefix must start with a slash and must not end with a slash';
  return { port, maxBody, maxDurationMs: maxDuration, prefix, hostname: 'go-httpbin' };
}

function slogValue(v: string): string {
  return v === '' || /[\s"=\\]/.test(v) || !/^[\x21-\x7e]*$/.test(v) ? JSON.stringify(v) : v;
}

function logLine(
  req: IncomingMessage,
  res: ServerResponse,
  size: number,
  startedNs: bigint,
  client: string,
): string {
  const ms = Number(process.hrtime.bigint() - startedNs) / 1e6;
  const status = res.statusCode;
  const level = status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO';
  const uri = req.url ?? '/';
  return (
    `time=${new Date().toISOString()} level=${level} msg=${slogValue(`${status} ${req.method ?? ''} ${uri} ${ms.toFixed(1)}ms`)}` +
    ` status=${status} method=${req.method ?? ''} uri=${slogValue(uri)} size_bytes=${size}` +
    ` duration_ms=${ms.toFixed(2)} user_agent=${slogValue(req.headers['user-agent'] ?? '')} client_ip=${slogValue(client)}`
  );
}

export async function startGoHttpbin(ctx: RunContext): Promise<ContainerInstance> {
  const cfg = goHttpbinConfig(ctx);
  if (typeof cfg === 'string') return exitedWith(ctx, 2, [cfg, 'Usage of go-httpbin:']);
  const route = goHttpbinRoutes(cfg, (req, res, size, started, client) =>
    ctx.log(logLine(req, res, size, started, client)),
  );
  const ts = (): string => new Date().toISOString();
  return startAppServer(ctx, cfg.port, route, {
    banner: [`time=${ts()} level=INFO msg="go-httpbin listening on http://0.0.0.0:${cfg.port}"`],
    bindError: (err) => [
      `time=${ts()} level=ERROR msg="error: listen tcp 0.0.0.0:${cfg.port}: bind: ${err.code === 'EADDRINUSE' ? 'address already in use' : String(err.code)}"`,
    ],
  });
}
