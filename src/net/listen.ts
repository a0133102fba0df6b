// Binding a server at one (host, port), exclusively, as a promise: the bound address, or the
// bind error (EADDRINUSE, EACCES, EADDRNOTAVAIL...) for the caller's fallback.
import type { Server } from 'node:net';
import type { Endpoint } from './dial-table.ts';

export function listenOnce(server: Server, host: string, port: number): Promise<Endpoint> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      const addr = server.address();
      if (addr === null || typeof addr === 'string') reject(new Error('listener has no TCP address'));
      else resolve({ host: addr.address, port: addr.port });
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}
