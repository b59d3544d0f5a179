import { Annotations, Arn, ArnFormat, Aws, CfnCondition, CfnResource, Duration, Fn, Names, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import {
  auroraFamilies, auroraInstanceClassSupported, databaseInstanceTypeOf, isKnownInstanceType, isReservedDatabaseName, multiAzClusterAvailable,
  multiAzClusterFamilies, multiAzClusterInstanceClass, PERFORMANCE_INSIGHTS_RETENTION_DAYS, performanceInsightsSupported, proxyAvailable,
  proxySupport, RdsDeployment, rdsInstanceFamilySupported, RdsEngine,
} from '../private/capabilities';
import { recordException } from '../private/compliance';
import {
  AURORA_NO_BACKTRACK, CROSS_REGION_REPLICA_BACKUPS, CROSS_REGION_REPLICA_ENCRYPTED, CROSS_REGION_REPLICA_SINGLE_AZ, DATABASE_BACKUP_PLAN_ELSEWHERE,
  DATABASE_DEFAULT_PORT, grantPolicy, managedPolicy, REPLICA_ENCRYPTED_BY_SOURCE, REPLICA_NO_BACKUPS, REPLICA_NOT_MULTI_AZ,
  ROTATED_THROUGH_ATTACHMENT,
} from '../private/exceptions';
import { addToKeyPolicy } from '../private/kms-grants';
import { validateWindows } from '../private/maintenance-windows';
import { worstOf } from '../private/metrics';
import { displayPath } from '../private/paths';
import { stackNameDigest } from '../private/physical-names';
import { invalidProp, PropTypes, requireConcrete, types, validateInteger, validateType, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/** The database engines that {@link DatabaseEngine} offers. */
export enum DatabaseEngineFamily {
  /** PostgreSQL (RDS for PostgreSQL, or Aurora PostgreSQL). */
  POSTGRESQL = 'postgresql',
  /** MySQL (RDS for MySQL, or Aurora MySQL). */
  MYSQL = 'mysql',
}

/**
 * The database engine of a {@link WebAppDatabase}: PostgreSQL or MySQL, optionally at a given version.
 *
 * The version is checked, when the database is defined, against the versions that aws-cdk-lib knows
 * for the chosen topology: RDS versions (`16.13`, `8.4.8`) for the RDS topologies, Aurora versions
 * (`16.13`, `8.0.mysql_aurora.3.10.4`) for Aurora.
 */
export class DatabaseEngine {
  /**
   * PostgreSQL.
   *
   * @param version the engine version, for example `16.13`
   * @default - PostgreSQL 16.13 (RDS) or Aurora PostgreSQL 16.13 (Aurora)
   */
  public static postgres(version?: string): DatabaseEngine {
    return new DatabaseEngine(DatabaseEngineFamily.POSTGRESQL, 5432, version);
  }

  /**
   * MySQL.
   *
   * @param version the engine version, for example `8.4.8`, or for Aurora `8.0.mysql_aurora.3.10.4`
   * @default - MySQL 8.4.8 (RDS) or Aurora MySQL 3.10.4, compatible with MySQL 8.0 (Aurora)
   */
  public static mysql(version?: string): DatabaseEngine {
    return new DatabaseEngine(DatabaseEngineFamily.MYSQL, 3306, version);
  }

  /** PostgreSQL or MySQL. */
  public readonly family: DatabaseEngineFamily;
  /** The port the engine listens on: 5432 for PostgreSQL, 3306 for MySQL. */
  public readonly port: number;
  /** The version asked for; undefined for the default of the topology. */
  public readonly version?: string;

  private constructor(family: DatabaseEngineFamily, port: number, version?: string) {
    this.family = family;
    this.port = port;
    this.version = version;
  }
}

/** The deployments that {@link DatabaseTopology} offers. */
export enum DatabaseDeployment {
  /** An RDS DB instance with a synchronous standby in another Availability Zone, and read replicas. */
  MULTI_AZ_INSTANCE = 'multi-az-instance',
  /** An RDS Multi-AZ DB cluster: a writer and two readable standbys in three Availability Zones. */
  MULTI_AZ_CLUSTER = 'multi-az-cluster',
  /** An Aurora DB cluster with a writer and readers in other Availability Zones. */
  AURORA = 'aurora',
}

/** Options of {@link DatabaseTopology.multiAzInstance}. */
export interface MultiAzInstanceOptions {
  /**
   * How many read replicas to create (0 to 15), spread over the Availability Zones of the database subnets.
   *
   * Each replica costs as much as a Single-AZ instance of the same type.
   *
   * @default 1
   */
  readonly readReplicas?: number;
}

/** Options of {@link DatabaseTopology.aurora}. */
export interface AuroraOptions {
  /**
   * How many reader instances to create (1 to 15), each in another Availability Zone than the writer
   * when the subnets allow; a reader is also the failover target of the writer.
   *
   * @default 1
   */
  readonly readers?: number;
}

/**
 * How a {@link WebAppDatabase} is deployed for high availability.
 */
export class DatabaseTopology {
  /**
   * An RDS DB instance with Multi-AZ (a synchronous standby in another Availability Zone and automatic
   * failover, typically in 60 to 120 seconds) and read replicas in other Availability Zones.
   *
   * The standby serves no reads; read replicas do, behind `readerEndpoint` / `replicaEndpoints`.
   */
  public static multiAzInstance(options: MultiAzInstanceOptions = {}): DatabaseTopology {
    return new DatabaseTopology(DatabaseDeployment.MULTI_AZ_INSTANCE, options.readReplicas ?? 1);
  }

  /**
   * An RDS Multi-AZ DB cluster: one writer and two readable standbys in three Availability Zones,
   * with semi-synchronous replication and failover typically under 35 seconds. Needs database subnets
   * in three Availability Zones, PostgreSQL 13.4+ or MySQL 8.0.28+, and an instance class with local
   * NVMe storage (for example db.m6gd.large).
   *
   * Storage is gp3 with at least 400 GiB: CloudFormation requires provisioned IOPS for this deployment,
   * and gp3 accepts them from 400 GiB; they are set to the 12,000 IOPS that gp3 includes at that size.
   * It does not autoscale. IAM database authentication cannot be turned on through CloudFormation for
   * this deployment: clients use the credentials in Secrets Manager, or IAM through the proxy. RDS documents no
   * Multi-AZ DB cluster in US West (N. California), Asia Pacific (Taipei), (New Zealand) and (Thailand): a stack there
   * gets a warning (RDS adds classes there one by one).
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html
   */
  public static multiAzCluster(): DatabaseTopology {
    return new DatabaseTopology(DatabaseDeployment.MULTI_AZ_CLUSTER, 2);
  }

  /**
   * An Aurora DB cluster (Aurora PostgreSQL or Aurora MySQL, from the engine) with one writer and
   * readers in other Availability Zones; failover to a reader typically takes under 30 seconds, and
   * storage (six copies across three Availability Zones) grows by itself.
   */
  public static aurora(options: AuroraOptions = {}): DatabaseTopology {
    return new DatabaseTopology(DatabaseDeployment.AURORA, options.readers ?? 1);
  }

  /** The deployment. */
  public readonly deployment: DatabaseDeployment;
  /** Read replicas, readable standbys or Aurora readers, by deployment. */
  public readonly readers: number;

  private constructor(deployment: DatabaseDeployment, readers: number) {
    this.deployment = deployment;
    this.readers = readers;
  }
}

/**
 * Settings of the data tier, used by {@link WebAppDatabaseProps}.
 */
export interface WebAppDatabaseOptions {
  /**
   * The database engine and its version.
   *
   * @default DatabaseEngine.postgres() - PostgreSQL 16.13
   */
  readonly engine?: DatabaseEngine;

  /**
   * How the database is deployed for high availability.
   *
   * @default DatabaseTopology.multiAzInstance() - a Multi-AZ DB instance with one read replica
   */
  readonly topology?: DatabaseTopology;

  /**
   * The instance class of every database instance (primary, standbys, replicas, readers).
   *
   * The defaults are Graviton instances for production use, on demand in us-east-1 about:
   * db.m7g.large (2 vCPU, 8 GiB) 0.17 USD an hour per instance, so about 250 USD a month for the
   * Multi-AZ pair plus 125 USD for each read replica; db.m6gd.large 3 instances for the Multi-AZ DB
   * cluster, about 0.2 USD an hour each; db.r7g.large (2 vCPU, 16 GiB) 0.28 USD an hour per Aurora
   * instance, plus Aurora storage and I/O. db.t4g.medium (about 0.065 USD an hour) suits test stacks
   * (not Multi-AZ DB clusters).
   *
   * Give the EC2 name (`new ec2.InstanceType('m7g.large')`); the RDS name (`db.m7g.large`) is accepted too. The class
   * is checked against what the topology takes: DB instances take the M, R, X2 and T3/T4g families of RDS (no C
   * class); Aurora takes the R classes from large (db.r5 to db.r8g, db.r8a),
   * db.x2g and db.t3/db.t4g in medium and large, and Aurora PostgreSQL the Optimized Reads db.r6gd and db.r8gd from
   * xlarge; a Multi-AZ DB cluster takes the classes with local NVMe storage (db.m6gd, db.r6gd, db.m5d, db.c6gd...)
   * and no T class (another class gets a warning, since RDS may refuse it). On RDS for MySQL db.t3/db.t4g micro and small, and on Aurora MySQL db.t3,
   * which offer no Performance Insights, it is turned off with a warning.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html
   * @default - db.m7g.large (Multi-AZ instance), db.m6gd.large (Multi-AZ DB cluster), db.r7g.large (Aurora)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Storage of each instance in GiB, gp3 (20 to 65,536; at least 400 for a Multi-AZ DB cluster).
   * Aurora storage grows by itself: leave this unset.
   *
   * @default - 20 (Multi-AZ instance), 400 (Multi-AZ DB cluster)
   */
  readonly allocatedStorage?: number;

  /**
   * Upper limit in GiB to which RDS grows the storage by itself (storage autoscaling), above
   * `allocatedStorage` and at most 65,536. Only for the Multi-AZ instance topology: Multi-AZ DB clusters
   * do not autoscale storage and Aurora storage always grows.
   *
   * @default - 100, or twice allocatedStorage when that is more (none at 65,536 GiB)
   */
  readonly maxAllocatedStorage?: number;

  /**
   * How long automated backups are kept, 1 to 35 whole days.
   *
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * The daily window for automated backups, in UTC, `hh24:mi-hh24:mi`, at least 30 minutes, not
   * overlapping `preferredMaintenanceWindow`.
   *
   * @default '03:00-04:00'
   */
  readonly preferredBackupWindow?: string;

  /**
   * The weekly window for maintenance and minor version upgrades, in UTC, `ddd:hh24:mi-ddd:hh24:mi`,
   * at least 30 minutes.
   *
   * @default 'sun:04:30-sun:05:30'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * The database created in the instance or cluster: a letter, then letters, digits or underscores
   * (up to 63 characters for PostgreSQL, 64 for MySQL), not a reserved word of the engine (`user`, `select`,
   * `table`...: RDS refuses them) nor one of the engine's own databases (`postgres`, `mysql`, `sys`...).
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * Whether RDS refuses to delete the database (and its replicas) until this is turned off.
   *
   * @default - true, unless removalPolicy is RemovalPolicy.DESTROY
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the database when it leaves the stack or is replaced. SNAPSHOT deletes it after a
   * final snapshot; RETAIN keeps it running (a stack created again with the same names then fails
   * until the kept database is renamed or deleted); DESTROY deletes it with its data, for test stacks
   * only. Read replicas hold no data of their own and are deleted without a snapshot. Unless DESTROY,
   * automated backups stay for their retention period after the database is deleted, and the key, the
   * log groups and a generated credentials secret (which a snapshot's master password matches) are kept.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long Performance Insights keeps its data: 7 days (free), a number of months (`MONTHS_1` to `MONTHS_23`,
   * 31 days each; longer than 7 days costs extra) or `LONG_TERM` (731 days). Performance Insights is now part of
   * CloudWatch Database Insights: this turns on its Standard mode, as CloudFormation's `PerformanceInsightsEnabled`
   * does. On an instance class without Performance Insights (RDS for MySQL on db.t3/db.t4g micro and small, Aurora
   * MySQL on db.t3), leave this unset: Performance Insights is then turned off, with a warning.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html
   * @default rds.PerformanceInsightRetention.DEFAULT - 7 days, free
   */
  readonly performanceInsightsRetention?: rds.PerformanceInsightRetention;

  /**
   * The interval of enhanced monitoring: 1, 5, 10, 15, 30 or 60 seconds. Metrics go to CloudWatch
   * Logs (the `RDSOSMetrics` log group); shorter intervals cost more.
   *
   * @default Duration.seconds(60)
   */
  readonly monitoringInterval?: Duration;

  /**
   * How long the exported database logs are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly cloudwatchLogsRetention?: logs.RetentionDays;

  /**
   * Adds an RDS Proxy in front of the writer, for connection pooling and faster failover. Clients must
   * use TLS and IAM authentication (`grantConnect`, with the master user's name); the proxy logs in to
   * the database with the master credentials in `secret`.
   *
   * Costs per vCPU of the database instances, about 0.015 USD per vCPU-hour (about 22 USD a month for a
   * 2-vCPU writer). Refused in the Regions without RDS Proxy (Asia Pacific (Taipei) and (New Zealand)).
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.RDSProxy.html
   * @default false
   */
  readonly proxy?: boolean;

  /**
   * Regions to which Secrets Manager replicates the master credentials, each with a key of that Region,
   * so that a recovery Region's app can read them when this Region is down. Rotation in this Region
   * updates the replicas. Only the Multi-AZ instance topology: Aurora and Multi-AZ DB clusters keep their
   * credentials in a secret that RDS manages.
   *
   * It fixes the secret's name, so that the replicas keep it in every Region: turning it on for a database
   * that is already deployed replaces the secret with a new generated password (the instance's password
   * changes with it). Turn it on when the database is created, or in a maintenance window. The name holds
   * this stack's Region and a digest of its name (see `credentialsSecretName`), so that no replica takes the
   * name of another stack's secret in the Region it is replicated to.
   *
   * @default - no replicas
   */
  readonly credentialsReplicaRegions?: secretsmanager.ReplicaRegion[];
}

/**
 * Properties for {@link WebAppDatabase}.
 */
/**
 * Options of a {@link WebAppDatabase} metric.
 */
export interface DatabaseMetricOptions extends cloudwatch.MetricOptions {
  /**
   * Low values are the bad ones (free memory, free storage): a Multi-AZ DB cluster's metric is then the minimum
   * of its member instances, not the maximum.
   *
   * @default false
   */
  readonly lowIsWorst?: boolean;
}

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

/** The log types exported to CloudWatch Logs, by deployment and engine (all that the compliance rules ask for). */
const LOG_EXPORTS: Record<DatabaseDeployment, Record<DatabaseEngineFamily, string[]>> = {
  [DatabaseDeployment.MULTI_AZ_INSTANCE]: {
    [DatabaseEngineFamily.POSTGRESQL]: ['postgresql', 'upgrade'],
    [DatabaseEngineFamily.MYSQL]: ['audit', 'error', 'general', 'slowquery'],
  },
  // Multi-AZ DB clusters take no option group, hence no MariaDB audit plugin and no audit log.
  [DatabaseDeployment.MULTI_AZ_CLUSTER]: {
    [DatabaseEngineFamily.POSTGRESQL]: ['postgresql', 'upgrade'],
    [DatabaseEngineFamily.MYSQL]: ['error', 'general', 'slowquery'],
  },
  [DatabaseDeployment.AURORA]: {
    [DatabaseEngineFamily.POSTGRESQL]: ['postgresql'],
    [DatabaseEngineFamily.MYSQL]: ['audit', 'error', 'general', 'slowquery'],
  },
};

/** Statements the MySQL audit log records: logins, and changes of schema and of privileges (not data). */
const AUDIT_EVENTS = 'CONNECT,QUERY_DDL,QUERY_DCL';

/** The rate of rotation of the master password, the same as RDS uses for the passwords it manages. */
const ROTATION_INTERVAL = Duration.days(7);

/** gp3 accepts provisioned IOPS from this size on, and includes 12,000 IOPS at it. */
const MULTI_AZ_CLUSTER_MIN_STORAGE = 400;
const MULTI_AZ_CLUSTER_IOPS = 12000;

const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

/** Keeps `<identifier>-g<generation>` (at most 40 + 5 characters) within the 63 of an RDS identifier. */
const MAX_REPLICA_GENERATION = 999;

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
export class WebAppDatabase extends Construct implements ec2.IConnectable {
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
  /** The primary instance (Multi-AZ instance topology). */
  public readonly instance?: rds.DatabaseInstance;
  /** The read replicas (Multi-AZ instance topology). */
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[];
  /**
   * Name of the credentials secret, the same in every Region it is replicated to; set when
   * `credentialsReplicaRegions` is given (otherwise CloudFormation names the secret). It ends with a digest of
   * the stack's name and the stack's Region (`<unique name>-<digest>-<region>-credentials`), so that it is a
   * literal whenever the stack's Region is, and unique per stack and Region.
   */
  public readonly credentialsSecretName?: string;
  /** The cross-Region read replica, when this database is one (`crossRegionReplicaOf`). */
  public readonly crossRegionReplica?: rds.DatabaseInstanceReadReplica;
  /** The Aurora cluster (Aurora topology). */
  public readonly cluster?: rds.DatabaseCluster;
  /** The Multi-AZ DB cluster (Multi-AZ DB cluster topology); CloudFormation only, aws-cdk-lib has no L2 for it. */
  public readonly multiAzCluster?: rds.CfnDBCluster;
  /** The proxy, when `proxy` is on. */
  public readonly proxy?: rds.DatabaseProxy;
  /** The log groups of the exported database logs. */
  public readonly logGroups: logs.ILogGroup[];
  /**
   * Connections of the function that rotates the credentials (Multi-AZ instance topology): let it reach
   * interface endpoints (Secrets Manager) when the VPC uses them.
   */
  public readonly rotationConnections?: ec2.Connections;

  private readonly replicaCredentialsKey?: kms.IKey;
  private readonly proxySecurityGroup?: ec2.ISecurityGroup;
  private readonly connectResourceIds: string[];

  constructor(scope: Construct, id: string, props: WebAppDatabaseProps) {
    super(scope, id);
    validateTypes(this, props, DATABASE_PROP_TYPES);

    const source = props.crossRegionReplicaOf;
    if (source) {
      validateReplicaSource(this, props, source);
    }
    validateInteger(this, 'crossRegionReplicaGeneration', props.crossRegionReplicaGeneration, 1, MAX_REPLICA_GENERATION);
    if (props.crossRegionReplicaGeneration !== undefined && !source) {
      invalidProp(this, 'crossRegionReplicaGeneration', props.crossRegionReplicaGeneration,
        'leave it out, or give crossRegionReplicaOf: only a cross-Region replica is replaced by a new generation');
    }
    this.engine = source?.engine ?? props.engine ?? WebAppDatabase.DEFAULT_ENGINE;
    this.topology = source ? DatabaseTopology.multiAzInstance({ readReplicas: 0 }) : props.topology ?? DatabaseTopology.multiAzInstance();
    const deployment = this.topology.deployment;
    const family = this.engine.family;
    this.port = this.engine.port;

    validateReaders(this, this.topology);
    if (props.credentialsReplicaRegions?.length && deployment !== DatabaseDeployment.MULTI_AZ_INSTANCE) {
      invalidProp(this, 'credentialsReplicaRegions', props.credentialsReplicaRegions.map((replica) => replica.region),
        'leave it out: only the Multi-AZ instance topology generates its credentials into a secret of its own; Aurora and Multi-AZ DB clusters use a secret that RDS manages');
    }
    const engineVersion = resolveEngineVersion(this, this.engine, deployment);
    this.engineVersion = engineVersion.full;

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
    const storage = resolveStorage(this, props, deployment);
    const logRetention = props.cloudwatchLogsRetention ?? logs.RetentionDays.ONE_YEAR;
    const instanceType = databaseInstanceTypeOf(this, 'instanceType', props.instanceType) ?? defaultInstanceType(deployment);
    const rdsEngine = rdsEngineOf(family, deployment);
    validateInstanceClass(this, instanceType, rdsEngine, deployment);
    const performanceInsightRetention = resolvePerformanceInsights(this, props.performanceInsightsRetention, rdsEngine, instanceType);
    validateRegionalFeatures(this, props.proxy === true, rdsEngine, deployment);
    // Not the engine's well-known administrator name ('postgres', 'admin'), which the Control Tower control
    // CT.RDS.PR.22 refuses: a name that credential-stuffing tools do not try first.
    this.masterUsername = WebAppDatabase.MASTER_USERNAME;

    const vpcSubnets = props.vpcSubnets ?? defaultSubnets(this, props.vpc);
    const zones = validateSubnets(this, props.vpc, vpcSubnets, deployment);

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

    // Explicit identifiers let the log groups be created, encrypted and with retention, before RDS
    // starts exporting into them; with generated names RDS would create them first and the stack would fail.
    const baseName = databaseIdentifier(this);
    const logGroups: logs.LogGroup[] = [];
    const createLogGroups = (idPrefix: string, kind: 'instance' | 'cluster', identifier: string, dependent: CfnResource) => {
      for (const logType of LOG_EXPORTS[deployment][family]) {
        const logGroup = new logs.LogGroup(this, `${idPrefix}${pascalCase(logType)}Log`, {
          logGroupName: `/aws/rds/${kind}/${identifier}/${logType}`,
          encryptionKey: this.encryptionKey,
          retention: logRetention,
          removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        });
        dependent.node.addDependency(logGroup.node.defaultChild as CfnResource);
        logGroups.push(logGroup);
      }
    };

    const common: CommonSettings = {
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
    };

    this.readReplicas = [];
    this.replicaEndpoints = [];
    // The proxy is bound to a reference of the database with a literal port, so that its security group
    // rules name the port rather than an endpoint attribute that compliance rules cannot evaluate.
    let proxyTarget: (() => rds.ProxyTarget) | undefined;
    if (source) {
      const replica = this.createCrossRegionReplica(common, createLogGroups, source, props.crossRegionReplicaGeneration);
      this.crossRegionReplica = replica;
      // Secrets Manager keeps a replica under the source secret's name, in this Region. Its key is granted by
      // grantReadCredentials through IAM, so that the key's policy needs no statement of this stack.
      this.secret = secretsmanager.Secret.fromSecretNameV2(this, 'Secret', source.credentialsSecretName!);
      this.replicaCredentialsKey = props.replicaCredentialsKey ?? this.encryptionKey;
      this.endpoint = replica.dbInstanceEndpointAddress;
      this.readerEndpoint = this.endpoint;
      this.connectResourceIds = [(replica.node.defaultChild as rds.CfnDBInstance).attrDbiResourceId];
      this.arn = replica.instanceArn;
      this.identifier = replica.instanceIdentifier;
    } else if (deployment === DatabaseDeployment.MULTI_AZ_INSTANCE) {
      const { instance, replicas, engine } = this.createMultiAzInstance(common, createLogGroups, props.credentialsReplicaRegions);
      this.instance = instance;
      this.readReplicas = replicas;
      this.secret = instance.secret!;
      this.endpoint = instance.dbInstanceEndpointAddress;
      this.replicaEndpoints = replicas.map((replica) => replica.dbInstanceEndpointAddress);
      this.readerEndpoint = this.replicaEndpoints[0] ?? this.endpoint;
      // From the resources: without a feature flag, a replica's instanceResourceId is its ARN.
      this.connectResourceIds = [instance, ...replicas].map((member) => (member.node.defaultChild as rds.CfnDBInstance).attrDbiResourceId);
      this.rotationConnections = this.addRotation(props, instance);
      this.arn = instance.instanceArn;
      this.identifier = instance.instanceIdentifier;
      proxyTarget = () => rds.ProxyTarget.fromInstance(rds.DatabaseInstance.fromDatabaseInstanceAttributes(this, 'InstanceReference', {
        instanceIdentifier: instance.instanceIdentifier,
        instanceEndpointAddress: instance.dbInstanceEndpointAddress,
        port: this.port,
        securityGroups: [this.securityGroup],
        engine,
      }));
    } else if (deployment === DatabaseDeployment.MULTI_AZ_CLUSTER) {
      const cluster = this.createMultiAzCluster(common, createLogGroups);
      this.multiAzCluster = cluster;
      this.secret = secretsmanager.Secret.fromSecretAttributes(this, 'Secret', {
        secretCompleteArn: cluster.attrMasterUserSecretSecretArn,
        encryptionKey: this.encryptionKey,
      });
      this.endpoint = cluster.attrEndpointAddress;
      this.readerEndpoint = cluster.attrReadEndpointAddress;
      this.connectResourceIds = [];
      this.arn = cluster.attrDbClusterArn;
      this.identifier = cluster.ref;
      // aws-cdk-lib has no engine object for Multi-AZ DB clusters; the proxy reads only the engine family from it.
      proxyTarget = () => rds.ProxyTarget.fromCluster(rds.DatabaseCluster.fromDatabaseClusterAttributes(this, 'ClusterReference', {
        clusterIdentifier: cluster.ref,
        port: this.port,
        securityGroups: [this.securityGroup],
        engine: family === DatabaseEngineFamily.POSTGRESQL
          ? rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 })
          : rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_10_4 }),
      }));
    } else {
      const { cluster, engine } = this.createAurora(common, createLogGroups);
      this.cluster = cluster;
      this.secret = secretsmanager.Secret.fromSecretAttributes(this, 'Secret', {
        secretCompleteArn: (cluster.node.defaultChild as rds.CfnDBCluster).attrMasterUserSecretSecretArn,
        encryptionKey: this.encryptionKey,
      });
      this.endpoint = cluster.clusterEndpoint.hostname;
      this.readerEndpoint = cluster.clusterReadEndpoint.hostname;
      this.connectResourceIds = [cluster.clusterResourceIdentifier];
      this.arn = cluster.clusterArn;
      this.identifier = cluster.clusterIdentifier;
      proxyTarget = () => rds.ProxyTarget.fromCluster(rds.DatabaseCluster.fromDatabaseClusterAttributes(this, 'ClusterReference', {
        clusterIdentifier: cluster.clusterIdentifier,
        port: this.port,
        securityGroups: [this.securityGroup],
        engine,
      }));
    }
    this.logGroups = logGroups;
    this.hasAllocatedStorage = this.cluster === undefined;
    this.replicaLagInMilliseconds = this.cluster !== undefined;

    if (props.proxy) {
      this.proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
        vpc: props.vpc,
        description: `${displayPath(this)}: proxy for ${family} clients named by allowConnectionsFrom`,
        allowAllOutbound: false,
      });
      this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
        // validateReplicaSource refuses a proxy on a cross-Region replica, the only path without a target.
        proxyTarget: proxyTarget!(),
        vpc: props.vpc,
        vpcSubnets,
        securityGroups: [this.proxySecurityGroup],
        secrets: [this.secret],
        dbProxyName: `${baseName}-proxy`,
        iamAuth: true,
        requireTLS: true,
        debugLogging: false,
      });
      // A target can be registered only once the instances of an Aurora cluster exist.
      if (this.cluster) {
        this.proxy.node.findChild('ProxyTargetGroup').node.addDependency(this.cluster);
      }
      this.proxyEndpoint = this.proxy.endpoint;
      this.connections.addSecurityGroup(this.proxySecurityGroup);
      recordException(this.proxy.node.findChild('IAMRole'), grantPolicy('role with which the RDS Proxy reads the master credentials'));
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
    const resourceArns = this.connectResourceIds.map((resourceId) => stack.formatArn({
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
    const instance = this.instance ?? this.crossRegionReplica;
    if (instance) {
      return this.rdsMetric(metricName, { DBInstanceIdentifier: instance.instanceIdentifier }, metricOptions);
    }
    if (this.cluster) {
      return this.rdsMetric(metricName, { DBClusterIdentifier: this.cluster.clusterIdentifier, Role: 'WRITER' }, metricOptions);
    }
    const members = [1, 2, 3].map((n) =>
      this.rdsMetric(metricName, { DBInstanceIdentifier: `${this.identifier}-instance-${n}` }, { ...metricOptions, label: undefined }));
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
    if (this.cluster) {
      return [this.rdsMetric('AuroraReplicaLagMaximum', { DBClusterIdentifier: this.cluster.clusterIdentifier }, { ...maximum, label: 'Reader lag (ms)' })];
    }
    if (this.multiAzCluster) {
      return [this.metricWriter('ReplicaLag', { ...maximum, label: 'Reader lag (s)' })];
    }
    if (this.crossRegionReplica) {
      return [this.metricWriter('ReplicaLag', { ...maximum, label: 'Cross-Region replica lag (s)' })];
    }
    return this.readReplicas.map((replica, index) =>
      this.rdsMetric('ReplicaLag', { DBInstanceIdentifier: replica.instanceIdentifier }, { ...maximum, label: `Replica ${index + 1} lag (s)` }));
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
    if (!this.replicaCredentialsKey) {
      return grant;
    }
    return grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt'],
      resourceArns: [this.replicaCredentialsKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
    }));
  }

  private allowFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
    this.proxySecurityGroup?.connections.allowFrom(peer, ec2.Port.tcp(this.port), description);
  }

  /** The RDS (not Aurora) engine of the instances, and their parameter group, which forces TLS. */
  private instanceEngineAndParameters(common: CommonSettings) {
    const family = this.engine.family;
    const engine = family === DatabaseEngineFamily.POSTGRESQL
      ? rds.DatabaseInstanceEngine.postgres({ version: common.engineVersion.instanceVersion as rds.PostgresEngineVersion })
      : rds.DatabaseInstanceEngine.mysql({ version: common.engineVersion.instanceVersion as rds.MysqlEngineVersion });
    const parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
      engine,
      description: `${displayPath(this)}: TLS only`,
      removalPolicy: common.supportPolicy,
      parameters: family === DatabaseEngineFamily.POSTGRESQL ? POSTGRES_PARAMETERS : MYSQL_PARAMETERS,
    });
    return { engine, parameterGroup };
  }

  /** What every instance of the Multi-AZ instance topology shares, cross-Region replicas too. */
  private instanceSettings(common: CommonSettings) {
    const family = this.engine.family;
    const { engine, parameterGroup } = this.instanceEngineAndParameters(common);
    const optionGroup = family === DatabaseEngineFamily.MYSQL
      ? new rds.OptionGroup(this, 'OptionGroup', {
        engine,
        description: `${displayPath(this)}: MariaDB audit plugin`,
        configurations: [{ name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: AUDIT_EVENTS } }],
      })
      : undefined;
    optionGroup?.applyRemovalPolicy(common.supportPolicy);
    const instanceSettings = {
      instanceType: common.instanceType,
      vpc: common.vpc,
      subnetGroup: common.subnetGroup,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      storageType: rds.StorageType.GP3,
      maxAllocatedStorage: common.storage.maxAllocatedStorage,
      parameterGroup,
      optionGroup,
      iamAuthentication: true,
      enablePerformanceInsights: common.performanceInsightRetention !== undefined,
      performanceInsightRetention: common.performanceInsightRetention,
      performanceInsightEncryptionKey: common.performanceInsightRetention !== undefined ? this.encryptionKey : undefined,
      monitoringInterval: common.monitoringInterval,
      monitoringRole: common.monitoringRole,
      cloudwatchLogsExports: LOG_EXPORTS[DatabaseDeployment.MULTI_AZ_INSTANCE][family],
      autoMinorVersionUpgrade: true,
      preferredMaintenanceWindow: common.preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: common.deletionProtection,
    };
    return { engine, instanceSettings };
  }

  private createCrossRegionReplica(
    common: CommonSettings,
    createLogGroups: LogGroupFactory,
    source: WebAppDatabase,
    generation: number | undefined,
  ): rds.DatabaseInstanceReadReplica {
    const { instanceSettings } = this.instanceSettings(common);
    const identifier = this.replicaIdentifier(common.baseName, generation);
    const sourceInstance = source.instance!;
    const sourceStack = Stack.of(sourceInstance);
    // The resource's own attributes: the L2's name attributes refuse other Regions unless physically named.
    const sourceResource = sourceInstance.node.defaultChild as rds.CfnDBInstance;
    const replica = new rds.DatabaseInstanceReadReplica(this, 'CrossRegionReplica', {
      ...instanceSettings,
      sourceDatabaseInstance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(this, 'Source', {
        instanceIdentifier: sourceResource.ref,
        instanceEndpointAddress: sourceResource.attrEndpointAddress,
        port: source.port,
        securityGroups: [],
        engine: sourceInstance.engine,
      }),
      instanceIdentifier: identifier,
      storageEncryptionKey: this.encryptionKey,
      multiAz: false,
      removalPolicy: common.removalPolicy,
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
    createLogGroups('CrossRegionReplica', 'instance', identifier, replica.node.defaultChild as CfnResource);
    recordException(replica, CROSS_REGION_REPLICA_BACKUPS);
    recordException(replica, CROSS_REGION_REPLICA_SINGLE_AZ);
    recordException(replica, CROSS_REGION_REPLICA_ENCRYPTED);
    recordException(replica, DATABASE_DEFAULT_PORT);
    return replica;
  }

  /**
   * The identifier of the cross-Region replica: the database's own for the first generation (as before
   * generations existed, so that a deployed replica stays), `-g<generation>` after it for the next ones. A
   * generation given as a token is compared in CloudFormation.
   */
  private replicaIdentifier(baseName: string, generation: number | undefined): string {
    if (generation === undefined || generation === 1) {
      return baseName;
    }
    if (!Token.isUnresolved(generation)) {
      return `${baseName}-g${generation}`;
    }
    const generationText = Token.asString(generation);
    const first = new CfnCondition(this, 'FirstReplicaGeneration', { expression: Fn.conditionEquals(generationText, '1') });
    return Fn.join('', [baseName, Fn.conditionIf(first.logicalId, '', Fn.join('', ['-g', generationText])).toString()]);
  }

  private createMultiAzInstance(
    common: CommonSettings,
    createLogGroups: LogGroupFactory,
    credentialsReplicaRegions?: secretsmanager.ReplicaRegion[],
  ) {
    const { engine, instanceSettings } = this.instanceSettings(common);

    const instance = new rds.DatabaseInstance(this, 'Instance', {
      ...instanceSettings,
      engine,
      instanceIdentifier: common.baseName,
      multiAz: true,
      storageEncryptionKey: this.encryptionKey,
      allocatedStorage: common.storage.allocatedStorage,
      allowMajorVersionUpgrade: false,
      databaseName: this.databaseName,
      // RDS cannot manage the master password of an instance that has read replicas, so it is generated
      // into Secrets Manager and rotated by a Secrets Manager rotation function.
      credentials: rds.Credentials.fromGeneratedSecret(this.masterUsername, {
        encryptionKey: this.encryptionKey,
        replicaRegions: credentialsReplicaRegions,
        secretName: this.credentialsSecretName,
      }),
      backupRetention: Duration.days(common.backupDays),
      preferredBackupWindow: common.preferredBackupWindow,
      deleteAutomatedBackups: common.removalPolicy === RemovalPolicy.DESTROY,
      removalPolicy: common.removalPolicy,
    });
    createLogGroups('Instance', 'instance', common.baseName, instance.node.defaultChild as CfnResource);
    // A snapshot restores the master password it was taken with, so the secret outlives the instance.
    (instance.node.findChild('Secret').node.defaultChild as CfnResource).applyRemovalPolicy(common.destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
    recordException(instance, DATABASE_BACKUP_PLAN_ELSEWHERE);

    const replicas: rds.DatabaseInstanceReadReplica[] = [];
    for (let number = 1; number <= this.topology.readers; number++) {
      const identifier = `${common.baseName}-replica-${number}`;
      const replica = new rds.DatabaseInstanceReadReplica(this, `ReadReplica${number}`, {
        ...instanceSettings,
        sourceDatabaseInstance: instance,
        instanceIdentifier: identifier,
        availabilityZone: common.zones[(number - 1) % common.zones.length],
        // A replica holds no data of its own: a final snapshot would copy the primary's.
        removalPolicy: common.removalPolicy === RemovalPolicy.SNAPSHOT ? RemovalPolicy.DESTROY : common.removalPolicy,
      });
      createLogGroups(`ReadReplica${number}`, 'instance', identifier, replica.node.defaultChild as CfnResource);
      recordException(replica, DATABASE_BACKUP_PLAN_ELSEWHERE);
      recordException(replica, REPLICA_NOT_MULTI_AZ);
      recordException(replica, REPLICA_NO_BACKUPS);
      recordException(replica, REPLICA_ENCRYPTED_BY_SOURCE);
      replicas.push(replica);
    }
    for (const database of [instance, ...replicas]) {
      recordException(database, DATABASE_DEFAULT_PORT);
    }
    return { instance, replicas, engine };
  }

  private addRotation(props: WebAppDatabaseProps, instance: rds.DatabaseInstance): ec2.Connections {
    const rotationSubnets = props.rotationSubnets
      ?? (props.vpc.privateSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined);
    if (rotationSubnets === undefined) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:database-rotation-network',
        'The VPC has no private subnets with egress, so the function that rotates the database credentials runs in the database subnets: '
        + 'it needs a Secrets Manager interface endpoint that its security group may reach, or rotation fails. Give rotationSubnets to place it elsewhere.');
    }
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      description: `${displayPath(this)}: credentials rotation function, to the database and to the Secrets Manager API`,
      allowAllOutbound: false,
    });
    rotationSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Secrets Manager API');
    this.allowFrom(rotationSecurityGroup, `credentials rotation of ${displayPath(this)}`);
    const options = {
      vpc: props.vpc,
      vpcSubnets: rotationSubnets ?? props.vpcSubnets ?? defaultSubnets(this, props.vpc),
      securityGroups: [rotationSecurityGroup],
    };
    new secretsmanager.RotationSchedule(this, 'SecretRotation', {
      secret: instance.secret!,
      hostedRotation: this.engine.family === DatabaseEngineFamily.POSTGRESQL
        ? secretsmanager.HostedRotation.postgreSqlSingleUser(options)
        : secretsmanager.HostedRotation.mysqlSingleUser(options),
      automaticallyAfter: ROTATION_INTERVAL,
    });
    recordException(instance.secret!, ROTATED_THROUGH_ATTACHMENT);
    return rotationSecurityGroup.connections;
  }

  private createMultiAzCluster(common: CommonSettings, createLogGroups: LogGroupFactory): rds.CfnDBCluster {
    const family = this.engine.family;
    const { parameterGroup } = this.instanceEngineAndParameters(common);
    const cluster = new rds.CfnDBCluster(this, 'Cluster', {
      engine: family === DatabaseEngineFamily.POSTGRESQL ? 'postgres' : 'mysql',
      engineVersion: common.engineVersion.full,
      dbClusterIdentifier: common.baseName,
      dbClusterInstanceClass: `db.${common.instanceType}`,
      storageType: 'gp3',
      allocatedStorage: common.storage.allocatedStorage,
      iops: MULTI_AZ_CLUSTER_IOPS,
      storageEncrypted: true,
      kmsKeyId: this.encryptionKey.keyArn,
      masterUsername: this.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecret: { kmsKeyId: this.encryptionKey.keyArn },
      databaseName: this.databaseName,
      port: this.port,
      dbSubnetGroupName: common.subnetGroup.subnetGroupName,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      dbClusterParameterGroupName: parameterGroup.bindToCluster({}).parameterGroupName,
      publiclyAccessible: false,
      backupRetentionPeriod: common.backupDays,
      preferredBackupWindow: common.preferredBackupWindow,
      preferredMaintenanceWindow: common.preferredMaintenanceWindow,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      deletionProtection: common.deletionProtection,
      deleteAutomatedBackups: common.removalPolicy === RemovalPolicy.DESTROY,
      enableCloudwatchLogsExports: LOG_EXPORTS[DatabaseDeployment.MULTI_AZ_CLUSTER][family],
      // Every documented class of a Multi-AZ DB cluster offers Performance Insights.
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.encryptionKey.keyArn,
      performanceInsightsRetentionPeriod: common.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT,
      monitoringInterval: common.monitoringInterval.toSeconds(),
      monitoringRoleArn: common.monitoringRole.roleArn,
    });
    cluster.applyRemovalPolicy(common.removalPolicy);
    createLogGroups('Cluster', 'cluster', common.baseName, cluster);
    recordException(cluster, DATABASE_DEFAULT_PORT);
    return cluster;
  }

  private createAurora(common: CommonSettings, createLogGroups: LogGroupFactory): { cluster: rds.DatabaseCluster; engine: rds.IClusterEngine } {
    const family = this.engine.family;
    const engine = family === DatabaseEngineFamily.POSTGRESQL
      ? rds.DatabaseClusterEngine.auroraPostgres({ version: common.engineVersion.auroraPostgresVersion! })
      : rds.DatabaseClusterEngine.auroraMysql({ version: common.engineVersion.auroraMysqlVersion! });
    const parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
      engine,
      description: `${displayPath(this)}: TLS only`,
      removalPolicy: common.supportPolicy,
      parameters: family === DatabaseEngineFamily.POSTGRESQL ? POSTGRES_PARAMETERS : AURORA_MYSQL_PARAMETERS,
    });
    const instanceSettings = (zone: string): rds.ProvisionedClusterInstanceProps => ({
      instanceType: common.instanceType,
      availabilityZone: zone,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      preferredMaintenanceWindow: common.preferredMaintenanceWindow,
      // The same as the cluster's: an instance left at aws-cdk-lib's default counts as turned off, and gets a warning.
      enablePerformanceInsights: common.performanceInsightRetention !== undefined,
      performanceInsightRetention: common.performanceInsightRetention,
      performanceInsightEncryptionKey: common.performanceInsightRetention !== undefined ? this.encryptionKey : undefined,
    });
    const readers = Array.from({ length: this.topology.readers }, (_, index) =>
      // Reader n goes to the zone after the writer's, round robin.
      rds.ClusterInstance.provisioned(`Reader${index + 1}`, instanceSettings(common.zones[(index + 1) % common.zones.length])));
    const cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: common.baseName,
      writer: rds.ClusterInstance.provisioned('Writer', instanceSettings(common.zones[0])),
      readers,
      vpc: common.vpc,
      subnetGroup: common.subnetGroup,
      securityGroups: [this.securityGroup],
      parameterGroup,
      defaultDatabaseName: this.databaseName,
      // Replaced below by a password that RDS manages; the L2 only knows secrets it creates itself.
      credentials: rds.Credentials.fromPassword(this.masterUsername, SecretValue.unsafePlainText(Aws.NO_VALUE)),
      storageEncryptionKey: this.encryptionKey,
      iamAuthentication: true,
      backup: { retention: Duration.days(common.backupDays), preferredWindow: common.preferredBackupWindow },
      preferredMaintenanceWindow: common.preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: common.deletionProtection,
      deleteAutomatedBackups: common.removalPolicy === RemovalPolicy.DESTROY,
      removalPolicy: common.removalPolicy,
      enablePerformanceInsights: common.performanceInsightRetention !== undefined,
      performanceInsightRetention: common.performanceInsightRetention,
      performanceInsightEncryptionKey: common.performanceInsightRetention !== undefined ? this.encryptionKey : undefined,
      monitoringInterval: common.monitoringInterval,
      monitoringRole: common.monitoringRole,
      cloudwatchLogsExports: LOG_EXPORTS[DatabaseDeployment.AURORA][family],
    });
    const cfnCluster = cluster.node.defaultChild as rds.CfnDBCluster;
    cfnCluster.masterUserPassword = undefined;
    cfnCluster.manageMasterUserPassword = true;
    cfnCluster.masterUserSecret = { kmsKeyId: this.encryptionKey.keyArn };
    createLogGroups('Cluster', 'cluster', common.baseName, cfnCluster);

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

type LogGroupFactory = (idPrefix: string, kind: 'instance' | 'cluster', identifier: string, dependent: CfnResource) => void;

interface ResolvedStorage {
  readonly allocatedStorage?: number;
  readonly maxAllocatedStorage?: number;
}

interface ResolvedVersion {
  readonly full: string;
  readonly instanceVersion?: rds.PostgresEngineVersion | rds.MysqlEngineVersion;
  readonly auroraPostgresVersion?: rds.AuroraPostgresEngineVersion;
  readonly auroraMysqlVersion?: rds.AuroraMysqlEngineVersion;
}

interface CommonSettings {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly zones: string[];
  readonly subnetGroup: rds.SubnetGroup;
  readonly instanceType: ec2.InstanceType;
  readonly monitoringRole: iam.IRole;
  readonly monitoringInterval: Duration;
  /** Undefined when the instance class offers no Performance Insights: it is then off. */
  readonly performanceInsightRetention?: rds.PerformanceInsightRetention;
  readonly backupDays: number;
  readonly preferredBackupWindow: string;
  readonly preferredMaintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly destroy: boolean;
  readonly supportPolicy: RemovalPolicy;
  readonly baseName: string;
  readonly storage: ResolvedStorage;
  readonly engineVersion: ResolvedVersion;
}

/** TLS only. The log exports need the logs to be written at all: `postgresql` is on by default. */
const POSTGRES_PARAMETERS = { 'rds.force_ssl': '1' };
/** TLS only; the slow query log, written to files (RDS writes MySQL logs to tables by default, which are not exported). */
const MYSQL_PARAMETERS = { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' };
/** As MySQL, plus Aurora's own audit log (RDS for MySQL uses the MariaDB audit plugin of the option group instead). */
const AURORA_MYSQL_PARAMETERS = { ...MYSQL_PARAMETERS, server_audit_logging: '1', server_audit_events: AUDIT_EVENTS };

/**
 * `teststack-database-1a2b3c4d-0f1e2d3c`: the construct's unique name (31 characters at most, lowercase, as
 * RDS stores identifiers) and the start of the stack's UUID. The second part makes the name, and the
 * names of the log groups derived from it, new for every new stack: retained log groups (and snapshots)
 * of a deleted stack never block its next deployment.
 */
function databaseIdentifier(scope: Construct): string {
  const name = Names.uniqueResourceName(scope, { maxLength: 31, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
  const prefix = /^[a-z]/.test(name) ? name : `db-${name}`.slice(0, 31).replace(/-$/, '');
  const stackUuidStart = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
  return `${prefix}-${stackUuidStart}`;
}

/**
 * `TestStack-Database-1A2B3C4D-0f1e2d3c-us-east-1-credentials`: the construct's unique name, a digest of the
 * stack's name, and the stack's Region. Secrets Manager keeps names per account and Region, and a replica takes
 * its primary's name in every Region it is replicated to: with the Region of its primary in the name, the same
 * app deployed in two Regions that replicate into each other, or another app whose primary is in this app's
 * replica Region, never asks for a name that a replica holds; the digest keeps apart two stacks whose construct
 * paths are the same (two apps, or one stack deployed under two names). At most 100 + 1 + 8 + 1 + the Region +
 * 12 characters, of letters, digits and hyphens, well within the 512 of a secret name.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html
 */
function credentialsSecretName(scope: Construct): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: 100, separator: '-' });
  return `${unique}-${stackNameDigest(scope)}-${Stack.of(scope).region}-credentials`;
}

function pascalCase(text: string): string {
  return text.split(/[^a-zA-Z0-9]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function defaultInstanceType(deployment: DatabaseDeployment): ec2.InstanceType {
  switch (deployment) {
    case DatabaseDeployment.MULTI_AZ_CLUSTER:
      return ec2.InstanceType.of(ec2.InstanceClass.M6GD, ec2.InstanceSize.LARGE);
    case DatabaseDeployment.AURORA:
      return ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE);
    default:
      return ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE);
  }
}

function defaultSubnets(scope: IConstruct, vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.isolatedSubnets.length === 0) {
    invalidProp(scope, 'vpcSubnets', undefined,
      'the VPC has no isolated subnets; give the private subnets of the database, for example WebAppNetwork.dataSubnets');
  }
  return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
}

/** The Availability Zones of the subnets, after checking that there are enough and that none is public. */
function validateSubnets(scope: IConstruct, vpc: ec2.IVpc, selection: ec2.SubnetSelection, deployment: DatabaseDeployment): string[] {
  const selected = vpc.selectSubnets(selection);
  const publicIds = new Set(vpc.publicSubnets.map((subnet) => subnet.subnetId));
  if (selected.subnets.some((subnet) => publicIds.has(subnet.subnetId))) {
    invalidProp(scope, 'vpcSubnets', selection, 'give private subnets: a database never belongs in a public subnet');
  }
  const zones = [...new Set(selected.availabilityZones)];
  const needed = deployment === DatabaseDeployment.MULTI_AZ_CLUSTER ? 3 : 2;
  if (zones.length < needed) {
    invalidProp(scope, 'vpcSubnets', selection,
      `the subnets are in ${zones.length} Availability Zone(s) (${zones.join(', ')}); ${deployment === DatabaseDeployment.MULTI_AZ_CLUSTER
        ? 'a Multi-AZ DB cluster needs subnets in 3' : 'a highly available database needs subnets in at least 2'}`);
  }
  return zones;
}

function validateReplicaSource(scope: IConstruct, props: WebAppDatabaseProps, source: WebAppDatabase): void {
  if (!source.instance) {
    invalidProp(scope, 'crossRegionReplicaOf', source.topology.deployment,
      'a cross-Region read replica copies a database of the Multi-AZ instance topology (DatabaseTopology.multiAzInstance()); Aurora global databases and Multi-AZ DB clusters are not supported here');
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

function validateReaders(scope: IConstruct, topology: DatabaseTopology): void {
  switch (topology.deployment) {
    case DatabaseDeployment.MULTI_AZ_INSTANCE:
      requireConcrete(scope, 'topology.readReplicas', topology.readers, 'it decides how many instances are created');
      if (!Number.isInteger(topology.readers) || topology.readers < 0 || topology.readers > 15) {
        invalidProp(scope, 'topology.readReplicas', topology.readers, 'use a whole number from 0 to 15: RDS allows at most 15 read replicas of a PostgreSQL or MySQL instance');
      }
      break;
    case DatabaseDeployment.AURORA:
      requireConcrete(scope, 'topology.readers', topology.readers, 'it decides how many instances are created');
      if (!Number.isInteger(topology.readers) || topology.readers < 1 || topology.readers > 15) {
        invalidProp(scope, 'topology.readers', topology.readers,
          'use a whole number from 1 to 15: an Aurora cluster has at most 15 readers, and needs at least one as the failover target in another Availability Zone');
      }
      break;
    default:
      break;
  }
}

interface KnownVersion {
  readonly full: string;
  readonly major: string;
  readonly version: rds.PostgresEngineVersion | rds.MysqlEngineVersion | rds.AuroraPostgresEngineVersion | rds.AuroraMysqlEngineVersion;
}

/** The versions that aws-cdk-lib knows, from the static members of its version class. */
function knownVersions(family: DatabaseEngineFamily, aurora: boolean): KnownVersion[] {
  const versionClass: object = aurora
    ? (family === DatabaseEngineFamily.POSTGRESQL ? rds.AuroraPostgresEngineVersion : rds.AuroraMysqlEngineVersion)
    : (family === DatabaseEngineFamily.POSTGRESQL ? rds.PostgresEngineVersion : rds.MysqlEngineVersion);
  const known: KnownVersion[] = [];
  for (const name of Object.getOwnPropertyNames(versionClass)) {
    if (!name.startsWith('VER_')) {
      continue;
    }
    const version = (versionClass as Record<string, unknown>)[name];
    if (version instanceof rds.PostgresEngineVersion) {
      known.push({ full: version.postgresFullVersion, major: version.postgresMajorVersion, version });
    } else if (version instanceof rds.MysqlEngineVersion) {
      known.push({ full: version.mysqlFullVersion, major: version.mysqlMajorVersion, version });
    } else if (version instanceof rds.AuroraPostgresEngineVersion) {
      known.push({ full: version.auroraPostgresFullVersion, major: version.auroraPostgresMajorVersion, version });
    } else if (version instanceof rds.AuroraMysqlEngineVersion) {
      known.push({ full: version.auroraMysqlFullVersion, major: version.auroraMysqlMajorVersion, version });
    }
  }
  return known;
}

const DEFAULT_VERSIONS: Record<DatabaseEngineFamily, { rds: string; aurora: string }> = {
  [DatabaseEngineFamily.POSTGRESQL]: {
    rds: rds.PostgresEngineVersion.VER_16_13.postgresFullVersion,
    aurora: rds.AuroraPostgresEngineVersion.VER_16_13.auroraPostgresFullVersion,
  },
  [DatabaseEngineFamily.MYSQL]: {
    rds: rds.MysqlEngineVersion.VER_8_4_8.mysqlFullVersion,
    aurora: rds.AuroraMysqlEngineVersion.VER_3_10_4.auroraMysqlFullVersion,
  },
};

/** Oldest RDS versions accepted: the first with Multi-AZ DB clusters, and for MySQL also with the MariaDB audit plugin. */
const MINIMUM_RDS_VERSIONS: Record<DatabaseEngineFamily, string> = {
  [DatabaseEngineFamily.POSTGRESQL]: '13.4',
  [DatabaseEngineFamily.MYSQL]: '8.0.28',
};

function resolveEngineVersion(scope: IConstruct, engine: DatabaseEngine, deployment: DatabaseDeployment): ResolvedVersion {
  const aurora = deployment === DatabaseDeployment.AURORA;
  const engineName = `${aurora ? 'Aurora ' : 'RDS for '}${engine.family === DatabaseEngineFamily.POSTGRESQL ? 'PostgreSQL' : 'MySQL'}`;
  requireConcrete(scope, 'engine', engine.version, 'the version decides the parameter group family at synth time');
  const wanted = engine.version ?? (aurora ? DEFAULT_VERSIONS[engine.family].aurora : DEFAULT_VERSIONS[engine.family].rds);
  const known = knownVersions(engine.family, aurora);
  const match = known.find((candidate) => candidate.full === wanted);
  if (!match) {
    invalidProp(scope, 'engine', wanted, `${engineName} has no version '${wanted}' (as aws-cdk-lib knows them); ${nearbyVersions(wanted, known)}`);
  }
  if (!aurora) {
    if (!/^\d+\.\d+/.test(wanted)) {
      invalidProp(scope, 'engine', wanted, `give a minor version, for example '${DEFAULT_VERSIONS[engine.family].rds}': a major version alone lets RDS pick the minor version`);
    }
    if (compareVersions(wanted, MINIMUM_RDS_VERSIONS[engine.family]) < 0) {
      invalidProp(scope, 'engine', wanted, `use ${engineName} ${MINIMUM_RDS_VERSIONS[engine.family]} or later (for example '${DEFAULT_VERSIONS[engine.family].rds}')`);
    }
    return { full: wanted, instanceVersion: match.version as rds.PostgresEngineVersion | rds.MysqlEngineVersion };
  }
  return engine.family === DatabaseEngineFamily.POSTGRESQL
    ? { full: wanted, auroraPostgresVersion: match.version as rds.AuroraPostgresEngineVersion }
    : { full: wanted, auroraMysqlVersion: match.version as rds.AuroraMysqlEngineVersion };
}

/** The valid versions closest to a wrong one: the same major version's, or else the newest of each major version. */
function nearbyVersions(wanted: string, known: KnownVersion[]): string {
  const sorted = [...known].sort((a, b) => compareVersions(a.full, b.full));
  const sameMajor = sorted.filter((candidate) => wanted.startsWith(`${candidate.major}.`) || wanted === candidate.major);
  if (sameMajor.length > 0) {
    return `valid versions of ${sameMajor[0].major}: ${sameMajor.slice(-10).map((candidate) => candidate.full).join(', ')}`;
  }
  const newestByMajor = new Map<string, string>();
  for (const candidate of sorted) {
    newestByMajor.set(candidate.major, candidate.full);
  }
  return `the newest version of each major version: ${[...newestByMajor.values()].slice(-6).join(', ')}`;
}

/** Compares dotted versions by their numeric parts (`8.0.mysql_aurora.3.10.4` by 8, 0, 3, 10, 4). */
function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[^0-9]+/).filter((part) => part !== '').map(Number);
  const left = parts(a);
  const right = parts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

function validateBackupRetention(scope: IConstruct, retention: Duration): number {
  if (retention.isUnresolved()) {
    invalidProp(scope, 'backupRetention', retention.toString(), 'give a literal duration: it is checked against the 35 days RDS allows');
  }
  const days = retention.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1 || days > 35) {
    invalidProp(scope, 'backupRetention', retention.toString(), 'give whole days from Duration.days(1) to Duration.days(35); automated backups cannot be turned off here');
  }
  return days;
}

function validateMonitoringInterval(scope: IConstruct, interval: Duration): void {
  if (interval.isUnresolved()) {
    return;
  }
  const seconds = interval.toSeconds({ integral: false });
  if (!MONITORING_INTERVALS.includes(seconds)) {
    invalidProp(scope, 'monitoringInterval', interval.toString(), `give one of ${MONITORING_INTERVALS.map((value) => `${value}`).join(', ')} seconds; enhanced monitoring cannot be turned off here`);
  }
}

function resolveStorage(scope: IConstruct, props: WebAppDatabaseOptions, deployment: DatabaseDeployment): ResolvedStorage {
  const { allocatedStorage, maxAllocatedStorage } = props;
  requireConcrete(scope, 'allocatedStorage', allocatedStorage, 'the autoscaling limit is derived from it, and aws-cdk-lib renders it as text');
  requireConcrete(scope, 'maxAllocatedStorage', maxAllocatedStorage, 'it is checked against allocatedStorage');
  switch (deployment) {
    case DatabaseDeployment.AURORA:
      if (allocatedStorage !== undefined) {
        invalidProp(scope, 'allocatedStorage', allocatedStorage, 'remove it: Aurora storage grows by itself');
      }
      if (maxAllocatedStorage !== undefined) {
        invalidProp(scope, 'maxAllocatedStorage', maxAllocatedStorage, 'remove it: Aurora storage grows by itself');
      }
      return {};
    case DatabaseDeployment.MULTI_AZ_CLUSTER:
      validateInteger(scope, 'allocatedStorage', allocatedStorage, MULTI_AZ_CLUSTER_MIN_STORAGE, 65536);
      if (maxAllocatedStorage !== undefined) {
        invalidProp(scope, 'maxAllocatedStorage', maxAllocatedStorage, 'remove it: a Multi-AZ DB cluster does not autoscale storage; raise allocatedStorage instead');
      }
      return { allocatedStorage: allocatedStorage ?? MULTI_AZ_CLUSTER_MIN_STORAGE };
    default: {
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
    }
  }
}

/** 100 GiB, or twice the allocated storage when that is more; none at the largest size, which cannot grow. */
function defaultMaxStorage(allocated: number): number | undefined {
  return allocated >= 65536 ? undefined : Math.min(65536, Math.max(100, allocated * 2));
}

const RESERVED_DATABASE_NAMES: Record<DatabaseEngineFamily, string[]> = {
  [DatabaseEngineFamily.POSTGRESQL]: ['postgres', 'template0', 'template1', 'rdsadmin'],
  [DatabaseEngineFamily.MYSQL]: ['mysql', 'sys', 'information_schema', 'performance_schema', 'rdsadmin'],
};

function validateDatabaseName(scope: IConstruct, name: string, family: DatabaseEngineFamily): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const maxLength = family === DatabaseEngineFamily.POSTGRESQL ? 63 : 64;
  if (!new RegExp(`^[A-Za-z][A-Za-z0-9_]{0,${maxLength - 1}}$`).test(name)) {
    invalidProp(scope, 'databaseName', name, `give a letter, then letters, digits or underscores, ${maxLength} characters at most`);
  }
  if (RESERVED_DATABASE_NAMES[family].includes(name.toLowerCase())) {
    invalidProp(scope, 'databaseName', name, `choose another name: ${RESERVED_DATABASE_NAMES[family].join(', ')} are the engine's own databases`);
  }
  if (isReservedDatabaseName(family, name)) {
    invalidProp(scope, 'databaseName', name,
      `choose another name, for example '${name.toLowerCase()}_db': it is a reserved word of ${family === DatabaseEngineFamily.POSTGRESQL ? 'PostgreSQL' : 'MySQL'}, which RDS refuses as a database name`);
  }
}

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

/** The engine as CloudFormation and the capability tables name it. */
function rdsEngineOf(family: DatabaseEngineFamily, deployment: DatabaseDeployment): RdsEngine {
  const aurora = deployment === DatabaseDeployment.AURORA;
  if (family === DatabaseEngineFamily.POSTGRESQL) {
    return aurora ? 'aurora-postgresql' : 'postgres';
  }
  return aurora ? 'aurora-mysql' : 'mysql';
}

const RDS_DEPLOYMENTS: Record<DatabaseDeployment, RdsDeployment> = {
  [DatabaseDeployment.MULTI_AZ_INSTANCE]: 'instance',
  [DatabaseDeployment.MULTI_AZ_CLUSTER]: 'multi-az-cluster',
  [DatabaseDeployment.AURORA]: 'aurora',
};

/** Checks the instance class against the families that EC2 names and the classes that the topology takes. */
function validateInstanceClass(scope: IConstruct, instanceType: ec2.InstanceType, engine: RdsEngine, deployment: DatabaseDeployment): void {
  const name = instanceType.toString();
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!isKnownInstanceType(name)) {
    invalidProp(scope, 'instanceType', name, "give an instance class that exists, such as new ec2.InstanceType('m7g.large') (family.size; RDS calls it db.m7g.large)");
  }
  const instanceClass = `db.${name}`;
  if (deployment === DatabaseDeployment.MULTI_AZ_INSTANCE && !rdsInstanceFamilySupported(engine, instanceClass)) {
    invalidProp(scope, 'instanceType', instanceClass,
      "use a general purpose (M), memory optimized (R, X2) or burstable (T3, T4g) class of a current generation, for example new ec2.InstanceType('m7g.large'): "
      + `RDS for ${engine === 'postgres' ? 'PostgreSQL' : 'MySQL'} offers no ${instanceClass.split('.').slice(0, 2).join('.')} instances `
      + '(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html)');
  }
  if (deployment === DatabaseDeployment.AURORA && !auroraInstanceClassSupported(engine, instanceClass)) {
    invalidProp(scope, 'instanceType', instanceClass,
      `use a class that Aurora takes (${auroraFamilies(engine).join(', ')}), for example new ec2.InstanceType('r7g.large'); `
      + 'see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html');
  }
  if (deployment === DatabaseDeployment.MULTI_AZ_CLUSTER) {
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
  }
}

/**
 * The retention of Performance Insights, or undefined to turn it off: a class that offers no Performance Insights
 * turns it off with a warning, unless a retention was asked for, which is then refused.
 */
function resolvePerformanceInsights(scope: IConstruct, retention: rds.PerformanceInsightRetention | undefined, engine: RdsEngine,
  instanceType: ec2.InstanceType): rds.PerformanceInsightRetention | undefined {
  if (retention !== undefined && !Token.isUnresolved(retention) && !PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(retention)) {
    invalidProp(scope, 'performanceInsightsRetention', retention,
      'give 7 days (rds.PerformanceInsightRetention.DEFAULT), a number of months (MONTHS_1 to MONTHS_23, 31 days each) or 731 days (LONG_TERM): RDS accepts no other period');
  }
  const name = instanceType.toString();
  if (Token.isUnresolved(name) || performanceInsightsSupported(engine, `db.${name}`)) {
    return retention ?? rds.PerformanceInsightRetention.DEFAULT;
  }
  if (retention !== undefined) {
    invalidProp(scope, 'performanceInsightsRetention', retention,
      `leave it out, or choose a larger instance class: ${engine} offers no Performance Insights on db.${name}`);
  }
  Annotations.of(scope).addWarningV2('cdk-ha-web-app:database-no-performance-insights',
    `${engine} offers no Performance Insights on db.${name}, so it is off for this database; choose a larger class (for example db.t4g.medium) to have it. `
    + 'See https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html');
  return undefined;
}

/** Refuses a deployment or a proxy that RDS does not offer for the engine or in the stack's Region. */
function validateRegionalFeatures(scope: IConstruct, proxy: boolean, engine: RdsEngine, deployment: DatabaseDeployment): void {
  const region = Stack.of(scope).region;
  const knownRegion = !Token.isUnresolved(region);
  // A warning, not an error: the documentation and the classes that AWS prices disagree for some of these Regions,
  // where RDS rolls out Multi-AZ DB clusters class by class.
  if (deployment === DatabaseDeployment.MULTI_AZ_CLUSTER && knownRegion && !multiAzClusterAvailable(region)) {
    Annotations.of(scope).addWarningV2('cdk-ha-web-app:multi-az-cluster-region',
      `RDS documents no Multi-AZ DB cluster in ${region}, so the deployment may fail: check the classes offered there with `
      + `aws rds describe-orderable-db-instance-options --engine ${engine} --region ${region}, or use DatabaseTopology.multiAzInstance() or DatabaseTopology.aurora(). `
      + 'See https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.MultiAZDBClusters.html');
  }
  if (!proxy) {
    return;
  }
  const support = proxySupport(engine, RDS_DEPLOYMENTS[deployment]);
  if (!support) {
    invalidProp(scope, 'proxy', true, `leave it out: RDS Proxy does not support ${engine} in a ${RDS_DEPLOYMENTS[deployment]} deployment`);
  }
  if (knownRegion && !proxyAvailable(region)) {
    invalidProp(scope, 'proxy', true, `leave it out: RDS Proxy is not available in ${region} (${support.source})`);
  }
}

/** The shortest backup and maintenance windows that RDS accepts. */
const RDS_MINIMUM_WINDOW_MINUTES = 30;

/**
 * CloudWatch Logs encrypts each log group with the key; a key of this app gets the statement for the
 * database's log groups, an imported key a warning, since its policy cannot be changed here.
 */
function allowLogsToUseKey(scope: IConstruct, key: kms.IKey): void {
  const stack = Stack.of(scope);
  addToKeyPolicy(scope, key, [new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForRdsLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/rds/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  })], 'cdk-ha-web-app:database-imported-key',
  'The encryption key was imported, so its key policy cannot be changed here: allow the service principal logs.<region>.amazonaws.com '
    + 'kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe* on it, with the condition ArnLike '
    + 'kms:EncryptionContext:aws:logs:arn arn:<partition>:logs:<region>:<account>:log-group:/aws/rds/*, or the database log groups cannot be created.');
}
