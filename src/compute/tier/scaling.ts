import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { Construct } from 'constructs';
import { TierSettings } from './settings';
import { ScheduledCapacity } from '../web-app-tier-options';

/** What {@link addScaling} scales on besides the settings' targets. */
export interface ScalingProps {
  /** Scheduled changes of capacity. */
  readonly scheduledScaling: ScheduledCapacity[];
  /** Adds predictive scaling on CPU utilization. */
  readonly predictiveScaling: boolean;
}

/**
 * Target tracking on CPU and on requests per target, the scheduled actions and, when asked, predictive scaling,
 * which forecasts the same CPU target.
 */
export function addScaling(scope: Construct, autoScalingGroup: autoscaling.AutoScalingGroup, settings: TierSettings, props: ScalingProps): void {
  autoScalingGroup.scaleOnCpuUtilization('CpuScaling', {
    targetUtilizationPercent: settings.targetCpuUtilization,
  });
  autoScalingGroup.scaleOnRequestCount('RequestScaling', {
    targetRequestsPerMinute: settings.targetRequestsPerMinute,
  });
  props.scheduledScaling.forEach((scheduled, index) => {
    autoScalingGroup.scaleOnSchedule(`ScheduledScaling${index + 1}`, {
      schedule: scheduled.schedule,
      minCapacity: scheduled.minCapacity,
      maxCapacity: scheduled.maxCapacity,
      timeZone: scheduled.timeZone,
    });
  });
  if (props.predictiveScaling) {
    new autoscaling.CfnScalingPolicy(scope, 'PredictiveScaling', {
      autoScalingGroupName: autoScalingGroup.autoScalingGroupName,
      policyType: 'PredictiveScaling',
      predictiveScalingConfiguration: {
        mode: 'ForecastAndScale',
        schedulingBufferTime: 300,
        metricSpecifications: [{
          targetValue: settings.targetCpuUtilization,
          predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' },
        }],
      },
    });
  }
}
