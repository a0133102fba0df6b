// A pod's volumes on this machine: each one a directory under
// $GANGWAY_HOME/pods/<ns>/<pod>/volumes/<name>/, set up before any container starts (a
// missing Secret or ConfigMap keeps the pod ContainerCreating with FailedMount events and
// retries with back-off, as the kubelet's volume manager does), and the mount table a
// container gets: mountPath -> host path, which built-in images read files through.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventRecorder } from '../kube/events.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Store } from '../store/types.ts';
import { MountError, volumeContent, type VolumeSpec } from './volumes-content.ts';
import { safeRelativePath, writeAtomic } from './volumes-write.ts';

export interface Mount {
  /** Where the container sees it: `/etc/nginx` (or a file, with subPath). */
  mountPath: string;
  /** Where it is on this machine. */
  hostPath: string;
  readOnly: boolean;
}

export interface VolumeMountSpec {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

export function podDir(home: string, namespace: string, pod: string): string {
  return join(home, 'pods', namespace, pod);
}

export function volumeDir(home: string, namespace: string, pod: string, volume: string): string {
  return join(podDir(home, namespace, pod), 'volumes', volume);
}

/** The container's mount table, from its volumeMounts and the pod's volume directories. */
export function mountTable(
  mounts: readonly VolumeMountSpec[] | undefined,
  dirs: ReadonlyMap<string, string> | undefined,
): Mount[] {
  const out: Mount[] = [];
  for (const m of mounts ?? []) {
    const dir = dirs?.get(m.name);
    if (dir === undefined) continue;
    const sub = m.subPath && safeRelativePath(m.subPath) ? m.subPath : undefined;
    out.push({
      mountPath: trimSlash(m.mountPath),
      hostPath: sub ? join(dir, sub) : dir,
      readOnly: m.readOnly === true,
    });
  }
  return out;
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/**
 * The host path of `path` as the container sees it, through the mount with the longest
 * matching mountPath; undefined when no mount covers it (the image's own file system).
 */
export function resolveMountPath(mounts: readonly Mount[] | undefined, path: string): string | undefined {
  let best: Mount | undefined;
  for (const m of mounts ?? []) {
    const covers = path === m.mountPath || path.startsWith(m.mountPath === '/' ? '/' : `${m.mountPath}/`);
    if (covers && (!best || m.mountPath.length > best.mountPath.length)) best = m;
  }
  if (!best) return undefined;
  const rest = path.slice(best.mountPath.length).replace(/^\/+/, '');
  return rest === '' ? best.hostPath : join(best.hostPath, rest);
}

/**
 * What a mapped command learns of its mounts: GANGWAY_MOUNTS, one `mountPath=hostPath` per
 * line, and GANGWAY_MOUNT_<VOLUME> (upper case, `-` and `.` as `_`): that volume's host path.
 */
export function mountEnv(
  mounts: readonly Mount[],
  specs: readonly VolumeMountSpec[] | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (mounts.length === 0) return env;
  env['GANGWAY_MOUNTS'] = mounts.map((m) => `${m.mountPath}=${m.hostPath}`).join('\n');
  for (const s of specs ?? []) {
    const m = mounts.find((x) => x.mountPath === trimSlash(s.mountPath));
    if (m) env[`GANGWAY_MOUNT_${s.name.toUpperCase().replace(/[-.]/g, '_')}`] = m.hostPath;
  }
  return env;
}

export interface PodVolumesOptions {
  home: string;
  store: Store;
  events: EventRecorder;
  pod: () => Readonly<KubeObject>;
  /** Called once the volumes are set up after a failed first attempt. */
  onMounted: () => void;
}

const FIRST_RETRY_MS = 500;
/** The kubelet backs off to 2m2s; gangway stops at 16 s so a late Secret is seen soon. */
const MAX_RETRY_MS = 16_000;

/** The volumes of one pod: set up once, retried with back-off, removed with the pod. */
export class PodVolumes {
  readonly #o: PodVolumesOptions;
  #dirs: Map<string, string> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #delay = FIRST_RETRY_MS;
  #stopped = false;

  constructor(opts: PodVolumesOptions) {
    this.#o = opts;
  }

  /** volume name -> host directory, once every volume is set up. */
  get dirs(): ReadonlyMap<string, string> | undefined {
    return this.#dirs;
  }

  /** Sets the volumes up unless done or a retry is pending; true when they are ready. */
  ensure(): boolean {
    if (this.#dirs) return true;
    if (this.#timer || this.#stopped) return false;
    return this.#attempt();
  }

  #attempt(): boolean {
    const pod = this.#o.pod();
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const volumes = ((pod['spec'] as { volumes?: VolumeSpec[] } | undefined)?.volumes ?? []).filter(
      (v) => typeof v.name === 'string' && safeRelativePath(v.name),
    );
    const dirs = new Map<string, string>();
    const failed: string[] = [];
    for (const v of volumes) {
      const dir = volumeDir(this.#o.home, ns, name, v.name);
      try {
        const content = volumeContent(v, { store: this.#o.store, pod });
        if (content === 'dir') mkdirSync(dir, { recursive: true });
        else writeAtomic(dir, content);
        dirs.set(v.name, dir);
      } catch (err) {
        const message = err instanceof MountError ? err.message : String(err);
        failed.push(v.name);
        this.#event(pod, `MountVolume.SetUp failed for volume "${v.name}" : ${message}`);
      }
    }
    if (failed.length === 0) {
      this.#dirs = dirs;
      return true;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#stopped && this.#attempt()) this.#o.onMounted();
    }, this.#delay);
    this.#timer.unref();
    this.#delay = Math.min(this.#delay * 2, MAX_RETRY_MS);
    return false;
  }

  #event(pod: Readonly<KubeObject>, message: string): void {
    try {
      this.#o.events.record(pod, 'Warning', 'FailedMount', message);
    } catch {
      // best effort
    }
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Deletes the pod's directory (the pod is gone). */
  remove(): void {
    this.stop();
    const pod = this.#o.pod();
    rmSync(podDir(this.#o.home, pod.metadata.namespace ?? 'default', pod.metadata.name ?? ''), {
      recursive: true,
      force: true,
    });
  }
}
