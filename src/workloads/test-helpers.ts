// Test support for src/workloads: a RunContext on address block 211 and a poll-until
// helper with a generous deadline.
import { addressPlan } from '../net/addresses.ts';
import { DialTable } from '../net/dial-table.ts';
import type { RunContext } from './container.ts';

export const TEST_BLOCK = 211;

export function testContext(overrides: Partial<RunContext> & { lines?: string[] } = {}): RunContext {
  const lines = overrides.lines ?? [];
  return {
    namespace: 'test-ns',
    podName: 'web-1',
    hostname: overrides.podName ?? 'web-1',
    podIP: `127.${TEST_BLOCK}.128.2`,
    hostIP: `127.${TEST_BLOCK}.0.1`,
    containerName: 'web',
    ports: [],
    env: {},
    argv: [],
    home: process.cwd(),
    plan: addressPlan(TEST_BLOCK, true),
    dial: new DialTable(),
    log: (text) => lines.push(text),
    ...overrides,
  };
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
