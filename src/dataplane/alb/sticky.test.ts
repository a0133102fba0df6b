// Stickiness cookie values and headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSticky, encodeSticky, readStickyCookie, stickyCookies } from './sticky.ts';

void test('encodeSticky/decodeSticky: round trip, expiry, forgery', () => {
  const v = encodeSticky('arn:tg x 10.0.0.1:8080', 2_000);
  assert.equal(decodeSticky(v, 1_999), 'arn:tg x 10.0.0.1:8080');
  assert.equal(decodeSticky(v, 2_000), undefined);
  const raw = Buffer.from(v, 'base64');
  raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
  assert.equal(decodeSticky(raw.toString('base64'), 0), undefined);
  assert.equal(decodeSticky('garbage', 0), undefined);
  assert.equal(decodeSticky('', 0), undefined);
});

void test('readStickyCookie: the cookie, else its CORS twin', () => {
  const table: [string[], string, string | undefined][] = [
    [['Cookie', 'a=1; AWSALB=v1; b=2'], 'AWSALB', 'v1'],
    [['cookie', 'AWSALBCORS=v2'], 'AWSALB', 'v2'],
    [['cookie', 'AWSALBCORS=v2', 'Cookie', 'AWSALB=v3'], 'AWSALB', 'v3'],
    [['cookie', 'AWSALBTG=g; AWSALB=t'], 'AWSALBTG', 'g'],
    [['cookie', 'AWSALBTG=g'], 'AWSALB', undefined],
    [['x-cookie', 'AWSALB=no'], 'AWSALB', undefined],
  ];
  for (const [raw, name, want] of table) assert.equal(readStickyCookie(raw, name), want, raw.join(' '));
});

void test('stickyCookies: 7-day Expires, CORS twin with SameSite=None; Secure', () => {
  const [a, b] = stickyCookies('AWSALB', 'VAL', new Date('2026-01-01T00:00:00Z'));
  assert.equal(a, 'AWSALB=VAL; Expires=Thu, 08 Jan 2026 00:00:00 GMT; Path=/');
  assert.equal(b, 'AWSALBCORS=VAL; Expires=Thu, 08 Jan 2026 00:00:00 GMT; Path=/; SameSite=None; Secure');
});
