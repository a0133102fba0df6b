// The proxyv2 built-in image: found under any tag once registered, and a started container
// answers 15021 with 503 until istiod pushes its first model, then 200.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Istiod } from '../../istio/istiod.ts';
import { parseImageRef } from '../../workloads/image-ref.ts';
import { findBuiltin } from '../../workloads/images/builtin.ts';
import { testContext } from '../../workloads/test-helpers.ts';
import { addressPlan } from '../../net/addresses.ts';
import { openStore } from '../../store/store.ts';
import { registerProxyv2 } from './image.ts';
import { BLOCK, gatewayModel, get, PROXY } from './test-helpers.ts';

void test('proxyv2 registers under every tag and turns ready with the first model', async (t) => {
  const store = await openStore(undefined);
  t.after(() => store.close());
  let gate = false;
  const istiod = new Istiod({
    store,
    translate: () => {
      if (!gate) throw new Error('not yet');
      return { model: gatewayModel(), diagnostics: [] };
    },
  });
  await istiod.start();
  t.after(() => istiod.stop());
  const undo = registerProxyv2(istiod);
  t.after(undo);
  assert.equal(findBuiltin(parseImageRef('docker.io/nginxdemos/hello')!)?.identity, 'nginxdemos/hello:0.4');
  const image = findBuiltin(parseImageRef('istio/proxyv2:1.24.2')!);
  assert.equal(image?.identity, 'istio/proxyv2');
  assert.equal(findBuiltin(parseImageRef('gcr.io/istio-release/proxyv2:1.30.0')!), image);

  const lines: string[] = [];
  const ctx = testContext({
    namespace: PROXY.namespace,
    podName: PROXY.name,
    labels: PROXY.labels,
    podIP: `127.${BLOCK}.128.200`,
    plan: addressPlan(BLOCK, true),
    lines,
  });
  const container = await image.start(ctx);
  t.after(() => container.stop(1));
  const at = ctx.dial.resolve(ctx.podIP, 15021);
  assert.equal((await get(at.host, at.port, '/healthz/ready')).status, 503);
  gate = true;
  // istiod translates again on the next config event.
  store.create(
    { group: 'networking.istio.io', resource: 'gateways' },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'poke', namespace: 'istio-system' },
    },
  );
  const deadline = Date.now() + 30_000;
  while ((await get(at.host, at.port, '/healthz/ready')).status !== 200) {
    assert.ok(Date.now() < deadline, 'ready in time');
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal((await container.stop(1)).exitCode, 0);
});
