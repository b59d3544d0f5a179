import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { DeploymentKind, ResolvedStorage } from './deployment';
import { DatabaseEngineFamily } from './engine';
import { WebAppDatabaseOptions } from './web-app-database-options';
import {
  isKnownInstanceType, isReservedDatabaseName, PERFORMANCE_INSIGHTS_RETENTION_DAYS, performanceInsightsSupported, proxyAvailable, proxySupport,
  RdsEngine,
} from '../../private/capabilities';
import { invalidProp, requireConcrete } from '../../private/validation';

const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

/** The shortest backup and maintenance windows that RDS accepts. */
export const RDS_MINIMUM_WINDOW_MINUTES = 30;

/** The engine as CloudFormation and the capability tables name it. */
export function rdsEngineOf(family: DatabaseEngineFamily, aurora: boolean): RdsEngine {
  if (family === DatabaseEngineFamily.POSTGRESQL) {
    return aurora ? 'aurora-postgresql' : 'postgres';
  }
  return aurora ? 'aurora-mysql' : 'mysql';
}

export function defaultSubnets(scope: IConstruct, vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.isolatedSubnets.length === 0) {
    invalidProp(scope, 'vpcSubnets', undefined,
      'the VPC has no isolated subnets; give the private subnets of the database, for example WebAppNetwork.dataSubnets');
  }
  return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
}

/** The Availability Zones of the subnets, after checking that there are enough and that none is public. */
export function validateSubnets(scope: IConstruct, vpc: ec2.IVpc, selection: ec2.SubnetSelection, kind: DeploymentKind): string[] {
  const selected = vpc.selectSubnets(selection);
  const publicIds = new Set(vpc.publicSubnets.map((subnet) => subnet.subnetId));
  if (selected.subnets.some((subnet) => publicIds.has(subnet.subnetId))) {
    invalidProp(scope, 'vpcSubnets', selection, 'give private subnets: a database never belongs in a public subnet');
  }
  const zones = [...new Set(selected.availabilityZones)];
  if (zones.length < kind.zones.needed) {
    invalidProp(scope, 'vpcSubnets', selection, `the subnets are in ${zones.length} Availability Zone(s) (${zones.join(', ')}); ${kind.zones.fix}`);
  }
  return zones;
}

export function validateBackupRetention(scope: IConstruct, retention: Duration): number {
  if (retention.isUnresolved()) {
    invalidProp(scope, 'backupRetention', retention.toString(), 'give a literal duration: it is checked against the 35 days RDS allows');
  }
  const days = retention.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1 || days > 35) {
    invalidProp(scope, 'backupRetention', retention.toString(), 'give whole days from Duration.days(1) to Duration.days(35); automated backups cannot be turned off here');
  }
  return days;
}

export function validateMonitoringInterval(scope: IConstruct, interval: Duration): void {
  if (interval.isUnresolved()) {
    return;
  }
  const seconds = interval.toSeconds({ integral: false });
  if (!MONITORING_INTERVALS.includes(seconds)) {
    invalidProp(scope, 'monitoringInterval', interval.toString(), `give one of ${MONITORING_INTERVALS.map((value) => `${value}`).join(', ')} seconds; enhanced monitoring cannot be turned off here`);
  }
}

/** The storage of each instance, after checking that the storage props are literals that the deployment takes. */
export function resolveStorage(scope: IConstruct, props: WebAppDatabaseOptions, kind: DeploymentKind): ResolvedStorage {
  const { allocatedStorage, maxAllocatedStorage } = props;
  requireConcrete(scope, 'allocatedStorage', allocatedStorage, 'the autoscaling limit is derived from it, and aws-cdk-lib renders it as text');
  requireConcrete(scope, 'maxAllocatedStorage', maxAllocatedStorage, 'it is checked against allocatedStorage');
  return kind.resolveStorage(scope, allocatedStorage, maxAllocatedStorage);
}

const RESERVED_DATABASE_NAMES: Record<DatabaseEngineFamily, string[]> = {
  [DatabaseEngineFamily.POSTGRESQL]: ['postgres', 'template0', 'template1', 'rdsadmin'],
  [DatabaseEngineFamily.MYSQL]: ['mysql', 'sys', 'information_schema', 'performance_schema', 'rdsadmin'],
};

export function validateDatabaseName(scope: IConstruct, name: string, family: DatabaseEngineFamily): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const maxLength = family === DatabaseEngineFamily.POSTGRESQL ? 63 : 64;
  if (!new RegExp(`^[A-Za-z][A-Za-z0-9_]{0,${maxLength - 1}}$`).test(name)) {
    invalidProp(scope, 'databaseName', name, `give a letter, then letters, digits or underscores, ${maxLength} characters at most`);
  }
  if (RESERVED_DATABASE_NAMES[family].includes(name.toLowerCase())) {
    invalidProp(scope, 'databaseName', name, `choose another name: ${RESERVED_DATABASE_NAMES[family].join(', ')} are the engine's own databases`);
  }
  if (isReservedDatabaseName(family, name)) {
    invalidProp(scope, 'databaseName', name,
      `choose another name, for example '${name.toLowerCase()}_db': it is a reserved word of ${family === DatabaseEngineFamily.POSTGRESQL ? 'PostgreSQL' : 'MySQL'}, which RDS refuses as a database name`);
  }
}

/** Checks the instance class against the families that EC2 names and the classes that the topology takes. */
export function validateInstanceClass(scope: IConstruct, instanceType: ec2.InstanceType, engine: RdsEngine, kind: DeploymentKind): void {
  const name = instanceType.toString();
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!isKnownInstanceType(name)) {
    invalidProp(scope, 'instanceType', name, "give an instance class that exists, such as new ec2.InstanceType('m7g.large') (family.size; RDS calls it db.m7g.large)");
  }
  kind.validateInstanceClass(scope, `db.${name}`, engine);
}

/**
 * The retention of Performance Insights, or undefined to turn it off: a class that offers no Performance Insights
 * turns it off with a warning, unless a retention was asked for, which is then refused.
 */
export function resolvePerformanceInsights(scope: IConstruct, retention: rds.PerformanceInsightRetention | undefined, engine: RdsEngine,
  instanceType: ec2.InstanceType): rds.PerformanceInsightRetention | undefined {
  if (retention !== undefined && !Token.isUnresolved(retention) && !PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(retention)) {
    invalidProp(scope, 'performanceInsightsRetention', retention,
      'give 7 days (rds.PerformanceInsightRetention.DEFAULT), a number of months (MONTHS_1 to MONTHS_23, 31 days each) or 731 days (LONG_TERM): RDS accepts no other period');
  }
  const name = instanceType.toString();
  if (Token.isUnresolved(name) || performanceInsightsSupported(engine, `db.${name}`)) {
    return retention ?? rds.PerformanceInsightRetention.DEFAULT;
  }
  if (retention !== undefined) {
    invalidProp(scope, 'performanceInsightsRetention', retention,
      `leave it out, or choose a larger instance class: ${engine} offers no Performance Insights on db.${name}`);
  }
  Annotations.of(scope).addWarningV2('cdk-ha-web-app:database-no-performance-insights',
    `${engine} offers no Performance Insights on db.${name}, so it is off for this database; choose a larger class (for example db.t4g.medium) to have it. `
    + 'See https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html');
  return undefined;
}

/** Refuses a deployment or a proxy that RDS does not offer for the engine or in the stack's Region. */
export function validateRegionalFeatures(scope: IConstruct, proxy: boolean, engine: RdsEngine, kind: DeploymentKind): void {
  const region = Stack.of(scope).region;
  const knownRegion = !Token.isUnresolved(region);
  if (knownRegion) {
    kind.checkRegion(scope, region, engine);
  }
  if (!proxy) {
    return;
  }
  const support = proxySupport(engine, kind.rdsDeployment);
  if (!support) {
    invalidProp(scope, 'proxy', true, `leave it out: RDS Proxy does not support ${engine} in a ${kind.rdsDeployment} deployment`);
  }
  if (knownRegion && !proxyAvailable(region)) {
    invalidProp(scope, 'proxy', true, `leave it out: RDS Proxy is not available in ${region} (${support.source})`);
  }
}
