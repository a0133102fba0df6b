// The HTTPS listener serves its ssl-policy: protocol versions outside the ELBSecurityPolicy's
// range fail the handshake, those inside it succeed (loopback block 233).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { tlsPolicyFor } from '../../alb/translate/ssl-policies.ts';
import { DialTable } from '../../net/dial-table.ts';
import { createCA } from '../../pki/ca.ts';
import { AlbDataPlane } from './server.ts';
import { HOST, listener, loadBalancer } from './test-helpers.ts';

async function plane(t: TestContext, octet: number, policy: string): Promise<{ port: number; ca: string }> {
  const ca = await createCA();
  const l = listener(443, 'HTTPS', [], {
    type: 'fixed-response',
    statusCode: '200',
    contentType: 'text/plain',
  });
  l.sslPolicy = policy;
  l.tlsPolicy = tlsPolicyFor(policy);
  const model = { loadBalancers: [loadBalancer([l], [])] };
  const p = new AlbDataPlane({
    dial: new DialTable(),
    ca,
    address: () => `127.233.${octet}.100`,
    portMap: new Map([[443, 0]]),
    targets: () => [],
  });
  t.after(() => p.stop());
  await p.setModel(model);
  await p.start();
  return { port: p.listenersOf(model.loadBalancers[0]!.name)[0]!.boundPort, ca: ca.certPem };
}

/** The negotiated protocol, or the handshake error's code. */
function handshake(
  octet: number,
  port: number,
  ca: string,
  min: tls.SecureVersion,
  max: tls.SecureVersion,
): Promise<string> {
  return new Promise((resolve) => {
    const s = tls.connect({
      host: `127.233.${octet}.100`,
      port,
      servername: HOST,
      ca,
      minVersion: min,
      maxVersion: max,
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    s.once('secureConnect', () => {
      resolve(s.getProtocol() ?? '');
      s.destroy();
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

void test('ELBSecurityPolicy-TLS13-1-3-2021-06: TLS 1.3 only', async (t) => {
  const { port, ca } = await plane(t, 1, 'ELBSecurityPolicy-TLS13-1-3-2021-06');
  assert.equal(await handshake(1, port, ca, 'TLSv1.3', 'TLSv1.3'), 'TLSv1.3');
  assert.notEqual(await handshake(1, port, ca, 'TLSv1.2', 'TLSv1.2'), 'TLSv1.2');
});

void test('ELBSecurityPolicy-2016-08 (the default): TLS 1.0 to 1.2, no TLS 1.3', async (t) => {
  const { port, ca } = await plane(t, 2, 'ELBSecurityPolicy-2016-08');
  assert.equal(await handshake(2, port, ca, 'TLSv1', 'TLSv1'), 'TLSv1');
  assert.equal(await handshake(2, port, ca, 'TLSv1.2', 'TLSv1.3'), 'TLSv1.2');
  assert.notEqual(await handshake(2, port, ca, 'TLSv1.3', 'TLSv1.3'), 'TLSv1.3');
});

void test('ELBSecurityPolicy-TLS13-1-2-2021-06: TLS 1.2 and 1.3, not 1.1', async (t) => {
  const { port, ca } = await plane(t, 3, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
  assert.equal(await handshake(3, port, ca, 'TLSv1.2', 'TLSv1.3'), 'TLSv1.3');
  assert.equal(await handshake(3, port, ca, 'TLSv1.2', 'TLSv1.2'), 'TLSv1.2');
  assert.notEqual(await handshake(3, port, ca, 'TLSv1.1', 'TLSv1.1'), 'TLSv1.1');
});
