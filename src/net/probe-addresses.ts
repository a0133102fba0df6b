// Whether this OS lets a process bind loopback addresses other than 127.0.0.1 (Linux: the
// whole 127.0.0.0/8; macOS: only with aliases). Decides the AddressPlan's multiAddress.
import { createServer } from 'node:net';

export function canBind(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port: 0, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
