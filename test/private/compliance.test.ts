import { Aspects, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AWS_SOLUTIONS, NIST, nagRules, recordException, REGULATORY_PACKS, wildcardFindings } from '../../src/private/compliance';
import { nagFindings } from '../gates/quality-gates';
import { logicalId, testApp, testStack } from '../helpers';

const LOGGING = {
  reason: 'server access logs are written elsewhere',
  nag: [...nagRules([AWS_SOLUTIONS], 'S1'), ...nagRules([NIST], 'S3BucketLoggingEnabled')],
  checkov: ['CKV_AWS_18'],
  guard: ['S3_BUCKET_LOGGING_ENABLED'],
  controlTower: ['s3_bucket_logging_enabled_check'],
};

describe('recordException', () => {
  test('keeps one acknowledgement entry per construct, for cdk-nag v3 and the Control Tower rules of cdk-validator-cfnguard', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    recordException(bucket, { reason: 'a reason of some length', nag: nagRules(REGULATORY_PACKS, 'S3BucketReplicationEnabled') });
    recordException(bucket, LOGGING);
    recordException(bucket, { reason: 'a finding of IAM5', nag: ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::b/*]'] });
    const entries = bucket.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(entries).toHaveLength(1);
    expect(entries[0].data).toEqual({
      'annotation::NIST.800.53.R5-S3BucketReplicationEnabled': 'a reason of some length',
      'annotation::HIPAA.Security-S3BucketReplicationEnabled': 'a reason of some length',
      'annotation::PCI.DSS.321-S3BucketReplicationEnabled': 'a reason of some length',
      'annotation::AwsSolutions-S1': LOGGING.reason,
      'annotation::NIST.800.53.R5-S3BucketLoggingEnabled': LOGGING.reason,
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check': LOGGING.reason,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::b/*]': 'a finding of IAM5',
    });
  });

  test('writes cdk-nag v2 suppressions, checkov skips and Guard suppressions into the template metadata of each resource below', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    recordException(bucket, LOGGING);
    recordException(bucket, { reason: 'a finding of IAM5', nag: ['AwsSolutions-IAM5[Resource::*]'] });
    const template = Template.fromStack(stack);
    const metadata = template.toJSON().Resources[logicalId(stack, bucket)].Metadata;
    expect(metadata.cdk_nag.rules_to_suppress).toEqual([
      { id: 'AwsSolutions-S1', reason: LOGGING.reason },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: LOGGING.reason },
      { id: 'AwsSolutions-IAM5', reason: 'a finding of IAM5', applies_to: ['Resource::*'] },
    ]);
    expect(metadata.checkov).toEqual({ skip: [{ id: 'CKV_AWS_18', comment: LOGGING.reason }] });
    expect(metadata.guard).toEqual({ SuppressedRules: ['S3_BUCKET_LOGGING_ENABLED'] });
    // The bucket policy is a resource below the bucket: it carries them too.
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0];
    expect(policy.Metadata.guard).toEqual({ SuppressedRules: ['S3_BUCKET_LOGGING_ENABLED'] });
  });

  test('reaches resources created after the call, such as the default policy of a role', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    recordException(role, { reason: 'a wildcard the service needs', nag: ['AwsSolutions-IAM5[Resource::*]'] });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeTags'], resources: ['*'] }));
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0];
    expect(policy.Metadata.cdk_nag.rules_to_suppress).toEqual([{ id: 'AwsSolutions-IAM5', reason: 'a wildcard the service needs', applies_to: ['Resource::*'] }]);
  });

  test('keeps what others wrote in the same metadata, and writes each entry once', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.addMetadata('checkov', { skip: [{ id: 'CKV_AWS_21', comment: 'the user\'s own' }] });
    recordException(bucket, LOGGING);
    recordException(bucket, LOGGING);
    const metadata = Template.fromStack(stack).toJSON().Resources[logicalId(stack, bucket)].Metadata;
    expect(metadata.checkov.skip).toEqual([{ id: 'CKV_AWS_21', comment: 'the user\'s own' }, { id: 'CKV_AWS_18', comment: LOGGING.reason }]);
    expect(metadata.guard.SuppressedRules).toEqual(['S3_BUCKET_LOGGING_ENABLED']);
  });

  test('refuses an exception without a real reason', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(() => recordException(bucket, { reason: 'n/a', nag: ['AwsSolutions-S1'] })).toThrow(/needs a real reason/);
  });

  test('cdk-nag v3 honours it on the construct and below, and only for the rules named', () => {
    const app = testApp();
    const stack = testStack(app);
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    recordException(bucket, LOGGING);
    const rules = nagFindings(app).filter((finding) => finding.path.startsWith('TestStack/Bucket')).map((finding) => finding.rule);
    expect(rules).not.toContain('AwsSolutions-S1');
    expect(rules).not.toContain('NIST.800.53.R5-S3BucketLoggingEnabled');
    // Not acknowledged: still reported.
    expect(rules).toContain('HIPAA.Security-S3BucketLoggingEnabled');
  });

  test('the template metadata is there when an aspect of the default priority visits the resource, as cdk-nag v2 does', () => {
    const app = testApp();
    const stack = testStack(app);
    const bucket = new s3.Bucket(stack, 'Bucket');
    recordException(bucket, LOGGING);
    const seen: unknown[] = [];
    Aspects.of(app).add({
      visit: (node) => {
        if (node === bucket.node.defaultChild) {
          seen.push((node as s3.CfnBucket).getMetadata('cdk_nag'));
        }
      },
    });
    app.synth();
    expect(seen).toEqual([{
      rules_to_suppress: [
        { id: 'AwsSolutions-S1', reason: LOGGING.reason },
        { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: LOGGING.reason },
      ],
    }]);
  });
});

describe('wildcardFindings', () => {
  test('names the IAM5 findings of a default policy as cdk-nag reports them', () => {
    const app = testApp();
    const stack = testStack(app);
    const bucket = new s3.Bucket(stack, 'Bucket');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.grantReadWrite(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] }));
    const findings = [...wildcardFindings(role)].sort();
    expect(findings).toEqual(expect.arrayContaining(['Action::s3:GetObject*', 'Resource::*', `Resource::<${logicalId(stack, bucket)}.Arn>/*`]));
    const prefix = `${AWS_SOLUTIONS}-IAM5[`;
    const reported = nagFindings(app).filter((finding) => finding.rule.startsWith(prefix)).map((finding) => finding.rule.slice(prefix.length, -1));
    expect([...new Set(reported)].sort()).toEqual(findings);
  });

  test('finds nothing for a role without a default policy', () => {
    const role = new iam.Role(testStack(), 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(wildcardFindings(role).size).toBe(0);
  });
});
