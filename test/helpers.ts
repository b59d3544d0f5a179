import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'us-east-1';
export const TEST_AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
/** A second Region, for stacks outside us-east-1 (where CloudFront's certificates and WebACLs live). */
export const OTHER_REGION = 'eu-west-1';
export const OTHER_REGION_AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
/** A third Region: the disaster recovery Region of the multi-Region stage's tests. */
export const RECOVERY_REGION = 'eu-central-1';
export const RECOVERY_REGION_AZS = ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'];

/**
 * An app whose stacks have an explicit account and region, with the Availability Zones that
 * `cdk synth` would otherwise look up with AWS credentials.
 */
export function testApp(): App {
  return new App({
    context: {
      [`availability-zones:account=${TEST_ACCOUNT}:region=${TEST_REGION}`]: TEST_AZS,
      [`availability-zones:account=${TEST_ACCOUNT}:region=${OTHER_REGION}`]: OTHER_REGION_AZS,
      [`availability-zones:account=${TEST_ACCOUNT}:region=${RECOVERY_REGION}`]: RECOVERY_REGION_AZS,
    },
  });
}

/** A stack in the test account and region of {@link testApp}. */
export function testStack(app: App = testApp(), id = 'TestStack'): Stack {
  return new Stack(app, id, { env: { account: TEST_ACCOUNT, region: TEST_REGION } });
}

/** Every ingress rule of the template, inline in a security group or standalone. */
export function ingressRules(template: Template): Array<Record<string, unknown>> {
  const inline = Object.values(template.findResources('AWS::EC2::SecurityGroup'))
    .flatMap((group) => group.Properties.SecurityGroupIngress ?? []);
  const standalone = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .map((rule) => rule.Properties);
  return [...inline, ...standalone];
}

/** The logical ID of a construct's CloudFormation resource (its default child), or of the element itself. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}
