import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HighlyAvailableWebApp, WebAppEncryption, WebAppNetwork, WebAppTier } from '../src';
import { cfnLint, formatFindings, nagErrors, templatesOf } from './gates/quality-gates';
import { testApp, testStack } from './helpers';

/**
 * Every configuration the gates run over: the default, the fully featured one, and each construct alone.
 * A new option belongs in 'fully featured'; a new construct gets its own entry.
 */
const CONFIGURATIONS: Record<string, (stack: Stack) => void> = {
  'default HighlyAvailableWebApp': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp');
  },
  'fully featured HighlyAvailableWebApp': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp', {
      network: { maxAzs: 3, natGateways: 3, cidr: '10.20.0.0/16', flowLogRetention: logs.RetentionDays.TWO_YEARS, interfaceEndpoints: true },
      appTier: {
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
      },
    });
  },
  'cost mode HighlyAvailableWebApp (2 AZs, one NAT gateway, x86)': (stack) => {
    new HighlyAvailableWebApp(stack, 'WebApp', {
      network: { maxAzs: 2, natGateways: 1 },
      appTier: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM) },
    });
  },
  'WebAppNetwork alone': (stack) => {
    new WebAppNetwork(stack, 'Network');
  },
  'WebAppTier alone in an existing VPC': (stack) => {
    const network = new WebAppNetwork(stack, 'Network');
    const encryption = new WebAppEncryption(stack, 'Keys', { removalPolicy: RemovalPolicy.RETAIN });
    new WebAppTier(stack, 'AppTier', { vpc: network.vpc, encryptionKey: encryption.key });
  },
};

function synthesize(configure: (stack: Stack) => void): App {
  const app = testApp();
  configure(testStack(app));
  return app;
}

describe.each(Object.entries(CONFIGURATIONS))('%s', (_name, configure) => {
  test('the four cdk-nag packs report no unacknowledged error', () => {
    const findings = nagErrors(synthesize(configure));
    expect(formatFindings(findings)).toEqual('');
  });

  test('cfn-lint reports no error or warning', () => {
    const matches = cfnLint(templatesOf(synthesize(configure)));
    expect(matches).toEqual([]);
  });
});

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
