import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { invalidProp } from './validation';

/**
 * Selects subnets for a highly available resource, failing clearly when the VPC has no such subnets or
 * when they are in fewer than 2 Availability Zones (zones that are tokens are taken on trust).
 *
 * @param purpose why 2 zones matter for this resource, ending the error: 'so that ...'
 */
export function selectSubnetsInTwoZones(
  scope: IConstruct, prop: string, vpc: ec2.IVpc, selection: ec2.SubnetSelection, purpose: string,
): ec2.SelectedSubnets {
  let selected: ec2.SelectedSubnets;
  try {
    selected = vpc.selectSubnets(selection);
  } catch (error) {
    return invalidProp(scope, prop, selection, `select subnets that exist in the VPC (${(error as Error).message})`);
  }
  const zones = selected.availabilityZones;
  const concrete = new Set(zones.filter((zone) => !Token.isUnresolved(zone)));
  if (concrete.size === zones.length && concrete.size < 2) {
    invalidProp(scope, prop, selection,
      `the selected subnets are in ${concrete.size} Availability Zone(s); select subnets in at least 2 ${purpose}`);
  }
  return selected;
}
