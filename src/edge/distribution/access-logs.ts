import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createLogBucket } from '../../private/log-bucket';

/**
 * The bucket of CloudFront's standard access logs, kept for 90 days, with its own server access logs in
 * `serverAccessLogsBucket` or in a new bucket that keeps them for 365 days.
 */
export function createAccessLogsBucket(scope: Construct, serverAccessLogsBucket: s3.IBucket | undefined): s3.IBucket {
  return createLogBucket(scope, 'AccessLogs', {
    expirationDays: 90,
    removalPolicy: RemovalPolicy.RETAIN,
    // CloudFront standard logging writes with an ACL that gives the bucket owner full control.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    serverAccessLogsBucket: serverAccessLogsBucket ?? createLogBucket(scope, 'ServerAccessLogs', {
      expirationDays: 365,
      removalPolicy: RemovalPolicy.RETAIN,
    }),
    serverAccessLogsPrefix: 'cloudfront-access-logs/',
  });
}
