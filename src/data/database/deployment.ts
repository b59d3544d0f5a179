import { CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct, IDependable } from 'constructs';
import { BlueGreenPlan } from './blue-green';
import { DatabaseEngine, DatabaseEngineFamily, DatabaseTopology } from './engine';
import { ResolvedVersion } from './engine-version';
import { RdsDeployment, RdsEngine } from '../../private/capabilities';

/**
 * What a deployment kind decides before any resource exists: its defaults, and the props it accepts. One object per
 * `DatabaseDeployment`; `build` creates the resources with the class of the deployment.
 */
export interface DeploymentKind {
  /** As the capability tables name the deployment. */
  readonly rdsDeployment: RdsDeployment;
  /** Whether the instances run an Aurora engine, whose versions, classes and names are Aurora's own. */
  readonly aurora: boolean;
  /** Whether the credentials are generated into a secret of the database's own, which Secrets Manager can replicate. */
  readonly ownCredentialsSecret: boolean;
  /** The log types exported to CloudWatch Logs, by engine (all that the compliance rules ask for). */
  readonly logExports: Record<DatabaseEngineFamily, string[]>;
  /** The instance class of a database given none. */
  readonly defaultInstanceType: ec2.InstanceType;
  /** How many Availability Zones the subnets must span, and what the error says when they do not. */
  readonly zones: { readonly needed: number; readonly fix: string };

  /** Checks the number of readers that the topology asks for. */
  validateReaders(scope: IConstruct, topology: DatabaseTopology): void;
  /** The storage of each instance, after checking the storage props (given as literals). */
  resolveStorage(scope: IConstruct, allocatedStorage: number | undefined, maxAllocatedStorage: number | undefined): ResolvedStorage;
  /** Checks an instance class that exists (`db.m7g.large`) against the classes that the deployment takes. */
  validateInstanceClass(scope: IConstruct, instanceClass: string, engine: RdsEngine): void;
  /** Warns when RDS documents no such deployment in the stack's Region (a literal). */
  checkRegion(scope: IConstruct, region: string, engine: RdsEngine): void;
  /** Creates the database's resources, in the scope of the settings. */
  build(settings: DeploymentSettings): DeployedDatabase;
}

/** One metric of how far a reader lags behind the writer. */
export interface ReplicaLagMetric {
  /** The metric, as RDS publishes it. */
  readonly metricName: string;
  /** The label of the metric. */
  readonly label: string;
  /** Its dimensions; undefined for the writer's (for a Multi-AZ DB cluster, the worst of its members). */
  readonly dimensions?: Record<string, string>;
}

/**
 * What every deployment provides to the {@link WebAppDatabase} that built it, whatever the resources behind it. The
 * construct exposes these facts; none of its callers asks which deployment it is.
 */
export interface DeployedDatabase {
  /** Hostname of the writer. */
  readonly endpoint: string;
  /** Hostname for read-only connections. */
  readonly readerEndpoint: string;
  /** Hostnames of the read replicas of the Multi-AZ instance topology, in order; empty for the others. */
  readonly replicaEndpoints: string[];
  /** The master user's credentials. */
  readonly secret: secretsmanager.ISecret;
  /** ARN of the instance or the cluster. */
  readonly arn: string;
  /** Identifier of the instance or the cluster, as the RDS API takes it. */
  readonly identifier: string;
  /** Resource IDs that `rds-db:connect` names, one per instance or cluster with IAM database authentication. */
  readonly connectResourceIds: string[];
  /** Whether the database has allocated storage that can fill up. */
  readonly hasAllocatedStorage: boolean;
  /** Whether the replica lag metrics are in milliseconds rather than seconds. */
  readonly replicaLagInMilliseconds: boolean;
  /**
   * Dimensions of the writer's metrics in `AWS/RDS`: one set, or one per member instance when the writer moves among
   * them (a Multi-AZ DB cluster), of which the worst is taken.
   */
  readonly writerDimensions: Array<Record<string, string>>;
  /** The replica lag metrics, one per reader; none for an instance without read replicas. */
  readonly replicaLag: ReplicaLagMetric[];
  /** Connections of the function that rotates the credentials, when the deployment has one. */
  readonly rotationConnections?: ec2.Connections;
  /** A key other than the database's that decrypts the credentials (a replicated secret's), granted with them. */
  readonly credentialsKey?: kms.IKey;
  /**
   * The target of an RDS Proxy in front of the writer, created on demand; undefined when the deployment takes no
   * proxy (a cross-Region replica).
   */
  readonly proxyTarget?: () => rds.ProxyTarget;
  /** What the proxy's target group waits for, when the targets exist only after it (an Aurora cluster's instances). */
  readonly proxyTargetDependency?: IDependable;

  /** The primary instance (Multi-AZ instance topology). */
  readonly instance?: rds.DatabaseInstance;
  /** The read replicas (Multi-AZ instance topology). */
  readonly readReplicas: rds.DatabaseInstanceReadReplica[];
  /** The cross-Region read replica. */
  readonly crossRegionReplica?: rds.DatabaseInstanceReadReplica;
  /** The Aurora cluster. */
  readonly cluster?: rds.DatabaseCluster;
  /** The Multi-AZ DB cluster. */
  readonly multiAzCluster?: rds.CfnDBCluster;
  /** The blue/green deployment (`AWS::RDS::Deployment`) of an engine upgrade, in its green phase. */
  readonly blueGreenDeployment?: CfnResource;
}

/** The storage of each instance. */
export interface ResolvedStorage {
  readonly allocatedStorage?: number;
  readonly maxAllocatedStorage?: number;
}

/** Creates the log groups of a database resource's exports, which `dependent` waits for. */
export type LogGroupFactory = (idPrefix: string, kind: 'instance' | 'cluster', identifier: string, dependent: CfnResource) => void;

/** What the {@link WebAppDatabase} has decided and created before the deployment builds its resources. */
export interface DeploymentSettings {
  /** The WebAppDatabase: every resource is its child, with the id it has always had. */
  readonly scope: Construct;
  readonly engine: DatabaseEngine;
  readonly port: number;
  /** Read replicas, readable standbys or Aurora readers. */
  readonly readers: number;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly encryptionKey: kms.IKey;
  readonly securityGroup: ec2.ISecurityGroup;
  /** The fixed name of the credentials secret, when it is replicated. */
  readonly credentialsSecretName?: string;
  readonly credentialsReplicaRegions?: secretsmanager.ReplicaRegion[];
  /** The subnets of the rotation function, as given. */
  readonly rotationSubnets?: ec2.SubnetSelection;
  /** The key of a cross-Region replica's credentials, as given. */
  readonly replicaCredentialsKey?: kms.IKey;
  readonly createLogGroups: LogGroupFactory;
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
  /** The version of `engine`, which the instances run (until a blue/green switchover). */
  readonly engineVersion: ResolvedVersion;
  /** The blue/green engine upgrade under way, if any (Multi-AZ instance topology only). */
  readonly blueGreen?: BlueGreenPlan;
}

/** A database that a cross-Region replica copies: what the replica reads of the source's {@link WebAppDatabase}. */
export interface ReplicaSource extends IConstruct {
  readonly engine: DatabaseEngine;
  readonly port: number;
  readonly topology: DatabaseTopology;
  readonly instance?: rds.DatabaseInstance;
  readonly credentialsSecretName?: string;
  readonly blueGreenDeployment?: CfnResource;
}
