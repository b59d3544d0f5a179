import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DeployedDatabase, DeploymentKind, DeploymentSettings, ReplicaLagMetric } from './deployment';
import { DatabaseEngineFamily } from './engine';
import { instanceEngineAndParameters } from './instance-settings';
import { multiAzClusterAvailable, multiAzClusterFamilies, multiAzClusterInstanceClass } from '../../private/capabilities';
import { recordException } from '../../private/compliance';
import { DATABASE_DEFAULT_PORT } from '../../private/exceptions';
import { invalidProp, validateInteger } from '../../private/validation';

/** gp3 accepts provisioned IOPS from this size on, and includes 12,000 IOPS at it. */
const MULTI_AZ_CLUSTER_MIN_STORAGE = 400;
const MULTI_AZ_CLUSTER_IOPS = 12000;

/** The Multi-AZ DB cluster topology: what it accepts, and its defaults. */
export const MULTI_AZ_CLUSTER: DeploymentKind = {
  rdsDeployment: 'multi-az-cluster',
  aurora: false,
  ownCredentialsSecret: false,
  // Multi-AZ DB clusters take no option group, hence no MariaDB audit plugin and no audit log.
  logExports: {
    [DatabaseEngineFamily.POSTGRESQL]: ['postgresql', 'upgrade'],
    [DatabaseEngineFamily.MYSQL]: ['error', 'general', 'slowquery'],
  },
  defaultInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M6GD, ec2.InstanceSize.LARGE),
  zones: { needed: 3, fix: 'a Multi-AZ DB cluster needs subnets in 3' },

  validateReaders() {
    // Always two readable standbys.
  },

  resolveStorage(scope, allocatedStorage, maxAllocatedStorage) {
    validateInteger(scope, 'allocatedStorage', allocatedStorage, MULTI_AZ_CLUSTER_MIN_STORAGE, 65536);
    if (maxAllocatedStorage !== undefined) {
      invalidProp(scope, 'maxAllocatedStorage', maxAllocatedStorage, 'remove it: a Multi-AZ DB cluster does not autoscale storage; raise allocatedStorage instead');
    }
    return { allocatedStorage: allocatedStorage ?? MULTI_AZ_CLUSTER_MIN_STORAGE };
  },

  validateInstanceClass(scope, instanceClass, engine) {
    const support = multiAzClusterInstanceClass(engine, instanceClass);
    if (support === 'refused') {
      invalidProp(scope, 'instanceType', instanceClass,
        `use a class with local NVMe storage (${multiAzClusterFamilies().join(', ')}), for example new ec2.InstanceType('m6gd.large'): a Multi-AZ DB cluster offers no burstable class`);
    }
    if (support === 'undocumented') {
      Annotations.of(scope).addWarningV2('cdk-ha-web-app:multi-az-cluster-instance-class',
        `${instanceClass} is not among the classes that RDS documents for Multi-AZ DB clusters (${multiAzClusterFamilies().join(', ')}): `
        + 'RDS may refuse it when the stack deploys. Check it with aws rds describe-orderable-db-instance-options, or choose a documented class.');
    }
  },

  checkRegion(scope, region, engine) {
    // A warning, not an error: the documentation and the classes that AWS prices disagree for some of these Regions,
    // where RDS rolls out Multi-AZ DB clusters class by class.
    if (!multiAzClusterAvailable(region)) {
      Annotations.of(scope).addWarningV2('cdk-ha-web-app:multi-az-cluster-region',
        `RDS documents no Multi-AZ DB cluster in ${region}, so the deployment may fail: check the classes offered there with `
        + `aws rds describe-orderable-db-instance-options --engine ${engine} --region ${region}, or use DatabaseTopology.multiAzInstance() or DatabaseTopology.aurora(). `
        + 'See https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.MultiAZDBClusters.html');
    }
  },

  build: (settings) => new MultiAzClusterDeployment(settings),
};

/**
 * An RDS Multi-AZ DB cluster: a writer and two readable standbys, with a password that RDS manages. CloudFormation
 * only: aws-cdk-lib has no L2 for it.
 */
export class MultiAzClusterDeployment implements DeployedDatabase {
  public readonly endpoint: string;
  public readonly readerEndpoint: string;
  public readonly replicaEndpoints: string[] = [];
  public readonly secret: secretsmanager.ISecret;
  public readonly arn: string;
  public readonly identifier: string;
  /** None: IAM database authentication cannot be turned on for a Multi-AZ DB cluster through CloudFormation. */
  public readonly connectResourceIds: string[] = [];
  public readonly hasAllocatedStorage = true;
  public readonly replicaLagInMilliseconds = false;
  public readonly writerDimensions: Array<Record<string, string>>;
  /** The worst of the member instances, through the writer's dimensions. */
  public readonly replicaLag: ReplicaLagMetric[] = [{ metricName: 'ReplicaLag', label: 'Reader lag (s)' }];
  public readonly proxyTarget: () => rds.ProxyTarget;
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[] = [];
  public readonly multiAzCluster: rds.CfnDBCluster;

  constructor(settings: DeploymentSettings) {
    const { scope } = settings;
    const family = settings.engine.family;
    const cluster = this.createCluster(settings);
    this.multiAzCluster = cluster;
    this.secret = secretsmanager.Secret.fromSecretAttributes(scope, 'Secret', {
      secretCompleteArn: cluster.attrMasterUserSecretSecretArn,
      encryptionKey: settings.encryptionKey,
    });
    this.endpoint = cluster.attrEndpointAddress;
    this.readerEndpoint = cluster.attrReadEndpointAddress;
    this.arn = cluster.attrDbClusterArn;
    this.identifier = cluster.ref;
    // RDS names the member instances `<cluster>-instance-1` to `-3`, and the writer moves among them on failover.
    this.writerDimensions = [1, 2, 3].map((n) => ({ DBInstanceIdentifier: `${this.identifier}-instance-${n}` }));
    // aws-cdk-lib has no engine object for Multi-AZ DB clusters; the proxy reads only the engine family from it.
    this.proxyTarget = () => rds.ProxyTarget.fromCluster(rds.DatabaseCluster.fromDatabaseClusterAttributes(scope, 'ClusterReference', {
      clusterIdentifier: cluster.ref,
      port: settings.port,
      securityGroups: [settings.securityGroup],
      engine: family === DatabaseEngineFamily.POSTGRESQL
        ? rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 })
        : rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_10_4 }),
    }));
  }

  private createCluster(settings: DeploymentSettings): rds.CfnDBCluster {
    const family = settings.engine.family;
    const { parameterGroup } = instanceEngineAndParameters(settings);
    const cluster = new rds.CfnDBCluster(settings.scope, 'Cluster', {
      engine: family === DatabaseEngineFamily.POSTGRESQL ? 'postgres' : 'mysql',
      engineVersion: settings.engineVersion.full,
      dbClusterIdentifier: settings.baseName,
      dbClusterInstanceClass: `db.${settings.instanceType}`,
      storageType: 'gp3',
      allocatedStorage: settings.storage.allocatedStorage,
      iops: MULTI_AZ_CLUSTER_IOPS,
      storageEncrypted: true,
      kmsKeyId: settings.encryptionKey.keyArn,
      masterUsername: settings.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecret: { kmsKeyId: settings.encryptionKey.keyArn },
      databaseName: settings.databaseName,
      port: settings.port,
      dbSubnetGroupName: settings.subnetGroup.subnetGroupName,
      vpcSecurityGroupIds: [settings.securityGroup.securityGroupId],
      dbClusterParameterGroupName: parameterGroup.bindToCluster({}).parameterGroupName,
      publiclyAccessible: false,
      backupRetentionPeriod: settings.backupDays,
      preferredBackupWindow: settings.preferredBackupWindow,
      preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      deletionProtection: settings.deletionProtection,
      deleteAutomatedBackups: settings.removalPolicy === RemovalPolicy.DESTROY,
      enableCloudwatchLogsExports: MULTI_AZ_CLUSTER.logExports[family],
      // Every documented class of a Multi-AZ DB cluster offers Performance Insights.
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: settings.encryptionKey.keyArn,
      performanceInsightsRetentionPeriod: settings.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT,
      monitoringInterval: settings.monitoringInterval.toSeconds(),
      monitoringRoleArn: settings.monitoringRole.roleArn,
    });
    cluster.applyRemovalPolicy(settings.removalPolicy);
    settings.createLogGroups('Cluster', 'cluster', settings.baseName, cluster);
    recordException(cluster, DATABASE_DEFAULT_PORT);
    return cluster;
  }
}
