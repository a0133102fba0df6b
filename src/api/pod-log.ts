// GET pods/{name}/log, as the API server and kubelet answer it: container resolution and its
// errors, PodLogOptions validation, sinceSeconds/sinceTime/tailLines/limitBytes, RFC3339Nano
// timestamps (kubelet's fixed nine digits), and `follow` streaming until the client leaves,
// the pod is deleted or the server stops.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Registry } from '../registry/types.ts';
import { StatusError, badRequest } from '../registry/status-error.ts';
import type { Store } from '../store/types.ts';
import type { LogLine, PodLogs } from '../workloads/pod-logs.ts';
import { boolParam, intParam } from './query.ts';

export interface PodLogParams {
  registry: Registry;
  store: Store;
  logs: PodLogs;
  pods: ResourceType;
  namespace: string;
  name: string;
  query: URLSearchParams;
  now: () => Date;
}

export interface LogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  limitBytes?: number;
}

function invalidLogOptions(name: string, field: string, message: string): StatusError {
  return new StatusError(422, 'Invalid', `PodLogOptions "${name}" is invalid: ${field}: ${message}`, {
    name,
    kind: 'PodLogOptions',
    causes: [{ reason: 'FieldValueInvalid', field, message }],
  });
}

export function logOptions(q: URLSearchParams, pod: string): LogOptions {
  const out: LogOptions = {
    follow: boolParam(q, 'follow') ?? false,
    previous: boolParam(q, 'previous') ?? false,
    timestamps: boolParam(q, 'timestamps') ?? false,
  };
  const container = q.get('container');
  if (container) out.container = container;
  const tail = intParam(q, 'tailLines');
  if (tail !== undefined) {
    if (tail < 0)
      throw invalidLogOptions(pod, 'tailLines', `Invalid value: ${tail}: must be greater than or equal to 0`);
    out.tailLines = tail;
  }
  const limit = intParam(q, 'limitBytes');
  if (limit !== undefined) {
    if (limit < 1)
      throw invalidLogOptions(pod, 'limitBytes', `Invalid value: ${limit}: must be greater than 0`);
    out.limitBytes = limit;
  }
  const since = intParam(q, 'sinceSeconds');
  if (since !== undefined) {
    if (since < 1)
      throw invalidLogOptions(pod, 'sinceSeconds', `Invalid value: ${since}: must be greater than 0`);
    out.sinceSeconds = since;
  }
  const sinceTime = q.get('sinceTime');
  if (sinceTime) {
    const t = new Date(sinceTime);
    if (Number.isNaN(t.getTime()))
      throw badRequest(`parsing time ${JSON.stringify(sinceTime)}: invalid RFC3339 time`);
    if (since !== undefined) {
      throw invalidLogOptions(pod, '', 'at most one of `sinceTime` or `sinceSeconds` may be specified');
    }
    out.sinceTime = t;
  }
  return out;
}

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((c) => (c as { name?: unknown }).name).filter((n): n is string => typeof n === 'string');
}

/** The container to read, or the API server's 400 (`a container name must be specified ...`). */
export function resolveContainer(pod: Readonly<KubeObject>, requested: string | undefined): string {
  const spec = (pod['spec'] ?? {}) as Record<string, unknown>;
  const containers = names(spec['containers']);
  const init = names(spec['initContainers']);
  const ephemeral = names(spec['ephemeralContainers']);
  const podName = pod.metadata.name ?? '';
  if (!requested) {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
    let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`;
    if (init.length > 0) msg += ` or one of the init containers: [${init.join(' ')}]`;
    if (ephemeral.length > 0) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw badRequest(msg);
  }
  if (![...containers, ...init, ...ephemeral].includes(requested)) {
    throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  }
  return requested;
}

function waitingReason(pod: Readonly<KubeObject>, container: string): string {
  const status = (pod['status'] ?? {}) as Record<string, unknown>;
  for (const field of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    const list = status[field];
    if (!Array.isArray(list)) continue;
    for (const s of list as { name?: string; state?: { waiting?: { reason?: string } } }[]) {
      if (s.name === container && s.state?.waiting?.reason) return s.state.waiting.reason;
    }
  }
  return 'ContainerCreating';
}

/** kubelet's RFC3339NanoFixed: `2006-01-02T15:04:05.000000000Z`. */
export function rfc3339NanoFixed(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function selectLines(lines: readonly LogLine[], opts: LogOptions, now: Date): LogLine[] {
  let out = [...lines];
  const since =
    opts.sinceTime ??
    (opts.sinceSeconds !== undefined ? new Date(now.getTime() - opts.sinceSeconds * 1000) : undefined);
  if (since) out = out.filter((l) => l.time.getTime() >= since.getTime());
  if (opts.tailLines !== undefined) out = opts.tailLines === 0 ? [] : out.slice(-opts.tailLines);
  return out;
}

export function formatLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${rfc3339NanoFixed(line.time)} ${line.text}\n` : `${line.text}\n`;
}

/** Serves the log; returns a function ending a follow stream (undefined when not following). */
export function servePodLog(
  req: IncomingMessage,
  res: ServerResponse,
  p: PodLogParams,
): (() => void) | undefined {
  const pod = p.registry.get(p.pods, 'v1', p.namespace, p.name);
  const opts = logOptions(p.query, p.name);
  const container = resolveContainer(pod, opts.container);
  const lines = p.logs.read(p.namespace, p.name, container, opts.previous ? { previous: true } : undefined);
  if (lines === undefined) {
    if (opts.previous) {
      throw badRequest(`previous terminated container "${container}" in pod "${p.name}" not found`);
    }
    throw badRequest(
      `container "${container}" in pod "${p.name}" is waiting to start: ${waitingReason(pod, container)}`,
    );
  }

  let budget = opts.limitBytes ?? Infinity;
  let ended = false;
  const stops: (() => void)[] = [];
  const end = (): void => {
    if (ended) return;
    ended = true;
    for (const s of stops.splice(0)) s();
    res.end();
  };
  const emit = (line: LogLine): void => {
    if (ended) return;
    let text = formatLine(line, opts.timestamps);
    const bytes = Buffer.byteLength(text);
    if (bytes >= budget) {
      text = Buffer.from(text).subarray(0, budget).toString();
      budget = 0;
      res.write(text);
      end();
      return;
    }
    budget -= bytes;
    res.write(text);
  };

  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  if (opts.follow) res.flushHeaders();
  for (const line of selectLines(lines, opts, p.now())) emit(line);
  if (!opts.follow || opts.previous || ended) {
    end();
    return undefined;
  }
  req.socket.setNoDelay(true);
  // The kubelet ends a follow when the container instance stops; so does onEnd.
  const unfollow = p.logs.follow(p.namespace, p.name, container, emit, end);
  if (ended) {
    unfollow();
    return undefined;
  }
  stops.push(unfollow);
  stops.push(
    p.store.watch(
      { key: { group: p.pods.storage.group, resource: p.pods.storage.resource }, namespace: p.namespace },
      undefined,
      (e) => {
        if (e.type === 'DELETED' && e.object.metadata.name === p.name) end();
      },
    ),
  );
  res.on('close', end);
  return end;
}
