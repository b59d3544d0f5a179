import { Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { invalidProp, isDomainName } from '../../private/validation';

export function validateDomainNames(scope: Construct, domainNames: string[], zone: route53.IHostedZone | undefined): void {
  const zoneName = zone && !Token.isUnresolved(zone.zoneName) ? zone.zoneName.replace(/\.$/, '').toLowerCase() : undefined;
  for (const name of domainNames) {
    if (Token.isUnresolved(name)) {
      continue;
    }
    if (name.endsWith('.') && isDomainName(name.slice(0, -1), true)) {
      invalidProp(scope, 'domainNames', name, `give the name without the trailing dot, ${name.slice(0, -1)}: CloudFront and ACM take names without it`);
    }
    if (!isDomainName(name, true)) {
      invalidProp(scope, 'domainNames', name, 'give fully qualified domain names such as www.example.com (a leading *. for a wildcard)');
    }
    const lower = name.toLowerCase();
    if (zoneName && lower !== zoneName && !lower.endsWith(`.${zoneName}`)) {
      invalidProp(scope, 'domainNames', name, `every domain name must be in the hosted zone ${zoneName}`);
    }
  }
  if (new Set(domainNames.map((n) => n.toLowerCase())).size !== domainNames.length) {
    invalidProp(scope, 'domainNames', domainNames, 'list each domain name once (names that differ only in case are the same name)');
  }
}

/** A hosted zone holds the records of the domain names (and validates their certificate), so it needs some. */
export function validateHostedZone(scope: Construct, zone: route53.IHostedZone | undefined, domainNames: string[]): void {
  if (zone && domainNames.length === 0) {
    invalidProp(scope, 'hostedZone', zone.zoneName, 'give domainNames too: the zone receives their records and certificate validation');
  }
}

/** The A and AAAA alias records of each domain name in the zone. */
export function createAliasRecords(scope: Construct, distribution: cloudfront.IDistribution, domainNames: string[], zone: route53.IHostedZone): void {
  const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(distribution));
  domainNames.forEach((domainName, index) => {
    const suffix = index === 0 ? '' : `${index}`;
    new route53.ARecord(scope, `AliasRecord${suffix}`, { zone, recordName: domainName, target });
    new route53.AaaaRecord(scope, `AliasRecordIpv6${suffix}`, { zone, recordName: domainName, target });
  });
}
