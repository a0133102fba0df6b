// `kubectl describe configmap` and `kubectl describe secret` (describe.go
// describeConfigMap, describeSecret). Secret values are never printed, only their sizes.
import type { KubeObject } from '../../resources/types.ts';
import { compareStrings } from '../../resources/go-json.ts';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './format.ts';
import { LEVEL_0, tabbed } from './prefix-writer.ts';

function stringMap(v: unknown): Record<string, string> {
  return v !== null && typeof v === 'object' ? (v as Record<string, string>) : {};
}

const decodedLength = (b64: string): number => Buffer.from(b64, 'base64').length;

export function describeConfigMap(obj: Readonly<KubeObject>, events: readonly unknown[], now: Date): string {
  const data = stringMap(obj['data']);
  const binary = stringMap(obj['binaryData']);
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of Object.keys(data).sort(compareStrings)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${data[k] ?? ''}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of Object.keys(binary).sort(compareStrings)) {
      w.write(LEVEL_0, `${k}: ${decodedLength(binary[k] ?? '')} bytes\n`);
    }
    w.write(LEVEL_0, '\n');
    describeEvents(events, w, now);
  });
}

export function describeSecret(obj: Readonly<KubeObject>): string {
  const type = typeof obj['type'] === 'string' ? obj['type'] : '';
  const data = stringMap(obj['data']);
  const lengths = new Map(Object.entries(data).map(([k, v]) => [k, decodedLength(v)]));
  // stringData is merged into data when the object is decoded.
  for (const [k, v] of Object.entries(stringMap(obj['stringData']))) lengths.set(k, Buffer.byteLength(v));
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${type}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of [...lengths.keys()].sort(compareStrings)) {
      if (k === 'token' && type === 'kubernetes.io/service-account-token') {
        w.write(LEVEL_0, `${k}:\t${Buffer.from(data[k] ?? '', 'base64').toString('utf8')}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${lengths.get(k) ?? 0} bytes\n`);
      }
    }
  });
}
