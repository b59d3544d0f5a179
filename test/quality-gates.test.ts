import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  AppSource, DatabaseEngine, DatabaseTopology, HighlyAvailableWebApp, HighlyAvailableWebAppStage, StaticAssets, WebAclScope,
  WebApplicationFirewall, WebAppEncryption, WebAppNetwork, WebAppTier,
} from '../src';
import { FULLY_FEATURED } from './configurations';
import { cfnLint, describeQualityGates, nagFindings } from './gates/quality-gates';
import { OTHER_REGION, RECOVERY_REGION, TEST_ACCOUNT, testApp, testStack } from './helpers';

/**
 * Every configuration the gates run over: the default, the fully featured one, and each construct alone.
 * A new option belongs in 'fully featured'; a new construct gets its own entry.
 */
const CONFIGURATIONS: Record<string, (stack: Stack) => void> = {
  'default HighlyAvailableWebApp': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp');
  },
  'fully featured HighlyAvailableWebApp (domain, internet-facing load balancer, static upload)': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp', FULLY_FEATURED(stack));
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
  'HighlyAvailableWebAppStage: eu-west-1 with a domain, a eu-central-1 warm standby and origin failover': (stack) => {
    new HighlyAvailableWebAppStage(stack.node.root, 'Prod', {
      env: { account: TEST_ACCOUNT },
      primaryRegion: OTHER_REGION,
      recoveryRegion: RECOVERY_REGION,
      domainName: 'www.example.com',
      hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
      alternativeDomainNames: ['example.com'],
      recovery: { writePathPatterns: ['/api/*', '/login'], uploadsReplicationTimeControl: true },
      webApp: { monitoring: { alarmEmails: ['ops@example.com'] } },
    });
  },
  'HighlyAvailableWebAppStage: pilot light without a domain, failed over to the recovery Region': (stack) => {
    new HighlyAvailableWebAppStage(stack.node.root, 'Prod', {
      env: { account: TEST_ACCOUNT },
      primaryRegion: OTHER_REGION,
      recoveryRegion: RECOVERY_REGION,
      activeRegion: RECOVERY_REGION,
      recovery: { standbyCapacity: 0 },
      webApp: { database: { engine: DatabaseEngine.mysql() } },
    });
  },
  'HighlyAvailableWebAppStage: eu-west-1 without a recovery Region': (stack) => {
    new HighlyAvailableWebAppStage(stack.node.root, 'Prod', { env: { account: TEST_ACCOUNT }, primaryRegion: OTHER_REGION });
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
    const rules = nagFindings(app).map((finding) => finding.rule);
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
