'use strict';
// The configurations of the compatibility matrix, written the way a user writes them: against the published
// package (`require('cdk-ha-web-app')`) and aws-cdk-lib's public API only, in plain JavaScript so that no compiler
// of ours stands between the package and the user's app. The runner copies this file into each fresh app.
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const backup = require('aws-cdk-lib/aws-backup');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const cloudfront = require('aws-cdk-lib/aws-cloudfront');
const ec2 = require('aws-cdk-lib/aws-ec2');
const logs = require('aws-cdk-lib/aws-logs');
const route53 = require('aws-cdk-lib/aws-route53');
const s3 = require('aws-cdk-lib/aws-s3');
const webapp = require('cdk-ha-web-app');

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const PRIMARY_REGION = 'eu-west-1';
const RECOVERY_REGION = 'eu-central-1';
const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };

/** The Availability Zones that `cdk synth` would otherwise look up with AWS credentials (cdk.context.json). */
const CONTEXT = Object.fromEntries([REGION, PRIMARY_REGION, RECOVERY_REGION].map((region) => [
  `availability-zones:account=${ACCOUNT}:region=${region}`, ['a', 'b', 'c'].map((zone) => `${region}${zone}`),
]));

function usEast1Stack(app, id) {
  return new cdk.Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
}

function hostedZone(scope) {
  return route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', ZONE);
}

/** The folder of the `full` configuration's static upload: a small site, written next to this file. */
function staticFolder() {
  const folder = path.join(__dirname, 'static');
  fs.mkdirSync(path.join(folder, 'css'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'index.html'), '<!doctype html>\n<title>compat</title>\n<link rel="stylesheet" href="css/site.css">\n<h1>It works</h1>\n');
  fs.writeFileSync(path.join(folder, 'css', 'site.css'), 'h1 { font-family: sans-serif; }\n');
  return folder;
}

/** Everything the library offers, on: modelled on the fully featured configuration of the library's own tests. */
function fullyFeatured(stack) {
  return {
    domainName: 'www.example.com',
    hostedZone: hostedZone(stack),
    alternativeDomainNames: ['example.com'],
    network: { maxAzs: 3, natGateways: 3, cidr: '10.20.0.0/16', flowLogRetention: logs.RetentionDays.TWO_YEARS, interfaceEndpoints: true, dataPorts: [3306, 6380] },
    edge: {
      firewall: {
        rateLimit: 500,
        rateLimitWindow: cdk.Duration.minutes(1),
        ruleActionOverrides: [{ ruleGroup: webapp.ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }],
        logRetention: logs.RetentionDays.TWO_YEARS,
      },
      staticPathPatterns: ['/static/*', '/assets/*', '*.css'],
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction: cloudfront.GeoRestriction.denylist('KP'),
      contentSecurityPolicy: "default-src 'self'",
      errorResponses: [{ httpStatus: 503, responsePagePath: '/static/maintenance.html', responseHttpStatus: 503, ttl: cdk.Duration.seconds(10) }],
      shieldAdvanced: true,
      staging: {
        traffic: webapp.StagingTraffic.header('aws-cf-cd-staging', 'true'),
        changes: { contentSecurityPolicy: "default-src 'self'; img-src 'self' data:" },
      },
    },
    database: {
      engine: webapp.DatabaseEngine.mysql(),
      topology: webapp.DatabaseTopology.aurora({ readers: 2 }),
      backupRetention: cdk.Duration.days(14),
      proxy: true,
    },
    cache: { engine: webapp.CacheEngine.redis(), shards: 2, replicasPerShard: 2, port: 6380 },
    uploads: { infrequentAccessAfter: cdk.Duration.days(60), glacierInstantRetrievalAfter: cdk.Duration.days(120) },
    staticAssets: { source: staticFolder(), destinationKeyPrefix: 'static/', noncurrentVersionExpiration: cdk.Duration.days(7) },
    appTier: {
      loadBalancerExposure: webapp.LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      minCapacity: 3,
      maxCapacity: 12,
      appPort: 8443,
      healthCheckPath: '/healthz',
      targetCpuUtilization: 50,
      targetRequestsPerMinute: 2000,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate',
        `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`),
      deletionProtection: true,
      warmPool: { minSize: 1, reuseOnScaleIn: true },
      updateStrategy: webapp.AppTierUpdate.instanceRefresh({
        bakeTime: cdk.Duration.minutes(20),
        checkpointPercentages: [50, 100],
        checkpointDelay: cdk.Duration.minutes(10),
        maxHealthyPercentage: 200,
      }),
      logRetention: logs.RetentionDays.TWO_YEARS,
    },
    monitoring: {
      alarmEmails: ['ops@example.com'],
      thresholds: { instanceCpuUtilization: 75, databaseConnections: 800, targetResponseTimeP99: cdk.Duration.seconds(1) },
    },
    backup: {
      dailyRetention: cdk.Duration.days(14),
      monthlyMoveToColdStorageAfter: cdk.Duration.days(90),
      monthlyRetention: cdk.Duration.days(730),
      vaultLock: { minRetention: cdk.Duration.days(7), maxRetention: cdk.Duration.days(800) },
      restoreTesting: { validationWindow: cdk.Duration.hours(2), recoveryPoint: webapp.RecoveryPointChoice.RANDOM },
      disasterRecoveryVault: backup.BackupVault.fromBackupVaultArn(stack, 'RecoveryVault',
        `arn:aws:backup:${PRIMARY_REGION}:${ACCOUNT}:backup-vault:web-app-recovery`),
    },
    patching: { approveAfterDays: 3, maxConcurrency: '50%' },
    zonalAutoshift: { blockedWindows: ['Sat:00:00-Sat:06:00'], blockedDates: ['2026-12-24'] },
    faultInjection: { duration: cdk.Duration.minutes(15), logRetention: logs.RetentionDays.TWO_YEARS },
    canary: { schedule: cdk.Duration.minutes(10), artifactsRetention: cdk.Duration.days(14), failureRetention: cdk.Duration.days(60) },
    costGuardrails: {
      monthlyBudget: 3000,
      emailAddresses: ['finops@example.com'],
      budgetScope: webapp.BudgetScope.APPLICATION_TAG,
      anomalyDetection: webapp.AnomalyDetection.existingMonitor(`arn:aws:ce::${ACCOUNT}:anomalymonitor/01234567-89ab-cdef-0123-456789abcdef`),
    },
    auditUploadsDataEvents: true,
    auditTrail: { cloudWatchLogsRetention: logs.RetentionDays.TWO_YEARS },
    compliance: { configRecorder: true, securityHub: true, guardDuty: true, inspector: true },
  };
}

/**
 * Each exported tier construct alone, one stack each (named after the construct), with the fewest other
 * constructs of the library that it needs: a network for what lives in a VPC, an app tier for the edge and patching.
 */
const TIERS = {
  WebAppNetwork: (stack) => new webapp.WebAppNetwork(stack, 'Network'),
  WebAppEncryption: (stack) => new webapp.WebAppEncryption(stack, 'Encryption'),
  WebApplicationFirewall: (stack) => new webapp.WebApplicationFirewall(stack, 'Firewall'),
  EdgeDistribution: (stack) => {
    const network = new webapp.WebAppNetwork(stack, 'Network');
    const tier = new webapp.WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
    new webapp.EdgeDistribution(stack, 'Edge', { loadBalancer: tier.loadBalancer });
  },
  StaticAssets: (stack) => new webapp.StaticAssets(stack, 'StaticAssets'),
  WebAppTier: (stack) => {
    const network = new webapp.WebAppNetwork(stack, 'Network');
    new webapp.WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
  },
  WebAppDatabase: (stack) => {
    const network = new webapp.WebAppNetwork(stack, 'Network');
    new webapp.WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
  },
  WebAppCache: (stack) => {
    const network = new webapp.WebAppNetwork(stack, 'Network');
    new webapp.WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
  },
  UploadsBucket: (stack) => new webapp.UploadsBucket(stack, 'Uploads'),
  WebAppMonitoring: (stack) => {
    const firewall = new webapp.WebApplicationFirewall(stack, 'Firewall');
    new webapp.WebAppMonitoring(stack, 'Monitoring', { firewall, alarmEmails: ['ops@example.com'] });
  },
  AuditTrail: (stack) => new webapp.AuditTrail(stack, 'AuditTrail'),
  ComplianceScanning: (stack) => new webapp.ComplianceScanning(stack, 'Compliance', {
    configRecorder: true, securityHub: true, guardDuty: true, inspector: true,
  }),
  WebAppBackup: (stack) => new webapp.WebAppBackup(stack, 'Backup', { resources: [backup.BackupResource.fromTag('backup', 'daily')] }),
  PatchManagement: (stack) => {
    // A group of this app, which PatchManagement tags with its patch group (an imported one it can only warn about).
    const network = new webapp.WebAppNetwork(stack, 'Network');
    const tier = new webapp.WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
    new webapp.PatchManagement(stack, 'Patching', { autoScalingGroup: tier.autoScalingGroup });
  },
  CostGuardrails: (stack) => new webapp.CostGuardrails(stack, 'CostGuardrails', { emailAddresses: ['finops@example.com'] }),
  FaultInjectionExperiments: (stack) => {
    // The experiments of an app tier, a database and a cache, stopped by the application-unavailable alarm.
    const network = new webapp.WebAppNetwork(stack, 'Network');
    const tier = new webapp.WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
    const database = new webapp.WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
    const cache = new webapp.WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
    const monitoring = new webapp.WebAppMonitoring(stack, 'Monitoring', { appTier: tier });
    new webapp.FaultInjectionExperiments(stack, 'FaultInjection', {
      autoScalingGroup: tier.autoScalingGroup,
      subnets: [...network.vpc.selectSubnets(network.appSubnets).subnets, ...network.vpc.selectSubnets(network.dataSubnets).subnets],
      stopConditionAlarms: [monitoring.appTierAlarms.applicationUnavailable],
      encryptionKey: new webapp.WebAppEncryption(stack, 'Encryption').key,
      database,
      databaseDeployment: database.topology.deployment,
      cache,
    });
  },
  RestoreTesting: (stack) => {
    // The vault of a WebAppBackup, and a database and a bucket of this app to restore.
    const network = new webapp.WebAppNetwork(stack, 'Network');
    const database = new webapp.WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
    const uploads = new webapp.UploadsBucket(stack, 'Uploads');
    const vault = new webapp.WebAppBackup(stack, 'Backup', { resources: [backup.BackupResource.fromArn(database.arn)] }).vault;
    const testing = new webapp.RestoreTesting(stack, 'RestoreTesting', { vault });
    testing.addDatabase(database, { vpc: network.vpc, vpcSubnets: network.dataSubnets, deployment: database.topology.deployment });
    testing.addBucket(uploads.bucket);
  },
  WebAppCanary: (stack) => {
    // The probe token of an app tier, and the topic of its monitoring.
    const network = new webapp.WebAppNetwork(stack, 'Network');
    const tier = new webapp.WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets });
    const monitoring = new webapp.WebAppMonitoring(stack, 'Monitoring', { appTier: tier });
    new webapp.WebAppCanary(stack, 'Canary', {
      url: 'https://www.example.com',
      healthProbeSecret: tier.healthProbeSecret,
      encryptionKey: new webapp.WebAppEncryption(stack, 'Encryption').key,
      alarmTopic: monitoring.alarmTopic,
    });
  },
  ZonalAutoshift: (stack) => {
    // The app tier's load balancer, registered for zonal shift, and the alarms of its monitoring.
    const network = new webapp.WebAppNetwork(stack, 'Network');
    const tier = new webapp.WebAppTier(stack, 'AppTier', { vpc: network.vpc, vpcSubnets: network.appSubnets, minCapacity: 3 });
    const monitoring = new webapp.WebAppMonitoring(stack, 'Monitoring', { appTier: tier });
    const alarms = monitoring.appTierAlarms;
    new webapp.ZonalAutoshift(stack, 'ZonalAutoshift', {
      loadBalancer: tier.loadBalancer,
      outcomeAlarms: [alarms.applicationUnavailable, alarms.loadBalancer5xxErrors, alarms.target5xxErrors],
    });
  },
};

/**
 * The harness's own check: what each tool must report, so that a clean cell means a tool that ran and saw
 * everything. An unencrypted, unlogged bucket in a stack and in a Stage's stack; a deprecated API call; a warning
 * annotation; and a property that CloudFormation Validate rejects.
 */
function buildCanary(app) {
  const careless = (stack) => {
    const bucket = new s3.Bucket(stack, 'Careless', { encryption: s3.BucketEncryption.UNENCRYPTED });
    const queue = new cdk.CfnResource(stack, 'Invalid', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: 'not a number' } });
    queue.addDependsOn(bucket.node.defaultChild);
    cdk.Annotations.of(stack).addWarningV2('canary:warning', 'a warning that no one acknowledged');
  };
  careless(usEast1Stack(app, 'Canary'));
  careless(usEast1Stack(new cdk.Stage(app, 'CanaryStage'), 'Canary'));
}

/** The configurations by name: each adds its stacks (or stage) to the app. */
const CONFIGURATIONS = {
  default: (app) => {
    new webapp.HighlyAvailableWebApp(usEast1Stack(app, 'Default'), 'WebApp');
  },
  domain: (app) => {
    const stack = usEast1Stack(app, 'Domain');
    new webapp.HighlyAvailableWebApp(stack, 'WebApp', { domainName: 'www.example.com', hostedZone: hostedZone(stack) });
  },
  full: (app) => {
    const stack = usEast1Stack(app, 'Full');
    new webapp.HighlyAvailableWebApp(stack, 'WebApp', fullyFeatured(stack));
  },
  stage: (app) => {
    new webapp.HighlyAvailableWebAppStage(app, 'Prod', {
      env: { account: ACCOUNT },
      primaryRegion: PRIMARY_REGION,
      recoveryRegion: RECOVERY_REGION,
      domainName: 'www.example.com',
      hostedZone: ZONE,
    });
  },
  tiers: (app) => {
    for (const [name, build] of Object.entries(TIERS)) {
      build(usEast1Stack(app, name));
    }
  },
  canary: buildCanary,
};

module.exports = { CONFIGURATIONS, CONTEXT, TIERS };
