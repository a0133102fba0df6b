// Watch streams (kube-api.md §4): newline-delimited JSON events over a chunked 200 whose
// headers go out at once. resourceVersion unset or "0" starts with a synthetic ADDED per
// current match; "N" replays changes after N (an ERROR 410 Expired event when N is too old).
// Selectors are applied per event the way the watch cache does: an object that stops
// matching is sent as DELETED, one that starts matching as ADDED. BOOKMARKs only when asked.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../resources/types.ts';
import { fromStorageVersion } from '../resources/convert.ts';
import type { Registry, Selectors } from '../registry/types.ts';
import { StatusError, badRequest } from '../registry/status-error.ts';
import type { Store, WatchEvent } from '../store/types.ts';
import { StoreError } from '../store/types.ts';
import type { RenderContext } from './output.ts';
import { partialObject, tableOf } from './output.ts';
import type { ReadQuery } from './query.ts';
import { apiVersionOf } from '../resources/catalogue.ts';

export interface WatchParams {
  registry: Registry;
  store: Store;
  ctx: RenderContext;
  namespace: string | undefined;
  selectors: Selectors;
  query: ReadQuery;
  /** `sendInitialEvents=true` (watch-list): initial ADDEDs then an initial-events-end bookmark. */
  sendInitialEvents: boolean;
  bookmarkIntervalMs: number;
  now: () => Date;
}

type OutType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

function objectKey(obj: Readonly<KubeObject>): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** Validates a watch's resourceVersion: undefined for "from now, with initial state", else N. */
export function parseWatchResourceVersion(rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '0') return undefined;
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

/**
 * Serves one watch on `res`. Throws (before any byte is written) on bad parameters; after
 * that, every problem becomes an ERROR event. Returns a function that ends the stream.
 */
export function serveWatch(req: IncomingMessage, res: ServerResponse, p: WatchParams): () => void {
  const { ctx, registry, store } = p;
  const since = parseWatchResourceVersion(p.query.resourceVersion);
  const hasSelectors = p.selectors.labelSelector !== undefined || p.selectors.fieldSelector !== undefined;
  // Listing first validates the selectors and yields the initial state.
  const initial = registry.list(ctx.rt, ctx.version, p.namespace, p.selectors);
  const visible = new Set(initial.items.map(objectKey));

  let ended = false;
  let firstTableRow = true;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const end = (): void => {
    if (ended) return;
    ended = true;
    clearTimeout(bookmarkTimer);
    clearTimeout(timeoutTimer);
    unsubscribe?.();
    unsubscribe = undefined;
    res.end();
  };

  const encode = (obj: Readonly<KubeObject>): unknown => {
    switch (ctx.format.mode) {
      case 'table': {
        const t = tableOf(ctx, [obj], obj.metadata.resourceVersion ?? '', !firstTableRow);
        firstTableRow = false;
        return t;
      }
      case 'partial':
        return partialObject(obj, ctx.format.apiVersion);
      default:
        return obj;
    }
  };
  const write = (type: OutType, object: unknown): void => {
    if (ended) return;
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  const sendObject = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: Readonly<KubeObject>): void => {
    write(type, encode(obj));
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    const metadata: Record<string, unknown> = { resourceVersion: String(store.resourceVersion) };
    if (annotations) metadata['annotations'] = annotations;
    write('BOOKMARK', { kind: ctx.rt.kind, apiVersion: apiVersionOf(ctx.rt.group, ctx.version), metadata });
  };

  const onEvent = (e: WatchEvent): void => {
    if (ended) return;
    try {
      const stored = e.object;
      const key = objectKey(stored);
      const matches = !hasSelectors || registry.matches(stored, p.selectors);
      const out = (): KubeObject => fromStorageVersion(stored, ctx.rt, ctx.version);
      if (e.type === 'DELETED') {
        if (visible.delete(key) || matches) sendObject('DELETED', out());
        return;
      }
      if (matches) {
        const type = e.type === 'ADDED' || !visible.has(key) ? 'ADDED' : 'MODIFIED';
        visible.add(key);
        sendObject(type, out());
      } else if (visible.delete(key)) {
        sendObject('DELETED', out());
      }
    } catch (err) {
      const status = err instanceof StatusError ? err : new StatusError(500, 'InternalError', String(err));
      write('ERROR', status.toStatus());
      end();
    }
  };

  res.writeHead(200, {
    'Content-Type':
      ctx.format.mode === 'table' || ctx.format.mode === 'partial'
        ? ctx.format.contentType
        : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);

  if (since === undefined || p.sendInitialEvents) {
    for (const item of initial.items) sendObject('ADDED', item);
    if (p.sendInitialEvents && p.query.allowWatchBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  }
  try {
    unsubscribe = store.watch(
      ctx.rt.namespaced && p.namespace
        ? { key: storageKey(ctx), namespace: p.namespace }
        : { key: storageKey(ctx) },
      p.sendInitialEvents ? undefined : since,
      onEvent,
    );
  } catch (err) {
    if (err instanceof StoreError && err.reason === 'Expired') {
      const message = err.message.startsWith('too old resource version')
        ? err.message
        : `too old resource version: ${since ?? 0} (${store.resourceVersion})`;
      write('ERROR', new StatusError(410, 'Expired', message).toStatus());
    } else {
      write(
        'ERROR',
        new StatusError(500, 'InternalError', `Internal error occurred: ${String(err)}`).toStatus(),
      );
    }
    end();
    return end;
  }

  if (p.query.allowWatchBookmarks && p.bookmarkIntervalMs > 0) {
    const tick = (): void => {
      bookmark();
      bookmarkTimer = setTimeout(tick, p.bookmarkIntervalMs);
    };
    bookmarkTimer = setTimeout(tick, p.bookmarkIntervalMs);
  }
  if (p.query.timeoutSeconds !== undefined && p.query.timeoutSeconds > 0) {
    timeoutTimer = setTimeout(end, p.query.timeoutSeconds * 1000);
  }
  // The response closes when the client goes away (req 'close' fires once the body is read).
  res.on('close', end);
  return end;
}

function storageKey(ctx: RenderContext): { group: string; resource: string } {
  return { group: ctx.rt.storage.group, resource: ctx.rt.storage.resource };
}
