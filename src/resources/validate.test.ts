// validateObject: Go decoding errors, unknown fields, and the API server's causes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES, apiVersionOf, resourceForKind } from './catalogue.ts';
import { rootStruct } from './schema/field-schema.ts';
import { validateObject } from './validate.ts';

function check(obj: Record<string, unknown>): ReturnType<typeof validateObject> {
  const rt = resourceForKind(obj.apiVersion as string, obj.kind as string);
  assert.ok(rt, `${String(obj.apiVersion)} ${String(obj.kind)} is served`);
  return validateObject(obj, rt);
}

const deployment = (spec: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'ns' },
  spec: {
    selector: { matchLabels: { app: 'a' } },
    template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    ...spec,
  },
});

void test('every served kind and version has a field table', () => {
  for (const rt of RESOURCES) {
    for (const v of rt.versions)
      assert.ok(rootStruct(apiVersionOf(rt.group, v), rt.kind), `${rt.group}/${v} ${rt.kind}`);
  }
});

void test('decode errors in encoding/json words; the first hard error wins over earlier type mismatches', () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [
      deployment({ replicas: 'two' }),
      'spec.replicas',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      deployment({ replicas: 3000000000 }),
      'spec.replicas',
      'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      deployment({ replicas: 1.5 }),
      'spec.replicas',
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      deployment({ paused: 'yes' }),
      'spec.paused',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
    ],
    [
      deployment({ selector: [] }),
      'spec.selector',
      'json: cannot unmarshal array into Go struct field DeploymentSpec.spec.selector of type v1.LabelSelector',
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { ports: [{ port: 80, targetPort: 1.5 }] },
      },
      'spec.ports[0].targetPort',
      'json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32',
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', args: [1] }] },
      },
      'spec.containers[0].args[0]',
      'json: cannot unmarshal number into Go struct field Container.spec.containers.args of type string',
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', labels: 'x' },
        spec: { containers: [{ resources: { limits: { cpu: '1 core' } } }] },
      },
      'spec.containers[0].resources.limits.cpu',
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ resources: { limits: { cpu: '5mi' } } }] },
      },
      'spec.containers[0].resources.limits.cpu',
      "unable to parse quantity's suffix",
    ],
    [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } },
      'data.k',
      'illegal base64 data at input byte 3',
    ],
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', creationTimestamp: 'yesterday' } },
      'metadata.creationTimestamp',
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
  ];
  for (const [obj, field, message] of cases) {
    const r = check(obj);
    assert.ok(r.decodeError, message);
    assert.equal(r.decodeError.message, message);
    assert.equal(field.replace(/\[(\d+)\]/g, '.$1'), r.decodeError.path.join('.'));
    assert.deepEqual(r.causes, []);
  }
});

void test('unknown fields at every depth, case-sensitive; maps and free-form fields have none', () => {
  const r = check({
    ...deployment({ Replicas: 2 }),
    metadata: {
      name: 'd',
      labels: { anything: 'goes' },
      annotations: { 'a/b': 'c' },
      managedFields: [
        { manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
      ],
      bogus: 1,
    },
    status: { whatever: true },
  });
  assert.deepEqual(
    r.unknownFields.map((u) => u.field),
    ['metadata.bogus', 'spec.Replicas', 'status.whatever'],
  );
  const iop = check({
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'x' },
    spec: { anything: { at: ['all'] } },
  });
  assert.deepEqual(iop, { causes: [], unknownFields: [] });
});

void test('valid objects pass', () => {
  assert.deepEqual(check(deployment({})), { causes: [], unknownFields: [] });
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: { ports: [{ port: 80, targetPort: 'http' }] },
  };
  assert.deepEqual(check(svc), { causes: [], unknownFields: [] });
});

void test('causes carry the API server reason, field and message', () => {
  const r = check({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {},
    spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] },
  });
  assert.deepEqual(
    r.causes.map(({ reason, field, message }) => ({ reason, field, message })),
    [
      {
        reason: 'FieldValueRequired',
        field: 'metadata.name',
        message: 'Required value: name or generateName is required',
      },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.ports[0].nodePort',
        message:
          'Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
      },
    ],
  );
  const empty = check(deployment({ selector: {} }));
  assert.deepEqual(
    empty.causes.map((c) => `${c.field}: ${c.message}`),
    [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ],
  );
  const surge = check(deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }));
  assert.deepEqual(
    surge.causes.map((c) => `${c.field}: ${c.message}`),
    [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
    ],
  );
});

void test('a non-object is a decode error', () => {
  const rt = resourceForKind('v1', 'Service')!;
  assert.deepEqual(validateObject('x', rt).decodeError, {
    path: [],
    message: 'json: cannot unmarshal string into Go value of type map[string]interface {}',
  });
});
