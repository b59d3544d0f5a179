import { Aws, Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DeployedDatabase, DeploymentKind, DeploymentSettings, ReplicaLagMetric } from './deployment';
import { DatabaseEngineFamily } from './engine';
import { AURORA_MYSQL_PARAMETERS, POSTGRES_PARAMETERS } from './instance-settings';
import { auroraFamilies, auroraInstanceClassSupported } from '../../private/capabilities';
import { recordException } from '../../private/compliance';
import { AURORA_NO_BACKTRACK, DATABASE_BACKUP_PLAN_ELSEWHERE, DATABASE_DEFAULT_PORT } from '../../private/exceptions';
import { displayPath } from '../../private/paths';
import { invalidProp, requireConcrete } from '../../private/validation';

/** The Aurora topology: what it accepts, and its defaults. */
export const AURORA: DeploymentKind = {
  rdsDeployment: 'aurora',
  aurora: true,
  ownCredentialsSecret: false,
  logExports: {
    [DatabaseEngineFamily.POSTGRESQL]: ['postgresql'],
    [DatabaseEngineFamily.MYSQL]: ['audit', 'error', 'general', 'slowquery'],
  },
  defaultInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE),
  zones: { needed: 2, fix: 'a highly available database needs subnets in at least 2' },

  validateReaders(scope, topology) {
    requireConcrete(scope, 'topology.readers', topology.readers, 'it decides how many instances are created');
    if (!Number.isInteger(topology.readers) || topology.readers < 1 || topology.readers > 15) {
      invalidProp(scope, 'topology.readers', topology.readers,
        'use a whole number from 1 to 15: an Aurora cluster has at most 15 readers, and needs at least one as the failover target in another Availability Zone');
    }
  },

  resolveStorage(scope, allocatedStorage, maxAllocatedStorage) {
    if (allocatedStorage !== undefined) {
      invalidProp(scope, 'allocatedStorage', allocatedStorage, 'remove it: Aurora storage grows by itself');
    }
    if (maxAllocatedStorage !== undefined) {
      invalidProp(scope, 'maxAllocatedStorage', maxAllocatedStorage, 'remove it: Aurora storage grows by itself');
    }
    return {};
  },

  validateInstanceClass(scope, instanceClass, engine) {
    if (!auroraInstanceClassSupported(engine, instanceClass)) {
      invalidProp(scope, 'instanceType', instanceClass,
        `use a class that Aurora takes (${auroraFamilies(engine).join(', ')}), for example new ec2.InstanceType('r7g.large'); `
        + 'see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html');
    }
  },

  checkRegion() {
    // RDS offers Aurora in every Region.
  },

  build: (settings) => new AuroraDeployment(settings),
};

/** An Aurora DB cluster with a writer and readers in other Availability Zones, and a password that RDS manages. */
export class AuroraDeployment implements DeployedDatabase {
  public readonly endpoint: string;
  public readonly readerEndpoint: string;
  public readonly replicaEndpoints: string[] = [];
  public readonly secret: secretsmanager.ISecret;
  public readonly arn: string;
  public readonly identifier: string;
  public readonly connectResourceIds: string[];
  /** Aurora storage grows by itself. */
  public readonly hasAllocatedStorage = false;
  /** `AuroraReplicaLagMaximum` is in milliseconds. */
  public readonly replicaLagInMilliseconds = true;
  public readonly writerDimensions: Array<Record<string, string>>;
  public readonly replicaLag: ReplicaLagMetric[];
  public readonly proxyTarget: () => rds.ProxyTarget;
  /** A target can be registered only once the instances of an Aurora cluster exist. */
  public readonly proxyTargetDependency: rds.DatabaseCluster;
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[] = [];
  public readonly cluster: rds.DatabaseCluster;

  constructor(settings: DeploymentSettings) {
    const { scope } = settings;
    const { cluster, engine } = this.createCluster(settings);
    this.cluster = cluster;
    this.secret = secretsmanager.Secret.fromSecretAttributes(scope, 'Secret', {
      secretCompleteArn: (cluster.node.defaultChild as rds.CfnDBCluster).attrMasterUserSecretSecretArn,
      encryptionKey: settings.encryptionKey,
    });
    this.endpoint = cluster.clusterEndpoint.hostname;
    this.readerEndpoint = cluster.clusterReadEndpoint.hostname;
    this.connectResourceIds = [cluster.clusterResourceIdentifier];
    this.arn = cluster.clusterArn;
    this.identifier = cluster.clusterIdentifier;
    // The cluster's WRITER role: the cluster alone averages its readers in.
    this.writerDimensions = [{ DBClusterIdentifier: cluster.clusterIdentifier, Role: 'WRITER' }];
    this.replicaLag = [{ metricName: 'AuroraReplicaLagMaximum', dimensions: { DBClusterIdentifier: cluster.clusterIdentifier }, label: 'Reader lag (ms)' }];
    this.proxyTargetDependency = cluster;
    this.proxyTarget = () => rds.ProxyTarget.fromCluster(rds.DatabaseCluster.fromDatabaseClusterAttributes(scope, 'ClusterReference', {
      clusterIdentifier: cluster.clusterIdentifier,
      port: settings.port,
      securityGroups: [settings.securityGroup],
      engine,
    }));
  }

  private createCluster(settings: DeploymentSettings): { cluster: rds.DatabaseCluster; engine: rds.IClusterEngine } {
    const { scope } = settings;
    const family = settings.engine.family;
    const engine = family === DatabaseEngineFamily.POSTGRESQL
      ? rds.DatabaseClusterEngine.auroraPostgres({ version: settings.engineVersion.auroraPostgresVersion! })
      : rds.DatabaseClusterEngine.auroraMysql({ version: settings.engineVersion.auroraMysqlVersion! });
    const parameterGroup = new rds.ParameterGroup(scope, 'ParameterGroup', {
      engine,
      description: `${displayPath(scope)}: TLS only`,
      removalPolicy: settings.supportPolicy,
      parameters: family === DatabaseEngineFamily.POSTGRESQL ? POSTGRES_PARAMETERS : AURORA_MYSQL_PARAMETERS,
    });
    const instanceSettings = (zone: string): rds.ProvisionedClusterInstanceProps => ({
      instanceType: settings.instanceType,
      availabilityZone: zone,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
      // The same as the cluster's: an instance left at aws-cdk-lib's default counts as turned off, and gets a warning.
      enablePerformanceInsights: settings.performanceInsightRetention !== undefined,
      performanceInsightRetention: settings.performanceInsightRetention,
      performanceInsightEncryptionKey: settings.performanceInsightRetention !== undefined ? settings.encryptionKey : undefined,
    });
    const readers = Array.from({ length: settings.readers }, (_, index) =>
      // Reader n goes to the zone after the writer's, round robin.
      rds.ClusterInstance.provisioned(`Reader${index + 1}`, instanceSettings(settings.zones[(index + 1) % settings.zones.length])));
    const cluster = new rds.DatabaseCluster(scope, 'Cluster', {
      engine,
      clusterIdentifier: settings.baseName,
      writer: rds.ClusterInstance.provisioned('Writer', instanceSettings(settings.zones[0])),
      readers,
      vpc: settings.vpc,
      subnetGroup: settings.subnetGroup,
      securityGroups: [settings.securityGroup],
      parameterGroup,
      defaultDatabaseName: settings.databaseName,
      // Replaced below by a password that RDS manages; the L2 only knows secrets it creates itself.
      credentials: rds.Credentials.fromPassword(settings.masterUsername, SecretValue.unsafePlainText(Aws.NO_VALUE)),
      storageEncryptionKey: settings.encryptionKey,
      iamAuthentication: true,
      backup: { retention: Duration.days(settings.backupDays), preferredWindow: settings.preferredBackupWindow },
      preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: settings.deletionProtection,
      deleteAutomatedBackups: settings.removalPolicy === RemovalPolicy.DESTROY,
      removalPolicy: settings.removalPolicy,
      enablePerformanceInsights: settings.performanceInsightRetention !== undefined,
      performanceInsightRetention: settings.performanceInsightRetention,
      performanceInsightEncryptionKey: settings.performanceInsightRetention !== undefined ? settings.encryptionKey : undefined,
      monitoringInterval: settings.monitoringInterval,
      monitoringRole: settings.monitoringRole,
      cloudwatchLogsExports: AURORA.logExports[family],
    });
    const cfnCluster = cluster.node.defaultChild as rds.CfnDBCluster;
    cfnCluster.masterUserPassword = undefined;
    cfnCluster.manageMasterUserPassword = true;
    cfnCluster.masterUserSecret = { kmsKeyId: settings.encryptionKey.keyArn };
    settings.createLogGroups('Cluster', 'cluster', settings.baseName, cfnCluster);

    for (const child of cluster.node.findAll()) {
      if (child instanceof rds.CfnDBInstance) {
        recordException(child, DATABASE_BACKUP_PLAN_ELSEWHERE);
      }
    }
    recordException(cluster, DATABASE_DEFAULT_PORT);
    if (family === DatabaseEngineFamily.MYSQL) {
      recordException(cluster, AURORA_NO_BACKTRACK);
    }
    return { cluster, engine };
  }
}
