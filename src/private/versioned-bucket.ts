import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { recordException } from './compliance';
import { TLS_ONLY_BUCKET_POLICY } from './exceptions';
import { createLogBucket, sendEventsToEventBridge } from './log-bucket';
import { invalidProp, validateWholeDays } from './validation';

/**
 * How long a versioned bucket of the library keeps replaced versions, and what happens to it when it
 * leaves the stack. Shared by {@link StaticAssetsOptions} and {@link UploadsBucketOptions}.
 */
export interface VersionedBucketOptions {
  /**
   * Days after which S3 deletes the versions that a newer upload or a deletion replaced (at least 1 day).
   *
   * @default Duration.days(30)
   */
  readonly noncurrentVersionExpiration?: Duration;

  /**
   * What happens to the bucket, and to the key created for it, when they leave the stack.
   *
   * CloudFormation deletes only empty buckets: with `RemovalPolicy.DESTROY`, empty the bucket (every
   * object version) first, or set `autoDeleteObjects`. The server access logs bucket created by
   * default is always retained.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Deletes every object version when the bucket is deleted, so that `RemovalPolicy.DESTROY` succeeds.
   *
   * Costs a Lambda-backed custom resource in the stack; meant for test and integration stacks.
   * Requires `removalPolicy: RemovalPolicy.DESTROY`.
   *
   * @default false
   */
  readonly autoDeleteObjects?: boolean;
}

/** What every versioned data bucket of the library is made of, resolved from its props. */
export interface VersionedBucketParts {
  readonly removalPolicy: RemovalPolicy;
  readonly autoDeleteObjects: boolean;
  readonly noncurrentVersionExpiration: Duration;
  readonly encryptionKey: kms.IKey;
  readonly serverAccessLogsBucket: s3.IBucket;
}

/**
 * Checks the shared options and creates what is missing: the key, with `newKey` (the caller's tier knows how: this
 * module knows none), which follows the bucket's removal policy, and the server access logs bucket (always retained).
 * Call it after `useBucketPolicyForServerAccessLogs(scope)`.
 */
export function versionedBucketParts(
  scope: Construct,
  options: VersionedBucketOptions,
  given: { encryptionKey?: kms.IKey; serverAccessLogsBucket?: s3.IBucket },
  newKey: (removalPolicy: RemovalPolicy) => kms.IKey,
): VersionedBucketParts {
  const removalPolicy = options.removalPolicy ?? RemovalPolicy.RETAIN;
  const autoDeleteObjects = options.autoDeleteObjects ?? false;
  if (autoDeleteObjects && removalPolicy !== RemovalPolicy.DESTROY) {
    invalidProp(scope, 'autoDeleteObjects', autoDeleteObjects,
      'remove it, or set removalPolicy to RemovalPolicy.DESTROY: a retained bucket keeps its objects');
  }
  const noncurrentVersionExpiration = options.noncurrentVersionExpiration ?? Duration.days(30);
  validateWholeDays(scope, 'noncurrentVersionExpiration', noncurrentVersionExpiration, 1, 'S3 lifecycle rules count in days');
  return {
    removalPolicy,
    autoDeleteObjects,
    noncurrentVersionExpiration,
    encryptionKey: given.encryptionKey ?? newKey(removalPolicy),
    serverAccessLogsBucket: given.serverAccessLogsBucket ?? createLogBucket(scope, 'ServerAccessLogs', {
      expirationDays: 365,
      removalPolicy: RemovalPolicy.RETAIN,
    }),
  };
}

/**
 * A private, versioned bucket encrypted with the customer managed key (with an S3 Bucket Key): no public
 * access, TLS 1.2+ only, ACLs disabled, server access logs, events to EventBridge, and replaced versions, stale delete
 * markers and abandoned multipart uploads cleaned up. `extra` adds settings of the bucket's own (CORS,
 * replication) and `lifecycleRules` come before the shared clean-up rule.
 */
export function createVersionedBucket(
  scope: Construct,
  parts: VersionedBucketParts,
  serverAccessLogsPrefix: string,
  extra: { lifecycleRules?: s3.LifecycleRule[]; bucketProps?: s3.BucketProps } = {},
): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'Bucket', {
    ...extra.bucketProps,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: parts.encryptionKey,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    serverAccessLogsBucket: parts.serverAccessLogsBucket,
    serverAccessLogsPrefix,
    removalPolicy: parts.removalPolicy,
    autoDeleteObjects: parts.autoDeleteObjects,
    lifecycleRules: [
      ...extra.lifecycleRules ?? [],
      {
        id: 'ExpireReplacedVersions',
        noncurrentVersionExpiration: parts.noncurrentVersionExpiration,
        expiredObjectDeleteMarker: true,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  sendEventsToEventBridge(bucket);
  recordException(bucket, TLS_ONLY_BUCKET_POLICY);
  return bucket;
}
