// GET /gangway/v1/analyze on the API server: the analyzers' findings over the running stack,
// as a JSON list of Diagnostics (what `gangway analyze` and `gangway describe` print).
import type { ApiExtension } from '../api/server.ts';
import type { Store } from '../store/types.ts';
import { liveFindings } from './live.ts';

export const ANALYZE_API_PREFIX = '/gangway/v1/analyze';

export function analyzeApiExtension(store: Store): ApiExtension {
  return {
    prefix: ANALYZE_API_PREFIX,
    auth: 'token',
    handle(req, res) {
      if (req.method !== 'GET') {
        res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET' }).end('GET only\n');
        return;
      }
      const body = JSON.stringify(liveFindings(store));
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    },
  };
}
