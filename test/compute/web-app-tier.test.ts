import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AppSource } from '../../src/compute/app-source';
import { AgentMetric, AppTierUpdate, ImpairedZoneHealthCheck, LoadBalancerExposure, WebAppTier, WebAppTierOptions, WebAppTierProps } from '../../src/compute/web-app-tier';
import { DatabaseTopology, WebAppDatabase } from '../../src/data/web-app-database';
import { WebAppNetwork } from '../../src/network/web-app-network';
import { PatchManagement } from '../../src/operations/patch-management';
import { WebAppMonitoring } from '../../src/operations/web-app-monitoring';
import { WebAppEncryption } from '../../src/security/web-app-encryption';
import { cfnLint, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { ingressRules, logicalId, OTHER_REGION, TEST_ACCOUNT, TEST_AZS, TEST_REGION, testApp, testStack } from '../helpers';

const SAMPLE_APP_DIR = path.join(__dirname, '..', '..', 'assets', 'sample-app');
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const IMPORTED_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const KEY_PENDING_WARNING = /key policy cannot be changed here/;

interface Synthesized {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly tier: WebAppTier;
  readonly template: Template;
}

/** A tier in a VPC of its own stack; `extra` adds the props that need the stack (certificate, key...). */
function synth(options: WebAppTierOptions = {}, extra: (stack: Stack) => Partial<WebAppTierProps> = () => ({})): Synthesized {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const tier = new WebAppTier(stack, 'Tier', { vpc, ...options, ...extra(stack) });
  return { stack, vpc, tier, template: Template.fromStack(stack) };
}

function logGroupArn(stack: Stack, group: logs.ILogGroup) {
  return { 'Fn::GetAtt': [logicalId(stack, group), 'Arn'] };
}

function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** The user data of the launch template as one string, with CloudFormation intrinsics rendered as JSON. */
function userDataOf(template: Template): string {
  const launchTemplate = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
  const userData = launchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64'];
  const parts: unknown[] = typeof userData === 'string' ? [userData] : userData['Fn::Join'][1];
  return parts.map((part) => typeof part === 'string' ? part : JSON.stringify(part)).join('');
}

/** The launch template runs the Amazon Linux 2023 image of the architecture, and the instance type. */
function expectImage(template: Template, arch: string, instanceType: string): void {
  const parameters = template.findParameters('*', {
    Default: Match.stringLikeRegexp(`^/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-[0-9.]+-${arch}$`),
  });
  expect(Object.keys(parameters)).toHaveLength(1);
  template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
    LaunchTemplateData: Match.objectLike({ InstanceType: instanceType, ImageId: { Ref: Object.keys(parameters)[0] } }),
  });
}

function autoScalingServiceRoleArn(suffix: string) {
  return {
    'Fn::Join': ['', [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:iam::${TEST_ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_${suffix}`,
    ]],
  };
}

describe('WebAppTier', () => {
  describe('defaults', () => {
    let stack: Stack;
    let vpc: ec2.Vpc;
    let tier: WebAppTier;
    let template: Template;
    beforeAll(() => {
      ({ stack, vpc, tier, template } = synth());
    });

    describe('load balancer', () => {
      test('is one internal Application Load Balancer in the private subnets', () => {
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
          Type: 'application',
          Scheme: 'internal',
          Subnets: vpc.privateSubnets.map((subnet) => ({ Ref: logicalId(stack, subnet) })),
        });
      });

      test('drops invalid header fields and uses the strictest desync mitigation', () => {
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
          LoadBalancerAttributes: Match.arrayWith([
            { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
            { Key: 'routing.http.desync_mitigation_mode', Value: 'strictest' },
          ]),
        });
      });

      test('is protected from deletion', () => {
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
          LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
        });
      });

      test('writes access logs to a new bucket', () => {
        const bucketId = logicalId(stack, tier.accessLogsBucket);
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
          LoadBalancerAttributes: Match.arrayWith([
            { Key: 'access_logs.s3.enabled', Value: 'true' },
            { Key: 'access_logs.s3.bucket', Value: { Ref: bucketId } },
          ]),
        });
        template.hasResource('AWS::S3::Bucket', {
          Properties: Match.objectLike({ LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'alb-access-logs/' }) }),
        });
        expect(template.toJSON().Resources[bucketId].Type).toEqual('AWS::S3::Bucket');
      });

      test('the log buckets are private, SSE-S3 encrypted, versioned, expire logs and are retained', () => {
        template.resourceCountIs('AWS::S3::Bucket', 2);
        const buckets = template.findResources('AWS::S3::Bucket', {
          Properties: {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
            },
            VersioningConfiguration: { Status: 'Enabled' },
            OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
            LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Status: 'Enabled', ExpirationInDays: Match.anyValue() })]) },
          },
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
        expect(Object.keys(buckets)).toHaveLength(2);
        template.hasResourceProperties('AWS::S3::Bucket', {
          LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
          LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'alb-access-logs/' }),
        });
      });

      test('the access log bucket logs its own access to the server access log bucket', () => {
        const accessLogsId = logicalId(stack, tier.accessLogsBucket);
        const bucket = template.toJSON().Resources[accessLogsId];
        const destination = bucket.Properties.LoggingConfiguration.DestinationBucketName.Ref;
        expect(destination).not.toEqual(accessLogsId);
        template.hasResource('AWS::S3::Bucket', {
          Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] } }),
        });
        expect(template.toJSON().Resources[destination].Properties.LoggingConfiguration).toBeUndefined();
      });

      test('the log buckets send their events to EventBridge, without a custom resource (Control Tower CT.S3.PR.4)', () => {
        const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
        expect(buckets.map((bucket) => bucket.Properties.NotificationConfiguration)).toEqual(
          buckets.map(() => ({ EventBridgeConfiguration: { EventBridgeEnabled: true } })));
        template.resourceCountIs('Custom::S3BucketNotifications', 0);
      });

      test('the log buckets deny requests without TLS', () => {
        template.resourceCountIs('AWS::S3::BucketPolicy', 2);
        for (const policy of Object.values(template.findResources('AWS::S3::BucketPolicy'))) {
          expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          })]));
        }
      });
    });

    describe('listener and target group', () => {
      test('listens on HTTP port 80 without a certificate and forwards to the target group', () => {
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
          Port: 80,
          Protocol: 'HTTP',
          Certificates: Match.absent(),
          DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: logicalId(stack, tier.targetGroup) } }],
        });
      });

      test('the target group sends HTTP to port 8080 and checks /health', () => {
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
          Port: 8080,
          Protocol: 'HTTP',
          TargetType: 'instance',
          HealthCheckPath: '/health',
          Matcher: { HttpCode: '200' },
        });
        expect(tier.appPort).toBe(8080);
      });

      test('the Auto Scaling group is the target', () => {
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
          TargetGroupARNs: [{ Ref: logicalId(stack, tier.targetGroup) }],
        });
      });
    });

    describe('security groups', () => {
      test('no security group admits 0.0.0.0/0 or ::/0', () => {
        const rules = ingressRules(template);
        expect(rules.length).toBeGreaterThan(0);
        expect(rules.filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0')).toEqual([]);
      });

      test('the load balancer admits only CloudFront\'s origin-facing prefix list, on the serving port', () => {
        const albGroupId = logicalId(stack, tier.loadBalancer.connections.securityGroups[0]);
        const rules = ingressRules(template).filter((rule) => JSON.stringify(rule.GroupId).includes(albGroupId));
        expect(rules).toEqual([expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 80,
          ToPort: 80,
          SourcePrefixListId: 'pl-3b927c52',
        })]);
      });

      test('the instances admit only the load balancer, on the app port', () => {
        const instanceGroupId = logicalId(stack, tier.instanceSecurityGroup);
        const albGroupId = logicalId(stack, tier.loadBalancer.connections.securityGroups[0]);
        const rules = ingressRules(template).filter((rule) => JSON.stringify(rule.GroupId).includes(instanceGroupId));
        expect(rules).toEqual([expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 8080,
          ToPort: 8080,
          SourceSecurityGroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] },
        })]);
      });

      test('the instances may send only HTTPS', () => {
        const instanceGroupId = logicalId(stack, tier.instanceSecurityGroup);
        const group = template.toJSON().Resources[instanceGroupId];
        expect(group.Properties.SecurityGroupEgress).toEqual([{
          CidrIp: '0.0.0.0/0',
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          Description: expect.any(String),
        }]);
        const standaloneEgress = template.findResources('AWS::EC2::SecurityGroupEgress', {
          Properties: { GroupId: { 'Fn::GetAtt': [instanceGroupId, 'GroupId'] } },
        });
        expect(standaloneEgress).toEqual({});
      });

      test('the load balancer may reach only the instances on the app port', () => {
        const albGroupId = logicalId(stack, tier.loadBalancer.connections.securityGroups[0]);
        const albGroup = template.toJSON().Resources[albGroupId];
        expect(albGroup.Properties.SecurityGroupEgress).toBeUndefined();
        const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map((rule) => rule.Properties);
        expect(egress).toEqual([{
          GroupId: { 'Fn::GetAtt': [albGroupId, 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 8080,
          ToPort: 8080,
          DestinationSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, tier.instanceSecurityGroup), 'GroupId'] },
          Description: expect.any(String),
        }]);
      });
    });

    describe('launch template', () => {
      test('requires IMDSv2 with a hop limit of 1', () => {
        template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
          LaunchTemplateData: Match.objectLike({
            MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          }),
        });
      });

      test('enables detailed monitoring', () => {
        template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
          LaunchTemplateData: Match.objectLike({ Monitoring: { Enabled: true } }),
        });
      });

      test('encrypts the gp3 root volume with the customer managed key', () => {
        const keyId = onlyLogicalId(template, 'AWS::KMS::Key');
        template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
          LaunchTemplateData: Match.objectLike({
            BlockDeviceMappings: [{
              DeviceName: '/dev/xvda',
              Ebs: Match.objectLike({
                VolumeType: 'gp3',
                Encrypted: true,
                KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
                DeleteOnTermination: true,
              }),
            }],
          }),
        });
      });

      test('has no SSH key', () => {
        template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
          LaunchTemplateData: Match.objectLike({ KeyName: Match.absent() }),
        });
      });

      test('runs t4g.small on the arm64 Amazon Linux 2023 image', () => {
        const parameters = template.findParameters('*', {
          Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
          Default: Match.stringLikeRegexp('^/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-[0-9.]+-arm64$'),
        });
        expect(Object.keys(parameters)).toHaveLength(1);
        expect(template.findParameters('*', { Default: Match.stringLikeRegexp('x86_64') })).toEqual({});
        template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
          LaunchTemplateData: Match.objectLike({
            InstanceType: 't4g.small',
            ImageId: { Ref: Object.keys(parameters)[0] },
          }),
        });
      });

      test('gives the instances a role with only SSM core, the stack signal, the CloudWatch agent and the probe token', () => {
        template.hasResourceProperties('AWS::IAM::Role', {
          AssumeRolePolicyDocument: {
            Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })],
          },
          ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
        });
        template.hasResourceProperties('AWS::IAM::Policy', {
          Roles: [{ Ref: logicalId(stack, tier.instanceRole as iam.Role) }],
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
                Resource: [logGroupArn(stack, tier.systemLogGroup), logGroupArn(stack, tier.applicationLogGroup)],
              },
              {
                Effect: 'Allow',
                Action: 'cloudwatch:PutMetricData',
                Resource: '*',
                Condition: { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } },
              },
              { Effect: 'Allow', Action: 'ec2:DescribeTags', Resource: '*' },
              // The sample app's files: one object of the CDK assets bucket.
              Match.objectLike({ Action: 's3:GetObject', Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }) }),
              Match.objectLike({ Action: 'cloudformation:SignalResource', Resource: { Ref: 'AWS::StackId' } }),
              {
                Effect: 'Allow',
                Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
                Resource: { Ref: logicalId(stack, tier.healthProbeSecret) },
              },
            ],
          },
        });
      });

      test('no IAM policy of the instance role has a wildcard action', () => {
        const roleRef = { Ref: logicalId(stack, tier.instanceRole as iam.Role) };
        const policies = Object.values(template.findResources('AWS::IAM::Policy', {
          Properties: { Roles: Match.arrayWith([roleRef]) },
        }));
        const role = template.toJSON().Resources[roleRef.Ref];
        const documents = [
          ...policies.map((policy) => policy.Properties.PolicyDocument),
          ...(role.Properties.Policies ?? []).map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument),
        ];
        expect(documents.length).toBeGreaterThan(0);
        const actions = documents
          .flatMap((document) => document.Statement)
          .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
        expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
      });
    });

    describe('CloudWatch agent', () => {
      test('creates a system and an application log group, encrypted, kept a year, retained', () => {
        for (const group of [tier.systemLogGroup, tier.applicationLogGroup]) {
          const resource = template.toJSON().Resources[logicalId(stack, group)];
          expect(resource).toMatchObject({ Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365 } });
          expect(resource.Properties.KmsKeyId['Fn::GetAtt'][0]).toMatch(/^TierEncryptionKey/);
        }
      });

      test('installs the agent and rsyslog and points the agent at both log groups', () => {
        const userData = userDataOf(template);
        expect(userData).toContain('dnf install -y amazon-cloudwatch-agent rsyslog logrotate');
        expect(userData).toContain('amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s');
        expect(userData).toContain(`SYSTEM_LOG_GROUP='${JSON.stringify({ Ref: logicalId(stack, tier.systemLogGroup) })}'`);
        expect(userData).toContain(`APP_LOG_GROUP='${JSON.stringify({ Ref: logicalId(stack, tier.applicationLogGroup) })}'`);
        // The agent starts before the app, so that the boot of the app is in the logs too.
        expect(userData.indexOf('amazon-cloudwatch-agent-ctl')).toBeLessThan(userData.indexOf('webapp.service'));
      });

      test('the agent configuration collects system and app logs and memory and disk metrics by group', () => {
        const encoded = /AGENT_CONFIG='([A-Za-z0-9+/=]+)'/.exec(userDataOf(template))![1];
        const config = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
        expect(config.metrics.namespace).toEqual(WebAppTier.AGENT_METRICS_NAMESPACE);
        expect(config.metrics.append_dimensions.AutoScalingGroupName).toEqual('${aws:AutoScalingGroupName}');
        expect(config.metrics.aggregation_dimensions).toEqual([['AutoScalingGroupName']]);
        expect(Object.keys(config.metrics.metrics_collected)).toEqual(['mem', 'disk', 'swap']);
        const files = config.logs.logs_collected.files.collect_list;
        expect(files.map((f: { file_path: string; log_group_name: string }) => [f.file_path, f.log_group_name])).toEqual([
          ['/var/log/messages', '@SYSTEM_LOG_GROUP@'],
          ['/var/log/secure', '@SYSTEM_LOG_GROUP@'],
          ['/var/log/cloud-init-output.log', '@SYSTEM_LOG_GROUP@'],
          ['/var/log/webapp/*.log', '@APP_LOG_GROUP@'],
        ]);
      });

      test('the sample app writes its output where the agent reads it', () => {
        const unit = fs.readFileSync(path.join(SAMPLE_APP_DIR, 'webapp.service'), 'utf8');
        expect(unit).toContain('StandardOutput=append:/var/log/webapp/app.log');
      });

      test('metricAgent reads the agent namespace by Auto Scaling group', () => {
        const metric = tier.metricAgent(AgentMetric.MEMORY);
        expect(metric.metricName).toEqual('mem_used_percent');
        expect(metric.namespace).toEqual('CWAgent');
        expect(stack.resolve(metric.dimensions)).toEqual({ AutoScalingGroupName: { Ref: logicalId(stack, tier.autoScalingGroup) } });
        expect(tier.metricAgent(AgentMetric.DISK, { period: Duration.minutes(5) }).period.toMinutes()).toEqual(5);
      });
    });

    describe('metrics', () => {
      const loadBalancer = ['LoadBalancer'];
      const targetGroup = ['LoadBalancer', 'TargetGroup'];
      const group = ['AutoScalingGroupName'];
      interface MetricCase {
        readonly name: string;
        readonly metricOf: (t: WebAppTier) => cloudwatch.Metric;
        readonly namespace: string;
        readonly metricName: string;
        readonly statistic: string;
        readonly dimensions: string[];
      }
      const cases: MetricCase[] = [
        { name: 'metricHttpCodeElb', metricOf: (t) => t.metricHttpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_ELB_5XX_Count', statistic: 'Sum', dimensions: loadBalancer },
        { name: 'metricRequestCount', metricOf: (t) => t.metricRequestCount(), namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', statistic: 'Sum', dimensions: loadBalancer },
        { name: 'metricHttpCodeTarget', metricOf: (t) => t.metricHttpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', statistic: 'Sum', dimensions: targetGroup },
        { name: 'metricTargetResponseTime', metricOf: (t) => t.metricTargetResponseTime(), namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', statistic: 'Average', dimensions: targetGroup },
        { name: 'metricHealthyHostCount', metricOf: (t) => t.metricHealthyHostCount(), namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount', statistic: 'Average', dimensions: targetGroup },
        { name: 'metricUnhealthyHostCount', metricOf: (t) => t.metricUnhealthyHostCount(), namespace: 'AWS/ApplicationELB', metricName: 'UnHealthyHostCount', statistic: 'Average', dimensions: targetGroup },
        { name: 'metricCPUUtilization', metricOf: (t) => t.metricCPUUtilization(), namespace: 'AWS/EC2', metricName: 'CPUUtilization', statistic: 'Average', dimensions: group },
        { name: 'metricGroupInServiceInstances', metricOf: (t) => t.metricGroupInServiceInstances(), namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances', statistic: 'Average', dimensions: group },
        { name: 'metricGroupMinSize', metricOf: (t) => t.metricGroupMinSize(), namespace: 'AWS/AutoScaling', metricName: 'GroupMinSize', statistic: 'Average', dimensions: group },
      ];
      test.each(cases)('$name reads $namespace $metricName, by default the $statistic over 5 minutes', ({ metricOf, namespace, metricName, statistic, dimensions }) => {
        const metric = metricOf(tier);
        expect(metric.namespace).toEqual(namespace);
        expect(metric.metricName).toEqual(metricName);
        expect(metric.statistic).toEqual(statistic);
        expect(metric.period.toMinutes()).toEqual(5);
        expect(Object.keys(metric.dimensions ?? {}).sort()).toEqual(dimensions);
      });

      test('the group metrics name the tier\'s Auto Scaling group and take overrides', () => {
        const metric = tier.metricGroupMinSize({ statistic: 'Minimum', period: Duration.minutes(1), label: 'Minimum size' });
        expect(stack.resolve(metric.dimensions)).toEqual({ AutoScalingGroupName: { Ref: logicalId(stack, tier.autoScalingGroup) } });
        expect(metric.statistic).toEqual('Minimum');
        expect(metric.period.toMinutes()).toEqual(1);
        expect(metric.label).toEqual('Minimum size');
      });
    });

    describe('user data', () => {
      test('downloads the sample app (an asset of its files) and installs its unit', () => {
        const userData = userDataOf(template);
        expect(userData).toMatch(/aws s3 cp 's3:\/\/.*\.zip' \/tmp\/sample-app.zip/);
        expect(userData).toContain('python3 -m zipfile -e /tmp/sample-app.zip /opt/webapp/');
        expect(userData).toContain('install -m 0644 /opt/webapp/webapp.service /etc/systemd/system/webapp.service');
        // The files travel as an asset: EC2 limits user data to 16 KB, and the web app adds the data tier's settings.
        expect(userData).not.toContain(Buffer.from(fs.readFileSync(path.join(SAMPLE_APP_DIR, 'server.py'), 'utf8')).toString('base64'));
        expect(userData.length).toBeLessThan(10 * 1024);
      });

      test('sets the app port and health check path', () => {
        const userData = userDataOf(template);
        expect(userData).toContain("APP_PORT='8080'");
        expect(userData).toContain("HEALTH_CHECK_PATH='/health'");
      });

      test('signals the Auto Scaling group with cfn-signal', () => {
        const userData = userDataOf(template);
        expect(userData).toContain('/opt/aws/bin/cfn-signal');
        expect(userData).toContain(`SIGNAL_RESOURCE='${logicalId(stack, tier.autoScalingGroup)}'`);
        expect(userData).toContain(`SIGNAL_STACK='${JSON.stringify({ Ref: 'AWS::StackName' })}'`);
      });
    });

    describe('Auto Scaling group', () => {
      test('runs 2 to 6 instances in the private subnets', () => {
        template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 1);
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
          MinSize: '2',
          MaxSize: '6',
          VPCZoneIdentifier: vpc.privateSubnets.map((subnet) => ({ Ref: logicalId(stack, subnet) })),
        });
      });

      test('names the Availability Zones of its subnets too, once each (the Control Tower control CT.AUTOSCALING.PR.1 reads them)', () => {
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { AvailabilityZones: TEST_AZS });
      });

      test('replaces instances that fail the load balancer health check, after a grace period', () => {
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
          HealthCheckType: 'ELB',
          HealthCheckGracePeriod: 300,
        });
      });

      test('rebalances capacity', () => {
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { CapacityRebalance: true });
      });

      test('rolls launch template changes out by an instance refresh, without a rolling update', () => {
        const group = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
        expect(group.UpdatePolicy.AutoScalingInstanceRefresh).toMatchObject({ Strategy: 'Rolling', Preferences: { MinHealthyPercentage: 100 } });
        expect(group.UpdatePolicy.AutoScalingRollingUpdate).toBeUndefined();
      });

      test('waits at creation for a signal from each of the minimum instances', () => {
        template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
          CreationPolicy: { ResourceSignal: { Count: 2, Timeout: 'PT15M' } },
        });
      });

      test('sends launch and terminate events to a topic encrypted with the key', () => {
        const keyId = onlyLogicalId(template, 'AWS::KMS::Key');
        const topicId = onlyLogicalId(template, 'AWS::SNS::Topic');
        template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
          NotificationConfigurations: [{
            TopicARN: { Ref: topicId },
            NotificationTypes: Match.arrayWith(['autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_TERMINATE']),
          }],
        });
        expect(logicalId(stack, tier.notificationsTopic as sns.Topic)).toEqual(topicId);
      });

      test('the notifications topic denies publishing without TLS', () => {
        template.hasResourceProperties('AWS::SNS::TopicPolicy', {
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            })]),
          },
        });
      });
    });

    describe('Auto Scaling service-linked role', () => {
      test('creates a custom-suffixed Auto Scaling service-linked role used by the group', () => {
        template.resourceCountIs('AWS::IAM::ServiceLinkedRole', 1);
        const roleId = onlyLogicalId(template, 'AWS::IAM::ServiceLinkedRole');
        const role = template.toJSON().Resources[roleId];
        expect(role.Properties.AWSServiceName).toEqual('autoscaling.amazonaws.com');
        const suffix: string = role.Properties.CustomSuffix;
        expect(suffix).toMatch(/^[\w+=,.@-]+$/);
        template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
          Properties: Match.objectLike({ ServiceLinkedRoleARN: autoScalingServiceRoleArn(suffix) }),
          DependsOn: Match.arrayWith([roleId]),
        });
      });

      test('the key policy lets the role use the key and create grants for AWS resources only', () => {
        const suffix = Object.values(template.findResources('AWS::IAM::ServiceLinkedRole'))[0].Properties.CustomSuffix;
        const roleId = onlyLogicalId(template, 'AWS::IAM::ServiceLinkedRole');
        template.hasResource('AWS::KMS::Key', {
          Properties: Match.objectLike({
            KeyPolicy: Match.objectLike({
              Statement: Match.arrayWith([
                Match.objectLike({
                  Effect: 'Allow',
                  Principal: { AWS: autoScalingServiceRoleArn(suffix) },
                  Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']),
                }),
                Match.objectLike({
                  Effect: 'Allow',
                  Principal: { AWS: autoScalingServiceRoleArn(suffix) },
                  Action: 'kms:CreateGrant',
                  Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
                }),
              ]),
            }),
          }),
          // KMS rejects a key policy that names a role that does not exist yet.
          DependsOn: Match.arrayWith([roleId]),
        });
      });

      test('each tier of a stack gets a role suffix of its own', () => {
        const other = testStack();
        const otherVpc = new ec2.Vpc(other, 'Vpc');
        new WebAppTier(other, 'Blue', { vpc: otherVpc });
        new WebAppTier(other, 'Green', { vpc: otherVpc });
        const suffixes = Object.values(Template.fromStack(other).findResources('AWS::IAM::ServiceLinkedRole'))
          .map((role) => role.Properties.CustomSuffix);
        expect(suffixes).toHaveLength(2);
        expect(new Set(suffixes).size).toBe(2);
      });
    });

    describe('scaling', () => {
      test('tracks 60% average CPU', () => {
        template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
          PolicyType: 'TargetTrackingScaling',
          AutoScalingGroupName: { Ref: logicalId(stack, tier.autoScalingGroup) },
          TargetTrackingConfiguration: {
            PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
            TargetValue: 60,
          },
        });
      });

      test('tracks 1000 requests per target on the load balancer', () => {
        template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingConfiguration: {
            PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
            TargetValue: 1000,
          },
        });
        template.resourceCountIs('AWS::AutoScaling::ScalingPolicy', 2);
      });
    });

    test('creates its own key with rotation and warns about nothing', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(KEY_PENDING_WARNING.source));
    });

    test('the instances connect through their security group', () => {
      expect(tier.connections.securityGroups).toEqual([tier.instanceSecurityGroup]);
    });
  });

  describe('probe token', () => {
    let stack: Stack;
    let tier: WebAppTier;
    let template: Template;
    beforeAll(() => {
      ({ stack, tier, template } = synth());
    });

    test('is a generated secret of 48 letters and digits, encrypted with the tier\'s key', () => {
      const secret = template.toJSON().Resources[logicalId(stack, tier.healthProbeSecret)];
      expect(secret.Properties).toMatchObject({
        GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 48 },
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^TierEncryptionKey/), 'Arn'] },
        Description: expect.stringContaining('X-Health-Probe'),
      });
    });

    test('the instances may read it, and find its ARN in HEALTH_PROBE_SECRET_ARN', () => {
      const secretId = logicalId(stack, tier.healthProbeSecret);
      const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
      expect(policies).toContain(`{"Action":["secretsmanager:GetSecretValue","secretsmanager:DescribeSecret"],"Effect":"Allow","Resource":{"Ref":"${secretId}"}}`);
      // Decrypting it takes the key, through Secrets Manager only.
      const keyPolicy = JSON.stringify(Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy);
      expect(keyPolicy).toMatch(/"Action":"kms:Decrypt","Condition":\{"StringEquals":\{"kms:ViaService":"secretsmanager\.[^"]+"\}\}/);
      expect(userDataOf(template)).toContain(`HEALTH_PROBE_SECRET_ARN=${JSON.stringify({ Ref: secretId })}`);
    });

    test('its setting cannot be replaced with addEnvironment', () => {
      expect(() => tier.addEnvironment('HEALTH_PROBE_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:other'))
        .toThrow("invalid addEnvironment name ('HEALTH_PROBE_SECRET_ARN'): this name is set by the library");
    });
  });

  describe('options', () => {
    test('deletionProtection false turns deletion protection off', () => {
      const { template } = synth({ deletionProtection: false });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
      });
    });

    test('healthCheckPath sets the target group check and the sample app', () => {
      const { template } = synth({ healthCheckPath: '/healthz' });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/healthz' });
      expect(userDataOf(template)).toContain("HEALTH_CHECK_PATH='/healthz'");
    });

    test('appPort sets the target group port, the ingress rule and the sample app', () => {
      const { stack, tier, template } = synth({ appPort: 8443 });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8443 });
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [logicalId(stack, tier.instanceSecurityGroup), 'GroupId'] },
        FromPort: 8443,
        ToPort: 8443,
      });
      expect(userDataOf(template)).toContain("APP_PORT='8443'");
      expect(tier.appPort).toBe(8443);
    });

    test('minCapacity and maxCapacity size the group, the rolling update and the creation signals', () => {
      const { template } = synth({ minCapacity: 3, maxCapacity: 9, updateStrategy: AppTierUpdate.rollingUpdate() });
      template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
        Properties: Match.objectLike({ MinSize: '3', MaxSize: '9' }),
        UpdatePolicy: { AutoScalingRollingUpdate: Match.objectLike({ MinInstancesInService: 3 }) },
        CreationPolicy: { ResourceSignal: { Count: 3, Timeout: 'PT15M' } },
      });
    });

    test('targetCpuUtilization and targetRequestsPerMinute set the scaling targets', () => {
      const { template } = synth({ targetCpuUtilization: 45, targetRequestsPerMinute: 2500 });
      template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
        TargetTrackingConfiguration: Match.objectLike({
          PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
          TargetValue: 45,
        }),
      });
      template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
        TargetTrackingConfiguration: Match.objectLike({
          PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
          TargetValue: 2500,
        }),
      });
    });

    test.each([
      [ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM), 'x86_64', 't3.medium'],
      [ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE), 'arm64', 'm7g.large'],
    ])('instanceType %s runs the %s Amazon Linux 2023 image', (instanceType, arch, name) => {
      const { template } = synth({ instanceType });
      expectImage(template, arch, name);
    });

    // What a JavaScript or Python user may pass: the name, not an ec2.InstanceType.
    test.each([
      ['m7g.large', 'arm64'], ['c7gn.xlarge', 'arm64'], ['t4g.small', 'arm64'], ['r8g.large', 'arm64'], ['c6gd.large', 'arm64'], ['a1.large', 'arm64'],
      ['m7i.large', 'x86_64'], ['c7a.large', 'x86_64'], ['t3.medium', 'x86_64'], ['m7i-flex.large', 'x86_64'], ['m5.large', 'x86_64'],
    ])('a plain string %s runs the %s image', (name, arch) => {
      const { template } = synth({ instanceType: name as unknown as ec2.InstanceType });
      expectImage(template, arch, name);
    });

    test('plain strings among the Spot types are instance types too, of the same architecture', () => {
      const { template } = synth({
        instanceType: 'm7g.large' as unknown as ec2.InstanceType,
        spot: { additionalInstanceTypes: ['m6g.large', 'c7g.large'] as unknown as ec2.InstanceType[] },
      });
      const group = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
      expect(group.Properties.MixedInstancesPolicy.LaunchTemplate.Overrides.map((override: any) => override.InstanceType))
        .toEqual(['m7g.large', 'm6g.large', 'c7g.large']);
    });

    describe('with a certificate', () => {
      let stack: Stack;
      let tier: WebAppTier;
      let template: Template;
      beforeAll(() => {
        ({ stack, tier, template } = synth({}, (s) => ({
          certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN),
        })));
      });

      test('listens on HTTPS 443 with the certificate and forwards to the target group', () => {
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
          Port: 443,
          Protocol: 'HTTPS',
          Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
          SslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: logicalId(stack, tier.targetGroup) } }],
        });
        expect(tier.listener.node.id).toEqual('HttpsListener');
      });

      test('port 80 only redirects to HTTPS', () => {
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [{
            Type: 'redirect',
            RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
          }],
        });
      });

      test('no security group admits 0.0.0.0/0 or ::/0', () => {
        const rules = ingressRules(template);
        expect(rules.length).toBeGreaterThan(0);
        expect(rules.filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0')).toEqual([]);
      });

      test('request scaling follows the HTTPS listener', () => {
        const httpsListenerId = logicalId(stack, tier.listener);
        template.hasResource('AWS::AutoScaling::ScalingPolicy', {
          Properties: Match.objectLike({
            TargetTrackingConfiguration: Match.objectLike({
              PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
            }),
          }),
          DependsOn: [httpsListenerId],
        });
      });
    });

    describe('internet-facing behind the CloudFront prefix list', () => {
      let stack: Stack;
      let tier: WebAppTier;
      let template: Template;
      beforeAll(() => {
        ({ stack, tier, template } = synth({ loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST }, (s) => ({
          certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN),
        })));
      });

      test('the load balancer is internet-facing in the public subnets', () => {
        const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
          Scheme: 'internet-facing',
          Subnets: vpc.publicSubnets.map((subnet) => ({ Ref: logicalId(stack, subnet) })),
        });
      });

      test('its security group admits only the prefix list, on 443', () => {
        const albGroupId = logicalId(stack, tier.loadBalancer.connections.securityGroups[0]);
        const rules = ingressRules(template).filter((rule) => JSON.stringify(rule.GroupId).includes(albGroupId));
        expect(rules).toEqual([expect.objectContaining({ FromPort: 443, ToPort: 443, SourcePrefixListId: 'pl-3b927c52' })]);
        expect(ingressRules(template).filter((rule) => rule.CidrIp !== undefined || rule.CidrIpv6 !== undefined)).toEqual([]);
      });

      test('the listener answers 403 unless the request carries the origin secret', () => {
        const secretId = logicalId(stack, tier.originSecret!);
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
          Port: 443,
          DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '403' }) }],
        });
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
          Priority: 1,
          ListenerArn: { Ref: logicalId(stack, tier.listener) },
          Conditions: [{
            Field: 'http-header',
            HttpHeaderConfig: {
              // The public contract: LoadBalancerOriginAccess.secretHeader's default header, WebAppTier.ORIGIN_SECRET_HEADER.
              HttpHeaderName: 'X-Origin-Verify',
              Values: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] }],
            },
          }],
          Actions: [{ Type: 'forward', TargetGroupArn: { Ref: logicalId(stack, tier.targetGroup) } }],
        });
      });

      test('the origin secret is generated and encrypted with the key', () => {
        template.hasResourceProperties('AWS::SecretsManager::Secret', {
          GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 48 },
          KmsKeyId: Match.anyValue(),
        });
      });

      test('the internal mode has no secret and forwards by default', () => {
        const internal = synth();
        expect(internal.tier.originSecret).toBeUndefined();
        // The one secret is the probe token.
        expect(Object.keys(internal.template.findResources('AWS::SecretsManager::Secret'))).toEqual([logicalId(internal.stack, internal.tier.healthProbeSecret)]);
        internal.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
      });
    });

    describe('CloudFront prefix list per Region', () => {
      function prefixListOf(region: string, options: WebAppTierOptions = {}): unknown {
        const stack = new Stack(new App(), 'Regional', { env: { account: TEST_ACCOUNT, region } });
        const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
        const tier = new WebAppTier(stack, 'Tier', { vpc, ...options });
        const albGroupId = logicalId(stack, tier.loadBalancer.connections.securityGroups[0]);
        const rules = ingressRules(Template.fromStack(stack)).filter((rule) => JSON.stringify(rule.GroupId).includes(albGroupId));
        return rules.map((rule) => rule.SourcePrefixListId);
      }

      test.each([
        ['eu-west-1', 'pl-4fa04526'],
        ['ap-southeast-2', 'pl-b8a742d1'],
        ['us-west-2', 'pl-82a045eb'],
      ])('%s uses %s', (region, id) => {
        expect(prefixListOf(region)).toEqual([id]);
      });

      test('a given cloudFrontPrefixListId wins, and makes any Region possible', () => {
        expect(prefixListOf('af-south-1', { cloudFrontPrefixListId: 'pl-0123456789abcdef0' })).toEqual(['pl-0123456789abcdef0']);
      });

      test('a Region without a known list asks for cloudFrontPrefixListId', () => {
        expect(() => prefixListOf('af-south-1')).toThrow(/invalid cloudFrontPrefixListId .*Region af-south-1 is not known.*describe-managed-prefix-lists/);
      });
    });

    describe('scaling options', () => {
      test('spot mixes on-demand (the minimum by default) with Spot Instances of several types', () => {
        const { template } = synth({
          spot: { additionalInstanceTypes: [new ec2.InstanceType('m7g.medium'), new ec2.InstanceType('c7g.medium')] },
        });
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
          MixedInstancesPolicy: {
            InstancesDistribution: {
              OnDemandAllocationStrategy: 'prioritized',
              OnDemandBaseCapacity: 2,
              OnDemandPercentageAboveBaseCapacity: 0,
              SpotAllocationStrategy: 'price-capacity-optimized',
            },
            LaunchTemplate: Match.objectLike({
              Overrides: [{ InstanceType: 't4g.small' }, { InstanceType: 'm7g.medium' }, { InstanceType: 'c7g.medium' }],
            }),
          },
        });
        expect(Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0].Properties.LaunchTemplate).toBeUndefined();
      });

      test('spot takes an explicit base and share', () => {
        const { template } = synth({ spot: { onDemandBaseCapacity: 1, onDemandPercentageAboveBase: 25 } });
        template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
          MixedInstancesPolicy: Match.objectLike({
            InstancesDistribution: Match.objectLike({ OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 25 }),
          }),
        });
      });

      test('without spot the group uses the launch template directly', () => {
        const { template } = synth();
        expect(Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0].Properties.MixedInstancesPolicy).toBeUndefined();
      });

      test('scheduledScaling adds scheduled actions', () => {
        const { template } = synth({
          scheduledScaling: [
            { schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0', weekDay: 'MON-FRI' }), minCapacity: 4, timeZone: 'Europe/Paris' },
            { schedule: autoscaling.Schedule.cron({ hour: '20', minute: '0' }), minCapacity: 2, maxCapacity: 6 },
          ],
        });
        template.resourceCountIs('AWS::AutoScaling::ScheduledAction', 2);
        template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { Recurrence: '0 8 * * MON-FRI', MinSize: 4, TimeZone: 'Europe/Paris' });
        template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { Recurrence: '0 20 * * *', MinSize: 2, MaxSize: 6 });
      });

      test.each(['UTC', 'Etc/UTC', 'Etc/GMT+5', 'Etc/GMT-14', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires',
        'Pacific/Tahiti', TimeZone.AMERICA_DENVER.timezoneName])('scheduledScaling takes the IANA time zone %s', (timeZone) => {
        const { template } = synth({ scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 4, timeZone }] });
        template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { TimeZone: timeZone });
      });

      test('predictiveScaling forecasts CPU and scales ahead', () => {
        const { template } = synth({ predictiveScaling: true, targetCpuUtilization: 50 });
        template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
          PolicyType: 'PredictiveScaling',
          PredictiveScalingConfiguration: {
            Mode: 'ForecastAndScale',
            SchedulingBufferTime: 300,
            MetricSpecifications: [{ TargetValue: 50, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ASGCPUUtilization' } }],
          },
        });
      });

      describe('warmPool', () => {
        let stack: Stack;
        let tier: WebAppTier;
        let template: Template;
        beforeAll(() => {
          ({ stack, tier, template } = synth({ warmPool: { minSize: 1, reuseOnScaleIn: true } }));
        });

        test('keeps stopped instances in a warm pool', () => {
          template.hasResourceProperties('AWS::AutoScaling::WarmPool', {
            AutoScalingGroupName: { Ref: logicalId(stack, tier.autoScalingGroup) },
            MinSize: 1,
            PoolState: 'Stopped',
            InstanceReusePolicy: { ReuseOnScaleIn: true },
          });
        });

        test('a launch hook holds each instance until its app is healthy, and the pool waits for the hook', () => {
          const hooks = template.findResources('AWS::AutoScaling::LifecycleHook', {
            Properties: {
              AutoScalingGroupName: { Ref: logicalId(stack, tier.autoScalingGroup) },
              LifecycleHookName: 'webapp-ready',
              LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
              HeartbeatTimeout: 900,
              DefaultResult: 'ABANDON',
            },
          });
          expect(Object.keys(hooks)).toHaveLength(1);
          const pool = Object.values(template.findResources('AWS::AutoScaling::WarmPool'))[0];
          expect(pool.DependsOn).toEqual(Object.keys(hooks));
          const userData = userDataOf(template);
          expect(userData).toContain("LIFECYCLE_HOOK='webapp-ready'");
          expect(userData).toContain('/opt/webapp/ready.sh');
        });

        test('the instances may complete the hook of their own group only, named by a tag of the group', () => {
          const addr = tier.node.addr;
          template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
            Tags: Match.arrayWith([{ Key: 'cdk-ha-web-app:app-tier', Value: addr, PropagateAtLaunch: false }]),
          });
          template.hasResourceProperties('AWS::IAM::Policy', {
            PolicyDocument: {
              Statement: Match.arrayWith([{
                Effect: 'Allow',
                Action: 'autoscaling:CompleteLifecycleAction',
                Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:autoscaling:us-east-1:${TEST_ACCOUNT}:autoScalingGroup:*`]] },
                Condition: { StringEquals: { 'autoscaling:ResourceTag/cdk-ha-web-app:app-tier': addr } },
              }]),
            },
          });
        });

        test('a launch template change goes out by an instance refresh, which replaces the pool\'s instances too', () => {
          const group = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
          expect(group.UpdatePolicy.AutoScalingInstanceRefresh.Preferences).toMatchObject({ MinHealthyPercentage: 100, SkipMatching: true });
          expect(group.UpdatePolicy.AutoScalingReplacingUpdate).toBeUndefined();
          expect(group.UpdatePolicy.AutoScalingRollingUpdate).toBeUndefined();
          expect(group.CreationPolicy.ResourceSignal).toEqual({ Count: 2, Timeout: 'PT15M' });
        });

        test('without a warm pool: no hook, no pool, an instance refresh', () => {
          const plain = synth().template;
          plain.resourceCountIs('AWS::AutoScaling::WarmPool', 0);
          plain.resourceCountIs('AWS::AutoScaling::LifecycleHook', 0);
          expect(userDataOf(plain)).toContain("LIFECYCLE_HOOK=''");
          const group = Object.values(plain.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
          expect(group.UpdatePolicy.AutoScalingInstanceRefresh).toBeDefined();
          expect(group.UpdatePolicy.AutoScalingReplacingUpdate).toBeUndefined();
        });

        test('RUNNING state and a prepared capacity', () => {
          synth({ warmPool: { poolState: autoscaling.PoolState.RUNNING, maxGroupPreparedCapacity: 8 } }).template
            .hasResourceProperties('AWS::AutoScaling::WarmPool', { PoolState: 'Running', MaxGroupPreparedCapacity: 8, MinSize: 0 });
        });
      });

      test('no scheduled or predictive scaling by default', () => {
        const { template } = synth();
        template.resourceCountIs('AWS::AutoScaling::ScheduledAction', 0);
        expect(template.findResources('AWS::AutoScaling::ScalingPolicy', { Properties: { PolicyType: 'PredictiveScaling' } })).toEqual({});
      });
    });

    test('a given notificationsTopic receives the events and no topic is created', () => {
      const { stack, template } = synth({}, (s) => ({ notificationsTopic: new sns.Topic(s, 'OpsTopic') }));
      template.resourceCountIs('AWS::SNS::Topic', 1);
      const topicId = onlyLogicalId(template, 'AWS::SNS::Topic');
      expect(topicId).toMatch(/^OpsTopic/);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        NotificationConfigurations: [Match.objectLike({ TopicARN: { Ref: topicId } })],
      });
      expect(stack.node.tryFindChild('Tier')?.node.tryFindChild('ScalingEvents')).toBeUndefined();
    });

    test('a given accessLogsBucket receives the access logs', () => {
      const { template } = synth({}, (s) => ({ accessLogsBucket: new s3.Bucket(s, 'SharedLogs') }));
      const sharedId = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('SharedLogs'));
      expect(sharedId).toBeDefined();
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.bucket', Value: { Ref: sharedId } }]),
      });
      expect(Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => id.startsWith('TierAccessLogs'))).toEqual([]);
    });

    test('a given encryptionKey of the stack is used and gets the Auto Scaling statements', () => {
      const { stack, template } = synth({}, (s) => ({ encryptionKey: new kms.Key(s, 'SharedKey') }));
      template.resourceCountIs('AWS::KMS::Key', 1);
      const keyId = onlyLogicalId(template, 'AWS::KMS::Key');
      expect(keyId).toMatch(/^SharedKey/);
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Action: 'kms:CreateGrant' })]) },
      });
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(KEY_PENDING_WARNING.source));
    });

    test('a given encryptionKey of the stack waits for the service-linked role that its policy names', () => {
      const { template } = synth({}, (s) => ({ encryptionKey: new kms.Key(s, 'SharedKey') }));
      const roleId = onlyLogicalId(template, 'AWS::IAM::ServiceLinkedRole');
      template.hasResource('AWS::KMS::Key', { DependsOn: Match.arrayWith([roleId]) });
    });

    test('a key of another stack is refused: that stack deploys first, before the role its policy would name exists', () => {
      const app = testApp();
      const keys = new Stack(app, 'Keys', { env: { account: TEST_ACCOUNT, region: TEST_REGION } });
      const key = new kms.Key(keys, 'Key');
      const stack = testStack(app);
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, encryptionKey: key }))
        .toThrow(/^TestStack\/Tier: invalid encryptionKey \('Keys\/Key'\): give a key of this stack \(TestStack\), or import the key with kms.Key.fromKeyArn/);
    });

    test('an imported encryptionKey is used and gives a warning about its key policy', () => {
      const { stack, template } = synth({}, (s) => ({ encryptionKey: kms.Key.fromKeyArn(s, 'ImportedKey', IMPORTED_KEY_ARN) }));
      template.resourceCountIs('AWS::KMS::Key', 0);
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ KmsKeyId: IMPORTED_KEY_ARN }) })],
        }),
      });
      Annotations.fromStack(stack).hasWarning('/TestStack/Tier', Match.stringLikeRegexp(KEY_PENDING_WARNING.source));
    });

    test('runs in the App subnets of a WebAppNetwork', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      new WebAppTier(stack, 'Tier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
      const template = Template.fromStack(stack);
      const appSubnets = network.vpc.selectSubnets(network.appSubnets).subnets.map((subnet) => ({ Ref: logicalId(stack, subnet) }));
      expect(appSubnets).toHaveLength(3);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { VPCZoneIdentifier: appSubnets });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: appSubnets });
    });
  });

  describe('validation', () => {
    test.each<[string, WebAppTierOptions, string]>([
      ['minCapacity', { minCapacity: 1 }, '1'],
      ['minCapacity', { minCapacity: 2.5 }, '2.5'],
      ['maxCapacity', { maxCapacity: 1 }, '1'],
      ['maxCapacity', { minCapacity: 4, maxCapacity: 3 }, '3'],
      ['appPort', { appPort: 80 }, '80'],
      ['appPort', { appPort: 70000 }, '70000'],
      ['healthCheckPath', { healthCheckPath: 'health' }, "'health'"],
      ['healthCheckPath', { healthCheckPath: '/a b' }, "'/a b'"],
      ['healthCheckPath', { healthCheckPath: '/x?y=1' }, "'/x?y=1'"],
      ['healthCheckPath', { healthCheckPath: "/it's" }, "'/it's'"],
      ['targetCpuUtilization', { targetCpuUtilization: 5 }, '5'],
      ['targetCpuUtilization', { targetCpuUtilization: 95 }, '95'],
      ['targetRequestsPerMinute', { targetRequestsPerMinute: 0 }, '0'],
      ['instanceType', { instanceType: new ec2.InstanceType('t4g.smal') }, "'t4g.smal'"],
      ['instanceType', { instanceType: new ec2.InstanceType('x9z.large') }, "'x9z.large'"],
      ['instanceType', { instanceType: new ec2.InstanceType('t4gsmall') }, "'t4gsmall'"],
      ['spot.onDemandPercentageAboveBase', { spot: { onDemandPercentageAboveBase: 101 } }, '101'],
      ['spot.onDemandBaseCapacity', { spot: { onDemandBaseCapacity: -1 } }, '-1'],
      ['spot.onDemandBaseCapacity', { maxCapacity: 4, spot: { onDemandBaseCapacity: 5 } }, '5'],
      ['spot.additionalInstanceTypes[0]', { spot: { additionalInstanceTypes: [new ec2.InstanceType('m7i.large')] } }, "'m7i.large'"],
      ['spot.additionalInstanceTypes[0]', { spot: { additionalInstanceTypes: [new ec2.InstanceType('m7g.hug')] } }, "'m7g.hug'"],
      ['scheduledScaling[0]', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }) }] }, "'0 8 * * *'"],
      ['scheduledScaling[0].minCapacity', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 1 }] }, '1'],
      ['scheduledScaling[0].maxCapacity', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 5, maxCapacity: 4 }] }, '4'],
      ['scheduledScaling[0].timeZone', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 4, timeZone: 'Europe/Pariss' }] }, "'Europe/Pariss'"],
      ['scheduledScaling[1].timeZone', {
        scheduledScaling: [
          { schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 4 },
          { schedule: autoscaling.Schedule.cron({ hour: '20' }), minCapacity: 2, timeZone: 'US/Eastern' },
        ],
      }, "'US/Eastern'"],
      ['scheduledScaling[0].timeZone', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 4, timeZone: 'europe/paris' }] }, "'europe/paris'"],
      ['scheduledScaling[0].timeZone', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 4, timeZone: '+01:00' }] }, "'+01:00'"],
      ['scheduledScaling[0].timeZone', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 4, timeZone: 'CEST' }] }, "'CEST'"],
      ['scheduledScaling[0].timeZone', { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 4, timeZone: 1 as any }] }, '1'],
      ['warmPool', { warmPool: {}, spot: {} }, "'with spot'"],
      ['warmPool.minSize', { warmPool: { minSize: -1 } }, '-1'],
      ['warmPool.maxGroupPreparedCapacity', { minCapacity: 3, warmPool: { maxGroupPreparedCapacity: 2 } }, '2'],
      ['warmPool.poolState', { warmPool: { poolState: autoscaling.PoolState.HIBERNATED } }, "'Hibernated'"],
      ['healthCheckPath', { healthCheckPath: `/${'a'.repeat(1024)}` }, `'/${'a'.repeat(39)}... (1025 characters)'`],
      ['instanceType', { instanceType: 'm7g.hug' as any }, "'m7g.hug'"],
      ['instanceType', { instanceType: 'db.m7g.large' as any }, "'db.m7g.large'"],
      ['instanceType', { instanceType: 7 as any }, '7'],
      ['instanceType', { instanceType: { name: 'm7g.large' } as any }, '{"name":"m7g.large"}'],
      ['spot.additionalInstanceTypes', { spot: { additionalInstanceTypes: 'm6g.large' as any } }, "'m6g.large'"],
      ['spot.additionalInstanceTypes[0]', { instanceType: 'm7g.large' as any, spot: { additionalInstanceTypes: ['m7i.large'] as any } }, "'m7i.large'"],
      ['appSource', { appSource: 'sample' as any }, "'sample'"],
      ['appSource', { appSource: {} as any }, '{}'],
      ['scheduledScaling', { scheduledScaling: { minCapacity: 4 } as any }, '{"minCapacity":4}'],
      ['scheduledScaling[0].schedule', { scheduledScaling: [{ schedule: 'cron(0 8 * * ? *)', minCapacity: 4 }] as any }, "'cron(0 8 * * ? *)'"],
      ['scheduledScaling[0]', { scheduledScaling: ['cron(0 8 * * ? *)'] as any }, "'cron(0 8 * * ? *)'"],
      ['healthCheckPath', { healthCheckPath: 404 as any }, '404'],
      ['deletionProtection', { deletionProtection: 'false' as any }, "'false'"],
      ['predictiveScaling', { predictiveScaling: 1 as any }, '1'],
      ['loadBalancerExposure', { loadBalancerExposure: 'PUBLIC' as any }, "'PUBLIC'"],
      ['logRetention', { logRetention: 42 as any }, '42'],
      ['certificate', { certificate: CERTIFICATE_ARN as any }, `'${CERTIFICATE_ARN}'`],
      ['warmPool', { warmPool: true as any }, 'true'],
    ])('rejects %s in %j', (prop, options, shown) => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, ...options })).toThrow(`TestStack/Tier: invalid ${prop} (${shown}): `);
    });

    test('rejects the internet-facing mode without a certificate', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST }))
        .toThrow(/TestStack\/Tier: invalid certificate .*needs HTTPS/);
    });

    test('rejects loadBalancerSubnets for an internal load balancer', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC } }))
        .toThrow(/TestStack\/Tier: invalid loadBalancerSubnets .*shares the instances' subnets/);
    });

    test('rejects a malformed cloudFrontPrefixListId', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, cloudFrontPrefixListId: 'sg-12345678' }))
        .toThrow("TestStack/Tier: invalid cloudFrontPrefixListId ('sg-12345678')");
    });

    test('rejects a stack without an explicit region', () => {
      const stack = new Stack(new App(), 'Agnostic');
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc })).toThrow('Agnostic/Tier: invalid env.region of the stack');
    });

    test('the maxCapacity error names minCapacity as the bound', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, minCapacity: 4, maxCapacity: 3 })).toThrow('make it at least minCapacity (4)');
    });

    test('rejects subnets in a single Availability Zone', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      expect(() => new WebAppTier(stack, 'Tier', { vpc, vpcSubnets: { availabilityZones: [vpc.availabilityZones[0]] } }))
        .toThrow(/TestStack\/Tier: invalid vpcSubnets .*in 1 Availability Zone\(s\); select subnets in at least 2/);
    });

    test('rejects a subnet selection that the VPC does not have', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
      expect(() => new WebAppTier(stack, 'Tier', { vpc })).toThrow(/TestStack\/Tier: invalid vpcSubnets .*select subnets that exist in the VPC/);
    });

    test.each<WebAppTierOptions>([
      { minCapacity: 2, maxCapacity: 3 },
      { appPort: 1024 },
      { appPort: 65535 },
      { healthCheckPath: '/' },
      { healthCheckPath: '/api/v1/health-check_%20~.x' },
      { targetCpuUtilization: 10 },
      { targetCpuUtilization: 90 },
      { healthCheckPath: `/${'a'.repeat(1023)}` },
      { logRetention: logs.RetentionDays.INFINITE },
    ])('accepts %j', (options) => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, ...options })).not.toThrow();
    });
  });

  describe('standby (a disaster recovery Region)', () => {
    const group = (template: Template) => Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];

    test.each([0, 1])('minCapacity %d is accepted: the group keeps that minimum and scales up to 6', (minCapacity) => {
      const { tier, template } = synth({ minCapacity }, () => ({ standby: true }));
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: String(minCapacity), MaxSize: '6' });
      expect(tier.minCapacity).toBe(minCapacity);
    });

    test.each<[number, boolean | undefined]>([[0, undefined], [1, undefined], [0, false], [1, false]])(
      'minCapacity %d is still rejected with standby %p', (minCapacity, standby) => {
        const stack = testStack();
        const vpc = new ec2.Vpc(stack, 'Vpc');
        expect(() => new WebAppTier(stack, 'Tier', { vpc, minCapacity, standby }))
          .toThrow(`TestStack/Tier: invalid minCapacity (${minCapacity}): `);
      });

    test.each<[string, WebAppTierOptions, string]>([
      ['minCapacity', { minCapacity: -1 }, '-1'],
      ['minCapacity', { minCapacity: 0.5 }, '0.5'],
      ['maxCapacity', { minCapacity: 0, maxCapacity: 0 }, '0'],
      ['maxCapacity', { minCapacity: 1, maxCapacity: 0 }, '0'],
    ])('a standby tier rejects %s in %j', (prop, options, shown) => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(() => new WebAppTier(stack, 'Tier', { vpc, standby: true, ...options })).toThrow(`TestStack/Tier: invalid ${prop} (${shown}): `);
    });

    test('a pilot light (minCapacity 0) starts without an instance, so creation waits for no signal', () => {
      const { template } = synth({ minCapacity: 0 }, () => ({ standby: true }));
      const asg = group(template);
      expect(asg.CreationPolicy).toBeUndefined();
      expect(asg.Properties.MinSize).toEqual('0');
      // A refresh of no instance has nothing to replace; a rolling update needs no instance in service when the group has none.
      expect(asg.UpdatePolicy.AutoScalingInstanceRefresh.Preferences).toMatchObject({ MinHealthyPercentage: 100, MaxHealthyPercentage: 150 });
      const rolling = group(synth({ minCapacity: 0, updateStrategy: AppTierUpdate.rollingUpdate() }, () => ({ standby: true })).template);
      expect(rolling.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ MinInstancesInService: 0, MaxBatchSize: 1 });
    });

    test('a warm standby (minCapacity 1) waits at creation for the signal of its one instance', () => {
      const { template } = synth({ minCapacity: 1 }, () => ({ standby: true }));
      expect(group(template).CreationPolicy).toEqual({ ResourceSignal: { Count: 1, Timeout: 'PT15M' } });
    });

    test('standby alone changes nothing: 2 instances, and creation waits for both', () => {
      const { tier, template } = synth({}, () => ({ standby: true }));
      template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
        Properties: Match.objectLike({ MinSize: '2', MaxSize: '6' }),
        CreationPolicy: { ResourceSignal: { Count: 2, Timeout: 'PT15M' } },
      });
      expect(tier.minCapacity).toBe(2);
    });
  });

  describe('capacity during rolling updates', () => {
    test.each<[WebAppTierOptions, number, number, number]>([
      [{}, 2, 6, 2],
      [{ minCapacity: 3, maxCapacity: 3 }, 3, 3, 2],
      [{ minCapacity: 10 }, 10, 10, 9],
      [{ minCapacity: 4, maxCapacity: 8 }, 4, 8, 4],
    ])('%j gives MinSize %d, MaxSize %d and keeps %d in service (always below MaxSize)', (options, min, max, inService) => {
      const { template } = synth({ ...options, updateStrategy: AppTierUpdate.rollingUpdate() });
      template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
        Properties: Match.objectLike({ MinSize: String(min), MaxSize: String(max) }),
        UpdatePolicy: { AutoScalingRollingUpdate: Match.objectLike({ MinInstancesInService: inService }) },
      });
    });
  });

  describe('log buckets', () => {
    test('a given access log bucket means no bucket of its own is created', () => {
      const { template } = synth({}, (stack) => ({
        accessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'my-alb-logs'),
      }));
      template.resourceCountIs('AWS::S3::Bucket', 0);
    });
  });

  describe('names that AWS keeps per account, or per account and Region', () => {
    /** The app tier, a database with a proxy and the patching, as the regional assembly builds them, in a stack of its own. */
    function regionalApp(app: App, id: string, region: string): Stack {
      const stack = new Stack(app, id, { env: { account: TEST_ACCOUNT, region } });
      const network = new WebAppNetwork(stack, 'Network');
      const tier = new WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
      new WebAppDatabase(stack, 'Database', {
        vpc: network.vpc,
        vpcSubnets: network.dataSubnets,
        topology: DatabaseTopology.multiAzInstance(),
        proxy: true,
        credentialsReplicaRegions: [{ region: region === TEST_REGION ? OTHER_REGION : TEST_REGION }],
      });
      new PatchManagement(stack, 'Patching', { autoScalingGroup: tier.autoScalingGroup });
      return stack;
    }

    /** Names kept per account (IAM) and per account and Region, by resource type and property. */
    const GLOBAL: Record<string, string[]> = {
      'AWS::IAM::ServiceLinkedRole': ['CustomSuffix'],
      'AWS::IAM::Role': ['RoleName'],
      'AWS::IAM::ManagedPolicy': ['ManagedPolicyName'],
      'AWS::IAM::InstanceProfile': ['InstanceProfileName'],
    };
    const REGIONAL: Record<string, string[]> = {
      'AWS::RDS::DBInstance': ['DBInstanceIdentifier'],
      'AWS::RDS::DBCluster': ['DBClusterIdentifier'],
      'AWS::RDS::DBProxy': ['DBProxyName'],
      'AWS::Logs::LogGroup': ['LogGroupName'],
      'AWS::SecretsManager::Secret': ['Name'],
      'AWS::SSM::PatchBaseline': ['Name'],
      'AWS::SSM::Association': ['AssociationName'],
      'AWS::SSM::Document': ['Name'],
      'AWS::AutoScaling::LaunchConfiguration': ['LaunchConfigurationName'],
      'AWS::EC2::LaunchTemplate': ['LaunchTemplateName'],
      'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name'],
      'AWS::ElasticLoadBalancingV2::TargetGroup': ['Name'],
    };

    /** Every physical name the template sets for the kinds of name, as JSON (a name built from tokens stays a token). */
    function physicalNames(template: Template, kinds: Record<string, string[]>): string[] {
      return Object.values(template.toJSON().Resources as Record<string, any>).flatMap((resource) =>
        (kinds[resource.Type] ?? []).map((prop) => resource.Properties?.[prop])
          .filter((name) => name !== undefined)
          .map((name) => JSON.stringify(name)));
    }

    /** Names that may clash: the same text in both, unless it holds the stack's ID (a UUID of each stack). */
    function clashes(first: string[], second: string[]): string[] {
      return first.filter((name) => second.includes(name) && !name.includes('AWS::StackId'));
    }

    test('the same app in two Regions of one account sets no IAM name twice', () => {
      const inFirst = Template.fromStack(regionalApp(testApp(), 'WebApp', TEST_REGION));
      const inSecond = Template.fromStack(regionalApp(testApp(), 'WebApp', OTHER_REGION));
      const first = physicalNames(inFirst, GLOBAL);
      expect(first.length).toBeGreaterThan(0);
      expect(clashes(first, physicalNames(inSecond, GLOBAL))).toEqual([]);
    });

    test('the same app in two stacks of one Region sets no name twice, in IAM or in the Region', () => {
      const app = testApp();
      const stacks = [regionalApp(app, 'WebAppBlue', TEST_REGION), regionalApp(app, 'WebAppGreen', TEST_REGION)];
      const [blue, green] = stacks.map((stack) => Template.fromStack(stack));
      const kinds = { ...GLOBAL, ...REGIONAL };
      const first = physicalNames(blue, kinds);
      expect(first.length).toBeGreaterThan(5);
      expect(clashes(first, physicalNames(green, kinds))).toEqual([]);
    });

    test('the service-linked role suffix is the construct\'s name and a digest of the stack name and Region', () => {
      const suffix = (template: Template) => Object.values(template.findResources('AWS::IAM::ServiceLinkedRole'))[0].Properties.CustomSuffix as string;
      const east = suffix(Template.fromStack(regionalApp(testApp(), 'WebApp', TEST_REGION)));
      const west = suffix(Template.fromStack(regionalApp(testApp(), 'WebApp', OTHER_REGION)));
      expect(east).toMatch(/^WebApp-AppTier-[0-9A-F]{8}-[0-9a-f]{8}$/);
      expect(west.slice(0, -9)).toEqual(east.slice(0, -9));
      expect(west).not.toEqual(east);
      // The same stack and Region give the same suffix on every synthesis, so the role is not replaced.
      expect(suffix(Template.fromStack(regionalApp(testApp(), 'WebApp', TEST_REGION)))).toEqual(east);
    });
  });

  describe('Auto Scaling service-linked role name', () => {
    test('stays within the 64 characters of an IAM role name for long stack and construct names', () => {
      const stack = new Stack(testStack().node.root as App, 'MyVeryLongProductionWebApplicationStackNameThatGoesOnAndOn', {
        env: { account: TEST_ACCOUNT, region: 'us-east-1' },
      });
      const vpc = new ec2.Vpc(stack, 'Vpc');
      new WebAppTier(stack, 'CustomerFacingWebApplicationWithAVeryLongConstructName', { vpc });
      const roles = Template.fromStack(stack).findResources('AWS::IAM::ServiceLinkedRole');
      const suffixes = Object.values(roles).map((role) => role.Properties.CustomSuffix as string);
      expect(suffixes).toHaveLength(1);
      expect(`AWSServiceRoleForAutoScaling_${suffixes[0]}`.length).toBeLessThanOrEqual(64);
    });
  });
});

describe('WebAppTier zonal shift', () => {
  const loadBalancerAttributes = (template: Template) =>
    Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0].Properties.LoadBalancerAttributes as Array<{ Key: string; Value: string }>;
  const targetGroupAttributes = (template: Template) =>
    Object.values(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'))[0].Properties.TargetGroupAttributes as Array<{ Key: string; Value: string }>;
  const groupProperties = (template: Template) => Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0].Properties;

  describe('by default', () => {
    let tier: WebAppTier;
    let stack: Stack;
    let template: Template;
    beforeAll(() => {
      ({ tier, stack, template } = synth());
    });

    test('registers the load balancer with ARC zonal shift', () => {
      expect(loadBalancerAttributes(template)).toContainEqual({ Key: 'zonal_shift.config.enabled', Value: 'true' });
    });

    test('keeps cross-zone load balancing on, set on the target group', () => {
      expect(targetGroupAttributes(template)).toContainEqual({ Key: 'load_balancing.cross_zone.enabled', Value: 'true' });
      // An Application Load Balancer has it on at the load balancer and refuses to turn it off there.
      expect(loadBalancerAttributes(template).map((attribute) => attribute.Key)).not.toContain('load_balancing.cross_zone.enabled');
    });

    test('registers the Auto Scaling group with zonal shift, ignoring unhealthy instances of the shifted zone', () => {
      expect(groupProperties(template).AvailabilityZoneImpairmentPolicy).toEqual({
        ZonalShiftEnabled: true,
        ImpairedZoneHealthCheckBehavior: 'IgnoreUnhealthy',
      });
      // Cross-zone load balancing is on, so Auto Scaling's validation passes and is not skipped.
      expect(groupProperties(template).SkipZonalShiftValidation).toBeUndefined();
    });

    test('reports zonal shift, and the group\'s full ARN for ARC', () => {
      expect(tier.zonalShiftEnabled).toBe(true);
      const groupId = logicalId(stack, tier.autoScalingGroup);
      expect(stack.resolve(tier.autoScalingGroupArn)).toEqual({ 'Fn::GetAtt': [groupId, 'AutoScalingGroupARN'] });
    });
  });

  test('impairedZoneHealthCheck REPLACE_UNHEALTHY replaces unhealthy instances in every zone', () => {
    const { template } = synth({ impairedZoneHealthCheck: ImpairedZoneHealthCheck.REPLACE_UNHEALTHY });
    expect(groupProperties(template).AvailabilityZoneImpairmentPolicy).toEqual({
      ZonalShiftEnabled: true,
      ImpairedZoneHealthCheckBehavior: 'ReplaceUnhealthy',
    });
  });

  test('zonalShift false registers neither the load balancer nor the group, and keeps cross-zone load balancing on', () => {
    const { tier, template } = synth({ zonalShift: false });
    expect(loadBalancerAttributes(template).map((attribute) => attribute.Key)).not.toContain('zonal_shift.config.enabled');
    expect(groupProperties(template).AvailabilityZoneImpairmentPolicy).toBeUndefined();
    expect(targetGroupAttributes(template)).toContainEqual({ Key: 'load_balancing.cross_zone.enabled', Value: 'true' });
    expect(tier.zonalShiftEnabled).toBe(false);
  });

  test('a standby tier is registered too: a failover Region needs zonal shift as much as the primary', () => {
    const { template } = synth({ minCapacity: 0 }, () => ({ standby: true }));
    expect(loadBalancerAttributes(template)).toContainEqual({ Key: 'zonal_shift.config.enabled', Value: 'true' });
    expect(groupProperties(template).AvailabilityZoneImpairmentPolicy).toEqual({ ZonalShiftEnabled: true, ImpairedZoneHealthCheckBehavior: 'IgnoreUnhealthy' });
  });

  test('refuses impairedZoneHealthCheck with zonalShift off', () => {
    expect(() => synth({ zonalShift: false, impairedZoneHealthCheck: ImpairedZoneHealthCheck.IGNORE_UNHEALTHY }))
      .toThrow(/TestStack\/Tier: invalid impairedZoneHealthCheck \('IgnoreUnhealthy'\): it applies only to a zonal shift of the Auto Scaling group/);
  });

  test.each([
    ['zonalShift', { zonalShift: 'yes' as any }, /invalid zonalShift \('yes'\): give true or false, not a string/],
    ['impairedZoneHealthCheck', { impairedZoneHealthCheck: 'ignore-unhealthy' as any },
      /invalid impairedZoneHealthCheck \('ignore-unhealthy'\): give one of ImpairedZoneHealthCheck.IGNORE_UNHEALTHY, ImpairedZoneHealthCheck.REPLACE_UNHEALTHY/],
  ])('refuses a %s of the wrong type, as a JavaScript caller may give', (_prop, options, message) => {
    expect(() => synth(options)).toThrow(message);
  });
});

describe('WebAppTier updates', () => {
  const groupOf = (template: Template) => Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
  const refreshOf = (template: Template) => groupOf(template).UpdatePolicy.AutoScalingInstanceRefresh;

  /** A tier and its monitoring, wired as WebAppRegion wires them: one key, the monitoring built after the tier. */
  function tierWithMonitoring(options: WebAppTierOptions = {}) {
    const app = testApp();
    const stack = testStack(app);
    const encryptionKey = new WebAppEncryption(stack, 'Encryption').key;
    const network = new WebAppNetwork(stack, 'Network', { encryptionKey });
    const tier = new WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets, encryptionKey, ...options });
    const monitoring = new WebAppMonitoring(stack, 'Monitoring', { appTier: tier, encryptionKey });
    return { app, stack, tier, monitoring, alarms: monitoring.appTierAlarms! };
  }

  /** The alarms the lead passes: those that fire when new instances fail users. */
  const watchAppTierAlarms = ({ tier, alarms }: ReturnType<typeof tierWithMonitoring>) =>
    tier.watchUpdatesWith([alarms.target5xxErrors, alarms.unhealthyTargets, alarms.noHealthyTargets, alarms.loadBalancer5xxErrors]);

  describe('by default', () => {
    let template: Template;
    beforeAll(() => {
      template = synth().template;
    });

    test('an instance refresh that launches before it terminates, with a bake time, and waits for set-aside instances', () => {
      expect(refreshOf(template)).toEqual({
        Strategy: 'Rolling',
        Preferences: {
          MinHealthyPercentage: 100,
          MaxHealthyPercentage: 150,
          InstanceWarmup: 360,
          BakeTime: 600,
          SkipMatching: true,
          ScaleInProtectedInstances: 'Wait',
          StandbyInstances: 'Wait',
        },
      });
    });

    test('no rolling or replacing update is left, and scheduled capacity survives deployments', () => {
      expect(Object.keys(groupOf(template).UpdatePolicy).sort()).toEqual(['AutoScalingInstanceRefresh', 'AutoScalingScheduledAction']);
      expect(groupOf(template).UpdatePolicy.AutoScalingScheduledAction).toEqual({ IgnoreUnmodifiedGroupSizeProperties: true });
    });

    test('creation still waits for the signal of each first instance', () => {
      expect(groupOf(template).CreationPolicy).toEqual({ ResourceSignal: { Count: 2, Timeout: 'PT15M' } });
    });

    test('the warmup outlasts the health check grace period by a minute', () => {
      expect(groupOf(template).Properties.HealthCheckGracePeriod).toBe(300);
      expect(refreshOf(template).Preferences.InstanceWarmup).toBe(300 + 60);
    });

    test('no alarm is watched until watchUpdatesWith gives some', () => {
      expect(refreshOf(template).Preferences.AlarmSpecification).toBeUndefined();
    });
  });

  describe('watched by the monitoring\'s alarms, wired as the Region does it', () => {
    let wired: ReturnType<typeof tierWithMonitoring>;
    let template: Template;
    beforeAll(() => {
      wired = tierWithMonitoring();
      watchAppTierAlarms(wired);
      template = Template.fromStack(wired.stack);
    });

    test('the update policy names the alarms', () => {
      const { stack, alarms } = wired;
      expect(refreshOf(template).Preferences.AlarmSpecification).toEqual({
        Alarms: [alarms.target5xxErrors, alarms.unhealthyTargets, alarms.noHealthyTargets, alarms.loadBalancer5xxErrors]
          .map((alarm) => ({ Ref: logicalId(stack, alarm) })),
      });
      // Created before the group, whatever CloudFormation reads from an update policy.
      const dependsOn = groupOf(template).DependsOn;
      for (const alarm of [alarms.target5xxErrors, alarms.unhealthyTargets, alarms.noHealthyTargets, alarms.loadBalancer5xxErrors]) {
        expect(dependsOn).toContain(logicalId(stack, alarm));
      }
    });

    test('synthesizes without a cycle and passes cfn-lint', () => {
      expect(cfnLint(templatesOf(wired.app))).toEqual([]);
    });

    test('passes the cdk-nag packs', () => {
      expect(formatFindings(nagFindings(wired.app))).toEqual('');
    });

    test('a deployment of a broken app version ends with the old instances serving', () => {
      const { stack, alarms, tier } = wired;
      const policy = refreshOf(template).Preferences;
      const targetGroup = { 'Fn::GetAtt': [logicalId(stack, tier.targetGroup), 'TargetGroupFullName'] };
      // New instances that fail the health check, or answer 5xx, fire alarms that the refresh watches...
      for (const [alarm, metric] of [[alarms.unhealthyTargets, 'UnHealthyHostCount'], [alarms.target5xxErrors, 'HTTPCode_Target_5XX_Count']] as const) {
        expect(policy.AlarmSpecification.Alarms).toContainEqual({ Ref: logicalId(stack, alarm) });
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: metric,
          Namespace: 'AWS/ApplicationELB',
          Dimensions: Match.arrayWith([{ Name: 'TargetGroup', Value: targetGroup }]),
        });
      }
      // ...an old instance goes only once a new one is healthy and warmed up, past the grace period in which the group
      // ignores a failing load balancer health check...
      expect(policy.MinHealthyPercentage).toBe(100);
      expect(policy.InstanceWarmup).toBeGreaterThan(groupOf(template).Properties.HealthCheckGracePeriod);
      // ...and the failed refresh fails the stack update, which CloudFormation rolls back: no policy that carries on
      // regardless (a rolling update's MinSuccessfulInstancesPercent, a replacing update) is left, and nothing skips
      // the rollback (the template has no setting for it; only the deployer's --no-rollback would).
      const updatePolicy = groupOf(template).UpdatePolicy;
      expect(updatePolicy.AutoScalingRollingUpdate).toBeUndefined();
      expect(updatePolicy.AutoScalingReplacingUpdate).toBeUndefined();
      expect(JSON.stringify(updatePolicy)).not.toMatch(/MinSuccessfulInstancesPercent|Rollback/);
    });
  });

  test('alarms watched in several calls add up', () => {
    const wired = tierWithMonitoring();
    wired.tier.watchUpdatesWith([wired.alarms.target5xxErrors]);
    wired.tier.watchUpdatesWith([wired.alarms.unhealthyTargets]);
    expect(refreshOf(Template.fromStack(wired.stack)).Preferences.AlarmSpecification.Alarms).toHaveLength(2);
  });

  test('an imported alarm is watched by its name', () => {
    const { stack, tier } = tierWithMonitoring();
    tier.watchUpdatesWith([cloudwatch.Alarm.fromAlarmName(stack, 'Imported', 'team-slo-burn')]);
    expect(refreshOf(Template.fromStack(stack)).Preferences.AlarmSpecification).toEqual({ Alarms: ['team-slo-burn'] });
  });

  test('the settings of AppTierUpdate.instanceRefresh are written into the policy', () => {
    const { template } = synth({
      updateStrategy: AppTierUpdate.instanceRefresh({
        bakeTime: Duration.minutes(30),
        checkpointPercentages: [25, 50, 100],
        checkpointDelay: Duration.minutes(15),
        maxHealthyPercentage: 200,
      }),
    });
    expect(refreshOf(template).Preferences).toMatchObject({
      MinHealthyPercentage: 100,
      MaxHealthyPercentage: 200,
      BakeTime: 1800,
      CheckpointPercentages: [25, 50, 100],
      CheckpointDelay: 900,
    });
  });

  test('checkpoints without a delay leave Auto Scaling\'s hour, and a bake time of 0 is allowed', () => {
    const updateStrategy = AppTierUpdate.instanceRefresh({ checkpointPercentages: [100], bakeTime: Duration.seconds(0) });
    const preferences = refreshOf(synth({ updateStrategy }).template).Preferences;
    expect(preferences.CheckpointPercentages).toEqual([100]);
    expect(preferences.CheckpointDelay).toBeUndefined();
    expect(preferences.BakeTime).toBe(0);
  });

  test('a warm standby of one instance gets room for a second one', () => {
    const { template } = synth({ minCapacity: 1 }, () => ({ standby: true }));
    expect(refreshOf(template).Preferences.MaxHealthyPercentage).toBe(200);
  });

  test('with Spot Instances the mixed instances policy is refreshed the same way', () => {
    const { template } = synth({ spot: { additionalInstanceTypes: [new ec2.InstanceType('m7g.medium')] } });
    expect(groupOf(template).Properties.MixedInstancesPolicy).toBeDefined();
    expect(refreshOf(template).Preferences).toMatchObject({ MinHealthyPercentage: 100, MaxHealthyPercentage: 150 });
  });

  describe('with a warm pool', () => {
    test('the instance refresh is watched by the alarms as without one', () => {
      const wired = tierWithMonitoring({ warmPool: {} });
      watchAppTierAlarms(wired);
      const group = groupOf(Template.fromStack(wired.stack));
      expect(group.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms).toHaveLength(4);
      expect(group.UpdatePolicy.AutoScalingReplacingUpdate).toBeUndefined();
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toBeUndefined();
    });

    test('AppTierUpdate.instanceRefresh() with its settings is taken', () => {
      const { template } = synth({ warmPool: {}, updateStrategy: AppTierUpdate.instanceRefresh({ bakeTime: Duration.minutes(20) }) });
      expect(refreshOf(template).Preferences.BakeTime).toBe(1200);
    });

    test('refuses AppTierUpdate.rollingUpdate(), which would leave the pool\'s instances on the old launch template', () => {
      expect(() => synth({ warmPool: {}, updateStrategy: AppTierUpdate.rollingUpdate() }))
        .toThrow(/invalid updateStrategy \('AppTierUpdate.rollingUpdate\(\)'\): leave updateStrategy out \(or give AppTierUpdate.instanceRefresh\(\)\) with a warm pool/);
    });
  });

  describe('AppTierUpdate.rollingUpdate()', () => {
    let wired: ReturnType<typeof tierWithMonitoring>;
    let group: any;
    beforeAll(() => {
      wired = tierWithMonitoring({ updateStrategy: AppTierUpdate.rollingUpdate() });
      watchAppTierAlarms(wired);
      group = groupOf(Template.fromStack(wired.stack));
    });

    test('rolls one instance at a time, waiting for each new instance\'s signal, scaling suspended', () => {
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toEqual({
        MaxBatchSize: 1,
        MinInstancesInService: 2,
        WaitOnResourceSignals: true,
        PauseTime: 'PT15M',
        SuspendProcesses: ['HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions'],
      });
      expect(group.CreationPolicy).toEqual({ ResourceSignal: { Count: 2, Timeout: 'PT15M' } });
    });

    test('has no instance refresh, so watched alarms are not used', () => {
      expect(group.UpdatePolicy.AutoScalingInstanceRefresh).toBeUndefined();
      expect(JSON.stringify(group)).not.toContain('AlarmSpecification');
    });
  });

  describe('refuses', () => {
    test.each<[string, any, RegExp]>([
      ['a fractional bake time', { bakeTime: Duration.millis(1500) }, /invalid updateStrategy.bakeTime \('Duration.millis\(1500\)'\): give whole seconds from 0 to 172800/],
      ['a bake time over 48 hours', { bakeTime: Duration.hours(49) }, /invalid updateStrategy.bakeTime \('Duration.hours\(49\)'\): give whole seconds from 0 to 172800/],
      ['a bake time of the wrong type', { bakeTime: 600 }, /invalid updateStrategy.bakeTime \(600\): give a Duration, for example Duration.minutes\(10\)/],
      ['a checkpoint delay over 48 hours', { checkpointPercentages: [100], checkpointDelay: Duration.days(3) }, /invalid updateStrategy.checkpointDelay \('Duration.days\(3\)'\): give whole seconds/],
      ['a checkpoint delay without checkpoints', { checkpointDelay: Duration.minutes(5) }, /invalid updateStrategy.checkpointDelay \('Duration.minutes\(5\)'\): give checkpointPercentages too/],
      ['no checkpoint', { checkpointPercentages: [] }, /invalid updateStrategy.checkpointPercentages \(\[\]\): give whole numbers from 1 to 100, ascending, each once, the last 100/],
      ['a checkpoint of 0', { checkpointPercentages: [0, 100] }, /invalid updateStrategy.checkpointPercentages\[0\] \(0\): give whole numbers from 1 to 100/],
      ['a checkpoint over 100', { checkpointPercentages: [50, 101] }, /invalid updateStrategy.checkpointPercentages\[1\] \(101\): give whole numbers from 1 to 100/],
      ['a fractional checkpoint', { checkpointPercentages: [33.3, 100] }, /invalid updateStrategy.checkpointPercentages\[0\] \(33.3\): give whole numbers/],
      ['descending checkpoints', { checkpointPercentages: [50, 25, 100] }, /invalid updateStrategy.checkpointPercentages\[1\] \(25\): .*: 25 does not follow 50/],
      ['a repeated checkpoint', { checkpointPercentages: [50, 50, 100] }, /invalid updateStrategy.checkpointPercentages\[1\] \(50\): .*: 50 does not follow 50/],
      ['checkpoints that end before 100', { checkpointPercentages: [25, 50] }, /invalid updateStrategy.checkpointPercentages \(\[25,50\]\): .*without a last 100 the refresh stops/],
      ['checkpoints of the wrong type', { checkpointPercentages: '50,100' }, /invalid updateStrategy.checkpointPercentages \('50,100'\): give a list of percentages/],
      ['a max healthy percentage of 100', { maxHealthyPercentage: 100 }, /invalid updateStrategy.maxHealthyPercentage \(100\): use a whole number from 101 to 200/],
      ['a max healthy percentage over 200', { maxHealthyPercentage: 250 }, /invalid updateStrategy.maxHealthyPercentage \(250\): use a whole number from 101 to 200/],
      ['a max healthy percentage of the wrong type', { maxHealthyPercentage: '150' }, /invalid updateStrategy.maxHealthyPercentage \('150'\): give a number/],
    ])('%s', (_name, options, message) => {
      expect(() => synth({ updateStrategy: AppTierUpdate.instanceRefresh(options) })).toThrow(message);
    });

    test('an updateStrategy that is no AppTierUpdate, as a JavaScript caller may give', () => {
      expect(() => synth({ updateStrategy: 'instanceRefresh' as any }))
        .toThrow(/invalid updateStrategy \('instanceRefresh'\): give AppTierUpdate.instanceRefresh\(\{...\}\) or AppTierUpdate.rollingUpdate\(\)/);
    });

    test('a composite alarm', () => {
      const wired = tierWithMonitoring();
      expect(() => wired.tier.watchUpdatesWith([wired.alarms.applicationUnavailable]))
        .toThrow(/invalid watchUpdatesWith alarms\[0\] \('TestStack\/Monitoring\/ApplicationUnavailable'\): give the metric alarms the composite alarm is made of/);
    });

    test('an alarm on the group\'s own metrics, which would make the group and the alarm wait for each other', () => {
      const wired = tierWithMonitoring();
      const inServiceBelowMinimum = wired.monitoring.alarms.find((alarm) => alarm.node.id === 'InServiceBelowMinimum')!;
      expect(() => wired.tier.watchUpdatesWith([inServiceBelowMinimum]))
        .toThrow(/invalid watchUpdatesWith alarms\[0\] \('TestStack\/Monitoring\/InServiceBelowMinimum'\): give an alarm whose metric does not name the Auto Scaling group/);
      const cpu = new cloudwatch.Alarm(wired.stack, 'Cpu', { metric: wired.tier.metricCPUUtilization(), threshold: 90, evaluationPeriods: 1 });
      expect(() => wired.tier.watchUpdatesWith([cpu])).toThrow(/invalid watchUpdatesWith alarms\[0\] \('TestStack\/Cpu'\): give an alarm whose metric does not name/);
    });

    test('an alarm of another stack without a literal name', () => {
      const { app, tier } = tierWithMonitoring();
      const other = testStack(app, 'Other');
      const alarm = new cloudwatch.Alarm(other, 'Errors', { metric: tier.metricHttpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), threshold: 1, evaluationPeriods: 1 });
      expect(() => tier.watchUpdatesWith([alarm])).toThrow(/invalid watchUpdatesWith alarms\[0\] \('Other\/Errors'\): give an alarm of the tier's stack \(TestStack\), or one with a literal alarmName/);
    });

    test('the same alarm twice, and more than 10 alarms in all', () => {
      const { stack, tier } = tierWithMonitoring();
      const alarms = Array.from({ length: 11 }, (_, index) => cloudwatch.Alarm.fromAlarmName(stack, `Alarm${index}`, `alarm-${index}`));
      expect(() => tier.watchUpdatesWith([alarms[0], alarms[0]])).toThrow(/invalid watchUpdatesWith alarms\[1\] \('TestStack\/Alarm0'\): give each alarm once/);
      tier.watchUpdatesWith(alarms.slice(0, 10));
      expect(() => tier.watchUpdatesWith([alarms[10]])).toThrow(/invalid watchUpdatesWith alarms \('11 alarms'\): watch at most 10 alarms/);
      expect(() => tier.watchUpdatesWith([alarms[0]])).toThrow(/give each alarm once/);
    });

    test('alarms of the wrong type, as a JavaScript caller may give', () => {
      const { tier } = tierWithMonitoring();
      expect(() => tier.watchUpdatesWith(['my-alarm'] as any)).toThrow(/invalid watchUpdatesWith alarms\[0\] \('my-alarm'\): give a cloudwatch.IAlarm/);
    });
  });

  describe('app versions', () => {
    /** Two stacks that differ only in the image tag of the app. */
    function withTag(tag: string) {
      const stack = testStack(testApp(), 'VersionStack');
      const vpc = new ec2.Vpc(stack, 'Vpc');
      const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'shop');
      new WebAppTier(stack, 'Tier', { vpc, appSource: AppSource.containerImage({ repository, tag }) });
      return Template.fromStack(stack);
    }

    test('a new image tag changes the launch template\'s user data and goes through the same instance refresh', () => {
      const [v1, v2] = [withTag('1.4.0'), withTag('1.5.0')];
      expect(userDataOf(v1)).toContain('1.4.0');
      expect(userDataOf(v2)).toContain('1.5.0');
      expect(userDataOf(v1)).not.toEqual(userDataOf(v2));
      // The group names the template's latest version, so the new version is a change of its LaunchTemplate property.
      expect(groupOf(v2).Properties.LaunchTemplate.Version).toEqual({ 'Fn::GetAtt': [expect.any(String), 'LatestVersionNumber'] });
      expect(groupOf(v1).UpdatePolicy).toEqual(groupOf(v2).UpdatePolicy);
    });

    test('new app commands change the user data too', () => {
      const commands = (version: string) => synth({ appSource: AppSource.commands([`echo ${version} > /opt/app/VERSION`]) }).template;
      const [v1, v2] = [commands('v1'), commands('v2')];
      expect(userDataOf(v1)).not.toEqual(userDataOf(v2));
      expect(groupOf(v1).UpdatePolicy).toEqual(groupOf(v2).UpdatePolicy);
    });
  });
});
