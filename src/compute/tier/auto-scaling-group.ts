import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TierSettings } from './settings';
import { HEALTH_CHECK_GRACE_PERIOD, l2UpdatePolicy, useInstanceRefresh } from './update-policy';
import { recordException } from '../../private/compliance';
import { SINGLE_INSTANCE_TYPE, SPOT_LAUNCH_TEMPLATE } from '../../private/exceptions';
import { grantKeyToAutoScalingServiceRole } from '../../private/kms-grants';
import { displayPath } from '../../private/paths';
import { stackAndRegionDigest } from '../../private/physical-names';
import { SpotOptions } from '../web-app-tier-options';

/** What {@link createAutoScalingGroup} needs besides the settings. */
export interface AutoScalingGroupProps {
  readonly vpc: ec2.IVpc;
  readonly launchTemplate: ec2.LaunchTemplate;
  readonly notificationsTopic: sns.ITopic;
  /** Runs part of the group on Spot Instances. */
  readonly spot?: SpotOptions;
  /** The names of the alarms that watch an instance refresh, read when the template is rendered. */
  readonly watchedAlarmNames: () => string[];
}

/**
 * The Auto Scaling group of the instances, over the settings' subnets and their zones, with EC2 and ELB health
 * checks, launch and terminate notifications, and the update policy that replaces instances when the launch template
 * changes (see `update-policy.ts`).
 */
export function createAutoScalingGroup(scope: Construct, settings: TierSettings, props: AutoScalingGroupProps): autoscaling.AutoScalingGroup {
  const { launchTemplate, spot } = props;
  const { minCapacity, maxCapacity } = settings;
  const autoScalingGroup = new autoscaling.AutoScalingGroup(scope, 'AutoScalingGroup', {
    vpc: props.vpc,
    vpcSubnets: settings.vpcSubnets,
    ...(spot ? {
      mixedInstancesPolicy: {
        launchTemplate,
        launchTemplateOverrides: [settings.instanceType, ...settings.spotTypes].map((type) => ({ instanceType: type })),
        instancesDistribution: {
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
          onDemandBaseCapacity: spot.onDemandBaseCapacity ?? minCapacity,
          onDemandPercentageAboveBaseCapacity: spot.onDemandPercentageAboveBase ?? 0,
          spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
        },
      },
    } : { launchTemplate }),
    minCapacity,
    maxCapacity,
    healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
      additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
      gracePeriod: HEALTH_CHECK_GRACE_PERIOD,
    }),
    capacityRebalance: true,
    // Group metrics (in service, pending, terminating…) at one-minute granularity cost nothing.
    groupMetrics: [autoscaling.GroupMetrics.all()],
    cooldown: Duration.minutes(5),
    notifications: [{ topic: props.notificationsTopic }],
    updatePolicy: l2UpdatePolicy(settings.update, settings.minInstancesInService),
    // Creation waits for the first instances' signals, whatever the update policy. A pilot light group starts with no
    // instance, so no instance could signal.
    signals: minCapacity === 0 ? undefined : autoscaling.Signals.waitForMinCapacity({ timeout: Duration.minutes(15) }),
  });
  if (settings.update.kind === 'instanceRefresh') {
    useInstanceRefresh(autoScalingGroup, settings.update, props.watchedAlarmNames);
  }
  const cfnAsg = autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  // The zones of the subnets, named as well: EC2 Auto Scaling accepts both when they agree, and the Control Tower
  // control CT.AUTOSCALING.PR.1 (a group in several zones) reads only AvailabilityZones.
  cfnAsg.availabilityZones = Array.from(new Set(settings.instanceZones));
  if (spot) {
    recordException(cfnAsg, SPOT_LAUNCH_TEMPLATE);
  }
  if ((spot?.additionalInstanceTypes ?? []).length === 0) {
    recordException(cfnAsg, SINGLE_INSTANCE_TYPE);
  }
  return autoScalingGroup;
}

/**
 * Gives the group a service-linked role of this stack's own, so that the key policy can name it even in an account
 * where the default Auto Scaling role does not exist yet (KMS rejects policies naming unknown roles).
 */
export function useOwnServiceLinkedRole(scope: Construct, autoScalingGroup: autoscaling.AutoScalingGroup, key: kms.IKey): void {
  const cfnAsg = autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const roleSuffix = serviceLinkedRoleSuffix(scope);
  const serviceLinkedRole = new iam.CfnServiceLinkedRole(scope, 'AutoScalingServiceRole', {
    awsServiceName: 'autoscaling.amazonaws.com',
    customSuffix: roleSuffix,
    description: `Launches the instances of ${displayPath(scope)}`,
  });
  const serviceLinkedRoleArn = Stack.of(scope).formatArn({
    service: 'iam',
    region: '',
    resource: 'role',
    resourceName: `aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_${roleSuffix}`,
  });
  cfnAsg.serviceLinkedRoleArn = serviceLinkedRoleArn;
  cfnAsg.node.addDependency(serviceLinkedRole);
  grantKeyToAutoScalingServiceRole(scope, key, serviceLinkedRoleArn);
  if (Stack.of(key) === Stack.of(scope)) {
    key.node.addDependency(serviceLinkedRole);
  }
}

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
