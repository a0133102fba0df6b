// The object store: versioned Kubernetes objects, one global resourceVersion counter,
// watch streams, persisted under $GANGWAY_HOME so nothing applied is lost.
// Objects handed out are frozen; writers pass new objects, never mutate stored ones.
import type { KubeObject } from '../resources/types.ts';
import type { StorageId } from '../resources/catalogue.ts';

export type Key = Pick<StorageId, 'group' | 'resource'>;

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  key: Key;
  object: Readonly<KubeObject>; // for DELETED: the last state, with the deletion's resourceVersion
}

export interface WatchFilter {
  key: Key;
  namespace?: string; // undefined: every namespace
}

/** A write inside one atomic batch. */
export type WriteOp =
  | { op: 'create'; key: Key; object: KubeObject }
  | { op: 'update'; key: Key; object: KubeObject; expectResourceVersion?: string }
  | { op: 'delete'; key: Key; namespace: string; name: string };

export interface Store {
  /** The current value of the global resourceVersion counter. */
  readonly resourceVersion: number;

  get(key: Key, namespace: string, name: string): Readonly<KubeObject> | undefined;
  /** Sorted by namespace, then name. namespace undefined: all namespaces. */
  list(key: Key, namespace?: string): Readonly<KubeObject>[];

  /**
   * Creates the object: sets uid, resourceVersion, generation 1 and creationTimestamp.
   * Throws StoreError('AlreadyExists').
   */
  create(key: Key, object: KubeObject): Readonly<KubeObject>;
  /**
   * Replaces the stored object (uid and creationTimestamp are kept). A change outside
   * metadata and status bumps generation. A write that changes nothing returns the stored
   * object as it is (same resourceVersion). Throws StoreError('NotFound' | 'Conflict').
   */
  update(key: Key, object: KubeObject, expectResourceVersion?: string): Readonly<KubeObject>;
  /** Removes the object; returns its last state with a new resourceVersion, or undefined. */
  delete(key: Key, namespace: string, name: string): Readonly<KubeObject> | undefined;
  /** Applies every op or none (one fsync). Throws the first StoreError; nothing is written then. */
  commit(ops: readonly WriteOp[]): Readonly<KubeObject>[];

  /**
   * Calls `listener` for every change after `sinceResourceVersion` (undefined: from now on).
   * Throws StoreError('Expired') when that version is older than the kept history.
   * Returns a function that stops the watch.
   */
  watch(
    filter: WatchFilter,
    sinceResourceVersion: number | undefined,
    listener: (e: WatchEvent) => void,
  ): () => void;

  close(): Promise<void>;
}

export type StoreErrorReason = 'AlreadyExists' | 'NotFound' | 'Conflict' | 'Expired';

export class StoreError extends Error {
  readonly reason: StoreErrorReason;
  constructor(reason: StoreErrorReason, message: string) {
    super(message);
    this.reason = reason;
    this.name = 'StoreError';
  }
}
