// `gangway elbv2 ...` against the real ApiServer (HTTPS, gangway's PKI) serving the ELBv2
// extension over the SCENARIO ALB: JSON and tables as the AWS CLI prints them, its error line
// and exit code; and the real AWS CLI over HTTPS with --ca-bundle when it is installed.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { startHarness } from '../../api/test-support/harness.ts';
import { elbv2ApiExtension } from '../../elbv2/api.ts';
import { LB_ARN, SOURCE, TG_ARN } from '../../elbv2/test-model.ts';
import { CA_CERT_FILE, preparePki, writeKubeconfig } from '../../pki/index.ts';
import type { ExitBox } from '../command-kit.ts';
import { createContext } from '../context.ts';
import { defaultDeps } from '../deps.ts';
import { bufferOutput } from '../output.ts';
import { PID_FILE } from '../run-files.ts';
import { elbv2Command } from './elbv2.ts';
import { parseTargets } from './elbv2-targets.ts';

interface Gangway {
  home: string;
  url: string;
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

async function gangway(t: TestContext): Promise<Gangway> {
  const home = await mkdtemp(join(tmpdir(), 'gangway-elbv2-'));
  const pki = await preparePki(home);
  const harness = await startHarness({
    token: pki.token,
    tls: { cert: pki.apiServer.certPem, key: pki.apiServer.keyPem },
    extensions: [elbv2ApiExtension(SOURCE)],
  });
  t.after(async () => {
    await harness.close();
    await rm(home, { recursive: true, force: true });
  });
  await writeKubeconfig(home, { server: harness.url, token: pki.token, caPem: pki.ca.certPem });
  await writeFile(join(home, PID_FILE), `${process.pid}\n`);
  const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const output = bufferOutput();
    const ctx = createContext(defaultDeps({ env: { GANGWAY_HOME: home, HOME: home }, output }), args);
    const box: ExitBox = { code: 0 };
    const program = new Command('gangway').exitOverride().configureOutput({
      writeOut: (s) => output.write(s),
      writeErr: (s) => output.writeErr(s),
    });
    program.addCommand(elbv2Command(ctx, box));
    let code: number;
    try {
      await program.parseAsync(['elbv2', ...args], { from: 'user' });
      code = box.code;
    } catch (err) {
      if (!(err instanceof CommanderError)) throw err;
      code = err.exitCode;
    } finally {
      ctx.close();
    }
    return { code, stdout: output.stdout, stderr: output.stderr };
  };
  return { home, url: harness.url, run };
}

void test('describe-target-health prints the AWS CLI JSON', async (t) => {
  const g = await gangway(t);
  const r = await g.run(['describe-target-health', '--target-group-arn', TG_ARN]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const override =
    '            "AdministrativeOverride": {\n' +
    '                "State": "no_override",\n' +
    '                "Reason": "AdministrativeOverride.NoOverride",\n' +
    '                "Description": "No override is currently active on target"\n' +
    '            }\n';
  assert.equal(
    r.stdout,
    '{\n' +
      '    "TargetHealthDescriptions": [\n' +
      '        {\n' +
      '            "Target": {\n' +
      '                "Id": "gangway-node-0",\n' +
      '                "Port": 31246\n' +
      '            },\n' +
      '            "HealthCheckPort": "30218",\n' +
      '            "TargetHealth": {\n' +
      '                "State": "healthy"\n' +
      '            },\n' +
      override +
      '        },\n' +
      '        {\n' +
      '            "Target": {\n' +
      '                "Id": "gangway-node-1",\n' +
      '                "Port": 31246\n' +
      '            },\n' +
      '            "HealthCheckPort": "30218",\n' +
      '            "TargetHealth": {\n' +
      '                "State": "unhealthy",\n' +
      '                "Reason": "Target.ResponseCodeMismatch",\n' +
      '                "Description": "Health checks failed with these codes: [503]"\n' +
      '            },\n' +
      override +
      '        }\n' +
      '    ]\n' +
      '}\n',
  );
  const one = await g.run([
    'describe-target-health',
    '--target-group-arn',
    TG_ARN,
    '--targets',
    'Id=gangway-node-1,Port=31246',
  ]);
  assert.equal(
    (JSON.parse(one.stdout) as { TargetHealthDescriptions: unknown[] }).TargetHealthDescriptions.length,
    1,
  );
});

void test('every subcommand answers; --output table draws the AWS CLI table', async (t) => {
  const g = await gangway(t);
  const runs: [string[], string][] = [
    [['describe-load-balancers', '--names', 'k8s-istiosys-testalb-0f2b6c1d9e'], 'LoadBalancers'],
    [['describe-listeners', '--load-balancer-arn', LB_ARN], 'Listeners'],
    [['describe-target-groups', '--load-balancer-arn', LB_ARN], 'TargetGroups'],
    [['describe-tags', '--resource-arns', LB_ARN, TG_ARN], 'TagDescriptions'],
    [['describe-load-balancer-attributes', '--load-balancer-arn', LB_ARN], 'Attributes'],
    [['describe-target-group-attributes', '--target-group-arn', TG_ARN], 'Attributes'],
  ];
  for (const [args, key] of runs) {
    const r = await g.run(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(Array.isArray((JSON.parse(r.stdout) as Record<string, unknown>)[key]), args.join(' '));
  }
  const table = await g.run(['describe-target-health', '--target-group-arn', TG_ARN, '--output', 'table']);
  assert.equal(table.code, 0, table.stderr);
  assert.equal(
    table.stdout,
    await readFile(new URL('./elbv2-testdata/describe-target-health.txt', import.meta.url), 'utf8'),
  );
});

void test('service errors print as the AWS CLI prints them and exit 254', async (t) => {
  const g = await gangway(t);
  const cases: [string[], string][] = [
    [
      ['describe-load-balancers', '--names', 'nope'],
      "\nAn error occurred (LoadBalancerNotFound) when calling the DescribeLoadBalancers operation: Load balancers '[nope]' not found\n",
    ],
    [
      ['describe-target-health', '--target-group-arn', `${TG_ARN}0`],
      `\nAn error occurred (TargetGroupNotFound) when calling the DescribeTargetHealth operation: Target groups '${TG_ARN}0' not found\n`,
    ],
    [
      ['describe-listeners'],
      '\nAn error occurred (ValidationError) when calling the DescribeListeners operation: You must specify either listener ARNs or a load balancer ARN\n',
    ],
  ];
  for (const [args, stderr] of cases) {
    const r = await g.run(args);
    assert.equal(r.code, 254, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, stderr);
  }
  const usage = await g.run(['describe-target-health']);
  assert.notEqual(usage.code, 0);
  assert.match(usage.stderr, /--target-group-arn/);
});

void test('--targets: shorthand and JSON', () => {
  const cases: [string, unknown][] = [
    ['Id=i-1,Port=80', [{ Id: 'i-1', Port: 80 }]],
    ['Id=i-1', [{ Id: 'i-1' }]],
    ['[{"Id":"a","Port":8080},{"Id":"b"}]', [{ Id: 'a', Port: 8080 }, { Id: 'b' }]],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseTargets(text), want, text);
  assert.throws(() => parseTargets('Port=80'), /Missing required parameter in Targets: "Id"/);
  assert.throws(() => parseTargets('Id=a,Foo=b'), /Unknown parameter in Targets: "Foo"/);
});

const AWS_CLI = ['/usr/bin/aws', '/usr/local/bin/aws'].find((p) => existsSync(p));

void test(
  'the AWS CLI over HTTPS with --ca-bundle',
  { skip: AWS_CLI ? false : 'no aws CLI: .ci/run installs Debian awscli' },
  async (t) => {
    const g = await gangway(t);
    const args = [
      '--endpoint-url',
      `${g.url}/elbv2`,
      '--ca-bundle',
      join(g.home, CA_CERT_FILE),
      'elbv2',
      'describe-target-health',
      '--target-group-arn',
      TG_ARN,
    ];
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        AWS_CLI!,
        args,
        {
          timeout: 120_000,
          env: {
            PATH: process.env['PATH'] ?? '/usr/bin:/bin',
            HOME: g.home,
            AWS_ACCESS_KEY_ID: 'x',
            AWS_SECRET_ACCESS_KEY: 'x',
            AWS_DEFAULT_REGION: 'eu-west-3',
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_PAGER: '',
          },
        },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
    });
    assert.equal(out.code, 0, out.stderr);
    const health = (
      JSON.parse(out.stdout) as { TargetHealthDescriptions: { TargetHealth: { State: string } }[] }
    ).TargetHealthDescriptions;
    assert.deepEqual(
      health.map((h) => h.TargetHealth.State),
      ['healthy', 'unhealthy'],
    );
  },
);
