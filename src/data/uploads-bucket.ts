import { Annotations, Aws, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { recordException } from '../private/compliance';
import { inlinePolicy, noObjectLock, notReplicated, wildcard } from '../private/exceptions';
import { useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { displayPath } from '../private/paths';
import { invalidProp, isDomainName, PropTypes, types, validateTypes, validateWholeDays } from '../private/validation';
import { createVersionedBucket, VersionedBucketOptions, versionedBucketParts } from '../private/versioned-bucket';
import { WebAppEncryption } from '../security/web-app-encryption';

/** Days S3 keeps an object in S3 Standard-IA at least: the earliest transition to it, and the least gap before the next one. */
const STANDARD_IA_MINIMUM_DAYS = 30;

/** The replication rule's ID, a dimension of the replication metrics. */
const REPLICATION_RULE_ID = 'ReplicateEveryUpload';

/** How long browsers may cache the answer to a CORS preflight request, in seconds. */
const CORS_MAX_AGE_SECONDS = 3600;

/**
 * Cross-region replication of the uploads bucket, for disaster recovery.
 */
export interface UploadsBucketReplication {
  /**
   * Bucket that receives a copy of every upload, normally in the recovery region.
   *
   * It must be versioned. Import a bucket of another region by name or ARN, for example with
   * `s3.Bucket.fromBucketAttributes(this, 'Replica', { bucketName, region, encryptionKey })`. A bucket of
   * another account must also admit `replicationRole` in its bucket policy. For a bucket whose name is
   * known only at deploy time (a token), the AwsSolutions-IAM5 finding on the replica objects in the policy
   * of `replicationRole` is left for the app to acknowledge.
   */
  readonly destinationBucket: s3.IBucket;

  /**
   * Key, in the region of `destinationBucket`, that S3 encrypts the replicas with. Give its key ARN, not an
   * alias: S3 resolves aliases in the source region. Its key policy must let IAM policies of this account
   * use it (the default key policy does).
   *
   * @default - the `encryptionKey` of `destinationBucket`; without one, construction fails
   */
  readonly destinationKey?: kms.IKey;

  /**
   * Turns on S3 Replication Time Control: S3 replicates 99.99% of new uploads within 15 minutes, by its
   * service level agreement, instead of most within seconds but with no bound. Costs 0.015 USD per GB
   * replicated, on top of the inter-Region transfer.
   *
   * @default false
   */
  readonly timeControl?: boolean;
}

/**
 * Settings of the uploads bucket, used by {@link UploadsBucketProps}.
 */
export interface UploadsBucketOptions extends VersionedBucketOptions {
  /**
   * Age of an upload after which S3 moves it to S3 Standard-IA: a whole number of days, at least 30.
   *
   * S3 does not move objects smaller than 128 KiB. Standard-IA charges for at least 30 days of storage and
   * for every retrieval.
   *
   * @default Duration.days(30)
   */
  readonly infrequentAccessAfter?: Duration;

  /**
   * Age of an upload after which S3 moves it to S3 Glacier Instant Retrieval: a whole number of days, at
   * least 30 days after `infrequentAccessAfter`.
   *
   * Objects stay readable in milliseconds; Glacier Instant Retrieval charges for at least 90 days of
   * storage and more than Standard-IA per retrieval.
   *
   * @default Duration.days(90)
   */
  readonly glacierInstantRetrievalAfter?: Duration;

  /**
   * Origins of the web pages that upload and download with presigned URLs, such as
   * `https://www.example.com`: HTTPS, without a path. `https://*.example.com` admits every subdomain.
   *
   * @default - no CORS rule: browsers cannot use presigned URLs from other origins (server-side uploads work)
   */
  readonly corsAllowedOrigins?: string[];

  /**
   * HTTP methods that `corsAllowedOrigins` may use. Requires `corsAllowedOrigins`.
   *
   * @default - PUT and POST (presigned uploads), GET and HEAD (presigned downloads)
   */
  readonly corsAllowedMethods?: s3.HttpMethods[];

  /**
   * Copies every upload, and every deletion marker, to a bucket in another region, re-encrypted with its key.
   *
   * Costs the replica storage, inter-region data transfer and KMS requests. Uploads that exist before
   * replication is turned on are not copied (S3 Batch Replication copies them). The lifecycle rules of
   * this bucket do not apply to the replicas: give the destination bucket its own.
   *
   * @default - no replication: the uploads live in this region only
   */
  readonly replication?: UploadsBucketReplication;

}

/**
 * Properties for {@link UploadsBucket}.
 */
export interface UploadsBucketProps extends UploadsBucketOptions {
  /**
   * Key that encrypts the uploads (SSE-KMS with an S3 Bucket Key). Its key policy must let IAM policies of
   * this account use it (the default key policy does), or the grants of this construct and replication fail.
   *
   * @default - a new key is created with {@link WebAppEncryption}, used for this bucket only
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the server access logs of the uploads bucket. S3 log delivery is admitted by a statement
   * in its bucket policy when it is a bucket of this app whose scope enables the feature flag
   * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` (on in new CDK apps), or else by an ACL, which a
   * bucket that enforces bucket-owner object ownership rejects at synth time.
   *
   * @default - a new private, versioned bucket that keeps logs for 365 days and is retained on stack deletion
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Physical name of the bucket (unique across all of S3). Stacks that use a bucket of a literal name, such
   * as a replication rule in another Region, refer to it by that string instead of a cross-stack reference.
   *
   * @default - a name that CloudFormation generates
   */
  readonly bucketName?: string;
}

/**
 * The uploads bucket as its users see it: its name, its key, the grants and the replication metrics.
 * Implemented by {@link UploadsBucket}; the regional assembly, monitoring and the recovery Region take this.
 */
export interface IUploadsBucket extends IConstruct {
  /** Name of the bucket. */
  readonly bucketName: string;
  /** The key that encrypts the uploads. */
  readonly encryptionKey: kms.IKey;
  /**
   * The bucket that receives the replicas, when the bucket replicates.
   *
   * @default - none: the bucket does not replicate
   */
  readonly replicationDestination?: s3.IBucket;

  /**
   * Grants reading the uploads and decrypting them with the key.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers; all keys when omitted
   */
  grantRead(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant;

  /**
   * Grants uploading, also in parts, and encrypting with the key.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers; all keys when omitted
   */
  grantPut(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant;

  /**
   * Grants reading and uploading, not deleting.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers; all keys when omitted
   */
  grantReadWrite(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant;

  /**
   * Grants deleting uploads (a delete marker in the versioned bucket).
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers; all keys when omitted
   */
  grantDelete(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant;

  /**
   * The most seconds an upload waited to be replicated. Only for a replicating bucket.
   *
   * @param props overrides of the metric's properties
   */
  metricReplicationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * How many uploads S3 failed to replicate. Only for a replicating bucket.
   *
   * @param props overrides of the metric's properties
   */
  metricFailedReplications(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * A private S3 bucket for the files that users upload, typically with presigned URLs that the app signs.
 *
 * The bucket blocks all public access, accepts only TLS 1.2+ requests, disables ACLs, encrypts with a
 * customer managed KMS key, keeps object versions (expiring replaced ones), logs server access, moves
 * older uploads to cheaper storage classes, aborts abandoned multipart uploads, optionally answers CORS
 * requests of the app's pages and replicates to another region, and is retained when the stack is deleted.
 */
export class UploadsBucket extends Construct implements IUploadsBucket {
  /** The bucket that holds the uploads. */
  public readonly bucket: s3.Bucket;
  /** Name of the bucket. */
  public readonly bucketName: string;
  /** The key that encrypts the uploads. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives the server access logs of `bucket`. */
  public readonly serverAccessLogsBucket: s3.IBucket;
  /** The role that S3 replicates with, when `replication` is given. */
  public readonly replicationRole?: iam.IRole;
  private readonly literalBucketName?: string;

  /** The bucket that receives the replicas, when `replication` is given. */
  public readonly replicationDestination?: s3.IBucket;

  constructor(scope: Construct, id: string, props: UploadsBucketProps = {}) {
    super(scope, id);
    validateTypes(this, props, UPLOADS_PROP_TYPES);
    useBucketPolicyForServerAccessLogs(this);

    const infrequentAccessAfter = props.infrequentAccessAfter ?? Duration.days(30);
    const glacierInstantRetrievalAfter = props.glacierInstantRetrievalAfter ?? Duration.days(90);
    validateTransitionAges(this, infrequentAccessAfter, glacierInstantRetrievalAfter);
    const cors = corsRule(this, props.corsAllowedOrigins, props.corsAllowedMethods);

    const parts = versionedBucketParts(this, props, props, (removalPolicy) => new WebAppEncryption(this, 'Encryption', { removalPolicy }).key);
    this.encryptionKey = parts.encryptionKey;
    this.serverAccessLogsBucket = parts.serverAccessLogsBucket;

    const replication = props.replication;
    const destinationKey = replication && (replication.destinationKey ?? replication.destinationBucket.encryptionKey);
    if (replication && !destinationKey) {
      invalidProp(this, 'replication.destinationKey', undefined,
        'give the KMS key of the destination bucket, in its region (for example kms.Key.fromKeyArn(...)): every upload is SSE-KMS encrypted, '
        + 'and S3 replicates such objects only to a key it is told');
    }
    this.replicationRole = replication && new iam.Role(this, 'ReplicationRole', {
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: `Replicates the uploads of ${displayPath(this)} to another region`,
    });

    this.bucket = createVersionedBucket(this, parts, 'uploads/', {
      lifecycleRules: [{
        id: 'MoveToColderStorageClasses',
        transitions: [
          { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: infrequentAccessAfter },
          { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: glacierInstantRetrievalAfter },
        ],
      }],
      bucketProps: {
        bucketName: props.bucketName,
        cors: cors && [cors],
        replicationRole: this.replicationRole,
        replicationRules: replication && [{
          id: REPLICATION_RULE_ID,
          destination: replication.destinationBucket,
          kmsKey: destinationKey,
          sseKmsEncryptedObjects: true,
          // A deletion through the app shows in the recovery region too; the replaced version stays there.
          deleteMarkerReplication: true,
          // Replication metrics (latency, pending and failed operations) and events, against 15 minutes.
          metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
          replicationTimeControl: replication.timeControl ? s3.ReplicationTimeValue.FIFTEEN_MINUTES : undefined,
        }],
      },
    });
    // A literal name is a plain string wherever it is used, in any stack, with no cross-stack reference.
    this.literalBucketName = props.bucketName !== undefined && !Token.isUnresolved(props.bucketName) ? props.bucketName : undefined;
    this.bucketName = this.literalBucketName ?? this.bucket.bucketName;
    if (replication && !replication.timeControl) {
      // S3 refuses a metrics event threshold without Replication Time Control, which aws-cdk-lib 2.257 always writes.
      (this.bucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('ReplicationConfiguration.Rules.0.Destination.Metrics.EventThreshold');
    }
    this.replicationDestination = replication?.destinationBucket;

    if (replication && destinationKey && this.replicationRole) {
      this.grantReplication(this.replicationRole, replication.destinationBucket, destinationKey);
    } else {
      recordException(this.bucket, notReplicated(
        'cross-region replication of the uploads is the opt-in `replication` option of UploadsBucket, for disaster recovery: '
        + 'it needs a destination bucket and key in the recovery region, which a stack in this region cannot create; '
        + 'until then the uploads are versioned, retained and kept in S3 across the Availability Zones of the region'));
    }
    recordException(this.bucket, noObjectLock(
      'users\' files must stay deletable when the app or its users delete them (for example on a data-protection request), which Object Lock would refuse; '
      + 'the bucket is versioned, its deletes leave recoverable versions, and AWS Backup keeps recovery points in a vault whose points no one may delete early'));
  }

  /**
   * Grants reading the uploads (`s3:GetObject`) and decrypting them with the key (`kms:Decrypt`) to an IAM
   * principal, for example the role that signs presigned download URLs.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers, for example `users/*`; all keys when omitted
   */
  public grantRead(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant {
    return this.grantOnObjects(grantee, objectsKeyPattern, ['s3:GetObject'], ['kms:Decrypt']);
  }

  /**
   * Grants uploading, also in parts (`s3:PutObject`, `s3:AbortMultipartUpload`, `s3:ListMultipartUploadParts`),
   * and encrypting with the key (`kms:GenerateDataKey`, and `kms:Decrypt`, which multipart uploads need) to an
   * IAM principal, for example the role that signs presigned upload URLs. It cannot delete, change ACLs or
   * read existing uploads.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers, for example `users/*`; all keys when omitted
   */
  public grantPut(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant {
    return this.grantOnObjects(grantee, objectsKeyPattern,
      ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      ['kms:GenerateDataKey', 'kms:Decrypt']);
  }

  /**
   * Grants both {@link grantRead} and {@link grantPut} to an IAM principal: reading and uploading objects,
   * not deleting them (see {@link grantDelete}) and not listing the bucket.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers, for example `users/*`; all keys when omitted
   */
  public grantReadWrite(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant {
    return this.grantOnObjects(grantee, objectsKeyPattern,
      ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      ['kms:GenerateDataKey', 'kms:Decrypt']);
  }

  /**
   * Grants deleting uploads (`s3:DeleteObject`) to an IAM principal. In the versioned bucket a deletion
   * adds a delete marker: the data stays restorable until `noncurrentVersionExpiration`, and no grant of
   * this construct deletes a version for good.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers, for example `users/*`; all keys when omitted
   */
  public grantDelete(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant {
    return this.grantOnObjects(grantee, objectsKeyPattern, ['s3:DeleteObject'], []);
  }

  private grantOnObjects(grantee: iam.IGrantable, objectsKeyPattern: string | undefined, objectActions: string[], keyActions: string[]): iam.Grant {
    const pattern = objectsKeyPattern ?? '*';
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: objectActions,
      resourceArns: [this.literalBucketName ? `arn:${Aws.PARTITION}:s3:::${this.literalBucketName}/${pattern}` : this.bucket.arnForObjects(pattern)],
      resource: this.bucket,
    });
    // Object grants name keys by pattern: the app's object names are not known at synth time.
    const principal = grantee.grantPrincipal;
    if (pattern.includes('*') && !Token.isUnresolved(pattern) && principal instanceof iam.Role) {
      const bucketArn = this.literalBucketName
        ? `arn:<AWS::Partition>:s3:::${this.literalBucketName}`
        : `<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>`;
      recordException(principal, wildcard(`Resource::${bucketArn}/${pattern}`,
        `the role may use the objects under '${pattern}' of the uploads bucket ${displayPath(this)}, whose names the app chooses at run time; no action is a wildcard`));
    }
    return keyActions.length === 0 ? grant : grant.combine(this.encryptionKey.grant(grantee, ...keyActions));
  }

  /**
   * The most seconds an upload waited to be replicated (S3 replication metric `ReplicationLatency`, maximum
   * over 5 minutes): the recovery point of the uploads. Only with `replication`.
   *
   * @param props overrides of the metric's properties
   */
  public metricReplicationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.replicationMetric('ReplicationLatency', cloudwatch.Stats.MAXIMUM, props);
  }

  /**
   * How many uploads S3 failed to replicate (S3 replication metric `OperationsFailedReplication`, sum over
   * 5 minutes). Only with `replication`.
   *
   * @param props overrides of the metric's properties
   */
  public metricFailedReplications(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.replicationMetric('OperationsFailedReplication', cloudwatch.Stats.SUM, props);
  }

  private replicationMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (!this.replicationDestination) {
      invalidProp(this, 'replication', undefined, `give replication settings: ${metricName} exists only for a replicated bucket`);
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName,
      dimensionsMap: {
        SourceBucket: this.bucketName,
        DestinationBucket: this.replicationDestination.bucketName,
        RuleId: REPLICATION_RULE_ID,
      },
      statistic,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * The permissions S3 needs to replicate SSE-KMS objects, and nothing else: no wildcard action, and only
   * this bucket, the destination bucket and the two keys.
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
   */
  private grantReplication(role: iam.IRole, destinationBucket: s3.IBucket, destinationKey: kms.IKey): void {
    const stack = Stack.of(this);
    // Written out, not taken from destinationBucket.arnForObjects, so that the IAM5 finding below has a known name.
    const destinationObjects = `arn:${Aws.PARTITION}:s3:::${destinationBucket.bucketName}/*`;
    const statements = [
      new iam.PolicyStatement({
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        resources: [this.bucket.arnForObjects('*')],
      }),
      // s3:ReplicateTags: the tags of tagged uploads are replicated too, as AWS's replication policy shows.
      new iam.PolicyStatement({
        actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        resources: [destinationObjects],
      }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.encryptionKey.keyArn],
      }),
      // kms:Encrypt re-encrypts a replica; with S3 Bucket Keys, which the replicas keep, S3 also derives a
      // bucket-level data key (kms:GenerateDataKey) and checks it (kms:Decrypt) under the destination key.
      new iam.PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [destinationKey.keyArn],
      }),
    ];
    for (const statement of statements) {
      role.addToPrincipalPolicy(statement);
    }

    recordException(role, inlinePolicy(
      'the policy of the replication role holds only the statements S3 needs to replicate the uploads bucket, belongs to this role alone, and lives and dies with it'));
    const objectsReason = 'S3 replicates every object of the uploads bucket, whose keys are chosen by the app at run time; '
      + 'the wildcard covers the objects of one bucket, and the actions only read versions for replication or write replicas';
    const bucketLogicalId = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    recordException(role, wildcard(`Resource::<${bucketLogicalId}.Arn>/*`, objectsReason));
    if (!Token.isUnresolved(destinationBucket.bucketName)) {
      recordException(role, wildcard(`Resource::arn:<AWS::Partition>:s3:::${destinationBucket.bucketName}/*`, objectsReason));
    }

    const keyRegion = destinationKey.env.region;
    if (!Token.isUnresolved(keyRegion) && !Token.isUnresolved(stack.region) && keyRegion === stack.region) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:uploads-replication-same-region',
        `replication.destinationKey is in the region of this stack (${keyRegion}): S3 re-encrypts replicas with a key of the destination bucket's region, `
        + 'and replicas in the same region do not survive a regional outage. Give the ARN of a key in the recovery region, where the destination bucket is.');
    }
  }
}

/** Checks the ages of the two storage class transitions against the rules S3 enforces for lifecycle configurations. */
/** The types of the props, for callers that no compiler checks. */
const UPLOADS_PROP_TYPES: PropTypes = {
  infrequentAccessAfter: types.duration('Duration.days(30)'),
  glacierInstantRetrievalAfter: types.duration('Duration.days(90)'),
  noncurrentVersionExpiration: types.duration('Duration.days(90)'),
  corsAllowedOrigins: types.arrayOf(types.string, "an array of origins, for example ['https://www.example.com']"),
  corsAllowedMethods: types.arrayOf(types.enumOf(s3.HttpMethods, 's3.HttpMethods'), 'an array, for example [s3.HttpMethods.PUT, s3.HttpMethods.GET]'),
  replication: types.struct({
    destinationBucket: types.withMember('bucketName', 'an s3.IBucket in another Region'),
    destinationKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey of the destination Region'),
    timeControl: types.boolean,
  }, 'an UploadsBucketReplication, for example { destinationBucket, destinationKey }'),
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  autoDeleteObjects: types.boolean,
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'),
  serverAccessLogsBucket: types.withMember('bucketName', 'an s3.IBucket'),
  bucketName: types.string,
};

function validateTransitionAges(scope: IConstruct, infrequentAccessAfter: Duration, glacierInstantRetrievalAfter: Duration): void {
  validateWholeDays(scope, 'infrequentAccessAfter', infrequentAccessAfter, STANDARD_IA_MINIMUM_DAYS,
    'S3 moves objects to Standard-IA only after 30 days in S3 Standard');
  validateWholeDays(scope, 'glacierInstantRetrievalAfter', glacierInstantRetrievalAfter, 0, 'S3 lifecycle rules count in days');
  if (infrequentAccessAfter.isUnresolved() || glacierInstantRetrievalAfter.isUnresolved()) {
    return;
  }
  const earliest = infrequentAccessAfter.toDays() + STANDARD_IA_MINIMUM_DAYS;
  if (glacierInstantRetrievalAfter.toDays() < earliest) {
    invalidProp(scope, 'glacierInstantRetrievalAfter', glacierInstantRetrievalAfter.toString(),
      `give at least Duration.days(${earliest}), 30 days after infrequentAccessAfter (${infrequentAccessAfter.toString()}): `
      + 'S3 rejects a lifecycle rule whose next transition comes less than 30 days after the one to Standard-IA');
  }
}

/** Checks that a lifecycle age is a whole number of days, at least `minDays`; tokens are accepted as they are. */
/** The CORS rule for presigned uploads and downloads from the given origins, or none without origins. */
function corsRule(scope: IConstruct, origins: string[] | undefined, methods: s3.HttpMethods[] | undefined): s3.CorsRule | undefined {
  if (origins === undefined) {
    if (methods !== undefined) {
      invalidProp(scope, 'corsAllowedMethods', methods, 'remove it, or give corsAllowedOrigins: the methods apply to those origins');
    }
    return undefined;
  }
  if (origins.length === 0) {
    invalidProp(scope, 'corsAllowedOrigins', origins,
      "give at least one origin, for example ['https://www.example.com'], or remove corsAllowedOrigins for no CORS rule");
  }
  origins.forEach((origin) => validateOrigin(scope, origin));
  if (methods !== undefined && methods.length === 0) {
    invalidProp(scope, 'corsAllowedMethods', methods, 'give at least one method, or remove corsAllowedMethods for PUT, POST, GET and HEAD');
  }
  return {
    id: 'BrowserUploads',
    allowedOrigins: origins,
    allowedMethods: methods ?? [s3.HttpMethods.PUT, s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
    // Headers the browser may send (Content-Type, checksums, x-amz-meta-*): what a request may do is decided
    // by the signature of the presigned URL, not by CORS.
    allowedHeaders: ['*'],
    // Browsers read the ETag of each part to complete a multipart upload.
    exposedHeaders: ['ETag'],
    maxAge: CORS_MAX_AGE_SECONDS,
  };
}

/** Accepts `https://host` or `https://host:port`, where host is a domain name, optionally `*.` and a domain. */
function validateOrigin(scope: IConstruct, origin: string): void {
  if (Token.isUnresolved(origin)) {
    return;
  }
  const prop = 'corsAllowedOrigins';
  if (origin === '*') {
    invalidProp(scope, prop, origin,
      "give the origins of the app's pages, for example 'https://www.example.com': presigned uploads come from the app's own pages, never from any origin");
  }
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]*)(:\d{1,5})?(.*)$/i.exec(origin);
  if (!match || match[1].toLowerCase() !== 'https') {
    invalidProp(scope, prop, origin, "give an HTTPS origin, for example 'https://www.example.com': the bucket accepts only TLS requests");
  }
  if (match[4] !== '') {
    invalidProp(scope, prop, origin,
      `give the origin without a path, for example 'https://${match[2]}': browsers send the Origin header without one, so S3 would never match it`);
  }
  if (!isDomainName(match[2], true)) {
    invalidProp(scope, prop, origin, "give a domain name after https://, for example 'https://www.example.com' or 'https://*.example.com'");
  }
}
