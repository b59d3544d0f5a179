import { Template } from 'aws-cdk-lib/assertions';

/**
 * The resource types that hold data, or that everything else depends on: CloudFormation replacing one of
 * them loses its data (or, for the key, makes the data unreadable).
 */
export const STATEFUL_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
  'AWS::Logs::LogGroup',
  'AWS::EC2::VPC',
];

/** Stateful resources deleted with the stack on purpose (by logical ID pattern), and why. */
export const DELETED_ON_PURPOSE: Record<string, string> = {
  '^WebAppAppTierOriginSecret[0-9A-F]{8}$': 'a token shared by the distribution and the listener of this stack, generated anew with them',
  '^WebAppAppTierHealthProbeSecret[0-9A-F]{8}$': 'a generated bearer token that probes read from the secret when they start; a new tier generates a new one',
};

interface Resource {
  readonly Type: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Properties?: Record<string, unknown>;
}

/**
 * The stateful resources of a template that neither deletion nor replacement keeps: each with its policies,
 * for a failure message that says what to fix. A VPC holds no data (its stores are kept themselves), Aurora
 * instances belong to their cluster, whose snapshot holds the data, and read replicas copy a kept primary.
 */
export function carelessResources(template: Template): string[] {
  const kept = (policy: string | undefined) => policy === 'Retain' || policy === 'Snapshot';
  return Object.entries(template.toJSON().Resources as Record<string, Resource>)
    .filter(([, r]) => STATEFUL_TYPES.includes(r.Type) && r.Type !== 'AWS::EC2::VPC')
    .filter(([id]) => !Object.keys(DELETED_ON_PURPOSE).some((pattern) => new RegExp(pattern).test(id)))
    .filter(([, r]) => !(r.Type === 'AWS::RDS::DBInstance' && (r.Properties?.DBClusterIdentifier || r.Properties?.SourceDBInstanceIdentifier)))
    .filter(([, r]) => !kept(r.DeletionPolicy) || !kept(r.UpdateReplacePolicy))
    .map(([id, r]) => `${id} (${r.Type}): DeletionPolicy ${r.DeletionPolicy ?? 'Delete'}, UpdateReplacePolicy ${r.UpdateReplacePolicy ?? 'Delete'}`);
}

/** The stores of a template that are not encrypted at rest, for a failure message. */
export function unencryptedStores(template: Template): string[] {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const encrypted: Record<string, (p: Record<string, unknown>) => boolean> = {
    // A read replica (or an Aurora instance) is encrypted with the key of its source: CloudFormation rejects the setting on it.
    'AWS::RDS::DBInstance': (p) => p.StorageEncrypted === true || p.SourceDBInstanceIdentifier !== undefined || p.DBClusterIdentifier !== undefined,
    'AWS::RDS::DBCluster': (p) => p.StorageEncrypted === true,
    'AWS::ElastiCache::ReplicationGroup': (p) => p.AtRestEncryptionEnabled === true && p.TransitEncryptionEnabled === true,
    'AWS::S3::Bucket': (p) => p.BucketEncryption !== undefined,
    'AWS::SNS::Topic': (p) => p.KmsMasterKeyId !== undefined,
    'AWS::Logs::LogGroup': (p) => p.KmsKeyId !== undefined,
    'AWS::SecretsManager::Secret': (p) => p.KmsKeyId !== undefined,
    'AWS::Backup::BackupVault': (p) => p.EncryptionKeyArn !== undefined,
  };
  return Object.entries(resources)
    .filter(([, r]) => r.Type in encrypted && !encrypted[r.Type](r.Properties ?? {}))
    .map(([id, r]) => `${id} (${r.Type})`);
}

/**
 * The properties whose change makes CloudFormation replace a resource of each stateful type ("Update
 * requires: Replacement" in the CloudFormation resource reference).
 */
export const REPLACING_PROPERTIES: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['DBInstanceIdentifier', 'DBName', 'Engine', 'KmsKeyId', 'StorageEncrypted', 'MasterUsername', 'DBSubnetGroupName',
    'CharacterSetName', 'SourceDBInstanceIdentifier', 'Timezone'],
  'AWS::RDS::DBCluster': ['DBClusterIdentifier', 'DatabaseName', 'Engine', 'KmsKeyId', 'StorageEncrypted', 'MasterUsername', 'DBSubnetGroupName'],
  'AWS::ElastiCache::ReplicationGroup': ['ReplicationGroupId', 'AtRestEncryptionEnabled', 'KmsKeyId', 'CacheSubnetGroupName', 'Port',
    'PreferredCacheClusterAZs', 'DataTieringEnabled', 'NetworkType', 'SnapshotArns'],
  'AWS::S3::Bucket': ['BucketName', 'ObjectLockEnabled'],
  'AWS::KMS::Key': ['KeySpec', 'KeyUsage', 'Origin'],
  'AWS::SecretsManager::Secret': ['Name'],
  'AWS::Backup::BackupVault': ['BackupVaultName', 'EncryptionKeyArn'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::EC2::VPC': ['CidrBlock', 'InstanceTenancy'],
};
