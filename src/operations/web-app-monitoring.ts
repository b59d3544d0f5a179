import { Annotations, Aws, Duration, Lazy, Size, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { IWebAppCanary } from './web-app-canary';
import { AgentMetric, IWebAppTier } from '../compute/web-app-tier';
import { IUploadsBucket } from '../data/uploads-bucket';
import { IWebAppCache } from '../data/web-app-cache';
import { IWebAppDatabase } from '../data/web-app-database';
import { IWebApplicationFirewall, WebAclScope } from '../edge/web-application-firewall';
import { addToKeyPolicy } from '../private/kms-grants';
import { physicalName } from '../private/physical-names';
import { invalidProp, isEmailAddress, PropTypes, types, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';
import { ALARM_THRESHOLD_TYPES, validateThresholds, WebAppAlarmThresholds } from './monitoring/alarm-thresholds';
import { AppTierAlarms, WebAppMonitoringProps } from './monitoring/web-app-monitoring-options';

export * from './monitoring/web-app-monitoring-options';

const CLOUDFRONT_REGION = 'us-east-1';

/**
 * Alarms for every tier of the web app, notifying one encrypted SNS topic, a composite "application
 * unavailable" alarm, and a dashboard.
 *
 * Every alarm notifies when it fires and when it recovers. Missing data is handled by what it means:
 * error counts and latency are quiet when there is no traffic (not breaching); capacity and health
 * metrics that stop reporting mean something is down (breaching).
 *
 * The composite `applicationUnavailableAlarm` fires when no target of the load balancer is healthy,
 * or when the load balancer's or the instances' 5xx errors alarm together with CloudFront's error
 * rate: page on it, and read the others as causes.
 */
export class WebAppMonitoring extends Construct {
  /** The topic that every alarm notifies. */
  public readonly alarmTopic: sns.ITopic;
  /** Every metric alarm, in the order the parts were added (edge, app, database, cache; an edge added with `monitorEdge` last). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** Fires when users cannot reach the app; none without an application tier. */
  public readonly applicationUnavailableAlarm?: cloudwatch.CompositeAlarm;
  /**
   * The alarms of the application tier that say a change or a zone hurts users, for the mechanisms that watch them
   * (zonal autoshift practice runs, instance refreshes, fault injection experiments); none without an application tier.
   */
  public readonly appTierAlarms?: AppTierAlarms;
  /** The dashboard; none when `dashboard` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly action: cloudwatch.IAlarmAction;
  private readonly thresholds: WebAppAlarmThresholds;
  private readonly widgets: cloudwatch.IWidget[][] = [];
  /** The alarms of the dashboard's status widget, which reads them when the template is rendered. */
  private readonly statusAlarms: cloudwatch.IAlarm[] = [];
  /** CloudFront's error rate alarm, which counts towards the composite alarm. */
  private edgeErrors?: cloudwatch.Alarm;
  private edgeMonitored = false;
  private readonly canaries = new Set<IWebAppCanary>();

  constructor(scope: Construct, id: string, props: WebAppMonitoringProps) {
    super(scope, id);
    validateTypes(this, props, MONITORING_PROP_TYPES);
    if (!props.distribution && !props.firewall && !props.appTier && !props.database && !props.cache && !props.uploads?.replicationDestination) {
      invalidProp(this, 'distribution, firewall, appTier, database, cache and uploads', undefined, 'give at least one part to monitor (uploads count only when they replicate)');
    }
    this.thresholds = props.thresholds ?? {};
    validateThresholds(this, this.thresholds);
    const emails = props.alarmEmails ?? [];
    emails.forEach((email, index) => {
      if (!Token.isUnresolved(email) && !isEmailAddress(email)) {
        invalidProp(this, `alarmEmails[${index}]`, email, "give an e-mail address such as 'ops@example.com'");
      }
      if (emails.indexOf(email) !== index) {
        invalidProp(this, `alarmEmails[${index}]`, email, 'give each address once: the topic has one subscription per address');
      }
    });

    this.alarmTopic = props.alarmTopic ?? this.createTopic(props.encryptionKey);
    this.allowAlarmsToPublish(this.alarmTopic);
    emails.forEach((email) => this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email)));
    this.action = new cwActions.SnsAction(this.alarmTopic);

    if (props.stagingDistribution && !props.distribution) {
      invalidProp(this, 'stagingDistribution', 'without distribution', 'give the primary distribution too (distribution)');
    }
    if (props.distribution || props.firewall) {
      this.monitorEdge(props.distribution, props.firewall, props.stagingDistribution);
    }
    if (props.appTier) {
      this.appTierAlarms = this.monitorAppTier(props.appTier);
      this.applicationUnavailableAlarm = this.appTierAlarms.applicationUnavailable;
    }
    if (props.database) {
      this.monitorDatabase(props.database);
    }
    if (props.cache) {
      this.monitorCache(props.cache);
    }
    if (props.uploads?.replicationDestination) {
      this.monitorUploadsReplication(props.uploads);
    }

    if (props.dashboard ?? true) {
      this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
        defaultInterval: Duration.hours(3),
        widgets: [
          // The status widget reads its alarms when the template is rendered: alarms that monitorEdge adds later count too.
          [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.statusAlarms, width: 24 })],
          ...this.widgets,
        ],
      });
    }
  }

  /**
   * Adds the edge: the distribution's 5xx error rate (which then also counts towards `applicationUnavailableAlarm`:
   * errors at the edge and the origin together) and the WebACL's blocked requests, with their dashboard rows. For a
   * monitoring created before the edge, as `HighlyAvailableWebApp` creates its Region's monitoring before the
   * distribution that fronts it. CloudFront and CLOUDFRONT WebACL metrics exist only in us-east-1, so outside it only
   * the dashboard shows them (with a synth-time warning). Once per monitoring.
   *
   * @param distribution the distribution, if any
   * @param firewall the WebACL, if any
   * @param stagingDistribution the staging distribution of a staged edge, if any (only with `distribution`)
   */
  public monitorEdge(
    distribution?: cloudfront.IDistribution, firewall?: IWebApplicationFirewall, stagingDistribution?: cloudfront.IDistribution,
  ): void {
    if (this.edgeMonitored) {
      invalidProp(this, 'monitorEdge', 'a second edge', 'monitor one edge per WebAppMonitoring: give the distribution and the firewall in one call');
    }
    if (!distribution && !firewall) {
      invalidProp(this, 'monitorEdge', undefined, 'give the distribution, the firewall or both');
    }
    this.edgeMonitored = true;
    const inCloudFrontRegion = Stack.of(this).region === CLOUDFRONT_REGION;
    if (stagingDistribution && !distribution) {
      invalidProp(this, 'monitorEdge', 'a staging distribution without its primary', 'give the primary distribution too');
    }
    if (distribution) {
      this.edgeErrors = this.monitorDistribution(distribution, inCloudFrontRegion, '');
    }
    if (stagingDistribution) {
      this.monitorDistribution(stagingDistribution, inCloudFrontRegion, 'Staging');
    }
    if (firewall) {
      this.monitorFirewall(firewall, inCloudFrontRegion);
    }
    if ((distribution || firewall?.scope === WebAclScope.CLOUDFRONT) && !inCloudFrontRegion) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:edge-alarms-in-us-east-1',
        'CloudFront and CLOUDFRONT WebACL metrics exist only in us-east-1, and alarms cannot watch another Region: the dashboard shows them, '
        + 'but their alarms need a WebAppMonitoring in a us-east-1 stack (give it the distribution and the firewall).');
    }
  }

  /**
   * Adds a canary that probes the app: its alarms to the dashboard's status widget, and a row of its success
   * percentage and run duration. The canary's alarms notify the topic the canary was given (`HighlyAvailableWebApp`
   * gives it this monitoring's `alarmTopic`). Once per canary.
   *
   * @param canary the canary, for example a WebAppCanary
   */
  public monitorCanary(canary: IWebAppCanary): void {
    if (this.canaries.has(canary)) {
      invalidProp(this, 'monitorCanary', canary.node.path, 'monitor each canary once');
    }
    this.canaries.add(canary);
    this.statusAlarms.push(...canary.alarms);
    this.addRows([new cloudwatch.GraphWidget({
      title: `Canary ${canary.node.id}`,
      left: [canary.metricSuccessPercent({ label: 'Successful runs (%)' })],
      right: [canary.metricDuration({ label: 'Run duration (ms)' })],
      width: 24,
    })]);
  }

  /** Adds dashboard rows: to the dashboard once it exists, else to the rows it is created with. */
  private addRows(...rows: cloudwatch.IWidget[][]): void {
    if (this.dashboard) {
      rows.forEach((row) => this.dashboard!.addWidgets(...row));
    } else {
      this.widgets.push(...rows);
    }
  }

  private createTopic(key: kms.IKey | undefined): sns.ITopic {
    const masterKey = key ?? new WebAppEncryption(this, 'Encryption').key;
    // CloudWatch publishes alarm notifications as itself, so the topic's key must let it encrypt them.
    addToKeyPolicy(this, masterKey, [new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToNotify',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
      },
    })], 'cdk-ha-web-app:imported-key-policy-alarms',
    'The encryption key was imported, so its key policy cannot be changed here: allow the service principal cloudwatch.amazonaws.com '
      + 'kms:Decrypt and kms:GenerateDataKey* (with aws:SourceAccount), or alarm notifications will not be delivered.');
    return new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Web app alarms',
      masterKey,
      enforceSSL: true,
    });
  }

  /**
   * A topic policy replaces SNS's default one, which let the owner account publish; CloudWatch alarms
   * publish as the CloudWatch service, so the policy must name it.
   */
  private allowAlarmsToPublish(topic: sns.ITopic): void {
    const added = topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
      },
    })).statementAdded;
    if (!added) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:imported-alarm-topic',
        'The alarm topic was imported, so its policy cannot be changed here: if it has a topic policy, let the service principal '
        + 'cloudwatch.amazonaws.com sns:Publish to it (with aws:SourceAccount), or the alarms notify nobody.');
    }
  }

  /**
   * A distribution's requests and error rates, and its 5xx alarm in us-east-1 (returned). `kind` names a staging
   * distribution's alarm and rows apart from the primary's.
   */
  private monitorDistribution(distribution: cloudfront.IDistribution, inCloudFrontRegion: boolean, kind: '' | 'Staging'): cloudwatch.Alarm | undefined {
    const metric = (metricName: string, label: string) => new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      label,
      dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' },
      region: CLOUDFRONT_REGION,
      statistic: metricName === 'Requests' ? cloudwatch.Stats.SUM : cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(5),
    });
    const errorRate = metric('5xxErrorRate', '5xx error rate (%)');
    const alarm = inCloudFrontRegion ? this.alarm(`CloudFront${kind}5xxErrorRate`, errorRate, {
      threshold: this.thresholds.cloudFront5xxErrorRate ?? 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: kind === ''
        ? 'CloudFront answers too many requests with 5xx: check the application unavailable alarm and the load balancer alarms'
        : 'The staging distribution answers too many of its requests with 5xx: the staged edge change breaks them; do not promote it, remove it from staging.changes',
    }) : undefined;
    const title = kind === '' ? 'CloudFront' : 'CloudFront staging distribution';
    this.addRows([
      new cloudwatch.GraphWidget({ title: `${title} requests`, left: [metric('Requests', 'Requests')], width: 12 }),
      new cloudwatch.GraphWidget({
        title: `${title} error rates (%)`,
        left: [metric('4xxErrorRate', '4xx error rate (%)'), errorRate],
        width: 12,
      }),
    ]);
    return alarm;
  }

  private monitorFirewall(firewall: IWebApplicationFirewall, inCloudFrontRegion: boolean): void {
    const blocked = firewall.metricBlockedRequests({ label: 'Blocked' });
    if (firewall.scope === WebAclScope.REGIONAL || inCloudFrontRegion) {
      this.alarm('FirewallBlockedRequests', blocked, {
        threshold: this.thresholds.firewallBlockedRequests ?? 1000,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'The WebACL blocks a surge of requests: an attack, or a rule that blocks real users (see the sampled requests and the WAF log group)',
      });
    }
    // Each rule in count mode: the requests it would block once promoted to its own action.
    const counted = firewall.countedRules.map((rule) => firewall.metricCountedRequests(rule, { label: rule }));
    if (firewall.scope === WebAclScope.REGIONAL || inCloudFrontRegion) {
      firewall.countedRules.forEach((rule, index) => this.alarm(`FirewallCountedRequests${alarmIdPart(rule)}`, counted[index], {
        threshold: this.thresholds.firewallCountedRequests ?? 100,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: `Rule ${rule} is in count mode and matches requests it would block: read them in the WAF log group before promoting it to block`,
      }));
    }
    this.addRows([new cloudwatch.GraphWidget({
      title: 'WAF requests',
      left: [firewall.metricAllowedRequests({ label: 'Allowed' }), blocked],
      width: counted.length ? 12 : 24,
    }), ...counted.length ? [new cloudwatch.GraphWidget({ title: 'WAF rules in count mode (requests they would block)', left: counted, width: 12 })] : []]);
  }

  private monitorAppTier(tier: IWebAppTier): AppTierAlarms {
    const fiveMinutes = { period: Duration.minutes(5) };
    const oneMinute = { period: Duration.minutes(1) };
    const loadBalancer5xx = tier.metricHttpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { ...fiveMinutes, label: 'Load balancer 5xx' });
    const target5xx = tier.metricHttpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { ...fiveMinutes, label: 'Target 5xx' });
    const responseTime = tier.metricTargetResponseTime({ ...fiveMinutes, statistic: cloudwatch.Stats.p(99), label: 'p99' });
    const unhealthy = tier.metricUnhealthyHostCount({ ...oneMinute, statistic: cloudwatch.Stats.MAXIMUM, label: 'Unhealthy' });
    const healthy = tier.metricHealthyHostCount({ ...oneMinute, statistic: cloudwatch.Stats.MINIMUM, label: 'Healthy' });
    const minimum = { ...fiveMinutes, statistic: cloudwatch.Stats.MINIMUM };
    const inService = tier.metricGroupInServiceInstances({ ...minimum, label: 'In service' });
    // Against the group's minimum as it is at the time, which scheduled scaling may change.
    const shortfall = new cloudwatch.MathExpression({
      expression: 'inService - minSize',
      usingMetrics: { inService: tier.metricGroupInServiceInstances(minimum), minSize: tier.metricGroupMinSize(minimum) },
      label: 'In service minus minimum',
      ...fiveMinutes,
    });
    const cpu = tier.metricCPUUtilization({ ...fiveMinutes, label: 'CPU' });
    const memory = tier.metricAgent(AgentMetric.MEMORY, { ...fiveMinutes, label: 'Memory' });
    const disk = tier.metricAgent(AgentMetric.DISK, { ...fiveMinutes, label: 'Disk' });

    const lb5xxAlarm = this.alarm('LoadBalancer5xxErrors', loadBalancer5xx, {
      threshold: this.thresholds.loadBalancer5xxErrors ?? 10,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'The load balancer answers 5xx itself: no healthy target, or targets that time out or reset connections',
    });
    const target5xxAlarm = this.alarm('Target5xxErrors', target5xx, {
      threshold: this.thresholds.target5xxErrors ?? 10,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'The app answers 5xx: read the application log group',
    });
    this.alarm('TargetResponseTimeP99', responseTime, {
      threshold: (this.thresholds.targetResponseTimeP99 ?? Duration.seconds(2)).toMilliseconds() / 1000,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'The slowest 1% of requests take too long: check instance CPU, database and cache',
    });
    const unhealthyAlarm = this.alarm('UnhealthyTargets', unhealthy, {
      threshold: 1,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'Targets fail the health check for 5 minutes: the Auto Scaling group replaces them, so repeated alarms mean a bad release or a failing dependency',
    });
    // A pilot light tier (minimum 0) has no target on purpose; it alarms only once failover raised its minimum.
    const healthyWhenExpected = tier.minCapacity === 0
      ? new cloudwatch.MathExpression({
        expression: 'IF(minSize > 0, healthy, 1)',
        usingMetrics: { healthy, minSize: tier.metricGroupMinSize(minimum).with(oneMinute) },
        label: 'Healthy, while the group has a minimum',
        ...oneMinute,
      })
      : healthy;
    const noHealthyAlarm = this.alarm('NoHealthyTargets', healthyWhenExpected, {
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      description: 'No target of the load balancer is healthy: the app is down',
    });
    this.alarm('InServiceBelowMinimum', shortfall, {
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      description: 'Fewer instances are in service than the group\'s minimum for 15 minutes: launches fail (capacity, quota, a failing boot script)',
    });
    this.alarm('InstanceCpuUtilization', cpu, {
      threshold: this.thresholds.instanceCpuUtilization ?? 85,
      evaluationPeriods: 3,
      description: 'The instances stay busy although target tracking scales out: the group may be at maxCapacity',
    });
    this.alarm('InstanceMemoryUtilization', memory, {
      threshold: this.thresholds.instanceMemoryUtilization ?? 90,
      evaluationPeriods: 3,
      description: 'The instances run out of memory: a leak, or an instance type too small',
    });
    this.alarm('InstanceDiskUtilization', disk, {
      threshold: this.thresholds.instanceDiskUtilization ?? 85,
      evaluationPeriods: 1,
      description: 'The instances\' root file system fills up: logs or temporary files',
    });

    this.widgets.push(
      [
        new cloudwatch.GraphWidget({ title: 'Load balancer requests', left: [tier.metricRequestCount({ ...fiveMinutes, label: 'Requests' })], width: 8 }),
        new cloudwatch.GraphWidget({ title: '5xx responses', left: [loadBalancer5xx, target5xx], width: 8 }),
        new cloudwatch.GraphWidget({ title: 'Response time (seconds)', left: [responseTime], width: 8 }),
      ],
      [
        new cloudwatch.GraphWidget({ title: 'Targets and instances', left: [healthy, unhealthy, inService], width: 8 }),
        new cloudwatch.GraphWidget({ title: 'Instance CPU, memory and disk (%)', left: [cpu, memory, disk], width: 16 }),
      ],
    );

    // Rendered with the template, so that an edge added later (monitorEdge) counts too.
    const originErrors = cloudwatch.AlarmRule.anyOf(lb5xxAlarm, target5xxAlarm);
    const errorsTogether = cloudwatch.AlarmRule.fromString(Lazy.string({
      produce: () => (this.edgeErrors ? cloudwatch.AlarmRule.allOf(this.edgeErrors, originErrors) : originErrors).renderAlarmRule(),
    }));
    const composite = new cloudwatch.CompositeAlarm(this, 'ApplicationUnavailable', {
      // Alarm names are unique per account and Region; aws-cdk-lib's would be the construct path alone, which two stacks
      // of the same paths share. Up to 255 characters.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
      compositeAlarmName: physicalName(this, { maxLength: 255, suffix: 'ApplicationUnavailable' }),
      alarmDescription: 'Users cannot reach the app: no healthy target, or errors at the edge and the origin together',
      alarmRule: cloudwatch.AlarmRule.anyOf(noHealthyAlarm, errorsTogether),
    });
    composite.addAlarmAction(this.action);
    composite.addOkAction(this.action);
    this.statusAlarms.unshift(composite);
    return {
      applicationUnavailable: composite,
      loadBalancer5xxErrors: lb5xxAlarm,
      target5xxErrors: target5xxAlarm,
      unhealthyTargets: unhealthyAlarm,
      noHealthyTargets: noHealthyAlarm,
    };
  }

  private monitorDatabase(database: IWebAppDatabase): void {
    const cpu = database.metricWriter('CPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, label: 'CPU (%)' });
    const memory = database.metricWriter('FreeableMemory', { statistic: cloudwatch.Stats.MINIMUM, label: 'Freeable memory', lowIsWorst: true });
    const connections = database.metricWriter('DatabaseConnections', { statistic: cloudwatch.Stats.MAXIMUM, label: 'Connections' });
    const replicaLagSeconds = (this.thresholds.databaseReplicaLag ?? Duration.seconds(60)).toMilliseconds() / 1000;

    this.alarm('DatabaseCpuUtilization', cpu, {
      threshold: this.thresholds.databaseCpuUtilization ?? 80,
      evaluationPeriods: 3,
      description: 'The database writer stays busy: slow queries (Performance Insights), or an instance class too small',
    });
    this.alarm('DatabaseFreeableMemory', memory, {
      threshold: (this.thresholds.databaseFreeableMemory ?? Size.mebibytes(256)).toBytes(),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      description: 'The database writer runs out of memory: too many connections, or an instance class too small',
    });
    this.alarm('DatabaseConnections', connections, {
      threshold: this.thresholds.databaseConnections ?? 300,
      evaluationPeriods: 2,
      description: 'The database nears its connection limit: connection leaks, too many instances without pooling (use the proxy)',
    });
    const storageMetrics: cloudwatch.IMetric[] = [];
    if (database.hasAllocatedStorage) {
      // Aurora storage grows by itself; the other deployments have allocated storage that fills up.
      const storage = database.metricWriter('FreeStorageSpace', { statistic: cloudwatch.Stats.MINIMUM, label: 'Free storage', lowIsWorst: true });
      storageMetrics.push(storage);
      this.alarm('DatabaseFreeStorage', storage, {
        threshold: (this.thresholds.databaseFreeStorage ?? Size.gibibytes(10)).toBytes(),
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        description: 'The database is running out of storage: raise maxAllocatedStorage, or clean up',
      });
    }
    const lagMetrics = database.metricReplicaLag();
    lagMetrics.forEach((lag, index) => {
      this.alarm(lagMetrics.length === 1 ? 'DatabaseReplicaLag' : `DatabaseReplicaLag${index + 1}`, lag, {
        // AuroraReplicaLagMaximum is in milliseconds, ReplicaLag in seconds.
        threshold: database.replicaLagInMilliseconds ? replicaLagSeconds * 1000 : replicaLagSeconds,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        description: 'A reader lags behind the writer: readers serve stale data, and a promoted replica would lose recent writes',
      });
    });

    this.widgets.push([
      new cloudwatch.GraphWidget({ title: 'Database CPU (%)', left: [cpu], width: 6 }),
      new cloudwatch.GraphWidget({ title: 'Database memory and storage (bytes)', left: [memory, ...storageMetrics], width: 6 }),
      new cloudwatch.GraphWidget({ title: 'Database connections', left: [connections], width: 6 }),
      new cloudwatch.GraphWidget({ title: 'Replica lag', left: lagMetrics, width: 6 }),
    ]);
  }

  private monitorCache(cache: IWebAppCache): void {
    const definitions: Array<{
      id: string;
      metricName: string;
      statistic: string;
      label: string;
      threshold: number;
      treatMissingData?: cloudwatch.TreatMissingData;
      description: string;
    }> = [
      {
        id: 'CacheEngineCpuUtilization',
        metricName: 'EngineCPUUtilization',
        statistic: cloudwatch.Stats.AVERAGE,
        label: 'Engine CPU (%)',
        threshold: this.thresholds.cacheEngineCpuUtilization ?? 80,
        description: 'A cache node\'s engine thread is saturated: hot keys or expensive commands (slow log), or a node type too small',
      },
      {
        id: 'CacheMemoryUtilization',
        metricName: 'DatabaseMemoryUsagePercentage',
        statistic: cloudwatch.Stats.AVERAGE,
        label: 'Memory (%)',
        threshold: this.thresholds.cacheMemoryUtilization ?? 85,
        description: 'A cache node is nearly full: evictions follow; set TTLs, or use a bigger node type or more shards',
      },
      {
        id: 'CacheEvictions',
        metricName: 'Evictions',
        statistic: cloudwatch.Stats.SUM,
        label: 'Evictions',
        threshold: this.thresholds.cacheEvictions ?? 100,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'The cache evicts keys for lack of memory: sessions and cached data are lost early',
      },
    ];
    if (cache.hasReplicas) {
      definitions.push({
        id: 'CacheReplicationLag',
        metricName: 'ReplicationLag',
        statistic: cloudwatch.Stats.MAXIMUM,
        label: 'Replication lag (s)',
        threshold: (this.thresholds.cacheReplicationLag ?? Duration.seconds(30)).toMilliseconds() / 1000,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'A cache replica lags behind its primary: a failover would lose recent writes',
      });
    }
    const row: cloudwatch.IWidget[] = [];
    for (const definition of definitions) {
      const expressions = cache.metricWorstNode(definition.metricName, { statistic: definition.statistic, label: definition.label });
      expressions.forEach((expression, index) => this.alarm(expressions.length === 1 ? definition.id : `${definition.id}${index + 1}`, expression, {
        threshold: definition.threshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: definition.treatMissingData,
        description: definition.description,
      }));
      row.push(new cloudwatch.GraphWidget({ title: `Cache ${definition.label}, worst node`, left: expressions, width: 24 / definitions.length }));
    }
    this.widgets.push(row);
  }

  private monitorUploadsReplication(uploads: IUploadsBucket): void {
    const latency = uploads.metricReplicationLatency({ label: 'Replication latency (s)' });
    const failed = uploads.metricFailedReplications({ label: 'Failed replications' });
    this.alarm('UploadsReplicationLatency', latency, {
      threshold: (this.thresholds.uploadsReplicationLatency ?? Duration.minutes(15)).toSeconds(),
      evaluationPeriods: 3,
      description: 'Uploads wait long for their replica in the recovery Region: a failover now would lose them. Check the replication role and the destination key',
    });
    this.alarm('UploadsFailedReplication', failed, {
      threshold: 1,
      evaluationPeriods: 1,
      // No failures, no data points.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'S3 failed to replicate uploads to the recovery Region: usually the replication role may not use the destination key, or the destination bucket is gone',
    });
    this.widgets.push([new cloudwatch.GraphWidget({ title: 'Uploads replication', left: [latency], right: [failed], width: 24 })]);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, options: {
    threshold: number;
    evaluationPeriods: number;
    datapointsToAlarm?: number;
    description: string;
    comparisonOperator?: cloudwatch.ComparisonOperator;
    treatMissingData?: cloudwatch.TreatMissingData;
  }): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: metric instanceof cloudwatch.Metric ? this.plainMetric(metric) : metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.MISSING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    this.statusAlarms.push(alarm);
    return alarm;
  }

  /**
   * The metric without its dashboard label, and without a Region when it is the stack's, so that the
   * alarm watches it directly instead of through a math expression.
   */
  private plainMetric(metric: cloudwatch.Metric): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensionsMap: metric.dimensions as Record<string, string> | undefined,
      statistic: metric.statistic,
      period: metric.period,
      unit: metric.unit,
      region: metric.region === Stack.of(this).region ? undefined : metric.region,
    });
  }
}

/** A rule name as part of a construct id: letters and digits only, each word capitalized. */
function alarmIdPart(rule: string): string {
  return rule.split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}

/** The types of the props, for callers that no compiler checks. */
const MONITORING_PROP_TYPES: PropTypes = {
  alarmEmails: types.arrayOf(types.string, "an array of e-mail addresses, for example ['ops@example.com']"),
  thresholds: ALARM_THRESHOLD_TYPES,
  dashboard: types.boolean,
  distribution: types.withMember('distributionId', 'a cloudfront.IDistribution'),
  stagingDistribution: types.withMember('distributionId', 'a cloudfront.IDistribution, for example EdgeDistribution.stagingDistribution'),
  firewall: types.withMembers(['webAclArn', 'metricBlockedRequests', 'countedRules', 'metricCountedRequests'], 'an IWebApplicationFirewall, for example a WebApplicationFirewall'),
  appTier: types.withMembers(['autoScalingGroup', 'metricHttpCodeTarget'], 'an IWebAppTier, for example a WebAppTier'),
  database: types.withMembers(['identifier', 'metricWriter'], 'an IWebAppDatabase, for example a WebAppDatabase'),
  cache: types.withMembers(['replicationGroupId', 'metricWorstNode'], 'an IWebAppCache, for example a WebAppCache'),
  uploads: types.withMembers(['bucketName', 'metricReplicationLatency'], 'an IUploadsBucket, for example an UploadsBucket'),
  alarmTopic: types.withMember('topicArn', 'an sns.ITopic'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
};

