// The TLS inspector on a live connection: buffers the first bytes until the ClientHello is
// complete, then pauses the socket and hands over what it read (the caller replays it: into
// a TLS server with unshift, or upstream as is). Not TLS, too slow (Envoy's 15 s listener
// filter timeout) or closed early: the connection is destroyed and `done` is never called.
import type { Socket } from 'node:net';
import { peekClientHello } from './sni-parse.ts';

export const LISTENER_FILTER_TIMEOUT_MS = 15_000;

export interface ClientHello {
  serverName: string | undefined;
  alpn: string[];
  /** Every byte read so far, to replay. */
  head: Buffer;
}

export function inspectClientHello(socket: Socket, done: (hello: ClientHello) => void): void {
  let head: Buffer = Buffer.alloc(0);
  const finish = (): void => {
    socket.off('data', onData);
    socket.off('timeout', onTimeout);
    socket.setTimeout(0);
  };
  const onTimeout = (): void => {
    finish();
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    const r = peekClientHello(head);
    if (r.kind === 'more') return;
    finish();
    if (r.kind === 'not-tls') {
      socket.destroy();
      return;
    }
    socket.pause();
    done({ serverName: r.serverName, alpn: r.alpn, head });
  };
  socket.setTimeout(LISTENER_FILTER_TIMEOUT_MS);
  socket.on('timeout', onTimeout);
  socket.on('data', onData);
}
