import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { DatabaseEngine, DatabaseEngineFamily } from './engine';
import { invalidProp, requireConcrete } from '../../private/validation';

/** The engine version to deploy, with aws-cdk-lib's version object of the engine that takes it. */
export interface ResolvedVersion {
  readonly full: string;
  /** The major version, as aws-cdk-lib names it: `16` for PostgreSQL, `8.4` for MySQL. */
  readonly major: string;
  readonly instanceVersion?: rds.PostgresEngineVersion | rds.MysqlEngineVersion;
  readonly auroraPostgresVersion?: rds.AuroraPostgresEngineVersion;
  readonly auroraMysqlVersion?: rds.AuroraMysqlEngineVersion;
}

interface KnownVersion {
  readonly full: string;
  readonly major: string;
  readonly version: rds.PostgresEngineVersion | rds.MysqlEngineVersion | rds.AuroraPostgresEngineVersion | rds.AuroraMysqlEngineVersion;
}

/** The versions that aws-cdk-lib knows, from the static members of its version class. */
function knownVersions(family: DatabaseEngineFamily, aurora: boolean): KnownVersion[] {
  const versionClass: object = aurora
    ? (family === DatabaseEngineFamily.POSTGRESQL ? rds.AuroraPostgresEngineVersion : rds.AuroraMysqlEngineVersion)
    : (family === DatabaseEngineFamily.POSTGRESQL ? rds.PostgresEngineVersion : rds.MysqlEngineVersion);
  const known: KnownVersion[] = [];
  for (const name of Object.getOwnPropertyNames(versionClass)) {
    if (!name.startsWith('VER_')) {
      continue;
    }
    const version = (versionClass as Record<string, unknown>)[name];
    if (version instanceof rds.PostgresEngineVersion) {
      known.push({ full: version.postgresFullVersion, major: version.postgresMajorVersion, version });
    } else if (version instanceof rds.MysqlEngineVersion) {
      known.push({ full: version.mysqlFullVersion, major: version.mysqlMajorVersion, version });
    } else if (version instanceof rds.AuroraPostgresEngineVersion) {
      known.push({ full: version.auroraPostgresFullVersion, major: version.auroraPostgresMajorVersion, version });
    } else if (version instanceof rds.AuroraMysqlEngineVersion) {
      known.push({ full: version.auroraMysqlFullVersion, major: version.auroraMysqlMajorVersion, version });
    }
  }
  return known;
}

const DEFAULT_VERSIONS: Record<DatabaseEngineFamily, { rds: string; aurora: string }> = {
  [DatabaseEngineFamily.POSTGRESQL]: {
    rds: rds.PostgresEngineVersion.VER_16_13.postgresFullVersion,
    aurora: rds.AuroraPostgresEngineVersion.VER_16_13.auroraPostgresFullVersion,
  },
  [DatabaseEngineFamily.MYSQL]: {
    rds: rds.MysqlEngineVersion.VER_8_4_8.mysqlFullVersion,
    aurora: rds.AuroraMysqlEngineVersion.VER_3_10_4.auroraMysqlFullVersion,
  },
};

/** Oldest RDS versions accepted: the first with Multi-AZ DB clusters, and for MySQL also with the MariaDB audit plugin. */
const MINIMUM_RDS_VERSIONS: Record<DatabaseEngineFamily, string> = {
  [DatabaseEngineFamily.POSTGRESQL]: '13.4',
  [DatabaseEngineFamily.MYSQL]: '8.0.28',
};

/**
 * The version to deploy of the engine: the one asked for, or the default of RDS or Aurora, checked against the
 * versions that aws-cdk-lib knows.
 *
 * @param aurora whether the deployment is Aurora, whose versions are Aurora's own
 */
export function resolveEngineVersion(scope: IConstruct, engine: DatabaseEngine, aurora: boolean, prop = 'engine'): ResolvedVersion {
  const engineName = `${aurora ? 'Aurora ' : 'RDS for '}${engine.family === DatabaseEngineFamily.POSTGRESQL ? 'PostgreSQL' : 'MySQL'}`;
  requireConcrete(scope, prop, engine.version, 'the version decides the parameter group family at synth time');
  const wanted = engine.version ?? (aurora ? DEFAULT_VERSIONS[engine.family].aurora : DEFAULT_VERSIONS[engine.family].rds);
  const known = knownVersions(engine.family, aurora);
  const match = known.find((candidate) => candidate.full === wanted);
  if (!match) {
    invalidProp(scope, prop, wanted, `${engineName} has no version '${wanted}' (as aws-cdk-lib knows them); ${nearbyVersions(wanted, known)}`);
  }
  if (!aurora) {
    if (!/^\d+\.\d+/.test(wanted)) {
      invalidProp(scope, prop, wanted, `give a minor version, for example '${DEFAULT_VERSIONS[engine.family].rds}': a major version alone lets RDS pick the minor version`);
    }
    if (compareVersions(wanted, MINIMUM_RDS_VERSIONS[engine.family]) < 0) {
      invalidProp(scope, prop, wanted, `use ${engineName} ${MINIMUM_RDS_VERSIONS[engine.family]} or later (for example '${DEFAULT_VERSIONS[engine.family].rds}')`);
    }
    return { full: wanted, major: match.major, instanceVersion: match.version as rds.PostgresEngineVersion | rds.MysqlEngineVersion };
  }
  return engine.family === DatabaseEngineFamily.POSTGRESQL
    ? { full: wanted, major: match.major, auroraPostgresVersion: match.version as rds.AuroraPostgresEngineVersion }
    : { full: wanted, major: match.major, auroraMysqlVersion: match.version as rds.AuroraMysqlEngineVersion };
}

/** The valid versions closest to a wrong one: the same major version's, or else the newest of each major version. */
function nearbyVersions(wanted: string, known: KnownVersion[]): string {
  const sorted = [...known].sort((a, b) => compareVersions(a.full, b.full));
  const sameMajor = sorted.filter((candidate) => wanted.startsWith(`${candidate.major}.`) || wanted === candidate.major);
  if (sameMajor.length > 0) {
    return `valid versions of ${sameMajor[0].major}: ${sameMajor.slice(-10).map((candidate) => candidate.full).join(', ')}`;
  }
  const newestByMajor = new Map<string, string>();
  for (const candidate of sorted) {
    newestByMajor.set(candidate.major, candidate.full);
  }
  return `the newest version of each major version: ${[...newestByMajor.values()].slice(-6).join(', ')}`;
}

/** Compares dotted versions by their numeric parts (`8.0.mysql_aurora.3.10.4` by 8, 0, 3, 10, 4). */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[^0-9]+/).filter((part) => part !== '').map(Number);
  const left = parts(a);
  const right = parts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}
