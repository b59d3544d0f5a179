import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { RecoveryStorage } from './recovery-storage';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../app/highly-available-web-app';
import { LoadBalancerExposure, WebAppTier } from '../compute/web-app-tier';
import { WebAppCache } from '../data/web-app-cache';
import { WebAppDatabase } from '../data/web-app-database';
import { WebAppNetwork, WebAppNetworkOptions } from '../network/web-app-network';
import { FaultInjectionExperiments } from '../operations/fault-injection';
import { PatchManagement } from '../operations/patch-management';
import { WebAppMonitoring } from '../operations/web-app-monitoring';
import { ZonalAutoshift } from '../operations/zonal-autoshift';
import { INSTANCE_TYPE } from '../private/capabilities';
import { invalidProp, PropTypes, types, validateInteger, validateTypes, WebAppConfigurationError, withOwnErrors } from '../private/validation';
import { WebAppRegion } from '../region/web-app-region';
import { WebAppEncryption } from '../security/web-app-encryption';

/**
 * Settings of the recovery Region, used by {@link HighlyAvailableWebAppStageProps.recovery} and
 * {@link RecoveryWebAppProps}.
 */
export interface RecoveryWebAppOptions {
  /**
   * Instances the recovery Region runs while the primary Region serves: 0 is a pilot light (the load
   * balancer, database replica and cache are ready, no instance runs, and a failover first launches
   * them), 1 or more a warm standby that takes traffic at once. Scale it to the primary's capacity when
   * failing over (docs/disaster-recovery.md).
   *
   * @default 1
   */
  readonly standbyCapacity?: number;

  /**
   * Most instances of the recovery Region's group, which a failover raises its minimum towards.
   *
   * @default - the primary's `appTier.maxCapacity` (6 by default)
   */
  readonly maxCapacity?: number;

  /**
   * Settings of the recovery Region's VPC.
   *
   * @default - a new VPC across 3 Availability Zones with one NAT gateway (a standby sends little traffic out;
   * raise it to one per zone after a failover)
   */
  readonly network?: WebAppNetworkOptions;

  /**
   * Instance class of the cross-Region database replica; a smaller class costs less while it only
   * replicates, but must keep up with the primary's writes.
   *
   * @default - the primary's instance class
   */
  readonly databaseInstanceType?: ec2.InstanceType;

  /**
   * Generation of the cross-Region database replica. After a failover promoted the replica, CloudFormation still
   * believes it is a replica and does nothing while the template stays the same: raise this by one (2 after the
   * first failover) and deploy the recovery stack to create a fresh replica of the primary, named
   * `<identifier>-g<generation>`. The promoted instance leaves the stack without being deleted (the replica's
   * `UpdateReplacePolicy` is Retain, unless the primary's `database.removalPolicy` is DESTROY, which deletes it): it
   * keeps running, with deletion protection on, until you delete it (docs/disaster-recovery.md, "Failing back").
   *
   * @default 1
   */
  readonly databaseReplicaGeneration?: number;
}

/**
 * Properties for {@link RecoveryWebApp}.
 */
export interface RecoveryWebAppProps extends RecoveryWebAppOptions {
  /** The app of the primary Region, whose database this Region replicates. */
  readonly primary: HighlyAvailableWebApp;

  /**
   * The settings the primary app was made with: the recovery Region runs the same app, engine, cache and
   * monitoring settings.
   *
   * @default - the defaults of HighlyAvailableWebApp
   */
  readonly primaryProps?: HighlyAvailableWebAppProps;

  /** The recovery Region's storage: its key, the replica of the uploads bucket, the backup vault. */
  readonly storage: RecoveryStorage;

  /**
   * Name at which CloudFront reaches this Region's load balancer over HTTPS, for example
   * `origin-recovery.example.com`; a certificate and an alias record are created for it in `hostedZone`.
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
}

/**
 * The compute and data of a disaster recovery Region for a {@link HighlyAvailableWebApp}: a VPC, a
 * cross-Region read replica of the primary database encrypted with this Region's key, an empty cache
 * that the app warms again after a failover, and a standby app tier (0 instances for a pilot light, 1 or
 * more for a warm standby) behind an internal load balancer that CloudFront fails over to. The app uses
 * the replicated uploads bucket and the replicated database credentials of {@link RecoveryStorage}.
 *
 * Until the replica is promoted the database is read-only: the standby serves reads. The runbook in
 * docs/disaster-recovery.md promotes it and scales the group up.
 */
export class RecoveryWebApp extends Construct {
  /** The recovery Region: network, app tier, data tier, monitoring and patching (each also a member of its own here). */
  public readonly region: WebAppRegion;
  /** The network of the recovery Region. */
  public readonly network: WebAppNetwork;
  /** The standby application tier. */
  public readonly appTier: WebAppTier;
  /** The cross-Region read replica of the primary database. */
  public readonly database: WebAppDatabase;
  /** The cache of the recovery Region, empty until the app fills it. */
  public readonly cache: WebAppCache;
  /** Alarms and dashboard of the recovery Region. */
  public readonly monitoring: WebAppMonitoring;
  /** Patching of the standby instances. */
  public readonly patching: PatchManagement;
  /** Zonal autoshift of the standby's load balancer, when the primary app has `zonalAutoshift`. */
  public readonly zonalAutoshift?: ZonalAutoshift;
  /**
   * The fault injection experiments of the standby (no database experiment: the replica has no writer), unless the
   * primary app has `faultInjectionEnabled: false`.
   */
  public readonly faultInjection?: FaultInjectionExperiments;
  /** The key that encrypts the recovery Region's app: volumes, database replica, cache, logs and topics. */
  public readonly encryptionKey: kms.IKey;
  /** Name at which CloudFront reaches this Region's load balancer over HTTPS, with a domain. */
  public readonly originDomainName?: string;

  constructor(scope: Construct, id: string, props: RecoveryWebAppProps) {
    super(scope, id);
    validateTypes(this, props, RECOVERY_PROP_TYPES);
    if (props.primary === undefined || props.primary === null) {
      invalidProp(this, 'primary', props.primary, 'give the HighlyAvailableWebApp of the primary Region, whose database this Region replicates');
    }
    if (props.storage === undefined || props.storage === null) {
      invalidProp(this, 'storage', props.storage, "give the RecoveryStorage of this Region (in a stack of its own, deployed before the primary's)");
    }
    const primaryProps = props.primaryProps ?? {};
    const primary = props.primary;
    // A key of this stack's own: the services here add statements to its policy, which the storage stack,
    // deployed before the primary, must not refer back to.
    const key = new WebAppEncryption(this, 'Encryption').key;
    this.encryptionKey = key;
    validateInteger(this, 'standbyCapacity', props.standbyCapacity, 0, 1000);
    validateInteger(this, 'databaseReplicaGeneration', props.databaseReplicaGeneration, 1, 999);
    const standbyCapacity = props.standbyCapacity ?? 1;
    // A failover raises the standby to the primary's capacity, so it may grow as far as the primary.
    const maxCapacity = props.maxCapacity ?? Math.max(primary.appTier.maxCapacity, standbyCapacity, 1);
    if (!Token.isUnresolved(maxCapacity) && maxCapacity < Math.max(standbyCapacity, 1)) {
      invalidProp(this, 'maxCapacity', maxCapacity, `make it at least standbyCapacity (${standbyCapacity}) and at least 1`);
    }
    if (primary.appTier.loadBalancerExposure !== LoadBalancerExposure.INTERNAL) {
      // Named as the user gave it: in primaryProps, or only in the primary app.
      invalidProp(this, primaryProps.appTier?.loadBalancerExposure !== undefined ? 'primaryProps.appTier.loadBalancerExposure' : 'primary',
        primary.appTier.loadBalancerExposure,
        'CloudFront fails over between internal load balancers through VPC origins: keep LoadBalancerExposure.INTERNAL');
    }
    if (Stack.of(this).region === Stack.of(primary).region) {
      invalidProp(this, 'env.region of the stack', Stack.of(this).region, "put the recovery Region's stack in another Region than the primary app's");
    }

    // The settings that describe the app come from the primary; those that describe the Region (its network, key,
    // capacity and data it replicates) are this Region's own. Each is listed, so that a new option of a tier is a
    // decision here, not a silent copy.
    const appTier = primaryProps.appTier ?? {};
    const database = primaryProps.database ?? {};
    const cache = primaryProps.cache ?? {};
    // Hidden from logical IDs and physical names (the id Default), like HighlyAvailableWebApp's Region.
    this.region = withDatabaseInstanceType(this, props.databaseInstanceType, () => withOwnErrors(this, 'Default', () => new WebAppRegion(this, 'Default', {
      network: { natGateways: 1, ...props.network },
      encryptionKey: key,
      appTier: {
        // The app, how it runs and how it scales on load, as in the primary Region.
        appSource: appTier.appSource,
        instanceType: appTier.instanceType,
        spot: appTier.spot,
        appPort: appTier.appPort,
        healthCheckPath: appTier.healthCheckPath,
        targetCpuUtilization: appTier.targetCpuUtilization,
        targetRequestsPerMinute: appTier.targetRequestsPerMinute,
        deletionProtection: appTier.deletionProtection,
        logRetention: appTier.logRetention,
        // The same zonal shift as the primary's tier.
        zonalShift: appTier.zonalShift,
        impairedZoneHealthCheck: appTier.impairedZoneHealthCheck,
        // The standby's own capacity, and this Region's CloudFront prefix list (the tier finds it). Scheduled minimums,
        // warm pools and forecasts are the primary's load pattern, not a standby's.
        minCapacity: standbyCapacity,
        maxCapacity,
      },
      database: {
        // The replica's engine, topology, proxy and credentials are its source's.
        instanceType: props.databaseInstanceType ?? database.instanceType,
        allocatedStorage: database.allocatedStorage,
        maxAllocatedStorage: database.maxAllocatedStorage,
        backupRetention: database.backupRetention,
        preferredBackupWindow: database.preferredBackupWindow,
        preferredMaintenanceWindow: database.preferredMaintenanceWindow,
        databaseName: database.databaseName,
        deletionProtection: database.deletionProtection,
        removalPolicy: database.removalPolicy,
        performanceInsightsRetention: database.performanceInsightsRetention,
        monitoringInterval: database.monitoringInterval,
        cloudwatchLogsRetention: database.cloudwatchLogsRetention,
      },
      databaseReplica: {
        source: primary.database,
        generation: props.databaseReplicaGeneration,
        credentialsKey: props.storage.encryptionKey,
      },
      // An empty cache of the same kind, which the app warms again after a failover.
      cache: { ...cache },
      uploadsBucket: props.storage.uploads,
      monitoring: primaryProps.monitoring,
      patching: primaryProps.patching,
      // Autoshift as in the primary Region, so that a promoted standby has it too.
      zonalAutoshift: primaryProps.zonalAutoshift,
      // The same experiments, on a zone of this Region (the primary's zone name is the primary Region's). The
      // replica has no database experiment: WebAppRegion leaves it out.
      faultInjectionEnabled: primaryProps.faultInjectionEnabled,
      faultInjection: primaryProps.faultInjectionEnabled === false ? undefined : {
        duration: primaryProps.faultInjection?.duration,
        logRetention: primaryProps.faultInjection?.logRetention,
        removalPolicy: primaryProps.faultInjection?.removalPolicy,
      },
      originDomainName: props.originDomainName,
      hostedZone: props.hostedZone,
      standby: true,
    })));
    this.network = this.region.network;
    this.appTier = this.region.appTier;
    this.database = this.region.database;
    this.cache = this.region.cache;
    this.monitoring = this.region.monitoring;
    this.patching = this.region.patching;
    this.zonalAutoshift = this.region.zonalAutoshift;
    this.faultInjection = this.region.faultInjection;
    this.originDomainName = this.region.originDomainName;
  }
}

/** The types of the props, for callers that no compiler checks. */
const RECOVERY_PROP_TYPES: PropTypes = {
  primary: types.instanceOf(HighlyAvailableWebApp, 'the HighlyAvailableWebApp of the primary Region'),
  primaryProps: types.objectOf('the HighlyAvailableWebAppProps the primary app was made with'),
  storage: types.instanceOf(RecoveryStorage, 'the RecoveryStorage of this Region'),
  standbyCapacity: types.number,
  maxCapacity: types.number,
  network: types.objectOf('a WebAppNetworkOptions, for example { natGateways: 1 }'),
  databaseInstanceType: INSTANCE_TYPE,
  databaseReplicaGeneration: types.number,
  originDomainName: types.string,
  hostedZone: types.withMember('hostedZoneId', 'a route53.IHostedZone'),
};

/** Creates the Region, naming an error about the replica's instance type as the user gave it: `databaseInstanceType`. */
function withDatabaseInstanceType<T>(scope: Construct, given: ec2.InstanceType | undefined, create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (given !== undefined && error instanceof WebAppConfigurationError && error.path === scope.node.path && error.prop === 'database.instanceType') {
      throw new WebAppConfigurationError(scope, 'databaseInstanceType', error.value, error.fix);
    }
    throw error;
  }
}
