import * as fs from 'fs';
import * as path from 'path';
import { ArnFormat, Aws, CfnResource, Duration, Lazy, Names, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AppSource } from './app-source';
import { shellQuote, userDataSize, USER_DATA_LIMIT_BYTES, writeFile } from '../private/boot-script';
import { Architecture, INSTANCE_TYPE, instanceTypeArchitecture, instanceTypeOf, isKnownInstanceType, validateTimeZone } from '../private/capabilities';
import { cloudFrontOriginFacingPrefixList } from '../private/cloudfront-prefix-list';
import { recordException } from '../private/compliance';
import {
  grantPolicy, HTTP_LISTENER_WITHOUT_CERTIFICATE, HTTPS_REDIRECT_LISTENER, loadBalancerBehindCloudFront, managedPolicy, notRotated,
  SINGLE_INSTANCE_TYPE,
  SPOT_LAUNCH_TEMPLATE, wildcard,
} from '../private/exceptions';
import { HEALTH_PROBE_HEADER, HEALTH_PROBE_SECRET_ENVIRONMENT } from '../private/health-probe';
import { grantKeyToAutoScalingServiceRole } from '../private/kms-grants';
import { createLogBucket, useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { ORIGIN_SECRET_HEADER } from '../private/origin-secret';
import { displayPath } from '../private/paths';
import { stackAndRegionDigest } from '../private/physical-names';
import { selectSubnetsInTwoZones } from '../private/subnets';
import { invalidProp, PropTypes, types, validateInteger, validateType, validateTypes, WebAppConfigurationError } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

const BOOT_DIR = path.join(__dirname, '..', '..', 'assets', 'boot');
const OBSERVE_DIR = path.join(__dirname, '..', '..', 'assets', 'observe');
const SURVIVE_A_ZONE = 'so that the app survives the loss of a zone';

/**
 * How the load balancer is reached from CloudFront, the only way in.
 */
export enum LoadBalancerExposure {
  /**
   * An internal load balancer in private subnets, with no public address, reached through a CloudFront
   * VPC origin. The most locked-down mode, and the default.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
   */
  INTERNAL = 'INTERNAL',

  /**
   * An internet-facing load balancer in public subnets, for Regions or accounts without CloudFront VPC
   * origins. Its security group admits only CloudFront's origin-facing addresses, and its listener
   * forwards only requests that carry a secret origin header (kept in Secrets Manager); any other
   * request gets 403. Needs a certificate, because the secret header crosses the internet.
   */
  CLOUDFRONT_PREFIX_LIST = 'CLOUDFRONT_PREFIX_LIST',
}

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
 * A mix of on-demand and Spot Instances for the Auto Scaling group.
 */
export interface SpotOptions {
  /**
   * Instances that are always on-demand, before any Spot Instance.
   *
   * @default - the group's minCapacity: Spot Instances only add capacity above the minimum
   */
  readonly onDemandBaseCapacity?: number;

  /**
   * Percentage of the instances above the base that are on-demand (0 to 100).
   *
   * @default 0
   */
  readonly onDemandPercentageAboveBase?: number;

  /**
   * More instance types that Spot Instances may use, of the same processor architecture as
   * `instanceType`; more types make Spot capacity more likely.
   *
   * @default - only `instanceType`
   */
  readonly additionalInstanceTypes?: ec2.InstanceType[];
}

/**
 * A scheduled change of the Auto Scaling group's capacity.
 */
export interface ScheduledCapacity {
  /** When the change happens, for example `autoscaling.Schedule.cron({ hour: '8', minute: '0', weekDay: 'MON-FRI' })`. */
  readonly schedule: autoscaling.Schedule;

  /**
   * Minimum capacity from then on (at least 2).
   *
   * @default - unchanged
   */
  readonly minCapacity?: number;

  /**
   * Maximum capacity from then on.
   *
   * @default - unchanged
   */
  readonly maxCapacity?: number;

  /**
   * IANA time zone of the schedule, for example `Europe/Paris`.
   *
   * Auto Scaling takes only the canonical names of the IANA time zone database, spelt as it spells them: `Europe/Paris`,
   * `America/New_York`, `UTC`, `Etc/GMT+5` (which is UTC-5: the `Etc` zones invert the sign). An alias such as
   * `US/Eastern` or `GMT`, a name in other capitals or a misspelt one is refused with the name to give.
   *
   * @see https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html
   * @default - UTC
   */
  readonly timeZone?: string;
}

/**
 * A warm pool of instances that have booted and installed the app, then stopped: a scale-out starts
 * them in about a minute instead of booting new ones.
 *
 * Stopped instances cost only their EBS volumes. Instances start from the pool without running the
 * boot script again, so the app must start from an enabled systemd unit (the sample app and
 * containers do; see `AppSource.commands`). With a warm pool, a launch template change replaces the
 * whole group (a new group is created, waits for its instances to report healthy, then the old one is
 * deleted), because a rolling update would leave the pool's instances on the old template.
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html
 */
export interface WarmPoolOptions {
  /**
   * Fewest instances kept in the pool.
   *
   * @default 0
   */
  readonly minSize?: number;

  /**
   * Most instances in service and in the pool together; the pool holds the difference from the
   * group's desired capacity.
   *
   * @default - the group's maxCapacity
   */
  readonly maxGroupPreparedCapacity?: number;

  /**
   * State of the instances in the pool: STOPPED (EBS cost only) or RUNNING (full cost, fastest).
   * HIBERNATED is not offered: the launch template is not configured for hibernation.
   *
   * @default autoscaling.PoolState.STOPPED
   */
  readonly poolState?: autoscaling.PoolState;

  /**
   * Returns instances to the pool on scale in instead of terminating them.
   *
   * @default false
   */
  readonly reuseOnScaleIn?: boolean;
}

/**
 * Settings of the application tier, used by {@link HighlyAvailableWebAppProps.appTier} and {@link WebAppTierProps}.
 */
export interface WebAppTierOptions {
  /**
   * EC2 instance type of the application servers. Its processor architecture picks the Amazon Linux 2023 image: arm64
   * for AWS Graviton types (a `g` after the generation digit: m7g, c7gn, t4g, r8g), x86_64 for the others. From
   * JavaScript, a plain string such as `'m7g.large'` is accepted too; a type that does not exist is refused.
   *
   * @see https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
   * @default - t4g.small (Graviton, arm64)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The application the instances run.
   *
   * @default AppSource.sampleApp()
   */
  readonly appSource?: AppSource;

  /**
   * Runs part of the group on Spot Instances, which cost up to 90% less but can be reclaimed with a
   * two-minute warning (capacity rebalancing replaces them early). The on-demand base keeps the app
   * serving when Spot capacity is short.
   *
   * @default - on-demand instances only
   */
  readonly spot?: SpotOptions;

  /**
   * Scheduled changes of capacity, for example more instances on weekday mornings. Target tracking
   * keeps working within the scheduled bounds.
   *
   * @default - none
   */
  readonly scheduledScaling?: ScheduledCapacity[];

  /**
   * Keeps a warm pool of prepared instances for faster scale-out. Not with `spot`: Auto Scaling offers
   * warm pools only to groups without a mixed instances policy.
   *
   * @default - no warm pool
   */
  readonly warmPool?: WarmPoolOptions;

  /**
   * Adds predictive scaling, which forecasts load from the last 14 days of CPU utilization and
   * launches instances ahead of daily and weekly peaks.
   *
   * @default false
   */
  readonly predictiveScaling?: boolean;

  /**
   * Fewest instances. At least 2, so that the app survives the loss of an instance or a zone (a
   * `standby` tier of a recovery Region may have 0 or 1).
   *
   * @default 2
   */
  readonly minCapacity?: number;

  /**
   * Most instances that scaling may reach. Keep it above `minCapacity`: rolling updates then replace
   * instances while `minCapacity` of them stay in service.
   *
   * @default - 6, or `minCapacity` when that is larger
   */
  readonly maxCapacity?: number;

  /**
   * TCP port the application listens on inside the instances (1024 to 65535).
   *
   * @default 8080
   */
  readonly appPort?: number;

  /**
   * Path the load balancer requests to check that an instance is healthy: starts with `/`, at most 1,024 characters,
   * no query string.
   *
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * Average CPU utilization (percent) that target tracking keeps the group at.
   *
   * @default 60
   */
  readonly targetCpuUtilization?: number;

  /**
   * Requests per minute per instance that target tracking keeps the group at.
   *
   * @default 1000
   */
  readonly targetRequestsPerMinute?: number;

  /**
   * Certificate of the load balancer's HTTPS listener, in the stack's region. With it, the load
   * balancer listens on 443 and redirects port 80 to HTTPS; without it, it listens on port 80 only.
   *
   * @default - no HTTPS listener
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Protects the load balancer from deletion. Turn it off before deleting the stack.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * How CloudFront reaches the load balancer.
   *
   * @default LoadBalancerExposure.INTERNAL
   */
  readonly loadBalancerExposure?: LoadBalancerExposure;

  /**
   * ID of the `com.amazonaws.global.cloudfront.origin-facing` managed prefix list in the stack's
   * Region, which the load balancer's security group admits. Known for the commercial Regions where
   * CloudFront publishes it; give it for any other Region (`aws ec2 describe-managed-prefix-lists
   * --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`).
   *
   * @default - the list's ID in the stack's Region
   */
  readonly cloudFrontPrefixListId?: string;

  /**
   * How long the instances' logs are kept in CloudWatch Logs: the system log group (`/var/log/messages`,
   * `/var/log/secure`, the boot output) and the application log group (`/var/log/webapp/*.log`).
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
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
 * The application tier: an internal Application Load Balancer in front of an Auto Scaling group of
 * Amazon Linux 2023 instances spread over several Availability Zones, which run the sample app
 * (answering the health check path) unless told otherwise.
 *
 * Instances have no SSH key and no open port 22: operators use SSM Session Manager. IMDSv2 is
 * required, EBS volumes are encrypted with the customer managed key, detailed monitoring is on,
 * and a change to the launch template rolls the instances without losing capacity.
 *
 * The CloudWatch agent on every instance ships the system logs and the app's logs (whatever it writes
 * to `/var/log/webapp/*.log`; the sample app and containers write their output there) to two log
 * groups encrypted with the key, and publishes memory, disk and swap utilization to the `CWAgent`
 * namespace ({@link WebAppTier.metricAgent}).
 */
export class WebAppTier extends Construct implements ec2.IConnectable {
  /** Name of the header that carries the origin secret from CloudFront to an internet-facing load balancer. */
  public static readonly ORIGIN_SECRET_HEADER: string = ORIGIN_SECRET_HEADER;

  /**
   * CloudWatch namespace of the metrics that the CloudWatch agent publishes from the instances:
   * `mem_used_percent`, `disk_used_percent` (root file system) and `swap_used_percent`, each also
   * aggregated by `AutoScalingGroupName`.
   */
  public static readonly AGENT_METRICS_NAMESPACE = 'CWAgent';

  private readonly environment = new Map<string, string>();

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
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      invalidProp(this, 'env.region of the stack', region,
        "give the stack an explicit region, e.g. new Stack(app, 'Id', { env: { region: 'eu-west-1' } }): load balancer access logs are delivered by a regional account");
    }

    // Two instances survive the loss of one instance or zone; only a standby tier may run fewer.
    const fewestInstances = props.standby ? 0 : 2;
    validateInteger(this, 'minCapacity', props.minCapacity, fewestInstances, 1000);
    validateInteger(this, 'maxCapacity', props.maxCapacity, Math.max(fewestInstances, 1), 1000);
    const minCapacity = props.minCapacity ?? 2;
    this.minCapacity = minCapacity;
    const maxCapacity = props.maxCapacity ?? Math.max(6, minCapacity);
    this.maxCapacity = maxCapacity;
    if (!Token.isUnresolved(minCapacity) && !Token.isUnresolved(maxCapacity) && minCapacity > maxCapacity) {
      invalidProp(this, 'maxCapacity', maxCapacity, `make it at least minCapacity (${minCapacity})`);
    }
    // CloudFormation needs MinInstancesInService below MaxSize; a group with min == max dips by one instance.
    const minInstancesInService = Token.isUnresolved(minCapacity) || Token.isUnresolved(maxCapacity)
      ? minCapacity
      : Math.min(minCapacity, maxCapacity - 1);
    validateInteger(this, 'appPort', props.appPort, 1024, 65535);
    this.appPort = props.appPort ?? 8080;
    const healthCheckPath = props.healthCheckPath ?? '/health';
    if (!Token.isUnresolved(healthCheckPath) && !/^\/[A-Za-z0-9\-._~/%]*$/.test(healthCheckPath)) {
      invalidProp(this, 'healthCheckPath', healthCheckPath, "give a URL path that starts with '/' and has no query, for example '/health'");
    }
    if (!Token.isUnresolved(healthCheckPath) && healthCheckPath.length > MAX_HEALTH_CHECK_PATH) {
      invalidProp(this, 'healthCheckPath', `${healthCheckPath.slice(0, 40)}... (${healthCheckPath.length} characters)`,
        `give a path of at most ${MAX_HEALTH_CHECK_PATH} characters: Elastic Load Balancing accepts no longer health check path`);
    }
    validateInteger(this, 'targetCpuUtilization', props.targetCpuUtilization, 10, 90);
    validateInteger(this, 'targetRequestsPerMinute', props.targetRequestsPerMinute, 1, 1_000_000);
    const instanceType = instanceTypeOf(this, 'instanceType', props.instanceType) ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL);
    const architecture = validateInstanceType(this, 'instanceType', instanceType);
    const appSource = props.appSource ?? AppSource.sampleApp();
    const spotTypes = validateSpot(this, props.spot, instanceType, architecture, maxCapacity);
    validateScheduledScaling(this, props.scheduledScaling ?? []);
    validateWarmPool(this, props.warmPool, props.spot !== undefined, minCapacity);
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const instanceZones = selectSubnetsInTwoZones(this, 'vpcSubnets', props.vpc, vpcSubnets, SURVIVE_A_ZONE).availabilityZones;
    const deletionProtection = props.deletionProtection ?? true;
    this.loadBalancerExposure = props.loadBalancerExposure ?? LoadBalancerExposure.INTERNAL;
    const internetFacing = this.loadBalancerExposure === LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST;
    if (internetFacing && !props.certificate) {
      invalidProp(this, 'certificate', undefined,
        'LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST sends the origin secret over the internet, so it needs HTTPS: give a certificate (or a domain name and hosted zone), or use LoadBalancerExposure.INTERNAL');
    }
    if (!internetFacing && props.loadBalancerSubnets) {
      invalidProp(this, 'loadBalancerSubnets', props.loadBalancerSubnets,
        'an internal load balancer shares the instances\' subnets (vpcSubnets): leave loadBalancerSubnets out, or use LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST');
    }
    const loadBalancerSubnets = internetFacing
      ? props.loadBalancerSubnets ?? { subnetType: ec2.SubnetType.PUBLIC }
      : vpcSubnets;
    if (internetFacing) {
      selectSubnetsInTwoZones(this, 'loadBalancerSubnets', props.vpc, loadBalancerSubnets, SURVIVE_A_ZONE);
    }
    const prefixListId = cloudFrontOriginFacingPrefixList(this, 'cloudFrontPrefixListId', props.cloudFrontPrefixListId);
    this.listenerProtocol = props.certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP;
    this.listenerPort = props.certificate ? 443 : 80;

    const key = props.encryptionKey ?? new WebAppEncryption(this, 'Encryption').key;

    // Log buckets: the ALB writes access logs, which S3 logs in turn to the server access log bucket.
    this.serverAccessLogsBucket = props.serverAccessLogsBucket ?? (props.accessLogsBucket ? undefined : createLogBucket(this, 'ServerAccessLogs', {
      expirationDays: 365,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    this.accessLogsBucket = props.accessLogsBucket ?? createLogBucket(this, 'AccessLogs', {
      expirationDays: 90,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'alb-access-logs/',
    });

    // ---- load balancer: CloudFront (a VPC origin, or its origin-facing addresses) is the only way in ----
    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: 'Load balancer of the web app: admits only CloudFront, reaches only the instances',
      allowAllOutbound: false,
    });
    // CloudFront's VPC origins and its edge both connect from the origin-facing prefix list. A security
    // group rule that references it counts as the list's ~55 entries against the 60-rule quota, so the
    // group admits the serving listener's port only: CloudFront never needs the redirect on port 80.
    albSecurityGroup.addIngressRule(ec2.Peer.prefixList(prefixListId), ec2.Port.tcp(this.listenerPort),
      'CloudFront origin-facing addresses (VPC origin or edge) to the serving listener');
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: loadBalancerSubnets,
      internetFacing,
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      deletionProtection,
      http2Enabled: true,
    });
    this.loadBalancer.logAccessLogs(this.accessLogsBucket, 'alb');
    recordException(this.loadBalancer, loadBalancerBehindCloudFront(internetFacing));

    // ---- instances ----
    const instanceSecurityGroup = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', {
      vpc: props.vpc,
      description: 'Application instances of the web app: admit the load balancer on the app port only',
      allowAllOutbound: false,
    });
    // AWS APIs (SSM, CloudWatch, S3, Secrets Manager) and the Amazon Linux package repositories are HTTPS.
    instanceSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and package repositories');
    this.instanceSecurityGroup = instanceSecurityGroup;

    const role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Application instances of the web app',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    recordException(role, managedPolicy('AmazonSSMManagedInstanceCore',
      'AmazonSSMManagedInstanceCore is the minimal policy AWS maintains for Session Manager and patching, which replace SSH'));
    recordException(role, grantPolicy('instance role'));
    this.instanceRole = role;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.systemLogGroup = this.createInstanceLogGroup('SystemLogs', key, logRetention);
    this.applicationLogGroup = this.createInstanceLogGroup('ApplicationLogs', key, logRetention);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [this.systemLogGroup.logGroupArn, this.applicationLogGroup.logGroupArn],
    }));
    // The CloudWatch agent publishes memory and disk metrics; PutMetricData has no resource-level
    // permissions, so a condition holds it to the agent's namespace. DescribeTags reads the instance's
    // Auto Scaling group name, the metrics' dimension.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': WebAppTier.AGENT_METRICS_NAMESPACE } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeTags'], resources: ['*'] }));
    recordException(role, wildcard('Resource::*',
      `cloudwatch:PutMetricData (held by a condition to the ${WebAppTier.AGENT_METRICS_NAMESPACE} namespace) and ec2:DescribeTags (read-only) support no resource-level permissions; the CloudWatch agent needs both`));
    const app = appSource._render(this, role, this.appPort);

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType,
      // From the type's name, not ec2.InstanceType.architecture: a JavaScript caller may have given a string.
      machineImage: ec2.MachineImage.latestAmazonLinux2023({
        cpuType: architecture === 'x86_64' ? ec2.AmazonLinuxCpuType.X86_64 : ec2.AmazonLinuxCpuType.ARM_64,
      }),
      role,
      securityGroup: instanceSecurityGroup,
      requireImdsv2: true,
      // Containers reach the instance metadata through Docker's bridge: one more hop.
      httpPutResponseHopLimit: app.runsContainers ? 2 : 1,
      detailedMonitoring: true,
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(20, {
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          encrypted: true,
          kmsKey: key,
          deleteOnTermination: true,
        }),
      }],
      userData: ec2.UserData.forLinux(),
    });

    this.notificationsTopic = props.notificationsTopic ?? new sns.Topic(this, 'ScalingEvents', {
      masterKey: key,
      enforceSSL: true,
    });

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'AutoScalingGroup', {
      vpc: props.vpc,
      vpcSubnets,
      ...(props.spot ? {
        mixedInstancesPolicy: {
          launchTemplate: this.launchTemplate,
          launchTemplateOverrides: [instanceType, ...spotTypes].map((type) => ({ instanceType: type })),
          instancesDistribution: {
            onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
            onDemandBaseCapacity: props.spot.onDemandBaseCapacity ?? minCapacity,
            onDemandPercentageAboveBaseCapacity: props.spot.onDemandPercentageAboveBase ?? 0,
            spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
          },
        },
      } : { launchTemplate: this.launchTemplate }),
      minCapacity,
      maxCapacity,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.minutes(5),
      }),
      capacityRebalance: true,
      // Group metrics (in service, pending, terminating…) at one-minute granularity cost nothing.
      groupMetrics: [autoscaling.GroupMetrics.all()],
      cooldown: Duration.minutes(5),
      notifications: [{ topic: this.notificationsTopic }],
      // A launch template change replaces instances in batches; each new one must report healthy. A
      // rolling update skips the instances of a warm pool, so with one the whole group is replaced.
      updatePolicy: props.warmPool ? autoscaling.UpdatePolicy.replacingUpdate() : autoscaling.UpdatePolicy.rollingUpdate({
        minInstancesInService,
        maxBatchSize: 1,
        waitOnResourceSignals: true,
        pauseTime: Duration.minutes(15),
        suspendProcesses: [
          autoscaling.ScalingProcess.HEALTH_CHECK,
          autoscaling.ScalingProcess.REPLACE_UNHEALTHY,
          autoscaling.ScalingProcess.AZ_REBALANCE,
          autoscaling.ScalingProcess.ALARM_NOTIFICATION,
          autoscaling.ScalingProcess.SCHEDULED_ACTIONS,
        ],
      }),
      // A pilot light group starts with no instance, so no instance could signal.
      signals: minCapacity === 0 ? undefined : autoscaling.Signals.waitForMinCapacity({ timeout: Duration.minutes(15) }),
    });
    const cfnAsg = this.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    // The zones of the subnets, named as well: EC2 Auto Scaling accepts both when they agree, and the Control Tower
    // control CT.AUTOSCALING.PR.1 (a group in several zones) reads only AvailabilityZones.
    cfnAsg.availabilityZones = Array.from(new Set(instanceZones));
    if (props.spot) {
      recordException(cfnAsg, SPOT_LAUNCH_TEMPLATE);
    }
    if ((props.spot?.additionalInstanceTypes ?? []).length === 0) {
      recordException(cfnAsg, SINGLE_INSTANCE_TYPE);
    }
    this.connections = new ec2.Connections({ securityGroups: [instanceSecurityGroup] });

    // A service-linked role of this stack's own, so that the key policy can name it even in an account
    // where the default Auto Scaling role does not exist yet (KMS rejects policies naming unknown roles).
    const roleSuffix = serviceLinkedRoleSuffix(this);
    const serviceLinkedRole = new iam.CfnServiceLinkedRole(this, 'AutoScalingServiceRole', {
      awsServiceName: 'autoscaling.amazonaws.com',
      customSuffix: roleSuffix,
      description: `Launches the instances of ${displayPath(this)}`,
    });
    const serviceLinkedRoleArn = Stack.of(this).formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: `aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_${roleSuffix}`,
    });
    cfnAsg.serviceLinkedRoleArn = serviceLinkedRoleArn;
    cfnAsg.node.addDependency(serviceLinkedRole);
    grantKeyToAutoScalingServiceRole(this, key, serviceLinkedRoleArn);
    if (Stack.of(key) === Stack.of(this)) {
      key.node.addDependency(serviceLinkedRole);
    }

    const lifecycleHookName = props.warmPool ? this.addWarmPool(props.warmPool, role) : '';
    this.autoScalingGroup.userData.addCommands(...this.renderBootScript(cfnAsg, healthCheckPath, lifecycleHookName, app.commands));
    // Late, so that settings added with addEnvironment count too.
    this.node.addValidation({ validate: () => this.validateUserDataSize(app.commands) });

    // ---- target group and listeners ----
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      port: this.appPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: [this.autoScalingGroup],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: healthCheckPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    // Internet-facing, the listener forwards only requests carrying the origin secret; others get 403.
    const defaultAction = internetFacing
      ? elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' })
      : elbv2.ListenerAction.forward([this.targetGroup]);
    if (props.certificate) {
      this.listener = this.loadBalancer.addListener('HttpsListener', {
        protocol: elbv2.ApplicationProtocol.HTTPS,
        port: 443,
        certificates: [props.certificate],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        open: false,
        defaultAction,
      });
      const redirect = this.loadBalancer.addRedirect({ open: false });
      recordException(redirect, HTTPS_REDIRECT_LISTENER);
    } else {
      this.listener = this.loadBalancer.addListener('HttpListener', {
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: 80,
        open: false,
        defaultAction,
      });
      recordException(this.listener, HTTP_LISTENER_WITHOUT_CERTIFICATE);
    }
    if (internetFacing) {
      const originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
        description: `Value of the ${WebAppTier.ORIGIN_SECRET_HEADER} header that CloudFront adds to requests for ${displayPath(this)}`,
        encryptionKey: key,
        generateSecretString: { excludePunctuation: true, passwordLength: 48 },
      });
      recordException(originSecret, notRotated(
        'the value is a shared token between the CloudFront distribution and the load balancer listener of this stack, read by CloudFormation at deployment; '
        + 'a rotation Lambda could not update both atomically. Rotate by putting a new value and redeploying'));
      this.listener.addAction('ForwardFromCloudFront', {
        priority: 1,
        conditions: [elbv2.ListenerCondition.httpHeader(WebAppTier.ORIGIN_SECRET_HEADER, [originSecret.secretValue.unsafeUnwrap()])],
        action: elbv2.ListenerAction.forward([this.targetGroup]),
      });
      this.originSecret = originSecret;
    }

    // ---- probe token: probes carry it to reach the probe-only paths through the edge (the sample app's deep check) ----
    const healthProbeSecret = new secretsmanager.Secret(this, 'HealthProbeSecret', {
      description: `Value of the ${HEALTH_PROBE_HEADER} header that probes send to the probe-only paths of ${displayPath(this)}`,
      encryptionKey: key,
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    recordException(healthProbeSecret, notRotated(
      'the value is a bearer token that the instances read and cache for 5 minutes and probes send; a rotation Lambda would cut off the probes '
      + 'that hold the old value. Rotate by putting a new value: the app takes it within 5 minutes'));
    healthProbeSecret.grantRead(role);
    this.environment.set(HEALTH_PROBE_SECRET_ENVIRONMENT, healthProbeSecret.secretArn);
    this.healthProbeSecret = healthProbeSecret;

    // ---- scaling ----
    this.autoScalingGroup.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: props.targetCpuUtilization ?? 60,
    });
    this.autoScalingGroup.scaleOnRequestCount('RequestScaling', {
      targetRequestsPerMinute: props.targetRequestsPerMinute ?? 1000,
    });
    (props.scheduledScaling ?? []).forEach((scheduled, index) => {
      this.autoScalingGroup.scaleOnSchedule(`ScheduledScaling${index + 1}`, {
        schedule: scheduled.schedule,
        minCapacity: scheduled.minCapacity,
        maxCapacity: scheduled.maxCapacity,
        timeZone: scheduled.timeZone,
      });
    });
    if (props.predictiveScaling) {
      new autoscaling.CfnScalingPolicy(this, 'PredictiveScaling', {
        autoScalingGroupName: this.autoScalingGroup.autoScalingGroupName,
        policyType: 'PredictiveScaling',
        predictiveScalingConfiguration: {
          mode: 'ForecastAndScale',
          schedulingBufferTime: 300,
          metricSpecifications: [{
            targetValue: props.targetCpuUtilization ?? 60,
            predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' },
          }],
        },
      });
    }
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
   * Adds the warm pool and the launch lifecycle hook that holds each new instance until its app is
   * healthy (ready.sh completes it), so that no instance is stopped into the pool, or put in service,
   * half-prepared. Returns the hook's name.
   */
  private addWarmPool(options: WarmPoolOptions, role: iam.IRole): string {
    const hookName = 'webapp-ready';
    const hook = this.autoScalingGroup.addLifecycleHook('ReadyHook', {
      lifecycleHookName: hookName,
      lifecycleTransition: autoscaling.LifecycleTransition.INSTANCE_LAUNCHING,
      heartbeatTimeout: Duration.minutes(15),
      defaultResult: autoscaling.DefaultResult.ABANDON,
    });
    const warmPool = this.autoScalingGroup.addWarmPool({
      minSize: options.minSize ?? 0,
      maxGroupPreparedCapacity: options.maxGroupPreparedCapacity,
      poolState: options.poolState ?? autoscaling.PoolState.STOPPED,
      reuseOnScaleIn: options.reuseOnScaleIn ?? false,
    });
    warmPool.node.addDependency(hook);
    // The instances complete the hook of their own group. The group's name would make the policy depend
    // on the group, whose instances need the policy first: a tag of the group names it instead.
    const tagKey = 'cdk-ha-web-app:app-tier';
    Tags.of(this.autoScalingGroup).add(tagKey, this.node.addr, { applyToLaunchedInstances: false });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['autoscaling:CompleteLifecycleAction'],
      resources: [Stack.of(this).formatArn({
        service: 'autoscaling',
        resource: 'autoScalingGroup',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      conditions: { StringEquals: { [`autoscaling:ResourceTag/${tagKey}`]: this.node.addr } },
    }));
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    recordException(role, wildcard(`Resource::arn:<AWS::Partition>:autoscaling:${region}:${account}:autoScalingGroup:*`,
      'autoscaling:CompleteLifecycleAction is held by a condition to the group tagged with this tier\'s unique id: naming the group itself would make the '
      + 'instance role depend on the group, whose instances need the role first'));
    return hookName;
  }

  /**
   * Refuses user data over EC2's 16 KB, measured on the rendered user data: its literal text, and the values that
   * CloudFormation fills in whose length is known (the stack's name and Region). Other names and ARNs add to it at
   * deployment, so a size under the limit here can still be over it then; one over it is over it for sure.
   *
   * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
   */
  private validateUserDataSize(appCommands: string[]): string[] {
    const stack = Stack.of(this);
    const total = userDataSize(stack, this.launchTemplate.userData!.render());
    if (total.bytes <= USER_DATA_LIMIT_BYTES) {
      return [];
    }
    const app = userDataSize(stack, appCommands.join('\n'));
    const value = `${total.bytes} bytes of user data${total.unknownValues > 0 ? ` and ${total.unknownValues} values filled in at deployment` : ''}`;
    return [new WebAppConfigurationError(this, 'appSource', value,
      `EC2 takes at most ${USER_DATA_LIMIT_BYTES} bytes of user data, and the app source's part is ${app.bytes} bytes of it (the rest is the boot script `
      + 'and addEnvironment settings): put the install commands in a script file, upload it as an asset (aws-s3-assets.Asset, readable by instanceRole) '
      + 'and download and run it in one command, as AppSource.sampleApp() does; pass large settings by reference (a parameter or secret name)').message];
  }

  private createInstanceLogGroup(id: string, key: kms.IKey, retention: logs.RetentionDays): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      encryptionKey: key,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private renderBootScript(cfnAsg: CfnResource, healthCheckPath: string, lifecycleHookName: string, appCommands: string[]): string[] {
    const file = (name: string) => fs.readFileSync(path.join(BOOT_DIR, name), 'utf8');
    const base64 = (name: string) => Buffer.from(fs.readFileSync(path.join(OBSERVE_DIR, name), 'utf8')).toString('base64');
    const agentConfig = JSON.stringify(JSON.parse(fs.readFileSync(path.join(OBSERVE_DIR, 'amazon-cloudwatch-agent.json'), 'utf8')));
    return [
      `APP_PORT='${this.appPort}'`,
      `HEALTH_CHECK_PATH='${healthCheckPath}'`,
      `SIGNAL_STACK='${Aws.STACK_NAME}'`,
      `SIGNAL_RESOURCE='${Lazy.string({ produce: () => Stack.of(this).getLogicalId(cfnAsg) })}'`,
      `SIGNAL_REGION='${Aws.REGION}'`,
      `LIFECYCLE_HOOK='${lifecycleHookName}'`,
      file('prepare.sh'),
      writeFile('/opt/webapp/ready.sh', file('ready.sh'), '0755'),
      writeFile('/opt/webapp/webapp-ready.service', file('webapp-ready.service')),
      `SYSTEM_LOG_GROUP='${this.systemLogGroup.logGroupName}'`,
      `APP_LOG_GROUP='${this.applicationLogGroup.logGroupName}'`,
      `AGENT_CONFIG='${Buffer.from(agentConfig).toString('base64')}'`,
      `LOGROTATE_CONFIG='${base64('logrotate.conf')}'`,
      file('observe.sh'),
      // Settings added later (addEnvironment) are rendered when the template is.
      Lazy.string({
        produce: () => [...this.environment.entries()]
          .map(([name, value]) => `printf '%s\\n' ${shellQuote(`${name}=${value}`)} >> /etc/webapp/webapp.env`)
          .join('\n'),
      }),
      ...appCommands,
      file('signal.sh'),
    ];
  }
}

/** Elastic Load Balancing takes health check paths of 1 to 1,024 characters. */
const MAX_HEALTH_CHECK_PATH = 1024;

/**
 * The processor architecture of an instance type, after refusing a type that names no EC2 family or size (such as
 * 't4g.smal') and a token, whose architecture (and so the machine image) would be unknown at synth time.
 */
function validateInstanceType(scope: Construct, prop: string, instanceType: ec2.InstanceType): Architecture {
  const name = instanceType.toString();
  if (Token.isUnresolved(name)) {
    invalidProp(scope, prop, name, "give a literal instance type such as 't4g.small': its name picks the architecture of the machine image at synth time");
  }
  const architecture = isKnownInstanceType(name) ? instanceTypeArchitecture(name) : undefined;
  if (!architecture) {
    invalidProp(scope, prop, name, "give an EC2 instance type that exists, such as 't4g.small' or 'm7g.large' (family.size)");
  }
  return architecture;
}

/** Checks the Spot options; returns the additional instance types (strings of a JavaScript caller made instance types). */
function validateSpot(scope: Construct, spot: SpotOptions | undefined, instanceType: ec2.InstanceType, architecture: Architecture,
  maxCapacity: number): ec2.InstanceType[] {
  if (!spot) {
    return [];
  }
  validateInteger(scope, 'spot.onDemandBaseCapacity', spot.onDemandBaseCapacity, 0, 1000);
  validateInteger(scope, 'spot.onDemandPercentageAboveBase', spot.onDemandPercentageAboveBase, 0, 100);
  if (spot.onDemandBaseCapacity !== undefined && !Token.isUnresolved(spot.onDemandBaseCapacity) && !Token.isUnresolved(maxCapacity)
    && spot.onDemandBaseCapacity > maxCapacity) {
    invalidProp(scope, 'spot.onDemandBaseCapacity', spot.onDemandBaseCapacity, `make it at most maxCapacity (${maxCapacity})`);
  }
  const additionalTypes = (spot.additionalInstanceTypes ?? []).map((given, index) => {
    const prop = `spot.additionalInstanceTypes[${index}]`;
    const type = instanceTypeOf(scope, prop, given) ?? invalidProp(scope, prop, given, "give an instance type such as new ec2.InstanceType('m6g.large')");
    if (validateInstanceType(scope, prop, type) !== architecture) {
      invalidProp(scope, prop, type.toString(),
        `use instance types of the same architecture as instanceType (${instanceType.toString()}, ${architecture}): they share one machine image`);
    }
    return type;
  });
  if (additionalTypes.length + 1 > 40) {
    invalidProp(scope, 'spot.additionalInstanceTypes', additionalTypes.map(String), 'give at most 39 more instance types (an Auto Scaling group takes 40)');
  }
  return additionalTypes;
}

/** The types of the props, for callers that no compiler checks. */
const TIER_PROP_TYPES: PropTypes = {
  vpc: types.withMembers(['vpcId', 'selectSubnets'], 'an ec2.IVpc, for example WebAppNetwork.vpc'),
  appSource: types.instanceOf(AppSource, 'AppSource.sampleApp(), AppSource.commands([...]) or AppSource.containerImage({...})'),
  vpcSubnets: types.objectOf('an ec2.SubnetSelection such as { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }'),
  loadBalancerSubnets: types.objectOf('an ec2.SubnetSelection such as { subnetType: ec2.SubnetType.PUBLIC }'),
  spot: types.struct({
    additionalInstanceTypes: types.arrayOf(INSTANCE_TYPE, "a list, for example [new ec2.InstanceType('m6g.large')]"),
  }, 'SpotOptions, for example { onDemandPercentageAboveBase: 25 }'),
  scheduledScaling: types.arrayOf(types.struct({
    schedule: types.withMember('expressionString', "an autoscaling.Schedule such as autoscaling.Schedule.cron({ hour: '8', minute: '0' })"),
  }, "a ScheduledCapacity such as { schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 4 }"),
  "a list, for example [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 4 }]"),
  warmPool: types.objectOf('WarmPoolOptions, for example { minSize: 1 }'),
  healthCheckPath: types.string,
  cloudFrontPrefixListId: types.string,
  deletionProtection: types.boolean,
  predictiveScaling: types.boolean,
  standby: types.boolean,
  loadBalancerExposure: types.enumOf(LoadBalancerExposure, 'LoadBalancerExposure'),
  logRetention: types.retentionDays,
  certificate: types.withMember('certificateArn', 'an acm.ICertificate, for example acm.Certificate.fromCertificateArn(...)'),
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'),
  notificationsTopic: types.withMember('topicArn', 'an sns.ITopic'),
  accessLogsBucket: types.withMember('bucketName', 'an s3.IBucket'),
  serverAccessLogsBucket: types.withMember('bucketName', 'an s3.IBucket'),
};

/**
 * The custom suffix of the tier's Auto Scaling service-linked role. IAM role names are global to the account, so
 * the suffix is the construct's unique name and a digest of the stack's name and Region: the same app in another
 * Region of the account, or in another stack, gets a role of its own. The role name, 'AWSServiceRoleForAutoScaling_'
 * (29 characters) and the suffix, stays within IAM's 64 characters.
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html
 */
function serviceLinkedRoleSuffix(scope: Construct): string {
  // The tier refuses a stack without an explicit Region (its access logs need the Region's log delivery account).
  return `${Names.uniqueResourceName(scope, { maxLength: 26, separator: '-' })}-${stackAndRegionDigest(scope)}`;
}

function validateScheduledScaling(scope: Construct, scheduled: ScheduledCapacity[]): void {
  scheduled.forEach((entry, index) => {
    const prop = `scheduledScaling[${index}]`;
    if (entry.minCapacity === undefined && entry.maxCapacity === undefined) {
      invalidProp(scope, prop, entry.schedule.expressionString, 'give minCapacity, maxCapacity or both: a scheduled action must change something');
    }
    validateInteger(scope, `${prop}.minCapacity`, entry.minCapacity, 2, 1000);
    validateInteger(scope, `${prop}.maxCapacity`, entry.maxCapacity, 2, 1000);
    validateTimeZone(scope, `${prop}.timeZone`, entry.timeZone, 'Auto Scaling');
    if (entry.minCapacity !== undefined && entry.maxCapacity !== undefined && !Token.isUnresolved(entry.minCapacity)
      && !Token.isUnresolved(entry.maxCapacity) && entry.minCapacity > entry.maxCapacity) {
      invalidProp(scope, `${prop}.maxCapacity`, entry.maxCapacity, `make it at least minCapacity (${entry.minCapacity})`);
    }
  });
}

function validateWarmPool(scope: Construct, warmPool: WarmPoolOptions | undefined, spot: boolean, minCapacity: number): void {
  if (!warmPool) {
    return;
  }
  if (spot) {
    invalidProp(scope, 'warmPool', 'with spot', 'Auto Scaling offers warm pools only to groups without Spot Instances: leave out warmPool or spot');
  }
  validateInteger(scope, 'warmPool.minSize', warmPool.minSize, 0, 1000);
  validateInteger(scope, 'warmPool.maxGroupPreparedCapacity', warmPool.maxGroupPreparedCapacity, 1, 1000);
  if (warmPool.maxGroupPreparedCapacity !== undefined && !Token.isUnresolved(warmPool.maxGroupPreparedCapacity) && !Token.isUnresolved(minCapacity)
    && warmPool.maxGroupPreparedCapacity < minCapacity) {
    invalidProp(scope, 'warmPool.maxGroupPreparedCapacity', warmPool.maxGroupPreparedCapacity, `make it at least minCapacity (${minCapacity})`);
  }
  if (warmPool.poolState === autoscaling.PoolState.HIBERNATED) {
    invalidProp(scope, 'warmPool.poolState', warmPool.poolState, 'use PoolState.STOPPED or PoolState.RUNNING: the launch template is not configured for hibernation');
  }
}
