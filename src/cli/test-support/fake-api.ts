// A fake gangway API for CLI command tests: a temp GANGWAY_HOME with the real PKI and
// kubeconfig, a pid file naming this (live) process, and an HTTPS server whose answers come
// from the test's handler. Every request is recorded for assertions.
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePki, writeKubeconfig } from '../../pki/index.ts';
import { PID_FILE } from '../run-files.ts';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: FakeRequest) => FakeReply | undefined;

export interface FakeApi {
  home: string;
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export function status(code: number, reason: string, message: string, details?: unknown): FakeReply {
  const json: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details !== undefined) json['details'] = details;
  return { status: code, json };
}

export async function startFakeApi(handler: FakeHandler): Promise<FakeApi> {
  const home = await mkdtemp(join(tmpdir(), 'gangway-cli-'));
  const pki = await preparePki(home);
  const requests: FakeRequest[] = [];
  const server = createServer({ cert: pki.apiServer.certPem, key: pki.apiServer.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const fr: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(fr);
      const reply =
        req.headers.authorization === `Bearer ${pki.token}`
          ? (handler(fr) ?? status(404, 'NotFound', 'the server could not find the requested resource'))
          : status(401, 'Unauthorized', 'Unauthorized');
      const headers: Record<string, string> = {
        'Content-Type': reply.json !== undefined ? 'application/json' : 'text/plain',
        ...reply.headers,
      };
      res.writeHead(reply.status ?? 200, headers);
      res.end(reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? ''));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeKubeconfig(home, { server: url, token: pki.token, caPem: pki.ca.certPem });
  await writeFile(join(home, PID_FILE), `${process.pid}\n`);
  return {
    home,
    url,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(home, { recursive: true, force: true });
    },
  };
}
