import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { OTHER_REGION, TEST_ACCOUNT } from './helpers';
import {
  AnomalyDetection, AppTierUpdate, BudgetScope, CacheEngine, DatabaseEngine, DatabaseTopology, HighlyAvailableWebAppProps, LoadBalancerExposure,
  ManagedRuleGroup, RecoveryPointChoice, StagingTraffic,
} from '../src';

/**
 * The fully featured HighlyAvailableWebApp: a domain, an internet-facing load balancer, a static upload, and
 * every option of every tier. A new option belongs here: the quality gates and the upgrade-safety record use it.
 */
export function FULLY_FEATURED(stack: Stack): HighlyAvailableWebAppProps {
  return {
    domainName: 'www.example.com',
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    alternativeDomainNames: ['example.com'],
    network: { maxAzs: 3, natGateways: 3, cidr: '10.20.0.0/16', flowLogRetention: logs.RetentionDays.TWO_YEARS, interfaceEndpoints: true, dataPorts: [3306, 6380] },
    edge: {
      firewall: {
        rateLimit: 500,
        rateLimitWindow: Duration.minutes(1),
        ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }],
        logRetention: logs.RetentionDays.TWO_YEARS,
      },
      staticPathPatterns: ['/static/*', '/assets/*', '*.css'],
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction: cloudfront.GeoRestriction.denylist('KP'),
      contentSecurityPolicy: "default-src 'self'",
      errorResponses: [{ httpStatus: 503, responsePagePath: '/static/maintenance.html', responseHttpStatus: 503, ttl: Duration.seconds(10) }],
      shieldAdvanced: true,
      staging: {
        traffic: StagingTraffic.header('aws-cf-cd-staging', 'true'),
        changes: { contentSecurityPolicy: "default-src 'self'; img-src 'self' data:" },
      },
    },
    database: {
      engine: DatabaseEngine.mysql(),
      topology: DatabaseTopology.aurora({ readers: 2 }),
      backupRetention: Duration.days(14),
      proxy: true,
    },
    cache: { engine: CacheEngine.redis(), shards: 2, replicasPerShard: 2, port: 6380 },
    uploads: { infrequentAccessAfter: Duration.days(60), glacierInstantRetrievalAfter: Duration.days(120) },
    staticAssets: {
      source: path.join(__dirname, 'edge', 'fixtures', 'static'),
      destinationKeyPrefix: 'static/',
      noncurrentVersionExpiration: Duration.days(7),
    },
    appTier: {
      loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      minCapacity: 3,
      maxCapacity: 12,
      appPort: 8443,
      healthCheckPath: '/healthz',
      targetCpuUtilization: 50,
      targetRequestsPerMinute: 2000,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate',
        'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555'),
      deletionProtection: true,
      warmPool: { minSize: 1, reuseOnScaleIn: true },
      updateStrategy: AppTierUpdate.instanceRefresh({
        bakeTime: Duration.minutes(20),
        checkpointPercentages: [50, 100],
        checkpointDelay: Duration.minutes(10),
        maxHealthyPercentage: 200,
      }),
      logRetention: logs.RetentionDays.TWO_YEARS,
    },
    monitoring: {
      alarmEmails: ['ops@example.com'],
      thresholds: { instanceCpuUtilization: 75, databaseConnections: 800, targetResponseTimeP99: Duration.seconds(1) },
    },
    backup: {
      dailyRetention: Duration.days(14),
      monthlyMoveToColdStorageAfter: Duration.days(90),
      monthlyRetention: Duration.days(730),
      vaultLock: { minRetention: Duration.days(7), maxRetention: Duration.days(800) },
      restoreTesting: { validationWindow: Duration.hours(2), recoveryPoint: RecoveryPointChoice.RANDOM },
      disasterRecoveryVault: backup.BackupVault.fromBackupVaultArn(stack, 'RecoveryVault',
        `arn:aws:backup:${OTHER_REGION}:${TEST_ACCOUNT}:backup-vault:web-app-recovery`),
    },
    patching: { approveAfterDays: 3, maxConcurrency: '50%' },
    zonalAutoshift: { blockedWindows: ['Sat:00:00-Sat:06:00'], blockedDates: ['2026-12-24'] },
    faultInjection: { duration: Duration.minutes(15), logRetention: logs.RetentionDays.TWO_YEARS },
    canary: { schedule: Duration.minutes(10), artifactsRetention: Duration.days(14), failureRetention: Duration.days(60) },
    costGuardrails: {
      monthlyBudget: 3000,
      emailAddresses: ['finops@example.com'],
      budgetScope: BudgetScope.APPLICATION_TAG,
      anomalyDetection: AnomalyDetection.existingMonitor(`arn:aws:ce::${TEST_ACCOUNT}:anomalymonitor/01234567-89ab-cdef-0123-456789abcdef`),
    },
    auditUploadsDataEvents: true,
    auditTrail: { cloudWatchLogsRetention: logs.RetentionDays.TWO_YEARS },
    compliance: { configRecorder: true, securityHub: true, guardDuty: true, inspector: true },
  };
}
