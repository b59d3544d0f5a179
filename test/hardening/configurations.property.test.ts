import { App, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src/app/highly-available-web-app';
import { LoadBalancerExposure } from '../../src/compute/web-app-tier';
import { CacheEngine, WebAppCache } from '../../src/data/web-app-cache';
import { DatabaseEngine, DatabaseTopology } from '../../src/data/web-app-database';
import {
  AURORA_INSTANCE_CLASSES_TABLE, auroraInstanceClassSupported, CACHE_PARAMETERS, CacheParameterFamily, CacheParameterRow, cacheParameterInVersion,
  DATA_TIERING_MAXMEMORY_POLICIES, InstanceClassRow, instanceTypeArchitecture, isTimeZoneName, MULTI_AZ_CLUSTER_INSTANCE_CLASSES,
  multiAzClusterInstanceClass, PERFORMANCE_INSIGHTS_RETENTION_DAYS, performanceInsightsSupported, RDS_INSTANCE_FAMILIES, RdsEngine,
} from '../../src/private/capabilities';
import { cfnLint, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { ingressRules, OTHER_REGION, TEST_ACCOUNT, testApp } from '../helpers';
import { carelessResources, unencryptedStores } from './stateful';

/**
 * Valid configurations of HighlyAvailableWebApp, generated: every tier's options, the on/off switches, counts
 * and Regions. Each one must synthesize into a stack that the four cdk-nag packs and cfn-lint pass, that
 * admits nothing from 0.0.0.0/0, encrypts every store and keeps every stateful resource.
 *
 * What AWS accepts comes from the capability tables (src/private/capabilities/), not from lists of this test: the
 * database's instance class from the table of its topology (RDS DB instances, Multi-AZ DB clusters, Aurora), written
 * either way a user may (`m7g.large` or `db.m7g.large`); Performance Insights settings only where the table gives the
 * engine Performance Insights on the class, with a retention RDS accepts; CloudWatch Logs retentions of
 * `logs.RetentionDays`; the cache's engine versions (those the cache lists), node types and a few parameters of the
 * parameter table of the version's family, with values of the kind the row takes; scheduled scaling in time zones
 * that the time zone check takes. The template must stay within what the tables say (the class, Performance Insights
 * only where the class has it, the parameter group family, the machine image's architecture).
 *
 * Synthesis and the gates take seconds a configuration, so the full property runs few configurations; one cheap
 * property per table constructs the app (no synthesis) for many more, and checks what the tier made of the table's
 * values. The default runs are small, to keep the test command fast; HARDENING_RUNS=50 (for example, nightly) runs
 * more, and HARDENING_SEED replays a failure that fast-check reported.
 */
const RUNS = Number(process.env.HARDENING_RUNS ?? 3);
/** Runs of each cheap property: construction only, about 0.1 s each. */
const CHEAP_RUNS = RUNS * 15;
const SEED = process.env.HARDENING_SEED ? Number(process.env.HARDENING_SEED) : undefined;

const WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${TEST_ACCOUNT}:global/webacl/edge/0123abcd-0123-0123-0123-0123456789ab`;

// ---------------------------------------------------------------------------------------------------------------
// The capability tables, as generators
// ---------------------------------------------------------------------------------------------------------------

type Engine = 'postgres' | 'mysql';
type Topology = 'instance' | 'multiAzCluster' | 'aurora';

/** The engine as the capability tables name it, for a topology. */
function rdsEngineOf(engine: Engine, topology: Topology): RdsEngine {
  if (topology !== 'aurora') {
    return engine;
  }
  return engine === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql';
}

/**
 * The sizes of a family of {@link RDS_INSTANCE_FAMILIES}, which leaves sizes out: the burstable families from micro, the
 * others from large, db.x2iedn from xlarge (the sizes of each family that AWS prices for PostgreSQL and MySQL).
 */
function rdsInstanceSizes(family: string): string[] {
  if (family.startsWith('db.t')) {
    return ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
  }
  return family === 'db.x2iedn' ? ['xlarge', '2xlarge'] : ['large', 'xlarge', '2xlarge'];
}

/**
 * Families of {@link RDS_INSTANCE_FAMILIES} that AWS does not price in {@link OTHER_REGION} (cfn-lint's data, rule E3025):
 * the table is not per Region, so the generator leaves them out there.
 */
const RDS_FAMILIES_MISSING_IN_OTHER_REGION = ['db.r5b'];

/** The instance classes of the table of a topology for the engine, in the Region. */
function databaseClasses(engine: Engine, topology: Topology, region: string): string[] {
  const rdsEngine = rdsEngineOf(engine, topology);
  const table: InstanceClassRow[] = topology === 'aurora' ? AURORA_INSTANCE_CLASSES_TABLE
    : topology === 'multiAzCluster' ? MULTI_AZ_CLUSTER_INSTANCE_CLASSES : RDS_INSTANCE_FAMILIES;
  return table
    .filter((row) => row.engine === rdsEngine)
    .filter((row) => region === 'us-east-1' || topology !== 'instance' || !RDS_FAMILIES_MISSING_IN_OTHER_REGION.includes(row.family))
    .flatMap((row) => (row.sizes ?? rdsInstanceSizes(row.family)).map((size) => `${row.family}.${size}`));
}

/** A database of the tables: engine, topology, instance class, and a Performance Insights retention where the class has it. */
interface DatabaseChoice {
  readonly engine: Engine;
  readonly topology: Topology;
  readonly instanceClass: string;
  /** Writes the class the RDS way (`db.m7g.large`) rather than the EC2 way. */
  readonly withPrefix: boolean;
  /** Given only where the class has Performance Insights; undefined leaves the default (7 days where it has them). */
  readonly performanceInsightsRetention?: number;
}

function databaseChoice(region: string): fc.Arbitrary<DatabaseChoice> {
  return fc.record({
    engine: fc.constantFrom<Engine>('postgres', 'mysql'),
    topology: fc.constantFrom<Topology>('instance', 'multiAzCluster', 'aurora'),
  }).chain(({ engine, topology }) => fc.record({
    engine: fc.constant(engine),
    topology: fc.constant(topology),
    instanceClass: fc.constantFrom(...databaseClasses(engine, topology, region)),
    withPrefix: fc.boolean(),
    retention: fc.option(fc.constantFrom(...PERFORMANCE_INSIGHTS_RETENTION_DAYS), { nil: undefined }),
  })).map(({ retention, ...choice }) => ({
    ...choice,
    performanceInsightsRetention: performanceInsightsSupported(rdsEngineOf(choice.engine, choice.topology), choice.instanceClass)
      ? retention : undefined,
  }));
}

function databaseOptions(choice: DatabaseChoice, readReplicas = 0): HighlyAvailableWebAppProps['database'] {
  return {
    engine: choice.engine === 'mysql' ? DatabaseEngine.mysql() : DatabaseEngine.postgres(),
    topology: choice.topology === 'instance' ? DatabaseTopology.multiAzInstance({ readReplicas })
      : choice.topology === 'aurora' ? DatabaseTopology.aurora({ readers: Math.max(1, readReplicas) })
        : DatabaseTopology.multiAzCluster(),
    instanceType: new ec2.InstanceType(choice.withPrefix ? choice.instanceClass : choice.instanceClass.replace(/^db\./, '')),
    performanceInsightsRetention: choice.performanceInsightsRetention,
  };
}

/**
 * The CloudWatch Logs retentions: the values of `logs.RetentionDays`, which the tiers check theirs against. INFINITE is
 * left out: it leaves the log group without a retention, which the NIST 800-53, HIPAA and PCI DSS packs flag.
 */
const LOG_RETENTIONS = Object.values(logs.RetentionDays)
  .filter((days): days is logs.RetentionDays => typeof days === 'number' && days !== logs.RetentionDays.INFINITE);

/** A log retention of each tier that has log groups, by the prop that sets it. */
interface LogRetentions {
  readonly network: logs.RetentionDays;
  readonly appTier: logs.RetentionDays;
  readonly database: logs.RetentionDays;
  readonly cache: logs.RetentionDays;
  readonly firewall: logs.RetentionDays;
  readonly auditTrail: logs.RetentionDays;
}

const logRetentions: fc.Arbitrary<LogRetentions> = fc.record({
  network: fc.constantFrom(...LOG_RETENTIONS),
  appTier: fc.constantFrom(...LOG_RETENTIONS),
  database: fc.constantFrom(...LOG_RETENTIONS),
  cache: fc.constantFrom(...LOG_RETENTIONS),
  firewall: fc.constantFrom(...LOG_RETENTIONS),
  auditTrail: fc.constantFrom(...LOG_RETENTIONS),
});

/** The versions the cache offers for an engine, as it lists them when refusing one it does not offer. */
function offeredCacheVersions(factory: 'valkey' | 'redis'): string[] {
  const stack = new Stack(testApp(), 'Versions', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } });
  const engine = factory === 'valkey' ? CacheEngine.valkey('0.1') : CacheEngine.redis('0.1');
  try {
    new WebAppCache(stack, 'Cache', { vpc: new ec2.Vpc(stack, 'Vpc'), engine });
  } catch (error) {
    const versions = /give one of ([0-9., ]+)$/.exec((error as Error).message)?.[1].split(', ');
    if (versions && versions.length > 0) {
      return versions;
    }
    throw error;
  }
  throw new Error(`the cache took ${factory} 0.1`);
}

const CACHE_VERSIONS = { valkey: offeredCacheVersions('valkey'), redis: offeredCacheVersions('redis') };

/** The parameter group family of an engine version, as the parameter table names it: `valkey8` for Valkey 8.2. */
function cacheFamilyOf(engine: 'valkey' | 'redis', version: string): CacheParameterFamily {
  return (engine === 'redis' ? 'redis7' : `valkey${version.split('.')[0]}`) as CacheParameterFamily;
}

/**
 * Node types of ElastiCache, which no capability table lists (the cache checks only their form): burstable, general
 * purpose and memory optimized Graviton and Intel types, and r6gd, which turns data tiering on. Every one is priced
 * for Valkey and Redis OSS 7 in us-east-1 and eu-west-1 (cfn-lint's data for AWS::ElastiCache::CacheCluster).
 */
const CACHE_NODE_TYPES = [
  'cache.t4g.micro', 'cache.t4g.small', 'cache.t4g.medium', 'cache.t3.medium', 'cache.m6g.large', 'cache.m7g.large', 'cache.m7g.xlarge',
  'cache.r6g.large', 'cache.r7g.large', 'cache.r7g.xlarge', 'cache.r6gd.xlarge',
];

/**
 * Parameters whose values must keep an order between them (the lower threshold and the smaller effort of active
 * defragmentation first): the generator gives them in ascending order.
 */
const ORDERED_CACHE_PARAMETERS = [
  ['active-defrag-threshold-lower', 'active-defrag-threshold-upper'],
  ['active-defrag-cycle-min', 'active-defrag-cycle-max'],
];

/**
 * A value of the row's kind: yes or no, one of its words (an eviction policy of data tiering on such nodes), or a
 * whole number within its bounds. A number without an upper bound stays within 63 of its lower one, a size or a
 * count that every node type holds.
 */
function cacheParameterValue(row: CacheParameterRow, dataTiering: boolean): fc.Arbitrary<string> {
  const { values } = row;
  switch (values.kind) {
    case 'yes-no':
      return fc.constantFrom('yes', 'no');
    case 'one-of':
      return fc.constantFrom(...(row.name === 'maxmemory-policy' && dataTiering ? DATA_TIERING_MAXMEMORY_POLICIES : values.allowed!));
    default: {
      const min = values.min ?? 0;
      return fc.integer({ min, max: values.max ?? min + 63 }).map(String);
    }
  }
}

/** The parameters a group of the family may set on the version, whose values the table describes (not free text). */
function settableRows(family: CacheParameterFamily, version: string): CacheParameterRow[] {
  return CACHE_PARAMETERS.filter((row) => row.families.includes(family) && row.modifiable && cacheParameterInVersion(row, version))
    .filter((row) => row.values.kind !== 'text' && row.name !== 'cluster-enabled');
}

/** A cache of the tables: engine and version, node type, and up to three parameters of the version's family. */
interface CacheChoice {
  readonly engine: 'valkey' | 'redis';
  readonly version: string;
  readonly nodeType: string;
  readonly parameters: Record<string, string>;
}

const cacheChoice: fc.Arbitrary<CacheChoice> = fc.constantFrom<'valkey' | 'redis'>('valkey', 'redis')
  .chain((engine) => fc.record({
    engine: fc.constant(engine),
    version: fc.constantFrom(...CACHE_VERSIONS[engine]),
    nodeType: fc.constantFrom(...CACHE_NODE_TYPES),
  }))
  .chain((choice) => {
    const rows = settableRows(cacheFamilyOf(choice.engine, choice.version), choice.version);
    const dataTiering = /^cache\.[a-z0-9]+gd\./.test(choice.nodeType);
    return fc.uniqueArray(fc.constantFrom(...rows), { maxLength: 3, selector: (row) => row.name })
      .chain((chosen) => fc.tuple(...chosen.map((row) => cacheParameterValue(row, dataTiering).map((value): [string, string] => [row.name, value]))))
      .map((pairs) => ({ ...choice, parameters: orderCacheParameters(Object.fromEntries(pairs)) }));
  });

function orderCacheParameters(parameters: Record<string, string>): Record<string, string> {
  const ordered = { ...parameters };
  for (const [lower, upper] of ORDERED_CACHE_PARAMETERS) {
    if (ordered[lower] !== undefined && ordered[upper] !== undefined && Number(ordered[lower]) > Number(ordered[upper])) {
      [ordered[lower], ordered[upper]] = [ordered[upper], ordered[lower]];
    }
  }
  return ordered;
}

function cacheOptions(choice: CacheChoice): HighlyAvailableWebAppProps['cache'] {
  return {
    engine: choice.engine === 'redis' ? CacheEngine.redis(choice.version) : CacheEngine.valkey(choice.version),
    nodeType: choice.nodeType,
    parameters: Object.keys(choice.parameters).length > 0 ? choice.parameters : undefined,
  };
}

/**
 * The time zones that the time zone check takes, among the names Node knows (CLDR's) and those of aws-cdk-lib's
 * `TimeZone`: the canonical names of the IANA time zone database, and `UTC`.
 */
const TIME_ZONES = [...new Set([
  ...Intl.supportedValuesOf('timeZone'),
  ...Object.values(TimeZone).filter((zone): zone is TimeZone => zone instanceof TimeZone).map((zone) => zone.timezoneName),
  'UTC',
])].filter(isTimeZoneName).sort();

const timeZone: fc.Arbitrary<string> = fc.constantFrom(...TIME_ZONES);

function scheduledScaling(zone: string, minCapacity: number, maxCapacity: number): HighlyAvailableWebAppProps['appTier'] {
  return { minCapacity, maxCapacity, scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity, maxCapacity, timeZone: zone }] };
}

// ---------------------------------------------------------------------------------------------------------------
// What the app made of the tables' values (read from its constructs, before or after synthesis)
// ---------------------------------------------------------------------------------------------------------------

function resourcesOf<T extends IConstruct>(scope: IConstruct, type: abstract new (...args: any[]) => T): T[] {
  return scope.node.findAll().filter((child): child is T => child instanceof type);
}

/** Where the database differs from the choice: its class, Performance Insights and their retention. */
function databaseProblems(webApp: HighlyAvailableWebApp, choice: DatabaseChoice): string[] {
  const stack = Stack.of(webApp);
  const rdsEngine = rdsEngineOf(choice.engine, choice.topology);
  const insights = performanceInsightsSupported(rdsEngine, choice.instanceClass);
  const expectedRetention = insights ? choice.performanceInsightsRetention ?? rds.PerformanceInsightRetention.DEFAULT : undefined;
  const problems: string[] = [];
  const rendered = [
    ...resourcesOf(webApp.database, rds.CfnDBInstance).map((instance) => ({
      id: instance.node.path,
      instanceClass: stack.resolve(instance.dbInstanceClass),
      insights: stack.resolve(instance.enablePerformanceInsights),
      retention: stack.resolve(instance.performanceInsightsRetentionPeriod),
    })),
    ...resourcesOf(webApp.database, rds.CfnDBCluster).filter(() => choice.topology === 'multiAzCluster').map((cluster) => ({
      id: cluster.node.path,
      instanceClass: stack.resolve(cluster.dbClusterInstanceClass),
      insights: stack.resolve(cluster.performanceInsightsEnabled),
      retention: stack.resolve(cluster.performanceInsightsRetentionPeriod),
    })),
  ];
  if (rendered.length === 0) {
    problems.push('no DB instance or Multi-AZ DB cluster');
  }
  for (const { id, instanceClass, insights: enabled, retention } of rendered) {
    if (instanceClass !== choice.instanceClass) {
      problems.push(`${id}: class ${instanceClass}, not ${choice.instanceClass}`);
    }
    if ((enabled === true) !== insights) {
      problems.push(`${id}: Performance Insights ${enabled} on ${rdsEngine} ${choice.instanceClass}`);
    }
    if (retention !== expectedRetention) {
      problems.push(`${id}: Performance Insights retention ${retention}, not ${expectedRetention}`);
    }
  }
  if (choice.topology === 'aurora' && !auroraInstanceClassSupported(rdsEngine, choice.instanceClass)) {
    problems.push(`Aurora on ${choice.instanceClass}`);
  }
  if (choice.topology === 'multiAzCluster' && multiAzClusterInstanceClass(choice.engine, choice.instanceClass) !== 'documented') {
    problems.push(`Multi-AZ DB cluster on ${choice.instanceClass}`);
  }
  return problems;
}

/** Where the cache differs from the choice: engine, version, node type, data tiering, the family and values of its parameter group. */
function cacheProblems(webApp: HighlyAvailableWebApp, choice: CacheChoice): string[] {
  const stack = Stack.of(webApp);
  const [group] = resourcesOf(webApp.cache, elasticache.CfnReplicationGroup);
  const [parameterGroup] = resourcesOf(webApp.cache, elasticache.CfnParameterGroup);
  const rendered = {
    engine: stack.resolve(group.engine),
    version: stack.resolve(group.engineVersion),
    nodeType: stack.resolve(group.cacheNodeType),
    dataTiering: stack.resolve(group.dataTieringEnabled) === true,
    family: stack.resolve(parameterGroup.cacheParameterGroupFamily),
  };
  const expected = {
    engine: choice.engine,
    version: choice.version,
    nodeType: choice.nodeType,
    dataTiering: /^cache\.[a-z0-9]+gd\./.test(choice.nodeType),
    family: cacheFamilyOf(choice.engine, choice.version),
  };
  const problems = Object.entries(expected).filter(([name, value]) => rendered[name as keyof typeof rendered] !== value)
    .map(([name, value]) => `cache ${name}: ${rendered[name as keyof typeof rendered]}, not ${value}`);
  const properties = stack.resolve(parameterGroup.properties) ?? {};
  for (const [name, value] of Object.entries(choice.parameters)) {
    if (properties[name] !== value) {
      problems.push(`cache parameter ${name}: ${properties[name]}, not ${value}`);
    }
  }
  return problems;
}

/** The log groups of each tier whose retention differs from the one its prop set. */
function retentionProblems(webApp: HighlyAvailableWebApp, retentions: LogRetentions): string[] {
  const stack = Stack.of(webApp);
  const tiers: Array<[string, IConstruct | undefined, logs.RetentionDays]> = [
    ['network.flowLogRetention', webApp.network, retentions.network],
    ['appTier.logRetention', webApp.appTier, retentions.appTier],
    ['database.cloudwatchLogsRetention', webApp.database, retentions.database],
    ['cache.logRetention', webApp.cache, retentions.cache],
    ['edge.firewall.logRetention', webApp.edge?.firewall, retentions.firewall],
    ['auditTrail.cloudWatchLogsRetention', webApp.auditTrail, retentions.auditTrail],
  ];
  const problems: string[] = [];
  for (const [prop, tier, days] of tiers) {
    const groups = tier ? resourcesOf(tier, logs.CfnLogGroup) : [];
    if (groups.length === 0) {
      problems.push(`${prop}: no log group`);
    }
    problems.push(...groups.filter((group) => stack.resolve(group.retentionInDays) !== days)
      .map((group) => `${prop}: ${group.node.path} keeps its events ${stack.resolve(group.retentionInDays)} days, not ${days}`));
  }
  return problems;
}

/** Where the scheduled actions differ from the time zone given. */
function timeZoneProblems(webApp: HighlyAvailableWebApp, zone: string): string[] {
  const actions = resourcesOf(webApp.appTier, autoscaling.CfnScheduledAction);
  if (actions.length !== 1) {
    return [`${actions.length} scheduled actions`];
  }
  const rendered = Stack.of(webApp).resolve(actions[0].timeZone);
  return rendered === zone ? [] : [`scheduled action in ${rendered}, not ${zone}`];
}

// ---------------------------------------------------------------------------------------------------------------
// One cheap property per table: the app constructed, not synthesized
// ---------------------------------------------------------------------------------------------------------------

function construct(props: HighlyAvailableWebAppProps, region = 'us-east-1'): HighlyAvailableWebApp {
  const stack = new Stack(testApp(), 'Generated', { env: { account: TEST_ACCOUNT, region } });
  // Outside us-east-1 the CloudFront WebACL comes from us-east-1.
  return new HighlyAvailableWebApp(stack, 'WebApp', region === 'us-east-1' ? props : { edge: { webAclArn: WEB_ACL_ARN }, ...props });
}

describe('every value of the capability tables is taken by the tier it is for, and rendered as given', () => {
  test(`database instance classes and Performance Insights of each topology: ${CHEAP_RUNS} configurations`, () => {
    const region = fc.constantFrom('us-east-1', OTHER_REGION);
    fc.assert(fc.property(region.chain((r) => fc.tuple(fc.constant(r), databaseChoice(r))), ([r, choice]) => {
      const webApp = construct({ network: { maxAzs: choice.topology === 'multiAzCluster' ? 3 : 2 }, database: databaseOptions(choice) }, r);
      expect(databaseProblems(webApp, choice)).toEqual([]);
    }), { numRuns: CHEAP_RUNS, seed: SEED });
  });

  test(`CloudWatch Logs retentions of every tier: ${CHEAP_RUNS} configurations`, () => {
    fc.assert(fc.property(logRetentions, (retentions) => {
      const webApp = construct({
        network: { flowLogRetention: retentions.network },
        appTier: { logRetention: retentions.appTier },
        database: { cloudwatchLogsRetention: retentions.database },
        cache: { logRetention: retentions.cache },
        edge: { firewall: { logRetention: retentions.firewall } },
        auditTrail: { cloudWatchLogsRetention: retentions.auditTrail },
      });
      expect(retentionProblems(webApp, retentions)).toEqual([]);
    }), { numRuns: CHEAP_RUNS, seed: SEED });
  });

  test(`cache engine versions, node types and parameters: ${CHEAP_RUNS} configurations`, () => {
    expect(CACHE_VERSIONS.valkey).toContain(CacheEngine.DEFAULT_VALKEY_VERSION);
    expect(CACHE_VERSIONS.redis).toContain(CacheEngine.DEFAULT_REDIS_VERSION);
    fc.assert(fc.property(cacheChoice, (choice) => {
      expect(cacheProblems(construct({ cache: cacheOptions(choice) }), choice)).toEqual([]);
    }), { numRuns: CHEAP_RUNS, seed: SEED });
  });

  test(`scheduled scaling time zones: ${CHEAP_RUNS} configurations of ${TIME_ZONES.length} zones`, () => {
    expect(TIME_ZONES).toEqual(expect.arrayContaining(['UTC', 'Europe/Paris', 'America/New_York', 'Etc/GMT+5', 'Asia/Kolkata']));
    expect(TIME_ZONES).not.toContain('US/Eastern');
    fc.assert(fc.property(timeZone, (zone) => {
      expect(timeZoneProblems(construct({ appTier: scheduledScaling(zone, 2, 6) }), zone)).toEqual([]);
    }), { numRuns: CHEAP_RUNS, seed: SEED });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The full property: whole configurations, synthesized and put through the gates
// ---------------------------------------------------------------------------------------------------------------

interface Generated {
  readonly region: string;
  readonly domain: boolean;
  readonly exposure: LoadBalancerExposure;
  readonly maxAzs: number;
  readonly natGateways: number;
  readonly interfaceEndpoints: boolean;
  readonly instanceType: string;
  readonly minCapacity: number;
  readonly extraCapacity: number;
  readonly scaling: 'none' | 'spot' | 'warmPool' | 'predictive';
  /** Scheduled scaling in this time zone, or none. */
  readonly timeZone?: string;
  readonly database: DatabaseChoice;
  /** Passes the app tier's instance type as a plain string, as a JavaScript user may. */
  readonly instanceTypeAsString: boolean;
  readonly replicas: number;
  readonly proxy: boolean;
  readonly cache: CacheChoice;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly logRetentions: LogRetentions;
  readonly dashboard: boolean;
  readonly auditTrailEnabled: boolean;
  readonly compliance: { configRecorder: boolean; securityHub: boolean; guardDuty: boolean; inspector: boolean };
}

const generated: fc.Arbitrary<Generated> = fc.constantFrom('us-east-1', OTHER_REGION).chain((region) => fc.record({
  region: fc.constant(region),
  domain: fc.boolean(),
  exposure: fc.constantFrom(LoadBalancerExposure.INTERNAL, LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST),
  maxAzs: fc.constantFrom(2, 3),
  natGateways: fc.constantFrom(1, 2),
  interfaceEndpoints: fc.boolean(),
  instanceType: fc.constantFrom('t4g.small', 'm7g.large', 't3.medium', 'c7i.large'),
  minCapacity: fc.integer({ min: 2, max: 4 }),
  extraCapacity: fc.integer({ min: 1, max: 6 }),
  scaling: fc.constantFrom('none', 'spot', 'warmPool', 'predictive'),
  timeZone: fc.option(timeZone, { nil: undefined }),
  database: databaseChoice(region),
  instanceTypeAsString: fc.boolean(),
  replicas: fc.integer({ min: 0, max: 2 }),
  proxy: fc.boolean(),
  cache: cacheChoice,
  shards: fc.integer({ min: 1, max: 2 }),
  replicasPerShard: fc.integer({ min: 1, max: 2 }),
  logRetentions,
  dashboard: fc.boolean(),
  auditTrailEnabled: fc.boolean(),
  compliance: fc.record({ configRecorder: fc.boolean(), securityHub: fc.boolean(), guardDuty: fc.boolean(), inspector: fc.boolean() }),
})) as fc.Arbitrary<Generated>;

/** The app of one generated configuration, its web app and its web app's stack. */
function build(g: Generated): { app: App; stack: Stack; webApp: HighlyAvailableWebApp } {
  const app = testApp();
  const stack = new Stack(app, 'Generated', { env: { account: TEST_ACCOUNT, region: g.region } });
  // Outside us-east-1 the CloudFront WebACL (and a certificate) come from us-east-1; an HTTPS origin needs a domain.
  const usEast1 = g.region === 'us-east-1';
  const domain = g.domain && usEast1;
  const exposure = domain ? g.exposure : LoadBalancerExposure.INTERNAL;
  const compliance = Object.values(g.compliance).some((on) => on) ? g.compliance : undefined;
  const maxCapacity = g.minCapacity + g.extraCapacity;
  const props: HighlyAvailableWebAppProps = {
    ...(domain ? {
      domainName: 'www.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    } : {}),
    // A Multi-AZ DB cluster needs 3 zones (a synth-time error says so otherwise).
    network: {
      maxAzs: g.database.topology === 'multiAzCluster' ? 3 : g.maxAzs,
      natGateways: g.natGateways,
      interfaceEndpoints: g.interfaceEndpoints,
      flowLogRetention: g.logRetentions.network,
    },
    appTier: {
      ...(g.timeZone !== undefined ? scheduledScaling(g.timeZone, g.minCapacity, maxCapacity) : {}),
      loadBalancerExposure: exposure,
      instanceType: g.instanceTypeAsString ? g.instanceType as unknown as ec2.InstanceType : new ec2.InstanceType(g.instanceType),
      minCapacity: g.minCapacity,
      maxCapacity,
      spot: g.scaling === 'spot' ? { onDemandPercentageAboveBase: 25 } : undefined,
      warmPool: g.scaling === 'warmPool' ? { minSize: 1 } : undefined,
      predictiveScaling: g.scaling === 'predictive' || undefined,
      logRetention: g.logRetentions.appTier,
    },
    edge: usEast1 ? { firewall: { logRetention: g.logRetentions.firewall } } : { webAclArn: WEB_ACL_ARN },
    database: { ...databaseOptions(g.database, g.replicas), proxy: g.proxy, cloudwatchLogsRetention: g.logRetentions.database },
    cache: {
      ...cacheOptions(g.cache),
      shards: g.shards,
      replicasPerShard: g.replicasPerShard,
      port: g.cache.engine === 'redis' ? 6379 : undefined,
      logRetention: g.logRetentions.cache,
    },
    monitoring: { dashboard: g.dashboard },
    auditTrailEnabled: g.auditTrailEnabled,
    auditTrail: g.auditTrailEnabled ? { cloudWatchLogsRetention: g.logRetentions.auditTrail } : undefined,
    compliance,
  };
  const webApp = new HighlyAvailableWebApp(stack, 'WebApp', props);
  return { app, stack, webApp };
}

/** What the app asks of RDS, ElastiCache, CloudWatch Logs and EC2 that the generated configuration and the tables do not say. */
function beyondCapabilities(g: Generated, webApp: HighlyAvailableWebApp, template: Template): string[] {
  const problems = [...databaseProblems(webApp, g.database), ...cacheProblems(webApp, g.cache)];
  // The firewall is made here only in us-east-1, and the trail only when it is on: their log groups are checked then.
  const retentions = retentionProblems(webApp, g.logRetentions)
    .filter((problem) => (g.region === 'us-east-1' || !problem.startsWith('edge.firewall.')) && (g.auditTrailEnabled || !problem.startsWith('auditTrail.')));
  problems.push(...retentions);
  if (g.timeZone !== undefined) {
    problems.push(...timeZoneProblems(webApp, g.timeZone));
  }
  const architecture = instanceTypeArchitecture(g.instanceType);
  const images = Object.values(template.toJSON().Parameters ?? {}).map((parameter: any) => String(parameter.Default))
    .filter((name) => name.startsWith('/aws/service/ami-amazon-linux-latest/'));
  if (images.length !== 1 || !images[0].endsWith(`-${architecture}`)) {
    problems.push(`${g.instanceType} (${architecture}) runs ${images.join(', ')}`);
  }
  return problems;
}

describe('every generated configuration of HighlyAvailableWebApp synthesizes a clean, secure stack', () => {
  test(`${RUNS} generated configurations`, () => {
    fc.assert(fc.property(generated, (g) => {
      const { app, stack, webApp } = build(g);
      const template = Template.fromStack(stack);
      const open = ingressRules(template).filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0');
      expect(open).toEqual([]);
      expect(unencryptedStores(template)).toEqual([]);
      expect(carelessResources(template)).toEqual([]);
      expect(beyondCapabilities(g, webApp, template)).toEqual([]);
      expect(formatFindings(nagFindings(app))).toEqual('');
      expect(cfnLint(templatesOf(app))).toEqual([]);
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  });
});

/**
 * Configurations that the capability tables call invalid: an RDS instance family that Aurora does not take, a
 * burstable class for a Multi-AZ DB cluster, a Performance Insights retention that RDS refuses. Each is refused while
 * the app is constructed (no synthesis, so the runs are cheap), with a message that names the prop the user wrote.
 */
const refused = fc.oneof(
  fc.record({ engine: fc.constantFrom<'postgres' | 'mysql'>('postgres', 'mysql'), family: fc.constantFrom(...RDS_INSTANCE_FAMILIES.map((row) => row.family)) })
    .filter(({ engine, family }) => !auroraInstanceClassSupported(engine === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql', `${family}.large`))
    .map(({ engine, family }): [HighlyAvailableWebAppProps, string] => [{
      database: {
        engine: engine === 'mysql' ? DatabaseEngine.mysql() : DatabaseEngine.postgres(),
        topology: DatabaseTopology.aurora(),
        instanceType: new ec2.InstanceType(`${family.replace(/^db\./, '')}.large`),
      },
    }, 'database.instanceType']),
  fc.constantFrom('t3.medium', 't4g.large', 't3.large').map((name): [HighlyAvailableWebAppProps, string] => [{
    network: { maxAzs: 3 },
    database: { topology: DatabaseTopology.multiAzCluster(), instanceType: new ec2.InstanceType(name) },
  }, 'database.instanceType']),
  fc.integer({ min: 1, max: 800 }).filter((days) => !PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(days))
    .map((days): [HighlyAvailableWebAppProps, string] => [{ database: { performanceInsightsRetention: days } }, 'database.performanceInsightsRetention']),
);

describe('every configuration that the capability tables call invalid is refused, naming the prop', () => {
  test(`${RUNS * 10} generated configurations`, () => {
    fc.assert(fc.property(refused, ([props, prop]) => {
      const stack = new Stack(testApp(), 'Refused', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } });
      expect(() => new HighlyAvailableWebApp(stack, 'WebApp', props)).toThrow(new RegExp(`^Refused/WebApp: invalid ${prop.replace('.', '\\.')} \\(`));
    }), { numRuns: RUNS * 10, seed: SEED });
  });
});
