// What the dashboard's panel and config list show about one object: its YAML, its Events,
// and the analyzers' findings over the live objects (src/analyze, run on the store's state).
import { stringify } from 'yaml';
import { ANALYZED_KINDS as KINDS, liveFindings, safeList } from '../analyze/live.ts';
import { levelOf } from '../analyze/types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { objectRef } from '../resources/types.ts';
import type { Store } from '../store/types.ts';

/** The config list's kinds, in the order the page shows them. */
export const CONFIG_KINDS = ['Ingress', 'Gateway', 'VirtualService', 'DestinationRule', 'Service'] as const;

export interface Badge {
  code: string;
  level: string; // Error | Warning | Info
  message: string;
}

export interface ConfigItem {
  kind: string;
  namespace: string;
  name: string;
  findings: Badge[];
}

function badgesOf(findings: readonly Diagnostic[], ref: string): Badge[] {
  return findings
    .filter((d) => d.object === ref)
    .map((d) => ({ code: d.code, level: levelOf(d.severity), message: d.message }));
}

export function configList(store: Store): ConfigItem[] {
  const findings = liveFindings(store);
  const out: ConfigItem[] = [];
  for (const kind of CONFIG_KINDS)
    for (const o of safeList(store, KINDS[kind]!))
      out.push({
        kind,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name ?? '',
        findings: badgesOf(findings, objectRef(o)),
      });
  return out;
}

export interface EventRow {
  type: string;
  reason: string;
  message: string;
  count: number;
  last: string;
}

export interface ObjectDetails {
  kind: string;
  namespace: string;
  name: string;
  yaml: string;
  events: EventRow[];
  findings: Badge[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** YAML, Events and findings of one object, or undefined when it does not exist. */
export function objectDetails(
  store: Store,
  kind: string,
  namespace: string,
  name: string,
): ObjectDetails | undefined {
  const key = KINDS[kind];
  if (!key) return undefined;
  const obj = store.get(key, namespace, name);
  if (!obj) return undefined;
  const { managedFields: _m, ...metadata } = obj.metadata as Record<string, unknown>;
  const events = safeList(store, { group: '', resource: 'events' })
    .filter((e) => {
      const io = e['involvedObject'] as { kind?: string; name?: string; namespace?: string } | undefined;
      return io?.kind === kind && io.name === name && (io.namespace ?? '') === namespace;
    })
    .map((e) => ({
      type: str(e['type']),
      reason: str(e['reason']),
      message: str(e['message']),
      count: Number(e['count'] ?? 1),
      last: str(e['lastTimestamp'] ?? e['eventTime']),
    }));
  return {
    kind,
    namespace,
    name,
    yaml: stringify({ ...obj, metadata }),
    events,
    findings: badgesOf(liveFindings(store), objectRef(obj)),
  };
}
