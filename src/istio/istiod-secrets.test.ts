// istiod's SDS lookup: Istio's key rules for credentialName Secrets (cert/key before
// tls.crt/tls.key, CA from `<name>-cacert` before cacert / ca.crt), and change notifications
// from a real store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import { openStore } from '../store/store.ts';
import { Istiod, SECRETS } from './istiod.ts';
import { lookupCredential, type CredentialLookup } from './istiod-secrets.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function secret(name: string, data: Record<string, string>, namespace = 'istio-system'): KubeObject {
  const encoded: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) encoded[k] = b64(v);
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, data: encoded };
}

const cases: { name: string; secrets: KubeObject[]; want: CredentialLookup }[] = [
  {
    name: 'tls.crt / tls.key, CA from ca.crt',
    secrets: [secret('cred', { 'tls.crt': 'C', 'tls.key': 'K', 'ca.crt': 'A' })],
    want: { credential: { cert: 'C', key: 'K', ca: 'A' } },
  },
  {
    name: 'generic cert / key win, CA from cacert',
    secrets: [secret('cred', { cert: 'c', key: 'k', cacert: 'a', 'tls.crt': 'C', 'tls.key': 'K' })],
    want: { credential: { cert: 'c', key: 'k', ca: 'a' } },
  },
  {
    name: 'no CA',
    secrets: [secret('cred', { 'tls.crt': 'C', 'tls.key': 'K' })],
    want: { credential: { cert: 'C', key: 'K' } },
  },
  {
    name: 'the -cacert Secret wins over ca.crt',
    secrets: [
      secret('cred', { 'tls.crt': 'C', 'tls.key': 'K', 'ca.crt': 'A' }),
      secret('cred-cacert', { 'ca.crt': 'B' }),
    ],
    want: { credential: { cert: 'C', key: 'K', ca: 'B' } },
  },
  {
    name: 'a -cacert Secret with cacert',
    secrets: [secret('cred', { 'tls.crt': 'C', 'tls.key': 'K' }), secret('cred-cacert', { cacert: 'B' })],
    want: { credential: { cert: 'C', key: 'K', ca: 'B' } },
  },
  {
    name: 'missing key',
    secrets: [secret('cred', { 'tls.crt': 'C', 'ca.crt': 'A' })],
    want: {
      error:
        "found secret istio-system/cred, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: ca.crt, tls.crt",
    },
  },
  {
    name: 'another namespace does not count',
    secrets: [secret('cred', { 'tls.crt': 'C', 'tls.key': 'K' }, 'default')],
    want: { error: 'secret istio-system/cred not found' },
  },
];

for (const c of cases) {
  void test(`lookupCredential: ${c.name}`, () => {
    const get = (ns: string, n: string) =>
      c.secrets.find((s) => s.metadata.namespace === ns && s.metadata.name === n);
    assert.deepEqual(lookupCredential(get, 'istio-system', 'cred'), c.want);
  });
}

void test('Istiod.secretFor reads the store; watchSecrets fires on Secret changes', async (t) => {
  const store = await openStore(undefined);
  const istiod = new Istiod({ store });
  await istiod.start();
  t.after(() => istiod.stop());
  let fired = 0;
  const unwatch = istiod.watchSecrets(() => fired++);
  t.after(unwatch);
  assert.equal(istiod.secretFor('istio-system', 'cred'), undefined);
  store.create(SECRETS, secret('cred', { 'tls.crt': 'C1', 'tls.key': 'K1' }));
  const deadline = Date.now() + 30_000;
  while (fired === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(fired > 0);
  assert.deepEqual(istiod.secretFor('istio-system', 'cred'), { cert: 'C1', key: 'K1' });
});
