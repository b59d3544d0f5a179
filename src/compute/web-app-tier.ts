import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { createAutoScalingGroup, useOwnServiceLinkedRole } from './tier/auto-scaling-group';
import { AGENT_METRICS_NAMESPACE, createInstanceRoleAndLogs, createInstanceSecurityGroup } from './tier/instances';
import { addBootScript, createLaunchTemplate } from './tier/launch-template';
import { addTargetGroupAndListeners, createAccessLogsBuckets, createLoadBalancer } from './tier/load-balancer';
import { addScaling } from './tier/scaling';
import { createHealthProbeSecret } from './tier/secrets';
import { TIER_PROP_TYPES, tierSettings } from './tier/settings';
import { validateWatchedAlarms } from './tier/update-policy';
import { addWarmPool } from './tier/warm-pool';
import { configureZonalShift } from './tier/zonal-shift';
import { LoadBalancerExposure, WebAppTierOptions } from './web-app-tier-options';
import { HEALTH_PROBE_SECRET_ENVIRONMENT } from '../private/health-probe';
import { useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { ORIGIN_SECRET_HEADER } from '../private/origin-secret';
import { invalidProp, types, validateType, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

export * from './web-app-tier-options';
export * from './app-tier-update';

/**
 * A metric that the CloudWatch agent publishes from the instances, in percent.
 */
export enum AgentMetric {
  /** Memory in use. */
  MEMORY = 'mem_used_percent',
  /** Space in use on the root file system. */
  DISK = 'disk_used_percent',
  /** Swap in use. */
  SWAP = 'swap_used_percent',
}

/**
 * Properties for {@link WebAppTier}.
 */
export interface WebAppTierProps extends WebAppTierOptions {
  /** The VPC to run in. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets of the instances and of the internal load balancer; they must span at least 2 Availability Zones.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Key that encrypts the instances' EBS volumes and the scaling notifications topic: a key of this stack, whose
   * policy gets the statements of the tier's Auto Scaling service-linked role, or an imported key (a warning names
   * the statements to add). A key created in another stack is refused: that stack deploys first, and KMS refuses a
   * key policy naming a role that does not exist yet.
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Topic that receives the Auto Scaling group's launch and terminate events.
   *
   * @default - a new topic encrypted with `encryptionKey`
   */
  readonly notificationsTopic?: sns.ITopic;

  /**
   * Bucket for the load balancer's access logs. It must use SSE-S3 encryption, which is all that
   * Elastic Load Balancing can write to.
   *
   * @default - a new private, versioned bucket that keeps logs for 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Bucket for the server access logs of the buckets this construct creates.
   *
   * @default - a new bucket
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Subnets of an internet-facing load balancer (`LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST`).
   * An internal load balancer shares the instances' subnets.
   *
   * @default - the VPC's public subnets
   */
  readonly loadBalancerSubnets?: ec2.SubnetSelection;

  /**
   * Makes this a standby tier in a disaster recovery Region, which may run fewer than 2 instances:
   * `minCapacity` 0 is a pilot light (the load balancer is ready, no instance runs until failover) and 1 a
   * warm standby. A standby tier does not survive the loss of a zone by itself; the primary Region's tier does.
   *
   * @default false
   */
  readonly standby?: boolean;
}

/**
 * The application tier as its users see it: the load balancer that CloudFront reaches, the Auto Scaling group, the
 * instances' role and connections, the settings of the app and the tier's metrics. Implemented by {@link WebAppTier};
 * the regional assembly, the edge, the multi-Region stage and monitoring take this.
 */
export interface IWebAppTier extends ec2.IConnectable, IConstruct {
  /** The Application Load Balancer, the origin of the dynamic requests. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The Auto Scaling group of the application servers. */
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The IAM role of the instances: grant it what the app reads and writes. */
  readonly instanceRole: iam.IRole;
  /** TCP port the application listens on. */
  readonly appPort: number;
  /** Fewest instances of the group (scheduled scaling may change the group's minimum for a time). */
  readonly minCapacity: number;
  /** Most instances of the group. */
  readonly maxCapacity: number;
  /** How CloudFront reaches the load balancer. */
  readonly loadBalancerExposure: LoadBalancerExposure;
  /**
   * Secret value that requests must carry in the {@link WebAppTier.ORIGIN_SECRET_HEADER} header to be forwarded.
   *
   * @default - none: only `LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST` has one
   */
  readonly originSecret?: secretsmanager.ISecret;
  /** The probe token, which probes send in the `X-Health-Probe` header to reach probe-only paths. */
  readonly healthProbeSecret: secretsmanager.ISecret;
  /**
   * Whether the load balancer and the Auto Scaling group are registered with ARC zonal shift, which zonal autoshift
   * needs of the load balancer.
   */
  readonly zonalShiftEnabled: boolean;

  /**
   * Adds a setting to `/etc/webapp/webapp.env` on the instances, which the app reads. Never a secret value: it is
   * stored in the launch template's user data.
   *
   * @param name variable name: letters, digits and underscores, not starting with a digit
   * @param value the value, on one line
   */
  addEnvironment(name: string, value: string): void;

  /**
   * The memory, disk or swap utilization (percent) of the instances, averaged over the group, as the CloudWatch agent
   * reports it.
   *
   * @param metric which utilization
   * @param options overrides of the metric's properties
   */
  metricAgent(metric: AgentMetric, options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Responses of a class of HTTP codes that the load balancer generates itself (5xx: no healthy target, or targets
   * that time out or reset connections).
   *
   * @param code which class of codes
   * @param options overrides of the metric's properties
   */
  metricHttpCodeElb(code: elbv2.HttpCodeElb, options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Requests that the load balancer received.
   *
   * @param options overrides of the metric's properties
   */
  metricRequestCount(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Responses of a class of HTTP codes that the instances (the app) return through the load balancer.
   *
   * @param code which class of codes
   * @param options overrides of the metric's properties
   */
  metricHttpCodeTarget(code: elbv2.HttpCodeTarget, options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Seconds from the load balancer sending a request to an instance to the instance starting to answer.
   *
   * @param options overrides of the metric's properties
   */
  metricTargetResponseTime(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Instances that pass the target group's health check.
   *
   * @param options overrides of the metric's properties
   */
  metricHealthyHostCount(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Instances that fail the target group's health check.
   *
   * @param options overrides of the metric's properties
   */
  metricUnhealthyHostCount(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * CPU utilization (percent) of the instances of the group, from EC2.
   *
   * @param options overrides of the metric's properties
   */
  metricCPUUtilization(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Instances of the group in service (`GroupInServiceInstances`), one of the group metrics the tier turns on.
   *
   * @param options overrides of the metric's properties
   */
  metricGroupInServiceInstances(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The group's minimum size as it is at the time (`GroupMinSize`), which scheduled scaling and a failover change.
   *
   * @param options overrides of the metric's properties
   */
  metricGroupMinSize(options?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * The application tier: an internal Application Load Balancer in front of an Auto Scaling group of
 * Amazon Linux 2023 instances spread over several Availability Zones, which run the sample app
 * (answering the health check path) unless told otherwise.
 *
 * Instances have no SSH key and no open port 22: operators use SSM Session Manager. IMDSv2 is
 * required, EBS volumes are encrypted with the customer managed key, detailed monitoring is on,
 * and a change to the launch template reaches the instances by an instance refresh that never runs fewer
 * instances than the desired capacity and rolls back when the alarms given to {@link WebAppTier.watchUpdatesWith}
 * fire ({@link AppTierUpdate}).
 *
 * The CloudWatch agent on every instance ships the system logs and the app's logs (whatever it writes
 * to `/var/log/webapp/*.log`; the sample app and containers write their output there) to two log
 * groups encrypted with the key, and publishes memory, disk and swap utilization to the `CWAgent`
 * namespace ({@link WebAppTier.metricAgent}).
 */
export class WebAppTier extends Construct implements IWebAppTier {
  /** Name of the header that carries the origin secret from CloudFront to an internet-facing load balancer. */
  public static readonly ORIGIN_SECRET_HEADER: string = ORIGIN_SECRET_HEADER;

  /**
   * CloudWatch namespace of the metrics that the CloudWatch agent publishes from the instances:
   * `mem_used_percent`, `disk_used_percent` (root file system) and `swap_used_percent`, each also
   * aggregated by `AutoScalingGroupName`.
   */
  public static readonly AGENT_METRICS_NAMESPACE: string = AGENT_METRICS_NAMESPACE;

  private readonly environment = new Map<string, string>();
  private readonly watchedAlarms: cloudwatch.IAlarm[] = [];
  private readonly instanceRefresh: boolean;

  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that forwards to the instances (HTTPS with a certificate, else HTTP). */
  public readonly listener: elbv2.ApplicationListener;
  /** The target group of the instances. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The Auto Scaling group of the application servers. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template of the application servers. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The IAM role of the instances. */
  public readonly instanceRole: iam.IRole;
  /** The security group of the instances. */
  public readonly instanceSecurityGroup: ec2.ISecurityGroup;
  /**
   * Log group of the instances' system logs (`/var/log/messages`, `/var/log/secure`, the boot output),
   * one stream per instance and file, shipped by the CloudWatch agent.
   */
  public readonly systemLogGroup: logs.ILogGroup;
  /** Log group of the application's logs (`/var/log/webapp/*.log`), one stream per instance. */
  public readonly applicationLogGroup: logs.ILogGroup;
  /** The topic that receives scaling events. */
  public readonly notificationsTopic: sns.ITopic;
  /** The bucket that receives the load balancer's access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** Connections of the instances: allow the data tier's ports from here. */
  public readonly connections: ec2.Connections;
  /** TCP port the application listens on. */
  public readonly appPort: number;
  /** Fewest instances of the group (scheduled scaling may change the group's minimum for a time). */
  public readonly minCapacity: number;
  /** Most instances of the group. */
  public readonly maxCapacity: number;
  /** How CloudFront reaches the load balancer. */
  public readonly loadBalancerExposure: LoadBalancerExposure;
  /**
   * Whether the load balancer and the Auto Scaling group are registered with ARC zonal shift (`zonalShift`), which
   * zonal autoshift ({@link ZonalAutoshift}) needs of the load balancer.
   */
  public readonly zonalShiftEnabled: boolean;
  /**
   * ARN of the Auto Scaling group as ARC names it, for a zonal shift or a zonal autoshift of the group. Unlike
   * `autoScalingGroup.autoScalingGroupArn`, which has a wildcard for the group's ID, it is the group's full ARN.
   */
  public readonly autoScalingGroupArn: string;
  /** Protocol of the listener that serves the app: HTTPS with a certificate, else HTTP. */
  public readonly listenerProtocol: elbv2.ApplicationProtocol;
  /** Port of the listener that serves the app: 443 with a certificate, else 80. */
  public readonly listenerPort: number;
  /**
   * Secret value that requests must carry in the {@link WebAppTier.ORIGIN_SECRET_HEADER} header to be
   * forwarded; only with `LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST`.
   */
  public readonly originSecret?: secretsmanager.ISecret;
  /**
   * The probe token: the value that probes send in the `X-Health-Probe` header ({@link EdgeDistribution.HEALTH_PROBE_HEADER})
   * to reach probe-only paths, such as the sample app's `/health/deep`. The instances may read it; the app finds its
   * ARN in the `HEALTH_PROBE_SECRET_ARN` setting. Give probes `grantRead` on it.
   */
  public readonly healthProbeSecret: secretsmanager.ISecret;
  /**
   * Bucket for the server access logs of the buckets this construct creates; none when it creates no
   * bucket (`accessLogsBucket` given without `serverAccessLogsBucket`).
   */
  public readonly serverAccessLogsBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: WebAppTierProps) {
    super(scope, id);
    validateTypes(this, props, TIER_PROP_TYPES);
    useBucketPolicyForServerAccessLogs(this);
    const settings = tierSettings(this, props);
    this.minCapacity = settings.minCapacity;
    this.maxCapacity = settings.maxCapacity;
    this.appPort = settings.appPort;
    this.loadBalancerExposure = settings.loadBalancerExposure;
    this.zonalShiftEnabled = settings.zonalShift;
    this.listenerProtocol = settings.listenerProtocol;
    this.listenerPort = settings.listenerPort;
    this.instanceRefresh = settings.update.kind === 'instanceRefresh';

    const key = props.encryptionKey ?? new WebAppEncryption(this, 'Encryption').key;
    const logBuckets = createAccessLogsBuckets(this, props.accessLogsBucket, props.serverAccessLogsBucket);
    this.serverAccessLogsBucket = logBuckets.serverAccessLogsBucket;
    this.accessLogsBucket = logBuckets.accessLogsBucket;
    this.loadBalancer = createLoadBalancer(this, props.vpc, settings, this.accessLogsBucket);

    this.instanceSecurityGroup = createInstanceSecurityGroup(this, props.vpc);
    const { role, systemLogGroup, applicationLogGroup } = createInstanceRoleAndLogs(this, key, settings.logRetention);
    this.instanceRole = role;
    this.systemLogGroup = systemLogGroup;
    this.applicationLogGroup = applicationLogGroup;
    const app = settings.appSource._render(this, role, this.appPort);
    this.launchTemplate = createLaunchTemplate(this, settings, role, this.instanceSecurityGroup, app, key);

    this.notificationsTopic = props.notificationsTopic ?? new sns.Topic(this, 'ScalingEvents', {
      masterKey: key,
      enforceSSL: true,
    });
    this.autoScalingGroup = createAutoScalingGroup(this, settings, {
      vpc: props.vpc,
      launchTemplate: this.launchTemplate,
      notificationsTopic: this.notificationsTopic,
      spot: props.spot,
      watchedAlarmNames: () => this.watchedAlarms.map((alarm) => alarm.alarmName),
    });
    this.connections = new ec2.Connections({ securityGroups: [this.instanceSecurityGroup] });
    useOwnServiceLinkedRole(this, this.autoScalingGroup, key);
    const lifecycleHookName = props.warmPool ? addWarmPool(this, this.autoScalingGroup, props.warmPool, role) : '';
    addBootScript(this, settings, {
      autoScalingGroup: this.autoScalingGroup,
      launchTemplate: this.launchTemplate,
      systemLogGroup,
      applicationLogGroup,
      lifecycleHookName,
      appCommands: app.commands,
      environment: this.environment,
    });

    const serving = addTargetGroupAndListeners(this, settings, {
      vpc: props.vpc,
      loadBalancer: this.loadBalancer,
      targets: this.autoScalingGroup,
      certificate: props.certificate,
      key,
    });
    this.targetGroup = serving.targetGroup;
    this.listener = serving.listener;
    this.originSecret = serving.originSecret;
    configureZonalShift(settings, { loadBalancer: this.loadBalancer, targetGroup: this.targetGroup, autoScalingGroup: this.autoScalingGroup });
    this.autoScalingGroupArn = (this.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup).attrAutoScalingGroupArn;

    this.healthProbeSecret = createHealthProbeSecret(this, key);
    this.healthProbeSecret.grantRead(role);
    this.environment.set(HEALTH_PROBE_SECRET_ENVIRONMENT, this.healthProbeSecret.secretArn);

    addScaling(this, this.autoScalingGroup, settings, {
      scheduledScaling: props.scheduledScaling ?? [],
      predictiveScaling: props.predictiveScaling ?? false,
    });
  }

  /**
   * Adds a setting to `/etc/webapp/webapp.env` on the instances, which the app reads (the sample app and
   * containers get it as environment variables; commands can source the file). Meant for connection
   * details such as endpoints and secret ARNs: the value is stored in the launch template's user data,
   * so never pass a secret value itself. A change rolls the instances.
   *
   * @param name variable name: letters, digits and underscores, not starting with a digit
   * @param value the value, on one line
   */
  public addEnvironment(name: string, value: string): void {
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      invalidProp(this, 'addEnvironment name', name, 'use letters, digits and underscores, not starting with a digit');
    }
    if (['APP_PORT', 'HEALTH_CHECK_PATH', 'IMAGE', 'REGISTRY', 'CONTAINER_PORT', 'AWS_REGION', 'LIFECYCLE_HOOK', HEALTH_PROBE_SECRET_ENVIRONMENT].includes(name)) {
      invalidProp(this, 'addEnvironment name', name, 'this name is set by the library; choose another');
    }
    validateType(this, 'addEnvironment value', value, types.string);
    if (value === undefined || value === null) {
      invalidProp(this, 'addEnvironment value', value, `give the value of ${name} as a string, '' for an empty one`);
    }
    if (!Token.isUnresolved(value) && /[\n\r]/.test(value)) {
      invalidProp(this, 'addEnvironment value', name, 'a value must fit on one line');
    }
    this.environment.set(name, value);
  }

  /**
   * Makes alarms watch every instance refresh of the group (`AppTierUpdate.instanceRefresh`, the default): when one
   * goes into ALARM during the refresh or its bake time, the refresh fails, the stack update fails, and CloudFormation
   * rolls the stack back, which refreshes the instances back to the previous launch template. Give the alarms that
   * fire when new instances fail users, such as `WebAppMonitoring.appTierAlarms`' `target5xxErrors`,
   * `unhealthyTargets`, `noHealthyTargets` and `loadBalancer5xxErrors`. Their names go into the group's update policy.
   *
   * Refused: a composite alarm (give the alarms it is made of); an alarm whose metric names this Auto Scaling group
   * (the group's update policy names the alarm, so each would wait for the other); an alarm of another stack without a
   * literal name; more than 10 alarms in all. With `AppTierUpdate.rollingUpdate()`, whose updates no alarm watches, the
   * alarms are checked and not used.
   *
   * @param alarms the alarms, 10 at most over all calls
   */
  public watchUpdatesWith(alarms: cloudwatch.IAlarm[]): void {
    validateWatchedAlarms(this, this.autoScalingGroup, this.watchedAlarms, alarms);
    if (this.instanceRefresh) {
      this.watchedAlarms.push(...alarms);
      // The update policy names the alarms; the dependency makes CloudFormation create an alarm before the group
      // whatever it reads from an update policy. Only the stack's own alarms: another stack's is named literally.
      const stack = Stack.of(this);
      alarms.filter((alarm) => Stack.of(alarm) === stack).forEach((alarm) => this.autoScalingGroup.node.addDependency(alarm));
    }
  }

  /**
   * The memory, disk or swap utilization (percent) of the instances, averaged over the group, as the
   * CloudWatch agent reports it.
   *
   * @param metric which utilization
   * @default - the average over 1 minute
   */
  public metricAgent(metric: AgentMetric, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: WebAppTier.AGENT_METRICS_NAMESPACE,
      metricName: metric,
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
      ...options,
    });
  }

  /**
   * Responses of a class of HTTP codes that the load balancer generates itself (5xx: no healthy target, or targets
   * that time out or reset connections).
   *
   * @param code which class of codes
   * @default - the sum over 5 minutes
   */
  public metricHttpCodeElb(code: elbv2.HttpCodeElb, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(code, options);
  }

  /**
   * Requests that the load balancer received, from CloudFront or from other clients.
   *
   * @default - the sum over 5 minutes
   */
  public metricRequestCount(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.loadBalancer.metrics.requestCount(options);
  }

  /**
   * Responses of a class of HTTP codes that the instances (the app) return through the load balancer.
   *
   * @param code which class of codes
   * @default - the sum over 5 minutes
   */
  public metricHttpCodeTarget(code: elbv2.HttpCodeTarget, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.targetGroup.metrics.httpCodeTarget(code, options);
  }

  /**
   * Seconds from the load balancer sending a request to an instance to the instance starting to answer.
   *
   * @default - the average over 5 minutes
   */
  public metricTargetResponseTime(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime(options);
  }

  /**
   * Instances that pass the target group's health check.
   *
   * @default - the average over 5 minutes
   */
  public metricHealthyHostCount(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.targetGroup.metrics.healthyHostCount(options);
  }

  /**
   * Instances that fail the target group's health check.
   *
   * @default - the average over 5 minutes
   */
  public metricUnhealthyHostCount(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.targetGroup.metrics.unhealthyHostCount(options);
  }

  /**
   * CPU utilization (percent) of the instances of the group, from EC2.
   *
   * @default - the average over 5 minutes
   */
  public metricCPUUtilization(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.groupMetric('AWS/EC2', 'CPUUtilization', options);
  }

  /**
   * Instances of the group in service (`GroupInServiceInstances`), one of the group metrics the tier turns on.
   *
   * @default - the average over 5 minutes
   */
  public metricGroupInServiceInstances(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.groupMetric('AWS/AutoScaling', 'GroupInServiceInstances', options);
  }

  /**
   * The group's minimum size as it is at the time (`GroupMinSize`), which scheduled scaling and a failover change.
   *
   * @default - the average over 5 minutes
   */
  public metricGroupMinSize(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.groupMetric('AWS/AutoScaling', 'GroupMinSize', options);
  }

  /** A metric of the Auto Scaling group, by its name. */
  private groupMetric(namespace: string, metricName: string, options: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(5),
      ...options,
    });
  }
}
