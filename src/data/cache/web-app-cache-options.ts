import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CacheEngine } from './engine';

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
