import { Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { invalidProp } from '../../private/validation';

/**
 * The status codes CloudFront can answer with a custom error response, and those it can answer with instead (200,
 * for example, to serve a page of a single-page app).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/creating-custom-error-pages.html
 * @see https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CustomErrorResponse.html
 */
const ERROR_RESPONSE_CODES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
const ERROR_RESPONSE_REPLACEMENT_CODES = [200, ...ERROR_RESPONSE_CODES];

export function validateErrorResponses(scope: Construct, responses: cloudfront.ErrorResponse[]): void {
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
