import { Duration, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { LoadBalancerOriginAccess, LoadBalancerOriginAccessKind, OriginFailoverOptions } from './origin-options';
import { ORIGIN_SECRET_HEADER } from '../../private/origin-secret';
import { physicalName } from '../../private/physical-names';
import { invalidProp, isDomainName, types, validateType } from '../../private/validation';

/** The origins of dynamic requests, built by {@link createDynamicOrigins}. */
export interface DynamicOrigins {
  /** The application's load balancer: the origin of the behaviors that may change data. */
  readonly loadBalancerOrigin: cloudfront.IOrigin;
  /** The load balancer, or with a failover the origin group of it and the recovery Region's load balancer. */
  readonly dynamicOrigin: cloudfront.IOrigin;
}

/** What {@link createDynamicOrigins} needs: the props of the distribution, with their defaults. */
export interface DynamicOriginsSettings {
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly originDomainName?: string;
  readonly originAccess: LoadBalancerOriginAccess;
  readonly originProtocol: cloudfront.OriginProtocolPolicy;
  readonly failover?: OriginFailoverOptions;
}

/** The origin of the load balancer, and of the failover to the recovery Region's load balancer when there is one. */
export function createDynamicOrigins(scope: Construct, settings: DynamicOriginsSettings): DynamicOrigins {
  const { originDomainName, originAccess, originProtocol, failover } = settings;
  // With a recovery origin, CloudFront should give up on an unreachable primary quickly: 2 attempts of 5 seconds.
  const connection = failover ? { connectionAttempts: 2, connectionTimeout: Duration.seconds(5) } : {};
  // CloudFront keeps the names of VPC origins, response headers policies, functions and origin access controls per
  // account, across Regions. aws-cdk-lib's defaults leave out the Region (the function's, the stack's name): the same
  // stack in two Regions, or the functions of two stacks of the same construct paths, would ask for one name.
  const vpcOrigin = (loadBalancer: elbv2.IApplicationLoadBalancer, domainName: string | undefined, suffix: string) =>
    origins.VpcOrigin.withApplicationLoadBalancer(loadBalancer, {
      vpcOriginName: physicalName(scope, { accountWide: true, maxLength: 64, suffix }),
      domainName,
      httpPort: 80,
      httpsPort: 443,
      protocolPolicy: originProtocol,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30),
      keepaliveTimeout: Duration.seconds(5),
      ...connection,
    });
  const loadBalancerOrigin = originAccess.kind === LoadBalancerOriginAccessKind.VPC_ORIGIN
    ? vpcOrigin(settings.loadBalancer, originDomainName, 'Origin')
    // The name is an alias of the internet-facing load balancer that its certificate covers.
    : new origins.HttpOrigin(originDomainName!, {
      protocolPolicy: originProtocol,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30),
      keepaliveTimeout: Duration.seconds(5),
      customHeaders: { [originAccess.headerName!]: originAccess.secret!.secretValue.unsafeUnwrap() },
    });
  const dynamicOrigin = failover
    ? new origins.OriginGroup({
      primaryOrigin: loadBalancerOrigin,
      fallbackOrigin: vpcOrigin(failover.loadBalancer, failover.originDomainName, 'FailoverOrigin'),
      fallbackStatusCodes: failover.statusCodes ?? [500, 502, 503, 504],
    })
    : loadBalancerOrigin;
  return { loadBalancerOrigin, dynamicOrigin };
}

export function validateOrigin(
  scope: Construct,
  access: LoadBalancerOriginAccess,
  protocol: cloudfront.OriginProtocolPolicy,
  originDomainName: string | undefined,
): void {
  if (protocol === cloudfront.OriginProtocolPolicy.MATCH_VIEWER) {
    invalidProp(scope, 'originProtocol', protocol, 'use HTTP_ONLY or HTTPS_ONLY: viewers are always redirected to HTTPS, so MATCH_VIEWER would mean HTTPS without a checked origin name');
  }
  if (protocol === cloudfront.OriginProtocolPolicy.HTTPS_ONLY && originDomainName === undefined) {
    invalidProp(scope, 'originDomainName', undefined,
      'an HTTPS origin needs the name that the load balancer\'s certificate is valid for (for example an alias record origin.example.com): CloudFront rejects the load balancer\'s own DNS name');
  }
  if (access.kind === LoadBalancerOriginAccessKind.SECRET_HEADER) {
    if (access.secret === undefined || access.secret === null) {
      invalidProp(scope, 'originAccess.secret', access.secret,
        'give LoadBalancerOriginAccess.secretHeader the secret whose value CloudFront sends, for example WebAppTier.originSecret');
    }
    validateType(scope, 'originAccess.secret', access.secret, types.withMember('secretValue', 'a secretsmanager.ISecret, for example WebAppTier.originSecret'));
    validateType(scope, 'originAccess.headerName', access.headerName, types.string);
  }
  if (access.kind === LoadBalancerOriginAccessKind.SECRET_HEADER && protocol !== cloudfront.OriginProtocolPolicy.HTTPS_ONLY) {
    invalidProp(scope, 'originProtocol', protocol,
      'LoadBalancerOriginAccess.secretHeader sends the secret over the internet: use HTTPS_ONLY with an originDomainName that the load balancer\'s certificate covers');
  }
  if (access.kind === LoadBalancerOriginAccessKind.SECRET_HEADER && !/^[A-Za-z0-9-]{1,256}$/.test(access.headerName!)) {
    invalidProp(scope, 'originAccess.headerName', access.headerName, `use letters, digits and hyphens, for example ${ORIGIN_SECRET_HEADER}`);
  }
  if (access.kind === LoadBalancerOriginAccessKind.SECRET_HEADER && isReservedOriginHeader(access.headerName!)) {
    invalidProp(scope, 'originAccess.headerName', access.headerName,
      `CloudFront does not let custom origin headers use this name (standard HTTP headers, X-Amz-*, X-Edge-*): use a header of your own, for example ${ORIGIN_SECRET_HEADER}`);
  }
  if (originDomainName !== undefined && !Token.isUnresolved(originDomainName) && !isDomainName(originDomainName)) {
    invalidProp(scope, 'originDomainName', originDomainName, 'give a fully qualified domain name such as origin.example.com');
  }
}

/**
 * Headers that CloudFront refuses as custom origin headers.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html
 */
const RESERVED_ORIGIN_HEADERS = new Set([
  'cache-control', 'connection', 'content-length', 'cookie', 'host', 'if-match', 'if-modified-since',
  'if-none-match', 'if-range', 'if-unmodified-since', 'max-forwards', 'pragma', 'proxy-authorization',
  'proxy-connection', 'range', 'request-range', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
  'x-real-ip', 'x-forwarded-for', 'x-forwarded-proto', 'x-cache', 'x-amzn-trace-id',
]);

function isReservedOriginHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_ORIGIN_HEADERS.has(lower) || lower.startsWith('x-amz-') || lower.startsWith('x-edge-');
}

/**
 * The status codes CloudFront can fail over on.
 *
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_StatusCodes.html
 */
const FAILOVER_STATUS_CODES = [400, 403, 404, 416, 500, 502, 503, 504];

/** Checks the recovery origin; its write path patterns are checked with the other path patterns. */
export function validateFailover(
  scope: Construct,
  failover: OriginFailoverOptions,
  access: LoadBalancerOriginAccess,
  protocol: cloudfront.OriginProtocolPolicy,
): void {
  if (failover.loadBalancer === undefined || failover.loadBalancer === null) {
    invalidProp(scope, 'failover.loadBalancer', failover.loadBalancer, "give the recovery Region's load balancer, for example RecoveryWebApp.appTier.loadBalancer");
  }
  if (access.kind !== LoadBalancerOriginAccessKind.VPC_ORIGIN) {
    invalidProp(scope, 'failover', access.kind,
      'failover reaches both load balancers through VPC origins: use LoadBalancerOriginAccess.vpcOrigin() (internal load balancers)');
  }
  if (protocol === cloudfront.OriginProtocolPolicy.HTTPS_ONLY && failover.originDomainName === undefined) {
    invalidProp(scope, 'failover.originDomainName', undefined,
      'an HTTPS origin needs the name that the recovery load balancer\'s certificate covers, for example origin-recovery.example.com');
  }
  if (failover.originDomainName !== undefined && !Token.isUnresolved(failover.originDomainName) && !isDomainName(failover.originDomainName)) {
    invalidProp(scope, 'failover.originDomainName', failover.originDomainName, 'give a fully qualified domain name such as origin-recovery.example.com');
  }
  for (const code of failover.statusCodes ?? []) {
    if (!FAILOVER_STATUS_CODES.includes(code)) {
      invalidProp(scope, 'failover.statusCodes', failover.statusCodes, `give status codes that CloudFront fails over on: ${FAILOVER_STATUS_CODES.join(', ')}`);
    }
  }
  if (failover.statusCodes !== undefined && failover.statusCodes.length === 0) {
    invalidProp(scope, 'failover.statusCodes', failover.statusCodes, 'give at least one status code, or leave statusCodes out for 500, 502, 503 and 504');
  }
}
