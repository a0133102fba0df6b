// X-Forwarded-For processing modes, the client port, and preserve_host_header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerSettings, upstreamHeaders, type ClientFacts } from './upstream-headers.ts';

function xffOf(raw: string[], facts: Partial<ClientFacts>): string | undefined | 463 {
  const r = upstreamHeaders(raw, {
    host: 'example.com:8080',
    clientIp: '::ffff:127.232.0.9',
    listenerPort: 80,
    proto: 'http',
    now: new Date(0),
    ...facts,
  });
  if ('reject' in r) return r.reject;
  const xs: string[] = [];
  for (let i = 0; i + 1 < r.headers.length; i += 2)
    if (r.headers[i] === 'x-forwarded-for') xs.push(r.headers[i + 1]!);
  assert.ok(xs.length <= 1);
  return xs[0];
}

void test('X-Forwarded-For: append / preserve / remove, client port, 463', () => {
  const sent = ['X-Forwarded-For', '1.1.1.1'];
  const thirtyOne = [
    'X-Forwarded-For',
    Array.from({ length: 31 }, (_, i) => `10.0.0.${String(i)}`).join(', '),
  ];
  const table: [string, string[], Partial<ClientFacts>, string | undefined | 463][] = [
    ['append, none sent', [], {}, '127.232.0.9'],
    ['append, one sent', sent, {}, '1.1.1.1, 127.232.0.9'],
    ['append, client port', sent, { clientPort: 5555 }, '1.1.1.1, 127.232.0.9:5555'],
    ['append, IPv6 client port', [], { clientIp: '::1', clientPort: 7 }, '[::1]:7'],
    ['preserve, one sent', sent, { xffMode: 'preserve' }, '1.1.1.1'],
    ['preserve, none sent', [], { xffMode: 'preserve' }, undefined],
    ['remove', sent, { xffMode: 'remove' }, undefined],
    ['append, 31 addresses', thirtyOne, {}, 463],
    ['preserve, 31 addresses', thirtyOne, { xffMode: 'preserve' }, 463],
    ['remove, 31 addresses', thirtyOne, { xffMode: 'remove' }, undefined],
  ];
  for (const [name, raw, facts, want] of table) assert.equal(xffOf(raw, facts), want, name);
});

void test('headerSettings: attributes and defaults; preserve_host_header keeps Host', () => {
  assert.deepEqual(headerSettings({}), { xffMode: 'append', xffClientPort: false, preserveHost: false });
  assert.deepEqual(
    headerSettings({
      'routing.http.xff_header_processing.mode': 'remove',
      'routing.http.xff_client_port.enabled': 'true',
      'routing.http.preserve_host_header.enabled': 'true',
    }),
    { xffMode: 'remove', xffClientPort: true, preserveHost: true },
  );
  const facts: ClientFacts = {
    host: 'h.example:80',
    clientIp: '1.2.3.4',
    listenerPort: 80,
    proto: 'http',
    now: new Date(0),
  };
  const strip = upstreamHeaders([], facts);
  const keep = upstreamHeaders([], { ...facts, preserveHost: true });
  assert.ok('headers' in strip && 'headers' in keep);
  assert.equal(strip.headers[1], 'h.example');
  assert.equal(keep.headers[1], 'h.example:80');
});
