import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalidProp } from './validation';

/**
 * IDs of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing`, which differ per
 * Region. A table instead of `PrefixList.fromLookup`, which needs AWS credentials at synth time.
 *
 * @see https://aws.amazon.com/blogs/networking-and-content-delivery/limit-access-to-your-origins-using-the-aws-managed-prefix-list-for-amazon-cloudfront/
 */
const ORIGIN_FACING_PREFIX_LISTS: Record<string, string> = {
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'ap-northeast-3': 'pl-31a14458',
  'ap-south-1': 'pl-9aa247f3',
  'ap-southeast-1': 'pl-31a34658',
  'ap-southeast-2': 'pl-b8a742d1',
  'ca-central-1': 'pl-38a64351',
  'eu-central-1': 'pl-a3a144ca',
  'eu-north-1': 'pl-fab65393',
  'eu-west-1': 'pl-4fa04526',
  'eu-west-2': 'pl-93a247fa',
  'eu-west-3': 'pl-75b1541c',
  'sa-east-1': 'pl-5da64334',
  'us-east-1': 'pl-3b927c52',
  'us-east-2': 'pl-b6a144df',
  'us-west-1': 'pl-4ea04527',
  'us-west-2': 'pl-82a045eb',
};

/**
 * The ID of CloudFront's origin-facing prefix list in the scope's Region: the given one, or the known one.
 *
 * @param prop the prop that overrides the table, named in the error for an unknown Region
 */
export function cloudFrontOriginFacingPrefixList(scope: IConstruct, prop: string, given?: string): string {
  if (given !== undefined) {
    if (!Token.isUnresolved(given) && !/^pl-[0-9a-f]{8,17}$/.test(given)) {
      invalidProp(scope, prop, given, "give a managed prefix list ID such as 'pl-3b927c52'");
    }
    return given;
  }
  const region = Stack.of(scope).region;
  const known = Token.isUnresolved(region) ? undefined : ORIGIN_FACING_PREFIX_LISTS[region];
  if (!known) {
    invalidProp(scope, prop, given,
      `the ID of CloudFront's origin-facing prefix list in Region ${Token.isUnresolved(region) ? '(unresolved)' : region} is not known to this library: `
      + 'give it (aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing)');
  }
  return known;
}
