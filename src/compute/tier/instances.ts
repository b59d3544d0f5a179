import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { recordException } from '../../private/compliance';
import { grantPolicy, managedPolicy, wildcard } from '../../private/exceptions';

/**
 * CloudWatch namespace of the metrics that the CloudWatch agent publishes from the instances (`WebAppTier.AGENT_METRICS_NAMESPACE`).
 */
export const AGENT_METRICS_NAMESPACE = 'CWAgent';

/** The security group of the instances; the target group admits the load balancer on the app port. */
export function createInstanceSecurityGroup(scope: Construct, vpc: ec2.IVpc): ec2.SecurityGroup {
  const securityGroup = new ec2.SecurityGroup(scope, 'InstanceSecurityGroup', {
    vpc,
    description: 'Application instances of the web app: admit the load balancer on the app port only',
    allowAllOutbound: false,
  });
  // AWS APIs (SSM, CloudWatch, S3, Secrets Manager) and the Amazon Linux package repositories are HTTPS.
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and package repositories');
  return securityGroup;
}

/** The role of the instances and the two log groups that their CloudWatch agent writes to. */
export interface InstanceRoleAndLogs {
  readonly role: iam.Role;
  readonly systemLogGroup: logs.LogGroup;
  readonly applicationLogGroup: logs.LogGroup;
}

/**
 * The role of the instances (Session Manager, the log groups, the CloudWatch agent's metrics) and the log groups of
 * their system logs and of the app's logs, encrypted with the key.
 */
export function createInstanceRoleAndLogs(scope: Construct, key: kms.IKey, retention: logs.RetentionDays): InstanceRoleAndLogs {
  const role = new iam.Role(scope, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: 'Application instances of the web app',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
  });
  recordException(role, managedPolicy('AmazonSSMManagedInstanceCore',
    'AmazonSSMManagedInstanceCore is the minimal policy AWS maintains for Session Manager and patching, which replace SSH'));
  recordException(role, grantPolicy('instance role'));
  const systemLogGroup = createInstanceLogGroup(scope, 'SystemLogs', key, retention);
  const applicationLogGroup = createInstanceLogGroup(scope, 'ApplicationLogs', key, retention);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    resources: [systemLogGroup.logGroupArn, applicationLogGroup.logGroupArn],
  }));
  // The CloudWatch agent publishes memory and disk metrics; PutMetricData has no resource-level
  // permissions, so a condition holds it to the agent's namespace. DescribeTags reads the instance's
  // Auto Scaling group name, the metrics' dimension.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': AGENT_METRICS_NAMESPACE } },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeTags'], resources: ['*'] }));
  recordException(role, wildcard('Resource::*',
    `cloudwatch:PutMetricData (held by a condition to the ${AGENT_METRICS_NAMESPACE} namespace) and ec2:DescribeTags (read-only) support no resource-level permissions; the CloudWatch agent needs both`));
  return { role, systemLogGroup, applicationLogGroup };
}

function createInstanceLogGroup(scope: Construct, id: string, key: kms.IKey, retention: logs.RetentionDays): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    encryptionKey: key,
    retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
