// Starts every component of the stack in dependency order and stops them in reverse:
// store -> registry (with kube admission) -> PKI -> API server -> controllers, kube-proxy and
// the kubelet -> manifests given with -f. cli/commands/up.ts calls this.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiServer } from '../api/server.ts';
import { kubeAdmission, kubeComponents, nodeName } from '../kube/index.ts';
import { addressPlan } from '../net/addresses.ts';
import { DialTable } from '../net/dial-table.ts';
import { canBind } from '../net/probe-addresses.ts';
import { KUBECONFIG_FILE, preparePki, writeKubeconfig } from '../pki/index.ts';
import { createRegistry } from '../registry/registry.ts';
import { openStore } from '../store/store.ts';
import type { Store } from '../store/types.ts';
import { Kubelet } from '../workloads/kubelet.ts';
import { applyManifestFiles, type ApplyReport } from './apply-manifests.ts';
import type { Component } from './component.ts';

export interface StackOptions {
  home: string; // $GANGWAY_HOME, created if missing
  manifests: string[]; // -f paths applied at start ('-' for stdin)
  nodes: number; // --nodes, default 1
  apiPort: number; // 0: any free port
  addressBlock: number; // second octet of the loopback address plan
  log: (line: string) => void; // progress lines for the terminal
  stdin?: NodeJS.ReadableStream;
}

export interface Stack {
  components: Component[];
  apiURL: string;
  kubeconfigPath: string;
  /** What `up` prints once the stack is ready: what started and how to reach it. */
  summary(): string[];
  /** The result of applying the -f manifests (diagnostics already logged). */
  applied: ApplyReport;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  mkdirSync(opts.home, { recursive: true, mode: 0o700 });
  const multiAddress = await canBind(`127.${opts.addressBlock}.0.1`);
  const plan = addressPlan(opts.addressBlock, multiAddress);
  const dial = new DialTable();
  const started: Component[] = [];
  let store: Store | undefined;
  const stop = async (): Promise<void> => {
    for (const c of started.reverse()) {
      try {
        await c.stop();
      } catch (err) {
        opts.log(`stopping ${c.name}: ${String(err)}`);
      }
    }
    started.length = 0;
    await store?.close();
    store = undefined;
  };

  try {
    store = await openStore(opts.home);
    const registry = createRegistry(store, kubeAdmission(plan));
    const pki = await preparePki(opts.home);
    const nodeNames = Array.from({ length: opts.nodes }, (_, i) => nodeName(i));
    const kubelet = new Kubelet({ store, plan, dial, nodeNames, home: opts.home });

    const components: Component[] = [];
    const api = new ApiServer({
      registry,
      store,
      logs: kubelet.logs,
      token: pki.token,
      tls: { cert: pki.apiServer.certPem, key: pki.apiServer.keyPem },
      host: '127.0.0.1',
      port: opts.apiPort,
      readiness: () => {
        const checks = components.map((c) => ({ name: c.name, ok: c.status().ready }));
        return { ready: checks.every((c) => c.ok), checks };
      },
      log: opts.log,
    });
    await api.start();
    started.push(api);
    components.push(api);

    const kube = kubeComponents({
      store,
      plan,
      dial,
      nodes: opts.nodes,
      apiServer: { ip: '127.0.0.1', port: api.port },
    });
    for (const c of [...kube, kubelet]) {
      await c.start();
      started.push(c);
      components.push(c);
    }

    const kubeconfigPath = join(opts.home, KUBECONFIG_FILE);
    await writeKubeconfig(opts.home, { server: api.url, token: pki.token, caPem: pki.ca.certPem });

    const applied = await applyManifestFiles(registry, opts.manifests, {
      log: opts.log,
      ...(opts.stdin ? { stdin: opts.stdin } : {}),
    });

    const summary = (): string[] => [
      `API server   ${api.url}  (kubectl: export KUBECONFIG=${kubeconfigPath})`,
      ...nodeNames.map((n, i) => `node         ${n}  ${plan.nodeIP(i)}`),
      `address plan 127.${plan.block}.0.0/16${plan.multiAddress ? '' : ' (collapsed onto 127.0.0.1: this OS binds no other loopback address)'}`,
      `state        ${opts.home}`,
    ];
    return { components, apiURL: api.url, kubeconfigPath, summary, applied, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
