import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src/app/highly-available-web-app';
import { WebAppTier } from '../../src/compute/web-app-tier';
import { UploadsBucket } from '../../src/data/uploads-bucket';
import { CacheEngine, WebAppCache } from '../../src/data/web-app-cache';
import { DatabaseTopology, WebAppDatabase } from '../../src/data/web-app-database';
import { WebAclScope, WebApplicationFirewall } from '../../src/edge/web-application-firewall';
import { WebAppNetwork } from '../../src/network/web-app-network';
import { WebAppMonitoring, WebAppMonitoringProps } from '../../src/operations/web-app-monitoring';
import { describeQualityGates } from '../gates/quality-gates';
import { logicalId, OTHER_REGION, TEST_ACCOUNT, testApp, testStack } from '../helpers';

interface Synthesized {
  readonly stack: Stack;
  readonly webApp: HighlyAvailableWebApp;
  readonly monitoring: WebAppMonitoring;
  readonly template: Template;
}

function synthWebApp(props: HighlyAvailableWebAppProps = {}, stack: Stack = testStack()): Synthesized {
  const webApp = new HighlyAvailableWebApp(stack, 'WebApp', props);
  return { stack, webApp, monitoring: webApp.monitoring, template: Template.fromStack(stack) };
}

/** The resolved properties of one alarm of the monitoring. */
function alarmProperties(s: Pick<Synthesized, 'stack' | 'monitoring' | 'template'>, id: string): Record<string, any> {
  const alarm = s.monitoring.node.findChild(id) as cloudwatch.Alarm;
  return s.template.toJSON().Resources[logicalId(s.stack, alarm)].Properties;
}

function topicRef(s: Pick<Synthesized, 'stack' | 'monitoring'>) {
  return { Ref: s.stack.getLogicalId(s.monitoring.alarmTopic.node.defaultChild as sns.CfnTopic) };
}

function alarmIds(monitoring: WebAppMonitoring): string[] {
  return monitoring.alarms.map((alarm) => alarm.node.id);
}

const REPLICA_BUCKET_NAME = 'uploads-replica-eu-west-1';

/** A bucket of the recovery Region, as the primary Region's stack imports it. */
function recoveryBucket(stack: Stack): s3.IBucket {
  return s3.Bucket.fromBucketAttributes(stack, 'Replica', {
    bucketName: REPLICA_BUCKET_NAME,
    region: OTHER_REGION,
    encryptionKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`),
  });
}

/** The metrics of a math expression alarm, but the expression, as [id, metric name, statistic, period, dimensions]. */
function expressionMetrics(properties: Record<string, any>): unknown[][] {
  return properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [
    m.Id, m.MetricStat.Metric.MetricName, m.MetricStat.Stat, m.MetricStat.Period, m.MetricStat.Metric.Dimensions,
  ]);
}

describe('WebAppMonitoring', () => {
  describe('in the default HighlyAvailableWebApp (us-east-1)', () => {
    let s: Synthesized;
    beforeAll(() => {
      s = synthWebApp();
    });

    test('creates an alarm for every tier (the edge last: the app adds it to its Region\'s monitoring with monitorEdge)', () => {
      expect(alarmIds(s.monitoring)).toEqual([
        'LoadBalancer5xxErrors',
        'Target5xxErrors',
        'TargetResponseTimeP99',
        'UnhealthyTargets',
        'NoHealthyTargets',
        'InServiceBelowMinimum',
        'InstanceCpuUtilization',
        'InstanceMemoryUtilization',
        'InstanceDiskUtilization',
        'DatabaseCpuUtilization',
        'DatabaseFreeableMemory',
        'DatabaseConnections',
        'DatabaseFreeStorage',
        'DatabaseReplicaLag',
        'CacheEngineCpuUtilization',
        'CacheMemoryUtilization',
        'CacheEvictions',
        'CacheReplicationLag',
        'CloudFront5xxErrorRate',
        'FirewallBlockedRequests',
      ]);
      s.template.resourceCountIs('AWS::CloudWatch::Alarm', 20);
    });

    test('every alarm notifies the topic when it fires and when it recovers', () => {
      for (const alarm of Object.values(s.template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toEqual([topicRef(s)]);
        expect(alarm.Properties.OKActions).toEqual([topicRef(s)]);
        expect(alarm.Properties.AlarmDescription).toEqual(expect.any(String));
      }
    });

    test('the alarm topic is encrypted with the app key, which lets CloudWatch use it', () => {
      const keyId = s.stack.getLogicalId(s.webApp.encryptionKey.node.defaultChild as kms.CfnKey);
      s.template.hasResourceProperties('AWS::SNS::Topic', {
        DisplayName: 'Web app alarms',
        KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
      s.template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Sid: 'AllowCloudWatchAlarmsToNotify',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          })]),
        },
      });
      s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topicRef(s)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            // The topic policy replaces SNS's default one: the alarms' publisher must be named.
            Match.objectLike({
              Sid: 'AllowCloudWatchAlarmsToPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: topicRef(s),
              Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
            }),
          ]),
        },
      });
    });

    test('CloudFront 5xx error rate: 5% on average, 2 of 3 periods of 5 minutes, quiet without traffic', () => {
      expect(alarmProperties(s, 'CloudFront5xxErrorRate')).toMatchObject({
        Namespace: 'AWS/CloudFront',
        MetricName: '5xxErrorRate',
        Dimensions: [
          { Name: 'DistributionId', Value: { Ref: s.stack.getLogicalId(s.webApp.distribution!.node.defaultChild as any) } },
          { Name: 'Region', Value: 'Global' },
        ],
        Statistic: 'Average',
        Period: 300,
        Threshold: 5,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    test('WAF blocked requests: 1000 in 5 minutes over all rules', () => {
      expect(alarmProperties(s, 'FirewallBlockedRequests')).toMatchObject({
        Namespace: 'AWS/WAFV2',
        MetricName: 'BlockedRequests',
        Dimensions: [{ Name: 'Rule', Value: 'ALL' }, { Name: 'WebACL', Value: s.webApp.edge!.firewall!.metricName }],
        Statistic: 'Sum',
        Threshold: 1000,
        TreatMissingData: 'notBreaching',
      });
    });

    test.each([
      ['LoadBalancer5xxErrors', 'HTTPCode_ELB_5XX_Count', 'Sum', 10, 'GreaterThanOrEqualToThreshold', 'notBreaching'],
      ['Target5xxErrors', 'HTTPCode_Target_5XX_Count', 'Sum', 10, 'GreaterThanOrEqualToThreshold', 'notBreaching'],
      ['UnhealthyTargets', 'UnHealthyHostCount', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', 'notBreaching'],
      ['NoHealthyTargets', 'HealthyHostCount', 'Minimum', 1, 'LessThanThreshold', 'breaching'],
    ])('%s: %s (%s) against %d', (id, metricName, statistic, threshold, comparison, missing) => {
      expect(alarmProperties(s, id)).toMatchObject({
        Namespace: 'AWS/ApplicationELB',
        MetricName: metricName,
        Statistic: statistic,
        Threshold: threshold,
        ComparisonOperator: comparison,
        TreatMissingData: missing,
      });
    });

    test('target response time: p99 above 2 seconds', () => {
      expect(alarmProperties(s, 'TargetResponseTimeP99')).toMatchObject({
        MetricName: 'TargetResponseTime',
        ExtendedStatistic: 'p99',
        Threshold: 2,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      });
    });

    test('in service below the minimum: in-service instances minus the group\'s current minimum, breaching when missing', () => {
      const asgRef = { Ref: s.stack.getLogicalId(s.webApp.appTier.autoScalingGroup.node.defaultChild as any) };
      const properties = alarmProperties(s, 'InServiceBelowMinimum');
      expect(properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
      expect(properties.Metrics[0]).toMatchObject({ Expression: 'inService - minSize', ReturnData: true });
      expect(properties.Metrics.slice(1).map((m: any) => [m.Id, m.MetricStat.Metric.MetricName, m.MetricStat.Metric.Dimensions])).toEqual([
        ['inService', 'GroupInServiceInstances', [{ Name: 'AutoScalingGroupName', Value: asgRef }]],
        ['minSize', 'GroupMinSize', [{ Name: 'AutoScalingGroupName', Value: asgRef }]],
      ]);
      // The group publishes these metrics only with group metrics collection on.
      s.template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        MetricsCollection: [{ Granularity: '1Minute' }],
      });
    });

    test.each([
      ['InstanceCpuUtilization', 'AWS/EC2', 'CPUUtilization', 85],
      ['InstanceMemoryUtilization', 'CWAgent', 'mem_used_percent', 90],
      ['InstanceDiskUtilization', 'CWAgent', 'disk_used_percent', 85],
    ])('%s: %s %s averaged over the group, against %d%%', (id, namespace, metricName, threshold) => {
      const asgRef = { Ref: s.stack.getLogicalId(s.webApp.appTier.autoScalingGroup.node.defaultChild as any) };
      expect(alarmProperties(s, id)).toMatchObject({
        Namespace: namespace,
        MetricName: metricName,
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: asgRef }],
        Statistic: 'Average',
        Threshold: threshold,
      });
    });

    test.each([
      ['DatabaseCpuUtilization', 'CPUUtilization', 'Average', 80, 'GreaterThanOrEqualToThreshold'],
      ['DatabaseFreeableMemory', 'FreeableMemory', 'Minimum', 256 * 1024 * 1024, 'LessThanThreshold'],
      ['DatabaseConnections', 'DatabaseConnections', 'Maximum', 300, 'GreaterThanOrEqualToThreshold'],
      ['DatabaseFreeStorage', 'FreeStorageSpace', 'Minimum', 10 * 1024 ** 3, 'LessThanThreshold'],
    ])('%s: %s (%s) of the writer instance against %d', (id, metricName, statistic, threshold, comparison) => {
      const instanceRef = { Ref: s.stack.getLogicalId(s.webApp.database.instance!.node.defaultChild as any) };
      expect(alarmProperties(s, id)).toMatchObject({
        Namespace: 'AWS/RDS',
        MetricName: metricName,
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: instanceRef }],
        Statistic: statistic,
        Threshold: threshold,
        ComparisonOperator: comparison,
      });
    });

    test('replica lag: the read replica, 60 seconds', () => {
      const replicaRef = { Ref: s.stack.getLogicalId(s.webApp.database.readReplicas[0].node.defaultChild as any) };
      expect(alarmProperties(s, 'DatabaseReplicaLag')).toMatchObject({
        MetricName: 'ReplicaLag',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: replicaRef }],
        Threshold: 60,
        TreatMissingData: 'breaching',
      });
    });

    test.each([
      ['CacheEngineCpuUtilization', 'EngineCPUUtilization', 80],
      ['CacheMemoryUtilization', 'DatabaseMemoryUsagePercentage', 85],
      ['CacheEvictions', 'Evictions', 100],
      ['CacheReplicationLag', 'ReplicationLag', 30],
    ])('%s: the worst node\'s %s against %d', (id, metricName, threshold) => {
      const properties = alarmProperties(s, id);
      expect(properties.Threshold).toEqual(threshold);
      expect(properties.Metrics[0]).toMatchObject({ Expression: 'MAX([n0,n1])', ReturnData: true });
      const groupRef = { Ref: s.stack.getLogicalId(s.webApp.cache.replicationGroup) };
      expect(properties.Metrics.slice(1).map((m: any) => [m.MetricStat.Metric.MetricName, m.MetricStat.Metric.Dimensions])).toEqual([
        [metricName, [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [groupRef, '-001']] } }]],
        [metricName, [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [groupRef, '-002']] } }]],
      ]);
    });

    test('the composite alarm: no healthy target, or edge errors with origin errors', () => {
      const composite = s.monitoring.applicationUnavailableAlarm!;
      const properties = s.template.toJSON().Resources[s.stack.getLogicalId(composite.node.defaultChild as cloudwatch.CfnCompositeAlarm)].Properties;
      const rule = JSON.stringify(properties.AlarmRule);
      const arn = (id: string) => s.stack.getLogicalId(s.monitoring.node.findChild(id).node.defaultChild as cloudwatch.CfnAlarm);
      expect(rule).toMatch(new RegExp(`ALARM\\(.*${arn('NoHealthyTargets')}.*\\) OR \\(ALARM\\(.*${arn('CloudFront5xxErrorRate')}.*\\) AND \\(ALARM\\(.*${arn('LoadBalancer5xxErrors')}.*\\) OR ALARM\\(.*${arn('Target5xxErrors')}`));
      expect(properties.AlarmActions).toEqual([topicRef(s)]);
      expect(properties.OKActions).toEqual([topicRef(s)]);
    });

    test('a dashboard shows every tier and the alarms', () => {
      const dashboard = Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'))[0];
      const body = JSON.stringify(s.stack.resolve(dashboard.Properties.DashboardBody));
      for (const title of ['Alarms', 'CloudFront requests', 'WAF requests', '5xx responses', 'Database CPU (%)', 'Cache Engine CPU (%), worst node']) {
        expect(body).toContain(title);
      }
      // CloudFront and CloudFront WAF metrics live in us-east-1 whatever the stack's Region.
      expect(body).toContain('\\"region\\":\\"us-east-1\\"');
    });
  });

  describe('an edge added later (monitorEdge)', () => {
    function regionThenEdge() {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      const tier = new WebAppTier(stack, 'Tier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
      const monitoring = new WebAppMonitoring(stack, 'Monitoring', { appTier: tier });
      const firewall = new WebApplicationFirewall(stack, 'Firewall');
      const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'Distribution', {
        distributionId: 'E1234567890ABC', domainName: 'd111111abcdef8.cloudfront.net',
      });
      monitoring.monitorEdge(distribution, firewall);
      return { stack, monitoring, template: Template.fromStack(stack) };
    }

    test('its error rate joins the composite alarm, its alarms the status widget and its rows the dashboard', () => {
      const later = regionThenEdge();
      expect(alarmIds(later.monitoring).slice(-2)).toEqual(['CloudFront5xxErrorRate', 'FirewallBlockedRequests']);
      const id = (alarm: string) => later.stack.getLogicalId(later.monitoring.node.findChild(alarm).node.defaultChild as cloudwatch.CfnAlarm);
      const composite = Object.values(later.template.findResources('AWS::CloudWatch::CompositeAlarm'))[0];
      expect(JSON.stringify(composite.Properties.AlarmRule)).toMatch(new RegExp(
        `ALARM\\(.*${id('NoHealthyTargets')}.*\\) OR \\(ALARM\\(.*${id('CloudFront5xxErrorRate')}.*\\) AND \\(ALARM\\(.*${id('LoadBalancer5xxErrors')}`));
      const dashboard = Object.values(later.template.findResources('AWS::CloudWatch::Dashboard'))[0];
      const body = JSON.stringify(later.stack.resolve(dashboard.Properties.DashboardBody));
      expect(body).toContain('CloudFront requests');
      expect(body).toContain('WAF requests');
      for (const alarm of ['CloudFront5xxErrorRate', 'FirewallBlockedRequests', 'NoHealthyTargets']) {
        expect(body).toContain(id(alarm));
      }
    });

    test('gives the same alarms and composite rule as an edge given at construction', () => {
      const later = regionThenEdge();
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      const tier = new WebAppTier(stack, 'Tier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
      const firewall = new WebApplicationFirewall(stack, 'Firewall');
      const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'Distribution', {
        distributionId: 'E1234567890ABC', domainName: 'd111111abcdef8.cloudfront.net',
      });
      new WebAppMonitoring(stack, 'Monitoring', { appTier: tier, firewall, distribution });
      const atOnce = Template.fromStack(stack);
      const alarms = (template: Template) => JSON.stringify(Object.entries(template.findResources('AWS::CloudWatch::Alarm')).sort());
      expect(alarms(later.template)).toEqual(alarms(atOnce));
      const rule = (template: Template) => JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0].Properties.AlarmRule);
      expect(rule(later.template)).toEqual(rule(atOnce));
    });

    test('once per monitoring, with something to watch', () => {
      const later = regionThenEdge();
      expect(() => later.monitoring.monitorEdge(undefined, new WebApplicationFirewall(later.stack, 'Second')))
        .toThrow(/invalid monitorEdge \('a second edge'\): monitor one edge per WebAppMonitoring/);
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      const tier = new WebAppTier(stack, 'Tier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
      expect(() => new WebAppMonitoring(stack, 'Monitoring', { appTier: tier }).monitorEdge())
        .toThrow(/invalid monitorEdge \(undefined\): give the distribution, the firewall or both/);
    });
  });

  describe('outside us-east-1', () => {
    test('keeps CloudFront and CLOUDFRONT WAF metrics on the dashboard without alarms, and says where to put them', () => {
      const app = testApp();
      const stack = new Stack(app, 'Edge', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } });
      const firewall = new WebApplicationFirewall(stack, 'Firewall');
      const regional = new Stack(app, 'Regional', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
      const network = new WebAppNetwork(regional, 'Network');
      const tier = new WebAppTier(regional, 'Tier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
      const monitoring = new WebAppMonitoring(regional, 'Monitoring', { appTier: tier, firewall });
      expect(alarmIds(monitoring)).not.toContain('FirewallBlockedRequests');
      Annotations.fromStack(regional).hasWarning('/Regional/Monitoring', Match.stringLikeRegexp('exist only in us-east-1'));
    });

    test('a REGIONAL WebACL gets its alarm in its own Region, with the Region dimension', () => {
      const stack = new Stack(testApp(), 'Regional', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
      const firewall = new WebApplicationFirewall(stack, 'Firewall', { scope: WebAclScope.REGIONAL });
      const monitoring = new WebAppMonitoring(stack, 'Monitoring', { firewall });
      expect(alarmIds(monitoring)).toEqual(['FirewallBlockedRequests']);
      Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
        Dimensions: Match.arrayWith([{ Name: 'Region', Value: OTHER_REGION }]),
      });
    });
  });

  describe('options', () => {
    test('e-mail subscriptions', () => {
      const s = synthWebApp({ monitoring: { alarmEmails: ['ops@example.com', 'oncall@example.com'] } });
      s.template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email', TopicArn: topicRef(s) }, 2);
      s.template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'oncall@example.com' });
    });

    test('thresholds', () => {
      const s = synthWebApp({
        monitoring: {
          thresholds: {
            cloudFront5xxErrorRate: 2,
            targetResponseTimeP99: Duration.millis(500),
            databaseFreeableMemory: Size.gibibytes(1),
            databaseReplicaLag: Duration.minutes(5),
            cacheEvictions: 5,
            databaseConnections: 1000,
          },
        },
      });
      expect(alarmProperties(s, 'CloudFront5xxErrorRate').Threshold).toEqual(2);
      expect(alarmProperties(s, 'TargetResponseTimeP99').Threshold).toEqual(0.5);
      expect(alarmProperties(s, 'DatabaseFreeableMemory').Threshold).toEqual(1024 ** 3);
      expect(alarmProperties(s, 'DatabaseReplicaLag').Threshold).toEqual(300);
      expect(alarmProperties(s, 'CacheEvictions').Threshold).toEqual(5);
      expect(alarmProperties(s, 'DatabaseConnections').Threshold).toEqual(1000);
    });

    test('no dashboard', () => {
      const s = synthWebApp({ monitoring: { dashboard: false } });
      s.template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
      expect(s.monitoring.dashboard).toBeUndefined();
    });

    test('Aurora: reader lag in milliseconds on the cluster, no storage alarm', () => {
      const s = synthWebApp({ database: { topology: DatabaseTopology.aurora({ readers: 2 }) } });
      const clusterRef = { Ref: s.stack.getLogicalId(s.webApp.database.cluster!.node.defaultChild as any) };
      expect(alarmIds(s.monitoring)).not.toContain('DatabaseFreeStorage');
      expect(alarmProperties(s, 'DatabaseReplicaLag')).toMatchObject({
        MetricName: 'AuroraReplicaLagMaximum',
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: clusterRef }],
        Threshold: 60_000,
      });
      // The writer only: the cluster alone would average the readers in.
      expect(alarmProperties(s, 'DatabaseCpuUtilization').Dimensions).toEqual([
        { Name: 'DBClusterIdentifier', Value: clusterRef },
        { Name: 'Role', Value: 'WRITER' },
      ]);
    });

    test('read replicas: one lag alarm each', () => {
      const s = synthWebApp({ database: { topology: DatabaseTopology.multiAzInstance({ readReplicas: 2 }) } });
      expect(alarmIds(s.monitoring)).toEqual(expect.arrayContaining(['DatabaseReplicaLag1', 'DatabaseReplicaLag2']));
    });

    test('a Multi-AZ DB cluster: the worst of its three member instances, storage and reader lag included', () => {
      const s = synthWebApp({ database: { topology: DatabaseTopology.multiAzCluster() } });
      const clusterRef = { Ref: s.stack.getLogicalId(s.webApp.database.multiAzCluster!) };
      const members = [1, 2, 3].map((n) => [{ Name: 'DBInstanceIdentifier', Value: { 'Fn::Join': ['', [clusterRef, `-instance-${n}`]] } }]);
      for (const [id, expression, metricName] of [
        ['DatabaseFreeStorage', 'MIN([freestoragespace1,freestoragespace2,freestoragespace3])', 'FreeStorageSpace'],
        ['DatabaseCpuUtilization', 'MAX([cpuutilization1,cpuutilization2,cpuutilization3])', 'CPUUtilization'],
        ['DatabaseReplicaLag', 'MAX([replicalag1,replicalag2,replicalag3])', 'ReplicaLag'],
      ]) {
        const properties = alarmProperties(s, id);
        expect(properties.Metrics[0].Expression).toEqual(expression);
        expect(properties.Metrics.slice(1).map((m: any) => m.MetricStat.Metric.MetricName)).toEqual([metricName, metricName, metricName]);
        expect(properties.Metrics.slice(1).map((m: any) => m.MetricStat.Metric.Dimensions)).toEqual(members);
      }
      expect(alarmProperties(s, 'DatabaseReplicaLag').Threshold).toEqual(60);
    });

    test('a cluster-mode cache with more than 10 nodes: alarms in groups of 10 nodes', () => {
      const s = synthWebApp({ cache: { engine: CacheEngine.valkey(), shards: 4, replicasPerShard: 2 } });
      expect(s.webApp.cache.nodeIds).toHaveLength(12);
      expect(alarmIds(s.monitoring)).toEqual(expect.arrayContaining(['CacheEngineCpuUtilization1', 'CacheEngineCpuUtilization2', 'CacheReplicationLag2']));
      const groupRef = { Ref: s.stack.getLogicalId(s.webApp.cache.replicationGroup) };
      const second = alarmProperties(s, 'CacheMemoryUtilization2');
      expect(second.Metrics[0].Expression).toEqual('MAX([n10,n11])');
      expect(second.Metrics[2].MetricStat.Metric.Dimensions[0].Value).toEqual({ 'Fn::Join': ['', [groupRef, '-0004-003']] });
    });

    test('an existing topic is used as it is', () => {
      const stack = testStack();
      const topic = sns.Topic.fromTopicArn(stack, 'Topic', `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:ops`);
      const network = new WebAppNetwork(stack, 'Network');
      const tier = new WebAppTier(stack, 'Tier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
      const monitoring = new WebAppMonitoring(stack, 'Monitoring', { appTier: tier, alarmTopic: topic });
      expect(monitoring.alarmTopic).toBe(topic);
      Annotations.fromStack(stack).hasWarning('/TestStack/Monitoring', Match.stringLikeRegexp('cloudwatch.amazonaws.com sns:Publish'));
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SNS::Topic', 1); // the tier's scaling events topic only
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:ops`] });
    });

    test('an imported key gets a warning naming the statement to add', () => {
      const stack = testStack();
      const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
      const firewall = new WebApplicationFirewall(stack, 'Firewall', { encryptionKey: key });
      new WebAppMonitoring(stack, 'Monitoring', { firewall, encryptionKey: key });
      Annotations.fromStack(stack).hasWarning('/TestStack/Monitoring', Match.stringLikeRegexp('cloudwatch.amazonaws.com'));
    });
  });

  describe('uploads replication', () => {
    function synthUploads(monitoringProps: Partial<WebAppMonitoringProps> = {}) {
      const stack = testStack();
      const uploads = new UploadsBucket(stack, 'Uploads', { replication: { destinationBucket: recoveryBucket(stack) } });
      const monitoring = new WebAppMonitoring(stack, 'Monitoring', { uploads, ...monitoringProps });
      return { stack, uploads, monitoring, template: Template.fromStack(stack) };
    }

    test('a replicated bucket gets a latency alarm and a failed replication alarm, both on the replication rule\'s metrics', () => {
      const s = synthUploads();
      expect(alarmIds(s.monitoring)).toEqual(['UploadsReplicationLatency', 'UploadsFailedReplication']);
      const dimensions = [
        { Name: 'DestinationBucket', Value: REPLICA_BUCKET_NAME },
        { Name: 'RuleId', Value: 'ReplicateEveryUpload' },
        { Name: 'SourceBucket', Value: { Ref: s.stack.getLogicalId(s.uploads.bucket.node.defaultChild as s3.CfnBucket) } },
      ];
      const latency = alarmProperties(s, 'UploadsReplicationLatency');
      expect(latency).toMatchObject({
        Namespace: 'AWS/S3',
        MetricName: 'ReplicationLatency',
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 900,
        EvaluationPeriods: 3,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topicRef(s)],
      });
      expect(latency.Dimensions).toHaveLength(3);
      expect(latency.Dimensions).toEqual(expect.arrayContaining(dimensions));
      const failed = alarmProperties(s, 'UploadsFailedReplication');
      expect(failed).toMatchObject({
        Namespace: 'AWS/S3',
        MetricName: 'OperationsFailedReplication',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(failed.Dimensions).toEqual(expect.arrayContaining(dimensions));
      const body = JSON.stringify(s.stack.resolve(Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody));
      expect(body).toContain('Uploads replication');
    });

    test('thresholds.uploadsReplicationLatency sets the latency threshold, in seconds', () => {
      const s = synthUploads({ thresholds: { uploadsReplicationLatency: Duration.minutes(5) } });
      expect(alarmProperties(s, 'UploadsReplicationLatency').Threshold).toEqual(300);
    });

    test('a bucket that does not replicate gets no alarm, and is not enough to monitor on its own', () => {
      const stack = testStack();
      const uploads = new UploadsBucket(stack, 'Uploads');
      const firewall = new WebApplicationFirewall(stack, 'Firewall');
      const monitoring = new WebAppMonitoring(stack, 'Monitoring', { uploads, firewall });
      expect(alarmIds(monitoring)).toEqual(['FirewallBlockedRequests']);
      expect(() => new WebAppMonitoring(stack, 'UploadsOnly', { uploads }))
        .toThrow(/^TestStack\/UploadsOnly: invalid distribution, firewall, appTier, database, cache and uploads \(undefined\): .*uploads count only when they replicate/);
    });

    test('HighlyAvailableWebApp alarms on its uploads when they replicate', () => {
      const stack = testStack();
      const s = synthWebApp({ uploads: { replication: { destinationBucket: recoveryBucket(stack) } } }, stack);
      expect(alarmIds(s.monitoring)).toEqual(expect.arrayContaining(['UploadsReplicationLatency', 'UploadsFailedReplication']));
      expect(alarmProperties(s, 'UploadsReplicationLatency').Dimensions).toContainEqual(
        { Name: 'SourceBucket', Value: { Ref: s.stack.getLogicalId(s.webApp.uploads.bucket.node.defaultChild as s3.CfnBucket) } });
    });
  });

  describe('standby app tiers', () => {
    let stack: Stack;
    let template: Template;
    const tiers: Record<string, WebAppTier> = {};
    const monitorings: Record<string, WebAppMonitoring> = {};
    beforeAll(() => {
      stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      for (const [id, minCapacity, standby] of [['PilotLight', 0, true], ['WarmStandby', 1, true], ['Primary', undefined, undefined]] as const) {
        tiers[id] = new WebAppTier(stack, `${id}Tier`, { vpc: network.vpc, vpcSubnets: network.appSubnets, minCapacity, standby });
        monitorings[id] = new WebAppMonitoring(stack, `${id}Monitoring`, { appTier: tiers[id], dashboard: false });
      }
      template = Template.fromStack(stack);
    });
    const noHealthyTargets = (id: string) => alarmProperties({ stack, template, monitoring: monitorings[id] }, 'NoHealthyTargets');

    test('a pilot light (minCapacity 0) alarms on no healthy target only while its group has a minimum', () => {
      const properties = noHealthyTargets('PilotLight');
      expect(properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 2, TreatMissingData: 'breaching' });
      expect(properties.MetricName).toBeUndefined();
      expect(properties.Metrics[0]).toMatchObject({ Expression: 'IF(minSize > 0, healthy, 1)', ReturnData: true });
      const tier = tiers.PilotLight;
      const asgRef = { Ref: stack.getLogicalId(tier.autoScalingGroup.node.defaultChild as any) };
      expect(expressionMetrics(properties)).toEqual([
        ['healthy', 'HealthyHostCount', 'Minimum', 60, [{ Name: 'LoadBalancer', Value: expect.anything() }, { Name: 'TargetGroup', Value: expect.anything() }]],
        ['minSize', 'GroupMinSize', 'Minimum', 60, [{ Name: 'AutoScalingGroupName', Value: asgRef }]],
      ]);
      // The pilot light's own target group, the one its plain HealthyHostCount metric names.
      const plainDimensions = stack.resolve(tier.targetGroup.metrics.healthyHostCount().dimensions);
      expect(properties.Metrics[1].MetricStat.Metric.Dimensions).toEqual([
        { Name: 'LoadBalancer', Value: plainDimensions.LoadBalancer }, { Name: 'TargetGroup', Value: plainDimensions.TargetGroup },
      ]);
    });

    test.each(['WarmStandby', 'Primary'])('a %s tier keeps the plain HealthyHostCount alarm', (id) => {
      const properties = noHealthyTargets(id);
      expect(properties).toMatchObject({
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HealthyHostCount',
        Statistic: 'Minimum',
        Period: 60,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(properties.Metrics).toBeUndefined();
    });

    test('a pilot light keeps every other app tier alarm and the composite alarm', () => {
      expect(alarmIds(monitorings.PilotLight)).toEqual(alarmIds(monitorings.Primary));
      const composites = Object.keys(template.findResources('AWS::CloudWatch::CompositeAlarm')).filter((id) => id.startsWith('PilotLightMonitoring'));
      expect(composites).toEqual([logicalId(stack, monitorings.PilotLight.applicationUnavailableAlarm!)]);
    });
  });

  describe('a cross-Region database replica', () => {
    let recovery: Stack;
    let replica: WebAppDatabase;
    let s: Pick<Synthesized, 'stack' | 'monitoring' | 'template'>;
    beforeAll(() => {
      const app = testApp();
      app.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'weak');
      const primary = testStack(app, 'Primary');
      const primaryNetwork = new WebAppNetwork(primary, 'Network');
      const source = new WebAppDatabase(primary, 'Database', {
        vpc: primaryNetwork.vpc,
        vpcSubnets: primaryNetwork.dataSubnets,
        credentialsReplicaRegions: [{ region: OTHER_REGION, encryptionKey: kms.Key.fromKeyArn(primary, 'CredentialsKey', `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/1`) }],
      });
      recovery = new Stack(app, 'Recovery', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
      const network = new WebAppNetwork(recovery, 'Network');
      replica = new WebAppDatabase(recovery, 'Database', {
        vpc: network.vpc,
        vpcSubnets: network.dataSubnets,
        crossRegionReplicaOf: source,
        replicaCredentialsKey: kms.Key.fromKeyArn(recovery, 'CredentialsKey', `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/1`),
      });
      const monitoring = new WebAppMonitoring(recovery, 'Monitoring', { database: replica, dashboard: false });
      s = { stack: recovery, monitoring, template: Template.fromStack(recovery) };
    });
    const replicaRef = () => ({ Ref: recovery.getLogicalId(replica.crossRegionReplica!.node.defaultChild as any) });

    test('alarms on the lag of its own instance: the recovery point a promotion would reach', () => {
      expect(alarmIds(s.monitoring)).toEqual(['DatabaseCpuUtilization', 'DatabaseFreeableMemory', 'DatabaseConnections', 'DatabaseFreeStorage', 'DatabaseReplicaLag']);
      expect(alarmProperties(s, 'DatabaseReplicaLag')).toMatchObject({
        Namespace: 'AWS/RDS',
        MetricName: 'ReplicaLag',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: replicaRef() }],
        Statistic: 'Maximum',
        Threshold: 60,
        TreatMissingData: 'breaching',
      });
    });

    test.each(['DatabaseCpuUtilization', 'DatabaseFreeableMemory', 'DatabaseConnections', 'DatabaseFreeStorage'])('%s watches the replica\'s instance', (id) => {
      expect(alarmProperties(s, id).Dimensions).toEqual([{ Name: 'DBInstanceIdentifier', Value: replicaRef() }]);
    });
  });

  describe('validation', () => {
    const withFirewall = (props: Partial<WebAppMonitoringProps>) => () => {
      const stack = testStack();
      const firewall = new WebApplicationFirewall(stack, 'Firewall');
      new WebAppMonitoring(stack, 'Monitoring', { firewall, ...props });
    };

    test('nothing to monitor', () => {
      expect(() => new WebAppMonitoring(testStack(), 'Monitoring', {})).toThrow(/invalid distribution, firewall, appTier, database, cache and uploads.*give at least one part to monitor/);
    });

    test.each<[string, Partial<WebAppMonitoringProps>, RegExp]>([
      ['a bad e-mail', { alarmEmails: ['ops.example.com'] }, /invalid alarmEmails\[0\] \('ops.example.com'\)/],
      ['a percentage above 100', { thresholds: { instanceCpuUtilization: 120 } }, /invalid thresholds.instanceCpuUtilization \(120\): give a percentage/],
      ['a zero percentage', { thresholds: { cacheMemoryUtilization: 0 } }, /invalid thresholds.cacheMemoryUtilization/],
      ['a fractional count', { thresholds: { target5xxErrors: 2.5 } }, /invalid thresholds.target5xxErrors \(2.5\): use a whole number/],
      ['a zero count', { thresholds: { firewallBlockedRequests: 0 } }, /invalid thresholds.firewallBlockedRequests/],
      ['a zero duration', { thresholds: { targetResponseTimeP99: Duration.seconds(0) } }, /invalid thresholds.targetResponseTimeP99.*positive duration/],
      ['a zero size', { thresholds: { databaseFreeStorage: Size.gibibytes(0) } }, /invalid thresholds.databaseFreeStorage.*positive size/],
      ['a zero uploads replication latency', { thresholds: { uploadsReplicationLatency: Duration.seconds(0) } }, /invalid thresholds.uploadsReplicationLatency.*positive duration/],
      ['one e-mail address as a string', { alarmEmails: 'ops@example.com' as unknown as string[] },
        /^TestStack\/Monitoring: invalid alarmEmails \('ops@example\.com'\): give an array of e-mail addresses, for example \['ops@example\.com'\], not a string$/],
      ['a number in the e-mail addresses', { alarmEmails: [42 as unknown as string] }, /invalid alarmEmails\[0\] \(42\): give a string, not a number$/],
      ['a percentage as a string', { thresholds: { instanceCpuUtilization: '85' as unknown as number } },
        /invalid thresholds\.instanceCpuUtilization \('85'\): give a number, not a string$/],
      ['a number of seconds where a duration goes', { thresholds: { targetResponseTimeP99: 2 as unknown as Duration } },
        /invalid thresholds\.targetResponseTimeP99 \(2\): give a Duration, for example Duration\.seconds\(2\), not a number$/],
      ['a number of bytes where a size goes', { thresholds: { databaseFreeStorage: 10 as unknown as Size } },
        /invalid thresholds\.databaseFreeStorage \(10\): give a Size, for example Size\.gibibytes\(10\), not a number$/],
      ['a string where the dashboard switch goes', { dashboard: 'no' as unknown as boolean }, /invalid dashboard \('no'\): give true or false, not a string$/],
    ])('%s', (_name, props, message) => {
      expect(withFirewall(props)).toThrow(message);
    });

  });

  describe('quality gates', () => {
    const cacheOnly = (stack: Stack) => {
      const network = new WebAppNetwork(stack, 'Network');
      const cache = new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
      new WebAppMonitoring(stack, 'Monitoring', { cache, alarmEmails: ['ops@example.com'] });
    };
    describeQualityGates({
      'WebAppMonitoring of a cache alone': cacheOnly,
      'WebAppMonitoring of a REGIONAL WebACL': (stack: Stack) => {
        const firewall = new WebApplicationFirewall(stack, 'Firewall', { scope: WebAclScope.REGIONAL });
        new WebAppMonitoring(stack, 'Monitoring', { firewall, dashboard: false });
      },
    }, testApp, (app: App) => testStack(app));
  });
});
