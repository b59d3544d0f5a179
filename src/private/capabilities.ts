import { TimeZone, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { invalidProp, PropType, validateType } from './validation';

/*
 * What AWS accepts, in one place: which engines, instance classes and Regions offer which feature, and which values
 * a property takes. Each row names the AWS documentation page it comes from; test/hardening/capabilities.test.ts has
 * a test per row. The tables know no tier of this library: the tiers ask them and decide what to do with a "no"
 * (refuse the props, or fall back to a default that AWS accepts).
 *
 * Checked against the AWS documentation in 2026-12. When AWS adds a class or a Region, add the row with its source.
 */

/** The RDS engines, as CloudFormation names them (`Engine`). */
export type RdsEngine = 'postgres' | 'mysql' | 'mariadb' | 'aurora-postgresql' | 'aurora-mysql';

/** How an RDS database is deployed: DB instances (with Multi-AZ and read replicas), a Multi-AZ DB cluster, or Aurora. */
export type RdsDeployment = 'instance' | 'multi-az-cluster' | 'aurora';

/** A row of a table of instance classes: an instance class family (`db.t3`), optionally only some of its sizes. */
export interface InstanceClassRow {
  readonly engine: RdsEngine;
  /** The family with its `db.` prefix, for example `db.t4g`. */
  readonly family: string;
  /** The sizes the row is about; every size of the family when left out. */
  readonly sizes?: string[];
  /** The AWS documentation page the row comes from. */
  readonly source: string;
}

/** A row of a table of Regions. */
export interface RegionRow {
  readonly region: string;
  readonly source: string;
}

const RDS_DATABASE_INSIGHTS_ENGINES = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html';
const AURORA_DATABASE_INSIGHTS_ENGINES = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.Engines.html';
const AURORA_INSTANCE_CLASSES = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html';
const RDS_INSTANCE_CLASSES = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html';
const MULTI_AZ_CLUSTER_CLASSES = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html#multi-az-db-clusters-concepts.InstanceAvailability';
const MULTI_AZ_CLUSTER_REGIONS = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.MultiAZDBClusters.html';
const RDS_PROXY_ENGINES = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.RDSProxy.html';
const AURORA_PROXY_ENGINES = 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.RDS_Proxy.html';
const MULTI_AZ_CLUSTER_PROXY = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html#multi-az-db-clusters-proxy';
const PI_RETENTION = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-performanceinsightsretentionperiod';
const EC2_INSTANCE_TYPE_NAMES = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html';

// ---------------------------------------------------------------------------------------------------------------
// Performance Insights (Database Insights)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The instance classes on which an engine offers no Performance Insights. RDS has folded Performance Insights into
 * CloudWatch Database Insights; CloudFormation still takes `PerformanceInsightsEnabled` and its retention, which
 * turn on the Standard mode of Database Insights (the instance class limits are the same).
 */
export const PERFORMANCE_INSIGHTS_UNSUPPORTED: InstanceClassRow[] = [
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html
  { engine: 'mysql', family: 'db.t2', sizes: ['micro', 'small'], source: RDS_DATABASE_INSIGHTS_ENGINES },
  { engine: 'mysql', family: 'db.t3', sizes: ['micro', 'small'], source: RDS_DATABASE_INSIGHTS_ENGINES },
  { engine: 'mysql', family: 'db.t4g', sizes: ['micro', 'small'], source: RDS_DATABASE_INSIGHTS_ENGINES },
  { engine: 'mariadb', family: 'db.t2', sizes: ['micro', 'small'], source: RDS_DATABASE_INSIGHTS_ENGINES },
  { engine: 'mariadb', family: 'db.t3', sizes: ['micro', 'small'], source: RDS_DATABASE_INSIGHTS_ENGINES },
  { engine: 'mariadb', family: 'db.t4g', sizes: ['micro', 'small'], source: RDS_DATABASE_INSIGHTS_ENGINES },
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.Engines.html
  { engine: 'aurora-mysql', family: 'db.t2', source: AURORA_DATABASE_INSIGHTS_ENGINES },
  { engine: 'aurora-mysql', family: 'db.t3', source: AURORA_DATABASE_INSIGHTS_ENGINES },
  { engine: 'aurora-mysql', family: 'db.t4g', sizes: ['micro', 'small'], source: AURORA_DATABASE_INSIGHTS_ENGINES },
];

/** Whether the engine offers Performance Insights on the instance class (`db.t3.small`). RDS for PostgreSQL and Aurora PostgreSQL have no exception. */
export function performanceInsightsSupported(engine: RdsEngine, instanceClass: string): boolean {
  return !PERFORMANCE_INSIGHTS_UNSUPPORTED.some((row) => row.engine === engine && matchesRow(row, instanceClass));
}

/**
 * The retention periods of Performance Insights, in days, that RDS accepts: 7 (free), a number of months from 1 to
 * 23 times 31, or 731. (The Advanced mode of Database Insights needs 465, which is 15 × 31.)
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-performanceinsightsretentionperiod
 */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS: number[] = [7, ...Array.from({ length: 23 }, (_, index) => (index + 1) * 31), 731];

/** The source of {@link PERFORMANCE_INSIGHTS_RETENTION_DAYS}. */
export const PERFORMANCE_INSIGHTS_RETENTION_SOURCE = PI_RETENTION;

// ---------------------------------------------------------------------------------------------------------------
// Instance classes of Aurora and of Multi-AZ DB clusters
// ---------------------------------------------------------------------------------------------------------------

/** The sizes of an instance family from `first` to `last`, in EC2's order (a family may skip some: 12xlarge, 24xlarge...). */
function sizes(first: string, last: string, skip: string[] = []): string[] {
  const all = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge', '48xlarge'];
  return all.slice(all.indexOf(first), all.indexOf(last) + 1).filter((size) => !skip.includes(size));
}

/** Families of Aurora of both engines, with their sizes. */
const AURORA_CLASSES: Record<string, string[]> = {
  'db.r5': sizes('large', '24xlarge'),
  'db.r6g': sizes('large', '16xlarge'),
  'db.r6i': sizes('large', '32xlarge'),
  'db.r7g': sizes('large', '16xlarge'),
  'db.r7i': sizes('large', '48xlarge', ['32xlarge']),
  'db.r8a': sizes('large', '48xlarge', ['32xlarge']),
  'db.r8g': sizes('large', '48xlarge', ['32xlarge']),
  'db.x2g': sizes('large', '16xlarge'),
  'db.t3': ['medium', 'large'],
  'db.t4g': ['medium', 'large'],
};

/** The Optimized Reads families, of Aurora PostgreSQL only, with their sizes (none in large). */
const AURORA_POSTGRESQL_OPTIMIZED_READS: Record<string, string[]> = {
  'db.r6gd': sizes('xlarge', '16xlarge'),
  'db.r6id': ['24xlarge', '32xlarge'],
  'db.r8gd': sizes('xlarge', '48xlarge', ['32xlarge']),
};

/**
 * The provisioned instance classes that Aurora takes, per engine: memory-optimized (R, X2g) classes from large up,
 * the Optimized Reads classes of Aurora PostgreSQL (db.r6gd and db.r8gd from xlarge up, db.r6id in 24xlarge and
 * 32xlarge), and the burstable T classes in
 * medium and large only (the smaller T sizes, db.t2, db.r3 and db.r4 are for versions past their end of standard
 * support). `db.serverless` (Aurora Serverless v2) is not a provisioned class. The sizes agree with the classes that
 * AWS prices for Aurora (the orderable classes of cfn-lint's data, which its rule E3025 checks).
 */
export const AURORA_INSTANCE_CLASSES_TABLE: InstanceClassRow[] = [
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html
  ...(['aurora-postgresql', 'aurora-mysql'] as RdsEngine[]).flatMap((engine) => Object.entries(AURORA_CLASSES)
    .map(([family, familySizes]): InstanceClassRow => ({ engine, family, sizes: familySizes, source: AURORA_INSTANCE_CLASSES }))),
  ...Object.entries(AURORA_POSTGRESQL_OPTIMIZED_READS)
    .map(([family, familySizes]): InstanceClassRow => ({ engine: 'aurora-postgresql', family, sizes: familySizes, source: AURORA_INSTANCE_CLASSES })),
];

/** Whether Aurora with the engine takes the instance class (`db.r7g.large`). */
export function auroraInstanceClassSupported(engine: RdsEngine, instanceClass: string): boolean {
  return AURORA_INSTANCE_CLASSES_TABLE.some((row) => row.engine === engine && matchesRow(row, instanceClass));
}

/** The families of {@link AURORA_INSTANCE_CLASSES_TABLE} for an engine, for error messages. */
export function auroraFamilies(engine: RdsEngine): string[] {
  const describeSizes = (familySizes: string[]) => familySizes.length <= 2 ? familySizes.join(', ') : `${familySizes[0]} to ${familySizes[familySizes.length - 1]}`;
  return AURORA_INSTANCE_CLASSES_TABLE.filter((row) => row.engine === engine)
    .map((row) => row.sizes ? `${row.family} (${describeSizes(row.sizes)})` : row.family);
}

/**
 * The instance class families of RDS for PostgreSQL and MySQL DB instances (and their read replicas), of the current
 * generations: general purpose (M), memory optimized (R, X2g, X2iedn) and burstable (T3, T4g). Compute-optimized (C)
 * classes, common for EC2, are not RDS instance classes. Sizes are left to `isKnownInstanceType`.
 */
export const RDS_INSTANCE_FAMILIES: InstanceClassRow[] = (['postgres', 'mysql'] as RdsEngine[]).flatMap((engine) => [
  'db.m5', 'db.m5d', 'db.m6g', 'db.m6gd', 'db.m6i', 'db.m6id', 'db.m6idn', 'db.m6in', 'db.m7g', 'db.m7i', 'db.m8a', 'db.m8g', 'db.m8gd',
  'db.r5', 'db.r5b', 'db.r5d', 'db.r6g', 'db.r6gd', 'db.r6i', 'db.r6id', 'db.r6idn', 'db.r6in', 'db.r7g', 'db.r7i', 'db.r8a', 'db.r8g', 'db.r8gd',
  'db.t3', 'db.t4g', 'db.x2g', 'db.x2iedn',
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html
].map((family): InstanceClassRow => ({ engine, family, source: RDS_INSTANCE_CLASSES })));

/** Whether RDS for the engine offers DB instances of the instance class's family. */
export function rdsInstanceFamilySupported(engine: RdsEngine, instanceClass: string): boolean {
  return RDS_INSTANCE_FAMILIES.some((row) => row.engine === engine && matchesRow(row, instanceClass));
}

/** Families of Multi-AZ DB clusters, with their sizes. */
const MULTI_AZ_CLUSTER_CLASSES_BY_FAMILY: Record<string, string[]> = {
  'db.c6gd': sizes('medium', '16xlarge'),
  'db.m5d': sizes('large', '24xlarge'),
  'db.m6gd': sizes('large', '16xlarge'),
  'db.m6id': sizes('large', '32xlarge'),
  'db.m6idn': sizes('large', '32xlarge'),
  'db.m8gd': sizes('large', '48xlarge', ['32xlarge']),
  'db.r5d': sizes('large', '24xlarge'),
  'db.r6gd': sizes('large', '16xlarge'),
  'db.r6id': sizes('large', '32xlarge'),
  'db.r6idn': sizes('large', '32xlarge'),
  'db.r8gd': sizes('large', '48xlarge', ['32xlarge']),
  'db.x2iedn': sizes('xlarge', '32xlarge', ['12xlarge']),
};

/**
 * The instance classes of Multi-AZ DB clusters of RDS for PostgreSQL and MySQL: classes with local NVMe storage (the
 * `d` families), where the instances keep their transaction logs. Burstable (T) classes are not offered. The sizes
 * agree with the classes that AWS prices for Multi-AZ DB clusters (cfn-lint's data for `DBClusterInstanceClass`);
 * db.x2idn, priced in a few Regions only, is left out (it gets the warning of an undocumented class).
 */
export const MULTI_AZ_CLUSTER_INSTANCE_CLASSES: InstanceClassRow[] = (['postgres', 'mysql'] as RdsEngine[]).flatMap((engine) =>
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html#multi-az-db-clusters-concepts.InstanceAvailability
  Object.entries(MULTI_AZ_CLUSTER_CLASSES_BY_FAMILY)
    .map(([family, familySizes]): InstanceClassRow => ({ engine, family, sizes: familySizes, source: MULTI_AZ_CLUSTER_CLASSES })));

/**
 * How a Multi-AZ DB cluster takes the instance class: `documented` (in the table), `refused` (a burstable class,
 * which Multi-AZ DB clusters do not offer), or `undocumented` (a class the table does not list: RDS may refuse it).
 */
export function multiAzClusterInstanceClass(engine: RdsEngine, instanceClass: string): 'documented' | 'refused' | 'undocumented' {
  if (MULTI_AZ_CLUSTER_INSTANCE_CLASSES.some((row) => row.engine === engine && matchesRow(row, instanceClass))) {
    return 'documented';
  }
  return /^db\.t\d/.test(instanceClass) ? 'refused' : 'undocumented';
}

/** The families of {@link MULTI_AZ_CLUSTER_INSTANCE_CLASSES}, for error messages. */
export function multiAzClusterFamilies(): string[] {
  return Object.keys(MULTI_AZ_CLUSTER_CLASSES_BY_FAMILY);
}

/**
 * Regions where RDS offers no Multi-AZ DB cluster (of either engine), although it offers RDS there.
 */
export const MULTI_AZ_CLUSTER_UNAVAILABLE_REGIONS: RegionRow[] = [
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.MultiAZDBClusters.html
  { region: 'us-west-1', source: MULTI_AZ_CLUSTER_REGIONS },
  { region: 'ap-east-2', source: MULTI_AZ_CLUSTER_REGIONS },
  { region: 'ap-southeast-6', source: MULTI_AZ_CLUSTER_REGIONS },
  { region: 'ap-southeast-7', source: MULTI_AZ_CLUSTER_REGIONS },
];

/** Whether RDS offers Multi-AZ DB clusters in the Region. */
export function multiAzClusterAvailable(region: string): boolean {
  return !MULTI_AZ_CLUSTER_UNAVAILABLE_REGIONS.some((row) => row.region === region);
}

// ---------------------------------------------------------------------------------------------------------------
// RDS Proxy
// ---------------------------------------------------------------------------------------------------------------

/** A deployment that RDS Proxy can front. */
export interface ProxyRow {
  readonly engine: RdsEngine;
  readonly deployment: RdsDeployment;
  readonly source: string;
}

/**
 * The engines and deployments that RDS Proxy supports, with every version that the library offers (RDS for
 * PostgreSQL 13.4 and later, MySQL 8.0.28 and later, Aurora PostgreSQL, Aurora MySQL 3; of Aurora MySQL 2, RDS
 * Proxy takes 2.07 and 2.11 or later). RDS for Db2 and Oracle are not supported (and not offered here).
 */
export const RDS_PROXY_SUPPORT: ProxyRow[] = [
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.RDSProxy.html
  { engine: 'postgres', deployment: 'instance', source: RDS_PROXY_ENGINES },
  { engine: 'mysql', deployment: 'instance', source: RDS_PROXY_ENGINES },
  { engine: 'mariadb', deployment: 'instance', source: RDS_PROXY_ENGINES },
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html#multi-az-db-clusters-proxy
  { engine: 'postgres', deployment: 'multi-az-cluster', source: MULTI_AZ_CLUSTER_PROXY },
  { engine: 'mysql', deployment: 'multi-az-cluster', source: MULTI_AZ_CLUSTER_PROXY },
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.RDS_Proxy.html
  { engine: 'aurora-postgresql', deployment: 'aurora', source: AURORA_PROXY_ENGINES },
  { engine: 'aurora-mysql', deployment: 'aurora', source: AURORA_PROXY_ENGINES },
];

/** Regions where RDS Proxy is not available, although RDS is. */
export const RDS_PROXY_UNAVAILABLE_REGIONS: RegionRow[] = [
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.RDS_Proxy.html
  { region: 'ap-east-2', source: AURORA_PROXY_ENGINES },
  { region: 'ap-southeast-6', source: AURORA_PROXY_ENGINES },
];

/** The row of {@link RDS_PROXY_SUPPORT} for an engine and deployment, if RDS Proxy supports them. */
export function proxySupport(engine: RdsEngine, deployment: RdsDeployment): ProxyRow | undefined {
  return RDS_PROXY_SUPPORT.find((row) => row.engine === engine && row.deployment === deployment);
}

/** Whether RDS Proxy is available in the Region. */
export function proxyAvailable(region: string): boolean {
  return !RDS_PROXY_UNAVAILABLE_REGIONS.some((row) => row.region === region);
}

// ---------------------------------------------------------------------------------------------------------------
// Instance type names and processor architecture
// ---------------------------------------------------------------------------------------------------------------

/** The parts of an EC2 instance type name, `c7gn.xlarge`: series `c`, generation 7, options `gn`, size `xlarge`. */
export interface InstanceTypeName {
  readonly series: string;
  readonly generation: number;
  readonly options: string;
  readonly size: string;
}

/** The parts of an instance type name, or undefined when it does not follow EC2's naming convention. */
export function parseInstanceTypeName(name: string): InstanceTypeName | undefined {
  const match = /^([a-z]+)(\d{1,2})([a-z-]*)\.([a-z0-9-]+)$/.exec(name);
  return match ? { series: match[1], generation: Number(match[2]), options: match[3], size: match[4] } : undefined;
}

/** Processor architectures of EC2 instance types, as aws-cdk-lib and AMIs name them. */
export type Architecture = 'arm64' | 'x86_64';

/**
 * The processor architecture of an EC2 instance type, from its name: the letter after the generation digit names
 * the processor, and `g` is AWS Graviton (m7g, c7gn, t4g, r8g, x2gd, im4gn); the first Graviton series is `a1`.
 * Every other type (`i` Intel, `a` AMD, no letter) is x86_64. Undefined for a name that is not an instance type.
 *
 * @see https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 */
export function instanceTypeArchitecture(name: string): Architecture | undefined {
  const parsed = parseInstanceTypeName(name);
  if (!parsed) {
    return undefined;
  }
  return parsed.options.startsWith('g') || (parsed.series === 'a' && parsed.generation === 1) ? 'arm64' : 'x86_64';
}

const INSTANCE_FAMILIES = new Set<string>(Object.values(ec2.InstanceClass));
const INSTANCE_SIZES = new Set<string>(Object.values(ec2.InstanceSize));

/**
 * Whether an instance type name is of a family and size that aws-cdk-lib knows (`ec2.InstanceClass`,
 * `ec2.InstanceSize`): catches `t4g.smal` or `m7.large`, which EC2 and RDS would refuse at deployment.
 */
export function isKnownInstanceType(name: string): boolean {
  const [family, size, ...rest] = name.split('.');
  return rest.length === 0 && INSTANCE_FAMILIES.has(family) && INSTANCE_SIZES.has(size) && parseInstanceTypeName(name) !== undefined;
}

/** The source of {@link instanceTypeArchitecture}. */
export const INSTANCE_TYPE_NAMES_SOURCE = EC2_INSTANCE_TYPE_NAMES;

/**
 * An RDS instance class, `db.m7g.large`, from what a user wrote: the EC2 type name (`m7g.large`, which aws-cdk-lib
 * prefixes with `db.`) or the RDS class name itself. Returns the EC2-style name without the prefix, or undefined
 * when it is neither.
 */
export function databaseInstanceTypeName(value: string): string | undefined {
  const name = value.startsWith('db.') ? value.slice(3) : value;
  return parseInstanceTypeName(name) ? name : undefined;
}

/**
 * An EC2 instance type: an `ec2.InstanceType` or, for JavaScript callers, its name as a string such as `'m7g.large'`.
 */
export const INSTANCE_TYPE: PropType = {
  expected: "an ec2.InstanceType such as new ec2.InstanceType('m7g.large')",
  kind: 'object',
  matches: (value) => value instanceof ec2.InstanceType || typeof value === 'string',
};

/**
 * An EC2 instance type from an `ec2.InstanceType` or a string ({@link INSTANCE_TYPE}); refuses anything else. The
 * name itself is checked by the caller, which knows what the type is for.
 */
export function instanceTypeOf(scope: IConstruct, prop: string, value: unknown): ec2.InstanceType | undefined {
  validateType(scope, prop, value, INSTANCE_TYPE);
  if (value === undefined || value === null) {
    return undefined;
  }
  return value instanceof ec2.InstanceType ? value : new ec2.InstanceType(String(value));
}

/**
 * The instance type of a database, from an `ec2.InstanceType` or a string, written the EC2 way (`m7g.large`) or the
 * RDS way (`db.m7g.large`, which aws-cdk-lib would render as `db.db.m7g.large`): the RDS way is accepted and its
 * prefix dropped.
 */
export function databaseInstanceTypeOf(scope: IConstruct, prop: string, value: unknown): ec2.InstanceType | undefined {
  const type = instanceTypeOf(scope, prop, value);
  if (type === undefined || Token.isUnresolved(type.toString())) {
    return type;
  }
  const name = databaseInstanceTypeName(type.toString());
  if (name === undefined) {
    invalidProp(scope, prop, type.toString(), "give an instance class such as new ec2.InstanceType('m7g.large') (RDS names it db.m7g.large)");
  }
  return name === type.toString() ? type : new ec2.InstanceType(name);
}

// ---------------------------------------------------------------------------------------------------------------
// Database names
// ---------------------------------------------------------------------------------------------------------------

/**
 * The reserved key words of PostgreSQL (those marked reserved in the PostgreSQL column of the key words appendix),
 * which RDS refuses as the name of the database it creates ("can't be a word reserved by the database engine").
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 * @see https://www.postgresql.org/docs/current/sql-keywords-appendix.html
 */
export const POSTGRESQL_RESERVED_WORDS: string[] = [
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization', 'binary', 'both', 'case', 'cast', 'check',
  'collate', 'collation', 'column', 'concurrently', 'constraint', 'create', 'cross', 'current_catalog', 'current_date', 'current_role',
  'current_schema', 'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except',
  'false', 'fetch', 'for', 'foreign', 'freeze', 'from', 'full', 'grant', 'group', 'having', 'ilike', 'in', 'initially', 'inner', 'intersect', 'into',
  'is', 'isnull', 'join', 'lateral', 'leading', 'left', 'like', 'limit', 'localtime', 'localtimestamp', 'natural', 'not', 'notnull', 'null',
  'offset', 'on', 'only', 'or', 'order', 'outer', 'overlaps', 'placing', 'primary', 'references', 'returning', 'right', 'select', 'session_user',
  'similar', 'some', 'symmetric', 'system_user', 'table', 'tablesample', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using',
  'variadic', 'verbose', 'when', 'where', 'window', 'with',
];

/**
 * The reserved words of MySQL 8.0 and 8.4 (those marked (R) in the keywords list), which RDS refuses as the name of
 * the database it creates.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 * @see https://dev.mysql.com/doc/refman/8.4/en/keywords.html
 */
export const MYSQL_RESERVED_WORDS: string[] = [
  'accessible', 'add', 'all', 'alter', 'analyze', 'and', 'as', 'asc', 'asensitive', 'before', 'between', 'bigint', 'binary', 'blob', 'both', 'by',
  'call', 'cascade', 'case', 'change', 'char', 'character', 'check', 'collate', 'column', 'condition', 'constraint', 'continue', 'convert', 'create',
  'cross', 'cube', 'cume_dist', 'current_date', 'current_time', 'current_timestamp', 'current_user', 'cursor', 'database', 'databases', 'day_hour',
  'day_microsecond', 'day_minute', 'day_second', 'dec', 'decimal', 'declare', 'default', 'delayed', 'delete', 'dense_rank', 'desc', 'describe',
  'deterministic', 'distinct', 'distinctrow', 'div', 'double', 'drop', 'dual', 'each', 'else', 'elseif', 'empty', 'enclosed', 'escaped', 'except',
  'exists', 'exit', 'explain', 'false', 'fetch', 'first_value', 'float', 'float4', 'float8', 'for', 'force', 'foreign', 'from', 'fulltext',
  'function', 'generated', 'get', 'grant', 'group', 'grouping', 'groups', 'having', 'high_priority', 'hour_microsecond', 'hour_minute',
  'hour_second', 'if', 'ignore', 'in', 'index', 'infile', 'inner', 'inout', 'insensitive', 'insert', 'int', 'int1', 'int2', 'int3', 'int4', 'int8',
  'integer', 'intersect', 'interval', 'into', 'is', 'iterate', 'join', 'json_table', 'key', 'keys', 'kill', 'lag', 'last_value', 'lateral', 'lead',
  'leading', 'leave', 'left', 'like', 'limit', 'linear', 'lines', 'load', 'localtime', 'localtimestamp', 'lock', 'long', 'longblob', 'longtext',
  'loop', 'low_priority', 'match', 'maxvalue', 'mediumblob', 'mediumint', 'mediumtext', 'middleint', 'minute_microsecond', 'minute_second', 'mod',
  'modifies', 'natural', 'no_write_to_binlog', 'not', 'nth_value', 'ntile', 'null', 'numeric', 'of', 'on', 'optimize', 'optimizer_costs', 'option',
  'optionally', 'or', 'order', 'out', 'outer', 'outfile', 'over', 'partition', 'percent_rank', 'precision', 'primary', 'procedure', 'purge', 'range',
  'rank', 'read', 'read_write', 'reads', 'real', 'recursive', 'references', 'regexp', 'release', 'rename', 'repeat', 'replace', 'require',
  'resignal', 'restrict', 'return', 'revoke', 'right', 'rlike', 'row', 'row_number', 'rows', 'schema', 'schemas', 'second_microsecond', 'select',
  'sensitive', 'separator', 'set', 'show', 'signal', 'smallint', 'spatial', 'specific', 'sql', 'sql_big_result', 'sql_calc_found_rows',
  'sql_small_result', 'sqlexception', 'sqlstate', 'sqlwarning', 'ssl', 'starting', 'stored', 'straight_join', 'system', 'table', 'terminated',
  'then', 'tinyblob', 'tinyint', 'tinytext', 'to', 'trailing', 'trigger', 'true', 'undo', 'union', 'unique', 'unlock', 'unsigned', 'update', 'usage',
  'use', 'using', 'utc_date', 'utc_time', 'utc_timestamp', 'values', 'varbinary', 'varchar', 'varcharacter', 'varying', 'virtual', 'when', 'where',
  'while', 'window', 'with', 'write', 'xor', 'year_month', 'zerofill',
];

/** Whether a database name is a reserved word of PostgreSQL or MySQL (any case), which RDS refuses. */
export function isReservedDatabaseName(engine: 'postgresql' | 'mysql', name: string): boolean {
  return (engine === 'postgresql' ? POSTGRESQL_RESERVED_WORDS : MYSQL_RESERVED_WORDS).includes(name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------------
// ElastiCache parameters
// ---------------------------------------------------------------------------------------------------------------

/** The parameter group families of the cache engines that the library offers: Redis OSS 7, Valkey 7.2, 8 and 9. */
export type CacheParameterFamily = 'redis7' | 'valkey7' | 'valkey8' | 'valkey9';

/** What a cache parameter takes: a whole number (within bounds), `yes` or `no`, one of some words, or any text. */
export interface CacheParameterValues {
  readonly kind: 'integer' | 'yes-no' | 'one-of' | 'text';
  readonly min?: number;
  readonly max?: number;
  readonly allowed?: readonly string[];
}

/** A parameter of the parameter groups of some families. */
export interface CacheParameterRow {
  readonly name: string;
  readonly families: readonly CacheParameterFamily[];
  /** Whether a custom parameter group may set it: ElastiCache refuses a value for the others ("Modifiable: No"). */
  readonly modifiable: boolean;
  readonly values: CacheParameterValues;
  /** The first Valkey version of the family that has it (`8.1` for the command log), when not the family's first. */
  readonly since?: string;
  readonly source: string;
}

/** A parameter of earlier engines that the families no longer take: renamed to `replacement`, or removed. */
export interface RemovedCacheParameterRow {
  readonly name: string;
  readonly families: readonly CacheParameterFamily[];
  readonly replacement?: string;
  /** What happened to it, in the words of an error: `renamed in Redis OSS 5.0`. */
  readonly change: string;
  readonly source: string;
}

const CACHE_PARAMETERS_PAGE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html';
const EVERY_CACHE_FAMILY: readonly CacheParameterFamily[] = ['redis7', 'valkey7', 'valkey8', 'valkey9'];
const VALKEY_8_ON: readonly CacheParameterFamily[] = ['valkey8', 'valkey9'];
const BEFORE_VALKEY_8: readonly CacheParameterFamily[] = ['redis7', 'valkey7'];

const whole = (min?: number, max?: number): CacheParameterValues => ({ kind: 'integer', min, max });
const yesNo: CacheParameterValues = { kind: 'yes-no' };
const text: CacheParameterValues = { kind: 'text' };
const oneOf = (...allowed: string[]): CacheParameterValues => ({ kind: 'one-of', allowed });

/**
 * The rows of one section of the parameters page: the parameters a group may set, with their values, and those that
 * ElastiCache sets itself (`fixed`).
 */
function parameterSection(anchor: string, families: readonly CacheParameterFamily[], settable: Record<string, CacheParameterValues>,
  fixed: string[] = [], since?: string): CacheParameterRow[] {
  const source = `${CACHE_PARAMETERS_PAGE}#${anchor}`;
  return [
    ...Object.entries(settable).map(([name, values]): CacheParameterRow => ({ name, families, modifiable: true, values, since, source })),
    ...fixed.map((name): CacheParameterRow => ({ name, families, modifiable: false, values: text, since, source })),
  ];
}

/** The eviction policies of `maxmemory-policy` (the LFU ones since Redis OSS 4.0.10). */
const MAXMEMORY_POLICIES = ['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'];

/**
 * The parameters of the Valkey and Redis OSS parameter group families that the library creates groups of, with what
 * each takes. The page lists the parameters of Redis OSS 2.6.13 and then the changes of every later version, so a
 * family has the parameters of every earlier section that no later one renamed or removed; Valkey 7.2 has those of
 * Redis OSS 7, Valkey 8 drops the lazy-free ones and adds its own, Valkey 9 adds `cluster-databases`. Bounds are those
 * the page gives ("Permitted values"); a parameter without them takes any whole number (the smallest that makes
 * sense for a size or a count is 0).
 */
export const CACHE_PARAMETERS: CacheParameterRow[] = [
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.2-6-13
  ...parameterSection('ParameterGroups.Redis.2-6-13', EVERY_CACHE_FAMILY, {
    'client-output-buffer-limit-normal-hard-limit': whole(0),
    'client-output-buffer-limit-normal-soft-limit': whole(0),
    'client-output-buffer-limit-normal-soft-seconds': whole(0),
    'client-output-buffer-limit-pubsub-hard-limit': whole(0),
    'client-output-buffer-limit-pubsub-soft-limit': whole(0),
    'client-output-buffer-limit-pubsub-soft-seconds': whole(0),
    'reserved-memory': whole(0),
    'set-max-intset-entries': whole(0),
    'slowlog-log-slower-than': whole(),
    'slowlog-max-len': whole(0),
    'tcp-keepalive': whole(0),
    'timeout': whole(0),
  }, ['lua-time-limit', 'maxclients']),
  ...parameterSection('ParameterGroups.Redis.2-6-13', BEFORE_VALKEY_8, { 'maxmemory-samples': whole(1) }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.2-8-6
  ...parameterSection('ParameterGroups.Redis.2-8-6', EVERY_CACHE_FAMILY, {
    'notify-keyspace-events': text,
    'repl-backlog-size': whole(16384),
    'repl-backlog-ttl': whole(0),
  }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.3-2-4
  ...parameterSection('ParameterGroups.Redis.3-2-4', EVERY_CACHE_FAMILY, {
    'list-compress-depth': whole(0),
    'cluster-require-full-coverage': yesNo,
    'hll-sparse-max-bytes': whole(0),
    'reserved-memory-percent': whole(0, 100),
    // "Modifiable: Yes if the parameter group is not associated with any clusters": the group is created with its cache.
    'databases': whole(1),
    // Listed as not modifiable, but taken by a new group: the .cluster.on default groups differ only in it. WebAppCache
    // sets it from clusterMode.
    'cluster-enabled': yesNo,
  }, ['appendonly', 'appendfsync']),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.4-0-10
  ...parameterSection('ParameterGroups.Redis.4-0-10', EVERY_CACHE_FAMILY, {
    'maxmemory-policy': oneOf(...MAXMEMORY_POLICIES),
    'lfu-log-factor': whole(1),
    'lfu-decay-time': whole(0),
    'activedefrag': yesNo,
    'active-defrag-ignore-bytes': whole(10485760, 104857600),
    'active-defrag-threshold-lower': whole(1, 100),
    'active-defrag-threshold-upper': whole(1, 100),
    'active-defrag-cycle-min': whole(1, 75),
    'active-defrag-cycle-max': whole(1, 75),
    'client-query-buffer-limit': whole(1048576, 1073741824),
    'proto-max-bulk-len': whole(1048576, 536870912),
  }),
  ...parameterSection('ParameterGroups.Redis.4-0-10', BEFORE_VALKEY_8, {
    'lazyfree-lazy-eviction': yesNo,
    'lazyfree-lazy-expire': yesNo,
    'lazyfree-lazy-server-del': yesNo,
  }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.5.0
  ...parameterSection('ParameterGroups.Redis.5.0', EVERY_CACHE_FAMILY, {
    'stream-node-max-bytes': whole(0),
    'stream-node-max-entries': whole(0),
    'active-defrag-max-scan-fields': whole(1, 1000000),
    'min-replicas-to-write': whole(0),
    'min-replicas-max-lag': whole(0),
    'close-on-replica-write': yesNo,
  }, ['replica-ignore-maxmemory', 'client-output-buffer-limit-replica-hard-limit', 'client-output-buffer-limit-replica-soft-limit',
    'client-output-buffer-limit-replica-soft-seconds', 'replica-allow-chaining']),
  ...parameterSection('ParameterGroups.Redis.5.0', BEFORE_VALKEY_8, {}, ['replica-lazy-flush']),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.5-0-3
  ...parameterSection('ParameterGroups.Redis.5-0-3', EVERY_CACHE_FAMILY, { 'rename-commands': text }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.6-x
  ...parameterSection('ParameterGroups.Redis.6-x', EVERY_CACHE_FAMILY, {
    'acl-pubsub-default': oneOf('resetchannels', 'allchannels'),
    'cluster-allow-reads-when-down': yesNo,
    'tracking-table-max-keys': whole(0),
    'acllog-max-len': whole(0),
    'active-expire-effort': whole(1, 10),
  }),
  ...parameterSection('ParameterGroups.Redis.6-x', BEFORE_VALKEY_8, { 'lazyfree-lazy-user-del': yesNo }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.7
  // activerehashing is hidden and on since Redis OSS 7: turning it off takes a support case.
  ...parameterSection('ParameterGroups.Redis.7', EVERY_CACHE_FAMILY, {
    'cluster-allow-pubsubshard-when-down': yesNo,
    'cluster-preferred-endpoint-type': oneOf('ip', 'tls-dynamic'),
    'latency-tracking': yesNo,
    'hash-max-listpack-entries': whole(0),
    'hash-max-listpack-value': whole(0),
    'zset-max-listpack-entries': whole(0),
    'zset-max-listpack-value': whole(0),
  }, ['activerehashing']),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8
  ...parameterSection('ParameterGroups.Valkey.8', VALKEY_8_ON, {
    'extended-redis-compatibility': yesNo,
    'maxmemory-samples': whole(1, 64),
  }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8.1
  ...parameterSection('ParameterGroups.Valkey.8.1', VALKEY_8_ON, {
    'commandlog-request-larger-than': whole(),
    'commandlog-large-request-max-len': whole(0, 1024),
    'commandlog-reply-larger-than': whole(),
    'commandlog-large-reply-max-len': whole(0, 1024),
  }, [], '8.1'),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8.2
  ...parameterSection('ParameterGroups.Valkey.8.2', VALKEY_8_ON, {
    'search-fanout-target-mode': oneOf('client', 'throughput'),
    'search-default-timeout-ms': whole(1, 60000),
    'search-enable-partial-results': yesNo,
  }, [], '8.2'),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.9.0
  // "Modifiable: No (set at creation)", as `databases`: the group is created with its cache.
  ...parameterSection('ParameterGroups.Valkey.9.0', ['valkey9'], { 'cluster-databases': whole(1, 10000) }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.NodeSpecific
  ...parameterSection('ParameterGroups.Redis.NodeSpecific', EVERY_CACHE_FAMILY, {}, ['maxmemory']),
];

/** The rows of {@link REMOVED_CACHE_PARAMETERS} of one change: the old names, each with its new name if it has one. */
function removedSection(anchor: string, families: readonly CacheParameterFamily[], change: string,
  names: Record<string, string | undefined>): RemovedCacheParameterRow[] {
  return Object.entries(names).map(([name, replacement]) => ({ name, families, replacement, change, source: `${CACHE_PARAMETERS_PAGE}#${anchor}` }));
}

/** The parameters of earlier versions that the families no longer have, for an error that names the new one. */
export const REMOVED_CACHE_PARAMETERS: RemovedCacheParameterRow[] = [
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.3-2-4
  ...removedSection('ParameterGroups.Redis.3-2-4', EVERY_CACHE_FAMILY, 'removed in Redis OSS 3.2.4',
    { 'list-max-ziplist-entries': undefined, 'list-max-ziplist-value': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.5.0
  ...removedSection('ParameterGroups.Redis.5.0', EVERY_CACHE_FAMILY, 'renamed in Redis OSS 5.0', {
    'slave-lazy-flush': 'replica-lazy-flush',
    'client-output-buffer-limit-slave-hard-limit': 'client-output-buffer-limit-replica-hard-limit',
    'client-output-buffer-limit-slave-soft-limit': 'client-output-buffer-limit-replica-soft-limit',
    'client-output-buffer-limit-slave-soft-seconds': 'client-output-buffer-limit-replica-soft-seconds',
    'slave-allow-chaining': 'replica-allow-chaining',
    'min-slaves-to-write': 'min-replicas-to-write',
    'min-slaves-max-lag': 'min-replicas-max-lag',
    'close-on-slave-write': 'close-on-replica-write',
  }),
  ...removedSection('ParameterGroups.Redis.5.0', EVERY_CACHE_FAMILY, 'removed in Redis OSS 5.0', { 'repl-timeout': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.6-x
  ...removedSection('ParameterGroups.Redis.6-x', EVERY_CACHE_FAMILY, 'removed in Redis OSS 6', { 'lua-replicate-commands': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.7
  ...removedSection('ParameterGroups.Redis.7', EVERY_CACHE_FAMILY, 'replaced by its listpack form in Redis OSS 7', {
    'hash-max-ziplist-entries': 'hash-max-listpack-entries',
    'hash-max-ziplist-value': 'hash-max-listpack-value',
    'zset-max-ziplist-entries': 'zset-max-listpack-entries',
    'zset-max-ziplist-value': 'zset-max-listpack-value',
  }),
  ...removedSection('ParameterGroups.Redis.7', EVERY_CACHE_FAMILY, 'removed in Redis OSS 7', { 'list-max-ziplist-size': undefined }),
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Valkey.8
  ...removedSection('ParameterGroups.Valkey.8', VALKEY_8_ON, 'removed in Valkey 8.0', {
    'lazyfree-lazy-eviction': undefined,
    'lazyfree-lazy-expire': undefined,
    'lazyfree-lazy-server-del': undefined,
    'lazyfree-lazy-user-del': undefined,
    'replica-lazy-flush': undefined,
  }),
];

/**
 * The eviction policies that nodes with data tiering (the `r6gd` node types) take: "only noeviction, volatile-lru and
 * allkeys-lru".
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Redis.4-0-10
 */
export const DATA_TIERING_MAXMEMORY_POLICIES: readonly string[] = ['noeviction', 'volatile-lru', 'allkeys-lru'];

/** The source of {@link DATA_TIERING_MAXMEMORY_POLICIES}. */
export const DATA_TIERING_MAXMEMORY_POLICIES_SOURCE = `${CACHE_PARAMETERS_PAGE}#ParameterGroups.Redis.4-0-10`;

/** The page that lists every parameter, for error messages. */
export const CACHE_PARAMETERS_SOURCE = `${CACHE_PARAMETERS_PAGE}#ParameterGroups.Redis`;

/** The row of a parameter of the family, whatever the engine version. */
export function cacheParameter(family: CacheParameterFamily, name: string): CacheParameterRow | undefined {
  return CACHE_PARAMETERS.find((row) => row.name === name && row.families.includes(family));
}

/** The families that have a parameter, in any version. */
export function cacheParameterFamilies(name: string): CacheParameterFamily[] {
  return EVERY_CACHE_FAMILY.filter((family) => cacheParameter(family, name) !== undefined);
}

/** The row of a parameter that the family no longer has. */
export function removedCacheParameter(family: CacheParameterFamily, name: string): RemovedCacheParameterRow | undefined {
  return REMOVED_CACHE_PARAMETERS.find((row) => row.name === name && row.families.includes(family));
}

/** Whether the engine version (`8.0`) has the parameter of its family: those added in a later minor version it has not. */
export function cacheParameterInVersion(row: CacheParameterRow, version: string): boolean {
  if (row.since === undefined) {
    return true;
  }
  const [major, minor] = version.split('.').map(Number);
  const [sinceMajor, sinceMinor] = row.since.split('.').map(Number);
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}

/** The parameters that a group of the family may set on the engine version. */
export function settableCacheParameters(family: CacheParameterFamily, version: string): string[] {
  return CACHE_PARAMETERS.filter((row) => row.families.includes(family) && row.modifiable && cacheParameterInVersion(row, version))
    .map((row) => row.name);
}

/** Whether ElastiCache takes the value for a parameter of these values. */
export function cacheParameterValueAccepted(values: CacheParameterValues, value: string): boolean {
  switch (values.kind) {
    case 'yes-no':
      return value === 'yes' || value === 'no';
    case 'one-of':
      return values.allowed!.includes(value);
    case 'integer': {
      const number = /^-?\d+$/.test(value) ? Number(value) : NaN;
      return Number.isSafeInteger(number) && number >= (values.min ?? -Infinity) && number <= (values.max ?? Infinity);
    }
    default:
      return true;
  }
}

/** What to give for a parameter of these values, in the words of an error: `yes or no`. */
export function describeCacheParameterValues(values: CacheParameterValues): string {
  switch (values.kind) {
    case 'yes-no':
      return "'yes' or 'no'";
    case 'one-of':
      return `one of ${values.allowed!.map((value) => `'${value}'`).join(', ')}`;
    case 'integer':
      if (values.min !== undefined && values.max !== undefined) {
        return `a whole number from ${values.min} to ${values.max}, as a string`;
      }
      return values.min !== undefined ? `a whole number of at least ${values.min}, as a string` : 'a whole number, as a string';
    default:
      return 'a string';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------------------------

/** The source of {@link isTimeZoneName}: Auto Scaling's scheduled actions. */
export const TIME_ZONE_SOURCE = 'https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html';

let timeZoneNames: Set<string> | undefined;

/**
 * The names of the IANA time zone database that a time zone of AWS may be: Node's ICU knows them in two spellings,
 * CLDR's (`Intl.supportedValuesOf`, with `Asia/Calcutta` and `Europe/Kiev`) and the canonical names of the current
 * database that aws-cdk-lib's `TimeZone` lists (`Asia/Kolkata`, `Europe/Kyiv`, the `Etc/GMT±n` zones); `UTC`, which the
 * database links to `Etc/UTC`, is the name AWS uses itself. Other links (`US/Eastern`, `GMT`) are not canonical.
 */
function knownTimeZones(): Set<string> {
  if (!timeZoneNames) {
    const cdkNames = Object.values(TimeZone).filter((value): value is TimeZone => value instanceof TimeZone).map((zone) => zone.timezoneName);
    timeZoneNames = new Set([...Intl.supportedValuesOf('timeZone'), ...cdkNames, 'UTC'].filter((name) => icuTimeZone(name) !== undefined));
  }
  return timeZoneNames;
}

/** The zone ICU reads a name as (`America/New_York` for `US/Eastern`), or undefined when it knows no such zone. */
function icuTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Whether a name is a canonical name of the IANA time zone database, spelt as the database spells it: what Auto
 * Scaling takes ("the canonical names of the IANA time zones, derived from the IANA Time Zone Database (such as
 * Etc/GMT+9 or Pacific/Tahiti)").
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html
 */
export function isTimeZoneName(name: string): boolean {
  return knownTimeZones().has(name);
}

/**
 * Checks a time zone that AWS takes by its IANA name; tokens are accepted as they are. An alias (`US/Eastern`, `GMT`) or
 * a name in other capitals is refused with the canonical name, a misspelt one with the closest name.
 *
 * @param service what reads the time zone, for the error: `Auto Scaling`
 */
export function validateTimeZone(scope: IConstruct, prop: string, value: string | undefined, service: string): void {
  validateType(scope, prop, value, { expected: "an IANA time zone name such as 'Europe/Paris'", kind: 'string', matches: (v) => typeof v === 'string' });
  if (value === undefined || Token.isUnresolved(value) || isTimeZoneName(value)) {
    return;
  }
  const rule = `${service} takes only the canonical names of the IANA time zone database, spelt as the database spells them`;
  const icuName = icuTimeZone(value);
  if (icuName !== undefined && isTimeZoneName(icuName)) {
    invalidProp(scope, prop, value, `give '${icuName}', the canonical name of that zone: ${rule}`);
  }
  const match = closestMatch(value, [...knownTimeZones()]);
  const offset = /[+-]\d/.test(value) ? " (for an offset, 'Etc/GMT-5' is UTC+5: the Etc zones invert the sign)" : '';
  invalidProp(scope, prop, value, `${match !== undefined ? `did you mean '${match}'? ` : ''}give the name of an IANA time zone, `
    + `for example 'Europe/Paris' or 'UTC'${offset}: ${rule}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

/**
 * The candidate that a misspelt name most likely meant, ignoring case: the one fewest edits away (Levenshtein distance),
 * if at most a third of the name's characters (and at least 2) need an edit. Undefined when none is that close.
 */
export function closestMatch(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** The Levenshtein distance of two strings: the fewest insertions, deletions and substitutions that turn one into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function matchesRow(row: InstanceClassRow, instanceClass: string): boolean {
  if (!instanceClass.startsWith(`${row.family}.`)) {
    return false;
  }
  return row.sizes === undefined || row.sizes.includes(instanceClass.slice(row.family.length + 1));
}
