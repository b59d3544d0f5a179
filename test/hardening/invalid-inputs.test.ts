import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AppSource } from '../../src/compute/app-source';
import { LoadBalancerExposure } from '../../src/compute/web-app-tier';
import { CacheEngine } from '../../src/data/web-app-cache';
import { DatabaseEngine, DatabaseTopology, WebAppDatabase } from '../../src/data/web-app-database';
import { ManagedRuleGroup } from '../../src/edge/web-application-firewall';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src/highly-available-web-app';
import { WebAppNetwork } from '../../src/network/web-app-network';
import { AnomalyAlertFrequency, AnomalyDetection } from '../../src/operations/cost-guardrails';
import { WebAppConfigurationError } from '../../src/private/validation';
import { HighlyAvailableWebAppStage, HighlyAvailableWebAppStageRecoveryOptions } from '../../src/stage/highly-available-web-app-stage';
import { OTHER_REGION, RECOVERY_REGION, TEST_ACCOUNT, TEST_AZS, testApp, testStack } from '../helpers';

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
  ['a single Availability Zone', () => ({ network: { maxAzs: 1 } }), 'network.maxAzs', '1'],
  ['a malformed CIDR', () => ({ network: { cidr: '10.0.0.0' } }), 'network.cidr', "'10.0.0.0'"],
  ['more NAT gateways than zones', () => ({ network: { maxAzs: 2, natGateways: 3 } }), 'network.natGateways', '3'],
  ['an existing VPC with public subnets only', (s) => ({
    network: {
      vpc: new ec2.Vpc(s, 'Existing', {
        maxAzs: 2,
        natGateways: 0,
        subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
      }),
    },
  }), 'network.vpc', ''],
  ['an existing VPC in one zone', (s) => ({ network: { vpc: new ec2.Vpc(s, 'Existing', { maxAzs: 1 }) } }), 'network.vpc', ''],
  ['new-VPC settings with an existing VPC', (s) => ({ network: { vpc: new ec2.Vpc(s, 'Existing'), cidr: '10.1.0.0/16' } }), 'network.cidr', "'10.1.0.0/16'"],
  ['data ports without the database port', () => ({ network: { dataPorts: [6379] } }), 'network.dataPorts', '[6379]'],
  ['a privileged data port', () => ({ network: { dataPorts: [22, 5432, 6379] } }), 'network.dataPorts', ''],
  // ---- application tier ----
  ['a group of one instance', () => ({ appTier: { minCapacity: 1 } }), 'appTier.minCapacity', '1'],
  ['a maximum below the minimum', () => ({ appTier: { minCapacity: 4, maxCapacity: 3 } }), 'appTier.maxCapacity', '3'],
  ['a privileged app port', () => ({ appTier: { appPort: 80 } }), 'appTier.appPort', '80'],
  ['a health check path without a leading slash', () => ({ appTier: { healthCheckPath: 'health' } }), 'appTier.healthCheckPath', "'health'"],
  ['an instance type that does not exist', () => ({ appTier: { instanceType: new ec2.InstanceType('t4g.smal') } }), 'appTier.instanceType', "'t4g.smal'"],
  ['a CPU target of 95%', () => ({ appTier: { targetCpuUtilization: 95 } }), 'appTier.targetCpuUtilization', '95'],
  ['Spot types of another architecture', () => ({ appTier: { spot: { additionalInstanceTypes: [new ec2.InstanceType('m7i.large')] } } }), 'appTier.spot.additionalInstanceTypes[0]', "'m7i.large'"],
  ['a warm pool with Spot', () => ({ appTier: { spot: {}, warmPool: {} } }), 'appTier.warmPool', "'with spot'"],
  ['a hibernated warm pool', () => ({ appTier: { warmPool: { poolState: autoscaling.PoolState.HIBERNATED } } }), 'appTier.warmPool.poolState', "'Hibernated'"],
  ['a scheduled action that changes nothing', () => ({ appTier: { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }) }] } }), 'appTier.scheduledScaling[0]', ''],
  ['no commands', () => ({ appTier: { appSource: AppSource.commands([]) } }), 'appTier.appSource.commands', '[]'],
  ['a malformed image tag', (s) => ({ appTier: { appSource: AppSource.containerImage({ repository: ecr.Repository.fromRepositoryName(s, 'Repo', 'app'), tag: 'v1 beta' }) } }), 'appTier.appSource.tag', "'v1 beta'"],
  ['a listener certificate without a domain', (s) => ({ appTier: { certificate: acm.Certificate.fromCertificateArn(s, 'Cert', `arn:aws:acm:us-east-1:${TEST_ACCOUNT}:certificate/1`) } }), 'appTier.certificate', ''],
  ['an internet-facing load balancer without a domain', () => ({ appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST } }), 'appTier.loadBalancerExposure', "'CLOUDFRONT_PREFIX_LIST'"],
  // ---- edge ----
  ['a rate limit below 10', () => ({ edge: { firewall: { rateLimit: 5 } } }), 'edge.firewall.rateLimit', '5'],
  ['a WebACL ARN from another Region', () => ({ edge: { webAclArn: `arn:aws:wafv2:${OTHER_REGION}:${TEST_ACCOUNT}:regional/webacl/a/0123abcd-0123-0123-0123-0123456789ab` } }), 'edge.webAclArn', ''],
  ['both a WebACL ARN and firewall settings', () => ({ edge: { webAclArn: `arn:aws:wafv2:us-east-1:${TEST_ACCOUNT}:global/webacl/a/0123abcd-0123-0123-0123-0123456789ab`, firewall: {} } }), 'edge.firewall', ''],
  ['a viewer certificate from another Region', (s) => withDomain(s, { edge: { certificate: acm.Certificate.fromCertificateArn(s, 'Cert', `arn:aws:acm:${OTHER_REGION}:${TEST_ACCOUNT}:certificate/1`) } }), 'edge.certificate', ''],
  ['the default behaviour\'s path pattern as a static path', () => ({ edge: { staticPathPatterns: ['*'] } }), 'edge.staticPathPatterns', "'*'"],
  // ---- data tier ----
  ['16 read replicas', () => ({ database: { topology: DatabaseTopology.multiAzInstance({ readReplicas: 16 }) } }), 'database.topology.readReplicas', '16'],
  ['backups kept 40 days', () => ({ database: { backupRetention: Duration.days(40) } }), 'database.backupRetention', ''],
  ['a database name with a hyphen', () => ({ database: { databaseName: 'my-app' } }), 'database.databaseName', "'my-app'"],
  ['more maximum storage below the allocated storage', () => ({ database: { allocatedStorage: 100, maxAllocatedStorage: 50 } }), 'database.maxAllocatedStorage', '50'],
  ['a malformed backup window', () => ({ database: { preferredBackupWindow: '3am' } }), 'database.preferredBackupWindow', "'3am'"],
  ['a cache node type that does not exist', () => ({ cache: { nodeType: 'cache.t4g.hugest' } }), 'cache.nodeType', "'cache.t4g.hugest'"],
  ['six cache replicas per shard', () => ({ cache: { replicasPerShard: 6 } }), 'cache.replicasPerShard', '6'],
  ['shards without cluster mode', () => ({ cache: { engine: CacheEngine.valkey(), shards: 2, clusterMode: false } }), 'cache.clusterMode', 'false'],
  ['Glacier before Infrequent Access', () => ({ uploads: { infrequentAccessAfter: Duration.days(90), glacierInstantRetrievalAfter: Duration.days(60) } }), 'uploads.glacierInstantRetrievalAfter', ''],
  ['a CORS origin without a scheme', () => ({ uploads: { corsAllowedOrigins: ['www.example.com'] } }), 'uploads.corsAllowedOrigins', ''],
  // ---- operations ----
  ['an alarm e-mail without a domain', () => ({ monitoring: { alarmEmails: ['ops'] } }), 'monitoring.alarmEmails[0]', "'ops'"],
  ['a CPU alarm at 120%', () => ({ monitoring: { thresholds: { instanceCpuUtilization: 120 } } }), 'monitoring.thresholds.instanceCpuUtilization', '120'],
  ['daily backups kept 5 hours', () => ({ backup: { dailyRetention: Duration.hours(5) } }), 'backup.dailyRetention', ''],
  ['a vault lock whose minimum exceeds its maximum', () => ({ backup: { vaultLock: { minRetention: Duration.days(400), maxRetention: Duration.days(30) } } }), 'backup.vaultLock.maxRetention', ''],
  ['a recovery vault in the same Region', (s) => ({ backup: { disasterRecoveryVault: backup.BackupVault.fromBackupVaultArn(s, 'Vault', `arn:aws:backup:us-east-1:${TEST_ACCOUNT}:backup-vault:dr`) } }), 'backup.disasterRecoveryVault', ''],
  ['patches approved after 400 days', () => ({ patching: { approveAfterDays: 400 } }), 'patching.approveAfterDays', '400'],
  ['an install schedule by rate', () => ({ patching: { installSchedule: events.Schedule.rate(Duration.days(7)) } }), 'patching.installSchedule', "'rate(7 days)'"],
  ['patching every instance at once by name', () => ({ patching: { maxConcurrency: 'all' } }), 'patching.maxConcurrency', "'all'"],
  ['a budget of 0 USD', () => ({ costGuardrails: { monthlyBudget: 0 } }), 'costGuardrails.monthlyBudget', '0'],
  ['a cost tag in the aws: namespace', () => ({ costGuardrails: { tagKey: 'aws:app' } }), 'costGuardrails.tagKey', "'aws:app'"],
  ['trail settings with the trail off', () => ({ auditTrailEnabled: false, auditTrail: {} }), 'auditTrail', "'with auditTrailEnabled false'"],
  ['compliance with nothing turned on', () => ({ compliance: {} }), 'configRecorder, configRules, securityHub, guardDuty and inspector', ''],
  ['Config rules settings without the recorder', () => ({ compliance: { guardDuty: true, recordGlobalResources: false } }), 'compliance.recordGlobalResources', ''],
  ['log files archived after they expire', () => ({ auditTrail: { glacierInstantRetrievalAfter: Duration.days(400), logFileRetention: Duration.days(365) } }), 'auditTrail.logFileRetention', ''],
  ['a patch schedule every minute', () => ({ patching: { scanSchedule: events.Schedule.rate(Duration.minutes(5)) } }), 'patching.scanSchedule', "'rate(5 minutes)'"],
  ['a monthly backup moved to cold storage too late', () => ({ backup: { monthlyMoveToColdStorageAfter: Duration.days(300), monthlyRetention: Duration.days(365) } }), 'backup.monthlyRetention', ''],
  ['an install cron that is not a cron', () => ({ patching: { installSchedule: events.Schedule.expression('at(2027-01-01T00:00:00)') } }), 'patching.installSchedule', ''],
  ['a daily backup cron with five fields', () => ({ backup: { dailySchedule: events.Schedule.expression('cron(0 5 * * *)') } }), 'backup.dailySchedule', ''],
  ['a budget alert at 0%', () => ({ costGuardrails: { actualSpendThresholds: [0] } }), 'costGuardrails.actualSpendThresholds[0]', ''],
  ['an invalid rotation window', () => ({ cache: { snapshotWindow: 'night' } }), 'cache.snapshotWindow', "'night'"],
  ['a scheduled minimum of one', () => ({ appTier: { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 1 }] } }), 'appTier.scheduledScaling[0].minCapacity', '1'],
  // ---- building blocks of the multi-Region stage ----
  ['a pilot light group (no instance) outside a recovery Region', () => ({ appTier: { minCapacity: 0 } }), 'appTier.minCapacity', '0'],
  ['edge settings with the edge turned off', () => ({ edgeEnabled: false, edge: { contentSecurityPolicy: "default-src 'self'" } }), 'edge', "'with edgeEnabled false'"],
  ['static assets settings with the edge turned off', () => ({ edgeEnabled: false, staticAssets: {} }), 'staticAssets', "'with edgeEnabled false'"],
  ['replicated credentials of an Aurora cluster', () => ({ database: { topology: DatabaseTopology.aurora(), credentialsReplicaRegions: [{ region: OTHER_REGION }] } }),
    'database.credentialsReplicaRegions', '["eu-west-1"]'],
  ['replicated credentials of a Multi-AZ DB cluster', () => ({ database: { topology: DatabaseTopology.multiAzCluster(), credentialsReplicaRegions: [{ region: OTHER_REGION }] } }),
    'database.credentialsReplicaRegions', '["eu-west-1"]'],
  ['an uploads replication latency alarm at 0 seconds', () => ({ monitoring: { thresholds: { uploadsReplicationLatency: Duration.seconds(0) } } }),
    'monitoring.thresholds.uploadsReplicationLatency', ''],
  // ---- what AWS would reject (issue 20) ----
  ['a domain name with a trailing dot', (s) => ({ domainName: 'www.example.com.', hostedZone: zone(s) }), 'domainName', "'www.example.com.'"],
  ['an alternative name outside the hosted zone', (s) => withDomain(s, { alternativeDomainNames: ['example.org'] }), 'alternativeDomainNames', "'example.org'"],
  ['the domain name again as an alternative name, in capitals', (s) => withDomain(s, { alternativeDomainNames: ['WWW.example.com'] }), 'alternativeDomainNames', '["www.example.com"]'],
  ['a VPC CIDR with host bits set', () => ({ network: { cidr: '10.0.0.1/16' } }), 'network.cidr', "'10.0.0.1/16'"],
  ['a VPC CIDR too small for the subnets', () => ({ network: { cidr: '10.0.0.0/24' } }), 'network.cidr', "'10.0.0.0/24'"],
  ['more NAT gateways than the Region has zones', () => ({ network: { maxAzs: 4, natGateways: 4 } }), 'network.natGateways', '4'],
  ['flow logs kept 42 days', () => ({ network: { flowLogRetention: 42 as logs.RetentionDays } }), 'network.flowLogRetention', '42'],
  ['a privileged cache port', () => ({ cache: { port: 80 } }), 'cache.port', '80'],
  ['app logs kept 42 days', () => ({ appTier: { logRetention: 42 as logs.RetentionDays } }), 'appTier.logRetention', '42'],
  ['database logs kept 42 days', () => ({ database: { cloudwatchLogsRetention: 42 as logs.RetentionDays } }), 'database.cloudwatchLogsRetention', '42'],
  ['cache logs kept 42 days', () => ({ cache: { logRetention: 42 as logs.RetentionDays } }), 'cache.logRetention', '42'],
  ['WAF logs kept 42 days', () => ({ edge: { firewall: { logRetention: 42 as logs.RetentionDays } } }), 'edge.firewall.logRetention', '42'],
  ['trail logs kept 42 days', () => ({ auditTrail: { cloudWatchLogsRetention: 42 as logs.RetentionDays } }), 'auditTrail.cloudWatchLogsRetention', '42'],
  ['a Content-Security-Policy over CloudFront\'s limit', () => ({ edge: { contentSecurityPolicy: `default-src 'self' ${'https://a.example.com '.repeat(90)}` } }),
    'edge.contentSecurityPolicy', "'1999 characters'"],
  ['a Content-Security-Policy on two lines', () => ({ edge: { contentSecurityPolicy: "default-src 'self';\nimg-src *" } }), 'edge.contentSecurityPolicy', ''],
  ['a custom error response for 200', () => ({ edge: { errorResponses: [{ httpStatus: 200, responsePagePath: '/index.html' }] } }), 'edge.errorResponses[0].httpStatus', '200'],
  ['a replacement status code without a page', () => ({ edge: { errorResponses: [{ httpStatus: 404, responseHttpStatus: 200 }] } }), 'edge.errorResponses[0].responseHttpStatus', '200'],
  ['a static path pattern of 300 characters', () => ({ edge: { staticPathPatterns: [`/${'a'.repeat(297)}/*`] } }), 'edge.staticPathPatterns', ''],
  ['a daily backup cron without ?', () => ({ backup: { dailySchedule: events.Schedule.expression('cron(0 5 * * * *)') } }), 'backup.dailySchedule', "'cron(0 5 * * * *)'"],
  ['a monthly backup cron with two days', () => ({ backup: { monthlySchedule: events.Schedule.expression('cron(0 5 1 * MON *)') } }), 'backup.monthlySchedule', "'cron(0 5 1 * MON *)'"],
  ['a daily backup at hour 24', () => ({ backup: { dailySchedule: events.Schedule.expression('cron(0 24 * * ? *)') } }), 'backup.dailySchedule', "'cron(0 24 * * ? *)'"],
  ['backups every 15 minutes', () => ({ backup: { dailySchedule: events.Schedule.cron({ minute: '0/15' }) } }), 'backup.dailySchedule', "'cron(0/15 * * * ? *)'"],
  // ---- wrong JavaScript types (what jsii's other languages stop, and JavaScript does not) ----
  ['a number as the domain name', (s) => ({ domainName: 42 as any, hostedZone: zone(s) }), 'domainName', '42'],
  ['a zone name where the hosted zone goes', () => ({ domainName: 'www.example.com', hostedZone: 'example.com' as any }), 'hostedZone', "'example.com'"],
  ['one alternative name as a string', (s) => withDomain(s, { alternativeDomainNames: 'example.com' as any }), 'alternativeDomainNames', "'example.com'"],
  ['a string where the network settings go', () => ({ network: 'default' as any }), 'network', "'default'"],
  ['one data port as a number', () => ({ network: { dataPorts: 5432 as any } }), 'network.dataPorts', '5432'],
  ['a string as the number of zones', () => ({ network: { maxAzs: '3' as any } }), 'network.maxAzs', "'3'"],
  ['the sample app by name', () => ({ appTier: { appSource: 'sample' as any } }), 'appTier.appSource', "'sample'"],
  ['a string as the load balancer exposure', () => ({ appTier: { loadBalancerExposure: 'internal' as any } }), 'appTier.loadBalancerExposure', "'internal'"],
  ['the database engine by name', () => ({ database: { engine: 'postgres' as any } }), 'database.engine', "'postgres'"],
  ['the cache port as a string', () => ({ cache: { port: '6379' as any } }), 'cache.port', "'6379'"],
  ['one path pattern as a string', () => ({ edge: { staticPathPatterns: '/static/*' as any } }), 'edge.staticPathPatterns', "'/static/*'"],
  ['a string where the edge settings go', () => ({ edge: 'cloudfront' as any }), 'edge', "'cloudfront'"],
  ['a status code as a string', () => ({ edge: { errorResponses: [{ httpStatus: '404' as any, ttl: Duration.seconds(10) }] } }), 'edge.errorResponses[0].httpStatus', "'404'"],
  ['one alarm e-mail as a string', () => ({ monitoring: { alarmEmails: 'a@b.c' as any } }), 'monitoring.alarmEmails', "'a@b.c'"],
  ['a CPU threshold as a string', () => ({ monitoring: { thresholds: { instanceCpuUtilization: '85' as any } } }), 'monitoring.thresholds.instanceCpuUtilization', "'85'"],
  ['daily backups kept 35 (a number of days)', () => ({ backup: { dailyRetention: 35 as any } }), 'backup.dailyRetention', '35'],
  ['a backup cron as a string', () => ({ backup: { dailySchedule: 'cron(0 5 * * ? *)' as any } }), 'backup.dailySchedule', "'cron(0 5 * * ? *)'"],
  ['the budget as a string', () => ({ costGuardrails: { monthlyBudget: '750' as any } }), 'costGuardrails.monthlyBudget', "'750'"],
  ['one budget e-mail as a string', () => ({ costGuardrails: { emailAddresses: 'finops@example.com' as any } }), 'costGuardrails.emailAddresses', "'finops@example.com'"],
  ['the trail switch as a string', () => ({ auditTrailEnabled: 'no' as any }), 'auditTrailEnabled', "'no'"],
  ['true where the compliance settings go', () => ({ compliance: true as any }), 'compliance', 'true'],
  ['the Config recorder switch as a string', () => ({ compliance: { configRecorder: 'yes' as any } }), 'compliance.configRecorder', "'yes'"],
  ['a key ARN where the key goes', () => ({ encryptionKey: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/1` as any }), 'encryptionKey', `'arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/1'`],
  ['a string where the static assets settings go', () => ({ staticAssets: './site' as any }), 'staticAssets', "'./site'"],
  // ---- every other refusal a user can reach through the props of the app (issue 20, complete) ----
  ['a wildcard domain name', (s) => ({ domainName: '*.example.com', hostedZone: zone(s) }), 'domainName', "'*.example.com'"],
  ['data ports with an existing VPC', (s) => ({ network: { dataPorts: [5432], vpc: ec2.Vpc.fromVpcAttributes(s, 'Existing', { vpcId: 'vpc-1', availabilityZones: TEST_AZS, privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'] }) } }),
    'network.dataPorts', '[5432]'],
  ['eleven data ports', () => ({ network: { dataPorts: [5432, 6379, 2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008] } }), 'network.dataPorts', ''],
  ['a data port twice', () => ({ network: { dataPorts: [5432, 6379, 6379] } }), 'network.dataPorts', '[5432,6379,6379]'],
  ['a health check path of 1,100 characters', () => ({ appTier: { healthCheckPath: `/${'a'.repeat(1100)}` } }), 'appTier.healthCheckPath', ''],
  ['more On-Demand base capacity than the maximum', () => ({ appTier: { maxCapacity: 4, spot: { onDemandBaseCapacity: 5 } } }), 'appTier.spot.onDemandBaseCapacity', '5'],
  ['an On-Demand share of 120%', () => ({ appTier: { spot: { onDemandPercentageAboveBase: 120 } } }), 'appTier.spot.onDemandPercentageAboveBase', '120'],
  ['40 more Spot types', () => ({ appTier: { spot: { additionalInstanceTypes: Array.from({ length: 40 }, () => new ec2.InstanceType('m7g.large')) } } }), 'appTier.spot.additionalInstanceTypes', ''],
  ['a Spot type that does not exist', () => ({ appTier: { spot: { additionalInstanceTypes: [new ec2.InstanceType('m7g.hugest')] } } }), 'appTier.spot.additionalInstanceTypes[0]', "'m7g.hugest'"],
  ['a scheduled maximum below its minimum', () => ({ appTier: { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 5, maxCapacity: 4 }] } }), 'appTier.scheduledScaling[0].maxCapacity', '4'],
  ['a warm pool prepared below the minimum', () => ({ appTier: { minCapacity: 4, warmPool: { maxGroupPreparedCapacity: 3 } } }), 'appTier.warmPool.maxGroupPreparedCapacity', '3'],
  ['a warm pool of -1', () => ({ appTier: { warmPool: { minSize: -1 } } }), 'appTier.warmPool.minSize', '-1'],
  ['a requests-per-minute target of 0', () => ({ appTier: { targetRequestsPerMinute: 0 } }), 'appTier.targetRequestsPerMinute', '0'],
  ['an environment variable with a hyphen', (s) => ({ appTier: { appSource: AppSource.containerImage({ repository: ecr.Repository.fromRepositoryName(s, 'Repo', 'app'), environment: { 'MY-VAR': 'x' } }) } }), 'appTier.appSource.environment', "'MY-VAR'"],
  ['an environment value on two lines', (s) => ({ appTier: { appSource: AppSource.containerImage({ repository: ecr.Repository.fromRepositoryName(s, 'Repo', 'app'), environment: { A: 'x\ny' } }) } }), 'appTier.appSource.environment', "'A'"],
  ['a container port of 70000', (s) => ({ appTier: { appSource: AppSource.containerImage({ repository: ecr.Repository.fromRepositoryName(s, 'Repo', 'app'), containerPort: 70000 }) } }), 'appTier.appSource.containerPort', '70000'],
  ['container image options without a repository', () => ({ appTier: { appSource: AppSource.containerImage(undefined as any) } }), 'appTier.appSource', 'undefined'],
  ['no static path', () => ({ edge: { staticPathPatterns: [] } }), 'edge.staticPathPatterns', '[]'],
  ['a static path with a space', () => ({ edge: { staticPathPatterns: ['/my files/*'] } }), 'edge.staticPathPatterns', "'/my files/*'"],
  ['a static path twice', () => ({ edge: { staticPathPatterns: ['/a/*', '/a/*'] } }), 'edge.staticPathPatterns', '["/a/*","/a/*"]'],
  ['75 static paths', () => ({ edge: { staticPathPatterns: Array.from({ length: 75 }, (_, i) => `/p${i}/*`) } }), 'edge.staticPathPatterns', ''],
  ['74 static paths beside the default probe-only path', () => ({ edge: { staticPathPatterns: Array.from({ length: 74 }, (_, i) => `/p${i}/*`) } }), 'edge.staticPathPatterns', ''],
  ['a probe-only path that is also a static one', () => ({ edge: { probeOnlyPathPatterns: ['/static/*'] } }), 'edge.probeOnlyPathPatterns', ''],
  ['probe-only paths as a string', () => ({ edge: { probeOnlyPathPatterns: '/health/deep*' as any } }), 'edge.probeOnlyPathPatterns', ''],
  ['a regional WebACL', () => ({ edge: { webAclArn: `arn:aws:wafv2:us-east-1:${TEST_ACCOUNT}:regional/webacl/x/0123` } }), 'edge.webAclArn', ''],
  ['a WebACL ARN of WAF Classic', () => ({ edge: { webAclArn: `arn:aws:waf::${TEST_ACCOUNT}:webacl/0123` } }), 'edge.webAclArn', ''],
  ['a blank Content-Security-Policy', () => ({ edge: { contentSecurityPolicy: '  ' } }), 'edge.contentSecurityPolicy', "'  '"],
  ['two error responses for 404', () => ({ edge: { errorResponses: [{ httpStatus: 404, ttl: Duration.seconds(10) }, { httpStatus: 404, ttl: Duration.seconds(5) }] } }), 'edge.errorResponses[1].httpStatus', '404'],
  ['an error response replaced by 201', () => ({ edge: { errorResponses: [{ httpStatus: 404, responseHttpStatus: 201, responsePagePath: '/404.html' }] } }), 'edge.errorResponses[0].responseHttpStatus', '201'],
  ['an error page path without a slash', () => ({ edge: { errorResponses: [{ httpStatus: 404, responsePagePath: '404.html' }] } }), 'edge.errorResponses[0].responsePagePath', "'404.html'"],
  ['an error response that changes nothing', () => ({ edge: { errorResponses: [{ httpStatus: 404 }] } }), 'edge.errorResponses[0]', ''],
  ['errors cached 1.5 seconds', () => ({ edge: { errorResponses: [{ httpStatus: 404, ttl: Duration.millis(1500) }] } }), 'edge.errorResponses[0].ttl', ''],
  ['a probe path that is also a static path', () => ({ edge: { probeOnlyPathPatterns: ['/static/*'] } }), 'edge.probeOnlyPathPatterns', '["/static/*"]'],
  ['a managed rule group twice', () => ({ edge: { firewall: { managedRuleGroups: [ManagedRuleGroup.COMMON, ManagedRuleGroup.COMMON] } } }), 'edge.firewall.managedRuleGroups', ''],
  ['a rate limit window of 3 minutes', () => ({ edge: { firewall: { rateLimitWindow: Duration.minutes(3) } } }), 'edge.firewall.rateLimitWindow', "'3 minutes'"],
  ['a database removed with deletion protection', () => ({ database: { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true } }), 'database.deletionProtection', 'true'],
  ['an Aurora cluster without a reader', () => ({ database: { topology: DatabaseTopology.aurora({ readers: 0 }) } }), 'database.topology.readers', '0'],
  ['a PostgreSQL version that does not exist', () => ({ database: { engine: DatabaseEngine.postgres('99.1') } }), 'database.engine', "'99.1'"],
  ['a PostgreSQL major version alone', () => ({ database: { engine: DatabaseEngine.postgres('16') } }), 'database.engine', "'16'"],
  ['a PostgreSQL version before 13.4', () => ({ database: { engine: DatabaseEngine.postgres('13.3') } }), 'database.engine', "'13.3'"],
  ['enhanced monitoring every 7 seconds', () => ({ database: { monitoringInterval: Duration.seconds(7) } }), 'database.monitoringInterval', ''],
  ['allocated storage for Aurora', () => ({ database: { topology: DatabaseTopology.aurora(), allocatedStorage: 100 } }), 'database.allocatedStorage', '100'],
  ['a storage limit for Aurora', () => ({ database: { topology: DatabaseTopology.aurora(), maxAllocatedStorage: 100 } }), 'database.maxAllocatedStorage', '100'],
  ['a storage limit for a Multi-AZ DB cluster', () => ({ network: { maxAzs: 3 }, database: { topology: DatabaseTopology.multiAzCluster(), maxAllocatedStorage: 500 } }), 'database.maxAllocatedStorage', '500'],
  ['10 GiB of storage', () => ({ database: { allocatedStorage: 10 } }), 'database.allocatedStorage', '10'],
  ['the engine\'s own database as the name', () => ({ database: { databaseName: 'postgres' } }), 'database.databaseName', "'postgres'"],
  ['a reserved word as the database name', () => ({ database: { databaseName: 'select' } }), 'database.databaseName', "'select'"],
  ['a database instance class that does not exist', () => ({ database: { instanceType: new ec2.InstanceType('m7g.smal') } }), 'database.instanceType', "'m7g.smal'"],
  ['a compute-optimized class for RDS', () => ({ database: { instanceType: new ec2.InstanceType('c7g.large') } }), 'database.instanceType', "'db.c7g.large'"],
  ['a general purpose class for Aurora', () => ({ database: { topology: DatabaseTopology.aurora(), instanceType: new ec2.InstanceType('m7g.large') } }), 'database.instanceType', "'db.m7g.large'"],
  ['a burstable class for a Multi-AZ DB cluster', () => ({ network: { maxAzs: 3 }, database: { topology: DatabaseTopology.multiAzCluster(), instanceType: new ec2.InstanceType('t4g.medium') } }), 'database.instanceType', "'db.t4g.medium'"],
  ['an instance class that is neither EC2\'s nor RDS\'s name', () => ({ database: { instanceType: 'db.large' as any } }), 'database.instanceType', "'db.large'"],
  ['Performance Insights kept 8 days', () => ({ database: { performanceInsightsRetention: 8 as rds.PerformanceInsightRetention } }), 'database.performanceInsightsRetention', '8'],
  ['Performance Insights on a class without it', () => ({ database: { engine: DatabaseEngine.mysql(), instanceType: new ec2.InstanceType('t3.small'), performanceInsightsRetention: rds.PerformanceInsightRetention.DEFAULT } }),
    'database.performanceInsightsRetention', '7'],
  ['a backup window inside the maintenance window', () => ({ database: { preferredBackupWindow: '04:30-05:30' } }), 'database.preferredBackupWindow', "'04:30-05:30'"],
  ['a backup window of 10 minutes', () => ({ database: { preferredBackupWindow: '03:00-03:10' } }), 'database.preferredBackupWindow', "'03:00-03:10'"],
  ['a maintenance window by day name alone', () => ({ database: { preferredMaintenanceWindow: 'sunday' } }), 'database.preferredMaintenanceWindow', "'sunday'"],
  ['a maintenance window of 10 minutes', () => ({ database: { preferredMaintenanceWindow: 'sun:04:30-sun:04:40' } }), 'database.preferredMaintenanceWindow', "'sun:04:30-sun:04:40'"],
  ['cluster mode in the cache parameters', () => ({ cache: { parameters: { 'cluster-enabled': 'yes' } } }), 'cache.parameters', '{"cluster-enabled":"yes"}'],
  ['a cache user with a password rule', () => ({ cache: { accessString: 'on nopass ~* +@all' } }), 'cache.accessString', "'on nopass ~* +@all'"],
  ['a cache user that is off', () => ({ cache: { accessString: 'off ~* +@all' } }), 'cache.accessString', "'off ~* +@all'"],
  ['Redis OSS 6.2', () => ({ cache: { engine: CacheEngine.redis('6.2') } }), 'cache.engine', "'CacheEngine.redis('6.2')'"],
  ['a Valkey version that does not exist', () => ({ cache: { engine: CacheEngine.valkey('1.0') } }), 'cache.engine', "'CacheEngine.valkey('1.0')'"],
  ['no cache replica', () => ({ cache: { replicasPerShard: 0 } }), 'cache.replicasPerShard', '0'],
  ['more cache nodes than a cluster holds', () => ({ cache: { shards: 100, replicasPerShard: 5 } }), 'cache.shards', '100'],
  ['cache snapshots kept 40 days', () => ({ cache: { snapshotRetentionLimit: 40 } }), 'cache.snapshotRetentionLimit', '40'],
  ['a snapshot window of 30 minutes', () => ({ cache: { snapshotWindow: '03:00-03:30' } }), 'cache.snapshotWindow', "'03:00-03:30'"],
  ['a malformed cache maintenance window', () => ({ cache: { preferredMaintenanceWindow: 'sunday' } }), 'cache.preferredMaintenanceWindow', "'sunday'"],
  ['a cache maintenance window of 30 minutes', () => ({ cache: { preferredMaintenanceWindow: 'sun:05:00-sun:05:30' } }), 'cache.preferredMaintenanceWindow', "'sun:05:00-sun:05:30'"],
  ['a snapshot window inside the cache maintenance window', () => ({ cache: { snapshotWindow: '05:00-06:00' } }), 'cache.snapshotWindow', "'05:00-06:00'"],
  ['CORS methods without origins', () => ({ uploads: { corsAllowedMethods: [s3.HttpMethods.GET] } }), 'uploads.corsAllowedMethods', '["GET"]'],
  ['no CORS origin', () => ({ uploads: { corsAllowedOrigins: [] } }), 'uploads.corsAllowedOrigins', '[]'],
  ['no CORS method', () => ({ uploads: { corsAllowedOrigins: ['https://www.example.com'], corsAllowedMethods: [] } }), 'uploads.corsAllowedMethods', '[]'],
  ['an HTTP CORS origin', () => ({ uploads: { corsAllowedOrigins: ['http://www.example.com'] } }), 'uploads.corsAllowedOrigins', "'http://www.example.com'"],
  ['a CORS origin with a path', () => ({ uploads: { corsAllowedOrigins: ['https://www.example.com/app'] } }), 'uploads.corsAllowedOrigins', "'https://www.example.com/app'"],
  ['a CORS origin that is not a name', () => ({ uploads: { corsAllowedOrigins: ['https://exa mple'] } }), 'uploads.corsAllowedOrigins', "'https://exa mple'"],
  ['Infrequent Access after 10 days', () => ({ uploads: { infrequentAccessAfter: Duration.days(10) } }), 'uploads.infrequentAccessAfter', ''],
  ['replication to a bucket without its key', (s) => ({ uploads: { replication: { destinationBucket: s3.Bucket.fromBucketAttributes(s, 'Replica', { bucketName: 'replica', region: OTHER_REGION }) } } }), 'uploads.replication.destinationKey', 'undefined'],
  ['an alarm e-mail twice', () => ({ monitoring: { alarmEmails: ['ops@example.com', 'ops@example.com'] } }), 'monitoring.alarmEmails[1]', "'ops@example.com'"],
  ['a latency alarm at 0 seconds', () => ({ monitoring: { thresholds: { targetResponseTimeP99: Duration.seconds(0) } } }), 'monitoring.thresholds.targetResponseTimeP99', ''],
  ['a memory alarm at 0 bytes', () => ({ monitoring: { thresholds: { databaseFreeableMemory: Size.bytes(0) } } }), 'monitoring.thresholds.databaseFreeableMemory', ''],
  ['daily backups kept more than 100 years', () => ({ backup: { dailyRetention: Duration.days(36501) } }), 'backup.dailyRetention', ''],
  ['a vault lock of 200 years', () => ({ backup: { vaultLock: { minRetention: Duration.days(1), maxRetention: Duration.days(200 * 366) } } }), 'backup.vaultLock.maxRetention', ''],
  ['a vault lock changeable for 1 day', () => ({ backup: { vaultLock: { minRetention: Duration.days(7), changeableFor: Duration.days(1) } } }), 'backup.vaultLock.changeableFor', ''],
  ['patching 0 instances at once', () => ({ patching: { maxConcurrency: '0' } }), 'patching.maxConcurrency', "'0'"],
  ['an install cron without ?', () => ({ patching: { installSchedule: events.Schedule.expression('cron(0 3 * * * *)') } }), 'patching.installSchedule', "'cron(0 3 * * * *)'"],
  ['a forecast alert at 0%', () => ({ costGuardrails: { forecastedSpendThresholds: [0] } }), 'costGuardrails.forecastedSpendThresholds[0]', '0'],
  ['a budget alert twice', () => ({ costGuardrails: { actualSpendThresholds: [80, 80] } }), 'costGuardrails.actualSpendThresholds[1]', '80'],
  ['an anomaly frequency without anomaly detection', () => ({ costGuardrails: { anomalyDetection: AnomalyDetection.disabled(), anomalyAlertFrequency: AnomalyAlertFrequency.DAILY } }), 'costGuardrails.anomalyAlertFrequency', ''],
  ['an anomaly monitor ARN that is not one', () => ({ costGuardrails: { anomalyDetection: AnomalyDetection.existingMonitor('monitor-1') } }), 'costGuardrails.anomalyDetection.monitorArn', "'monitor-1'"],
  ['a budget e-mail without a domain', () => ({ costGuardrails: { emailAddresses: ['finops'] } }), 'costGuardrails.emailAddresses[0]', "'finops'"],
  ['a budget e-mail twice', () => ({ costGuardrails: { emailAddresses: ['finops@example.com', 'finops@example.com'] } }), 'costGuardrails.emailAddresses[1]', "'finops@example.com'"],
  ['eleven budget e-mails', () => ({ costGuardrails: { emailAddresses: Array.from({ length: 11 }, (_, i) => `finops${i}@example.com`) } }), 'costGuardrails.emailAddresses', ''],
  ['a cost tag key with a comma', () => ({ costGuardrails: { tagKey: 'app,name' } }), 'costGuardrails.tagKey', "'app,name'"],
  ['a cost tag value with a comma', () => ({ costGuardrails: { tagValue: 'a,b' } }), 'costGuardrails.tagValue', "'a,b'"],
  ['an anomaly threshold below 0', () => ({ costGuardrails: { anomalyImpactThreshold: -1 } }), 'costGuardrails.anomalyImpactThreshold', '-1'],
  ['GuardDuty Runtime Monitoring without GuardDuty', () => ({ compliance: { configRecorder: true, guardDutyRuntimeMonitoring: true } }), 'compliance.guardDutyRuntimeMonitoring', 'true'],
  ['Config history kept half a day', () => ({ compliance: { configRecorder: true, configHistoryRetention: Duration.hours(12) } }), 'compliance.configHistoryRetention', ''],
  ['trail logs archived after half a day', () => ({ auditTrail: { glacierInstantRetrievalAfter: Duration.hours(12) } }), 'auditTrail.glacierInstantRetrievalAfter', ''],
  // ---- wrong JavaScript types of the tiers the app checks through (issue 20, complete) ----
  ['a string where the cache engine goes', () => ({ cache: { engine: 'valkey' as any } }), 'cache.engine', "'valkey'"],
  ['a number as the cache node type', () => ({ cache: { nodeType: 5 as any } }), 'cache.nodeType', '5'],
  ['a string of shards', () => ({ cache: { shards: '2' as any } }), 'cache.shards', "'2'"],
  ['a string as the cache access rules', () => ({ cache: { accessString: 42 as any } }), 'cache.accessString', '42'],
  ['a number as a cache parameter', () => ({ cache: { parameters: { 'maxmemory-policy': 1 as any } } }), 'cache.parameters.maxmemory-policy', '1'],
  ['one CORS origin as a string', () => ({ uploads: { corsAllowedOrigins: 'https://www.example.com' as any } }), 'uploads.corsAllowedOrigins', "'https://www.example.com'"],
  ['days where the Infrequent Access age goes', () => ({ uploads: { infrequentAccessAfter: 30 as any } }), 'uploads.infrequentAccessAfter', '30'],
  ['a bucket name where the replication goes', () => ({ uploads: { replication: 'replica-bucket' as any } }), 'uploads.replication', "'replica-bucket'"],
  ['the database instance type as a number', () => ({ database: { instanceType: 5 as any } }), 'database.instanceType', '5'],
  ['days where the database backup retention goes', () => ({ database: { backupRetention: 7 as any } }), 'database.backupRetention', '7'],
  ['a string where the topology goes', () => ({ database: { topology: 'aurora' as any } }), 'database.topology', "'aurora'"],
  ['the proxy switch as a string', () => ({ database: { proxy: 'yes' as any } }), 'database.proxy', "'yes'"],
  ['an instance type as a number', () => ({ appTier: { instanceType: 5 as any } }), 'appTier.instanceType', '5'],
  ['a string where the Spot settings go', () => ({ appTier: { spot: 'yes' as any } }), 'appTier.spot', "'yes'"],
  ['one scheduled action not in a list', () => ({ appTier: { scheduledScaling: { schedule: autoscaling.Schedule.cron({ hour: '8' }), minCapacity: 4 } as any } }), 'appTier.scheduledScaling', ''],
  ['a string as the minimum capacity', () => ({ appTier: { minCapacity: '2' as any } }), 'appTier.minCapacity', "'2'"],
  ['a string where the firewall settings go', () => ({ edge: { firewall: 'on' as any } }), 'edge.firewall', "'on'"],
  ['a string as the rate limit', () => ({ edge: { firewall: { rateLimit: '100' as any } } }), 'edge.firewall.rateLimit', "'100'"],
  ['the price class by name', () => ({ edge: { priceClass: 'ALL' as any } }), 'edge.priceClass', "'ALL'"],
  ['the NAT gateways as a string', () => ({ network: { natGateways: '1' as any } }), 'network.natGateways', "'1'"],
  ['the flow log retention as a string', () => ({ network: { flowLogRetention: 'ONE_YEAR' as any } }), 'network.flowLogRetention', "'ONE_YEAR'"],
  ['the approval delay as a string', () => ({ patching: { approveAfterDays: '7' as any } }), 'patching.approveAfterDays', "'7'"],
  ['the audit trail retention as a string', () => ({ auditTrail: { logFileRetention: '365' as any } }), 'auditTrail.logFileRetention', "'365'"],
  ['the Security Hub switch as a string', () => ({ compliance: { securityHub: 'on' as any } }), 'compliance.securityHub', "'on'"],
  ['the dashboard switch as a string', () => ({ monitoring: { dashboard: 'yes' as any } }), 'monitoring.dashboard', "'yes'"],
  ['a string where the vault lock goes', () => ({ backup: { vaultLock: 'compliance' as any } }), 'backup.vaultLock', "'compliance'"],
  ['the static assets source as a number', () => ({ staticAssets: { source: 42 as any } }), 'staticAssets.source', '42'],
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
    expect(message).toMatch(new RegExp(`^TestStack/WebApp(/[A-Za-z0-9]+)*: invalid ${escape(prop)} \\(`));
    if (shown) {
      expect(message).toContain(`(${shown})`);
    }
    expect(message).toMatch(/\): \S.{15,}$/s);
  });
});

describe('cache parameters, vended log names and time zones', () => {
  /**
   * What AWS refuses at deployment in the parameters of a cache's parameter group and in the time zones of scheduled
   * actions. The cache's log groups take no input (their names are set under /aws/vendedlogs/, see
   * test/data/web-app-cache.test.ts), so they have no row. The prop is named as the tier names it; the L3 may put
   * the path of the options before it (`cache.parameters`). The fragment is a piece of the fix.
   */
  type TierCase = [description: string, props: () => HighlyAvailableWebAppProps, options: string, prop: string, shown: string, fragment: string];
  const schedule = (timeZone: string): HighlyAvailableWebAppProps =>
    ({ appTier: { scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), minCapacity: 4, timeZone }] } });

  const CASES: TierCase[] = [
    ['a misspelt cache parameter', () => ({ cache: { parameters: { 'maxmemory-polcy': 'volatile-lru' } } }),
      'cache', 'parameters', "'maxmemory-polcy'", "did you mean 'maxmemory-policy'?"],
    ['a cache parameter that no family has', () => ({ cache: { parameters: { 'max-connections': '100' } } }),
      'cache', 'parameters', "'max-connections'", "ElastiCache's valkey8 parameter groups (Valkey 8.2) have no parameter 'max-connections'"],
    ['a ziplist parameter of Redis OSS 6', () => ({ cache: { parameters: { 'zset-max-ziplist-entries': '128' } } }),
      'cache', 'parameters', "'zset-max-ziplist-entries'", "use 'zset-max-listpack-entries'"],
    ['a cache parameter that ElastiCache sets itself', () => ({ cache: { parameters: { maxclients: '1000' } } }),
      'cache', 'parameters', "'maxclients'", "ElastiCache sets 'maxclients' itself"],
    ['a Valkey 8.1 cache parameter on Valkey 8.0', () => ({ cache: { engine: CacheEngine.valkey('8.0'), parameters: { 'commandlog-large-reply-max-len': '64' } } }),
      'cache', 'parameters', "'commandlog-large-reply-max-len'", "came with Valkey 8.1: use CacheEngine.valkey('8.1') or later"],
    ['an eviction policy that does not exist', () => ({ cache: { parameters: { 'maxmemory-policy': 'lru' } } }),
      'cache', 'parameters.maxmemory-policy', "'lru'", "give one of 'volatile-lru', 'allkeys-lru'"],
    ['a lazy-free cache parameter, gone in Valkey 8', () => ({ cache: { parameters: { 'lazyfree-lazy-user-del': 'yes' } } }),
      'cache', 'parameters', "'lazyfree-lazy-user-del'", 'was removed in Valkey 8.0'],
    ['true for a yes-or-no cache parameter', () => ({ cache: { parameters: { activedefrag: 'true' } } }),
      'cache', 'parameters.activedefrag', "'true'", "give 'yes' or 'no'"],
    ['a cache parameter out of its documented range', () => ({ cache: { parameters: { 'maxmemory-samples': '0' } } }),
      'cache', 'parameters.maxmemory-samples', "'0'", 'give a whole number from 1 to 64'],
    ['an LFU eviction policy on nodes with data tiering', () => ({ cache: { nodeType: 'cache.r6gd.xlarge', parameters: { 'maxmemory-policy': 'allkeys-lfu' } } }),
      'cache', 'parameters.maxmemory-policy', "'allkeys-lfu'", 'nodes with data tiering (cache.r6gd.xlarge) take no other eviction policy'],
    ['a misspelt time zone', () => schedule('Europe/Pariss'), 'appTier', 'scheduledScaling[0].timeZone', "'Europe/Pariss'", "did you mean 'Europe/Paris'?"],
    ['a time zone alias', () => schedule('US/Eastern'), 'appTier', 'scheduledScaling[0].timeZone', "'US/Eastern'", "give 'America/New_York'"],
    ['a time zone in lower case', () => schedule('europe/paris'), 'appTier', 'scheduledScaling[0].timeZone', "'europe/paris'", "give 'Europe/Paris'"],
    ['a UTC offset for a time zone', () => schedule('+01:00'), 'appTier', 'scheduledScaling[0].timeZone', "'+01:00'", 'the Etc zones invert the sign'],
    ['a time zone abbreviation', () => schedule('CEST'), 'appTier', 'scheduledScaling[0].timeZone', "'CEST'", 'Auto Scaling takes only the canonical names'],
    ['a time zone as a number', () => schedule(1 as any), 'appTier', 'scheduledScaling[0].timeZone', '1', "give an IANA time zone name such as 'Europe/Paris'"],
  ];

  test.each(CASES)('%s', (_description, props, options, prop, shown, fragment) => {
    const stack = testStack();
    let error: unknown;
    try {
      new HighlyAvailableWebApp(stack, 'WebApp', props());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebAppConfigurationError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^TestStack/WebApp(/[A-Za-z0-9]+)*: invalid (${escape(options)}\\.)?${escape(prop)} \\(`));
    expect(message).toContain(`(${shown})`);
    expect(message).toContain(fragment);
  });
});

describe('disaster recovery stage', () => {
  /**
   * What AWS would refuse, or CloudFormation would silently ignore, in the stage's recovery settings and the cross-Region
   * replica they make: the construct that rejects it (its path), the prop, the value shown, and a piece of the fix.
   */
  type RecoveryCase = [description: string, build: () => void, path: string, prop: string, shown: string, fragment: string];
  const stage = (recovery: HighlyAvailableWebAppStageRecoveryOptions) => () => new HighlyAvailableWebAppStage(testApp(), 'Prod', {
    env: { account: TEST_ACCOUNT },
    primaryRegion: OTHER_REGION,
    recoveryRegion: RECOVERY_REGION,
    recovery,
  });
  const database = (crossRegionReplicaGeneration: number) => () => {
    const stack = testStack();
    new WebAppDatabase(stack, 'Database', { vpc: new WebAppNetwork(stack, 'Network').vpc, crossRegionReplicaGeneration });
  };

  const CASES: RecoveryCase[] = [
    ['a replica generation of 0', stage({ databaseReplicaGeneration: 0 }), 'Prod', 'recovery.databaseReplicaGeneration', '0', 'use a whole number from 1 to 999'],
    ['a replica generation of 2.5', stage({ databaseReplicaGeneration: 2.5 }), 'Prod', 'recovery.databaseReplicaGeneration', '2.5', 'use a whole number from 1 to 999'],
    ['a replica generation too long for an RDS identifier', stage({ databaseReplicaGeneration: 1000 }), 'Prod', 'recovery.databaseReplicaGeneration', '1000', 'use a whole number from 1 to 999'],
    ['a replica generation as a string', stage({ databaseReplicaGeneration: '2' as any }), 'Prod', 'recovery.databaseReplicaGeneration', "'2'", 'give a number, not a string'],
    ['a replica generation for a database that is no replica', database(2), 'TestStack/Database', 'crossRegionReplicaGeneration', '2', 'only a cross-Region replica is replaced by a new generation'],
    ['a replica generation of 0 for a database', database(0), 'TestStack/Database', 'crossRegionReplicaGeneration', '0', 'use a whole number from 1 to 999'],
  ];

  test.each(CASES)('%s', (_description, build, path, prop, shown, fragment) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebAppConfigurationError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^${escape(path)}: invalid ${escape(prop)} \\(`));
    expect(message).toContain(`(${shown})`);
    expect(message).toContain(fragment);
  });
});
