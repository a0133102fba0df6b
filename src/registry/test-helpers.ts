// Test fixtures for the registry: an in-memory store with namespaces, a registry over it,
// resource types by plural, and an assertion for API errors.
import assert from 'node:assert/strict';
import type { ResourceType } from '../resources/catalogue.ts';
import { RESOURCES } from '../resources/catalogue.ts';
import { openStore } from '../store/store.ts';
import type { Store } from '../store/types.ts';
import type { Admission } from './admission.ts';
import { createRegistry } from './registry.ts';
import { StatusError } from './status-error.ts';
import type { Registry } from './types.ts';

export const NOW = new Date('2026-11-26T14:00:00Z');

export function rt(group: string, plural: string): ResourceType {
  const r = RESOURCES.find((x) => x.group === group && x.plural === plural);
  if (!r) throw new Error(`no resource ${group}/${plural}`);
  return r;
}

export const NS = rt('', 'namespaces');
export const CM = rt('', 'configmaps');
export const SVC = rt('', 'services');
export const DEPLOY = rt('apps', 'deployments');
export const RS = rt('apps', 'replicasets');
export const VS = rt('networking.istio.io', 'virtualservices');

export async function setup(
  namespaces: string[] = ['default'],
  admission: Admission = new Map(),
): Promise<{ store: Store; reg: Registry }> {
  const store = await openStore(undefined, { now: () => NOW });
  const reg = createRegistry(store, admission, { now: () => NOW });
  for (const name of namespaces)
    reg.create(NS, 'v1', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return { store, reg };
}

export function configMap(
  name: string,
  data: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data };
}

export function deployment(name: string, replicas = 1, image = 'nginx:1') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

/** Runs `fn`, which must throw a StatusError with this code, reason and message. */
export function assertStatus(
  fn: () => unknown,
  code: number,
  reason: string,
  message?: string | RegExp,
): StatusError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof StatusError, `expected a StatusError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.reason, reason, caught.message);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}

/** Polls until `check` is true (background work runs on setImmediate). */
export async function eventually(what: string, check: () => boolean, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
