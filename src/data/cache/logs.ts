import { Aws, Fn, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The log groups of a cache's slow log and engine log. */
export interface CacheLogGroups {
  /** The log group of the slow log. */
  readonly slowLogGroup: logs.ILogGroup;
  /** The log group of the engine log. */
  readonly engineLogGroup: logs.ILogGroup;
}

/** The log groups of the slow log and the engine log, children of the cache, encrypted with its key. */
export function createLogGroups(scope: Construct, encryptionKey: kms.IKey, retention: logs.RetentionDays,
  removalPolicy: RemovalPolicy): CacheLogGroups {
  const logGroup = (logId: string, logType: string) => new logs.LogGroup(scope, logId, {
    logGroupName: vendedLogGroupName(scope, logType),
    encryptionKey,
    retention,
    removalPolicy,
  });
  return {
    slowLogGroup: logGroup('SlowLog', 'slow-log'),
    engineLogGroup: logGroup('EngineLog', 'engine-log'),
  };
}

/** The replication group's delivery of both logs to their groups, as JSON. */
export function logDeliveryConfigurations(groups: CacheLogGroups): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[] {
  const logDelivery = (logType: string, group: logs.ILogGroup): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty => ({
    logType,
    logFormat: 'json',
    destinationType: 'cloudwatch-logs',
    destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
  });
  return [
    logDelivery('slow-log', groups.slowLogGroup),
    logDelivery('engine-log', groups.engineLogGroup),
  ];
}

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
