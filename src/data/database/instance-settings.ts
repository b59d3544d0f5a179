import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DeploymentSettings } from './deployment';
import { DatabaseEngineFamily } from './engine';
import { ResolvedVersion } from './engine-version';
import { BlueGreenPhase } from './web-app-database-options';
import { displayPath } from '../../private/paths';

/** Statements the MySQL audit log records: logins, and changes of schema and of privileges (not data). */
export const AUDIT_EVENTS = 'CONNECT,QUERY_DDL,QUERY_DCL';

/** TLS only. The log exports need the logs to be written at all: `postgresql` is on by default. */
export const POSTGRES_PARAMETERS = { 'rds.force_ssl': '1' };
/** TLS only; the slow query log, written to files (RDS writes MySQL logs to tables by default, which are not exported). */
export const MYSQL_PARAMETERS = { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' };
/** As MySQL, plus Aurora's own audit log (RDS for MySQL uses the MariaDB audit plugin of the option group instead). */
/** Logical replication, which a PostgreSQL blue/green deployment to another major version replicates with (static: a reboot applies it). */
export const LOGICAL_REPLICATION = { 'rds.logical_replication': '1' };
export const AURORA_MYSQL_PARAMETERS = { ...MYSQL_PARAMETERS, server_audit_logging: '1', server_audit_events: AUDIT_EVENTS };

/** The log types that DB instances export (Multi-AZ instance topology and cross-Region replicas). */
export const INSTANCE_LOG_EXPORTS: Record<DatabaseEngineFamily, string[]> = {
  [DatabaseEngineFamily.POSTGRESQL]: ['postgresql', 'upgrade'],
  [DatabaseEngineFamily.MYSQL]: ['audit', 'error', 'general', 'slowquery'],
};

/** The props that every DB instance of the database shares, primary and replicas. */
export interface SharedInstanceProps extends rds.DatabaseInstanceNewProps {
  readonly instanceType: ec2.InstanceType;
}

/** The RDS (not Aurora) engine of the instances, and their parameter group, which forces TLS. */
export function instanceEngineAndParameters(settings: DeploymentSettings): InstanceEngineAndParameters {
  const { scope } = settings;
  const family = settings.engine.family;
  const engineOf = (version: ResolvedVersion) => family === DatabaseEngineFamily.POSTGRESQL
    ? rds.DatabaseInstanceEngine.postgres({ version: version.instanceVersion as rds.PostgresEngineVersion })
    : rds.DatabaseInstanceEngine.mysql({ version: version.instanceVersion as rds.MysqlEngineVersion });
  const blueEngine = engineOf(settings.engineVersion);
  const parameters = family === DatabaseEngineFamily.POSTGRESQL ? POSTGRES_PARAMETERS : MYSQL_PARAMETERS;
  const plan = settings.blueGreen;
  const parameterGroup = new rds.ParameterGroup(scope, 'ParameterGroup', {
    engine: blueEngine,
    description: `${displayPath(scope)}: TLS only`,
    removalPolicy: settings.supportPolicy,
    // A PostgreSQL major version upgrade in a blue/green deployment replicates logically from the blue instance.
    parameters: plan?.logicalReplication ? { ...parameters, ...LOGICAL_REPLICATION } : parameters,
  });
  if (!plan) {
    return { engine: blueEngine, parameterGroup, blueEngine };
  }
  const targetEngine = engineOf(plan.target);
  const targetParameterGroup = plan.majorUpgrade
    ? new rds.ParameterGroup(scope, 'BlueGreenParameterGroup', {
      engine: targetEngine,
      description: `${displayPath(scope)}: TLS only, for ${plan.target.full}`,
      removalPolicy: settings.supportPolicy,
      parameters,
    })
    : parameterGroup;
  // After the switchover the instances are the green ones: the template describes them as they are.
  const switchedOver = plan.phase === BlueGreenPhase.SWITCHED_OVER;
  if (switchedOver) {
    // No instance of the stack names the blue group any more, but the old instances (-old1) still use it: it stays.
    parameterGroup.bindToInstance({});
  }
  return {
    engine: switchedOver ? targetEngine : blueEngine,
    parameterGroup: switchedOver ? targetParameterGroup : parameterGroup,
    blueEngine,
    targetParameterGroup,
  };
}

/** The engine and parameter group of the instances, and those of a blue/green upgrade. */
export interface InstanceEngineAndParameters {
  /** The engine of the instances in the template. */
  readonly engine: rds.IInstanceEngine;
  /** The parameter group of the instances in the template. */
  readonly parameterGroup: rds.IParameterGroup;
  /** The engine at the version of `engine` (the blue instances'), of which the option group is. */
  readonly blueEngine: rds.IInstanceEngine;
  /** The parameter group of the green environment, during a blue/green upgrade. */
  readonly targetParameterGroup?: rds.IParameterGroup;
}

/** What every instance of the Multi-AZ instance topology shares, cross-Region replicas too. */
export function instanceSettings(settings: DeploymentSettings): InstanceSettings {
  const { scope } = settings;
  const family = settings.engine.family;
  const { engine, parameterGroup, blueEngine, targetParameterGroup } = instanceEngineAndParameters(settings);
  const plan = settings.blueGreen;
  const optionGroup = family === DatabaseEngineFamily.MYSQL
    ? new rds.OptionGroup(scope, 'OptionGroup', {
      // Blue/green upgrades of MySQL stay within the major version, whose option group serves both environments.
      engine: blueEngine,
      description: `${displayPath(scope)}: MariaDB audit plugin`,
      configurations: [{ name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: AUDIT_EVENTS } }],
    })
    : undefined;
  optionGroup?.applyRemovalPolicy(settings.supportPolicy);
  const shared: SharedInstanceProps = {
    instanceType: plan?.phase === BlueGreenPhase.SWITCHED_OVER && plan.targetInstanceType ? plan.targetInstanceType : settings.instanceType,
    vpc: settings.vpc,
    subnetGroup: settings.subnetGroup,
    securityGroups: [settings.securityGroup],
    publiclyAccessible: false,
    storageType: rds.StorageType.GP3,
    maxAllocatedStorage: settings.storage.maxAllocatedStorage,
    parameterGroup,
    optionGroup,
    iamAuthentication: true,
    enablePerformanceInsights: settings.performanceInsightRetention !== undefined,
    performanceInsightRetention: settings.performanceInsightRetention,
    performanceInsightEncryptionKey: settings.performanceInsightRetention !== undefined ? settings.encryptionKey : undefined,
    monitoringInterval: settings.monitoringInterval,
    monitoringRole: settings.monitoringRole,
    cloudwatchLogsExports: INSTANCE_LOG_EXPORTS[family],
    autoMinorVersionUpgrade: true,
    preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
    copyTagsToSnapshot: true,
    deletionProtection: settings.deletionProtection,
  };
  return { engine, instanceSettings: shared, targetParameterGroup };
}

/** What {@link instanceSettings} decides. */
export interface InstanceSettings {
  readonly engine: rds.IInstanceEngine;
  readonly instanceSettings: SharedInstanceProps;
  /** The parameter group of the green environment, during a blue/green upgrade. */
  readonly targetParameterGroup?: rds.IParameterGroup;
}
