import { Annotations, Arn, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as shield from 'aws-cdk-lib/aws-shield';
import { Construct, IConstruct } from 'constructs';
import { WebAclScope, WebApplicationFirewall, WebApplicationFirewallOptions } from './web-application-firewall';
import { recordException } from '../private/compliance';
import {
  CLOUDFRONT_DEFAULT_CERTIFICATE, CLOUDFRONT_NO_DEFAULT_ROOT_OBJECT, CLOUDFRONT_NO_GEO_RESTRICTION, CLOUDFRONT_SINGLE_REGION_ORIGIN,
} from '../private/exceptions';
import { DEEP_HEALTH_PATH, HEALTH_PROBE_HEADER, probeOnlyFunctionCode } from '../private/health-probe';
import { createLogBucket, useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { ORIGIN_SECRET_HEADER } from '../private/origin-secret';
import { displayPath } from '../private/paths';
import { physicalName } from '../private/physical-names';
import { invalidProp, isDomainName, normalizeDomainName, PropTypes, types, validateType, validateTypes } from '../private/validation';

/** CloudFront accepts certificates and CLOUDFRONT-scope WebACLs from this Region only. */
const CLOUDFRONT_REGION = 'us-east-1';

/** What kind of origin access a {@link LoadBalancerOriginAccess} is. */
export enum LoadBalancerOriginAccessKind {
  /** A CloudFront VPC origin to an internal load balancer. */
  VPC_ORIGIN = 'VPC_ORIGIN',
  /** An internet-facing load balancer that checks a secret header. */
  SECRET_HEADER = 'SECRET_HEADER',
}

/**
 * How CloudFront reaches the application's load balancer, so that nothing else can.
 */
export class LoadBalancerOriginAccess {
  /**
   * Through a CloudFront VPC origin: the load balancer is internal, in private subnets, and has no
   * public address at all. Its security group must admit CloudFront's origin-facing prefix list.
   */
  public static vpcOrigin(): LoadBalancerOriginAccess {
    return new LoadBalancerOriginAccess(LoadBalancerOriginAccessKind.VPC_ORIGIN);
  }

  /**
   * Over the internet to an internet-facing load balancer that forwards only requests carrying the
   * secret in a header (and whose security group admits only CloudFront's origin-facing prefix list).
   * CloudFront adds the header to every request. Needs an HTTPS origin, since the secret crosses the internet.
   *
   * @param secret the secret whose value is the header's value (a plain string secret)
   * @param headerName the header's name
   */
  public static secretHeader(secret: secretsmanager.ISecret, headerName: string = ORIGIN_SECRET_HEADER): LoadBalancerOriginAccess {
    return new LoadBalancerOriginAccess(LoadBalancerOriginAccessKind.SECRET_HEADER, secret, headerName);
  }

  private constructor(
    /** The kind of access. */
    public readonly kind: LoadBalancerOriginAccessKind,
    /** The secret whose value CloudFront sends, for `SECRET_HEADER`. */
    public readonly secret?: secretsmanager.ISecret,
    /** The header that carries the secret, for `SECRET_HEADER`. */
    public readonly headerName?: string,
  ) {}
}

/**
 * Settings of the edge (CloudFront, WAF, static paths, domain), used by
 * {@link HighlyAvailableWebAppProps.edge} and {@link EdgeDistributionProps}.
 */
export interface EdgeDistributionOptions {
  /**
   * ARN of an existing CLOUDFRONT-scope WAFv2 WebACL (in us-east-1) to protect the distribution with.
   * Required when the stack is not in us-east-1: create a {@link WebApplicationFirewall} in a
   * us-east-1 stack and pass its `webAclArn`.
   *
   * @default - a new {@link WebApplicationFirewall} in this stack, which must then be in us-east-1
   */
  readonly webAclArn?: string;

  /**
   * Settings of the WebACL created when no `webAclArn` is given.
   *
   * @default - the managed rule groups of {@link WebApplicationFirewall} and its default rate limit
   */
  readonly firewall?: WebApplicationFirewallOptions;

  /**
   * Certificate of the distribution's domain names, in us-east-1 (CloudFront accepts no other Region).
   *
   * @default - with `domainNames` and `hostedZone` in a us-east-1 stack, a new DNS-validated
   * certificate; without `domainNames`, CloudFront's default `*.cloudfront.net` certificate
   */
  readonly certificate?: acm.ICertificate;

  /**
   * URL path patterns served from the static assets bucket instead of the load balancer: 1 to 74 patterns
   * (CloudFront's default quota is 75 cache behaviors, one of them the default), each unique, at most 255 characters of
   * `A-Z a-z 0-9 _ - . $ / ~ " ' @ : + &`, with `*` for any characters and `?` for one, and not `*` or `/*`, which
   * would take every request from the app. Patterns are case sensitive.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
   * @default ['/static/*']
   */
  readonly staticPathPatterns?: string[];

  /**
   * Path patterns that only probes may reach through the edge, such as a deep health check that writes to every
   * store. CloudFront answers 403 itself, without calling the origin, to a request for them that lacks the
   * {@link EdgeDistribution.HEALTH_PROBE_HEADER} header, and never caches them; the app compares the header's value
   * with the probe token (the sample app: with `WebAppTier.healthProbeSecret`). Same rules as `staticPathPatterns`;
   * all behaviors together (these, the static and the write path patterns) are at most 74. An empty list turns the
   * restriction off.
   *
   * @default ['/health/deep*'] (the sample app's deep health check)
   */
  readonly probeOnlyPathPatterns?: string[];

  /**
   * Edge locations the distribution uses; fewer locations cost less but are slower far from them.
   *
   * @default cloudfront.PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * Countries from which viewers may (or may not) reach the app.
   *
   * @default - no restriction
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;

  /**
   * Value of the Content-Security-Policy header added to every response, for example
   * `"default-src 'self'"`. An app that sets its own CSP keeps it. At most 1,783 characters (CloudFront's quota for
   * this header in a response headers policy), on one line: no line breaks or other control characters, which no
   * HTTP header value may hold.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-response-headers-policies
   * @default - no Content-Security-Policy header is added
   */
  readonly contentSecurityPolicy?: string;

  /**
   * How CloudFront answers errors: custom pages (from the static assets) and how long errors are cached. Each
   * `httpStatus` once, from the codes CloudFront can replace (400, 403, 404, 405, 414, 416, 500, 501, 502, 503 and
   * 504); a `responseHttpStatus` (200 or one of those) only with a `responsePagePath`, which starts with `/`.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/creating-custom-error-pages.html
   * @default - CloudFront's own error responses, cached for 10 seconds
   */
  readonly errorResponses?: cloudfront.ErrorResponse[];

  /**
   * Bucket for CloudFront's standard access logs. It must allow ACLs (object ownership
   * BucketOwnerPreferred or ObjectWriter), which CloudFront's log delivery uses.
   *
   * @default - a new private, versioned bucket that keeps logs for 90 days
   */
  readonly logBucket?: s3.IBucket;

  /**
   * Protects the distribution (and the hosted zone, when one is given) with AWS Shield Advanced. The
   * account must be subscribed to Shield Advanced, which costs USD 3,000 a month per organization with a
   * one-year commitment, plus data transfer fees; Shield Standard is always on and free.
   *
   * @default false
   */
  readonly shieldAdvanced?: boolean;
}

/**
 * A second load balancer, in a disaster recovery Region, to which CloudFront fails over.
 */
export interface OriginFailoverOptions {
  /** The load balancer of the recovery Region, reached through a VPC origin like the primary one. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * Domain name that CloudFront connects to for an HTTPS recovery origin, covered by that load balancer's
   * certificate, for example `origin-recovery.example.com`. Required when `originProtocol` is HTTPS_ONLY.
   *
   * @default - the load balancer's DNS name (HTTP_ONLY origins)
   */
  readonly originDomainName?: string;

  /**
   * Status codes of the primary origin on which CloudFront retries the request at the recovery origin, from
   * 400, 403, 404, 416, 500, 502, 503 and 504 (the codes CloudFront accepts). It also fails over when it
   * cannot connect to the primary origin or the primary times out.
   *
   * @default [500, 502, 503, 504]
   */
  readonly statusCodes?: number[];

  /**
   * Path patterns of requests that change data (POST, PUT, PATCH, DELETE), for example `/api/*` or
   * `/login`. CloudFront fails over only GET, HEAD and OPTIONS requests and refuses an origin group on a
   * behavior that allows other methods, so with failover the default behavior accepts GET, HEAD and
   * OPTIONS only, and these patterns go to the primary origin alone, with every method. During a failover
   * they fail until the recovery Region is promoted (see docs/disaster-recovery.md).
   *
   * @default - none: the app accepts GET, HEAD and OPTIONS only
   */
  readonly writePathPatterns?: string[];
}

/**
 * Properties for {@link EdgeDistribution}.
 */
export interface EdgeDistributionProps extends EdgeDistributionOptions {
  /** The load balancer of the application, the origin of dynamic requests. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * How CloudFront reaches the load balancer.
   *
   * @default LoadBalancerOriginAccess.vpcOrigin()
   */
  readonly originAccess?: LoadBalancerOriginAccess;

  /**
   * Protocol from CloudFront to the load balancer. HTTPS needs a listener certificate valid for
   * `originDomainName`.
   *
   * @default cloudfront.OriginProtocolPolicy.HTTP_ONLY, or HTTPS_ONLY with `originDomainName`
   */
  readonly originProtocol?: cloudfront.OriginProtocolPolicy;

  /**
   * Domain name that CloudFront connects to (and checks the load balancer's certificate against) for an
   * HTTPS origin, for example `origin.example.com` as an alias record of the load balancer.
   *
   * @default - the load balancer's DNS name
   */
  readonly originDomainName?: string;

  /**
   * A recovery Region's load balancer to fail over to: the default behavior then sends requests to an
   * origin group of the two load balancers.
   *
   * @default - no failover: every dynamic request goes to `loadBalancer`
   */
  readonly failover?: OriginFailoverOptions;

  /**
   * Bucket of the static assets, served under `staticPathPatterns` through Origin Access Control.
   *
   * @default - no static paths: every request goes to the load balancer
   */
  readonly staticAssetsBucket?: s3.IBucket;

  /**
   * Domain names (CNAMEs) of the distribution, for example `www.example.com`, each once, without a trailing dot; a
   * leading `*.` for a wildcard. They are used in lower case (DNS ignores case, and CloudFront and ACM keep names in
   * lower case), so `WWW.Example.com` becomes `www.example.com`.
   *
   * @default - the distribution's `*.cloudfront.net` name only
   */
  readonly domainNames?: string[];

  /**
   * Public hosted zone in which A and AAAA alias records of `domainNames` are created (and the
   * certificate validated, when this construct creates it).
   *
   * @default - no records
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Key that encrypts the WAF log group created when no `webAclArn` is given.
   *
   * @default - a new key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the server access logs of the log bucket this construct creates.
   *
   * @default - a new bucket
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * The front door of the web app: a CloudFront distribution protected by a WAF WebACL, which sends
 * dynamic requests to the application load balancer (caching disabled, every viewer header but Host
 * forwarded) and static paths to an S3 bucket through Origin Access Control (cached, compressed).
 *
 * Viewers get TLS 1.2 or newer (with a custom domain), a redirect from HTTP to HTTPS, HTTP/2 and
 * HTTP/3, and security headers (HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy and an
 * optional Content-Security-Policy). Standard access logs go to an S3 bucket.
 */
export class EdgeDistribution extends Construct {
  /**
   * Id of the synth-time warning for a distribution without a domain name (CloudFront's default certificate, HTTP to
   * the origin). Acknowledge it with `Annotations.of(construct).acknowledgeWarning(id)` where that is intended.
   */
  public static readonly DEFAULT_CERTIFICATE_WARNING = 'cdk-ha-web-app:edge:defaultCertificate';

  /**
   * The request header that probes carry to pass the edge on `probeOnlyPathPatterns`; its value is the app tier's
   * probe token (`WebAppTier.healthProbeSecret`), for example
   * `curl -H "X-Health-Probe: $(aws secretsmanager get-secret-value --secret-id <arn> --query SecretString --output text)" https://www.example.com/health/deep`.
   */
  public static readonly HEALTH_PROBE_HEADER = HEALTH_PROBE_HEADER;

  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** ARN of the WAFv2 WebACL that protects the distribution. */
  public readonly webAclArn: string;
  /** The WebACL, when this construct created it. */
  public readonly firewall?: WebApplicationFirewall;
  /** The certificate of the distribution's domain names, when it has any. */
  public readonly certificate?: acm.ICertificate;
  /** The security headers added to every response. */
  public readonly responseHeadersPolicy: cloudfront.IResponseHeadersPolicy;
  /** The bucket of the standard access logs. */
  public readonly logBucket: s3.IBucket;
  /** Domain name of the distribution, `*.cloudfront.net`. */
  public readonly distributionDomainName: string;

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id);
    validateTypes(this, props, EDGE_PROP_TYPES);
    if (props.loadBalancer === undefined || props.loadBalancer === null) {
      invalidProp(this, 'loadBalancer', props.loadBalancer, "give the app's load balancer, for example WebAppTier.loadBalancer");
    }
    useBucketPolicyForServerAccessLogs(this);

    const region = Stack.of(this).region;
    const inCloudFrontRegion = !Token.isUnresolved(region) && region === CLOUDFRONT_REGION;
    validateDomainNames(this, props.domainNames ?? [], props.hostedZone);
    const domainNames = (props.domainNames ?? []).map(normalizeDomainName);
    const staticPathPatterns = props.staticPathPatterns ?? ['/static/*'];
    const probeOnlyPathPatterns = props.probeOnlyPathPatterns ?? [`${DEEP_HEALTH_PATH}*`];
    const originAccess = props.originAccess ?? LoadBalancerOriginAccess.vpcOrigin();
    const originProtocol = props.originProtocol
      ?? (props.originDomainName ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY : cloudfront.OriginProtocolPolicy.HTTP_ONLY);
    validateOrigin(this, originAccess, originProtocol, props.originDomainName);
    validateContentSecurityPolicy(this, props.contentSecurityPolicy);
    validateErrorResponses(this, props.errorResponses ?? []);
    if (props.staticAssetsBucket) {
      validatePathPatterns(this, staticPathPatterns);
    } else if (props.staticPathPatterns !== undefined) {
      invalidProp(this, 'staticPathPatterns', props.staticPathPatterns, 'give staticAssetsBucket too: the patterns route requests to that bucket');
    }
    if (props.hostedZone && domainNames.length === 0) {
      invalidProp(this, 'hostedZone', props.hostedZone.zoneName, 'give domainNames too: the zone receives their records and certificate validation');
    }

    // ---- WebACL: CloudFront takes only CLOUDFRONT-scope WebACLs, which live in us-east-1 ----
    if (props.webAclArn !== undefined) {
      if (props.firewall) {
        invalidProp(this, 'firewall', props.firewall, 'give either webAclArn (an existing WebACL) or firewall (settings of a new one), not both');
      }
      validateWebAclArn(this, props.webAclArn);
      this.webAclArn = props.webAclArn;
    } else {
      if (!inCloudFrontRegion) {
        invalidProp(this, 'webAclArn', undefined,
          `CloudFront needs a CLOUDFRONT-scope WebACL, which exists only in ${CLOUDFRONT_REGION}, and this stack is in ${Token.isUnresolved(region) ? 'an unresolved Region' : region}: `
          + `create a WebApplicationFirewall in a stack with env.region '${CLOUDFRONT_REGION}' and pass its webAclArn, or deploy this stack in ${CLOUDFRONT_REGION}`);
      }
      this.firewall = new WebApplicationFirewall(this, 'Firewall', {
        ...props.firewall,
        scope: WebAclScope.CLOUDFRONT,
        encryptionKey: props.encryptionKey,
      });
      this.webAclArn = this.firewall.webAclArn;
    }

    // ---- certificate: likewise only from us-east-1 ----
    if (props.certificate) {
      if (domainNames.length === 0) {
        invalidProp(this, 'certificate', props.certificate.certificateArn, 'a certificate needs the domainNames it is for: give domainNames too, or leave the certificate out');
      }
      validateCertificateRegion(this, props.certificate);
      this.certificate = props.certificate;
    } else if (domainNames.length > 0) {
      if (!props.hostedZone) {
        invalidProp(this, 'certificate', undefined, 'give a certificate in us-east-1 for the domainNames, or a hostedZone in which a new certificate is validated');
      }
      if (!inCloudFrontRegion) {
        invalidProp(this, 'certificate', undefined,
          `CloudFront accepts certificates from ${CLOUDFRONT_REGION} only, and this stack is in ${Token.isUnresolved(region) ? 'an unresolved Region' : region}: `
          + `create an acm.Certificate in a stack with env.region '${CLOUDFRONT_REGION}' (for example next to the WebApplicationFirewall) and pass it as certificate`);
      }
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: domainNames[0],
        subjectAlternativeNames: domainNames.length > 1 ? domainNames.slice(1) : undefined,
        validation: acm.CertificateValidation.fromDns(props.hostedZone),
      });
    }

    // ---- origins ----
    const failover = props.failover;
    if (failover) {
      validateFailover(this, failover, originAccess, originProtocol, props.staticAssetsBucket ? staticPathPatterns : []);
    }
    validateProbeOnlyPathPatterns(this, probeOnlyPathPatterns, props.probeOnlyPathPatterns !== undefined, [
      ...(props.staticAssetsBucket ? staticPathPatterns : []),
      ...(failover?.writePathPatterns ?? []),
    ], props.staticAssetsBucket && props.staticPathPatterns ? 'staticPathPatterns' : 'failover.writePathPatterns');
    // With a recovery origin, CloudFront should give up on an unreachable primary quickly: 2 attempts of 5 seconds.
    const connection = failover ? { connectionAttempts: 2, connectionTimeout: Duration.seconds(5) } : {};
    // CloudFront keeps the names of VPC origins, response headers policies, functions and origin access controls per
    // account, across Regions. aws-cdk-lib's defaults leave out the Region (the function's, the stack's name): the same
    // stack in two Regions, or the functions of two stacks of the same construct paths, would ask for one name.
    const vpcOrigin = (loadBalancer: elbv2.IApplicationLoadBalancer, domainName: string | undefined, suffix: string) =>
      origins.VpcOrigin.withApplicationLoadBalancer(loadBalancer, {
        vpcOriginName: physicalName(this, { accountWide: true, maxLength: 64, suffix }),
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
      ? vpcOrigin(props.loadBalancer, props.originDomainName, 'Origin')
      // The name is an alias of the internet-facing load balancer that its certificate covers.
      : new origins.HttpOrigin(props.originDomainName!, {
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

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: physicalName(this, { accountWide: true, maxLength: 128, suffix: 'SecurityHeaders' }),
      comment: `Security headers of ${displayPath(this)}`.slice(0, 128),
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        contentSecurityPolicy: props.contentSecurityPolicy === undefined
          ? undefined
          : { contentSecurityPolicy: props.contentSecurityPolicy, override: false },
      },
    });

    const dynamicBehavior: cloudfront.BehaviorOptions = {
      origin: loadBalancerOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.responseHeadersPolicy,
      compress: true,
    };
    // First, so that no broader pattern of the others takes their requests.
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    if (probeOnlyPathPatterns.length > 0) {
      const probeOnly = new cloudfront.Function(this, 'ProbeOnlyFunction', {
        functionName: physicalName(this, { accountWide: true, maxLength: 64, suffix: 'ProbeOnly' }),
        comment: `Refuses requests without the ${HEALTH_PROBE_HEADER} header`,
        runtime: cloudfront.FunctionRuntime.JS_2_0,
        code: cloudfront.FunctionCode.fromInline(probeOnlyFunctionCode()),
      });
      for (const pattern of probeOnlyPathPatterns) {
        additionalBehaviors[pattern] = {
          ...dynamicBehavior,
          origin: dynamicOrigin,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          functionAssociations: [{ function: probeOnly, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        };
      }
    }
    for (const pattern of failover?.writePathPatterns ?? []) {
      additionalBehaviors[pattern] = dynamicBehavior;
    }
    if (props.staticAssetsBucket) {
      const staticOrigin = origins.S3BucketOrigin.withOriginAccessControl(props.staticAssetsBucket);
      for (const pattern of staticPathPatterns) {
        additionalBehaviors[pattern] = {
          origin: staticOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        };
      }
    }

    this.logBucket = props.logBucket ?? createLogBucket(this, 'AccessLogs', {
      expirationDays: 90,
      removalPolicy: RemovalPolicy.RETAIN,
      // CloudFront standard logging writes with an ACL that gives the bucket owner full control.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: props.serverAccessLogsBucket ?? createLogBucket(this, 'ServerAccessLogs', {
        expirationDays: 365,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      serverAccessLogsPrefix: 'cloudfront-access-logs/',
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Web app ${displayPath(this)}`.slice(0, 128),
      defaultBehavior: {
        ...dynamicBehavior,
        origin: dynamicOrigin,
        // CloudFront refuses an origin group on a behavior that allows methods it cannot fail over.
        allowedMethods: failover ? cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS : cloudfront.AllowedMethods.ALLOW_ALL,
      },
      additionalBehaviors,
      webAclId: this.webAclArn,
      certificate: this.certificate,
      domainNames: domainNames.length > 0 ? domainNames : undefined,
      // Only with a certificate of our own: CloudFront's default certificate has a TLS policy and SNI that CloudFront fixes.
      minimumProtocolVersion: this.certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      sslSupportMethod: this.certificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_ALL,
      geoRestriction: props.geoRestriction,
      errorResponses: props.errorResponses,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.distributionDomainName = this.distribution.distributionDomainName;
    // The static origin's origin access control is created by aws-cdk-lib inside the distribution, with no name to give.
    for (const originAccessControl of this.distribution.node.findAll().filter(isCfnOriginAccessControl)) {
      const name = physicalName(originAccessControl, { accountWide: true, maxLength: 64 });
      originAccessControl.addPropertyOverride('OriginAccessControlConfig.Name', name);
    }
    const staticAssetsKey = props.staticAssetsBucket?.encryptionKey;
    // Only where the key has a construct of its own around it (as WebAppEncryption gives): acknowledging
    // on a stack would hide the warning for every other distribution of that stack.
    if (staticAssetsKey?.node.scope && !Stack.isStack(staticAssetsKey.node.scope)) {
      // The key statement lets CloudFront decrypt for any distribution of this account (naming this one
      // would make a dependency loop: key policy, distribution, bucket, key). Reading an object still
      // takes the bucket policy, which admits this distribution only.
      Annotations.of(staticAssetsKey.node.scope).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        'the bucket policy admits only this distribution, so other distributions of the account cannot read the objects');
    }
    if (!this.certificate) {
      recordException(this.distribution, CLOUDFRONT_DEFAULT_CERTIFICATE);
      Annotations.of(this).addWarningV2(EdgeDistribution.DEFAULT_CERTIFICATE_WARNING,
        'the distribution has no domain name, so viewers reach it at *.cloudfront.net with CloudFront\'s default certificate, whose TLS policy '
        + '(TLSv1 and newer) CloudFront fixes, and CloudFront reaches the origin over HTTP inside the AWS network. For TLS 1.2_2021 or newer '
        + 'and HTTPS to the origin, give domainNames with a hostedZone or certificate (HighlyAvailableWebApp: domainName and hostedZone). '
        + `Acknowledge with Annotations.of(construct).acknowledgeWarning('${EdgeDistribution.DEFAULT_CERTIFICATE_WARNING}') where this is intended`);
    }
    if (!props.geoRestriction) {
      recordException(this.distribution, CLOUDFRONT_NO_GEO_RESTRICTION);
    }
    recordException(this.distribution, CLOUDFRONT_NO_DEFAULT_ROOT_OBJECT);
    if (!failover) {
      recordException(this.distribution, CLOUDFRONT_SINGLE_REGION_ORIGIN);
    }

    if (props.hostedZone) {
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
      domainNames.forEach((domainName, index) => {
        const suffix = index === 0 ? '' : `${index}`;
        new route53.ARecord(this, `AliasRecord${suffix}`, { zone: props.hostedZone!, recordName: domainName, target });
        new route53.AaaaRecord(this, `AliasRecordIpv6${suffix}`, { zone: props.hostedZone!, recordName: domainName, target });
      });
    }

    if (props.shieldAdvanced) {
      new shield.CfnProtection(this, 'ShieldProtection', {
        name: shieldProtectionName(this, 'Distribution'),
        resourceArn: Stack.of(this).formatArn({
          service: 'cloudfront',
          region: '',
          resource: 'distribution',
          resourceName: this.distribution.distributionId,
        }),
      });
      if (props.hostedZone) {
        new shield.CfnProtection(this, 'HostedZoneShieldProtection', {
          name: shieldProtectionName(this, 'HostedZone'),
          resourceArn: `arn:${Stack.of(this).partition}:route53:::hostedzone/${props.hostedZone.hostedZoneId}`,
        });
      }
    }
  }
}

function validateOrigin(
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

function validateDomainNames(scope: Construct, domainNames: string[], zone: route53.IHostedZone | undefined): void {
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

/**
 * The longest Content-Security-Policy value that a response headers policy may hold: CloudFront refuses a longer one
 * with TooLongCSPInResponseHeadersPolicy, whose limit the quotas page gives. 1,783 characters is CloudFront's
 * documented maximum length of a header value that it adds (the quotas on custom headers). Check the figure against
 * the quotas on response headers policies when AWS changes them (it could not be read there in 2026-12).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-policies
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyContentSecurityPolicy.html
 */
const MAX_CONTENT_SECURITY_POLICY_LENGTH = 1783;

function validateContentSecurityPolicy(scope: Construct, policy: string | undefined): void {
  if (policy === undefined || Token.isUnresolved(policy)) {
    return;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(policy)) {
    invalidProp(scope, 'contentSecurityPolicy', policy,
      'give the policy on one line, its directives separated by semicolons: a header value cannot hold line breaks, tabs or other control characters');
  }
  if (policy.trim() === '') {
    invalidProp(scope, 'contentSecurityPolicy', policy, "give a policy such as \"default-src 'self'\", or leave contentSecurityPolicy out to add no header");
  }
  if (policy.length > MAX_CONTENT_SECURITY_POLICY_LENGTH) {
    invalidProp(scope, 'contentSecurityPolicy', `${policy.length} characters`,
      `give at most ${MAX_CONTENT_SECURITY_POLICY_LENGTH} characters, CloudFront's quota for this header: shorten the source lists `
      + "(for example 'self' or a host with a wildcard instead of many hosts), or let the app send its own header (it is kept)");
  }
}

/**
 * The status codes CloudFront can answer with a custom error response, and those it can answer with instead (200,
 * for example, to serve a page of a single-page app).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/creating-custom-error-pages.html
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CustomErrorResponse.html
 */
const ERROR_RESPONSE_CODES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
const ERROR_RESPONSE_REPLACEMENT_CODES = [200, ...ERROR_RESPONSE_CODES];

function validateErrorResponses(scope: Construct, responses: cloudfront.ErrorResponse[]): void {
  const seen = new Set<number>();
  responses.forEach((response, index) => {
    const prop = `errorResponses[${index}]`;
    const { httpStatus, responseHttpStatus, responsePagePath, ttl } = response;
    if (!Token.isUnresolved(httpStatus)) {
      if (!ERROR_RESPONSE_CODES.includes(httpStatus)) {
        invalidProp(scope, `${prop}.httpStatus`, httpStatus,
          `give a status code that CloudFront can replace: ${ERROR_RESPONSE_CODES.join(', ')} (2xx and 3xx responses are not errors to it)`);
      }
      if (seen.has(httpStatus)) {
        invalidProp(scope, `${prop}.httpStatus`, httpStatus, 'give one error response per status code');
      }
      seen.add(httpStatus);
    }
    const replacementKnown = responseHttpStatus !== undefined && !Token.isUnresolved(responseHttpStatus);
    if (replacementKnown && !ERROR_RESPONSE_REPLACEMENT_CODES.includes(responseHttpStatus)) {
      invalidProp(scope, `${prop}.responseHttpStatus`, responseHttpStatus,
        `give a status code that CloudFront can send instead: ${ERROR_RESPONSE_REPLACEMENT_CODES.join(', ')}`);
    }
    if (responseHttpStatus !== undefined && responsePagePath === undefined) {
      invalidProp(scope, `${prop}.responseHttpStatus`, responseHttpStatus,
        'give a responsePagePath too: CloudFront sends another status code only with a custom error page');
    }
    if (responsePagePath !== undefined && !Token.isUnresolved(responsePagePath) && !responsePagePath.startsWith('/')) {
      invalidProp(scope, `${prop}.responsePagePath`, responsePagePath, `give a path that starts with /, for example '/errors/${httpStatus}.html'`);
    }
    if (responseHttpStatus === undefined && responsePagePath === undefined && ttl === undefined) {
      invalidProp(scope, prop, response, 'give a responsePagePath, a ttl or both: an error response without either changes nothing');
    }
    if (ttl !== undefined && !ttl.isUnresolved() && (ttl.toMilliseconds() < 0 || ttl.toMilliseconds() % 1000 !== 0)) {
      invalidProp(scope, `${prop}.ttl`, ttl.toString(), 'give a whole number of seconds, 0 or more: CloudFront caches errors for whole seconds');
    }
  });
}

/**
 * The status codes CloudFront can fail over on.
 *
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_StatusCodes.html
 */
const FAILOVER_STATUS_CODES = [400, 403, 404, 416, 500, 502, 503, 504];

function validateFailover(
  scope: Construct,
  failover: OriginFailoverOptions,
  access: LoadBalancerOriginAccess,
  protocol: cloudfront.OriginProtocolPolicy,
  staticPathPatterns: string[],
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
  const writePatterns = failover.writePathPatterns ?? [];
  if (writePatterns.length > 0 && staticPathPatterns.length >= MAX_PATH_PATTERNS) {
    invalidProp(scope, 'failover.writePathPatterns', writePatterns,
      `CloudFront allows ${MAX_CACHE_BEHAVIORS} cache behaviors by default and the default behavior and ${MAX_PATH_PATTERNS} static path patterns take them all: give fewer staticPathPatterns`);
  }
  if (writePatterns.length > 0) {
    validatePathPatterns(scope, writePatterns, 'failover.writePathPatterns', MAX_PATH_PATTERNS - staticPathPatterns.length);
    const shared = writePatterns.filter((pattern) => staticPathPatterns.includes(pattern));
    if (shared.length > 0) {
      invalidProp(scope, 'failover.writePathPatterns', shared, 'a path pattern goes either to the static assets or to the app, not both: remove it from one list');
    }
  }
}

/**
 * Checks the probe-only patterns, which share the cache behaviors with the static and write path patterns. When the
 * patterns are the default, an overflow is the fault of the other list the user gave (`otherProp`).
 */
function validateProbeOnlyPathPatterns(scope: Construct, patterns: string[], given: boolean, otherPatterns: string[], otherProp: string): void {
  if (patterns.length === 0) {
    return;
  }
  const room = MAX_PATH_PATTERNS - otherPatterns.length;
  if (room < 1) {
    invalidProp(scope, given ? 'probeOnlyPathPatterns' : otherProp, given ? patterns : `${otherPatterns.length} patterns beside the default probe-only ${patterns.join(', ')}`,
      `CloudFront allows ${MAX_CACHE_BEHAVIORS} cache behaviors by default and the default behavior, the static and the write path patterns take them all: `
      + 'give fewer staticPathPatterns or writePathPatterns, or probeOnlyPathPatterns: [] to turn the restriction off');
  }
  validatePathPatterns(scope, patterns, 'probeOnlyPathPatterns', room);
  const shared = patterns.filter((pattern) => otherPatterns.includes(pattern));
  if (shared.length > 0) {
    invalidProp(scope, 'probeOnlyPathPatterns', shared, 'a path pattern is either for probes or for the static assets or writes, not both: remove it from one list');
  }
}

/**
 * CloudFront's default quota of cache behaviors per distribution (the default behavior is one of them); it can be raised
 * on request, and this library keeps to the default.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-web-distributions
 */
const MAX_CACHE_BEHAVIORS = 75;
const MAX_PATH_PATTERNS = MAX_CACHE_BEHAVIORS - 1;

function validatePathPatterns(scope: Construct, patterns: string[], prop: string = 'staticPathPatterns', most: number = MAX_PATH_PATTERNS): void {
  if (patterns.length === 0 || patterns.length > most) {
    invalidProp(scope, prop, patterns, `give 1 to ${most} path patterns (CloudFront allows ${MAX_CACHE_BEHAVIORS} cache behaviors by default, one of them the default behavior)`);
  }
  for (const pattern of patterns) {
    if (Token.isUnresolved(pattern)) {
      continue;
    }
    // CloudFront's allowed characters and wildcards (* and ?), at most 255 characters.
    if (!/^[A-Za-z0-9_\-.*?$/~"'@:+&]{1,255}$/.test(pattern)) {
      invalidProp(scope, prop, pattern,
        "give path patterns of at most 255 characters of A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & and the wildcards * and ?, such as '/static/*' or '*.css'");
    }
    // '*' alone would take every request from the default behavior.
    if (/^\/?\*+$/.test(pattern)) {
      invalidProp(scope, prop, pattern, "give path patterns such as '/static/*' or '*.css', not '*' (that is the app's default behaviour)");
    }
  }
  if (new Set(patterns).size !== patterns.length) {
    invalidProp(scope, prop, patterns, 'list each path pattern once');
  }
}

function validateWebAclArn(scope: Construct, arn: string): void {
  if (Token.isUnresolved(arn)) {
    return;
  }
  const match = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:(global|regional)\/webacl\/[^/]+\/[^/]+$/.exec(arn);
  if (!match) {
    invalidProp(scope, 'webAclArn', arn, 'give the ARN of a WAFv2 WebACL, arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>');
  }
  if (match[2] !== 'global' || match[1] !== CLOUDFRONT_REGION) {
    invalidProp(scope, 'webAclArn', arn, `CloudFront takes only CLOUDFRONT-scope WebACLs, created in ${CLOUDFRONT_REGION} (their ARNs contain ':global/webacl/')`);
  }
}

function validateCertificateRegion(scope: Construct, certificate: acm.ICertificate): void {
  // An imported certificate's env is its importing stack's; its ARN says where it really is. When that
  // ARN is a token (a parameter, a cross-stack reference) only a certificate defined in this app, whose
  // env is its own stack's, tells its Region.
  const definedHere = certificate.node.defaultChild !== undefined;
  if (Token.isUnresolved(certificate.certificateArn) && !definedHere) {
    return;
  }
  const region = Token.isUnresolved(certificate.certificateArn)
    ? certificate.env.region
    : Arn.split(certificate.certificateArn, ArnFormat.SLASH_RESOURCE_NAME).region ?? certificate.env.region;
  if (!Token.isUnresolved(region) && region !== CLOUDFRONT_REGION) {
    invalidProp(scope, 'certificate', certificate.certificateArn,
      `CloudFront accepts certificates from ${CLOUDFRONT_REGION} only, and this one is in ${region}: request it in ${CLOUDFRONT_REGION}`);
  }
}

/** The types of the props, for callers that no compiler checks. */
const EDGE_PROP_TYPES: PropTypes = {
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

function isCfnOriginAccessControl(construct: IConstruct): construct is cloudfront.CfnOriginAccessControl {
  return construct instanceof cloudfront.CfnOriginAccessControl;
}

/**
 * A Shield protection name from the construct path: Shield accepts only letters, digits, spaces, `_`, `.`
 * and `-` (no `/`), at most 128 characters. A display name: Shield keeps one protection per resource, whatever its
 * name, and a new name would replace the protection, which Shield refuses while the old one protects the resource.
 */
function shieldProtectionName(scope: Construct, suffix: string): string {
  return `${scope.node.path}/${suffix}`.replace(/[^ a-zA-Z0-9_.-]/g, '-').slice(-128);
}
