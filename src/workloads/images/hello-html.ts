// nginxdemos/hello (and nginxdemos/nginx-hello): the HTML page for every URI, served
// chunked with no Content-Length (sub_filter strips it), `expires -1` headers, and nginx's
// 405 page for any method other than GET and HEAD.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { helloPage } from './hello-page.ts';
import { PAGE_405, requestId, SERVER, type NginxTimes } from './nginx-common.ts';
import { errorResponse, sent, type NginxHandler } from './nginx-server.ts';

/** The handler for one container: server address `podIP:port`, server name the pod name. */
export function helloHtmlHandler(serverAddress: string, serverName: string): NginxHandler {
  const page = helloPage(serverAddress, serverName);
  return (req: IncomingMessage, res: ServerResponse, t: NginxTimes): number => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return errorResponse(res, t, 405, 'Not Allowed', PAGE_405);
    if (method === 'HEAD') {
      res.writeHead(200, [
        'Server',
        SERVER,
        'Date',
        t.http,
        'Content-Type',
        'text/html',
        'Connection',
        res.shouldKeepAlive ? 'keep-alive' : 'close',
        'Expires',
        t.expires,
        'Cache-Control',
        'no-cache',
      ]);
      res.end();
      return 200;
    }
    const body = page.head + t.local + page.middle + (req.url ?? '/') + page.tail + requestId() + page.end;
    if (req.httpVersionMinor >= 1) {
      res.writeHead(200, [
        'Server',
        SERVER,
        'Date',
        t.http,
        'Content-Type',
        'text/html',
        'Transfer-Encoding',
        'chunked',
        'Connection',
        res.shouldKeepAlive ? 'keep-alive' : 'close',
        'Expires',
        t.expires,
        'Cache-Control',
        'no-cache',
      ]);
    } else {
      // HTTP/1.0 has no chunking: the length is unknown, so the connection ends the body.
      res.writeHead(200, [
        'Server',
        SERVER,
        'Date',
        t.http,
        'Content-Type',
        'text/html',
        'Connection',
        'close',
        'Expires',
        t.expires,
        'Cache-Control',
        'no-cache',
      ]);
    }
    res.end(body, 'latin1');
    sent.bytes = body.length;
    return 200;
  };
}
