import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IWebAppCache } from '../../src/data/web-app-cache';
import { DatabaseDeployment, IWebAppDatabase } from '../../src/data/web-app-database';
import { FaultInjectionExperiments, FaultInjectionExperimentsProps } from '../../src/operations/fault-injection';
import { describeQualityGates } from '../gates/quality-gates';
import { testApp, testStack } from '../helpers';

const DB_INSTANCE_ARN = 'arn:aws:rds:us-east-1:123456789012:db:web-app-db';
const DB_CLUSTER_ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:web-app-db';
const CACHE_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:web-app-cache']] };

/** The database as the construct reads it: its ARN (an instance's or a cluster's). */
function database(arn: string): IWebAppDatabase {
  return { arn, identifier: 'web-app-db' } as unknown as IWebAppDatabase;
}
const cache = { replicationGroupId: 'web-app-cache' } as unknown as IWebAppCache;

interface Parts {
  readonly vpc: ec2.Vpc;
  readonly group: autoscaling.AutoScalingGroup;
  readonly subnets: ec2.ISubnet[];
  readonly key: kms.Key;
  readonly alarm: cloudwatch.IAlarm;
}

/** A VPC across three zones with app and data subnets, the app's group, key and an application-unavailable composite alarm. */
function parts(stack: Stack): Parts {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const group = new autoscaling.AutoScalingGroup(stack, 'Asg', {
    vpc,
    vpcSubnets: { subnetGroupName: 'App' },
    launchTemplate: new ec2.LaunchTemplate(stack, 'LaunchTemplate', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      requireImdsv2: true,
    }),
    minCapacity: 3,
  });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const errors = new cloudwatch.Alarm(stack, 'Errors', {
    metric: new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count' }),
    threshold: 10,
    evaluationPeriods: 1,
  });
  const alarm = new cloudwatch.CompositeAlarm(stack, 'Unavailable', { alarmRule: cloudwatch.AlarmRule.fromAlarm(errors, cloudwatch.AlarmState.ALARM) });
  const subnets = [...vpc.selectSubnets({ subnetGroupName: 'App' }).subnets, ...vpc.selectSubnets({ subnetGroupName: 'Data' }).subnets];
  return { vpc, group, subnets, key, alarm };
}

/** Six distinct subnets in the zone of the first subnet: more than FIS takes in one target. */
function sixSubnetsOfOneZone(p: Parts): ec2.ISubnet[] {
  const zone = p.subnets[0].availabilityZone;
  return Array.from({ length: 6 }, (_, index) => ec2.Subnet.fromSubnetAttributes(p.subnets[0].stack, `Extra${index}`, {
    subnetId: `subnet-0${index}`, availabilityZone: zone,
  }));
}

function propsOf(p: Parts, extra: Partial<FaultInjectionExperimentsProps> = {}): FaultInjectionExperimentsProps {
  return { autoScalingGroup: p.group, subnets: p.subnets, encryptionKey: p.key, stopConditionAlarms: [p.alarm], ...extra };
}

/** The same parts, imported: the gates then judge only what the construct creates. */
function importedProps(stack: Stack, extra: Partial<FaultInjectionExperimentsProps> = {}): FaultInjectionExperimentsProps {
  const subnets = ['a', 'b', 'c'].flatMap((zone, index) => [
    ec2.Subnet.fromSubnetAttributes(stack, `App${index}`, { subnetId: `subnet-0a${index}`, availabilityZone: `us-east-1${zone}` }),
    ec2.Subnet.fromSubnetAttributes(stack, `Data${index}`, { subnetId: `subnet-0d${index}`, availabilityZone: `us-east-1${zone}` }),
  ]);
  return {
    autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Asg', 'web-app-asg'),
    subnets,
    encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555'),
    stopConditionAlarms: [cloudwatch.Alarm.fromAlarmArn(stack, 'Unavailable', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-app-unavailable')],
    ...extra,
  };
}

function synth(extra: Partial<FaultInjectionExperimentsProps> = {}, stack: Stack = testStack()) {
  const p = parts(stack);
  const experiments = new FaultInjectionExperiments(stack, 'Experiments', propsOf(p, extra));
  return { stack, p, experiments, template: Template.fromStack(stack) };
}

function templateProps(stack: Stack, construct: { logicalId: string }): Record<string, any> {
  return Template.fromStack(stack).toJSON().Resources[stack.resolve(construct.logicalId)].Properties;
}

/** Every statement of the policies of a role. */
function statementsOf(stack: Stack, roleLogicalId: string): Array<Record<string, any>> {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function roleId(stack: Stack, experiments: FaultInjectionExperiments, name: string): string {
  return stack.resolve((experiments.roles[name].node.defaultChild as any).logicalId);
}

function actionsOf(statements: Array<Record<string, any>>): string[] {
  return statements.flatMap((statement) => [statement.Action].flat()).sort();
}

describe('FaultInjectionExperiments', () => {
  describe('with a Multi-AZ DB instance and a cache', () => {
    let result: ReturnType<typeof synth>;
    beforeAll(() => {
      result = synth({ database: database(DB_INSTANCE_ARN), databaseDeployment: DatabaseDeployment.MULTI_AZ_INSTANCE, cache });
    });

    test('creates four templates, none started by the stack', () => {
      result.template.resourceCountIs('AWS::FIS::ExperimentTemplate', 4);
      expect(Object.keys(result.template.findResources('AWS::Lambda::Function'))).toEqual([]);
      expect(Object.keys(result.template.findResources('AWS::Scheduler::Schedule'))).toEqual([]);
      expect(Object.keys(result.template.findResources('AWS::Events::Rule'))).toEqual([]);
    });

    test('every template stops on the alarms, logs to the encrypted log group, targets this account only', () => {
      const { stack, p, experiments } = result;
      const templates = [experiments.instanceLossTemplate, experiments.zonePowerInterruptionTemplate,
        experiments.databaseFailoverTemplate!, experiments.cacheFailoverTemplate!];
      for (const template of templates) {
        const props = templateProps(stack, template);
        expect(props.StopConditions).toEqual([{ Source: 'aws:cloudwatch:alarm', Value: stack.resolve(p.alarm.alarmArn) }]);
        expect(props.LogConfiguration).toEqual({
          LogSchemaVersion: 2,
          CloudWatchLogsConfiguration: { LogGroupArn: stack.resolve(experiments.logGroup.logGroupArn) },
        });
        expect(props.ExperimentOptions.AccountTargeting).toEqual('single-account');
        expect(props.Description.length).toBeGreaterThan(20);
        expect(props.Tags.Name).toMatch(/^TestStack-Experiments-[0-9A-F]{8}-/);
      }
      result.template.hasResourceProperties('AWS::Logs::LogGroup', {
        KmsKeyId: stack.resolve(p.key.keyArn),
        RetentionInDays: 365,
      });
      result.template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    });

    test('the instance loss terminates one running instance of the group, and fails without one', () => {
      const { stack, p, experiments } = result;
      const props = templateProps(stack, experiments.instanceLossTemplate);
      expect(props.Targets).toEqual({
        Instances: {
          ResourceType: 'aws:ec2:instance',
          ResourceTags: { 'aws:autoscaling:groupName': stack.resolve(p.group.autoScalingGroupName) },
          Filters: [{ Path: 'State.Name', Values: ['running'] }],
          SelectionMode: 'COUNT(1)',
        },
      });
      expect(props.Actions).toEqual({ TerminateInstance: { ActionId: 'aws:ec2:terminate-instances', Targets: { Instances: 'Instances' } } });
      expect(props.ExperimentOptions.EmptyTargetResolutionMode).toEqual('fail');
    });

    test('the zone experiment stops, starves, cuts off, fails over and interrupts the zone for 30 minutes, skipping what is not there', () => {
      const { stack, p, experiments } = result;
      const props = templateProps(stack, experiments.zonePowerInterruptionTemplate);
      const zone = stack.resolve(p.subnets[0].availabilityZone);
      expect(zone).toEqual('us-east-1a');
      expect(props.ExperimentOptions.EmptyTargetResolutionMode).toEqual('skip');
      expect(props.Targets.Instances.Filters).toEqual([
        { Path: 'Placement.AvailabilityZone', Values: ['us-east-1a'] },
        { Path: 'State.Name', Values: ['running'] },
      ]);
      expect(props.Targets.AutoScalingGroup).toEqual({
        ResourceType: 'aws:ec2:autoscaling-group', ResourceTags: { FaultInjectionTarget: expect.stringMatching(/^TestStack-Experiments-[0-9A-F]{8}$/) }, SelectionMode: 'ALL',
      });
      const zoneSubnets = p.subnets.filter((subnet) => subnet.availabilityZone === 'us-east-1a');
      expect(zoneSubnets).toHaveLength(2);
      expect(props.Targets.Subnets.ResourceArns).toEqual(zoneSubnets.map((subnet) => stack.resolve(stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId }))));
      expect(props.Targets.Database).toEqual({
        ResourceType: 'aws:rds:db', ResourceArns: [DB_INSTANCE_ARN], Parameters: { availabilityZoneIdentifiers: 'us-east-1a' }, SelectionMode: 'ALL',
      });
      expect(props.Targets.Cache).toEqual({
        ResourceType: 'aws:elasticache:replicationgroup', ResourceArns: [CACHE_ARN], Parameters: { availabilityZoneIdentifier: 'us-east-1a' }, SelectionMode: 'ALL',
      });
      const actions = Object.entries(props.Actions).map(([name, a]: [string, any]) => [name, [a.ActionId, a.Parameters, a.Targets]]);
      expect(Object.fromEntries(actions)).toEqual({
        StopInstances: ['aws:ec2:stop-instances', { startInstancesAfterDuration: 'PT30M', completeIfInstancesTerminated: 'true' }, { Instances: 'Instances' }],
        PauseInstanceLaunches: ['aws:ec2:asg-insufficient-instance-capacity-error', { availabilityZoneIdentifiers: 'us-east-1a', duration: 'PT30M', percentage: '100' }, { AutoScalingGroups: 'AutoScalingGroup' }],
        DisruptConnectivity: ['aws:network:disrupt-connectivity', { scope: 'all', duration: 'PT30M' }, { Subnets: 'Subnets' }],
        FailOverDatabase: ['aws:rds:reboot-db-instances', { forceFailover: 'true' }, { DBInstances: 'Database' }],
        InterruptCachePower: ['aws:elasticache:replicationgroup-interrupt-az-power', { duration: 'PT30M' }, { ReplicationGroups: 'Cache' }],
      });
      result.template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        Tags: Match.arrayWith([{ Key: 'FaultInjectionTarget', Value: props.Targets.AutoScalingGroup.ResourceTags.FaultInjectionTarget, PropagateAtLaunch: false }]),
      });
    });

    test('the database experiment reboots the Multi-AZ instance with failover', () => {
      const { stack, experiments } = result;
      const props = templateProps(stack, experiments.databaseFailoverTemplate!);
      expect(props.Targets).toEqual({ Database: { ResourceType: 'aws:rds:db', ResourceArns: [DB_INSTANCE_ARN], SelectionMode: 'ALL' } });
      expect(props.Actions).toEqual({ FailOverDatabase: { ActionId: 'aws:rds:reboot-db-instances', Parameters: { forceFailover: 'true' }, Targets: { DBInstances: 'Database' } } });
      expect(props.ExperimentOptions.EmptyTargetResolutionMode).toEqual('fail');
    });

    test('the cache experiment interrupts the cache nodes of the zone for 10 minutes', () => {
      const { stack, experiments } = result;
      const props = templateProps(stack, experiments.cacheFailoverTemplate!);
      expect(props.Targets.Cache.Parameters).toEqual({ availabilityZoneIdentifier: 'us-east-1a' });
      expect(props.Actions).toEqual({
        InterruptCachePower: { ActionId: 'aws:elasticache:replicationgroup-interrupt-az-power', Parameters: { duration: 'PT10M' }, Targets: { ReplicationGroups: 'Cache' } },
      });
    });

    test('each role is assumed only by FIS experiments of this account and Region', () => {
      const { stack, experiments } = result;
      expect(Object.keys(experiments.roles).sort()).toEqual(['CacheFailover', 'DatabaseFailover', 'InstanceLoss', 'ZonePowerInterruption']);
      const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
      for (const name of Object.keys(experiments.roles)) {
        expect(roles[roleId(stack, experiments, name)].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':fis:us-east-1:123456789012:experiment/*']] } },
          },
        }]);
      }
    });

    test('the instance loss role may terminate only the group\'s instances', () => {
      const { stack, p, experiments } = result;
      const statements = statementsOf(stack, roleId(stack, experiments, 'InstanceLoss'));
      expect(actionsOf(statements)).toEqual(['ec2:DescribeInstances', 'ec2:TerminateInstances', 'logs:CreateLogDelivery', 'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy']);
      expect(statements.find((s) => s.Action === 'ec2:TerminateInstances')!.Condition).toEqual({
        StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': stack.resolve(p.group.autoScalingGroupName) },
      });
    });

    test('the zone role acts on the database, the cache, the subnets and the key by ARN, and has * only where the API has no resource', () => {
      const { stack, p, experiments } = result;
      const statements = statementsOf(stack, roleId(stack, experiments, 'ZonePowerInterruption'));
      const byAction = (action: string) => statements.find((s) => [s.Action].flat().includes(action))!;
      expect(byAction('rds:RebootDBInstance').Resource).toEqual(DB_INSTANCE_ARN);
      expect(byAction('elasticache:InterruptClusterAzPower').Resource).toEqual([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:web-app-cache']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:cluster:web-app-cache-*']] },
      ]);
      expect(byAction('kms:CreateGrant')).toEqual(expect.objectContaining({
        Resource: stack.resolve(p.key.keyArn), Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }));
      expect(byAction('ec2:InjectApiError').Condition).toEqual({
        'StringEquals': { 'ec2:FisActionId': 'aws:ec2:asg-insufficient-instance-capacity-error' },
        'ForAllValues:ArnLike': { 'ec2:FisTargetArns': stack.resolve(p.group.autoScalingGroupArn) },
      });
      expect(byAction('ec2:CreateNetworkAclEntry').Condition).toEqual({ StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } });
      expect(byAction('ec2:ReplaceNetworkAclAssociation').Resource).toHaveLength(3);
      const wildcardActions = statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat()).sort();
      expect(wildcardActions).toEqual(['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeInstances', 'ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls',
        'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries', 'ec2:InjectApiError', 'logs:CreateLogDelivery', 'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy', 'tag:GetResources']);
    });

    test('the database and cache roles act only on the database and the cache', () => {
      const { stack, experiments } = result;
      expect(actionsOf(statementsOf(stack, roleId(stack, experiments, 'DatabaseFailover'))).filter((a) => !a.startsWith('logs:')))
        .toEqual(['rds:DescribeDBInstances', 'rds:RebootDBInstance', 'tag:GetResources']);
      expect(actionsOf(statementsOf(stack, roleId(stack, experiments, 'CacheFailover'))).filter((a) => !a.startsWith('logs:')))
        .toEqual(['elasticache:DescribeReplicationGroups', 'elasticache:InterruptClusterAzPower', 'tag:GetResources']);
    });
  });

  test.each([DatabaseDeployment.MULTI_AZ_CLUSTER, DatabaseDeployment.AURORA])('a %s fails over with aws:rds:failover-db-cluster, in the zone by its writer', (deployment) => {
    const { stack, experiments } = synth({ database: database(DB_CLUSTER_ARN), databaseDeployment: deployment });
    expect(templateProps(stack, experiments.databaseFailoverTemplate!).Actions).toEqual({
      FailOverDatabase: { ActionId: 'aws:rds:failover-db-cluster', Targets: { Clusters: 'Database' } },
    });
    const zone = templateProps(stack, experiments.zonePowerInterruptionTemplate);
    expect(zone.Targets.Database).toEqual({
      ResourceType: 'aws:rds:cluster', ResourceArns: [DB_CLUSTER_ARN], Parameters: { writerAvailabilityZoneIdentifiers: 'us-east-1a' }, SelectionMode: 'ALL',
    });
    expect(actionsOf(statementsOf(stack, roleId(stack, experiments, 'DatabaseFailover'))).filter((a) => a.startsWith('rds:')))
      .toEqual(['rds:DescribeDBClusters', 'rds:FailoverDBCluster']);
  });

  test('without database and cache: two templates, and the zone experiment leaves them alone', () => {
    const { stack, experiments, template } = synth();
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 2);
    expect(experiments.databaseFailoverTemplate).toBeUndefined();
    expect(experiments.cacheFailoverTemplate).toBeUndefined();
    expect(Object.keys(templateProps(stack, experiments.zonePowerInterruptionTemplate).Actions).sort())
      .toEqual(['DisruptConnectivity', 'PauseInstanceLaunches', 'StopInstances']);
  });

  test('a chosen zone, duration and retention', () => {
    const { stack, experiments, template } = synth({ availabilityZone: 'us-east-1c', duration: Duration.hours(1), logRetention: logs.RetentionDays.TWO_YEARS });
    const props = templateProps(stack, experiments.zonePowerInterruptionTemplate);
    expect(props.Actions.StopInstances.Parameters.startInstancesAfterDuration).toEqual('PT1H');
    expect(props.Targets.Instances.Filters[0]).toEqual({ Path: 'Placement.AvailabilityZone', Values: ['us-east-1c'] });
    expect(props.Targets.Subnets.ResourceArns).toHaveLength(2);
    expect(props.Description).toContain('Interrupts for 1 hour the power of Availability Zone us-east-1c');
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('in a stack without an explicit environment the zone is a token and its subnets are found', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const { experiments } = synth({}, stack);
    const props = templateProps(stack, experiments.zonePowerInterruptionTemplate);
    const zone = props.Targets.Instances.Filters[0].Values[0];
    expect(zone).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(props.Targets.Subnets.ResourceArns).toHaveLength(2);
    expect(props.Actions.PauseInstanceLaunches.Parameters.availabilityZoneIdentifiers).toEqual(zone);
  });

  test('a subnet given twice (app and data selections that share subnets) is one target', () => {
    const stack = testStack();
    const p = parts(stack);
    const experiments = new FaultInjectionExperiments(stack, 'Experiments', { ...propsOf(p), subnets: [...p.subnets, ...p.subnets] });
    expect(templateProps(stack, experiments.zonePowerInterruptionTemplate).Targets.Subnets.ResourceArns).toHaveLength(2);
  });

  test('an imported group gets a warning naming the tag', () => {
    const stack = testStack();
    const p = parts(stack);
    const imported = autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Imported', 'web-app-asg');
    new FaultInjectionExperiments(stack, 'Experiments', { ...propsOf(p), autoScalingGroup: imported });
    Annotations.fromStack(stack).hasWarning('/TestStack/Experiments', Match.stringLikeRegexp("tag it with 'FaultInjectionTarget'"));
  });

  describe('refuses', () => {
    const bad: Array<[string, (p: Parts) => Partial<FaultInjectionExperimentsProps>, RegExp]> = [
      ['no stop condition', () => ({ stopConditionAlarms: [] }), /invalid stopConditionAlarms.*give 1 to 5 alarms/],
      ['six stop conditions', (p) => ({ stopConditionAlarms: Array(6).fill(p.alarm) }), /invalid stopConditionAlarms.*at most 5 stop conditions/],
      ['a duration under a minute', () => ({ duration: Duration.seconds(30) }), /invalid duration.*Duration.minutes\(1\) to Duration.hours\(12\)/],
      ['a duration over 12 hours', () => ({ duration: Duration.hours(13) }), /invalid duration.*Duration.minutes\(1\) to Duration.hours\(12\)/],
      ['a fraction of a second', () => ({ duration: Duration.millis(90500) }), /invalid duration.*whole seconds/],
      ['a database without its deployment', () => ({ database: database(DB_INSTANCE_ARN) }), /invalid databaseDeployment.*database.topology.deployment/],
      ['a deployment without a database', () => ({ databaseDeployment: DatabaseDeployment.AURORA }), /invalid databaseDeployment.*give database too/],
      ['a zone of another Region', () => ({ availabilityZone: 'eu-west-1a' }), /invalid availabilityZone.*'eu-west-1a'.*us-east-1a/],
      ['a zone name that is none', () => ({ availabilityZone: 'zone-a' }), /invalid availabilityZone.*Availability Zone of the stack's Region/],
      ['a zone without subnets', (p) => ({ subnets: p.subnets.filter((s) => s.availabilityZone !== 'us-east-1b'), availabilityZone: 'us-east-1b' }),
        /invalid availabilityZone.*give a zone of the subnets/],
      ['no subnets', () => ({ subnets: [] }), /invalid subnets.*give the app's subnets/],
      ['six subnets in the zone', (p) => ({ subnets: sixSubnetsOfOneZone(p) }), /invalid subnets.*at most 5 subnets in the zone.*faultInjectionEnabled false/],
      ['a retention CloudWatch Logs has not', () => ({ logRetention: 42 as logs.RetentionDays }), /invalid logRetention.*logs.RetentionDays/],
      ['a number of minutes for a duration', () => ({ duration: 30 as unknown as Duration }), /invalid duration.*give a Duration, for example Duration.minutes\(30\), not a number/],
      ['a group name for a group', () => ({ autoScalingGroup: 'web-app-asg' as unknown as autoscaling.IAutoScalingGroup }), /invalid autoScalingGroup.*IAutoScalingGroup/],
      ['an alarm name for an alarm', () => ({ stopConditionAlarms: ['unavailable'] as unknown as cloudwatch.IAlarm[] }), /invalid stopConditionAlarms\[0\].*cloudwatch.IAlarm/],
      ['no key', () => ({ encryptionKey: undefined }), /invalid encryptionKey.*a kms.IKey: it is required/],
    ];
    test.each(bad)('%s', (_name, extra, error) => {
      const stack = testStack();
      const p = parts(stack);
      expect(() => new FaultInjectionExperiments(stack, 'Experiments', { ...propsOf(p), ...extra(p) })).toThrow(error);
    });
  });

  describe('quality gates', () => describeQualityGates({
    'FaultInjectionExperiments with database and cache': (stack) => {
      new FaultInjectionExperiments(stack, 'Experiments', importedProps(stack, {
        database: database(DB_INSTANCE_ARN), databaseDeployment: DatabaseDeployment.MULTI_AZ_INSTANCE, cache,
      }));
    },
    'FaultInjectionExperiments alone': (stack) => {
      new FaultInjectionExperiments(stack, 'Experiments', importedProps(stack));
    },
  }, testApp, testStack));
});
