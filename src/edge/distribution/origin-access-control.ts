import { Annotations, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { physicalName } from '../../private/physical-names';

/**
 * Names the static origin's origin access control, which aws-cdk-lib creates inside the distribution with no name to
 * give: CloudFront keeps the names per account, across Regions.
 */
export function nameOriginAccessControls(distribution: cloudfront.Distribution): void {
  for (const originAccessControl of distribution.node.findAll().filter(isCfnOriginAccessControl)) {
    const name = physicalName(originAccessControl, { accountWide: true, maxLength: 64 });
    originAccessControl.addPropertyOverride('OriginAccessControlConfig.Name', name);
  }
}

/**
 * Acknowledges aws-cdk-lib's warning about the wildcard key policy statement for Origin Access Control on the key of
 * the static assets bucket.
 */
export function acknowledgeStaticAssetsKeyPolicy(staticAssetsBucket: s3.IBucket | undefined): void {
  const staticAssetsKey = staticAssetsBucket?.encryptionKey;
  // Only where the key has a construct of its own around it (as WebAppEncryption gives): acknowledging
  // on a stack would hide the warning for every other distribution of that stack.
  if (staticAssetsKey?.node.scope && !Stack.isStack(staticAssetsKey.node.scope)) {
    // The key statement lets CloudFront decrypt for any distribution of this account (naming this one
    // would make a dependency loop: key policy, distribution, bucket, key). Reading an object still
    // takes the bucket policy, which admits this distribution only.
    Annotations.of(staticAssetsKey.node.scope).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
      'the bucket policy admits only this distribution, so other distributions of the account cannot read the objects');
  }
}

function isCfnOriginAccessControl(construct: IConstruct): construct is cloudfront.CfnOriginAccessControl {
  return construct instanceof cloudfront.CfnOriginAccessControl;
}
