import { Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { UpdateSettings, updateSettings } from './update-policy';
import { Architecture, INSTANCE_TYPE, instanceTypeArchitecture, instanceTypeOf, isKnownInstanceType, validateTimeZone } from '../../private/capabilities';
import { cloudFrontOriginFacingPrefixList } from '../../private/cloudfront-prefix-list';
import { selectSubnetsInTwoZones } from '../../private/subnets';
import { invalidProp, PropTypes, types, validateInteger } from '../../private/validation';
import { AppSource } from '../app-source';
import { AppTierUpdate } from '../app-tier-update';
import type { WebAppTierProps } from '../web-app-tier';
import { ImpairedZoneHealthCheck, LoadBalancerExposure, ScheduledCapacity, SpotOptions, WarmPoolOptions } from '../web-app-tier-options';

const SURVIVE_A_ZONE = 'so that the app survives the loss of a zone';

/** Elastic Load Balancing takes health check paths of 1 to 1,024 characters. */
const MAX_HEALTH_CHECK_PATH = 1024;

/** The tier's props after validation, with their defaults: computed once, before any resource is created. */
export interface TierSettings {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** MinInstancesInService of the rolling update. */
  readonly minInstancesInService: number;
  /** How a launch template change reaches the instances. */
  readonly update: UpdateSettings;
  readonly appPort: number;
  readonly healthCheckPath: string;
  readonly instanceType: ec2.InstanceType;
  readonly architecture: Architecture;
  readonly appSource: AppSource;
  /** The Spot types besides `instanceType`, none without `spot`. */
  readonly spotTypes: ec2.InstanceType[];
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The Availability Zones of `vpcSubnets`. */
  readonly instanceZones: string[];
  readonly deletionProtection: boolean;
  readonly loadBalancerExposure: LoadBalancerExposure;
  readonly internetFacing: boolean;
  readonly loadBalancerSubnets: ec2.SubnetSelection;
  readonly prefixListId: string;
  readonly listenerProtocol: elbv2.ApplicationProtocol;
  readonly listenerPort: number;
  readonly logRetention: logs.RetentionDays;
  readonly targetCpuUtilization: number;
  readonly targetRequestsPerMinute: number;
  /** Whether the load balancer and the group are registered with ARC zonal shift. */
  readonly zonalShift: boolean;
  readonly impairedZoneHealthCheck: ImpairedZoneHealthCheck;
}

/**
 * Checks the props of a tier (after their types, {@link TIER_PROP_TYPES}) and computes their defaults. Throws the
 * error of the first prop that cannot work.
 */
export function tierSettings(scope: Construct, props: WebAppTierProps): TierSettings {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) {
    invalidProp(scope, 'env.region of the stack', region,
      "give the stack an explicit region, e.g. new Stack(app, 'Id', { env: { region: 'eu-west-1' } }): load balancer access logs are delivered by a regional account");
  }

  // Two instances survive the loss of one instance or zone; only a standby tier may run fewer.
  const fewestInstances = props.standby ? 0 : 2;
  validateInteger(scope, 'minCapacity', props.minCapacity, fewestInstances, 1000);
  validateInteger(scope, 'maxCapacity', props.maxCapacity, Math.max(fewestInstances, 1), 1000);
  const minCapacity = props.minCapacity ?? 2;
  const maxCapacity = props.maxCapacity ?? Math.max(6, minCapacity);
  if (!Token.isUnresolved(minCapacity) && !Token.isUnresolved(maxCapacity) && minCapacity > maxCapacity) {
    invalidProp(scope, 'maxCapacity', maxCapacity, `make it at least minCapacity (${minCapacity})`);
  }
  // CloudFormation needs MinInstancesInService below MaxSize; a group with min == max dips by one instance.
  const minInstancesInService = Token.isUnresolved(minCapacity) || Token.isUnresolved(maxCapacity)
    ? minCapacity
    : Math.min(minCapacity, maxCapacity - 1);
  validateInteger(scope, 'appPort', props.appPort, 1024, 65535);
  const appPort = props.appPort ?? 8080;
  const healthCheckPath = props.healthCheckPath ?? '/health';
  if (!Token.isUnresolved(healthCheckPath) && !/^\/[A-Za-z0-9\-._~/%]*$/.test(healthCheckPath)) {
    invalidProp(scope, 'healthCheckPath', healthCheckPath, "give a URL path that starts with '/' and has no query, for example '/health'");
  }
  if (!Token.isUnresolved(healthCheckPath) && healthCheckPath.length > MAX_HEALTH_CHECK_PATH) {
    invalidProp(scope, 'healthCheckPath', `${healthCheckPath.slice(0, 40)}... (${healthCheckPath.length} characters)`,
      `give a path of at most ${MAX_HEALTH_CHECK_PATH} characters: Elastic Load Balancing accepts no longer health check path`);
  }
  validateInteger(scope, 'targetCpuUtilization', props.targetCpuUtilization, 10, 90);
  validateInteger(scope, 'targetRequestsPerMinute', props.targetRequestsPerMinute, 1, 1_000_000);
  const instanceType = instanceTypeOf(scope, 'instanceType', props.instanceType) ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL);
  const architecture = validateInstanceType(scope, 'instanceType', instanceType);
  const appSource = props.appSource ?? AppSource.sampleApp();
  const spotTypes = validateSpot(scope, props.spot, instanceType, architecture, maxCapacity);
  validateScheduledScaling(scope, props.scheduledScaling ?? []);
  validateWarmPool(scope, props.warmPool, props.spot !== undefined, minCapacity);
  const update = updateSettings(scope, props.updateStrategy, props.warmPool !== undefined, minCapacity);
  const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  const instanceZones = selectSubnetsInTwoZones(scope, 'vpcSubnets', props.vpc, vpcSubnets, SURVIVE_A_ZONE).availabilityZones;
  const deletionProtection = props.deletionProtection ?? true;
  const loadBalancerExposure = props.loadBalancerExposure ?? LoadBalancerExposure.INTERNAL;
  const internetFacing = loadBalancerExposure === LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST;
  if (internetFacing && !props.certificate) {
    invalidProp(scope, 'certificate', undefined,
      'LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST sends the origin secret over the internet, so it needs HTTPS: give a certificate (or a domain name and hosted zone), or use LoadBalancerExposure.INTERNAL');
  }
  if (!internetFacing && props.loadBalancerSubnets) {
    invalidProp(scope, 'loadBalancerSubnets', props.loadBalancerSubnets,
      'an internal load balancer shares the instances\' subnets (vpcSubnets): leave loadBalancerSubnets out, or use LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST');
  }
  const loadBalancerSubnets = internetFacing
    ? props.loadBalancerSubnets ?? { subnetType: ec2.SubnetType.PUBLIC }
    : vpcSubnets;
  if (internetFacing) {
    selectSubnetsInTwoZones(scope, 'loadBalancerSubnets', props.vpc, loadBalancerSubnets, SURVIVE_A_ZONE);
  }
  const prefixListId = cloudFrontOriginFacingPrefixList(scope, 'cloudFrontPrefixListId', props.cloudFrontPrefixListId);
  const zonalShift = props.zonalShift ?? true;
  if (!zonalShift && props.impairedZoneHealthCheck !== undefined) {
    invalidProp(scope, 'impairedZoneHealthCheck', props.impairedZoneHealthCheck,
      'it applies only to a zonal shift of the Auto Scaling group: leave it out, or leave zonalShift on');
  }
  return {
    minCapacity,
    maxCapacity,
    minInstancesInService,
    update,
    appPort,
    healthCheckPath,
    instanceType,
    architecture,
    appSource,
    spotTypes,
    vpcSubnets,
    instanceZones,
    deletionProtection,
    loadBalancerExposure,
    internetFacing,
    loadBalancerSubnets,
    prefixListId,
    listenerProtocol: props.certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
    listenerPort: props.certificate ? 443 : 80,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    targetCpuUtilization: props.targetCpuUtilization ?? 60,
    targetRequestsPerMinute: props.targetRequestsPerMinute ?? 1000,
    zonalShift,
    impairedZoneHealthCheck: props.impairedZoneHealthCheck ?? ImpairedZoneHealthCheck.IGNORE_UNHEALTHY,
  };
}

/**
 * The processor architecture of an instance type, after refusing a type that names no EC2 family or size (such as
 * 't4g.smal') and a token, whose architecture (and so the machine image) would be unknown at synth time.
 */
function validateInstanceType(scope: Construct, prop: string, instanceType: ec2.InstanceType): Architecture {
  const name = instanceType.toString();
  if (Token.isUnresolved(name)) {
    invalidProp(scope, prop, name, "give a literal instance type such as 't4g.small': its name picks the architecture of the machine image at synth time");
  }
  const architecture = isKnownInstanceType(name) ? instanceTypeArchitecture(name) : undefined;
  if (!architecture) {
    invalidProp(scope, prop, name, "give an EC2 instance type that exists, such as 't4g.small' or 'm7g.large' (family.size)");
  }
  return architecture;
}

/** Checks the Spot options; returns the additional instance types (strings of a JavaScript caller made instance types). */
function validateSpot(scope: Construct, spot: SpotOptions | undefined, instanceType: ec2.InstanceType, architecture: Architecture,
  maxCapacity: number): ec2.InstanceType[] {
  if (!spot) {
    return [];
  }
  validateInteger(scope, 'spot.onDemandBaseCapacity', spot.onDemandBaseCapacity, 0, 1000);
  validateInteger(scope, 'spot.onDemandPercentageAboveBase', spot.onDemandPercentageAboveBase, 0, 100);
  if (spot.onDemandBaseCapacity !== undefined && !Token.isUnresolved(spot.onDemandBaseCapacity) && !Token.isUnresolved(maxCapacity)
    && spot.onDemandBaseCapacity > maxCapacity) {
    invalidProp(scope, 'spot.onDemandBaseCapacity', spot.onDemandBaseCapacity, `make it at most maxCapacity (${maxCapacity})`);
  }
  const additionalTypes = (spot.additionalInstanceTypes ?? []).map((given, index) => {
    const prop = `spot.additionalInstanceTypes[${index}]`;
    const type = instanceTypeOf(scope, prop, given) ?? invalidProp(scope, prop, given, "give an instance type such as new ec2.InstanceType('m6g.large')");
    if (validateInstanceType(scope, prop, type) !== architecture) {
      invalidProp(scope, prop, type.toString(),
        `use instance types of the same architecture as instanceType (${instanceType.toString()}, ${architecture}): they share one machine image`);
    }
    return type;
  });
  if (additionalTypes.length + 1 > 40) {
    invalidProp(scope, 'spot.additionalInstanceTypes', additionalTypes.map(String), 'give at most 39 more instance types (an Auto Scaling group takes 40)');
  }
  return additionalTypes;
}

function validateScheduledScaling(scope: Construct, scheduled: ScheduledCapacity[]): void {
  scheduled.forEach((entry, index) => {
    const prop = `scheduledScaling[${index}]`;
    if (entry.minCapacity === undefined && entry.maxCapacity === undefined) {
      invalidProp(scope, prop, entry.schedule.expressionString, 'give minCapacity, maxCapacity or both: a scheduled action must change something');
    }
    validateInteger(scope, `${prop}.minCapacity`, entry.minCapacity, 2, 1000);
    validateInteger(scope, `${prop}.maxCapacity`, entry.maxCapacity, 2, 1000);
    validateTimeZone(scope, `${prop}.timeZone`, entry.timeZone, 'Auto Scaling');
    if (entry.minCapacity !== undefined && entry.maxCapacity !== undefined && !Token.isUnresolved(entry.minCapacity)
      && !Token.isUnresolved(entry.maxCapacity) && entry.minCapacity > entry.maxCapacity) {
      invalidProp(scope, `${prop}.maxCapacity`, entry.maxCapacity, `make it at least minCapacity (${entry.minCapacity})`);
    }
  });
}

function validateWarmPool(scope: Construct, warmPool: WarmPoolOptions | undefined, spot: boolean, minCapacity: number): void {
  if (!warmPool) {
    return;
  }
  if (spot) {
    invalidProp(scope, 'warmPool', 'with spot', 'Auto Scaling offers warm pools only to groups without Spot Instances: leave out warmPool or spot');
  }
  validateInteger(scope, 'warmPool.minSize', warmPool.minSize, 0, 1000);
  validateInteger(scope, 'warmPool.maxGroupPreparedCapacity', warmPool.maxGroupPreparedCapacity, 1, 1000);
  if (warmPool.maxGroupPreparedCapacity !== undefined && !Token.isUnresolved(warmPool.maxGroupPreparedCapacity) && !Token.isUnresolved(minCapacity)
    && warmPool.maxGroupPreparedCapacity < minCapacity) {
    invalidProp(scope, 'warmPool.maxGroupPreparedCapacity', warmPool.maxGroupPreparedCapacity, `make it at least minCapacity (${minCapacity})`);
  }
  if (warmPool.poolState === autoscaling.PoolState.HIBERNATED) {
    invalidProp(scope, 'warmPool.poolState', warmPool.poolState, 'use PoolState.STOPPED or PoolState.RUNNING: the launch template is not configured for hibernation');
  }
}

/** The types of the props, for callers that no compiler checks. */
export const TIER_PROP_TYPES: PropTypes = {
  vpc: types.withMembers(['vpcId', 'selectSubnets'], 'an ec2.IVpc, for example WebAppNetwork.vpc'),
  appSource: types.instanceOf(AppSource, 'AppSource.sampleApp(), AppSource.commands([...]) or AppSource.containerImage({...})'),
  vpcSubnets: types.objectOf('an ec2.SubnetSelection such as { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }'),
  loadBalancerSubnets: types.objectOf('an ec2.SubnetSelection such as { subnetType: ec2.SubnetType.PUBLIC }'),
  spot: types.struct({
    additionalInstanceTypes: types.arrayOf(INSTANCE_TYPE, "a list, for example [new ec2.InstanceType('m6g.large')]"),
  }, 'SpotOptions, for example { onDemandPercentageAboveBase: 25 }'),
  scheduledScaling: types.arrayOf(types.struct({
    schedule: types.withMember('expressionString', "an autoscaling.Schedule such as autoscaling.Schedule.cron({ hour: '8', minute: '0' })"),
  }, "a ScheduledCapacity such as { schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 4 }"),
  "a list, for example [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 4 }]"),
  warmPool: types.objectOf('WarmPoolOptions, for example { minSize: 1 }'),
  updateStrategy: types.instanceOf(AppTierUpdate, 'AppTierUpdate.instanceRefresh({...}) or AppTierUpdate.rollingUpdate()'),
  healthCheckPath: types.string,
  cloudFrontPrefixListId: types.string,
  deletionProtection: types.boolean,
  predictiveScaling: types.boolean,
  standby: types.boolean,
  zonalShift: types.boolean,
  impairedZoneHealthCheck: types.enumOf(ImpairedZoneHealthCheck, 'ImpairedZoneHealthCheck'),
  loadBalancerExposure: types.enumOf(LoadBalancerExposure, 'LoadBalancerExposure'),
  logRetention: types.retentionDays,
  certificate: types.withMember('certificateArn', 'an acm.ICertificate, for example acm.Certificate.fromCertificateArn(...)'),
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'),
  notificationsTopic: types.withMember('topicArn', 'an sns.ITopic'),
  accessLogsBucket: types.withMember('bucketName', 'an s3.IBucket'),
  serverAccessLogsBucket: types.withMember('bucketName', 'an s3.IBucket'),
};
