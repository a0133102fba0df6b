// The ALB's own pages, redirect Locations, fixed responses and the headers sent to targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlbAction } from '../../alb/model.ts';
import { albPage, fixedResponse, redirectLocation } from './responses.ts';
import {
  MAX_XFF_ADDRESSES,
  newTraceId,
  targetHost,
  traceHeader,
  upstreamHeaders,
} from './upstream-headers.ts';

void test('ALB pages: nginx-style bodies with the sizes ALB sends', () => {
  assert.equal(albPage(503).body.length, 162);
  assert.equal(albPage(301).body.length, 134);
  assert.equal(
    albPage(502).body.toString(),
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
  );
  assert.match(albPage(504).body.toString(), /<title>504 Gateway Time-out<\/title>/);
  assert.equal(albPage(503).contentLength, '162');
});

type Redirect = Extract<AlbAction, { type: 'redirect' }>;
const keep: Redirect = {
  type: 'redirect',
  protocol: '#{protocol}',
  port: '#{port}',
  host: '#{host}',
  path: '/#{path}',
  query: '#{query}',
  statusCode: 'HTTP_301',
};

void test('redirectLocation: placeholders, always with the port', () => {
  const src = {
    protocol: 'http' as const,
    host: 'istio-test-alb.example.com',
    port: 80,
    path: '/',
    query: '',
  };
  const table: [Partial<Redirect>, typeof src, string][] = [
    [{ protocol: 'HTTPS', port: '443' }, src, 'https://istio-test-alb.example.com:443/'],
    [
      { protocol: 'HTTPS', port: '443' },
      { ...src, path: '/eks/', query: 'k=v' },
      'https://istio-test-alb.example.com:443/eks/?k=v',
    ],
    [{ host: 'aws.amazon.com', path: '/eks/', query: 'k=v' }, src, 'http://aws.amazon.com:80/eks/?k=v'],
    [{ path: '/new/#{path}' }, { ...src, path: '/old/x' }, 'http://istio-test-alb.example.com:80/new/old/x'],
    [{}, src, 'http://istio-test-alb.example.com:80/'],
  ];
  for (const [over, s, want] of table) assert.equal(redirectLocation({ ...keep, ...over }, s), want);
});

void test('fixedResponse: content type with charset, body as given', () => {
  const f = fixedResponse({ type: 'fixed-response', statusCode: '404', contentType: 'text/plain' });
  assert.deepEqual([f.status, f.contentType, f.contentLength], [404, 'text/plain; charset=utf-8', '0']);
  const g = fixedResponse({
    type: 'fixed-response',
    statusCode: '503',
    messageBody: 'Backend service does not exist',
  });
  assert.equal(g.body.toString(), 'Backend service does not exist');
});

void test('trace ids: Root added, Self added or updated', () => {
  const now = new Date(1_700_000_000_000);
  assert.match(newTraceId(now), /^1-6553f100-[0-9a-f]{24}$/);
  assert.match(traceHeader(undefined, now), /^Root=1-6553f100-[0-9a-f]{24}$/);
  const withRoot = traceHeader('Root=1-00000001-000000000000000000000001', now);
  assert.match(withRoot, /^Self=1-6553f100-[0-9a-f]{24};Root=1-00000001-000000000000000000000001$/);
  const again = traceHeader(withRoot, now);
  assert.equal(again.split(';').length, 2);
  assert.notEqual(newTraceId(now), newTraceId(now));
});

void test('targetHost: port stripped on 80/443, appended elsewhere', () => {
  assert.equal(targetHost('a.example.com:18443', 443), 'a.example.com');
  assert.equal(targetHost('a.example.com', 80), 'a.example.com');
  assert.equal(targetHost('a.example.com:9', 8080), 'a.example.com:8080');
  assert.equal(targetHost('[::1]:18080', 80), '[::1]');
});

void test('upstreamHeaders: hop-by-hop dropped, X-Forwarded-* and trace id set', () => {
  const facts = {
    host: 'h.example.com:18443',
    clientIp: '::ffff:127.0.0.9',
    listenerPort: 443,
    proto: 'https' as const,
    now: new Date(),
  };
  const r = upstreamHeaders(
    [
      ':method',
      'GET',
      'Connection',
      'keep-alive, X-Drop',
      'X-Drop',
      '1',
      'X-Forwarded-For',
      '10.0.0.1',
      'X-Forwarded-Proto',
      'http',
      'cookie',
      'a=1',
      'cookie',
      'b=2',
      'Accept',
      '*/*',
    ],
    facts,
  );
  assert.ok('headers' in r);
  const h = new Map<string, string>();
  for (let i = 0; i < r.headers.length; i += 2) h.set(r.headers[i]!.toLowerCase(), r.headers[i + 1]!);
  assert.equal(h.get('host'), 'h.example.com');
  assert.equal(h.get('x-forwarded-for'), '10.0.0.1, 127.0.0.9');
  assert.equal(h.get('x-forwarded-proto'), 'https');
  assert.equal(h.get('x-forwarded-port'), '443');
  assert.equal(h.get('cookie'), 'a=1; b=2');
  assert.equal(h.get('accept'), '*/*');
  assert.match(h.get('x-amzn-trace-id') ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  assert.equal(h.has('connection'), false);
  assert.equal(h.has('x-drop'), false);
  assert.equal(h.has(':method'), false);
  const many = Array.from({ length: MAX_XFF_ADDRESSES + 1 }, (_, i) => `10.0.0.${i}`).join(', ');
  assert.deepEqual(upstreamHeaders(['X-Forwarded-For', many], facts), { reject: 463 });
});
