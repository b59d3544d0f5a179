import { Annotations, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { WebAppTier, WebAppTierOptions } from '../compute/web-app-tier';
import { UploadsBucket, UploadsBucketOptions } from '../data/uploads-bucket';
import { WebAppCache, WebAppCacheOptions } from '../data/web-app-cache';
import { DatabaseEngineFamily, WebAppDatabase, WebAppDatabaseOptions } from '../data/web-app-database';
import { WebAppNetwork, WebAppNetworkOptions } from '../network/web-app-network';
import { FaultInjectionExperiments, FaultInjectionOptions } from '../operations/fault-injection';
import { PatchManagement, PatchManagementOptions } from '../operations/patch-management';
import { WebAppMonitoring, WebAppMonitoringOptions } from '../operations/web-app-monitoring';
import { ZonalAutoshift, ZonalAutoshiftOptions } from '../operations/zonal-autoshift';
import { createLogBucket, useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { invalidProp, isDomainName, validateInteger, withOptionsPath } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/**
 * Settings of one Region of the web app: its network, application tier, data tier, monitoring and
 * patching. {@link HighlyAvailableWebAppProps} holds them, and a recovery Region takes the primary's
 * where they describe the app rather than the Region (see {@link RecoveryWebApp}).
 */
export interface WebAppRegionOptions {
  /**
   * Settings of the network: a new VPC, or an existing one.
   *
   * @default - a new VPC across 3 Availability Zones with a NAT gateway in each
   */
  readonly network?: WebAppNetworkOptions;

  /**
   * Settings of the application tier (load balancer and Auto Scaling group).
   *
   * @default - 2 to 6 t4g.small instances running the sample app behind an internal load balancer
   */
  readonly appTier?: WebAppTierOptions;

  /**
   * Settings of the database: RDS PostgreSQL (or MySQL) Multi-AZ with a read replica by default, or a
   * Multi-AZ DB cluster, or Aurora; encrypted, TLS only, credentials in Secrets Manager with rotation,
   * deletion protection and a final snapshot.
   *
   * @default - PostgreSQL on db.m7g.large, Multi-AZ, with 1 read replica
   */
  readonly database?: WebAppDatabaseOptions;

  /**
   * Settings of the cache: an ElastiCache (Valkey by default) replication group with a replica in
   * another Availability Zone, automatic failover, TLS and IAM authentication (no password or AUTH token).
   *
   * @default - Valkey on 2 cache.t4g.small nodes in 2 Availability Zones
   */
  readonly cache?: WebAppCacheOptions;

  /**
   * Settings of the uploads bucket, where the app stores users' files. Browsers may upload to it with
   * presigned URLs from the app's domain (CORS), when the app has a domain.
   *
   * @default - a retained, versioned bucket encrypted with `encryptionKey`, moving older files to cheaper storage classes
   */
  readonly uploads?: UploadsBucketOptions;


  /**
   * Settings of the monitoring: alarms for every tier on an encrypted SNS topic (about 30 alarms at
   * 0.10 USD a month each), a composite "application unavailable" alarm and a dashboard (3 USD a month).
   *
   * @default - the default thresholds, a dashboard, no e-mail subscription
   */
  readonly monitoring?: WebAppMonitoringOptions;

  /**
   * Settings of the instances' patching with Systems Manager Patch Manager: a daily compliance scan, and
   * security and bug-fix updates installed weekly, one instance at a time.
   *
   * @default - critical and important updates approved after 7 days, installed on Sundays at 03:00 UTC
   */
  readonly patching?: PatchManagementOptions;

  /**
   * Turns on Route 53 ARC zonal autoshift for the app tier's load balancer: when AWS finds an Availability Zone
   * impaired, it shifts the app's traffic away from that zone until it recovers. Free, but autoshift comes with weekly
   * practice runs that shift one zone away for 30 minutes: the app must serve its load from the other zones with the
   * instances it has, so give the app tier at least one instance per zone (`appTier.minCapacity`). The practice runs
   * end as failed when the application-unavailable, load balancer 5xx or target 5xx alarm fires. Needs
   * `appTier.zonalShift` (on by default).
   *
   * @default - none: the load balancer and the Auto Scaling group are registered for zonal shifts, which an operator
   * starts; AWS shifts nothing on its own
   */
  readonly zonalAutoshift?: ZonalAutoshiftOptions;

  /**
   * Settings of the fault injection experiments: AWS FIS experiment templates for one instance lost, one Availability
   * Zone's power interrupted (its instances, launches and subnets, the database writer and the cache nodes there), the
   * database writer failed over and the cache primary failed over, each stopped by the application-unavailable alarm,
   * run with a role of its own that may act on this app's resources only. Templates only: nothing starts them (see the
   * fault injection runbook). Free until run: FIS bills 0.10 USD per action-minute of an experiment; the log group
   * costs what the experiments write. A cross-Region read replica has no database experiment.
   *
   * @default - the experiments on the zone of the first app subnet, 30 minutes of power interruption, logs kept a year
   */
  readonly faultInjection?: FaultInjectionOptions;

  /**
   * Creates the fault injection experiment templates (`faultInjection`). Turn it off where AWS FIS is not offered,
   * or where the account's experiments are kept elsewhere.
   *
   * @default true
   */
  readonly faultInjectionEnabled?: boolean;
}

/**
 * A cross-Region read replica as the Region's database, for a disaster recovery Region.
 */
export interface WebAppRegionDatabaseReplica {
  /** The database it replicates, in another Region. */
  readonly source: WebAppDatabase;

  /**
   * Generation of the replica: raise it after a promotion so that CloudFormation creates a new replica
   * (see `WebAppDatabaseProps.crossRegionReplicaGeneration`).
   *
   * @default 1
   */
  readonly generation?: number;

  /**
   * Key of this Region that encrypts the replica of the source's credentials secret.
   *
   * @default - the Region's key
   */
  readonly credentialsKey?: kms.IKey;
}

/**
 * Properties for {@link WebAppRegion}.
 */
export interface WebAppRegionProps extends WebAppRegionOptions {
  /**
   * Key that encrypts the data of every tier of the Region at rest.
   *
   * @default - a new customer managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Name at which CloudFront reaches the load balancer over HTTPS, for example `origin.example.com`: a
   * DNS-validated certificate (unless `appTier.certificate` is given) and an alias record of the load
   * balancer are created for it in `hostedZone`.
   *
   * @default - none: CloudFront reaches the internal load balancer over HTTP inside the AWS network
   */
  readonly originDomainName?: string;

  /**
   * Public hosted zone of `originDomainName`.
   *
   * @default - none; required with `originDomainName`
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Origins (`https://www.example.com`) from which browsers may upload to the uploads bucket with presigned URLs.
   *
   * @default - none
   */
  readonly appOrigins?: string[];

  /**
   * The uploads bucket, when another construct owns it (a recovery Region's replica bucket): the Region then
   * creates none, and `uploads` must be left out.
   *
   * @default - a new bucket with `uploads`
   */
  readonly uploadsBucket?: UploadsBucket;

  /**
   * Makes the database a cross-Region read replica of another Region's database; `database.engine`,
   * `database.topology`, `database.proxy` and `database.credentialsReplicaRegions` then belong to the source.
   *
   * @default - a database of the Region's own
   */
  readonly databaseReplica?: WebAppRegionDatabaseReplica;

  /**
   * The app tier is a disaster recovery standby (see `WebAppTierProps.standby`).
   *
   * @default false
   */
  readonly standby?: boolean;
}

/**
 * One Region of the web app, the one place it is assembled: the network, the key, the application tier
 * behind its load balancer, the database, the cache and the uploads bucket, connected to each other (each
 * store admits the app tier, whose instances get exactly the grants they need and find every endpoint in
 * their environment), the Region's monitoring and the instances' patching.
 *
 * {@link HighlyAvailableWebApp} builds one and adds the edge and the account-level operations (backup, audit
 * trail, compliance, cost guardrails); {@link RecoveryWebApp} builds one as a disaster recovery standby.
 */
export class WebAppRegion extends Construct {
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
  /** The certificate of the load balancer's HTTPS listener, when created here for `originDomainName`. */
  public readonly originCertificate?: acm.ICertificate;
  /** Name at which CloudFront reaches the load balancer over HTTPS, when given. */
  public readonly originDomainName?: string;
  /** Alarms, alarm topic and dashboard of the Region. */
  public readonly monitoring: WebAppMonitoring;
  /** Patching of the application instances. */
  public readonly patching: PatchManagement;
  /** Zonal autoshift of the load balancer, with `zonalAutoshift`. */
  public readonly zonalAutoshift?: ZonalAutoshift;
  /** The fault injection experiment templates; none when `faultInjectionEnabled` is false. */
  public readonly faultInjection?: FaultInjectionExperiments;
  /**
   * The bucket of the server access logs of the Region's buckets (the load balancer's access logs, the uploads), which
   * HighlyAvailableWebApp also gives its other buckets: kept a year, retained.
   */
  public readonly serverAccessLogsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: WebAppRegionProps = {}) {
    super(scope, id);
    useBucketPolicyForServerAccessLogs(this);
    if ((props.originDomainName === undefined) !== (props.hostedZone === undefined)) {
      invalidProp(this, props.hostedZone ? 'originDomainName' : 'hostedZone', undefined, 'give both originDomainName and hostedZone, or neither');
    }
    const originName = props.originDomainName;
    if (originName !== undefined && !Token.isUnresolved(originName)) {
      const zoneName = props.hostedZone && !Token.isUnresolved(props.hostedZone.zoneName) ? props.hostedZone.zoneName.replace(/\.$/, '').toLowerCase() : undefined;
      if (!isDomainName(originName)) {
        invalidProp(this, 'originDomainName', originName, 'give a fully qualified domain name such as origin-recovery.example.com');
      }
      if (zoneName !== undefined && !originName.toLowerCase().endsWith(`.${zoneName}`)) {
        invalidProp(this, 'originDomainName', originName, `give a name in the hosted zone ${zoneName}, which receives its alias record and certificate validation`);
      }
    }
    if (props.faultInjectionEnabled === false && props.faultInjection) {
      invalidProp(this, 'faultInjection', 'with faultInjectionEnabled false', 'remove it, or keep the experiments (faultInjectionEnabled true) to use it');
    }
    if (props.uploadsBucket && props.uploads) {
      invalidProp(this, 'uploads', props.uploads, 'leave it out: the uploads bucket is given (uploadsBucket), and its owner sets it up');
    }

    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      this.encryption = new WebAppEncryption(this, 'Encryption');
      this.encryptionKey = this.encryption.key;
    }

    // The data subnets' network ACL admits exactly the ports of this Region's database and cache.
    validateInteger(this, 'cache.port', props.cache?.port, 1024, 65535);
    const databaseEngine = props.databaseReplica?.source.engine ?? props.database?.engine ?? WebAppDatabase.DEFAULT_ENGINE;
    const storePorts = [databaseEngine.port, props.cache?.port ?? WebAppCache.DEFAULT_PORT];
    const dataPorts = props.network?.dataPorts ?? [...new Set(storePorts)];
    if (props.network?.vpc === undefined) {
      for (const port of storePorts.filter((p) => !Token.isUnresolved(p) && !dataPorts.includes(p))) {
        invalidProp(this, 'network.dataPorts', dataPorts,
          `add ${port}, the port of this app's ${port === storePorts[0] ? 'database' : 'cache'}, or leave dataPorts out: the network ACL of the data subnets would block it`);
      }
    }
    this.network = withOptionsPath(this, 'Network', 'network', props.network, () => new WebAppNetwork(this, 'Network', {
      ...props.network,
      dataPorts: props.network?.vpc === undefined ? dataPorts : props.network.dataPorts,
      encryptionKey: this.encryptionKey,
    }));
    this.vpc = this.network.vpc;

    this.serverAccessLogsBucket = createLogBucket(this, 'ServerAccessLogs', { expirationDays: 365, removalPolicy: RemovalPolicy.RETAIN });

    // A name that a regional certificate can cover (the load balancer's own DNS name cannot be).
    let listenerCertificate = props.appTier?.certificate;
    if (props.originDomainName !== undefined) {
      this.originDomainName = props.originDomainName;
      if (!listenerCertificate) {
        this.originCertificate = new acm.Certificate(this, 'OriginCertificate', {
          domainName: props.originDomainName,
          validation: acm.CertificateValidation.fromDns(props.hostedZone),
        });
        listenerCertificate = this.originCertificate;
      }
    }

    this.appTier = withOptionsPath(this, 'AppTier', 'appTier', props.appTier, () => new WebAppTier(this, 'AppTier', {
      ...props.appTier,
      certificate: listenerCertificate,
      standby: props.standby,
      serverAccessLogsBucket: this.serverAccessLogsBucket,
      vpc: this.vpc,
      vpcSubnets: this.network.appSubnets,
      encryptionKey: this.encryptionKey,
    }));

    // ---- data tier ----
    const replica = props.databaseReplica;
    this.database = withOptionsPath(this, 'Database', 'database', props.database, () => new WebAppDatabase(this, 'Database', {
      ...props.database,
      ...(replica ? {
        crossRegionReplicaOf: replica.source,
        crossRegionReplicaGeneration: replica.generation,
        replicaCredentialsKey: replica.credentialsKey,
      } : {}),
      vpc: this.vpc,
      vpcSubnets: this.network.dataSubnets,
      rotationSubnets: replica ? undefined : this.network.appSubnets,
      encryptionKey: this.encryptionKey,
    }));
    this.cache = withOptionsPath(this, 'Cache', 'cache', props.cache, () => new WebAppCache(this, 'Cache', {
      ...props.cache,
      vpc: this.vpc,
      vpcSubnets: this.network.dataSubnets,
      encryptionKey: this.encryptionKey,
    }));
    this.uploads = props.uploadsBucket ?? withOptionsPath(this, 'Uploads', 'uploads', props.uploads, () => new UploadsBucket(this, 'Uploads', {
      corsAllowedOrigins: props.appOrigins,
      ...props.uploads,
      encryptionKey: this.encryptionKey,
      serverAccessLogsBucket: this.serverAccessLogsBucket,
    }));
    this.connectAppTier();

    if (this.originDomainName !== undefined) {
      new route53.ARecord(this, 'OriginAliasRecord', {
        zone: props.hostedZone!,
        recordName: this.originDomainName,
        target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.appTier.loadBalancer)),
      });
    }

    // ---- operations of the Region ----
    this.monitoring = withOptionsPath(this, 'Monitoring', 'monitoring', props.monitoring, () => new WebAppMonitoring(this, 'Monitoring', {
      ...props.monitoring,
      appTier: this.appTier,
      database: this.database,
      cache: this.cache,
      // Only the Region's own uploads: a replica's owner watches its replication.
      uploads: props.uploadsBucket ? undefined : this.uploads,
      encryptionKey: this.encryptionKey,
    }));
    this.watchAppTierUpdates();
    this.patching = withOptionsPath(this, 'Patching', 'patching', props.patching, () => new PatchManagement(this, 'Patching', {
      ...props.patching,
      autoScalingGroup: this.appTier.autoScalingGroup,
    }));
    if (props.zonalAutoshift) {
      this.zonalAutoshift = this.addZonalAutoshift(props.zonalAutoshift, props.standby ?? false);
    }
    if (props.faultInjectionEnabled ?? true) {
      this.faultInjection = this.addFaultInjection(props.faultInjection, replica !== undefined);
    }
  }

  /**
   * The experiments on this Region's app: its group, its app and data subnets (the zone's share of them), its
   * database (unless it is a cross-Region read replica, which has no writer to fail over) and its cache, stopped by
   * the application-unavailable alarm.
   */
  private addFaultInjection(options: FaultInjectionOptions | undefined, replica: boolean): FaultInjectionExperiments {
    const subnets = [this.network.appSubnets, this.network.dataSubnets].flatMap((selection) => this.vpc.selectSubnets(selection).subnets);
    return withOptionsPath(this, 'FaultInjection', 'faultInjection', options, () => new FaultInjectionExperiments(this, 'FaultInjection', {
      ...options,
      autoScalingGroup: this.appTier.autoScalingGroup,
      subnets,
      stopConditionAlarms: [this.monitoring.appTierAlarms!.applicationUnavailable],
      encryptionKey: this.encryptionKey,
      database: replica ? undefined : this.database,
      databaseDeployment: replica ? undefined : this.database.topology.deployment,
      cache: this.cache,
    }));
  }

  /**
   * Makes the alarms that see users fail watch every instance refresh of the app tier, so that a release that fails
   * users fails the stack update, which CloudFormation rolls back. Not the alarms that name the Auto Scaling group:
   * the pilot light's `noHealthyTargets` reads the group's minimum, and the group's update policy names the alarms.
   */
  private watchAppTierUpdates(): void {
    const alarms = this.monitoring.appTierAlarms!;
    const pilotLight = this.appTier.minCapacity === 0;
    this.appTier.watchUpdatesWith([
      alarms.loadBalancer5xxErrors,
      alarms.target5xxErrors,
      alarms.unhealthyTargets,
      ...(pilotLight ? [] : [alarms.noHealthyTargets]),
    ]);
  }

  /** Zonal autoshift of the load balancer, its practice runs watched by the app tier's alarms. */
  private addZonalAutoshift(options: ZonalAutoshiftOptions, standby: boolean): ZonalAutoshift {
    if (!this.appTier.zonalShiftEnabled) {
      invalidProp(this, 'zonalAutoshift', 'with appTier.zonalShift false',
        'keep appTier.zonalShift on (the default): ARC shifts only load balancers registered for zonal shift');
    }
    const zones = new Set(this.vpc.selectSubnets(this.network.appSubnets).availabilityZones);
    const minCapacity = this.appTier.minCapacity;
    // A standby serves users only after a failover raised its capacity.
    if (!standby && !Token.isUnresolved(minCapacity) && minCapacity < zones.size) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:zonalAutoshiftCapacity',
        `appTier.minCapacity (${minCapacity}) is below the number of zones of the app tier (${zones.size}): a weekly practice run of zonal `
        + 'autoshift can leave fewer instances serving than the app needs; give at least one instance per zone');
    }
    const alarms = this.monitoring.appTierAlarms!;
    return withOptionsPath(this, 'ZonalAutoshift', 'zonalAutoshift', options, () => new ZonalAutoshift(this, 'ZonalAutoshift', {
      ...options,
      loadBalancer: this.appTier.loadBalancer,
      outcomeAlarms: [alarms.applicationUnavailable, alarms.loadBalancer5xxErrors, alarms.target5xxErrors],
    }));
  }

  /**
   * Connects the app tier to the stores: each store admits the app tier's security group, the instance role gets
   * exactly the grants it needs, and the app finds every endpoint in its environment (the names are the sample
   * app's contract, see the README).
   */
  private connectAppTier(): void {
    const { network, appTier, database, cache, uploads } = this;
    network.allowInterfaceEndpointsFrom(appTier);

    database.allowConnectionsFrom(appTier);
    if (database.rotationConnections) {
      // The rotation function calls Secrets Manager, through its interface endpoint when there is one.
      network.allowInterfaceEndpointsFrom(database.rotationConnections);
    }
    database.grantReadCredentials(appTier.instanceRole);
    appTier.addEnvironment('DB_ENGINE', database.engine.family === DatabaseEngineFamily.MYSQL ? 'mysql' : 'postgres');
    appTier.addEnvironment('DB_HOST', database.endpoint);
    if (database.proxyEndpoint) {
      // The proxy requires IAM authentication: the app signs in with a token (grantConnect), not the password.
      appTier.addEnvironment('DB_PROXY_HOST', database.proxyEndpoint);
    }
    appTier.addEnvironment('DB_READER_HOST', database.readerEndpoint);
    appTier.addEnvironment('DB_PORT', `${database.port}`);
    appTier.addEnvironment('DB_NAME', database.databaseName);
    appTier.addEnvironment('DB_SECRET_ARN', database.secret.secretArn);

    cache.allowConnectionsFrom(appTier);
    // IAM authentication: the app signs a token for the replication group and its user with the instance role.
    cache.grantConnect(appTier.instanceRole);
    appTier.addEnvironment('CACHE_HOST', cache.endpointAddress);
    appTier.addEnvironment('CACHE_PORT', `${cache.port}`);
    appTier.addEnvironment('CACHE_USER', cache.userId);
    appTier.addEnvironment('CACHE_REPLICATION_GROUP_ID', cache.replicationGroupId);

    uploads.grantReadWrite(appTier.instanceRole);
    // The sample app's /health/deep writes, reads and deletes one probe object per instance there.
    uploads.grantDelete(appTier.instanceRole, 'health-check/*');
    appTier.addEnvironment('UPLOADS_BUCKET', uploads.bucketName);
  }
}
