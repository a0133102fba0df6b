// The ELBv2 API over real HTTP on loopback: the Query protocol in, ELBv2's XML (or the CLI's
// JSON) out, errors as <ErrorResponse>; and, when the AWS CLI is installed, `aws elbv2`
// pointed at it with --endpoint-url.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { elbv2ApiExtension } from './api.ts';
import { parseQueryParams, encodeQueryParams } from './query.ts';
import { CREATED, LB_ARN, LISTENER_80, SOURCE, TG_ARN } from './test-model.ts';

async function serve(t: TestContext): Promise<string> {
  const ext = elbv2ApiExtension(SOURCE);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(ext.prefix)) {
      res.writeHead(404).end();
      return;
    }
    void ext.handle(req, res, url);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/elbv2`;
}

async function post(
  url: string,
  form: string,
  accept?: string,
): Promise<{ status: number; type: string | null; id: string | null; body: string }> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  };
  if (accept) headers['accept'] = accept;
  const res = await fetch(url, { method: 'POST', body: form, headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    id: res.headers.get('x-amzn-requestid'),
    body: await res.text(),
  };
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

void test('parseQueryParams: .member.N lists and nested structures, inverse of encodeQueryParams', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['Action=DescribeLoadBalancers&Version=2015-12-01', {}],
    ['Action=X&Names.member.2=b&Names.member.1=a', { Names: ['a', 'b'] }],
    [
      'Action=X&TargetGroupArn=arn&Targets.member.1.Id=i-1&Targets.member.1.Port=80&Targets.member.2.Id=i-2',
      { TargetGroupArn: 'arn', Targets: [{ Id: 'i-1', Port: '80' }, { Id: 'i-2' }] },
    ],
    ['Action=X&Names=', { Names: '' }],
  ];
  for (const [query, input] of cases) {
    const parsed = parseQueryParams(new URLSearchParams(query));
    assert.equal(parsed.action, query.split('&')[0]!.slice('Action='.length));
    assert.deepEqual(parsed.input, input, query);
  }
  const encoded = encodeQueryParams('DescribeTargetHealth', {
    TargetGroupArn: 'arn',
    Targets: [{ Id: 'i-1', Port: 80 }],
  });
  assert.equal(
    encoded.toString(),
    'Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn&Targets.member.1.Id=i-1&Targets.member.1.Port=80',
  );
  assert.deepEqual(parseQueryParams(encoded).input, {
    TargetGroupArn: 'arn',
    Targets: [{ Id: 'i-1', Port: '80' }],
  });
});

void test('DescribeTargetHealth answers ELBv2 XML', async (t) => {
  const url = await serve(t);
  const res = await post(
    url,
    `Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=${encodeURIComponent(TG_ARN)}`,
  );
  assert.equal(res.status, 200);
  assert.equal(res.type, 'text/xml');
  assert.match(res.id ?? '', new RegExp(`^${UUID}$`));
  const override =
    '<AdministrativeOverride><State>no_override</State><Reason>AdministrativeOverride.NoOverride</Reason>' +
    '<Description>No override is currently active on target</Description></AdministrativeOverride>';
  assert.equal(
    res.body,
    '<DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">' +
      '<DescribeTargetHealthResult><TargetHealthDescriptions>' +
      '<member><Target><Id>gangway-node-0</Id><Port>31246</Port></Target><HealthCheckPort>30218</HealthCheckPort>' +
      `<TargetHealth><State>healthy</State></TargetHealth>${override}</member>` +
      '<member><Target><Id>gangway-node-1</Id><Port>31246</Port></Target><HealthCheckPort>30218</HealthCheckPort>' +
      '<TargetHealth><State>unhealthy</State><Reason>Target.ResponseCodeMismatch</Reason>' +
      `<Description>Health checks failed with these codes: [503]</Description></TargetHealth>${override}</member>` +
      '</TargetHealthDescriptions></DescribeTargetHealthResult>' +
      `<ResponseMetadata><RequestId>${res.id}</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`,
  );
});

void test('XML: timestamps, empty lists, booleans, escaping; GET works too', async (t) => {
  const url = await serve(t);
  const lbs = await fetch(`${url}?Action=DescribeLoadBalancers&Version=2015-12-01`);
  const body = await lbs.text();
  assert.equal(lbs.status, 200);
  assert.ok(body.includes(`<CreatedTime>${CREATED.toISOString()}</CreatedTime>`), body);
  assert.ok(body.includes('<LoadBalancerAddresses/>'));
  assert.ok(body.includes('<State><Code>active</Code></State>'));
  const rules = await post(url, `Action=DescribeRules&ListenerArn=${encodeURIComponent(LISTENER_80)}`);
  assert.ok(rules.body.includes('<Priority>default</Priority><Conditions/>'), rules.body);
  assert.ok(rules.body.includes('<IsDefault>false</IsDefault>'));
  assert.ok(rules.body.includes('<Values><member>/*</member></Values><PathPatternConfig>'));
  assert.ok(rules.body.includes('<Path>/#{path}</Path>'));
});

void test('errors: <ErrorResponse> with Sender, code and message, status 400', async (t) => {
  const url = await serve(t);
  const cases: [string, string, string][] = [
    [
      'Action=DescribeLoadBalancers&Names.member.1=nope',
      'LoadBalancerNotFound',
      "Load balancers '[nope]' not found",
    ],
    [
      'Action=DescribeTargetGroups&TargetGroupArns.member.1=a%26b',
      'ValidationError',
      "'a&amp;b' is not a valid target group ARN",
    ],
    [
      'Action=CreateLoadBalancer&Version=2015-12-01',
      'InvalidAction',
      'Could not find operation CreateLoadBalancer for version 2015-12-01',
    ],
    [
      'Action=DescribeLoadBalancers&Version=2012-06-01',
      'InvalidAction',
      'Could not find operation DescribeLoadBalancers for version 2012-06-01',
    ],
    ['Version=2015-12-01', 'MissingAction', 'Missing Action'],
  ];
  for (const [form, code, message] of cases) {
    const res = await post(url, form);
    assert.equal(res.status, 400, form);
    assert.equal(
      res.body,
      '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type>' +
        `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${res.id}</RequestId></ErrorResponse>`,
    );
  }
});

void test('Accept: application/json answers the AWS CLI JSON shapes', async (t) => {
  const url = await serve(t);
  const ok = await post(
    url,
    `Action=DescribeLoadBalancers&LoadBalancerArns.member.1=${encodeURIComponent(LB_ARN)}`,
    'application/json',
  );
  assert.equal(ok.status, 200);
  assert.equal(ok.type, 'application/json');
  const lb = (JSON.parse(ok.body) as { LoadBalancers: { CreatedTime: string }[] }).LoadBalancers[0]!;
  assert.equal(lb.CreatedTime, '2021-03-04T09:14:32.140000+00:00');
  const bad = await post(url, 'Action=DescribeListeners', 'application/json');
  assert.equal(bad.status, 400);
  assert.deepEqual(JSON.parse(bad.body), {
    Error: {
      Type: 'Sender',
      Code: 'ValidationError',
      Message: 'You must specify either listener ARNs or a load balancer ARN',
    },
    RequestId: bad.id,
  });
});

const AWS_CLI = ['/usr/bin/aws', '/usr/local/bin/aws'].find((p) => existsSync(p));

function aws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      AWS_CLI!,
      args,
      {
        timeout: 120_000,
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: process.env['HOME'] ?? '/tmp',
          AWS_ACCESS_KEY_ID: 'x',
          AWS_SECRET_ACCESS_KEY: 'x',
          AWS_DEFAULT_REGION: 'eu-west-3',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
        },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

void test(
  'the real AWS CLI reads gangway like ELBv2',
  { skip: AWS_CLI ? false : 'no aws CLI: .ci/run installs Debian awscli' },
  async (t) => {
    const url = await serve(t);
    const health = await aws([
      '--endpoint-url',
      url,
      'elbv2',
      'describe-target-health',
      '--target-group-arn',
      TG_ARN,
    ]);
    assert.equal(health.code, 0, health.stderr);
    const parsed = JSON.parse(health.stdout) as {
      TargetHealthDescriptions: { Target: unknown; HealthCheckPort: string; TargetHealth: unknown }[];
    };
    assert.deepEqual(
      parsed.TargetHealthDescriptions.map((d) => [d.Target, d.HealthCheckPort, d.TargetHealth]),
      [
        [{ Id: 'gangway-node-0', Port: 31246 }, '30218', { State: 'healthy' }],
        [
          { Id: 'gangway-node-1', Port: 31246 },
          '30218',
          {
            State: 'unhealthy',
            Reason: 'Target.ResponseCodeMismatch',
            Description: 'Health checks failed with these codes: [503]',
          },
        ],
      ],
    );
    // Everything else the CLI prints is what the JSON API answers (gangway's own CLI prints that).
    for (const [args, form] of [
      [
        ['describe-rules', '--listener-arn', LISTENER_80],
        `Action=DescribeRules&ListenerArn=${encodeURIComponent(LISTENER_80)}`,
      ],
      [['describe-target-groups'], 'Action=DescribeTargetGroups'],
    ] as const) {
      const cli = await aws(['--endpoint-url', url, 'elbv2', ...args]);
      assert.equal(cli.code, 0, cli.stderr);
      const api = await post(url, form, 'application/json');
      assert.equal(`${JSON.stringify(JSON.parse(cli.stdout), null, 4)}\n`, cli.stdout);
      assert.deepEqual(JSON.parse(cli.stdout), JSON.parse(api.body));
    }
    const missing = await aws(['--endpoint-url', url, 'elbv2', 'describe-load-balancers', '--names', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.equal(
      missing.stderr.trim(),
      "An error occurred (LoadBalancerNotFound) when calling the DescribeLoadBalancers operation: Load balancers '[nope]' not found",
    );
  },
);
