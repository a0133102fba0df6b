// The Node objects the kubelets of `--nodes N` register: gangway-node-1..N with addresses
// from the address plan, this machine's capacity and system info, and the conditions a
// healthy kubelet posts. Nodes beyond N left from an earlier run are removed; a deleted
// node is registered again, as a running kubelet does.
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import type { AddressPlan } from '../net/addresses.ts';
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { NODES } from './keys.ts';
import { copy, type Node } from './objects.ts';
import { rfc3339 } from '../resources/time.ts';
import { updateIfChanged } from './store-util.ts';

export const KUBELET_VERSION = 'v1.32.4';
export const CONTAINER_RUNTIME_VERSION = 'gangway://0.1.0';
const NAME = /^gangway-node-(\d+)$/;

export function nodeName(index: number): string {
  return `gangway-node-${index + 1}`;
}

/** 0-based node index of a gangway node name, or undefined. */
export function nodeIndex(name: string): number | undefined {
  const m = NAME.exec(name);
  return m ? Number(m[1]) - 1 : undefined;
}

export interface NodeControllerOptions {
  store: Store;
  plan: AddressPlan;
  nodes: number;
  now?: () => Date;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function goArch(arch: string): string {
  return (
    { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' } as const
  )[arch as 'x64'];
}

function osImage(): string {
  const release = readText('/etc/os-release');
  const pretty = release ? /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1] : undefined;
  return pretty ?? `${os.type()} ${os.release()}`;
}

/** What every node reports about the machine (they all run on this one). */
export function machineFacts(): {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  info: Record<string, string>;
} {
  const memKi = Math.floor(os.totalmem() / 1024);
  let diskKi: number;
  try {
    const fs = statfsSync('/');
    diskKi = Math.floor((fs.blocks * fs.bsize) / 1024);
  } catch {
    diskKi = 0;
  }
  const cpu = String(Math.max(1, os.cpus().length));
  const capacity = {
    cpu,
    'ephemeral-storage': `${diskKi}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${memKi}Ki`,
    pods: '110',
  };
  const allocatable = {
    ...capacity,
    // kubelet defaults: eviction at memory.available<100Mi and nodefs.available<10%.
    'ephemeral-storage': String(Math.floor(diskKi * 1024 * 0.9)),
    memory: `${Math.max(0, memKi - 102400)}Ki`,
  };
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const info = {
    architecture: goArch(process.arch) ?? process.arch,
    bootID: readText('/proc/sys/kernel/random/boot_id') ?? '',
    containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
    kernelVersion: os.release(),
    kubeProxyVersion: '',
    kubeletVersion: KUBELET_VERSION,
    machineID: readText('/etc/machine-id') ?? '',
    operatingSystem: platform,
    osImage: osImage(),
    systemUUID: readText('/sys/class/dmi/id/product_uuid') ?? '',
  };
  return { capacity, allocatable, info };
}

const CONDITIONS = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
] as const;

type NodeCondition = {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
};

/** The Node `index` should be, merged over what is stored (user labels, taints, cordon kept). */
export function desiredNode(
  plan: AddressPlan,
  index: number,
  facts: ReturnType<typeof machineFacts>,
  have: Readonly<Node> | undefined,
  now: Date,
  heartbeat: boolean,
): Node {
  const name = nodeName(index);
  const arch = facts.info['architecture'] ?? 'amd64';
  const osName = facts.info['operatingSystem'] ?? 'linux';
  const base: Node = have ? copy<Node>(have) : { apiVersion: 'v1', kind: 'Node', metadata: { name } };
  base.metadata.labels = {
    ...base.metadata.labels,
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': osName,
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': osName,
    'node.kubernetes.io/instance-type': 'gangway',
  };
  base.metadata.annotations = {
    ...base.metadata.annotations,
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  };
  base.spec = { ...base.spec, podCIDR: plan.podCIDR(index), podCIDRs: [plan.podCIDR(index)] };
  const ts = rfc3339(now);
  const old = (have?.status?.conditions ?? []) as NodeCondition[];
  const conditions = CONDITIONS.map(([type, status, reason, message]) => {
    const prev = old.find((c) => c.type === type);
    const same = prev?.status === status;
    return {
      type,
      status,
      lastHeartbeatTime: same && !heartbeat && prev.lastHeartbeatTime ? prev.lastHeartbeatTime : ts,
      lastTransitionTime: same && prev.lastTransitionTime ? prev.lastTransitionTime : ts,
      reason,
      message,
    };
  });
  base.status = {
    addresses: [
      { type: 'InternalIP', address: plan.nodeIP(index) },
      { type: 'Hostname', address: name },
    ],
    allocatable: facts.allocatable,
    capacity: facts.capacity,
    conditions,
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: facts.info as never,
  };
  return base;
}

/** Registers gangway-node-1..N and keeps them as a healthy kubelet would. */
export function nodeController(opts: NodeControllerOptions): Component {
  const { store, plan, nodes } = opts;
  const now = opts.now ?? (() => new Date());
  const facts = machineFacts();
  const beaten = new Set<string>();
  return new ControllerLoop({
    name: 'node-controller',
    store,
    watches: [
      {
        key: NODES,
        keysFor: (e) => (NAME.test(e.object.metadata.name ?? '') ? [e.object.metadata.name!] : []),
      },
    ],
    resync: () => {
      beaten.clear();
      const names = new Set<string>();
      for (let i = 0; i < nodes; i++) names.add(nodeName(i));
      for (const n of store.list(NODES)) if (NAME.test(n.metadata.name ?? '')) names.add(n.metadata.name!);
      return names;
    },
    reconcile: (name) => {
      const index = nodeIndex(name);
      const have = store.get(NODES, '', name) as Readonly<Node> | undefined;
      if (index === undefined || index >= nodes) {
        if (have) store.delete(NODES, '', name);
        return undefined;
      }
      const heartbeat = !beaten.has(name);
      const want = desiredNode(plan, index, facts, have, now(), heartbeat);
      if (!have) store.create(NODES, want);
      else updateIfChanged(store, NODES, have, want);
      beaten.add(name);
      return undefined;
    },
    detail: () =>
      `${nodes} node${nodes === 1 ? '' : 's'}: ${Array.from({ length: nodes }, (_, i) => `${nodeName(i)} (${plan.nodeIP(i)})`).join(', ')}`,
  });
}
