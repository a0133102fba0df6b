// The raw HTTP/1.1 server of the ALB's plain-HTTP listeners: a net server whose connections
// parse requests themselves (RawConnection) instead of node:http's parser and
// IncomingMessage/ServerResponse objects. GANGWAY_RAW_LISTENER=0 switches back to node:http.
import net from 'node:net';
import { RawConnection, type ConnectionHost, type RawRequestHandler } from './raw-connection.ts';

/** Whether HTTP listeners use the raw server (GANGWAY_RAW_LISTENER, default on). */
export function rawListenerOn(): boolean {
  return process.env.GANGWAY_RAW_LISTENER !== '0';
}

export class RawHttpServer implements ConnectionHost {
  readonly server: net.Server;
  readonly onRequest: RawRequestHandler;
  #idleMs: number;
  #closing = false;
  #conns = new Set<RawConnection>();

  constructor(idleMs: number, onRequest: RawRequestHandler) {
    this.#idleMs = idleMs;
    this.onRequest = onRequest;
    this.server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      this.#conns.add(new RawConnection(socket, this));
    });
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** Open connections (tests, draining). */
  get connections(): number {
    return this.#conns.size;
  }

  forget(conn: RawConnection): void {
    this.#conns.delete(conn);
  }

  /** A new idle timeout, for open connections too. */
  setIdle(ms: number): void {
    this.#idleMs = ms;
    for (const c of this.#conns) c.socket.setTimeout(ms);
  }

  /**
   * Stops taking requests on kept-alive connections: idle ones close now, busy ones after
   * their response (with Connection: close).
   */
  closeIdleConnections(): void {
    this.#closing = true;
    for (const c of this.#conns) c.closeIfIdle();
  }
}
