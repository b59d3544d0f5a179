import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TEST_AZS, testStack } from './helpers';
import { WebAppTier } from '../src/compute/web-app-tier';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../src/highly-available-web-app';
import { WebAppNetwork } from '../src/network/web-app-network';
import { WebAppEncryption } from '../src/security/web-app-encryption';

/**
 * Logical IDs of the stateful resources of the default stack. A change to any of them makes
 * CloudFormation replace the resource: for the key, that strands everything encrypted with it.
 */
const STABLE_LOGICAL_IDS = {
  'AWS::KMS::Key': ['WebAppEncryptionKey328719CF'],
  'AWS::S3::Bucket': ['WebAppAppTierAccessLogs4BF670D1', 'WebAppAppTierServerAccessLogsFC75D5D3'],
  'AWS::Logs::LogGroup': ['WebAppNetworkFlowLogs45104DEC'],
  // Replacing the VPC replaces everything in it.
  'AWS::EC2::VPC': ['WebAppNetworkVpc49995AAC'],
};

function synth(props?: HighlyAvailableWebAppProps, configure: (stack: Stack) => HighlyAvailableWebAppProps = () => ({})) {
  const stack = testStack();
  const app = new HighlyAvailableWebApp(stack, 'WebApp', { ...props, ...configure(stack) });
  return { stack, app, template: Template.fromStack(stack) };
}

describe('HighlyAvailableWebApp', () => {
  describe('default composition', () => {
    let stack: Stack;
    let app: HighlyAvailableWebApp;
    let template: Template;
    beforeAll(() => {
      ({ stack, app, template } = synth());
    });

    test.each([
      ['AWS::EC2::VPC', 1],
      ['AWS::ElasticLoadBalancingV2::LoadBalancer', 1],
      ['AWS::AutoScaling::AutoScalingGroup', 1],
      ['AWS::KMS::Key', 1],
      ['AWS::EC2::NatGateway', 3],
      ['AWS::EC2::Subnet', 9],
      ['AWS::SNS::Topic', 1],
      ['AWS::Logs::LogGroup', 1],
    ])('has %s x %d', (type, count) => {
      template.resourceCountIs(type, count);
    });

    test('one key encrypts the flow logs, the EBS volumes and the notifications topic', () => {
      const keyArn = { 'Fn::GetAtt': [STABLE_LOGICAL_IDS['AWS::KMS::Key'][0], 'Arn'] };
      template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: keyArn });
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true, KmsKeyId: keyArn }) })],
        }),
      });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    });

    test('the key serves both CloudWatch Logs and the Auto Scaling service-linked role', () => {
      const sids = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement
        .map((statement: { Sid?: string }) => statement.Sid);
      expect(sids).toEqual(expect.arrayContaining([
        'AllowCloudWatchLogsOfThisAccount',
        'AllowAutoScalingToUseTheKey',
        'AllowAutoScalingToAttachEncryptedVolumes',
      ]));
    });

    test('the app tier runs in the App subnets of the network', () => {
      const appSubnets = app.vpc.selectSubnets(app.network.appSubnets).subnets
        .map((subnet) => ({ Ref: stack.getLogicalId(subnet.node.defaultChild as ec2.CfnSubnet) }));
      expect(appSubnets).toHaveLength(3);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { VPCZoneIdentifier: appSubnets });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal', Subnets: appSubnets });
    });

    test('exposes its parts as public members', () => {
      expect(app.network).toBeInstanceOf(WebAppNetwork);
      expect(app.vpc).toBeInstanceOf(ec2.Vpc);
      expect(app.vpc).toBe(app.network.vpc);
      expect(app.appTier).toBeInstanceOf(WebAppTier);
      expect(app.encryption).toBeInstanceOf(WebAppEncryption);
      expect(app.encryptionKey).toBe(app.encryption!.key);
      expect(app.appTier.loadBalancer.loadBalancerArn).toBeDefined();
      expect(app.appTier.autoScalingGroup.autoScalingGroupName).toBeDefined();
    });

    test('uses stable construct ids for its parts', () => {
      expect(app.node.children.map((child) => child.node.id).sort()).toEqual(['AppTier', 'Encryption', 'Network']);
    });

    test.each(Object.entries(STABLE_LOGICAL_IDS))('keeps the logical IDs of %s', (type, ids) => {
      expect(Object.keys(template.findResources(type)).sort()).toEqual([...ids].sort());
    });

    test('keeps the stateful resources when they leave the stack', () => {
      for (const [type, ids] of Object.entries(STABLE_LOGICAL_IDS)) {
        if (type === 'AWS::EC2::VPC') {
          continue;
        }
        for (const id of ids) {
          expect(template.toJSON().Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
        }
      }
    });

    test('gives no warning', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('matches the snapshot', () => {
      expect(template.toJSON()).toMatchSnapshot();
    });
  });

  describe('options', () => {
    test('a given encryptionKey is used everywhere and no key is created', () => {
      const { stack, app, template } = synth({}, (s) => ({ encryptionKey: new kms.Key(s, 'BroughtKey') }));
      template.resourceCountIs('AWS::KMS::Key', 1);
      const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
      expect(keyId).toMatch(/^BroughtKey/);
      const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
      template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: keyArn });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ KmsKeyId: keyArn }) })],
        }),
      });
      expect(app.encryption).toBeUndefined();
      expect(app.encryptionKey).toBe(stack.node.findChild('BroughtKey'));
    });

    test('network options are passed through', () => {
      const { template } = synth({ network: { maxAzs: 2, natGateways: 1, cidr: '10.20.0.0/16' } });
      template.resourceCountIs('AWS::EC2::NatGateway', 1);
      template.resourceCountIs('AWS::EC2::Subnet', 6);
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    });

    test('appTier options are passed through', () => {
      const { template } = synth({
        appTier: {
          minCapacity: 3,
          maxCapacity: 9,
          appPort: 8443,
          instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM),
          deletionProtection: false,
        },
      });
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '3', MaxSize: '9' });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8443 });
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({ InstanceType: 't3.medium' }),
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
      });
    });

    test('an existing VPC is used: no VPC is created and the app runs in its private subnets', () => {
      const { app, template } = synth({}, (s) => ({
        network: {
          vpc: ec2.Vpc.fromVpcAttributes(s, 'Existing', {
            vpcId: 'vpc-0123456789abcdef0',
            availabilityZones: TEST_AZS,
            privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
          }),
        },
      }));
      template.resourceCountIs('AWS::EC2::VPC', 0);
      template.resourceCountIs('AWS::EC2::FlowLog', 0);
      template.resourceCountIs('AWS::Logs::LogGroup', 0);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        VPCZoneIdentifier: ['subnet-a', 'subnet-b', 'subnet-c'],
      });
      expect(app.vpc.vpcId).toEqual('vpc-0123456789abcdef0');
      expect(app.network.flowLogGroup).toBeUndefined();
    });

    test('errors of a tier name the tier and the prop', () => {
      expect(() => synth({ appTier: { minCapacity: 1 } })).toThrow('TestStack/WebApp/AppTier: invalid minCapacity (1)');
      expect(() => synth({ network: { maxAzs: 7 } })).toThrow('TestStack/WebApp/Network: invalid maxAzs (7)');
    });
  });

  describe('interface endpoints', () => {
    test('the application instances, and only they, may use them', () => {
      const { stack, app, template } = synth({ network: { interfaceEndpoints: true } });
      const endpointGroup = stack.getLogicalId(app.network.interfaceEndpointsSecurityGroup!.node.defaultChild as ec2.CfnSecurityGroup);
      const instanceGroup = stack.getLogicalId(app.appTier.instanceSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup);
      const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { GroupId: { 'Fn::GetAtt': [endpointGroup, 'GroupId'] } },
      });
      expect(Object.values(ingress).map((rule) => rule.Properties)).toEqual([
        expect.objectContaining({ FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [instanceGroup, 'GroupId'] } }),
      ]);
    });
  });
});
