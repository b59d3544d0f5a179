import { Annotations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createAccessLogsBucket } from './distribution/access-logs';
import { CacheBehaviors, createCacheBehaviors, createProbeOnlyFunction } from './distribution/cache-behaviors';
import { createAliasRecords, validateDomainNames, validateHostedZone } from './distribution/domain-names';
import { validateErrorResponses } from './distribution/error-responses';
import { acknowledgeStaticAssetsKeyPolicy, nameOriginAccessControls } from './distribution/origin-access-control';
import { LoadBalancerOriginAccess, OriginFailoverOptions } from './distribution/origin-options';
import { createDynamicOrigins, DynamicOrigins, validateFailover, validateOrigin } from './distribution/origins';
import { validateProbeOnlyPathPatterns, validateStaticPathPatterns, validateWritePathPatterns } from './distribution/path-patterns';
import { EDGE_PROP_TYPES } from './distribution/prop-types';
import { createSecurityHeadersPolicy, validateContentSecurityPolicy } from './distribution/security-headers';
import { protectWithShieldAdvanced } from './distribution/shield';
import {
  asStagedChanges, EdgeStagingChanges, EdgeStagingOptions, renderStagingTraffic, validateStagedPathPatterns, validateStagingTraffic,
} from './distribution/staging';
import { certificateOf, webAclOf } from './distribution/web-acl-and-certificate';
import { WebApplicationFirewall, WebApplicationFirewallOptions } from './web-application-firewall';
import { recordException } from '../private/compliance';
import {
  CLOUDFRONT_DEFAULT_CERTIFICATE, CLOUDFRONT_NO_DEFAULT_ROOT_OBJECT, CLOUDFRONT_NO_GEO_RESTRICTION, CLOUDFRONT_SINGLE_REGION_ORIGIN,
} from '../private/exceptions';
import { DEEP_HEALTH_PATH, HEALTH_PROBE_HEADER } from '../private/health-probe';
import { useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { displayPath } from '../private/paths';
import { invalidProp, normalizeDomainName, validateTypes } from '../private/validation';

export * from './distribution/origin-options';
export * from './distribution/staging';

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

  /**
   * A staging distribution and a continuous deployment policy, to try an edge change on a slice of traffic: the staging
   * distribution is built like the primary with `staging.changes` on top, and CloudFront sends it the requests that
   * `staging.traffic` picks. While `staging` is set both distributions serve HTTP/2 and HTTP/1.1 but not HTTP/3, which
   * CloudFront does not allow with continuous deployment, and CloudFront refuses changes to the primary's WebACL,
   * certificate, price class and other settings outside the cache behaviors, error responses and geographic
   * restrictions. The staging distribution is billed like any distribution for the requests it serves.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/continuous-deployment.html
   * @default - no staging distribution
   */
  readonly staging?: EdgeStagingOptions;
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
 *
 * With `staging`, a staging distribution built from the same props with the staged changes on top, and a
 * continuous deployment policy on the primary that sends it the requests of a header or a share of all requests,
 * try an edge change on a slice of traffic; both distributions then serve HTTP/2 but not HTTP/3.
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
  /** The staging distribution, with `staging`: monitor it like the primary (`metric5xxErrorRate()`), in us-east-1. */
  public readonly stagingDistribution?: cloudfront.Distribution;
  /** The continuous deployment policy attached to the primary distribution, with `staging`. */
  public readonly continuousDeploymentPolicy?: cloudfront.CfnContinuousDeploymentPolicy;

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id);
    validateTypes(this, props, EDGE_PROP_TYPES);
    if (props.loadBalancer === undefined || props.loadBalancer === null) {
      invalidProp(this, 'loadBalancer', props.loadBalancer, "give the app's load balancer, for example WebAppTier.loadBalancer");
    }
    useBucketPolicyForServerAccessLogs(this);

    const settings = settingsOf(props);
    this.validateSettings(props, settings);
    const staged = props.staging ? this.stagedEdge(props, settings) : undefined;

    const webAcl = webAclOf(this, props.webAclArn, props.firewall, props.encryptionKey);
    this.webAclArn = webAcl.webAclArn;
    this.firewall = webAcl.firewall;
    this.certificate = certificateOf(this, props.certificate, settings.domainNames, props.hostedZone);

    this.validateOriginsAndPathPatterns(props, settings);
    if (staged) {
      asStagedChanges(this, staged.changes, () => this.validateOriginsAndPathPatterns(staged.props, staged.settings));
    }
    const dynamicOrigins = createDynamicOrigins(this, {
      loadBalancer: props.loadBalancer,
      originDomainName: props.originDomainName,
      originAccess: settings.originAccess,
      originProtocol: settings.originProtocol,
      failover: props.failover,
    });
    this.responseHeadersPolicy = createSecurityHeadersPolicy(this, props.contentSecurityPolicy);
    const shared = this.sharedBehaviorParts(props, dynamicOrigins, [settings, ...(staged ? [staged.settings] : [])]);
    const behaviors = createCacheBehaviors({ ...shared, ...behaviorSettingsOf(props, settings), responseHeadersPolicy: this.responseHeadersPolicy });
    this.logBucket = props.logBucket ?? createAccessLogsBucket(this, props.serverAccessLogsBucket);

    this.distribution = this.createDistribution('Distribution', props, settings, behaviors, staged !== undefined);
    this.distributionDomainName = this.distribution.distributionDomainName;
    nameOriginAccessControls(this.distribution);
    this.warnOfDefaultCertificate();
    this.recordExceptions(this.distribution, props);

    if (staged) {
      const responseHeadersPolicy = staged.changes.contentSecurityPolicy === undefined
        ? this.responseHeadersPolicy
        : createSecurityHeadersPolicy(this, staged.changes.contentSecurityPolicy, 'StagingSecurityHeaders');
      const stagedBehaviors = createCacheBehaviors({ ...shared, ...behaviorSettingsOf(staged.props, staged.settings), responseHeadersPolicy });
      this.stagingDistribution = this.createStagingDistribution(staged.props, staged.settings, stagedBehaviors);
      this.continuousDeploymentPolicy = this.attachContinuousDeploymentPolicy(staged.options, this.stagingDistribution);
    }
    // After every distribution that binds the static origin: before 2.258, aws-cdk-lib's acknowledgement removes the
    // warnings already added and does not hold back those of a later bind (the staging distribution's).
    acknowledgeStaticAssetsKeyPolicy(props.staticAssetsBucket);

    if (props.hostedZone) {
      createAliasRecords(this, this.distribution, settings.domainNames, props.hostedZone);
    }
    if (props.shieldAdvanced) {
      protectWithShieldAdvanced(this, this.distribution, props.hostedZone);
    }
  }

  /** Checks the props that need nothing created first. */
  private validateSettings(props: EdgeDistributionProps, settings: EdgeSettings): void {
    validateDomainNames(this, props.domainNames ?? [], props.hostedZone);
    validateOrigin(this, settings.originAccess, settings.originProtocol, props.originDomainName);
    validateContentSecurityPolicy(this, props.contentSecurityPolicy);
    validateErrorResponses(this, props.errorResponses ?? []);
    validateStaticPathPatterns(this, props.staticAssetsBucket, props.staticPathPatterns, settings.staticPathPatterns);
    validateHostedZone(this, props.hostedZone, settings.domainNames);
  }

  /**
   * The props of the staging distribution, the primary's with the staged changes on top, checked as the primary's are
   * (their errors name `staging.changes.<prop>`), and its settings.
   */
  private stagedEdge(props: EdgeDistributionProps, primary: EdgeSettings): StagedEdge {
    const options = props.staging!;
    validateStagingTraffic(this, options.traffic);
    const changes: EdgeStagingChanges = options.changes ?? {};
    const stagedProps: EdgeDistributionProps = {
      ...props,
      staticPathPatterns: changes.staticPathPatterns ?? props.staticPathPatterns,
      probeOnlyPathPatterns: changes.probeOnlyPathPatterns ?? props.probeOnlyPathPatterns,
      contentSecurityPolicy: changes.contentSecurityPolicy ?? props.contentSecurityPolicy,
      errorResponses: changes.errorResponses ?? props.errorResponses,
      geoRestriction: changes.geoRestriction ?? props.geoRestriction,
    };
    const settings = settingsOf(stagedProps);
    asStagedChanges(this, changes, () => this.validateSettings(stagedProps, settings));
    const primaryPatterns = [
      ...(props.staticAssetsBucket ? primary.staticPathPatterns : []),
      ...primary.probeOnlyPathPatterns,
      ...(props.failover?.writePathPatterns ?? []),
    ];
    validateStagedPathPatterns(this, 'staticPathPatterns', changes.staticPathPatterns, primaryPatterns);
    validateStagedPathPatterns(this, 'probeOnlyPathPatterns', changes.probeOnlyPathPatterns, primaryPatterns);
    return { options, changes, props: stagedProps, settings };
  }

  /**
   * Checks the recovery origin, and the path patterns of the failover's writes and of the probes, which share
   * CloudFront's quota of cache behaviors with the static path patterns (those count only with a bucket to route to).
   */
  private validateOriginsAndPathPatterns(props: EdgeDistributionProps, settings: EdgeSettings): void {
    const failover = props.failover;
    const staticPathPatterns = props.staticAssetsBucket ? settings.staticPathPatterns : [];
    if (failover) {
      validateFailover(this, failover, settings.originAccess, settings.originProtocol);
      validateWritePathPatterns(this, failover.writePathPatterns ?? [], staticPathPatterns);
    }
    validateProbeOnlyPathPatterns(this, settings.probeOnlyPathPatterns, props.probeOnlyPathPatterns !== undefined, [
      ...staticPathPatterns,
      ...(failover?.writePathPatterns ?? []),
    ], props.staticAssetsBucket && props.staticPathPatterns ? 'staticPathPatterns' : 'failover.writePathPatterns');
  }

  /**
   * The parts that the behaviors of both distributions share: the static assets bucket's origin (one Origin Access Control,
   * whose bucket policy CDK extends to each distribution that uses it) and the probe-only function, when some
   * distribution has probe-only path patterns.
   */
  private sharedBehaviorParts(props: EdgeDistributionProps, dynamicOrigins: DynamicOrigins, all: EdgeSettings[]) {
    const probeOnly = all.some((settings) => settings.probeOnlyPathPatterns.length > 0);
    return {
      origins: dynamicOrigins,
      probeOnlyFunction: probeOnly ? createProbeOnlyFunction(this) : undefined,
      staticOrigin: props.staticAssetsBucket ? origins.S3BucketOrigin.withOriginAccessControl(props.staticAssetsBucket) : undefined,
    };
  }

  /**
   * A distribution of the edge: the primary, or the staging distribution that is built the same way. With a staging
   * distribution, neither serves HTTP/3: CloudFront does not allow continuous deployment on a distribution that does.
   */
  private createDistribution(
    id: string,
    props: EdgeDistributionProps,
    settings: EdgeSettings,
    behaviors: CacheBehaviors,
    staged: boolean,
  ): cloudfront.Distribution {
    const domainNames = settings.domainNames;
    return new cloudfront.Distribution(this, id, {
      comment: `Web app ${displayPath(this)}`.slice(0, 128),
      defaultBehavior: behaviors.defaultBehavior,
      additionalBehaviors: behaviors.additionalBehaviors,
      webAclId: this.webAclArn,
      certificate: this.certificate,
      domainNames: domainNames.length > 0 ? domainNames : undefined,
      // Only with a certificate of our own: CloudFront's default certificate has a TLS policy and SNI that CloudFront fixes.
      minimumProtocolVersion: this.certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      sslSupportMethod: this.certificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: staged ? cloudfront.HttpVersion.HTTP2 : cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_ALL,
      geoRestriction: props.geoRestriction,
      errorResponses: props.errorResponses,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
  }

  /**
   * The staging distribution: CloudFront routes requests to it only through the primary's continuous deployment policy,
   * so it has no domain names (CloudFront refuses them on a staging distribution) and no alias records; it keeps the
   * primary's certificate and TLS policy, which CloudFront does not let differ. Its logs go to the primary's bucket and
   * prefix (CloudFront names log files after the distribution's ID).
   */
  private createStagingDistribution(props: EdgeDistributionProps, settings: EdgeSettings, behaviors: CacheBehaviors): cloudfront.Distribution {
    const distribution = this.createDistribution('StagingDistribution', props, settings, behaviors, true);
    const cfnDistribution = distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfnDistribution.addPropertyOverride('DistributionConfig.Staging', true);
    // aws-cdk-lib takes a certificate only with domain names; the staging distribution keeps the certificate without them.
    cfnDistribution.addPropertyDeletionOverride('DistributionConfig.Aliases');
    nameOriginAccessControls(distribution);
    this.recordExceptions(distribution, props);
    return distribution;
  }

  /**
   * The continuous deployment policy, attached to the primary. The references order CloudFormation's work: on create the
   * staging distribution, then the policy, then the primary; when `staging` is removed, the update detaches the policy
   * from the primary first, and the clean-up deletes the policy, then the staging distribution.
   */
  private attachContinuousDeploymentPolicy(options: EdgeStagingOptions, staging: cloudfront.Distribution): cloudfront.CfnContinuousDeploymentPolicy {
    const policy = new cloudfront.CfnContinuousDeploymentPolicy(this, 'ContinuousDeploymentPolicy', {
      continuousDeploymentPolicyConfig: {
        enabled: options.enabled ?? true,
        stagingDistributionDnsNames: [staging.distributionDomainName],
        trafficConfig: renderStagingTraffic(options.traffic),
      },
    });
    (this.distribution.node.defaultChild as cloudfront.CfnDistribution)
      .addPropertyOverride('DistributionConfig.ContinuousDeploymentPolicyId', policy.attrId);
    return policy;
  }

  /** The warning for a distribution without a domain name. */
  private warnOfDefaultCertificate(): void {
    if (!this.certificate) {
      Annotations.of(this).addWarningV2(EdgeDistribution.DEFAULT_CERTIFICATE_WARNING,
        'the distribution has no domain name, so viewers reach it at *.cloudfront.net with CloudFront\'s default certificate, whose TLS policy '
        + '(TLSv1 and newer) CloudFront fixes, and CloudFront reaches the origin over HTTP inside the AWS network. For TLS 1.2_2021 or newer '
        + 'and HTTPS to the origin, give domainNames with a hostedZone or certificate (HighlyAvailableWebApp: domainName and hostedZone). '
        + `Acknowledge with Annotations.of(construct).acknowledgeWarning('${EdgeDistribution.DEFAULT_CERTIFICATE_WARNING}') where this is intended`);
    }
  }

  /** The compliance exceptions of a distribution of the edge. */
  private recordExceptions(distribution: cloudfront.Distribution, props: EdgeDistributionProps): void {
    if (!this.certificate) {
      recordException(distribution, CLOUDFRONT_DEFAULT_CERTIFICATE);
    }
    if (!props.geoRestriction) {
      recordException(distribution, CLOUDFRONT_NO_GEO_RESTRICTION);
    }
    recordException(distribution, CLOUDFRONT_NO_DEFAULT_ROOT_OBJECT);
    if (!props.failover) {
      recordException(distribution, CLOUDFRONT_SINGLE_REGION_ORIGIN);
    }
  }
}

/** The props of an {@link EdgeDistribution} with their defaults, computed once. */
function settingsOf(props: EdgeDistributionProps): EdgeSettings {
  return {
    domainNames: (props.domainNames ?? []).map(normalizeDomainName),
    staticPathPatterns: props.staticPathPatterns ?? ['/static/*'],
    probeOnlyPathPatterns: props.probeOnlyPathPatterns ?? [`${DEEP_HEALTH_PATH}*`],
    originAccess: props.originAccess ?? LoadBalancerOriginAccess.vpcOrigin(),
    originProtocol: props.originProtocol
      ?? (props.originDomainName ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY : cloudfront.OriginProtocolPolicy.HTTP_ONLY),
  };
}

/** The path patterns of a distribution's behaviors, from its props and settings. */
function behaviorSettingsOf(props: EdgeDistributionProps, settings: EdgeSettings) {
  return {
    probeOnlyPathPatterns: settings.probeOnlyPathPatterns,
    writePathPatterns: props.failover?.writePathPatterns ?? [],
    failover: Boolean(props.failover),
    staticPathPatterns: settings.staticPathPatterns,
  };
}

/** The staging distribution's options, changes, props (the primary's with the changes on top) and settings. */
interface StagedEdge {
  readonly options: EdgeStagingOptions;
  readonly changes: EdgeStagingChanges;
  readonly props: EdgeDistributionProps;
  readonly settings: EdgeSettings;
}

/** The props of an {@link EdgeDistribution} with their defaults. */
interface EdgeSettings {
  /** The domain names in lower case. */
  readonly domainNames: string[];
  readonly staticPathPatterns: string[];
  readonly probeOnlyPathPatterns: string[];
  readonly originAccess: LoadBalancerOriginAccess;
  readonly originProtocol: cloudfront.OriginProtocolPolicy;
}
