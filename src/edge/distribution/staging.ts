import { Duration, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { invalidProp, WebAppConfigurationError } from '../../private/validation';

/** How a {@link StagingTraffic} picks the requests of the staging distribution. */
export enum StagingTrafficKind {
  /** Requests that carry a header with a value. */
  HEADER = 'HEADER',
  /** A share of all requests. */
  WEIGHT = 'WEIGHT',
}

/**
 * Options of {@link StagingTraffic.weight}: whether a viewer stays on the distribution that served its first request.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-continuous-deployment.html#understanding-continuous-deployment-sessions
 */
export interface StagingWeightOptions {
  /**
   * Keeps the requests of one viewer's session on one distribution, primary or staging, so that a signed-in user does not
   * hop between two configurations: CloudFront sets a cookie for it. CloudFront resets every session when the policy or
   * this setting is turned off or on.
   *
   * @default true
   */
  readonly sessionStickiness?: boolean;

  /**
   * How long a viewer may send no request before its session ends, 300 to 3,600 seconds in whole seconds. Only with
   * `sessionStickiness`.
   *
   * @default Duration.minutes(5)
   */
  readonly sessionIdleTtl?: Duration;

  /**
   * How long a session lasts at most, 300 to 3,600 seconds in whole seconds, at least `sessionIdleTtl`. Only with
   * `sessionStickiness`.
   *
   * @default Duration.hours(1)
   */
  readonly sessionMaximumTtl?: Duration;
}

/**
 * Which viewer requests CloudFront sends to the staging distribution (the traffic configuration of the continuous
 * deployment policy).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-continuous-deployment.html#understanding-continuous-deployment-routing
 */
export class StagingTraffic {
  /** The prefix that CloudFront requires of the header of a header-based configuration. */
  public static readonly HEADER_PREFIX = 'aws-cf-cd-';

  /**
   * Requests that carry the header `name` with the value `value`, for tests before any viewer sees the change: for
   * example `curl -H 'aws-cf-cd-staging: true' https://www.example.com/`.
   *
   * @param name the header, which starts with `aws-cf-cd-`, at most 256 characters of a header name
   * @param value the value the header must have, 1 to 1,783 characters, no control characters
   */
  public static header(name: string, value: string): StagingTraffic {
    return new StagingTraffic(StagingTrafficKind.HEADER, name, value);
  }

  /**
   * A share of all viewer requests, from 0 to 0.15 (15 %, CloudFront's quota) in steps of 0.01: 0.05 sends 5 % of the
   * requests to the staging distribution. During CloudFront's own peak hours it may send every request to the primary.
   *
   * @param weight the share, 0 to 0.15 in steps of 0.01
   * @param options session stickiness
   */
  public static weight(weight: number, options: StagingWeightOptions = {}): StagingTraffic {
    return new StagingTraffic(StagingTrafficKind.WEIGHT, undefined, undefined, weight, options);
  }

  private constructor(
    /** How the requests are picked. */
    public readonly kind: StagingTrafficKind,
    /** The header, for `HEADER`. */
    public readonly headerName?: string,
    /** The header's value, for `HEADER`. */
    public readonly headerValue?: string,
    /** The share of requests, for `WEIGHT`. */
    public readonly stagingWeight?: number,
    /** Session stickiness, for `WEIGHT`. */
    public readonly weightOptions?: StagingWeightOptions,
  ) {}
}

/**
 * The edge settings that the staging distribution tries: each one given replaces the primary's, the others are the
 * primary's. These are the settings that CloudFront lets a staging distribution have of its own (cache behaviors, custom
 * error responses, geographic restrictions, and the policies and functions they use); the certificate, TLS policy, price
 * class, WebACL, HTTP versions and IPv6 stay the primary's.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-continuous-deployment.html#updating-staging-and-primary-distributions
 */
export interface EdgeStagingChanges {
  /**
   * The static path patterns of the staging distribution: each one also a path pattern of the primary (CloudFront
   * warns that a path pattern only the staging distribution has can give viewers errors), so a staged change can drop
   * static paths but not add them. Otherwise as `EdgeDistributionOptions.staticPathPatterns`.
   *
   * @default - the primary's
   */
  readonly staticPathPatterns?: string[];

  /**
   * The probe-only path patterns of the staging distribution, each also a path pattern of the primary; an empty list
   * tries the distribution without the restriction. Otherwise as `EdgeDistributionOptions.probeOnlyPathPatterns`.
   *
   * @default - the primary's
   */
  readonly probeOnlyPathPatterns?: string[];

  /**
   * The Content-Security-Policy header of the staging distribution's responses, in a response headers policy of its
   * own with the other security headers. Otherwise as `EdgeDistributionOptions.contentSecurityPolicy`.
   *
   * @default - the primary's
   */
  readonly contentSecurityPolicy?: string;

  /**
   * The error responses of the staging distribution; an empty list tries CloudFront's own error pages. Otherwise as
   * `EdgeDistributionOptions.errorResponses`.
   *
   * @default - the primary's
   */
  readonly errorResponses?: cloudfront.ErrorResponse[];

  /**
   * The countries from which viewers may reach the staging distribution. Otherwise as
   * `EdgeDistributionOptions.geoRestriction`.
   *
   * @default - the primary's
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;
}

/**
 * A staging distribution beside the primary and the continuous deployment policy that sends some viewer requests to it,
 * to try an edge change on a slice of traffic before every edge location serves it.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/continuous-deployment.html
 */
export interface EdgeStagingOptions {
  /** Which viewer requests go to the staging distribution: `StagingTraffic.header(...)` or `StagingTraffic.weight(...)`. */
  readonly traffic: StagingTraffic;

  /**
   * The edge settings the staging distribution tries.
   *
   * @default - none: the staging distribution has the primary's settings
   */
  readonly changes?: EdgeStagingChanges;

  /**
   * Whether the continuous deployment policy sends requests to the staging distribution. `false` keeps both
   * distributions and sends every request to the primary; leaving `staging` out removes the staging distribution and
   * the policy.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/** CloudFront's quota on the share of requests of a weight-based configuration. */
const MAX_WEIGHT = 0.15;
/** CloudFront's limits of the session stickiness TTLs, in seconds. */
const MIN_SESSION_TTL = 300;
const MAX_SESSION_TTL = 3600;
/** The longest header value CloudFront takes (the schema of SingleHeaderConfig.Value). */
const MAX_HEADER_VALUE_LENGTH = 1783;
/** RFC 9110 token characters, which a header name consists of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/;

/** Checks the traffic configuration of the staging distribution. */
export function validateStagingTraffic(scope: Construct, traffic: StagingTraffic | undefined): void {
  if (!(traffic instanceof StagingTraffic)) {
    invalidProp(scope, 'staging.traffic', traffic,
      "give StagingTraffic.header('aws-cf-cd-staging', 'true') or StagingTraffic.weight(0.05): CloudFront needs to know which requests go to the staging distribution");
  }
  if (traffic.kind === StagingTrafficKind.HEADER) {
    validateHeader(scope, traffic.headerName, traffic.headerValue);
  } else {
    validateWeight(scope, traffic.stagingWeight, traffic.weightOptions ?? {});
  }
}

function validateHeader(scope: Construct, name: string | undefined, value: string | undefined): void {
  if (typeof name !== 'string' || (!Token.isUnresolved(name) && (!name.startsWith(StagingTraffic.HEADER_PREFIX) || name === StagingTraffic.HEADER_PREFIX))) {
    invalidProp(scope, 'staging.traffic.headerName', name,
      `CloudFront routes to a staging distribution only on a header whose name starts with '${StagingTraffic.HEADER_PREFIX}' (in lower case) and goes on after it, for example 'aws-cf-cd-staging'`);
  }
  if (!Token.isUnresolved(name) && !HEADER_NAME.test(name)) {
    invalidProp(scope, 'staging.traffic.headerName', name,
      'give a header name of at most 256 letters, digits and !#$%&\'*+-.^_`|~ (no spaces, colons or other separators), for example \'aws-cf-cd-staging\'');
  }
  if (typeof value !== 'string') {
    invalidProp(scope, 'staging.traffic.headerValue', value, "give the header's value as a string, for example 'true'");
  }
  if (Token.isUnresolved(value)) {
    return;
  }
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > MAX_HEADER_VALUE_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
    invalidProp(scope, 'staging.traffic.headerValue', value,
      `give 1 to ${MAX_HEADER_VALUE_LENGTH} characters on one line (no control characters, which no header value may hold), for example 'true'`);
  }
}

function validateWeight(scope: Construct, weight: number | undefined, options: StagingWeightOptions): void {
  if (typeof weight !== 'number') {
    invalidProp(scope, 'staging.traffic.weight', weight, 'give the share of requests as a number from 0 to 0.15, for example StagingTraffic.weight(0.05) for 5 %');
  }
  if (!Token.isUnresolved(weight) && (!(weight >= 0 && weight <= MAX_WEIGHT) || Math.abs(weight * 100 - Math.round(weight * 100)) > 1e-9)) {
    invalidProp(scope, 'staging.traffic.weight', weight,
      `give a share from 0 to ${MAX_WEIGHT} in steps of 0.01 (CloudFront sends at most 15 % of the requests to a staging distribution): 0.05 is 5 %; `
      + 'a header-based configuration, StagingTraffic.header(...), tests without any viewer');
  }
  const sticky = options.sessionStickiness ?? true;
  if (typeof sticky !== 'boolean') {
    invalidProp(scope, 'staging.traffic.sessionStickiness', sticky, 'give true or false');
  }
  if (!sticky) {
    for (const [prop, ttl] of [['sessionIdleTtl', options.sessionIdleTtl], ['sessionMaximumTtl', options.sessionMaximumTtl]] as const) {
      if (ttl !== undefined) {
        invalidProp(scope, `staging.traffic.${prop}`, ttl.toString(), 'a session TTL needs sessionStickiness: true; leave the TTL out, or turn stickiness on');
      }
    }
    return;
  }
  const idle = sessionTtlSeconds(scope, 'sessionIdleTtl', options.sessionIdleTtl, MIN_SESSION_TTL);
  const maximum = sessionTtlSeconds(scope, 'sessionMaximumTtl', options.sessionMaximumTtl, MAX_SESSION_TTL);
  if (!Token.isUnresolved(idle) && !Token.isUnresolved(maximum) && idle > maximum) {
    invalidProp(scope, 'staging.traffic.sessionIdleTtl', `${idle} seconds`,
      `a session cannot idle longer than it lasts: give a sessionIdleTtl of at most the sessionMaximumTtl (${maximum} seconds)`);
  }
}

function sessionTtlSeconds(scope: Construct, prop: string, ttl: Duration | undefined, fallback: number): number {
  if (ttl === undefined) {
    return fallback;
  }
  if (!(ttl instanceof Duration)) {
    invalidProp(scope, `staging.traffic.${prop}`, ttl, 'give a Duration, for example Duration.minutes(10)');
  }
  if (ttl.isUnresolved()) {
    return ttl.toSeconds();
  }
  const milliseconds = ttl.toMilliseconds();
  if (milliseconds % 1000 !== 0 || milliseconds < MIN_SESSION_TTL * 1000 || milliseconds > MAX_SESSION_TTL * 1000) {
    invalidProp(scope, `staging.traffic.${prop}`, ttl.toHumanString(),
      `give whole seconds from ${MIN_SESSION_TTL} to ${MAX_SESSION_TTL} (5 minutes to 1 hour), CloudFront's limits of session stickiness`);
  }
  return milliseconds / 1000;
}

/** The traffic configuration of the continuous deployment policy. */
export function renderStagingTraffic(traffic: StagingTraffic): cloudfront.CfnContinuousDeploymentPolicy.TrafficConfigProperty {
  if (traffic.kind === StagingTrafficKind.HEADER) {
    return { type: 'SingleHeader', singleHeaderConfig: { header: traffic.headerName!, value: traffic.headerValue! } };
  }
  const options = traffic.weightOptions ?? {};
  const sticky = options.sessionStickiness ?? true;
  return {
    type: 'SingleWeight',
    singleWeightConfig: {
      weight: traffic.stagingWeight!,
      sessionStickinessConfig: sticky
        ? {
          idleTtl: options.sessionIdleTtl?.toSeconds() ?? MIN_SESSION_TTL,
          maximumTtl: options.sessionMaximumTtl?.toSeconds() ?? MAX_SESSION_TTL,
        }
        : undefined,
    },
  };
}

/**
 * Checks that every path pattern of the staging distribution is one of the primary's: CloudFront warns that a pattern
 * only the staging distribution has can give viewers error responses.
 */
export function validateStagedPathPatterns(scope: Construct, prop: string, staged: string[] | undefined, primaryPatterns: string[]): void {
  if (staged === undefined) {
    return;
  }
  const added = staged.filter((pattern) => !Token.isUnresolved(pattern) && !primaryPatterns.includes(pattern));
  if (added.length > 0) {
    invalidProp(scope, `staging.changes.${prop}`, added,
      'the path patterns of a staging distribution must be the primary\'s or some of them (CloudFront warns that others can give viewers errors): '
      + `add the pattern to the primary's ${prop} first, or try it without staging (the primary has ${primaryPatterns.join(', ') || 'no path patterns'})`);
  }
}

/**
 * Runs the checks of the primary's props on the staged ones, so that their errors name the staged prop
 * (`staging.changes.contentSecurityPolicy`) as the user wrote it.
 */
export function asStagedChanges<T>(scope: Construct, changes: EdgeStagingChanges, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const root = error instanceof WebAppConfigurationError ? error.prop.split(/[.[]/)[0] : undefined;
    if (error instanceof WebAppConfigurationError && error.path === scope.node.path && root !== undefined && root in changes) {
      throw new WebAppConfigurationError(scope, `staging.changes.${error.prop}`, error.value, error.fix);
    }
    throw error;
  }
}
