import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AppSource } from './app-source';
import { AppTierUpdate } from './app-tier-update';

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
 * What the Auto Scaling group does with instances that fail their health checks in the Availability Zone that a zonal
 * shift of the group moves away from.
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-zonal-shift.html
 */
export enum ImpairedZoneHealthCheck {
  /**
   * Instances of the shifted zone are left as they are, even when they look unhealthy; unhealthy instances of the
   * other zones are replaced. In an impaired zone health checks fail for reasons the instances cannot mend, and a
   * replacement would only churn: the group launches new capacity in the healthy zones anyway, and the zone's
   * instances serve again when the shift ends.
   */
  IGNORE_UNHEALTHY = 'IgnoreUnhealthy',

  /**
   * Unhealthy instances are replaced in every zone, the shifted one too, as without a zonal shift.
   */
  REPLACE_UNHEALTHY = 'ReplaceUnhealthy',
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
 * containers do; see `AppSource.commands`). With a warm pool, the instance refresh that rolls out a launch
 * template change replaces the instances in service first, then those of the pool;
 * `AppTierUpdate.rollingUpdate()` is refused, because it would leave the pool's instances on the old template.
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
   * How a launch template change reaches the instances: a new app version (`appSource`), a setting of
   * `addEnvironment`, a newer machine image, another instance type. By default an instance refresh launches new
   * instances before it terminates old ones, watches the alarms given to `WebAppTier.watchUpdatesWith`, waits a bake
   * time, and fails the stack update, which CloudFormation rolls back, when one fires. With `warmPool`, only the
   * instance refresh (which replaces the pool's instances too).
   *
   * @default AppTierUpdate.instanceRefresh()
   */
  readonly updateStrategy?: AppTierUpdate;

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
   * Most instances that scaling may reach. Keep it above `minCapacity` with `AppTierUpdate.rollingUpdate()`, which
   * then replaces instances while `minCapacity` of them stay in service (one fewer when they are equal). An instance
   * refresh launches its new instances besides the desired capacity (`maxHealthyPercentage`).
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

  /**
   * Registers the load balancer and the Auto Scaling group with Amazon Application Recovery Controller (ARC) zonal
   * shift, which costs nothing. An operator (or zonal autoshift, see {@link ZonalAutoshift}) can then move the app's
   * traffic away from an impaired Availability Zone with one action: a zonal shift of the load balancer takes the
   * zone's load balancer node out of DNS and, with the cross-zone load balancing the tier keeps on, stops the other
   * nodes from sending requests to the zone's instances; a zonal shift of the group makes it launch new instances in
   * the other zones only and keep its desired capacity from shrinking. Each is shifted on its own: shift both.
   *
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/zonal-shift.html
   * @default true
   */
  readonly zonalShift?: boolean;

  /**
   * What the Auto Scaling group does, during a zonal shift of the group, with unhealthy instances of the shifted zone.
   * Only with `zonalShift`.
   *
   * @default ImpairedZoneHealthCheck.IGNORE_UNHEALTHY
   */
  readonly impairedZoneHealthCheck?: ImpairedZoneHealthCheck;
}
