import { Duration, Size, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalidProp, PropType, types, validateInteger } from '../../private/validation';

/**
 * Thresholds of the alarms of {@link WebAppMonitoring}. Each default suits the default stack; raise the
 * capacity-bound ones (connections, memory) with bigger instances.
 */
export interface WebAppAlarmThresholds {
  /**
   * Percentage of CloudFront requests answered with a 5xx status, averaged over 5 minutes.
   *
   * @default 5
   */
  readonly cloudFront5xxErrorRate?: number;

  /**
   * Requests that the WebACL blocks in 5 minutes: a surge means an attack, or a rule that blocks real users.
   *
   * @default 1000
   */
  readonly firewallBlockedRequests?: number;

  /**
   * Requests that one rule in count mode matches in 5 minutes (`ruleActionOverrides`, or a rule of the firewall's own
   * whose action is count): the requests it would block once promoted.
   *
   * @default 100
   */
  readonly firewallCountedRequests?: number;

  /**
   * 5xx responses that the load balancer itself generates in 5 minutes (no healthy target, timeouts).
   *
   * @default 10
   */
  readonly loadBalancer5xxErrors?: number;

  /**
   * 5xx responses from the instances in 5 minutes.
   *
   * @default 10
   */
  readonly target5xxErrors?: number;

  /**
   * 99th percentile of the instances' response time, over 5 minutes.
   *
   * @default Duration.seconds(2)
   */
  readonly targetResponseTimeP99?: Duration;

  /**
   * Average CPU utilization (percent) of the instances, sustained for 15 minutes: scaling has reached
   * `maxCapacity` or cannot keep up.
   *
   * @default 85
   */
  readonly instanceCpuUtilization?: number;

  /**
   * Average memory utilization (percent) of the instances, from the CloudWatch agent.
   *
   * @default 90
   */
  readonly instanceMemoryUtilization?: number;

  /**
   * Average utilization (percent) of the instances' root file system, from the CloudWatch agent.
   *
   * @default 85
   */
  readonly instanceDiskUtilization?: number;

  /**
   * CPU utilization (percent) of the database writer, sustained for 15 minutes.
   *
   * @default 80
   */
  readonly databaseCpuUtilization?: number;

  /**
   * Freeable memory of the database writer below which the alarm fires.
   *
   * @default Size.mebibytes(256)
   */
  readonly databaseFreeableMemory?: Size;

  /**
   * Free storage of the database below which the alarm fires (not for Aurora, whose storage grows by itself).
   *
   * @default Size.gibibytes(10)
   */
  readonly databaseFreeStorage?: Size;

  /**
   * Lag of a read replica or Aurora reader behind the writer.
   *
   * @default Duration.seconds(60)
   */
  readonly databaseReplicaLag?: Duration;

  /**
   * Connections to the database writer. The default is about 80% of `max_connections` of the default
   * db.t4g.medium PostgreSQL instance; raise it with a bigger instance class.
   *
   * @default 300
   */
  readonly databaseConnections?: number;

  /**
   * CPU utilization (percent) of the cache engine thread on the busiest node.
   *
   * @default 80
   */
  readonly cacheEngineCpuUtilization?: number;

  /**
   * Memory utilization (percent of `maxmemory`) of the fullest cache node.
   *
   * @default 85
   */
  readonly cacheMemoryUtilization?: number;

  /**
   * Keys evicted for lack of memory in 5 minutes, on the node that evicts most.
   *
   * @default 100
   */
  readonly cacheEvictions?: number;

  /**
   * Lag of a cache replica behind its primary.
   *
   * @default Duration.seconds(30)
   */
  readonly cacheReplicationLag?: Duration;

  /**
   * Longest wait of an upload for its replica in the recovery Region (only with replication of the uploads):
   * the recovery point of the uploads.
   *
   * @default Duration.minutes(15)
   */
  readonly uploadsReplicationLatency?: Duration;
}

/** Checks the values of the thresholds that the types cannot: ranges, positive durations and sizes. */
export function validateThresholds(scope: IConstruct, t: WebAppAlarmThresholds): void {
  const percentages: Array<[string, number | undefined]> = [
    ['cloudFront5xxErrorRate', t.cloudFront5xxErrorRate], ['instanceCpuUtilization', t.instanceCpuUtilization],
    ['instanceMemoryUtilization', t.instanceMemoryUtilization], ['instanceDiskUtilization', t.instanceDiskUtilization],
    ['databaseCpuUtilization', t.databaseCpuUtilization], ['cacheEngineCpuUtilization', t.cacheEngineCpuUtilization],
    ['cacheMemoryUtilization', t.cacheMemoryUtilization],
  ];
  for (const [name, value] of percentages) {
    if (value !== undefined && !Token.isUnresolved(value) && (!(value > 0) || value > 100)) {
      invalidProp(scope, `thresholds.${name}`, value, 'give a percentage above 0 and at most 100');
    }
  }
  const counts: Array<[string, number | undefined]> = [
    ['firewallBlockedRequests', t.firewallBlockedRequests], ['firewallCountedRequests', t.firewallCountedRequests],
    ['loadBalancer5xxErrors', t.loadBalancer5xxErrors],
    ['target5xxErrors', t.target5xxErrors], ['databaseConnections', t.databaseConnections], ['cacheEvictions', t.cacheEvictions],
  ];
  for (const [name, value] of counts) {
    validateInteger(scope, `thresholds.${name}`, value, 1, 1_000_000_000);
  }
  const durations: Array<[string, Duration | undefined]> = [
    ['targetResponseTimeP99', t.targetResponseTimeP99], ['databaseReplicaLag', t.databaseReplicaLag], ['cacheReplicationLag', t.cacheReplicationLag],
    ['uploadsReplicationLatency', t.uploadsReplicationLatency],
  ];
  for (const [name, value] of durations) {
    if (value && !value.isUnresolved() && value.toMilliseconds() <= 0) {
      invalidProp(scope, `thresholds.${name}`, value.toString(), 'give a positive duration, for example Duration.seconds(2)');
    }
  }
  const sizes: Array<[string, Size | undefined]> = [['databaseFreeableMemory', t.databaseFreeableMemory], ['databaseFreeStorage', t.databaseFreeStorage]];
  for (const [name, value] of sizes) {
    if (value && !value.isUnresolved() && value.toBytes() <= 0) {
      invalidProp(scope, `thresholds.${name}`, value.toString(), 'give a positive size, for example Size.mebibytes(256)');
    }
  }
}

const percentage = types.number;
const count = types.number;
const size = (example: string) => types.withMember('toBytes', `a Size, for example ${example}`);

/** The types of the thresholds, for callers that no compiler checks. */
export const ALARM_THRESHOLD_TYPES: PropType = types.struct({
  cloudFront5xxErrorRate: percentage,
  firewallBlockedRequests: count,
  firewallCountedRequests: count,
  loadBalancer5xxErrors: count,
  target5xxErrors: count,
  targetResponseTimeP99: types.duration('Duration.seconds(2)'),
  instanceCpuUtilization: percentage,
  instanceMemoryUtilization: percentage,
  instanceDiskUtilization: percentage,
  databaseCpuUtilization: percentage,
  databaseFreeableMemory: size('Size.mebibytes(256)'),
  databaseFreeStorage: size('Size.gibibytes(10)'),
  databaseReplicaLag: types.duration('Duration.seconds(60)'),
  databaseConnections: count,
  cacheEngineCpuUtilization: percentage,
  cacheMemoryUtilization: percentage,
  cacheEvictions: count,
  cacheReplicationLag: types.duration('Duration.seconds(30)'),
  uploadsReplicationLatency: types.duration('Duration.minutes(15)'),
}, 'a WebAppAlarmThresholds, for example { instanceCpuUtilization: 85 }');
