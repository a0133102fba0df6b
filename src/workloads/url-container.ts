// A container whose image is mapped to a URL: a TCP forwarder from podIP:containerPort (the
// first TCP containerPort, or the URL's port when none is declared) to the URL's host:port.
// Bytes pass through untouched, so HTTP, TLS and keep-alive behave end to end.
import { connect, createServer, type Socket } from 'node:net';
import { listenModel, serverInstance } from './listen.ts';
import type { ContainerInstance, RunContext } from './container.ts';
import { primaryPort } from './command-container.ts';

export async function startUrlForwarder(
  ctx: RunContext,
  target: { host: string; port: number },
  url: string,
): Promise<ContainerInstance> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const real = ctx.dial.resolve(target.host, target.port);
    const upstream = connect({ port: real.port, host: real.host, allowHalfOpen: true });
    sockets.add(client);
    sockets.add(upstream);
    const done = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = primaryPort(ctx) ?? target.port;
  const binding = await listenModel(server, ctx.podIP, port, ctx);
  ctx.log(`gangway: forwarding ${ctx.podIP}:${port} to ${url}`);

  return serverInstance(server, binding, () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  });
}
