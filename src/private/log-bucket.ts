import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { recordException } from './compliance';
import { LOG_BUCKET_NO_OBJECT_LOCK, LOG_BUCKET_NOT_REPLICATED, LOG_DELIVERY_SSE_S3, SERVER_ACCESS_LOGS_DESTINATION, TLS_ONLY_BUCKET_POLICY } from './exceptions';

/**
 * Options for a bucket that receives logs written by an AWS service.
 */
export interface LogBucketOptions {
  /** Where the bucket's own server access logs go; none means this bucket is the end of the chain. */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** Prefix of the server access logs in `serverAccessLogsBucket`. */
  readonly serverAccessLogsPrefix?: string;
  /** Days before log objects expire. */
  readonly expirationDays: number;
  /** What happens to the bucket when it leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Object ownership: bucket-owner-enforced (no ACLs) unless the delivering service writes with ACLs,
   * as CloudFront standard logging does.
   */
  readonly objectOwnership?: s3.ObjectOwnership;
}

/**
 * Makes the buckets created below `scope` grant S3 server access log delivery with a bucket policy
 * instead of an ACL, whatever the app's feature flags say: the log buckets enforce bucket-owner object
 * ownership, which disables ACLs. Call it first in a constructor, before any child exists.
 */
export function useBucketPolicyForServerAccessLogs(scope: Construct): void {
  scope.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
}

/**
 * A bucket for logs delivered by AWS services (ELB access logs, S3 server access logs).
 *
 * These services can deliver only to buckets encrypted with SSE-S3, so the bucket cannot use the
 * customer managed key; everything else is locked down: no public access, TLS only, versioned,
 * objects owned by the bucket owner, and log objects expired after a retention period.
 */
export function createLogBucket(scope: Construct, id: string, options: LogBucketOptions): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    objectOwnership: options.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: options.serverAccessLogsBucket,
    serverAccessLogsPrefix: options.serverAccessLogsPrefix,
    removalPolicy: options.removalPolicy,
    lifecycleRules: [{
      id: 'ExpireLogs',
      expiration: Duration.days(options.expirationDays),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });

  sendEventsToEventBridge(bucket);
  recordException(bucket, LOG_DELIVERY_SSE_S3);
  recordException(bucket, TLS_ONLY_BUCKET_POLICY);
  recordException(bucket, LOG_BUCKET_NOT_REPLICATED);
  recordException(bucket, LOG_BUCKET_NO_OBJECT_LOCK);
  if (!options.serverAccessLogsBucket) {
    recordException(bucket, SERVER_ACCESS_LOGS_DESTINATION);
  }
  return bucket;
}

/**
 * Sends the bucket's events to Amazon EventBridge (the account's default event bus), where rules of the account's
 * own can watch object changes; AWS service events on the default bus cost nothing. Written on the CloudFormation
 * resource: the L2 `eventBridgeEnabled` would add a Lambda-backed custom resource for the same setting.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
}
