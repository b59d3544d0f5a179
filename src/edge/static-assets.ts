import * as fs from 'fs';
import * as path from 'path';
import { Annotations, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, IConstruct } from 'constructs';
import { recordException, wildcardFindings } from '../private/compliance';
import { deploymentFunction, inlinePolicy, managedPolicy, noObjectLock, notReplicated, wildcard } from '../private/exceptions';
import { isKeyOfThisApp } from '../private/kms-grants';
import { useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { invalidProp, PropTypes, types, validateTypes } from '../private/validation';
import { createVersionedBucket, VersionedBucketOptions, versionedBucketParts } from '../private/versioned-bucket';
import { WebAppEncryption } from '../security/web-app-encryption';

/** Memory of the deployment function: `aws s3 sync` of a site's files is slow with Lambda's default 128 MiB. */
const DEPLOYMENT_MEMORY_MIB = 512;

/**
 * Settings of the static assets bucket, used by {@link HighlyAvailableWebAppProps.staticAssets} and {@link StaticAssetsProps}.
 */
export interface StaticAssetsOptions extends VersionedBucketOptions {
  /**
   * Local directory whose files are uploaded to the bucket on every deployment.
   *
   * Costs a Lambda-backed custom resource (`Custom::CDKBucketDeployment`), which copies the files from
   * the CDK assets bucket. A relative path is resolved from the directory `cdk synth` runs in.
   *
   * @default - nothing is uploaded: the bucket is filled by other means (for example a CI pipeline)
   */
  readonly source?: string;

  /**
   * Key prefix under which the files of `source` are uploaded, without a leading `/`. A CloudFront
   * behavior forwards the whole path to S3, so files served under `/static/*` need the prefix `static/`.
   * Requires `source`.
   *
   * @default - the files are uploaded to the root of the bucket
   */
  readonly destinationKeyPrefix?: string;

  /**
   * Deletes the objects under `destinationKeyPrefix` that are not in `source` on each deployment (earlier
   * versions stay until `noncurrentVersionExpiration`). Requires `source`.
   *
   * @default true
   */
  readonly prune?: boolean;
}

/**
 * Properties for {@link StaticAssets}.
 */
export interface StaticAssetsProps extends StaticAssetsOptions {
  /**
   * Key that encrypts the objects (SSE-KMS with an S3 Bucket Key).
   *
   * A key created in a CDK app gets the key policy statement that lets CloudFront decrypt objects for
   * Origin Access Control when a distribution uses the bucket. The policy of an imported key cannot be
   * changed, so a warning says which statement to add to it.
   *
   * @default - a new key is created with {@link WebAppEncryption}, used for this bucket only
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the server access logs of the assets bucket. S3 log delivery is admitted by a statement
   * in its bucket policy when it is a bucket of this app whose scope enables the feature flag
   * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` (on in new CDK apps), or else by an ACL, which a
   * bucket that enforces bucket-owner object ownership rejects at synth time.
   *
   * @default - a new private, versioned bucket that keeps logs for 365 days and is retained on stack deletion
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * A private S3 bucket for a web app's static files, meant to be served only through a CloudFront
 * distribution with Origin Access Control (`S3BucketOrigin.withOriginAccessControl(assets.bucket)`),
 * with an optional upload of a local directory.
 *
 * The bucket blocks all public access, accepts only TLS 1.2+ requests, disables ACLs, keeps object
 * versions (expiring replaced ones), encrypts with a customer managed KMS key, logs server access,
 * and is retained when the stack is deleted.
 */
export class StaticAssets extends Construct {
  /** The bucket that holds the files. */
  public readonly bucket: s3.Bucket;
  /** Name of the bucket. */
  public readonly bucketName: string;
  /** The key that encrypts the objects. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives the server access logs of `bucket`. */
  public readonly serverAccessLogsBucket: s3.IBucket;
  /** The upload of `source`, when given. */
  public readonly deployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: StaticAssetsProps = {}) {
    super(scope, id);
    validateTypes(this, props, STATIC_ASSETS_PROP_TYPES);
    useBucketPolicyForServerAccessLogs(this);

    const parts = versionedBucketParts(this, props, props, (removalPolicy) => new WebAppEncryption(this, 'Encryption', { removalPolicy }).key);
    const sourceDirectory = props.source === undefined ? undefined : validateSourceDirectory(this, props.source);
    if (sourceDirectory === undefined) {
      if (props.destinationKeyPrefix !== undefined) {
        invalidProp(this, 'destinationKeyPrefix', props.destinationKeyPrefix, 'remove it, or give source: it applies to the upload of source');
      }
      if (props.prune !== undefined) {
        invalidProp(this, 'prune', props.prune, 'remove it, or give source: it applies to the upload of source');
      }
    }
    const destinationKeyPrefix = props.destinationKeyPrefix;
    if (destinationKeyPrefix !== undefined && !Token.isUnresolved(destinationKeyPrefix)
      && (destinationKeyPrefix === '' || destinationKeyPrefix.startsWith('/'))) {
      invalidProp(this, 'destinationKeyPrefix', destinationKeyPrefix,
        "give a key prefix without a leading '/', for example 'static/', or remove it to upload to the root of the bucket");
    }

    this.encryptionKey = parts.encryptionKey;
    if (!isKeyOfThisApp(this.encryptionKey)) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:static-assets-imported-key',
        'The encryption key was imported, so its key policy cannot be changed here: to serve the bucket through CloudFront '
        + 'Origin Access Control, add a statement that allows the service principal cloudfront.amazonaws.com kms:Decrypt on the key, '
        + 'with the condition ArnLike AWS:SourceArn arn:<partition>:cloudfront::<account>:distribution/<distribution id> '
        + '(or distribution/* for every distribution of the account, which is what CDK writes for keys it manages); '
        + 'without it CloudFront gets 403 Forbidden for every object. The key policy must also let IAM policies of this account use the key '
        + '(the default key policy does), or grantRead and the upload of source fail.');
    }

    this.serverAccessLogsBucket = parts.serverAccessLogsBucket;
    this.bucket = createVersionedBucket(this, parts, 'static-assets/');
    this.bucketName = this.bucket.bucketName;
    recordException(this.bucket, notReplicated(
      'the bucket holds build output that is deployed from source control (or by the upload of source) and can be deployed again to any region; it holds no user data'));
    recordException(this.bucket, noObjectLock(
      'the bucket holds build output that each deployment replaces, which Object Lock would keep from being replaced or cleaned up; it is versioned and holds no user data'));

    if (sourceDirectory !== undefined) {
      const wildcardsBefore = deploymentRoleWildcards(this);
      this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
        sources: [s3deploy.Source.asset(sourceDirectory)],
        destinationBucket: this.bucket,
        destinationKeyPrefix,
        prune: props.prune ?? true,
        memoryLimit: DEPLOYMENT_MEMORY_MIB,
      });
      acknowledgeDeploymentHandler(this.deployment, wildcardsBefore.get(this.deployment.handlerRole.node.path) ?? new Set());
    }
  }

  /**
   * Grants read access to the objects (and decryption with the key) to an IAM principal.
   *
   * @param grantee the principal
   * @param objectsKeyPattern the keys the grant covers, for example `static/*`; all keys when omitted
   */
  public grantRead(grantee: iam.IGrantable, objectsKeyPattern?: string): iam.Grant {
    return this.bucket.grantRead(grantee, objectsKeyPattern);
  }
}

/** The types of the props, for callers that no compiler checks. */
const STATIC_ASSETS_PROP_TYPES: PropTypes = {
  noncurrentVersionExpiration: types.duration('Duration.days(30)'),
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  autoDeleteObjects: types.boolean,
  source: types.string,
  destinationKeyPrefix: types.string,
  prune: types.boolean,
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  serverAccessLogsBucket: types.withMember('bucketArn', 'an s3.IBucket'),
};

/** The absolute path of `source`, which must be an existing directory known at synth time. */
function validateSourceDirectory(scope: IConstruct, source: string): string {
  if (Token.isUnresolved(source)) {
    invalidProp(scope, 'source', source, 'give a literal path: the directory is packaged at synth time');
  }
  const directory = path.resolve(source);
  if (!fs.existsSync(directory)) {
    invalidProp(scope, 'source', source, `give the path of an existing directory (${directory} does not exist)`);
  }
  if (!fs.statSync(directory).isDirectory()) {
    invalidProp(scope, 'source', source, `give the path of a directory, not a file (${directory})`);
  }
  return directory;
}

/**
 * The function of a bucket deployment is a singleton at stack level, shared by every deployment in the
 * stack with the same settings: its own findings are about the handler that aws-cdk-lib ships, and the
 * wildcard findings acknowledged are only those of the statements this deployment added to its role.
 */
function acknowledgeDeploymentHandler(deployment: s3deploy.BucketDeployment, wildcardsBefore: Set<string>): void {
  const role = deployment.handlerRole;
  const handler = role.node.scope;
  if (!handler) {
    return;
  }
  for (const exception of deploymentFunction('the bucket deployment function, which copies files from the CDK assets bucket to the static assets bucket,',
    'the S3 and KMS APIs')) {
    recordException(handler, exception);
  }
  recordException(role, managedPolicy('service-role/AWSLambdaBasicExecutionRole',
    'AWSLambdaBasicExecutionRole only lets the bucket deployment function write its own logs'));
  recordException(role, inlinePolicy(
    'the policy of the bucket deployment function holds only the grants aws-cdk-lib writes for the CDK assets bucket and the destination buckets, and lives and dies with the role'));
  for (const finding of wildcardFindings(role)) {
    if (!wildcardsBefore.has(finding)) {
      recordException(role, wildcard(finding,
        'aws-cdk-lib grants the bucket deployment function read on the objects of its source asset in the CDK assets bucket, and read, write and delete on the objects '
        + 'of the static assets bucket (with its key): it syncs whole key prefixes, whose object names are not known when the stack is synthesized'));
    }
  }
}

/** The IAM5 findings of the roles of the bucket deployment functions that the stack has so far, by role path. */
function deploymentRoleWildcards(scope: IConstruct): Map<string, Set<string>> {
  const byRole = new Map<string, Set<string>>();
  for (const child of Stack.of(scope).node.children) {
    const role = child.node.id.startsWith('Custom::CDKBucketDeployment') ? child.node.tryFindChild('ServiceRole') : undefined;
    if (role) {
      byRole.set(role.node.path, wildcardFindings(role));
    }
  }
  return byRole;
}
