import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CoreAnnotations, App, CfnElement, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  EdgeDistribution, EdgeDistributionProps, EdgeStagingChanges, EdgeStagingOptions, LoadBalancerOriginAccess, OriginFailoverOptions, StagingTraffic,
} from '../../src/edge/edge-distribution';
import { StaticAssets } from '../../src/edge/static-assets';
import { cfnLint, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { logicalId, OTHER_REGION, TEST_ACCOUNT, testApp, testStack } from '../helpers';

const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0123abcd-0123-0123-0123-0123456789ab';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const ZONE_ID = 'Z0123456789ABCDEFGHIJ';

/** IDs of CloudFront's managed policies. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** AWS Shield's pattern for a protection's name, which the service matches against the whole name. */
const SHIELD_PROTECTION_NAME = /^[ a-zA-Z0-9_.-]{1,128}$/;

/** What the tests bring: a VPC and an internal load balancer with its own security group. */
interface Fixture {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
}

/** Construct ids of what the tests bring (the origin secret too), whose own compliance findings are not the construct's. */
const FIXTURE_IDS = ['Vpc', 'LoadBalancer', 'LoadBalancerSecurityGroup', 'RecoveryLoadBalancer', 'RecoveryLoadBalancerSecurityGroup', 'OriginSecret'];

type Configure = (fixture: Fixture) => Omit<EdgeDistributionProps, 'loadBalancer'>;

function regionalStack(app: App = testApp()): Stack {
  return new Stack(app, 'Regional', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
}

function fixture(stack: Stack): Fixture {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const securityGroup = new ec2.SecurityGroup(stack, 'LoadBalancerSecurityGroup', { vpc, allowAllOutbound: false });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'LoadBalancer', { vpc, internetFacing: false, securityGroup });
  return { stack, vpc, loadBalancer };
}

function build(configure: Configure = () => ({}), stack: Stack = testStack()) {
  const parts = fixture(stack);
  const edge = new EdgeDistribution(stack, 'Edge', { loadBalancer: parts.loadBalancer, ...configure(parts) });
  return { ...parts, edge, template: Template.fromStack(stack) };
}

/** A second internal load balancer in the fixture's VPC, standing for the recovery Region's. */
function recoveryLoadBalancer(f: Fixture): elbv2.ApplicationLoadBalancer {
  const securityGroup = new ec2.SecurityGroup(f.stack, 'RecoveryLoadBalancerSecurityGroup', { vpc: f.vpc, allowAllOutbound: false });
  return new elbv2.ApplicationLoadBalancer(f.stack, 'RecoveryLoadBalancer', { vpc: f.vpc, internetFacing: false, securityGroup });
}

/** Failover to a recovery load balancer with `options`, and the other props from `more`. */
function withFailover(options: Omit<OriginFailoverOptions, 'loadBalancer'> = {}, more: Configure = () => ({})): Configure {
  return (f) => ({ ...more(f), failover: { loadBalancer: recoveryLoadBalancer(f), ...options } });
}

function zone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
}

function assetsBucket(stack: Stack): s3.IBucket {
  return new StaticAssets(stack, 'Assets').bucket;
}

/** The DistributionConfig of the only distribution of the template. */
function distributionConfig(template: Template) {
  const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  expect(distributions).toHaveLength(1);
  return distributions[0].Properties.DistributionConfig;
}

/** The logical ID of the only VPC origin of a load balancer. */
function vpcOriginOf(template: Template, stack: Stack, loadBalancer: elbv2.IApplicationLoadBalancer): string {
  const arn = JSON.stringify(stack.resolve(loadBalancer.loadBalancerArn));
  const ids = Object.entries(template.findResources('AWS::CloudFront::VpcOrigin'))
    .filter(([, origin]) => JSON.stringify(origin.Properties.VpcOriginEndpointConfig.Arn) === arn)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** The origin a behaviour sends its requests to. */
function originOf(config: any, behavior: { TargetOriginId: string }) {
  const origins = config.Origins.filter((origin: { Id: string }) => origin.Id === behavior.TargetOriginId);
  expect(origins).toHaveLength(1);
  return origins[0];
}

/** The distribution's cache behaviors but the probe-only one of the default (tested on its own), or undefined when none. */
function behaviorsBesideProbes(config: any): any[] | undefined {
  const behaviors = (config.CacheBehaviors ?? []).filter((behavior: { PathPattern: string }) => behavior.PathPattern !== '/health/deep*');
  return behaviors.length > 0 ? behaviors : undefined;
}

function securityHeaders(template: Template) {
  const policies = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
}

describe('EdgeDistribution', () => {
  describe('defaults', () => {
    let stack: Stack;
    let loadBalancer: elbv2.ApplicationLoadBalancer;
    let edge: EdgeDistribution;
    let template: Template;
    beforeAll(() => {
      ({ stack, loadBalancer, edge, template } = build());
    });

    test('a VPC origin points at the load balancer, over HTTP on port 80, with TLS 1.2 as its only SSL protocol', () => {
      template.resourceCountIs('AWS::CloudFront::VpcOrigin', 1);
      template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
        VpcOriginEndpointConfig: {
          Arn: { Ref: logicalId(stack, loadBalancer) },
          HTTPPort: 80,
          HTTPSPort: 443,
          OriginProtocolPolicy: 'http-only',
          OriginSSLProtocols: ['TLSv1.2'],
          Name: Match.anyValue(),
        },
      });
    });

    test('the default behaviour sends every method to the VPC origin, uncached, with every viewer header but Host', () => {
      const config = distributionConfig(template);
      expect(config.DefaultCacheBehavior).toEqual({
        TargetOriginId: expect.any(String),
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ResponseHeadersPolicyId: { Ref: stack.getLogicalId(edge.responseHeadersPolicy.node.defaultChild as CfnElement) },
        Compress: true,
      });
      const vpcOriginId = Object.keys(template.findResources('AWS::CloudFront::VpcOrigin'))[0];
      expect(originOf(config, config.DefaultCacheBehavior)).toEqual({
        Id: config.DefaultCacheBehavior.TargetOriginId,
        DomainName: { 'Fn::GetAtt': [logicalId(stack, loadBalancer), 'DNSName'] },
        VpcOriginConfig: { VpcOriginId: { 'Fn::GetAtt': [vpcOriginId, 'Id'] }, OriginReadTimeout: 30, OriginKeepaliveTimeout: 5 },
      });
    });

    test('serves HTTP/2 and HTTP/3 over IPv4 and IPv6 from every edge location', () => {
      expect(distributionConfig(template)).toMatchObject({
        Enabled: true,
        HttpVersion: 'http2and3',
        IPV6Enabled: true,
        PriceClass: 'PriceClass_All',
      });
    });

    test('a new CLOUDFRONT-scope WebACL protects the distribution', () => {
      template.resourceCountIs('AWS::WAFv2::WebACL', 1);
      template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
      const webAclId = stack.getLogicalId(edge.firewall!.webAcl);
      expect(distributionConfig(template).WebACLId).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
      expect(stack.resolve(edge.webAclArn)).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    });

    test('logs to a new bucket that accepts CloudFront\'s ACLs, under cloudfront/, kept 90 days and retained', () => {
      const bucketId = logicalId(stack, edge.logBucket);
      expect(distributionConfig(template).Logging).toEqual({
        Bucket: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
        Prefix: 'cloudfront/',
      });
      const bucket = template.toJSON().Resources[bucketId];
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] });
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 90, Status: 'Enabled' })]);
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
    });

    test('the log bucket\'s server access logs go to a second new bucket, under cloudfront-access-logs/', () => {
      template.resourceCountIs('AWS::S3::Bucket', 2);
      const serverAccessLogs = edge.node.findChild('ServerAccessLogs') as s3.Bucket;
      template.hasResourceProperties('AWS::S3::Bucket', {
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalId(stack, serverAccessLogs) },
          LogFilePrefix: 'cloudfront-access-logs/',
        },
      });
    });

    test('every response gets HSTS for two years with subdomains, nosniff, DENY framing and a strict referrer policy, overriding the app', () => {
      expect(securityHeaders(template)).toEqual({
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      });
    });

    test('without a bucket every request goes to the load balancer', () => {
      const config = distributionConfig(template);
      expect(behaviorsBesideProbes(config)).toBeUndefined();
      expect(config.Origins).toHaveLength(1);
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    });

    test('without domain names it has no certificate, alias or record', () => {
      const config = distributionConfig(template);
      expect(config.ViewerCertificate).toBeUndefined();
      expect(config.Aliases).toBeUndefined();
      template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
      template.resourceCountIs('AWS::Route53::RecordSet', 0);
      expect(edge.certificate).toBeUndefined();
    });

    test('adds no Shield Advanced protection and no custom error response or geo restriction', () => {
      template.resourceCountIs('AWS::Shield::Protection', 0);
      const config = distributionConfig(template);
      expect(config.CustomErrorResponses).toBeUndefined();
      expect(config.Restrictions).toBeUndefined();
    });

    test('exposes its parts', () => {
      expect(stack.resolve(edge.distributionDomainName)).toEqual({ 'Fn::GetAtt': [logicalId(stack, edge.distribution), 'DomainName'] });
      expect(edge.firewall).toBe(edge.node.findChild('Firewall'));
      expect(edge.logBucket).toBe(edge.node.findChild('AccessLogs'));
      expect(edge.responseHeadersPolicy).toBe(edge.node.findChild('SecurityHeaders'));
    });

    test('uses stable construct ids for its children', () => {
      expect(edge.node.children.map((child) => child.node.id).sort())
        .toEqual(['AccessLogs', 'Distribution', 'Firewall', 'ProbeOnlyFunction', 'SecurityHeaders', 'ServerAccessLogs']);
    });

    test('warns once, naming the fix, that viewers get CloudFront\'s default certificate and the origin gets HTTP', () => {
      const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue());
      expect(warnings.map((warning) => warning.id)).toEqual([`/${edge.node.path}`]);
      const text = String(warnings[0].entry.data);
      expect(text).toMatch(/default certificate.*TLSv1.*over HTTP.*give domainNames with a hostedZone or certificate/s);
      expect(text).toContain(EdgeDistribution.DEFAULT_CERTIFICATE_WARNING);
    });

    test('the warning can be acknowledged by its id', () => {
      const acknowledged = build(() => ({}));
      CoreAnnotations.of(acknowledged.edge).acknowledgeWarning(EdgeDistribution.DEFAULT_CERTIFICATE_WARNING, 'a test distribution');
      Annotations.fromStack(acknowledged.stack).hasNoWarning('*', Match.anyValue());
    });

    test('leaves the TLS policy and SNI of CloudFront\'s default certificate to CloudFront (aws-cdk-lib would ignore them with a warning)', () => {
      expect(distributionConfig(template).ViewerCertificate).toBeUndefined();
    });
  });

  describe('static assets', () => {
    test('/static/* is served from the bucket through Origin Access Control, cached and compressed', () => {
      const { stack, edge, template } = build(({ stack: s }) => ({ staticAssetsBucket: assetsBucket(s) }));
      const config = distributionConfig(template);
      expect(behaviorsBesideProbes(config)!).toEqual([{
        PathPattern: '/static/*',
        TargetOriginId: expect.any(String),
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachePolicyId: CACHING_OPTIMIZED,
        ResponseHeadersPolicyId: { Ref: stack.getLogicalId(edge.responseHeadersPolicy.node.defaultChild as CfnElement) },
        Compress: true,
      }]);
      const bucketId = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('AssetsBucket'));
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      const oacId = Object.keys(template.findResources('AWS::CloudFront::OriginAccessControl'))[0];
      expect(originOf(config, behaviorsBesideProbes(config)![0])).toMatchObject({
        DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      });
      expect(behaviorsBesideProbes(config)![0].TargetOriginId).not.toEqual(config.DefaultCacheBehavior.TargetOriginId);
    });

    test('the bucket policy lets only this distribution read the objects', () => {
      const { stack, edge, template } = build(({ stack: s }) => ({ staticAssetsBucket: assetsBucket(s) }));
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': ['', [
                    'arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: logicalId(stack, edge.distribution) },
                  ]],
                },
              },
            },
          })]),
        },
      });
    });

    test('staticPathPatterns make one behaviour each, in the order given, all to one S3 origin', () => {
      const patterns = ['/assets/*', '*.css', '/static/*'];
      const { template } = build(({ stack: s }) => ({ staticAssetsBucket: assetsBucket(s), staticPathPatterns: patterns }));
      const config = distributionConfig(template);
      expect(behaviorsBesideProbes(config)!.map((behavior: { PathPattern: string }) => behavior.PathPattern)).toEqual(patterns);
      expect(new Set(behaviorsBesideProbes(config)!.map((behavior: { TargetOriginId: string }) => behavior.TargetOriginId)).size).toBe(1);
      for (const behavior of behaviorsBesideProbes(config)!) {
        expect(behavior).toMatchObject({ CachePolicyId: CACHING_OPTIMIZED, Compress: true, AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
      }
      expect(config.Origins).toHaveLength(2);
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    });

    test('74 path patterns, CloudFront\'s default quota with the default behaviour, are accepted', () => {
      const patterns = Array.from({ length: 74 }, (_, i) => `/p${i}/*`);
      const { template } = build(({ stack: s }) => ({
        staticAssetsBucket: assetsBucket(s), staticPathPatterns: patterns, probeOnlyPathPatterns: [],
      }));
      expect(distributionConfig(template).CacheBehaviors).toHaveLength(74);
    });

    test('a plain S3-managed bucket works too', () => {
      const { template } = build(({ stack: s }) => ({ staticAssetsBucket: new s3.Bucket(s, 'Plain') }));
      const config = distributionConfig(template);
      expect(behaviorsBesideProbes(config)!).toHaveLength(1);
      expect(originOf(config, behaviorsBesideProbes(config)![0]).OriginAccessControlId).toBeDefined();
    });

    test.each<[string, (stack: Stack) => s3.IBucket]>([
      ['a StaticAssets bucket', assetsBucket],
      ['a bucket with a key it creates', (s) => new s3.Bucket(s, 'Encrypted', { encryption: s3.BucketEncryption.KMS })],
    ])('the wildcard key policy warning of Origin Access Control is acknowledged for %s', (_name, bucket) => {
      const { stack, template } = build(({ stack: s }) => ({ staticAssetsBucket: bucket(s) }));
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('wildcardKeyPolicyForOac'));
      // The statement that the warning is about is there: CloudFront may decrypt for this account's distributions.
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 'kms:Decrypt',
            Condition: { ArnLike: { 'AWS:SourceArn': Match.anyValue() } },
          })]),
        },
      });
    });
  });

  test('the warning stays for a key created directly in the stack, where acknowledging it would hide it for every distribution', () => {
    const { stack } = build(({ stack: s }) => ({ staticAssetsBucket: new s3.Bucket(s, 'Encrypted', { encryptionKey: new kms.Key(s, 'Key') }) }));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('wildcardKeyPolicyForOac'));
  });

  describe('options', () => {
    test('contentSecurityPolicy adds the header without overriding the app\'s own', () => {
      const { template } = build(() => ({ contentSecurityPolicy: "default-src 'self'" }));
      expect(securityHeaders(template).ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: "default-src 'self'", Override: false });
    });

    test('priceClass, geoRestriction and errorResponses are passed to the distribution', () => {
      const { template } = build(() => ({
        priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
        geoRestriction: cloudfront.GeoRestriction.denylist('KP', 'IR'),
        errorResponses: [{ httpStatus: 503, responsePagePath: '/static/maintenance.html', responseHttpStatus: 503, ttl: Duration.seconds(10) }],
      }));
      expect(distributionConfig(template)).toMatchObject({
        PriceClass: 'PriceClass_100',
        Restrictions: { GeoRestriction: { RestrictionType: 'blacklist', Locations: ['KP', 'IR'] } },
        CustomErrorResponses: [{ ErrorCode: 503, ResponseCode: 503, ResponsePagePath: '/static/maintenance.html', ErrorCachingMinTTL: 10 }],
      });
    });

    test('a given logBucket receives the logs and no bucket is created', () => {
      const { stack, edge, template } = build(({ stack: s }) => ({
        logBucket: new s3.Bucket(s, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }),
      }));
      template.resourceCountIs('AWS::S3::Bucket', 1);
      const bucketId = logicalId(stack, stack.node.findChild('Logs'));
      expect(distributionConfig(template).Logging).toEqual({ Bucket: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
      expect(edge.logBucket).toBe(stack.node.findChild('Logs'));
      expect(edge.node.tryFindChild('AccessLogs')).toBeUndefined();
      expect(edge.node.tryFindChild('ServerAccessLogs')).toBeUndefined();
    });

    test('a given serverAccessLogsBucket receives the log bucket\'s server access logs', () => {
      const { stack, template } = build(({ stack: s }) => ({ serverAccessLogsBucket: new s3.Bucket(s, 'ServerLogs') }));
      template.resourceCountIs('AWS::S3::Bucket', 2);
      template.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack, stack.node.findChild('ServerLogs')) }, LogFilePrefix: 'cloudfront-access-logs/' },
      });
    });

    test('a given webAclArn protects the distribution and no WebACL is created', () => {
      const { edge, template } = build(() => ({ webAclArn: WEB_ACL_ARN }));
      template.resourceCountIs('AWS::WAFv2::WebACL', 0);
      template.resourceCountIs('AWS::Logs::LogGroup', 0);
      template.resourceCountIs('AWS::KMS::Key', 0);
      expect(distributionConfig(template).WebACLId).toEqual(WEB_ACL_ARN);
      expect(edge.webAclArn).toEqual(WEB_ACL_ARN);
      expect(edge.firewall).toBeUndefined();
    });

    test('firewall settings are passed to the new WebACL, which stays CLOUDFRONT-scoped', () => {
      const { template } = build(() => ({ firewall: { rateLimit: 500, rateLimitWindow: Duration.minutes(1) } }));
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        Rules: Match.arrayWith([Match.objectLike({
          Name: 'RateLimitPerIp',
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 500, EvaluationWindowSec: 60 } },
        })]),
      });
    });

    test('a given encryptionKey encrypts the WAF log group and no key is created', () => {
      const { stack, template } = build(({ stack: s }) => ({ encryptionKey: new kms.Key(s, 'BroughtKey') }));
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        KmsKeyId: { 'Fn::GetAtt': [logicalId(stack, stack.node.findChild('BroughtKey')), 'Arn'] },
      });
    });

    test('shieldAdvanced protects the distribution, under a name that Shield accepts', () => {
      const { stack, edge, template } = build(() => ({ shieldAdvanced: true }));
      template.resourceCountIs('AWS::Shield::Protection', 1);
      const protection = Object.values(template.findResources('AWS::Shield::Protection'))[0].Properties;
      expect(protection.ResourceArn).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::123456789012:distribution/', { Ref: logicalId(stack, edge.distribution) }]],
      });
      expect(protection.Name).toMatch(SHIELD_PROTECTION_NAME);
      expect(protection.Name).toContain('Edge');
    });

    test('shieldAdvanced with a hostedZone protects the hosted zone too', () => {
      const { template } = build(({ stack: s }) => ({ shieldAdvanced: true, hostedZone: zone(s), domainNames: ['www.example.com'] }));
      template.resourceCountIs('AWS::Shield::Protection', 2);
      template.hasResourceProperties('AWS::Shield::Protection', {
        ResourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:route53:::hostedzone/${ZONE_ID}`]] },
      });
      const names = Object.values(template.findResources('AWS::Shield::Protection')).map((r) => r.Properties.Name);
      expect(new Set(names).size).toBe(2);
      for (const name of names) {
        expect(name).toMatch(SHIELD_PROTECTION_NAME);
      }
    });

    test('the Shield protection name of a deeply nested distribution keeps its last 128 characters', () => {
      const stack = testStack();
      const { loadBalancer } = fixture(stack);
      const parent = new Construct(stack, 'P'.repeat(120));
      new EdgeDistribution(parent, 'Edge', { loadBalancer, webAclArn: WEB_ACL_ARN, shieldAdvanced: true });
      const names = Object.values(Template.fromStack(stack).findResources('AWS::Shield::Protection')).map((r) => r.Properties.Name);
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(SHIELD_PROTECTION_NAME);
      expect(names[0]).toMatch(/^P+.Edge.Distribution$/);
      expect(names[0]).toHaveLength(128);
    });
  });

  describe('with a domain', () => {
    let stack: Stack;
    let edge: EdgeDistribution;
    let template: Template;
    beforeAll(() => {
      ({ stack, edge, template } = build(({ stack: s }) => ({ domainNames: ['www.example.com', 'example.com'], hostedZone: zone(s) })));
    });

    test('gives no warning', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('a new DNS-validated certificate covers every name', () => {
      template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
      template.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'www.example.com',
        SubjectAlternativeNames: ['example.com'],
        ValidationMethod: 'DNS',
        DomainValidationOptions: [
          { DomainName: 'www.example.com', HostedZoneId: ZONE_ID },
          { DomainName: 'example.com', HostedZoneId: ZONE_ID },
        ],
      });
      expect(stack.resolve(edge.certificate!.certificateArn)).toEqual({ Ref: logicalId(stack, edge.certificate!) });
    });

    test('the distribution answers to the names with TLS 1.2_2021 or newer over SNI', () => {
      const config = distributionConfig(template);
      expect(config.Aliases).toEqual(['www.example.com', 'example.com']);
      expect(config.ViewerCertificate).toEqual({
        AcmCertificateArn: { Ref: logicalId(stack, edge.certificate!) },
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      });
    });

    test('each name gets an A and an AAAA alias record of the distribution', () => {
      template.resourceCountIs('AWS::Route53::RecordSet', 4);
      for (const type of ['A', 'AAAA']) {
        for (const name of ['www.example.com.', 'example.com.']) {
          template.hasResourceProperties('AWS::Route53::RecordSet', {
            Name: name,
            Type: type,
            HostedZoneId: ZONE_ID,
            AliasTarget: Match.objectLike({ DNSName: { 'Fn::GetAtt': [logicalId(stack, edge.distribution), 'DomainName'] } }),
          });
        }
      }
    });

    test('a given us-east-1 certificate is used and none is created', () => {
      const result = build(({ stack: s }) => ({
        domainNames: ['www.example.com'],
        hostedZone: zone(s),
        certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN),
      }));
      result.template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
      expect(distributionConfig(result.template).ViewerCertificate).toMatchObject({ AcmCertificateArn: CERTIFICATE_ARN });
      result.template.resourceCountIs('AWS::Route53::RecordSet', 2);
    });

    test('a given certificate works without a hosted zone, and no record is created', () => {
      const result = build(({ stack: s }) => ({
        domainNames: ['www.example.com'],
        certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE_ARN),
      }));
      expect(distributionConfig(result.template).Aliases).toEqual(['www.example.com']);
      result.template.resourceCountIs('AWS::Route53::RecordSet', 0);
    });
  });

  describe('secret header origin', () => {
    test('CloudFront sends the secret in the header to originDomainName over HTTPS, without a VPC origin', () => {
      let secret: secretsmanager.Secret | undefined;
      const { stack, template } = build(({ stack: s }) => {
        secret = new secretsmanager.Secret(s, 'OriginSecret');
        return {
          originAccess: LoadBalancerOriginAccess.secretHeader(secret),
          originProtocol: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originDomainName: 'origin.example.com',
        };
      });
      template.resourceCountIs('AWS::CloudFront::VpcOrigin', 0);
      const config = distributionConfig(template);
      expect(config.Origins).toHaveLength(1);
      expect(originOf(config, config.DefaultCacheBehavior)).toEqual({
        Id: config.DefaultCacheBehavior.TargetOriginId,
        DomainName: 'origin.example.com',
        CustomOriginConfig: {
          OriginProtocolPolicy: 'https-only',
          OriginSSLProtocols: ['TLSv1.2'],
          OriginReadTimeout: 30,
          OriginKeepaliveTimeout: 5,
        },
        OriginCustomHeaders: [{
          HeaderName: 'X-Origin-Verify',
          HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: logicalId(stack, secret!) }, ':SecretString:::}}']] },
        }],
      });
    });

    test('a custom header name is used, and HTTPS is the default with originDomainName', () => {
      const { template } = build(({ stack: s }) => ({
        originAccess: LoadBalancerOriginAccess.secretHeader(new secretsmanager.Secret(s, 'OriginSecret'), 'X-My-Secret'),
        originDomainName: 'origin.example.com',
      }));
      const config = distributionConfig(template);
      expect(config.Origins[0].CustomOriginConfig.OriginProtocolPolicy).toEqual('https-only');
      expect(config.Origins[0].OriginCustomHeaders).toEqual([expect.objectContaining({ HeaderName: 'X-My-Secret' })]);
    });

    test('a VPC origin with originDomainName connects over HTTPS to that name', () => {
      const { template } = build(() => ({ originDomainName: 'origin.example.com' }));
      template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
        VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', HTTPSPort: 443 }),
      });
      const config = distributionConfig(template);
      expect(originOf(config, config.DefaultCacheBehavior).DomainName).toEqual('origin.example.com');
    });
  });

  describe('probe-only paths', () => {
    /** The probe-only behaviours of a template. */
    const probeBehaviors = (template: Template) => (distributionConfig(template).CacheBehaviors ?? [])
      .filter((behavior: any) => behavior.FunctionAssociations !== undefined);
    /** The CloudFront Function's handler, run here on a viewer request event of the documented shape. */
    function handlerOf(template: Template): (event: any) => any {
      const functions = Object.values(template.findResources('AWS::CloudFront::Function'));
      expect(functions).toHaveLength(1);
      const code = functions[0].Properties.FunctionCode as string;
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      return new Function(`${code}\nreturn handler;`)() as (event: any) => any;
    }
    const request = (headers: Record<string, { value: string }>) => ({
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '192.0.2.1' },
      request: { method: 'GET', uri: '/health/deep', querystring: {}, headers, cookies: {} },
    });

    test("by default /health/deep* goes to the load balancer uncached, GET and HEAD only, through a function on the viewer's request, before the other behaviours", () => {
      const { stack, edge, template } = build(({ stack: s }) => ({ staticAssetsBucket: assetsBucket(s), staticPathPatterns: ['/*.json'] }));
      const config = distributionConfig(template);
      const functionId = Object.keys(template.findResources('AWS::CloudFront::Function'))[0];
      expect(config.CacheBehaviors[0]).toEqual({
        PathPattern: '/health/deep*',
        TargetOriginId: config.DefaultCacheBehavior.TargetOriginId,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ResponseHeadersPolicyId: { Ref: stack.getLogicalId(edge.responseHeadersPolicy.node.defaultChild as CfnElement) },
        Compress: true,
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }],
      });
      template.hasResourceProperties('AWS::CloudFront::Function', {
        AutoPublish: true,
        FunctionConfig: { Runtime: 'cloudfront-js-2.0', Comment: Match.stringLikeRegexp('X-Health-Probe') },
      });
    });

    test('the function answers 403 at the edge, uncached, to a request without the probe header, and passes one that has it', () => {
      const handler = handlerOf(build().template);
      const refused: Array<Record<string, { value: string }>> = [{}, { 'x-health-probe': { value: '' } }, { 'x-origin-verify': { value: 'token' } }];
      for (const headers of refused) {
        expect(handler(request(headers))).toEqual({ statusCode: 403, statusDescription: 'Forbidden', headers: { 'cache-control': { value: 'no-store' } } });
      }
      const event = request({ 'x-health-probe': { value: 'token' }, 'host': { value: 'www.example.com' } });
      expect(handler(event)).toBe(event.request);
    });

    test('the header is the one the app tier documents and the sample app reads', () => {
      expect(EdgeDistribution.HEALTH_PROBE_HEADER).toBe('X-Health-Probe');
      const server = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'sample-app', 'server.py'), 'utf8');
      expect(server).toContain(`PROBE_HEADER = "${EdgeDistribution.HEALTH_PROBE_HEADER}"`);
      expect(server).toContain('DEEP_HEALTH_PATH = "/health/deep"');
    });

    test('with failover, probes follow the default behaviour to the origin group', () => {
      const config = distributionConfig(build(withFailover()).template);
      expect(probeBehaviors(build(withFailover()).template)).toHaveLength(1);
      expect(config.CacheBehaviors[0].TargetOriginId).toEqual(config.DefaultCacheBehavior.TargetOriginId);
      expect(config.OriginGroups.Items[0].Id).toEqual(config.DefaultCacheBehavior.TargetOriginId);
    });

    test('patterns of their own make one behaviour each, all with the one function', () => {
      const { template } = build(() => ({ probeOnlyPathPatterns: ['/internal/health', '/metrics*'] }));
      expect(probeBehaviors(template).map((behavior: any) => behavior.PathPattern)).toEqual(['/internal/health', '/metrics*']);
      template.resourceCountIs('AWS::CloudFront::Function', 1);
    });

    test('an empty list turns the restriction off: no behaviour, no function', () => {
      const { template } = build(() => ({ probeOnlyPathPatterns: [] }));
      expect(distributionConfig(template).CacheBehaviors).toBeUndefined();
      template.resourceCountIs('AWS::CloudFront::Function', 0);
    });

    test.each<[string, Configure, string]>([
      ['a pattern that is also a static path', (f) => ({ staticAssetsBucket: assetsBucket(f.stack), probeOnlyPathPatterns: ['/static/*'] }),
        'invalid probeOnlyPathPatterns (["/static/*"]): a path pattern is either for probes or for the static assets or writes, not both'],
      ['a pattern that is also a write path', withFailover({ writePathPatterns: ['/health/deep*'] }),
        'a path pattern is either for probes or for the static assets or writes, not both'],
      ['74 static paths beside the default probe-only path',
        (f) => ({ staticAssetsBucket: assetsBucket(f.stack), staticPathPatterns: Array.from({ length: 74 }, (_, i) => `/p${i}/*`) }),
        "invalid staticPathPatterns ('74 patterns beside the default probe-only /health/deep*'): CloudFront allows 75 cache behaviors by default and the default behavior, the static and the write path patterns take them all"],
      ['74 write paths beside the default probe-only path', withFailover({ writePathPatterns: Array.from({ length: 74 }, (_, i) => `/w${i}/*`) }),
        "invalid failover.writePathPatterns ('74 patterns beside the default probe-only /health/deep*')"],
      ['more patterns than the others leave room for',
        (f) => ({ staticAssetsBucket: assetsBucket(f.stack), staticPathPatterns: Array.from({ length: 73 }, (_, i) => `/p${i}/*`), probeOnlyPathPatterns: ['/a', '/b'] }),
        'invalid probeOnlyPathPatterns (["/a","/b"]): give 1 to 1 path patterns'],
      ["'*'", () => ({ probeOnlyPathPatterns: ['*'] }), "invalid probeOnlyPathPatterns ('*')"],
      ['a pattern with a space', () => ({ probeOnlyPathPatterns: ['/health deep'] }), 'give path patterns of at most 255 characters'],
      ['a pattern twice', () => ({ probeOnlyPathPatterns: ['/a', '/a'] }), 'list each path pattern once'],
      ['a string instead of an array', () => ({ probeOnlyPathPatterns: '/health/deep*' as any }), 'probeOnlyPathPatterns'],
    ])('refuses %s', (_name, configure, message) => {
      expect(() => build(configure)).toThrow(message);
    });
  });

  describe('origin failover', () => {
    const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'];
    let stack: Stack;
    let loadBalancer: elbv2.ApplicationLoadBalancer;
    let recovery: elbv2.ApplicationLoadBalancer;
    let edge: EdgeDistribution;
    let template: Template;
    let config: any;
    beforeAll(() => {
      ({ stack, loadBalancer, edge, template } = build((f) => {
        recovery = recoveryLoadBalancer(f);
        return { failover: { loadBalancer: recovery, writePathPatterns: ['/api/*', '/login'] } };
      }));
      config = distributionConfig(template);
    });

    const securityHeadersRef = () => ({ Ref: stack.getLogicalId(edge.responseHeadersPolicy.node.defaultChild as CfnElement) });
    const vpcOriginRef = (lb: elbv2.IApplicationLoadBalancer) => ({ 'Fn::GetAtt': [vpcOriginOf(template, stack, lb), 'Id'] });

    test('the default behaviour sends requests to an origin group: the primary load balancer, then the recovery one on 500, 502, 503 and 504', () => {
      expect(config.OriginGroups.Quantity).toBe(1);
      const [group] = config.OriginGroups.Items;
      expect(group).toEqual({
        Id: config.DefaultCacheBehavior.TargetOriginId,
        FailoverCriteria: { StatusCodes: { Items: [500, 502, 503, 504], Quantity: 4 } },
        Members: { Items: [{ OriginId: expect.any(String) }, { OriginId: expect.any(String) }], Quantity: 2 },
      });
      const [primary, fallback] = group.Members.Items.map((member: { OriginId: string }) => originOf(config, { TargetOriginId: member.OriginId }));
      expect(primary).toMatchObject({
        DomainName: { 'Fn::GetAtt': [logicalId(stack, loadBalancer), 'DNSName'] },
        VpcOriginConfig: { VpcOriginId: vpcOriginRef(loadBalancer) },
      });
      expect(fallback).toMatchObject({
        DomainName: { 'Fn::GetAtt': [logicalId(stack, recovery), 'DNSName'] },
        VpcOriginConfig: { VpcOriginId: vpcOriginRef(recovery) },
      });
    });

    test('the default behaviour allows only GET, HEAD and OPTIONS, the methods CloudFront can fail over, and stays uncached', () => {
      expect(config.DefaultCacheBehavior).toEqual({
        TargetOriginId: config.OriginGroups.Items[0].Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ResponseHeadersPolicyId: securityHeadersRef(),
        Compress: true,
      });
    });

    test('each write path pattern is a behaviour that sends every method to the primary load balancer alone, uncached', () => {
      expect(behaviorsBesideProbes(config)!.map((behavior: { PathPattern: string }) => behavior.PathPattern)).toEqual(['/api/*', '/login']);
      const groupIds = config.OriginGroups.Items.map((group: { Id: string }) => group.Id);
      for (const behavior of behaviorsBesideProbes(config)!) {
        expect(behavior).toEqual({
          PathPattern: behavior.PathPattern,
          TargetOriginId: expect.any(String),
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ALL_METHODS,
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          ResponseHeadersPolicyId: securityHeadersRef(),
          Compress: true,
        });
        expect(groupIds).not.toContain(behavior.TargetOriginId);
        expect(originOf(config, behavior)).toMatchObject({
          DomainName: { 'Fn::GetAtt': [logicalId(stack, loadBalancer), 'DNSName'] },
          VpcOriginConfig: { VpcOriginId: vpcOriginRef(loadBalancer) },
        });
      }
    });

    test('both load balancers are VPC origins over HTTP, which CloudFront gives up on after 2 connection attempts of 5 seconds', () => {
      template.resourceCountIs('AWS::CloudFront::VpcOrigin', 2);
      for (const lb of [loadBalancer, recovery]) {
        expect(template.toJSON().Resources[vpcOriginOf(template, stack, lb)].Properties.VpcOriginEndpointConfig).toMatchObject({
          Arn: { Ref: logicalId(stack, lb) },
          OriginProtocolPolicy: 'http-only',
          HTTPPort: 80,
          OriginSSLProtocols: ['TLSv1.2'],
        });
      }
      expect(config.Origins.length).toBeGreaterThanOrEqual(2);
      for (const origin of config.Origins) {
        expect(origin).toMatchObject({
          ConnectionAttempts: 2,
          ConnectionTimeout: 5,
          VpcOriginConfig: { OriginReadTimeout: 30, OriginKeepaliveTimeout: 5 },
        });
      }
    });

    test('without failover the origin keeps CloudFront\'s connection attempts and timeout, and there is no origin group', () => {
      const without = distributionConfig(build().template);
      expect(without.OriginGroups).toBeUndefined();
      expect(without.Origins).toHaveLength(1);
      expect(without.Origins[0].ConnectionAttempts).toBeUndefined();
      expect(without.Origins[0].ConnectionTimeout).toBeUndefined();
    });

    test('without write path patterns the app gets no other behaviour: it accepts GET, HEAD and OPTIONS only', () => {
      const only = distributionConfig(build(withFailover()).template);
      expect(behaviorsBesideProbes(only)).toBeUndefined();
      expect(only.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(only.OriginGroups.Items).toHaveLength(1);
    });

    test('statusCodes replace the status codes that fail over', () => {
      const custom = distributionConfig(build(withFailover({ statusCodes: [403, 500, 502] })).template);
      expect(custom.OriginGroups.Items[0].FailoverCriteria).toEqual({ StatusCodes: { Items: [403, 500, 502], Quantity: 3 } });
    });

    test('with HTTPS, CloudFront connects to each load balancer at the name its certificate covers', () => {
      const result = build(withFailover({ originDomainName: 'origin-recovery.example.com' }, () => ({ originDomainName: 'origin.example.com' })));
      const https = distributionConfig(result.template);
      const vpcOrigins = Object.values(result.template.findResources('AWS::CloudFront::VpcOrigin'));
      expect(vpcOrigins.map((origin) => origin.Properties.VpcOriginEndpointConfig.OriginProtocolPolicy)).toEqual(['https-only', 'https-only']);
      const members = https.OriginGroups.Items[0].Members.Items
        .map((member: { OriginId: string }) => originOf(https, { TargetOriginId: member.OriginId }).DomainName);
      expect(members).toEqual(['origin.example.com', 'origin-recovery.example.com']);
    });

    test('a load balancer of another Region, imported by ARN and DNS name, is the recovery VPC origin', () => {
      const arn = `arn:aws:elasticloadbalancing:${OTHER_REGION}:${TEST_ACCOUNT}:loadbalancer/app/recovery/0123456789abcdef`;
      const dnsName = `internal-recovery-123456789.${OTHER_REGION}.elb.amazonaws.com`;
      const result = build((f) => ({
        failover: {
          loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(f.stack, 'Recovery', {
            loadBalancerArn: arn, loadBalancerDnsName: dnsName, securityGroupId: 'sg-0123456789abcdef0',
          }),
        },
      }));
      result.template.hasResourceProperties('AWS::CloudFront::VpcOrigin', { VpcOriginEndpointConfig: Match.objectLike({ Arn: arn }) });
      const imported = distributionConfig(result.template);
      const fallbackId = imported.OriginGroups.Items[0].Members.Items[1].OriginId;
      expect(originOf(imported, { TargetOriginId: fallbackId }).DomainName).toEqual(dnsName);
    });

    test('static paths still go to the bucket; write and static paths share the 74 behaviours besides the default', () => {
      const statics = Array.from({ length: 70 }, (_, i) => `/static${i}/*`);
      const writes = ['/api/*', '/login', '/logout', '/upload/*'];
      const result = build(withFailover({ writePathPatterns: writes },
        (f) => ({ staticAssetsBucket: assetsBucket(f.stack), staticPathPatterns: statics, probeOnlyPathPatterns: [] })));
      const both = distributionConfig(result.template);
      expect(behaviorsBesideProbes(both)!).toHaveLength(74);
      const byPattern = Object.fromEntries(behaviorsBesideProbes(both)!.map((behavior: any) => [behavior.PathPattern, behavior]));
      for (const pattern of statics) {
        expect(byPattern[pattern]).toMatchObject({ CachePolicyId: CACHING_OPTIMIZED, AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
        expect(originOf(both, byPattern[pattern]).S3OriginConfig).toBeDefined();
      }
      for (const pattern of writes) {
        expect(byPattern[pattern]).toMatchObject({ CachePolicyId: CACHING_DISABLED, AllowedMethods: ALL_METHODS });
        expect(originOf(both, byPattern[pattern]).VpcOriginConfig).toBeDefined();
      }
    });

    test.each<[string, Configure]>([
      ['no write path patterns', withFailover({ writePathPatterns: [] })],
      ['a write path pattern like a static one, without a bucket', withFailover({ writePathPatterns: ['/static/*'] })],
      ['every status code CloudFront can fail over on', withFailover({ statusCodes: [400, 403, 404, 416, 500, 502, 503, 504] })],
      ['74 write path patterns without a bucket or probe-only paths',
        withFailover({ writePathPatterns: Array.from({ length: 74 }, (_, i) => `/w${i}/*`) }, () => ({ probeOnlyPathPatterns: [] }))],
      ['73 write path patterns beside the default probe-only path', withFailover({ writePathPatterns: Array.from({ length: 73 }, (_, i) => `/w${i}/*`) })],
    ])('accepts %s', (_name, configure) => {
      expect(() => build(configure)).not.toThrow();
    });

    test.each<[string, Configure, string | RegExp]>([
      ['a secret header origin',
        withFailover({}, (f) => ({
          originAccess: LoadBalancerOriginAccess.secretHeader(new secretsmanager.Secret(f.stack, 'OriginSecret')),
          originDomainName: 'origin.example.com',
        })),
        "TestStack/Edge: invalid failover ('SECRET_HEADER'): failover reaches both load balancers through VPC origins"],
      ['an HTTPS primary origin without failover.originDomainName',
        withFailover({}, () => ({ originDomainName: 'origin.example.com' })),
        'TestStack/Edge: invalid failover.originDomainName (undefined): an HTTPS origin needs the name'],
      ['HTTPS_ONLY without failover.originDomainName',
        withFailover({}, () => ({ originDomainName: 'origin.example.com', originProtocol: cloudfront.OriginProtocolPolicy.HTTPS_ONLY })),
        'TestStack/Edge: invalid failover.originDomainName (undefined)'],
      ['a malformed failover.originDomainName', withFailover({ originDomainName: 'recovery..example.com' }),
        "TestStack/Edge: invalid failover.originDomainName ('recovery..example.com'): give a fully qualified domain name"],
      ['a URL as failover.originDomainName', withFailover({ originDomainName: 'https://recovery.example.com' }),
        "TestStack/Edge: invalid failover.originDomainName ('https://recovery.example.com')"],
      ['a success status code', withFailover({ statusCodes: [200] }), 'TestStack/Edge: invalid failover.statusCodes ([200]): '],
      ['a status code below 400', withFailover({ statusCodes: [500, 399] }), 'TestStack/Edge: invalid failover.statusCodes ([500,399]): '],
      ['a status code above 599', withFailover({ statusCodes: [600] }), 'TestStack/Edge: invalid failover.statusCodes ([600]): '],
      ['a fractional status code', withFailover({ statusCodes: [502.5] }), 'TestStack/Edge: invalid failover.statusCodes ([502.5]): '],
      ['a 5xx code CloudFront does not fail over on', withFailover({ statusCodes: [501] }),
        'TestStack/Edge: invalid failover.statusCodes ([501]): give status codes that CloudFront fails over on: 400, 403, 404, 416, 500, 502, 503, 504'],
      ['429', withFailover({ statusCodes: [429] }), 'TestStack/Edge: invalid failover.statusCodes ([429]): give status codes that CloudFront fails over on'],
      ['no status code', withFailover({ statusCodes: [] }), 'TestStack/Edge: invalid failover.statusCodes ([]): give at least one status code'],
      ["the default behaviour's '*' as a write path", withFailover({ writePathPatterns: ['*'] }),
        "TestStack/Edge: invalid failover.writePathPatterns ('*'): give path patterns such as '/static/*'"],
      ["the default behaviour's '/*' as a write path", withFailover({ writePathPatterns: ['/api/*', '/*'] }),
        "TestStack/Edge: invalid failover.writePathPatterns ('/*')"],
      ['a write path with a space', withFailover({ writePathPatterns: ['/my api/*'] }), "TestStack/Edge: invalid failover.writePathPatterns ('/my api/*')"],
      ['an empty write path', withFailover({ writePathPatterns: [''] }), "TestStack/Edge: invalid failover.writePathPatterns ('')"],
      ['a write path named twice', withFailover({ writePathPatterns: ['/api/*', '/login', '/api/*'] }),
        'TestStack/Edge: invalid failover.writePathPatterns (["/api/*","/login","/api/*"]): list each path pattern once'],
      ['a write path that is also a static path',
        withFailover({ writePathPatterns: ['/api/*', '/static/*'] }, (f) => ({ staticAssetsBucket: assetsBucket(f.stack) })),
        'TestStack/Edge: invalid failover.writePathPatterns (["/static/*"]): a path pattern goes either to the static assets or to the app'],
      ['75 write paths', withFailover({ writePathPatterns: Array.from({ length: 75 }, (_, i) => `/w${i}/*`) }),
        /^TestStack\/Edge: invalid failover\.writePathPatterns \(\["\/w0\/\*",.*…\): give 1 to 74 path patterns/],
      ['more write paths than the static paths leave room for',
        withFailover({ writePathPatterns: ['/a/*', '/b/*', '/c/*', '/d/*', '/e/*'] },
          (f) => ({ staticAssetsBucket: assetsBucket(f.stack), staticPathPatterns: Array.from({ length: 70 }, (_, i) => `/static${i}/*`) })),
        /^TestStack\/Edge: invalid failover\.writePathPatterns \(\[.*"\/e\/\*"\]\): give 1 to 4 path patterns/],
    ])('rejects %s', (_name, configure, error) => {
      expect(() => build(configure)).toThrow(error);
    });
  });

  describe('outside us-east-1', () => {
    test('with a WebACL ARN and a us-east-1 certificate it synthesizes in eu-west-1', () => {
      const { template } = build((f) => ({
        webAclArn: WEB_ACL_ARN,
        domainNames: ['www.example.com'],
        hostedZone: zone(f.stack),
        certificate: acm.Certificate.fromCertificateArn(f.stack, 'Certificate', CERTIFICATE_ARN),
      }), regionalStack());
      template.resourceCountIs('AWS::WAFv2::WebACL', 0);
      template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
      template.resourceCountIs('AWS::CloudFront::VpcOrigin', 1);
      expect(distributionConfig(template)).toMatchObject({
        WebACLId: WEB_ACL_ARN,
        Aliases: ['www.example.com'],
        ViewerCertificate: { AcmCertificateArn: CERTIFICATE_ARN, MinimumProtocolVersion: 'TLSv1.2_2021' },
      });
      template.resourceCountIs('AWS::Route53::RecordSet', 2);
    });

    test('an imported certificate whose ARN is a token is accepted: only the deployment knows its Region', () => {
      const { template } = build((f) => ({
        webAclArn: WEB_ACL_ARN,
        domainNames: ['www.example.com'],
        certificate: acm.Certificate.fromCertificateArn(f.stack, 'Certificate', new CfnParameter(f.stack, 'CertificateArn').valueAsString),
      }), regionalStack());
      expect(distributionConfig(template).ViewerCertificate).toMatchObject({ AcmCertificateArn: { Ref: 'CertificateArn' } });
    });

    test('without a WebACL ARN, a stack without a Region is rejected; with one it synthesizes', () => {
      expect(() => build(() => ({}), new Stack(new App(), 'Agnostic'))).toThrow(/Agnostic\/Edge: invalid webAclArn \(undefined\): .*an unresolved Region/);
      const { template } = build(() => ({ webAclArn: WEB_ACL_ARN }), new Stack(new App(), 'Agnostic'));
      expect(distributionConfig(template).WebACLId).toEqual(WEB_ACL_ARN);
    });
  });

  describe('validation', () => {
    const secret = (s: Stack) => new secretsmanager.Secret(s, 'OriginSecret');
    const importedCertificate = (s: Stack, arn = CERTIFICATE_ARN) => acm.Certificate.fromCertificateArn(s, 'Certificate', arn);
    const withAssets = (patterns: string[]): Configure => (f) => ({ staticAssetsBucket: assetsBucket(f.stack), staticPathPatterns: patterns });

    test.each<[string, Configure, string | RegExp, (() => Stack)?]>([
      ['originProtocol MATCH_VIEWER',
        () => ({ originProtocol: cloudfront.OriginProtocolPolicy.MATCH_VIEWER }),
        "TestStack/Edge: invalid originProtocol ('match-viewer'): use HTTP_ONLY or HTTPS_ONLY"],
      ['HTTPS_ONLY without originDomainName',
        () => ({ originProtocol: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
        'TestStack/Edge: invalid originDomainName (undefined): an HTTPS origin needs the name'],
      ['secretHeader with HTTP_ONLY',
        (f) => ({ originAccess: LoadBalancerOriginAccess.secretHeader(secret(f.stack)), originProtocol: cloudfront.OriginProtocolPolicy.HTTP_ONLY }),
        "TestStack/Edge: invalid originProtocol ('http-only'): LoadBalancerOriginAccess.secretHeader sends the secret over the internet"],
      ['secretHeader without originDomainName (HTTP by default)',
        (f) => ({ originAccess: LoadBalancerOriginAccess.secretHeader(secret(f.stack)) }),
        "TestStack/Edge: invalid originProtocol ('http-only')"],
      ['a header name with a space',
        (f) => ({ originAccess: LoadBalancerOriginAccess.secretHeader(secret(f.stack), 'X Origin'), originDomainName: 'origin.example.com' }),
        "TestStack/Edge: invalid originAccess.headerName ('X Origin'): use letters, digits and hyphens"],
      ['a header name that CloudFront reserves',
        (f) => ({ originAccess: LoadBalancerOriginAccess.secretHeader(secret(f.stack), 'X-Amz-Secret'), originDomainName: 'origin.example.com' }),
        "TestStack/Edge: invalid originAccess.headerName ('X-Amz-Secret'): CloudFront does not let custom origin headers use this name"],
      ['a standard header as the secret header',
        (f) => ({ originAccess: LoadBalancerOriginAccess.secretHeader(secret(f.stack), 'Host'), originDomainName: 'origin.example.com' }),
        "TestStack/Edge: invalid originAccess.headerName ('Host')"],
      ['staticPathPatterns without a bucket',
        () => ({ staticPathPatterns: ['/static/*'] }),
        'TestStack/Edge: invalid staticPathPatterns (["/static/*"]): give staticAssetsBucket too'],
      ['a hostedZone without domainNames',
        (f) => ({ hostedZone: zone(f.stack) }),
        "TestStack/Edge: invalid hostedZone ('example.com'): give domainNames too"],
      ['an empty header name',
        (f) => ({ originAccess: LoadBalancerOriginAccess.secretHeader(secret(f.stack), ''), originDomainName: 'origin.example.com' }),
        "TestStack/Edge: invalid originAccess.headerName (''"],
      ['a malformed originDomainName',
        () => ({ originDomainName: 'origin..example.com' }),
        "TestStack/Edge: invalid originDomainName ('origin..example.com'): give a fully qualified domain name"],
      ['a URL as originDomainName',
        () => ({ originDomainName: 'https://origin.example.com' }),
        "TestStack/Edge: invalid originDomainName ('https://origin.example.com')"],
      ['a certificate without domainNames',
        (f) => ({ certificate: importedCertificate(f.stack) }),
        `TestStack/Edge: invalid certificate ('${CERTIFICATE_ARN}'): a certificate needs the domainNames it is for`],
      ['domainNames without a certificate or a hostedZone',
        () => ({ domainNames: ['www.example.com'] }),
        'TestStack/Edge: invalid certificate (undefined): give a certificate in us-east-1 for the domainNames, or a hostedZone'],
      ['a domain outside the zone',
        (f) => ({ domainNames: ['www.example.org'], hostedZone: zone(f.stack) }),
        "TestStack/Edge: invalid domainNames ('www.example.org'): every domain name must be in the hosted zone example.com"],
      ['a domain that only ends like the zone',
        (f) => ({ domainNames: ['www.notexample.com'], hostedZone: zone(f.stack) }),
        "TestStack/Edge: invalid domainNames ('www.notexample.com'): every domain name must be in the hosted zone example.com"],
      ['a domain named twice, in other case',
        (f) => ({ domainNames: ['www.example.com', 'WWW.example.com'], hostedZone: zone(f.stack) }),
        'TestStack/Edge: invalid domainNames (["www.example.com","WWW.example.com"]): list each domain name once'],
      ['a malformed domain',
        (f) => ({ domainNames: ['www..example.com'], hostedZone: zone(f.stack) }),
        "TestStack/Edge: invalid domainNames ('www..example.com'): give fully qualified domain names"],
      ['a domain with a space',
        (f) => ({ domainNames: ['a b.example.com'], hostedZone: zone(f.stack) }),
        "TestStack/Edge: invalid domainNames ('a b.example.com')"],
      ['a wildcard inside a domain',
        (f) => ({ domainNames: ['www.*.example.com'], hostedZone: zone(f.stack) }),
        "TestStack/Edge: invalid domainNames ('www.*.example.com')"],
      ['a webAclArn that is not a WAFv2 WebACL',
        () => ({ webAclArn: 'arn:aws:waf::123456789012:webacl/0123' }),
        "TestStack/Edge: invalid webAclArn ('arn:aws:waf::123456789012:webacl/0123'): give the ARN of a WAFv2 WebACL"],
      ['a webAclArn that is not an ARN',
        () => ({ webAclArn: 'my-web-acl' }),
        "TestStack/Edge: invalid webAclArn ('my-web-acl'): give the ARN of a WAFv2 WebACL"],
      ['a regional webAclArn',
        () => ({ webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/0123' }),
        /TestStack\/Edge: invalid webAclArn \('arn:aws:wafv2:us-east-1:123456789012:regional\/webacl\/edge\/0123'\): CloudFront takes only CLOUDFRONT-scope WebACLs/],
      ['a global-looking webAclArn from another Region',
        () => ({ webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:global/webacl/edge/0123' }),
        /TestStack\/Edge: invalid webAclArn \('arn:aws:wafv2:eu-west-1:.*'\): CloudFront takes only CLOUDFRONT-scope WebACLs, created in us-east-1/],
      ['both webAclArn and firewall',
        () => ({ webAclArn: WEB_ACL_ARN, firewall: { rateLimit: 100 } }),
        'TestStack/Edge: invalid firewall ({"rateLimit":100}): give either webAclArn (an existing WebACL) or firewall (settings of a new one), not both'],
      ['no static path', withAssets([]),
        'TestStack/Edge: invalid staticPathPatterns ([]): give 1 to 74 path patterns'],
      ["the default behaviour's '*' as a static path", withAssets(['*']),
        "TestStack/Edge: invalid staticPathPatterns ('*'): give path patterns such as '/static/*'"],
      ["the default behaviour's '/*' as a static path", withAssets(['/static/*', '/*']),
        "TestStack/Edge: invalid staticPathPatterns ('/*')"],
      ['a static path with a space', withAssets(['/my files/*']),
        "TestStack/Edge: invalid staticPathPatterns ('/my files/*')"],
      ['an empty static path', withAssets(['']),
        "TestStack/Edge: invalid staticPathPatterns ('')"],
      ['75 static paths', withAssets(Array.from({ length: 75 }, (_, i) => `/p${i}/*`)),
        /TestStack\/Edge: invalid staticPathPatterns \(\["\/p0\/\*",.*…\): give 1 to 74 path patterns/],
      ['a static path named twice', withAssets(['/a/*', '/b/*', '/a/*']),
        'TestStack/Edge: invalid staticPathPatterns (["/a/*","/b/*","/a/*"]): list each path pattern once'],
      ['no webAclArn in eu-west-1',
        () => ({}),
        /^Regional\/Edge: invalid webAclArn \(undefined\): CloudFront needs a CLOUDFRONT-scope WebACL, which exists only in us-east-1, and this stack is in eu-west-1: create a WebApplicationFirewall/,
        () => regionalStack()],
      ['domainNames and hostedZone without a certificate in eu-west-1',
        (f) => ({ webAclArn: WEB_ACL_ARN, domainNames: ['www.example.com'], hostedZone: zone(f.stack) }),
        /^Regional\/Edge: invalid certificate \(undefined\): CloudFront accepts certificates from us-east-1 only, and this stack is in eu-west-1: create an acm.Certificate/,
        () => regionalStack()],
      ['a certificate imported from eu-west-1',
        (f) => ({ domainNames: ['www.example.com'], certificate: importedCertificate(f.stack, 'arn:aws:acm:eu-west-1:123456789012:certificate/abc') }),
        "TestStack/Edge: invalid certificate ('arn:aws:acm:eu-west-1:123456789012:certificate/abc'): CloudFront accepts certificates from us-east-1 only, and this one is in eu-west-1"],
      ['a certificate imported from eu-west-1 into a eu-west-1 stack',
        (f) => ({ webAclArn: WEB_ACL_ARN, domainNames: ['www.example.com'], certificate: importedCertificate(f.stack, 'arn:aws:acm:eu-west-1:123456789012:certificate/abc') }),
        "Regional/Edge: invalid certificate ('arn:aws:acm:eu-west-1:123456789012:certificate/abc')",
        () => regionalStack()],
      ['a certificate created in a eu-west-1 stack',
        (f) => ({
          webAclArn: WEB_ACL_ARN,
          domainNames: ['www.example.com'],
          certificate: new acm.Certificate(f.stack, 'Certificate', { domainName: 'www.example.com' }),
        }),
        /^Regional\/Edge: invalid certificate \('\$\{Token\[.*\]\}'\): CloudFront accepts certificates from us-east-1 only, and this one is in eu-west-1/,
        () => regionalStack()],
      ['no webAclArn in a stack without a Region',
        () => ({}),
        /^Agnostic\/Edge: invalid webAclArn \(undefined\): .*this stack is in an unresolved Region/,
        () => new Stack(new App(), 'Agnostic')],
    ])('rejects %s', (_name, configure, error, stack) => {
      expect(() => build(configure, stack?.())).toThrow(error);
    });
  });

  describe('what AWS would reject', () => {
    const withAssets = (patterns: string[]): Configure => (f) => ({ staticAssetsBucket: assetsBucket(f.stack), staticPathPatterns: patterns });
    const csp = (length: number) => `default-src 'self'; img-src ${'a'.repeat(length - "default-src 'self'; img-src ".length)}`;

    test.each<[string, Configure, string | RegExp]>([
      ['a Content-Security-Policy over CloudFront\'s 1,783 characters', () => ({ contentSecurityPolicy: csp(1784) }),
        /^TestStack\/Edge: invalid contentSecurityPolicy \('1784 characters'\): give at most 1783 characters, CloudFront's quota for this header/],
      ['a Content-Security-Policy with a newline', () => ({ contentSecurityPolicy: "default-src 'self';\nimg-src *" }),
        /^TestStack\/Edge: invalid contentSecurityPolicy \('default-src 'self';\\nimg-src \*'\): give the policy on one line/],
      ['a Content-Security-Policy with a tab', () => ({ contentSecurityPolicy: "default-src\t'self'" }), /invalid contentSecurityPolicy .*on one line/],
      ['an empty Content-Security-Policy', () => ({ contentSecurityPolicy: '  ' }), /invalid contentSecurityPolicy \('  '\): give a policy such as/],
      ['an error response for 200', () => ({ errorResponses: [{ httpStatus: 200, ttl: Duration.seconds(10) }] }),
        /^TestStack\/Edge: invalid errorResponses\[0\]\.httpStatus \(200\): give a status code that CloudFront can replace: 400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504/],
      ['an error response for 401', () => ({ errorResponses: [{ httpStatus: 401, ttl: Duration.seconds(10) }] }), /invalid errorResponses\[0\]\.httpStatus \(401\)/],
      ['a replacement status of 302', () => ({ errorResponses: [{ httpStatus: 404, responseHttpStatus: 302, responsePagePath: '/404.html' }] }),
        /invalid errorResponses\[0\]\.responseHttpStatus \(302\): give a status code that CloudFront can send instead: 200, 400/],
      ['a replacement status without a page', () => ({ errorResponses: [{ httpStatus: 404, responseHttpStatus: 200 }] }),
        /invalid errorResponses\[0\]\.responseHttpStatus \(200\): give a responsePagePath too/],
      ['a page path without a leading slash', () => ({ errorResponses: [{ httpStatus: 404, responsePagePath: 'errors/404.html' }] }),
        /invalid errorResponses\[0\]\.responsePagePath \('errors\/404\.html'\): give a path that starts with \//],
      ['two responses for one status code', () => ({ errorResponses: [{ httpStatus: 503, ttl: Duration.seconds(0) }, { httpStatus: 503, ttl: Duration.seconds(5) }] }),
        /invalid errorResponses\[1\]\.httpStatus \(503\): give one error response per status code/],
      ['an error response that changes nothing', () => ({ errorResponses: [{ httpStatus: 503 }] }),
        /invalid errorResponses\[0\] \(\{"httpStatus":503\}\): give a responsePagePath, a ttl or both/],
      ['an error caching time in milliseconds', () => ({ errorResponses: [{ httpStatus: 503, ttl: Duration.millis(1500) }] }),
        /invalid errorResponses\[0\]\.ttl \('Duration.millis\(1500\)'\): give a whole number of seconds/],
      ['a domain name with a trailing dot', (f) => ({ domainNames: ['www.example.com.'], hostedZone: zone(f.stack) }),
        "TestStack/Edge: invalid domainNames ('www.example.com.'): give the name without the trailing dot, www.example.com"],
      ['a static path of 256 characters', withAssets([`/${'a'.repeat(253)}/*`]), /invalid staticPathPatterns \('\/a+\/\*'\): give path patterns of at most 255 characters/],
      ['a static path with a character CloudFront refuses', withAssets(['/static/[a-z]*']), /invalid staticPathPatterns \('\/static\/\[a-z\]\*'\)/],
      ['a static path of wildcards only', withAssets(['**']), /invalid staticPathPatterns \('\*\*'\): give path patterns such as '\/static\/\*'/],
    ])('refuses %s', (_name, configure, error) => {
      expect(() => build(configure)).toThrow(error);
    });

    test('accepts a Content-Security-Policy of exactly 1,783 characters', () => {
      const { template } = build(() => ({ contentSecurityPolicy: csp(1783) }));
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: csp(1783) } } },
      });
    });

    test('accepts the error responses CloudFront documents, a single-page app\'s 200 among them', () => {
      const { template } = build((f) => ({
        staticAssetsBucket: assetsBucket(f.stack),
        errorResponses: [
          { httpStatus: 403, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) },
          { httpStatus: 416, ttl: Duration.seconds(10) },
          { httpStatus: 504, responsePagePath: '/errors/504.html' },
        ],
      }));
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: {
          CustomErrorResponses: [
            { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
            { ErrorCode: 416, ErrorCachingMinTTL: 10 },
            { ErrorCode: 504, ResponseCode: 504, ResponsePagePath: '/errors/504.html' },
          ],
        },
      });
    });

    test('accepts static paths with ? and the other characters CloudFront allows', () => {
      const patterns = ['/img/????.png', "/a_b-c.d$e~f\"g'h@i:j+k&l/*"];
      const { template } = build(withAssets(patterns));
      const behaviors = behaviorsBesideProbes(distributionConfig(template))! as Array<{ PathPattern: string }>;
      const paths = behaviors.map((behavior) => behavior.PathPattern);
      expect(paths).toEqual(patterns);
    });

    test('uses domain names in lower case: the aliases, the certificate and the records', () => {
      const { template } = build((f) => ({ domainNames: ['WWW.Example.com', '*.Example.COM'], hostedZone: zone(f.stack) }));
      template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { Aliases: ['www.example.com', '*.example.com'] } });
      template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'www.example.com', SubjectAlternativeNames: ['*.example.com'] });
      template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com.', Type: 'A' });
    });
  });

  describe('types, for JavaScript callers', () => {
    test.each<[string, Record<string, unknown>, string, RegExp]>([
      ['a string where the list of domain names goes', { domainNames: 'www.example.com' }, 'domainNames',
        /\('www\.example\.com'\): give an array of domain names, for example \['www\.example\.com'\], not a string$/],
      ['a string where the path patterns go', { staticPathPatterns: '/static/*' }, 'staticPathPatterns', /give an array of path patterns.*, not a string$/],
      ['a number where the Content-Security-Policy goes', { contentSecurityPolicy: 1 }, 'contentSecurityPolicy', /\(1\): give a string, not a number$/],
      ['an unknown price class', { priceClass: 'PriceClass_50' }, 'priceClass', /give one of cloudfront\.PriceClass\.PRICE_CLASS_100/],
      ['a string where the origin access goes', { originAccess: 'vpc' }, 'originAccess',
        /\('vpc'\): give a LoadBalancerOriginAccess, for example LoadBalancerOriginAccess\.vpcOrigin\(\), not a string$/],
      ['a status code as a string', { errorResponses: [{ httpStatus: '404', ttl: Duration.seconds(1) }] }, 'errorResponses[0].httpStatus',
        /\('404'\): give a number, not a string$/],
      ['a number of seconds where the error caching time goes', { errorResponses: [{ httpStatus: 404, ttl: 10 }] }, 'errorResponses[0].ttl',
        /\(10\): give a Duration, for example Duration\.seconds\(10\), not a number$/],
      ['a zone name where the hosted zone goes', { domainNames: ['www.example.com'], hostedZone: 'example.com' }, 'hostedZone',
        /give a route53\.IHostedZone, not a string$/],
    ])('refuses %s', (_name, props, prop, message) => {
      expect(() => build(() => props as Omit<EdgeDistributionProps, 'loadBalancer'>)).toThrow(`TestStack/Edge: invalid ${prop} `);
      expect(() => build(() => props as Omit<EdgeDistributionProps, 'loadBalancer'>)).toThrow(message);
    });
  });

  describe('compliance', () => {
    const configurations: Record<string, (app: App) => void> = {
      'with a StaticAssets bucket': (app) => {
        build((f) => ({ staticAssetsBucket: assetsBucket(f.stack) }), testStack(app));
      },
      'fully configured (domain, static paths, headers, restrictions, error pages, firewall settings, Shield Advanced)': (app) => {
        build((f) => ({
          staticAssetsBucket: assetsBucket(f.stack),
          staticPathPatterns: ['/static/*', '/assets/*', '*.css'],
          domainNames: ['www.example.com', 'example.com'],
          hostedZone: zone(f.stack),
          contentSecurityPolicy: "default-src 'self'",
          priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
          geoRestriction: cloudfront.GeoRestriction.denylist('KP'),
          errorResponses: [{ httpStatus: 503, responsePagePath: '/static/maintenance.html', responseHttpStatus: 503, ttl: Duration.seconds(10) }],
          firewall: { rateLimit: 500, rateLimitWindow: Duration.minutes(1) },
          shieldAdvanced: true,
        }), testStack(app));
      },
      'secret header origin with a StaticAssets bucket': (app) => {
        build((f) => ({
          staticAssetsBucket: assetsBucket(f.stack),
          originAccess: LoadBalancerOriginAccess.secretHeader(new secretsmanager.Secret(f.stack, 'OriginSecret')),
          originDomainName: 'origin.example.com',
        }), testStack(app));
      },
      'origin failover over HTTPS, with write paths and a StaticAssets bucket': (app) => {
        build(withFailover({ originDomainName: 'origin-recovery.example.com', writePathPatterns: ['/api/*', '/login'], statusCodes: [500, 502, 503, 504, 403] },
          (f) => ({ staticAssetsBucket: assetsBucket(f.stack), originDomainName: 'origin.example.com' })), testStack(app));
      },
      'in eu-west-1 with a WebACL ARN and a us-east-1 certificate': (app) => {
        build((f) => ({
          staticAssetsBucket: assetsBucket(f.stack),
          webAclArn: WEB_ACL_ARN,
          domainNames: ['www.example.com'],
          hostedZone: zone(f.stack),
          certificate: acm.Certificate.fromCertificateArn(f.stack, 'Certificate', CERTIFICATE_ARN),
        }), regionalStack(app));
      },
    };

    describe.each(Object.entries(configurations))('%s', (_name, configure) => {
      test('the four cdk-nag packs report no unacknowledged error outside the test\'s VPC and load balancer', () => {
        const app = testApp();
        configure(app);
        const fixturePaths = FIXTURE_IDS.flatMap((id) => ['TestStack', 'Regional'].map((stack) => `${stack}/${id}/`));
        const findings = nagFindings(app).filter((finding) => !fixturePaths.some((prefix) => finding.path.startsWith(prefix)));
        expect(formatFindings(findings)).toEqual('');
      });

      test('cfn-lint reports no error or warning', () => {
        const app = testApp();
        configure(app);
        expect(cfnLint(templatesOf(app))).toEqual([]);
      });
    });
  });
});

describe('EdgeDistribution staging (continuous deployment)', () => {
  const HEADER = StagingTraffic.header('aws-cf-cd-staging', 'true');

  /** The primary and the staging distribution of a template, with their logical IDs. */
  function distributions(template: Template) {
    const all = Object.entries(template.findResources('AWS::CloudFront::Distribution'));
    expect(all).toHaveLength(2);
    const staging = all.filter(([, resource]) => resource.Properties.DistributionConfig.Staging === true);
    const primary = all.filter(([, resource]) => resource.Properties.DistributionConfig.Staging !== true);
    expect(staging).toHaveLength(1);
    expect(primary).toHaveLength(1);
    return {
      primaryId: primary[0][0],
      primary: primary[0][1].Properties.DistributionConfig,
      stagingId: staging[0][0],
      staging: staging[0][1].Properties.DistributionConfig,
    };
  }

  function policyOf(template: Template) {
    const policies = Object.entries(template.findResources('AWS::CloudFront::ContinuousDeploymentPolicy'));
    expect(policies).toHaveLength(1);
    return { policyId: policies[0][0], config: policies[0][1].Properties.ContinuousDeploymentPolicyConfig };
  }

  const patternsOf = (config: any) => (config.CacheBehaviors ?? []).map((behavior: { PathPattern: string }) => behavior.PathPattern);

  describe('off by default', () => {
    test('no staging distribution and no policy; the primary serves HTTP/3 and has no policy attached', () => {
      const { template, edge } = build();
      template.resourceCountIs('AWS::CloudFront::Distribution', 1);
      template.resourceCountIs('AWS::CloudFront::ContinuousDeploymentPolicy', 0);
      const config = distributionConfig(template);
      expect(config.HttpVersion).toBe('http2and3');
      expect(config.ContinuousDeploymentPolicyId).toBeUndefined();
      expect(config.Staging).toBeUndefined();
      expect(edge.stagingDistribution).toBeUndefined();
      expect(edge.continuousDeploymentPolicy).toBeUndefined();
    });
  });

  describe('with a header-based traffic configuration', () => {
    const built = () => build((f) => ({ staticAssetsBucket: assetsBucket(f.stack), staging: { traffic: HEADER } }));

    test('the staging distribution is a copy of the primary marked Staging, without HTTP/3 on either', () => {
      const { template } = built();
      const { primary, staging } = distributions(template);
      expect(staging.HttpVersion).toBe('http2');
      expect(primary.HttpVersion).toBe('http2');
      expect(staging.Enabled).toBe(true);
      expect(staging.Aliases).toBeUndefined();
      const origins = (config: any) => JSON.stringify(config.Origins.map(({ Id: _id, ...origin }: any) => origin));
      expect(origins(staging)).toEqual(origins(primary));
      for (const key of ['DefaultCacheBehavior', 'CacheBehaviors', 'Logging', 'WebACLId', 'PriceClass', 'IPV6Enabled', 'ViewerCertificate', 'Comment']) {
        // Origin IDs are named after each distribution's path; the origins themselves are compared below.
        const withoutOriginIds = (value: unknown) => JSON.stringify(value ?? null).replace(/"TargetOriginId":"[^"]+"/g, '');
        expect(withoutOriginIds(staging[key])).toEqual(withoutOriginIds(primary[key]));
      }
      expect(staging.Logging).toEqual(expect.objectContaining({ Prefix: 'cloudfront/' }));
      expect(staging.WebACLId).toEqual(expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) }));
    });

    test('the policy sends requests with the header to the staging distribution, and the primary has it attached', () => {
      const { template } = built();
      const { primaryId, stagingId } = distributions(template);
      const { policyId, config } = policyOf(template);
      expect(config).toEqual({
        Enabled: true,
        StagingDistributionDnsNames: [{ 'Fn::GetAtt': [stagingId, 'DomainName'] }],
        TrafficConfig: { Type: 'SingleHeader', SingleHeaderConfig: { Header: 'aws-cf-cd-staging', Value: 'true' } },
      });
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({ ContinuousDeploymentPolicyId: { 'Fn::GetAtt': [policyId, 'Id'] } }),
      });
      // The references order CloudFormation: staging distribution, then policy, then primary; the reverse on delete.
      const resources = template.toJSON().Resources;
      expect(JSON.stringify(resources[stagingId])).not.toContain(primaryId);
      expect(JSON.stringify(resources[stagingId])).not.toContain(policyId);
      expect(JSON.stringify(resources[policyId])).not.toContain(primaryId);
    });

    test('both distributions share the VPC origin, the Origin Access Control and the probe-only function; the bucket admits both', () => {
      const { template, stack, edge } = built();
      template.resourceCountIs('AWS::CloudFront::VpcOrigin', 1);
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      template.resourceCountIs('AWS::CloudFront::Function', 1);
      template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 1);
      const bucketPolicy = JSON.stringify(Object.values(template.findResources('AWS::S3::BucketPolicy'))
        .map((policy) => policy.Properties.PolicyDocument.Statement)
        .flat()
        .filter((statement: any) => JSON.stringify(statement.Principal ?? {}).includes('cloudfront.amazonaws.com')));
      expect(bucketPolicy).toContain(logicalId(stack, edge.distribution));
      expect(bucketPolicy).toContain(logicalId(stack, edge.stagingDistribution!));
    });

    test('the wildcard key policy warning of the static origin is acknowledged for the staging distribution\'s bind too', () => {
      const { stack } = built();
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('wildcardKeyPolicyForOac'));
    });

    test('the staging distribution is exposed with its metrics, and the policy too', () => {
      const { stack, edge } = built();
      const metric = edge.stagingDistribution!.metric5xxErrorRate();
      expect(metric.namespace).toBe('AWS/CloudFront');
      expect(stack.resolve(metric.dimensions)).toEqual({ DistributionId: { Ref: logicalId(stack, edge.stagingDistribution!) } });
      expect(edge.continuousDeploymentPolicy).toBeInstanceOf(cloudfront.CfnContinuousDeploymentPolicy);
    });
  });

  test('enabled: false keeps the staging distribution and turns the policy off', () => {
    const { template } = build(() => ({ staging: { traffic: HEADER, enabled: false } }));
    distributions(template);
    expect(policyOf(template).config.Enabled).toBe(false);
  });

  describe('weight-based traffic', () => {
    test.each<[string, StagingTraffic, object]>([
      ['sticky sessions by default, 5 minutes idle and 1 hour at most',
        StagingTraffic.weight(0.05), { Weight: 0.05, SessionStickinessConfig: { IdleTTL: 300, MaximumTTL: 3600 } }],
      ['session TTLs of its own', StagingTraffic.weight(0.15, { sessionIdleTtl: Duration.minutes(10), sessionMaximumTtl: Duration.minutes(30) }),
        { Weight: 0.15, SessionStickinessConfig: { IdleTTL: 600, MaximumTTL: 1800 } }],
      ['no stickiness', StagingTraffic.weight(0, { sessionStickiness: false }), { Weight: 0 }],
    ])('%s', (_name, traffic, expected) => {
      const { template } = build(() => ({ staging: { traffic } }));
      expect(policyOf(template).config.TrafficConfig).toEqual({ Type: 'SingleWeight', SingleWeightConfig: expected });
    });
  });

  describe('with a domain', () => {
    test('the staging distribution keeps the certificate and TLS policy without the domain names; only the primary gets records', () => {
      const { template } = build((f) => ({ domainNames: ['www.example.com'], hostedZone: zone(f.stack), staging: { traffic: HEADER } }));
      const { primary, staging, primaryId } = distributions(template);
      expect(primary.Aliases).toEqual(['www.example.com']);
      expect(staging.Aliases).toBeUndefined();
      expect(staging.ViewerCertificate).toEqual(primary.ViewerCertificate);
      expect(staging.ViewerCertificate.MinimumProtocolVersion).toBe('TLSv1.2_2021');
      const records = Object.values(template.findResources('AWS::Route53::RecordSet'));
      expect(records).toHaveLength(2);
      for (const record of records) {
        expect(JSON.stringify(record.Properties.AliasTarget)).toContain(primaryId);
      }
    });

    test('Shield Advanced protects the primary only, the one viewers reach', () => {
      const { template, stack, edge } = build(() => ({ shieldAdvanced: true, staging: { traffic: HEADER } }));
      const protections = Object.values(template.findResources('AWS::Shield::Protection'));
      expect(protections).toHaveLength(1);
      expect(JSON.stringify(protections[0].Properties.ResourceArn)).toContain(logicalId(stack, edge.distribution));
    });
  });

  describe('staged changes', () => {
    test('a Content-Security-Policy of its own goes into a second response headers policy, on the staging distribution only', () => {
      const { template, stack, edge } = build((f) => ({
        staticAssetsBucket: assetsBucket(f.stack),
        contentSecurityPolicy: "default-src 'self'",
        staging: { traffic: HEADER, changes: { contentSecurityPolicy: "default-src 'self'; img-src 'self' data:" } },
      }));
      const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
      expect(Object.keys(policies)).toHaveLength(2);
      const staged = Object.entries(policies).find(([, policy]) =>
        policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy.includes('img-src'))!;
      expect(staged[1].Properties.ResponseHeadersPolicyConfig.Name).toMatch(/StagingSecurityHeaders-us-east-1$/);
      const { primary, staging } = distributions(template);
      const primaryPolicyId = { Ref: logicalId(stack, edge.responseHeadersPolicy) };
      expect(staging.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: staged[0] });
      expect(staging.CacheBehaviors.map((b: any) => b.ResponseHeadersPolicyId)).toEqual(staging.CacheBehaviors.map(() => ({ Ref: staged[0] })));
      expect(primary.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(primaryPolicyId);
    });

    test('fewer static and probe-only paths, other error responses and a geographic restriction on the staging distribution only', () => {
      const { template } = build((f) => ({
        staticAssetsBucket: assetsBucket(f.stack),
        staticPathPatterns: ['/static/*', '/assets/*'],
        errorResponses: [{ httpStatus: 503, responsePagePath: '/static/maintenance.html', responseHttpStatus: 503 }],
        staging: {
          traffic: HEADER,
          changes: {
            staticPathPatterns: ['/static/*'],
            probeOnlyPathPatterns: [],
            errorResponses: [],
            geoRestriction: cloudfront.GeoRestriction.denylist('KP'),
          },
        },
      }));
      const { primary, staging } = distributions(template);
      expect(patternsOf(primary)).toEqual(['/health/deep*', '/static/*', '/assets/*']);
      expect(patternsOf(staging)).toEqual(['/static/*']);
      expect(primary.CustomErrorResponses).toHaveLength(1);
      expect(staging.CustomErrorResponses).toBeUndefined();
      expect(primary.Restrictions).toBeUndefined();
      expect(staging.Restrictions).toEqual({ GeoRestriction: { RestrictionType: 'blacklist', Locations: ['KP'] } });
    });

    test('no probe-only function when neither distribution has probe-only paths', () => {
      const { template } = build(() => ({ probeOnlyPathPatterns: [], staging: { traffic: HEADER } }));
      template.resourceCountIs('AWS::CloudFront::Function', 0);
      const { primary, staging } = distributions(template);
      expect(primary.CacheBehaviors).toBeUndefined();
      expect(staging.CacheBehaviors).toBeUndefined();
    });
  });

  describe('what CloudFront refuses', () => {
    const staging = (traffic: StagingTraffic, changes?: EdgeStagingChanges): Configure => () => ({ staging: { traffic, changes } });
    test.each<[string, Configure, RegExp]>([
      ['no traffic configuration', () => ({ staging: {} as EdgeStagingOptions }), /invalid staging\.traffic \(undefined\): give StagingTraffic\.header/],
      ['a header without the aws-cf-cd- prefix', staging(StagingTraffic.header('x-staging', 'true')),
        /invalid staging\.traffic\.headerName \('x-staging'\): CloudFront routes to a staging distribution only on a header whose name starts with 'aws-cf-cd-'/],
      ['the prefix in upper case', staging(StagingTraffic.header('AWS-CF-CD-staging', 'true')), /invalid staging\.traffic\.headerName \('AWS-CF-CD-staging'\)/],
      ['the prefix alone', staging(StagingTraffic.header('aws-cf-cd-', 'true')), /invalid staging\.traffic\.headerName \('aws-cf-cd-'\)/],
      ['a header name with a space', staging(StagingTraffic.header('aws-cf-cd-my header', 'true')),
        /invalid staging\.traffic\.headerName \('aws-cf-cd-my header'\): give a header name of at most 256 letters/],
      ['a header name of 257 characters', staging(StagingTraffic.header(`aws-cf-cd-${'a'.repeat(247)}`, 'true')), /invalid staging\.traffic\.headerName/],
      ['an empty header value', staging(StagingTraffic.header('aws-cf-cd-staging', '')), /invalid staging\.traffic\.headerValue \(''\): give 1 to 1783 characters/],
      ['a header value with a line break', staging(StagingTraffic.header('aws-cf-cd-staging', 'a\nb')), /invalid staging\.traffic\.headerValue/],
      ['a header value of 1,784 characters', staging(StagingTraffic.header('aws-cf-cd-staging', 'v'.repeat(1784))), /invalid staging\.traffic\.headerValue/],
      ['a weight above 15 %', staging(StagingTraffic.weight(0.2)),
        /invalid staging\.traffic\.weight \(0\.2\): give a share from 0 to 0\.15 in steps of 0\.01 \(CloudFront sends at most 15 %/],
      ['a weight given as a percentage', staging(StagingTraffic.weight(5)), /invalid staging\.traffic\.weight \(5\)/],
      ['a negative weight', staging(StagingTraffic.weight(-0.01)), /invalid staging\.traffic\.weight \(-0\.01\)/],
      ['a weight between hundredths', staging(StagingTraffic.weight(0.055)), /invalid staging\.traffic\.weight \(0\.055\)/],
      ['an idle TTL below 5 minutes', staging(StagingTraffic.weight(0.05, { sessionIdleTtl: Duration.minutes(4) })),
        /invalid staging\.traffic\.sessionIdleTtl \('4 minutes'\): give whole seconds from 300 to 3600/],
      ['a maximum TTL above 1 hour', staging(StagingTraffic.weight(0.05, { sessionMaximumTtl: Duration.minutes(61) })),
        /invalid staging\.traffic\.sessionMaximumTtl \('1 hour 1 minute'\)/],
      ['a TTL in milliseconds', staging(StagingTraffic.weight(0.05, { sessionIdleTtl: Duration.millis(300500) })), /invalid staging\.traffic\.sessionIdleTtl/],
      ['an idle TTL above the maximum', staging(StagingTraffic.weight(0.05, { sessionIdleTtl: Duration.minutes(30), sessionMaximumTtl: Duration.minutes(10) })),
        /invalid staging\.traffic\.sessionIdleTtl \('1800 seconds'\): a session cannot idle longer than it lasts/],
      ['a TTL without stickiness', staging(StagingTraffic.weight(0.05, { sessionStickiness: false, sessionIdleTtl: Duration.minutes(10) })),
        /invalid staging\.traffic\.sessionIdleTtl .*: a session TTL needs sessionStickiness: true/],
      ['a static path pattern the primary lacks', (f) => ({
        staticAssetsBucket: assetsBucket(f.stack),
        staging: { traffic: HEADER, changes: { staticPathPatterns: ['/static/*', '/new/*'] } },
      }), /invalid staging\.changes\.staticPathPatterns \(\["\/new\/\*"\]\): the path patterns of a staging distribution must be the primary's or some of them/],
      ['a probe-only path pattern the primary lacks', staging(HEADER, { probeOnlyPathPatterns: ['/health/other*'] }),
        /invalid staging\.changes\.probeOnlyPathPatterns \(\["\/health\/other\*"\]\)/],
      ['staged static paths without a bucket', staging(HEADER, { staticPathPatterns: ['/static/*'] }),
        /invalid staging\.changes\.staticPathPatterns \(\["\/static\/\*"\]\): give staticAssetsBucket too/],
      ['a staged Content-Security-Policy with a line break', staging(HEADER, { contentSecurityPolicy: "default-src 'self';\nimg-src *" }),
        /invalid staging\.changes\.contentSecurityPolicy .*: give the policy on one line/],
      ['a staged error response CloudFront cannot replace', staging(HEADER, { errorResponses: [{ httpStatus: 200, ttl: Duration.seconds(1) }] }),
        /invalid staging\.changes\.errorResponses\[0\]\.httpStatus \(200\)/],
    ])('refuses %s', (_name, configure, message) => {
      expect(() => build(configure)).toThrow(message);
    });

    test('refuses a string where the traffic configuration goes, for JavaScript callers', () => {
      expect(() => build(() => ({ staging: { traffic: 'aws-cf-cd-staging' } } as unknown as Omit<EdgeDistributionProps, 'loadBalancer'>)))
        .toThrow(/TestStack\/Edge: invalid staging\.traffic \('aws-cf-cd-staging'\): give a StagingTraffic/);
    });

    test('accepts the boundaries: 0 and 15 %, 300 and 3,600 seconds, a header of 256 characters', () => {
      const widest = StagingTraffic.weight(0.15, { sessionIdleTtl: Duration.seconds(300), sessionMaximumTtl: Duration.seconds(3600) });
      expect(() => build(() => ({ staging: { traffic: widest } }))).not.toThrow();
      expect(() => build(() => ({ staging: { traffic: StagingTraffic.weight(0) } }))).not.toThrow();
      expect(() => build(() => ({ staging: { traffic: StagingTraffic.header(`aws-cf-cd-${'a'.repeat(246)}`, 'v'.repeat(1783)) } }))).not.toThrow();
    });
  });

  describe('compliance', () => {
    const configurations: Record<string, (app: App) => void> = {
      'header-based, with a domain, static paths and a staged CSP and static paths': (app) => {
        build((f) => ({
          staticAssetsBucket: assetsBucket(f.stack),
          staticPathPatterns: ['/static/*', '/assets/*'],
          domainNames: ['www.example.com'],
          hostedZone: zone(f.stack),
          contentSecurityPolicy: "default-src 'self'",
          staging: { traffic: HEADER, changes: { contentSecurityPolicy: "default-src 'self'; img-src 'self' data:", staticPathPatterns: ['/static/*'] } },
        }), testStack(app));
      },
      'weight-based with a geographic restriction staged, without a domain': (app) => {
        build((f) => ({
          staticAssetsBucket: assetsBucket(f.stack),
          staging: { traffic: StagingTraffic.weight(0.05), changes: { geoRestriction: cloudfront.GeoRestriction.denylist('KP') } },
        }), testStack(app));
      },
    };

    describe.each(Object.entries(configurations))('%s', (_name, configure) => {
      test('the four cdk-nag packs report no unacknowledged error outside the test\'s VPC and load balancer', () => {
        const app = testApp();
        configure(app);
        const fixturePaths = FIXTURE_IDS.map((id) => `TestStack/${id}/`);
        const findings = nagFindings(app).filter((finding) => !fixturePaths.some((prefix) => finding.path.startsWith(prefix)));
        expect(formatFindings(findings)).toEqual('');
      });

      test('cfn-lint reports no error or warning', () => {
        const app = testApp();
        configure(app);
        expect(cfnLint(templatesOf(app))).toEqual([]);
      });
    });
  });
});
