import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  AnomalyDetection, AppSource, BudgetScope, CacheEngine, DatabaseEngine, DatabaseTopology, HighlyAvailableWebApp, LoadBalancerExposure,
  ManagedRuleGroup, StaticAssets, WebAclScope, WebApplicationFirewall, WebAppEncryption, WebAppNetwork, WebAppTier,
} from '../src';
import { cfnLint, describeQualityGates, nagErrors } from './gates/quality-gates';
import { OTHER_REGION, TEST_ACCOUNT, testApp, testStack } from './helpers';

/**
 * Every configuration the gates run over: the default, the fully featured one, and each construct alone.
 * A new option belongs in 'fully featured'; a new construct gets its own entry.
 */
const CONFIGURATIONS: Record<string, (stack: Stack) => void> = {
  'default HighlyAvailableWebApp': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp');
  },
  'fully featured HighlyAvailableWebApp (domain, internet-facing load balancer, static upload)': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp', {
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
        disasterRecoveryVault: backup.BackupVault.fromBackupVaultArn(stack, 'RecoveryVault',
          `arn:aws:backup:${OTHER_REGION}:${TEST_ACCOUNT}:backup-vault:web-app-recovery`),
      },
      patching: { approveAfterDays: 3, maxConcurrency: '50%' },
      costGuardrails: {
        monthlyBudget: 3000,
        emailAddresses: ['finops@example.com'],
        budgetScope: BudgetScope.APPLICATION_TAG,
        anomalyDetection: AnomalyDetection.existingMonitor(`arn:aws:ce::${TEST_ACCOUNT}:anomalymonitor/01234567-89ab-cdef-0123-456789abcdef`),
      },
      auditUploadsDataEvents: true,
      auditTrail: { cloudWatchLogsRetention: logs.RetentionDays.TWO_YEARS },
      compliance: { configRecorder: true, securityHub: true, guardDuty: true, inspector: true },
    });
  },
  'HighlyAvailableWebApp with a domain, the VPC origin and a Multi-AZ DB cluster': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp', {
      database: { topology: DatabaseTopology.multiAzCluster() },
      domainName: 'app.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    });
  },
  'cost mode HighlyAvailableWebApp (2 AZs, one NAT gateway, x86, small database without replica)': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp', {
      network: { maxAzs: 2, natGateways: 1 },
      database: {
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
        topology: DatabaseTopology.multiAzInstance({ readReplicas: 0 }),
      },
      cache: { nodeType: 'cache.t4g.micro' },
      appTier: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM) },
    });
  },
  'HighlyAvailableWebApp in eu-west-1, with its WebACL and certificate from a us-east-1 stack': (edgeStack) => {
    const firewall = new WebApplicationFirewall(edgeStack, 'Firewall');
    const edgeZone = route53.HostedZone.fromHostedZoneAttributes(edgeStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const certificate = new acm.Certificate(edgeStack, 'Certificate', {
      domainName: 'www.example.com',
      validation: acm.CertificateValidation.fromDns(edgeZone),
    });
    const stack = new Stack(edgeStack.node.root, 'Regional', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
    // Weak references (Fn::GetStackOutput) cross Regions without custom resources and never block an update.
    stack.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'weak');
    new HighlyAvailableWebApp(stack, 'WebApp', {
      domainName: 'www.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
      edge: { webAclArn: firewall.webAclArn, certificate },
    });
  },
  'WebApplicationFirewall alone (REGIONAL, on the load balancer)': (stack) => {
    const network = new WebAppNetwork(stack, 'Network');
    const tier = new WebAppTier(stack, 'AppTier', { vpc: network.vpc });
    new WebApplicationFirewall(stack, 'Firewall', { scope: WebAclScope.REGIONAL }).associate('Alb', tier.loadBalancer.loadBalancerArn);
  },
  'StaticAssets alone': (stack) => {
    new StaticAssets(stack, 'Assets');
  },
  'WebAppNetwork alone': (stack) => {
    new WebAppNetwork(stack, 'Network');
  },
  'WebAppTier with a container image, Spot, scheduled and predictive scaling': (stack) => {
    const network = new WebAppNetwork(stack, 'Network');
    new WebAppTier(stack, 'AppTier', {
      vpc: network.vpc,
      vpcSubnets: network.appSubnets,
      appSource: AppSource.containerImage({ repository: new ecr.Repository(stack, 'Repo', { imageScanOnPush: true }), tag: 'v1', containerPort: 3000 }),
      spot: { onDemandBaseCapacity: 2, onDemandPercentageAboveBase: 25, additionalInstanceTypes: [new ec2.InstanceType('m7g.medium')] },
      scheduledScaling: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0', weekDay: 'MON-FRI' }), minCapacity: 4 }],
      predictiveScaling: true,
    });
  },
  'WebAppTier alone in an existing VPC': (stack) => {
    const network = new WebAppNetwork(stack, 'Network');
    const encryption = new WebAppEncryption(stack, 'Keys', { removalPolicy: RemovalPolicy.RETAIN });
    new WebAppTier(stack, 'AppTier', { vpc: network.vpc, encryptionKey: encryption.key });
  },
};

describeQualityGates(CONFIGURATIONS, testApp, (app) => testStack(app));

describe('the gates catch what they guard against', () => {
  test('the nag gate reports an unencrypted, unlogged bucket', () => {
    const app = testApp();
    const stack = testStack(app);
    new s3.Bucket(stack, 'Careless', { encryption: s3.BucketEncryption.UNENCRYPTED });
    const rules = nagErrors(app).map((finding) => finding.rule);
    expect(rules).toEqual(expect.arrayContaining([
      'AwsSolutions-S1',
      'AwsSolutions-S10',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'HIPAA.Security-S3BucketSSLRequestsOnly',
      'PCI.DSS.321-S3BucketLoggingEnabled',
    ]));
  });

  test('the cfn-lint gate reports an invalid template', () => {
    const matches = cfnLint({
      Broken: {
        Resources: {
          Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 'not a number', NoSuchProperty: true } },
        },
      },
    });
    expect(matches.map((match) => match.rule)).toEqual(expect.arrayContaining(['E3002', 'E3012']));
  });
});
