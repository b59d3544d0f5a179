import { ArnFormat, Aws, Duration, Fn, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  CACHE_PARAMETERS_SOURCE, cacheParameter, cacheParameterFamilies, CacheParameterFamily, cacheParameterInVersion, cacheParameterValueAccepted,
  closestMatch, DATA_TIERING_MAXMEMORY_POLICIES, describeCacheParameterValues, removedCacheParameter, settableCacheParameters,
} from '../private/capabilities';
import { recordException } from '../private/compliance';
import { CACHE_DEFAULT_PORT, CACHE_IAM_AUTHENTICATION } from '../private/exceptions';
import { validateWindows } from '../private/maintenance-windows';
import { MAX_METRICS_PER_ALARM, worstOf } from '../private/metrics';
import { displayPath } from '../private/paths';
import { selectSubnetsInTwoZones } from '../private/subnets';
import { invalidProp, PropTypes, requireConcrete, types, validateInteger, validateType, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/** The in-memory engines of {@link CacheEngine}. */
export enum CacheEngineName {
  /** Valkey, the open-source fork of Redis OSS 7.2 (priced about 20% below Redis OSS on ElastiCache). */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
}

/**
 * The engine and version of a {@link WebAppCache}.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html
 */
export class CacheEngine {
  /** The Valkey version used when none is given. */
  public static readonly DEFAULT_VALKEY_VERSION = '8.2';
  /** The Redis OSS version used when none is given. */
  public static readonly DEFAULT_REDIS_VERSION = '7.1';

  /**
   * Valkey, in one of the versions that ElastiCache offers: 7.2, 8.0, 8.1, 8.2, 9.0 or 9.1.
   *
   * @param version major.minor version, for example `'8.2'`
   */
  public static valkey(version: string = CacheEngine.DEFAULT_VALKEY_VERSION): CacheEngine {
    return new CacheEngine(CacheEngineName.VALKEY, version);
  }

  /**
   * Redis OSS 7.0 or 7.1. Earlier versions are not offered: Redis OSS 4 and 5 are past the end of
   * standard support, and the in-transit encryption mode this construct sets (`required`) came with
   * Redis OSS 7.
   *
   * @param version major.minor version, for example `'7.1'`
   */
  public static redis(version: string = CacheEngine.DEFAULT_REDIS_VERSION): CacheEngine {
    return new CacheEngine(CacheEngineName.REDIS, version);
  }

  private constructor(
    /** The engine. */
    public readonly name: CacheEngineName,
    /** The major.minor version of the engine. */
    public readonly version: string,
  ) {}
}

/** Parameter group family of each version this construct supports, by engine. */
const PARAMETER_GROUP_FAMILIES: Record<CacheEngineName, Record<string, CacheParameterFamily>> = {
  [CacheEngineName.VALKEY]: {
    '7.2': 'valkey7', '8.0': 'valkey8', '8.1': 'valkey8', '8.2': 'valkey8', '9.0': 'valkey9', '9.1': 'valkey9',
  },
  [CacheEngineName.REDIS]: { '7.0': 'redis7', '7.1': 'redis7' },
};

/** Redis OSS versions that ElastiCache still runs but this construct does not create. */
const OLDER_REDIS_VERSIONS = ['4.0.10', '5.0.6', '6.0', '6.2'];

/** The nodes of one ElastiCache cluster, across all shards. */
const MAX_NODES = 500;

/**
 * What the app's user may do when `accessString` is not given: every key and every command but those of the
 * `@dangerous` category.
 */
const DEFAULT_ACCESS_STRING = 'on ~* +@all -@dangerous';

/** Words of an access string that set or clear passwords, which ElastiCache manages (and IAM authentication replaces). */
const PASSWORD_RULES = /^(nopass|resetpass|reset|[<>#!].*)$/;

/**
 * Settings of the cache tier, used by {@link WebAppCacheProps} (and by the composite web app).
 */
export interface WebAppCacheOptions {
  /**
   * Engine and version.
   *
   * @default CacheEngine.valkey() (Valkey 8.2)
   */
  readonly engine?: CacheEngine;

  /**
   * Node type of every node, for example `'cache.r7g.large'`.
   *
   * The default is burstable and small: two `cache.t4g.small` nodes cost about 37 USD a month with Valkey
   * (about 47 USD with Redis OSS) in us-east-1, and hold about 1.3 GiB of data. Memory-optimized `r7g`
   * nodes suit larger or busier caches. Node types with data tiering (`r6gd`) turn data tiering on.
   *
   * @default 'cache.t4g.small'
   */
  readonly nodeType?: string;

  /**
   * Read replicas of each shard's primary (1 to 5), placed in other Availability Zones than the
   * primary. At least one is needed for Multi-AZ with automatic failover.
   *
   * With `pinAvailabilityZones` (the default) the zone of each node is fixed when the cache is created,
   * so a later change of this count replaces the replication group: a new, empty cache with new
   * endpoints (the old one is handled by `removalPolicy`).
   *
   * @default 1
   */
  readonly replicasPerShard?: number;

  /**
   * Shards (node groups) that the keyspace is split across (1 to 500, at most 500 nodes in all).
   * More than one needs cluster mode.
   *
   * With `pinAvailabilityZones` (the default) a later change replaces the replication group (see
   * `replicasPerShard`).
   *
   * @default 1
   */
  readonly shards?: number;

  /**
   * Runs the cache in cluster mode, which splits keys across shards. Clients must support the cluster
   * protocol and connect to the configuration endpoint. Chosen when the cache is created: changing it
   * later needs a new cache.
   *
   * @default - true when `shards` is more than 1, else false
   */
  readonly clusterMode?: boolean;

  /**
   * Places the nodes of each shard round-robin across the Availability Zones of the subnets, so that
   * every primary has its replicas in other zones.
   *
   * Without it, ElastiCache chooses the zones (Multi-AZ puts a replica in another zone than the
   * primary), and the replica and shard counts can change without replacing the cache.
   *
   * @default true
   */
  readonly pinAvailabilityZones?: boolean;

  /**
   * TCP port of the cache (1024 to 65535). The network ACL of the data subnets must admit it
   * (`WebAppNetworkOptions.dataPorts` admits 6379 by default).
   *
   * @default 6379
   */
  readonly port?: number;

  /**
   * Days for which daily automatic snapshots are kept (1 to 35). The NIST 800-53, HIPAA and PCI DSS
   * packs require at least 15.
   *
   * @default 15
   */
  readonly snapshotRetentionLimit?: number;

  /**
   * Daily time range (UTC, `hh24:mi-hh24:mi`, at least 60 minutes) in which ElastiCache starts the
   * automatic snapshot. It must not overlap `preferredMaintenanceWindow`.
   *
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;

  /**
   * Weekly time range (UTC, `ddd:hh24:mi-ddd:hh24:mi`, at least 60 minutes, for example
   * `'sun:05:00-sun:06:00'`) in which ElastiCache may patch the nodes, one at a time, failing over to a
   * replica.
   *
   * @default 'sun:05:00-sun:06:00'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * How long the slow log and the engine log are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Engine parameters of the cache's parameter group, for example `{ 'maxmemory-policy': 'volatile-lru' }`.
   * `cluster-enabled` is set from `clusterMode`.
   *
   * Only the parameters that ElastiCache documents for the engine's parameter group family (`valkey8`) are taken, and
   * only those it lets a parameter group set: an unknown name (with the closest one as a hint), a name of an older
   * engine (`hash-max-ziplist-entries`, now `hash-max-listpack-entries`), a parameter ElastiCache sets itself
   * (`maxmemory`, `maxclients`) or a value of the wrong kind (`maxmemory-policy` other than its eight policies, a number
   * out of its documented range) is refused at synth time, as ElastiCache would refuse it at deployment.
   *
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
   * @default - the engine's defaults
   */
  readonly parameters?: { [name: string]: string };

  /**
   * What the app's user may do on the cache: an ElastiCache access string (`on`, key patterns, command
   * categories and commands), without passwords: the user signs in with IAM.
   *
   * The default allows every key and every command but those of the `@dangerous` category, which holds
   * `KEYS`, `INFO`, `SORT`, `FLUSHDB`, `FLUSHALL`, `CLIENT LIST`, `ROLE` and the administrative commands.
   * Clients that read `INFO` (BullMQ and Sidekiq do) need `'on ~* +@all -@dangerous +info'`.
   *
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html
   * @default 'on ~* +@all -@dangerous'
   */
  readonly accessString?: string;

  /**
   * What happens to the cache when it leaves the stack (deletion, or a replacement).
   *
   * `SNAPSHOT` takes a final snapshot, kept until you delete it. `RETAIN` keeps the running cache with
   * the subnet group, parameter group, security group, users and user group that it still uses. The key
   * created here (which encrypts the snapshots) and the log groups are kept unless the policy is `DESTROY`.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}

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
export class WebAppCache extends Construct implements ec2.IConnectable {
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

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'ElastiCache nodes of the web app: admit only the groups given to allowConnectionsFrom',
      allowAllOutbound: false,
    });
    this.securityGroup.applyRemovalPolicy(partsPolicy);
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `Subnets of ${displayPath(this)}`,
      subnetIds: subnets.subnetIds,
    });
    this.subnetGroup.applyRemovalPolicy(partsPolicy);

    this.parameterGroup = new elasticache.CfnParameterGroup(this, 'ParameterGroup', {
      description: `Parameters of ${displayPath(this)}`,
      cacheParameterGroupFamily: parameterGroupFamily,
      properties: { ...parameters, 'cluster-enabled': this.clusterMode ? 'yes' : 'no' },
    });
    this.parameterGroup.applyRemovalPolicy(partsPolicy);

    const users = this.createUsers(accessString, partsPolicy);
    this.user = users.user;
    this.userGroup = users.userGroup;
    this.userId = this.user.ref;

    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const logGroup = (logId: string, logType: string) => new logs.LogGroup(this, logId, {
      logGroupName: vendedLogGroupName(this, logType),
      encryptionKey: this.encryptionKey,
      retention: logRetention,
      removalPolicy: keptUnlessDestroyed,
    });
    this.slowLogGroup = logGroup('SlowLog', 'slow-log');
    this.engineLogGroup = logGroup('EngineLog', 'engine-log');
    const logDelivery = (logType: string, group: logs.ILogGroup): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty => ({
      logType,
      logFormat: 'json',
      destinationType: 'cloudwatch-logs',
      destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
    });

    const pinZones = props.pinAvailabilityZones ?? true;
    const zoneOf = (index: number) => zones[index % zones.length];
    const nodes: Partial<elasticache.CfnReplicationGroupProps> = this.clusterMode
      ? {
        numNodeGroups: shards,
        replicasPerNodeGroup: replicasPerShard,
        nodeGroupConfiguration: pinZones
          ? Array.from({ length: shards }, (_, shard) => ({
            nodeGroupId: String(shard + 1).padStart(4, '0'),
            replicaCount: replicasPerShard,
            primaryAvailabilityZone: zoneOf(shard),
            replicaAvailabilityZones: Array.from({ length: replicasPerShard }, (__, replica) => zoneOf(shard + 1 + replica)),
          }))
          : undefined,
      }
      : {
        numCacheClusters: replicasPerShard + 1,
        preferredCacheClusterAZs: pinZones ? Array.from({ length: replicasPerShard + 1 }, (_, node) => zoneOf(node)) : undefined,
      };

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
      ...nodes,
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
      logDeliveryConfigurations: [
        logDelivery('slow-log', this.slowLogGroup),
        logDelivery('engine-log', this.engineLogGroup),
      ],
    });
    this.replicationGroupId = this.replicationGroup.ref;
    const groupId = this.replicationGroupId;
    const nodesPerShard = replicasPerShard + 1;
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    this.nodeIds = this.clusterMode
      ? Array.from({ length: shards * nodesPerShard }, (_, index) =>
        `${groupId}-${pad(Math.floor(index / nodesPerShard) + 1, 4)}-${pad(index % nodesPerShard + 1, 3)}`)
      : Array.from({ length: nodesPerShard }, (_, index) => `${groupId}-${pad(index + 1, 3)}`);
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

  /**
   * The app's user (IAM authentication), the disabled user named `default` that every Redis OSS user group
   * must hold, and their user group.
   *
   * Users and user groups have the engine `redis` for both engines: ElastiCache lets a Valkey cache use a
   * Redis OSS user group, but a Valkey user group admits only users with a password or IAM, and the
   * disabled `default` user has neither.
   */
  private createUsers(accessString: string, removalPolicy: RemovalPolicy): { user: elasticache.CfnUser; userGroup: elasticache.CfnUserGroup } {
    const id = rbacId(this);
    const user = new elasticache.CfnUser(this, 'User', {
      engine: CacheEngineName.REDIS,
      // IAM authentication needs the user name and the user ID to be the same.
      userId: `${id}-app`,
      userName: `${id}-app`,
      authenticationMode: { Type: 'iam' },
      accessString,
    });
    const disabledDefault = new elasticache.CfnUser(this, 'DefaultUser', {
      engine: CacheEngineName.REDIS,
      userId: `${id}-default`,
      userName: 'default',
      authenticationMode: { Type: 'no-password-required' },
      // Off: nobody can sign in as this user, with or without a password, and it may run nothing.
      accessString: 'off -@all',
    });
    const userGroup = new elasticache.CfnUserGroup(this, 'UserGroup', {
      engine: CacheEngineName.REDIS,
      userGroupId: id,
      userIds: [user.ref, disabledDefault.ref],
    });
    for (const resource of [user, disabledDefault, userGroup]) {
      resource.applyRemovalPolicy(removalPolicy);
    }
    return { user, userGroup };
  }
}

/** The longest suffix that a user's ID adds to {@link rbacId}: `-default`. */
const RBAC_ID_SUFFIX_LENGTH = '-default'.length;
/** User and user group IDs: at most 40 characters. */
const RBAC_ID_LENGTH = 40;
/** The first block of a stack's UUID: 8 hexadecimal digits. */
const STACK_UUID_START_LENGTH = 8;

/**
 * The ID of the cache's user group, and the start of its users' IDs: `webapp-cache-a38a6b0f-1a2b3c4d`, the
 * construct's unique name (lower case, as the IDs must be) and the start of the stack's UUID. ElastiCache user
 * and user group IDs are unique per account and Region: the second part keeps the same app in two stacks, or in
 * a stack of the same name in another Region, from claiming the IDs of the first.
 */
function rbacId(scope: Construct): string {
  const stackUuidStart = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
  const maxLength = RBAC_ID_LENGTH - RBAC_ID_SUFFIX_LENGTH - '-'.length - STACK_UUID_START_LENGTH;
  const name = Names.uniqueResourceName(scope, { maxLength, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
  const prefix = /^[a-z]/.test(name) ? name : `cache-${name}`.slice(0, maxLength).replace(/-$/, '');
  return `${prefix}-${stackUuidStart}`;
}

/** The types of the props, for callers that no compiler checks. */
const CACHE_PROP_TYPES: PropTypes = {
  vpc: types.withMembers(['vpcId', 'selectSubnets'], 'an ec2.IVpc, for example WebAppNetwork.vpc'),
  vpcSubnets: types.objectOf('an ec2.SubnetSelection such as { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'),
  engine: {
    ...types.instanceOf(CacheEngine, "CacheEngine.valkey() or CacheEngine.redis('7.1')"),
    // The version is given to the factory, so an error names the engine the user set.
    checkParts: (scope, prop, engine: CacheEngine) => validateType(scope, prop, engine.version, types.string),
  },
  nodeType: types.string,
  replicasPerShard: types.number,
  shards: types.number,
  clusterMode: types.boolean,
  pinAvailabilityZones: types.boolean,
  port: types.number,
  snapshotRetentionLimit: types.number,
  snapshotWindow: types.string,
  preferredMaintenanceWindow: types.string,
  logRetention: types.retentionDays,
  parameters: types.mapOf(types.string),
  accessString: types.string,
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'),
};

/**
 * The name of one of the cache's log groups: `/aws/vendedlogs/elasticache/<unique name>/<stack UUID>/<log type>`.
 *
 * ElastiCache delivers its logs through CloudWatch Logs' vended log delivery, which lets itself write to the log group
 * with a resource policy. CloudWatch Logs allows 10 resource policies per account and Region, of at most 5,120
 * characters: a policy that names every log group fills up after a few dozen caches, and the next log delivery fails.
 * When a policy nears that size, CloudWatch Logs covers `/aws/vendedlogs/*` with one statement instead, so log groups
 * under that prefix keep working (newer deliveries put a policy on the log group itself; the name costs nothing there).
 * The construct's unique name tells two caches of a stack apart, and the UUID of the stack two stacks of one name,
 * in a Region or across Regions: the log groups are retained when the stack is deleted, and a name of its own lets
 * the next stack of that name deploy. Names take up to 512 characters of `[.\-_/#A-Za-z0-9]`; this one about 110.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Logging-destinations.html
 */
function vendedLogGroupName(scope: Construct, logType: string): string {
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return `/aws/vendedlogs/elasticache/${Names.uniqueResourceName(scope, { maxLength: 100, separator: '-' })}/${stackUuid}/${logType}`;
}

/**
 * Checks the engine parameters against those that ElastiCache documents for the family (src/private/capabilities.ts):
 * ElastiCache refuses an unknown name, a parameter it sets itself and a value of the wrong kind when it creates the
 * parameter group. Tokens pass unchecked.
 */
function validateParameters(scope: Construct, parameters: { [name: string]: string }, family: CacheParameterFamily,
  engine: CacheEngine, nodeType: string): void {
  if (Token.isUnresolved(parameters) || typeof parameters !== 'object' || parameters === null) {
    return;
  }
  const engineName = `${engine.name === CacheEngineName.VALKEY ? 'Valkey' : 'Redis OSS'} ${engine.version}`;
  for (const [name, value] of Object.entries(parameters)) {
    if (Token.isUnresolved(name)) {
      continue;
    }
    if (name === 'cluster-enabled') {
      invalidProp(scope, 'parameters', parameters, "remove 'cluster-enabled': it is set from clusterMode");
    }
    const row = cacheParameter(family, name);
    if (row === undefined || !cacheParameterInVersion(row, engine.version)) {
      invalidProp(scope, 'parameters', name, unknownParameterFix(name, family, engine, engineName, row?.since));
    }
    if (!row.modifiable) {
      invalidProp(scope, 'parameters', name,
        `remove it: ElastiCache sets '${name}' itself and refuses a value for it in a parameter group (the ${family} family lists it as not modifiable)`);
    }
    if (typeof value !== 'string' || Token.isUnresolved(value)) {
      continue;
    }
    if (!cacheParameterValueAccepted(row.values, value)) {
      invalidProp(scope, `parameters.${name}`, value, `give ${describeCacheParameterValues(row.values)}: ElastiCache refuses other values of '${name}'`);
    }
    if (name === 'maxmemory-policy' && !Token.isUnresolved(nodeType) && isDataTiering(nodeType) && !DATA_TIERING_MAXMEMORY_POLICIES.includes(value)) {
      invalidProp(scope, `parameters.${name}`, value, `give one of ${DATA_TIERING_MAXMEMORY_POLICIES.map((policy) => `'${policy}'`).join(', ')}: `
        + `nodes with data tiering (${nodeType}) take no other eviction policy`);
    }
  }
}

/** The fix of an error about a parameter that the family (or the engine version) does not have. */
function unknownParameterFix(name: string, family: CacheParameterFamily, engine: CacheEngine, engineName: string, since: string | undefined): string {
  if (since !== undefined) {
    return `'${name}' came with Valkey ${since}: use CacheEngine.valkey('${since}') or later, or leave it out (${engineName} has no such parameter)`;
  }
  const removed = removedCacheParameter(family, name);
  if (removed !== undefined) {
    return removed.replacement !== undefined
      ? `use '${removed.replacement}': '${name}' was ${removed.change}, and the ${family} family (${engineName}) has no parameter of the old name`
      : `leave it out: '${name}' was ${removed.change}, and the ${family} family (${engineName}) has no such parameter`;
  }
  const others = cacheParameterFamilies(name);
  if (others.length > 0) {
    return `leave it out, or choose an engine of its families: '${name}' is a parameter of the ${others.join(' and ')} parameter groups, `
      + `not of the ${family} family (${engineName})`;
  }
  const match = closestMatch(name, settableCacheParameters(family, engine.version));
  return `${match !== undefined ? `did you mean '${match}'? ` : ''}ElastiCache's ${family} parameter groups (${engineName}) have no parameter '${name}' `
    + `and refuse it at deployment; the parameters are listed at ${CACHE_PARAMETERS_SOURCE}`;
}

/** Whether the node type has data tiering (`cache.r6gd.xlarge`), which ElastiCache turns on for it. */
function isDataTiering(nodeType: string): boolean {
  return /^cache\.[a-z0-9]+gd\./.test(nodeType);
}

function validateAccessString(scope: Construct, accessString: string): void {
  if (Token.isUnresolved(accessString)) {
    return;
  }
  const rules = accessString.trim().split(/\s+/);
  if (rules.some((rule) => PASSWORD_RULES.test(rule))) {
    invalidProp(scope, 'accessString', accessString,
      'leave out password rules (nopass, resetpass, reset, >, <, #, !): the user signs in with IAM, and ElastiCache manages passwords');
  }
  if (!rules.includes('on') || rules.includes('off')) {
    invalidProp(scope, 'accessString', accessString, "include 'on' (and not 'off'): a user that is off cannot sign in, for example 'on ~* +@all -@dangerous'");
  }
}

/** Checks the engine version and returns the parameter group family of that version. */
function validateEngine(scope: Construct, engine: CacheEngine): CacheParameterFamily {
  const factory = engine.name === CacheEngineName.VALKEY ? 'valkey' : 'redis';
  const shown = `CacheEngine.${factory}('${engine.version}')`;
  requireConcrete(scope, 'engine', engine.version, 'the version decides the parameter group family');
  const families = PARAMETER_GROUP_FAMILIES[engine.name];
  const family = families[engine.version];
  if (family !== undefined) {
    return family;
  }
  const versions = Object.keys(families).join(', ');
  if (engine.name === CacheEngineName.REDIS && OLDER_REDIS_VERSIONS.includes(engine.version)) {
    return invalidProp(scope, 'engine', shown,
      `give a Redis OSS version of ${versions}, or use CacheEngine.valkey(): Redis OSS before 7.0 lacks the in-transit encryption mode the cache requires`);
  }
  const name = engine.name === CacheEngineName.VALKEY ? 'Valkey' : 'Redis OSS';
  return invalidProp(scope, 'engine', shown, `ElastiCache offers no ${name} ${engine.version}: give one of ${versions}`);
}

function validateNodeType(scope: Construct, nodeType: string): void {
  if (!Token.isUnresolved(nodeType) && !/^cache\.[a-z][a-z0-9-]*\.(micro|small|medium|large|[1-9][0-9]?xlarge|xlarge)$/.test(nodeType)) {
    invalidProp(scope, 'nodeType', nodeType, "give an ElastiCache node type, for example 'cache.t4g.small' or 'cache.r7g.large'");
  }
}

function validateCounts(scope: Construct, replicasPerShard: number, shards: number): void {
  requireConcrete(scope, 'replicasPerShard', replicasPerShard, 'it decides the Availability Zone of each node');
  requireConcrete(scope, 'shards', shards, 'it decides the Availability Zones of each shard');
  if (replicasPerShard === 0) {
    invalidProp(scope, 'replicasPerShard', replicasPerShard,
      'give 1 to 5: Multi-AZ with automatic failover needs a replica in another Availability Zone to take over from the primary');
  }
  validateInteger(scope, 'replicasPerShard', replicasPerShard, 1, 5);
  validateInteger(scope, 'shards', shards, 1, MAX_NODES);
  const nodes = shards * (replicasPerShard + 1);
  if (nodes > MAX_NODES) {
    invalidProp(scope, 'shards', shards,
      `${shards} shards of ${replicasPerShard + 1} nodes make ${nodes} nodes; ElastiCache allows at most ${MAX_NODES} nodes in a cluster: use fewer shards or replicas`);
  }
}

/** The shortest snapshot and maintenance windows that ElastiCache accepts. */
const ELASTICACHE_MINIMUM_WINDOW_MINUTES = 60;
