// decodeManifest's contract: the object as written (not defaulted or converted) when there
// is no error, warnings kept alongside, and no object once anything is an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../manifest/parse.ts';
import { decodeManifest } from './decode.ts';

function decodeText(text: string): ReturnType<typeof decodeManifest> {
  const { manifests } = parseManifests(text, 'f.yaml');
  return decodeManifest(manifests[0]!);
}

void test('a valid v1beta1 Ingress decodes as written, with its resource type and a deprecation warning', () => {
  const d = decodeText(
    'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  backend: {serviceName: s, servicePort: 80}\n',
  );
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.severity, x.message]),
    [
      [
        'KUBE-DEPRECATED',
        'warning',
        'extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress',
      ],
    ],
  );
  assert.deepEqual(d.object, {
    apiVersion: 'extensions/v1beta1',
    kind: 'Ingress',
    metadata: { name: 'i' },
    spec: { backend: { serviceName: 's', servicePort: 80 } },
  });
  assert.equal(d.rt?.group, 'extensions');
});

void test('unknown fields are warnings at the key; the object is still decoded', () => {
  const d = decodeText('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  nmae: x\n');
  assert.ok(d.object);
  assert.deepEqual(d.diagnostics, [
    {
      code: 'KUBE-UNKNOWN-FIELD',
      severity: 'warning',
      message: 'unknown field "metadata.nmae"',
      object: 'Namespace ns',
      field: 'metadata.nmae',
      at: { file: 'f.yaml', line: 5, column: 3 },
    },
  ]);
});

void test('an invalid object has no object, and its namespace stays as written', () => {
  const d = decodeText(
    'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: Foo\n  ports: [{port: 80}]\n',
  );
  assert.equal(d.object, undefined);
  assert.equal(d.rt?.kind, 'Service');
  assert.deepEqual(d.diagnostics, [
    {
      code: 'KUBE-INVALID',
      severity: 'error',
      message:
        'Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      object: 'Service s',
      field: 'spec.type',
      at: { file: 'f.yaml', line: 5, column: 9 },
    },
  ]);
});

void test('kinds gangway does not serve', () => {
  const d = decodeText('apiVersion: networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\n');
  assert.equal(d.rt, undefined);
  assert.equal(d.diagnostics[0]?.code, 'KUBE-NO-KIND');
  assert.equal(
    d.diagnostics[0]?.message,
    'no matches for kind "Gateway" in version "networking.k8s.io/v1"; ensure CRDs are installed first (gangway serves Gateway in networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3)',
  );
});
