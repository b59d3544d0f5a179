import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { acknowledgeRule, AWS_SOLUTIONS, REGULATORY_PACKS } from './compliance';

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

  acknowledgeRule(bucket, REGULATORY_PACKS, 'S3DefaultEncryptionKMS',
    'AWS log delivery (ELB access logs, S3 server access logs, CloudFront standard logs) supports only SSE-S3 on the destination bucket; the bucket is private, TLS-only and versioned');
  acknowledgeRule(bucket, REGULATORY_PACKS, 'S3BucketReplicationEnabled',
    'log buckets are not replicated: they hold operational logs with a bounded retention, not user data');
  if (!options.serverAccessLogsBucket) {
    const reason = 'this bucket is the destination of the server access logs of the other buckets; logging it into itself would loop';
    acknowledgeRule(bucket, [AWS_SOLUTIONS], 'S1', reason);
    acknowledgeRule(bucket, REGULATORY_PACKS, 'S3BucketLoggingEnabled', reason);
  }
  return bucket;
}
