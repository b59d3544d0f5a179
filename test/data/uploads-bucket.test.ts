import { Aws, CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import { UploadsBucket, UploadsBucketProps } from '../../src/data/uploads-bucket';
import { describeQualityGates, formatFindings, nagFindings } from '../gates/quality-gates';
import { logicalId, OTHER_REGION, TEST_ACCOUNT, TEST_REGION, testApp, testStack } from '../helpers';

const BUCKET = 'UploadsBucketC4B27CC7';
const KEY = 'UploadsEncryptionKeyF93E4F71';
const LOG_BUCKET = 'UploadsServerAccessLogsDC9E2FF1';
const REPLICATION_ROLE = 'UploadsReplicationRole8D920918';

const REPLICA_BUCKET_NAME = 'uploads-replica-eu-west-1';
const REPLICA_KEY_ARN = `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`;
const OTHER_REPLICA_KEY_ARN = `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee`;
const SAME_REGION_WARNING = 'replicas in the same region do not survive a regional outage';

const BUCKET_ARN = { 'Fn::GetAtt': [BUCKET, 'Arn'] };
const OBJECTS_ARN = { 'Fn::Join': ['', [BUCKET_ARN, '/*']] };
const KEY_ARN = { 'Fn::GetAtt': [KEY, 'Arn'] };

interface Synthesized {
  readonly stack: Stack;
  readonly uploads: UploadsBucket;
  readonly template: Template;
}

function synth(props: UploadsBucketProps = {}): Synthesized {
  const stack = testStack();
  const uploads = new UploadsBucket(stack, 'Uploads', props);
  return { stack, uploads, template: Template.fromStack(stack) };
}

/** The bucket in the recovery region, imported as a stack in the primary region sees it. */
function replicaBucket(stack: Stack, withKey = true): s3.IBucket {
  return s3.Bucket.fromBucketAttributes(stack, 'Replica', {
    bucketName: REPLICA_BUCKET_NAME,
    region: OTHER_REGION,
    encryptionKey: withKey ? kms.Key.fromKeyArn(stack, 'ReplicaKey', REPLICA_KEY_ARN) : undefined,
  });
}

function synthReplicated(props: UploadsBucketProps = {}): Synthesized {
  const stack = testStack();
  const uploads = new UploadsBucket(stack, 'Uploads', { ...props, replication: { destinationBucket: replicaBucket(stack) } });
  return { stack, uploads, template: Template.fromStack(stack) };
}

/** The properties of the uploads bucket (the template also has its server access logs bucket). */
function bucketProperties(template: Template) {
  return template.toJSON().Resources[BUCKET].Properties;
}

/** The statements of the only IAM policy attached to the role. */
function policyStatements(stack: Stack, template: Template, role: iam.IRole): unknown[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalId(stack, role) }] },
  });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0].Properties.PolicyDocument.Statement;
}

/** The rule ids acknowledged on a construct itself (not its ancestors), without the pack-neutral prefix. */
function acknowledgedRules(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
    .map((id) => id.replace(/^annotation::/i, ''));
}

function grantee(stack: Stack): iam.Role {
  return new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
}

describe('UploadsBucket', () => {
  describe('defaults', () => {
    let stack: Stack;
    let uploads: UploadsBucket;
    let template: Template;
    beforeAll(() => {
      ({ stack, uploads, template } = synth());
    });

    test('keeps the logical IDs of the bucket, its key and its log bucket stable', () => {
      expect(logicalId(stack, uploads.bucket)).toEqual(BUCKET);
      expect(logicalId(stack, uploads.encryptionKey as kms.Key)).toEqual(KEY);
      expect(logicalId(stack, uploads.serverAccessLogsBucket as s3.Bucket)).toEqual(LOG_BUCKET);
    });

    test('encrypts with a new customer managed key that rotates, with an S3 Bucket Key', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      expect(bucketProperties(template).BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN },
        }],
      });
    });

    test('is versioned', () => {
      expect(bucketProperties(template).VersioningConfiguration).toEqual({ Status: 'Enabled' });
    });

    test('blocks all public access and disables ACLs', () => {
      expect(bucketProperties(template)).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      expect(bucketProperties(template).AccessControl).toBeUndefined();
    });

    test('its bucket policy only denies requests without TLS and below TLS 1.2', () => {
      const denyAll = (condition: Record<string, unknown>) => ({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: [BUCKET_ARN, OBJECTS_ARN],
        Condition: condition,
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: BUCKET },
        PolicyDocument: {
          Statement: [
            denyAll({ Bool: { 'aws:SecureTransport': 'false' } }),
            denyAll({ NumericLessThan: { 's3:TlsVersion': 1.2 } }),
          ],
        },
      });
    });

    test('logs server access under uploads/ to a new log bucket, which admits S3 log delivery from this bucket only', () => {
      expect(bucketProperties(template).LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: LOG_BUCKET },
        LogFilePrefix: 'uploads/',
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: LOG_BUCKET },
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [LOG_BUCKET, 'Arn'] }, '/uploads/*']] },
            Condition: {
              ArnLike: { 'aws:SourceArn': BUCKET_ARN },
              StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
            },
          }]),
        },
      });
    });

    test('moves uploads to Standard-IA after 30 days and Glacier Instant Retrieval after 90, expires replaced versions after 30 days and aborts multipart uploads after 1', () => {
      expect(bucketProperties(template).LifecycleConfiguration).toEqual({
        Rules: [
          {
            Id: 'MoveToColderStorageClasses',
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
            ],
          },
          {
            Id: 'ExpireReplacedVersions',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      });
    });

    test('never expires current uploads', () => {
      for (const rule of bucketProperties(template).LifecycleConfiguration.Rules) {
        expect(rule.ExpirationInDays).toBeUndefined();
        expect(rule.ExpirationDate).toBeUndefined();
      }
    });

    test('retains the bucket, its key and its log bucket when they leave the stack', () => {
      const resources = template.toJSON().Resources;
      for (const id of [BUCKET, KEY, LOG_BUCKET]) {
        expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });

    test('has no CORS rule', () => {
      expect(bucketProperties(template).CorsConfiguration).toBeUndefined();
    });

    test('does not replicate, and says why the compliance rule on replication does not apply yet', () => {
      expect(bucketProperties(template).ReplicationConfiguration).toBeUndefined();
      expect(uploads.replicationRole).toBeUndefined();
      template.resourceCountIs('AWS::IAM::Role', 0);
      const acknowledged = acknowledgedRules(uploads.bucket);
      expect(acknowledged).toEqual(expect.arrayContaining([
        'NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
      ]));
      const reasons = uploads.bucket.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .filter(([rule]) => rule.includes('S3BucketReplicationEnabled'))
        .map(([, reason]) => reason);
      expect(reasons).toHaveLength(3);
      expect(reasons.every((reason) => reason.includes('`replication` option') && reason.includes('disaster recovery'))).toBe(true);
    });

    test('creates no Lambda function and no custom resource', () => {
      template.resourceCountIs('AWS::Lambda::Function', 0);
      const types = Object.values(template.toJSON().Resources).map((resource) => (resource as { Type: string }).Type);
      expect(types.filter((type) => type.startsWith('Custom::'))).toEqual([]);
    });

    test('exposes the bucket name and key', () => {
      expect(stack.resolve(uploads.bucketName)).toEqual({ Ref: BUCKET });
      expect(uploads.bucket.encryptionKey).toBe(uploads.encryptionKey);
    });

    test('warns about nothing', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('options', () => {
    test('infrequentAccessAfter and glacierInstantRetrievalAfter set the ages of the transitions', () => {
      const { template } = synth({ infrequentAccessAfter: Duration.days(45), glacierInstantRetrievalAfter: Duration.days(180) });
      expect(bucketProperties(template).LifecycleConfiguration.Rules[0].Transitions).toEqual([
        { StorageClass: 'STANDARD_IA', TransitionInDays: 45 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
      ]);
    });

    test('noncurrentVersionExpiration sets the days replaced versions are kept', () => {
      const { template } = synth({ noncurrentVersionExpiration: Duration.days(7) });
      expect(bucketProperties(template).LifecycleConfiguration.Rules[1].NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 7 });
    });

    test('corsAllowedOrigins adds one CORS rule for presigned uploads and downloads from those origins', () => {
      const { template } = synth({ corsAllowedOrigins: ['https://www.example.com', 'https://*.preview.example.com'] });
      expect(bucketProperties(template).CorsConfiguration).toEqual({
        CorsRules: [{
          Id: 'BrowserUploads',
          AllowedOrigins: ['https://www.example.com', 'https://*.preview.example.com'],
          AllowedMethods: ['PUT', 'POST', 'GET', 'HEAD'],
          AllowedHeaders: ['*'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3600,
        }],
      });
    });

    test('corsAllowedMethods replaces the methods', () => {
      const { template } = synth({ corsAllowedOrigins: ['https://www.example.com:8443'], corsAllowedMethods: [s3.HttpMethods.PUT] });
      expect(bucketProperties(template).CorsConfiguration.CorsRules[0]).toMatchObject({
        AllowedOrigins: ['https://www.example.com:8443'],
        AllowedMethods: ['PUT'],
      });
    });

    test('an origin that is a token, such as the domain of a distribution, is passed through', () => {
      const stack = testStack();
      const domain = new CfnParameter(stack, 'Domain').valueAsString;
      new UploadsBucket(stack, 'Uploads', { corsAllowedOrigins: [`https://${domain}`] });
      expect(bucketProperties(Template.fromStack(stack)).CorsConfiguration.CorsRules[0].AllowedOrigins)
        .toEqual([{ 'Fn::Join': ['', ['https://', { Ref: 'Domain' }]] }]);
    });

    test('a given encryptionKey encrypts the bucket and no key is created', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'BroughtKey', { enableKeyRotation: true });
      const uploads = new UploadsBucket(stack, 'Uploads', { encryptionKey: key });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      expect(uploads.encryptionKey).toBe(key);
      expect(bucketProperties(template).BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID)
        .toEqual({ 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] });
    });

    test('a given serverAccessLogsBucket receives the logs and no log bucket is created', () => {
      const stack = testStack();
      // as in new CDK apps: a bucket that enforces bucket-owner object ownership admits log delivery by policy
      stack.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
      const logs = new s3.Bucket(stack, 'CentralLogs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED });
      const uploads = new UploadsBucket(stack, 'Uploads', { serverAccessLogsBucket: logs });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 2);
      expect(uploads.serverAccessLogsBucket).toBe(logs);
      expect(bucketProperties(template).LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logicalId(stack, logs) },
        LogFilePrefix: 'uploads/',
      });
    });

    test('removalPolicy DESTROY deletes the bucket and its key, keeps the log bucket and adds no Lambda', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
      const resources = template.toJSON().Resources;
      expect(resources[BUCKET]).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      expect(resources[KEY]).toMatchObject({ DeletionPolicy: 'Delete' });
      expect(resources[LOG_BUCKET]).toMatchObject({ DeletionPolicy: 'Retain' });
      template.resourceCountIs('AWS::Lambda::Function', 0);
    });

    test('autoDeleteObjects with removalPolicy DESTROY empties the bucket on deletion', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
      template.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: { Ref: BUCKET } });
    });

    test('ages given as tokens are passed through', () => {
      const stack = testStack();
      const days = (name: string) => Duration.days(Token.asNumber(new CfnParameter(stack, name, { type: 'Number' }).value));
      new UploadsBucket(stack, 'Uploads', {
        infrequentAccessAfter: days('IaDays'),
        glacierInstantRetrievalAfter: days('GlacierDays'),
        noncurrentVersionExpiration: days('NoncurrentDays'),
      });
      const rules = bucketProperties(Template.fromStack(stack)).LifecycleConfiguration.Rules;
      expect(rules[0].Transitions).toEqual([
        { StorageClass: 'STANDARD_IA', TransitionInDays: { Ref: 'IaDays' } },
        { StorageClass: 'GLACIER_IR', TransitionInDays: { Ref: 'GlacierDays' } },
      ]);
      expect(rules[1].NoncurrentVersionExpiration).toEqual({ NoncurrentDays: { Ref: 'NoncurrentDays' } });
    });
  });

  describe('grants', () => {
    let stack: Stack;
    let uploads: UploadsBucket;
    beforeEach(() => {
      stack = testStack();
      uploads = new UploadsBucket(stack, 'Uploads');
    });

    const objects = (pattern: string) => ({ 'Fn::Join': ['', [BUCKET_ARN, `/${pattern}`]] });

    test('grantRead gives s3:GetObject on the objects and kms:Decrypt on the key, nothing else', () => {
      const role = grantee(stack);
      uploads.grantRead(role, 'users/*');
      expect(policyStatements(stack, Template.fromStack(stack), role)).toEqual([
        { Effect: 'Allow', Action: 's3:GetObject', Resource: objects('users/*') },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN },
      ]);
    });

    test('grantPut gives uploading, also in parts, and the key actions uploads need, nothing else', () => {
      const role = grantee(stack);
      uploads.grantPut(role);
      expect(policyStatements(stack, Template.fromStack(stack), role)).toEqual([
        { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: objects('*') },
        { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KEY_ARN },
      ]);
    });

    test('grantReadWrite gives reading and uploading objects: no delete, no listing, no ACL or policy change', () => {
      const role = grantee(stack);
      uploads.grantReadWrite(role);
      expect(policyStatements(stack, Template.fromStack(stack), role)).toEqual([
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: objects('*'),
        },
        { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KEY_ARN },
      ]);
    });

    test('grantDelete gives only s3:DeleteObject, which adds delete markers: never s3:DeleteObjectVersion', () => {
      const role = grantee(stack);
      uploads.grantDelete(role, 'users/*');
      expect(policyStatements(stack, Template.fromStack(stack), role)).toEqual([
        { Effect: 'Allow', Action: 's3:DeleteObject', Resource: objects('users/*') },
      ]);
    });

    test('no grant has a wildcard action, or a resource beyond the objects of the bucket and its key', () => {
      const role = grantee(stack);
      uploads.grantReadWrite(role);
      uploads.grantDelete(role);
      for (const statement of policyStatements(stack, Template.fromStack(stack), role) as Array<{ Action: string | string[]; Resource: unknown }>) {
        for (const action of [statement.Action].flat()) {
          expect(action).not.toContain('*');
        }
        expect([objects('*'), KEY_ARN]).toContainEqual(statement.Resource);
      }
    });

    test('the grants return the grant, which succeeds for a principal of the account', () => {
      const role = grantee(stack);
      expect(uploads.grantPut(role).success).toBe(true);
      expect(uploads.grantRead(role).success).toBe(true);
      expect(uploads.grantDelete(role).success).toBe(true);
    });
  });

  describe('replication', () => {
    let stack: Stack;
    let uploads: UploadsBucket;
    let template: Template;
    beforeAll(() => {
      ({ stack, uploads, template } = synthReplicated());
    });

    test('replicates every upload and delete marker to the destination bucket, re-encrypted with its key', () => {
      expect(bucketProperties(template).ReplicationConfiguration).toEqual({
        Role: { 'Fn::GetAtt': [REPLICATION_ROLE, 'Arn'] },
        Rules: [{
          Id: 'ReplicateEveryUpload',
          Status: 'Enabled',
          Filter: { Prefix: '' },
          DeleteMarkerReplication: { Status: 'Enabled' },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
          Destination: {
            Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${REPLICA_BUCKET_NAME}`]] },
            EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY_ARN },
            // Replication metrics, without the paid Replication Time Control (S3 refuses an event threshold without it).
            Metrics: { Status: 'Enabled' },
          },
        }],
      });
    });

    test('replication metrics name the source, the destination and the rule', () => {
      expect(stack.resolve(uploads.metricReplicationLatency().dimensions)).toEqual({
        SourceBucket: { Ref: BUCKET },
        DestinationBucket: REPLICA_BUCKET_NAME,
        RuleId: 'ReplicateEveryUpload',
      });
      expect(uploads.metricFailedReplications().metricName).toEqual('OperationsFailedReplication');
      expect(uploads.metricFailedReplications().statistic).toEqual('Sum');
    });

    test('replication metrics: the worst latency and the sum of failures over 5 minutes, which the caller may override', () => {
      const latency = uploads.metricReplicationLatency();
      expect([latency.namespace, latency.metricName, latency.statistic, latency.period.toSeconds()]).toEqual(['AWS/S3', 'ReplicationLatency', 'Maximum', 300]);
      const failed = uploads.metricFailedReplications();
      expect([failed.namespace, failed.period.toSeconds()]).toEqual(['AWS/S3', 300]);
      const overridden = uploads.metricReplicationLatency({ period: Duration.minutes(1), label: 'Latency' });
      expect([overridden.period.toSeconds(), overridden.label, overridden.metricName]).toEqual([60, 'Latency', 'ReplicationLatency']);
    });

    test('without timeControl there is no Replication Time Control, whose replication costs extra', () => {
      expect(bucketProperties(template).ReplicationConfiguration.Rules[0].Destination.ReplicationTime).toBeUndefined();
      const other = testStack();
      new UploadsBucket(other, 'Uploads', { replication: { destinationBucket: replicaBucket(other), timeControl: false } });
      expect(bucketProperties(Template.fromStack(other)).ReplicationConfiguration.Rules[0].Destination.ReplicationTime).toBeUndefined();
    });

    test('timeControl turns on Replication Time Control (15 minutes), with the metrics against the same 15 minutes', () => {
      const other = testStack();
      new UploadsBucket(other, 'Uploads', { replication: { destinationBucket: replicaBucket(other), timeControl: true } });
      const rule = bucketProperties(Template.fromStack(other)).ReplicationConfiguration.Rules[0];
      expect(rule.Destination).toMatchObject({
        ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
      });
      expect(rule).toMatchObject({ Id: 'ReplicateEveryUpload', Status: 'Enabled', DeleteMarkerReplication: { Status: 'Enabled' } });
    });

    test('keeps the logical IDs of the bucket and the replication role stable', () => {
      expect(logicalId(stack, uploads.bucket)).toEqual(BUCKET);
      expect(logicalId(stack, uploads.replicationRole as iam.Role)).toEqual(REPLICATION_ROLE);
    });

    test('the replication role can be assumed by S3 only', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 's3.amazonaws.com' } }],
        },
      });
      expect(template.toJSON().Resources[REPLICATION_ROLE].Properties.ManagedPolicyArns).toBeUndefined();
    });

    test('the replication role may do exactly what S3 replication of SSE-KMS objects needs', () => {
      expect(policyStatements(stack, template, uploads.replicationRole!)).toEqual([
        { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: BUCKET_ARN },
        {
          Effect: 'Allow',
          Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          Resource: OBJECTS_ARN,
        },
        {
          Effect: 'Allow',
          Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${REPLICA_BUCKET_NAME}/*`]] },
        },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN },
        { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: REPLICA_KEY_ARN },
      ]);
    });

    test('no longer acknowledges the compliance rule on replication', () => {
      expect(acknowledgedRules(uploads.bucket).filter((rule) => rule.includes('S3BucketReplicationEnabled'))).toEqual([]);
    });

    test('warns about nothing', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('destinationKey takes precedence over the key of the destination bucket', () => {
      const other = testStack();
      const replicated = new UploadsBucket(other, 'Uploads', {
        replication: { destinationBucket: replicaBucket(other), destinationKey: kms.Key.fromKeyArn(other, 'Other', OTHER_REPLICA_KEY_ARN) },
      });
      const otherTemplate = Template.fromStack(other);
      expect(bucketProperties(otherTemplate).ReplicationConfiguration.Rules[0].Destination.EncryptionConfiguration)
        .toEqual({ ReplicaKmsKeyID: OTHER_REPLICA_KEY_ARN });
      expect(policyStatements(other, otherTemplate, replicated.replicationRole!)).toContainEqual(
        { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: OTHER_REPLICA_KEY_ARN });
    });

    test('a destination key in the region of the stack gets a warning: the replicas would not survive a regional outage', () => {
      const other = testStack();
      new UploadsBucket(other, 'Uploads', {
        replication: {
          destinationBucket: s3.Bucket.fromBucketName(other, 'SameRegion', 'uploads-replica'),
          destinationKey: kms.Key.fromKeyArn(other, 'SameRegionKey', `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/abc`),
        },
      });
      Annotations.fromStack(other).hasWarning('/TestStack/Uploads', Match.stringLikeRegexp(SAME_REGION_WARNING));
    });

    test('a destination bucket without a key and no destinationKey is rejected', () => {
      const other = testStack();
      expect(() => new UploadsBucket(other, 'Uploads', { replication: { destinationBucket: replicaBucket(other, false) } }))
        .toThrow(/^TestStack\/Uploads: invalid replication.destinationKey \(undefined\): give the KMS key of the destination bucket, in its region/);
    });
  });

  describe('replication to a bucket whose name is a token', () => {
    test('replicates, and leaves only the wildcard finding on the replica objects for the app to acknowledge', () => {
      const app = testApp();
      const stack = testStack(app);
      const name = new CfnParameter(stack, 'ReplicaName').valueAsString;
      new UploadsBucket(stack, 'Uploads', {
        replication: {
          destinationBucket: s3.Bucket.fromBucketName(stack, 'Replica', name),
          destinationKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', REPLICA_KEY_ARN),
        },
      });
      expect(nagFindings(app).map((finding) => finding.rule)).toEqual(['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<ReplicaName>/*]']);
    });
  });

  describe('without replication', () => {
    test.each<[string, (uploads: UploadsBucket) => unknown, string]>([
      ['metricReplicationLatency', (uploads) => uploads.metricReplicationLatency(), 'ReplicationLatency'],
      ['metricFailedReplications', (uploads) => uploads.metricFailedReplications(), 'OperationsFailedReplication'],
    ])('%s throws: S3 publishes no replication metric', (_name, metric, metricName) => {
      const { uploads } = synth();
      expect(() => metric(uploads)).toThrow(`TestStack/Uploads: invalid replication (undefined): give replication settings: ${metricName} exists only for a replicated bucket`);
    });
  });

  describe('bucketName', () => {
    const NAME = 'my-app-uploads-123456789012';
    const literal = (pattern: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${NAME}/${pattern}`]] });

    test('names the bucket, and bucketName is that literal string: other stacks use it without a reference', () => {
      const { stack, uploads, template } = synth({ bucketName: NAME });
      expect(bucketProperties(template).BucketName).toEqual(NAME);
      expect(uploads.bucketName).toEqual(NAME);
      expect(logicalId(stack, uploads.bucket)).toEqual(BUCKET);
    });

    test.each<[string, (uploads: UploadsBucket, role: iam.Role) => void, string | string[], string]>([
      ['grantRead', (uploads, role) => uploads.grantRead(role, 'users/*'), 's3:GetObject', 'users/*'],
      ['grantPut', (uploads, role) => uploads.grantPut(role), ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], '*'],
      ['grantReadWrite', (uploads, role) => uploads.grantReadWrite(role),
        ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], '*'],
      ['grantDelete', (uploads, role) => uploads.grantDelete(role, 'health-check/*'), 's3:DeleteObject', 'health-check/*'],
    ])('%s names the objects by the literal ARN arn:<partition>:s3:::<name>/<pattern>', (_name, grant, actions, pattern) => {
      const stack = testStack();
      const uploads = new UploadsBucket(stack, 'Uploads', { bucketName: NAME });
      const role = grantee(stack);
      grant(uploads, role);
      const [objects, ...key] = policyStatements(stack, Template.fromStack(stack), role);
      expect(objects).toEqual({ Effect: 'Allow', Action: actions, Resource: literal(pattern) });
      // The key is the bucket's own, in this stack: still a reference.
      for (const statement of key) {
        expect(statement).toMatchObject({ Resource: KEY_ARN });
      }
    });

    test('the wildcard finding on the objects is acknowledged under the literal ARN, as cdk-nag names it', () => {
      const app = testApp();
      const stack = testStack(app);
      const uploads = new UploadsBucket(stack, 'Uploads', { bucketName: NAME });
      const role = grantee(stack);
      uploads.grantReadWrite(role);
      uploads.grantDelete(role, 'health-check/*');
      expect(acknowledgedRules(role)).toEqual(expect.arrayContaining([
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${NAME}/*]`,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${NAME}/health-check/*]`,
      ]));
      // A control: the same kind of resource, granted by hand and not acknowledged, is the only finding left.
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:${Aws.PARTITION}:s3:::${NAME}/control/*`] }));
      const wildcardFindings = nagFindings(app).filter((finding) => finding.rule.startsWith('AwsSolutions-IAM5'));
      expect(wildcardFindings.map((finding) => finding.rule)).toEqual([`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${NAME}/control/*]`]);
    });

    test('with replication, the metrics name the source bucket by its literal name', () => {
      const stack = testStack();
      const uploads = new UploadsBucket(stack, 'Uploads', { bucketName: NAME, replication: { destinationBucket: replicaBucket(stack) } });
      expect(uploads.metricReplicationLatency().dimensions).toEqual({
        SourceBucket: NAME, DestinationBucket: REPLICA_BUCKET_NAME, RuleId: 'ReplicateEveryUpload',
      });
    });

    test('a name that is a token names the bucket; bucketName and the grants then refer to the bucket', () => {
      const stack = testStack();
      const uploads = new UploadsBucket(stack, 'Uploads', { bucketName: new CfnParameter(stack, 'UploadsName').valueAsString });
      const role = grantee(stack);
      uploads.grantRead(role, 'users/*');
      const template = Template.fromStack(stack);
      expect(bucketProperties(template).BucketName).toEqual({ Ref: 'UploadsName' });
      expect(stack.resolve(uploads.bucketName)).toEqual({ Ref: BUCKET });
      expect(policyStatements(stack, template, role)[0]).toEqual({
        Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [BUCKET_ARN, '/users/*']] },
      });
    });
  });

  describe('validation', () => {
    test.each<[string, UploadsBucketProps, RegExp]>([
      ['infrequentAccessAfter', { infrequentAccessAfter: Duration.days(29) },
        /invalid infrequentAccessAfter \('Duration.days\(29\)'\): give a whole number of days, at least Duration.days\(30\): S3 moves objects to Standard-IA only after 30 days/],
      ['infrequentAccessAfter', { infrequentAccessAfter: Duration.hours(740) }, /invalid infrequentAccessAfter \('Duration.hours\(740\)'\): give a whole number of days/],
      ['glacierInstantRetrievalAfter', { glacierInstantRetrievalAfter: Duration.days(59) },
        /invalid glacierInstantRetrievalAfter \('Duration.days\(59\)'\): give at least Duration.days\(60\), 30 days after infrequentAccessAfter \(Duration.days\(30\)\)/],
      ['glacierInstantRetrievalAfter', { glacierInstantRetrievalAfter: Duration.days(30) }, /invalid glacierInstantRetrievalAfter \('Duration.days\(30\)'\): give at least Duration.days\(60\)/],
      ['glacierInstantRetrievalAfter', { infrequentAccessAfter: Duration.days(100), glacierInstantRetrievalAfter: Duration.days(90) },
        /invalid glacierInstantRetrievalAfter \('Duration.days\(90\)'\): give at least Duration.days\(130\)/],
      ['glacierInstantRetrievalAfter', { glacierInstantRetrievalAfter: Duration.hours(2172) }, /invalid glacierInstantRetrievalAfter \('Duration.hours\(2172\)'\): give a whole number of days/],
      ['noncurrentVersionExpiration', { noncurrentVersionExpiration: Duration.hours(12) }, /invalid noncurrentVersionExpiration \('Duration.hours\(12\)'\): .*at least Duration.days\(1\)/],
      ['noncurrentVersionExpiration', { noncurrentVersionExpiration: Duration.days(0) }, /invalid noncurrentVersionExpiration \('Duration.days\(0\)'\)/],
      ['noncurrentVersionExpiration', { noncurrentVersionExpiration: Duration.hours(36) }, /invalid noncurrentVersionExpiration \('Duration.hours\(36\)'\): give a whole number of days/],
      ['corsAllowedOrigins', { corsAllowedOrigins: ['*'] }, /invalid corsAllowedOrigins \('\*'\): give the origins of the app's pages.*never from any origin/],
      ['corsAllowedOrigins', { corsAllowedOrigins: ['http://www.example.com'] }, /invalid corsAllowedOrigins \('http:\/\/www.example.com'\): give an HTTPS origin/],
      ['corsAllowedOrigins', { corsAllowedOrigins: ['www.example.com'] }, /invalid corsAllowedOrigins \('www.example.com'\): give an HTTPS origin/],
      ['corsAllowedOrigins', { corsAllowedOrigins: ['https://www.example.com/upload'] },
        /invalid corsAllowedOrigins \('https:\/\/www.example.com\/upload'\): give the origin without a path, for example 'https:\/\/www.example.com'/],
      ['corsAllowedOrigins', { corsAllowedOrigins: ['https://www.example.com/'] }, /invalid corsAllowedOrigins \('https:\/\/www.example.com\/'\): give the origin without a path/],
      ['corsAllowedOrigins', { corsAllowedOrigins: ['https://www.example.com', 'https://*'] }, /invalid corsAllowedOrigins \('https:\/\/\*'\): give a domain name after https:\/\//],
      ['corsAllowedOrigins', { corsAllowedOrigins: [] }, /invalid corsAllowedOrigins \(\[\]\): give at least one origin/],
      ['corsAllowedMethods', { corsAllowedMethods: [s3.HttpMethods.PUT] }, /invalid corsAllowedMethods \(\["PUT"\]\): remove it, or give corsAllowedOrigins/],
      ['corsAllowedMethods', { corsAllowedOrigins: ['https://www.example.com'], corsAllowedMethods: [] }, /invalid corsAllowedMethods \(\[\]\): give at least one method/],
      ['autoDeleteObjects', { autoDeleteObjects: true }, /invalid autoDeleteObjects \(true\): remove it, or set removalPolicy to RemovalPolicy.DESTROY/],
    ])('rejects %s in %p', (_prop, props, message) => {
      expect(() => synth(props)).toThrow(message);
      expect(() => synth(props)).toThrow(/^TestStack\/Uploads: invalid /);
    });

    test.each<UploadsBucketProps>([
      { infrequentAccessAfter: Duration.days(30), glacierInstantRetrievalAfter: Duration.days(60) },
      { infrequentAccessAfter: Duration.hours(720) },
      { infrequentAccessAfter: Duration.days(365), glacierInstantRetrievalAfter: Duration.days(395) },
      { noncurrentVersionExpiration: Duration.days(1) },
      { corsAllowedOrigins: ['https://app.example.co.uk', 'https://*.example.com', 'https://localhost.example:3000'] },
      { corsAllowedOrigins: [Lazy.string({ produce: () => 'https://www.example.com' })] },
      { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: false },
    ])('accepts %p', (props) => {
      expect(() => synth(props)).not.toThrow();
    });
  });

  describe('quality gates', () => {
    const CONFIGURATIONS: Record<string, (stack: Stack) => void> = {
      'UploadsBucket alone': (stack) => {
        new UploadsBucket(stack, 'Uploads');
      },
      'UploadsBucket with every option, cross-region replication included': (stack) => {
        new UploadsBucket(stack, 'Uploads', {
          infrequentAccessAfter: Duration.days(60),
          glacierInstantRetrievalAfter: Duration.days(180),
          noncurrentVersionExpiration: Duration.days(14),
          corsAllowedOrigins: ['https://www.example.com'],
          corsAllowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
          replication: { destinationBucket: replicaBucket(stack), destinationKey: kms.Key.fromKeyArn(stack, 'Other', OTHER_REPLICA_KEY_ARN) },
        });
      },
      'UploadsBucket replicated to a bucket imported by ARN': (stack) => {
        new UploadsBucket(stack, 'Uploads', {
          replication: {
            destinationBucket: s3.Bucket.fromBucketArn(stack, 'Replica', `arn:aws:s3:::${REPLICA_BUCKET_NAME}`),
            destinationKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', REPLICA_KEY_ARN),
          },
        });
      },
      'UploadsBucket for a test stack (DESTROY, autoDeleteObjects)': (stack) => {
        new UploadsBucket(stack, 'Uploads', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
      },
    };

    describeQualityGates(CONFIGURATIONS, testApp, (app) => testStack(app));

    test('with replication, the regulatory packs pass the bucket on their own: no acknowledgement of the replication rule is left', () => {
      const app = testApp();
      const stack = testStack(app);
      const uploads = new UploadsBucket(stack, 'Uploads', { replication: { destinationBucket: replicaBucket(stack) } });
      expect(acknowledgedRules(uploads.bucket).filter((rule) => rule.includes('Replication'))).toEqual([]);
      const findings = nagFindings(app).filter((finding) => finding.path.startsWith('TestStack/Uploads/Bucket/'));
      expect(formatFindings(findings)).toEqual('');
    });
  });
});
