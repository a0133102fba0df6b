// `gangway elbv2 describe-*`: the read side of `aws elbv2` against the running gangway. Each
// subcommand takes the AWS CLI's options, sends the Query request the AWS CLI would send to
// the API's /elbv2 path (asking for JSON) and prints what the AWS CLI prints: 4-space JSON by
// default, `--output table` as its table; service errors as `An error occurred (Code) when
// calling the Op operation: Message`, exit 254.
import { Command, Option } from 'commander';
import { encodeQueryParams } from '../../elbv2/query.ts';
import { act, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { awsTable } from './elbv2-table.ts';
import { parseTargets } from './elbv2-targets.ts';

/** The AWS CLI v2's exit code for an error the service returned. */
export const SERVICE_ERROR_EXIT = 254;

interface Common {
  output: 'json' | 'table';
}

type Opts = Common & Record<string, unknown>;

interface Subcommand {
  name: string;
  action: string;
  summary: string;
  options: {
    flags: string;
    description: string;
    member: string;
    required?: boolean;
    parse?: (v: string, prev: unknown) => unknown;
  }[];
}

const list = {
  parse: (v: string, prev: unknown): string[] => [...((prev as string[] | undefined) ?? []), v],
};

const SUBCOMMANDS: Subcommand[] = [
  {
    name: 'describe-load-balancers',
    action: 'DescribeLoadBalancers',
    summary: 'describe the load balancers',
    options: [
      {
        flags: '--load-balancer-arns <arn...>',
        description: 'ARNs of the load balancers',
        member: 'LoadBalancerArns',
        ...list,
      },
      { flags: '--names <name...>', description: 'names of the load balancers', member: 'Names', ...list },
    ],
  },
  {
    name: 'describe-listeners',
    action: 'DescribeListeners',
    summary: 'describe the listeners of a load balancer',
    options: [
      {
        flags: '--load-balancer-arn <arn>',
        description: 'ARN of the load balancer',
        member: 'LoadBalancerArn',
      },
      {
        flags: '--listener-arns <arn...>',
        description: 'ARNs of the listeners',
        member: 'ListenerArns',
        ...list,
      },
    ],
  },
  {
    name: 'describe-rules',
    action: 'DescribeRules',
    summary: 'describe the rules of a listener',
    options: [
      { flags: '--listener-arn <arn>', description: 'ARN of the listener', member: 'ListenerArn' },
      { flags: '--rule-arns <arn...>', description: 'ARNs of the rules', member: 'RuleArns', ...list },
    ],
  },
  {
    name: 'describe-target-groups',
    action: 'DescribeTargetGroups',
    summary: 'describe the target groups',
    options: [
      {
        flags: '--load-balancer-arn <arn>',
        description: 'ARN of the load balancer',
        member: 'LoadBalancerArn',
      },
      {
        flags: '--target-group-arns <arn...>',
        description: 'ARNs of the target groups',
        member: 'TargetGroupArns',
        ...list,
      },
      { flags: '--names <name...>', description: 'names of the target groups', member: 'Names', ...list },
    ],
  },
  {
    name: 'describe-target-health',
    action: 'DescribeTargetHealth',
    summary: 'describe the health of the targets of a target group',
    options: [
      {
        flags: '--target-group-arn <arn>',
        description: 'ARN of the target group',
        member: 'TargetGroupArn',
        required: true,
      },
      {
        flags: '--targets <target...>',
        description: 'targets, as Id=string,Port=integer ... or JSON',
        member: 'Targets',
        parse: (v, prev) => [...((prev as unknown[] | undefined) ?? []), ...parseTargets(v)],
      },
      { flags: '--include <option...>', description: 'AnomalyDetection or All', member: 'Include', ...list },
    ],
  },
  {
    name: 'describe-tags',
    action: 'DescribeTags',
    summary: 'describe the tags of load balancers, listeners, rules and target groups',
    options: [
      {
        flags: '--resource-arns <arn...>',
        description: 'ARNs of the resources',
        member: 'ResourceArns',
        required: true,
        ...list,
      },
    ],
  },
  {
    name: 'describe-load-balancer-attributes',
    action: 'DescribeLoadBalancerAttributes',
    summary: 'describe the attributes of a load balancer',
    options: [
      {
        flags: '--load-balancer-arn <arn>',
        description: 'ARN of the load balancer',
        member: 'LoadBalancerArn',
        required: true,
      },
    ],
  },
  {
    name: 'describe-target-group-attributes',
    action: 'DescribeTargetGroupAttributes',
    summary: 'describe the attributes of a target group',
    options: [
      {
        flags: '--target-group-arn <arn>',
        description: 'ARN of the target group',
        member: 'TargetGroupArn',
        required: true,
      },
    ],
  },
  {
    name: 'describe-listener-certificates',
    action: 'DescribeListenerCertificates',
    summary: 'describe the certificates of a listener',
    options: [
      {
        flags: '--listener-arn <arn>',
        description: 'ARN of the listener',
        member: 'ListenerArn',
        required: true,
      },
    ],
  },
];

function camel(flags: string): string {
  const long = /--([a-z0-9-]+)/.exec(flags)![1]!;
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

interface ServiceErrorBody {
  Error?: { Code?: string; Message?: string };
}

function terminalWidth(): number {
  return process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : 80;
}

async function runSubcommand(ctx: CliContext, sub: Subcommand, opts: Opts): Promise<ExitCode> {
  const input: Record<string, unknown> = {};
  for (const o of sub.options) {
    const v = opts[camel(o.flags)];
    if (v !== undefined) input[o.member] = v;
  }
  const client = await ctx.client();
  const res = await client.request({
    method: 'POST',
    path: '/elbv2/',
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    body: encodeQueryParams(sub.action, input).toString(),
    accept: 'application/json',
  });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new CliError(
      `the server answered ${sub.action} with HTTP ${res.status} and no JSON (is its ELBv2 API enabled?)`,
    );
  }
  if (res.status < 200 || res.status > 299) {
    const e = (body as ServiceErrorBody).Error;
    if (e?.Code === undefined)
      throw new CliError(
        `the server answered ${sub.action} with HTTP ${res.status} (is its ELBv2 API enabled?)`,
      );
    ctx.print.errLine(
      `\nAn error occurred (${e.Code}) when calling the ${sub.action} operation: ${e.Message ?? ''}`,
    );
    return SERVICE_ERROR_EXIT;
  }
  if (opts.output === 'table') ctx.print.write(awsTable(sub.action, body, terminalWidth()));
  else ctx.print.line(JSON.stringify(body, null, 4));
  return 0;
}

function subcommand(ctx: CliContext, box: ExitBox, sub: Subcommand): Command {
  const cmd = new Command(sub.name)
    .summary(sub.summary)
    .description(`${sub.summary} (aws elbv2 ${sub.name})`);
  for (const o of sub.options) {
    const opt = new Option(o.flags, o.description);
    if (o.parse) opt.argParser(o.parse);
    if (o.required) opt.makeOptionMandatory();
    cmd.addOption(opt);
  }
  cmd.addOption(
    new Option('--output <format>', 'the output format').choices(['json', 'table']).default('json'),
  );
  cmd.action(act(ctx, box, (opts: Opts) => runSubcommand(ctx, sub, opts)));
  return cmd;
}

export function elbv2Command(ctx: CliContext, box: ExitBox): Command {
  const cmd = new Command('elbv2')
    .summary('describe the ALB as `aws elbv2` does (describe-load-balancers, describe-target-health, ...)')
    .description(
      "Describe gangway's ALB through its ELBv2 API, with the AWS CLI's options and output. The real AWS CLI works too:\n" +
        '  aws --endpoint-url https://127.0.0.1:<api port>/elbv2 --ca-bundle $GANGWAY_HOME/ca.crt elbv2 describe-target-health ...',
    )
    .usage('<subcommand> [options]');
  for (const sub of SUBCOMMANDS) {
    const c = subcommand(ctx, box, sub);
    c.exitOverride().configureOutput({
      writeOut: (s) => ctx.deps.output.write(s),
      writeErr: (s) => ctx.deps.output.writeErr(s),
    });
    cmd.addCommand(c);
  }
  return cmd;
}
