import { Token } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { invalidProp, requireConcrete, validateInteger } from '../../private/validation';

/** The nodes of one ElastiCache cluster, across all shards. */
const MAX_NODES = 500;

/** How many nodes of a cache, in how many shards, in which mode. */
export interface CacheNodeCounts {
  /** Shards (node groups). */
  readonly shards: number;
  /** Read replicas of each shard's primary. */
  readonly replicasPerShard: number;
  /** Whether the cache runs in cluster mode. */
  readonly clusterMode: boolean;
}

/**
 * The replication group's nodes: in cluster mode, shards of a primary and its replicas; otherwise a primary and
 * replicas. With `pinZones`, the nodes of each shard go round-robin across the zones, so that every primary has its
 * replicas in other zones.
 */
export function nodeLayout(counts: CacheNodeCounts, zones: string[], pinZones: boolean): Partial<elasticache.CfnReplicationGroupProps> {
  const { shards, replicasPerShard } = counts;
  const zoneOf = (index: number) => zones[index % zones.length];
  return counts.clusterMode
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
}

/**
 * The ID of every node of the replication group, as ElastiCache names them: `<group>-001`, `<group>-002`… or, in
 * cluster mode, `<group>-0001-001`… (shard, then node).
 */
export function nodeIdsOf(groupId: string, counts: CacheNodeCounts): string[] {
  const nodesPerShard = counts.replicasPerShard + 1;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return counts.clusterMode
    ? Array.from({ length: counts.shards * nodesPerShard }, (_, index) =>
      `${groupId}-${pad(Math.floor(index / nodesPerShard) + 1, 4)}-${pad(index % nodesPerShard + 1, 3)}`)
    : Array.from({ length: nodesPerShard }, (_, index) => `${groupId}-${pad(index + 1, 3)}`);
}

/** Checks the node type's form (`cache.<family>.<size>`). Tokens pass unchecked. */
export function validateNodeType(scope: Construct, nodeType: string): void {
  if (!Token.isUnresolved(nodeType) && !/^cache\.[a-z][a-z0-9-]*\.(micro|small|medium|large|[1-9][0-9]?xlarge|xlarge)$/.test(nodeType)) {
    invalidProp(scope, 'nodeType', nodeType, "give an ElastiCache node type, for example 'cache.t4g.small' or 'cache.r7g.large'");
  }
}

/** Checks the replica and shard counts: concrete, within ElastiCache's bounds, and at most {@link MAX_NODES} nodes. */
export function validateCounts(scope: Construct, replicasPerShard: number, shards: number): void {
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
