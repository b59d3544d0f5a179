import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { CacheEngine, validateEngine } from './cache/engine';
import { createLogGroups, logDeliveryConfigurations } from './cache/logs';
import { CacheNodeCounts, nodeIdsOf, nodeLayout, validateCounts, validateNodeType } from './cache/nodes';
import { isDataTiering, validateParameters } from './cache/parameters';
import { CACHE_PROP_TYPES } from './cache/prop-types';
import { createUsers, DEFAULT_ACCESS_STRING, validateAccessString } from './cache/users';
import { WebAppCacheOptions } from './cache/web-app-cache-options';
import { recordException } from '../private/compliance';
import { CACHE_DEFAULT_PORT, CACHE_IAM_AUTHENTICATION } from '../private/exceptions';
import { validateWindows } from '../private/maintenance-windows';
import { MAX_METRICS_PER_ALARM, worstOf } from '../private/metrics';
import { displayPath } from '../private/paths';
import { selectSubnetsInTwoZones } from '../private/subnets';
import { invalidProp, validateInteger, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

export { CacheEngine, CacheEngineName } from './cache/engine';
export * from './cache/web-app-cache-options';

/**
 * Properties for {@link WebAppCache}.
 */
export interface WebAppCacheProps extends WebAppCacheOptions {
  /** The VPC of the cache. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets of the cache's nodes, in at least 2 Availability Zones.
   *
   * @default - the isolated subnets of the VPC
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Key that encrypts the cache and its snapshots at rest, and the log groups.
   * Its key policy must let CloudWatch Logs of this account use it, as the policy of
   * {@link WebAppEncryption} does.
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The cache as its callers see it, whatever its topology (one primary with replicas, or shards in cluster mode):
 * where clients connect, how they sign in, who may connect, and its metrics. Implemented by {@link WebAppCache};
 * the regional assembly and monitoring read these, never the resources of one topology.
 */
export interface IWebAppCache extends ec2.IConnectable, IConstruct {
  /** The engine and version. */
  readonly engine: CacheEngine;
  /**
   * The ID of the replication group: in lower case, the host that an IAM authentication token is signed for.
   */
  readonly replicationGroupId: string;
  /**
   * The ID (and name) of the app's user: the user name that clients send with `AUTH`, and the `User`
   * of their IAM authentication token.
   */
  readonly userId: string;
  /**
   * The address clients connect to: the primary endpoint, or in cluster mode the configuration
   * endpoint, from which cluster-aware clients learn every shard. It follows failovers.
   */
  readonly endpointAddress: string;
  /**
   * The reader endpoint, which spreads read-only connections across the replicas.
   *
   * @default - none in cluster mode, where cluster-aware clients read from replicas through the configuration endpoint
   */
  readonly readerEndpointAddress?: string;
  /** TCP port of the cache. */
  readonly port: number;
  /** The key that encrypts the cache, its snapshots and the logs. */
  readonly encryptionKey: kms.IKey;
  /** Whether replication lag is watched: a group of more than one node, or any group in cluster mode. */
  readonly hasReplicas: boolean;

  /**
   * Lets a security-group holder (for example the application tier) connect to the cache's port.
   * The rule references the peer's security group, never an address range.
   *
   * @param peer who may connect
   */
  allowConnectionsFrom(peer: ec2.IConnectable): void;

  /**
   * Grants signing in to the cache as its user with IAM: `elasticache:Connect` on the replication group and
   * the user, as ElastiCache requires for IAM authentication.
   *
   * @param grantee the principal
   */
  grantConnect(grantee: iam.IGrantable): iam.Grant;

  /**
   * The worst node's value of a metric of `AWS/ElastiCache` (ElastiCache publishes it per node): a MAX math
   * expression over each group of at most 10 nodes (the most an alarm's expression takes).
   *
   * @param metricName the metric, as ElastiCache publishes it, for example `EngineCPUUtilization`
   * @param options statistic (default Average), label and period (default 5 minutes)
   */
  metricWorstNode(metricName: string, options?: cloudwatch.MetricOptions): cloudwatch.IMetric[];

  /**
   * The busiest node's `EngineCPUUtilization`: the percent of CPU that the engine thread uses (average over 5 minutes),
   * an expression per group of at most 10 nodes.
   *
   * @param options statistic, label and period
   */
  metricEngineCPUUtilization(options?: cloudwatch.MetricOptions): cloudwatch.IMetric[];

  /**
   * The fullest node's `DatabaseMemoryUsagePercentage`: the percent of `maxmemory` in use (average over 5 minutes),
   * an expression per group of at most 10 nodes.
   *
   * @param options statistic, label and period
   */
  metricDatabaseMemoryUsagePercentage(options?: cloudwatch.MetricOptions): cloudwatch.IMetric[];

  /**
   * The most `Evictions` of a node: keys evicted for lack of memory (sum over 5 minutes), an expression per group of
   * at most 10 nodes.
   *
   * @param options statistic, label and period
   */
  metricEvictions(options?: cloudwatch.MetricOptions): cloudwatch.IMetric[];

  /**
   * The most `ReplicationLag` of a node: how far a replica is behind its primary, in seconds (maximum over 5
   * minutes), an expression per group of at most 10 nodes. Published only when {@link hasReplicas}.
   *
   * @param options statistic, label and period
   */
  metricReplicationLag(options?: cloudwatch.MetricOptions): cloudwatch.IMetric[];
}

/**
 * A Valkey or Redis OSS cache for a web app (sessions, cached pages and queries): an ElastiCache
 * replication group whose every primary has a replica in another Availability Zone, with Multi-AZ and
 * automatic failover.
 *
 * Clients must use TLS (no plain-text connections) and sign in with IAM: ElastiCache role-based access
 * control with one user for the app, whose password is a token that the client signs with its IAM
 * credentials and that is valid for 15 minutes. No password or AUTH token exists anywhere; the user named
 * `default`, which every user group must hold, is disabled. Data, snapshots and the logs are encrypted
 * with a customer managed key. Daily snapshots are kept for 15 days, a final snapshot is taken when the
 * cache is deleted, and the slow log and engine log go to CloudWatch Logs. The security group admits
 * nobody until {@link allowConnectionsFrom} names who may connect.
 *
 * Clients connect to `endpointAddress` on `port` with TLS and send `AUTH <userId> <token>`, the token
 * signed for `replicationGroupId` with credentials that {@link grantConnect} allows.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html
 */
export class WebAppCache extends Construct implements IWebAppCache {
  /** The port the cache listens on unless `port` says otherwise: Valkey's and Redis OSS's own. */
  public static readonly DEFAULT_PORT = 6379;

  /** The replication group. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /**
   * The ID of the replication group: in lower case, the host that an IAM authentication token is signed for.
   */
  public readonly replicationGroupId: string;
  /** The app's user, which signs in with IAM. */
  public readonly user: elasticache.CfnUser;
  /**
   * The ID (and name) of the app's user: the user name that clients send with `AUTH`, and the `User`
   * of their IAM authentication token.
   */
  public readonly userId: string;
  /** The user group of the cache: the app's user, and the disabled user named `default`. */
  public readonly userGroup: elasticache.CfnUserGroup;
  /** The subnet group of the nodes. */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The parameter group of the nodes. */
  public readonly parameterGroup: elasticache.CfnParameterGroup;
  /** The engine and version. */
  public readonly engine: CacheEngine;
  /** Whether the cache runs in cluster mode. */
  public readonly clusterMode: boolean;
  /**
   * The ID of every node, which is the `CacheClusterId` dimension of its CloudWatch metrics:
   * `<group>-001`, `<group>-002`… or, in cluster mode, `<group>-0001-001`… (shard, then node).
   */
  public readonly nodeIds: string[];
  /** Whether replication lag is watched: a group of more than one node, or any group in cluster mode. */
  public readonly hasReplicas: boolean;
  /**
   * The address clients connect to: the primary endpoint, or in cluster mode the configuration
   * endpoint, from which cluster-aware clients learn every shard. It follows failovers.
   */
  public readonly endpointAddress: string;
  /**
   * The reader endpoint, which spreads read-only connections across the replicas; none in cluster
   * mode, where cluster-aware clients read from replicas through the configuration endpoint.
   */
  public readonly readerEndpointAddress?: string;
  /** TCP port of the cache. */
  public readonly port: number;
  /** The key that encrypts the cache, its snapshots and the logs. */
  public readonly encryptionKey: kms.IKey;
  /** The security group of the nodes. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** Connections of the cache, whose default port is the cache's port. */
  public readonly connections: ec2.Connections;
  /** The log group of the slow log (commands that ran longer than `slowlog-log-slower-than`). */
  public readonly slowLogGroup: logs.ILogGroup;
  /** The log group of the engine log. */
  public readonly engineLogGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: WebAppCacheProps) {
    super(scope, id);
    validateTypes(this, props, CACHE_PROP_TYPES);

    this.engine = props.engine ?? CacheEngine.valkey();
    const parameterGroupFamily = validateEngine(this, this.engine);
    const nodeType = props.nodeType ?? 'cache.t4g.small';
    validateNodeType(this, nodeType);
    const replicasPerShard = props.replicasPerShard ?? 1;
    const shards = props.shards ?? 1;
    validateCounts(this, replicasPerShard, shards);
    this.clusterMode = props.clusterMode ?? shards > 1;
    if (!this.clusterMode && shards > 1) {
      invalidProp(this, 'clusterMode', props.clusterMode,
        `${shards} shards need cluster mode: remove clusterMode or set it to true, or use 1 shard`);
    }
    const counts: CacheNodeCounts = { shards, replicasPerShard, clusterMode: this.clusterMode };
    validateInteger(this, 'port', props.port, 1024, 65535);
    this.port = props.port ?? WebAppCache.DEFAULT_PORT;
    validateInteger(this, 'snapshotRetentionLimit', props.snapshotRetentionLimit, 1, 35);
    const snapshotRetentionLimit = props.snapshotRetentionLimit ?? 15;
    const snapshotWindow = props.snapshotWindow ?? '03:00-04:00';
    const maintenanceWindow = props.preferredMaintenanceWindow ?? 'sun:05:00-sun:06:00';
    validateWindows(this, { prop: 'snapshotWindow', value: snapshotWindow },
      { prop: 'preferredMaintenanceWindow', value: maintenanceWindow }, ELASTICACHE_MINIMUM_WINDOW_MINUTES);
    // ElastiCache documents the day names in lower case.
    const preferredMaintenanceWindow = Token.isUnresolved(maintenanceWindow) ? maintenanceWindow : maintenanceWindow.toLowerCase();
    const parameters = props.parameters ?? {};
    validateParameters(this, parameters, parameterGroupFamily, this.engine, nodeType);
    const accessString = props.accessString ?? DEFAULT_ACCESS_STRING;
    validateAccessString(this, accessString);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    const retained = removalPolicy === RemovalPolicy.RETAIN || removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    // A retained cache still uses its subnet group, parameter group, security group, users and user group, which
    // could not be deleted anyway; a snapshot stays encrypted with the key, and logs are audit records.
    const partsPolicy = retained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const keptUnlessDestroyed = removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const subnets = selectSubnetsInTwoZones(this, 'vpcSubnets', props.vpc, vpcSubnets, 'so that a replica can take over when a zone fails');
    const zones = [...new Set(subnets.availabilityZones)];

    this.encryptionKey = props.encryptionKey ?? new WebAppEncryption(this, 'Encryption', { removalPolicy: keptUnlessDestroyed }).key;
    this.securityGroup = this.createSecurityGroup(props.vpc, partsPolicy);
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    this.subnetGroup = this.createSubnetGroup(subnets.subnetIds, partsPolicy);
    this.parameterGroup = this.createParameterGroup(parameterGroupFamily, parameters, partsPolicy);
    const users = createUsers(this, accessString, partsPolicy);
    this.user = users.user;
    this.userGroup = users.userGroup;
    this.userId = this.user.ref;
    const logGroups = createLogGroups(this, this.encryptionKey, props.logRetention ?? logs.RetentionDays.ONE_YEAR, keptUnlessDestroyed);
    this.slowLogGroup = logGroups.slowLogGroup;
    this.engineLogGroup = logGroups.engineLogGroup;

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `Cache of ${displayPath(this)}`,
      engine: this.engine.name,
      engineVersion: this.engine.version,
      cacheNodeType: nodeType,
      dataTieringEnabled: isDataTiering(nodeType) ? true : undefined,
      cacheParameterGroupName: this.parameterGroup.ref,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: this.port,
      ...nodeLayout(counts, zones, props.pinAvailabilityZones ?? true),
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: this.encryptionKey.keyArn,
      userGroupIds: [this.userGroup.ref],
      snapshotRetentionLimit,
      snapshotWindow,
      preferredMaintenanceWindow,
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: logDeliveryConfigurations(logGroups),
    });
    this.replicationGroupId = this.replicationGroup.ref;
    this.nodeIds = nodeIdsOf(this.replicationGroupId, counts);
    this.hasReplicas = this.nodeIds.length > (this.clusterMode ? 0 : 1);

    this.replicationGroup.applyRemovalPolicy(removalPolicy);
    recordException(this.replicationGroup, CACHE_IAM_AUTHENTICATION);
    if (this.port === 6379) {
      recordException(this.replicationGroup, CACHE_DEFAULT_PORT);
    }

    if (this.clusterMode) {
      this.endpointAddress = this.replicationGroup.attrConfigurationEndPointAddress;
    } else {
      this.endpointAddress = this.replicationGroup.attrPrimaryEndPointAddress;
      this.readerEndpointAddress = this.replicationGroup.attrReaderEndPointAddress;
    }
  }

  /**
   * Lets a security-group holder (for example the application tier) connect to the cache's port.
   * The rule references the peer's security group, never an address range.
   */
  public allowConnectionsFrom(peer: ec2.IConnectable): void {
    this.connections.allowDefaultPortFrom(peer, `Clients of ${displayPath(this)}`);
  }

  /**
   * The worst node's value of a metric of `AWS/ElastiCache` (ElastiCache publishes it per node), for example
   * `EngineCPUUtilization`: a MAX math expression over each group of at most 10 nodes (the most an alarm's
   * expression takes), so one expression for up to 10 nodes. The metrics of the nodes get the ids `n1`, `n2`…
   * across the groups, which can share a graph.
   *
   * @param metricName the metric, as ElastiCache publishes it
   * @param options statistic (default Average), label (with `, nodes 11+` and so on for the later groups) and period (default 5 minutes)
   */
  public metricWorstNode(metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.IMetric[] {
    const period = options.period ?? Duration.minutes(5);
    const groups: string[][] = [];
    for (let i = 0; i < this.nodeIds.length; i += MAX_METRICS_PER_ALARM) {
      groups.push(this.nodeIds.slice(i, i + MAX_METRICS_PER_ALARM));
    }
    return groups.map((nodes, index) => {
      const first = index * MAX_METRICS_PER_ALARM;
      const label = options.label === undefined || groups.length === 1 ? options.label : `${options.label}, nodes ${first + 1}+`;
      return worstOf('MAX', nodes.map((node) => new cloudwatch.Metric({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensionsMap: { CacheClusterId: node },
        statistic: cloudwatch.Stats.AVERAGE,
        ...options,
        label: undefined,
        period,
      })), 'n', first, label, period);
    });
  }

  /**
   * The busiest node's `EngineCPUUtilization`: the percent of CPU that the engine thread uses (average over 5 minutes),
   * an expression per group of at most 10 nodes.
   *
   * @param options statistic, label and period
   */
  public metricEngineCPUUtilization(options: cloudwatch.MetricOptions = {}): cloudwatch.IMetric[] {
    return this.metricWorstNode('EngineCPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...options });
  }

  /**
   * The fullest node's `DatabaseMemoryUsagePercentage`: the percent of `maxmemory` in use (average over 5 minutes),
   * an expression per group of at most 10 nodes.
   *
   * @param options statistic, label and period
   */
  public metricDatabaseMemoryUsagePercentage(options: cloudwatch.MetricOptions = {}): cloudwatch.IMetric[] {
    return this.metricWorstNode('DatabaseMemoryUsagePercentage', { statistic: cloudwatch.Stats.AVERAGE, ...options });
  }

  /**
   * The most `Evictions` of a node: keys evicted for lack of memory (sum over 5 minutes), an expression per group of
   * at most 10 nodes.
   *
   * @param options statistic, label and period
   */
  public metricEvictions(options: cloudwatch.MetricOptions = {}): cloudwatch.IMetric[] {
    return this.metricWorstNode('Evictions', { statistic: cloudwatch.Stats.SUM, ...options });
  }

  /**
   * The most `ReplicationLag` of a node: how far a replica is behind its primary, in seconds (maximum over 5
   * minutes), an expression per group of at most 10 nodes. Published only when {@link hasReplicas}.
   *
   * @param options statistic, label and period
   */
  public metricReplicationLag(options: cloudwatch.MetricOptions = {}): cloudwatch.IMetric[] {
    return this.metricWorstNode('ReplicationLag', { statistic: cloudwatch.Stats.MAXIMUM, ...options });
  }


  /**
   * Grants signing in to the cache as its user with IAM: `elasticache:Connect` on the replication group and
   * the user, as ElastiCache requires for IAM authentication.
   */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    const replicationGroupArn = Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'replicationgroup',
      resourceName: this.replicationGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['elasticache:Connect'],
      resourceArns: [replicationGroupArn, this.user.attrArn],
    });
  }

  /** The security group of the nodes: no egress, and no ingress until {@link allowConnectionsFrom}. */
  private createSecurityGroup(vpc: ec2.IVpc, removalPolicy: RemovalPolicy): ec2.ISecurityGroup {
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'ElastiCache nodes of the web app: admit only the groups given to allowConnectionsFrom',
      allowAllOutbound: false,
    });
    securityGroup.applyRemovalPolicy(removalPolicy);
    return securityGroup;
  }

  private createSubnetGroup(subnetIds: string[], removalPolicy: RemovalPolicy): elasticache.CfnSubnetGroup {
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `Subnets of ${displayPath(this)}`,
      subnetIds,
    });
    subnetGroup.applyRemovalPolicy(removalPolicy);
    return subnetGroup;
  }

  /** The parameter group of the engine's family: the user's parameters, and `cluster-enabled` from the mode. */
  private createParameterGroup(family: string, parameters: { [name: string]: string }, removalPolicy: RemovalPolicy): elasticache.CfnParameterGroup {
    const parameterGroup = new elasticache.CfnParameterGroup(this, 'ParameterGroup', {
      description: `Parameters of ${displayPath(this)}`,
      cacheParameterGroupFamily: family,
      properties: { ...parameters, 'cluster-enabled': this.clusterMode ? 'yes' : 'no' },
    });
    parameterGroup.applyRemovalPolicy(removalPolicy);
    return parameterGroup;
  }
}


/** The shortest snapshot and maintenance windows that ElastiCache accepts. */
const ELASTICACHE_MINIMUM_WINDOW_MINUTES = 60;
