// The kubelet of every gangway node: watches pods bound to its nodes (spec.nodeName) and
// runs each through a PodWorker (address, containers, probes, status, events); stops a
// pod's containers when it is marked for deletion or deleted; serves their logs.
import { mkdirSync } from 'node:fs';
import { eventRecorder, type EventRecorder } from '../kube/events.ts';
import type { AddressPlan } from '../net/addresses.ts';
import type { DialTable } from '../net/dial-table.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import type { Store, WatchEvent } from '../store/types.ts';
import { podSpec, podStatusOf } from './container-spec.ts';
import { ImageMap } from './image-map.ts';
import { IpAllocator } from './ip-allocator.ts';
import { PodLogStore } from './pod-logs-store.ts';
import { PodWorker, PODS } from './pod-worker.ts';
import type { RunnerDeps } from './runner-deps.ts';

export interface KubeletOptions {
  store: Store;
  plan: AddressPlan;
  dial: DialTable;
  nodeNames: string[];
  home: string;
  now?: () => Date;
}

/** How long stop() waits for mapped processes before SIGKILL. */
const SHUTDOWN_GRACE_SECONDS = 5;

interface Node {
  index: number;
  name: string;
  ips: IpAllocator;
  deps: RunnerDeps;
}

export class Kubelet implements Component {
  readonly name = 'kubelet';
  readonly logs = new PodLogStore();
  readonly #o: KubeletOptions;
  readonly #images: ImageMap;
  readonly #nodes = new Map<string, Node>();
  readonly #workers = new Map<string, PodWorker>(); // `${ns}/${name}`
  #unwatch: (() => void) | undefined;
  #running = false;
  #retryQueued = false;

  constructor(opts: KubeletOptions) {
    this.#o = opts;
    this.#images = new ImageMap(opts.home);
    const now = opts.now ?? (() => new Date());
    opts.nodeNames.forEach((name, index) => {
      const events: EventRecorder = eventRecorder(opts.store, { component: 'kubelet', host: name }, now);
      this.#nodes.set(name, {
        index,
        name,
        ips: new IpAllocator(opts.plan, index),
        deps: {
          store: opts.store,
          plan: opts.plan,
          dial: opts.dial,
          home: opts.home,
          images: this.#images,
          logs: this.logs,
          events,
          now,
        },
      });
    });
  }

  /** The image mapping (images.yaml) in use, for status and docs. */
  get images(): ImageMap {
    return this.#images;
  }

  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#running = true;
    try {
      mkdirSync(this.#o.home, { recursive: true });
    } catch {
      // commands then fail to start with a clear error
    }
    this.#images.watch(() => this.#queueRetry());
    const rv = this.#o.store.resourceVersion;
    for (const pod of this.#o.store.list(PODS)) this.#onPod(pod);
    this.#unwatch = this.#o.store.watch({ key: PODS }, rv, (e) => this.#onEvent(e));
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#images.close();
    const workers = [...this.#workers.values()];
    this.#workers.clear();
    await Promise.all(workers.map((w) => w.kill(SHUTDOWN_GRACE_SECONDS, false)));
  }

  status(): ComponentStatus {
    if (!this.#running) return { ready: false, detail: 'stopped' };
    const err = this.#images.error;
    const nodes = this.#nodes.size;
    const detail = `${this.#workers.size} pod(s) on ${nodes} node(s)${err ? `; ${err}` : ''}`;
    return { ready: true, detail };
  }

  #queueRetry(): void {
    if (this.#retryQueued) return;
    this.#retryQueued = true;
    setTimeout(() => {
      this.#retryQueued = false;
      for (const w of this.#workers.values()) w.retryPulls();
    }, 100).unref();
  }

  #onEvent(e: WatchEvent): void {
    if (!this.#running) return;
    if (e.type === 'DELETED') {
      const key = `${e.object.metadata.namespace ?? 'default'}/${e.object.metadata.name ?? ''}`;
      const w = this.#workers.get(key);
      if (w && w.uid === e.object.metadata.uid) {
        this.#workers.delete(key);
        void w.kill();
      }
      return;
    }
    this.#onPod(e.object);
  }

  #onPod(pod: Readonly<KubeObject>): void {
    const ns = pod.metadata.namespace ?? 'default';
    const key = `${ns}/${pod.metadata.name ?? ''}`;
    const node = this.#nodes.get(podSpec(pod).nodeName ?? '');
    let w = this.#workers.get(key);
    if (w && w.uid !== pod.metadata.uid) {
      // the name now belongs to a new pod: the old one is gone
      this.#workers.delete(key);
      void w.kill();
      w = undefined;
    }
    if (!node) return;
    if (w) {
      w.update(pod);
      return;
    }
    if (pod.metadata.deletionTimestamp) {
      // never started here: confirm the deletion at once, as the kubelet does
      if ((pod.metadata.finalizers?.length ?? 0) === 0) {
        try {
          this.#o.store.delete(PODS, ns, pod.metadata.name ?? '');
        } catch {
          // already gone
        }
      }
      return;
    }
    const phase = podStatusOf(pod)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return; // terminal: nothing to run
    w = new PodWorker(pod, {
      nodeIndex: node.index,
      nodeName: node.name,
      hostIP: this.#o.plan.nodeIP(node.index),
      ips: node.ips,
      deps: node.deps,
    });
    this.#workers.set(key, w);
    w.start();
  }
}
