// istio/tcp-echo-server: args `<port[,port...]> <prefix>` (default `9000 hello`); every line
// a client sends (ending in \n) is answered at once with `<prefix> <line>`; a last fragment
// without \n gets nothing; connections stay open until the client closes them.
import { createServer, type Server, type Socket } from 'node:net';
import type { ContainerInstance, ExitStatus, RunContext } from '../container.ts';
import { listenModel, type Binding } from '../listen.ts';
import { exitedWith } from './app-server.ts';

function handle(sock: Socket, prefix: string, log: (line: string) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  sock.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let nl = pending.indexOf(10);
    while (nl >= 0) {
      const line = pending.subarray(0, nl + 1).toString('utf8');
      pending = pending.subarray(nl + 1);
      const response = `${prefix} ${line}`;
      sock.write(response);
      log(`request: ${line.slice(0, -1)}`);
      log(`response: ${response.slice(0, -1)}`);
      nl = pending.indexOf(10);
    }
  });
  sock.on('end', () => sock.end());
  sock.on('error', () => sock.destroy());
}

export async function startTcpEcho(ctx: RunContext): Promise<ContainerInstance> {
  const args = ctx.argv.length === 0 ? ['9000', 'hello'] : ctx.argv;
  if (args.length !== 2)
    return exitedWith(ctx, 1, ['Usage: tcp-echo-server <ports> <prefix>', 'e.g. tcp-echo-server 9000 hello']);
  const [portList = '', prefix = ''] = args;
  const ports = portList.split(',').map((p) => Number(p.trim()));
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535))
    return exitedWith(ctx, 1, [`invalid port list: ${portList}`]);
  const servers: { server: Server; binding: Binding }[] = [];
  const sockets = new Set<Socket>();
  try {
    for (const port of ports) {
      const server = createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        handle(s, prefix, ctx.log);
      });
      servers.push({ server, binding: await listenModel(server, ctx.podIP, port, ctx) });
      ctx.log(`listening on [::]:${port}, prefix: ${prefix}`);
    }
  } catch (err) {
    for (const s of servers) {
      s.server.close();
      s.binding.release();
    }
    return exitedWith(ctx, 1, [`failed to listen: ${(err as Error).message}`]);
  }
  let resolveExit: (s: ExitStatus) => void = () => undefined;
  const exited = new Promise<ExitStatus>((r) => (resolveExit = r));
  let stopping: Promise<ExitStatus> | undefined;
  const stop = (): Promise<ExitStatus> => {
    stopping ??= (async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.server.close(() => r()))));
      for (const s of servers) s.binding.release();
      const status: ExitStatus = { exitCode: 0, reason: 'Completed' };
      resolveExit(status);
      return status;
    })();
    return stopping;
  };
  return { exited, stop };
}
