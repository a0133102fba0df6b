// Test harness for api/: an ApiServer on 127.0.0.1:0 over FakeStore/FakeRegistry and an
// in-memory PodLogs, plus HTTP helpers for plain requests and line-streamed watches.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { LogLine, LogQuery, PodLogs } from '../../workloads/pod-logs.ts';
import { ApiServer } from '../server.ts';
import type { ApiServerOptions } from '../server.ts';
import { FakeStore } from './fake-store.ts';
import { FakeRegistry } from './fake-registry.ts';

export const TOKEN = 'test-token-123';

export class FakeLogs implements PodLogs {
  lines = new Map<string, LogLine[]>();
  #followers = new Map<string, Set<(l: LogLine) => void>>();

  add(ns: string, pod: string, container: string, text: string, time = new Date()): void {
    const k = `${ns}/${pod}/${container}`;
    const line = { time, text };
    const list = this.lines.get(k) ?? [];
    list.push(line);
    this.lines.set(k, list);
    for (const f of this.#followers.get(k) ?? []) f(line);
  }
  read(ns: string, pod: string, container: string, query?: LogQuery): LogLine[] | undefined {
    if (query?.previous) return undefined;
    return this.lines.get(`${ns}/${pod}/${container}`)?.slice();
  }
  follow(ns: string, pod: string, container: string, onLine: (l: LogLine) => void): () => void {
    const k = `${ns}/${pod}/${container}`;
    const set = this.#followers.get(k) ?? new Set();
    set.add(onLine);
    this.#followers.set(k, set);
    return () => set.delete(onLine);
  }
  get followers(): number {
    let n = 0;
    for (const s of this.#followers.values()) n += s.size;
    return n;
  }
}

export interface Harness {
  server: ApiServer;
  store: FakeStore;
  registry: FakeRegistry;
  logs: FakeLogs;
  url: string;
  close(): Promise<void>;
}

export async function startHarness(extra: Partial<ApiServerOptions> = {}): Promise<Harness> {
  const store = new FakeStore();
  const registry = new FakeRegistry(store);
  const logs = new FakeLogs();
  for (const ns of ['default', 'kube-system']) {
    store.create(
      { group: '', resource: 'namespaces' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, status: { phase: 'Active' } },
    );
  }
  const server = new ApiServer({
    registry,
    store,
    logs,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    log: () => undefined,
    ...extra,
  });
  await server.start();
  return { server, store, registry, logs, url: server.url, close: () => server.stop() };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json(): Record<string, unknown>;
}

export interface RequestOptions {
  body?: unknown; // objects are sent as JSON
  headers?: Record<string, string>;
  token?: string | null; // null: no Authorization header
}

export function call(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== null) headers['Authorization'] = `Bearer ${opts.token ?? TOKEN}`;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const req = httpRequest(new URL(path, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: () => JSON.parse(text) as Record<string, unknown>,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A streamed response read line by line (watch, log -f). */
export interface Stream {
  status: number;
  headers: IncomingHttpHeaders;
  lines: string[];
  ended: boolean;
  waitFor(pred: (lines: string[]) => boolean, timeoutMs?: number): Promise<void>;
  waitEnd(timeoutMs?: number): Promise<void>;
  close(): void;
}

export function openStream(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, base),
      { method: 'GET', headers: { Authorization: `Bearer ${TOKEN}`, ...headers } },
      (res: IncomingMessage) => {
        let buf = '';
        const waiters = new Set<() => void>();
        const notify = (): void => {
          for (const w of [...waiters]) w();
        };
        const s: Stream = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          lines: [],
          ended: false,
          waitFor: (pred, timeoutMs = 20_000) =>
            new Promise<void>((ok, fail) => {
              const check = (): void => {
                if (pred(s.lines)) {
                  waiters.delete(check);
                  clearTimeout(t);
                  ok();
                } else if (s.ended) {
                  waiters.delete(check);
                  clearTimeout(t);
                  fail(new Error(`stream ended; lines: ${JSON.stringify(s.lines)}`));
                }
              };
              const t = setTimeout(() => {
                waiters.delete(check);
                fail(new Error(`timed out; lines: ${JSON.stringify(s.lines)}`));
              }, timeoutMs);
              waiters.add(check);
              check();
            }),
          waitEnd: (timeoutMs = 20_000) =>
            new Promise<void>((ok, fail) => {
              const check = (): void => {
                if (s.ended) {
                  waiters.delete(check);
                  clearTimeout(t);
                  ok();
                }
              };
              const t = setTimeout(() => {
                waiters.delete(check);
                fail(new Error('stream did not end'));
              }, timeoutMs);
              waiters.add(check);
              check();
            }),
          close: () => req.destroy(),
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            s.lines.push(buf.slice(0, i));
            buf = buf.slice(i + 1);
          }
          notify();
        });
        const finish = (): void => {
          if (buf !== '') s.lines.push(buf);
          buf = '';
          s.ended = true;
          notify();
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
        resolve(s);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
