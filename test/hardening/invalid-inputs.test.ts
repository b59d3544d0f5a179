import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
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
  ['a domain outside the hosted zone', (s) => ({ domainName: 'www.example.org', hostedZone: zone(s) }), 'domainName', "'www.example.org'"],
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
  // ---- what AWS would reject (issue 20) ----
  ['a domain name with a trailing dot', (s) => ({ domainName: 'www.example.com.', hostedZone: zone(s) }), 'domainName', "'www.example.com.'"],
  ['an alternative name outside the hosted zone', (s) => withDomain(s, { alternativeDomainNames: ['example.org'] }), 'alternativeDomainNames', "'example.org'"],
  ['the domain name again as an alternative name, in capitals', (s) => withDomain(s, { alternativeDomainNames: ['WWW.example.com'] }), 'alternativeDomainNames', '["www.example.com"]'],
  ['a VPC CIDR with host bits set', () => ({ network: { cidr: '10.0.0.1/16' } }), 'cidr', "'10.0.0.1/16'"],
  ['a VPC CIDR too small for the subnets', () => ({ network: { cidr: '10.0.0.0/24' } }), 'cidr', "'10.0.0.0/24'"],
  ['more NAT gateways than the Region has zones', () => ({ network: { maxAzs: 4, natGateways: 4 } }), 'natGateways', '4'],
  ['flow logs kept 42 days', () => ({ network: { flowLogRetention: 42 as logs.RetentionDays } }), 'flowLogRetention', '42'],
  ['a privileged cache port', () => ({ cache: { port: 80 } }), 'cache.port', '80'],
  ['app logs kept 42 days', () => ({ appTier: { logRetention: 42 as logs.RetentionDays } }), 'appTier.logRetention', '42'],
  ['database logs kept 42 days', () => ({ database: { cloudwatchLogsRetention: 42 as logs.RetentionDays } }), 'database.cloudwatchLogsRetention', '42'],
  ['cache logs kept 42 days', () => ({ cache: { logRetention: 42 as logs.RetentionDays } }), 'cache.logRetention', '42'],
  ['WAF logs kept 42 days', () => ({ edge: { firewall: { logRetention: 42 as logs.RetentionDays } } }), 'logRetention', '42'],
  ['trail logs kept 42 days', () => ({ auditTrail: { cloudWatchLogsRetention: 42 as logs.RetentionDays } }), 'cloudWatchLogsRetention', '42'],
  ['a Content-Security-Policy over CloudFront\'s limit', () => ({ edge: { contentSecurityPolicy: `default-src 'self' ${'https://a.example.com '.repeat(90)}` } }),
    'contentSecurityPolicy', "'1999 characters'"],
  ['a Content-Security-Policy on two lines', () => ({ edge: { contentSecurityPolicy: "default-src 'self';\nimg-src *" } }), 'contentSecurityPolicy', ''],
  ['a custom error response for 200', () => ({ edge: { errorResponses: [{ httpStatus: 200, responsePagePath: '/index.html' }] } }), 'errorResponses[0].httpStatus', '200'],
  ['a replacement status code without a page', () => ({ edge: { errorResponses: [{ httpStatus: 404, responseHttpStatus: 200 }] } }), 'errorResponses[0].responseHttpStatus', '200'],
  ['a static path pattern of 300 characters', () => ({ edge: { staticPathPatterns: [`/${'a'.repeat(297)}/*`] } }), 'staticPathPatterns', ''],
  ['a daily backup cron without ?', () => ({ backup: { dailySchedule: events.Schedule.expression('cron(0 5 * * * *)') } }), 'dailySchedule', "'cron(0 5 * * * *)'"],
  ['a monthly backup cron with two days', () => ({ backup: { monthlySchedule: events.Schedule.expression('cron(0 5 1 * MON *)') } }), 'monthlySchedule', "'cron(0 5 1 * MON *)'"],
  ['a daily backup at hour 24', () => ({ backup: { dailySchedule: events.Schedule.expression('cron(0 24 * * ? *)') } }), 'dailySchedule', "'cron(0 24 * * ? *)'"],
  ['backups every 15 minutes', () => ({ backup: { dailySchedule: events.Schedule.cron({ minute: '0/15' }) } }), 'dailySchedule', "'cron(0/15 * * * ? *)'"],
  // ---- wrong JavaScript types (what jsii's other languages stop, and JavaScript does not) ----
  ['a number as the domain name', (s) => ({ domainName: 42 as any, hostedZone: zone(s) }), 'domainName', '42'],
  ['a zone name where the hosted zone goes', () => ({ domainName: 'www.example.com', hostedZone: 'example.com' as any }), 'hostedZone', "'example.com'"],
  ['one alternative name as a string', (s) => withDomain(s, { alternativeDomainNames: 'example.com' as any }), 'alternativeDomainNames', "'example.com'"],
  ['a string where the network settings go', () => ({ network: 'default' as any }), 'network', "'default'"],
  ['one data port as a number', () => ({ network: { dataPorts: 5432 as any } }), 'network.dataPorts', '5432'],
  ['a string as the number of zones', () => ({ network: { maxAzs: '3' as any } }), 'maxAzs', "'3'"],
  ['the sample app by name', () => ({ appTier: { appSource: 'sample' as any } }), 'appTier.appSource', "'sample'"],
  ['a string as the load balancer exposure', () => ({ appTier: { loadBalancerExposure: 'internal' as any } }), 'appTier.loadBalancerExposure', "'internal'"],
  ['the database engine by name', () => ({ database: { engine: 'postgres' as any } }), 'database.engine', "'postgres'"],
  ['the cache port as a string', () => ({ cache: { port: '6379' as any } }), 'cache.port', "'6379'"],
  ['one path pattern as a string', () => ({ edge: { staticPathPatterns: '/static/*' as any } }), 'staticPathPatterns', "'/static/*'"],
  ['a string where the edge settings go', () => ({ edge: 'cloudfront' as any }), 'edge', "'cloudfront'"],
  ['a status code as a string', () => ({ edge: { errorResponses: [{ httpStatus: '404' as any, ttl: Duration.seconds(10) }] } }), 'errorResponses[0].httpStatus', "'404'"],
  ['one alarm e-mail as a string', () => ({ monitoring: { alarmEmails: 'a@b.c' as any } }), 'alarmEmails', "'a@b.c'"],
  ['a CPU threshold as a string', () => ({ monitoring: { thresholds: { instanceCpuUtilization: '85' as any } } }), 'thresholds.instanceCpuUtilization', "'85'"],
  ['daily backups kept 35 (a number of days)', () => ({ backup: { dailyRetention: 35 as any } }), 'dailyRetention', '35'],
  ['a backup cron as a string', () => ({ backup: { dailySchedule: 'cron(0 5 * * ? *)' as any } }), 'dailySchedule', "'cron(0 5 * * ? *)'"],
  ['the budget as a string', () => ({ costGuardrails: { monthlyBudget: '750' as any } }), 'monthlyBudget', "'750'"],
  ['one budget e-mail as a string', () => ({ costGuardrails: { emailAddresses: 'finops@example.com' as any } }), 'emailAddresses', "'finops@example.com'"],
  ['the trail switch as a string', () => ({ auditTrailEnabled: 'no' as any }), 'auditTrailEnabled', "'no'"],
  ['true where the compliance settings go', () => ({ compliance: true as any }), 'compliance', 'true'],
  ['the Config recorder switch as a string', () => ({ compliance: { configRecorder: 'yes' as any } }), 'configRecorder', "'yes'"],
  ['a key ARN where the key goes', () => ({ encryptionKey: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/1` as any }), 'encryptionKey', `'arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/1'`],
  ['a string where the static assets settings go', () => ({ staticAssets: './site' as any }), 'staticAssets', "'./site'"],
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
