/**
 * The contract between the edge, the app tier and the app for probe-only paths (the sample app's deep health
 * check, which writes to every store): what a probe carries, where the app finds the value to compare it with, and
 * the edge's check. Kept here once, so that EdgeDistribution, WebAppTier and assets/sample-app/server.py agree.
 */

/** The request header a probe carries; its value is the app tier's probe token. */
export const HEALTH_PROBE_HEADER = 'X-Health-Probe';

/** The app's setting that holds the ARN of the secret whose value is the probe token. */
export const HEALTH_PROBE_SECRET_ENVIRONMENT = 'HEALTH_PROBE_SECRET_ARN';

/** The sample app's deep health check. */
export const DEEP_HEALTH_PATH = '/health/deep';

/**
 * Code of the CloudFront Function (viewer request, cloudfront-js-2.0) on the probe-only behaviors: it answers 403
 * at the edge, without calling the origin, to a request without the probe header (CloudFront gives functions
 * header names in lower case). The edge cannot hold the token itself (a function's code is readable to anyone who
 * may describe it), so the app compares the value.
 */
export function probeOnlyFunctionCode(): string {
  const header = HEALTH_PROBE_HEADER.toLowerCase();
  return [
    'function handler(event) {',
    `  var probe = event.request.headers['${header}'];`,
    '  if (probe && probe.value) {',
    '    return event.request;',
    '  }',
    "  return { statusCode: 403, statusDescription: 'Forbidden', headers: { 'cache-control': { value: 'no-store' } } };",
    '}',
  ].join('\n');
}
