// LocalEndpoints: direct hits, resolution through the Service resolver, unregistering only
// the endpoint that is registered, the env switch, one registry per DialTable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DialTable } from './dial-table.ts';
import {
  inprocEnabled,
  LocalEndpoints,
  localEndpointsOf,
  type LocalHttpEndpoint,
} from './local-endpoints.ts';

const ep = (): LocalHttpEndpoint => ({ serve: () => undefined });

void test('lookup: the address itself, else the resolver pick when it lands on an endpoint', () => {
  const r = new LocalEndpoints();
  const gw = ep();
  const calls: string[] = [];
  assert.equal(r.lookup('127.245.0.1', 30080, '127.0.0.1'), undefined);
  r.register('127.245.128.2', 8080, gw);
  r.setResolver((host, port, client) => {
    calls.push(`${host}:${port} from ${client}`);
    return port === 30080 ? { host: '127.245.128.2', port: 8080 } : { host: '127.245.128.9', port: 80 };
  });
  const cases: [string, number, LocalHttpEndpoint | undefined][] = [
    ['127.245.128.2', 8080, gw],
    ['127.245.0.1', 30080, gw],
    ['127.245.0.1', 30081, undefined],
  ];
  for (const [host, port, want] of cases)
    assert.equal(r.lookup(host, port, '127.0.0.1'), want, `${host}:${port}`);
  assert.deepEqual(calls, ['127.245.0.1:30080 from 127.0.0.1', '127.245.0.1:30081 from 127.0.0.1']);
  r.unregister('127.245.128.2', 8080, ep());
  assert.equal(r.get('127.245.128.2', 8080), gw);
  r.unregister('127.245.128.2', 8080, gw);
  assert.equal(r.size(), 0);
});

void test('one registry per DialTable; GANGWAY_INPROC=0 turns the hand-over off', () => {
  const a = new DialTable();
  assert.equal(localEndpointsOf(a), localEndpointsOf(a));
  assert.notEqual(localEndpointsOf(a), localEndpointsOf(new DialTable()));
  assert.equal(inprocEnabled({}), true);
  assert.equal(inprocEnabled({ GANGWAY_INPROC: '1' }), true);
  assert.equal(inprocEnabled({ GANGWAY_INPROC: '0' }), false);
});
