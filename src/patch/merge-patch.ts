// JSON Merge Patch (RFC 7386): objects merge key by key, null deletes, anything else
// (arrays included) replaces. What kubectl sends for --type merge, label/annotate and
// apply on custom resources.
import { cloneJson, isMap } from './json.ts';
import type { JsonMap } from './json.ts';

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return cloneJson(patch);
  const out: JsonMap = isMap(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeInto(out[k], v);
  }
  return out;
}

/** Returns a new value: `patch` merged onto `target`. Neither input is changed. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(cloneJson(target), patch);
}
