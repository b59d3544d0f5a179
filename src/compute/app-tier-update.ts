import { Duration } from 'aws-cdk-lib';

/**
 * Settings of the instance refresh that rolls a launch template change through the app tier
 * ({@link AppTierUpdate.instanceRefresh}).
 */
export interface AppTierInstanceRefreshOptions {
  /**
   * How long CloudFormation keeps watching the alarms after the last instance is replaced, before it counts the update
   * as successful (0 to 48 hours, whole seconds). An alarm that fires in this time still fails the update and rolls the
   * stack back. The default gives the library's 5-minute alarms two full periods on the new instances alone.
   *
   * @default Duration.minutes(10)
   */
  readonly bakeTime?: Duration;

  /**
   * Percentages of the group replaced at which the refresh pauses for `checkpointDelay`, with the alarms still watched:
   * whole numbers from 1 to 100, ascending, each once, the last 100 (for example `[50, 100]`).
   *
   * @default - no checkpoint: the refresh replaces batch after batch
   */
  readonly checkpointPercentages?: number[];

  /**
   * How long the refresh waits at each checkpoint (0 to 48 hours, whole seconds). Only with `checkpointPercentages`.
   *
   * @default Duration.hours(1) (Auto Scaling's default)
   */
  readonly checkpointDelay?: Duration;

  /**
   * How many instances may run during the refresh, as a percentage of the desired capacity (101 to 200): the room for
   * new instances, launched before any old one is terminated. 150 replaces one instance of 2 at a time, 3 of 6;
   * 200 replaces the whole group in one batch.
   *
   * @default 150, or 200 for a group of one instance
   */
  readonly maxHealthyPercentage?: number;
}

/** Which way an {@link AppTierUpdate} takes a launch template change to the instances. */
export enum AppTierUpdateKind {
  /** CloudFormation's `AutoScalingInstanceRefresh`, watched by alarms. */
  INSTANCE_REFRESH = 'INSTANCE_REFRESH',
  /** CloudFormation's `AutoScalingRollingUpdate`, one instance at a time. */
  ROLLING_UPDATE = 'ROLLING_UPDATE',
}

/**
 * How a launch template change (a new app version, a new machine image, a setting of `addEnvironment`) reaches the
 * app tier's instances.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatepolicy.html
 */
export class AppTierUpdate {
  /**
   * An instance refresh (CloudFormation's `AutoScalingInstanceRefresh` update policy), the default: new instances are
   * launched before old ones are terminated, so the group never runs fewer instances than its desired capacity; each
   * new instance counts only once it is in service, healthy and warmed up; the alarms given to
   * {@link WebAppTier.watchUpdatesWith} are watched throughout and for a bake time after, and one that fires fails the
   * update: CloudFormation rolls the stack back, which refreshes the instances back to the previous launch template.
   *
   * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-instance-refresh.html
   */
  public static instanceRefresh(options: AppTierInstanceRefreshOptions = {}): AppTierUpdate {
    return new AppTierUpdate(AppTierUpdateKind.INSTANCE_REFRESH, options);
  }

  /**
   * CloudFormation's `AutoScalingRollingUpdate`: one instance at a time, `minCapacity` kept in service (one fewer when
   * `minCapacity` equals `maxCapacity`), each new instance waiting for the signal its boot script sends once the app
   * answers the health check on the instance (15 minutes at most), scaling suspended meanwhile. No alarm is watched: a
   * release that passes the health check but fails users is not rolled back. For an account or Region where
   * the instance refresh policy is not available yet, or to ship a fix while the watched alarms are firing.
   */
  public static rollingUpdate(): AppTierUpdate {
    return new AppTierUpdate(AppTierUpdateKind.ROLLING_UPDATE, {});
  }

  private constructor(
    /** Which way the change reaches the instances. */
    public readonly kind: AppTierUpdateKind,
    /** @internal */
    public readonly _options: AppTierInstanceRefreshOptions,
  ) {}
}
