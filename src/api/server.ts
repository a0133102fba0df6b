// The Kubernetes-compatible HTTP(S) API that kubectl drives: bearer-token auth, /version,
// health endpoints, discovery, OpenAPI v3 and the resource paths over the Registry and Store.
// Every non-2xx answer is a Status; a bug in a handler is a logged 500, never a crash.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from '../registry/types.ts';
import type { Store } from '../store/types.ts';
import type { PodLogs } from '../workloads/pod-logs.ts';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import { parseRoute } from './route.ts';
import type { Route } from './route.ts';
import {
  pathNotFound,
  methodNotAllowed,
  sendError,
  sendJson,
  sendText,
  toStatusError,
  unauthorized,
} from './http.ts';
import { versionInfo } from './version.ts';
import { healthAnswer, healthChecks } from './health.ts';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.ts';
import { DISCOVERY_V2BETA1_CONTENT_TYPE, DISCOVERY_V2_CONTENT_TYPE, discoveryFormat } from './negotiate.ts';
import { openApiDoc, openApiIndex } from './openapi.ts';
import { handleResource } from './resource-handlers.ts';

export interface ApiServerOptions {
  registry: Registry;
  store: Store;
  logs: PodLogs;
  token: string;
  tls?: { cert: string; key: string };
  host: string;
  port: number;
  now?: () => Date;
  readiness?: () => { ready: boolean; checks: { name: string; ok: boolean }[] };
  /** Interval of BOOKMARK events on watches that allow them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Where internal errors are logged (default console.error). */
  log?: (line: string) => void;
  /** Other HTTP APIs served on the same port under a path prefix (gangway's ELBv2 API, ...). */
  extensions?: readonly ApiExtension[];
}

/** A non-Kubernetes API served by the API server under `prefix` (e.g. '/elbv2'). */
export interface ApiExtension {
  prefix: string;
  /** 'token': the API's bearer token is required; 'none': open (loopback only), e.g. for SigV4 clients. */
  auth: 'token' | 'none';
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

/** Paths the API server's system:public-info-viewer role opens to anonymous requests. */
const PUBLIC_ROUTES = new Set<Route['kind']>(['version', 'health']);

export class ApiServer implements Component {
  readonly name = 'api-server';
  readonly #opts: ApiServerOptions;
  readonly #token: Buffer;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #streams = new Set<() => void>();
  #listening = false;
  #stopping = false;

  constructor(opts: ApiServerOptions) {
    this.#opts = opts;
    this.#token = Buffer.from(opts.token);
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.#handle(req, res).catch((err: unknown) => {
        this.#log(`api-server: ${req.method ?? ''} ${req.url ?? ''}: ${String(err)}`);
      });
    };
    this.#server = opts.tls
      ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
      : createHttpServer(handler);
    this.#server.on('connection', (s: Socket) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
    this.#server.on('secureConnection', (s: Socket) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
    this.#server.on('clientError', (_err, socket: Socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      else socket.destroy();
    });
    // Watches and log follows are long-lived: the timeouts below bound receiving a request
    // only. Idle keep-alive connections outlive Go's 90 s IdleConnTimeout, so client-go
    // always closes first and never races a request against a server-side close.
    this.#server.requestTimeout = 300_000;
    this.#server.headersTimeout = 60_000;
    this.#server.keepAliveTimeout = 120_000;
  }

  get port(): number {
    const addr = this.#server.address() as AddressInfo | null;
    return addr ? addr.port : this.#opts.port;
  }

  get url(): string {
    const scheme = this.#opts.tls ? 'https' : 'http';
    const host = this.#opts.host.includes(':') ? `[${this.#opts.host}]` : this.#opts.host;
    return `${scheme}://${host}:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.#listening) return;
    this.#stopping = false;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      this.#server.listen(this.#opts.port, this.#opts.host, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    this.#listening = true;
  }

  async stop(): Promise<void> {
    if (!this.#listening) return;
    this.#stopping = true;
    for (const stop of [...this.#streams]) stop();
    this.#streams.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    // Give in-flight answers a moment to flush, then cut what is left.
    const timer = setTimeout(() => {
      for (const s of this.#sockets) s.destroy();
    }, 2000);
    await closed;
    clearTimeout(timer);
    this.#listening = false;
  }

  status(): ComponentStatus {
    if (!this.#listening) return { ready: false, detail: this.#stopping ? 'stopped' : 'not started' };
    return { ready: true, detail: `serving ${this.url} (${this.#streams.size} open streams)` };
  }

  #log(line: string): void {
    (this.#opts.log ?? ((l: string) => console.error(l)))(line);
  }

  #authorized(req: IncomingMessage): boolean | 'anonymous' {
    const header = req.headers.authorization;
    if (header === undefined) return 'anonymous';
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!m) return false;
    const given = Buffer.from(m[1]!.trim());
    return given.length === this.#token.length && timingSafeEqual(given, this.#token);
  }

  #track = (stop: () => void, res: ServerResponse): void => {
    this.#streams.add(stop);
    res.on('close', () => this.#streams.delete(stop));
  };

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const ext = this.#opts.extensions?.find(
        (e) => url.pathname === e.prefix || url.pathname.startsWith(`${e.prefix}/`),
      );
      if (ext) {
        if (ext.auth === 'token' && this.#authorized(req) !== true) throw unauthorized();
        await ext.handle(req, res, url);
        return;
      }
      const route = parseRoute(url.pathname);
      const auth = this.#authorized(req);
      if (auth === false || (auth === 'anonymous' && !PUBLIC_ROUTES.has(route.kind))) throw unauthorized();
      if (this.#stopping) {
        res.setHeader('Connection', 'close');
      }
      await this.#dispatch(req, res, route, url);
    } catch (err) {
      const status = toStatusError(err);
      if (status.code >= 500) {
        this.#log(
          `api-server: ${req.method ?? ''} ${req.url ?? ''}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
      sendError(res, status);
    }
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse, route: Route, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (route.kind === 'resource') {
      await handleResource(req, res, route, url, {
        registry: this.#opts.registry,
        store: this.#opts.store,
        logs: this.#opts.logs,
        now: this.#opts.now ?? (() => new Date()),
        bookmarkIntervalMs: this.#opts.bookmarkIntervalMs ?? 60_000,
        track: this.#track,
      });
      return;
    }
    if (route.kind === 'not-found') throw pathNotFound();
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed();
    switch (route.kind) {
      case 'version':
        sendJson(res, 200, versionInfo());
        return;
      case 'health': {
        const checks = healthChecks(route.endpoint, this.#opts.readiness?.(), this.#stopping);
        const answer = healthAnswer(route.endpoint, checks, url.searchParams, route.check);
        sendText(res, answer.code, answer.body);
        return;
      }
      case 'core-versions':
      case 'groups':
        this.#discovery(req, res, route.kind === 'core-versions' ? 'core' : 'apis');
        return;
      case 'group': {
        const doc = apiGroup(route.group);
        if (doc === undefined) throw pathNotFound();
        sendJson(res, 200, doc);
        return;
      }
      case 'resource-list':
        sendJson(res, 200, apiResourceList(route.group, route.version));
        return;
      case 'openapi-index':
        sendJson(res, 200, openApiIndex());
        return;
      case 'openapi-gv': {
        const doc = openApiDoc(route.group, route.version);
        if (!doc) throw pathNotFound();
        const immutable = url.searchParams.get('hash') === doc.hash;
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(doc.json),
          ETag: `"${doc.hash}"`,
          'Cache-Control': immutable ? 'public, immutable' : 'no-cache, private',
        });
        res.end(doc.json);
        return;
      }
      case 'openapi-v2':
        throw pathNotFound();
    }
  }

  #discovery(req: IncomingMessage, res: ServerResponse, which: 'core' | 'apis'): void {
    const format = discoveryFormat(req.headers.accept);
    res.setHeader('Vary', 'Accept');
    if (format === 'legacy') {
      sendJson(res, 200, which === 'core' ? apiVersions(`${this.#opts.host}:${this.port}`) : apiGroupList());
      return;
    }
    const contentType = format === 'v2' ? DISCOVERY_V2_CONTENT_TYPE : DISCOVERY_V2BETA1_CONTENT_TYPE;
    sendJson(res, 200, aggregatedDiscovery(which, format), contentType);
  }
}
