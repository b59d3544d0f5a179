import { Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { invalidProp } from '../../private/validation';

/**
 * CloudFront's default quota of cache behaviors per distribution (the default behavior is one of them); it can be raised
 * on request, and this library keeps to the default.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-web-distributions
 */
const MAX_CACHE_BEHAVIORS = 75;
const MAX_PATH_PATTERNS = MAX_CACHE_BEHAVIORS - 1;

/** Checks the static path patterns, which route requests to the static assets bucket and so need one. */
export function validateStaticPathPatterns(
  scope: Construct,
  staticAssetsBucket: s3.IBucket | undefined,
  given: string[] | undefined,
  patterns: string[],
): void {
  if (staticAssetsBucket) {
    validatePathPatterns(scope, patterns);
  } else if (given !== undefined) {
    invalidProp(scope, 'staticPathPatterns', given, 'give staticAssetsBucket too: the patterns route requests to that bucket');
  }
}

/** Checks the write path patterns of a failover, which share the cache behaviors with the static path patterns. */
export function validateWritePathPatterns(scope: Construct, writePatterns: string[], staticPathPatterns: string[]): void {
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
export function validateProbeOnlyPathPatterns(
  scope: Construct,
  patterns: string[],
  given: boolean,
  otherPatterns: string[],
  otherProp: string,
): void {
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
