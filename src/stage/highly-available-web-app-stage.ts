import { CfnOutput, RemovalPolicy, Stack, Stage, StageProps, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { RecoveryStorage } from './recovery-storage';
import { RecoveryWebApp, RecoveryWebAppOptions } from './recovery-web-app';
import { HighlyAvailableWebApp, WebAppOptions } from '../app/highly-available-web-app';
import { LoadBalancerExposure } from '../compute/web-app-tier';
import { DatabaseDeployment } from '../data/web-app-database';
import { EdgeDistribution, EdgeDistributionProps, LoadBalancerOriginAccess } from '../edge/edge-distribution';
import { StaticAssets } from '../edge/static-assets';
import { FaultInjectionExperiments } from '../operations/fault-injection';
import { WebAppCanary } from '../operations/web-app-canary';
import { WebAppMonitoring } from '../operations/web-app-monitoring';
import { INSTANCE_TYPE } from '../private/capabilities';
import { createLogBucket, useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { invalidProp, PropTypes, types, validateTypes, withOptionsPath } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/** CloudFront's certificates and CLOUDFRONT-scope WebACLs exist only in this Region. */
const EDGE_REGION = 'us-east-1';

/**
 * Settings of the recovery Region of a {@link HighlyAvailableWebAppStage}.
 */
export interface HighlyAvailableWebAppStageRecoveryOptions extends RecoveryWebAppOptions {
  /**
   * Fails dynamic requests over to the recovery Region's load balancer, through a CloudFront origin
   * group, when the primary answers 500, 502, 503 or 504, cannot be reached or times out. CloudFront fails
   * over only GET, HEAD and OPTIONS requests and refuses an origin group on a behavior that allows other
   * methods: with failover, the app accepts other methods only under `writePathPatterns`.
   *
   * @default true
   */
  readonly originFailover?: boolean;

  /**
   * Path patterns of requests that change data (POST, PUT, PATCH, DELETE), for example `/api/*`. They go
   * to the active Region's load balancer alone, with every method, and fail while that Region is down
   * until the runbook switches `activeRegion`.
   *
   * @default - none: with `originFailover`, the app accepts GET, HEAD and OPTIONS only
   */
  readonly writePathPatterns?: string[];

  /**
   * Turns on S3 Replication Time Control for the uploads: 99.99% replicated within 15 minutes by its
   * service level agreement, for 0.015 USD per GB.
   *
   * @default false
   */
  readonly uploadsReplicationTimeControl?: boolean;
}

/**
 * Properties for {@link HighlyAvailableWebAppStage}.
 */
export interface HighlyAvailableWebAppStageProps extends StageProps {
  /** Region of the app: its network, load balancer, instances, database, cache and uploads. */
  readonly primaryRegion: string;

  /**
   * A disaster recovery Region: the uploads, the database (a cross-Region read replica), the database
   * credentials and every backup are replicated there, and a standby app tier takes traffic when the
   * primary Region fails.
   *
   * @default - no recovery Region: the app survives the loss of an Availability Zone, not of its Region
   */
  readonly recoveryRegion?: string;

  /**
   * The Region whose load balancer is CloudFront's primary origin. In a disaster, after promoting the
   * recovery Region's database, set it to `recoveryRegion` and deploy the edge stack alone
   * (`cdk deploy <stage>/Edge --exclusively`): the edge then no longer refers to the primary Region, and
   * every method goes to the recovery Region.
   *
   * @default - `primaryRegion`
   */
  readonly activeRegion?: string;

  /**
   * Domain name of the app, for example `www.example.com`, in `hostedZone`.
   *
   * @default - the distribution's `*.cloudfront.net` name
   */
  readonly domainName?: string;

  /**
   * The public hosted zone of `domainName`, by ID and name (a zone is imported into each stack that
   * creates records or validates certificates in it).
   *
   * @default - none; required with `domainName`
   */
  readonly hostedZone?: route53.HostedZoneAttributes;

  /**
   * More domain names of the distribution, all in `hostedZone`.
   *
   * @default - none
   */
  readonly alternativeDomainNames?: string[];

  /**
   * Settings of the app: the parts of each Region (the recovery Region takes those that describe the app, see
   * {@link RecoveryWebApp}), the edge and the static assets (the edge stack's), and the account-level operations
   * (the primary Region's). Where the parts go, and their keys, are the stage's: with a recovery Region it also
   * replicates the uploads, the database credentials and the backups itself.
   *
   * @default - the defaults of HighlyAvailableWebApp
   */
  readonly webApp?: WebAppOptions;

  /**
   * Settings of the recovery Region.
   *
   * @default - a warm standby of 1 instance, with origin failover
   */
  readonly recovery?: HighlyAvailableWebAppStageRecoveryOptions;
}

/**
 * A highly available web app in any Region, with its edge in us-east-1 and an optional disaster recovery
 * Region, as one CDK Stage of up to four stacks:
 *
 * - `RecoveryStorage` (recovery Region, deployed first): the key, the bucket and the backup vault that the
 *   primary Region replicates into;
 * - `Primary` (primary Region): a {@link HighlyAvailableWebApp} without its edge, replicating its uploads,
 *   database credentials and backups to the recovery Region;
 * - `Recovery` (recovery Region): a {@link RecoveryWebApp}, with a cross-Region read replica of the database
 *   and a standby app tier;
 * - `Edge` (us-east-1, deployed last): the certificate, the CLOUDFRONT WebACL, the static assets and the
 *   CloudFront distribution, whose origin group fails over from the primary to the recovery load balancer.
 *
 * Stacks refer to each other with weak references (`Fn::GetStackOutput`, the stage sets
 * `@aws-cdk/core:defaultCrossStackReferences` to `weak` for its stacks): no export, so no output in use can
 * block an update or a deletion, and no SSM parameter or custom resource as with `crossRegionReferences`.
 * The failover runbook is docs/disaster-recovery.md.
 */
export class HighlyAvailableWebAppStage extends Stage {
  /** The us-east-1 stack of the edge. */
  public readonly edgeStack: Stack;
  /** The stack of the primary Region. */
  public readonly primaryStack: Stack;
  /** The stack of the recovery Region's storage, with a recovery Region. */
  public readonly recoveryStorageStack?: Stack;
  /** The stack of the recovery Region's app, with a recovery Region. */
  public readonly recoveryStack?: Stack;
  /** The app of the primary Region. */
  public readonly primary: HighlyAvailableWebApp;
  /** The recovery Region's key, replica bucket and backup vault. */
  public readonly recoveryStorage?: RecoveryStorage;
  /** The recovery Region's database replica, cache and standby app tier. */
  public readonly recovery?: RecoveryWebApp;
  /** The edge: distribution, WebACL, certificate and records. */
  public readonly edge: EdgeDistribution;
  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The static assets bucket, in us-east-1. */
  public readonly staticAssets: StaticAssets;
  /** Alarms of the distribution and the WebACL, which exist only in us-east-1. */
  public readonly edgeMonitoring: WebAppMonitoring;
  /** The URL of the app. */
  public readonly url: string;
  /** The canary that probes the app at its domain, in the active Region's stack, with `webApp.canary`. */
  public readonly canary?: WebAppCanary;

  constructor(scope: Construct, id: string, props: HighlyAvailableWebAppStageProps) {
    // The stacks of the stage refer to each other across Regions without exports.
    super(scope, id, props);
    this.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'weak');
    useBucketPolicyForServerAccessLogs(this);

    const webApp = props.webApp ?? {};
    const recoveryOptions = props.recovery ?? {};
    validateStageProps(this, props);
    const { primaryRegion, recoveryRegion, domainName } = props;
    const activeRegion = props.activeRegion ?? primaryRegion;
    const account = props.env?.account;
    const newStack = (stackId: string, region: string, description: string) =>
      new Stack(this, stackId, { env: { account, region }, description: `${description} (cdk-ha-web-app)` });
    const zoneIn = (stack: Stack) => props.hostedZone && route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', props.hostedZone);
    const appOrigins = domainName === undefined ? undefined : [domainName, ...props.alternativeDomainNames ?? []].map((name) => `https://${name}`);

    // ---- recovery storage first: S3 refuses to replicate into a bucket that does not exist yet ----
    if (recoveryRegion !== undefined) {
      this.recoveryStorageStack = newStack('RecoveryStorage', recoveryRegion, `Replicas of ${this.node.path} in ${recoveryRegion}`);
      this.recoveryStorage = withOptionsPath(this, 'RecoveryStorage/Storage', 'webApp', { uploads: webApp.uploads }, () => new RecoveryStorage(this.recoveryStorageStack!, 'Storage', {
        uploads: { corsAllowedOrigins: appOrigins, ...webApp.uploads },
        // The replicas are kept like the uploads they copy.
        removalPolicy: webApp.uploads?.removalPolicy,
      }));
    }
    const storage = this.recoveryStorage;

    // ---- the primary Region ----
    this.primaryStack = newStack('Primary', primaryRegion, `${this.node.path} in ${primaryRegion}`);
    this.primary = withOptionsPath(this, 'Primary/WebApp', 'webApp', webApp, () => new HighlyAvailableWebApp(this.primaryStack, 'WebApp', {
      ...webApp,
      domainName,
      hostedZone: zoneIn(this.primaryStack),
      alternativeDomainNames: props.alternativeDomainNames,
      edgeEnabled: false,
      edge: undefined,
      staticAssets: undefined,
      canary: undefined,
      uploads: storage ? {
        ...webApp.uploads,
        replication: {
          // By its literal name: the replication rule and role name a string, not a reference to another Region.
          destinationBucket: s3.Bucket.fromBucketAttributes(this.primaryStack, 'RecoveryUploads', {
            bucketName: storage.uploads.bucketName,
            region: recoveryRegion,
          }),
          destinationKey: storage.encryptionKey,
          timeControl: recoveryOptions.uploadsReplicationTimeControl,
        },
      } : webApp.uploads,
      database: storage ? {
        ...webApp.database,
        // The recovery Region's replica, after any the user keeps in other Regions.
        credentialsReplicaRegions: [
          ...webApp.database?.credentialsReplicaRegions ?? [],
          { region: recoveryRegion!, encryptionKey: storage.encryptionKey },
        ],
      } : webApp.database,
      backup: storage ? { ...webApp.backup, disasterRecoveryVault: storage.backupVault } : webApp.backup,
    }));
    if (storage) {
      // AWS Backup copies with the primary's backup role and encrypts the copies with the recovery key. The
      // key's policy cannot name the role (its stack is deployed first), so the role's own policy allows it.
      new iam.ManagedPolicy(this.primaryStack, 'BackupCopyKeyPolicy', {
        description: `Lets the backup role of ${this.primary.node.path} encrypt copies with the key of ${recoveryRegion}`,
        roles: [this.primary.backup.role],
        statements: [
          new iam.PolicyStatement({
            actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
            resources: [storage.encryptionKey.keyArn],
          }),
          new iam.PolicyStatement({
            actions: ['kms:CreateGrant'],
            resources: [storage.encryptionKey.keyArn],
            conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
          }),
        ],
      });
    }
    outputs(this.primaryStack, {
      Region: [primaryRegion, 'Region of the primary app'],
      DatabaseIdentifier: [this.primary.database.identifier, 'The primary database instance (or cluster)'],
      AutoScalingGroupName: [this.primary.appTier.autoScalingGroup.autoScalingGroupName, 'The primary Auto Scaling group'],
      UploadsBucket: [this.primary.uploads.bucketName, 'The uploads; failing back, copy the files written during the outage back into it'],
      HealthProbeSecretArn: [this.primary.appTier.healthProbeSecret.secretArn, 'Value of the X-Health-Probe header that /health/deep of this Region takes'],
      AlarmTopicArn: [this.primary.monitoring.alarmTopic.topicArn, 'Alarm topic of the primary Region'],
      ...experimentOutputs(this.primary.faultInjection),
    });

    // ---- the recovery Region ----
    if (recoveryRegion !== undefined && storage) {
      this.recoveryStack = newStack('Recovery', recoveryRegion, `Standby of ${this.node.path} in ${recoveryRegion}`);
      this.recovery = withOptionsPath(this, 'Recovery/WebApp', 'recovery', recoveryOptions, () => new RecoveryWebApp(this.recoveryStack!, 'WebApp', {
        ...recoveryOptions,
        primary: this.primary,
        primaryProps: webApp,
        storage,
        originDomainName: domainName === undefined ? undefined : `origin-recovery.${domainName}`,
        hostedZone: zoneIn(this.recoveryStack!),
      }));
      outputs(this.recoveryStack, {
        Region: [recoveryRegion, 'Region of the standby app'],
        DatabaseReplicaIdentifier: [this.recovery.database.identifier, 'Promote it: aws rds promote-read-replica --db-instance-identifier <this> --backup-retention-period 7'],
        AutoScalingGroupName: [this.recovery.appTier.autoScalingGroup.autoScalingGroupName, 'Scale it up: aws autoscaling update-auto-scaling-group --auto-scaling-group-name <this> --min-size N --desired-capacity N'],
        // Literal and from the recovery storage: readable while the primary Region is down.
        CredentialsSecretName: [this.primary.database.credentialsSecretName!, 'Replica of the database credentials; detach it after promotion: aws secretsmanager stop-replication-to-replica --secret-id <this>'],
        CredentialsReplicaKeyArn: [storage.encryptionKey.keyArn, 'Key of the credentials replica; failing back: aws secretsmanager replicate-secret-to-regions --add-replica-regions Region=<recovery Region>,KmsKeyId=<this>'],
        UploadsBucket: [storage.uploads.bucketName, 'Replica of the uploads'],
        HealthProbeSecretArn: [this.recovery.appTier.healthProbeSecret.secretArn, 'Value of the X-Health-Probe header that /health/deep of this Region takes'],
        BackupVaultName: [storage.backupVault.backupVaultName, 'Copies of the backups'],
        AlarmTopicArn: [this.recovery.monitoring.alarmTopic.topicArn, 'Alarm topic of the recovery Region'],
        ...experimentOutputs(this.recovery.faultInjection),
      });
    }

    // ---- the edge, in us-east-1, in front of the active Region (and failing over to the recovery Region) ----
    this.edgeStack = newStack('Edge', EDGE_REGION, `Edge of ${this.node.path}`);
    const edgeKey = new WebAppEncryption(this.edgeStack, 'Encryption').key;
    const serverAccessLogsBucket = createLogBucket(this.edgeStack, 'ServerAccessLogs', { expirationDays: 365, removalPolicy: RemovalPolicy.RETAIN });
    this.staticAssets = withOptionsPath(this, 'Edge/StaticAssets', 'webApp.staticAssets', webApp.staticAssets, () => new StaticAssets(this.edgeStack, 'StaticAssets', {
      ...webApp.staticAssets,
      encryptionKey: edgeKey,
      serverAccessLogsBucket,
    }));
    const activeIsRecovery = this.recovery !== undefined && activeRegion === recoveryRegion;
    const active = activeIsRecovery
      ? { tier: this.recovery!.appTier, originDomainName: this.recovery!.originDomainName }
      : { tier: this.primary.appTier, originDomainName: this.primary.originDomainName };
    const failover = this.recovery && !activeIsRecovery && (recoveryOptions.originFailover ?? true)
      ? {
        loadBalancer: this.recovery.appTier.loadBalancer,
        originDomainName: this.recovery.originDomainName,
        writePathPatterns: recoveryOptions.writePathPatterns,
      }
      : undefined;
    const edgeProps: EdgeDistributionProps = {
      ...webApp.edge,
      loadBalancer: active.tier.loadBalancer,
      originAccess: LoadBalancerOriginAccess.vpcOrigin(),
      originProtocol: domainName === undefined ? cloudfront.OriginProtocolPolicy.HTTP_ONLY : cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originDomainName: active.originDomainName,
      failover,
      staticAssetsBucket: this.staticAssets.bucket,
      domainNames: domainName === undefined ? [] : [domainName, ...props.alternativeDomainNames ?? []],
      hostedZone: zoneIn(this.edgeStack),
      encryptionKey: edgeKey,
      serverAccessLogsBucket,
    };
    // The edge creates the firewall from webApp.edge.firewall.
    this.edge = withOptionsPath(this, 'Edge/Edge', 'webApp.edge', webApp.edge, () => withOptionsPath(this, 'Edge/Edge/Firewall', 'webApp.edge.firewall',
      webApp.edge?.firewall, () => new EdgeDistribution(this.edgeStack, 'Edge', edgeProps)));
    this.distribution = this.edge.distribution;
    this.url = `https://${domainName ?? this.distribution.distributionDomainName}`;
    this.edgeMonitoring = withOptionsPath(this, 'Edge/Monitoring', 'webApp.monitoring', webApp.monitoring, () => new WebAppMonitoring(this.edgeStack, 'Monitoring', {
      ...webApp.monitoring,
      distribution: this.distribution,
      stagingDistribution: this.edge.stagingDistribution,
      firewall: this.edge.firewall,
      encryptionKey: edgeKey,
    }));
    if (webApp.canary) {
      // In the active Region, with its tier's probe token: the app at the domain answers from there. The edge's own
      // name would be a reference from the Region into the edge stack, which already refers to the Region.
      const region = activeIsRecovery ? this.recovery!.region : this.primary.region;
      this.canary = withOptionsPath(this, `${activeIsRecovery ? 'Recovery' : 'Primary'}/Canary`, 'webApp.canary', webApp.canary,
        () => new WebAppCanary(Stack.of(region), 'Canary', {
          ...webApp.canary,
          url: this.url,
          healthProbeSecret: region.appTier.healthProbeSecret,
          encryptionKey: region.encryptionKey,
          alarmTopic: region.monitoring.alarmTopic,
          serverAccessLogsBucket: region.serverAccessLogsBucket,
        }));
      region.monitoring.monitorCanary(this.canary);
    }
    outputs(this.edgeStack, {
      Url: [this.url, 'URL of the app'],
      DistributionId: [this.distribution.distributionId, 'The CloudFront distribution'],
      ActiveRegion: [activeIsRecovery ? recoveryRegion! : primaryRegion, 'Region of the primary origin'],
      StaticAssetsBucket: [this.staticAssets.bucketName, 'Bucket served under the static paths'],
    });
  }
}

/** The IDs of a Region's fault injection experiment templates, which the runbook (docs/fault-injection.md) starts. */
function experimentOutputs(experiments: FaultInjectionExperiments | undefined): Record<string, [string, string]> {
  if (!experiments) {
    return {};
  }
  const run = 'aws fis start-experiment --experiment-template-id <this> (docs/fault-injection.md)';
  return {
    InstanceLossExperiment: [experiments.instanceLossTemplate.ref, `Terminates one instance: ${run}`],
    ZonePowerInterruptionExperiment: [experiments.zonePowerInterruptionTemplate.ref, `Interrupts the power of one zone (its instances, subnets, database writer and cache nodes): ${run}`],
    ...experiments.databaseFailoverTemplate ? { DatabaseFailoverExperiment: [experiments.databaseFailoverTemplate.ref, `Fails the database writer over: ${run}`] } : {},
    ...experiments.cacheFailoverTemplate ? { CacheFailoverExperiment: [experiments.cacheFailoverTemplate.ref, `Fails the cache primary over: ${run}`] } : {},
  };
}

function outputs(stack: Stack, values: Record<string, [string, string]>): void {
  for (const [id, [value, description]] of Object.entries(values)) {
    new CfnOutput(stack, id, { value, description });
  }
}

/**
 * The types of the props, for callers that no compiler checks. The web app checks the types of `webApp` (its errors
 * name `webApp.<prop>`); the recovery Region's web app those of the recovery options it reads.
 */
const STAGE_PROP_TYPES: PropTypes = {
  primaryRegion: types.string,
  recoveryRegion: types.string,
  activeRegion: types.string,
  domainName: types.string,
  hostedZone: types.struct({ hostedZoneId: types.string, zoneName: types.string },
    "a route53.HostedZoneAttributes, for example { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }"),
  alternativeDomainNames: types.arrayOf(types.string, "an array of domain names, for example ['example.com']"),
  webApp: types.objectOf('a HighlyAvailableWebAppProps, for example { database: { engine: DatabaseEngine.postgres() } }'),
  recovery: types.struct({
    standbyCapacity: types.number,
    maxCapacity: types.number,
    network: types.objectOf('a WebAppNetworkOptions, for example { natGateways: 1 }'),
    databaseInstanceType: INSTANCE_TYPE,
    databaseReplicaGeneration: types.number,
    originFailover: types.boolean,
    writePathPatterns: types.arrayOf(types.string, "an array of path patterns, for example ['/api/*']"),
    uploadsReplicationTimeControl: types.boolean,
  }, 'a HighlyAvailableWebAppStageRecoveryOptions, for example { standbyCapacity: 1 }'),
};

/** Props of HighlyAvailableWebApp that say where the app goes, which the stage decides: not settings of `webApp`. */
const PLACEMENT_PROPS: Array<[string, string]> = [
  ['domainName', 'give domainName to the stage'],
  ['hostedZone', 'give hostedZone (its ID and name) to the stage'],
  ['alternativeDomainNames', 'give alternativeDomainNames to the stage'],
  ['edgeEnabled', 'leave it out: the stage puts the edge in its us-east-1 stack'],
  ['encryptionKey', 'leave it out: a key belongs to one Region, and each stack of the stage creates its own'],
];

function validateStageProps(scope: Construct, props: HighlyAvailableWebAppStageProps): void {
  validateTypes(scope, props, STAGE_PROP_TYPES);
  const { primaryRegion, recoveryRegion, activeRegion } = props;
  const regionPattern = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
  for (const [name, region] of [['primaryRegion', primaryRegion], ['recoveryRegion', recoveryRegion], ['activeRegion', activeRegion]] as const) {
    if (region !== undefined && (Token.isUnresolved(region) || !regionPattern.test(region))) {
      invalidProp(scope, name, region, "give a Region name such as 'eu-west-1': each stack of the stage needs an explicit Region");
    }
  }
  if (primaryRegion === undefined || primaryRegion === null) {
    invalidProp(scope, 'primaryRegion', primaryRegion, "give the Region of the primary app, for example 'eu-west-1'");
  }
  if (props.recovery?.originFailover === false && props.recovery.writePathPatterns !== undefined) {
    invalidProp(scope, 'recovery.writePathPatterns', props.recovery.writePathPatterns,
      'remove it, or leave originFailover on: the write paths go to the primary Region alone only in a distribution that fails over');
  }
  if (props.env?.region !== undefined) {
    invalidProp(scope, 'env.region', props.env.region, 'leave it out: give primaryRegion (and recoveryRegion); the edge stack is always in us-east-1');
  }
  if (recoveryRegion !== undefined && recoveryRegion === primaryRegion) {
    invalidProp(scope, 'recoveryRegion', recoveryRegion, 'give another Region than primaryRegion: a recovery Region must survive the loss of the primary');
  }
  if (activeRegion !== undefined && activeRegion !== primaryRegion && activeRegion !== recoveryRegion) {
    invalidProp(scope, 'activeRegion', activeRegion, `give primaryRegion (${primaryRegion})${recoveryRegion ? ` or recoveryRegion (${recoveryRegion})` : ''}`);
  }
  if (recoveryRegion === undefined && props.recovery !== undefined) {
    invalidProp(scope, 'recovery', 'without recoveryRegion', 'give recoveryRegion too, or leave recovery out');
  }
  if (recoveryRegion !== undefined && (props.env?.account === undefined || Token.isUnresolved(props.env.account))) {
    invalidProp(scope, 'env.account', props.env?.account,
      'give the account (for example process.env.CDK_DEFAULT_ACCOUNT): the recovery Region\'s bucket gets a name fixed at synthesis, unique by account');
  }
  if ((props.domainName === undefined) !== (props.hostedZone === undefined)) {
    invalidProp(scope, props.domainName === undefined ? 'domainName' : 'hostedZone', undefined, 'give both domainName and hostedZone, or neither');
  }
  const webApp = props.webApp ?? {};
  if (webApp.canary !== undefined && props.domainName === undefined) {
    invalidProp(scope, 'webApp.canary', 'without domainName',
      "give the stage domainName and hostedZone: the canary probes the app at its domain from the active Region (the distribution's own name is the edge stack's, which deploys after the Regions)");
  }
  // Where the app goes is the stage's, so WebAppOptions has no such props; callers that no compiler checks may still
  // pass HighlyAvailableWebApp's, which would otherwise be ignored.
  const placement = webApp as Record<string, unknown>;
  for (const [name, fix] of PLACEMENT_PROPS) {
    if (placement[name] !== undefined) {
      invalidProp(scope, `webApp.${name}`, 'in a HighlyAvailableWebAppStage', fix);
    }
  }
  // The settings the stage writes itself when it replicates into the recovery Region.
  const ownedByStage: Array<[string, unknown, string]> = [];
  const exposure = webApp.appTier?.loadBalancerExposure;
  if (exposure !== undefined && exposure !== LoadBalancerExposure.INTERNAL) {
    invalidProp(scope, 'webApp.appTier.loadBalancerExposure', exposure,
      'leave it out: the stage\'s edge reaches internal load balancers through VPC origins (the secret origin header would live in another Region than the distribution)');
  }
  if (recoveryRegion !== undefined) {
    ownedByStage.push(
      ['webApp.uploads.replication', webApp.uploads?.replication, 'leave it out: the stage replicates the uploads to recoveryRegion'],
      ['webApp.backup.disasterRecoveryVault', webApp.backup?.disasterRecoveryVault, 'leave it out: the stage copies the backups to a vault in recoveryRegion'],
    );
    const credentialsRegions = (webApp.database?.credentialsReplicaRegions ?? []).map((replica) => replica.region);
    if (credentialsRegions.includes(recoveryRegion)) {
      invalidProp(scope, 'webApp.database.credentialsReplicaRegions', credentialsRegions,
        `leave ${recoveryRegion} out: the stage replicates the credentials to recoveryRegion itself, encrypted with the key of its recovery storage; list only other Regions`);
    }
  }
  const topology = webApp.database?.topology;
  if (recoveryRegion !== undefined && topology !== undefined && topology.deployment !== DatabaseDeployment.MULTI_AZ_INSTANCE) {
    invalidProp(scope, 'webApp.database.topology', topology.deployment,
      'with a recoveryRegion, use DatabaseTopology.multiAzInstance(): the recovery Region keeps a cross-Region read replica of it (Aurora global databases and Multi-AZ DB clusters are not supported by the stage yet)');
  }
  for (const [name, given, fix] of ownedByStage) {
    if (given !== undefined) {
      invalidProp(scope, name, 'in a HighlyAvailableWebAppStage', fix);
    }
  }
}
