import { CfnResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { invalidProp, requireConcrete, types, validateInteger, validateType } from '../../private/validation';
import { AppTierInstanceRefreshOptions, AppTierUpdate, AppTierUpdateKind } from '../app-tier-update';

/**
 * The group's health check grace period: the boot script waits up to 5 minutes (150 tries, 2 seconds apart) for the
 * app to answer its health check, and the group does not act on failed load balancer health checks before.
 */
export const HEALTH_CHECK_GRACE_PERIOD = Duration.minutes(5);

/**
 * How long a new instance of an instance refresh must stay in service before it counts as replaced: the grace period,
 * then a minute in which the target group's health check (every 15 seconds, unhealthy after 3 failures) has marked a
 * failing instance unhealthy, so that the group has judged it by the load balancer before an old instance goes.
 */
export const INSTANCE_WARMUP = HEALTH_CHECK_GRACE_PERIOD.plus(Duration.minutes(1));

/** The bake time of an instance refresh: two periods of the library's 5-minute alarms on the new instances alone. */
export const DEFAULT_BAKE_TIME = Duration.minutes(10);

/** Auto Scaling watches at most 10 alarms during an instance refresh. */
export const MAX_WATCHED_ALARMS = 10;

/** Bake time and checkpoint delay: 0 to 48 hours. */
const MAX_WAIT_SECONDS = 172_800;

/** How a launch template change reaches the instances, after validation. */
export type UpdateSettings =
  | { readonly kind: 'rollingUpdate' }
  | {
    readonly kind: 'instanceRefresh';
    readonly bakeTimeSeconds: number;
    readonly checkpointPercentages?: number[];
    readonly checkpointDelaySeconds?: number;
    readonly maxHealthyPercentage: number;
  };

/**
 * Checks `updateStrategy` and computes its defaults. With a warm pool only the instance refresh is offered: it replaces
 * the instances in service, then those of the pool, where a rolling update would leave the pool's on the old template.
 */
export function updateSettings(scope: Construct, given: AppTierUpdate | undefined, warmPool: boolean, minCapacity: number): UpdateSettings {
  const update = given ?? AppTierUpdate.instanceRefresh();
  if (update.kind === AppTierUpdateKind.ROLLING_UPDATE) {
    if (warmPool) {
      invalidProp(scope, 'updateStrategy', 'AppTierUpdate.rollingUpdate()',
        'leave updateStrategy out (or give AppTierUpdate.instanceRefresh()) with a warm pool: a rolling update replaces only the instances '
        + 'in service, and the pool\'s would keep the old launch template; an instance refresh replaces both');
    }
    return { kind: 'rollingUpdate' };
  }
  return { kind: 'instanceRefresh', ...instanceRefreshSettings(scope, update._options, minCapacity) };
}

function instanceRefreshSettings(scope: Construct, options: AppTierInstanceRefreshOptions, minCapacity: number) {
  const prop = (name: string) => `updateStrategy.${name}`;
  const bakeTimeSeconds = waitSeconds(scope, prop('bakeTime'), options.bakeTime ?? DEFAULT_BAKE_TIME);
  const checkpointPercentages = validateCheckpoints(scope, prop('checkpointPercentages'), options.checkpointPercentages);
  if (options.checkpointDelay !== undefined && checkpointPercentages === undefined) {
    invalidProp(scope, prop('checkpointDelay'), options.checkpointDelay.toString(),
      'give checkpointPercentages too (for example [50, 100]): Auto Scaling waits only at checkpoints');
  }
  const checkpointDelaySeconds = options.checkpointDelay === undefined ? undefined : waitSeconds(scope, prop('checkpointDelay'), options.checkpointDelay);
  validateType(scope, prop('maxHealthyPercentage'), options.maxHealthyPercentage, types.number);
  validateInteger(scope, prop('maxHealthyPercentage'), options.maxHealthyPercentage, 101, 200);
  requireConcrete(scope, prop('maxHealthyPercentage'), options.maxHealthyPercentage, 'it is written into the update policy');
  // One instance at 150% would leave no room for a second one, were Auto Scaling to round down.
  const maxHealthyPercentage = options.maxHealthyPercentage ?? (minCapacity === 1 ? 200 : 150);
  return { bakeTimeSeconds, checkpointPercentages, checkpointDelaySeconds, maxHealthyPercentage };
}

/** A wait of the update policy in whole seconds, 0 to 48 hours. */
function waitSeconds(scope: Construct, prop: string, value: Duration): number {
  validateType(scope, prop, value, types.duration('Duration.minutes(10)'));
  requireConcrete(scope, prop, value.isUnresolved() ? value.toString() : undefined, 'it is written into the update policy');
  const millis = value.toMilliseconds();
  if (millis % 1000 !== 0 || millis < 0 || millis / 1000 > MAX_WAIT_SECONDS) {
    invalidProp(scope, prop, value.toString(), `give whole seconds from 0 to ${MAX_WAIT_SECONDS} (48 hours), for example Duration.minutes(10)`);
  }
  return millis / 1000;
}

function validateCheckpoints(scope: Construct, prop: string, percentages: number[] | undefined): number[] | undefined {
  if (percentages === undefined) {
    return undefined;
  }
  validateType(scope, prop, percentages, types.arrayOf(types.number, 'a list of percentages, for example [50, 100]'));
  const fix = 'give whole numbers from 1 to 100, ascending, each once, the last 100, for example [50, 100]';
  if (percentages.length === 0 || percentages.some((percentage) => Token.isUnresolved(percentage))) {
    invalidProp(scope, prop, percentages, fix);
  }
  percentages.forEach((percentage, index) => {
    if (!Number.isInteger(percentage) || percentage < 1 || percentage > 100) {
      invalidProp(scope, `${prop}[${index}]`, percentage, fix);
    }
    if (index > 0 && percentage <= percentages[index - 1]) {
      invalidProp(scope, `${prop}[${index}]`, percentage, `${fix}: ${percentage} does not follow ${percentages[index - 1]}`);
    }
  });
  if (percentages[percentages.length - 1] !== 100) {
    invalidProp(scope, prop, percentages, `${fix}: without a last 100 the refresh stops before it has replaced every instance`);
  }
  return [...percentages];
}

/**
 * The update policy of the L2 group for the strategies it renders itself; undefined for an instance refresh, which
 * {@link useInstanceRefresh} writes afterwards.
 */
export function l2UpdatePolicy(update: UpdateSettings, minInstancesInService: number): autoscaling.UpdatePolicy | undefined {
  switch (update.kind) {
    case 'rollingUpdate':
      return autoscaling.UpdatePolicy.rollingUpdate({
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
      });
    default:
      return undefined;
  }
}

/**
 * Writes the `AutoScalingInstanceRefresh` update policy as a raw override, so that it renders the same on every
 * aws-cdk-lib (2.263 and later type it; the pinned 2.257 does not). Whatever update policy the L2 rendered is dropped
 * but its `AutoScalingScheduledAction` (which keeps scheduled capacity across deployments): the policy is exclusive of
 * `AutoScalingRollingUpdate`. The creation policy stays: creation still waits for each first instance's signal.
 *
 * @param alarmNames read when the template is rendered, so that alarms watched later count
 */
export function useInstanceRefresh(autoScalingGroup: autoscaling.AutoScalingGroup, update: UpdateSettings & { kind: 'instanceRefresh' },
  alarmNames: () => string[]): void {
  const cfnAsg = autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const scheduledAction = cfnAsg.cfnOptions.updatePolicy?.autoScalingScheduledAction;
  cfnAsg.cfnOptions.updatePolicy = scheduledAction ? { autoScalingScheduledAction: scheduledAction } : undefined;
  cfnAsg.addDeletionOverride('UpdatePolicy.AutoScalingRollingUpdate');
  cfnAsg.addOverride('UpdatePolicy.AutoScalingInstanceRefresh', {
    Strategy: 'Rolling',
    Preferences: {
      // Nothing old goes before something new is healthy: the group never serves below its desired capacity.
      MinHealthyPercentage: 100,
      MaxHealthyPercentage: update.maxHealthyPercentage,
      InstanceWarmup: INSTANCE_WARMUP.toSeconds(),
      BakeTime: update.bakeTimeSeconds,
      CheckpointPercentages: update.checkpointPercentages,
      CheckpointDelay: update.checkpointDelaySeconds,
      // Instances already on the desired launch template stay: a rollback replaces only what the refresh replaced.
      SkipMatching: true,
      // The tier neither protects instances nor puts them in standby (patching suspends processes instead): one that is
      // was set aside by an operator. The refresh waits for it (an hour at most, then fails and the stack rolls back)
      // rather than leave an instance of the old version that would serve again later.
      ScaleInProtectedInstances: 'Wait',
      StandbyInstances: 'Wait',
      AlarmSpecification: Lazy.any({ produce: () => alarmNames().length > 0 ? { Alarms: alarmNames() } : undefined }),
    },
  });
}

/**
 * Checks alarms given to `watchUpdatesWith` against what Auto Scaling and CloudFormation accept: metric alarms (a
 * composite alarm is refused: Auto Scaling documents only alarm names, and the composite's own alarms can be given
 * instead), of the group's stack unless their names are literal (a name of another stack would make the tier's stack
 * depend on it), whose metrics do not name the group (the group's update policy names the alarm, so the alarm cannot
 * name the group back: CloudFormation refuses the cycle), and at most {@link MAX_WATCHED_ALARMS} in all.
 */
export function validateWatchedAlarms(scope: Construct, autoScalingGroup: autoscaling.AutoScalingGroup, watched: cloudwatch.IAlarm[],
  added: cloudwatch.IAlarm[]): void {
  const prop = 'watchUpdatesWith alarms';
  validateType(scope, prop, added, types.arrayOf(types.withMembers(['alarmArn', 'alarmName'], 'a cloudwatch.IAlarm, for example monitoring.appTierAlarms.target5xxErrors'),
    'a list of alarms, for example [monitoring.appTierAlarms.target5xxErrors]'));
  const stack = Stack.of(autoScalingGroup);
  const cfnAsg = autoScalingGroup.node.defaultChild as CfnResource;
  const groupId = stack.getLogicalId(cfnAsg);
  added.forEach((alarm, index) => {
    const itemProp = `${prop}[${index}]`;
    const resource = alarm.node.defaultChild as CfnResource | undefined;
    if (resource?.cfnResourceType === 'AWS::CloudWatch::CompositeAlarm') {
      invalidProp(scope, itemProp, alarm.node.path,
        'give the metric alarms the composite alarm is made of (for example target5xxErrors, unhealthyTargets, noHealthyTargets): '
        + 'an instance refresh watches alarms by name, and Auto Scaling documents metric alarms only');
    }
    if (watched.includes(alarm) || added.indexOf(alarm) !== index) {
      invalidProp(scope, itemProp, alarm.node.path, 'give each alarm once');
    }
    if (Token.isUnresolved(alarm.alarmName) && Stack.of(alarm) !== stack) {
      invalidProp(scope, itemProp, alarm.node.path,
        `give an alarm of the tier's stack (${stack.stackName}), or one with a literal alarmName: the update policy names the alarm, `
        + 'and an alarm of another stack that watches this tier would make the stacks depend on each other');
    }
    if (metricNamesResource(stack, alarm, groupId)) {
      invalidProp(scope, itemProp, alarm.node.path,
        'give an alarm whose metric does not name the Auto Scaling group (such as the target group\'s 5xx or unhealthy hosts): the group\'s '
        + 'update policy names the alarm, so an alarm on the group\'s own metrics (AutoScalingGroupName) would make each wait for the other');
    }
  });
  if (watched.length + added.length > MAX_WATCHED_ALARMS) {
    invalidProp(scope, prop, `${watched.length + added.length} alarms`, `watch at most ${MAX_WATCHED_ALARMS} alarms: Auto Scaling watches no more during an instance refresh`);
  }
}

/** Whether a metric alarm's metric (or the metrics of its math expression) refers to the resource of a logical ID. */
function metricNamesResource(stack: Stack, alarm: cloudwatch.IAlarm, logicalId: string): boolean {
  const metric = (alarm as { metric?: cloudwatch.IMetric }).metric;
  if (metric === undefined || typeof metric.toMetricConfig !== 'function') {
    return false;
  }
  const rendered = JSON.stringify(stack.resolve(metric.toMetricConfig()));
  return rendered.includes(JSON.stringify({ Ref: logicalId })) || rendered.includes(`{"Fn::GetAtt":["${logicalId}",`);
}
