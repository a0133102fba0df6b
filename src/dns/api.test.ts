// GET /gangway/dns on a real ApiServer: the listing, the token, other methods and paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startHarness } from '../api/test-support/harness.ts';
import { dnsApiExtension } from './api.ts';
import { DnsServer } from './server.ts';

void test('GET /gangway/dns lists server, zones and records; needs the token', async (t) => {
  const dns = new DnsServer({ port: 0 });
  await dns.start();
  dns.setRecords([{ name: 'istio-test-alb.example.com', type: 'A', ttl: 60, value: '127.1.2.1' }]);
  const h = await startHarness({ extensions: [dnsApiExtension(dns)] });
  t.after(async () => {
    await h.close();
    await dns.stop();
  });
  const ok = await call(h.url, 'GET', '/gangway/dns');
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json(), {
    kind: 'DnsRecordList',
    server: { host: '127.0.0.1', port: dns.port },
    zones: ['example.com'],
    records: [{ name: 'istio-test-alb.example.com', type: 'A', ttl: 60, value: '127.1.2.1' }],
  });
  assert.equal((await call(h.url, 'GET', '/gangway/dns', { token: null })).status, 401);
  assert.equal((await call(h.url, 'GET', '/gangway/dns', { token: 'wrong' })).status, 401);
  assert.equal((await call(h.url, 'POST', '/gangway/dns', { body: {} })).status, 405);
  assert.equal((await call(h.url, 'GET', '/gangway/dns/x')).status, 404);
});
