import * as path from 'path';
import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { StaticAssets, StaticAssetsProps } from '../../src/edge/static-assets';
import { cfnLint, describeQualityGates, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { logicalId, TEST_ACCOUNT, testApp, testStack } from '../helpers';

const SITE_DIR = path.join(__dirname, 'fixtures', 'static');
const IMPORTED_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const IMPORTED_KEY_WARNING = /key policy cannot be changed here.*cloudfront\.amazonaws\.com kms:Decrypt/;

interface Synthesized {
  readonly stack: Stack;
  readonly assets: StaticAssets;
  readonly template: Template;
}

function synth(props: StaticAssetsProps = {}): Synthesized {
  const stack = testStack();
  const assets = new StaticAssets(stack, 'Assets', props);
  return { stack, assets, template: Template.fromStack(stack) };
}

/** The bucket of the construct (the template also has its server access logs bucket). */
function assetsBucket(template: Template, stack: Stack, assets: StaticAssets) {
  return template.toJSON().Resources[logicalId(stack, assets.bucket)];
}

/** A distribution whose default behavior serves the bucket through Origin Access Control. */
function distributionInFront(stack: Stack, assets: StaticAssets): cloudfront.Distribution {
  return new cloudfront.Distribution(stack, 'Cdn', {
    defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(assets.bucket) },
  });
}

describe('StaticAssets', () => {
  describe('defaults', () => {
    let stack: Stack;
    let assets: StaticAssets;
    let template: Template;
    beforeAll(() => {
      ({ stack, assets, template } = synth());
    });

    test('keeps the logical IDs of the bucket, its key and its log bucket stable', () => {
      expect(logicalId(stack, assets.bucket)).toEqual('AssetsBucket252B3DF7');
      expect(logicalId(stack, assets.encryptionKey as kms.Key)).toEqual('AssetsEncryptionKey795CD271');
      expect(logicalId(stack, assets.serverAccessLogsBucket as s3.Bucket)).toEqual('AssetsServerAccessLogs52783C4B');
    });

    test('encrypts with a new customer managed key, with an S3 Bucket Key', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': ['AssetsEncryptionKey795CD271', 'Arn'] },
            },
          }],
        },
      });
    });

    test('is versioned and expires replaced versions after 30 days', () => {
      expect(assetsBucket(template, stack, assets).Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'ExpireReplacedVersions',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }],
        },
      });
    });

    test('blocks all public access and disables ACLs', () => {
      expect(assetsBucket(template, stack, assets).Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      expect(assetsBucket(template, stack, assets).Properties.WebsiteConfiguration).toBeUndefined();
    });

    test('denies requests without TLS and below TLS 1.2', () => {
      const bucketArn = { 'Fn::GetAtt': ['AssetsBucket252B3DF7', 'Arn'] };
      const denyAll = (condition: Record<string, unknown>) => ({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: [bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }],
        Condition: condition,
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: 'AssetsBucket252B3DF7' },
        PolicyDocument: {
          Statement: [
            denyAll({ Bool: { 'aws:SecureTransport': 'false' } }),
            denyAll({ NumericLessThan: { 's3:TlsVersion': 1.2 } }),
          ],
        },
      });
    });

    test('logs server access to a new log bucket, which admits S3 log delivery from this bucket only', () => {
      expect(assetsBucket(template, stack, assets).Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: 'AssetsServerAccessLogs52783C4B' },
        LogFilePrefix: 'static-assets/',
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: 'AssetsServerAccessLogs52783C4B' },
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': ['AssetsBucket252B3DF7', 'Arn'] } },
              StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
            },
          })]),
        },
      });
    });

    test('retains the bucket, its key and its log bucket when they leave the stack', () => {
      const resources = template.toJSON().Resources;
      for (const id of ['AssetsBucket252B3DF7', 'AssetsEncryptionKey795CD271', 'AssetsServerAccessLogs52783C4B']) {
        expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });

    test('creates no Lambda function and no custom resource', () => {
      template.resourceCountIs('AWS::Lambda::Function', 0);
      const types = Object.values(template.toJSON().Resources).map((resource) => (resource as { Type: string }).Type);
      expect(types.filter((type) => type.startsWith('Custom::'))).toEqual([]);
      expect(assets.deployment).toBeUndefined();
    });

    test('exposes the bucket name and key', () => {
      expect(stack.resolve(assets.bucketName)).toEqual({ Ref: 'AssetsBucket252B3DF7' });
      expect(assets.bucket.encryptionKey).toBe(assets.encryptionKey);
    });

    test('warns about nothing', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('options', () => {
    test('a given encryptionKey encrypts the bucket and no key is created', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'BroughtKey', { enableKeyRotation: true });
      const assets = new StaticAssets(stack, 'Assets', { encryptionKey: key });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      expect(assets.encryptionKey).toBe(key);
      expect(assetsBucket(template, stack, assets).Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]
        .ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] });
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('noncurrentVersionExpiration sets the days replaced versions are kept', () => {
      const { stack, assets, template } = synth({ noncurrentVersionExpiration: Duration.days(7) });
      expect(assetsBucket(template, stack, assets).Properties.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration)
        .toEqual({ NoncurrentDays: 7 });
    });

    test('a given serverAccessLogsBucket receives the logs and no log bucket is created', () => {
      const stack = testStack();
      // as in new CDK apps: a bucket that enforces bucket-owner object ownership admits log delivery by policy
      stack.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
      const logs = new s3.Bucket(stack, 'CentralLogs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED });
      const assets = new StaticAssets(stack, 'Assets', { serverAccessLogsBucket: logs });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 2);
      expect(assets.serverAccessLogsBucket).toBe(logs);
      expect(assetsBucket(template, stack, assets).Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logicalId(stack, logs) },
        LogFilePrefix: 'static-assets/',
      });
    });

    test('removalPolicy DESTROY deletes the bucket and its key, keeps the log bucket and adds no Lambda', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
      const resources = template.toJSON().Resources;
      expect(resources.AssetsBucket252B3DF7).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      expect(resources.AssetsEncryptionKey795CD271).toMatchObject({ DeletionPolicy: 'Delete' });
      expect(resources.AssetsServerAccessLogs52783C4B).toMatchObject({ DeletionPolicy: 'Retain' });
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
      template.resourceCountIs('AWS::Lambda::Function', 0);
    });

    test('autoDeleteObjects with removalPolicy DESTROY empties the bucket on deletion', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
      template.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: { Ref: 'AssetsBucket252B3DF7' } });
    });

    test('grantRead grants reading the objects and decrypting them with the key', () => {
      const stack = testStack();
      const assets = new StaticAssets(stack, 'Assets');
      const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
      assets.grantRead(role, 'static/*');
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(stack, role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['s3:GetObject*']),
              Resource: Match.arrayWith([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['AssetsBucket252B3DF7', 'Arn'] }, '/static/*']] }]),
            }),
            Match.objectLike({
              Action: Match.arrayWith(['kms:Decrypt']),
              Resource: { 'Fn::GetAtt': ['AssetsEncryptionKey795CD271', 'Arn'] },
            }),
          ]),
        },
      });
    });
  });

  describe('behind CloudFront with Origin Access Control', () => {
    let stack: Stack;
    let template: Template;
    let distribution: cloudfront.Distribution;
    beforeAll(() => {
      stack = testStack();
      const assets = new StaticAssets(stack, 'Assets');
      distribution = distributionInFront(stack, assets);
      template = Template.fromStack(stack);
    });

    test('the bucket policy lets only this distribution read objects', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: 'AssetsBucket252B3DF7' },
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['AssetsBucket252B3DF7', 'Arn'] }, '/*']] },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': ['', [
                    'arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/',
                    { Ref: logicalId(stack, distribution) },
                  ]],
                },
              },
            },
          }]),
        },
      });
    });

    test('the key policy lets CloudFront distributions of this account decrypt', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([{
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: {
              ArnLike: {
                'AWS:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/*']],
                },
              },
            },
          }]),
        },
      });
    });

    test('the origin signs its requests with an S3 origin access control and uses no legacy identity', () => {
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
      });
      template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: {
          Origins: [Match.objectLike({
            DomainName: { 'Fn::GetAtt': ['AssetsBucket252B3DF7', 'RegionalDomainName'] },
            OriginAccessControlId: { 'Fn::GetAtt': [Match.stringLikeRegexp('S3OriginAccessControl'), 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          })],
        },
      });
    });

    test('no warning about the key policy, which CDK could write', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('Cannot update key policy'));
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(IMPORTED_KEY_WARNING.source));
    });
  });

  describe('imported key', () => {
    test.each<[string, (stack: Stack) => kms.IKey]>([
      ['a key imported by ARN', (stack) => kms.Key.fromKeyArn(stack, 'Imported', IMPORTED_KEY_ARN)],
      ['an imported alias', (stack) => kms.Alias.fromAliasName(stack, 'Imported', 'alias/static-assets')],
    ])('%s gets a warning that names the key policy statement to add', (_name, importKey) => {
      const stack = testStack();
      new StaticAssets(stack, 'Assets', { encryptionKey: importKey(stack) });
      Annotations.fromStack(stack).hasWarning('/TestStack/Assets', Match.stringLikeRegexp(IMPORTED_KEY_WARNING.source));
      Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
    });

    test('a key from another stack of the app gets no warning', () => {
      const app = testApp();
      const keyStack = testStack(app, 'KeyStack');
      const key = new kms.Key(keyStack, 'Key', { enableKeyRotation: true });
      const stack = testStack(app);
      new StaticAssets(stack, 'Assets', { encryptionKey: key });
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(IMPORTED_KEY_WARNING.source));
    });
  });

  describe('upload of source', () => {
    let stack: Stack;
    let assets: StaticAssets;
    let template: Template;
    beforeAll(() => {
      ({ stack, assets, template } = synth({ source: SITE_DIR, destinationKeyPrefix: 'static/' }));
    });

    test('deploys the directory under the prefix with a bucket deployment that prunes', () => {
      template.resourceCountIs('Custom::CDKBucketDeployment', 1);
      template.hasResourceProperties('Custom::CDKBucketDeployment', {
        SourceBucketNames: [Match.stringLikeRegexp('^cdk-.*-assets-')],
        DestinationBucketName: { Ref: 'AssetsBucket252B3DF7' },
        DestinationBucketKeyPrefix: 'static/',
        Prune: true,
      });
      expect(assets.deployment).toBeInstanceOf(s3deploy.BucketDeployment);
    });

    test('runs one deployment function with 512 MiB', () => {
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 900 });
    });

    test('the deployment function may write the bucket and encrypt with its key', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(stack, assets.deployment!.handlerRole as iam.Role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['s3:DeleteObject*', 's3:PutObject']),
              Resource: Match.arrayWith([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['AssetsBucket252B3DF7', 'Arn'] }, '/*']] }]),
            }),
            Match.objectLike({
              Action: Match.arrayWith(['kms:Encrypt', 'kms:GenerateDataKey*']),
              Resource: { 'Fn::GetAtt': ['AssetsEncryptionKey795CD271', 'Arn'] },
            }),
          ]),
        },
      });
    });

    test('keeps the logical ID of the bucket', () => {
      expect(logicalId(stack, assets.bucket)).toEqual('AssetsBucket252B3DF7');
    });

    test('prune: false keeps the objects that are not in source', () => {
      synth({ source: SITE_DIR, prune: false }).template.hasResourceProperties('Custom::CDKBucketDeployment', {
        Prune: false,
        DestinationBucketKeyPrefix: Match.absent(),
      });
    });

    test('a relative source is resolved from the working directory', () => {
      const { template: relative } = synth({ source: path.relative(process.cwd(), SITE_DIR) });
      relative.resourceCountIs('Custom::CDKBucketDeployment', 1);
    });
  });

  describe('validation', () => {
    test.each<[string, StaticAssetsProps, RegExp]>([
      ['source', { source: path.join(SITE_DIR, 'missing') }, /invalid source \('.*missing'\): give the path of an existing directory/],
      ['source', { source: path.join(SITE_DIR, 'index.html') }, /invalid source \('.*index\.html'\): give the path of a directory, not a file/],
      ['source', { source: Lazy.string({ produce: () => SITE_DIR }) }, /invalid source .*give a literal path/],
      ['noncurrentVersionExpiration', { noncurrentVersionExpiration: Duration.hours(12) }, /invalid noncurrentVersionExpiration \('Duration.hours\(12\)'\): .*at least Duration.days\(1\)/],
      ['noncurrentVersionExpiration', { noncurrentVersionExpiration: Duration.hours(36) }, /invalid noncurrentVersionExpiration \('Duration.hours\(36\)'\): give a whole number of days/],
      ['noncurrentVersionExpiration', { noncurrentVersionExpiration: Duration.days(0) }, /invalid noncurrentVersionExpiration \('Duration.days\(0\)'\)/],
      ['destinationKeyPrefix', { destinationKeyPrefix: 'static/' }, /invalid destinationKeyPrefix \('static\/'\): remove it, or give source/],
      ['prune', { prune: false }, /invalid prune \(false\): remove it, or give source/],
      ['destinationKeyPrefix', { source: SITE_DIR, destinationKeyPrefix: '/static/' }, /invalid destinationKeyPrefix \('\/static\/'\): give a key prefix without a leading '\/'/],
      ['destinationKeyPrefix', { source: SITE_DIR, destinationKeyPrefix: '' }, /invalid destinationKeyPrefix \(''\)/],
      ['autoDeleteObjects', { autoDeleteObjects: true }, /invalid autoDeleteObjects \(true\): remove it, or set removalPolicy to RemovalPolicy.DESTROY/],
      ['autoDeleteObjects', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.SNAPSHOT }, /invalid autoDeleteObjects \(true\)/],
      ['noncurrentVersionExpiration', { noncurrentVersionExpiration: 30 as unknown as Duration }, /invalid noncurrentVersionExpiration \(30\): give a Duration, for example Duration\.days\(30\), not a number$/],
      ['source', { source: ['./site'] as unknown as string }, /invalid source \(\["\.\/site"\]\): give a string, not an array$/],
      ['prune', { prune: 'false' as unknown as boolean }, /invalid prune \('false'\): give true or false, not a string$/],
    ])('rejects %s in %p', (_prop, props, message) => {
      expect(() => synth(props)).toThrow(message);
      expect(() => synth(props)).toThrow(/^TestStack\/Assets: invalid /);
    });

    test.each<StaticAssetsProps>([
      { noncurrentVersionExpiration: Duration.days(1) },
      { noncurrentVersionExpiration: Duration.hours(48) },
      { noncurrentVersionExpiration: Duration.days(365) },
      { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: false },
    ])('accepts %p', (props) => {
      expect(() => synth(props)).not.toThrow();
    });
  });

  describe('quality gates', () => {
    const CONFIGURATIONS: Record<string, (stack: Stack) => void> = {
      'StaticAssets alone': (stack) => {
        new StaticAssets(stack, 'Assets');
      },
      'StaticAssets with the upload of a directory': (stack) => {
        new StaticAssets(stack, 'Assets', { source: SITE_DIR, destinationKeyPrefix: 'static/' });
      },
      'two StaticAssets with uploads sharing one deployment function': (stack) => {
        new StaticAssets(stack, 'Assets', { source: SITE_DIR, destinationKeyPrefix: 'static/' });
        new StaticAssets(stack, 'MoreAssets', { source: SITE_DIR, prune: false });
      },
      'StaticAssets for a test stack (DESTROY, autoDeleteObjects)': (stack) => {
        new StaticAssets(stack, 'Assets', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
      },
    };

    describeQualityGates(CONFIGURATIONS, testApp, (app) => testStack(app));

    test('behind a CloudFront distribution, no finding points into StaticAssets and cfn-lint is clean', () => {
      const app = testApp();
      const stack = testStack(app);
      const assets = new StaticAssets(stack, 'Assets', { source: SITE_DIR, destinationKeyPrefix: 'static/' });
      distributionInFront(stack, assets);
      const findings = nagFindings(app);
      expect(formatFindings(findings.filter((finding) => !finding.path.startsWith('TestStack/Cdn/')))).toEqual('');
      expect(cfnLint(templatesOf(app))).toEqual([]);
    });

    test('the acknowledgements of the deployment function cover only the statements StaticAssets added', () => {
      const app = testApp();
      const stack = testStack(app);
      new StaticAssets(stack, 'Assets', { source: SITE_DIR });
      const other = new s3.Bucket(stack, 'Other');
      // same memory size: the same singleton function and role as the StaticAssets upload
      new s3deploy.BucketDeployment(stack, 'OtherDeployment', {
        sources: [s3deploy.Source.asset(SITE_DIR)], destinationBucket: other, memoryLimit: 512,
      });
      const rules = nagFindings(app)
        .filter((finding) => finding.path.startsWith('TestStack/Custom::CDKBucketDeployment'))
        .map((finding) => finding.rule);
      expect(rules).toEqual([`AwsSolutions-IAM5[Resource::<${logicalId(stack, other)}.Arn>/*]`]);
    });
  });
});
