import { Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { AppSource } from '../compute/app-source';
import { LoadBalancerExposure, WebAppTier } from '../compute/web-app-tier';
import { UploadsBucket } from '../data/uploads-bucket';
import { WebAppCache } from '../data/web-app-cache';
import { DatabaseEngine, WebAppDatabase } from '../data/web-app-database';
import { EdgeDistribution, EdgeDistributionOptions, EdgeDistributionProps, LoadBalancerOriginAccess } from '../edge/edge-distribution';
import { StaticAssets, StaticAssetsOptions } from '../edge/static-assets';
import { WebAppNetwork } from '../network/web-app-network';
import { AuditTrail, AuditTrailOptions } from '../operations/audit-trail';
import { ComplianceScanning, ComplianceScanningOptions } from '../operations/compliance-scanning';
import { CostGuardrails, CostGuardrailsOptions } from '../operations/cost-guardrails';
import { FaultInjectionExperiments } from '../operations/fault-injection';
import { PatchManagement } from '../operations/patch-management';
import { WebAppBackup, WebAppBackupOptions } from '../operations/web-app-backup';
import { WebAppCanary, WebAppCanaryOptions } from '../operations/web-app-canary';
import { WebAppMonitoring } from '../operations/web-app-monitoring';
import { ZonalAutoshift } from '../operations/zonal-autoshift';
import { invalidProp, isDomainName, normalizeDomainName, PropTypes, types, validateTypes, withOptionsPath, withOwnErrors } from '../private/validation';
import { WebAppRegion, WebAppRegionOptions } from '../region/web-app-region';
import { WebAppEncryption } from '../security/web-app-encryption';

/**
 * Settings of the web app, wherever it is placed: the parts of its Region, its edge and its account-level operations.
 * {@link HighlyAvailableWebAppProps} adds where the app is placed (its domain, its key, whether the edge is in the same
 * stack); {@link HighlyAvailableWebAppStage} takes these settings as `webApp` and places the parts itself.
 */
export interface WebAppOptions extends WebAppRegionOptions {
  /**
   * Settings of the edge: CloudFront distribution, WAF WebACL, static paths. Outside us-east-1 the
   * WebACL (and the certificate, with a domain) must come from a us-east-1 stack: see `webAclArn` and
   * `certificate`.
   *
   * @default - a distribution protected by a new WebACL, which needs a stack in us-east-1
   */
  readonly edge?: EdgeDistributionOptions;

  /**
   * Settings of the static assets bucket served under the static path patterns.
   *
   * @default - an empty, retained bucket encrypted with `encryptionKey`
   */
  readonly staticAssets?: StaticAssetsOptions;

  /**
   * Settings of AWS Backup for the database and the uploads bucket: a vault encrypted with `encryptionKey`,
   * daily and monthly backups, optional copies to a vault in a disaster recovery Region. Failed jobs notify
   * the alarm topic. Costs follow the stored data: about 0.095 USD per GB-month for RDS snapshots and
   * 0.05 USD per GB-month for S3.
   *
   * @default - daily backups kept 35 days, monthly backups kept a year, no copy to another Region
   */
  readonly backup?: WebAppBackupOptions;

  /**
   * Settings of the cost guardrails: a monthly budget with notifications to the alarm topic, optional Cost
   * Anomaly Detection, and a cost allocation tag on every resource of the app.
   *
   * @default - a 750 USD monthly budget of the account, alerts at 80% and 100% of actual and 100% of forecast spend
   */
  readonly costGuardrails?: CostGuardrailsOptions;

  /**
   * Creates a multi-Region CloudTrail trail of the account's management events, with log file validation,
   * encrypted with `encryptionKey`, delivered to a bucket kept 7 years and to CloudWatch Logs. The first
   * trail of the management events is free. Turn it off in accounts whose organization trail already
   * records them, and for all but one app of an account: a second trail costs 2 USD per 100,000 events,
   * and a Region holds at most 5 trails.
   *
   * @default true
   */
  readonly auditTrailEnabled?: boolean;

  /**
   * Settings of the audit trail.
   *
   * @default - CloudWatch Logs kept a year, log files moved to Glacier Instant Retrieval after 90 days and kept 7 years
   */
  readonly auditTrail?: AuditTrailOptions;

  /**
   * Records S3 data events (every read and write of an object) of the uploads bucket in the audit trail:
   * who read or changed which user file. Costs 0.10 USD per 100,000 events.
   *
   * @default false
   */
  readonly auditUploadsDataEvents?: boolean;

  /**
   * Turns on compliance checks and threat detection for the account and Region: AWS Config with rules for
   * this architecture, Security Hub with AWS Foundational Security Best Practices, GuardDuty, Amazon
   * Inspector. Each is one per account and Region and costs money, so each is opt-in: see the options.
   *
   * @default - none
   */
  readonly compliance?: ComplianceScanningOptions;

  /**
   * Probes the app from outside on a schedule: a CloudWatch Synthetics canary requests the home page and the deep
   * health check (with the app tier's probe token, which the edge asks of probes) through CloudFront, at the app's
   * URL; its alarm notifies the alarm topic, and the dashboard shows it. About 11 USD a month at the default 5-minute
   * schedule, so opt-in. Needs the edge: in a {@link HighlyAvailableWebAppStage}, the stage's `domainName`.
   *
   * @default - no canary
   */
  readonly canary?: WebAppCanaryOptions;
}

/**
 * Properties for {@link HighlyAvailableWebApp}. Every prop is optional: the defaults build the
 * secure, highly available configuration.
 */
export interface HighlyAvailableWebAppProps extends WebAppOptions {
  /**
   * Domain name of the app, for example `www.example.com`, in `hostedZone`, without a trailing dot. With it, the
   * distribution gets a DNS-validated certificate and A/AAAA alias records in `hostedZone`, and CloudFront reaches
   * the load balancer over HTTPS at `origin.<domainName>` (a certificate and an alias record of their own). The name
   * is used in lower case (DNS ignores case, and CloudFront and ACM keep names in lower case).
   *
   * @default - the distribution's `*.cloudfront.net` name, with CloudFront's default certificate; CloudFront
   * reaches the internal load balancer over HTTP inside the AWS network (through the VPC origin)
   */
  readonly domainName?: string;

  /**
   * Public hosted zone of `domainName`, in which records are created and certificates validated.
   * Required with `domainName`.
   *
   * @default - none
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * More domain names of the distribution (for example the apex `example.com` next to `www.example.com`),
   * all in `hostedZone`, each once and other than `domainName`; a leading `*.` for a wildcard. Used in lower case,
   * like `domainName`.
   *
   * @default - none
   */
  readonly alternativeDomainNames?: string[];

  /**
   * Key that encrypts the data of every tier at rest.
   *
   * @default - a new customer managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;


  /**
   * Creates the edge in this construct: the CloudFront distribution, its WebACL and certificate, the
   * static assets bucket and the domain's alias records. Turn it off when the edge lives in a stack of
   * its own, as in {@link HighlyAvailableWebAppStage}, which puts it in us-east-1 in front of the load
   * balancers of two Regions; `edge`, `distribution`, `staticAssets` and `url` are then undefined.
   *
   * @default true
   */
  readonly edgeEnabled?: boolean;


}

/**
 * A highly available web application on AWS: a CloudFront distribution protected by AWS WAF in front
 * of an application tier of EC2 instances in an Auto Scaling group behind an Application Load
 * Balancer that only CloudFront can reach, static files in a private S3 bucket, a data tier of RDS
 * Multi-AZ with a read replica, ElastiCache with automatic failover and an uploads bucket, and a VPC
 * across several Availability Zones, every store encrypted with a customer managed key.
 *
 * Every part is exposed as a public member, so that it can be extended or referenced.
 */
export class HighlyAvailableWebApp extends Construct {
  /** The Region of the app: network, key, app tier, data tier, monitoring and patching (each also a member of its own here). */
  public readonly region: WebAppRegion;
  /** The customer managed key that encrypts data at rest, when created here. */
  public readonly encryption?: WebAppEncryption;
  /** The key that encrypts data at rest. */
  public readonly encryptionKey: kms.IKey;
  /** The network tier. */
  public readonly network: WebAppNetwork;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The application tier. */
  public readonly appTier: WebAppTier;
  /** The database. */
  public readonly database: WebAppDatabase;
  /** The cache. */
  public readonly cache: WebAppCache;
  /** The bucket of the users' uploads. */
  public readonly uploads: UploadsBucket;
  /** The static assets bucket; none when `edgeEnabled` is false. */
  public readonly staticAssets?: StaticAssets;
  /** The edge: CloudFront distribution, WebACL and records; none when `edgeEnabled` is false. */
  public readonly edge?: EdgeDistribution;
  /** The CloudFront distribution; none when `edgeEnabled` is false. */
  public readonly distribution?: cloudfront.Distribution;
  /** The certificate of the load balancer's HTTPS listener, when created here for `domainName`. */
  public readonly originCertificate?: acm.ICertificate;
  /** Name at which CloudFront reaches the load balancer over HTTPS, with a domain. */
  public readonly originDomainName?: string;
  /** The URL of the app, through CloudFront; none when `edgeEnabled` is false. */
  public readonly url?: string;
  /** Alarms, alarm topic and dashboard of every tier (the Region's, and the edge's). */
  public readonly monitoring: WebAppMonitoring;
  /** Backups of the database and the uploads bucket. */
  public readonly backup: WebAppBackup;
  /** Patching of the application instances. */
  public readonly patching: PatchManagement;
  /** Zonal autoshift of the load balancer, with `zonalAutoshift`. */
  public readonly zonalAutoshift?: ZonalAutoshift;
  /** The fault injection experiment templates; none when `faultInjectionEnabled` is false. */
  public readonly faultInjection?: FaultInjectionExperiments;
  /** The canary that probes the app through CloudFront, with `canary`. */
  public readonly canary?: WebAppCanary;
  /** Budget, anomaly detection and cost allocation tag. */
  public readonly costGuardrails: CostGuardrails;
  /** The audit trail; none when `auditTrailEnabled` is false. */
  public readonly auditTrail?: AuditTrail;
  /** Compliance checks and threat detection; none unless `compliance` turns some on. */
  public readonly compliance?: ComplianceScanning;

  constructor(scope: Construct, id: string, props: HighlyAvailableWebAppProps = {}) {
    super(scope, id);
    validateTypes(this, props, PROP_TYPES);

    const domainName = props.domainName === undefined ? undefined : normalizeDomainName(props.domainName);
    const alternativeDomainNames = (props.alternativeDomainNames ?? []).map(normalizeDomainName);
    if (domainName !== undefined && !props.hostedZone) {
      invalidProp(this, 'hostedZone', undefined, 'give the public hosted zone of domainName, in which the certificates are validated and the records created');
    }
    if (domainName === undefined && props.hostedZone) {
      invalidProp(this, 'domainName', undefined, 'give the domain name of the app in hostedZone, or leave hostedZone out');
    }
    if (domainName === undefined && props.alternativeDomainNames?.length) {
      invalidProp(this, 'alternativeDomainNames', props.alternativeDomainNames, 'give domainName (and hostedZone) first');
    }
    if (domainName !== undefined) {
      validateDomainNames(this, domainName, alternativeDomainNames, props.hostedZone!);
    }
    const edgeEnabled = props.edgeEnabled ?? true;
    if (!edgeEnabled) {
      for (const [name, given] of [['edge', props.edge], ['staticAssets', props.staticAssets], ['canary', props.canary]] as const) {
        if (given !== undefined) {
          invalidProp(this, name, 'with edgeEnabled false', 'give these settings to the construct that creates the edge, or set edgeEnabled to true');
        }
      }
    }
    const exposure = props.appTier?.loadBalancerExposure ?? LoadBalancerExposure.INTERNAL;
    if (domainName === undefined && props.appTier?.certificate) {
      invalidProp(this, 'appTier.certificate', props.appTier.certificate.certificateArn,
        'CloudFront reaches an HTTPS load balancer by a name its certificate covers: give domainName and hostedZone, and a certificate that covers origin.<domainName> (or let the library create it)');
    }
    if (domainName === undefined && exposure === LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST) {
      invalidProp(this, 'appTier.loadBalancerExposure', exposure,
        'an internet-facing load balancer needs HTTPS for the secret origin header: give domainName and hostedZone, or keep LoadBalancerExposure.INTERNAL');
    }

    // ---- the Region: network, key, app tier, data tier, their wiring, monitoring and patching ----
    const appOrigins = domainName === undefined ? undefined : [domainName, ...alternativeDomainNames].map((name) => `https://${name}`);
    // Hidden from logical IDs and physical names (the id Default): the Region's resources keep those they had
    // when this construct built them itself.
    this.region = withOwnErrors(this, 'Default', () => new WebAppRegion(this, 'Default', {
      network: props.network,
      appTier: props.appTier,
      database: props.database,
      cache: props.cache,
      uploads: props.uploads,
      encryptionKey: props.encryptionKey,
      monitoring: props.monitoring,
      patching: props.patching,
      zonalAutoshift: props.zonalAutoshift,
      faultInjection: props.faultInjection,
      faultInjectionEnabled: props.faultInjectionEnabled,
      // With a domain, CloudFront reaches the load balancer over HTTPS at origin.<domainName>.
      originDomainName: domainName === undefined ? undefined : `origin.${domainName}`,
      hostedZone: domainName === undefined ? undefined : props.hostedZone,
      appOrigins,
    }));
    this.encryption = this.region.encryption;
    this.encryptionKey = this.region.encryptionKey;
    this.network = this.region.network;
    this.vpc = this.region.vpc;
    this.appTier = this.region.appTier;
    this.database = this.region.database;
    this.cache = this.region.cache;
    this.uploads = this.region.uploads;
    this.originCertificate = this.region.originCertificate;
    this.originDomainName = this.region.originDomainName;
    this.monitoring = this.region.monitoring;
    this.patching = this.region.patching;
    this.zonalAutoshift = this.region.zonalAutoshift;
    this.faultInjection = this.region.faultInjection;

    if (edgeEnabled) {
      this.staticAssets = withOptionsPath(this, 'StaticAssets', 'staticAssets', props.staticAssets, () => new StaticAssets(this, 'StaticAssets', {
        ...props.staticAssets,
        encryptionKey: this.encryptionKey,
        serverAccessLogsBucket: this.region.serverAccessLogsBucket,
      }));

      const domainNames = domainName === undefined ? [] : [domainName, ...alternativeDomainNames];
      const edgeProps: EdgeDistributionProps = {
        ...props.edge,
        loadBalancer: this.appTier.loadBalancer,
        originAccess: this.appTier.originSecret
          ? LoadBalancerOriginAccess.secretHeader(this.appTier.originSecret, WebAppTier.ORIGIN_SECRET_HEADER)
          : LoadBalancerOriginAccess.vpcOrigin(),
        originProtocol: this.originDomainName === undefined ? cloudfront.OriginProtocolPolicy.HTTP_ONLY : cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originDomainName: this.originDomainName,
        staticAssetsBucket: this.staticAssets.bucket,
        domainNames,
        hostedZone: props.hostedZone,
        encryptionKey: this.encryptionKey,
        serverAccessLogsBucket: this.region.serverAccessLogsBucket,
      };
      // The edge creates the firewall from edge.firewall.
      this.edge = withOptionsPath(this, 'Edge', 'edge', props.edge,
        () => withOptionsPath(this, 'Edge/Firewall', 'edge.firewall', props.edge?.firewall, () => new EdgeDistribution(this, 'Edge', edgeProps)));
      this.distribution = this.edge.distribution;
      this.url = `https://${domainName ?? this.distribution.distributionDomainName}`;
      this.monitoring.monitorEdge(this.distribution, this.edge.firewall, this.edge.stagingDistribution);
      if (props.canary) {
        this.canary = withOptionsPath(this, 'Canary', 'canary', props.canary, () => new WebAppCanary(this, 'Canary', {
          ...props.canary,
          url: this.url!,
          healthProbeSecret: this.appTier.healthProbeSecret,
          encryptionKey: this.encryptionKey,
          alarmTopic: this.monitoring.alarmTopic,
          serverAccessLogsBucket: this.region.serverAccessLogsBucket,
        }));
        this.monitoring.monitorCanary(this.canary);
      }
    }

    this.backup = withOptionsPath(this, 'Backup', 'backup', props.backup, () => new WebAppBackup(this, 'Backup', {
      ...props.backup,
      encryptionKey: this.encryptionKey,
      notificationsTopic: this.monitoring.alarmTopic,
    }));
    this.backup.addResource(backup.BackupResource.fromArn(this.database.arn), this.encryptionKey);
    this.backup.addResource(backup.BackupResource.fromArn(this.uploads.bucket.bucketArn), this.encryptionKey);
    // With backup.restoreTesting, the database is restored into the data subnets, behind a security group that admits nothing.
    this.backup.restoreTesting?.addDatabase(this.database, {
      vpc: this.vpc,
      vpcSubnets: this.network.dataSubnets,
      deployment: this.database.topology.deployment,
    });
    this.backup.restoreTesting?.addBucket(this.uploads.bucket);

    if (props.auditTrailEnabled === false && (props.auditTrail || props.auditUploadsDataEvents)) {
      invalidProp(this, props.auditTrail ? 'auditTrail' : 'auditUploadsDataEvents', 'with auditTrailEnabled false',
        'remove it, or keep the audit trail (auditTrailEnabled true) to use it');
    }
    if (props.auditTrailEnabled ?? true) {
      this.auditTrail = withOptionsPath(this, 'AuditTrail', 'auditTrail', props.auditTrail, () => new AuditTrail(this, 'AuditTrail', {
        ...props.auditTrail,
        encryptionKey: this.encryptionKey,
        serverAccessLogsBucket: this.region.serverAccessLogsBucket,
        dataEventBuckets: props.auditUploadsDataEvents ? [this.uploads.bucket] : undefined,
      }));
    }
    if (props.compliance) {
      this.compliance = withOptionsPath(this, 'Compliance', 'compliance', props.compliance, () => new ComplianceScanning(this, 'Compliance', {
        ...props.compliance,
        encryptionKey: this.encryptionKey,
        serverAccessLogsBucket: this.region.serverAccessLogsBucket,
      }));
    }

    this.costGuardrails = withOptionsPath(this, 'CostGuardrails', 'costGuardrails', props.costGuardrails, () => new CostGuardrails(this, 'CostGuardrails', {
      ...props.costGuardrails,
      topic: this.monitoring.alarmTopic,
      encryptionKey: this.encryptionKey,
      taggedScope: this,
    }));
  }
}

/**
 * The types of the props, for callers that no compiler checks: every prop of this construct and, of each options
 * struct, the fields this construct reads itself, the classes that choose what a tier is (`appTier.appSource`,
 * `database.engine`) and the log retentions (which CloudWatch Logs restricts to the values of `logs.RetentionDays`),
 * so that errors name the prop the user set (`cache.port`, not the network's `dataPorts`). Each tier checks the rest
 * of its struct.
 */
const PROP_TYPES: PropTypes = {
  domainName: types.string,
  hostedZone: types.withMember('hostedZoneId', "a route53.IHostedZone, for example route53.HostedZone.fromLookup(this, 'Zone', { domainName: 'example.com' })"),
  alternativeDomainNames: types.arrayOf(types.string, "an array of domain names, for example ['example.com']"),
  network: types.struct({
    vpc: types.withMember('vpcId', 'an ec2.IVpc'),
    dataPorts: types.arrayOf(types.number, 'an array of port numbers, for example [5432, 6379]'),
  }, 'a WebAppNetworkOptions, for example { maxAzs: 3 }'),
  appTier: types.struct({
    appSource: types.instanceOf(AppSource, 'an AppSource, for example AppSource.sampleApp(), AppSource.commands([...]) or AppSource.containerImage({...})'),
    certificate: types.withMember('certificateArn', 'an acm.ICertificate'),
    loadBalancerExposure: types.enumOf(LoadBalancerExposure, 'LoadBalancerExposure'),
    logRetention: types.retentionDays,
  }, 'a WebAppTierOptions, for example { minCapacity: 2 }'),
  edge: types.struct({}, 'an EdgeDistributionOptions, for example { priceClass: cloudfront.PriceClass.PRICE_CLASS_100 }'),
  edgeEnabled: types.boolean,
  staticAssets: types.struct({}, 'a StaticAssetsOptions, for example { source: \'./site\' }'),
  database: types.struct({
    engine: types.instanceOf(DatabaseEngine, "a DatabaseEngine, for example DatabaseEngine.postgres() or DatabaseEngine.mysql('8.4.8')"),
    cloudwatchLogsRetention: types.retentionDays,
  }, 'a WebAppDatabaseOptions, for example { engine: DatabaseEngine.postgres() }'),
  cache: types.struct({ port: types.number, logRetention: types.retentionDays }, 'a WebAppCacheOptions, for example { nodeType: \'cache.t4g.small\' }'),
  uploads: types.struct({}, 'an UploadsBucketOptions'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  monitoring: types.struct({}, "a WebAppMonitoringOptions, for example { alarmEmails: ['ops@example.com'] }"),
  backup: types.struct({}, 'a WebAppBackupOptions, for example { dailyRetention: Duration.days(35) }'),
  patching: types.struct({}, 'a PatchManagementOptions'),
  zonalAutoshift: types.struct({}, "a ZonalAutoshiftOptions, for example { blockedWindows: ['Mon:00:00-Mon:08:00'] }"),
  faultInjection: types.struct({ logRetention: types.retentionDays }, 'a FaultInjectionOptions, for example { duration: Duration.minutes(10) }'),
  faultInjectionEnabled: types.boolean,
  canary: types.struct({}, 'a WebAppCanaryOptions, for example { schedule: Duration.minutes(5) }'),
  costGuardrails: types.struct({}, 'a CostGuardrailsOptions, for example { monthlyBudget: 750 }'),
  auditTrailEnabled: types.boolean,
  auditTrail: types.struct({}, 'an AuditTrailOptions'),
  auditUploadsDataEvents: types.boolean,
  compliance: types.struct({}, 'a ComplianceScanningOptions, for example { configRecorder: true }'),
};

/**
 * Checks the app's domain names where the user gave them (`domainName`, `alternativeDomainNames`), before they reach
 * the edge as one list: well formed, without a trailing dot, in the hosted zone, each once, and not the name of the
 * load balancer's origin.
 */
function validateDomainNames(scope: Construct, domainName: string, alternatives: string[], zone: route53.IHostedZone): void {
  const zoneName = Token.isUnresolved(zone.zoneName) ? undefined : zone.zoneName.replace(/\.$/, '').toLowerCase();
  const check = (prop: string, name: string, wildcard: boolean) => {
    if (Token.isUnresolved(name)) {
      return;
    }
    if (name.endsWith('.') && isDomainName(name.slice(0, -1), wildcard)) {
      invalidProp(scope, prop, name, `give the name without the trailing dot, ${name.slice(0, -1)}: CloudFront and ACM take names without it`);
    }
    if (!isDomainName(name, wildcard)) {
      invalidProp(scope, prop, name, wildcard
        ? 'give fully qualified domain names such as example.com (a leading *. for a wildcard)'
        : 'give the fully qualified name the app is served at, such as www.example.com (wildcards belong in alternativeDomainNames)');
    }
    if (zoneName !== undefined && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
      invalidProp(scope, prop, name, `give a name in the hosted zone ${zoneName} (hostedZone), for example www.${zoneName}, or the hosted zone of this name`);
    }
  };
  check('domainName', domainName, false);
  alternatives.forEach((name) => check('alternativeDomainNames', name, true));
  if (alternatives.includes(`origin.${domainName}`)) {
    invalidProp(scope, 'alternativeDomainNames', alternatives,
      `origin.${domainName} is the name at which CloudFront reaches the load balancer; viewers cannot use it`);
  }
  if (new Set([domainName, ...alternatives]).size !== alternatives.length + 1) {
    invalidProp(scope, 'alternativeDomainNames', alternatives, 'list each name once, and not domainName again (names that differ only in case are the same name)');
  }
}
