// The ALB side of the stack: the AWS Load Balancer Controller (Ingress -> AlbModel, status,
// events), the ALB data plane (listeners, rules, health checks) fed by it, and the ELBv2 read
// API over both. The controller's model flows one way into the data plane.
import { AlbController } from '../alb/controller.ts';
import type { AlbModel } from '../alb/model.ts';
import type { ApiExtension } from '../api/server.ts';
import { AlbDataPlane, type AlbReplicaSink } from '../dataplane/alb/server.ts';
import type { SharedCounters } from '../dataplane/alb/shared-counters.ts';
import { elbv2ApiExtension } from '../elbv2/api.ts';
import type { AddressPlan } from '../net/addresses.ts';
import type { DialTable } from '../net/dial-table.ts';
import type { CertificateAuthority } from '../pki/ca.ts';
import type { Store } from '../store/types.ts';
import { AlbAddresses } from './alb-addresses.ts';
import type { Component, ComponentStatus } from './component.ts';

export interface AlbComponents {
  controller: AlbController;
  dataPlane: AlbDataPlane;
  addresses: AlbAddresses;
  /** Starts after the controller: pushes every model into the data plane. */
  bridge: Component;
  elbv2: ApiExtension;
  summary(): string[];
}

export function albComponents(opts: {
  store: Store;
  plan: AddressPlan;
  dial: DialTable;
  ca: CertificateAuthority;
  portMap: ReadonlyMap<number, number>;
  log: (line: string) => void;
  /** The other data-plane threads that serve the ALB's plain-HTTP listeners too. */
  replicas?: AlbReplicaSink;
  shared?: SharedCounters;
}): AlbComponents {
  const controller = new AlbController({ store: opts.store });
  const addresses = new AlbAddresses(opts.plan);
  const dataPlane = new AlbDataPlane({
    dial: opts.dial,
    ca: opts.ca,
    address: (lb) => addresses.of(lb.name),
    portMap: opts.portMap,
    targets: (tg) => controller.targets(tg),
    log: opts.log,
    ...(opts.replicas ? { replicas: opts.replicas } : {}),
    ...(opts.shared ? { shared: opts.shared } : {}),
  });
  let pushed: AlbModel | undefined;
  let failure = '';
  const push = (model: AlbModel): void => {
    addresses.retain(new Set(model.loadBalancers.map((lb) => lb.name)));
    pushed = model;
    dataPlane.setModel(model).then(
      () => (failure = ''),
      (err: unknown) => {
        failure = err instanceof Error ? err.message : String(err);
        opts.log(`alb: ${failure}`);
      },
    );
  };
  const stops: (() => void)[] = [];
  const bridge: Component = {
    name: 'alb-model-push',
    start() {
      stops.push(
        controller.onModel(push),
        controller.onTargets(() => dataPlane.targetsChanged()),
      );
      push(controller.model);
      return Promise.resolve();
    },
    stop() {
      for (const s of stops.splice(0)) s();
      return Promise.resolve();
    },
    status(): ComponentStatus {
      const n = pushed?.loadBalancers.length ?? 0;
      return failure
        ? { ready: false, detail: failure }
        : { ready: true, detail: `${n} load balancer${n === 1 ? '' : 's'} in the data plane` };
    },
  };
  const elbv2 = elbv2ApiExtension({
    model: () => controller.model,
    health: (arn) => dataPlane.health(arn),
    addresses: (name) => addresses.of(name),
  });
  const summary = (): string[] => {
    const lines: string[] = [];
    for (const lb of controller.model.loadBalancers) {
      const ip = addresses.of(lb.name);
      lines.push(`ALB          ${lb.name}  ${lb.dnsName} -> ${ip}`);
      for (const l of dataPlane.listenersOf(lb.name)) {
        const where =
          l.boundPort === l.port ? `${l.address}:${l.port}` : `${l.address}:${l.boundPort} (port-mapped)`;
        lines.push(`  listener   ${l.protocol} ${l.port} on ${where}`);
      }
    }
    return lines;
  };
  return { controller, dataPlane, addresses, bridge, elbv2, summary };
}
