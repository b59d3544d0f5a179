import { Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { DatabaseTopology, HighlyAvailableWebAppStage, LoadBalancerExposure, HighlyAvailableWebAppStageProps } from '../../src';
import { OTHER_REGION, RECOVERY_REGION, TEST_ACCOUNT, testApp } from '../helpers';

const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };

function synthStage(props: Partial<HighlyAvailableWebAppStageProps> = {}) {
  const app = testApp();
  const stage = new HighlyAvailableWebAppStage(app, 'Prod', {
    env: { account: TEST_ACCOUNT },
    primaryRegion: OTHER_REGION,
    recoveryRegion: RECOVERY_REGION,
    ...props,
  });
  const assembly = stage.synth();
  const templates: Record<string, Template> = {};
  for (const stack of [stage.edgeStack, stage.primaryStack, stage.recoveryStorageStack, stage.recoveryStack]) {
    if (stack) {
      templates[stack.node.id] = Template.fromJSON(assembly.getStackByName(stack.stackName).template);
    }
  }
  return { app, stage, assembly, templates };
}

/** Every `Fn::GetStackOutput` in a template, as [producer stack name, producer Region]. */
function weakReferences(template: Template): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const output = record['Fn::GetStackOutput'] as { StackName: string; Region: string } | undefined;
      if (output) {
        found.push([output.StackName, output.Region]);
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(template.toJSON());
  return found;
}

function textOf(template: Template): string {
  return JSON.stringify(template.toJSON());
}

describe('HighlyAvailableWebAppStage', () => {
  describe('eu-west-1 with a domain and a eu-central-1 warm standby', () => {
    let stage: HighlyAvailableWebAppStage;
    let templates: Record<string, Template>;
    let assembly: ReturnType<typeof synthStage>['assembly'];
    beforeAll(() => {
      ({ stage, templates, assembly } = synthStage({
        domainName: 'www.example.com',
        hostedZone: ZONE,
        recovery: { writePathPatterns: ['/api/*'] },
      }));
    });

    test('four stacks, each in its Region', () => {
      expect(assembly.stacks.map((stack) => [stack.stackName, stack.environment.region]).sort()).toEqual([
        ['Prod-Edge', 'us-east-1'],
        ['Prod-Primary', OTHER_REGION],
        ['Prod-Recovery', RECOVERY_REGION],
        ['Prod-RecoveryStorage', RECOVERY_REGION],
      ]);
      expect(assembly.stacks.every((stack) => stack.environment.account === TEST_ACCOUNT)).toBe(true);
    });

    test('deployment order: recovery storage, primary, recovery, edge', () => {
      const dependencies = (stack: Stack) => stack.dependencies.map((dependency) => dependency.node.id).sort();
      expect(dependencies(stage.recoveryStorageStack!)).toEqual([]);
      expect(dependencies(stage.primaryStack)).toEqual(['RecoveryStorage']);
      expect(dependencies(stage.recoveryStack!)).toEqual(['Primary', 'RecoveryStorage']);
      expect(dependencies(stage.edgeStack)).toEqual(['Primary', 'Recovery']);
    });

    test('references across stacks are weak: Fn::GetStackOutput in the producer\'s Region, never an export', () => {
      expect(weakReferences(templates.Edge).sort()).toEqual([['Prod-Primary', OTHER_REGION], ['Prod-Recovery', RECOVERY_REGION]]);
      expect(new Set(weakReferences(templates.Primary).map(([name, region]) => `${name}@${region}`))).toEqual(new Set([`Prod-RecoveryStorage@${RECOVERY_REGION}`]));
      expect(new Set(weakReferences(templates.Recovery).map(([name, region]) => `${name}@${region}`)))
        .toEqual(new Set([`Prod-Primary@${OTHER_REGION}`, `Prod-RecoveryStorage@${RECOVERY_REGION}`]));
      for (const [name, template] of Object.entries(templates)) {
        const text = textOf(template);
        expect({ name, importValue: text.includes('Fn::ImportValue') }).toEqual({ name, importValue: false });
        const outputs = Object.values((template.toJSON().Outputs ?? {}) as Record<string, { Export?: unknown }>);
        expect({ name, exports: outputs.filter((output) => output.Export !== undefined).length }).toEqual({ name, exports: 0 });
        // No SSM-backed crossRegionReferences: no export writer or reader custom resources.
        expect({ name, writers: text.includes('Custom::CrossRegionExport') }).toEqual({ name, writers: false });
      }
    });

    test('every weak reference names an output that its producer really has', () => {
      const outputsByStack = new Map(assembly.stacks.map((stack) => [stack.stackName, Object.keys(stack.template.Outputs ?? {})]));
      for (const template of Object.values(templates)) {
        const walk = (node: unknown): void => {
          if (Array.isArray(node)) {
            node.forEach(walk);
          } else if (node && typeof node === 'object') {
            const output = (node as Record<string, { StackName: string; OutputName: string }>)['Fn::GetStackOutput'];
            if (output) {
              expect(outputsByStack.get(output.StackName)).toContain(output.OutputName);
            }
            Object.values(node as Record<string, unknown>).forEach(walk);
          }
        };
        walk(template.toJSON());
      }
    });

    test('the stage sets weak references for its stacks only', () => {
      expect(stage.primaryStack.node.tryGetContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES)).toEqual('weak');
      expect(stage.node.scope!.node.tryGetContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES)).toBeUndefined();
    });

    test('the edge stack holds the certificate, the CLOUDFRONT WebACL and the distribution; the Regions have none', () => {
      templates.Edge.resourceCountIs('AWS::CloudFront::Distribution', 1);
      templates.Edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
      templates.Edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'www.example.com',
        DomainValidationOptions: [{ DomainName: 'www.example.com', HostedZoneId: ZONE.hostedZoneId }],
      });
      templates.Edge.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com.', Type: 'A' });
      templates.Edge.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com.', Type: 'AAAA' });
      for (const name of ['Primary', 'Recovery', 'RecoveryStorage']) {
        templates[name].resourceCountIs('AWS::CloudFront::Distribution', 0);
        templates[name].resourceCountIs('AWS::WAFv2::WebACL', 0);
      }
    });

    test('the distribution fails over from the primary to the recovery load balancer for reads', () => {
      templates.Edge.resourceCountIs('AWS::CloudFront::VpcOrigin', 2);
      const origins = Object.values(templates.Edge.findResources('AWS::CloudFront::VpcOrigin'))
        .map((origin) => origin.Properties.VpcOriginEndpointConfig.Arn);
      expect(origins).toEqual([
        { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Prod-Primary', Region: OTHER_REGION }) },
        { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Prod-Recovery', Region: RECOVERY_REGION }) },
      ]);
      const distribution = Object.values(templates.Edge.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
      const group = distribution.OriginGroups.Items[0];
      expect(group.FailoverCriteria.StatusCodes.Items).toEqual([500, 502, 503, 504]);
      expect(group.Members.Items.map((member: { OriginId: string }) => member.OriginId)).toHaveLength(2);
      expect(distribution.DefaultCacheBehavior.TargetOriginId).toEqual(group.Id);
      expect(distribution.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
      const primaryOriginId = group.Members.Items[0].OriginId;
      const domains = Object.fromEntries(distribution.Origins.map((origin: { Id: string; DomainName: string }) => [origin.Id, origin.DomainName]));
      expect(domains[primaryOriginId]).toEqual('origin.www.example.com');
      expect(domains[group.Members.Items[1].OriginId]).toEqual('origin-recovery.www.example.com');
      const writes = distribution.CacheBehaviors.find((behavior: { PathPattern: string }) => behavior.PathPattern === '/api/*');
      // CDK adds the primary load balancer's origin once more, outside the group, through the same VPC origin.
      const originById = Object.fromEntries(distribution.Origins.map((origin: { Id: string }) => [origin.Id, origin]));
      expect(domains[writes.TargetOriginId]).toEqual('origin.www.example.com');
      expect(originById[writes.TargetOriginId].VpcOriginConfig.VpcOriginId).toEqual(originById[primaryOriginId].VpcOriginConfig.VpcOriginId);
      expect(writes.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
    });

    test('static assets live in us-east-1, behind the edge', () => {
      expect(Stack.of(stage.staticAssets).region).toEqual('us-east-1');
      templates.Primary.resourcePropertiesCountIs('AWS::S3::Bucket', { WebsiteConfiguration: Match.anyValue() }, 0);
      expect(stage.primary.staticAssets).toBeUndefined();
      expect(stage.primary.distribution).toBeUndefined();
    });

    test('the uploads replicate to the recovery Region, re-encrypted with its key, with metrics', () => {
      const replicaName = stage.recoveryStorage!.uploads.bucketName;
      expect(replicaName).toMatch(new RegExp(`^[a-z0-9-]+-${TEST_ACCOUNT}-${RECOVERY_REGION}$`));
      templates.RecoveryStorage.hasResourceProperties('AWS::S3::Bucket', { BucketName: replicaName, VersioningConfiguration: { Status: 'Enabled' } });
      templates.Primary.hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: {
          Rules: [Match.objectLike({
            DeleteMarkerReplication: { Status: 'Enabled' },
            Destination: {
              Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${replicaName}`]] },
              EncryptionConfiguration: {
                ReplicaKmsKeyID: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Prod-RecoveryStorage', Region: RECOVERY_REGION }) },
              },
              Metrics: { Status: 'Enabled' },
            },
          })],
        },
      });
    });

    test('the replication role may replicate into the replica bucket only, and use only the two keys', () => {
      const replicaName = stage.recoveryStorage!.uploads.bucketName;
      const policies = Object.values(templates.Primary.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('ReplicationRole'));
      expect(policies).toHaveLength(1);
      const statements = policies[0].Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
      const actions = statements.flatMap((statement) => ([] as string[]).concat(statement.Action)).sort();
      expect(actions).toEqual([
        'kms:Decrypt', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey',
        's3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging', 's3:GetReplicationConfiguration',
        's3:ListBucket', 's3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags',
      ]);
      const writes = statements.find((statement) => ([] as string[]).concat(statement.Action).includes('s3:ReplicateObject'))!;
      expect(writes.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${replicaName}/*`]] });
      expect(JSON.stringify(statements)).not.toContain('"Resource":"*"');
    });

    test('the database credentials replicate to the recovery Region with its key, under a fixed name', () => {
      const name = stage.primary.database.credentialsSecretName!;
      templates.Primary.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: name,
        ReplicaRegions: [{
          Region: RECOVERY_REGION,
          KmsKeyId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Prod-RecoveryStorage', Region: RECOVERY_REGION }) },
        }],
      });
    });

    test('the recovery database is a read replica of the primary, in the primary\'s Region ARN, encrypted with a key of its own Region', () => {
      const replica = Object.values(templates.Recovery.findResources('AWS::RDS::DBInstance'));
      expect(replica).toHaveLength(1);
      const properties = replica[0].Properties;
      expect(properties.SourceDBInstanceIdentifier).toEqual({
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, `:rds:${OTHER_REGION}:${TEST_ACCOUNT}:db:`,
          { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Prod-Primary', Region: OTHER_REGION }) },
        ]],
      });
      const keyId = Object.keys(templates.Recovery.findResources('AWS::KMS::Key'))[0];
      expect(properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(properties.StorageEncrypted).toBeUndefined();
      expect(properties.DeletionProtection).toBe(true);
      expect(replica[0].DeletionPolicy).toEqual('Retain');
      expect(Stack.of(stage.recovery!.database).region).toEqual(RECOVERY_REGION);
    });

    test('the standby app reads the replicated credentials and uploads in its own Region', () => {
      const secretName = stage.primary.database.credentialsSecretName!;
      const policy = Object.values(templates.Recovery.findResources('AWS::IAM::Policy'))
        .find((p) => JSON.stringify(p.Properties.Roles).includes('InstanceRole'))!;
      const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
      expect(statements).toEqual(expect.arrayContaining([
        expect.objectContaining({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:${RECOVERY_REGION}:${TEST_ACCOUNT}:secret:${secretName}-??????`]] },
        }),
        expect.objectContaining({
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${RECOVERY_REGION}.amazonaws.com` } },
        }),
        expect.objectContaining({
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${stage.recoveryStorage!.uploads.bucketName}/*`]] },
        }),
      ]));
    });

    test('the standby tier runs one instance behind its own internal load balancer, at origin-recovery.<domain>', () => {
      templates.Recovery.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '1', MaxSize: '6' });
      templates.Recovery.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
      templates.Recovery.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'origin-recovery.www.example.com' });
      templates.Recovery.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'origin-recovery.www.example.com.', Type: 'A' });
      templates.Recovery.resourceCountIs('AWS::EC2::NatGateway', 1);
    });

    test('backups are copied to the recovery vault, whose key the backup role may use through its own policy', () => {
      templates.Primary.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanRule: Match.arrayWith([Match.objectLike({
            CopyActions: [Match.objectLike({
              DestinationBackupVaultArn: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Prod-RecoveryStorage', Region: RECOVERY_REGION }) },
            })],
          })]),
        },
      });
      templates.Primary.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: Match.arrayWith(['kms:Encrypt', 'kms:GenerateDataKey']),
            Resource: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Prod-RecoveryStorage' }) },
          })]),
        },
      });
      templates.RecoveryStorage.hasResourceProperties('AWS::Backup::BackupVault', {
        AccessPolicy: Match.objectLike({ Statement: [Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) })] }),
      });
    });

    test('the recovery storage keeps its data: key, bucket and vault are retained', () => {
      for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Backup::BackupVault']) {
        for (const resource of Object.values(templates.RecoveryStorage.findResources(type))) {
          expect({ type, policy: resource.DeletionPolicy }).toEqual({ type, policy: 'Retain' });
        }
      }
    });

    test('the runbook\'s outputs exist', () => {
      templates.Recovery.hasOutput('DatabaseReplicaIdentifier', {});
      templates.Recovery.hasOutput('AutoScalingGroupName', {});
      templates.Primary.hasOutput('DatabaseIdentifier', {});
      templates.Edge.hasOutput('DistributionId', {});
      templates.Edge.hasOutput('ActiveRegion', { Value: OTHER_REGION });
      expect(stage.url).toEqual('https://www.example.com');
    });
  });

  describe('after a failover (activeRegion is the recovery Region)', () => {
    let templates: Record<string, Template>;
    let stage: HighlyAvailableWebAppStage;
    beforeAll(() => {
      ({ templates, stage } = synthStage({ activeRegion: RECOVERY_REGION, recovery: { standbyCapacity: 0 } }));
    });

    test('the edge refers to the recovery Region only, so it deploys while the primary Region is down', () => {
      expect(new Set(weakReferences(templates.Edge).map(([name]) => name))).toEqual(new Set(['Prod-Recovery']));
      expect(stage.edgeStack.dependencies.map((dependency) => dependency.node.id)).toEqual(['Recovery']);
      const distribution = Object.values(templates.Edge.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
      expect(distribution.OriginGroups).toBeUndefined();
      expect(distribution.DefaultCacheBehavior.AllowedMethods).toHaveLength(7);
      templates.Edge.hasOutput('ActiveRegion', { Value: RECOVERY_REGION });
    });

    test('a pilot light group starts empty and waits for no signal', () => {
      const group = Object.values(templates.Recovery.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
      expect(group.Properties.MinSize).toEqual('0');
      expect(group.CreationPolicy).toBeUndefined();
    });
  });

  test('without a recovery Region: an edge stack and a primary stack', () => {
    const { assembly, templates } = synthStage({ recoveryRegion: undefined });
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['Prod-Edge', 'Prod-Primary']);
    const distribution = Object.values(templates.Edge.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(distribution.OriginGroups).toBeUndefined();
    templates.Primary.resourcePropertiesCountIs('AWS::S3::Bucket', { ReplicationConfiguration: Match.anyValue() }, 0);
  });

  test('originFailover false keeps one origin and every method', () => {
    const { templates } = synthStage({ recovery: { originFailover: false } });
    const distribution = Object.values(templates.Edge.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(distribution.OriginGroups).toBeUndefined();
    expect(distribution.DefaultCacheBehavior.AllowedMethods).toHaveLength(7);
  });

  describe('bad input', () => {
    test.each<[string, Partial<HighlyAvailableWebAppStageProps>, RegExp]>([
      ['an unknown Region name', { primaryRegion: 'Europe' }, /invalid primaryRegion \('Europe'\).*Region name such as 'eu-west-1'/],
      ['the same Region twice', { recoveryRegion: OTHER_REGION }, /invalid recoveryRegion.*another Region than primaryRegion/],
      ['an active Region of neither', { activeRegion: 'ap-south-1' }, /invalid activeRegion \('ap-south-1'\).*give primaryRegion/],
      ['env.region', { env: { account: TEST_ACCOUNT, region: 'eu-west-1' } }, /invalid env.region.*give primaryRegion/],
      ['no account with a recovery Region', { env: {} }, /invalid env.account.*give the account/],
      ['recovery without a recovery Region', { recoveryRegion: undefined, recovery: { standbyCapacity: 2 } }, /invalid recovery.*give recoveryRegion too/],
      ['a domain without a zone', { domainName: 'www.example.com' }, /invalid hostedZone.*give both domainName and hostedZone/],
      ['a negative standby', { recovery: { standbyCapacity: -1 } }, /invalid recovery.standbyCapacity/],
      ['a max below the standby', { recovery: { standbyCapacity: 4, maxCapacity: 3 } }, /invalid recovery.maxCapacity \(3\)/],
      ['the app\'s own domain', { webApp: { domainName: 'www.example.com' } }, /invalid webApp.domainName.*give domainName to the stage/],
      ['the app\'s own replication', { webApp: { backup: { disasterRecoveryVault: undefined }, database: { credentialsReplicaRegions: [{ region: 'eu-north-1' }] } } },
        /invalid webApp.database.credentialsReplicaRegions/],
      ['an Aurora database with a recovery Region', { webApp: { database: { topology: DatabaseTopology.aurora() } } },
        /invalid webApp.database.topology \('aurora'\).*DatabaseTopology.multiAzInstance\(\)/],
      ['an internet-facing load balancer', { recoveryRegion: undefined, webApp: { appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST } } },
        /invalid webApp.appTier.loadBalancerExposure \('CLOUDFRONT_PREFIX_LIST'\).*VPC origins/],
      ['a WebACL ARN', { webApp: { edge: { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b' } } }, /invalid webApp.edge.webAclArn/],
    ])('%s', (_name, props, message) => {
      expect(() => synthStage(props)).toThrow(message);
    });
  });

  test('nests in a parent stage, as CDK Pipelines adds it', () => {
    const parent = new Stage(testApp(), 'Pipeline');
    const stage = new HighlyAvailableWebAppStage(parent, 'Prod', { env: { account: TEST_ACCOUNT }, primaryRegion: OTHER_REGION });
    const assembly = stage.synth();
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['Pipeline-Prod-Edge', 'Pipeline-Prod-Primary']);
  });
});
