/*
 * The parameters of ElastiCache's parameter groups, per family, with the values each takes, those that earlier engine
 * versions had, and the eviction policies of nodes with data tiering.
 */

/** The parameter group families of the cache engines that the library offers: Redis OSS 7, Valkey 7.2, 8 and 9. */
export type CacheParameterFamily = 'redis7' | 'valkey7' | 'valkey8' | 'valkey9';

/** What a cache parameter takes: a whole number (within bounds), `yes` or `no`, one of some words, or any text. */
export interface CacheParameterValues {
  readonly kind: 'integer' | 'yes-no' | 'one-of' | 'text';
  readonly min?: number;
  readonly max?: number;
  readonly allowed?: readonly string[];
}

/** A parameter of the parameter groups of some families. */
export interface CacheParameterRow {
  readonly name: string;
  readonly families: readonly CacheParameterFamily[];
  /** Whether a custom parameter group may set it: ElastiCache refuses a value for the others ("Modifiable: No"). */
  readonly modifiable: boolean;
  readonly values: CacheParameterValues;
  /** The first Valkey version of the family that has it (`8.1` for the command log), when not the family's first. */
  readonly since?: string;
  readonly source: string;
}

/** A parameter of earlier engines that the families no longer take: renamed to `replacement`, or removed. */
export interface RemovedCacheParameterRow {
  readonly name: string;
  readonly families: readonly CacheParameterFamily[];
  readonly replacement?: string;
  /** What happened to it, in the words of an error: `renamed in Redis OSS 5.0`. */
  readonly change: string;
  readonly source: string;
}

const CACHE_PARAMETERS_PAGE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html';
const EVERY_CACHE_FAMILY: readonly CacheParameterFamily[] = ['redis7', 'valkey7', 'valkey8', 'valkey9'];
const VALKEY_8_ON: readonly CacheParameterFamily[] = ['valkey8', 'valkey9'];
const BEFORE_VALKEY_8: readonly CacheParameterFamily[] = ['redis7', 'valkey7'];

const whole = (min?: number, max?: number): CacheParameterValues => ({ kind: 'integer', min, max });
const yesNo: CacheParameterValues = { kind: 'yes-no' };
const text: CacheParameterValues = { kind: 'text' };
const oneOf = (...allowed: string[]): CacheParameterValues => ({ kind: 'one-of', allowed });

/**
 * The rows of one section of the parameters page: the parameters a group may set, with their values, and those that
 * ElastiCache sets itself (`fixed`).
 */
function parameterSection(anchor: string, families: readonly CacheParameterFamily[], settable: Record<string, CacheParameterValues>,
  fixed: string[] = [], since?: string): CacheParameterRow[] {
  const source = `${CACHE_PARAMETERS_PAGE}#${anchor}`;
  return [
    ...Object.entries(settable).map(([name, values]): CacheParameterRow => ({ name, families, modifiable: true, values, since, source })),
    ...fixed.map((name): CacheParameterRow => ({ name, families, modifiable: false, values: text, since, source })),
  ];
}

/** The eviction policies of `maxmemory-policy` (the LFU ones since Redis OSS 4.0.10). */
const MAXMEMORY_POLICIES = ['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'];

/**
 * The parameters of the Valkey and Redis OSS parameter group families that the library creates groups of, with what
 * each takes. The page lists the parameters of Redis OSS 2.6.13 and then the changes of every later version, so a
 * family has the parameters of every earlier section that no later one renamed or removed; Valkey 7.2 has those of
 * Redis OSS 7, Valkey 8 drops the lazy-free ones and adds its own, Valkey 9 adds `cluster-databases`. Bounds are those
 * the page gives ("Permitted values"); a parameter without them takes any whole number (the smallest that makes
 * sense for a size or a count is 0).
 */
export const CACHE_PARAMETERS: CacheParameterRow[] = [
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.2-6-13
  ...parameterSection('ParameterGroups.Redis.2-6-13', EVERY_CACHE_FAMILY, {
    'client-output-buffer-limit-normal-hard-limit': whole(0),
    'client-output-buffer-limit-normal-soft-limit': whole(0),
    'client-output-buffer-limit-normal-soft-seconds': whole(0),
    'client-output-buffer-limit-pubsub-hard-limit': whole(0),
    'client-output-buffer-limit-pubsub-soft-limit': whole(0),
    'client-output-buffer-limit-pubsub-soft-seconds': whole(0),
    'reserved-memory': whole(0),
    'set-max-intset-entries': whole(0),
    'slowlog-log-slower-than': whole(),
    'slowlog-max-len': whole(0),
    'tcp-keepalive': whole(0),
    'timeout': whole(0),
  }, ['lua-time-limit', 'maxclients']),
  ...parameterSection('ParameterGroups.Redis.2-6-13', BEFORE_VALKEY_8, { 'maxmemory-samples': whole(1) }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.2-8-6
  ...parameterSection('ParameterGroups.Redis.2-8-6', EVERY_CACHE_FAMILY, {
    'notify-keyspace-events': text,
    'repl-backlog-size': whole(16384),
    'repl-backlog-ttl': whole(0),
  }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.3-2-4
  ...parameterSection('ParameterGroups.Redis.3-2-4', EVERY_CACHE_FAMILY, {
    'list-compress-depth': whole(0),
    'cluster-require-full-coverage': yesNo,
    'hll-sparse-max-bytes': whole(0),
    'reserved-memory-percent': whole(0, 100),
    // "Modifiable: Yes if the parameter group is not associated with any clusters": the group is created with its cache.
    'databases': whole(1),
    // Listed as not modifiable, but taken by a new group: the .cluster.on default groups differ only in it. WebAppCache
    // sets it from clusterMode.
    'cluster-enabled': yesNo,
  }, ['appendonly', 'appendfsync']),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.4-0-10
  ...parameterSection('ParameterGroups.Redis.4-0-10', EVERY_CACHE_FAMILY, {
    'maxmemory-policy': oneOf(...MAXMEMORY_POLICIES),
    'lfu-log-factor': whole(1),
    'lfu-decay-time': whole(0),
    'activedefrag': yesNo,
    'active-defrag-ignore-bytes': whole(10485760, 104857600),
    'active-defrag-threshold-lower': whole(1, 100),
    'active-defrag-threshold-upper': whole(1, 100),
    'active-defrag-cycle-min': whole(1, 75),
    'active-defrag-cycle-max': whole(1, 75),
    'client-query-buffer-limit': whole(1048576, 1073741824),
    'proto-max-bulk-len': whole(1048576, 536870912),
  }),
  ...parameterSection('ParameterGroups.Redis.4-0-10', BEFORE_VALKEY_8, {
    'lazyfree-lazy-eviction': yesNo,
    'lazyfree-lazy-expire': yesNo,
    'lazyfree-lazy-server-del': yesNo,
  }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.5.0
  ...parameterSection('ParameterGroups.Redis.5.0', EVERY_CACHE_FAMILY, {
    'stream-node-max-bytes': whole(0),
    'stream-node-max-entries': whole(0),
    'active-defrag-max-scan-fields': whole(1, 1000000),
    'min-replicas-to-write': whole(0),
    'min-replicas-max-lag': whole(0),
    'close-on-replica-write': yesNo,
  }, ['replica-ignore-maxmemory', 'client-output-buffer-limit-replica-hard-limit', 'client-output-buffer-limit-replica-soft-limit',
    'client-output-buffer-limit-replica-soft-seconds', 'replica-allow-chaining']),
  ...parameterSection('ParameterGroups.Redis.5.0', BEFORE_VALKEY_8, {}, ['replica-lazy-flush']),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.5-0-3
  ...parameterSection('ParameterGroups.Redis.5-0-3', EVERY_CACHE_FAMILY, { 'rename-commands': text }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.6-x
  ...parameterSection('ParameterGroups.Redis.6-x', EVERY_CACHE_FAMILY, {
    'acl-pubsub-default': oneOf('resetchannels', 'allchannels'),
    'cluster-allow-reads-when-down': yesNo,
    'tracking-table-max-keys': whole(0),
    'acllog-max-len': whole(0),
    'active-expire-effort': whole(1, 10),
  }),
  ...parameterSection('ParameterGroups.Redis.6-x', BEFORE_VALKEY_8, { 'lazyfree-lazy-user-del': yesNo }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.7
  // activerehashing is hidden and on since Redis OSS 7: turning it off takes a support case.
  ...parameterSection('ParameterGroups.Redis.7', EVERY_CACHE_FAMILY, {
    'cluster-allow-pubsubshard-when-down': yesNo,
    'cluster-preferred-endpoint-type': oneOf('ip', 'tls-dynamic'),
    'latency-tracking': yesNo,
    'hash-max-listpack-entries': whole(0),
    'hash-max-listpack-value': whole(0),
    'zset-max-listpack-entries': whole(0),
    'zset-max-listpack-value': whole(0),
  }, ['activerehashing']),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8
  ...parameterSection('ParameterGroups.Valkey.8', VALKEY_8_ON, {
    'extended-redis-compatibility': yesNo,
    'maxmemory-samples': whole(1, 64),
  }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8.1
  ...parameterSection('ParameterGroups.Valkey.8.1', VALKEY_8_ON, {
    'commandlog-request-larger-than': whole(),
    'commandlog-large-request-max-len': whole(0, 1024),
    'commandlog-reply-larger-than': whole(),
    'commandlog-large-reply-max-len': whole(0, 1024),
  }, [], '8.1'),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8.2
  ...parameterSection('ParameterGroups.Valkey.8.2', VALKEY_8_ON, {
    'search-fanout-target-mode': oneOf('client', 'throughput'),
    'search-default-timeout-ms': whole(1, 60000),
    'search-enable-partial-results': yesNo,
  }, [], '8.2'),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.9.0
  // "Modifiable: No (set at creation)", as `databases`: the group is created with its cache.
  ...parameterSection('ParameterGroups.Valkey.9.0', ['valkey9'], { 'cluster-databases': whole(1, 10000) }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.NodeSpecific
  ...parameterSection('ParameterGroups.Redis.NodeSpecific', EVERY_CACHE_FAMILY, {}, ['maxmemory']),
];

/** The rows of {@link REMOVED_CACHE_PARAMETERS} of one change: the old names, each with its new name if it has one. */
function removedSection(anchor: string, families: readonly CacheParameterFamily[], change: string,
  names: Record<string, string | undefined>): RemovedCacheParameterRow[] {
  return Object.entries(names).map(([name, replacement]) => ({ name, families, replacement, change, source: `${CACHE_PARAMETERS_PAGE}#${anchor}` }));
}

/** The parameters of earlier versions that the families no longer have, for an error that names the new one. */
export const REMOVED_CACHE_PARAMETERS: RemovedCacheParameterRow[] = [
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.3-2-4
  ...removedSection('ParameterGroups.Redis.3-2-4', EVERY_CACHE_FAMILY, 'removed in Redis OSS 3.2.4',
    { 'list-max-ziplist-entries': undefined, 'list-max-ziplist-value': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.5.0
  ...removedSection('ParameterGroups.Redis.5.0', EVERY_CACHE_FAMILY, 'renamed in Redis OSS 5.0', {
    'slave-lazy-flush': 'replica-lazy-flush',
    'client-output-buffer-limit-slave-hard-limit': 'client-output-buffer-limit-replica-hard-limit',
    'client-output-buffer-limit-slave-soft-limit': 'client-output-buffer-limit-replica-soft-limit',
    'client-output-buffer-limit-slave-soft-seconds': 'client-output-buffer-limit-replica-soft-seconds',
    'slave-allow-chaining': 'replica-allow-chaining',
    'min-slaves-to-write': 'min-replicas-to-write',
    'min-slaves-max-lag': 'min-replicas-max-lag',
    'close-on-slave-write': 'close-on-replica-write',
  }),
  ...removedSection('ParameterGroups.Redis.5.0', EVERY_CACHE_FAMILY, 'removed in Redis OSS 5.0', { 'repl-timeout': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.6-x
  ...removedSection('ParameterGroups.Redis.6-x', EVERY_CACHE_FAMILY, 'removed in Redis OSS 6', { 'lua-replicate-commands': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.7
  ...removedSection('ParameterGroups.Redis.7', EVERY_CACHE_FAMILY, 'replaced by its listpack form in Redis OSS 7', {
    'hash-max-ziplist-entries': 'hash-max-listpack-entries',
    'hash-max-ziplist-value': 'hash-max-listpack-value',
    'zset-max-ziplist-entries': 'zset-max-listpack-entries',
    'zset-max-ziplist-value': 'zset-max-listpack-value',
  }),
  ...removedSection('ParameterGroups.Redis.7', EVERY_CACHE_FAMILY, 'removed in Redis OSS 7', { 'list-max-ziplist-size': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8
  ...removedSection('ParameterGroups.Valkey.8', VALKEY_8_ON, 'removed in Valkey 8.0', {
    'lazyfree-lazy-eviction': undefined,
    'lazyfree-lazy-expire': undefined,
    'lazyfree-lazy-server-del': undefined,
    'lazyfree-lazy-user-del': undefined,
    'replica-lazy-flush': undefined,
  }),
];

/**
 * The eviction policies that nodes with data tiering (the `r6gd` node types) take: "only noeviction, volatile-lru and
 * allkeys-lru".
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.4-0-10
 */
export const DATA_TIERING_MAXMEMORY_POLICIES: readonly string[] = ['noeviction', 'volatile-lru', 'allkeys-lru'];

/** The source of {@link DATA_TIERING_MAXMEMORY_POLICIES}. */
export const DATA_TIERING_MAXMEMORY_POLICIES_SOURCE = `${CACHE_PARAMETERS_PAGE}#ParameterGroups.Redis.4-0-10`;

/** The page that lists every parameter, for error messages. */
export const CACHE_PARAMETERS_SOURCE = `${CACHE_PARAMETERS_PAGE}#ParameterGroups.Redis`;

/** The row of a parameter of the family, whatever the engine version. */
export function cacheParameter(family: CacheParameterFamily, name: string): CacheParameterRow | undefined {
  return CACHE_PARAMETERS.find((row) => row.name === name && row.families.includes(family));
}

/** The families that have a parameter, in any version. */
export function cacheParameterFamilies(name: string): CacheParameterFamily[] {
  return EVERY_CACHE_FAMILY.filter((family) => cacheParameter(family, name) !== undefined);
}

/** The row of a parameter that the family no longer has. */
export function removedCacheParameter(family: CacheParameterFamily, name: string): RemovedCacheParameterRow | undefined {
  return REMOVED_CACHE_PARAMETERS.find((row) => row.name === name && row.families.includes(family));
}

/** Whether the engine version (`8.0`) has the parameter of its family: those added in a later minor version it has not. */
export function cacheParameterInVersion(row: CacheParameterRow, version: string): boolean {
  if (row.since === undefined) {
    return true;
  }
  const [major, minor] = version.split('.').map(Number);
  const [sinceMajor, sinceMinor] = row.since.split('.').map(Number);
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}

/** The parameters that a group of the family may set on the engine version. */
export function settableCacheParameters(family: CacheParameterFamily, version: string): string[] {
  return CACHE_PARAMETERS.filter((row) => row.families.includes(family) && row.modifiable && cacheParameterInVersion(row, version))
    .map((row) => row.name);
}

/** Whether ElastiCache takes the value for a parameter of these values. */
export function cacheParameterValueAccepted(values: CacheParameterValues, value: string): boolean {
  switch (values.kind) {
    case 'yes-no':
      return value === 'yes' || value === 'no';
    case 'one-of':
      return values.allowed!.includes(value);
    case 'integer': {
      const number = /^-?\d+$/.test(value) ? Number(value) : NaN;
      return Number.isSafeInteger(number) && number >= (values.min ?? -Infinity) && number <= (values.max ?? Infinity);
    }
    default:
      return true;
  }
}

/** What to give for a parameter of these values, in the words of an error: `yes or no`. */
export function describeCacheParameterValues(values: CacheParameterValues): string {
  switch (values.kind) {
    case 'yes-no':
      return "'yes' or 'no'";
    case 'one-of':
      return `one of ${values.allowed!.map((value) => `'${value}'`).join(', ')}`;
    case 'integer':
      if (values.min !== undefined && values.max !== undefined) {
        return `a whole number from ${values.min} to ${values.max}, as a string`;
      }
      return values.min !== undefined ? `a whole number of at least ${values.min}, as a string` : 'a whole number, as a string';
    default:
      return 'a string';
  }
}
