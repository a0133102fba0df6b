// The protobuf body decoder against bodies captured from kubectl 1.32 (`-v=10` request dumps,
// testdata/*.hex) and the JSON kubectl builds for the same command with
// `--dry-run=client -o json` (testdata/*.json), plus hand-built bodies for the error paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtobufObject } from './decode.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');

function fixture(name: string): Buffer {
  return Buffer.from(readFileSync(join(TESTDATA, `${name}.hex`), 'utf8').replace(/\s/g, ''), 'hex');
}

// A minimal encoder for the hand-built bodies.
function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? b : b | 0x80);
  } while (v !== 0n);
  return out;
}
const ld = (field: number, bytes: number[] | string): number[] => {
  const b = typeof bytes === 'string' ? [...Buffer.from(bytes)] : bytes;
  return [...varint((field << 3) | 2), ...varint(b.length), ...b];
};
const vi = (field: number, n: number | bigint): number[] => [...varint(field << 3), ...varint(n)];
function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([
    0x6b,
    0x38,
    0x73,
    0x00,
    ...ld(1, [...ld(1, apiVersion), ...ld(2, kind)]),
    ...ld(2, raw),
  ]);
}

void test('every captured kubectl body decodes to the JSON kubectl builds for it', () => {
  const names = readdirSync(TESTDATA)
    .filter((f) => f.endsWith('.hex'))
    .map((f) => f.slice(0, -4));
  assert.ok(names.length >= 5);
  for (const name of names) {
    const want = JSON.parse(readFileSync(join(TESTDATA, `${name}.json`), 'utf8')) as unknown;
    assert.deepEqual(decodeProtobufObject(fixture(name)), want, name);
  }
});

void test('strings land in their fields', () => {
  const d = decodeProtobufObject(fixture('deployment-command-port')) as {
    metadata: Record<string, unknown>;
    spec: { replicas: number; template: { spec: { containers: Record<string, unknown>[] } } };
  };
  assert.equal(d.metadata['namespace'], 'x');
  assert.equal(d.spec.replicas, 3);
  assert.deepEqual(d.spec.template.spec.containers[0], {
    name: 'hello',
    image: 'nginxdemos/hello',
    command: ['/bin/sh', '-c', 'echo'],
    ports: [{ containerPort: 8080 }],
    resources: {},
  });
  const s = decodeProtobufObject(fixture('secret')) as { data: Record<string, string> };
  assert.equal(Buffer.from(s.data['a']!, 'base64').toString(), 'b');
});

void test('zero values follow the JSON encoding: pointers and non-omitempty fields keep them', () => {
  const meta = [...ld(1, 'z'), ...ld(8, [...vi(1, 1700000000)]), ...vi(10, 0)];
  const spec = [
    ...vi(1, 0),
    ...vi(5, 0),
    ...ld(4, [...ld(2, ld(1, [...vi(1, 1), ...ld(3, '25%')])), ...ld(1, '')]),
  ];
  const got = decodeProtobufObject(envelope('apps/v1', 'Deployment', [...ld(1, meta), ...ld(2, spec)]));
  assert.deepEqual(got, {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'z', creationTimestamp: '2023-11-14T22:13:20Z', deletionGracePeriodSeconds: 0 },
    spec: { replicas: 0, strategy: { rollingUpdate: { maxUnavailable: '25%' } } },
  });
  const port = [...ld(1, 'p'), ...vi(3, 0), ...ld(4, [...vi(2, -1)])];
  const svc = decodeProtobufObject(envelope('v1', 'Service', [...ld(2, [...ld(1, port)])]));
  assert.deepEqual(svc['spec'], { ports: [{ name: 'p', port: 0, targetPort: -1 }] });
});

void test('unknown field numbers are refused, naming the message and field', () => {
  assert.throws(
    () => decodeProtobufObject(envelope('v1', 'Namespace', [...ld(1, ld(1, 'x')), ...ld(99, 'y')])),
    (err: { code: number; message: string }) =>
      err.code === 415 &&
      /unknown field number 99 .* k8s\.io\.api\.core\.v1\.Namespace \(at \.\)/.test(err.message),
  );
  const pod = ld(2, ld(14, [])); // PodSpec.securityContext: not something kubectl create sets
  assert.throws(
    () => decodeProtobufObject(envelope('apps/v1', 'Deployment', ld(2, ld(3, pod)))),
    (err: { code: number; message: string }) =>
      err.code === 415 &&
      err.message.includes(
        'unknown field number 14 (length-delimited) in message k8s.io.api.core.v1.PodSpec',
      ) &&
      err.message.includes('.spec.template.spec'),
  );
});

void test('other kinds, wrong wire types and malformed bodies are refused', () => {
  assert.throws(() => decodeProtobufObject(envelope('v1', 'Pod', [])), { code: 415, message: /not v1\/Pod/ });
  assert.throws(() => decodeProtobufObject(Buffer.from('{"kind":"Namespace"}')), { code: 400 });
  assert.throws(() => decodeProtobufObject(envelope('v1', 'Namespace', ld(1, vi(7, 1)).slice(0, -1))), {
    code: 400,
    message: /malformed/,
  });
  assert.throws(() => decodeProtobufObject(envelope('v1', 'Namespace', ld(1, vi(1, 5)))), {
    code: 400,
    message:
      /field 1 \(name\) of message k8s\.io\.apimachinery\.pkg\.apis\.meta\.v1\.ObjectMeta .* wire type varint/,
  });
});
