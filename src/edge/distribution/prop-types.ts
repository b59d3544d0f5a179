import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { LoadBalancerOriginAccess } from './origin-options';
import { PropTypes, types } from '../../private/validation';

/** The types of the props of EdgeDistribution, for callers that no compiler checks. */
export const EDGE_PROP_TYPES: PropTypes = {
  webAclArn: types.string,
  firewall: types.struct({}),
  certificate: types.withMember('certificateArn', 'an acm.ICertificate in us-east-1'),
  staticPathPatterns: types.arrayOf(types.string, "an array of path patterns, for example ['/static/*']"),
  probeOnlyPathPatterns: types.arrayOf(types.string, "an array of path patterns, for example ['/health/deep*']"),
  priceClass: types.enumOf(cloudfront.PriceClass, 'cloudfront.PriceClass'),
  geoRestriction: types.withMember('restrictionType', "a cloudfront.GeoRestriction, for example cloudfront.GeoRestriction.allowlist('DE', 'FR')"),
  contentSecurityPolicy: types.string,
  errorResponses: types.arrayOf(types.struct({
    httpStatus: types.number,
    responseHttpStatus: types.number,
    responsePagePath: types.string,
    ttl: types.duration('Duration.seconds(10)'),
  }, "a cloudfront.ErrorResponse, for example { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/errors/404.html' }"),
  "an array of cloudfront.ErrorResponse, for example [{ httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/errors/404.html' }]"),
  logBucket: types.withMember('bucketArn', 'an s3.IBucket'),
  shieldAdvanced: types.boolean,
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
