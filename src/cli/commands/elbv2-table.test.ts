// gangway's `--output table` against tables the AWS CLI printed for the same answers
// (elbv2-testdata/, captured from `aws elbv2 ... --output table` at 80 columns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { toCliJson } from '../../elbv2/cli-json.ts';
import { OPERATIONS, type Elbv2View } from '../../elbv2/operations.ts';
import { CREATED, LB_ARN, LISTENER_80, MODEL, SOURCE, TG_ARN } from '../../elbv2/test-model.ts';
import { awsTable } from './elbv2-table.ts';

const view: Elbv2View = { model: MODEL, health: SOURCE.health, createdTime: () => CREATED };

const CASES: [string, string, Record<string, unknown>][] = [
  ['describe-target-health', 'DescribeTargetHealth', { TargetGroupArn: TG_ARN }],
  ['describe-load-balancers', 'DescribeLoadBalancers', {}],
  ['describe-listeners', 'DescribeListeners', { LoadBalancerArn: LB_ARN }],
  ['describe-rules', 'DescribeRules', { ListenerArn: LISTENER_80 }],
  ['describe-target-groups', 'DescribeTargetGroups', {}],
  ['describe-tags', 'DescribeTags', { ResourceArns: [LB_ARN, TG_ARN] }],
  ['describe-load-balancer-attributes', 'DescribeLoadBalancerAttributes', { LoadBalancerArn: LB_ARN }],
];

void test('tables match the AWS CLI character for character', async () => {
  for (const [file, action, input] of CASES) {
    const response = toCliJson(OPERATIONS.get(action)!(view, input));
    const want = await readFile(new URL(`./elbv2-testdata/${file}.txt`, import.meta.url), 'utf8');
    assert.equal(awsTable(action, response), want, file);
  }
});

void test('a wide terminal keeps header rows (AWS CLI at 250 columns)', async () => {
  const tags = toCliJson(OPERATIONS.get('DescribeTags')!(view, { ResourceArns: [LB_ARN, TG_ARN] }));
  const want = await readFile(new URL('./elbv2-testdata/describe-tags-250.txt', import.meta.url), 'utf8');
  assert.equal(awsTable('DescribeTags', tags, 250), want);
  // Captured with an AWS CLI whose service model predates AdministrativeOverride.
  const health = JSON.parse(
    JSON.stringify(
      toCliJson(OPERATIONS.get('DescribeTargetHealth')!(view, { TargetGroupArn: TG_ARN })),
      (k, v: unknown) => (k === 'AdministrativeOverride' ? undefined : v),
    ),
  ) as unknown;
  const wantHealth = await readFile(
    new URL('./elbv2-testdata/describe-target-health-250.txt', import.meta.url),
    'utf8',
  );
  assert.equal(awsTable('DescribeTargetHealth', health, 250), wantHealth);
});

void test('an empty list leaves the title alone, as the AWS CLI', () => {
  assert.equal(
    awsTable('DescribeTargetHealth', { TargetHealthDescriptions: [] }),
    '----------------------\n|DescribeTargetHealth|\n+--------------------+\n',
  );
});
