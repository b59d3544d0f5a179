import { App, CfnParameter, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { UploadsBucket } from '../../src/data/uploads-bucket';
import { AuditTrail, AuditTrailProps } from '../../src/operations/audit-trail';
import { describeQualityGates } from '../gates/quality-gates';
import { logicalId, TEST_ACCOUNT, testApp, testStack } from '../helpers';

const TRAIL = 'AuditTrail90B6CA04';
const BUCKET = 'AuditBucket7486E833';
const KEY = 'AuditEncryptionKey830836F8';
const LOG_GROUP = 'AuditLogsA35F3E1F';
const LOG_BUCKET = 'AuditServerAccessLogs5928207D';
const TRAIL_NAME = 'TestStack-Audit-71994A6E-us-east-1';
const TRAIL_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/${TRAIL_NAME}`]] };
const BUCKET_ARN = { 'Fn::GetAtt': [BUCKET, 'Arn'] };
const IMPORTED_KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`;

interface Synthesized {
  readonly stack: Stack;
  readonly audit: AuditTrail;
  readonly template: Template;
}

function synth(props: AuditTrailProps = {}, configure?: (stack: Stack) => AuditTrailProps): Synthesized {
  const stack = testStack();
  const audit = new AuditTrail(stack, 'Audit', { ...props, ...configure?.(stack) });
  return { stack, audit, template: Template.fromStack(stack) };
}

function resource(template: Template, id: string) {
  return template.toJSON().Resources[id];
}

function trailProperties(template: Template) {
  return resource(template, TRAIL).Properties;
}

function keyStatements(template: Template, keyId = KEY): Array<Record<string, unknown>> {
  return resource(template, keyId).Properties.KeyPolicy.Statement;
}

function dataBucket(stack: Stack, name: string): s3.IBucket {
  return s3.Bucket.fromBucketName(stack, name, name);
}

const ENCRYPT_STATEMENT = {
  Sid: 'AllowCloudTrailToEncryptLogFiles',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 'kms:GenerateDataKey*',
  Resource: '*',
  Condition: {
    StringEquals: { 'aws:SourceArn': TRAIL_ARN },
    StringLike: {
      'kms:EncryptionContext:aws:cloudtrail:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:*:${TEST_ACCOUNT}:trail/*`]] },
    },
  },
};

const DESCRIBE_STATEMENT = {
  Sid: 'AllowCloudTrailToDescribeKey',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 'kms:DescribeKey',
  Resource: '*',
  Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
};

describe('AuditTrail', () => {
  describe('defaults', () => {
    let stack: Stack;
    let audit: AuditTrail;
    let template: Template;
    beforeAll(() => {
      ({ stack, audit, template } = synth());
    });

    test('keeps the logical IDs of the trail, bucket, key, log group and log bucket stable', () => {
      expect(logicalId(stack, audit.trail)).toEqual(TRAIL);
      expect(logicalId(stack, audit.bucket)).toEqual(BUCKET);
      expect(logicalId(stack, audit.encryptionKey as kms.Key)).toEqual(KEY);
      expect(logicalId(stack, audit.logGroup as logs.LogGroup)).toEqual(LOG_GROUP);
      expect(logicalId(stack, audit.serverAccessLogsBucket as s3.Bucket)).toEqual(LOG_BUCKET);
    });

    test('creates one multi-region trail that logs, validates log files and includes global service events', () => {
      template.resourceCountIs('AWS::CloudTrail::Trail', 1);
      expect(trailProperties(template)).toMatchObject({
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        TrailName: TRAIL_NAME,
      });
      expect(trailProperties(template).IsOrganizationTrail).toBeUndefined();
    });

    test('exposes the trail name and ARN, which the key and bucket policies use', () => {
      expect(audit.trailName).toEqual(TRAIL_NAME);
      expect(stack.resolve(audit.trailArn)).toEqual(TRAIL_ARN);
    });

    test('records all management events, and no data events', () => {
      expect(trailProperties(template).EventSelectors).toEqual([{ IncludeManagementEvents: true, ReadWriteType: 'All' }]);
    });

    test('encrypts the log files with a new customer managed key that rotates', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      expect(trailProperties(template).KMSKeyId).toEqual({ 'Fn::GetAtt': [KEY, 'Arn'] });
    });

    test('lets CloudTrail generate data keys and describe the key for this trail only', () => {
      expect(keyStatements(template)).toEqual(expect.arrayContaining([ENCRYPT_STATEMENT, DESCRIBE_STATEMENT]));
    });

    test('gives CloudTrail no other key permission (no decrypt, no wildcard source)', () => {
      const cloudTrailStatements = keyStatements(template)
        .filter((statement) => JSON.stringify(statement.Principal).includes('cloudtrail'));
      expect(cloudTrailStatements).toEqual([ENCRYPT_STATEMENT, DESCRIBE_STATEMENT]);
    });

    test('delivers to an encrypted log group kept for a year, through a role that may only write to it', () => {
      expect(resource(template, LOG_GROUP).Properties).toEqual({
        KmsKeyId: { 'Fn::GetAtt': [KEY, 'Arn'] },
        RetentionInDays: 365,
      });
      expect(trailProperties(template).CloudWatchLogsLogGroupArn).toEqual({ 'Fn::GetAtt': [LOG_GROUP, 'Arn'] });
      const roleId = trailProperties(template).CloudWatchLogsRoleArn['Fn::GetAtt'][0];
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Statement: [{
            Effect: 'Allow',
            Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
            Resource: { 'Fn::GetAtt': [LOG_GROUP, 'Arn'] },
          }],
        },
      });
    });

    test('delivers to a private, versioned bucket encrypted with the key, without an S3 Bucket Key', () => {
      expect(trailProperties(template).S3BucketName).toEqual({ Ref: BUCKET });
      expect(resource(template, BUCKET).Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: false,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [KEY, 'Arn'] } },
          }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    });

    test('moves log files to Glacier Instant Retrieval after 90 days and deletes them after 7 years', () => {
      expect(resource(template, BUCKET).Properties.LifecycleConfiguration).toEqual({
        Rules: [
          {
            Id: 'ArchiveAndExpireLogFiles',
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
            ExpirationInDays: 2557,
          },
          {
            Id: 'ExpireReplacedVersions',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            ExpiredObjectDeleteMarker: true,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      });
    });

    test('logs server access of the bucket under cloudtrail/ to a new log bucket', () => {
      expect(resource(template, BUCKET).Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: LOG_BUCKET },
        LogFilePrefix: 'cloudtrail/',
      });
    });

    test('its bucket policy denies requests without TLS, admits CloudTrail and denies every other trail', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: BUCKET },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            {
              Sid: 'DenyOtherTrails',
              Effect: 'Deny',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: { 'Fn::Join': ['', [BUCKET_ARN, '/*']] },
              Condition: { StringNotEquals: { 'aws:SourceArn': TRAIL_ARN } },
            },
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:GetBucketAcl',
              Resource: BUCKET_ARN,
            },
            {
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: { 'Fn::Join': ['', [BUCKET_ARN, `/AWSLogs/${TEST_ACCOUNT}/*`]] },
              Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
            },
          ]),
        },
      });
    });

    test('the trail waits for the bucket policy and the role of the log delivery', () => {
      expect(resource(template, TRAIL).DependsOn).toEqual(expect.arrayContaining([
        'AuditBucketPolicyE6CAAC5C', 'AuditTrailLogsRole2A90AD1B', 'AuditTrailLogsRoleDefaultPolicy37AA83A5',
      ]));
    });

    test('retains the bucket, the key, the log group and the log bucket', () => {
      for (const id of [BUCKET, KEY, LOG_GROUP, LOG_BUCKET]) {
        expect(resource(template, id)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });

    test('creates no Lambda function and warns about nothing', () => {
      template.resourceCountIs('AWS::Lambda::Function', 0);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('options', () => {
    test('cloudWatchLogsRetention sets the retention of the log group', () => {
      const { template } = synth({ cloudWatchLogsRetention: logs.RetentionDays.THREE_MONTHS });
      expect(resource(template, LOG_GROUP).Properties.RetentionInDays).toEqual(90);
    });

    test('glacierInstantRetrievalAfter and logFileRetention set the lifecycle of the log files', () => {
      const { template } = synth({ glacierInstantRetrievalAfter: Duration.days(30), logFileRetention: Duration.days(400) });
      expect(resource(template, BUCKET).Properties.LifecycleConfiguration.Rules[0]).toEqual({
        Id: 'ArchiveAndExpireLogFiles',
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
        ExpirationInDays: 400,
      });
    });

    test('ages given as tokens are passed through', () => {
      const { template } = synth({}, (stack) => ({
        glacierInstantRetrievalAfter: Duration.days(Token.asNumber(new CfnParameter(stack, 'GlacierDays', { type: 'Number' }).value)),
        logFileRetention: Duration.days(Token.asNumber(new CfnParameter(stack, 'RetentionDays', { type: 'Number' }).value)),
      }));
      expect(resource(template, BUCKET).Properties.LifecycleConfiguration.Rules[0]).toMatchObject({
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: { Ref: 'GlacierDays' } }],
        ExpirationInDays: { Ref: 'RetentionDays' },
      });
    });

    test('removalPolicy DESTROY deletes the bucket, the key and the log group, and keeps the log bucket', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
      for (const id of [BUCKET, KEY, LOG_GROUP]) {
        expect(resource(template, id)).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      }
      expect(resource(template, LOG_BUCKET)).toMatchObject({ DeletionPolicy: 'Retain' });
    });

    test('a given key of the app encrypts everything and gets the CloudTrail statements; no key is created', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'AppKey', { enableKeyRotation: true });
      const audit = new AuditTrail(stack, 'Audit', { encryptionKey: key });
      const template = Template.fromStack(stack);
      const keyId = logicalId(stack, key);
      template.resourceCountIs('AWS::KMS::Key', 1);
      expect(audit.encryptionKey).toBe(key);
      expect(trailProperties(template).KMSKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(resource(template, LOG_GROUP).Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(keyStatements(template, keyId)).toEqual(expect.arrayContaining([ENCRYPT_STATEMENT, DESCRIBE_STATEMENT]));
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('an imported key is used as it is, with a warning that names the statements its key policy needs', () => {
      const { stack, template } = synth({}, (s) => ({ encryptionKey: kms.Key.fromKeyArn(s, 'Imported', IMPORTED_KEY_ARN) }));
      template.resourceCountIs('AWS::KMS::Key', 0);
      expect(trailProperties(template).KMSKeyId).toEqual(IMPORTED_KEY_ARN);
      Annotations.fromStack(stack).hasWarning('/TestStack/Audit', Match.stringLikeRegexp(
        `cloudtrail.amazonaws.com kms:GenerateDataKey\\* \\(conditions: StringEquals aws:SourceArn arn:<partition>:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/${TRAIL_NAME},.*kms:DescribeKey.*logs.<region>.amazonaws.com`));
    });

    test('in a stack without an explicit environment, the warning describes the trail ARN instead of showing tokens', () => {
      const stack = new Stack(new App(), 'Agnostic');
      new AuditTrail(stack, 'Audit', { encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', IMPORTED_KEY_ARN) });
      Annotations.fromStack(stack).hasWarning('/Agnostic/Audit',
        Match.stringLikeRegexp('aws:SourceArn arn:<partition>:cloudtrail:<region>:<account>:trail/Agnostic-Audit-[0-9A-F]{8}-<region>'));
    });

    test('a given serverAccessLogsBucket receives the server access logs and no log bucket is created', () => {
      const stack = testStack();
      stack.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
      const logBucket = new s3.Bucket(stack, 'CentralLogs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED });
      const audit = new AuditTrail(stack, 'Audit', { serverAccessLogsBucket: logBucket });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 2);
      expect(audit.serverAccessLogsBucket).toBe(logBucket);
      expect(resource(template, BUCKET).Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalId(stack, logBucket) });
    });
  });

  describe('S3 data events', () => {
    const dataSelector = (values: unknown[], readWriteType: string) => ({
      DataResources: [{ Type: 'AWS::S3::Object', Values: values }],
      IncludeManagementEvents: false,
      ReadWriteType: readWriteType,
    });

    test('dataEventBuckets adds one selector for their objects, read and write, next to all management events', () => {
      const { template } = synth({}, (stack) => ({ dataEventBuckets: [dataBucket(stack, 'uploads-a'), dataBucket(stack, 'uploads-b')] }));
      const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}/`]] });
      expect(trailProperties(template).EventSelectors).toEqual([
        { IncludeManagementEvents: true, ReadWriteType: 'All' },
        dataSelector([arn('uploads-a'), arn('uploads-b')], 'All'),
      ]);
    });

    test('dataEventsReadWriteType WRITE_ONLY records only writes of data, and still every management event', () => {
      const { template } = synth({ dataEventsReadWriteType: cloudtrail.ReadWriteType.WRITE_ONLY },
        (stack) => ({ dataEventBuckets: [dataBucket(stack, 'uploads-a')] }));
      const selectors = trailProperties(template).EventSelectors;
      expect(selectors[0]).toEqual({ IncludeManagementEvents: true, ReadWriteType: 'All' });
      expect(selectors[1]).toMatchObject({ IncludeManagementEvents: false, ReadWriteType: 'WriteOnly' });
    });

    test('addS3DataEvents adds a selector per call, and ignores an empty list', () => {
      const stack = testStack();
      const audit = new AuditTrail(stack, 'Audit');
      audit.addS3DataEvents([]);
      const uploads = new s3.Bucket(stack, 'Uploads');
      audit.addS3DataEvents([uploads]);
      const selectors = trailProperties(Template.fromStack(stack)).EventSelectors;
      expect(selectors).toHaveLength(2);
      expect(selectors[1]).toEqual(dataSelector([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, uploads), 'Arn'] }, '/']] }], 'All'));
    });

    test('addS3DataEvents accepts up to four calls: the fifth selector of the trail is the last', () => {
      const stack = testStack();
      const audit = new AuditTrail(stack, 'Audit');
      for (let i = 0; i < 4; i++) {
        audit.addS3DataEvents([dataBucket(stack, `bucket-${i}`)]);
      }
      expect(trailProperties(Template.fromStack(stack)).EventSelectors).toHaveLength(5);
      expect(() => audit.addS3DataEvents([dataBucket(stack, 'bucket-4')]))
        .toThrow(/^TestStack\/Audit: invalid addS3DataEvents \('call 5'\): add the buckets in at most 4 calls/);
    });

    test('refuses the trail\'s own bucket, whose deliveries would be recorded without end', () => {
      const { audit } = synth();
      expect(() => audit.addS3DataEvents([audit.bucket]))
        .toThrow(/^TestStack\/Audit: invalid addS3DataEvents buckets \('TestStack\/Audit\/Bucket'\): leave out the bucket of this trail/);
    });

    test('refuses more than 250 buckets in one selector', () => {
      const { stack, audit } = synth();
      const buckets = Array.from({ length: 251 }, (_, i) => dataBucket(stack, `bucket-${i}`));
      expect(() => audit.addS3DataEvents(buckets)).toThrow(/invalid addS3DataEvents buckets \('251 buckets'\): give at most 250 buckets per call/);
    });
  });

  describe('validation', () => {
    test.each<[string, AuditTrailProps, RegExp]>([
      ['glacierInstantRetrievalAfter', { glacierInstantRetrievalAfter: Duration.days(0) }, /invalid glacierInstantRetrievalAfter \('Duration.days\(0\)'\): give a whole number of days, at least Duration.days\(1\)/],
      ['glacierInstantRetrievalAfter', { glacierInstantRetrievalAfter: Duration.hours(36) }, /invalid glacierInstantRetrievalAfter \('Duration.hours\(36\)'\): give a whole number of days/],
      ['logFileRetention', { logFileRetention: Duration.hours(12) }, /invalid logFileRetention \('Duration.hours\(12\)'\): give a whole number of days, at least Duration.days\(2\)/],
      ['logFileRetention', { logFileRetention: Duration.days(90) }, /invalid logFileRetention \('Duration.days\(90\)'\): give more days than glacierInstantRetrievalAfter \(90\), for example Duration.days\(91\)/],
      ['logFileRetention', { glacierInstantRetrievalAfter: Duration.days(400), logFileRetention: Duration.days(365) },
        /invalid logFileRetention \('Duration.days\(365\)'\): give more days than glacierInstantRetrievalAfter \(400\)/],
      ['dataEventBuckets', { dataEventBuckets: [] }, /invalid dataEventBuckets \(\[\]\): give at least one bucket, or leave dataEventBuckets out/],
      ['cloudWatchLogsRetention', { cloudWatchLogsRetention: 42 as logs.RetentionDays },
        /invalid cloudWatchLogsRetention \(42\): give one of the values of logs\.RetentionDays, for example logs\.RetentionDays\.ONE_YEAR: CloudWatch Logs keeps log events for 1, 3, 5/],
      ['logFileRetention', { logFileRetention: 2557 as unknown as Duration }, /invalid logFileRetention \(2557\): give a Duration, for example Duration\.days\(2557\), not a number$/],
      ['dataEventBuckets', { dataEventBuckets: 'uploads' as unknown as s3.IBucket[] }, /invalid dataEventBuckets \('uploads'\): give an array of s3\.IBucket, for example \[uploads\.bucket\], not a string$/],
      ['dataEventsReadWriteType', { dataEventsReadWriteType: 'WRITE' as cloudtrail.ReadWriteType }, /invalid dataEventsReadWriteType \('WRITE'\): give one of cloudtrail\.ReadWriteType\.READ_ONLY/],
      ['dataEventsReadWriteType', { dataEventsReadWriteType: cloudtrail.ReadWriteType.NONE },
        /invalid dataEventsReadWriteType \('None'\): use ReadWriteType.ALL, ReadWriteType.READ_ONLY or ReadWriteType.WRITE_ONLY/],
    ])('rejects %s in %p', (_prop, props, message) => {
      expect(() => synth(props)).toThrow(message);
      expect(() => synth(props)).toThrow(/^TestStack\/Audit: invalid /);
    });

    test.each<AuditTrailProps>([
      { glacierInstantRetrievalAfter: Duration.days(1), logFileRetention: Duration.days(2) },
      { logFileRetention: Duration.days(91) },
      { glacierInstantRetrievalAfter: Duration.hours(48) },
      { dataEventsReadWriteType: cloudtrail.ReadWriteType.READ_ONLY },
    ])('accepts %p', (props) => {
      expect(() => synth(props)).not.toThrow();
    });
  });

  describe('quality gates', () => describeQualityGates({
    'AuditTrail default': (stack) => {
      new AuditTrail(stack, 'Audit');
    },
    'AuditTrail with every option, wired to the uploads bucket, its key and its log bucket': (stack) => {
      const uploads = new UploadsBucket(stack, 'Uploads');
      const audit = new AuditTrail(stack, 'Audit', {
        encryptionKey: uploads.encryptionKey,
        serverAccessLogsBucket: uploads.serverAccessLogsBucket,
        dataEventBuckets: [uploads.bucket],
        dataEventsReadWriteType: cloudtrail.ReadWriteType.WRITE_ONLY,
        cloudWatchLogsRetention: logs.RetentionDays.TWO_YEARS,
        glacierInstantRetrievalAfter: Duration.days(30),
        logFileRetention: Duration.days(3653),
        removalPolicy: RemovalPolicy.DESTROY,
      });
      audit.addS3DataEvents([s3.Bucket.fromBucketName(stack, 'Imported', 'imported-bucket')]);
    },
  }, testApp, (app) => testStack(app)));
});
