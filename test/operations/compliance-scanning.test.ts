import { CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { ComplianceScanning, ComplianceScanningProps } from '../../src/operations/compliance-scanning';
import { describeQualityGates } from '../gates/quality-gates';
import { logicalId, TEST_ACCOUNT, testApp, testStack } from '../helpers';

const RECORDER = 'ScanRecorderE7D97C33';
const CHANNEL = 'ScanDeliveryChannel1B5AA2DA';
const CONFIG_BUCKET = 'ScanBucketDDA21F89';
const CONFIG_ROLE = 'ScanConfigRole140D1F79';
const CONFIG_ROLE_POLICY = 'ScanConfigRoleDefaultPolicy2216D460';
const KEY = 'ScanEncryptionKey3D73CD0E';
const HUB = 'ScanSecurityHub6BED23E4';
const DETECTOR = 'ScanGuardDuty4687ED3F';

const RULE_IDENTIFIERS = [
  'ENCRYPTED_VOLUMES', 'EC2_IMDSV2_CHECK', 'EC2_INSTANCE_NO_PUBLIC_IP', 'INCOMING_SSH_DISABLED',
  'ALB_HTTP_DROP_INVALID_HEADER_ENABLED', 'ELB_DELETION_PROTECTION_ENABLED',
  'RDS_STORAGE_ENCRYPTED', 'RDS_MULTI_AZ_SUPPORT', 'RDS_CLUSTER_MULTI_AZ_ENABLED', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK',
  'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST', 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT',
  'S3_BUCKET_SSL_REQUESTS_ONLY', 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
  'CLOUD_TRAIL_ENABLED', 'CMK_BACKING_KEY_ROTATION_ENABLED',
];

interface Synthesized {
  readonly stack: Stack;
  readonly scanning: ComplianceScanning;
  readonly template: Template;
}

function synth(props: ComplianceScanningProps): Synthesized {
  const stack = testStack();
  const scanning = new ComplianceScanning(stack, 'Scan', props);
  return { stack, scanning, template: Template.fromStack(stack) };
}

function resource(template: Template, id: string) {
  return template.toJSON().Resources[id];
}

function configRules(template: Template) {
  return Object.values(template.findResources('AWS::Config::ConfigRule'));
}

function ruleWithIdentifier(template: Template, identifier: string) {
  return configRules(template).find((rule) => rule.Properties.Source.SourceIdentifier === identifier);
}

const SERVICE_RESOURCES = [
  'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::Config::ConfigRule',
  'AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard', 'AWS::GuardDuty::Detector', 'Custom::AWS',
];

function serviceResourceCounts(template: Template): Record<string, number> {
  return Object.fromEntries(SERVICE_RESOURCES.map((type) => [type, Object.keys(template.findResources(type)).length]));
}

describe('ComplianceScanning', () => {
  describe('every service is opt-in', () => {
    test.each<[string, ComplianceScanningProps, Record<string, number>]>([
      ['configRecorder (rules follow it)', { configRecorder: true }, { 'AWS::Config::ConfigurationRecorder': 1, 'AWS::Config::DeliveryChannel': 1, 'AWS::Config::ConfigRule': 16 }],
      ['configRecorder without rules', { configRecorder: true, configRules: false }, { 'AWS::Config::ConfigurationRecorder': 1, 'AWS::Config::DeliveryChannel': 1 }],
      ['configRules alone', { configRules: true }, { 'AWS::Config::ConfigRule': 16 }],
      ['securityHub', { securityHub: true }, { 'AWS::SecurityHub::Hub': 1, 'AWS::SecurityHub::Standard': 1 }],
      ['guardDuty', { guardDuty: true }, { 'AWS::GuardDuty::Detector': 1 }],
      ['inspector', { inspector: true }, { 'Custom::AWS': 1 }],
    ])('%s creates only its own resources', (_name, props, expected) => {
      const { template } = synth(props);
      const none = Object.fromEntries(SERVICE_RESOURCES.map((type) => [type, 0]));
      expect(serviceResourceCounts(template)).toEqual({ ...none, ...expected });
    });

    test('the members of services that are off are undefined', () => {
      const { stack, scanning, template } = synth({ guardDuty: true });
      expect(logicalId(stack, scanning.detector!)).toEqual(Object.keys(template.findResources('AWS::GuardDuty::Detector'))[0]);
      for (const member of [scanning.configurationRecorder, scanning.deliveryChannel, scanning.configBucket, scanning.configRole,
        scanning.encryptionKey, scanning.serverAccessLogsBucket, scanning.managedRules, scanning.hub,
        scanning.foundationalBestPractices, scanning.inspectorScanning]) {
        expect(member).toBeUndefined();
      }
    });

    test('without the Config recorder, no bucket, key or role is created', () => {
      const { template } = synth({ securityHub: true, guardDuty: true });
      template.resourceCountIs('AWS::S3::Bucket', 0);
      template.resourceCountIs('AWS::KMS::Key', 0);
      template.resourceCountIs('AWS::IAM::Role', 0);
    });
  });

  describe('AWS Config recorder', () => {
    let stack: Stack;
    let scanning: ComplianceScanning;
    let template: Template;
    beforeAll(() => {
      ({ stack, scanning, template } = synth({ configRecorder: true }));
    });

    test('keeps the logical IDs of the recorder, channel, bucket, role and key stable', () => {
      expect(stack.getLogicalId(scanning.configurationRecorder!)).toEqual(RECORDER);
      expect(stack.getLogicalId(scanning.deliveryChannel!)).toEqual(CHANNEL);
      expect(logicalId(stack, scanning.configBucket!)).toEqual(CONFIG_BUCKET);
      expect(logicalId(stack, scanning.configRole!)).toEqual(CONFIG_ROLE);
      expect(logicalId(stack, scanning.encryptionKey as kms.Key)).toEqual(KEY);
    });

    test('records every supported resource type, global ones included, continuously, with the Config role', () => {
      expect(resource(template, RECORDER).Properties).toEqual({
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        RecordingMode: { RecordingFrequency: 'CONTINUOUS' },
        RoleARN: { 'Fn::GetAtt': [CONFIG_ROLE, 'Arn'] },
      });
    });

    test('the role trusts AWS Config of this account and has the managed policy AWS_ConfigRole', () => {
      expect(resource(template, CONFIG_ROLE).Properties).toMatchObject({
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'config.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }],
        },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
      });
    });

    test('the role may write only under AWSLogs/<account>/Config/ of the bucket, with the key', () => {
      const bucketArn = { 'Fn::GetAtt': [CONFIG_BUCKET, 'Arn'] };
      expect(resource(template, CONFIG_ROLE_POLICY).Properties.PolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucketArn },
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [bucketArn, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/Config/*']] },
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
        { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [KEY, 'Arn'] } },
      ]);
    });

    test('delivers daily snapshots to the bucket, encrypted with the key, once the recorder and the role policy exist', () => {
      expect(resource(template, CHANNEL)).toMatchObject({
        Properties: {
          S3BucketName: { Ref: CONFIG_BUCKET },
          S3KmsKeyArn: { 'Fn::GetAtt': [KEY, 'Arn'] },
          ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
        },
      });
      expect(resource(template, CHANNEL).DependsOn).toEqual(expect.arrayContaining([RECORDER, CONFIG_ROLE, CONFIG_ROLE_POLICY]));
    });

    test('the bucket is private, versioned, KMS-encrypted, access-logged and keeps history for 7 years', () => {
      expect(resource(template, CONFIG_BUCKET).Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [KEY, 'Arn'] } } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { LogFilePrefix: 'config/' },
      });
      expect(resource(template, CONFIG_BUCKET).Properties.LifecycleConfiguration.Rules)
        .toContainEqual({ Id: 'ExpireConfigurationHistory', Status: 'Enabled', ExpirationInDays: 2557 });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: CONFIG_BUCKET },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    test('retains the bucket and the key', () => {
      for (const id of [CONFIG_BUCKET, KEY]) {
        expect(resource(template, id)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });

    test('every rule waits for the recorder and the delivery channel', () => {
      const rules = configRules(template);
      expect(rules).toHaveLength(16);
      for (const rule of Object.values(template.findResources('AWS::Config::ConfigRule'))) {
        expect(rule.DependsOn).toEqual(expect.arrayContaining([RECORDER, CHANNEL]));
      }
    });

    test('creates no Lambda function and warns about nothing', () => {
      template.resourceCountIs('AWS::Lambda::Function', 0);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('AWS Config recorder options', () => {
    test('recordGlobalResources false leaves IAM resources to another region', () => {
      const { template } = synth({ configRecorder: true, recordGlobalResources: false });
      expect(resource(template, RECORDER).Properties.RecordingGroup).toEqual({ AllSupported: true, IncludeGlobalResourceTypes: false });
    });

    test('configHistoryRetention sets when history files expire', () => {
      const { template } = synth({ configRecorder: true, configHistoryRetention: Duration.days(400) });
      expect(resource(template, CONFIG_BUCKET).Properties.LifecycleConfiguration.Rules[0])
        .toEqual({ Id: 'ExpireConfigurationHistory', Status: 'Enabled', ExpirationInDays: 400 });
    });

    test('removalPolicy DESTROY deletes the bucket and the key', () => {
      const { template } = synth({ configRecorder: true, removalPolicy: RemovalPolicy.DESTROY });
      for (const id of [CONFIG_BUCKET, KEY]) {
        expect(resource(template, id)).toMatchObject({ DeletionPolicy: 'Delete' });
      }
    });

    test('a given key and log bucket are used, and none is created', () => {
      const stack = testStack();
      stack.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
      const key = new kms.Key(stack, 'AppKey', { enableKeyRotation: true });
      const logBucket = new s3.Bucket(stack, 'CentralLogs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED });
      const scanning = new ComplianceScanning(stack, 'Scan', { configRecorder: true, encryptionKey: key, serverAccessLogsBucket: logBucket });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.resourceCountIs('AWS::S3::Bucket', 2);
      expect(scanning.encryptionKey).toBe(key);
      expect(resource(template, CHANNEL).Properties.S3KmsKeyArn).toEqual({ 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] });
      expect(resource(template, CONFIG_BUCKET).Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalId(stack, logBucket) });
    });
  });

  describe('AWS Config rules', () => {
    test('are the 16 managed rules that check this architecture', () => {
      const { template } = synth({ configRules: true });
      expect(configRules(template).map((rule) => rule.Properties.Source.SourceIdentifier).sort()).toEqual([...RULE_IDENTIFIERS].sort());
      for (const rule of configRules(template)) {
        expect(rule.Properties.Source.Owner).toEqual('AWS');
        expect(rule.Properties.Description).toMatch(/^Checks that .* \(cdk-ha-web-app\)$/);
      }
    });

    test('change-triggered rules are scoped to the resources they check', () => {
      const { template } = synth({ configRules: true });
      expect(ruleWithIdentifier(template, 'ENCRYPTED_VOLUMES')!.Properties.Scope).toEqual({ ComplianceResourceTypes: ['AWS::EC2::Volume'] });
      expect(ruleWithIdentifier(template, 'INCOMING_SSH_DISABLED')!.Properties.Scope).toEqual({ ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'] });
      expect(ruleWithIdentifier(template, 'RDS_MULTI_AZ_SUPPORT')!.Properties.Scope).toEqual({ ComplianceResourceTypes: ['AWS::RDS::DBInstance'] });
      expect(ruleWithIdentifier(template, 'RDS_CLUSTER_MULTI_AZ_ENABLED')!.Properties.Scope).toEqual({ ComplianceResourceTypes: ['AWS::RDS::DBCluster'] });
      expect(ruleWithIdentifier(template, 'CLOUD_TRAIL_ENABLED')!.Properties.Scope).toBeUndefined();
    });

    test.each([
      'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST', 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT', 'CLOUD_TRAIL_ENABLED', 'CMK_BACKING_KEY_ROTATION_ENABLED',
    ])('the periodic rule %s has no scope, which PutConfigRule refuses on a periodic rule, and runs once a day', (identifier) => {
      const { template } = synth({ configRules: true });
      const rule = ruleWithIdentifier(template, identifier)!;
      expect(rule.Properties.Scope).toBeUndefined();
      expect(rule.Properties.MaximumExecutionFrequency).toBe('TwentyFour_Hours');
    });

    test('no rule has both a scope and a frequency', () => {
      const { template } = synth({ configRules: true });
      const both = configRules(template).filter((rule) => rule.Properties.Scope && rule.Properties.MaximumExecutionFrequency);
      expect(both).toEqual([]);
    });

    describe('Regions without some of the rules', () => {
      function synthIn(region: string) {
        const stack = new Stack(testApp(), 'TestStack', { env: { account: TEST_ACCOUNT, region } });
        const scanning = new ComplianceScanning(stack, 'Scan', { configRules: true });
        return { stack, scanning, template: Template.fromStack(stack) };
      }

      test.each<[string, string[]]>([
        ['ap-northeast-3', ['ALB_HTTP_DROP_INVALID_HEADER_ENABLED', 'ELB_DELETION_PROTECTION_ENABLED']],
        ['ap-southeast-4', ['ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST', 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT']],
        ['il-central-1', ['ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST', 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT']],
        ['mx-central-1', [
          'ENCRYPTED_VOLUMES', 'RDS_STORAGE_ENCRYPTED', 'RDS_MULTI_AZ_SUPPORT', 'RDS_CLUSTER_MULTI_AZ_ENABLED',
          'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST', 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT',
        ]],
        ['us-gov-west-1', [
          'ENCRYPTED_VOLUMES', 'RDS_STORAGE_ENCRYPTED', 'RDS_MULTI_AZ_SUPPORT', 'RDS_CLUSTER_MULTI_AZ_ENABLED',
          'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST', 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT',
        ]],
      ])('in %s, leaves out %j with a warning that names them', (region, missing) => {
        const { stack, scanning, template } = synthIn(region);
        const identifiers = configRules(template).map((rule) => rule.Properties.Source.SourceIdentifier);
        expect(identifiers.sort()).toEqual(RULE_IDENTIFIERS.filter((identifier) => !missing.includes(identifier)).sort());
        expect(scanning.managedRules).toHaveLength(RULE_IDENTIFIERS.length - missing.length);
        const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Scan', Match.stringLikeRegexp(ComplianceScanning.RULES_NOT_IN_REGION_WARNING));
        expect(warnings).toHaveLength(1);
        for (const identifier of missing) {
          expect(JSON.stringify(warnings[0].entry.data)).toContain(identifier);
        }
        expect(JSON.stringify(warnings[0].entry.data)).toContain(`in ${region}: left out`);
      });

      test('in a Region that has them all, creates them all without conditions or warnings', () => {
        const { stack, template } = synthIn('eu-west-1');
        expect(configRules(template)).toHaveLength(RULE_IDENTIFIERS.length);
        expect(configRules(template).filter((rule) => rule.Condition)).toEqual([]);
        expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(ComplianceScanning.RULES_NOT_IN_REGION_WARNING))).toHaveLength(0);
      });

      test('in a stack whose Region is unknown, creates each Region-limited rule under a condition on the Region', () => {
        const stack = new Stack();
        new ComplianceScanning(stack, 'Scan', { configRules: true });
        const template = Template.fromStack(stack).toJSON();
        const rules = Object.values(template.Resources as Record<string, { Type: string; Condition?: string; Properties: any }>)
          .filter((candidate) => candidate.Type === 'AWS::Config::ConfigRule');
        const conditioned = rules.filter((rule) => rule.Condition).map((rule) => rule.Properties.Source.SourceIdentifier).sort();
        expect(conditioned).toEqual([
          'ALB_HTTP_DROP_INVALID_HEADER_ENABLED', 'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST', 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT',
          'ELB_DELETION_PROTECTION_ENABLED', 'ENCRYPTED_VOLUMES', 'RDS_CLUSTER_MULTI_AZ_ENABLED', 'RDS_MULTI_AZ_SUPPORT', 'RDS_STORAGE_ENCRYPTED',
        ]);
        const elastiCache = rules.find((rule) => rule.Properties.Source.SourceIdentifier === 'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST')!;
        const condition = JSON.stringify(template.Conditions[elastiCache.Condition!]);
        // 11 Regions: Fn::Or takes at most 10 conditions, so the list nests.
        for (const region of ['ap-southeast-4', 'il-central-1', 'ca-west-1', 'us-gov-west-1', 'ap-southeast-6']) {
          expect(condition).toContain(`{"Fn::Equals":[{"Ref":"AWS::Region"},"${region}"]}`);
        }
        expect(condition.startsWith('{"Fn::Not":[{"Fn::Or":[')).toBe(true);
        const osaka = rules.find((rule) => rule.Properties.Source.SourceIdentifier === 'ELB_DELETION_PROTECTION_ENABLED')!;
        expect(template.Conditions[osaka.Condition!]).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'ap-northeast-3'] }] });
      });
    });

    test('alone, they depend on nothing: the account\'s own recorder feeds them', () => {
      const { scanning, template } = synth({ configRules: true });
      expect(scanning.managedRules).toHaveLength(16);
      for (const rule of Object.values(template.findResources('AWS::Config::ConfigRule'))) {
        expect(rule.DependsOn).toBeUndefined();
      }
    });
  });

  describe('Security Hub CSPM', () => {
    test('enables the hub without its default standards, with new controls and consolidated findings', () => {
      const { template } = synth({ securityHub: true });
      expect(resource(template, HUB).Properties).toEqual({
        EnableDefaultStandards: false,
        AutoEnableControls: true,
        ControlFindingGenerator: 'SECURITY_CONTROL',
      });
    });

    test('enables the AWS Foundational Security Best Practices standard of the stack\'s region, after the hub', () => {
      const { stack, scanning, template } = synth({ securityHub: true });
      const standard = resource(template, stack.getLogicalId(scanning.foundationalBestPractices!));
      expect(standard.Properties.StandardsArn).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, '::standards/aws-foundational-security-best-practices/v/1.0.0']],
      });
      expect(standard.DependsOn).toEqual([HUB]);
    });
  });

  describe('GuardDuty', () => {
    test('enables a detector that publishes updated findings every 15 minutes, with the protections of this architecture', () => {
      const { template } = synth({ guardDuty: true });
      expect(resource(template, DETECTOR).Properties).toEqual({
        Enable: true,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        Features: [
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
          { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
          { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
          {
            Name: 'RUNTIME_MONITORING',
            Status: 'DISABLED',
            AdditionalConfiguration: [
              { Name: 'EC2_AGENT_MANAGEMENT', Status: 'DISABLED' },
              { Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' },
              { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'DISABLED' },
            ],
          },
        ],
      });
    });

    test('guardDutyRuntimeMonitoring turns on Runtime Monitoring with the EC2 agent managed by GuardDuty', () => {
      const { template } = synth({ guardDuty: true, guardDutyRuntimeMonitoring: true });
      const runtime = resource(template, DETECTOR).Properties.Features.find((f: { Name: string }) => f.Name === 'RUNTIME_MONITORING');
      expect(runtime.Status).toEqual('ENABLED');
      expect(runtime.AdditionalConfiguration).toContainEqual({ Name: 'EC2_AGENT_MANAGEMENT', Status: 'ENABLED' });
      expect(runtime.AdditionalConfiguration).toContainEqual({ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' });
    });
  });

  describe('Amazon Inspector', () => {
    let stack: Stack;
    let scanning: ComplianceScanning;
    let template: Template;
    beforeAll(() => {
      ({ stack, scanning, template } = synth({ inspector: true }));
    });

    test('calls the Inspector Enable API for EC2 on create and update, and nothing on delete', () => {
      const custom = resource(template, stack.getLogicalId(scanning.inspectorScanning!.node.defaultChild as CfnElement));
      const enable = {
        service: 'Inspector2',
        action: 'enable',
        parameters: { resourceTypes: ['EC2'] },
        physicalResourceId: { id: `inspector2-ec2-${TEST_ACCOUNT}-us-east-1` },
      };
      expect(JSON.parse(custom.Properties.Create)).toEqual(enable);
      expect(JSON.parse(custom.Properties.Update)).toEqual(enable);
      expect(custom.Properties.Delete).toBeUndefined();
      expect(custom.Properties.InstallLatestAwsSdk).toBe(false);
    });

    test('its function may only enable Inspector and create Inspector\'s service-linked role', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 'inspector2:Enable', Resource: '*' },
            {
              Effect: 'Allow',
              Action: 'iam:CreateServiceLinkedRole',
              Resource: {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' },
                  ':role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2']],
              },
              Condition: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
            },
          ],
        },
      });
      template.resourceCountIs('AWS::IAM::Policy', 1);
      template.resourceCountIs('AWS::Lambda::Function', 1);
    });
  });

  describe('validation', () => {
    test.each<[string, ComplianceScanningProps, RegExp]>([
      ['nothing', {},
        /^TestStack\/Scan: invalid configRecorder, configRules, securityHub, guardDuty and inspector \(\{"configRecorder":false,"configRules":false,"securityHub":false,"guardDuty":false,"inspector":false\}\): turn on at least one of them/],
      ['everything off', { configRecorder: false, configRules: false, securityHub: false, guardDuty: false, inspector: false }, /nothing to do/],
      ['rules off with the recorder off', { configRules: false }, /invalid configRecorder, configRules, securityHub, guardDuty and inspector/],
      ['recordGlobalResources', { configRules: true, recordGlobalResources: false },
        /invalid recordGlobalResources \(false\): remove it, or set configRecorder to true: it is a setting of the configuration recorder/],
      ['configHistoryRetention', { guardDuty: true, configHistoryRetention: Duration.days(30) },
        /invalid configHistoryRetention \('Duration.days\(30\)'\): remove it, or set configRecorder to true/],
      ['configHistoryRetention', { configRecorder: true, configHistoryRetention: Duration.hours(30) },
        /invalid configHistoryRetention \('Duration.hours\(30\)'\): give a whole number of days, at least Duration.days\(1\)/],
      ['guardDutyRuntimeMonitoring', { securityHub: true, guardDutyRuntimeMonitoring: true },
        /invalid guardDutyRuntimeMonitoring \(true\): remove it, or set guardDuty to true/],
      ['a string where a switch goes', { configRecorder: 'yes' as unknown as boolean }, /invalid configRecorder \('yes'\): give true or false, not a string$/],
      ['a number of days where the retention goes', { configRecorder: true, configHistoryRetention: 2557 as unknown as Duration },
        /invalid configHistoryRetention \(2557\): give a Duration, for example Duration\.days\(2557\), not a number$/],
      ['a string where the removal policy goes', { guardDuty: true, removalPolicy: 'keep' as RemovalPolicy },
        /invalid removalPolicy \('keep'\): give one of RemovalPolicy\.DESTROY, RemovalPolicy\.RETAIN/],
    ])('rejects %s', (_name, props, message) => {
      expect(() => synth(props)).toThrow(message);
      expect(() => synth(props)).toThrow(/^TestStack\/Scan: invalid /);
    });

    test.each<ComplianceScanningProps>([
      { configRecorder: true, recordGlobalResources: true, configHistoryRetention: Duration.days(1) },
      { guardDuty: true, guardDutyRuntimeMonitoring: false },
      { inspector: true, configRules: false },
    ])('accepts %p', (props) => {
      expect(() => synth(props)).not.toThrow();
    });
  });

  describe('quality gates', () => describeQualityGates({
    'ComplianceScanning default (the Config recorder, which brings its rules)': (stack) => {
      new ComplianceScanning(stack, 'Scan', { configRecorder: true });
    },
    'ComplianceScanning with every option': (stack) => {
      new ComplianceScanning(stack, 'Scan', {
        configRecorder: true,
        configRules: true,
        recordGlobalResources: false,
        configHistoryRetention: Duration.days(3653),
        securityHub: true,
        guardDuty: true,
        guardDutyRuntimeMonitoring: true,
        inspector: true,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    },
    'ComplianceScanning with Inspector alone (the custom resource function)': (stack) => {
      new ComplianceScanning(stack, 'Scan', { inspector: true });
    },
  }, testApp, (app) => testStack(app)));
});
