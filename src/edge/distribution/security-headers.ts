import { Duration, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { displayPath } from '../../private/paths';
import { physicalName } from '../../private/physical-names';
import { invalidProp } from '../../private/validation';

/**
 * The response headers policy of every behavior: HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy and,
 * when given, a Content-Security-Policy that the app's own header overrides.
 *
 * @param id the construct id, which also ends the policy's name: `StagingSecurityHeaders` for a staged change
 */
export function createSecurityHeadersPolicy(
  scope: Construct,
  contentSecurityPolicy: string | undefined,
  id: string = 'SecurityHeaders',
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    responseHeadersPolicyName: physicalName(scope, { accountWide: true, maxLength: 128, suffix: id }),
    comment: `${id === 'SecurityHeaders' ? 'Security headers' : 'Staged security headers'} of ${displayPath(scope)}`.slice(0, 128),
    securityHeadersBehavior: {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      contentSecurityPolicy: contentSecurityPolicy === undefined
        ? undefined
        : { contentSecurityPolicy, override: false },
    },
  });
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

export function validateContentSecurityPolicy(scope: Construct, policy: string | undefined): void {
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
