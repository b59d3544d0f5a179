import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { WebAppAlarmThresholds } from './alarm-thresholds';
import { IWebAppTier } from '../../compute/web-app-tier';
import { IUploadsBucket } from '../../data/uploads-bucket';
import { IWebAppCache } from '../../data/web-app-cache';
import { IWebAppDatabase } from '../../data/web-app-database';
import { IWebApplicationFirewall } from '../../edge/web-application-firewall';

/**
 * Settings of the monitoring, used by {@link HighlyAvailableWebAppProps.monitoring} and {@link WebAppMonitoringProps}.
 */
export interface WebAppMonitoringOptions {
  /**
   * E-mail addresses that receive the alarms. Each address gets a confirmation message from SNS first.
   *
   * @default - no subscription: subscribe to `alarmTopic` yourself (chat, paging, tickets)
   */
  readonly alarmEmails?: string[];

  /**
   * Thresholds of the alarms.
   *
   * @default - the defaults of each threshold
   */
  readonly thresholds?: WebAppAlarmThresholds;

  /**
   * Creates a CloudWatch dashboard of every monitored tier (3 USD a month).
   *
   * @default true
   */
  readonly dashboard?: boolean;
}

/**
 * Properties for `WebAppMonitoring`: the parts to watch, each optional.
 */
export interface WebAppMonitoringProps extends WebAppMonitoringOptions {
  /**
   * The distribution: its 5xx error rate. CloudFront publishes metrics in us-east-1 only, so the alarm
   * exists only in a us-east-1 stack; elsewhere the dashboard still shows the distribution.
   *
   * @default - no edge alarms
   */
  readonly distribution?: cloudfront.IDistribution;

  /**
   * The staging distribution of a staged edge (`EdgeDistribution.stagingDistribution`): its own 5xx error rate, so
   * that a change under trial that breaks the requests it gets alarms before it is promoted. Only with `distribution`.
   *
   * @default - no staging distribution alarm
   */
  readonly stagingDistribution?: cloudfront.IDistribution;

  /**
   * The WebACL: a surge of blocked requests, and the requests that each rule in count mode matches (the rules it
   * would block once promoted). A CLOUDFRONT WebACL's alarms need a us-east-1 stack too.
   *
   * @default - no firewall alarm
   */
  readonly firewall?: IWebApplicationFirewall;

  /**
   * The application tier: load balancer errors, latency and target health, capacity, instance CPU,
   * memory and disk.
   *
   * @default - no application tier alarms
   */
  readonly appTier?: IWebAppTier;

  /**
   * The database: CPU, memory, storage, connections and replica lag.
   *
   * @default - no database alarms
   */
  readonly database?: IWebAppDatabase;

  /**
   * The cache: engine CPU, memory, evictions and replication lag, on every node.
   *
   * @default - no cache alarms
   */
  readonly cache?: IWebAppCache;

  /**
   * The uploads bucket: replication latency and failed replications, when it replicates to a recovery Region.
   *
   * @default - no uploads alarms
   */
  readonly uploads?: IUploadsBucket;

  /**
   * Topic the alarms notify.
   *
   * @default - a new topic encrypted with `encryptionKey`
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Key that encrypts the new alarm topic.
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The alarms of the application tier that other mechanisms watch, each also in `WebAppMonitoring.alarms` (the
 * composite in none: it is a composite alarm).
 */
export interface AppTierAlarms {
  /** Users cannot reach the app: no healthy target, or errors at the edge and the origin together (a composite alarm). */
  readonly applicationUnavailable: cloudwatch.CompositeAlarm;
  /** The load balancer answers 5xx itself. */
  readonly loadBalancer5xxErrors: cloudwatch.IAlarm;
  /** The app answers 5xx. */
  readonly target5xxErrors: cloudwatch.IAlarm;
  /** Targets fail the health check for 5 minutes. */
  readonly unhealthyTargets: cloudwatch.IAlarm;
  /** No target of the load balancer is healthy. */
  readonly noHealthyTargets: cloudwatch.IAlarm;
}
