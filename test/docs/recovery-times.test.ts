import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { DatabaseTopology, HighlyAvailableWebApp, HighlyAvailableWebAppProps, HighlyAvailableWebAppStage } from '../../src';
import { OTHER_REGION, RECOVERY_REGION, TEST_ACCOUNT, testApp, testStack } from '../helpers';

/*
 * The recovery times of docs/resilience.md, recomputed from the synthesized templates: the load balancer's health
 * checks, the Auto Scaling group's grace period, the database's deployment and the edge's origin failover settings.
 * A change of any of them changes the table, and this test prints the table the docs must then show.
 */

const RESILIENCE_PAGE = path.join(__dirname, '..', '..', 'docs', 'resilience.md');
const START = '<!-- recovery-times:start (test/docs/recovery-times.test.ts writes this table) -->';
const END = '<!-- recovery-times:end -->';

/** What AWS documents as the failover time of each RDS deployment (see the links in the table). */
const DATABASE_FAILOVER: Record<string, string> = {
  'Multi-AZ DB instance': 'typically 60 to 120 s ([RDS](https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html))',
  'Multi-AZ DB cluster': 'typically under 35 s ([RDS](https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts-failover.html))',
  'Aurora': 'no typical time documented: a reader is promoted ([Aurora](https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-failover.html)); measure it with the database failover experiment',
};

function onlyResource(template: Template, type: string, filter: (properties: any) => boolean = () => true): any {
  const found = Object.values(template.findResources(type)).filter((resource: any) => filter(resource.Properties ?? {}));
  if (found.length !== 1) {
    throw new Error(`expected one ${type}, found ${found.length}`);
  }
  return found[0];
}

/** The deployment of the app's database, read from the template. */
function databaseDeployment(template: Template): string {
  const clusters = Object.values(template.findResources('AWS::RDS::DBCluster')) as any[];
  if (clusters.length === 0) {
    const writer = onlyResource(template, 'AWS::RDS::DBInstance', (p) => p.SourceDBInstanceIdentifier === undefined);
    if (writer.Properties.MultiAZ !== true) {
      throw new Error('the writer is not Multi-AZ');
    }
    return 'Multi-AZ DB instance';
  }
  return String(clusters[0].Properties.Engine).startsWith('aurora') ? 'Aurora' : 'Multi-AZ DB cluster';
}

/** The rows of the recovery-time table, computed from one Region's template and the stage's edge template. */
export function recoveryTimeRows(region: Template, edge: Template): string[] {
  const targetGroup = onlyResource(region, 'AWS::ElasticLoadBalancingV2::TargetGroup').Properties;
  const interval = targetGroup.HealthCheckIntervalSeconds;
  const unhealthy = targetGroup.UnhealthyThresholdCount;
  const healthy = targetGroup.HealthyThresholdCount;
  const group = onlyResource(region, 'AWS::AutoScaling::AutoScalingGroup').Properties;
  const grace = group.HealthCheckGracePeriod;
  const detection = `${interval * unhealthy} s (${unhealthy} failed health checks, ${interval} s apart)`;
  const inService = `${interval * healthy} s (${healthy} passed checks)`;

  const cache = onlyResource(region, 'AWS::ElastiCache::ReplicationGroup').Properties;
  if (cache.AutomaticFailoverEnabled !== true || cache.MultiAZEnabled !== true) {
    throw new Error('the cache has no automatic Multi-AZ failover');
  }

  const distribution = onlyResource(edge, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
  const group0 = distribution.OriginGroups.Items[0];
  const primaryOriginId = group0.Members.Items[0].OriginId;
  const primaryOrigin = distribution.Origins.find((o: any) => o.Id === primaryOriginId);
  const attempts = primaryOrigin.ConnectionAttempts;
  const connectTimeout = primaryOrigin.ConnectionTimeout;
  const statusCodes = group0.FailoverCriteria.StatusCodes.Items.join(', ');

  return [
    '| Failure | Detected by | Detected after | Requests served again | Full capacity again |',
    '| --- | --- | --- | --- | --- |',
    `| one instance fails or dies | the load balancer's health checks | ${detection} | by the other instances as soon as it is detected; until then, the requests sent to it fail | when its replacement has booted and passed ${inService}; the group ignores the load balancer's view of a new instance for its ${grace} s grace period |`,
    `| one zone is impaired | the same checks for its instances; AWS, with zonal autoshift on | ${detection} for its instances | by the other zones as soon as they are detected; a zonal shift (an operator's, or AWS's with zonal autoshift) takes the zone's load balancer node out of DNS and, with cross-zone load balancing, stops the other nodes sending to the zone's instances | the group launches replacements in the other zones; the database and the cache fail over as below when their primary was there |`,
    `| the database writer fails (${databaseDeployment(region)}) | RDS | - | ${DATABASE_FAILOVER[databaseDeployment(region)]} | the same: the endpoint follows the new writer |`,
    '| the cache primary fails | ElastiCache (Multi-AZ, automatic failover) | - | when a replica is promoted and the primary endpoint follows it; no typical time documented ([ElastiCache](https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html)): measure it with the cache failover experiment | when ElastiCache has replaced the failed node |',
    `| the primary Region fails (HighlyAvailableWebAppStage) | CloudFront, on each request | at most ${attempts * connectTimeout} s per request (${attempts} connection attempts, ${connectTimeout} s each), or a ${statusCodes} answer | by the recovery Region's standby, request by request | after the promotion and the edge switch of [disaster recovery](disaster-recovery.md) |`,
  ];
}

function pageTable(): string[] {
  const text = fs.readFileSync(RESILIENCE_PAGE, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`docs/resilience.md has no table between ${START} and ${END}`);
  }
  return text.slice(start + START.length, end).trim().split('\n');
}

function writePageTable(rows: string[]): void {
  const text = fs.readFileSync(RESILIENCE_PAGE, 'utf8');
  const start = text.indexOf(START) + START.length;
  fs.writeFileSync(RESILIENCE_PAGE, `${text.slice(0, start)}\n${rows.join('\n')}\n${text.slice(text.indexOf(END))}`);
}

function stageTemplates(): { region: Template; edge: Template } {
  const app = testApp();
  const stage = new HighlyAvailableWebAppStage(app, 'Prod', { env: { account: TEST_ACCOUNT }, primaryRegion: OTHER_REGION, recoveryRegion: RECOVERY_REGION });
  return { region: Template.fromStack(stage.primaryStack), edge: Template.fromStack(stage.edgeStack) };
}

describe('the recovery times of docs/resilience.md', () => {
  test('match the settings of the synthesized templates', () => {
    const { region, edge } = stageTemplates();
    const expected = recoveryTimeRows(region, edge);
    if (process.env.UPDATE_RECOVERY_TIMES === '1') {
      writePageTable(expected);
    }
    // On a failure, review the difference and run UPDATE_RECOVERY_TIMES=1 npx jest test/docs/recovery-times.test.ts.
    expect(pageTable().join('\n')).toEqual(expected.join('\n'));
  });

  test('the stage builds its Regions like HighlyAvailableWebApp, so the table holds for both', () => {
    const stack = testStack();
    new HighlyAvailableWebApp(stack, 'WebApp');
    const single = Template.fromStack(stack);
    const { region } = stageTemplates();
    const facts = (template: Template) => {
      const targetGroup = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup').Properties;
      const group = onlyResource(template, 'AWS::AutoScaling::AutoScalingGroup').Properties;
      return [
        targetGroup.HealthCheckIntervalSeconds, targetGroup.UnhealthyThresholdCount, targetGroup.HealthyThresholdCount,
        group.HealthCheckGracePeriod, databaseDeployment(template),
      ];
    };
    expect(facts(single)).toEqual(facts(region));
  });

  test.each<[string, HighlyAvailableWebAppProps['database']]>([
    ['Multi-AZ DB instance', undefined],
    ['Multi-AZ DB cluster', { topology: DatabaseTopology.multiAzCluster() }],
    ['Aurora', { topology: DatabaseTopology.aurora() }],
  ])('the database row follows the deployment: %s', (deployment, database) => {
    const stack = testStack();
    new HighlyAvailableWebApp(stack, 'WebApp', { database });
    expect(databaseDeployment(Template.fromStack(stack))).toEqual(deployment);
    // The page lists the failover time of every deployment, for users of the others.
    expect(fs.readFileSync(RESILIENCE_PAGE, 'utf8')).toContain(`| ${deployment} | ${DATABASE_FAILOVER[deployment]} |`);
  });

  test('a changed health check changes the table', () => {
    const { region, edge } = stageTemplates();
    const changed = JSON.parse(JSON.stringify(region.toJSON()));
    const targetGroup = Object.values(changed.Resources).find((r: any) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup') as any;
    targetGroup.Properties.UnhealthyThresholdCount += 1;
    expect(recoveryTimeRows(Template.fromJSON(changed), edge).join('\n')).not.toEqual(pageTable().join('\n'));
  });
});
