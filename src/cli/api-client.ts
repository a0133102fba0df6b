// A small HTTPS client for the running gangway API: server from $GANGWAY_HOME/kubeconfig,
// CA and bearer token from $GANGWAY_HOME. Non-2xx answers become ApiError (printed as
// kubectl prints them); `Warning:` headers are passed to onWarning as kubectl shows them.
import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CA_CERT_FILE } from '../pki/ca.ts';
import { readKubeconfig } from '../pki/kubeconfig.ts';
import { readToken } from '../pki/token.ts';
import { apiErrorFromResponse } from './api-error.ts';
import { CliError } from './errors.ts';

export const USER_AGENT = 'gangway/v0.1.0';

export interface ApiConnection {
  server: string; // https://127.0.0.1:6443
  token: string;
  caPem?: string;
  namespace?: string; // the kubeconfig context's namespace, if any
}

/** The connection details of the API running in `home` (undefined: no kubeconfig yet). */
export async function loadConnection(home: string): Promise<ApiConnection | undefined> {
  const kc = await readKubeconfig(home);
  if (!kc) return undefined;
  const token = (await readToken(home)) ?? kc.token;
  if (token === undefined) return undefined;
  let caPem = kc.caPem;
  try {
    caPem = await readFile(join(home, CA_CERT_FILE), 'utf8');
  } catch {
    // fall back to the kubeconfig's certificate-authority-data
  }
  const conn: ApiConnection = { server: kc.server, token };
  if (caPem !== undefined) conn.caPem = caPem;
  if (kc.namespace !== undefined) conn.namespace = kc.namespace;
  return conn;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface ApiRequest {
  method?: string;
  path: string; // /api/v1/namespaces/x/pods
  query?: Query;
  accept?: string;
  contentType?: string;
  body?: string;
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** `299 - "text"` -> `text` (apiserver endpoints/filters/warning.go). */
export function parseWarningHeader(value: string): string | undefined {
  const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(value);
  if (!m) return undefined;
  return m[1]!.replace(/\\(.)/g, '$1');
}

function connectionError(server: string, err: NodeJS.ErrnoException): CliError {
  const host = new URL(server).host;
  if (err.code === 'ECONNREFUSED')
    return new CliError(
      `The connection to the server ${host} was refused - did you specify the right host or port?`,
      {
        raw: true,
      },
    );
  return new CliError(`Unable to connect to the server: ${err.message}`, { raw: true });
}

export class ApiClient {
  readonly connection: ApiConnection;
  readonly #agent: Agent;
  readonly #onWarning: (text: string) => void;

  constructor(connection: ApiConnection, opts: { onWarning?: (text: string) => void } = {}) {
    this.connection = connection;
    const agentOpts: ConstructorParameters<typeof Agent>[0] = { keepAlive: true, maxSockets: 8 };
    if (connection.caPem !== undefined) agentOpts.ca = connection.caPem;
    this.#agent = new Agent(agentOpts);
    this.#onWarning = opts.onWarning ?? (() => undefined);
  }

  close(): void {
    this.#agent.destroy();
  }

  /** Starts a request and resolves with the response head; the caller consumes the body. */
  open(req: ApiRequest): Promise<IncomingMessage> {
    const url = new URL(req.path, this.connection.server);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.connection.token}`,
      Accept: req.accept ?? 'application/json',
      'User-Agent': USER_AGENT,
    };
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    const isHttps = url.protocol === 'https:';
    const send = isHttps ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const options: Parameters<typeof httpsRequest>[1] = { method: req.method ?? 'GET', headers };
      if (isHttps) options.agent = this.#agent;
      if (req.signal) options.signal = req.signal;
      const r = send(url, options, (res) => {
        for (const w of [res.headers.warning ?? []].flat()) {
          for (const part of w.split(/,(?=\s*\d{3} )/)) {
            const text = parseWarningHeader(part.trim());
            if (text !== undefined) this.#onWarning(text);
          }
        }
        resolve(res);
      });
      r.on('error', (err: NodeJS.ErrnoException) => {
        reject(err.name === 'AbortError' ? err : connectionError(this.connection.server, err));
      });
      r.end(req.body);
    });
  }

  async request(req: ApiRequest): Promise<ApiResponse> {
    const res = await this.open(req);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return {
      status: res.statusCode ?? 0,
      headers: res.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
  }

  /** The parsed JSON body of a 2xx answer; an ApiError otherwise. */
  async json<T = unknown>(req: ApiRequest): Promise<T> {
    const res = await this.request(req);
    if (res.status < 200 || res.status > 299) throw apiErrorFromResponse(res.status, res.body);
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new CliError(
        `the server returned a body that is not JSON for ${req.method ?? 'GET'} ${req.path}`,
      );
    }
  }

  /** Streams a 2xx body (pod logs) to onChunk until the server ends it or `signal` aborts. */
  async stream(req: ApiRequest, onChunk: (text: string) => void): Promise<void> {
    const res = await this.open(req);
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      throw apiErrorFromResponse(status, Buffer.concat(chunks).toString('utf8'));
    }
    res.setEncoding('utf8');
    try {
      for await (const chunk of res) onChunk(chunk as string);
    } catch (err) {
      if ((err as Error).name !== 'AbortError' && !req.signal?.aborted) throw err;
    }
  }
}
