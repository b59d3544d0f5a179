import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CacheEngine, WebAppCache, WebAppCacheOptions } from '../../src/data/web-app-cache';
import { DatabaseEngine, DatabaseTopology, WebAppDatabase, WebAppDatabaseOptions } from '../../src/data/web-app-database';
import { WebAppNetwork } from '../../src/network/web-app-network';
import {
  AURORA_INSTANCE_CLASSES_TABLE, auroraInstanceClassSupported, CACHE_PARAMETERS, cacheParameter, CacheParameterFamily, CacheParameterRow,
  cacheParameterValueAccepted, closestMatch, DATA_TIERING_MAXMEMORY_POLICIES, DATA_TIERING_MAXMEMORY_POLICIES_SOURCE, InstanceClassRow,
  instanceTypeArchitecture, isKnownInstanceType, isTimeZoneName, REMOVED_CACHE_PARAMETERS, removedCacheParameter, TIME_ZONE_SOURCE, validateTimeZone,
  isReservedDatabaseName, MULTI_AZ_CLUSTER_INSTANCE_CLASSES, MULTI_AZ_CLUSTER_UNAVAILABLE_REGIONS, multiAzClusterAvailable,
  multiAzClusterInstanceClass, MYSQL_RESERVED_WORDS, parseInstanceTypeName, PERFORMANCE_INSIGHTS_RETENTION_DAYS, PERFORMANCE_INSIGHTS_UNSUPPORTED,
  performanceInsightsSupported, POSTGRESQL_RESERVED_WORDS, proxyAvailable, proxySupport, RDS_INSTANCE_FAMILIES, RDS_PROXY_SUPPORT,
  RDS_PROXY_UNAVAILABLE_REGIONS, rdsInstanceFamilySupported,
} from '../../src/private/capabilities';
import { testStack } from '../helpers';

/**
 * One test per row of the capability tables (src/private/capabilities/): what the row says AWS accepts or
 * refuses, and, where the library offers the engine, that the construct acts on it.
 */

const AWS_DOCS = /^https:\/\/docs\.aws\.amazon\.com\/[\w./-]+\.html(#[\w.-]+)?$/;

/** The classes a row is about: its sizes, or a few sizes of the family when it covers them all. */
function classesOf(row: InstanceClassRow): string[] {
  return (row.sizes ?? ['medium', 'large', 'xlarge']).map((size) => `${row.family}.${size}`);
}

const cfnLintData = path.join(__dirname, '..', '..', '.venv', 'lib');
/** The DB instance classes that cfn-lint's data (from the AWS Pricing API) has for an engine in us-east-1, if its data is installed. */
function pricedClasses(file: string, property: string, engine: string): Set<string> | undefined {
  const site = fs.existsSync(cfnLintData) ? fs.readdirSync(cfnLintData).map((python) => path.join(cfnLintData, python, 'site-packages', 'cfnlint', 'data', 'schemas', 'extensions'))
    .find((directory) => fs.existsSync(directory)) : undefined;
  if (!site) {
    return undefined;
  }
  const data = JSON.parse(fs.readFileSync(path.join(site, file), 'utf8')) as Record<string, { allOf: any[] }>;
  return new Set(data['us-east-1'].allOf
    .filter((condition) => condition.if.properties.Engine.const === engine)
    .flatMap((condition) => condition.then.properties[property].enum as string[]));
}

/** A database of the options in a test stack; its template and stack. */
function database(options: WebAppDatabaseOptions): { stack: Stack; template: Template } {
  const stack = testStack();
  const network = new WebAppNetwork(stack, 'Network');
  new WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets, ...options });
  return { stack, template: Template.fromStack(stack) };
}

const ec2Name = (instanceClass: string) => new ec2.InstanceType(instanceClass.replace(/^db\./, ''));

/** A cache of the options in a test stack, synthesized; the template. */
function cache(options: WebAppCacheOptions): Template {
  const stack = testStack();
  const network = new WebAppNetwork(stack, 'Network');
  new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets, ...options });
  return Template.fromStack(stack);
}

const CACHE_FAMILIES: CacheParameterFamily[] = ['redis7', 'valkey7', 'valkey8', 'valkey9'];

/** An engine whose parameter group is of the family, in a version that has the row's parameter. */
function engineOf(family: CacheParameterFamily, row?: CacheParameterRow): CacheEngine {
  switch (family) {
    case 'redis7':
      return CacheEngine.redis('7.1');
    case 'valkey7':
      return CacheEngine.valkey('7.2');
    case 'valkey8':
      return CacheEngine.valkey(row?.since ?? '8.0');
    default:
      return CacheEngine.valkey('9.0');
  }
}

/** A value of the parameter that ElastiCache takes. */
function validValue(row: CacheParameterRow): string {
  const examples: Record<string, string> = { 'notify-keyspace-events': 'Ex', 'rename-commands': 'KEYS keys-renamed' };
  switch (row.values.kind) {
    case 'integer':
      return String(row.values.max ?? row.values.min ?? 0);
    case 'yes-no':
      return 'yes';
    case 'one-of':
      return row.values.allowed![row.values.allowed!.length - 1];
    default:
      return examples[row.name] ?? 'x';
  }
}

describe('capability tables', () => {
  describe('every row names the AWS documentation page it comes from', () => {
    const rows: Array<{ readonly source: string }> = [
      ...PERFORMANCE_INSIGHTS_UNSUPPORTED, ...RDS_INSTANCE_FAMILIES, ...AURORA_INSTANCE_CLASSES_TABLE, ...MULTI_AZ_CLUSTER_INSTANCE_CLASSES,
      ...MULTI_AZ_CLUSTER_UNAVAILABLE_REGIONS, ...RDS_PROXY_SUPPORT, ...RDS_PROXY_UNAVAILABLE_REGIONS,
      ...CACHE_PARAMETERS, ...REMOVED_CACHE_PARAMETERS, { source: DATA_TIERING_MAXMEMORY_POLICIES_SOURCE }, { source: TIME_ZONE_SOURCE },
    ];
    test.each(rows.map((row) => [JSON.stringify(row), row.source]))('%s', (_row, source) => {
      expect(source).toMatch(AWS_DOCS);
    });
  });

  describe('Performance Insights: the instance classes without it', () => {
    test.each(PERFORMANCE_INSIGHTS_UNSUPPORTED.map((row) => [`${row.engine} on ${row.family}${row.sizes ? ` ${row.sizes.join('/')}` : ''}`, row]))(
      '%s has none; a larger size of a burstable family does', (_name, row) => {
        for (const instanceClass of classesOf(row)) {
          expect(performanceInsightsSupported(row.engine, instanceClass)).toBe(false);
        }
        if (row.sizes) {
          expect(performanceInsightsSupported(row.engine, `${row.family}.medium`)).toBe(true);
        }
        // The same class with PostgreSQL keeps it: the restriction is the engine's.
        const postgres = row.engine.startsWith('aurora') ? 'aurora-postgresql' : 'postgres';
        expect(performanceInsightsSupported(postgres, classesOf(row)[0])).toBe(true);
      });

    // The rows of the engines the library offers, through the construct: Performance Insights off, with a warning.
    const offered = PERFORMANCE_INSIGHTS_UNSUPPORTED.filter((row) => row.engine === 'mysql' || row.engine === 'aurora-mysql')
      .filter((row) => row.engine === 'mysql' ? rdsInstanceFamilySupported(row.engine, classesOf(row)[0]) : auroraInstanceClassSupported(row.engine, classesOf(row)[0]));
    test.each(offered.map((row) => [`${row.engine} on ${classesOf(row)[0]}`, row]))('WebAppDatabase turns it off for %s', (_name, row) => {
      const { template } = database({
        engine: DatabaseEngine.mysql(),
        topology: row.engine === 'aurora-mysql' ? DatabaseTopology.aurora() : DatabaseTopology.multiAzInstance(),
        instanceType: ec2Name(classesOf(row)[0]),
      });
      const settings = Object.values({ ...template.findResources('AWS::RDS::DBInstance'), ...template.findResources('AWS::RDS::DBCluster') })
        .map((resource) => resource.Properties.EnablePerformanceInsights ?? resource.Properties.PerformanceInsightsEnabled)
        .filter((enabled) => enabled !== undefined);
      expect(settings.length).toBeGreaterThan(0);
      expect(settings.every((enabled) => enabled === false)).toBe(true);
    });
  });

  describe('Performance Insights retention', () => {
    test('the periods RDS accepts are those of aws-cdk-lib\'s PerformanceInsightRetention', () => {
      const cdkValues = Object.values(rds.PerformanceInsightRetention).filter((value) => typeof value === 'number');
      expect([...PERFORMANCE_INSIGHTS_RETENTION_DAYS].sort((a, b) => a - b)).toEqual([...cdkValues].sort((a, b) => a - b));
    });

    test.each(PERFORMANCE_INSIGHTS_RETENTION_DAYS)('%d days: 7, a multiple of 31 up to 713, or 731', (days) => {
      expect(days === 7 || days === 731 || (days % 31 === 0 && days >= 31 && days <= 713)).toBe(true);
    });

    test.each([0, 1, 8, 30, 32, 42, 94, 730, 732, 744])('%d days is refused by WebAppDatabase', (days) => {
      expect(PERFORMANCE_INSIGHTS_RETENTION_DAYS).not.toContain(days);
      expect(() => database({ performanceInsightsRetention: days as rds.PerformanceInsightRetention })).toThrow(/invalid performanceInsightsRetention/);
    });
  });

  describe('RDS DB instances: the families of instance classes', () => {
    test.each(RDS_INSTANCE_FAMILIES.map((row) => [`${row.engine} ${row.family}`, row]))('%s is offered, and priced', (_name, row) => {
      const priced = pricedClasses(path.join('aws_rds_dbinstance', 'dbinstanceclass_enum.json'), 'DBInstanceClass', row.engine);
      const offered = priced ? [...priced].filter((instanceClass) => instanceClass.startsWith(`${row.family}.`)) : [`${row.family}.xlarge`];
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.every((instanceClass) => rdsInstanceFamilySupported(row.engine, instanceClass))).toBe(true);
    });

    test.each(['db.c7g.large', 'db.c6i.xlarge', 'db.t2.micro', 'db.m4.large', 'db.i4i.large'])('%s is not, and WebAppDatabase refuses it', (instanceClass) => {
      expect(rdsInstanceFamilySupported('postgres', instanceClass)).toBe(false);
      expect(() => database({ instanceType: ec2Name(instanceClass) })).toThrow(/invalid instanceType \('db\.[a-z0-9]+\.[a-z0-9]+'\): use a general purpose \(M\)/);
    });
  });

  describe('Aurora: the instance classes it takes', () => {
    test.each(AURORA_INSTANCE_CLASSES_TABLE.map((row) => [`${row.engine} ${row.family}${row.sizes ? ` (${row.sizes.join(', ')})` : ''}`, row]))(
      '%s is taken, and WebAppDatabase deploys it', (_name, row) => {
        for (const instanceClass of classesOf(row)) {
          expect(auroraInstanceClassSupported(row.engine, instanceClass)).toBe(true);
        }
        if (row.sizes) {
          expect(auroraInstanceClassSupported(row.engine, `${row.family}.small`)).toBe(false);
        }
        // Every class of the row is one that AWS prices for the engine (when cfn-lint's data is installed).
        const priced = pricedClasses(path.join('aws_rds_dbinstance', 'dbinstanceclass_enum.json'), 'DBInstanceClass', row.engine);
        for (const instanceClass of priced ? classesOf(row) : []) {
          expect(priced).toContain(instanceClass);
        }
        const engine = row.engine === 'aurora-mysql' ? DatabaseEngine.mysql() : DatabaseEngine.postgres();
        const { template } = database({ engine, topology: DatabaseTopology.aurora(), instanceType: ec2Name(classesOf(row)[0]) });
        template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: classesOf(row)[0] });
      });

    test.each(['db.m7g.large', 'db.c7g.large', 'db.t4g.micro', 'db.t2.medium', 'db.x1e.xlarge', 'db.serverless', 'db.r6g.medium', 'db.r6id.large'])('%s is not', (instanceClass) => {
      expect(auroraInstanceClassSupported('aurora-postgresql', instanceClass)).toBe(false);
      expect(auroraInstanceClassSupported('aurora-mysql', instanceClass)).toBe(false);
    });
  });

  describe('Multi-AZ DB clusters: the instance classes RDS documents', () => {
    test.each(MULTI_AZ_CLUSTER_INSTANCE_CLASSES.map((row) => [`${row.engine} ${row.family}`, row]))('%s is documented, and priced', (_name, row) => {
      const priced = pricedClasses(path.join('aws_rds_dbcluster', 'dbclusterinstanceclass_enum.json'), 'DBClusterInstanceClass', row.engine);
      for (const instanceClass of classesOf(row)) {
        expect(multiAzClusterInstanceClass(row.engine, instanceClass)).toEqual('documented');
        if (priced) {
          expect(priced).toContain(instanceClass);
        }
      }
    });

    test.each(['db.t3.medium', 'db.t4g.large'])('%s (burstable) is refused', (instanceClass) => {
      expect(multiAzClusterInstanceClass('postgres', instanceClass)).toEqual('refused');
    });

    test.each(['db.m7g.large', 'db.r7g.large'])('%s is not documented (a warning, not an error)', (instanceClass) => {
      expect(multiAzClusterInstanceClass('mysql', instanceClass)).toEqual('undocumented');
    });
  });

  describe('Multi-AZ DB clusters: the Regions without them', () => {
    test.each(MULTI_AZ_CLUSTER_UNAVAILABLE_REGIONS.map((row) => row.region))('%s has none', (region) => {
      expect(multiAzClusterAvailable(region)).toBe(false);
    });

    test.each(['us-east-1', 'eu-west-1', 'ap-northeast-1'])('%s has them', (region) => {
      expect(multiAzClusterAvailable(region)).toBe(true);
    });
  });

  describe('RDS Proxy', () => {
    test.each(RDS_PROXY_SUPPORT.map((row) => [`${row.engine} (${row.deployment})`, row]))('supports %s', (_name, row) => {
      expect(proxySupport(row.engine, row.deployment)).toBe(row);
    });

    test('supports no Aurora engine outside Aurora, nor an RDS engine as Aurora', () => {
      expect(proxySupport('aurora-mysql', 'instance')).toBeUndefined();
      expect(proxySupport('postgres', 'aurora')).toBeUndefined();
      expect(proxySupport('mariadb', 'multi-az-cluster')).toBeUndefined();
    });

    test.each(RDS_PROXY_UNAVAILABLE_REGIONS.map((row) => row.region))('is not available in %s', (region) => {
      expect(proxyAvailable(region)).toBe(false);
    });

    test.each(['us-east-1', 'eu-central-1'])('is available in %s', (region) => {
      expect(proxyAvailable(region)).toBe(true);
    });
  });

  describe('EC2: the processor architecture from the instance type name', () => {
    test.each([
      ['m7g.large', 'arm64'], ['c7gn.xlarge', 'arm64'], ['t4g.small', 'arm64'], ['r8g.2xlarge', 'arm64'], ['x2gd.large', 'arm64'],
      ['im4gn.large', 'arm64'], ['is4gen.large', 'arm64'], ['a1.large', 'arm64'], ['g5g.xlarge', 'arm64'], ['hpc7g.4xlarge', 'arm64'],
      ['m7i.large', 'x86_64'], ['m7i-flex.large', 'x86_64'], ['c7a.large', 'x86_64'], ['t3.medium', 'x86_64'], ['g4dn.xlarge', 'x86_64'],
      ['p5.48xlarge', 'x86_64'], ['x2iedn.xlarge', 'x86_64'], ['inf2.xlarge', 'x86_64'], ['m5.large', 'x86_64'],
    ])('%s is %s', (name, architecture) => {
      expect(instanceTypeArchitecture(name)).toEqual(architecture);
    });

    test.each(['t4g', 'large', 'm7g.', '.large', 'M7G.LARGE', 'm7g large'])('%j is no instance type', (name) => {
      expect(parseInstanceTypeName(name)).toBeUndefined();
      expect(instanceTypeArchitecture(name)).toBeUndefined();
    });

    // aws-cdk-lib reads the architecture from the name too (of an ec2.InstanceType, not of a string): both agree.
    const names = [...new Set(Object.values(ec2.InstanceClass).map((family) => ec2.InstanceType.of(family, ec2.InstanceSize.LARGE).toString()))]
      .filter((name) => parseInstanceTypeName(name) !== undefined);
    test.each(names)('agrees with aws-cdk-lib for %s', (name) => {
      expect(instanceTypeArchitecture(name)).toEqual(new ec2.InstanceType(name).architecture);
    });

    test.each(['t4g.smal', 'm7.large', 'x9z.large', 'm7g.large.extra'])('%s names no family and size that exist', (name) => {
      expect(isKnownInstanceType(name)).toBe(false);
    });
  });

  describe('ElastiCache parameters: the parameters of each family', () => {
    const settable = CACHE_PARAMETERS.filter((row) => row.modifiable && row.name !== 'cluster-enabled');
    test.each(settable.map((row) => [`${row.name} (${row.families.join(', ')}${row.since ? `, since ${row.since}` : ''})`, row]))(
      '%s is taken, and WebAppCache puts it in the parameter group', (_name, row) => {
        for (const family of row.families) {
          expect(cacheParameter(family, row.name)).toBe(row);
          expect(removedCacheParameter(family, row.name)).toBeUndefined();
        }
        for (const family of CACHE_FAMILIES.filter((other) => !row.families.includes(other))) {
          expect(cacheParameter(family, row.name)).not.toBe(row);
        }
        const value = validValue(row);
        expect(cacheParameterValueAccepted(row.values, value)).toBe(true);
        cache({ engine: engineOf(row.families[0], row), parameters: { [row.name]: value } })
          .hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: row.families[0], Properties: { [row.name]: value } });
        // A family that does not have it (in any row) refuses it.
        const without = CACHE_FAMILIES.find((family) => cacheParameter(family, row.name) === undefined);
        if (without) {
          expect(() => cache({ engine: engineOf(without), parameters: { [row.name]: value } })).toThrow(/invalid parameters/);
        }
      });

    test.each(CACHE_PARAMETERS.filter((row) => !row.modifiable).map((row) => [row.name, row]))(
      '%s is set by ElastiCache itself: WebAppCache refuses a value', (_name, row) => {
        expect(() => cache({ engine: engineOf(row.families[0], row), parameters: { [row.name]: validValue(row) } }))
          .toThrow(new RegExp(`invalid parameters \\('${row.name}'\\): remove it: ElastiCache sets '${row.name}' itself`));
      });

    test.each(REMOVED_CACHE_PARAMETERS.map((row) => [`${row.name} (${row.change}, ${row.families.join(', ')})`, row]))(
      '%s is refused with what to give instead', (_name, row) => {
        for (const family of row.families) {
          expect(cacheParameter(family, row.name)).toBeUndefined();
        }
        const expected = row.replacement ? `use '${row.replacement}': '${row.name}' was ${row.change}` : `leave it out: '${row.name}' was ${row.change}`;
        expect(() => cache({ engine: engineOf(row.families[0]), parameters: { [row.name]: '1' } })).toThrow(expected);
      });

    test('every family has the parameters users set most, and no name twice', () => {
      for (const family of CACHE_FAMILIES) {
        for (const name of ['maxmemory-policy', 'notify-keyspace-events', 'timeout', 'tcp-keepalive', 'reserved-memory-percent']) {
          expect(cacheParameter(family, name)).toBeDefined();
        }
        const names = CACHE_PARAMETERS.filter((row) => row.families.includes(family)).map((row) => row.name);
        expect(new Set(names).size).toEqual(names.length);
      }
    });

    test.each<[string, string, boolean]>([
      ['maxmemory-policy', 'allkeys-lfu', true], ['maxmemory-policy', 'lfu', false], ['maxmemory-policy', 'ALLKEYS-LRU', false],
      ['activedefrag', 'no', true], ['activedefrag', 'true', false], ['activedefrag', '1', false],
      ['active-defrag-cycle-max', '75', true], ['active-defrag-cycle-max', '76', false], ['active-defrag-cycle-max', '0', false],
      ['slowlog-log-slower-than', '-1', true], ['slowlog-max-len', '-1', false], ['tcp-keepalive', '300s', false], ['tcp-keepalive', '1e3', false],
      ['cluster-preferred-endpoint-type', 'tls-dynamic', true], ['cluster-preferred-endpoint-type', 'hostname', false],
    ])('%s takes %j: %s', (name, value, accepted) => {
      expect(cacheParameterValueAccepted(cacheParameter('valkey8', name)!.values, value)).toBe(accepted);
    });

    test.each(['noeviction', 'volatile-lru', 'allkeys-lru'])('nodes with data tiering take the eviction policy %s', (policy) => {
      expect(DATA_TIERING_MAXMEMORY_POLICIES).toContain(policy);
      cache({ nodeType: 'cache.r6gd.xlarge', parameters: { 'maxmemory-policy': policy } })
        .hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'maxmemory-policy': policy } });
    });

    test.each(['volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl'])('nodes with data tiering refuse %s', (policy) => {
      expect(() => cache({ nodeType: 'cache.r6gd.xlarge', parameters: { 'maxmemory-policy': policy } })).toThrow(/nodes with data tiering/);
      expect(() => cache({ nodeType: 'cache.r7g.large', parameters: { 'maxmemory-policy': policy } })).not.toThrow();
    });

    test.each<[string, string | undefined]>([
      ['maxmemory-polcy', 'maxmemory-policy'], ['MAXMEMORY-POLICY', 'maxmemory-policy'], ['maxmemorypolicy', 'maxmemory-policy'],
      ['notify-keyspace-event', 'notify-keyspace-events'], ['tcp_keepalive', 'tcp-keepalive'], ['cache-size', undefined], ['x', undefined],
    ])('the closest name to %j is %j', (name, match) => {
      expect(closestMatch(name, CACHE_PARAMETERS.map((row) => row.name))).toEqual(match);
    });
  });

  describe('time zones: the canonical names of the IANA time zone database', () => {
    const cdkNames = Object.values(TimeZone).filter((value): value is TimeZone => value instanceof TimeZone)
      .map((zone) => zone.timezoneName).filter((name) => name !== 'Factory');
    test.each(cdkNames)('%s (of aws-cdk-lib\'s TimeZone) is one', (name) => {
      expect(isTimeZoneName(name)).toBe(true);
    });

    test.each(['UTC', 'Etc/GMT+9', 'Pacific/Tahiti', 'Europe/Amsterdam', 'Asia/Calcutta'])('%s is one (AWS\'s examples, and ICU\'s spellings)', (name) => {
      expect(isTimeZoneName(name)).toBe(true);
    });

    test.each<[string, RegExp]>([
      ['US/Eastern', /give 'America\/New_York', the canonical name of that zone/],
      ['GMT', /give 'UTC', the canonical name of that zone/],
      ['europe/paris', /give 'Europe\/Paris', the canonical name of that zone/],
      ['Europe/Pariss', /did you mean 'Europe\/Paris'\?/],
      ['+02:00', /'Etc\/GMT-5' is UTC\+5: the Etc zones invert the sign/],
      ['Etc/GMT+13', /give the name of an IANA time zone/],
      ['Factory', /give the name of an IANA time zone/],
      ['', /give the name of an IANA time zone/],
    ])('%j is not, and is refused with the name to give', (name, message) => {
      expect(isTimeZoneName(name)).toBe(false);
      const scope = new Stack(new App(), 'Zones');
      expect(() => validateTimeZone(scope, 'timeZone', name, 'Auto Scaling')).toThrow(message);
      expect(() => validateTimeZone(scope, 'timeZone', name, 'Auto Scaling')).toThrow(/Auto Scaling takes only the canonical names of the IANA time zone database/);
    });
  });

  describe('database names that RDS refuses: the reserved words of the engine', () => {
    test.each(POSTGRESQL_RESERVED_WORDS)('PostgreSQL: %s', (word) => {
      expect(isReservedDatabaseName('postgresql', word)).toBe(true);
      expect(isReservedDatabaseName('postgresql', word.toUpperCase())).toBe(true);
    });

    test.each(MYSQL_RESERVED_WORDS)('MySQL: %s', (word) => {
      expect(isReservedDatabaseName('mysql', word)).toBe(true);
    });

    test('the lists are lowercase, sorted and without repetition, and the default name is in neither', () => {
      for (const list of [POSTGRESQL_RESERVED_WORDS, MYSQL_RESERVED_WORDS]) {
        expect(list.every((word) => /^[a-z][a-z0-9_]*$/.test(word))).toBe(true);
        expect(new Set(list).size).toEqual(list.length);
        expect([...list].sort()).toEqual(list);
      }
      expect(isReservedDatabaseName('postgresql', 'app')).toBe(false);
      expect(isReservedDatabaseName('mysql', 'app')).toBe(false);
    });
  });
});
