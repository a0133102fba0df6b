// The kubelet's container logs: a bounded ring of lines per container instance (the current
// one and the previous one, for `kubectl logs --previous`), with follow subscribers that end
// when the instance stops, as a `kubectl logs -f` stream ends when its container exits.
import type { LogLine, LogQuery, PodLogs } from './pod-logs.ts';

export const DEFAULT_LOG_LINES = 10_000;

/** A fixed-capacity ring of lines, oldest first. */
class LineRing {
  readonly #cap: number;
  #buf: LogLine[] = [];
  #head = 0; // index of the oldest line once the ring is full

  constructor(cap: number) {
    this.#cap = cap;
  }

  push(line: LogLine): void {
    if (this.#buf.length < this.#cap) {
      this.#buf.push(line);
      return;
    }
    this.#buf[this.#head] = line;
    this.#head = (this.#head + 1) % this.#cap;
  }

  toArray(): LogLine[] {
    if (this.#head === 0) return this.#buf.slice();
    return [...this.#buf.slice(this.#head), ...this.#buf.slice(0, this.#head)];
  }
}

interface Follower {
  onLine: (line: LogLine) => void;
  onEnd: (() => void) | undefined;
}

interface ContainerLog {
  current: LineRing;
  previous: LineRing | undefined;
  running: boolean;
  followers: Set<Follower>;
}

export interface PodLogStoreOptions {
  maxLines?: number; // per container instance
  now?: () => Date;
}

export class PodLogStore implements PodLogs {
  readonly #maxLines: number;
  readonly #now: () => Date;
  /** `${namespace}/${pod}` -> container name -> log */
  readonly #pods = new Map<string, Map<string, ContainerLog>>();

  constructor(opts: PodLogStoreOptions = {}) {
    this.#maxLines = opts.maxLines ?? DEFAULT_LOG_LINES;
    this.#now = opts.now ?? (() => new Date());
  }

  /** A container instance starts: the lines of the one before become `previous`. */
  startInstance(namespace: string, pod: string, container: string): void {
    const podKey = `${namespace}/${pod}`;
    let containers = this.#pods.get(podKey);
    if (!containers) {
      containers = new Map();
      this.#pods.set(podKey, containers);
    }
    const log = containers.get(container);
    if (!log) {
      containers.set(container, {
        current: new LineRing(this.#maxLines),
        previous: undefined,
        running: true,
        followers: new Set(),
      });
      return;
    }
    endFollowers(log);
    log.previous = log.current;
    log.current = new LineRing(this.#maxLines);
    log.running = true;
  }

  /** The running instance stopped: followers end; its lines stay readable. */
  endInstance(namespace: string, pod: string, container: string): void {
    const log = this.#pods.get(`${namespace}/${pod}`)?.get(container);
    if (!log) return;
    log.running = false;
    endFollowers(log);
  }

  append(namespace: string, pod: string, container: string, text: string): void {
    const log = this.#pods.get(`${namespace}/${pod}`)?.get(container);
    if (!log) return;
    const line: LogLine = { time: this.#now(), text };
    log.current.push(line);
    for (const f of log.followers) f.onLine(line);
  }

  /** The pod is gone: its logs go with it. */
  removePod(namespace: string, pod: string): void {
    const podKey = `${namespace}/${pod}`;
    const containers = this.#pods.get(podKey);
    if (!containers) return;
    this.#pods.delete(podKey);
    for (const log of containers.values()) endFollowers(log);
  }

  read(namespace: string, pod: string, container: string, query: LogQuery = {}): LogLine[] | undefined {
    const log = this.#pods.get(`${namespace}/${pod}`)?.get(container);
    if (!log) return undefined;
    const ring = query.previous ? log.previous : log.current;
    if (!ring) return undefined;
    let lines = ring.toArray();
    if (query.sinceSeconds !== undefined) {
      const since = this.#now().getTime() - query.sinceSeconds * 1000;
      lines = lines.filter((l) => l.time.getTime() >= since);
    }
    if (query.tailLines !== undefined && query.tailLines >= 0) {
      lines = query.tailLines === 0 ? [] : lines.slice(-query.tailLines);
    }
    return lines;
  }

  follow(
    namespace: string,
    pod: string,
    container: string,
    onLine: (line: LogLine) => void,
    onEnd?: () => void,
  ): () => void {
    const log = this.#pods.get(`${namespace}/${pod}`)?.get(container);
    if (!log?.running) {
      if (onEnd) queueMicrotask(onEnd);
      return () => undefined;
    }
    const f: Follower = { onLine, onEnd };
    log.followers.add(f);
    return () => {
      log.followers.delete(f);
    };
  }
}

function endFollowers(log: ContainerLog): void {
  const followers = [...log.followers];
  log.followers.clear();
  for (const f of followers) f.onEnd?.();
}
