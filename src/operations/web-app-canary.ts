import * as fs from 'fs';
import * as path from 'path';
import { ArnFormat, Duration, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct, IConstruct } from 'constructs';
import { recordException, wildcardFindings } from '../private/compliance';
import { CANARY_ALARM_WITHOUT_TOPIC, canaryRoleWildcard, grantPolicy, noObjectLock, notReplicated } from '../private/exceptions';
import { DEEP_HEALTH_PATH, HEALTH_PROBE_HEADER } from '../private/health-probe';
import { useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { displayPath } from '../private/paths';
import { physicalName } from '../private/physical-names';
import { invalidProp, PropTypes, types, validateTypes, validateWholeDays } from '../private/validation';
import { createVersionedBucket, versionedBucketParts } from '../private/versioned-bucket';

/** The canary's script: a plain Node.js handler, inlined into the template (no asset to publish). */
const SCRIPT_FILE = path.join(__dirname, '..', '..', 'assets', 'canary', 'web-app-canary.js');

/**
 * The newest CloudWatch Synthetics runtime for Node.js without a browser (December 2026): `syn-nodejs-5.4`, on the
 * Lambda runtime Node.js 22.x. aws-cdk-lib 2.257's newest constant of that family, `SYNTHETICS_NODEJS_3_1`, runs on
 * Node.js 20, whose Lambda runtime reached end of support on 2026-04-30, and Synthetics deprecates a runtime when a
 * component of it is no longer supported. A browser runtime (Puppeteer, Playwright) would load Chromium for two HTTP
 * requests: slower and larger, for nothing.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Library_Nodejs.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Runtime_Support_Policy.html
 */
const DEFAULT_RUNTIME_NAME = 'syn-nodejs-5.4';

/** Canary names are at most 21 characters here: Synthetics names the function `cwsyn-<name>-<36-character id>`, and Lambda allows 64. */
const MAX_CANARY_NAME_LENGTH = 21;

/** How long one run may take; each request gives up after 20 seconds (see the script), and two requests fit. */
const RUN_TIMEOUT = Duration.seconds(60);

/** The least memory Synthetics accepts (a multiple of 64 MiB from 960 MiB): two HTTP requests need no more. */
const MEMORY_MIB = 960;

/** Synthetics keeps the data of runs 1 to 455 days. */
const MAX_RUN_RETENTION_DAYS = 455;

const CANARY_PROP_TYPES: PropTypes = {
  url: types.string,
  healthProbeSecret: types.withMember('secretArn', 'a secretsmanager.ISecret, for example the healthProbeSecret of a WebAppTier'),
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey, for example the key of WebAppEncryption'),
  schedule: types.duration('Duration.minutes(5)'),
  alarmTopic: types.withMember('topicArn', 'an sns.ITopic'),
  serverAccessLogsBucket: types.withMember('bucketName', 'an s3.IBucket'),
  artifactsRetention: types.duration('Duration.days(30)'),
  successRetention: types.duration('Duration.days(30)'),
  failureRetention: types.duration('Duration.days(30)'),
  deepHealthCheck: types.boolean,
  startAfterCreation: types.boolean,
  runtime: types.withMembers(['name', 'family'], "a synthetics.Runtime, for example new synthetics.Runtime('syn-nodejs-5.4', synthetics.RuntimeFamily.NODEJS)"),
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
};

/**
 * Settings of {@link WebAppCanary} that a user chooses; the URL, the secret, the key, the topic and the log bucket
 * come from the app. `HighlyAvailableWebApp` takes them as `canary`.
 */
export interface WebAppCanaryOptions {
  /**
   * How often the canary runs: whole minutes from 1 minute to 1 hour (what Synthetics accepts for a rate); the alarm
   * evaluates one period per run. Each run is billed: every 5 minutes is 8,760 runs a month, about 11 USD a month in
   * us-east-1 (10.51 USD of canary runs at 0.0012 USD each, the rest Lambda, S3, KMS, Secrets Manager and the alarm);
   * every minute costs five times as much.
   *
   * @default Duration.minutes(5)
   */
  readonly schedule?: Duration;

  /**
   * How long the artifacts of a run (its log and its result) stay in the artifacts bucket: a
   * whole number of days, at least 1. Replaced versions are deleted one day after they expire.
   *
   * @default Duration.days(30)
   */
  readonly artifactsRetention?: Duration;

  /**
   * How long Synthetics keeps the data of successful runs (what the console and GetCanaryRuns show): whole days, 1 to 455.
   *
   * @default Duration.days(30)
   */
  readonly successRetention?: Duration;

  /**
   * How long Synthetics keeps the data of failed runs: whole days, 1 to 455.
   *
   * @default Duration.days(30)
   */
  readonly failureRetention?: Duration;

  /**
   * Whether each run also requests the deep health check (`/health/deep` with the probe header), which proves that
   * every store of the app works; without it the canary requests the home page only and does not read the secret.
   *
   * @default true
   */
  readonly deepHealthCheck?: boolean;

  /**
   * Whether the canary starts running as soon as it is created. It only reads, so it is safe to start; a stopped
   * canary publishes no data, which the alarm treats as failing.
   *
   * @default true
   */
  readonly startAfterCreation?: boolean;

  /**
   * The Synthetics runtime of the canary: a Node.js runtime without a browser (`syn-nodejs-*`), which the script is
   * written for. The default is the newest Node.js runtime of Synthetics in December 2026 (on Node.js 22.x);
   * aws-cdk-lib 2.257's newest constant of the family, `SYNTHETICS_NODEJS_3_1`, runs on Node.js 20, whose Lambda
   * runtime reached end of support on 2026-04-30. Give a newer `syn-nodejs-*` version when Synthetics publishes one.
   *
   * @default new synthetics.Runtime('syn-nodejs-5.4', synthetics.RuntimeFamily.NODEJS)
   */
  readonly runtime?: synthetics.Runtime;

  /**
   * What happens to the artifacts bucket when it leaves the stack. CloudFormation deletes only an empty bucket.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Properties for {@link WebAppCanary}.
 */
export interface WebAppCanaryProps extends WebAppCanaryOptions {
  /**
   * The app's URL through CloudFront, `https://` and a host name, for example
   * `` `https://${edge.distribution.distributionDomainName}` `` (a token after `https://` is fine) or
   * `https://www.example.com`. A path after the host is kept: the canary requests `<url>/` and `<url>/health/deep`.
   */
  readonly url: string;

  /**
   * The secret whose value is the app tier's probe token (`WebAppTier.healthProbeSecret`): the canary reads it at
   * each run and sends it in the `X-Health-Probe` header of the deep health check, which the edge admits only with
   * that header. The canary's role may read this secret (and decrypt it with its key) and nothing else of Secrets
   * Manager; the token is never in the template or the canary's environment, only the secret's ARN.
   */
  readonly healthProbeSecret: secretsmanager.ISecret;

  /**
   * The customer managed key that encrypts the artifacts bucket (SSE-KMS with an S3 Bucket Key) and every artifact
   * the canary writes (its `ArtifactConfig`). It must be a key of the canary's Region.
   */
  readonly encryptionKey: kms.IKey;

  /**
   * The topic that the alarm notifies when the canary fails, and again when it succeeds again.
   *
   * @default - the alarm notifies no one (add actions to `alarms`, or give WebAppMonitoring's topic)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The bucket that receives the server access logs of the artifacts bucket.
   *
   * @default - a log bucket is created (SSE-S3, retained, logs expire after 365 days)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

}

/**
 * A canary that probes the app, as monitoring reads it (`WebAppMonitoring.monitorCanary`).
 */
export interface IWebAppCanary extends IConstruct {
  /** The canary's name, which its metrics carry as the `CanaryName` dimension. */
  readonly canaryName: string;
  /** The alarms of the canary. */
  readonly alarms: cloudwatch.IAlarm[];

  /**
   * The percentage of the canary's runs that succeeded.
   *
   * @param props options of the metric
   */
  metricSuccessPercent(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * How long the canary's runs took, in milliseconds.
   *
   * @param props options of the metric
   */
  metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * A CloudWatch Synthetics canary that probes the app from outside, through CloudFront, on a schedule: it requests
 * the home page (`/`) and, with the app tier's probe token in the `X-Health-Probe` header, the deep health check
 * (`/health/deep`), which the edge admits only with that header and the sample app answers with 200 only when every
 * store works. A run fails on anything but a 2xx, a timeout (20 s per request) or a network error; an alarm on the
 * canary's `SuccessPercent` notifies `alarmTopic` when 2 of 3 runs fail, and when the canary stops running.
 *
 * The script (assets/canary/web-app-canary.js) is plain Node.js on a browser-less Synthetics runtime, inlined in the
 * template; it reads the token with the AWS SDK for JavaScript v3 that the Lambda runtime ships, at each run, from the
 * secret's own Region. Its artifacts go to a bucket of its own, versioned, TLS only, encrypted with the customer
 * managed key, with server access logs, expired after `artifactsRetention` and retained with the stack.
 *
 * Synthetics creates the canary's Lambda function itself (not in the template), named `cwsyn-<canary name>-<id>`, and
 * deletes it with the canary (`ProvisionedResourceCleanup: AUTOMATIC`); Lambda creates its log group
 * `/aws/lambda/cwsyn-<canary name>-<id>` on the first run, without a retention, and it stays after the canary.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries.html
 */
export class WebAppCanary extends Construct implements IWebAppCanary {
  /** The canary. */
  public readonly canary: synthetics.Canary;
  /** The bucket that holds the artifacts of the canary's runs. */
  public readonly artifactsBucket: s3.IBucket;
  /** The role with which the canary runs. */
  public readonly role: iam.IRole;
  /** The alarms of the canary: its success percentage, below 100 in 2 of 3 runs or missing. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The canary's name, which its metrics carry as the `CanaryName` dimension. */
  public readonly canaryName: string;
  /** How often the canary runs; also the period of its metrics. */
  public readonly schedule: Duration;

  constructor(scope: Construct, id: string, props: WebAppCanaryProps) {
    super(scope, id);
    validateTypes(this, props, CANARY_PROP_TYPES);
    useBucketPolicyForServerAccessLogs(this);

    this.schedule = props.schedule ?? Duration.minutes(5);
    const artifactsRetention = props.artifactsRetention ?? Duration.days(30);
    const successRetention = props.successRetention ?? Duration.days(30);
    const failureRetention = props.failureRetention ?? Duration.days(30);
    const deepHealthCheck = props.deepHealthCheck ?? true;
    const runtime = props.runtime ?? new synthetics.Runtime(DEFAULT_RUNTIME_NAME, synthetics.RuntimeFamily.NODEJS);

    this.validate(props, artifactsRetention, successRetention, failureRetention, runtime);

    this.canaryName = physicalName(this, { maxLength: MAX_CANARY_NAME_LENGTH }).toLowerCase();
    const bucket = this.createArtifactsBucket(props, artifactsRetention);
    this.artifactsBucket = bucket;
    const role = this.createRole(bucket);
    this.role = role;

    const environmentVariables: Record<string, string> = { APP_URL: props.url };
    if (deepHealthCheck) {
      Object.assign(environmentVariables, {
        PROBE_SECRET_ARN: props.healthProbeSecret.secretArn,
        PROBE_HEADER: HEALTH_PROBE_HEADER,
        DEEP_HEALTH_PATH,
      });
      props.healthProbeSecret.grantRead(role);
    }

    this.canary = new synthetics.Canary(this, 'Resource', {
      canaryName: this.canaryName,
      runtime,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline(fs.readFileSync(SCRIPT_FILE, 'utf8')), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(this.schedule),
      startAfterCreation: props.startAfterCreation ?? true,
      // Synthetics deletes the function it made for the canary with the canary (a property of the canary, no custom resource).
      provisionedResourceCleanup: true,
      role,
      artifactsBucketLocation: { bucket },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
      artifactS3KmsKey: props.encryptionKey,
      successRetentionPeriod: successRetention,
      failureRetentionPeriod: failureRetention,
      timeout: RUN_TIMEOUT,
      memory: Size.mebibytes(MEMORY_MIB),
      environmentVariables,
    });

    this.alarms = [this.createSuccessAlarm(props.alarmTopic)];
    this.recordRoleExceptions(role);
  }

  /**
   * The percentage of the canary's runs that succeeded, averaged over one run's period by default.
   */
  public metricSuccessPercent(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.canary.metricSuccessPercent({ period: this.schedule, ...props });
  }

  /**
   * How long the canary's runs took, in milliseconds, averaged over one run's period by default.
   */
  public metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.canary.metricDuration({ period: this.schedule, ...props });
  }

  private validate(props: WebAppCanaryProps, artifactsRetention: Duration, successRetention: Duration, failureRetention: Duration,
    runtime: synthetics.Runtime): void {
    if (props.url === undefined) {
      invalidProp(this, 'url', props.url, 'give the app\'s URL through CloudFront, for example `https://${distribution.distributionDomainName}`');
    }
    validateUrl(this, props.url);
    if (props.healthProbeSecret === undefined) {
      invalidProp(this, 'healthProbeSecret', undefined, 'give the secret of the probe token, the healthProbeSecret of the app\'s WebAppTier');
    }
    if (props.encryptionKey === undefined) {
      invalidProp(this, 'encryptionKey', undefined, 'give the app\'s customer managed key, for example the key of WebAppEncryption');
    }
    const keyRegion = props.encryptionKey.env.region;
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(keyRegion) && !Token.isUnresolved(region) && keyRegion !== region) {
      invalidProp(this, 'encryptionKey', props.encryptionKey,
        `give a key of ${region}, the canary's Region (this key is in ${keyRegion}): S3 and Synthetics encrypt artifacts only with a key of the bucket's Region`);
    }
    validateSchedule(this, this.schedule);
    validateWholeDays(this, 'artifactsRetention', artifactsRetention, 1, 'S3 lifecycle rules count in days');
    validateRunRetention(this, 'successRetention', successRetention);
    validateRunRetention(this, 'failureRetention', failureRetention);
    if (!Token.isUnresolved(runtime.name) && (runtime.family !== synthetics.RuntimeFamily.NODEJS || !/^syn-nodejs-\d+\.\d+$/.test(runtime.name))) {
      invalidProp(this, 'runtime', runtime.name,
        `give a Node.js runtime without a browser, for example new synthetics.Runtime('${DEFAULT_RUNTIME_NAME}', synthetics.RuntimeFamily.NODEJS): `
        + 'the canary\'s script is a plain Node.js handler');
    }
  }

  private createArtifactsBucket(props: WebAppCanaryProps, artifactsRetention: Duration): s3.Bucket {
    const parts = versionedBucketParts(this, {
      removalPolicy: props.removalPolicy,
      // An artifact is written once; it becomes a replaced version only when it expires, and then goes a day later.
      noncurrentVersionExpiration: Duration.days(1),
    }, { encryptionKey: props.encryptionKey, serverAccessLogsBucket: props.serverAccessLogsBucket }, () => props.encryptionKey);
    const bucket = createVersionedBucket(this, parts, 'canary-artifacts/', {
      lifecycleRules: [{ id: 'ExpireArtifacts', expiration: artifactsRetention }],
    });
    recordException(bucket, notReplicated(
      'the bucket holds the artifacts of canary runs (run logs and results), operational data that expires after artifactsRetention; it holds no user data'));
    recordException(bucket, noObjectLock(
      'the artifacts of canary runs expire by a lifecycle rule, which Object Lock would block; the bucket is versioned and only the canary writes to it'));
    return bucket;
  }

  /**
   * The canary's role: what Synthetics requires of it (the CloudFormation reference of `ExecutionRoleArn`), with the
   * logs narrowed to the canary's own function. The grants of the key and the secret come on top.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-synthetics-canary.html
   */
  private createRole(bucket: s3.IBucket): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the CloudWatch Synthetics canary of ${displayPath(this)}`,
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
    }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `/aws/lambda/cwsyn-${this.canaryName}-*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    }));
    return role;
  }

  private createSuccessAlarm(topic: sns.ITopic | undefined): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'SuccessAlarm', {
      metric: this.metricSuccessPercent({ statistic: cloudwatch.Stats.AVERAGE }),
      threshold: 100,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // One failed run is a blip (a deployment, a cold store); two of the last three is an outage seen from outside.
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      // A canary that stops running (stopped, deleted function, runtime deprecated) publishes nothing: that is a failure too.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `The canary ${this.canaryName} failed to reach the app through CloudFront (home page or deep health check) in 2 of its last 3 runs, `
        + 'or stopped running: see its runs in the CloudWatch Synthetics console',
    });
    if (topic) {
      const action = new cwActions.SnsAction(topic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    } else {
      recordException(alarm, CANARY_ALARM_WITHOUT_TOPIC);
    }
    return alarm;
  }

  private recordRoleExceptions(role: iam.Role): void {
    recordException(role, grantPolicy('the role of the CloudWatch Synthetics canary'));
    for (const finding of wildcardFindings(role)) {
      recordException(role, canaryRoleWildcard(finding, this.canaryName));
    }
  }
}

function validateUrl(scope: Construct, url: string): void {
  const fix = 'give https:// and the host the app is served at through CloudFront, for example `https://${distribution.distributionDomainName}` or '
    + '\'https://www.example.com\' (a token may follow https://)';
  if (!url.startsWith('https://')) {
    invalidProp(scope, 'url', url, fix);
  }
  if (Token.isUnresolved(url)) {
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalidProp(scope, 'url', url, fix);
  }
  if (!parsed.hostname || parsed.search || parsed.hash || parsed.username || parsed.password) {
    invalidProp(scope, 'url', url, `${fix}, without a query, a fragment or credentials`);
  }
}

function validateSchedule(scope: Construct, schedule: Duration): void {
  if (schedule.isUnresolved()) {
    return;
  }
  const minutes = schedule.toMinutes({ integral: false });
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
    invalidProp(scope, 'schedule', schedule.toString(),
      'give whole minutes from Duration.minutes(1) to Duration.hours(1), the rates Synthetics accepts; a canary that runs only once '
      + '(rate 0) would leave its alarm without data');
  }
}

function validateRunRetention(scope: Construct, prop: string, retention: Duration): void {
  validateWholeDays(scope, prop, retention, 1, 'Synthetics keeps run data 1 to 455 days');
  if (!retention.isUnresolved() && retention.toDays() > MAX_RUN_RETENTION_DAYS) {
    invalidProp(scope, prop, retention.toString(), `give at most Duration.days(${MAX_RUN_RETENTION_DAYS}): Synthetics keeps run data 1 to 455 days`);
  }
}
