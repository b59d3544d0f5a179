import { App, CfnElement, Duration, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  DatabaseTopology, HighlyAvailableWebApp, HighlyAvailableWebAppStage, LoadBalancerExposure, HighlyAvailableWebAppStageProps,
  RecoveryStorage, WebAppDatabase, WebAppNetwork,
} from '../../src';
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

    test('its instance refresh watches the alarms that see users fail, but not noHealthyTargets, which reads the group\'s minimum', () => {
      const group = Object.values(templates.Recovery.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
      const alarms = stage.recovery!.monitoring.appTierAlarms!;
      const stack = Stack.of(stage.recovery!);
      expect(group.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms).toEqual(
        [alarms.loadBalancer5xxErrors, alarms.target5xxErrors, alarms.unhealthyTargets]
          .map((alarm) => ({ Ref: stack.getLogicalId(alarm.node.defaultChild as CfnElement) })));
    });
  });

  describe('fault injection and the canary in both Regions', () => {
    let stage: HighlyAvailableWebAppStage;
    let templates: Record<string, Template>;
    beforeAll(() => {
      ({ stage, templates } = synthStage({
        domainName: 'www.example.com',
        hostedZone: ZONE,
        webApp: { canary: {}, faultInjection: { availabilityZone: `${OTHER_REGION}b` } },
      }));
    });

    test('each Region has its experiments, the standby none for its replica database, and outputs the template IDs', () => {
      templates.Primary.resourceCountIs('AWS::FIS::ExperimentTemplate', 4);
      templates.Recovery.resourceCountIs('AWS::FIS::ExperimentTemplate', 3);
      expect(stage.recovery!.faultInjection!.databaseFailoverTemplate).toBeUndefined();
      const zone = Object.values(templates.Recovery.findResources('AWS::FIS::ExperimentTemplate'))
        .find((experiment) => experiment.Properties.Actions.StopInstances)!;
      expect(Object.keys(zone.Properties.Actions)).not.toContain('FailOverDatabase');
      // The primary's zone name belongs to the primary Region: the standby takes its own first zone.
      expect(stage.primary.faultInjection!.availabilityZone).toBe(`${OTHER_REGION}b`);
      expect(stage.recovery!.faultInjection!.availabilityZone).not.toContain(OTHER_REGION);
      for (const name of ['InstanceLossExperiment', 'ZonePowerInterruptionExperiment', 'DatabaseFailoverExperiment', 'CacheFailoverExperiment']) {
        templates.Primary.hasOutput(name, { Description: Match.stringLikeRegexp('aws fis start-experiment') });
      }
      templates.Recovery.hasOutput('ZonePowerInterruptionExperiment', {});
      expect(Object.keys(templates.Recovery.toJSON().Outputs)).not.toContain('DatabaseFailoverExperiment');
    });

    test('the canary probes the domain from the active Region, with its probe token and alarm topic', () => {
      templates.Edge.resourceCountIs('AWS::Synthetics::Canary', 0);
      templates.Recovery.resourceCountIs('AWS::Synthetics::Canary', 0);
      templates.Primary.hasResourceProperties('AWS::Synthetics::Canary', {
        RunConfig: Match.objectLike({ EnvironmentVariables: Match.objectLike({ APP_URL: 'https://www.example.com' }) }),
      });
      expect(Stack.of(stage.canary!)).toBe(stage.primaryStack);
      templates.Primary.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'CloudWatchSynthetics',
        AlarmActions: [{ Ref: stage.primaryStack.getLogicalId(stage.primary.monitoring.alarmTopic.node.defaultChild as CfnElement) }],
      });
    });

    test('after a failover the canary runs in the recovery Region', () => {
      const failedOver = synthStage({ domainName: 'www.example.com', hostedZone: ZONE, activeRegion: RECOVERY_REGION, webApp: { canary: {} } });
      failedOver.templates.Primary.resourceCountIs('AWS::Synthetics::Canary', 0);
      failedOver.templates.Recovery.resourceCountIs('AWS::Synthetics::Canary', 1);
      expect(Stack.of(failedOver.stage.canary!)).toBe(failedOver.stage.recoveryStack);
    });

    test('faultInjectionEnabled false turns the experiments off in both Regions', () => {
      const { templates: off } = synthStage({ webApp: { faultInjectionEnabled: false } });
      off.Primary.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
      off.Recovery.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
      expect(Object.keys(off.Primary.toJSON().Outputs)).not.toContain('InstanceLossExperiment');
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
      // Not a setting of WebAppOptions: what a caller that no compiler checks may pass.
      ['the app\'s own domain', { webApp: { domainName: 'www.example.com' } as any }, /invalid webApp.domainName.*give domainName to the stage/],
      ['the app\'s own key', { webApp: { encryptionKey: {} } as any }, /invalid webApp.encryptionKey.*each stack of the stage creates its own/],
      ['the app\'s own replication', { webApp: { uploads: { replication: { destinationBucket: {} as any } } } },
        /invalid webApp.uploads.replication.*the stage replicates the uploads to recoveryRegion/],
      ['credentials replicated to the recovery Region by the app', { webApp: { database: { credentialsReplicaRegions: [{ region: RECOVERY_REGION }] } } },
        /invalid webApp.database.credentialsReplicaRegions \(\["eu-central-1"\]\).*leave eu-central-1 out/],
      ['an Aurora database with a recovery Region', { webApp: { database: { topology: DatabaseTopology.aurora() } } },
        /invalid webApp.database.topology \('aurora'\).*DatabaseTopology.multiAzInstance\(\)/],
      ['a canary without a domain', { webApp: { canary: {} } }, /invalid webApp.canary.*give the stage domainName and hostedZone/],
      ['a canary setting AWS refuses', { domainName: 'www.example.com', hostedZone: ZONE, webApp: { canary: { schedule: Duration.seconds(30) } } },
        /invalid webApp.canary.schedule/],
      ['an internet-facing load balancer', { recoveryRegion: undefined, webApp: { appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST } } },
        /invalid webApp.appTier.loadBalancerExposure \('CLOUDFRONT_PREFIX_LIST'\).*VPC origins/],
    ])('%s', (_name, props, message) => {
      expect(() => synthStage(props)).toThrow(message);
    });
  });

  test('replicates the credentials to the recovery Region after the Regions the app lists itself', () => {
    const { templates } = synthStage({ webApp: { database: { credentialsReplicaRegions: [{ region: 'eu-north-1' }] } } });
    templates.Primary.hasResourceProperties('AWS::SecretsManager::Secret', {
      ReplicaRegions: [{ Region: 'eu-north-1' }, { Region: RECOVERY_REGION, KmsKeyId: Match.anyValue() }],
    });
  });

  test('takes an existing WebACL and certificates of its own: the edge stack is in us-east-1, the origin certificate in the primary Region', () => {
    const webAclArn = `arn:aws:wafv2:us-east-1:${TEST_ACCOUNT}:global/webacl/edge/0123abcd-0123-0123-0123-0123456789ab`;
    const edgeCertificateArn = `arn:aws:acm:us-east-1:${TEST_ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
    const originCertificateArn = `arn:aws:acm:${OTHER_REGION}:${TEST_ACCOUNT}:certificate/66666666-7777-8888-9999-000000000000`;
    const probe = new Stack(testApp(), 'Imports', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } });
    const { templates } = synthStage({
      recoveryRegion: undefined,
      domainName: 'www.example.com',
      hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
      webApp: {
        edge: { webAclArn, certificate: acm.Certificate.fromCertificateArn(probe, 'Edge', edgeCertificateArn) },
        appTier: { certificate: acm.Certificate.fromCertificateArn(probe, 'Origin', originCertificateArn) },
      },
    });
    const distribution = Object.values(templates.Edge.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(distribution.WebACLId).toBe(webAclArn);
    expect(distribution.ViewerCertificate.AcmCertificateArn).toBe(edgeCertificateArn);
    templates.Edge.resourceCountIs('AWS::WAFv2::WebACL', 0);
    templates.Edge.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    templates.Primary.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    templates.Primary.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Certificates: [{ CertificateArn: originCertificateArn }] });
  });

  test('nests in a parent stage, as CDK Pipelines adds it', () => {
    const parent = new Stage(testApp(), 'Pipeline');
    const stage = new HighlyAvailableWebAppStage(parent, 'Prod', { env: { account: TEST_ACCOUNT }, primaryRegion: OTHER_REGION });
    const assembly = stage.synth();
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['Pipeline-Prod-Edge', 'Pipeline-Prod-Primary']);
  });
});

describe('rebuilding the recovery Region after a failover (recovery.databaseReplicaGeneration)', () => {
  const replicaOf = (template: Template) => {
    const replicas = Object.entries(template.findResources('AWS::RDS::DBInstance'));
    expect(replicas).toHaveLength(1);
    return replicas[0];
  };
  const logGroupsOf = (template: Template) => Object.entries(template.findResources('AWS::Logs::LogGroup'))
    .filter(([id]) => id.startsWith('WebAppDatabaseCrossRegionReplica'));
  let first: ReturnType<typeof synthStage>['templates'];
  let second: ReturnType<typeof synthStage>['templates'];
  beforeAll(() => {
    first = synthStage({ recovery: { databaseReplicaGeneration: 1 } }).templates;
    second = synthStage({ recovery: { databaseReplicaGeneration: 2 } }).templates;
  });

  test('generation 1 is the replica as deployed before generations existed', () => {
    expect(first.Recovery.toJSON()).toEqual(synthStage().templates.Recovery.toJSON());
    expect(replicaOf(first.Recovery)[1].Properties.DBInstanceIdentifier['Fn::Join'][1]).toHaveLength(2);
  });

  test('a new generation keeps the logical ID and renames the instance, so CloudFormation replaces it and keeps the promoted one', () => {
    const [firstId, firstReplica] = replicaOf(first.Recovery);
    const [secondId, secondReplica] = replicaOf(second.Recovery);
    expect(secondId).toEqual(firstId);
    const [, firstParts] = firstReplica.Properties.DBInstanceIdentifier['Fn::Join'];
    expect(secondReplica.Properties.DBInstanceIdentifier).toEqual({ 'Fn::Join': ['', [...firstParts, '-g2']] });
    // DBInstanceIdentifier requires replacement: the old instance (the promoted one) is kept by UpdateReplacePolicy.
    expect(secondReplica).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(secondReplica.Properties.DeletionProtection).toBe(true);
    expect(secondReplica.Properties.SourceDBInstanceIdentifier).toEqual(firstReplica.Properties.SourceDBInstanceIdentifier);
    // The runbook's output names whichever instance is the replica now.
    second.Recovery.hasOutput('DatabaseReplicaIdentifier', { Value: { Ref: secondId } });
  });

  test('the replica\'s log groups follow its new name; the old ones are kept', () => {
    const before = logGroupsOf(first.Recovery);
    const after = logGroupsOf(second.Recovery);
    expect(after.map(([id]) => id)).toEqual(before.map(([id]) => id));
    expect(after).toHaveLength(2);
    for (const [, logGroup] of after) {
      expect(logGroup).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      const parts: unknown[] = logGroup.Properties.LogGroupName['Fn::Join'][1];
      expect(parts[parts.length - 1]).toMatch(/^-g2\/(postgresql|upgrade)$/);
    }
  });

  test('only the replica and its log groups change; the primary, the recovery storage and the edge do not', () => {
    for (const name of ['Primary', 'RecoveryStorage', 'Edge']) {
      expect({ name, template: second[name].toJSON() }).toEqual({ name, template: first[name].toJSON() });
    }
    const before = first.Recovery.toJSON().Resources as Record<string, unknown>;
    const after = second.Recovery.toJSON().Resources as Record<string, unknown>;
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const changed = Object.keys(after).filter((id) => JSON.stringify(after[id]) !== JSON.stringify(before[id]));
    expect(changed.sort()).toEqual([replicaOf(first.Recovery)[0], ...logGroupsOf(first.Recovery).map(([id]) => id)].sort());
  });

  test('with the test stages\' DESTROY the promoted instance is deleted on replacement, which the docs say', () => {
    const { templates } = synthStage({
      webApp: { database: { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false } },
      recovery: { databaseReplicaGeneration: 3 },
    });
    const [, replica] = replicaOf(templates.Recovery);
    expect(replica).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(replica.Properties.DBInstanceIdentifier['Fn::Join'][1].slice(-1)).toEqual(['-g3']);
  });

  test('the recovery stack outputs what the credentials steps need, so they work while the primary Region is down', () => {
    const { stage, templates } = synthStage();
    const secretName = stage.primary.database.credentialsSecretName!;
    templates.Recovery.hasOutput('CredentialsSecretName', { Value: secretName });
    templates.Recovery.hasOutput('CredentialsReplicaKeyArn', {
      Value: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Prod-RecoveryStorage', Region: RECOVERY_REGION }) },
    });
    templates.Recovery.hasOutput('HealthProbeSecretArn', {});
    templates.Primary.hasOutput('UploadsBucket', { Value: { Ref: Match.stringLikeRegexp('^WebAppUploadsBucket') } });
    templates.Primary.hasOutput('HealthProbeSecretArn', {});
    // The replica secret takes the primary's name: the grant of the standby names it in the recovery Region.
    expect(textOf(templates.Recovery)).toContain(`:secretsmanager:${RECOVERY_REGION}:${TEST_ACCOUNT}:secret:${secretName}-??????`);
  });
});

describe('names that AWS keeps per account, or per account and Region, replicas included', () => {
  /** Names kept per account (IAM) or across S3, by resource type and property. */
  const GLOBAL: Record<string, string[]> = {
    'AWS::IAM::ServiceLinkedRole': ['CustomSuffix'],
    'AWS::IAM::Role': ['RoleName'],
    'AWS::IAM::ManagedPolicy': ['ManagedPolicyName'],
    'AWS::IAM::InstanceProfile': ['InstanceProfileName'],
    'AWS::S3::Bucket': ['BucketName'],
  };
  /** Names kept per account and Region. */
  const REGIONAL: Record<string, string[]> = {
    'AWS::SecretsManager::Secret': ['Name'],
    'AWS::Backup::BackupVault': ['BackupVaultName'],
    'AWS::RDS::DBInstance': ['DBInstanceIdentifier'],
    'AWS::RDS::DBProxy': ['DBProxyName'],
    'AWS::Logs::LogGroup': ['LogGroupName'],
    'AWS::KMS::Alias': ['AliasName'],
    'AWS::SSM::PatchBaseline': ['Name'],
    'AWS::SSM::Association': ['AssociationName'],
    'AWS::CloudWatch::CompositeAlarm': ['AlarmName'],
    'AWS::CloudTrail::Trail': ['TrailName'],
    'AWS::ElastiCache::User': ['UserId'],
    'AWS::ElastiCache::UserGroup': ['UserGroupId'],
  };

  type Placed = [region: string, template: Template];

  /**
   * Every name the templates ask for, per Region ('global' for IAM and S3), as JSON: a secret's name counts in
   * its own Region and in every Region it is replicated to, where Secrets Manager creates a replica of that name.
   */
  function namesByRegion(placed: Placed[]): Map<string, string[]> {
    const names = new Map<string, string[]>();
    const add = (region: string, name: unknown) => names.set(region, [...names.get(region) ?? [], JSON.stringify(name)]);
    for (const [region, template] of placed) {
      for (const resource of Object.values(template.toJSON().Resources as Record<string, any>)) {
        for (const prop of GLOBAL[resource.Type] ?? []) {
          if (resource.Properties?.[prop] !== undefined) {
            add('global', resource.Properties[prop]);
          }
        }
        for (const prop of REGIONAL[resource.Type] ?? []) {
          if (resource.Properties?.[prop] !== undefined) {
            add(region, resource.Properties[prop]);
          }
        }
        if (resource.Type === 'AWS::SecretsManager::Secret') {
          for (const replica of resource.Properties?.ReplicaRegions ?? []) {
            add(replica.Region, resource.Properties.Name);
          }
        }
      }
    }
    return names;
  }

  /** Names asked for in the same place by both, unless they hold a stack's ID (a UUID of each stack). */
  function clashes(first: Map<string, string[]>, second: Map<string, string[]>): string[] {
    return [...first].flatMap(([region, names]) => names
      .filter((name) => (second.get(region) ?? []).includes(name) && !name.includes('AWS::StackId'))
      .map((name) => `${region}: ${name}`));
  }

  /** A regional app whose credentials replicate to `replicaRegion`, in a stack of the given id and name. */
  function appStack(app: App, region: string, replicaRegion: string, stackName?: string): Placed {
    const stack = new Stack(app, 'App', { env: { account: TEST_ACCOUNT, region }, stackName });
    new HighlyAvailableWebApp(stack, 'WebApp', {
      edgeEnabled: false,
      database: { credentialsReplicaRegions: [{ region: replicaRegion }] },
    });
    return [region, Template.fromStack(stack)];
  }

  test('the same app in two Regions that replicate into each other asks for no name twice in a Region', () => {
    const east = namesByRegion([appStack(testApp(), OTHER_REGION, RECOVERY_REGION)]);
    const west = namesByRegion([appStack(testApp(), RECOVERY_REGION, OTHER_REGION)]);
    // The replica of each app's secret lands in the other app's Region.
    expect(east.get(RECOVERY_REGION)?.filter((name) => name.endsWith('-credentials"'))).toHaveLength(1);
    expect(clashes(east, west)).toEqual([]);
  });

  test('two stages whose Regions are each other\'s recovery Regions ask for no name twice in a Region', () => {
    const regional = (primaryRegion: string, recoveryRegion: string): Placed[] => {
      const { stage, assembly } = synthStage({ primaryRegion, recoveryRegion });
      // Their edge stacks would be one and the same (Prod-Edge in us-east-1): two such stages need different ids.
      return [stage.primaryStack, stage.recoveryStorageStack!, stage.recoveryStack!]
        .map((stack) => [stack.region, Template.fromJSON(assembly.getStackByName(stack.stackName).template)]);
    };
    const first = namesByRegion(regional(OTHER_REGION, RECOVERY_REGION));
    const second = namesByRegion(regional(RECOVERY_REGION, OTHER_REGION));
    expect(first.get(RECOVERY_REGION)?.length).toBeGreaterThan(3);
    expect(clashes(first, second)).toEqual([]);
  });

  test('the database and the recovery storage under the same construct paths in two stacks of one Region (two CDK apps) ask for no name twice', () => {
    const build = (suffix: string): Placed[] => {
      const app = testApp();
      const primary = new Stack(app, 'Primary', { env: { account: TEST_ACCOUNT, region: OTHER_REGION }, stackName: `shop-${suffix}` });
      const network = new WebAppNetwork(primary, 'Network');
      new WebAppDatabase(primary, 'Database', {
        vpc: network.vpc,
        vpcSubnets: network.dataSubnets,
        credentialsReplicaRegions: [{ region: RECOVERY_REGION }],
      });
      const storage = new Stack(app, 'Storage', { env: { account: TEST_ACCOUNT, region: RECOVERY_REGION }, stackName: `shop-storage-${suffix}` });
      new RecoveryStorage(storage, 'Storage');
      return [[OTHER_REGION, Template.fromStack(primary)], [RECOVERY_REGION, Template.fromStack(storage)]];
    };
    const blue = namesByRegion(build('blue'));
    const green = namesByRegion(build('green'));
    expect(blue.get('global')).toHaveLength(1);
    expect(blue.get(RECOVERY_REGION)).toHaveLength(2);
    expect(clashes(blue, green)).toEqual([]);
  });

  test('the names stay within AWS\'s limits and characters for long stack and construct names', () => {
    const app = testApp();
    const longId = 'CustomerFacingProductionWebApplicationWithAVeryLongConstructIdThatGoesOnAndOnAndOnForeverMore';
    const stack = new Stack(app, `${longId}Stack`, { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
    const network = new WebAppNetwork(stack, 'Network');
    const database = new WebAppDatabase(stack, longId, {
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      credentialsReplicaRegions: [{ region: RECOVERY_REGION }],
    });
    const storage = new RecoveryStorage(new Stack(app, `${longId}Storage`, { env: { account: TEST_ACCOUNT, region: 'ap-southeast-5' } }), longId);
    const secretName = database.credentialsSecretName!;
    expect(secretName.length).toBeLessThanOrEqual(512);
    expect(secretName).toMatch(/^[A-Za-z0-9/_+=.@-]+$/);
    expect(secretName).toMatch(new RegExp(`-${OTHER_REGION}-credentials$`));
    const bucketName = storage.uploads.bucketName;
    expect(bucketName.length).toBeLessThanOrEqual(63);
    expect(bucketName).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    const vaultName = Object.values(Template.fromStack(Stack.of(storage)).findResources('AWS::Backup::BackupVault'))[0].Properties.BackupVaultName;
    expect(vaultName).toMatch(/^[a-zA-Z0-9\-_]{2,50}$/);
  });
});
