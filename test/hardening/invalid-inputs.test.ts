import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src/app/highly-available-web-app';
import { AppSource } from '../../src/compute/app-source';
import { LoadBalancerExposure, WebAppTier, WebAppTierProps } from '../../src/compute/web-app-tier';
import { CacheEngine, WebAppCache } from '../../src/data/web-app-cache';
import { DatabaseEngine, DatabaseTopology, WebAppDatabase } from '../../src/data/web-app-database';
import { EdgeDistribution, EdgeDistributionProps, LoadBalancerOriginAccess } from '../../src/edge/edge-distribution';
import { StaticAssets, StaticAssetsProps } from '../../src/edge/static-assets';
import { ManagedRuleGroup, WebAclRule, WebAclScope, WebApplicationFirewall, WebApplicationFirewallProps } from '../../src/edge/web-application-firewall';
import { WebAppNetwork } from '../../src/network/web-app-network';
import { AuditTrail, AuditTrailProps } from '../../src/operations/audit-trail';
import { AnomalyAlertFrequency, AnomalyDetection, CostGuardrails } from '../../src/operations/cost-guardrails';
import { WebAppBackup, WebAppBackupProps } from '../../src/operations/web-app-backup';
import { WebAppMonitoring, WebAppMonitoringProps } from '../../src/operations/web-app-monitoring';
import { WebAppConfigurationError } from '../../src/private/validation';
import { WebAppEncryption, WebAppEncryptionProps } from '../../src/security/web-app-encryption';
import {
  HighlyAvailableWebAppStage, HighlyAvailableWebAppStageProps, HighlyAvailableWebAppStageRecoveryOptions,
} from '../../src/stage/highly-available-web-app-stage';
import { RecoveryStorage, RecoveryStorageProps } from '../../src/stage/recovery-storage';
import { RecoveryWebApp, RecoveryWebAppProps } from '../../src/stage/recovery-web-app';
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

describe('standalone constructs', () => {
  /**
   * The refusals that only a construct used alone, or a method, reaches: the props of EdgeDistribution,
   * WebApplicationFirewall, AuditTrail, StaticAssets, WebAppTier, WebAppCache, WebAppEncryption, RecoveryStorage,
   * RecoveryWebApp and HighlyAvailableWebAppStage that the app sets itself, and the arguments of WebAppDatabase.grantConnect,
   * WebAppTier.addEnvironment, WebApplicationFirewall.associate and AuditTrail.addS3DataEvents (named `<method> <argument>`
   * where the argument is not a prop of its own). Each row: what is given, the path of the construct that rejects it,
   * the prop the message names (one the user gave) and the value it shows.
   */
  type StandaloneCase = [description: string, build: () => void, path: string, prop: string, shown: string];

  const regional = (id: string, region: string, app = testApp()) => new Stack(app, id, { env: { account: TEST_ACCOUNT, region } });
  const role = (stack: Stack) => new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  const CERTIFICATE = `arn:aws:acm:us-east-1:${TEST_ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
  const ALB = `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/app/web/0123456789abcdef`;

  /** An EdgeDistribution in front of an internal load balancer (`LoadBalancer`) of a VPC of its own. */
  const edge = (props: (stack: Stack) => Partial<EdgeDistributionProps>, stack: Stack = testStack()) => () => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'LoadBalancer', { vpc, internetFacing: false });
    new EdgeDistribution(stack, 'Edge', { loadBalancer, ...props(stack) });
  };
  const loadBalancerOf = (stack: Stack) => stack.node.findChild('LoadBalancer') as elbv2.IApplicationLoadBalancer;
  const secretHeader = (headerName?: string) => (stack: Stack): Partial<EdgeDistributionProps> => ({
    originAccess: LoadBalancerOriginAccess.secretHeader(new secretsmanager.Secret(stack, 'OriginSecret'), headerName),
    originDomainName: 'origin.example.com',
  });
  const firewall = (props: WebApplicationFirewallProps, region = 'us-east-1') => () => {
    new WebApplicationFirewall(regional('Edge', region), 'Firewall', props);
  };
  const wafRule = (name: string, priority: number, more: Partial<wafv2.CfnWebACL.RuleProperty> = {}): WebAclRule => ({
    rule: {
      name,
      priority,
      statement: { geoMatchStatement: { countryCodes: ['KP'] } },
      action: { block: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name ?? 'Rule' },
      ...more,
    },
    capacity: 1,
  });
  const associate = (scope: WebAclScope, resourceArn: string) => () => {
    new WebApplicationFirewall(testStack(), 'Firewall', { scope }).associate('Alb', resourceArn);
  };
  const trail = (props: (stack: Stack) => AuditTrailProps, then: (trail: AuditTrail, stack: Stack) => void = () => {}) => () => {
    const stack = testStack();
    then(new AuditTrail(stack, 'Trail', props(stack)), stack);
  };
  const buckets = (stack: Stack, count: number) => Array.from({ length: count }, (_, i) => s3.Bucket.fromBucketName(stack, `Bucket${i}`, `data-bucket-${i}`));
  const grantConnect = (grantee: (stack: Stack) => iam.IGrantable, dbUser: string, topology?: DatabaseTopology) => () => {
    const stack = testStack();
    const network = new WebAppNetwork(stack, 'Network', topology ? { maxAzs: 3 } : {});
    new WebAppDatabase(stack, 'Database', { vpc: network.vpc, topology }).grantConnect(grantee(stack), dbUser);
  };
  const tier = (props: (stack: Stack) => Partial<WebAppTierProps>, then: (tier: WebAppTier) => void = () => {}, stack: Stack = testStack()) => () => {
    const network = new WebAppNetwork(stack, 'Network');
    then(new WebAppTier(stack, 'Tier', { vpc: network.vpc, ...props(stack) }));
  };
  const prefixList = (stack: Stack, more: Partial<WebAppTierProps> = {}): Partial<WebAppTierProps> => ({
    loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST,
    certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', `arn:aws:acm:${stack.region}:${TEST_ACCOUNT}:certificate/1`),
    ...more,
  });
  const cache = (vpcSubnets: ec2.SubnetSelection) => () => {
    const stack = testStack();
    new WebAppCache(stack, 'Cache', { vpc: new WebAppNetwork(stack, 'Network').vpc, vpcSubnets });
  };
  const assets = (props: StaticAssetsProps) => () => {
    new StaticAssets(testStack(), 'Assets', props);
  };
  const encryption = (props: WebAppEncryptionProps) => () => {
    new WebAppEncryption(testStack(), 'Encryption', props);
  };
  const storage = (props: RecoveryStorageProps) => () => {
    new RecoveryStorage(regional('Storage', RECOVERY_REGION), 'Storage', props);
  };
  /** A RecoveryWebApp in RECOVERY_REGION for a primary app in OTHER_REGION whose credentials are replicated there. */
  const recovery = (props: (primary: HighlyAvailableWebApp, storage: RecoveryStorage, stack: Stack) => Partial<RecoveryWebAppProps>,
    primaryProps: (stack: Stack) => HighlyAvailableWebAppProps = () => ({}), region = RECOVERY_REGION) => () => {
    const app = testApp();
    const recoveryStorage = new RecoveryStorage(regional('Storage', RECOVERY_REGION, app), 'Storage');
    const primaryStack = regional('Primary', OTHER_REGION, app);
    const primary = new HighlyAvailableWebApp(primaryStack, 'WebApp', {
      edgeEnabled: false,
      ...primaryProps(primaryStack),
      database: { credentialsReplicaRegions: [{ region: RECOVERY_REGION, encryptionKey: recoveryStorage.encryptionKey }] },
    });
    const stack = regional('Recovery', region, app);
    new RecoveryWebApp(stack, 'WebApp', { primary, storage: recoveryStorage, ...props(primary, recoveryStorage, stack) } as RecoveryWebAppProps);
  };
  const monitoring = (props: (stack: Stack) => WebAppMonitoringProps, then: (m: WebAppMonitoring, stack: Stack) => void = () => {}) => () => {
    const stack = testStack();
    then(new WebAppMonitoring(stack, 'Monitoring', props(stack)), stack);
  };
  const monitoredCache = (stack: Stack) => new WebAppCache(stack, 'Cache', { vpc: new WebAppNetwork(stack, 'Network').vpc });
  const distribution = (stack: Stack, id = 'Distribution') =>
    cloudfront.Distribution.fromDistributionAttributes(stack, id, { distributionId: 'E1', domainName: 'd1.cloudfront.net' });
  const backupOf = (props: (stack: Stack) => WebAppBackupProps, then: (backup: WebAppBackup, stack: Stack) => void = () => {}) => () => {
    const stack = testStack();
    then(new WebAppBackup(stack, 'Backup', props(stack)), stack);
  };
  const guardrails = (topic: (stack: Stack) => sns.ITopic) => () => {
    const stack = testStack();
    new CostGuardrails(stack, 'Guardrails', { topic: topic(stack) });
  };
  const originZone = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const stage = (props: Partial<HighlyAvailableWebAppStageProps>) => () => {
    new HighlyAvailableWebAppStage(testApp(), 'Prod', props as HighlyAvailableWebAppStageProps);
  };
  const withRecovery = (more: Partial<HighlyAvailableWebAppStageProps>): Partial<HighlyAvailableWebAppStageProps> =>
    ({ env: { account: TEST_ACCOUNT }, primaryRegion: OTHER_REGION, recoveryRegion: RECOVERY_REGION, ...more });

  const CASES: StandaloneCase[] = [
    // ---- EdgeDistribution: how CloudFront reaches the origin ----
    ['an origin protocol that matches the viewer', edge(() => ({ originProtocol: cloudfront.OriginProtocolPolicy.MATCH_VIEWER })), 'TestStack/Edge', 'originProtocol', "'match-viewer'"],
    ['an HTTPS origin without its name', edge(() => ({ originProtocol: cloudfront.OriginProtocolPolicy.HTTPS_ONLY })), 'TestStack/Edge', 'originDomainName', 'undefined'],
    ['a secret header over HTTP', edge((s) => ({ ...secretHeader()(s), originProtocol: cloudfront.OriginProtocolPolicy.HTTP_ONLY })), 'TestStack/Edge', 'originProtocol', "'http-only'"],
    ['a secret header name with a space', edge(secretHeader('X Origin')), 'TestStack/Edge', 'originAccess.headerName', "'X Origin'"],
    ['a secret header name that CloudFront reserves', edge(secretHeader('X-Forwarded-For')), 'TestStack/Edge', 'originAccess.headerName', "'X-Forwarded-For'"],
    ['a malformed origin domain name', edge(() => ({ originDomainName: 'origin_example' })), 'TestStack/Edge', 'originDomainName', "'origin_example'"],
    ['failover with the secret header', edge((s) => ({ ...secretHeader()(s), failover: { loadBalancer: loadBalancerOf(s), originDomainName: 'origin-recovery.example.com' } })),
      'TestStack/Edge', 'failover', "'SECRET_HEADER'"],
    ['an HTTPS failover origin without its name', edge((s) => ({ originDomainName: 'origin.example.com', failover: { loadBalancer: loadBalancerOf(s) } })),
      'TestStack/Edge', 'failover.originDomainName', 'undefined'],
    ['a malformed failover origin name', edge((s) => ({ failover: { loadBalancer: loadBalancerOf(s), originDomainName: 'origin recovery' } })),
      'TestStack/Edge', 'failover.originDomainName', "'origin recovery'"],
    ['failover on 501', edge((s) => ({ failover: { loadBalancer: loadBalancerOf(s), statusCodes: [501] } })), 'TestStack/Edge', 'failover.statusCodes', '[501]'],
    ['failover on no status code', edge((s) => ({ failover: { loadBalancer: loadBalancerOf(s), statusCodes: [] } })), 'TestStack/Edge', 'failover.statusCodes', '[]'],
    ['a write path twice', edge((s) => ({ failover: { loadBalancer: loadBalancerOf(s), writePathPatterns: ['/api/*', '/api/*'] } })),
      'TestStack/Edge', 'failover.writePathPatterns', '["/api/*","/api/*"]'],
    ['a write path that is also a static path', edge((s) => ({ staticAssetsBucket: new s3.Bucket(s, 'Assets'), failover: { loadBalancer: loadBalancerOf(s), writePathPatterns: ['/static/*'] } })),
      'TestStack/Edge', 'failover.writePathPatterns', '["/static/*"]'],
    // ---- EdgeDistribution: names, zone, paths, WebACL ----
    ['static paths without the assets bucket', edge(() => ({ staticPathPatterns: ['/assets/*'] })), 'TestStack/Edge', 'staticPathPatterns', '["/assets/*"]'],
    ['a hosted zone without domain names', edge((s) => ({ hostedZone: originZone(s) })), 'TestStack/Edge', 'hostedZone', "'example.com'"],
    ['domain names without a certificate or zone', edge(() => ({ domainNames: ['www.example.com'] })), 'TestStack/Edge', 'certificate', 'undefined'],
    ['a certificate without domain names', edge((s) => ({ certificate: acm.Certificate.fromCertificateArn(s, 'Certificate', CERTIFICATE) })), 'TestStack/Edge', 'certificate', `'${CERTIFICATE}'`],
    ['a domain name twice, in capitals', edge(() => ({ domainNames: ['www.example.com', 'WWW.example.com'], certificate: undefined })), 'TestStack/Edge', 'domainNames', '["www.example.com","WWW.example.com"]'],
    ['a domain name with a trailing dot', edge(() => ({ domainNames: ['www.example.com.'] })), 'TestStack/Edge', 'domainNames', "'www.example.com.'"],
    ['a domain name outside the hosted zone', edge((s) => ({ domainNames: ['www.example.org'], hostedZone: originZone(s) })), 'TestStack/Edge', 'domainNames', "'www.example.org'"],
    ['no WebACL outside us-east-1', edge(() => ({}), regional('Regional', OTHER_REGION)), 'Regional/Edge', 'webAclArn', 'undefined'],
    // ---- EdgeDistribution: wrong JavaScript types ----
    ['a load balancer name where the load balancer goes', () => { new EdgeDistribution(testStack(), 'Edge', { loadBalancer: 'web-alb' as any }); }, 'TestStack/Edge', 'loadBalancer', "'web-alb'"],
    ['no load balancer', () => { new EdgeDistribution(testStack(), 'Edge', {} as EdgeDistributionProps); }, 'TestStack/Edge', 'loadBalancer', 'undefined'],
    ['a plain object where the origin access goes', edge(() => ({ originAccess: { kind: 'VPC_ORIGIN' } as any })), 'TestStack/Edge', 'originAccess', '{"kind":"VPC_ORIGIN"}'],
    ['a number as the secret header name', edge(secretHeader(5 as any)), 'TestStack/Edge', 'originAccess.headerName', '5'],
    ['a secret header without its secret', edge(() => ({ originAccess: LoadBalancerOriginAccess.secretHeader(undefined as any), originDomainName: 'origin.example.com' })),
      'TestStack/Edge', 'originAccess.secret', 'undefined'],
    ['a secret ARN where the secret goes', edge(() => ({ originAccess: LoadBalancerOriginAccess.secretHeader('arn:aws:secretsmanager:us-east-1:123456789012:secret:origin' as any), originDomainName: 'origin.example.com' })),
      'TestStack/Edge', 'originAccess.secret', "'arn:aws:secretsmanager:us-east-1:123456789012:secret:origin'"],
    ['a number as the origin domain name', edge(() => ({ originDomainName: 5 as any })), 'TestStack/Edge', 'originDomainName', '5'],
    ['failover without the recovery load balancer', edge(() => ({ failover: {} as any })), 'TestStack/Edge', 'failover.loadBalancer', 'undefined'],
    ['a load balancer name where the failover load balancer goes', edge(() => ({ failover: { loadBalancer: 'recovery-alb' as any } })), 'TestStack/Edge', 'failover.loadBalancer', "'recovery-alb'"],
    ['one failover status code as a number', edge((s) => ({ failover: { loadBalancer: loadBalancerOf(s), statusCodes: 500 as any } })), 'TestStack/Edge', 'failover.statusCodes', '500'],
    ['one write path as a string', edge((s) => ({ failover: { loadBalancer: loadBalancerOf(s), writePathPatterns: '/api/*' as any } })), 'TestStack/Edge', 'failover.writePathPatterns', "'/api/*'"],
    ['one domain name as a string', edge(() => ({ domainNames: 'www.example.com' as any })), 'TestStack/Edge', 'domainNames', "'www.example.com'"],
    ['a bucket name where the assets bucket goes', edge(() => ({ staticAssetsBucket: 'assets' as any })), 'TestStack/Edge', 'staticAssetsBucket', "'assets'"],
    ['a plain object where the key goes', edge(() => ({ encryptionKey: {} as any })), 'TestStack/Edge', 'encryptionKey', '{}'],
    // ---- WebApplicationFirewall: scope and rules ----
    ['a CLOUDFRONT WebACL outside us-east-1', firewall({}, OTHER_REGION), 'Edge/Firewall', 'scope', "'CLOUDFRONT'"],
    ['a scope in lower case', firewall({ scope: 'cloudfront' as any }), 'Edge/Firewall', 'scope', "'cloudfront'"],
    ['a CLOUDFRONT WebACL associated with a load balancer', associate(WebAclScope.CLOUDFRONT, ALB), 'TestStack/Firewall', 'scope', "'CLOUDFRONT'"],
    ['a load balancer name to associate', associate(WebAclScope.REGIONAL, 'web-alb'), 'TestStack/Firewall', 'resourceArn', "'web-alb'"],
    ['a distribution to associate', associate(WebAclScope.REGIONAL, `arn:aws:cloudfront::${TEST_ACCOUNT}:distribution/E1`), 'TestStack/Firewall', 'resourceArn',
      `'arn:aws:cloudfront::${TEST_ACCOUNT}:distribution/E1'`],
    ['a number to associate', associate(WebAclScope.REGIONAL, 5 as any), 'TestStack/Firewall', 'resourceArn', '5'],
    ['an override of a rule group the WebACL does not run', firewall({ managedRuleGroups: [ManagedRuleGroup.COMMON], ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.SQL_INJECTION, ruleName: 'SQLi_BODY' }] }),
      'Edge/Firewall', 'ruleActionOverrides[0].ruleGroup', "'AWSManagedRulesSQLiRuleSet'"],
    ['an override of a rule name with a space', firewall({ ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'Size Restrictions' }] }),
      'Edge/Firewall', 'ruleActionOverrides[0].ruleName', "'Size Restrictions'"],
    ['a rule overridden twice', firewall({ ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }, { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }] }),
      'Edge/Firewall', 'ruleActionOverrides[1].ruleName', "'SizeRestrictions_BODY'"],
    ['a rule without its capacity', firewall({ additionalRules: [{ rule: wafRule('GeoBlock', 1).rule } as WebAclRule] }), 'Edge/Firewall', 'additionalRules[0].capacity', 'undefined'],
    ['a capacity without its rule', firewall({ additionalRules: [{ capacity: 1 } as WebAclRule] }), 'Edge/Firewall', 'additionalRules[0].rule', 'undefined'],
    ['a rule of 0 WCU', firewall({ additionalRules: [{ ...wafRule('GeoBlock', 1), capacity: 0 }] }), 'Edge/Firewall', 'additionalRules[0].capacity', '0'],
    ['a rule of priority -1', firewall({ additionalRules: [wafRule('GeoBlock', -1)] }), 'Edge/Firewall', 'additionalRules[0].rule.priority', '-1'],
    ['a rule at the priority of a managed rule group', firewall({ additionalRules: [wafRule('GeoBlock', 10)] }), 'Edge/Firewall', 'additionalRules[0].rule.priority', '10'],
    ['two rules of one name', firewall({ additionalRules: [wafRule('GeoBlock', 1), wafRule('GeoBlock', 2)] }), 'Edge/Firewall', 'additionalRules[1].rule.name', "'GeoBlock'"],
    ['a rule without a name', firewall({ additionalRules: [wafRule(undefined as any, 1)] }), 'Edge/Firewall', 'additionalRules[0].rule.name', 'undefined'],
    ['a rule without metrics', firewall({ additionalRules: [wafRule('GeoBlock', 1, { visibilityConfig: { cloudWatchMetricsEnabled: false, sampledRequestsEnabled: true, metricName: 'GeoBlock' } })] }),
      'Edge/Firewall', 'additionalRules[0].rule.visibilityConfig', '{"cloudWatchMetricsEnabled":false,"sampledRequestsEnabled":true,"metricName":"GeoBlock"}'],
    ['a rule without its visibility settings', firewall({ additionalRules: [wafRule('GeoBlock', 1, { visibilityConfig: undefined })] }), 'Edge/Firewall', 'additionalRules[0].rule.visibilityConfig', 'undefined'],
    ['rules beyond the 5,000 WCU of a WebACL', firewall({ additionalRules: [{ ...wafRule('GeoBlock', 1), capacity: 4000 }] }), 'Edge/Firewall', 'additionalRules', "'5327 WCU'"],
    ['a rule priority as a string', firewall({ additionalRules: [wafRule('GeoBlock', '1' as any)] }), 'Edge/Firewall', 'additionalRules[0].rule.priority', "'1'"],
    ['a rule name as a number', firewall({ additionalRules: [wafRule(7 as any, 1)] }), 'Edge/Firewall', 'additionalRules[0].rule.name', '7'],
    ['one rule not in a list', firewall({ additionalRules: wafRule('GeoBlock', 1) as any }), 'Edge/Firewall', 'additionalRules', ''],
    ['a rule by name', firewall({ additionalRules: ['GeoBlock'] as any }), 'Edge/Firewall', 'additionalRules[0]', "'GeoBlock'"],
    ['one override not in a list', firewall({ ruleActionOverrides: { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' } as any }),
      'Edge/Firewall', 'ruleActionOverrides', '{"ruleGroup":"AWSManagedRulesCommonRuleSet","ruleName":"SizeRestrictions_BODY"}'],
    ['one managed rule group by name', firewall({ managedRuleGroups: 'COMMON' as any }), 'Edge/Firewall', 'managedRuleGroups', "'COMMON'"],
    ['a managed rule group that does not exist', firewall({ managedRuleGroups: ['Common' as ManagedRuleGroup] }), 'Edge/Firewall', 'managedRuleGroups[0]', "'Common'"],
    // ---- AuditTrail: data events ----
    ['no data event bucket', trail(() => ({ dataEventBuckets: [] })), 'TestStack/Trail', 'dataEventBuckets', '[]'],
    ['251 data event buckets', trail((s) => ({ dataEventBuckets: buckets(s, 251) })), 'TestStack/Trail', 'dataEventBuckets', "'251 buckets'"],
    ['251 buckets added at once', trail(() => ({}), (t, s) => t.addS3DataEvents(buckets(s, 251))), 'TestStack/Trail', 'addS3DataEvents buckets', "'251 buckets'"],
    ['the trail\'s own bucket added', trail(() => ({}), (t) => t.addS3DataEvents([t.bucket])), 'TestStack/Trail', 'addS3DataEvents buckets', "'TestStack/Trail/Bucket'"],
    ['a fifth selector of data events', trail((s) => ({ dataEventBuckets: buckets(s, 1) }), (t, s) => [1, 2, 3, 4].forEach((i) => t.addS3DataEvents([s3.Bucket.fromBucketName(s, `More${i}`, `more-bucket-${i}`)]))),
      'TestStack/Trail', 'addS3DataEvents', "'call 5'"],
    ['data events of no kind', trail(() => ({ dataEventsReadWriteType: cloudtrail.ReadWriteType.NONE })), 'TestStack/Trail', 'dataEventsReadWriteType', "'None'"],
    ['one data event bucket by name', trail(() => ({ dataEventBuckets: 'uploads' as any })), 'TestStack/Trail', 'dataEventBuckets', "'uploads'"],
    ['data event buckets by name', trail(() => ({ dataEventBuckets: ['uploads'] as any })), 'TestStack/Trail', 'dataEventBuckets[0]', "'uploads'"],
    ['one bucket added not in a list', trail(() => ({}), (t, s) => t.addS3DataEvents(new s3.Bucket(s, 'Uploads') as any)), 'TestStack/Trail', 'addS3DataEvents buckets', 'TestStack/Uploads'],
    ['buckets added by name', trail(() => ({}), (t) => t.addS3DataEvents(['uploads'] as any)), 'TestStack/Trail', 'addS3DataEvents buckets[0]', "'uploads'"],
    ['no buckets added', trail(() => ({}), (t) => t.addS3DataEvents(undefined as any)), 'TestStack/Trail', 'addS3DataEvents buckets', 'undefined'],
    // ---- WebAppDatabase.grantConnect ----
    ['a database user with a space', grantConnect(role, 'app user'), 'TestStack/Database', 'dbUser', "'app user'"],
    ['a database user as a number', grantConnect(role, 5 as any), 'TestStack/Database', 'dbUser', '5'],
    ['no database user', grantConnect(role, undefined as any), 'TestStack/Database', 'dbUser', 'undefined'],
    ['no grantee', grantConnect(() => undefined as any, 'app'), 'TestStack/Database', 'grantee', 'undefined'],
    ['a role name where the grantee goes', grantConnect(() => 'app-role' as any, 'app'), 'TestStack/Database', 'grantee', "'app-role'"],
    ['IAM authentication of a Multi-AZ DB cluster', grantConnect(role, 'app', DatabaseTopology.multiAzCluster()), 'TestStack/Database', 'topology', "'multi-az-cluster'"],
    // ---- WebAppTier.addEnvironment, the CloudFront prefix list, subnets and KMS grants ----
    ['an environment variable with a hyphen', tier(() => ({}), (t) => t.addEnvironment('MY-VAR', 'x')), 'TestStack/Tier', 'addEnvironment name', "'MY-VAR'"],
    ['an environment variable the library sets', tier(() => ({}), (t) => t.addEnvironment('APP_PORT', '9000')), 'TestStack/Tier', 'addEnvironment name', "'APP_PORT'"],
    ['an environment value on two lines', tier(() => ({}), (t) => t.addEnvironment('GREETING', 'hello\nworld')), 'TestStack/Tier', 'addEnvironment value', "'GREETING'"],
    ['an environment variable without a name', tier(() => ({}), (t) => t.addEnvironment(undefined as any, 'x')), 'TestStack/Tier', 'addEnvironment name', 'undefined'],
    ['an environment value as a number', tier(() => ({}), (t) => t.addEnvironment('WORKERS', 4 as any)), 'TestStack/Tier', 'addEnvironment value', '4'],
    ['an environment variable without a value', tier(() => ({}), (t) => t.addEnvironment('WORKERS', undefined as any)), 'TestStack/Tier', 'addEnvironment value', 'undefined'],
    ['a malformed CloudFront prefix list', tier((s) => prefixList(s, { cloudFrontPrefixListId: 'pl-xyz' })), 'TestStack/Tier', 'cloudFrontPrefixListId', "'pl-xyz'"],
    ['a Region whose CloudFront prefix list is not known', tier((s) => prefixList(s), undefined, regional('Regional', 'ap-southeast-5')), 'Regional/Tier', 'cloudFrontPrefixListId', 'undefined'],
    ['the CloudFront prefix list as a number', tier((s) => prefixList(s, { cloudFrontPrefixListId: 5 as any })), 'TestStack/Tier', 'cloudFrontPrefixListId', '5'],
    ['instance subnets in one zone', tier(() => ({ vpcSubnets: { availabilityZones: ['us-east-1a'], subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })),
      'TestStack/Tier', 'vpcSubnets', '{"availabilityZones":["us-east-1a"],"subnetType":"Private"}'],
    ['instance subnets of a group that does not exist', tier(() => ({ vpcSubnets: { subnetGroupName: 'Web' } })), 'TestStack/Tier', 'vpcSubnets', '{"subnetGroupName":"Web"}'],
    ['a subnet type where the subnet selection goes', tier(() => ({ vpcSubnets: 'private' as any })), 'TestStack/Tier', 'vpcSubnets', "'private'"],
    ['load balancer subnets of an internal load balancer', tier(() => ({ loadBalancerSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })), 'TestStack/Tier', 'loadBalancerSubnets', '{"subnetType":"Private"}'],
    ['cache subnets in one zone', cache({ availabilityZones: ['us-east-1a'], subnetType: ec2.SubnetType.PRIVATE_ISOLATED }), 'TestStack/Cache', 'vpcSubnets', '{"availabilityZones":["us-east-1a"],"subnetType":"Isolated"}'],
    ['cache subnets of a group that does not exist', cache({ subnetGroupName: 'Cache' }), 'TestStack/Cache', 'vpcSubnets', '{"subnetGroupName":"Cache"}'],
    ['a key of another stack for the instances', () => {
      const app = testApp();
      const key = new kms.Key(regional('Keys', 'us-east-1', app), 'Key');
      tier(() => ({ encryptionKey: key }), undefined, regional('App', 'us-east-1', app))();
    }, 'App/Tier', 'encryptionKey', "'Keys/Key'"],
    ['a key ARN where the key goes', tier(() => ({ encryptionKey: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/1` as any })), 'TestStack/Tier', 'encryptionKey', `'arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/1'`],
    // ---- WebAppMonitoring, WebAppBackup and CostGuardrails: their methods, and what the app always gives them ----
    ['monitoring of nothing', monitoring(() => ({})), 'TestStack/Monitoring', 'distribution, firewall, appTier, database, cache and uploads', 'undefined'],
    ['an edge monitored twice', monitoring((s) => ({ distribution: distribution(s) }), (m, s) => m.monitorEdge(distribution(s, 'Second'))), 'TestStack/Monitoring', 'monitorEdge', "'a second edge'"],
    ['an edge of nothing to monitor', monitoring((s) => ({ cache: monitoredCache(s) }), (m) => m.monitorEdge()), 'TestStack/Monitoring', 'monitorEdge', 'undefined'],
    ['a backup resource given as a construct', backupOf((s) => ({ resources: [backup.BackupResource.fromConstruct(new s3.Bucket(s, 'Uploads'))] })),
      'TestStack/Backup', 'resources[0]', "'TestStack/Uploads'"],
    ['a backup resource added as a construct', backupOf(() => ({}), (b, s) => b.addResource(backup.BackupResource.fromConstruct(new s3.Bucket(s, 'Uploads')))),
      'TestStack/Backup', 'addResource resource', "'TestStack/Uploads'"],
    ['no backup resource added', backupOf(() => ({}), (b) => b.addResource(undefined as any)), 'TestStack/Backup', 'addResource resource', 'undefined'],
    ['a FIFO topic for the cost alerts', guardrails((s) => new sns.Topic(s, 'Alerts', { fifo: true, topicName: 'alerts' })), 'TestStack/Guardrails', 'topic', ''],
    ['a topic of another account for the cost alerts', guardrails((s) => sns.Topic.fromTopicArn(s, 'Alerts', 'arn:aws:sns:us-east-1:210987654321:alerts')),
      'TestStack/Guardrails', 'topic', "'arn:aws:sns:us-east-1:210987654321:alerts'"],
    // ---- StaticAssets and WebAppEncryption ----
    ['a source directory that does not exist', assets({ source: '/no/such/site' }), 'TestStack/Assets', 'source', "'/no/such/site'"],
    ['a file as the source directory', assets({ source: __filename }), 'TestStack/Assets', 'source', `'${__filename}'`],
    ['a key prefix without a source', assets({ destinationKeyPrefix: 'static/' }), 'TestStack/Assets', 'destinationKeyPrefix', "'static/'"],
    ['pruning without a source', assets({ prune: false }), 'TestStack/Assets', 'prune', 'false'],
    ['a key prefix with a leading slash', assets({ source: __dirname, destinationKeyPrefix: '/static/' }), 'TestStack/Assets', 'destinationKeyPrefix', "'/static/'"],
    ['an empty key prefix', assets({ source: __dirname, destinationKeyPrefix: '' }), 'TestStack/Assets', 'destinationKeyPrefix', "''"],
    ['objects deleted with a retained bucket', assets({ autoDeleteObjects: true }), 'TestStack/Assets', 'autoDeleteObjects', 'true'],
    ['noncurrent versions kept half a day', assets({ noncurrentVersionExpiration: Duration.hours(12) }), 'TestStack/Assets', 'noncurrentVersionExpiration', "'Duration.hours(12)'"],
    ['source directories in a list', assets({ source: ['./site'] as any }), 'TestStack/Assets', 'source', '["./site"]'],
    ['noncurrent versions kept 30 (a number of days)', assets({ noncurrentVersionExpiration: 30 as any }), 'TestStack/Assets', 'noncurrentVersionExpiration', '30'],
    ['a key deletion window of 5 days', encryption({ pendingWindowDays: 5 }), 'TestStack/Encryption', 'pendingWindowDays', '5'],
    ['a key deletion window as a string', encryption({ pendingWindowDays: '7' as any }), 'TestStack/Encryption', 'pendingWindowDays', "'7'"],
    // ---- RecoveryStorage ----
    ['a replica bucket that refuses plain HTTP origins', storage({ uploads: { corsAllowedOrigins: ['http://www.example.com'] } }), 'Storage/Storage', 'uploads.corsAllowedOrigins', "'http://www.example.com'"],
    ['a string as the recovery storage settings', storage('replicas' as any), 'Storage/Storage', 'props', "'replicas'"],
    ['a bucket name where the replica settings go', storage({ uploads: 'replica-bucket' as any }), 'Storage/Storage', 'uploads', "'replica-bucket'"],
    ['the removal policy by name', storage({ removalPolicy: 'RETAIN' as any }), 'Storage/Storage', 'removalPolicy', "'RETAIN'"],
    // ---- RecoveryWebApp ----
    ['a standby of -1 instances', recovery(() => ({ standbyCapacity: -1 })), 'Recovery/WebApp', 'standbyCapacity', '-1'],
    ['a replica generation of 0', recovery(() => ({ databaseReplicaGeneration: 0 })), 'Recovery/WebApp', 'databaseReplicaGeneration', '0'],
    ['a maximum below the standby', recovery(() => ({ standbyCapacity: 4, maxCapacity: 2 })), 'Recovery/WebApp', 'maxCapacity', '2'],
    ['a recovery Region that is the primary\'s', recovery(() => ({}), () => ({}), OTHER_REGION), 'Recovery/WebApp', 'env.region of the stack', "'eu-west-1'"],
    ['a primary app with an internet-facing load balancer', recovery(() => ({}), (s) => ({
      domainName: 'www.example.com',
      hostedZone: originZone(s),
      appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST },
    })), 'Recovery/WebApp', 'primary', "'CLOUDFRONT_PREFIX_LIST'"],
    ['a replica instance class that does not exist', recovery(() => ({ databaseInstanceType: new ec2.InstanceType('m7g.smal') })), 'Recovery/WebApp', 'databaseInstanceType', "'m7g.smal'"],
    ['a malformed origin name of the recovery Region', recovery((_primary, _storage, s) => ({ originDomainName: 'origin recovery', hostedZone: originZone(s) })), 'Recovery/WebApp', 'originDomainName', "'origin recovery'"],
    ['an origin name outside its hosted zone', recovery((_primary, _storage, s) => ({ originDomainName: 'origin-recovery.example.org', hostedZone: originZone(s) })),
      'Recovery/WebApp', 'originDomainName', "'origin-recovery.example.org'"],
    ['an origin name without its hosted zone', recovery(() => ({ originDomainName: 'origin-recovery.example.com' })), 'Recovery/WebApp', 'hostedZone', 'undefined'],
    ['a single zone for the recovery network', recovery(() => ({ network: { maxAzs: 1 } })), 'Recovery/WebApp', 'network.maxAzs', '1'],
    ['a plain object where the primary app goes', recovery(() => ({ primary: {} as any })), 'Recovery/WebApp', 'primary', '{}'],
    ['no primary app', recovery(() => ({ primary: undefined })), 'Recovery/WebApp', 'primary', 'undefined'],
    ['a stack name where the recovery storage goes', recovery(() => ({ storage: 'storage' as any })), 'Recovery/WebApp', 'storage', "'storage'"],
    ['no recovery storage', recovery(() => ({ storage: undefined })), 'Recovery/WebApp', 'storage', 'undefined'],
    ['the standby capacity as a string', recovery(() => ({ standbyCapacity: '1' as any })), 'Recovery/WebApp', 'standbyCapacity', "'1'"],
    ['the replica instance class as a number', recovery(() => ({ databaseInstanceType: 5 as any })), 'Recovery/WebApp', 'databaseInstanceType', '5'],
    ['a string where the recovery network settings go', recovery(() => ({ network: 'default' as any })), 'Recovery/WebApp', 'network', "'default'"],
    ['a string where the primary props go', recovery(() => ({ primaryProps: 'defaults' as any })), 'Recovery/WebApp', 'primaryProps', "'defaults'"],
    ['a zone name where the recovery hosted zone goes', recovery(() => ({ originDomainName: 'origin-recovery.example.com', hostedZone: 'example.com' as any })), 'Recovery/WebApp', 'hostedZone', "'example.com'"],
    // ---- HighlyAvailableWebAppStage ----
    ['a Region by its city', stage({ primaryRegion: 'Ireland' }), 'Prod', 'primaryRegion', "'Ireland'"],
    ['no primary Region', stage({}), 'Prod', 'primaryRegion', 'undefined'],
    ['a Region for the whole stage', stage({ primaryRegion: OTHER_REGION, env: { region: OTHER_REGION } }), 'Prod', 'env.region', "'eu-west-1'"],
    ['the primary Region as the recovery Region', stage(withRecovery({ recoveryRegion: OTHER_REGION })), 'Prod', 'recoveryRegion', "'eu-west-1'"],
    ['an active Region that is neither', stage({ primaryRegion: OTHER_REGION, activeRegion: RECOVERY_REGION }), 'Prod', 'activeRegion', "'eu-central-1'"],
    ['recovery settings without a recovery Region', stage({ primaryRegion: OTHER_REGION, recovery: {} }), 'Prod', 'recovery', "'without recoveryRegion'"],
    ['a recovery Region without the account', stage({ primaryRegion: OTHER_REGION, recoveryRegion: RECOVERY_REGION }), 'Prod', 'env.account', 'undefined'],
    ['a stage domain name without its zone', stage({ primaryRegion: OTHER_REGION, domainName: 'www.example.com' }), 'Prod', 'hostedZone', 'undefined'],
    ['the domain name in the web app props', stage({ primaryRegion: OTHER_REGION, webApp: { domainName: 'www.example.com' } as any }), 'Prod', 'webApp.domainName', "'in a HighlyAvailableWebAppStage'"],
    ['an internet-facing load balancer in a stage', stage({ primaryRegion: OTHER_REGION, webApp: { appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST } } }),
      'Prod', 'webApp.appTier.loadBalancerExposure', "'CLOUDFRONT_PREFIX_LIST'"],
    ['Aurora with a recovery Region', stage(withRecovery({ webApp: { database: { topology: DatabaseTopology.aurora() } } })), 'Prod', 'webApp.database.topology', "'aurora'"],
    ['uploads replication of its own with a recovery Region', stage(withRecovery({ webApp: { uploads: { replication: {} as any } } })), 'Prod', 'webApp.uploads.replication', "'in a HighlyAvailableWebAppStage'"],
    ['write paths without failover', stage(withRecovery({ recovery: { originFailover: false, writePathPatterns: ['/api/*'] } })), 'Prod', 'recovery.writePathPatterns', '["/api/*"]'],
    ['a replica bucket that refuses plain HTTP origins, through the stage', stage(withRecovery({ webApp: { uploads: { corsAllowedOrigins: ['http://www.example.com'] } } })),
      'Prod', 'webApp.uploads.corsAllowedOrigins', "'http://www.example.com'"],
    ['the primary Region as a number', stage({ primaryRegion: 5 as any }), 'Prod', 'primaryRegion', '5'],
    ['a zone name where the stage hosted zone goes', stage({ primaryRegion: OTHER_REGION, domainName: 'www.example.com', hostedZone: 'example.com' as any }), 'Prod', 'hostedZone', "'example.com'"],
    ['a string where the web app props go', stage({ primaryRegion: OTHER_REGION, webApp: 'default' as any }), 'Prod', 'webApp', "'default'"],
    ['a string where the recovery settings go', stage(withRecovery({ recovery: 'warm' as any })), 'Prod', 'recovery', "'warm'"],
    ['the standby capacity of the stage as a string', stage(withRecovery({ recovery: { standbyCapacity: '1' as any } })), 'Prod', 'recovery.standbyCapacity', "'1'"],
  ];

  test('the catalogue covers every construct used alone', () => {
    const paths = new Set(CASES.map(([, , path]) => path.split('/').pop()));
    expect([...paths].sort()).toEqual(['Assets', 'Backup', 'Cache', 'Database', 'Edge', 'Encryption', 'Firewall', 'Guardrails', 'Monitoring', 'Prod', 'Storage', 'Tier', 'Trail', 'WebApp']);
  });

  test.each(CASES)('%s', (_description, build, path, prop, shown) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WebAppConfigurationError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^${escape(path)}: invalid ${escape(prop)} \\(`));
    if (shown) {
      expect(message).toContain(`(${shown})`);
    }
    expect(message).toMatch(/\): \S.{15,}$/s);
  });
});
