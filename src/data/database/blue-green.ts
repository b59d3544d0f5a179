import { createHash } from 'crypto';
import { CfnResource, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct } from 'constructs';
import { DeploymentKind } from './deployment';
import { DatabaseEngine, DatabaseEngineFamily } from './engine';
import { compareVersions, resolveEngineVersion, ResolvedVersion } from './engine-version';
import { validateInstanceClass } from './validation';
import { BlueGreenPhase, DatabaseBlueGreenOptions } from './web-app-database-options';
import { databaseInstanceTypeOf, RdsEngine } from '../../private/capabilities';
import { invalidProp, types, validateType, WebAppConfigurationError } from '../../private/validation';

/** What the phases of a blue/green engine upgrade decide for the resources of a Multi-AZ instance. */
export interface BlueGreenPlan {
  readonly phase: BlueGreenPhase;
  /** The engine version of the green environment. */
  readonly target: ResolvedVersion;
  /** Whether the target is another major version: the green environment then gets a parameter group of its family. */
  readonly majorUpgrade: boolean;
  /** Whether the blue parameter group turns on `rds.logical_replication` (a PostgreSQL major version upgrade). */
  readonly logicalReplication: boolean;
  /** The instance class of the green environment, when it changes. */
  readonly targetInstanceType?: ec2.InstanceType;
}

/** The props of a WebAppDatabase that a blue/green upgrade is checked against. */
export interface BlueGreenRequest {
  readonly blueGreenUpgrade?: DatabaseBlueGreenOptions;
  readonly proxy?: boolean;
  readonly crossRegionReplicaOf?: unknown;
}

const PROP = 'blueGreenUpgrade';

/**
 * The oldest source of each PostgreSQL major version from which RDS takes a major version upgrade in a blue/green
 * deployment (with logical replication); from 16.1 on, every version.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-replication-type.html
 */
const POSTGRES_MAJOR_UPGRADE_SOURCES: Record<string, string> = {
  11: '11.21', 12: '12.16', 13: '13.12', 14: '14.9', 15: '15.4', 16: '16.1',
};

const BLUE_GREEN_TYPES = types.struct({
  targetEngineVersion: types.string,
  targetInstanceType: types.withMember('toString', "an ec2.InstanceType, for example new ec2.InstanceType('m7g.xlarge')"),
  phase: types.enumOf(BlueGreenPhase, 'BlueGreenPhase'),
}, "{ targetEngineVersion: '17.6' } (DatabaseBlueGreenOptions)");

/**
 * The plan of a blue/green engine upgrade, after refusing what RDS refuses: other topologies, a proxy, a cross-Region
 * replica, the same or a lower version, and major version upgrades it does not take.
 *
 * @param current the version of `engine`, which the instances run until the switchover
 */
export function resolveBlueGreen(scope: IConstruct, props: BlueGreenRequest, kind: DeploymentKind, engine: DatabaseEngine,
  current: ResolvedVersion, rdsEngine: RdsEngine): BlueGreenPlan | undefined {
  const options = props.blueGreenUpgrade;
  if (options === undefined) {
    return undefined;
  }
  validateType(scope, PROP, options, BLUE_GREEN_TYPES);
  if (props.crossRegionReplicaOf !== undefined) {
    invalidProp(scope, PROP, 'with crossRegionReplicaOf',
      'leave it out: RDS offers no blue/green deployment of a cross-Region read replica; upgrade the source first, then rebuild the replica at the new version (crossRegionReplicaGeneration)');
  }
  if (kind.rdsDeployment === 'multi-az-cluster') {
    invalidProp(scope, PROP, kind.rdsDeployment,
      'leave it out: RDS offers no blue/green deployment of a Multi-AZ DB cluster (only of Multi-AZ DB instances, DatabaseTopology.multiAzInstance()); upgrade the cluster in place in a maintenance window');
  }
  if (kind.rdsDeployment === 'aurora') {
    invalidProp(scope, PROP, kind.rdsDeployment,
      'leave it out: an Aurora cluster here keeps its master password in a secret that RDS manages, and RDS blue/green deployments do not support a master password managed in Secrets Manager; upgrade it in place in a maintenance window');
  }
  if (props.proxy) {
    invalidProp(scope, PROP, 'with proxy',
      'leave it out while proxy is on: RDS blue/green deployments do not support RDS Proxy; upgrade in place in a maintenance window, or remove the proxy (and move its clients to endpoint) first');
  }
  const targetProp = `${PROP}.targetEngineVersion`;
  const target = resolveEngineVersion(scope, engine.family === DatabaseEngineFamily.POSTGRESQL
    ? DatabaseEngine.postgres(options.targetEngineVersion) : DatabaseEngine.mysql(options.targetEngineVersion), false, targetProp);
  const order = compareVersions(target.full, current.full);
  if (order === 0) {
    invalidProp(scope, targetProp, target.full,
      `give a version above engine's (${current.full}), which the instances run: a blue/green deployment to the same version upgrades nothing (to change only the class, set instanceType: RDS modifies the instance with a Multi-AZ failover)`);
  }
  if (order < 0) {
    invalidProp(scope, targetProp, target.full,
      `give a version above engine's (${current.full}): RDS blue/green deployments only upgrade; to go back after a switchover, the old instance (<identifier>-old1) still runs ${current.full}`);
  }
  const majorUpgrade = target.major !== current.major;
  if (majorUpgrade && engine.family === DatabaseEngineFamily.MYSQL) {
    invalidProp(scope, targetProp, target.full,
      `give a ${current.major} version: the instances have a custom option group (the MariaDB audit plugin), with which RDS for MySQL takes no major version upgrade in a blue/green deployment; upgrade to ${target.major} in place (allowMajorVersionUpgrade) in a maintenance window`);
  }
  if (majorUpgrade) {
    const oldest = POSTGRES_MAJOR_UPGRADE_SOURCES[current.major];
    if (oldest !== undefined && compareVersions(current.full, oldest) < 0) {
      invalidProp(scope, targetProp, target.full,
        `upgrade engine to ${oldest} or later first (a minor version, in place or with a blue/green deployment to it): RDS takes a major version upgrade in a blue/green deployment only from PostgreSQL ${oldest} and later minor versions of ${current.major}`);
    }
  }
  return {
    phase: options.phase ?? BlueGreenPhase.GREEN,
    target,
    majorUpgrade,
    logicalReplication: majorUpgrade && engine.family === DatabaseEngineFamily.POSTGRESQL,
    targetInstanceType: targetInstanceTypeOf(scope, options.targetInstanceType, rdsEngine, kind),
  };
}

/** The target instance class, checked as instanceType is; its errors name `blueGreenUpgrade.targetInstanceType`. */
function targetInstanceTypeOf(scope: IConstruct, given: ec2.InstanceType | undefined, rdsEngine: RdsEngine,
  kind: DeploymentKind): ec2.InstanceType | undefined {
  const prop = `${PROP}.targetInstanceType`;
  try {
    const type = databaseInstanceTypeOf(scope, prop, given);
    if (type !== undefined) {
      validateInstanceClass(scope, type, rdsEngine, kind);
    }
    return type;
  } catch (error) {
    if (error instanceof WebAppConfigurationError && error.prop === 'instanceType') {
      throw new WebAppConfigurationError(scope, prop, error.value, error.fix);
    }
    throw error;
  }
}

/** What the blue/green deployment copies and into what. */
export interface BlueGreenSource {
  readonly instance: rds.DatabaseInstance;
  readonly readReplicas: rds.DatabaseInstanceReadReplica[];
  /** The parameter group of the green environment's instances. */
  readonly targetParameterGroup: rds.IParameterGroup;
  /** The database's identifier, from which the deployment's name is derived. */
  readonly baseName: string;
}

/**
 * The `AWS::RDS::Deployment` of the green environment, written as a CfnResource so that it works on every aws-cdk-lib
 * (`rds.CfnDeployment` exists from 2.275).
 */
export function createBlueGreenDeployment(scope: Construct, plan: BlueGreenPlan, source: BlueGreenSource): CfnResource {
  const targetClass = plan.targetInstanceType && !Token.isUnresolved(plan.targetInstanceType.toString())
    ? `db.${plan.targetInstanceType.toString()}` : undefined;
  const deployment = new CfnResource(scope, 'BlueGreenDeployment', {
    type: 'AWS::RDS::Deployment',
    properties: {
      BlueGreenDeploymentName: deploymentName(source.baseName, plan.target.full, targetClass),
      Source: source.instance.instanceArn,
      TargetEngineVersion: plan.target.full,
      TargetDBParameterGroupName: source.targetParameterGroup.bindToInstance({}).parameterGroupName,
      TargetDBInstanceClass: targetClass,
    },
  });
  // RDS copies the read replicas into the green environment: they exist before it is created.
  for (const replica of source.readReplicas) {
    deployment.node.addDependency(replica);
  }
  return deployment;
}

/**
 * `<identifier>-v17-6`, and `-c<digest>` of the target class when it changes: unique per target, so that a new target
 * (which replaces the deployment, created before the old one is deleted) never asks for the name of the old one. At
 * most 40 + 2 + 7 + 6 characters, within the 60 of a blue/green deployment's name.
 */
function deploymentName(baseName: string, version: string, targetClass: string | undefined): string {
  const classPart = targetClass ? `-c${createHash('sha256').update(targetClass).digest('hex').slice(0, 4)}` : '';
  return `${baseName}-v${version.replace(/[^0-9A-Za-z]+/g, '-')}${classPart}`;
}
