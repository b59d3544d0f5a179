import { Names, PhysicalName, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { UploadsBucket, UploadsBucketOptions } from '../data/uploads-bucket';
import { stackAndPathDigest, stackNameDigest } from '../private/physical-names';
import { PropTypes, types, validateTypes, withOptionsPath } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/**
 * Properties for {@link RecoveryStorage}.
 */
export interface RecoveryStorageProps {
  /**
   * Settings of the bucket that receives the replicas of the uploads: give the primary's uploads settings
   * (CORS origins, storage classes), so that the app works the same after a failover.
   *
   * @default - a retained, versioned bucket encrypted with the key, without CORS
   */
  readonly uploads?: UploadsBucketOptions;

  /**
   * What happens to the key, the bucket and the vault when they leave the stack. Keep RETAIN: after a
   * failover they hold the only copy of the data.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The storage of a disaster recovery Region that the primary Region replicates into: a customer managed
 * key of this Region, the bucket that receives the replicas of the uploads (S3 cross-Region replication),
 * and the AWS Backup vault that receives copies of every backup.
 *
 * It must exist before the primary Region configures replication to it (S3 refuses a replication rule to
 * a bucket that does not exist yet), which is why {@link HighlyAvailableWebAppStage} gives it a stack of its
 * own, deployed first. Everything is retained when it leaves the stack.
 */
export class RecoveryStorage extends Construct {
  /** The key of this Region that encrypts the replicas, the backup copies and the replicated secrets. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives the replicas of the uploads. */
  public readonly uploads: UploadsBucket;
  /** The vault that receives the copies of the primary Region's backups. */
  public readonly backupVault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: RecoveryStorageProps = {}) {
    super(scope, id);
    validateTypes(this, props, STORAGE_PROP_TYPES);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.encryptionKey = new WebAppEncryption(this, 'Encryption', { removalPolicy }).key;
    this.uploads = withOptionsPath(this, 'Uploads', 'uploads', props.uploads, () => new UploadsBucket(this, 'Uploads', {
      ...props.uploads,
      // The primary Region's replication rule and the standby's grants name the bucket by this string.
      bucketName: replicaBucketName(this),
      removalPolicy,
      encryptionKey: this.encryptionKey,
    }));
    this.backupVault = new backup.BackupVault(this, 'BackupVault', {
      // Vault names are per account and Region: CDK's default (construct ids only) would be the same for two stacks
      // of the same construct paths; at most 41 + 1 + 8 of AWS Backup's 50 characters.
      backupVaultName: `${Names.uniqueResourceName(this, { maxLength: 41, separator: '-' })}-${stackNameDigest(this)}`,
      encryptionKey: this.encryptionKey,
      removalPolicy,
      // The copies are the last line of defence: nobody deletes them before their retention ends.
      accessPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          sid: 'DenyEarlyDeletion',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
          resources: ['*'],
        })],
      }),
    });
  }
}

/** The types of the props, for callers that no compiler checks. */
const STORAGE_PROP_TYPES: PropTypes = {
  uploads: types.objectOf("an UploadsBucketOptions, for example { corsAllowedOrigins: ['https://www.example.com'] }"),
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
};

/**
 * A bucket name fixed at synthesis, unique across S3: the construct path's first 19 letters and digits, a digest
 * of the stack's name and the construct path, the account and the Region (at most 19 + 1 + 8 + 1 + 12 + 1 + the
 * Region, 14 characters at most today, within the 63 of a bucket name). Without a literal account and Region,
 * CDK generates one when another Region refers to the bucket.
 */
function replicaBucketName(scope: Construct): string {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    return PhysicalName.GENERATE_IF_NEEDED;
  }
  const readable = scope.node.path.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 19);
  return `${readable}-${stackAndPathDigest(scope)}-${stack.account}-${stack.region}`;
}
