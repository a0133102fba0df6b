// A stand-in for runtime/stack.ts's startStack in CLI tests: the real local PKI and
// kubeconfig, and an HTTPS server answering /readyz?verbose and /version the way the API
// server does. Used in-process (dependency injection) and, through
// GANGWAY_TEST_STACK_MODULE, by the detached child of `up -d` in a subprocess test.
// GANGWAY_FAKE_STACK_FAIL=<message> makes it fail to start with that message.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { preparePki, writeKubeconfig } from '../../pki/index.ts';
import type { Component } from '../../runtime/component.ts';
import type { Stack, StackOptions } from '../../runtime/stack.ts';

export const READYZ_VERBOSE = '[+]ping ok\n[+]log ok\n[+]fake-component ok\nreadyz check passed\n';

export interface FakeStackOptions {
  fail?: string; // reject with this message
  ready?: boolean; // what /readyz says (default true)
}

/** The env-configured fake, for the `up -d` child (GANGWAY_TEST_STACK_MODULE). */
export function startStack(opts: StackOptions): Promise<Stack> {
  const f: FakeStackOptions = { ready: process.env['GANGWAY_FAKE_STACK_UNREADY'] === undefined };
  const fail = process.env['GANGWAY_FAKE_STACK_FAIL'];
  if (fail) f.fail = fail;
  return startFakeStack(opts, f);
}

export async function startFakeStack(opts: StackOptions, f: FakeStackOptions = {}): Promise<Stack> {
  opts.log(`fake stack: starting in ${opts.home} (nodes ${opts.nodes}, block ${opts.addressBlock})`);
  if (f.fail) throw new Error(f.fail);
  const pki = await preparePki(opts.home);
  let ready = f.ready ?? true;
  const server = createServer({ cert: pki.apiServer.certPem, key: pki.apiServer.keyPem }, (req, res) => {
    if (req.headers.authorization !== `Bearer ${pki.token}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        }),
      );
      return;
    }
    if (req.url === '/readyz?verbose') {
      res.writeHead(ready ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        ready
          ? READYZ_VERBOSE
          : '[+]ping ok\n[-]fake-component failed: reason withheld\nreadyz check failed\n',
      );
      return;
    }
    if (req.url?.startsWith('/version')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.4-gangway', platform: 'linux/amd64' }),
      );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        code: 404,
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.apiPort, '127.0.0.1', () => resolve());
  });
  const apiURL = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigPath = await writeKubeconfig(opts.home, {
    server: apiURL,
    token: pki.token,
    caPem: pki.ca.certPem,
  });
  const component: Component = {
    name: 'fake-component',
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    status: () => ({ ready, detail: ready ? 'ok' : 'not ready' }),
  };
  opts.log(`fake stack: API server listening on ${apiURL}`);
  return {
    components: [component],
    apiURL,
    kubeconfigPath,
    summary: () => [
      `API server   ${apiURL}  (kubectl: export KUBECONFIG=${kubeconfigPath})`,
      `node         gangway-node-1  127.${opts.addressBlock}.0.1`,
    ],
    applied: { applied: opts.manifests.length, errors: 0 },
    stop: async () => {
      ready = false;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      opts.log('fake stack: stopped');
    },
  };
}
