// What a pod volume contains, as the kubelet's volume plugins compute it before writing:
// secret, configMap, downwardAPI and projected sources become a set of files (relative
// path -> bytes + mode); emptyDir (and the sources gangway does not model) are empty
// directories. A missing non-optional object or key is a MountError, worded as the kubelet's.
import { podMetadataField } from './pod-fields.ts';
import { objectData } from './object-data.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Store } from '../store/types.ts';

export class MountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MountError';
  }
}

export interface VolumeFile {
  data: Buffer;
  mode: number;
}

export type VolumeFiles = Map<string, VolumeFile>;

interface KeyToPath {
  key?: string;
  path?: string;
  mode?: number;
}

interface ObjectSource {
  name?: string;
  secretName?: string;
  items?: KeyToPath[];
  optional?: boolean;
  defaultMode?: number;
}

interface DownwardItem {
  path?: string;
  fieldRef?: { fieldPath?: string };
  mode?: number;
}

export interface VolumeSpec {
  name: string;
  secret?: ObjectSource;
  configMap?: ObjectSource;
  downwardAPI?: { items?: DownwardItem[]; defaultMode?: number };
  projected?: {
    defaultMode?: number;
    sources?: {
      secret?: ObjectSource;
      configMap?: ObjectSource;
      downwardAPI?: { items?: DownwardItem[] };
      serviceAccountToken?: { path?: string; audience?: string };
    }[];
  };
  [source: string]: unknown;
}

export interface ContentInputs {
  store: Store;
  pod: Readonly<KubeObject>;
}

const DEFAULT_MODE = 0o644;

function addObject(
  files: VolumeFiles,
  kind: 'secrets' | 'configmaps',
  src: ObjectSource,
  defaultMode: number,
  inputs: ContentInputs,
): void {
  const ns = inputs.pod.metadata.namespace ?? 'default';
  const name = (kind === 'secrets' ? (src.secretName ?? src.name) : src.name) ?? '';
  const data = objectData(inputs.store, kind, ns, name);
  const what = kind === 'secrets' ? 'secret' : 'configmap';
  if (!data) {
    if (src.optional) return;
    throw new MountError(`${what} "${name}" not found`);
  }
  if (!src.items?.length) {
    for (const [k, v] of data) files.set(k, { data: v, mode: defaultMode });
    return;
  }
  for (const item of src.items) {
    const v = data.get(item.key ?? '');
    if (v === undefined) {
      if (src.optional) continue;
      throw new MountError(
        kind === 'secrets'
          ? `references non-existent secret key: ${item.key ?? ''}`
          : `configmap references non-existent config key: ${item.key ?? ''}`,
      );
    }
    files.set(item.path ?? item.key ?? '', { data: v, mode: item.mode ?? defaultMode });
  }
}

/** `key="value"` lines, sorted by key, as the downward API writes a map. */
function mapLines(m: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(m ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join('\n');
}

function fieldText(path: string, pod: Readonly<KubeObject>): string {
  const meta = pod.metadata;
  const own = podMetadataField(path, meta);
  if (own !== undefined) return own;
  switch (path) {
    case 'metadata.labels':
      return mapLines(meta.labels);
    case 'metadata.annotations':
      return mapLines(meta.annotations);
    default:
      return '';
  }
}

function addDownward(
  files: VolumeFiles,
  items: DownwardItem[] | undefined,
  mode: number,
  pod: KubeObject,
): void {
  for (const item of items ?? []) {
    if (!item.path || !item.fieldRef?.fieldPath) continue;
    files.set(item.path, {
      data: Buffer.from(fieldText(item.fieldRef.fieldPath, pod)),
      mode: item.mode ?? mode,
    });
  }
}

/** A stand-in projected token: gangway's workloads do not call the API with it. */
function tokenFor(pod: Readonly<KubeObject>, audience: string | undefined): Buffer {
  const sa = (pod['spec'] as { serviceAccountName?: string } | undefined)?.serviceAccountName ?? 'default';
  const claims = {
    aud: [audience ?? 'https://kubernetes.default.svc.cluster.local'],
    sub: `system:serviceaccount:${pod.metadata.namespace ?? 'default'}:${sa}`,
  };
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return Buffer.from(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`);
}

/**
 * The files of one volume, or 'dir' for a volume that starts as an empty directory
 * (emptyDir, hostPath and the kinds gangway does not model). Throws MountError.
 */
export function volumeContent(v: VolumeSpec, inputs: ContentInputs): VolumeFiles | 'dir' {
  const pod = inputs.pod;
  if (v.secret) {
    const files: VolumeFiles = new Map();
    addObject(files, 'secrets', v.secret, v.secret.defaultMode ?? DEFAULT_MODE, inputs);
    return files;
  }
  if (v.configMap) {
    const files: VolumeFiles = new Map();
    addObject(files, 'configmaps', v.configMap, v.configMap.defaultMode ?? DEFAULT_MODE, inputs);
    return files;
  }
  if (v.downwardAPI) {
    const files: VolumeFiles = new Map();
    addDownward(files, v.downwardAPI.items, v.downwardAPI.defaultMode ?? DEFAULT_MODE, pod);
    return files;
  }
  if (v.projected) {
    const files: VolumeFiles = new Map();
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    const errors: string[] = [];
    for (const s of v.projected.sources ?? []) {
      try {
        if (s.secret) addObject(files, 'secrets', s.secret, mode, inputs);
        else if (s.configMap) addObject(files, 'configmaps', s.configMap, mode, inputs);
        else if (s.downwardAPI) addDownward(files, s.downwardAPI.items, mode, pod);
        else if (s.serviceAccountToken?.path)
          files.set(s.serviceAccountToken.path, {
            data: tokenFor(pod, s.serviceAccountToken.audience),
            mode: 0o600,
          });
      } catch (err) {
        if (!(err instanceof MountError)) throw err;
        errors.push(err.message);
      }
    }
    if (errors.length === 1) throw new MountError(errors[0] ?? '');
    if (errors.length > 1) throw new MountError(`[${errors.join(', ')}]`);
    return files;
  }
  return 'dir';
}
