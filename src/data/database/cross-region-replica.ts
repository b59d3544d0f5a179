import { Arn, ArnFormat, CfnCondition, CfnResource, Fn, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { DeployedDatabase, DeploymentKind, DeploymentSettings, ReplicaLagMetric, ReplicaSource } from './deployment';
import { instanceSettings } from './instance-settings';
import { MULTI_AZ_INSTANCE } from './multi-az-instance';
import { WebAppDatabaseOptions } from './web-app-database-options';
import { recordException } from '../../private/compliance';
import {
  CROSS_REGION_REPLICA_BACKUPS, CROSS_REGION_REPLICA_ENCRYPTED, CROSS_REGION_REPLICA_SINGLE_AZ, DATABASE_DEFAULT_PORT,
} from '../../private/exceptions';
import { invalidProp, validateInteger } from '../../private/validation';

/** Keeps `<identifier>-g<generation>` (at most 40 + 5 characters) within the 63 of an RDS identifier. */
const MAX_REPLICA_GENERATION = 999;

/** The props of a WebAppDatabase that decide whether, and how, it is a cross-Region replica. */
export interface ReplicaRequest extends WebAppDatabaseOptions {
  readonly crossRegionReplicaOf?: ReplicaSource;
  readonly crossRegionReplicaGeneration?: number;
  readonly replicaCredentialsKey?: kms.IKey;
  readonly encryptionKey?: kms.IKey;
}

/** Checks the props of a cross-Region replica, and that the generation comes only with one. */
export function validateCrossRegionReplica(scope: IConstruct, props: ReplicaRequest): void {
  const source = props.crossRegionReplicaOf;
  if (source) {
    validateReplicaSource(scope, props, source);
  }
  validateInteger(scope, 'crossRegionReplicaGeneration', props.crossRegionReplicaGeneration, 1, MAX_REPLICA_GENERATION);
  if (props.crossRegionReplicaGeneration !== undefined && !source) {
    invalidProp(scope, 'crossRegionReplicaGeneration', props.crossRegionReplicaGeneration,
      'leave it out, or give crossRegionReplicaOf: only a cross-Region replica is replaced by a new generation');
  }
}

function validateReplicaSource(scope: IConstruct, props: ReplicaRequest, source: ReplicaSource): void {
  if (!source.instance) {
    invalidProp(scope, 'crossRegionReplicaOf', source.topology.deployment,
      'a cross-Region read replica copies a database of the Multi-AZ instance topology (DatabaseTopology.multiAzInstance()); Aurora global databases and Multi-AZ DB clusters are not supported here');
  }
  if (source.blueGreenDeployment) {
    invalidProp(scope, 'crossRegionReplicaOf', source.node.path,
      'the source has a blue/green deployment (blueGreenUpgrade in its GREEN phase), which RDS does not create for a database with cross-Region read replicas: '
      + 'finish or remove the upgrade of the source first (or leave the replica out while it runs)');
  }
  if (!props.replicaCredentialsKey && !props.encryptionKey) {
    invalidProp(scope, 'replicaCredentialsKey', undefined,
      'give the key of this Region that the source\'s credentials replica is encrypted with (the key in its credentialsReplicaRegions), or an encryptionKey that is that key: '
      + 'a key created here cannot be the one the source replicates with');
  }
  if (!source.credentialsSecretName) {
    invalidProp(scope, 'crossRegionReplicaOf', source.node.path,
      `give the source credentialsReplicaRegions with this Region (${Stack.of(scope).region}) and a key of it: the replica's app reads the replicated credentials`);
  }
  const here = Stack.of(scope).region;
  const there = Stack.of(source).region;
  if (Token.isUnresolved(here) || Token.isUnresolved(there) || here === there) {
    invalidProp(scope, 'crossRegionReplicaOf', `${there} to ${here}`,
      'put the replica in a stack of another, explicit Region than its source (a same-Region replica is topology.readReplicas)');
  }
  for (const [name, given] of [['engine', props.engine], ['topology', props.topology], ['proxy', props.proxy], ['credentialsReplicaRegions', props.credentialsReplicaRegions]] as const) {
    // false and [] ask for nothing a replica lacks.
    if (given !== undefined && given !== false && !(Array.isArray(given) && given.length === 0)) {
      invalidProp(scope, name, 'with crossRegionReplicaOf', 'leave it out: a cross-Region replica takes its engine and credentials from its source, is a single instance and has no proxy');
    }
  }
}

/**
 * A cross-Region replica accepts what a DB instance of the Multi-AZ instance topology accepts (it is one, without
 * read replicas), and is built as a replica of its source.
 */
export function crossRegionReplicaKind(source: ReplicaSource, generation: number | undefined): DeploymentKind {
  return { ...MULTI_AZ_INSTANCE, build: (settings) => new CrossRegionReplicaDeployment(settings, source, generation) };
}

/**
 * A read replica, in this stack's Region, of a database of the Multi-AZ instance topology in another Region: a
 * single instance, with the source's credentials replicated to this Region.
 */
export class CrossRegionReplicaDeployment implements DeployedDatabase {
  public readonly endpoint: string;
  public readonly readerEndpoint: string;
  public readonly replicaEndpoints: string[] = [];
  public readonly secret: secretsmanager.ISecret;
  public readonly arn: string;
  public readonly identifier: string;
  public readonly connectResourceIds: string[];
  public readonly hasAllocatedStorage = true;
  public readonly replicaLagInMilliseconds = false;
  public readonly writerDimensions: Array<Record<string, string>>;
  /** Its own lag: the recovery point a promotion would reach. */
  public readonly replicaLag: ReplicaLagMetric[] = [{ metricName: 'ReplicaLag', label: 'Cross-Region replica lag (s)' }];
  public readonly credentialsKey: kms.IKey;
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[] = [];
  public readonly crossRegionReplica: rds.DatabaseInstanceReadReplica;

  constructor(settings: DeploymentSettings, source: ReplicaSource, generation: number | undefined) {
    const replica = this.createReplica(settings, source, generation);
    this.crossRegionReplica = replica;
    // Secrets Manager keeps a replica under the source secret's name, in this Region. Its key is granted by
    // grantReadCredentials through IAM, so that the key's policy needs no statement of this stack.
    this.secret = secretsmanager.Secret.fromSecretNameV2(settings.scope, 'Secret', source.credentialsSecretName!);
    this.credentialsKey = settings.replicaCredentialsKey ?? settings.encryptionKey;
    this.endpoint = replica.dbInstanceEndpointAddress;
    this.readerEndpoint = this.endpoint;
    this.connectResourceIds = [(replica.node.defaultChild as rds.CfnDBInstance).attrDbiResourceId];
    this.arn = replica.instanceArn;
    this.identifier = replica.instanceIdentifier;
    // The replica's own metrics until it is promoted.
    this.writerDimensions = [{ DBInstanceIdentifier: replica.instanceIdentifier }];
  }

  private createReplica(settings: DeploymentSettings, source: ReplicaSource, generation: number | undefined): rds.DatabaseInstanceReadReplica {
    const { scope } = settings;
    const { instanceSettings: shared } = instanceSettings(settings);
    const identifier = replicaIdentifier(scope, settings.baseName, generation);
    const sourceInstance = source.instance!;
    const sourceStack = Stack.of(sourceInstance);
    // The resource's own attributes: the L2's name attributes refuse other Regions unless physically named.
    const sourceResource = sourceInstance.node.defaultChild as rds.CfnDBInstance;
    const replica = new rds.DatabaseInstanceReadReplica(scope, 'CrossRegionReplica', {
      ...shared,
      sourceDatabaseInstance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(scope, 'Source', {
        instanceIdentifier: sourceResource.ref,
        instanceEndpointAddress: sourceResource.attrEndpointAddress,
        port: source.port,
        securityGroups: [],
        engine: sourceInstance.engine,
      }),
      instanceIdentifier: identifier,
      storageEncryptionKey: settings.encryptionKey,
      multiAz: false,
      removalPolicy: settings.removalPolicy,
    });
    const cfnReplica = replica.node.defaultChild as rds.CfnDBInstance;
    // A source in another Region is named by its ARN, in that Region (an imported instance's ARN would
    // carry this stack's Region); the identifier is the source's explicit one, so the ARN never changes.
    cfnReplica.sourceDbInstanceIdentifier = Arn.format({
      partition: sourceStack.partition,
      service: 'rds',
      region: sourceStack.region,
      account: sourceStack.account,
      resource: 'db',
      resourceName: sourceResource.ref,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // A replica inherits encryption from its source; in another Region it needs a key of that Region
    // (KmsKeyId), and CloudFormation takes StorageEncrypted only from a new database.
    cfnReplica.addPropertyDeletionOverride('StorageEncrypted');
    settings.createLogGroups('CrossRegionReplica', 'instance', identifier, replica.node.defaultChild as CfnResource);
    recordException(replica, CROSS_REGION_REPLICA_BACKUPS);
    recordException(replica, CROSS_REGION_REPLICA_SINGLE_AZ);
    recordException(replica, CROSS_REGION_REPLICA_ENCRYPTED);
    recordException(replica, DATABASE_DEFAULT_PORT);
    return replica;
  }
}

/**
 * The identifier of the cross-Region replica: the database's own for the first generation (as before
 * generations existed, so that a deployed replica stays), `-g<generation>` after it for the next ones. A
 * generation given as a token is compared in CloudFormation.
 */
function replicaIdentifier(scope: Construct, baseName: string, generation: number | undefined): string {
  if (generation === undefined || generation === 1) {
    return baseName;
  }
  if (!Token.isUnresolved(generation)) {
    return `${baseName}-g${generation}`;
  }
  const generationText = Token.asString(generation);
  const first = new CfnCondition(scope, 'FirstReplicaGeneration', { expression: Fn.conditionEquals(generationText, '1') });
  return Fn.join('', [baseName, Fn.conditionIf(first.logicalId, '', Fn.join('', ['-g', generationText])).toString()]);
}
