// The kubeconfig gangway writes: names, CA data, token, current-context, mode 0600, and
// that it reads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseKubeconfig, readKubeconfig, renderKubeconfig, writeKubeconfig } from './kubeconfig.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

void test('the kubeconfig names cluster, user and context gangway and sets current-context', () => {
  const text = renderKubeconfig({ server: 'https://127.0.0.1:6443', token: 'abc', caPem: CA });
  assert.deepEqual(parse(text), {
    apiVersion: 'v1',
    clusters: [
      {
        cluster: {
          'certificate-authority-data': Buffer.from(CA).toString('base64'),
          server: 'https://127.0.0.1:6443',
        },
        name: 'gangway',
      },
    ],
    contexts: [{ context: { cluster: 'gangway', user: 'gangway' }, name: 'gangway' }],
    'current-context': 'gangway',
    kind: 'Config',
    preferences: {},
    users: [{ name: 'gangway', user: { token: 'abc' } }],
  });
  assert.match(text, /^clusters:\n- cluster:\n/m, 'sequences are not indented, as kubectl writes them');
});

void test('writeKubeconfig writes $GANGWAY_HOME/kubeconfig with mode 0600 and it reads back', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'gangway-kc-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  const path = await writeKubeconfig(home, { server: 'https://127.0.0.1:1234', token: 'tok', caPem: CA });
  assert.equal(path, join(home, 'kubeconfig'));
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readKubeconfig(home), { server: 'https://127.0.0.1:1234', caPem: CA, token: 'tok' });
  assert.equal(await readKubeconfig(join(home, 'missing')), undefined);
  assert.ok((await readFile(path, 'utf8')).includes('current-context: gangway'));
});

void test('parseKubeconfig follows current-context and reads its namespace', () => {
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'current-context: b',
    'clusters:',
    '- name: one',
    '  cluster: {server: "https://one"}',
    '- name: two',
    '  cluster: {server: "https://two"}',
    'users:',
    '- name: u',
    '  user: {token: t2}',
    'contexts:',
    '- name: a',
    '  context: {cluster: one, user: u}',
    '- name: b',
    '  context: {cluster: two, user: u, namespace: test-ns}',
  ].join('\n');
  assert.deepEqual(parseKubeconfig(text), { server: 'https://two', token: 't2', namespace: 'test-ns' });
  assert.throws(() => parseKubeconfig('kind: Config\n'), /no server/);
});
