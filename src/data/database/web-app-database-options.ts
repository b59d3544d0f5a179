import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DatabaseEngine, DatabaseTopology } from './engine';

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

  /**
   * Upgrades the engine version (and optionally the instance class) through an RDS blue/green deployment, in phases
   * (see {@link DatabaseBlueGreenOptions}), rather than in place. Only the Multi-AZ instance topology, without `proxy`.
   * The green environment costs as much as the database itself while it exists, and the old instances (renamed
   * `<identifier>-old1`) keep costing after the switchover until they are deleted.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-overview.html
   * @default - no blue/green deployment
   */
  readonly blueGreenUpgrade?: DatabaseBlueGreenOptions;
}

/** Where a {@link DatabaseBlueGreenOptions | blue/green engine upgrade} stands: each phase is one deployment of the stack. */
export enum BlueGreenPhase {
  /**
   * Prepares the instance (blue) and creates no blue/green deployment yet: for a PostgreSQL major version upgrade it
   * turns on logical replication (`rds.logical_replication`) in the instance's parameter group, a static parameter
   * that takes effect at the next reboot (`aws rds reboot-db-instance --force-failover`, a Multi-AZ failover). Not
   * needed for a minor version upgrade, which RDS replicates physically.
   */
  PREPARE = 'prepare',
  /**
   * Creates the `AWS::RDS::Deployment`: RDS copies the instance and its read replicas into a green environment at the
   * target version, kept in sync by replication. It does not switch over: that is
   * `aws rds switchover-blue-green-deployment`.
   */
  GREEN = 'green',
  /**
   * After the switchover: the blue/green deployment leaves the stack, and the instances are described as the
   * switchover left them (the target version, instance class and parameter group), so that CloudFormation changes
   * nothing on them.
   */
  SWITCHED_OVER = 'switched-over',
}

/**
 * An upgrade of the engine version (or of the instance class) through an RDS blue/green deployment instead of an
 * in-place modification: RDS creates a synchronized copy (green) at the new version, and a switchover makes it the
 * production database under the same identifiers and endpoints, typically in under a minute of downtime.
 *
 * Only the Multi-AZ instance topology, without a proxy and without a cross-Region replica: RDS offers no blue/green
 * deployment of a Multi-AZ DB cluster, with RDS Proxy, of a database with cross-Region read replicas, or of a
 * database whose master password Secrets Manager manages (as Aurora's is here).
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments.html
 */
export interface DatabaseBlueGreenOptions {
  /**
   * The engine version of the green environment, as RDS names it (`17.6`, `8.4.8`): a version of the same engine
   * that aws-cdk-lib knows, higher than `engine`'s. Keep `engine` at the deployed version until the upgrade is done.
   * A PostgreSQL major version upgrade needs the source at 16.1, 15.4, 14.9 or 13.12 or later in its major version; a
   * MySQL major version upgrade is refused, since the instance has a custom option group (the audit plugin), with
   * which RDS takes no major version upgrade in a blue/green deployment.
   */
  readonly targetEngineVersion: string;

  /**
   * The instance class of the green environment's instances, checked as `instanceType` is.
   *
   * @default - the class of the blue instances
   */
  readonly targetInstanceType?: ec2.InstanceType;

  /**
   * The phase of the upgrade, one deployment of the stack each: `PREPARE` (PostgreSQL major version upgrades),
   * `GREEN`, then, after `aws rds switchover-blue-green-deployment`, `SWITCHED_OVER`.
   *
   * @default BlueGreenPhase.GREEN
   */
  readonly phase?: BlueGreenPhase;
}

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
