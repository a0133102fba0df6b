// $GANGWAY_HOME: where one gangway keeps its state (store, PKI, kubeconfig, pid, log).
// Default `${XDG_STATE_HOME:-$HOME/.local/state}/gangway`, as the XDG base directory spec
// places state; relative values are taken from the working directory.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function gangwayHome(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  const explicit = env['GANGWAY_HOME'];
  if (explicit) return resolve(cwd, explicit);
  const xdg = env['XDG_STATE_HOME'];
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.local', 'state');
  return join(base, 'gangway');
}

/** Creates the home directory (mode 0700: it holds keys and tokens) if missing. */
export function ensureHome(home: string): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}
