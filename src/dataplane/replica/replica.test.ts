// The pieces that let several data-plane threads act as one: a copy of a listening socket
// that each side closes on its own, and the ALB's balancing state in shared cells (two
// threads' copies of a target group alternate round-robin between them and see each other's
// requests in flight).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { Target, TargetGroup } from '../../alb/model.ts';
import { pickTarget } from '../alb/balancer.ts';
import { inFlightCellKey, rrCellKey } from '../alb/health-checker.ts';
import { SharedCounters } from '../alb/shared-counters.ts';
import { MirroredTargets } from './alb-replica.ts';
import { dupListener } from './listener-dup.ts';
import type { GroupSnapshot } from './protocol.ts';

function listen(server: net.Server, handle: object): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(handle, () => resolve());
  });
}

function hello(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    let got = '';
    c.on('data', (b) => (got += b.toString()));
    c.on('end', () => resolve(got));
    c.on('error', reject);
  });
}

void test('dupListener: a second descriptor of a listening socket outlives the first', async (t) => {
  const answer = (name: string) => (s: net.Socket) => s.end(name);
  const first = net.createServer(answer('first'));
  await new Promise<void>((r) => first.listen(0, '127.0.0.1', r));
  const port = (first.address() as net.AddressInfo).port;
  const fd = (first as unknown as { _handle: { fd: number } })._handle.fd;
  const copy = await dupListener(fd);
  const second = net.createServer(answer('second'));
  t.after(() => second.close());
  await listen(second, copy);
  await new Promise<void>((r) => first.close(() => r()));
  // The socket is still open through the copy: every connection now reaches the second server.
  for (let i = 0; i < 3; i++) assert.equal(await hello(port), 'second');
});

const tg = (algorithm: TargetGroup['loadBalancingAlgorithm']): TargetGroup =>
  ({ name: 'tg', arn: 'arn:tg', loadBalancingAlgorithm: algorithm }) as TargetGroup;
const target = (id: string): Target => ({ id, address: `127.0.0.${id}`, port: 80, healthCheckPort: 80 });

function twoThreads(algorithm: TargetGroup['loadBalancingAlgorithm']): [MirroredTargets, MirroredTargets] {
  const shared = new SharedCounters();
  const snapshot: GroupSnapshot = {
    tg: tg(algorithm),
    inUse: true,
    stickySeconds: 0,
    rrSlot: shared.slot(rrCellKey('arn:tg')),
    entries: ['1', '2'].map((id) => ({
      key: `${id}:80`,
      target: target(id),
      state: 'healthy' as const,
      slot: shared.slot(inFlightCellKey('arn:tg', `${id}:80`)),
    })),
  };
  const threads = [0, 1].map(() => new MirroredTargets(new Int32Array(shared.buffer), () => undefined));
  for (const m of threads) m.update([structuredClone(snapshot)]);
  return threads as [MirroredTargets, MirroredTargets];
}

void test('round_robin alternates across threads sharing the cells', () => {
  const [a, b] = twoThreads('round_robin');
  const picks: string[] = [];
  for (let i = 0; i < 6; i++) {
    const m = i % 3 === 0 ? a : b; // any interleaving of threads
    const g = m.group('arn:tg');
    assert.ok(g);
    picks.push(pickTarget(g, Math.random, undefined, m.cells)?.key ?? '-');
  }
  assert.deepEqual(picks, ['1:80', '2:80', '1:80', '2:80', '1:80', '2:80']);
});

void test('least_outstanding_requests sees the other thread’s requests in flight', () => {
  const [a, b] = twoThreads('least_outstanding_requests');
  const ga = a.group('arn:tg');
  const gb = b.group('arn:tg');
  assert.ok(ga && gb);
  const busy = pickTarget(ga, Math.random, undefined, a.cells);
  assert.ok(busy);
  a.begin(busy); // held open on thread a
  for (let i = 0; i < 4; i++) {
    const e = pickTarget(gb, Math.random, undefined, b.cells);
    assert.ok(e);
    assert.notEqual(e.key, busy.key, 'thread b avoids the target busy on thread a');
  }
  a.end(busy);
  const keys = new Set<string>();
  for (let i = 0; i < 4; i++) keys.add(pickTarget(gb, Math.random, undefined, b.cells)?.key ?? '-');
  assert.equal(keys.size, 2, 'with nothing outstanding both targets take requests again');
});
