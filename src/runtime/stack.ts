// CONTRACT (owned by the integrator): start every component of the stack and stop them in
// reverse order. cli/commands/up.ts calls this.
import type { Component } from './component.ts';

export interface StackOptions {
  home: string; // $GANGWAY_HOME, created if missing
  manifests: string[]; // -f paths applied at start ('-' for stdin)
  nodes: number; // --nodes, default 1
  apiPort: number; // 0: any free port
  addressBlock: number; // second octet of the loopback address plan
  log: (line: string) => void; // progress lines for the terminal
}

export interface Stack {
  components: Component[];
  apiURL: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export function startStack(opts: StackOptions): Promise<Stack> {
  void opts;
  return Promise.reject(new Error('not wired yet'));
}
