// The answer table: zones derived from record names, and the answer to each kind of question.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildZoneTable, zoneOf } from './zone.ts';
import { RCODE, TYPE } from './wire.ts';

void test('zoneOf: the parent domain, never a top-level domain', () => {
  const cases: [string, string][] = [
    ['istio-test-alb.example.com', 'example.com'],
    ['x.eu-west-3.elb.amazonaws.com', 'eu-west-3.elb.amazonaws.com'],
    ['example.com', 'example.com'],
    ['localhost', 'localhost'],
  ];
  for (const [name, zone] of cases) assert.equal(zoneOf(name), zone, name);
});

void test('buildZoneTable: nested zones merge upward; answers by case', () => {
  const table = buildZoneTable(
    [
      { name: 'A.Example.com.', type: 'A', ttl: 60, value: '127.1.2.1' },
      { name: 'x.sub.example.com', type: 'A', ttl: 60, value: '127.1.2.2' },
      { name: 'a.example.com', type: 'TXT', ttl: 60, value: 'hello' },
    ],
    { zones: ['gangway.test'], serial: 7 },
  );
  assert.deepEqual(table.zones, ['example.com', 'gangway.test']);
  assert.deepEqual(
    table.records.map((r) => r.name),
    ['a.example.com', 'a.example.com', 'x.sub.example.com'],
  );
  const ask = (name: string, type: number, klass = 1) => {
    const a = table.answer({ name, type, class: klass });
    return `${a.rcode} ${a.aa ? 'aa' : '-'} ${a.answers.length} ${a.authority.map((r) => r.name).join(',')}`;
  };
  const cases: [string, number, string][] = [
    ['a.example.com', TYPE.A, `${RCODE.NOERROR} aa 1 `],
    ['a.example.com', TYPE.ANY, `${RCODE.NOERROR} aa 2 `],
    ['a.example.com', TYPE.AAAA, `${RCODE.NOERROR} aa 0 example.com`],
    ['sub.example.com', TYPE.A, `${RCODE.NOERROR} aa 0 example.com`],
    ['b.example.com', TYPE.A, `${RCODE.NXDOMAIN} aa 0 example.com`],
    ['example.com', TYPE.SOA, `${RCODE.NOERROR} aa 1 `],
    ['example.com', TYPE.A, `${RCODE.NOERROR} aa 0 example.com`],
    ['anything.gangway.test', TYPE.A, `${RCODE.NXDOMAIN} aa 0 gangway.test`],
    ['example.org', TYPE.A, `${RCODE.NXDOMAIN} - 0 `],
  ];
  for (const [name, type, want] of cases) assert.equal(ask(name, type), want, `${name} ${type}`);
  assert.equal(ask('a.example.com', TYPE.A, 3), `${RCODE.REFUSED} - 0 `);
  const soa = table.answer({ name: 'example.com', type: TYPE.SOA, class: 1 }).answers[0];
  assert.equal(soa?.data.type === TYPE.SOA && soa.data.serial, 7);
});
