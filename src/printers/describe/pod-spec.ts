// Pod spec sections shared by the pod and pod template describers: volumes,
// tolerations and topology spread constraints.
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import { compareStrings } from '../../resources/go-json.ts';
import { formatLabelSelector } from '../../resources/label-selector.ts';
import { parseQuantity, quantityString } from '../../resources/quantity.ts';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer.ts';

const optionalBool = (v: boolean | undefined | null): string => (v == null ? '<nil>' : String(v));

function describeVolume(v: IVolume, w: PrefixWriter): void {
  if (v.hostPath) {
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${
        v.hostPath.type ?? '<none>'
      }\n`,
    );
  } else if (v.emptyDir) {
    const q = parseQuantity(v.emptyDir.sizeLimit ?? '');
    const size = q && q.value > 0n ? quantityString(q) : '<unset>';
    w.write(
      LEVEL_2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${
        v.emptyDir.medium ?? ''
      }\n    SizeLimit:\t${size}\n`,
    );
  } else if (v.secret) {
    w.write(
      LEVEL_2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${
        v.secret.optional === true
      }\n`,
    );
  } else if (v.configMap) {
    w.write(
      LEVEL_2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${
        v.configMap.optional === true
      }\n`,
    );
  } else if (v.projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const s of v.projected.sources ?? []) {
      if (s.secret) {
        w.write(
          LEVEL_2,
          `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${optionalBool(s.secret.optional)}\n`,
        );
      } else if (s.downwardAPI) {
        w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      } else if (s.configMap) {
        w.write(
          LEVEL_2,
          `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalBool(s.configMap.optional)}\n`,
        );
      } else if (s.serviceAccountToken) {
        w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
      }
    }
  } else if (v.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.persistentVolumeClaim) {
    w.write(
      LEVEL_2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${
        v.persistentVolumeClaim.claimName
      }\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
    );
  } else if (v.nfs) {
    w.write(
      LEVEL_2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${
        v.nfs.path
      }\n    ReadOnly:\t${v.nfs.readOnly === true}\n`,
    );
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

/** describeVolumes. */
export function describeVolumes(
  volumes: readonly IVolume[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const list = volumes ?? [];
  if (list.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of list) {
    w.write(LEVEL_1, `${space.length > 0 ? ' ' : ''}${v.name}:\n`);
    describeVolume(v, w);
  }
}

/** printTolerationsMultilineWithIndent. */
export function printTolerations(
  w: PrefixWriter,
  title: string,
  tolerations: readonly IToleration[] | undefined,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const list = [...(tolerations ?? [])];
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  list.sort((a, b) => compareStrings(a.key ?? '', b.key ?? ''));
  list.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds != null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** describeTopologySpreadConstraints (nothing when there are none). */
export function describeTopologySpread(
  list: readonly ITopologySpreadConstraint[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const tscs = [...(list ?? [])];
  if (tscs.length === 0) return;
  tscs.sort((a, b) => compareStrings(a.topologyKey, b.topologyKey));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  tscs.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}
