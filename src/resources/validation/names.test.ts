// The apimachinery string checks: which values pass, and the exact messages of failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIP,
  isPercent,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isWildcardDNS1123Subdomain,
} from './names.ts';

void test('valid values give no messages', () => {
  const cases: [(v: string) => string[], string[]][] = [
    [isDNS1123Label, ['a', 'test-ns', '123-abc', 'a'.repeat(63)]],
    [isDNS1123Subdomain, ['example.com', 'test-deploy', 'a.b-c.d']],
    [isDNS1035Label, ['test-svc', 'a1']],
    [isWildcardDNS1123Subdomain, ['*.example.com']],
    [isQualifiedName, ['app', 'app.kubernetes.io/name', 'A_b.c-D', 'kubernetes.io/ingress.class']],
    [isValidLabelValue, ['', 'v1', 'My_Value-1.0']],
    [isValidPortName, ['http', 'use-annotation', 'status-port', 'h2c']],
    [isConfigMapKey, ['key.name', 'KEY_NAME', 'tls.crt', '.dockerconfigjson']],
    [isPercent, ['25%', '0%', '100%']],
  ];
  for (const [fn, values] of cases) for (const v of values) assert.deepEqual(fn(v), [], `${fn.name}(${v})`);
});

void test('failures carry the Kubernetes messages', () => {
  const cases: [string[], string[]][] = [
    [isDNS1123Label('test.ns'), ['must not contain dots']],
    [
      isDNS1123Label('Test'),
      [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']],
    [
      isDNS1035Label('1svc'),
      [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [
      isQualifiedName('a/b/c'),
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    [isQualifiedName('/x'), ['prefix part must be non-empty']],
    [
      isValidPortName('Bad--name-'),
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must not contain consecutive hyphens',
        'must not begin or end with a hyphen',
      ],
    ],
    [isValidPortName('8080'), ['must contain at least one letter (a-z)']],
    [isValidPortName('a-very-long-port-name'), ['must be no more than 15 characters']],
    [isConfigMapKey('..x'), ["must not start with '..'"]],
    [
      isPercent('25'),
      [
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
  ];
  for (const [got, want] of cases) assert.deepEqual(got, want);
});

void test('IP addresses', () => {
  for (const ip of ['10.0.0.1', '172.20.112.213', '::1', '2001:db8::ffff']) assert.ok(isIP(ip), ip);
  for (const ip of ['10.0.0.256', 'foo', '1.2.3', '1::2::3']) assert.ok(!isIP(ip), ip);
});
