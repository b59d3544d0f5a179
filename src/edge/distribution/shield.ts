import { Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as shield from 'aws-cdk-lib/aws-shield';
import { Construct } from 'constructs';

/** Shield Advanced protections of the distribution and, when there is one, of the hosted zone. */
export function protectWithShieldAdvanced(
  scope: Construct,
  distribution: cloudfront.IDistribution,
  hostedZone: route53.IHostedZone | undefined,
): void {
  new shield.CfnProtection(scope, 'ShieldProtection', {
    name: shieldProtectionName(scope, 'Distribution'),
    resourceArn: Stack.of(scope).formatArn({
      service: 'cloudfront',
      region: '',
      resource: 'distribution',
      resourceName: distribution.distributionId,
    }),
  });
  if (hostedZone) {
    new shield.CfnProtection(scope, 'HostedZoneShieldProtection', {
      name: shieldProtectionName(scope, 'HostedZone'),
      resourceArn: `arn:${Stack.of(scope).partition}:route53:::hostedzone/${hostedZone.hostedZoneId}`,
    });
  }
}

/**
 * A Shield protection name from the construct path: Shield accepts only letters, digits, spaces, `_`, `.`
 * and `-` (no `/`), at most 128 characters. A display name: Shield keeps one protection per resource, whatever its
 * name, and a new name would replace the protection, which Shield refuses while the old one protects the resource.
 */
function shieldProtectionName(scope: Construct, suffix: string): string {
  return `${scope.node.path}/${suffix}`.replace(/[^ a-zA-Z0-9_.-]/g, '-').slice(-128);
}
