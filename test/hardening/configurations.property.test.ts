import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as fc from 'fast-check';
import { LoadBalancerExposure } from '../../src/compute/web-app-tier';
import { CacheEngine } from '../../src/data/web-app-cache';
import { DatabaseEngine, DatabaseTopology } from '../../src/data/web-app-database';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src/highly-available-web-app';
import {
  AURORA_INSTANCE_CLASSES_TABLE, auroraInstanceClassSupported, InstanceClassRow, instanceTypeArchitecture, MULTI_AZ_CLUSTER_INSTANCE_CLASSES,
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
 * The database's instance class and Performance Insights retention come from the capability tables
 * (src/private/capabilities.ts), written either way a user may (`m7g.large` or `db.m7g.large`), and the app tier's
 * instance type sometimes as the plain string a JavaScript user passes: the template must stay within what the
 * tables say AWS accepts (the class, Performance Insights only where the class has it, the machine image's
 * architecture, EC2's 16 KB of user data).
 *
 * The default run is small, to keep the test command fast; HARDENING_RUNS=50 (for example, nightly) runs more,
 * and HARDENING_SEED replays a failure that fast-check reported.
 */
const RUNS = Number(process.env.HARDENING_RUNS ?? 3);
const SEED = process.env.HARDENING_SEED ? Number(process.env.HARDENING_SEED) : undefined;

const WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${TEST_ACCOUNT}:global/webacl/edge/0123abcd-0123-0123-0123-0123456789ab`;

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
  readonly engine: 'postgres' | 'mysql';
  readonly topology: 'instance' | 'multiAzCluster' | 'aurora';
  /** Picks the database's instance class among those the capability tables allow for the engine and topology. */
  readonly databaseClass: number;
  /** Writes the database's class the RDS way (`db.m7g.large`) rather than the EC2 way. */
  readonly databaseClassWithPrefix: boolean;
  /** Picks a Performance Insights retention among those RDS accepts (given only where the class has Performance Insights). */
  readonly performanceInsightsRetention: number;
  /** Passes the app tier's instance type as a plain string, as a JavaScript user may. */
  readonly instanceTypeAsString: boolean;
  readonly replicas: number;
  readonly proxy: boolean;
  readonly cacheEngine: 'valkey' | 'redis';
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly dashboard: boolean;
  readonly auditTrailEnabled: boolean;
  readonly compliance: { configRecorder: boolean; securityHub: boolean; guardDuty: boolean; inspector: boolean };
}

const generated: fc.Arbitrary<Generated> = fc.record({
  region: fc.constantFrom('us-east-1', OTHER_REGION),
  domain: fc.boolean(),
  exposure: fc.constantFrom(LoadBalancerExposure.INTERNAL, LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST),
  maxAzs: fc.constantFrom(2, 3),
  natGateways: fc.constantFrom(1, 2),
  interfaceEndpoints: fc.boolean(),
  instanceType: fc.constantFrom('t4g.small', 'm7g.large', 't3.medium', 'c7i.large'),
  minCapacity: fc.integer({ min: 2, max: 4 }),
  extraCapacity: fc.integer({ min: 1, max: 6 }),
  scaling: fc.constantFrom('none', 'spot', 'warmPool', 'predictive'),
  engine: fc.constantFrom('postgres', 'mysql'),
  topology: fc.constantFrom('instance', 'multiAzCluster', 'aurora'),
  databaseClass: fc.nat(),
  databaseClassWithPrefix: fc.boolean(),
  performanceInsightsRetention: fc.nat(),
  instanceTypeAsString: fc.boolean(),
  replicas: fc.integer({ min: 0, max: 2 }),
  proxy: fc.boolean(),
  cacheEngine: fc.constantFrom('valkey', 'redis'),
  shards: fc.integer({ min: 1, max: 2 }),
  replicasPerShard: fc.integer({ min: 1, max: 2 }),
  dashboard: fc.boolean(),
  auditTrailEnabled: fc.boolean(),
  compliance: fc.record({ configRecorder: fc.boolean(), securityHub: fc.boolean(), guardDuty: fc.boolean(), inspector: fc.boolean() }),
}) as fc.Arbitrary<Generated>;

/** Instance classes of an RDS (not Aurora) DB instance: general purpose, memory optimized and burstable, some without Performance Insights. */
const INSTANCE_CLASSES = ['db.m7g.large', 'db.m6i.large', 'db.r7g.large', 'db.t4g.medium', 'db.t4g.micro', 'db.t3.small'];

/** The classes of the table's rows for the engine: the sizes of each row, or large and xlarge. */
function classesOf(rows: InstanceClassRow[], engine: RdsEngine): string[] {
  return rows.filter((row) => row.engine === engine).flatMap((row) => (row.sizes ?? ['large', 'xlarge']).map((size) => `${row.family}.${size}`));
}

/** The database's engine as the capability tables name it, and the class the configuration picks. */
function databaseClassOf(g: Generated): { engine: RdsEngine; instanceClass: string } {
  if (g.topology === 'aurora') {
    const engine: RdsEngine = g.engine === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql';
    const classes = classesOf(AURORA_INSTANCE_CLASSES_TABLE, engine);
    return { engine, instanceClass: classes[g.databaseClass % classes.length] };
  }
  const engine: RdsEngine = g.engine;
  const classes = g.topology === 'multiAzCluster' ? classesOf(MULTI_AZ_CLUSTER_INSTANCE_CLASSES, engine) : INSTANCE_CLASSES;
  return { engine, instanceClass: classes[g.databaseClass % classes.length] };
}

/** The app of one generated configuration, and its web app's stack. */
function build(g: Generated): { app: App; stack: Stack } {
  const app = testApp();
  const stack = new Stack(app, 'Generated', { env: { account: TEST_ACCOUNT, region: g.region } });
  // Outside us-east-1 the CloudFront WebACL (and a certificate) come from us-east-1; an HTTPS origin needs a domain.
  const usEast1 = g.region === 'us-east-1';
  const domain = g.domain && usEast1;
  const exposure = domain ? g.exposure : LoadBalancerExposure.INTERNAL;
  const topology = g.topology === 'instance' ? DatabaseTopology.multiAzInstance({ readReplicas: g.replicas })
    : g.topology === 'aurora' ? DatabaseTopology.aurora({ readers: Math.max(1, g.replicas) })
      : DatabaseTopology.multiAzCluster();
  const compliance = Object.values(g.compliance).some((on) => on) ? g.compliance : undefined;
  const { engine, instanceClass } = databaseClassOf(g);
  const retention = PERFORMANCE_INSIGHTS_RETENTION_DAYS[g.performanceInsightsRetention % PERFORMANCE_INSIGHTS_RETENTION_DAYS.length];
  const props: HighlyAvailableWebAppProps = {
    ...(domain ? {
      domainName: 'www.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    } : {}),
    // A Multi-AZ DB cluster needs 3 zones (a synth-time error says so otherwise).
    network: { maxAzs: g.topology === 'multiAzCluster' ? 3 : g.maxAzs, natGateways: g.natGateways, interfaceEndpoints: g.interfaceEndpoints },
    appTier: {
      loadBalancerExposure: exposure,
      instanceType: g.instanceTypeAsString ? g.instanceType as unknown as ec2.InstanceType : new ec2.InstanceType(g.instanceType),
      minCapacity: g.minCapacity,
      maxCapacity: g.minCapacity + g.extraCapacity,
      spot: g.scaling === 'spot' ? { onDemandPercentageAboveBase: 25 } : undefined,
      warmPool: g.scaling === 'warmPool' ? { minSize: 1 } : undefined,
      predictiveScaling: g.scaling === 'predictive' || undefined,
    },
    edge: usEast1 ? undefined : { webAclArn: WEB_ACL_ARN },
    database: {
      engine: g.engine === 'mysql' ? DatabaseEngine.mysql() : DatabaseEngine.postgres(),
      topology,
      proxy: g.proxy,
      instanceType: new ec2.InstanceType(g.databaseClassWithPrefix ? instanceClass : instanceClass.replace(/^db\./, '')),
      performanceInsightsRetention: performanceInsightsSupported(engine, instanceClass) ? retention : undefined,
    },
    cache: {
      engine: g.cacheEngine === 'redis' ? CacheEngine.redis() : CacheEngine.valkey(),
      shards: g.shards,
      replicasPerShard: g.replicasPerShard,
      port: g.cacheEngine === 'redis' ? 6379 : undefined,
    },
    monitoring: { dashboard: g.dashboard },
    auditTrailEnabled: g.auditTrailEnabled,
    compliance,
  };
  new HighlyAvailableWebApp(stack, 'WebApp', props);
  return { app, stack };
}

/** What the template asks of RDS and EC2 that the capability tables do not allow; empty when all is allowed. */
function beyondCapabilities(g: Generated, template: Template): string[] {
  const problems: string[] = [];
  const databases = { ...template.findResources('AWS::RDS::DBInstance'), ...template.findResources('AWS::RDS::DBCluster') };
  const { instanceClass } = databaseClassOf(g);
  for (const [id, resource] of Object.entries(databases)) {
    const properties = resource.Properties;
    const engine = properties.Engine as RdsEngine | undefined;
    const renderedClass = properties.DBInstanceClass ?? properties.DBClusterInstanceClass;
    if (renderedClass !== undefined && renderedClass !== instanceClass) {
      problems.push(`${id}: class ${renderedClass}, not ${instanceClass}`);
    }
    const insights = properties.EnablePerformanceInsights ?? properties.PerformanceInsightsEnabled;
    if (insights === true && engine !== undefined && !performanceInsightsSupported(engine, instanceClass)) {
      problems.push(`${id}: Performance Insights on ${engine} ${instanceClass}`);
    }
    const retention = properties.PerformanceInsightsRetentionPeriod;
    if (retention !== undefined && !PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(retention)) {
      problems.push(`${id}: retention ${retention}`);
    }
  }
  if (g.topology === 'aurora' && !auroraInstanceClassSupported(g.engine === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql', instanceClass)) {
    problems.push(`Aurora on ${instanceClass}`);
  }
  if (g.topology === 'multiAzCluster' && multiAzClusterInstanceClass(g.engine, instanceClass) !== 'documented') {
    problems.push(`Multi-AZ DB cluster on ${instanceClass}`);
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
      const { app, stack } = build(g);
      const template = Template.fromStack(stack);
      const open = ingressRules(template).filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0');
      expect(open).toEqual([]);
      expect(unencryptedStores(template)).toEqual([]);
      expect(carelessResources(template)).toEqual([]);
      expect(beyondCapabilities(g, template)).toEqual([]);
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
