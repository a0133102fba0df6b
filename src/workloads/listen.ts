// Binding a container's listener at its model address (podIP:containerPort). When the OS
// refuses that address (no such loopback alias, a port below 1024 without privilege, or two
// pods sharing 127.0.0.1 when the plan has a single address), the listener takes an
// ephemeral port and the DialTable maps the model address to it.
import { createServer, type Server } from 'node:net';
import type { Endpoint } from '../net/dial-table.ts';
import type { DialTable } from '../net/dial-table.ts';
import type { AddressPlan } from '../net/addresses.ts';
import type { ContainerInstance, ExitStatus } from './container.ts';
import { listenOnce } from '../net/listen.ts';

export interface Binding {
  /** Where the socket really listens. */
  real: Endpoint;
  /** Removes the DialTable mapping (if one was made). Call after closing the server. */
  release(): void;
}

export interface ListenEnv {
  plan: AddressPlan;
  dial: DialTable;
}

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

/** Where to go instead when (host, port) cannot be bound; undefined: the error is real. */
function fallbackHost(err: unknown, host: string, env: ListenEnv): string | undefined {
  switch (errCode(err)) {
    case 'EACCES':
      return host; // same address, unprivileged port
    case 'EADDRNOTAVAIL':
      return '127.0.0.1';
    case 'EADDRINUSE':
      return env.plan.multiAddress ? undefined : '127.0.0.1';
    default:
      return undefined;
  }
}

/**
 * Binds `server` at (host, port) or, failing that for a reason the address plan allows, at an
 * ephemeral port registered in the DialTable. Other errors (a real EADDRINUSE) reject.
 */
export async function listenModel(
  server: Server,
  host: string,
  port: number,
  env: ListenEnv,
): Promise<Binding> {
  try {
    const real = await listenOnce(server, host, port);
    return { real, release: () => undefined };
  } catch (err) {
    const alt = fallbackHost(err, host, env);
    if (alt === undefined) throw err;
    const real = await listenOnce(server, alt, 0);
    env.dial.set(host, port, real);
    return { real, release: () => env.dial.delete(host, port) };
  }
}

/**
 * For a process that binds its own socket: finds the (host, port) it should be told to bind,
 * and registers the mapping when that is not the model address. The port is probed by binding
 * and closing it at once.
 */
export async function reservePort(host: string, port: number, env: ListenEnv): Promise<Binding> {
  const probe = createServer();
  const binding = await listenModel(probe, host, port, env);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return binding;
}

/**
 * The container a server bound with listenModel is: it runs until stop() (idempotent) closes
 * the server, drops its open connections and releases the binding; it then exits Completed.
 */
export function serverInstance(
  server: Server,
  binding: Binding,
  dropConnections: () => void,
): ContainerInstance {
  let resolveExit: (s: ExitStatus) => void = () => undefined;
  const exited = new Promise<ExitStatus>((resolve) => (resolveExit = resolve));
  let stopping: Promise<ExitStatus> | undefined;
  const stop = (): Promise<ExitStatus> => {
    stopping ??= new Promise<ExitStatus>((resolve) => {
      server.close(() => {
        binding.release();
        const s: ExitStatus = { exitCode: 0, reason: 'Completed' };
        resolveExit(s);
        resolve(s);
      });
      dropConnections();
    });
    return stopping;
  };
  return { exited, stop };
}
