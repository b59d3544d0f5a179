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
