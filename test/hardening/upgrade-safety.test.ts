import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src/app/highly-available-web-app';
import { AppSource } from '../../src/compute/app-source';
import { AppTierUpdate } from '../../src/compute/app-tier-update';
import { BlueGreenPhase, DatabaseTopology } from '../../src/data/web-app-database';
import { StagingTraffic } from '../../src/edge/edge-distribution';
import { ManagedRuleGroup } from '../../src/edge/web-application-firewall';
import { FULLY_FEATURED } from '../configurations';
import { testApp, testStack } from '../helpers';
import { carelessResources, DELETED_ON_PURPOSE, REPLACING_PROPERTIES, STATEFUL_TYPES, unencryptedStores } from './stateful';

const RECORD_FILE = path.join(__dirname, 'stateful-resources.json');

type Record_ = Record<string, Record<string, string>>;

function synth(props: HighlyAvailableWebAppProps = {}, configure?: (stack: Stack) => HighlyAvailableWebAppProps): Template {
  const stack = testStack(testApp());
  new HighlyAvailableWebApp(stack, 'WebApp', { ...props, ...configure?.(stack) });
  return Template.fromStack(stack);
}

/** Logical ID to type, for every stateful resource of the template. */
function statefulResources(template: Template): Record<string, string> {
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  return Object.fromEntries(Object.entries(resources)
    .filter(([, resource]) => STATEFUL_TYPES.includes(resource.Type))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, resource]) => [id, resource.Type]));
}

const CONFIGURATIONS: Record<string, () => Template> = {
  'default': () => synth(),
  'fully featured': () => synth({}, FULLY_FEATURED),
};

describe('upgrade safety', () => {
  const templates: Record<string, Template> = {};
  beforeAll(() => {
    for (const [name, build] of Object.entries(CONFIGURATIONS)) {
      templates[name] = build();
    }
    if (process.env.UPDATE_STATEFUL_RECORD) {
      const record: Record_ = Object.fromEntries(Object.entries(templates).map(([name, t]) => [name, statefulResources(t)]));
      fs.writeFileSync(RECORD_FILE, JSON.stringify(record, undefined, 2) + '\n');
    }
  });

  describe.each(Object.keys(CONFIGURATIONS))('the %s stack', (name) => {
    test('keeps the logical ID and type of every stateful resource on record', () => {
      const recorded = (JSON.parse(fs.readFileSync(RECORD_FILE, 'utf8')) as Record_)[name];
      const now = statefulResources(templates[name]);
      const lost = Object.entries(recorded)
        .filter(([id, type]) => now[id] !== type)
        .map(([id, type]) => `${id} (${type}) is gone or renamed: CloudFormation would delete it and create another, losing its data; `
          + 'keep the construct ids on its path');
      expect(lost).toEqual([]);
    });

    test('encrypts every store at rest and keeps every stateful resource', () => {
      expect(unencryptedStores(templates[name])).toEqual([]);
      expect(carelessResources(templates[name])).toEqual([]);
    });

    test('has every stateful resource on record (UPDATE_STATEFUL_RECORD=1 npx jest test/hardening adds new ones)', () => {
      const recorded = (JSON.parse(fs.readFileSync(RECORD_FILE, 'utf8')) as Record_)[name];
      const unrecorded = Object.entries(statefulResources(templates[name])).filter(([id]) => !(id in recorded)).map(([id, type]) => `${id} (${type})`);
      expect(unrecorded).toEqual([]);
    });
  });

  describe('deletion and replacement policies of the fully featured stack', () => {
    test('every stateful resource is retained or snapshotted, but for the listed exceptions', () => {
      expect(carelessResources(templates['fully featured'])).toEqual([]);
    });

    test('the exceptions exist, so that the list stays true', () => {
      const ids = Object.keys(templates['fully featured'].toJSON().Resources);
      for (const pattern of Object.keys(DELETED_ON_PURPOSE)) {
        expect(ids.filter((id) => new RegExp(pattern).test(id))).toHaveLength(1);
      }
    });
  });
});

/**
 * The changes users make after launch. Each must leave every stateful resource in place: same logical ID,
 * same values of the properties whose change would replace it. The README's "Safe changes after launch"
 * table lists the same changes.
 */
export const SAFE_CHANGES: Array<[string, HighlyAvailableWebAppProps]> = [
  ['a bigger or smaller instance type of the app tier', { appTier: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE) } }],
  ['more or fewer instances (minCapacity, maxCapacity)', { appTier: { minCapacity: 4, maxCapacity: 12 } }],
  ['scaling targets and schedules', { appTier: { targetCpuUtilization: 40, targetRequestsPerMinute: 500, predictiveScaling: true } }],
  ['a bigger database instance class', { database: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE) } }],
  ['more read replicas', { database: { topology: DatabaseTopology.multiAzInstance({ readReplicas: 3 }) } }],
  ['more database storage', { database: { allocatedStorage: 200, maxAllocatedStorage: 1000 } }],
  ['longer database backups', { database: { backupRetention: Duration.days(30) } }],
  ['a bigger cache node type', { cache: { nodeType: 'cache.r7g.large' } }],
  ['alarm thresholds and e-mails', { monitoring: { alarmEmails: ['ops@example.com'], thresholds: { instanceCpuUtilization: 70, databaseFreeableMemory: Size.gibibytes(1) } } }],
  ['backup retention', { backup: { dailyRetention: Duration.days(14), monthlyRetention: Duration.days(730) } }],
  ['log retention', { appTier: { logRetention: logs.RetentionDays.TWO_YEARS }, network: { flowLogRetention: logs.RetentionDays.TWO_YEARS } }],
  ['the budget', { costGuardrails: { monthlyBudget: 2500, emailAddresses: ['finops@example.com'] } }],
  ['a warm pool', { appTier: { warmPool: { minSize: 1 } } }],
  ['a new app version (image tag, commands, asset)', { appTier: { appSource: AppSource.commands(['dnf install -y nginx', 'systemctl enable --now nginx']) } }],
  ['the app tier\'s update strategy', {
    appTier: { updateStrategy: AppTierUpdate.instanceRefresh({ bakeTime: Duration.minutes(30), checkpointPercentages: [50, 100] }) },
  }],
  ['a staged CloudFront change (edge.staging)', { edge: { staging: { traffic: StagingTraffic.header('aws-cf-cd-staging', 'true') } } }],
  ['a WAF rule in count mode first', {
    edge: { firewall: { ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }] } },
  }],
  ['a database engine upgrade through a blue/green deployment (database.blueGreenUpgrade)', {
    database: { blueGreenUpgrade: { targetEngineVersion: '17.6', phase: BlueGreenPhase.PREPARE } },
  }],
];

describe('safe changes after launch keep every stateful resource in place', () => {
  let before: Template;
  beforeAll(() => {
    before = synth();
  });

  test.each(SAFE_CHANGES)('%s', (_description, props) => {
    const after = synth(props);
    const beforeResources = before.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    const afterResources = after.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    const replaced: string[] = [];
    for (const [id, resource] of Object.entries(beforeResources)) {
      if (!STATEFUL_TYPES.includes(resource.Type)) {
        continue;
      }
      const now = afterResources[id];
      if (!now) {
        replaced.push(`${id} (${resource.Type}) is gone`);
        continue;
      }
      for (const property of REPLACING_PROPERTIES[resource.Type] ?? []) {
        if (JSON.stringify(resource.Properties?.[property]) !== JSON.stringify(now.Properties?.[property])) {
          replaced.push(`${id} (${resource.Type}) changes ${property}, which replaces it`);
        }
      }
    }
    expect(replaced).toEqual([]);
  });

  test('the README lists exactly these changes as safe', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.split('## Safe changes after launch')[1]?.split('\n## ')[0] ?? '';
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| change') && !line.startsWith('|---'))
      .map((line) => line.split('|')[1].trim());
    expect(rows).toEqual(SAFE_CHANGES.map(([description]) => description));
  });
});
