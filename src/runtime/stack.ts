// Starts every component of the stack in dependency order and stops them in reverse:
// store -> registry (with kube admission) -> PKI -> API server -> controllers, kube-proxy and
// the kubelet -> manifests given with -f. cli/commands/up.ts calls this.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiServer } from '../api/server.ts';
import { ensureAlbIngressClass } from '../alb/ingress-class.ts';
import { kubeAdmission, kubeComponents, nodeName } from '../kube/index.ts';
import { KubeProxy } from '../kube/kube-proxy.ts';
import { SharedCounters } from '../dataplane/alb/shared-counters.ts';
import { dataPlaneThreads, ReplicaHost } from '../dataplane/replica/host.ts';
import { addressPlan } from '../net/addresses.ts';
import { DialTable } from '../net/dial-table.ts';
import { canBind } from '../net/probe-addresses.ts';
import { KUBECONFIG_FILE, preparePki, writeKubeconfig } from '../pki/index.ts';
import { createRegistry } from '../registry/registry.ts';
import { openStore } from '../store/store.ts';
import type { Store } from '../store/types.ts';
import { Kubelet } from '../workloads/kubelet.ts';
import { applyManifestFiles, type ApplyReport } from './apply-manifests.ts';
import { albComponents, type AlbComponents } from './alb-components.ts';
import { dnsComponents, istioInstaller, istioValues } from './edge-components.ts';
import { istioComponents } from './istio-components.ts';
import type { Component } from './component.ts';
import { waitForDeployments } from './settle.ts';
import type { StackView } from './stack-view.ts';
import { traceApiExtension } from '../trace/api.ts';
import { analyzeApiExtension } from '../analyze/api.ts';
import { dashboard as createDashboard } from '../dashboard/api.ts';

export interface StackOptions {
  home: string; // $GANGWAY_HOME, created if missing
  manifests: string[]; // -f paths applied at start ('-' for stdin)
  nodes: number; // --nodes, default 1
  apiPort: number; // 0: any free port
  addressBlock: number; // second octet of the loopback address plan
  log: (line: string) => void; // progress lines for the terminal
  stdin?: NodeJS.ReadableStream;
  /** Install Istio's ingress gateway (default true; --no-istio). */
  istio?: boolean;
  /** istioctl-style --set values. */
  istioSets?: string[];
  /** --port-map: ALB listener port -> local port. */
  portMap?: ReadonlyMap<number, number>;
  /** --dns-port (0: any free port). */
  dnsPort?: number;
  /** Data-plane threads, the main one included (default: GANGWAY_DATAPLANE_THREADS, else min(2, CPUs)). */
  dataPlaneThreads?: number;
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
  const values = istioValues(opts.istioSets ?? []);
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
  const components: Component[] = [];
  const start = async (c: Component): Promise<void> => {
    await c.start();
    started.push(c);
    components.push(c);
  };

  try {
    store = await openStore(opts.home);
    const registry = createRegistry(store, kubeAdmission(plan));
    const pki = await preparePki(opts.home);
    const nodeNames = Array.from({ length: opts.nodes }, (_, i) => nodeName(i));
    const threads = new ReplicaHost({
      threads: opts.dataPlaneThreads ?? dataPlaneThreads(),
      dial,
      plan,
      shared: new SharedCounters(),
      log: opts.log,
    });
    const replicas = threads.active ? threads : undefined;
    const istio = istioComponents({
      store,
      rootCertPem: pki.ca.certPem,
      ...(replicas ? { replicas } : {}),
    });
    const kubelet = new Kubelet({ store, plan, dial, nodeNames, home: opts.home });
    const alb = albComponents({
      store,
      plan,
      dial,
      ca: pki.ca,
      portMap: opts.portMap ?? new Map(),
      log: opts.log,
      ...(replicas ? { replicas, shared: threads.shared } : {}),
    });
    const dns = dnsComponents({ store, port: opts.dnsPort ?? 0, alb, log: opts.log });
    let apiURL = '';
    const view: StackView = {
      home: opts.home,
      store,
      registry,
      plan,
      dial,
      alb,
      istio,
      kubelet,
      dns,
      token: pki.token,
      apiURL: () => apiURL,
    };
    const board = createDashboard(view);

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
      extensions: [
        alb.elbv2,
        dns.api,
        analyzeApiExtension(store),
        ...traceApiExtension(view),
        ...board.extensions,
      ],
    });
    await start(api);
    apiURL = api.url;
    const kube = kubeComponents({
      store,
      plan,
      dial,
      nodes: opts.nodes,
      apiServer: { ip: '127.0.0.1', port: api.port },
    });
    for (const c of kube) await start(c);
    const kubeProxy = kube.find((c): c is KubeProxy => c instanceof KubeProxy);
    if (kubeProxy)
      threads.connect({ services: kubeProxy, targets: () => alb.dataPlane.targets, eds: istio.istiod });
    await start(threads);
    for (const c of istio.components) await start(c);
    await start(kubelet);
    ensureAlbIngressClass(registry);
    await start(istioInstaller({ store, registry, values, install: opts.istio ?? true, log: opts.log }));
    for (const c of [alb.controller, alb.dataPlane, alb.bridge, dns.dns, dns.externalDns]) await start(c);
    if (board.component) await start(board.component);

    const kubeconfigPath = join(opts.home, KUBECONFIG_FILE);
    await writeKubeconfig(opts.home, { server: api.url, token: pki.token, caPem: pki.ca.certPem });

    const applied = await applyManifestFiles(registry, opts.manifests, {
      log: opts.log,
      ...(opts.stdin ? { stdin: opts.stdin } : {}),
    });
    const notReady = await waitForDeployments(store, 90_000);

    const summary = (): string[] => [
      `API server   ${api.url}  (kubectl: export KUBECONFIG=${kubeconfigPath})`,
      ...nodeNames.map((n, i) => `node         ${n}  ${plan.nodeIP(i)}`),
      `data plane   ${threads.status().detail} (ALB HTTP listeners, gateway HTTP routing; GANGWAY_DATAPLANE_THREADS)`,
      `address plan 127.${plan.block}.0.0/16${plan.multiAddress ? '' : ' (collapsed onto 127.0.0.1: this OS binds no other loopback address)'}`,
      `DNS          127.0.0.1:${dns.dns.port}  (dig @127.0.0.1 -p ${dns.dns.port} NAME; gangway dns lists the records)`,
      ...alb.summary(),
      ...curlHints(alb, join(opts.home, 'ca.crt')),
      `state        ${opts.home}`,
      ...(notReady.length > 0
        ? [`not ready    ${notReady.join(', ')} (see gangway status, kubectl describe)`]
        : []),
    ];
    return { components, apiURL: api.url, kubeconfigPath, summary, applied, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The curl line that reaches each external-dns hostname through its ALB's HTTPS listener. */
function curlHints(alb: AlbComponents, caPath: string): string[] {
  const lines: string[] = [];
  for (const lb of alb.controller.model.loadBalancers) {
    const ip = alb.addresses.of(lb.name);
    const https = alb.dataPlane.listenersOf(lb.name).find((l) => l.protocol === 'HTTPS');
    if (!https) continue;
    for (const host of lb.externalDnsHostnames.length > 0 ? lb.externalDnsHostnames : [lb.dnsName]) {
      const port = https.boundPort;
      const url = port === 443 ? `https://${host}/` : `https://${host}:${port}/`;
      lines.push(`try          curl --cacert ${caPath} --resolve ${host}:${port}:${ip} ${url}`);
    }
  }
  return lines;
}
