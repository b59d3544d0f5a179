import { RemovalPolicy } from 'aws-cdk-lib';
import { CacheEngine } from './engine';
import { PropTypes, types, validateType } from '../../private/validation';

/** The types of the props, for callers that no compiler checks. */
export const CACHE_PROP_TYPES: PropTypes = {
  vpc: types.withMembers(['vpcId', 'selectSubnets'], 'an ec2.IVpc, for example WebAppNetwork.vpc'),
  vpcSubnets: types.objectOf('an ec2.SubnetSelection such as { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'),
  engine: {
    ...types.instanceOf(CacheEngine, "CacheEngine.valkey() or CacheEngine.redis('7.1')"),
    // The version is given to the factory, so an error names the engine the user set.
    checkParts: (scope, prop, engine: CacheEngine) => validateType(scope, prop, engine.version, types.string),
  },
  nodeType: types.string,
  replicasPerShard: types.number,
  shards: types.number,
  clusterMode: types.boolean,
  pinAvailabilityZones: types.boolean,
  port: types.number,
  snapshotRetentionLimit: types.number,
  snapshotWindow: types.string,
  preferredMaintenanceWindow: types.string,
  logRetention: types.retentionDays,
  parameters: types.mapOf(types.string),
  accessString: types.string,
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'),
};
