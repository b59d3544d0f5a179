import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as arczonalshift from 'aws-cdk-lib/aws-arczonalshift';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { displayPath } from '../private/paths';
import { physicalName } from '../private/physical-names';
import { invalidProp, PropTypes, types, validateTypes } from '../private/validation';

/** The load balancer attribute that registers an Application Load Balancer with ARC zonal shift. */
const ZONAL_SHIFT_ATTRIBUTE = 'zonal_shift.config.enabled';

/** ARC's API takes at most 10 outcome and 10 blocking alarms; CloudFormation takes one of each (see `singleAlarm`). */
const MAX_ALARMS = 10;

/** ARC takes at most 15 blocked windows and 15 blocked dates. */
const MAX_BLOCKED = 15;

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The resources that ARC zonal shift and zonal autoshift manage, by their ARNs: Application and Network Load Balancers,
 * EC2 Auto Scaling groups (with the group's ID, never the wildcard of `autoScalingGroup.autoScalingGroupArn`) and EKS
 * clusters.
 *
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-shift.resource-types.html
 */
const MANAGED_RESOURCE_ARNS = [
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+$/,
  /^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:autoScalingGroupName\/[^*]+$/,
  /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9][A-Za-z0-9_-]*$/,
];

/**
 * Settings of {@link ZonalAutoshift} that a {@link WebAppRegion} takes as `zonalAutoshift`: the windows and dates
 * without practice runs, and alarms that block them. The Region passes the resource and the outcome alarms.
 */
export interface ZonalAutoshiftOptions {
  /**
   * Alarms that keep practice runs from starting, and end a running one, while any of them is in `ALARM`: for example an
   * alarm of a deployment in progress or of a dependency in trouble. Up to 10, combined into one composite alarm as
   * the outcome alarms are.
   *
   * @default - none
   */
  readonly blockingAlarms?: cloudwatch.IAlarm[];

  /**
   * Weekly windows, in UTC, in which ARC starts no practice run, as `Day:HH:MM-Day:HH:MM` with the same day on both
   * sides (ARC takes no window across midnight: split it in two) and the day spelt `Mon`, `Tue`, `Wed`, `Thu`, `Fri`,
   * `Sat` or `Sun`: for example `Mon:00:00-Mon:08:00`. Up to 15. UTC has no daylight saving time: a window meant in local
   * time moves by an hour twice a year.
   *
   * @default - none: practice runs may start at any time
   */
  readonly blockedWindows?: string[];

  /**
   * Calendar dates, in UTC, on which ARC starts no practice run, as `YYYY-MM-DD`: for example the day of a launch. Up
   * to 15.
   *
   * @default - none
   */
  readonly blockedDates?: string[];
}

/**
 * Properties for {@link ZonalAutoshift}.
 */
export interface ZonalAutoshiftProps extends ZonalAutoshiftOptions {
  /**
   * The Application Load Balancer whose traffic AWS shifts away from an impaired Availability Zone. It must be
   * registered with ARC zonal shift (the `zonal_shift.config.enabled` attribute, which {@link WebAppTier} sets unless
   * `zonalShift` is off); a load balancer of this app without it is refused at synth time. Give this or `resourceArn`.
   *
   * @default - none: `resourceArn` names the resource
   */
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;

  /**
   * ARN of the resource whose traffic AWS shifts: an Application or Network Load Balancer (with zonal shift turned on),
   * an EC2 Auto Scaling group (`WebAppTier.autoScalingGroupArn`, with zonal shift turned on) or an EKS cluster, in
   * the stack's Region. Give this or `loadBalancer`.
   *
   * @default - the ARN of `loadBalancer`
   */
  readonly resourceArn?: string;

  /**
   * Alarms that watch the app while a practice run shifts its traffic away from a zone: an alarm entering `ALARM` ends
   * the practice run as `FAILED`. Alarms of the resource's Region that go into `ALARM` when the app suffers from the
   * loss of a zone, such as `WebAppMonitoring`'s application-unavailable alarm and its target 5xx alarm. One to 10;
   * CloudFormation passes ARC a single outcome alarm, so several are combined into a composite alarm that is in
   * `ALARM` when any of them is.
   */
  readonly outcomeAlarms: cloudwatch.IAlarm[];

}

/**
 * Route 53 ARC zonal autoshift for a resource, the app tier's load balancer: when AWS telemetry finds an Availability
 * Zone impaired, AWS shifts the resource's traffic away from it, on the app's behalf, until the zone recovers. Free.
 *
 * Autoshift needs weekly practice runs: about once a week ARC shifts the resource's traffic away from one zone for 30
 * minutes, while the outcome alarm watches the app; an outcome alarm in `ALARM` ends the run as `FAILED`, a blocking
 * alarm in `ALARM` keeps runs from starting or ends them. Practice runs take capacity away for real: the app must serve
 * its load from the other zones, with the capacity it already has (AWS advises against relying on scaling when a
 * practice run starts). With cross-zone load balancing, a practice run of a group of 2 instances over 3 zones can
 * leave one instance serving everything.
 *
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-autoshift.html
 */
export class ZonalAutoshift extends Construct {
  /** ARN of the resource whose traffic AWS shifts. */
  public readonly resourceArn: string;

  /** The zonal autoshift configuration, with its practice run configuration. */
  public readonly configuration: arczonalshift.CfnZonalAutoshiftConfiguration;

  /** The alarm that ARC watches during practice runs: the one outcome alarm given, or a composite alarm of them. */
  public readonly outcomeAlarm: cloudwatch.IAlarm;

  /** The alarm that blocks practice runs: the one blocking alarm given, or a composite alarm of them; none without. */
  public readonly blockingAlarm?: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: ZonalAutoshiftProps) {
    super(scope, id);
    validateTypes(this, props, PROP_TYPES);
    this.resourceArn = this.resolveResource(props);
    validateAlarms(this, 'outcomeAlarms', props.outcomeAlarms ?? [], 1);
    validateAlarms(this, 'blockingAlarms', props.blockingAlarms ?? [], 0);
    const blockedWindows = props.blockedWindows ?? [];
    const blockedDates = props.blockedDates ?? [];
    validateBlockedWindows(this, blockedWindows);
    validateBlockedDates(this, blockedDates);

    this.outcomeAlarm = this.singleAlarm('OutcomeAlarm', props.outcomeAlarms,
      `Ends a zonal autoshift practice run of ${displayPath(this)} as FAILED`);
    this.blockingAlarm = props.blockingAlarms && props.blockingAlarms.length > 0
      ? this.singleAlarm('BlockingAlarm', props.blockingAlarms, `Blocks zonal autoshift practice runs of ${displayPath(this)}`)
      : undefined;

    this.configuration = new arczonalshift.CfnZonalAutoshiftConfiguration(this, 'Resource', {
      resourceIdentifier: this.resourceArn,
      zonalAutoshiftStatus: 'ENABLED',
      practiceRunConfiguration: {
        outcomeAlarms: [controlCondition(this.outcomeAlarm)],
        blockingAlarms: this.blockingAlarm ? [controlCondition(this.blockingAlarm)] : undefined,
        blockedWindows: blockedWindows.length > 0 ? blockedWindows : undefined,
        blockedDates: blockedDates.length > 0 ? blockedDates : undefined,
      },
    });
  }

  /** The resource's ARN, after checking that exactly one of `loadBalancer` and `resourceArn` is given and that ARC manages it. */
  private resolveResource(props: ZonalAutoshiftProps): string {
    if (props.loadBalancer && props.resourceArn !== undefined) {
      invalidProp(this, 'resourceArn', props.resourceArn, 'give loadBalancer or resourceArn, not both');
    }
    if (props.loadBalancer) {
      this.validateRegion('loadBalancer', props.loadBalancer.env.region);
      this.requireZonalShift(props.loadBalancer);
      return props.loadBalancer.loadBalancerArn;
    }
    const arn = props.resourceArn;
    if (arn === undefined) {
      invalidProp(this, 'loadBalancer', undefined, 'give the load balancer (for example WebAppTier.loadBalancer), or the ARN of the resource as resourceArn');
    }
    if (Token.isUnresolved(arn)) {
      return arn;
    }
    if (arn.length < 8 || arn.length > 1024 || !MANAGED_RESOURCE_ARNS.some((pattern) => pattern.test(arn))) {
      const fix = arn.includes(':autoScalingGroup:*:')
        ? 'give the group\'s full ARN, with its ID (WebAppTier.autoScalingGroupArn, or the AutoScalingGroupARN attribute of the group): '
          + 'autoScalingGroup.autoScalingGroupArn has a wildcard for the ID'
        : 'give the ARN of an Application or Network Load Balancer, an EC2 Auto Scaling group or an EKS cluster: the resources that ARC zonal autoshift manages';
      invalidProp(this, 'resourceArn', arn, fix);
    }
    this.validateRegion('resourceArn', Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region ?? '');
    return arn;
  }

  /** ARC configures a resource in its own Region, and its alarms must be in that Region. */
  private validateRegion(prop: string, region: string): void {
    const here = Stack.of(this).region;
    if (!Token.isUnresolved(region) && !Token.isUnresolved(here) && region !== here) {
      invalidProp(this, prop, region, `create the ZonalAutoshift in a stack of the resource's Region (${region}), not ${here}`);
    }
  }

  /**
   * Refuses, when the app synthesizes, a load balancer of this app that is not registered with ARC zonal shift: ARC
   * manages only those, so CloudFormation would fail to create the configuration. An imported load balancer is not
   * checked.
   */
  private requireZonalShift(loadBalancer: elbv2.IApplicationLoadBalancer): void {
    const cfnLoadBalancer = loadBalancer.node.defaultChild;
    if (!(cfnLoadBalancer instanceof elbv2.CfnLoadBalancer)) {
      return;
    }
    this.node.addValidation({
      validate: () => {
        const attributes = Stack.of(cfnLoadBalancer).resolve(cfnLoadBalancer.loadBalancerAttributes) as Array<Record<string, string>> | undefined;
        const enabled = (attributes ?? []).some((attribute) => (attribute.key ?? attribute.Key) === ZONAL_SHIFT_ATTRIBUTE
          && (attribute.value ?? attribute.Value) === 'true');
        return enabled ? [] : [
          `invalid loadBalancer (${loadBalancer.node.path}): turn on its ARC zonal shift, which autoshift needs: leave WebAppTier's `
          + `zonalShift on, or call loadBalancer.setAttribute('${ZONAL_SHIFT_ATTRIBUTE}', 'true')`,
        ];
      },
    });
  }

  /** The one alarm that CloudFormation passes ARC: the alarm given, or a composite alarm in `ALARM` when any of them is. */
  private singleAlarm(id: string, alarms: cloudwatch.IAlarm[], description: string): cloudwatch.IAlarm {
    if (alarms.length === 1) {
      return alarms[0];
    }
    return new cloudwatch.CompositeAlarm(this, id, {
      // Alarm names are unique per account and Region; aws-cdk-lib's would be the construct path alone.
      compositeAlarmName: physicalName(this, { maxLength: 255, suffix: id }),
      alarmRule: cloudwatch.AlarmRule.anyOf(...alarms),
      alarmDescription: `${description} when any of its ${alarms.length} alarms is in ALARM`,
    });
  }
}

function controlCondition(alarm: cloudwatch.IAlarm): arczonalshift.CfnZonalAutoshiftConfiguration.ControlConditionProperty {
  return { type: 'CLOUDWATCH', alarmIdentifier: alarm.alarmArn };
}

function validateAlarms(scope: ZonalAutoshift, prop: string, alarms: cloudwatch.IAlarm[], fewest: number): void {
  if (alarms.length < fewest) {
    invalidProp(scope, prop, alarms, 'give at least one alarm that goes into ALARM when the app suffers from the loss of a zone, '
      + "for example WebAppMonitoring's application-unavailable alarm");
  }
  if (alarms.length > MAX_ALARMS) {
    invalidProp(scope, prop, `${alarms.length} alarms`, `give at most ${MAX_ALARMS}: ARC takes no more`);
  }
  const here = Stack.of(scope).region;
  alarms.forEach((alarm, index) => {
    // An alarm imported by ARN has the stack's environment, not the ARN's.
    const region = Token.isUnresolved(alarm.alarmArn) ? alarm.env.region : Arn.split(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME).region ?? '';
    if (!Token.isUnresolved(region) && !Token.isUnresolved(here) && region !== here) {
      invalidProp(scope, `${prop}[${index}]`, `${alarm.node.path} in ${region}`,
        `give an alarm of the resource's Region (${here}): ARC reads alarms of that Region only`);
    }
  });
}

function validateBlockedWindows(scope: ZonalAutoshift, windows: string[]): void {
  if (windows.length > MAX_BLOCKED) {
    invalidProp(scope, 'blockedWindows', `${windows.length} windows`, `give at most ${MAX_BLOCKED}: ARC takes no more`);
  }
  windows.forEach((window, index) => {
    const prop = `blockedWindows[${index}]`;
    if (Token.isUnresolved(window)) {
      return;
    }
    const match = /^([A-Za-z]{3}):(\d{2}):(\d{2})-([A-Za-z]{3}):(\d{2}):(\d{2})$/.exec(window);
    if (!match) {
      invalidProp(scope, prop, window, "write a window as Day:HH:MM-Day:HH:MM in UTC, for example 'Mon:00:00-Mon:08:00'");
    }
    const [, startDay, startHour, startMinute, endDay, endHour, endMinute] = match;
    for (const day of [startDay, endDay]) {
      if (!DAYS.includes(day)) {
        const spelt = DAYS.find((name) => name.toLowerCase() === day.toLowerCase());
        invalidProp(scope, prop, window, spelt
          ? `spell the day '${spelt}': ARC takes ${DAYS.join(', ')} only`
          : `start and end with a day of ${DAYS.join(', ')}`);
      }
    }
    if (startDay !== endDay) {
      invalidProp(scope, prop, window, `end the window on the day it starts (${startDay}): ARC takes no window across midnight, `
        + `so give two, for example '${startDay}:${startHour}:${startMinute}-${startDay}:23:59' and '${endDay}:00:00-${endDay}:${endHour}:${endMinute}'`);
    }
    const minutes = (hour: string, minute: string) => Number(hour) * 60 + Number(minute);
    if (Number(startHour) > 23 || Number(endHour) > 23 || Number(startMinute) > 59 || Number(endMinute) > 59) {
      invalidProp(scope, prop, window, 'give times from 00:00 to 23:59');
    }
    if (minutes(endHour, endMinute) <= minutes(startHour, startMinute)) {
      invalidProp(scope, prop, window, 'end the window after it starts, on the same day');
    }
  });
}

function validateBlockedDates(scope: ZonalAutoshift, dates: string[]): void {
  if (dates.length > MAX_BLOCKED) {
    invalidProp(scope, 'blockedDates', `${dates.length} dates`, `give at most ${MAX_BLOCKED}: ARC takes no more`);
  }
  dates.forEach((date, index) => {
    if (Token.isUnresolved(date)) {
      return;
    }
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!match || !day || day.getUTCFullYear() !== Number(match[1]) || day.getUTCMonth() !== Number(match[2]) - 1
      || day.getUTCDate() !== Number(match[3])) {
      invalidProp(scope, `blockedDates[${index}]`, date, "give a date of the calendar as YYYY-MM-DD, in UTC, for example '2026-05-01'");
    }
  });
}

const ALARM = types.withMember('alarmArn', 'a cloudwatch.IAlarm, for example an Alarm or CompositeAlarm of WebAppMonitoring');

/** The types of the props, for callers that no compiler checks. */
const PROP_TYPES: PropTypes = {
  loadBalancer: types.withMember('loadBalancerArn', 'an elbv2.IApplicationLoadBalancer, for example WebAppTier.loadBalancer'),
  resourceArn: types.string,
  outcomeAlarms: types.arrayOf(ALARM, 'a list of cloudwatch.IAlarm, for example [monitoring.applicationUnavailableAlarm]'),
  blockingAlarms: types.arrayOf(ALARM, 'a list of cloudwatch.IAlarm'),
  blockedWindows: types.arrayOf(types.string, "a list of windows such as ['Mon:00:00-Mon:08:00']"),
  blockedDates: types.arrayOf(types.string, "a list of dates such as ['2026-05-01']"),
};
