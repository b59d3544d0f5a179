import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { DynamicOrigins } from './origins';
import { HEALTH_PROBE_HEADER, probeOnlyFunctionCode } from '../../private/health-probe';
import { physicalName } from '../../private/physical-names';

/**
 * What {@link createCacheBehaviors} needs: the origins, the headers policy, the probe-only function and the path patterns,
 * with their defaults. The origins and the function are made once and shared by the primary and the staging distribution.
 */
export interface CacheBehaviorsSettings {
  readonly origins: DynamicOrigins;
  readonly responseHeadersPolicy: cloudfront.IResponseHeadersPolicy;
  readonly probeOnlyPathPatterns: string[];
  /** The function of the probe-only behaviors, given when there are probe-only path patterns. */
  readonly probeOnlyFunction?: cloudfront.IFunction;
  /** The write path patterns of the failover, none without one. */
  readonly writePathPatterns: string[];
  /** Whether the default behavior goes to an origin group with a recovery origin. */
  readonly failover: boolean;
  /** The static assets bucket's origin (with its Origin Access Control), when there is a bucket. */
  readonly staticOrigin?: cloudfront.IOrigin;
  readonly staticPathPatterns: string[];
}

/** The behaviors of a distribution, built by {@link createCacheBehaviors}. */
export interface CacheBehaviors {
  readonly defaultBehavior: cloudfront.BehaviorOptions;
  readonly additionalBehaviors: Record<string, cloudfront.BehaviorOptions>;
}

/**
 * The default behavior (dynamic requests to the load balancer, or the origin group of a failover), and the additional
 * ones: probe-only paths (with the CloudFront Function that refuses requests without the probe header), write paths
 * (to the primary load balancer alone) and static paths (to the static assets bucket through Origin Access Control).
 */
export function createCacheBehaviors(settings: CacheBehaviorsSettings): CacheBehaviors {
  const { loadBalancerOrigin, dynamicOrigin } = settings.origins;
  const dynamicBehavior: cloudfront.BehaviorOptions = {
    origin: loadBalancerOrigin,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: settings.responseHeadersPolicy,
    compress: true,
  };
  // First, so that no broader pattern of the others takes their requests.
  const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
  const probeOnly = settings.probeOnlyFunction;
  if (probeOnly && settings.probeOnlyPathPatterns.length > 0) {
    for (const pattern of settings.probeOnlyPathPatterns) {
      additionalBehaviors[pattern] = {
        ...dynamicBehavior,
        origin: dynamicOrigin,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        functionAssociations: [{ function: probeOnly, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      };
    }
  }
  for (const pattern of settings.writePathPatterns) {
    additionalBehaviors[pattern] = dynamicBehavior;
  }
  const staticOrigin = settings.staticOrigin;
  if (staticOrigin) {
    for (const pattern of settings.staticPathPatterns) {
      additionalBehaviors[pattern] = {
        origin: staticOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: settings.responseHeadersPolicy,
        compress: true,
      };
    }
  }
  const defaultBehavior: cloudfront.BehaviorOptions = {
    ...dynamicBehavior,
    origin: dynamicOrigin,
    // CloudFront refuses an origin group on a behavior that allows methods it cannot fail over.
    allowedMethods: settings.failover ? cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS : cloudfront.AllowedMethods.ALLOW_ALL,
  };
  return { defaultBehavior, additionalBehaviors };
}

/** The CloudFront Function of the probe-only behaviors; its code is the probe contract's (src/private/health-probe.ts). */
export function createProbeOnlyFunction(scope: Construct): cloudfront.Function {
  return new cloudfront.Function(scope, 'ProbeOnlyFunction', {
    functionName: physicalName(scope, { accountWide: true, maxLength: 64, suffix: 'ProbeOnly' }),
    comment: `Refuses requests without the ${HEALTH_PROBE_HEADER} header`,
    runtime: cloudfront.FunctionRuntime.JS_2_0,
    code: cloudfront.FunctionCode.fromInline(probeOnlyFunctionCode()),
  });
}
