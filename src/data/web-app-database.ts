import { ArnFormat, CfnResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AURORA } from './database/aurora';
import { resolveBlueGreen } from './database/blue-green';
import { crossRegionReplicaKind, validateCrossRegionReplica } from './database/cross-region-replica';
import { DeployedDatabase, DeploymentKind } from './database/deployment';
import { DatabaseDeployment, DatabaseEngine, DatabaseTopology } from './database/engine';
import { resolveEngineVersion } from './database/engine-version';
import { allowLogsToUseKey, logGroupFactory } from './database/log-groups';
import { MULTI_AZ_CLUSTER } from './database/multi-az-cluster';
import { MULTI_AZ_INSTANCE } from './database/multi-az-instance';
import { credentialsSecretName, databaseIdentifier } from './database/names';
import { createProxy } from './database/proxy';
import {
  defaultSubnets, RDS_MINIMUM_WINDOW_MINUTES, rdsEngineOf, resolvePerformanceInsights, resolveStorage, validateBackupRetention,
  validateDatabaseName, validateInstanceClass, validateMonitoringInterval, validateRegionalFeatures, validateSubnets,
} from './database/validation';
import { IWebAppDatabase } from './database/web-app-database-interface';
import { BlueGreenPhase, DatabaseMetricOptions, WebAppDatabaseOptions } from './database/web-app-database-options';
import { databaseInstanceTypeOf } from '../private/capabilities';
import { recordException } from '../private/compliance';
import { managedPolicy } from '../private/exceptions';
import { validateWindows } from '../private/maintenance-windows';
import { worstOf } from '../private/metrics';
import { displayPath } from '../private/paths';
import { invalidProp, PropTypes, types, validateType, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

export * from './database/engine';
export * from './database/web-app-database-options';
export * from './database/web-app-database-interface';

/**
 * Properties for {@link WebAppDatabase}.
 */
export interface WebAppDatabaseProps extends WebAppDatabaseOptions {
  /** The VPC of the database. */
  readonly vpc: ec2.IVpc;

  /**
   * Makes this database a read replica, in this stack's Region, of a database of the Multi-AZ instance
   * topology in another Region: the warm copy of a disaster recovery Region, encrypted with `encryptionKey`.
   * It takes the source's engine, and its credentials are the source's, replicated to this Region
   * (give the source `credentialsReplicaRegions` with this Region and key). Promote it to a standalone
   * database with `aws rds promote-read-replica` when the source's Region fails. It is a single instance
   * (turn on Multi-AZ after promotion), has no read replicas of its own, and is kept when it leaves the stack
   * (RemovalPolicy.RETAIN), because after a promotion it holds the only copy of the data.
   *
   * @default - a new database
   */
  readonly crossRegionReplicaOf?: WebAppDatabase;

  /**
   * Key of this Region with which Secrets Manager encrypts the replica of the source's credentials (the
   * key given in the source's `credentialsReplicaRegions`). Only with `crossRegionReplicaOf`. Reading the
   * credentials is granted through IAM policies on it, never its key policy, so it may belong to another stack.
   *
   * @default - `encryptionKey`
   */
  readonly replicaCredentialsKey?: kms.IKey;

  /**
   * Generation of the cross-Region replica: raise it by one to have CloudFormation create a new replica of the
   * source, named after its generation (`<identifier>-g2`), and let go of the previous instance, for example to
   * rebuild the recovery Region after a failover promoted the replica to a standalone database (CloudFormation
   * cannot tell that a promoted replica is no longer one, and does nothing while the template stays the same).
   * The new identifier makes CloudFormation replace the instance; the previous one is kept by the replica's
   * `UpdateReplacePolicy` (Retain, unless `removalPolicy` is DESTROY, which deletes it), outside the stack, with
   * its deletion protection and its log groups: delete it by hand once its data is no longer needed. Only with
   * `crossRegionReplicaOf`.
   *
   * @default 1
   */
  readonly crossRegionReplicaGeneration?: number;

  /**
   * The subnets of the database (and of the proxy): private subnets in at least 2 Availability Zones,
   * 3 for a Multi-AZ DB cluster. Not public subnets.
   *
   * @default - the isolated subnets of the VPC
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The key that encrypts the storage, the snapshots, the credentials, Performance Insights and the
   * log groups. CloudWatch Logs must be allowed to use it: a key created in the CDK app gets the key
   * policy statement for the database's log groups; for an imported key a warning names it.
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Subnets of the function that rotates the credentials of the Multi-AZ instance topology. It calls
   * the Secrets Manager API, so it needs a route to it: a NAT gateway or a Secrets Manager interface
   * endpoint.
   *
   * @default - the private subnets with egress of the VPC, else the database subnets
   */
  readonly rotationSubnets?: ec2.SubnetSelection;
}

/**
 * The relational database of the web app: RDS for PostgreSQL (or MySQL) in private subnets, highly
 * available as a Multi-AZ DB instance with read replicas (the default), a Multi-AZ DB cluster, or an
 * Aurora cluster. Storage, snapshots, credentials, Performance Insights and logs are encrypted with a
 * customer managed key; TLS is forced by the parameter group; IAM database authentication is on;
 * credentials are generated into Secrets Manager and rotated every 7 days; automated backups, enhanced
 * monitoring, log exports to CloudWatch Logs, minor version upgrades in the maintenance window and
 * deletion protection are on; the database is snapshotted when it leaves the stack.
 *
 * Nothing can connect until {@link allowConnectionsFrom} names who may.
 */
export class WebAppDatabase extends Construct implements IWebAppDatabase {
  /** The engine of a database given none: PostgreSQL, at the version `DatabaseEngine.postgres()` pins. */
  public static readonly DEFAULT_ENGINE = DatabaseEngine.postgres();

  /**
   * The name of the master user in every engine: not the engine's default ('postgres', 'admin'), as the AWS Control
   * Tower control CT.RDS.PR.22 requires. Valid in PostgreSQL, MySQL and Aurora (letters, digits, underscore, at most 16).
   */
  public static readonly MASTER_USERNAME = 'webapp_admin';

  /** The engine. */
  public readonly engine: DatabaseEngine;
  /** The engine version deployed, as RDS names it. */
  public readonly engineVersion: string;
  /** The topology. */
  public readonly topology: DatabaseTopology;
  /** The port of the database (and of the proxy). */
  public readonly port: number;
  /** Hostname of the writer: the primary instance, or the cluster endpoint. */
  public readonly endpoint: string;
  /**
   * Hostname for read-only connections: the cluster's reader endpoint, or the first read replica
   * (the primary when there is no replica; see `replicaEndpoints` for every replica).
   */
  public readonly readerEndpoint: string;
  /** Hostnames of the read replicas of the Multi-AZ instance topology, in order. */
  public readonly replicaEndpoints: string[];
  /** Hostname of the proxy, when `proxy` is on. */
  public readonly proxyEndpoint?: string;
  /**
   * The master user's credentials (JSON with `username` and `password`), encrypted with the key and
   * rotated every 7 days.
   */
  public readonly secret: secretsmanager.ISecret;
  /** The name of the master user. */
  public readonly masterUsername: string;
  /** The name of the database created in the instance or cluster. */
  public readonly databaseName: string;
  /** The key that encrypts the database, its credentials and logs. */
  public readonly encryptionKey: kms.IKey;
  /** The security group of the database instances. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** Network connections of the database (and of the proxy). */
  public readonly connections: ec2.Connections;
  /**
   * ARN of the database: the instance's (Multi-AZ instance, cross-Region replica) or the cluster's (Multi-AZ DB
   * cluster, Aurora), for backups and IAM policies.
   */
  public readonly arn: string;
  /**
   * Identifier of the database, as the RDS API and CLI take it: `--db-instance-identifier` for an instance or a
   * cross-Region replica, `--db-cluster-identifier` for a Multi-AZ DB cluster or Aurora.
   */
  public readonly identifier: string;
  /** Whether the database has allocated storage that can fill up: every deployment but Aurora, whose storage grows by itself. */
  public readonly hasAllocatedStorage: boolean;
  /** Whether `metricReplicaLag` is in milliseconds (Aurora's `AuroraReplicaLagMaximum`) rather than seconds (`ReplicaLag`). */
  public readonly replicaLagInMilliseconds: boolean;
  /**
   * The primary instance (Multi-AZ instance topology). An escape hatch to the resource: what every deployment provides
   * is in the members of {@link IWebAppDatabase}.
   */
  public readonly instance?: rds.DatabaseInstance;
  /** The read replicas (Multi-AZ instance topology). An escape hatch, as `instance`. */
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[];
  /**
   * Name of the credentials secret, the same in every Region it is replicated to; set when
   * `credentialsReplicaRegions` is given (otherwise CloudFormation names the secret). It ends with a digest of
   * the stack's name and the stack's Region (`<unique name>-<digest>-<region>-credentials`), so that it is a
   * literal whenever the stack's Region is, and unique per stack and Region.
   */
  public readonly credentialsSecretName?: string;
  /** The cross-Region read replica, when this database is one (`crossRegionReplicaOf`). An escape hatch, as `instance`. */
  public readonly crossRegionReplica?: rds.DatabaseInstanceReadReplica;
  /** The Aurora cluster (Aurora topology). An escape hatch, as `instance`. */
  public readonly cluster?: rds.DatabaseCluster;
  /**
   * The Multi-AZ DB cluster (Multi-AZ DB cluster topology); CloudFormation only, aws-cdk-lib has no L2 for it. An escape
   * hatch, as `instance`.
   */
  public readonly multiAzCluster?: rds.CfnDBCluster;
  /**
   * The blue/green deployment (`AWS::RDS::Deployment`) of `blueGreenUpgrade` in its `GREEN` phase. An escape hatch, as
   * `instance`: switch over with `aws rds switchover-blue-green-deployment --blue-green-deployment-identifier
   * <its BlueGreenDeploymentIdentifier attribute>`.
   */
  public readonly blueGreenDeployment?: CfnResource;
  /** The proxy, when `proxy` is on. An escape hatch: its hostname is `proxyEndpoint`. */
  public readonly proxy?: rds.DatabaseProxy;
  /** The log groups of the exported database logs. An escape hatch, as `instance`. */
  public readonly logGroups: logs.ILogGroup[];
  /**
   * Connections of the function that rotates the credentials (Multi-AZ instance topology): let it reach
   * interface endpoints (Secrets Manager) when the VPC uses them.
   */
  public readonly rotationConnections?: ec2.Connections;

  private readonly proxySecurityGroup?: ec2.ISecurityGroup;
  /** The resources of the deployment, and what they provide. */
  private readonly deployment: DeployedDatabase;

  constructor(scope: Construct, id: string, props: WebAppDatabaseProps) {
    super(scope, id);
    validateTypes(this, props, DATABASE_PROP_TYPES);
    validateCrossRegionReplica(this, props);

    const source = props.crossRegionReplicaOf;
    this.engine = source?.engine ?? props.engine ?? WebAppDatabase.DEFAULT_ENGINE;
    this.topology = source ? DatabaseTopology.multiAzInstance({ readReplicas: 0 }) : props.topology ?? DatabaseTopology.multiAzInstance();
    const kind = source ? crossRegionReplicaKind(source, props.crossRegionReplicaGeneration) : DEPLOYMENT_KINDS[this.topology.deployment];
    const family = this.engine.family;
    this.port = this.engine.port;

    kind.validateReaders(this, this.topology);
    if (props.credentialsReplicaRegions?.length && !kind.ownCredentialsSecret) {
      invalidProp(this, 'credentialsReplicaRegions', props.credentialsReplicaRegions.map((replica) => replica.region),
        'leave it out: only the Multi-AZ instance topology generates its credentials into a secret of its own; Aurora and Multi-AZ DB clusters use a secret that RDS manages');
    }
    const engineVersion = resolveEngineVersion(this, this.engine, kind.aurora);

    // RDS takes no final snapshot of a read replica; a promoted replica holds the only copy of the data.
    if (props.credentialsReplicaRegions?.length) {
      // Replicas keep the name in every Region: a fixed name lets a recovery Region's stack name its replica
      // without a reference to this stack (and without parsing an ARN it would only know at deploy time).
      this.credentialsSecretName = credentialsSecretName(this);
    }
    const removalPolicy = source && (props.removalPolicy ?? RemovalPolicy.SNAPSHOT) === RemovalPolicy.SNAPSHOT
      ? RemovalPolicy.RETAIN
      : props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    // A database kept running still needs its security group, subnet and parameter groups and monitoring role.
    const supportPolicy = removalPolicy === RemovalPolicy.RETAIN || removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
      ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const deletionProtection = props.deletionProtection ?? !destroy;
    if (destroy && deletionProtection) {
      invalidProp(this, 'deletionProtection', deletionProtection,
        'set it to false with removalPolicy RemovalPolicy.DESTROY (CloudFormation cannot delete a protected database), or keep the data with RemovalPolicy.SNAPSHOT');
    }
    const backupRetention = props.backupRetention ?? Duration.days(7);
    const backupDays = validateBackupRetention(this, backupRetention);
    const preferredBackupWindow = props.preferredBackupWindow ?? '03:00-04:00';
    const preferredMaintenanceWindow = props.preferredMaintenanceWindow ?? 'sun:04:30-sun:05:30';
    validateWindows(this, { prop: 'preferredBackupWindow', value: preferredBackupWindow },
      { prop: 'preferredMaintenanceWindow', value: preferredMaintenanceWindow }, RDS_MINIMUM_WINDOW_MINUTES);
    this.databaseName = props.databaseName ?? 'app';
    validateDatabaseName(this, this.databaseName, family);
    const monitoringInterval = props.monitoringInterval ?? Duration.seconds(60);
    validateMonitoringInterval(this, monitoringInterval);
    const storage = resolveStorage(this, props, kind);
    const logRetention = props.cloudwatchLogsRetention ?? logs.RetentionDays.ONE_YEAR;
    const instanceType = databaseInstanceTypeOf(this, 'instanceType', props.instanceType) ?? kind.defaultInstanceType;
    const rdsEngine = rdsEngineOf(family, kind.aurora);
    validateInstanceClass(this, instanceType, rdsEngine, kind);
    const blueGreen = resolveBlueGreen(this, props, kind, this.engine, engineVersion, rdsEngine);
    // After a blue/green switchover the instances run the target version.
    this.engineVersion = blueGreen?.phase === BlueGreenPhase.SWITCHED_OVER ? blueGreen.target.full : engineVersion.full;
    const performanceInsightRetention = resolvePerformanceInsights(this, props.performanceInsightsRetention, rdsEngine, instanceType);
    validateRegionalFeatures(this, props.proxy === true, rdsEngine, kind);
    // Not the engine's well-known administrator name ('postgres', 'admin'), which the Control Tower control
    // CT.RDS.PR.22 refuses: a name that credential-stuffing tools do not try first.
    this.masterUsername = WebAppDatabase.MASTER_USERNAME;

    const vpcSubnets = props.vpcSubnets ?? defaultSubnets(this, props.vpc);
    const zones = validateSubnets(this, props.vpc, vpcSubnets, kind);

    this.encryptionKey = props.encryptionKey
      ?? new WebAppEncryption(this, 'Encryption', { removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN }).key;
    allowLogsToUseKey(this, this.encryptionKey);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${displayPath(this)}: ${family} clients named by allowConnectionsFrom`,
      allowAllOutbound: false,
    });
    this.securityGroup.applyRemovalPolicy(supportPolicy);
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    const subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets,
      description: `Subnets of ${displayPath(this)}`,
      removalPolicy: supportPolicy,
    });

    const monitoringRole = new iam.Role(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    monitoringRole.applyRemovalPolicy(supportPolicy);
    recordException(monitoringRole, managedPolicy('service-role/AmazonRDSEnhancedMonitoringRole',
      'the AWS managed policy that RDS documents for enhanced monitoring lets RDS write OS metrics to the RDSOSMetrics log group and nothing else; AWS keeps it in step with the service'));

    const baseName = databaseIdentifier(this);
    const logGroups: logs.ILogGroup[] = [];
    const createLogGroups = logGroupFactory(this,
      { logTypes: kind.logExports[family], encryptionKey: this.encryptionKey, retention: logRetention, destroy }, logGroups);

    this.deployment = kind.build({
      scope: this,
      engine: this.engine,
      port: this.port,
      readers: this.topology.readers,
      databaseName: this.databaseName,
      masterUsername: this.masterUsername,
      encryptionKey: this.encryptionKey,
      securityGroup: this.securityGroup,
      credentialsSecretName: this.credentialsSecretName,
      credentialsReplicaRegions: props.credentialsReplicaRegions,
      rotationSubnets: props.rotationSubnets,
      replicaCredentialsKey: props.replicaCredentialsKey,
      createLogGroups,
      vpc: props.vpc,
      vpcSubnets,
      zones,
      subnetGroup,
      instanceType,
      monitoringRole,
      monitoringInterval,
      performanceInsightRetention,
      backupDays,
      preferredBackupWindow,
      preferredMaintenanceWindow,
      deletionProtection,
      removalPolicy,
      destroy,
      supportPolicy,
      baseName,
      storage,
      engineVersion,
      blueGreen,
    });
    const deployment = this.deployment;
    this.secret = deployment.secret;
    this.endpoint = deployment.endpoint;
    this.readerEndpoint = deployment.readerEndpoint;
    this.replicaEndpoints = deployment.replicaEndpoints;
    this.arn = deployment.arn;
    this.identifier = deployment.identifier;
    this.hasAllocatedStorage = deployment.hasAllocatedStorage;
    this.replicaLagInMilliseconds = deployment.replicaLagInMilliseconds;
    this.rotationConnections = deployment.rotationConnections;
    this.instance = deployment.instance;
    this.readReplicas = deployment.readReplicas;
    this.crossRegionReplica = deployment.crossRegionReplica;
    this.cluster = deployment.cluster;
    this.multiAzCluster = deployment.multiAzCluster;
    this.blueGreenDeployment = deployment.blueGreenDeployment;
    this.logGroups = logGroups;

    if (props.proxy) {
      const { proxy, securityGroup } = createProxy(this, deployment, { vpc: props.vpc, vpcSubnets, family, secret: this.secret, baseName });
      this.proxy = proxy;
      this.proxySecurityGroup = securityGroup;
      this.proxyEndpoint = proxy.endpoint;
      this.connections.addSecurityGroup(securityGroup);
    }
  }

  /**
   * Lets a security-group holder (for example the application tier) connect to the database, and to
   * the proxy when there is one, on the engine port. The rule references the peer's security group.
   */
  public allowConnectionsFrom(peer: ec2.IConnectable): void {
    this.allowFrom(peer, `${this.engine.family} clients of ${displayPath(this)}`);
  }

  /**
   * Grants `rds-db:connect` as a database user: to every instance (or to the cluster) with IAM
   * database authentication, and to the proxy when there is one. The user must exist in the database
   * and be enabled for IAM authentication (`GRANT rds_iam TO <user>` in PostgreSQL, `IDENTIFIED WITH
   * AWSAuthenticationPlugin AS 'RDS'` in MySQL); through the proxy, use the master user's name.
   *
   * @param grantee the principal
   * @param dbUser the database user
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    if (grantee === undefined || grantee === null) {
      invalidProp(this, 'grantee', grantee, 'give the principal that connects, for example WebAppTier.instanceRole');
    }
    validateType(this, 'grantee', grantee, types.withMember('grantPrincipal', 'an iam.IGrantable, for example WebAppTier.instanceRole'));
    if (typeof dbUser !== 'string' || (!Token.isUnresolved(dbUser) && !/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(dbUser))) {
      invalidProp(this, 'dbUser', dbUser, 'give the name of a database user: a letter or underscore, then letters, digits, underscores');
    }
    const stack = Stack.of(this);
    const resourceArns = this.deployment.connectResourceIds.map((resourceId) => stack.formatArn({
      service: 'rds-db',
      resource: 'dbuser',
      resourceName: `${resourceId}/${dbUser}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }));
    if (this.proxy) {
      const proxyId = stack.splitArn(this.proxy.dbProxyArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
      resourceArns.push(stack.formatArn({
        service: 'rds-db',
        resource: 'dbuser',
        resourceName: `${proxyId}/${dbUser}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }));
    }
    if (resourceArns.length === 0) {
      invalidProp(this, 'topology', this.topology.deployment,
        'IAM database authentication cannot be turned on for a Multi-AZ DB cluster through CloudFormation: set proxy to true (clients authenticate to the proxy with IAM), or use grantReadCredentials');
    }
    return iam.Grant.addToPrincipal({ grantee, actions: ['rds-db:connect'], resourceArns });
  }

  /**
   * A metric of the database's writer in `AWS/RDS`, for example `CPUUtilization`: the instance's (a cross-Region
   * replica's own until it is promoted); an Aurora cluster's `WRITER` role (the cluster alone averages its readers in);
   * for a Multi-AZ DB cluster, the worst of its three member instances as a math expression (RDS names them
   * `<cluster>-instance-1` to `-3`, and the writer moves on failover).
   *
   * @param metricName the metric, as RDS publishes it
   * @param options statistic, label and period (default: the average over 5 minutes)
   */
  public metricWriter(metricName: string, options: DatabaseMetricOptions = {}): cloudwatch.IMetric {
    const { lowIsWorst, ...metricOptions } = options;
    const writers = this.deployment.writerDimensions;
    if (writers.length === 1) {
      return this.rdsMetric(metricName, { ...writers[0] }, metricOptions);
    }
    const members = writers.map((dimensions) => this.rdsMetric(metricName, { ...dimensions }, { ...metricOptions, label: undefined }));
    return worstOf(lowIsWorst ? 'MIN' : 'MAX', members, metricName.toLowerCase().replace(/[^a-z]/g, ''), 1, metricOptions.label,
      metricOptions.period ?? Duration.minutes(5));
  }

  /**
   * How far the readers lag behind the writer, one metric per reader (the maximum over 5 minutes): each read replica's
   * `ReplicaLag` (seconds), a Multi-AZ DB cluster's worst member, an Aurora cluster's `AuroraReplicaLagMaximum`
   * (milliseconds: see `replicaLagInMilliseconds`), or a cross-Region replica's own lag, the recovery point a
   * promotion would reach. None for an instance without read replicas.
   */
  public metricReplicaLag(): cloudwatch.IMetric[] {
    const maximum = { statistic: cloudwatch.Stats.MAXIMUM };
    return this.deployment.replicaLag.map((lag) => lag.dimensions
      ? this.rdsMetric(lag.metricName, { ...lag.dimensions }, { ...maximum, label: lag.label })
      : this.metricWriter(lag.metricName, { ...maximum, label: lag.label }));
  }

  /** A metric of `AWS/RDS` with these dimensions: the average over 5 minutes unless the options say otherwise. */
  private rdsMetric(metricName: string, dimensionsMap: Record<string, string>, options: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap,
      statistic: cloudwatch.Stats.AVERAGE,
      ...options,
      period: options.period ?? Duration.minutes(5),
    });
  }

  /**
   * Grants reading the master credentials in Secrets Manager, and decrypting them with the key (only
   * through Secrets Manager).
   */
  public grantReadCredentials(grantee: iam.IGrantable): iam.Grant {
    const grant = this.secret.grantRead(grantee);
    const credentialsKey = this.deployment.credentialsKey;
    if (!credentialsKey) {
      return grant;
    }
    return grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt'],
      resourceArns: [credentialsKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
    }));
  }

  private allowFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
    this.proxySecurityGroup?.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
  }
}

/** The rules and the class of each deployment that a {@link DatabaseTopology} names. */
const DEPLOYMENT_KINDS: Record<DatabaseDeployment, DeploymentKind> = {
  [DatabaseDeployment.MULTI_AZ_INSTANCE]: MULTI_AZ_INSTANCE,
  [DatabaseDeployment.MULTI_AZ_CLUSTER]: MULTI_AZ_CLUSTER,
  [DatabaseDeployment.AURORA]: AURORA,
};

/** The types of the props, for callers that no compiler checks. */
const DATABASE_PROP_TYPES: PropTypes = {
  vpc: types.withMembers(['vpcId', 'selectSubnets'], 'an ec2.IVpc, for example WebAppNetwork.vpc'),
  engine: {
    ...types.instanceOf(DatabaseEngine, "DatabaseEngine.postgres() or DatabaseEngine.mysql('8.4.8')"),
    // The version is given to the factory, so an error names the engine the user set.
    checkParts: (scope, prop, engine: DatabaseEngine) => validateType(scope, prop, engine.version, types.string),
  },
  topology: types.instanceOf(DatabaseTopology, 'DatabaseTopology.multiAzInstance(), DatabaseTopology.multiAzCluster() or DatabaseTopology.aurora()'),
  backupRetention: types.duration('Duration.days(7)'),
  monitoringInterval: types.duration('Duration.seconds(60)'),
  databaseName: types.string,
  preferredBackupWindow: types.string,
  preferredMaintenanceWindow: types.string,
  deletionProtection: types.boolean,
  proxy: types.boolean,
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  cloudwatchLogsRetention: types.retentionDays,
  credentialsReplicaRegions: types.arrayOf(types.struct({ region: types.string }, "a secretsmanager.ReplicaRegion such as { region: 'eu-west-1', encryptionKey }"),
    "a list, for example [{ region: 'eu-west-1', encryptionKey }]"),
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'),
  crossRegionReplicaOf: types.instanceOf(WebAppDatabase, 'a WebAppDatabase of another Region'),
  crossRegionReplicaGeneration: types.number,
};
