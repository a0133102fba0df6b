// nginxdemos/hello:plain-text (and nginx-hello:plain-text): `return 200` with five lines of
// text for any path and any method; Content-Length, `expires -1` headers, HEAD without body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestId, SERVER, type NginxTimes } from './nginx-common.ts';
import { sent, type NginxHandler } from './nginx-server.ts';

/** The handler for one container: server address `podIP:port`, server name the pod name. */
export function helloPlainTextHandler(serverAddress: string, serverName: string): NginxHandler {
  const head = `Server address: ${serverAddress}\nServer name: ${serverName}\nDate: `;
  return (req: IncomingMessage, res: ServerResponse, t: NginxTimes): number => {
    const body = `${head}${t.local}\nURI: ${req.url ?? '/'}\nRequest ID: ${requestId()}\n`;
    res.writeHead(200, [
      'Server',
      SERVER,
      'Date',
      t.http,
      'Content-Type',
      'text/plain',
      'Content-Length',
      String(Buffer.byteLength(body, 'latin1')),
      'Connection',
      res.shouldKeepAlive ? 'keep-alive' : 'close',
      'Expires',
      t.expires,
      'Cache-Control',
      'no-cache',
    ]);
    if (req.method === 'HEAD') {
      res.end();
      return 200;
    }
    res.end(body, 'latin1');
    sent.bytes = body.length;
    return 200;
  };
}
