import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptQueryToken, authorized, COOKIE } from './auth.ts';

const TOKEN = 'secret-token';
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

void test('authorized: the bearer header or the cookie, nothing else', () => {
  const cases: [Record<string, string>, boolean][] = [
    [{}, false],
    [{ authorization: `Bearer ${TOKEN}` }, true],
    [{ authorization: 'Bearer nope' }, false],
    [{ authorization: 'Bearer nope', cookie: `${COOKIE}=${TOKEN}` }, false],
    [{ cookie: `a=b; ${COOKIE}=${TOKEN}` }, true],
    [{ cookie: `${COOKIE}=${TOKEN}x` }, false],
    [{ cookie: `other=${TOKEN}` }, false],
  ];
  for (const [headers, want] of cases)
    assert.equal(authorized(req(headers), TOKEN), want, JSON.stringify(headers));
});

function fakeRes() {
  const out: { code?: number; headers?: Record<string, string> } = {};
  const res = {
    writeHead(code: number, headers: Record<string, string>) {
      out.code = code;
      out.headers = headers;
    },
    end() {
      return undefined;
    },
  } as unknown as ServerResponse;
  return { res, out };
}

void test('acceptQueryToken: sets the HttpOnly SameSite=Strict cookie and redirects to the clean URL', () => {
  const ok = fakeRes();
  assert.equal(
    acceptQueryToken(ok.res, new URL(`https://127.0.0.1/dashboard/?token=${TOKEN}&x=1`), TOKEN),
    true,
  );
  assert.equal(ok.out.code, 303);
  assert.equal(ok.out.headers?.['Location'], '/dashboard/?x=1');
  assert.match(
    ok.out.headers?.['Set-Cookie'] ?? '',
    new RegExp(`^${COOKIE}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`),
  );
  const bad = fakeRes();
  assert.equal(acceptQueryToken(bad.res, new URL('https://127.0.0.1/dashboard/?token=wrong'), TOKEN), true);
  assert.equal(bad.out.code, 401);
  assert.equal(acceptQueryToken(fakeRes().res, new URL('https://127.0.0.1/dashboard/'), TOKEN), false);
});
