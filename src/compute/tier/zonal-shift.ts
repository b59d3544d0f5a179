import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TierSettings } from './settings';

/** The load balancer attribute that registers an Application Load Balancer with ARC zonal shift. */
export const ZONAL_SHIFT_ATTRIBUTE = 'zonal_shift.config.enabled';

/** The target group attribute of cross-zone load balancing (an ALB has it always on at the load balancer). */
const CROSS_ZONE_ATTRIBUTE = 'load_balancing.cross_zone.enabled';

/** The parts of the tier that a zonal shift acts on. */
export interface ZonalShiftTargets {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
}

/**
 * Keeps cross-zone load balancing on, and registers the load balancer and the Auto Scaling group with ARC zonal
 * shift unless `zonalShift` is off.
 *
 * Cross-zone load balancing stays on, set on the target group rather than left to the load balancer's default, because
 * the group spreads `minCapacity` instances over the zones without a minimum per zone: 2 instances over 3 zones leave
 * a zone without any. Without cross-zone load balancing that zone's load balancer node would have no target, each node
 * would share its requests among its own zone's instances only, and Auto Scaling refuses to turn on the group's zonal
 * shift (without `SkipZonalShiftValidation`), as capacity could become unbalanced. With it on, a zonal shift of the load
 * balancer takes the zone's node out of DNS and also stops the other nodes from sending requests to the zone's
 * instances, so the shift holds for clients that keep their connections (CloudFront does).
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/zonal-shift.html
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-zonal-shift.html
 */
export function configureZonalShift(settings: TierSettings, targets: ZonalShiftTargets): void {
  targets.targetGroup.setAttribute(CROSS_ZONE_ATTRIBUTE, 'true');
  if (!settings.zonalShift) {
    return;
  }
  targets.loadBalancer.setAttribute(ZONAL_SHIFT_ATTRIBUTE, 'true');
  const cfnAsg = targets.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  cfnAsg.availabilityZoneImpairmentPolicy = {
    zonalShiftEnabled: true,
    impairedZoneHealthCheckBehavior: settings.impairedZoneHealthCheck,
  };
}
