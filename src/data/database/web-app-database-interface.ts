import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import { DatabaseEngine } from './engine';
import { DatabaseMetricOptions } from './web-app-database-options';

/**
 * The database as its callers see it, whatever its deployment: endpoints, port, credentials, identity, network
 * access, grants and metrics. Implemented by {@link WebAppDatabase}; the regional assembly, monitoring and the
 * recovery Region read these, never the resources of one deployment.
 */
export interface IWebAppDatabase extends ec2.IConnectable, IConstruct {
  /** The engine. */
  readonly engine: DatabaseEngine;
  /** The port of the database (and of the proxy). */
  readonly port: number;
  /** Hostname of the writer: the primary instance, or the cluster endpoint. */
  readonly endpoint: string;
  /**
   * Hostname for read-only connections: the cluster's reader endpoint, or the first read replica
   * (the primary when there is no replica; see `replicaEndpoints` for every replica).
   */
  readonly readerEndpoint: string;
  /** Hostnames of the read replicas of the Multi-AZ instance topology, in order. */
  readonly replicaEndpoints: string[];
  /**
   * Hostname of the proxy, when `proxy` is on.
   *
   * @default - none: the database has no proxy
   */
  readonly proxyEndpoint?: string;
  /**
   * The master user's credentials (JSON with `username` and `password`), encrypted with the key and
   * rotated every 7 days.
   */
  readonly secret: secretsmanager.ISecret;
  /** The name of the database created in the instance or cluster. */
  readonly databaseName: string;
  /**
   * ARN of the database: the instance's (Multi-AZ instance, cross-Region replica) or the cluster's (Multi-AZ DB
   * cluster, Aurora), for backups and IAM policies.
   */
  readonly arn: string;
  /**
   * Identifier of the database, as the RDS API and CLI take it: `--db-instance-identifier` for an instance or a
   * cross-Region replica, `--db-cluster-identifier` for a Multi-AZ DB cluster or Aurora.
   */
  readonly identifier: string;
  /** The key that encrypts the database, its credentials and logs. */
  readonly encryptionKey: kms.IKey;
  /** Whether the database has allocated storage that can fill up: every deployment but Aurora, whose storage grows by itself. */
  readonly hasAllocatedStorage: boolean;
  /** Whether `metricReplicaLag` is in milliseconds (Aurora's `AuroraReplicaLagMaximum`) rather than seconds (`ReplicaLag`). */
  readonly replicaLagInMilliseconds: boolean;
  /**
   * Name of the credentials secret, the same in every Region it is replicated to; set when
   * `credentialsReplicaRegions` is given (otherwise CloudFormation names the secret).
   *
   * @default - none: CloudFormation names the secret
   */
  readonly credentialsSecretName?: string;
  /**
   * Connections of the function that rotates the credentials (Multi-AZ instance topology): let it reach
   * interface endpoints (Secrets Manager) when the VPC uses them.
   *
   * @default - none: RDS manages the password, or the credentials are a replica's
   */
  readonly rotationConnections?: ec2.Connections;

  /**
   * Lets a security-group holder (for example the application tier) connect to the database, and to
   * the proxy when there is one, on the engine port.
   *
   * @param peer who may connect
   */
  allowConnectionsFrom(peer: ec2.IConnectable): void;

  /**
   * Grants `rds-db:connect` as a database user, with IAM database authentication: to the instances or the cluster,
   * and to the proxy when there is one.
   *
   * @param grantee the principal
   * @param dbUser the database user
   */
  grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant;

  /**
   * Grants reading the master credentials in Secrets Manager, and decrypting them with the key (only
   * through Secrets Manager).
   *
   * @param grantee the principal
   */
  grantReadCredentials(grantee: iam.IGrantable): iam.Grant;

  /**
   * A metric of the database's writer in `AWS/RDS`, for example `CPUUtilization`, wherever the writer runs.
   *
   * @param metricName the metric, as RDS publishes it
   * @param options statistic, label and period (default: the average over 5 minutes)
   */
  metricWriter(metricName: string, options?: DatabaseMetricOptions): cloudwatch.IMetric;

  /**
   * How far the readers lag behind the writer, one metric per reader (the maximum over 5 minutes), in the unit that
   * `replicaLagInMilliseconds` says. None for an instance without read replicas.
   */
  metricReplicaLag(): cloudwatch.IMetric[];
}
