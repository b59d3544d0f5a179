import { Annotations, CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { createBlueGreenDeployment } from './blue-green';
import { DeployedDatabase, DeploymentKind, DeploymentSettings, ReplicaLagMetric } from './deployment';
import { DatabaseEngineFamily } from './engine';
import { INSTANCE_LOG_EXPORTS, instanceSettings, SharedInstanceProps } from './instance-settings';
import { BlueGreenPhase } from './web-app-database-options';
import { rdsInstanceFamilySupported } from '../../private/capabilities';
import { recordException } from '../../private/compliance';
import {
  DATABASE_BACKUP_PLAN_ELSEWHERE, DATABASE_DEFAULT_PORT, REPLICA_ENCRYPTED_BY_SOURCE, REPLICA_NO_BACKUPS, REPLICA_NOT_MULTI_AZ,
  ROTATED_THROUGH_ATTACHMENT,
} from '../../private/exceptions';
import { displayPath } from '../../private/paths';
import { invalidProp, requireConcrete, validateInteger } from '../../private/validation';

/** The rate of rotation of the master password, the same as RDS uses for the passwords it manages. */
const ROTATION_INTERVAL = Duration.days(7);

/**
 * The Multi-AZ instance topology: what it accepts, and its defaults (a cross-Region replica, a single instance of
 * the same engines, shares them).
 */
export const MULTI_AZ_INSTANCE: DeploymentKind = {
  rdsDeployment: 'instance',
  aurora: false,
  ownCredentialsSecret: true,
  logExports: INSTANCE_LOG_EXPORTS,
  defaultInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
  zones: { needed: 2, fix: 'a highly available database needs subnets in at least 2' },

  validateReaders(scope, topology) {
    requireConcrete(scope, 'topology.readReplicas', topology.readers, 'it decides how many instances are created');
    if (!Number.isInteger(topology.readers) || topology.readers < 0 || topology.readers > 15) {
      invalidProp(scope, 'topology.readReplicas', topology.readers, 'use a whole number from 0 to 15: RDS allows at most 15 read replicas of a PostgreSQL or MySQL instance');
    }
  },

  resolveStorage(scope, allocatedStorage, maxAllocatedStorage) {
    validateInteger(scope, 'allocatedStorage', allocatedStorage, 20, 65536);
    validateInteger(scope, 'maxAllocatedStorage', maxAllocatedStorage, 21, 65536);
    const allocated = allocatedStorage ?? 20;
    if (maxAllocatedStorage === undefined) {
      return { allocatedStorage: allocated, maxAllocatedStorage: defaultMaxStorage(allocated) };
    }
    const max = maxAllocatedStorage;
    if (max <= allocated) {
      invalidProp(scope, 'maxAllocatedStorage', max, `give more than allocatedStorage (${allocated} GiB): it is the limit up to which storage grows by itself`);
    }
    return { allocatedStorage: allocated, maxAllocatedStorage: max };
  },

  validateInstanceClass(scope, instanceClass, engine) {
    if (!rdsInstanceFamilySupported(engine, instanceClass)) {
      invalidProp(scope, 'instanceType', instanceClass,
        "use a general purpose (M), memory optimized (R, X2) or burstable (T3, T4g) class of a current generation, for example new ec2.InstanceType('m7g.large'): "
        + `RDS for ${engine === 'postgres' ? 'PostgreSQL' : 'MySQL'} offers no ${instanceClass.split('.').slice(0, 2).join('.')} instances `
        + '(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html)');
    }
  },

  checkRegion() {
    // RDS offers DB instances in every Region.
  },

  build: (settings) => new MultiAzInstanceDeployment(settings),
};

/** 100 GiB, or twice the allocated storage when that is more; none at the largest size, which cannot grow. */
function defaultMaxStorage(allocated: number): number | undefined {
  return allocated >= 65536 ? undefined : Math.min(65536, Math.max(100, allocated * 2));
}

/**
 * An RDS DB instance with Multi-AZ and read replicas in other Availability Zones, its credentials generated into
 * Secrets Manager and rotated by a hosted rotation function.
 */
export class MultiAzInstanceDeployment implements DeployedDatabase {
  public readonly endpoint: string;
  public readonly readerEndpoint: string;
  public readonly replicaEndpoints: string[];
  public readonly secret: secretsmanager.ISecret;
  public readonly arn: string;
  public readonly identifier: string;
  public readonly connectResourceIds: string[];
  public readonly hasAllocatedStorage = true;
  public readonly replicaLagInMilliseconds = false;
  public readonly writerDimensions: Array<Record<string, string>>;
  public readonly replicaLag: ReplicaLagMetric[];
  public readonly rotationConnections: ec2.Connections;
  public readonly proxyTarget: () => rds.ProxyTarget;
  public readonly instance: rds.DatabaseInstance;
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[];
  public readonly blueGreenDeployment?: CfnResource;

  constructor(settings: DeploymentSettings) {
    const { scope } = settings;
    const { engine, instanceSettings: shared, targetParameterGroup } = instanceSettings(settings);
    this.instance = this.createInstance(settings, engine, shared);
    this.readReplicas = this.createReplicas(settings, shared);
    const plan = settings.blueGreen;
    if (plan?.phase === BlueGreenPhase.GREEN) {
      this.blueGreenDeployment = createBlueGreenDeployment(scope, plan,
        { instance: this.instance, readReplicas: this.readReplicas, targetParameterGroup: targetParameterGroup!, baseName: settings.baseName });
    }
    for (const database of [this.instance, ...this.readReplicas]) {
      recordException(database, DATABASE_DEFAULT_PORT);
    }
    const instance = this.instance;
    this.secret = instance.secret!;
    this.endpoint = instance.dbInstanceEndpointAddress;
    this.replicaEndpoints = this.readReplicas.map((replica) => replica.dbInstanceEndpointAddress);
    this.readerEndpoint = this.replicaEndpoints[0] ?? this.endpoint;
    // From the resources: without a feature flag, a replica's instanceResourceId is its ARN.
    this.connectResourceIds = [instance, ...this.readReplicas].map((member) => (member.node.defaultChild as rds.CfnDBInstance).attrDbiResourceId);
    this.rotationConnections = this.addRotation(settings);
    this.arn = instance.instanceArn;
    this.identifier = instance.instanceIdentifier;
    this.writerDimensions = [{ DBInstanceIdentifier: instance.instanceIdentifier }];
    this.replicaLag = this.readReplicas.map((replica, index) =>
      ({ metricName: 'ReplicaLag', dimensions: { DBInstanceIdentifier: replica.instanceIdentifier }, label: `Replica ${index + 1} lag (s)` }));
    this.proxyTarget = () => rds.ProxyTarget.fromInstance(rds.DatabaseInstance.fromDatabaseInstanceAttributes(scope, 'InstanceReference', {
      instanceIdentifier: instance.instanceIdentifier,
      instanceEndpointAddress: instance.dbInstanceEndpointAddress,
      port: settings.port,
      securityGroups: [settings.securityGroup],
      engine,
    }));
  }

  private createInstance(settings: DeploymentSettings, engine: rds.IInstanceEngine, shared: SharedInstanceProps): rds.DatabaseInstance {
    const { scope } = settings;
    const instance = new rds.DatabaseInstance(scope, 'Instance', {
      ...shared,
      engine,
      instanceIdentifier: settings.baseName,
      multiAz: true,
      storageEncryptionKey: settings.encryptionKey,
      allocatedStorage: settings.storage.allocatedStorage,
      // After a blue/green switchover to another major version the template names the version the instance already
      // runs; CloudFormation may still send it to RDS, which refuses a major version without this flag.
      allowMajorVersionUpgrade: settings.blueGreen?.phase === BlueGreenPhase.SWITCHED_OVER && settings.blueGreen.majorUpgrade,
      databaseName: settings.databaseName,
      // RDS cannot manage the master password of an instance that has read replicas, so it is generated
      // into Secrets Manager and rotated by a Secrets Manager rotation function.
      credentials: rds.Credentials.fromGeneratedSecret(settings.masterUsername, {
        encryptionKey: settings.encryptionKey,
        replicaRegions: settings.credentialsReplicaRegions,
        secretName: settings.credentialsSecretName,
      }),
      backupRetention: Duration.days(settings.backupDays),
      preferredBackupWindow: settings.preferredBackupWindow,
      deleteAutomatedBackups: settings.removalPolicy === RemovalPolicy.DESTROY,
      removalPolicy: settings.removalPolicy,
    });
    settings.createLogGroups('Instance', 'instance', settings.baseName, instance.node.defaultChild as CfnResource);
    // A snapshot restores the master password it was taken with, so the secret outlives the instance.
    (instance.node.findChild('Secret').node.defaultChild as CfnResource).applyRemovalPolicy(settings.destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
    recordException(instance, DATABASE_BACKUP_PLAN_ELSEWHERE);
    return instance;
  }

  private createReplicas(settings: DeploymentSettings, shared: SharedInstanceProps): rds.DatabaseInstanceReadReplica[] {
    const replicas: rds.DatabaseInstanceReadReplica[] = [];
    for (let number = 1; number <= settings.readers; number++) {
      const identifier = `${settings.baseName}-replica-${number}`;
      const replica = new rds.DatabaseInstanceReadReplica(settings.scope, `ReadReplica${number}`, {
        ...shared,
        sourceDatabaseInstance: this.instance,
        instanceIdentifier: identifier,
        availabilityZone: settings.zones[(number - 1) % settings.zones.length],
        // A replica holds no data of its own: a final snapshot would copy the primary's.
        removalPolicy: settings.removalPolicy === RemovalPolicy.SNAPSHOT ? RemovalPolicy.DESTROY : settings.removalPolicy,
      });
      settings.createLogGroups(`ReadReplica${number}`, 'instance', identifier, replica.node.defaultChild as CfnResource);
      recordException(replica, DATABASE_BACKUP_PLAN_ELSEWHERE);
      recordException(replica, REPLICA_NOT_MULTI_AZ);
      recordException(replica, REPLICA_NO_BACKUPS);
      recordException(replica, REPLICA_ENCRYPTED_BY_SOURCE);
      replicas.push(replica);
    }
    return replicas;
  }

  private addRotation(settings: DeploymentSettings): ec2.Connections {
    const { scope, vpc } = settings;
    const rotationSubnets = settings.rotationSubnets
      ?? (vpc.privateSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined);
    if (rotationSubnets === undefined) {
      Annotations.of(scope).addWarningV2('cdk-ha-web-app:database-rotation-network',
        'The VPC has no private subnets with egress, so the function that rotates the database credentials runs in the database subnets: '
        + 'it needs a Secrets Manager interface endpoint that its security group may reach, or rotation fails. Give rotationSubnets to place it elsewhere.');
    }
    const rotationSecurityGroup = new ec2.SecurityGroup(scope, 'RotationSecurityGroup', {
      vpc,
      description: `${displayPath(scope)}: credentials rotation function, to the database and to the Secrets Manager API`,
      allowAllOutbound: false,
    });
    rotationSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Secrets Manager API');
    // The proxy, if any, comes later: the rotation function reaches the database directly.
    settings.securityGroup.connections.allowFrom(rotationSecurityGroup, ec2.Port.tcp(settings.port), `credentials rotation of ${displayPath(scope)}`);
    const options = {
      vpc,
      vpcSubnets: rotationSubnets ?? settings.vpcSubnets,
      securityGroups: [rotationSecurityGroup],
    };
    new secretsmanager.RotationSchedule(scope, 'SecretRotation', {
      secret: this.instance.secret!,
      hostedRotation: settings.engine.family === DatabaseEngineFamily.POSTGRESQL
        ? secretsmanager.HostedRotation.postgreSqlSingleUser(options)
        : secretsmanager.HostedRotation.mysqlSingleUser(options),
      automaticallyAfter: ROTATION_INTERVAL,
    });
    recordException(this.instance.secret!, ROTATED_THROUGH_ATTACHMENT);
    return rotationSecurityGroup.connections;
  }
}
