import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { LoadBalancerOriginAccess } from './origin-options';
import { StagingTraffic } from './staging';
import { PropTypes, types } from '../../private/validation';

const ERROR_RESPONSES = types.arrayOf(types.struct({
  httpStatus: types.number,
  responseHttpStatus: types.number,
  responsePagePath: types.string,
  ttl: types.duration('Duration.seconds(10)'),
}, "a cloudfront.ErrorResponse, for example { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/errors/404.html' }"),
"an array of cloudfront.ErrorResponse, for example [{ httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/errors/404.html' }]");
const GEO_RESTRICTION = types.withMember('restrictionType', "a cloudfront.GeoRestriction, for example cloudfront.GeoRestriction.allowlist('DE', 'FR')");
const STATIC_PATH_PATTERNS = types.arrayOf(types.string, "an array of path patterns, for example ['/static/*']");
const PROBE_ONLY_PATH_PATTERNS = types.arrayOf(types.string, "an array of path patterns, for example ['/health/deep*']");

/** The types of the props of EdgeDistribution, for callers that no compiler checks. */
export const EDGE_PROP_TYPES: PropTypes = {
  webAclArn: types.string,
  firewall: types.struct({}),
  certificate: types.withMember('certificateArn', 'an acm.ICertificate in us-east-1'),
  staticPathPatterns: STATIC_PATH_PATTERNS,
  probeOnlyPathPatterns: PROBE_ONLY_PATH_PATTERNS,
  priceClass: types.enumOf(cloudfront.PriceClass, 'cloudfront.PriceClass'),
  geoRestriction: GEO_RESTRICTION,
  contentSecurityPolicy: types.string,
  errorResponses: ERROR_RESPONSES,
  logBucket: types.withMember('bucketArn', 'an s3.IBucket'),
  shieldAdvanced: types.boolean,
  staging: types.struct({
    traffic: types.instanceOf(StagingTraffic, "a StagingTraffic, for example StagingTraffic.header('aws-cf-cd-staging', 'true')"),
    changes: types.struct({
      staticPathPatterns: STATIC_PATH_PATTERNS,
      probeOnlyPathPatterns: PROBE_ONLY_PATH_PATTERNS,
      contentSecurityPolicy: types.string,
      errorResponses: ERROR_RESPONSES,
      geoRestriction: GEO_RESTRICTION,
    }, 'an EdgeStagingChanges, for example { contentSecurityPolicy: "default-src \'self\'" }'),
    enabled: types.boolean,
  }, "an EdgeStagingOptions, for example { traffic: StagingTraffic.header('aws-cf-cd-staging', 'true') }"),
  loadBalancer: types.withMember('loadBalancerArn', 'an elbv2.IApplicationLoadBalancer'),
  originAccess: types.instanceOf(LoadBalancerOriginAccess, 'a LoadBalancerOriginAccess, for example LoadBalancerOriginAccess.vpcOrigin()'),
  originProtocol: types.enumOf(cloudfront.OriginProtocolPolicy, 'cloudfront.OriginProtocolPolicy'),
  originDomainName: types.string,
  failover: types.struct({
    loadBalancer: types.withMember('loadBalancerArn', 'an elbv2.IApplicationLoadBalancer'),
    originDomainName: types.string,
    statusCodes: types.arrayOf(types.number, 'an array of status codes, for example [500, 502, 503, 504]'),
    writePathPatterns: types.arrayOf(types.string, "an array of path patterns, for example ['/api/*']"),
  }),
  staticAssetsBucket: types.withMember('bucketArn', 'an s3.IBucket'),
  domainNames: types.arrayOf(types.string, "an array of domain names, for example ['www.example.com']"),
  hostedZone: types.withMember('hostedZoneId', 'a route53.IHostedZone'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  serverAccessLogsBucket: types.withMember('bucketArn', 'an s3.IBucket'),
};
