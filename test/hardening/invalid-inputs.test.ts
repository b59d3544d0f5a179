import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AppSource } from '../../src/compute/app-source';
import { LoadBalancerExposure } from '../../src/compute/web-app-tier';
import { CacheEngine } from '../../src/data/web-app-cache';
import { DatabaseTopology } from '../../src/data/web-app-database';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src/highly-available-web-app';
import { WebAppConfigurationError } from '../../src/private/validation';
import { OTHER_REGION, TEST_ACCOUNT, testStack } from '../helpers';

/**
 * The catalogue of bad inputs a user can give the headline construct, one per row: what they give, the
 * prop the error must name and the value it must show. Every error is a WebAppConfigurationError thrown
 * while the app is constructed, whose message reads `<path>: invalid <prop> (<value>): <fix>`.
 */
type Case = [description: string, props: (stack: Stack) => HighlyAvailableWebAppProps, prop: string, shown: string];

const zone = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
const withDomain = (stack: Stack, more: HighlyAvailableWebAppProps = {}): HighlyAvailableWebAppProps =>
  ({ domainName: 'www.example.com', hostedZone: zone(stack), ...more });

const CATALOGUE: Case[] = [
  // ---- domain and zone ----
  ['a domain name with a space', (s) => ({ domainName: 'www example.com', hostedZone: zone(s) }), 'domainName', "'www example.com'"],
  ['a domain name without its hosted zone', () => ({ domainName: 'www.example.com' }), 'hostedZone', 'undefined'],
  ['a hosted zone without a domain name', (s) => ({ hostedZone: zone(s) }), 'domainName', 'undefined'],
  ['alternative names without a domain name', () => ({ alternativeDomainNames: ['example.com'] }), 'alternativeDomainNames', '["example.com"]'],
  ['a malformed alternative name', (s) => withDomain(s, { alternativeDomainNames: ['exa_mple.com'] }), 'alternativeDomainNames', "'exa_mple.com'"],
  ['the origin name as an alternative name', (s) => withDomain(s, { alternativeDomainNames: ['origin.www.example.com'] }), 'alternativeDomainNames', '["origin.www.example.com"]'],
  ['a domain outside the hosted zone', (s) => ({ domainName: 'www.example.org', hostedZone: zone(s) }), 'domainNames', ''],
  // ---- network ----
  ['a single Availability Zone', () => ({ network: { maxAzs: 1 } }), 'maxAzs', '1'],
  ['a malformed CIDR', () => ({ network: { cidr: '10.0.0.0' } }), 'cidr', "'10.0.0.0'"],
  ['more NAT gateways than zones', () => ({ network: { maxAzs: 2, natGateways: 3 } }), 'natGateways', '3'],
  ['an existing VPC with public subnets only', (s) => ({
    network: {
      vpc: new ec2.Vpc(s, 'Existing', {
        maxAzs: 2,
        natGateways: 0,
        subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
      }),
    },
  }), 'vpc', ''],
  ['an existing VPC in one zone', (s) => ({ network: { vpc: new ec2.Vpc(s, 'Existing', { maxAzs: 1 }) } }), 'vpc', ''],
  ['new-VPC settings with an existing VPC', (s) => ({ network: { vpc: new ec2.Vpc(s, 'Existing'), cidr: '10.1.0.0/16' } }), 'cidr', "'10.1.0.0/16'"],
  ['data ports without the database port', () => ({ network: { dataPorts: [6379] } }), 'network.dataPorts', '[6379]'],
  ['a privileged data port', () => ({ network: { dataPorts: [22, 5432, 6379] } }), 'dataPorts', ''],
  // ---- application tier ----
  ['a group of one instance', () => ({ appTier: { minCapacity: 1 } }), 'minCapacity', '1'],
  ['a maximum below the minimum', () => ({ appTier: { minCapacity: 4, maxCapacity: 3 } }), 'maxCapacity', '3'],
  ['a privileged app port', () => ({ appTier: { appPort: 80 } }), 'appPort', '80'],
  ['a health check path without a leading slash', () => ({ appTier: { healthCheckPath: 'health' } }), 'healthCheckPath', "'health'"],
  ['an instance type that does not exist', () => ({ appTier: { instanceType: new ec2.InstanceType('t4g.smal') } }), 'instanceType', "'t4g.smal'"],
  ['a CPU target of 95%', () => ({ appTier: { targetCpuUtilization: 95 } }), 'targetCpuUtilization', '95'],
  ['Spot types of another architecture', () => ({ appTier: { spot: { additionalInstanceTypes: [new ec2.InstanceType('m7i.large')] } } }), 'spot.additionalInstanceTypes[0]', "'m7i.large'"],
  ['a warm pool with Spot', () => ({ appTier: { spot: {}, warmPool: {} } }), 'warmPool', "'with spot'"],
  ['a hibernated warm pool', () => ({ appTier: { warmPool: { poolState: autoscaling.PoolState.HIBERNATED } } }), 'warmPool.poolState', "'Hibernated'"],
  ['a scheduled action that changes nothing', () => ({ appTier: { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }) }] } }), 'scheduledScaling[0]', ''],
  ['no commands', () => ({ appTier: { appSource: AppSource.commands([]) } }), 'appSource.commands', '[]'],
  ['a malformed image tag', (s) => ({ appTier: { appSource: AppSource.containerImage({ repository: ecr.Repository.fromRepositoryName(s, 'Repo', 'app'), tag: 'v1 beta' }) } }), 'appSource.tag', "'v1 beta'"],
  ['a listener certificate without a domain', (s) => ({ appTier: { certificate: acm.Certificate.fromCertificateArn(s, 'Cert', `arn:aws:acm:us-east-1:${TEST_ACCOUNT}:certificate/1`) } }), 'appTier.certificate', ''],
  ['an internet-facing load balancer without a domain', () => ({ appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST } }), 'appTier.loadBalancerExposure', "'CLOUDFRONT_PREFIX_LIST'"],
  // ---- edge ----
  ['a rate limit below 10', () => ({ edge: { firewall: { rateLimit: 5 } } }), 'rateLimit', '5'],
  ['a WebACL ARN from another Region', () => ({ edge: { webAclArn: `arn:aws:wafv2:${OTHER_REGION}:${TEST_ACCOUNT}:regional/webacl/a/0123abcd-0123-0123-0123-0123456789ab` } }), 'webAclArn', ''],
  ['both a WebACL ARN and firewall settings', () => ({ edge: { webAclArn: `arn:aws:wafv2:us-east-1:${TEST_ACCOUNT}:global/webacl/a/0123abcd-0123-0123-0123-0123456789ab`, firewall: {} } }), 'firewall', ''],
  ['a viewer certificate from another Region', (s) => withDomain(s, { edge: { certificate: acm.Certificate.fromCertificateArn(s, 'Cert', `arn:aws:acm:${OTHER_REGION}:${TEST_ACCOUNT}:certificate/1`) } }), 'certificate', ''],
  ['the default behaviour\'s path pattern as a static path', () => ({ edge: { staticPathPatterns: ['*'] } }), 'staticPathPatterns', "'*'"],
  // ---- data tier ----
  ['16 read replicas', () => ({ database: { topology: DatabaseTopology.multiAzInstance({ readReplicas: 16 }) } }), 'topology.readReplicas', '16'],
  ['backups kept 40 days', () => ({ database: { backupRetention: Duration.days(40) } }), 'backupRetention', ''],
  ['a database name with a hyphen', () => ({ database: { databaseName: 'my-app' } }), 'databaseName', "'my-app'"],
  ['more maximum storage below the allocated storage', () => ({ database: { allocatedStorage: 100, maxAllocatedStorage: 50 } }), 'maxAllocatedStorage', '50'],
  ['a malformed backup window', () => ({ database: { preferredBackupWindow: '3am' } }), 'preferredBackupWindow', "'3am'"],
  ['a cache node type that does not exist', () => ({ cache: { nodeType: 'cache.t4g.hugest' } }), 'nodeType', "'cache.t4g.hugest'"],
  ['six cache replicas per shard', () => ({ cache: { replicasPerShard: 6 } }), 'replicasPerShard', '6'],
  ['shards without cluster mode', () => ({ cache: { engine: CacheEngine.valkey(), shards: 2, clusterMode: false } }), 'clusterMode', 'false'],
  ['Glacier before Infrequent Access', () => ({ uploads: { infrequentAccessAfter: Duration.days(90), glacierInstantRetrievalAfter: Duration.days(60) } }), 'glacierInstantRetrievalAfter', ''],
  ['a CORS origin without a scheme', () => ({ uploads: { corsAllowedOrigins: ['www.example.com'] } }), 'corsAllowedOrigins', ''],
  // ---- operations ----
  ['an alarm e-mail without a domain', () => ({ monitoring: { alarmEmails: ['ops'] } }), 'alarmEmails[0]', "'ops'"],
  ['a CPU alarm at 120%', () => ({ monitoring: { thresholds: { instanceCpuUtilization: 120 } } }), 'thresholds.instanceCpuUtilization', '120'],
  ['daily backups kept 5 hours', () => ({ backup: { dailyRetention: Duration.hours(5) } }), 'dailyRetention', ''],
  ['a vault lock whose minimum exceeds its maximum', () => ({ backup: { vaultLock: { minRetention: Duration.days(400), maxRetention: Duration.days(30) } } }), 'vaultLock', ''],
  ['a recovery vault in the same Region', (s) => ({ backup: { disasterRecoveryVault: backup.BackupVault.fromBackupVaultArn(s, 'Vault', `arn:aws:backup:us-east-1:${TEST_ACCOUNT}:backup-vault:dr`) } }), 'disasterRecoveryVault', ''],
  ['patches approved after 400 days', () => ({ patching: { approveAfterDays: 400 } }), 'approveAfterDays', '400'],
  ['an install schedule by rate', () => ({ patching: { installSchedule: events.Schedule.rate(Duration.days(7)) } }), 'installSchedule', "'rate(7 days)'"],
  ['patching every instance at once by name', () => ({ patching: { maxConcurrency: 'all' } }), 'maxConcurrency', "'all'"],
  ['a budget of 0 USD', () => ({ costGuardrails: { monthlyBudget: 0 } }), 'monthlyBudget', '0'],
  ['a cost tag in the aws: namespace', () => ({ costGuardrails: { tagKey: 'aws:app' } }), 'tagKey', "'aws:app'"],
  ['trail settings with the trail off', () => ({ auditTrailEnabled: false, auditTrail: {} }), 'auditTrail', "'with auditTrailEnabled false'"],
  ['compliance with nothing turned on', () => ({ compliance: {} }), '', ''],
  ['Config rules settings without the recorder', () => ({ compliance: { guardDuty: true, recordGlobalResources: false } }), 'recordGlobalResources', ''],
  ['log files archived after they expire', () => ({ auditTrail: { glacierInstantRetrievalAfter: Duration.days(400), logFileRetention: Duration.days(365) } }), 'logFileRetention', ''],
  ['a patch schedule every minute', () => ({ patching: { scanSchedule: events.Schedule.rate(Duration.minutes(5)) } }), 'scanSchedule', "'rate(5 minutes)'"],
  ['a monthly backup moved to cold storage too late', () => ({ backup: { monthlyMoveToColdStorageAfter: Duration.days(300), monthlyRetention: Duration.days(365) } }), '', ''],
  ['an install cron that is not a cron', () => ({ patching: { installSchedule: events.Schedule.expression('at(2027-01-01T00:00:00)') } }), 'installSchedule', ''],
  ['a daily backup cron with five fields', () => ({ backup: { dailySchedule: events.Schedule.expression('cron(0 5 * * *)') } }), 'dailySchedule', ''],
  ['a budget alert at 0%', () => ({ costGuardrails: { actualSpendThresholds: [0] } }), 'actualSpendThresholds', ''],
  ['an invalid rotation window', () => ({ cache: { snapshotWindow: 'night' } }), 'snapshotWindow', "'night'"],
  ['a scheduled minimum of one', () => ({ appTier: { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 1 }] } }), 'scheduledScaling[0].minCapacity', '1'],
  // ---- building blocks of the multi-Region stage ----
  ['a pilot light group (no instance) outside a recovery Region', () => ({ appTier: { minCapacity: 0 } }), 'minCapacity', '0'],
  ['edge settings with the edge turned off', () => ({ edgeEnabled: false, edge: { contentSecurityPolicy: "default-src 'self'" } }), 'edge', "'with edgeEnabled false'"],
  ['static assets settings with the edge turned off', () => ({ edgeEnabled: false, staticAssets: {} }), 'staticAssets', "'with edgeEnabled false'"],
  ['replicated credentials of an Aurora cluster', () => ({ database: { topology: DatabaseTopology.aurora(), credentialsReplicaRegions: [{ region: OTHER_REGION }] } }),
    'credentialsReplicaRegions', '["eu-west-1"]'],
  ['replicated credentials of a Multi-AZ DB cluster', () => ({ database: { topology: DatabaseTopology.multiAzCluster(), credentialsReplicaRegions: [{ region: OTHER_REGION }] } }),
    'credentialsReplicaRegions', '["eu-west-1"]'],
  ['an uploads replication latency alarm at 0 seconds', () => ({ monitoring: { thresholds: { uploadsReplicationLatency: Duration.seconds(0) } } }),
    'thresholds.uploadsReplicationLatency', ''],
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('every bad input of HighlyAvailableWebApp gives an error that names the prop, shows the value and says the fix', () => {
  test('the catalogue has at least 40 cases', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CATALOGUE)('%s', (_description, props, prop, shown) => {
    const stack = testStack();
    let error: unknown;
    try {
      new HighlyAvailableWebApp(stack, 'WebApp', props(stack));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebAppConfigurationError);
    const message = (error as Error).message;
    // The path of the construct that rejected it, the prop, the value, then a fix of a few words at least.
    expect(message).toMatch(new RegExp(`^TestStack/WebApp(/[A-Za-z0-9]+)*: invalid ${escape(prop)}`));
    if (shown) {
      expect(message).toContain(`(${shown})`);
    }
    expect(message).toMatch(/\): \S.{15,}$/s);
  });
});
