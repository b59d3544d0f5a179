import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DeploymentSettings } from './deployment';
import { DatabaseEngineFamily } from './engine';
import { displayPath } from '../../private/paths';

/** Statements the MySQL audit log records: logins, and changes of schema and of privileges (not data). */
export const AUDIT_EVENTS = 'CONNECT,QUERY_DDL,QUERY_DCL';

/** TLS only. The log exports need the logs to be written at all: `postgresql` is on by default. */
export const POSTGRES_PARAMETERS = { 'rds.force_ssl': '1' };
/** TLS only; the slow query log, written to files (RDS writes MySQL logs to tables by default, which are not exported). */
export const MYSQL_PARAMETERS = { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' };
/** As MySQL, plus Aurora's own audit log (RDS for MySQL uses the MariaDB audit plugin of the option group instead). */
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
export function instanceEngineAndParameters(settings: DeploymentSettings) {
  const { scope } = settings;
  const family = settings.engine.family;
  const engine = family === DatabaseEngineFamily.POSTGRESQL
    ? rds.DatabaseInstanceEngine.postgres({ version: settings.engineVersion.instanceVersion as rds.PostgresEngineVersion })
    : rds.DatabaseInstanceEngine.mysql({ version: settings.engineVersion.instanceVersion as rds.MysqlEngineVersion });
  const parameterGroup = new rds.ParameterGroup(scope, 'ParameterGroup', {
    engine,
    description: `${displayPath(scope)}: TLS only`,
    removalPolicy: settings.supportPolicy,
    parameters: family === DatabaseEngineFamily.POSTGRESQL ? POSTGRES_PARAMETERS : MYSQL_PARAMETERS,
  });
  return { engine, parameterGroup };
}

/** What every instance of the Multi-AZ instance topology shares, cross-Region replicas too. */
export function instanceSettings(settings: DeploymentSettings): { engine: rds.IInstanceEngine; instanceSettings: SharedInstanceProps } {
  const { scope } = settings;
  const family = settings.engine.family;
  const { engine, parameterGroup } = instanceEngineAndParameters(settings);
  const optionGroup = family === DatabaseEngineFamily.MYSQL
    ? new rds.OptionGroup(scope, 'OptionGroup', {
      engine,
      description: `${displayPath(scope)}: MariaDB audit plugin`,
      configurations: [{ name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: AUDIT_EVENTS } }],
    })
    : undefined;
  optionGroup?.applyRemovalPolicy(settings.supportPolicy);
  const shared: SharedInstanceProps = {
    instanceType: settings.instanceType,
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
  return { engine, instanceSettings: shared };
}
