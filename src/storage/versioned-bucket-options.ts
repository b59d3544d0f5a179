import { Duration, RemovalPolicy } from 'aws-cdk-lib';

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
