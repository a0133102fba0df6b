// GANGWAY_HOME resolution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gangwayHome } from './home.ts';

const CASES: { env: Record<string, string>; cwd?: string; want: string }[] = [
  { env: { GANGWAY_HOME: '/srv/gw', XDG_STATE_HOME: '/x', HOME: '/h' }, want: '/srv/gw' },
  { env: { GANGWAY_HOME: 'rel/gw', HOME: '/h' }, cwd: '/work', want: '/work/rel/gw' },
  { env: { XDG_STATE_HOME: '/state', HOME: '/h' }, want: '/state/gangway' },
  { env: { XDG_STATE_HOME: 'relative', HOME: '/h' }, want: '/h/.local/state/gangway' },
  { env: { XDG_STATE_HOME: '', HOME: '/h' }, want: '/h/.local/state/gangway' },
  { env: { HOME: '/home/u' }, want: '/home/u/.local/state/gangway' },
  { env: { GANGWAY_HOME: '', HOME: '/home/u' }, want: '/home/u/.local/state/gangway' },
];

for (const c of CASES) {
  void test(`gangwayHome(${JSON.stringify(c.env)}) = ${c.want}`, () => {
    assert.equal(gangwayHome(c.env, c.cwd ?? '/'), c.want);
  });
}
