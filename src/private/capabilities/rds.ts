/*
 * What RDS accepts: its engines and deployments, the instance classes of each (with Performance Insights), the Regions
 * of Multi-AZ DB clusters, and what RDS Proxy fronts. Each row names the AWS documentation page it comes from.
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

function matchesRow(row: InstanceClassRow, instanceClass: string): boolean {
  if (!instanceClass.startsWith(`${row.family}.`)) {
    return false;
  }
  return row.sizes === undefined || row.sizes.includes(instanceClass.slice(row.family.length + 1));
}
