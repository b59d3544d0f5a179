import { Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { recordException } from '../private/compliance';
import {
  grantPolicy, noObjectLock, notReplicated, TLS_ONLY_BUCKET_POLICY, TRAIL_KEY_BY_REFERENCE, TRAIL_WITHOUT_ALL_S3_DATA_EVENTS,
} from '../private/exceptions';
import { addToKeyPolicy } from '../private/kms-grants';
import { sendEventsToEventBridge, useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { invalidProp, PropTypes, types, validateType, validateTypes, validateWholeDays } from '../private/validation';
import { versionedBucketParts } from '../private/versioned-bucket';
import { WebAppEncryption } from '../security/web-app-encryption';

/** Days S3 keeps a log file by default: 7 years (of 365.25 days), the longest common retention requirement for audit records. */
const DEFAULT_LOG_FILE_RETENTION_DAYS = 2557;

/** Days a deleted or overwritten log file stays restorable as a noncurrent version. */
const NONCURRENT_LOG_FILE_DAYS = 90;

/** Most resources (buckets) that one CloudTrail event selector may name. */
const MAX_DATA_RESOURCES_PER_SELECTOR = 250;

/** Event selectors left for data events: a trail has at most 5, and one records the management events. */
const MAX_DATA_EVENT_SELECTORS = 4;

/** The types of the props, for callers that no compiler checks. */
const AUDIT_TRAIL_PROP_TYPES: PropTypes = {
  cloudWatchLogsRetention: types.retentionDays,
  glacierInstantRetrievalAfter: types.duration('Duration.days(90)'),
  logFileRetention: types.duration('Duration.days(2557)'),
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  serverAccessLogsBucket: types.withMember('bucketArn', 'an s3.IBucket'),
  dataEventBuckets: types.arrayOf(types.withMember('bucketArn', 'an s3.IBucket'), 'an array of s3.IBucket, for example [uploads.bucket]'),
  dataEventsReadWriteType: types.enumOf(cloudtrail.ReadWriteType, 'cloudtrail.ReadWriteType'),
};

/**
 * Settings of the audit trail, used by {@link AuditTrailProps}.
 */
export interface AuditTrailOptions {
  /**
   * How long the CloudWatch Logs copy of the events is kept, for queries with CloudWatch Logs Insights and
   * metric filters. The log files in S3 are kept for `logFileRetention`, independently.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly cloudWatchLogsRetention?: logs.RetentionDays;

  /**
   * Age of a log file after which S3 moves it to S3 Glacier Instant Retrieval: a whole number of days, at
   * least 1 and less than `logFileRetention`.
   *
   * Log files stay readable in milliseconds (and by Athena), for about a sixth of the storage price of S3
   * Standard; Glacier Instant Retrieval charges for at least 90 days and for every retrieval. S3 does not
   * move log files smaller than 128 KiB, for which the transition would cost more than it saves.
   *
   * @default Duration.days(90)
   */
  readonly glacierInstantRetrievalAfter?: Duration;

  /**
   * Age of a log file after which S3 deletes it: a whole number of days, more than `glacierInstantRetrievalAfter`.
   *
   * The default of 7 years covers the common retention requirements for audit records (PCI DSS: 1 year;
   * HIPAA: 6 years; SOX: 7 years) and matches how long AWS Config keeps configuration history. A deleted log
   * file stays restorable for 90 more days as a noncurrent version.
   *
   * @default Duration.days(2557)
   */
  readonly logFileRetention?: Duration;

  /**
   * What happens to the log file bucket, the log group and the key created for them when they leave the stack.
   *
   * CloudFormation deletes only empty buckets: with `RemovalPolicy.DESTROY`, empty the bucket (every object
   * version) first. The server access logs bucket created by default is always retained.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Properties for {@link AuditTrail}.
 */
export interface AuditTrailProps extends AuditTrailOptions {
  /**
   * Key that encrypts the log files, the digest files and the log group. When it is a key of this app, the
   * statements CloudTrail needs are added to its key policy; an imported key gets a warning that names them.
   * The key must also let CloudWatch Logs of this account and region use it ({@link WebAppEncryption} does).
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the server access logs of the log file bucket. S3 log delivery is admitted by a statement
   * in its bucket policy when it is a bucket of this app whose scope enables the feature flag
   * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` (on in new CDK apps), or else by an ACL, which a
   * bucket that enforces bucket-owner object ownership rejects at synth time.
   *
   * @default - a new private, versioned bucket that keeps logs for 365 days and is retained on stack deletion
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Buckets whose object-level operations (S3 data events such as GetObject, PutObject and DeleteObject)
   * the trail records, for example the uploads bucket: who read, wrote or deleted which object, and from where.
   * More can be added with {@link AuditTrail.addS3DataEvents}. At most 250 buckets.
   *
   * Costs 0.10 USD per 100,000 data events delivered: a bucket that serves a million downloads a month adds
   * about 1 USD, plus the storage and CloudWatch Logs ingestion of the events.
   *
   * @default - no data events: only management events (the AWS API calls that change or read resources)
   */
  readonly dataEventBuckets?: s3.IBucket[];

  /**
   * Which data events of `dataEventBuckets` the trail records. `ReadWriteType.WRITE_ONLY` records uploads
   * and deletions only, which is far cheaper for a bucket that is mostly read.
   *
   * @default cloudtrail.ReadWriteType.ALL
   */
  readonly dataEventsReadWriteType?: cloudtrail.ReadWriteType;
}

/**
 * A CloudTrail trail that records the AWS API calls of the account in every region: log file integrity
 * validation, global service events (IAM, STS, CloudFront), SSE-KMS encryption with the app's customer
 * managed key, delivery to an encrypted CloudWatch Logs log group and to a private, versioned, TLS-only,
 * access-logged S3 bucket whose log files move to Glacier Instant Retrieval after 90 days and expire
 * after 7 years, and optional S3 data events for the app's buckets.
 *
 * One trail per account is enough: it is multi-region and covers every app of the account. An account
 * that already has an organization trail, or a trail of its own, needs no second one (`HighlyAvailableWebApp`
 * can leave this construct out).
 *
 * Costs (us-east-1 prices, approximate): the first copy of management events in each region is free; a
 * second trail pays 2.00 USD per 100,000 management events. S3 data events cost 0.10 USD per 100,000
 * events. CloudWatch Logs ingestion costs 0.50 USD per GB (a quiet account sends well under 1 GB a month),
 * plus 0.03 USD per GB-month stored. S3 storage and one KMS request per log file (0.03 USD per 10,000) come on top.
 *
 * The trail's bucket policy admits only this trail (`aws:SourceArn`), and the key policy lets CloudTrail
 * use the key only for this trail. The bucket does not use an S3 Bucket Key: CloudTrail's key policy
 * condition rests on the encryption context that names the trail, which S3 Bucket Keys replace by the
 * bucket's ARN.
 *
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * @see https://aws.amazon.com/cloudtrail/pricing/
 */
export class AuditTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;
  /** Name of the trail. */
  public readonly trailName: string;
  /** ARN of the trail. */
  public readonly trailArn: string;
  /** The log group that receives a copy of every event. */
  public readonly logGroup: logs.ILogGroup;
  /** The bucket that receives the log files and digest files. */
  public readonly bucket: s3.Bucket;
  /** The key that encrypts the log files, the digest files and the log group. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives the server access logs of `bucket`. */
  public readonly serverAccessLogsBucket: s3.IBucket;

  private readonly dataEventsReadWriteType: cloudtrail.ReadWriteType;
  private dataEventSelectors = 0;

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    super(scope, id);
    validateTypes(this, props, AUDIT_TRAIL_PROP_TYPES);
    useBucketPolicyForServerAccessLogs(this);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const glacierInstantRetrievalAfter = props.glacierInstantRetrievalAfter ?? Duration.days(90);
    const logFileRetention = props.logFileRetention ?? Duration.days(DEFAULT_LOG_FILE_RETENTION_DAYS);
    this.validateLifecycle(glacierInstantRetrievalAfter, logFileRetention);
    this.dataEventsReadWriteType = props.dataEventsReadWriteType ?? cloudtrail.ReadWriteType.ALL;
    this.validateReadWriteType(this.dataEventsReadWriteType);
    if (props.dataEventBuckets !== undefined && props.dataEventBuckets.length === 0) {
      invalidProp(this, 'dataEventBuckets', props.dataEventBuckets, 'give at least one bucket, or leave dataEventBuckets out');
    }

    const parts = versionedBucketParts(this,
      { removalPolicy, noncurrentVersionExpiration: Duration.days(NONCURRENT_LOG_FILE_DAYS) }, props,
      (keyRemovalPolicy) => new WebAppEncryption(this, 'Encryption', { removalPolicy: keyRemovalPolicy }).key);
    this.encryptionKey = parts.encryptionKey;
    this.serverAccessLogsBucket = parts.serverAccessLogsBucket;

    // An explicit name gives the trail an ARN known before it exists, which the key policy and the bucket
    // policy need (the trail itself refers to both). The region in the name keeps the trails of one stack
    // deployed to two regions from asking for the same name, which a multi-region trail may already hold there.
    const stack = Stack.of(this);
    this.trailName = `${trailNameStart(this)}-${stack.region}`;
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: this.trailName });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: false,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'cloudtrail/',
      removalPolicy,
      lifecycleRules: [
        {
          id: 'ArchiveAndExpireLogFiles',
          transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: glacierInstantRetrievalAfter }],
          expiration: logFileRetention,
        },
        {
          id: 'ExpireReplacedVersions',
          noncurrentVersionExpiration: parts.noncurrentVersionExpiration,
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // The statements that Trail adds admit any trail of any account whose key prefix lands in this
    // account's folder; this one admits only this trail.
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyOtherTrails',
      effect: iam.Effect.DENY,
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: { StringNotEquals: { 'aws:SourceArn': this.trailArn } },
    }));
    sendEventsToEventBridge(this.bucket);
    recordException(this.bucket, TLS_ONLY_BUCKET_POLICY);
    recordException(this.bucket, notReplicated(
      'the audit log files are kept in S3 across the Availability Zones of the region, versioned and retained, and their integrity is '
      + 'provable with the signed digest files; copying them to another region or account belongs to a central log archive, which this stack cannot create'));
    recordException(this.bucket, noObjectLock(
      'the integrity of the log files is provable with CloudTrail\'s signed digest files, the bucket is versioned, retained, and admits writes from this trail only; '
      + 'log files expire at the end of their retention by a lifecycle rule, which Object Lock would block. A central log archive with Object Lock belongs to the organization'));

    this.grantKeyToCloudTrail();

    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: this.encryptionKey,
      retention: props.cloudWatchLogsRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.logGroup = logGroup;

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: this.trailName,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      encryptionKey: this.encryptionKey,
      bucket: this.bucket,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
    });
    recordException(this.trail, TRAIL_KEY_BY_REFERENCE);
    recordException(this.trail, TRAIL_WITHOUT_ALL_S3_DATA_EVENTS);
    const logsRole = this.trail.node.tryFindChild('LogsRole');
    if (logsRole) {
      recordException(logsRole, grantPolicy('the role that CloudTrail delivers events to the log group with'));
    }

    if (props.dataEventBuckets) {
      this.addDataEventSelector('dataEventBuckets', props.dataEventBuckets);
    }
  }

  /**
   * Records the S3 data events (object-level operations such as GetObject, PutObject and DeleteObject) of
   * more buckets, with the read/write type of `dataEventsReadWriteType`. Each call adds one event selector:
   * a trail has at most 5, one of which records the management events, and each names at most 250 buckets.
   *
   * Costs 0.10 USD per 100,000 data events.
   *
   * @param buckets the buckets; the trail's own bucket is refused (its deliveries would be recorded without end)
   */
  public addS3DataEvents(buckets: s3.IBucket[]): void {
    const prop = 'addS3DataEvents buckets';
    if (buckets === undefined || buckets === null) {
      invalidProp(this, prop, buckets, 'give an array of s3.IBucket, for example [uploads.bucket]');
    }
    validateType(this, prop, buckets, AUDIT_TRAIL_PROP_TYPES.dataEventBuckets);
    this.addDataEventSelector(prop, buckets);
  }

  /** Adds an event selector of the buckets' data events; `prop` is what the user gave them as, for errors. */
  private addDataEventSelector(prop: string, buckets: s3.IBucket[]): void {
    if (buckets.length === 0) {
      return;
    }
    if (buckets.length > MAX_DATA_RESOURCES_PER_SELECTOR) {
      invalidProp(this, prop, `${buckets.length} buckets`,
        `give at most ${MAX_DATA_RESOURCES_PER_SELECTOR} buckets per call: CloudTrail takes at most ${MAX_DATA_RESOURCES_PER_SELECTOR} resources in one event selector`);
    }
    if (buckets.includes(this.bucket)) {
      invalidProp(this, prop, this.bucket.node.path,
        'leave out the bucket of this trail: every delivery of a log file would be recorded as a data event, which would be delivered in turn, without end');
    }
    if (this.dataEventSelectors === MAX_DATA_EVENT_SELECTORS) {
      invalidProp(this, 'addS3DataEvents', `call ${this.dataEventSelectors + 1}`,
        `add the buckets in at most ${MAX_DATA_EVENT_SELECTORS} calls (dataEventBuckets counts as one): a trail has at most 5 event selectors, one of which records the management events`);
    }
    this.dataEventSelectors += 1;
    this.trail.addS3EventSelector(buckets.map((bucket) => ({ bucket })), {
      readWriteType: this.dataEventsReadWriteType,
      // The selector with management events already records all of them.
      includeManagementEvents: false,
    });
  }

  /**
   * The statements CloudTrail needs in the key policy, each limited to this trail with `aws:SourceArn`.
   * Trail itself adds none. An imported key gets a warning instead.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
   */
  private grantKeyToCloudTrail(): void {
    const stack = Stack.of(this);
    const principal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const thisTrail = { 'aws:SourceArn': this.trailArn };
    const trailsOfThisAccount = `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`;
    const statements = [
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToEncryptLogFiles',
        principals: [principal],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: thisTrail,
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailsOfThisAccount },
        },
      }),
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToDescribeKey',
        principals: [principal],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: thisTrail },
      }),
    ];
    const shown = (value: string, placeholder: string) => (Token.isUnresolved(value) ? placeholder : value);
    const region = shown(stack.region, '<region>');
    const trailArn = `arn:<partition>:cloudtrail:${region}:${shown(stack.account, '<account>')}:trail/${trailNameStart(this)}-${region}`;
    addToKeyPolicy(this, this.encryptionKey, statements, 'cdk-ha-web-app:audit-trail-imported-key',
      'The encryption key was imported, so its key policy cannot be changed here: allow the service principal cloudtrail.amazonaws.com '
      + `kms:GenerateDataKey* (conditions: StringEquals aws:SourceArn ${trailArn}, StringLike kms:EncryptionContext:aws:cloudtrail:arn `
      + 'arn:<partition>:cloudtrail:*:<account>:trail/*) and kms:DescribeKey (condition: StringEquals aws:SourceArn, the same trail ARN), '
      + 'and allow logs.<region>.amazonaws.com kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe* for the '
      + 'log group, or the trail and its log group will fail to deploy.');
  }

  private validateLifecycle(glacierInstantRetrievalAfter: Duration, logFileRetention: Duration): void {
    validateWholeDays(this, 'glacierInstantRetrievalAfter', glacierInstantRetrievalAfter, 1, 'S3 lifecycle rules count in days');
    validateWholeDays(this, 'logFileRetention', logFileRetention, 2, 'S3 lifecycle rules count in days, and log files expire after their transition');
    if (glacierInstantRetrievalAfter.isUnresolved() || logFileRetention.isUnresolved()) {
      return;
    }
    const transitionDays = glacierInstantRetrievalAfter.toDays();
    if (logFileRetention.toDays() <= transitionDays) {
      invalidProp(this, 'logFileRetention', logFileRetention.toString(),
        `give more days than glacierInstantRetrievalAfter (${transitionDays}), for example Duration.days(${transitionDays + 1}), `
        + 'or lower glacierInstantRetrievalAfter: S3 rejects a lifecycle rule that expires objects before or when it moves them');
    }
  }

  private validateReadWriteType(readWriteType: cloudtrail.ReadWriteType): void {
    const allowed = [cloudtrail.ReadWriteType.ALL, cloudtrail.ReadWriteType.READ_ONLY, cloudtrail.ReadWriteType.WRITE_ONLY];
    if (!allowed.includes(readWriteType)) {
      invalidProp(this, 'dataEventsReadWriteType', readWriteType,
        'use ReadWriteType.ALL, ReadWriteType.READ_ONLY or ReadWriteType.WRITE_ONLY; to record no data events, leave dataEventBuckets out');
    }
  }
}

/** The trail's name without its region: unique to the construct's path in the app. */
function trailNameStart(trail: Construct): string {
  return Names.uniqueResourceName(trail, { maxLength: 100, separator: '-' });
}
