import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { logicalId, OTHER_REGION, TEST_ACCOUNT, TEST_AZS, testApp, testStack } from './helpers';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../src/app/highly-available-web-app';
import { AppTierUpdate, LoadBalancerExposure, WebAppTier } from '../src/compute/web-app-tier';
import { DatabaseEngine, DatabaseTopology } from '../src/data/web-app-database';
import { EdgeDistribution } from '../src/edge/edge-distribution';
import { WebApplicationFirewall } from '../src/edge/web-application-firewall';
import { WebAppNetwork } from '../src/network/web-app-network';
import { WebAppEncryption } from '../src/security/web-app-encryption';

/**
 * Logical IDs of the stateful resources of the default stack. A change to any of them makes
 * CloudFormation replace the resource: for the key, that strands everything encrypted with it.
 */
const STABLE_LOGICAL_IDS = {
  'AWS::KMS::Key': ['WebAppEncryptionKey328719CF'],
  'AWS::S3::Bucket': [
    'WebAppAppTierAccessLogs4BF670D1',
    'WebAppServerAccessLogs3B662048',
    'WebAppAuditTrailBucket2A9DFD58',
    'WebAppEdgeAccessLogs6F648A0C',
    'WebAppStaticAssetsBucket5083A896',
    'WebAppUploadsBucketF9AC9522',
  ],
  'AWS::Logs::LogGroup': [
    'WebAppNetworkFlowLogs45104DEC',
    'WebAppEdgeFirewallLogsFD4CE0A8',
    'WebAppFaultInjectionLogs60BC8FE2',
    'WebAppAppTierApplicationLogsA57C7DAA',
    'WebAppAppTierSystemLogsE4F4B644',
    'WebAppAuditTrailLogs744570FC',
    'WebAppCacheEngineLog3BA35CAB',
    'WebAppCacheSlowLogC80A7671',
    'WebAppDatabaseInstancePostgresqlLog16BEC8B5',
    'WebAppDatabaseInstanceUpgradeLog23F47284',
    'WebAppDatabaseReadReplica1PostgresqlLog712B612E',
    'WebAppDatabaseReadReplica1UpgradeLog15B15367',
  ],
  'AWS::Backup::BackupVault': ['WebAppBackupVault0E50456C'],
  'AWS::RDS::DBInstance': ['WebAppDatabaseInstance3DE5632C', 'WebAppDatabaseReadReplica193FA3DBA'],
  'AWS::ElastiCache::ReplicationGroup': ['WebAppCacheReplicationGroup8CE0366C'],
  'AWS::SecretsManager::Secret': ['TestStackWebAppDatabaseInstanceSecretD6F3877A3fdaad7efa858a3daf9490cf0a702aeb', 'WebAppAppTierHealthProbeSecretD0AD5B42'],
  // Named resources (their IDs are created with them): another logical ID would create a second one of the same ID.
  'AWS::ElastiCache::User': ['WebAppCacheUser2E4CFEAA', 'WebAppCacheDefaultUser26BAEABD'],
  'AWS::ElastiCache::UserGroup': ['WebAppCacheUserGroup696DCEBA'],
  // Replacing the VPC replaces everything in it.
  'AWS::EC2::VPC': ['WebAppNetworkVpc49995AAC'],
};

const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0123abcd-0123-0123-0123-0123456789ab';

function zone(scope: Construct): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
}

/** The DistributionConfig of the only distribution of the template. */
function distributionConfig(template: Template) {
  const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  expect(distributions).toHaveLength(1);
  return distributions[0].Properties.DistributionConfig;
}

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
      ['AWS::SNS::Topic', 2],
      ['AWS::Logs::LogGroup', 12],
      ['AWS::FIS::ExperimentTemplate', 4],
      ['AWS::Synthetics::Canary', 0],
      ['AWS::Backup::BackupVault', 1],
      ['AWS::Backup::BackupSelection', 1],
      ['AWS::CloudTrail::Trail', 1],
      ['AWS::SSM::PatchBaseline', 1],
      ['AWS::SSM::Association', 2],
      ['AWS::Budgets::Budget', 1],
      ['AWS::Config::ConfigurationRecorder', 0],
      ['AWS::GuardDuty::Detector', 0],
      ['AWS::RDS::DBInstance', 2],
      ['AWS::ElastiCache::ReplicationGroup', 1],
      ['AWS::CloudFront::Distribution', 1],
      ['AWS::CloudFront::VpcOrigin', 1],
      ['AWS::WAFv2::WebACL', 1],
      ['AWS::CloudWatch::Alarm', 20],
      ['AWS::CloudWatch::CompositeAlarm', 1],
      ['AWS::CloudWatch::Dashboard', 1],
      // The only function restricts the VPC's default security group, which CloudFormation cannot do natively.
      ['AWS::Lambda::Function', 1],
      ['Custom::VpcRestrictDefaultSG', 1],
      ['AWS::Route53::RecordSet', 0],
      ['AWS::CertificateManager::Certificate', 0],
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
      // The members are the resources of the template.
      const onlyId = (type: string) => Object.keys(template.findResources(type))[0];
      expect(stack.resolve(app.appTier.loadBalancer.loadBalancerArn)).toEqual({ Ref: onlyId('AWS::ElasticLoadBalancingV2::LoadBalancer') });
      expect(stack.resolve(app.appTier.autoScalingGroup.autoScalingGroupName)).toEqual({ Ref: onlyId('AWS::AutoScaling::AutoScalingGroup') });
      expect(logicalId(stack, app.encryptionKey)).toEqual(STABLE_LOGICAL_IDS['AWS::KMS::Key'][0]);
      expect(logicalId(stack, app.vpc)).toEqual(STABLE_LOGICAL_IDS['AWS::EC2::VPC'][0]);
    });

    test('uses stable construct ids for its parts: the Region as Default (hidden from logical IDs), the edge and the account-level operations', () => {
      expect(app.node.children.map((child) => child.node.id).sort())
        .toEqual(['AuditTrail', 'Backup', 'CostGuardrails', 'Default', 'Edge', 'StaticAssets']);
      expect(app.node.defaultChild).toBe(app.region);
      expect(app.region.node.children.map((child) => child.node.id).sort())
        .toEqual(['AppTier', 'Cache', 'Database', 'Encryption', 'FaultInjection', 'Monitoring', 'Network', 'Patching', 'ServerAccessLogs', 'Uploads']);
    });

    test.each(Object.entries(STABLE_LOGICAL_IDS))('keeps the logical IDs of %s', (type, ids) => {
      expect(Object.keys(template.findResources(type)).sort()).toEqual([...ids].sort());
    });

    test('keeps the stateful resources when they leave the stack', () => {
      // Deleted on purpose: a read replica holds no data of its own, and the cache's users and user group hold no
      // data and no password (they sign in with IAM): they go with the cache, whose final snapshot keeps its data.
      // Replaceable without loss: a read replica, the cache's users, and the probe token (a new one is generated).
      const deletable = ['WebAppDatabaseReadReplica193FA3DBA', 'WebAppCacheUser2E4CFEAA', 'WebAppCacheDefaultUser26BAEABD', 'WebAppCacheUserGroup696DCEBA',
        'WebAppAppTierHealthProbeSecretD0AD5B42'];
      const snapshotted = ['WebAppDatabaseInstance3DE5632C', 'WebAppCacheReplicationGroup8CE0366C'];
      for (const [type, ids] of Object.entries(STABLE_LOGICAL_IDS)) {
        for (const id of ids.filter((candidate) => type !== 'AWS::EC2::VPC' && !deletable.includes(candidate))) {
          const policy = snapshotted.includes(id) ? 'Snapshot' : 'Retain';
          expect({ id, ...template.toJSON().Resources[id] }).toMatchObject({ id, DeletionPolicy: policy, UpdateReplacePolicy: policy });
        }
      }
    });

    test('the app tier reaches the database and the cache by security group, on their ports only', () => {
      const instanceGroup = stack.getLogicalId(app.appTier.instanceSecurityGroup.node.defaultChild as CfnElement);
      for (const [store, port] of [[app.database, 5432], [app.cache, 6379]] as const) {
        const storeGroup = stack.getLogicalId(store.connections.securityGroups[0].node.defaultChild as CfnElement);
        const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress', {
          Properties: { GroupId: { 'Fn::GetAtt': [storeGroup, 'GroupId'] } },
        })).map((rule) => rule.Properties);
        expect(ingress).toContainEqual(expect.objectContaining({
          FromPort: port, ToPort: port, SourceSecurityGroupId: { 'Fn::GetAtt': [instanceGroup, 'GroupId'] },
        }));
        // Every other rule (the database's credentials rotation) is also by reference, on the port.
        for (const rule of ingress) {
          expect(rule).toMatchObject({ FromPort: port, ToPort: port, SourceSecurityGroupId: expect.anything() });
          expect(rule.CidrIp).toBeUndefined();
        }
      }
    });

    test('the instances get the connection details, and no secret value, in their environment', () => {
      const launchTemplate = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
      const userData = JSON.stringify(launchTemplate.Properties.LaunchTemplateData.UserData);
      for (const name of ['DB_ENGINE=postgres', 'DB_HOST=', 'DB_READER_HOST=', 'DB_PORT=5432', 'DB_NAME=app', 'DB_SECRET_ARN=',
        'CACHE_HOST=', 'CACHE_PORT=6379', 'CACHE_USER=', 'CACHE_REPLICATION_GROUP_ID=', 'UPLOADS_BUCKET=']) {
        expect(userData).toContain(name);
      }
      expect(userData).not.toMatch(/resolve:secretsmanager/);
    });

    test('the user data stays well under the 16 KB that EC2 accepts', () => {
      const launchTemplate = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
      const userData = launchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64'];
      const parts: unknown[] = typeof userData === 'string' ? [userData] : userData['Fn::Join'][1];
      // Each reference resolves to a name, endpoint or ARN: 200 characters is generous.
      const size = parts.reduce((total: number, part) => total + (typeof part === 'string' ? part.length : 200), 0);
      expect(size).toBeLessThan(14 * 1024);
    });

    test('the instance role may read the database secret, sign in to the cache with IAM and use the uploads bucket, delete only probe objects, with no wildcard action', () => {
      const roleId = stack.getLogicalId(app.appTier.instanceRole.node.defaultChild as CfnElement);
      const policies = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId));
      const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      const actions = statements.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
      expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'elasticache:Connect', 's3:GetObject', 's3:PutObject']));
      // The cache has no secret: the secrets the role reads are the database's and the probe token.
      const secretReads = statements.filter((statement: { Action: string | string[] }) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'));
      expect(secretReads.map((statement: { Resource: unknown }) => JSON.stringify(statement.Resource)).sort()).toEqual([
        JSON.stringify({ Ref: 'WebAppAppTierHealthProbeSecretD0AD5B42' }),
        JSON.stringify({ Ref: 'WebAppDatabaseInstanceSecretAttachment09D3F256' }),
      ]);
      const connects = statements.filter((statement: { Action: string | string[] }) => [statement.Action].flat().includes('elasticache:Connect'));
      expect(connects).toEqual([expect.objectContaining({
        Resource: [expect.anything(), { 'Fn::GetAtt': ['WebAppCacheUser2E4CFEAA', 'Arn'] }],
      })]);
      expect(actions.filter((action: string) => action.includes('*'))).toEqual([]);
      // Deleting is limited to the health check's probe objects.
      const deletes = statements.filter((statement: { Action: string | string[] }) => [statement.Action].flat().includes('s3:DeleteObject'));
      const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(app.uploads.bucket.node.defaultChild as CfnElement), 'Arn'] };
      expect(deletes).toEqual([{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: { 'Fn::Join': ['', [bucketArn, '/health-check/*']] } }]);
    });

    test('CloudFront sends dynamic requests to the internal load balancer through the VPC origin, uncached', () => {
      const albId = stack.getLogicalId(app.appTier.loadBalancer.node.defaultChild as CfnElement);
      template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
        VpcOriginEndpointConfig: Match.objectLike({ Arn: { Ref: albId }, OriginProtocolPolicy: 'http-only', HTTPPort: 80 }),
      });
      const config = distributionConfig(template);
      const defaultOrigin = config.Origins.find((origin: { Id: string }) => origin.Id === config.DefaultCacheBehavior.TargetOriginId);
      expect(defaultOrigin.VpcOriginConfig).toMatchObject({ VpcOriginId: { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::CloudFront::VpcOrigin'))[0], 'Id'] } });
      expect(config.DefaultCacheBehavior).toMatchObject({
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // CachingDisabled
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // AllViewerExceptHostHeader
        ViewerProtocolPolicy: 'redirect-to-https',
      });
    });

    test('CloudFront serves /static/* from the static assets bucket through Origin Access Control', () => {
      const config = distributionConfig(template);
      const staticBehavior = config.CacheBehaviors.find((behavior: { PathPattern: string }) => behavior.PathPattern === '/static/*');
      const staticOrigin = config.Origins.find((origin: { Id: string }) => origin.Id === staticBehavior.TargetOriginId);
      expect(staticOrigin.DomainName).toEqual({ 'Fn::GetAtt': ['WebAppStaticAssetsBucket5083A896', 'RegionalDomainName'] });
      expect(staticOrigin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [Object.keys(template.findResources('AWS::CloudFront::OriginAccessControl'))[0], 'Id'] });
    });

    test('the WebACL protects the distribution, and the load balancer admits only CloudFront', () => {
      const webAclId = stack.getLogicalId(app.edge!.firewall!.webAcl);
      expect(distributionConfig(template).WebACLId).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
      const albGroup = stack.getLogicalId(app.appTier.loadBalancer.connections.securityGroups[0].node.defaultChild as CfnElement);
      const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { GroupId: { 'Fn::GetAtt': [albGroup, 'GroupId'] } },
      });
      expect(Object.values(ingress).map((rule) => rule.Properties)).toEqual([
        expect.objectContaining({ FromPort: 80, ToPort: 80, SourcePrefixListId: 'pl-3b927c52' }),
      ]);
    });

    test('the URL is the distribution\'s', () => {
      const distributionId = stack.getLogicalId(app.distribution!.node.defaultChild as CfnElement);
      expect(stack.resolve(app.url)).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] });
    });

    test('gives one warning: without a domain, CloudFront\'s default certificate and HTTP to the origin', () => {
      const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue());
      expect(warnings.map((warning) => String(warning.entry.data))).toEqual([expect.stringContaining(EdgeDistribution.DEFAULT_CERTIFICATE_WARNING)]);
    });

    test('matches the snapshot', () => {
      expect(template.toJSON()).toMatchSnapshot();
    });
  });

  describe('operations', () => {
    let stack: Stack;
    let app: HighlyAvailableWebApp;
    let template: Template;
    beforeAll(() => {
      ({ stack, app, template } = synth());
    });
    const ref = (construct: Construct) => ({ Ref: stack.getLogicalId(construct.node.defaultChild as CfnElement) });

    test('backs up the database instance and the uploads bucket in a vault encrypted with the app key', () => {
      const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0];
      const resources = JSON.stringify(selection.Properties.BackupSelection.Resources);
      expect(resources).toContain(stack.getLogicalId(app.database.instance!.node.defaultChild as CfnElement));
      expect(resources).toContain(stack.getLogicalId(app.uploads.bucket.node.defaultChild as CfnElement));
      template.hasResourceProperties('AWS::Backup::BackupVault', {
        EncryptionKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(app.encryptionKey.node.defaultChild as CfnElement), 'Arn'] },
      });
    });

    test('failed backup jobs notify the alarm topic', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: Match.arrayWith([Match.objectLike({ Arn: ref(app.monitoring.alarmTopic) })]),
      });
    });

    test('patches the app tier\'s instances, found by their Auto Scaling group: a daily scan, and a weekly install that holds the group\'s health checks', () => {
      const groupName = ref(app.appTier.autoScalingGroup);
      template.resourcePropertiesCountIs('AWS::SSM::Association', {
        Name: 'AWS-RunPatchBaseline',
        Targets: [{ Key: 'tag:aws:autoscaling:groupName', Values: [groupName] }],
      }, 1);
      template.hasResourceProperties('AWS::SSM::Association', {
        Name: { Ref: stack.getLogicalId(app.patching.installRunbook) },
        Parameters: Match.objectLike({ AutoScalingGroupName: [groupName] }),
      });
    });

    test('the budget notifies the alarm topic, and the app\'s resources carry the cost allocation tag', () => {
      template.hasResourceProperties('AWS::Budgets::Budget', {
        NotificationsWithSubscribers: Match.arrayWith([Match.objectLike({
          Subscribers: [{ SubscriptionType: 'SNS', Address: ref(app.monitoring.alarmTopic) }],
        })]),
      });
      for (const type of ['AWS::RDS::DBInstance', 'AWS::EC2::VPC', 'AWS::ElastiCache::ReplicationGroup', 'AWS::S3::Bucket']) {
        for (const resource of Object.values(template.findResources(type))) {
          expect(resource.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'application', Value: 'TestStack/WebApp' }]));
        }
      }
    });

    test('records the account\'s management events in a multi-Region trail encrypted with the app key', () => {
      template.hasResourceProperties('AWS::CloudTrail::Trail', {
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        KMSKeyId: { 'Fn::GetAtt': [stack.getLogicalId(app.encryptionKey.node.defaultChild as CfnElement), 'Arn'] },
      });
      expect(logicalId(stack, app.auditTrail!.trail)).toEqual(Object.keys(template.findResources('AWS::CloudTrail::Trail'))[0]);
      expect(app.compliance).toBeUndefined();
    });

    test('auditTrailEnabled false leaves the trail to the organization', () => {
      const { app: withoutTrail, template: t } = synth({ auditTrailEnabled: false });
      t.resourceCountIs('AWS::CloudTrail::Trail', 0);
      expect(withoutTrail.auditTrail).toBeUndefined();
    });

    test('auditUploadsDataEvents records the uploads bucket\'s object events', () => {
      const { stack: s, app: a, template: t } = synth({ auditUploadsDataEvents: true });
      const bucketArn = { 'Fn::GetAtt': [s.getLogicalId(a.uploads.bucket.node.defaultChild as CfnElement), 'Arn'] };
      t.hasResourceProperties('AWS::CloudTrail::Trail', {
        EventSelectors: Match.arrayWith([Match.objectLike({
          DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [bucketArn, '/']] }] }],
        })]),
      });
    });

    test('compliance turns on the chosen services only', () => {
      const { stack: s, app: a, template: t } = synth({ compliance: { guardDuty: true, securityHub: true } });
      t.resourceCountIs('AWS::GuardDuty::Detector', 1);
      t.resourceCountIs('AWS::SecurityHub::Hub', 1);
      t.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
      expect(logicalId(s, a.compliance!.detector!)).toEqual(Object.keys(t.findResources('AWS::GuardDuty::Detector'))[0]);
    });

    test('the operations settings reach their constructs', () => {
      const { template: t } = synth({
        backup: { dailyRetention: Duration.days(14) },
        patching: { approveAfterDays: 3 },
        costGuardrails: { monthlyBudget: 2000 },
        monitoring: { thresholds: { instanceCpuUtilization: 70 } },
      });
      t.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ Lifecycle: { DeleteAfterDays: 14 } })]) },
      });
      t.hasResourceProperties('AWS::SSM::PatchBaseline', {
        ApprovalRules: { PatchRules: [Match.objectLike({ ApproveAfterDays: 3 })] },
      });
      t.hasResourceProperties('AWS::Budgets::Budget', { Budget: Match.objectLike({ BudgetLimit: { Amount: 2000, Unit: 'USD' } }) });
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', Threshold: 70 });
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
      // No flow log group: only the WAF's and the data tier's.
      expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.includes('FlowLog'))).toEqual([]);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        VPCZoneIdentifier: ['subnet-a', 'subnet-b', 'subnet-c'],
      });
      expect(app.vpc.vpcId).toEqual('vpc-0123456789abcdef0');
      expect(app.network.flowLogGroup).toBeUndefined();
    });

    test('errors of a tier name the prop as the user wrote it, in the props of the app', () => {
      expect(() => synth({ appTier: { minCapacity: 1 } })).toThrow('TestStack/WebApp: invalid appTier.minCapacity (1)');
      expect(() => synth({ network: { maxAzs: 7 } })).toThrow('TestStack/WebApp: invalid network.maxAzs (7)');
      expect(() => synth({ edge: { firewall: { rateLimit: 5 } } })).toThrow('TestStack/WebApp: invalid edge.firewall.rateLimit (5)');
    });
  });

  describe('with a domain', () => {
    let stack: Stack;
    let app: HighlyAvailableWebApp;
    let template: Template;
    beforeAll(() => {
      ({ stack, app, template } = synth({ domainName: 'www.example.com', alternativeDomainNames: ['example.com'] }, (s) => ({ hostedZone: zone(s) })));
    });

    test('the distribution gets a DNS-validated certificate for every name, and A and AAAA records', () => {
      template.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'www.example.com',
        SubjectAlternativeNames: ['example.com'],
        ValidationMethod: 'DNS',
        DomainValidationOptions: Match.arrayWith([{ DomainName: 'www.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }]),
      });
      expect(distributionConfig(template).Aliases).toEqual(['www.example.com', 'example.com']);
      expect(distributionConfig(template).ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
      for (const type of ['A', 'AAAA']) {
        for (const name of ['www.example.com.', 'example.com.']) {
          template.hasResourceProperties('AWS::Route53::RecordSet', { Name: name, Type: type, HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
        }
      }
    });

    test('CloudFront reaches the load balancer over HTTPS at origin.<domainName>, which its own certificate covers', () => {
      expect(app.originDomainName).toEqual('origin.www.example.com');
      template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'origin.www.example.com', ValidationMethod: 'DNS' });
      template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'origin.www.example.com.', Type: 'A', AliasTarget: Match.anyValue() });
      template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
        VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', HTTPSPort: 443 }),
      });
      const vpcOrigin = distributionConfig(template).Origins.find((origin: { VpcOriginConfig?: unknown }) => origin.VpcOriginConfig);
      expect(vpcOrigin.DomainName).toEqual('origin.www.example.com');
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 443,
        Certificates: [{ CertificateArn: { Ref: stack.getLogicalId(app.originCertificate!.node.defaultChild as CfnElement) } }],
      });
    });

    test('the URL is the domain', () => {
      expect(app.url).toEqual('https://www.example.com');
    });

    test('the internet-facing mode sends the origin secret in a header, over HTTPS', () => {
      const result = synth({ domainName: 'www.example.com', appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST } }, (s) => ({ hostedZone: zone(s) }));
      const config = distributionConfig(result.template);
      const origin = config.Origins.find((o: { Id: string }) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
      const secretId = result.stack.getLogicalId(result.app.appTier.originSecret!.node.defaultChild as CfnElement);
      expect(origin).toMatchObject({
        DomainName: 'origin.www.example.com',
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        OriginCustomHeaders: [{
          HeaderName: WebAppTier.ORIGIN_SECRET_HEADER,
          HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
        }],
      });
      result.template.resourceCountIs('AWS::CloudFront::VpcOrigin', 0);
      result.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    });
  });

  describe('outside us-east-1', () => {
    function regionalStack(): Stack {
      return new Stack(testApp(), 'Regional', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
    }

    test('without a WebACL from us-east-1 it says how to get one', () => {
      expect(() => new HighlyAvailableWebApp(regionalStack(), 'WebApp'))
        .toThrow(/Regional\/WebApp\/Edge: invalid webAclArn \(undefined\): .*create a WebApplicationFirewall in a stack with env.region 'us-east-1'/);
    });

    test('with a domain but no certificate from us-east-1 it says how to get one', () => {
      const stack = regionalStack();
      expect(() => new HighlyAvailableWebApp(stack, 'WebApp', {
        domainName: 'www.example.com',
        hostedZone: zone(stack),
        edge: { webAclArn: WEB_ACL_ARN },
      })).toThrow(/invalid certificate .*CloudFront accepts certificates from us-east-1 only, and this stack is in eu-west-1/);
    });

    test('a certificate from another Region is rejected', () => {
      const stack = regionalStack();
      expect(() => new HighlyAvailableWebApp(stack, 'WebApp', {
        domainName: 'www.example.com',
        hostedZone: zone(stack),
        edge: {
          webAclArn: WEB_ACL_ARN,
          certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
        },
      })).toThrow(/invalid edge.certificate .*this one is in eu-west-1: request it in us-east-1/);
    });

    test('with the WebACL ARN and the certificate it builds, and the origin certificate is regional', () => {
      const stack = regionalStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp', {
        domainName: 'www.example.com',
        hostedZone: zone(stack),
        edge: {
          webAclArn: WEB_ACL_ARN,
          certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
        },
      });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::WAFv2::WebACL', 0);
      expect(distributionConfig(template)).toMatchObject({
        WebACLId: WEB_ACL_ARN,
        ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
      });
      template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
      expect(logicalId(stack, app.originCertificate!)).toEqual(Object.keys(template.findResources('AWS::CertificateManager::Certificate'))[0]);
    });

    test('a WebACL and certificate of a us-east-1 stack are wired with weak references, no custom resource', () => {
      const edgeStack = testStack(undefined, 'Edge');
      const cxApp = edgeStack.node.root as App;
      const firewall = new WebApplicationFirewall(edgeStack, 'Firewall');
      const certificate = new acm.Certificate(edgeStack, 'Certificate', {
        domainName: 'www.example.com',
        validation: acm.CertificateValidation.fromDns(zone(edgeStack)),
      });
      const stack = new Stack(cxApp, 'Regional', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
      stack.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'weak');
      new HighlyAvailableWebApp(stack, 'WebApp', { domainName: 'www.example.com', hostedZone: zone(stack), edge: { webAclArn: firewall.webAclArn, certificate } });
      const template = Template.fromStack(stack);
      expect(JSON.stringify(distributionConfig(template).WebACLId)).toContain('Fn::GetStackOutput');
      expect(JSON.stringify(distributionConfig(template).ViewerCertificate)).toContain('Fn::GetStackOutput');
      template.resourceCountIs('Custom::CrossRegionExportReader', 0);
      Template.fromStack(edgeStack).resourceCountIs('Custom::CrossRegionExportWriter', 0);
    });
  });

  describe('without its edge (edgeEnabled false)', () => {
    const EDGE_LOGICAL_IDS = ['WebAppEdgeAccessLogs6F648A0C', 'WebAppStaticAssetsBucket5083A896', 'WebAppEdgeFirewallLogsFD4CE0A8'];
    let stack: Stack;
    let app: HighlyAvailableWebApp;
    let template: Template;
    beforeAll(() => {
      ({ stack, app, template } = synth({ edgeEnabled: false }));
    });

    test.each([
      ['AWS::CloudFront::Distribution', 0],
      ['AWS::CloudFront::VpcOrigin', 0],
      ['AWS::CloudFront::OriginAccessControl', 0],
      ['AWS::CloudFront::ResponseHeadersPolicy', 0],
      ['AWS::WAFv2::WebACL', 0],
      ['AWS::WAFv2::LoggingConfiguration', 0],
      ['AWS::ElasticLoadBalancingV2::LoadBalancer', 1],
      ['AWS::AutoScaling::AutoScalingGroup', 1],
      ['AWS::RDS::DBInstance', 2],
      ['AWS::ElastiCache::ReplicationGroup', 1],
      ['AWS::CloudWatch::Alarm', 18],
      ['AWS::CloudWatch::CompositeAlarm', 1],
    ])('has %s x %d', (type, count) => {
      template.resourceCountIs(type, count);
    });

    test('has no static assets bucket and no CloudFront log bucket; every other stateful resource keeps its logical ID', () => {
      for (const [type, ids] of Object.entries(STABLE_LOGICAL_IDS)) {
        expect([type, Object.keys(template.findResources(type)).sort()])
          .toEqual([type, ids.filter((id) => !EDGE_LOGICAL_IDS.includes(id)).sort()]);
      }
    });

    test('its edge members are undefined, and the edge constructs are not created', () => {
      expect(app.edge).toBeUndefined();
      expect(app.distribution).toBeUndefined();
      expect(app.staticAssets).toBeUndefined();
      expect(app.url).toBeUndefined();
      expect(app.node.children.map((child) => child.node.id).sort()).toEqual(['AuditTrail', 'Backup', 'CostGuardrails', 'Default']);
      expect(app.region.node.children.map((child) => child.node.id).sort())
        .toEqual(['AppTier', 'Cache', 'Database', 'Encryption', 'FaultInjection', 'Monitoring', 'Network', 'Patching', 'ServerAccessLogs', 'Uploads']);
    });

    test('monitoring still alarms on the app tier, the database and the cache, without edge alarms', () => {
      expect(app.monitoring.alarms.map((alarm) => alarm.node.id)).toEqual([
        'LoadBalancer5xxErrors', 'Target5xxErrors', 'TargetResponseTimeP99', 'UnhealthyTargets', 'NoHealthyTargets', 'InServiceBelowMinimum',
        'InstanceCpuUtilization', 'InstanceMemoryUtilization', 'InstanceDiskUtilization',
        'DatabaseCpuUtilization', 'DatabaseFreeableMemory', 'DatabaseConnections', 'DatabaseFreeStorage', 'DatabaseReplicaLag',
        'CacheEngineCpuUtilization', 'CacheMemoryUtilization', 'CacheEvictions', 'CacheReplicationLag',
      ]);
      const composite = app.monitoring.applicationUnavailableAlarm!;
      const rule = JSON.stringify(template.toJSON().Resources[stack.getLogicalId(composite.node.defaultChild as CfnElement)].Properties.AlarmRule);
      const alarmId = (id: string) => stack.getLogicalId(app.monitoring.node.findChild(id).node.defaultChild as CfnElement);
      expect(rule).toContain(alarmId('NoHealthyTargets'));
      expect(rule).toContain(alarmId('LoadBalancer5xxErrors'));
    });

    test('the load balancer still admits only CloudFront, whose VPC origin another stack creates', () => {
      const albGroup = stack.getLogicalId(app.appTier.loadBalancer.connections.securityGroups[0].node.defaultChild as CfnElement);
      const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { GroupId: { 'Fn::GetAtt': [albGroup, 'GroupId'] } } });
      expect(Object.values(ingress).map((rule) => rule.Properties)).toEqual([
        expect.objectContaining({ FromPort: 80, ToPort: 80, SourcePrefixListId: 'pl-3b927c52' }),
      ]);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    });

    test('gives no warning', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('with a domain it creates the origin name and its certificate, but no record or certificate for viewers', () => {
      const result = synth({ edgeEnabled: false }, (s) => ({ domainName: 'www.example.com', hostedZone: zone(s) }));
      result.template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
      result.template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'origin.www.example.com' });
      result.template.resourceCountIs('AWS::Route53::RecordSet', 1);
      result.template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'origin.www.example.com.', Type: 'A' });
      expect(result.app.originDomainName).toEqual('origin.www.example.com');
      expect(result.app.url).toBeUndefined();
    });

    test('outside us-east-1 it needs no WebACL or certificate from us-east-1: the edge is elsewhere', () => {
      const regional = new Stack(testApp(), 'Regional', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
      const webApp = new HighlyAvailableWebApp(regional, 'WebApp', { edgeEnabled: false });
      expect(webApp.edge).toBeUndefined();
      expect(webApp.monitoring.alarms.map((alarm) => alarm.node.id)).toContain('NoHealthyTargets');
    });

    test.each<[string, HighlyAvailableWebAppProps]>([
      ['edge', { edgeEnabled: false, edge: {} }],
      ['edge', { edgeEnabled: false, edge: { webAclArn: WEB_ACL_ARN } }],
      ['staticAssets', { edgeEnabled: false, staticAssets: {} }],
    ])('rejects %s settings, which nothing would use (%j)', (prop, props) => {
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', props))
        .toThrow(`TestStack/WebApp: invalid ${prop} ('with edgeEnabled false'): give these settings to the construct that creates the edge, or set edgeEnabled to true`);
    });

    test('edgeEnabled true, the default, creates the edge and takes its settings', () => {
      const withEdge = testStack();
      const webApp = new HighlyAvailableWebApp(withEdge, 'WebApp', { edgeEnabled: true, staticAssets: {}, edge: { webAclArn: WEB_ACL_ARN } });
      expect(webApp.edge!.webAclArn).toEqual(WEB_ACL_ARN);
      expect(webApp.distribution).toBe(webApp.edge!.distribution);
      const origins = distributionConfig(Template.fromStack(withEdge)).Origins.map((origin: { DomainName: unknown }) => origin.DomainName);
      expect(origins).toContainEqual({ 'Fn::GetAtt': [logicalId(withEdge, webApp.staticAssets!.bucket), 'RegionalDomainName'] });
    });
  });

  describe('changes to the app tier', () => {
    test('a launch template change goes out by an instance refresh that the alarms seeing users fail watch, and rolls back when one fires', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp');
      const group = Object.values(Template.fromStack(stack).findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
      const alarms = app.monitoring.appTierAlarms!;
      const watched = [alarms.loadBalancer5xxErrors, alarms.target5xxErrors, alarms.unhealthyTargets, alarms.noHealthyTargets]
        .map((alarm) => stack.getLogicalId(alarm.node.defaultChild as CfnElement));
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toBeUndefined();
      expect(group.UpdatePolicy.AutoScalingInstanceRefresh.Preferences).toMatchObject({
        MinHealthyPercentage: 100,
        BakeTime: 600,
        AlarmSpecification: { Alarms: watched.map((id) => ({ Ref: id })) },
      });
      expect(group.DependsOn).toEqual(expect.arrayContaining(watched));
    });

    test('appTier.updateStrategy reaches the tier, and its errors name the path the user wrote', () => {
      const stack = testStack();
      new HighlyAvailableWebApp(stack, 'WebApp', { appTier: { updateStrategy: AppTierUpdate.rollingUpdate() } });
      const group = Object.values(Template.fromStack(stack).findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
      expect(group.UpdatePolicy.AutoScalingInstanceRefresh).toBeUndefined();
      expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ MaxBatchSize: 1, WaitOnResourceSignals: true });
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', {
        appTier: { updateStrategy: AppTierUpdate.instanceRefresh({ bakeTime: Duration.hours(49) }) },
      })).toThrow(/appTier\.updateStrategy\.bakeTime.*48 hours/);
    });
  });

  describe('zonal shift and autoshift', () => {
    test('by default the load balancer and the group are registered for zonal shift, and nothing shifts on its own', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp');
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'zonal_shift.config.enabled', Value: 'true' }]),
      });
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        AvailabilityZoneImpairmentPolicy: { ZonalShiftEnabled: true, ImpairedZoneHealthCheckBehavior: 'IgnoreUnhealthy' },
      });
      template.resourceCountIs('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', 0);
      expect(app.zonalAutoshift).toBeUndefined();
    });

    test('zonalAutoshift turns autoshift on for the load balancer, its practice runs watched by the app tier\'s alarms', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp', {
        appTier: { minCapacity: 3 },
        zonalAutoshift: { blockedWindows: ['Mon:00:00-Mon:08:00'], blockedDates: ['2026-12-24'] },
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', {
        ResourceIdentifier: { Ref: logicalId(stack, app.appTier.loadBalancer) },
        ZonalAutoshiftStatus: 'ENABLED',
        PracticeRunConfiguration: {
          OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: Match.anyValue() }],
          BlockedWindows: ['Mon:00:00-Mon:08:00'],
          BlockedDates: ['2026-12-24'],
        },
      });
      // One outcome alarm for CloudFormation: a composite of the application-unavailable and the two 5xx alarms.
      const alarms = app.monitoring.appTierAlarms!;
      const configuration = Object.values(template.findResources('AWS::ARCZonalShift::ZonalAutoshiftConfiguration'))[0] as any;
      const outcomeId = configuration.Properties.PracticeRunConfiguration.OutcomeAlarms[0].AlarmIdentifier['Fn::GetAtt'][0];
      const rule = JSON.stringify(template.toJSON().Resources[outcomeId].Properties.AlarmRule);
      for (const alarm of [alarms.applicationUnavailable, alarms.loadBalancer5xxErrors, alarms.target5xxErrors]) {
        expect(rule).toContain(logicalId(stack, alarm));
      }
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('zonalAutoshiftCapacity'))).toEqual([]);
    });

    test('warns when the app tier has fewer instances than zones, which a practice run would take one of', () => {
      const stack = testStack();
      new HighlyAvailableWebApp(stack, 'WebApp', { zonalAutoshift: {} });
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('appTier.minCapacity \\(2\\) is below the number of zones of the app tier \\(3\\)'))).toHaveLength(1);
    });

    test('refuses zonalAutoshift without zonal shift, and settings of the wrong type', () => {
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { appTier: { zonalShift: false }, zonalAutoshift: {} }))
        .toThrow(/invalid zonalAutoshift.*keep appTier.zonalShift on/);
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { zonalAutoshift: { blockedWindows: ['MON:00:00-MON:08:00'] } }))
        .toThrow(/zonalAutoshift.blockedWindows/);
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { zonalAutoshift: true as any }))
        .toThrow(/invalid zonalAutoshift.*ZonalAutoshiftOptions/);
    });
  });

  describe('fault injection experiments', () => {
    test('by default the four experiment templates target this app, stop on the application-unavailable alarm and are never started', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp');
      const template = Template.fromStack(stack);
      const experiments = app.faultInjection!;
      template.resourceCountIs('AWS::FIS::ExperimentTemplate', 4);
      const stopConditions = [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [logicalId(stack, app.monitoring.appTierAlarms!.applicationUnavailable), 'Arn'] } }];
      const templates = [
        experiments.instanceLossTemplate, experiments.zonePowerInterruptionTemplate,
        experiments.databaseFailoverTemplate!, experiments.cacheFailoverTemplate!,
      ];
      for (const experiment of templates) {
        expect(template.toJSON().Resources[logicalId(stack, experiment)].Properties.StopConditions).toEqual(stopConditions);
      }
      // The zone is the first app subnet's; its app and data subnets lose connectivity; the writer of the Multi-AZ
      // instance fails over by a reboot, the cache's nodes of the zone lose power.
      const zoneExperiment = template.toJSON().Resources[logicalId(stack, experiments.zonePowerInterruptionTemplate)].Properties;
      expect(experiments.availabilityZone).toBe(TEST_AZS[0]);
      expect(zoneExperiment.Targets.Subnets.ResourceArns).toHaveLength(2);
      expect(Object.keys(zoneExperiment.Actions).sort()).toEqual(['DisruptConnectivity', 'FailOverDatabase', 'InterruptCachePower', 'PauseInstanceLaunches', 'StopInstances']);
      expect(zoneExperiment.Actions.FailOverDatabase.ActionId).toBe('aws:rds:reboot-db-instances');
      expect(zoneExperiment.Targets.Instances.ResourceTags).toEqual({ 'aws:autoscaling:groupName': { Ref: logicalId(stack, app.appTier.autoScalingGroup) } });
      // Nothing in the stack starts an experiment: no custom resource, no rule, no schedule calls FIS.
      expect(JSON.stringify(template.toJSON())).not.toContain('fis:StartExperiment');
    });

    test('faultInjection settings reach the experiments, and their errors name the path the user wrote', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp', {
        database: { topology: DatabaseTopology.multiAzCluster() },
        faultInjection: { availabilityZone: TEST_AZS[1], duration: Duration.minutes(10) },
      });
      const zoneExperiment = Template.fromStack(stack).toJSON()
        .Resources[logicalId(stack, app.faultInjection!.zonePowerInterruptionTemplate)].Properties;
      expect(zoneExperiment.Actions.StopInstances.Parameters.startInstancesAfterDuration).toBe('PT10M');
      expect(zoneExperiment.Actions.FailOverDatabase.ActionId).toBe('aws:rds:failover-db-cluster');
      expect(app.faultInjection!.availabilityZone).toBe(TEST_AZS[1]);
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { faultInjection: { duration: Duration.hours(13) } }))
        .toThrow(/invalid faultInjection\.duration/);
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { faultInjection: { logRetention: 12 as any } }))
        .toThrow(/invalid faultInjection\.logRetention/);
    });

    test('faultInjectionEnabled false leaves the experiments out, and refuses their settings', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp', { faultInjectionEnabled: false });
      Template.fromStack(stack).resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
      expect(app.faultInjection).toBeUndefined();
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { faultInjectionEnabled: false, faultInjection: {} }))
        .toThrow(/invalid faultInjection.*remove it, or keep the experiments/);
    });
  });

  describe('canary', () => {
    test('none by default', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp');
      Template.fromStack(stack).resourceCountIs('AWS::Synthetics::Canary', 0);
      expect(app.canary).toBeUndefined();
    });

    test('canary probes the app at its URL through CloudFront, with the probe token, alarms on the topic and a dashboard row', () => {
      const stack = testStack();
      const app = new HighlyAvailableWebApp(stack, 'WebApp', { canary: { schedule: Duration.minutes(10) } });
      const template = Template.fromStack(stack);
      const canary = app.canary!;
      template.hasResourceProperties('AWS::Synthetics::Canary', {
        Schedule: { Expression: 'rate(10 minutes)' },
        RunConfig: Match.objectLike({
          EnvironmentVariables: Match.objectLike({
            PROBE_SECRET_ARN: { Ref: logicalId(stack, app.appTier.healthProbeSecret) },
          }),
        }),
      });
      const environment = JSON.stringify(template.findResources('AWS::Synthetics::Canary'));
      expect(environment).toContain(logicalId(stack, app.distribution!));
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'CloudWatchSynthetics',
        AlarmActions: [{ Ref: logicalId(stack, app.monitoring.alarmTopic) }],
      });
      const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
      expect(body).toContain('Canary Canary');
      expect(body).toContain(logicalId(stack, canary.alarms[0] as any));
    });

    test('refuses a canary without the edge, and settings AWS would refuse, by the path the user wrote', () => {
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { edgeEnabled: false, canary: {} }))
        .toThrow(/invalid canary.*edgeEnabled false/);
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { canary: { schedule: Duration.hours(2) } }))
        .toThrow(/invalid canary\.schedule/);
      expect(() => new HighlyAvailableWebApp(testStack(), 'WebApp', { canary: 'yes' as any }))
        .toThrow(/invalid canary.*WebAppCanaryOptions/);
    });
  });

  describe('validation', () => {
    test.each<[string, (s: Stack) => HighlyAvailableWebAppProps, RegExp]>([
      ['a domain outside the zone', (s) => ({ domainName: 'www.example.org', hostedZone: zone(s) }), /^TestStack\/WebApp: invalid domainName \('www.example.org'\): give a name in the hosted zone example.com/],
      ['the origin name as an alternative domain', (s) => ({ domainName: 'www.example.com', alternativeDomainNames: ['origin.www.example.com'], hostedZone: zone(s) }),
        /invalid alternativeDomainNames .*origin.www.example.com is the name at which CloudFront reaches the load balancer/],
      ['appTier.certificate without a domain', (s) => ({
        appTier: { certificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/abc') },
      }), /invalid appTier.certificate .*give domainName and hostedZone/],
      ['a regional WebACL', () => ({ edge: { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/0123' } }), /invalid edge.webAclArn .*CLOUDFRONT-scope/],
      ['a WebACL ARN of another service', () => ({ edge: { webAclArn: 'arn:aws:waf::123456789012:webacl/0123' } }), /invalid edge.webAclArn .*give the ARN of a WAFv2 WebACL/],
      ['both webAclArn and firewall', () => ({ edge: { webAclArn: WEB_ACL_ARN, firewall: { rateLimit: 100 } } }), /invalid edge.firewall .*not both/],
      ['a repeated static path', () => ({ edge: { staticPathPatterns: ['/a/*', '/a/*'] } }), /invalid edge.staticPathPatterns .*once/],
    ])('rejects %s', (_name, configure, error) => {
      expect(() => synth({}, configure)).toThrow(error);
    });
  });

  describe.each<[string, (s: Stack) => HighlyAvailableWebAppProps]>([
    ['the default stack', () => ({})],
    ['a stack with a domain, an internet-facing load balancer and Aurora', (s) => ({
      domainName: 'www.example.com',
      hostedZone: zone(s),
      appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST },
      database: { topology: DatabaseTopology.aurora() },
    })],
  ])('security baseline of %s', (_name, configure) => {
    let template: Template;
    beforeAll(() => {
      ({ template } = synth({}, configure));
    });
    const resources = (type: string) => Object.entries(template.findResources(type));

    test('no security group admits 0.0.0.0/0 or ::/0', () => {
      const inline = resources('AWS::EC2::SecurityGroup').flatMap(([, group]) => group.Properties.SecurityGroupIngress ?? []);
      const standalone = resources('AWS::EC2::SecurityGroupIngress').map(([, rule]) => rule.Properties);
      const rules = [...inline, ...standalone];
      expect(rules.length).toBeGreaterThan(3);
      expect(rules.filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0')).toEqual([]);
    });

    test('every key rotates', () => {
      expect(resources('AWS::KMS::Key').length).toBeGreaterThan(0);
      for (const [id, key] of resources('AWS::KMS::Key')) {
        expect({ id, rotation: key.Properties.EnableKeyRotation }).toEqual({ id, rotation: true });
      }
    });

    test('every log group, topic, secret, volume, database and cache is encrypted with a customer managed key', () => {
      const kmsKeyed: Array<[string, string]> = [
        ['AWS::Logs::LogGroup', 'KmsKeyId'],
        ['AWS::SNS::Topic', 'KmsMasterKeyId'],
        ['AWS::SecretsManager::Secret', 'KmsKeyId'],
        ['AWS::ElastiCache::ReplicationGroup', 'KmsKeyId'],
        ['AWS::RDS::DBCluster', 'KmsKeyId'],
      ];
      for (const [type, property] of kmsKeyed) {
        for (const [id, resource] of resources(type)) {
          expect({ id, key: resource.Properties[property] }).toEqual({ id, key: expect.anything() });
        }
      }
      for (const [id, instance] of resources('AWS::RDS::DBInstance')) {
        // A read replica, and an Aurora instance, is encrypted with its source's (or cluster's) key.
        const inherits = instance.Properties.SourceDBInstanceIdentifier !== undefined || instance.Properties.DBClusterIdentifier !== undefined;
        if (!inherits) {
          expect({ id, ...instance.Properties }).toMatchObject({ id, StorageEncrypted: true, KmsKeyId: expect.anything() });
        }
      }
      for (const [, launchTemplate] of resources('AWS::EC2::LaunchTemplate')) {
        for (const mapping of launchTemplate.Properties.LaunchTemplateData.BlockDeviceMappings) {
          expect(mapping.Ebs).toMatchObject({ Encrypted: true, KmsKeyId: expect.anything() });
        }
      }
    });

    test('every bucket uses the customer managed key, except the AWS log delivery buckets, which only SSE-S3 allows', () => {
      for (const [id, bucket] of resources('AWS::S3::Bucket')) {
        const algorithm = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm;
        const isLogBucket = /AccessLogs[0-9A-F]{8}$/.test(id);
        expect({ id, algorithm }).toEqual({ id, algorithm: isLogBucket ? 'AES256' : 'aws:kms' });
      }
    });

    test('no IAM statement allows every action of a service', () => {
      const statements = [...resources('AWS::IAM::Policy'), ...resources('AWS::IAM::Role')].flatMap(([, resource]) => [
        ...resource.Properties.PolicyDocument?.Statement ?? [],
        ...(resource.Properties.Policies ?? []).flatMap((policy: { PolicyDocument: { Statement: unknown[] } }) => policy.PolicyDocument.Statement),
      ]);
      const actions = statements.flatMap((statement: { Action?: string | string[] }) => [statement.Action ?? []].flat());
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.filter((action: string) => action === '*' || action.endsWith(':*'))).toEqual([]);
    });
  });

  describe('data ports of the network ACL', () => {
    function aclPorts(template: Template): number[] {
      return Object.values(template.findResources('AWS::EC2::NetworkAclEntry', { Properties: { Egress: false } }))
        .map((entry) => entry.Properties.PortRange.From)
        .filter((port: number) => port !== 1024)
        .sort();
    }

    test('follow the database and the cache: 5432 and 6379 by default', () => {
      expect(aclPorts(synth().template)).toEqual([5432, 6379]);
    });

    test('follow a MySQL database and a cache on another port', () => {
      expect(aclPorts(synth({ database: { engine: DatabaseEngine.mysql() }, cache: { port: 6380 } }).template)).toEqual([3306, 6380]);
    });

    test('given dataPorts that leave out the database port are rejected', () => {
      expect(() => synth({ database: { engine: DatabaseEngine.mysql() }, network: { dataPorts: [5432, 6379] } }))
        .toThrow(/WebApp: invalid network.dataPorts \(\[5432,6379\]\): add 3306, the port of this app's database/);
    });
  });

  describe('interface endpoints', () => {
    test('the application instances and the credentials rotation function, and only they, may use them', () => {
      const { stack, app, template } = synth({ network: { interfaceEndpoints: true } });
      const groupId = (group: ec2.ISecurityGroup) => stack.getLogicalId(group.node.defaultChild as ec2.CfnSecurityGroup);
      const endpointGroup = groupId(app.network.interfaceEndpointsSecurityGroup!);
      const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { GroupId: { 'Fn::GetAtt': [endpointGroup, 'GroupId'] } },
      });
      const sources = Object.values(ingress).map((rule) => rule.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort();
      expect(sources).toEqual([groupId(app.appTier.instanceSecurityGroup), groupId(app.database.rotationConnections!.securityGroups[0])].sort());
      for (const rule of Object.values(ingress)) {
        expect(rule.Properties).toMatchObject({ FromPort: 443, ToPort: 443 });
      }
    });
  });

  describe('what AWS would reject, at the boundary', () => {
    test('uses the domain names in lower case everywhere: aliases, certificates, records, the origin name and the URL', () => {
      const { app, template } = synth({ domainName: 'WWW.Example.com', alternativeDomainNames: ['Example.COM'] }, (s) => ({ hostedZone: zone(s) }));
      expect(app.url).toBe('https://www.example.com');
      expect(app.originDomainName).toBe('origin.www.example.com');
      expect(distributionConfig(template).Aliases).toEqual(['www.example.com', 'example.com']);
      template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'origin.www.example.com' });
      template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'www.example.com', SubjectAlternativeNames: ['example.com'] });
      template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'origin.www.example.com.', Type: 'A' });
    });

    test('an invalid cache port is refused as cache.port, not as the network\'s dataPorts it would become', () => {
      expect(() => synth({ cache: { port: 443 } })).toThrow(/^TestStack\/WebApp: invalid cache\.port \(443\): use a whole number from 1024 to 65535$/);
    });

    test('a wrong type in an options struct is refused with the struct\'s name, before any tier is built', () => {
      const stack = testStack();
      expect(() => new HighlyAvailableWebApp(stack, 'WebApp', { database: { engine: 'postgres' as unknown as DatabaseEngine } }))
        .toThrow(/^TestStack\/WebApp: invalid database\.engine \('postgres'\): give a DatabaseEngine, for example DatabaseEngine\.postgres\(\) or DatabaseEngine\.mysql\('8\.4\.8'\), not a string$/);
      expect(stack.node.tryFindChild('WebApp')!.node.children).toHaveLength(0);
    });

    test('the data subnets\' network ACL admits the network address of the VPC, the same range as the VPC', () => {
      const { template } = synth({ network: { cidr: '10.32.0.0/16' } });
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.32.0.0/16' });
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: '10.32.0.0/16', RuleNumber: 100, Egress: false });
    });
  });
});
