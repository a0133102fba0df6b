// Child process of persistence.test.ts: writes objects to the store in a loop and prints
// `ack <name>` after each write returns, until it is killed.
import { openStore } from '../store.ts';

const dir = process.argv[2];
const prefix = process.argv[3] ?? 'obj';
if (!dir) throw new Error('usage: crash-writer <dir> <prefix>');
const KEY = { group: '', resource: 'configmaps' };
const store = await openStore(dir, { compactAfterBytes: 32 * 1024 });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const name = `${prefix}-${i}`;
  store.create(KEY, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data: { i: String(i), pad: 'x'.repeat(300) },
  });
  if (i % 3 === 0) {
    const prev = store.get(KEY, 'default', name)!;
    store.update(KEY, { ...prev, data: { i: String(i), updated: 'yes' } });
  }
  process.stdout.write(`ack ${name}\n`);
}
