import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeRule, AWS_SOLUTIONS, NIST, REGULATORY_PACKS } from '../../src/private/compliance';
import { nagErrors } from '../gates/quality-gates';
import { testApp, testStack } from '../helpers';

describe('acknowledgeRule', () => {
  test('keeps one metadata entry per construct, however many rules it acknowledges', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    acknowledgeRule(bucket, REGULATORY_PACKS, 'S3BucketReplicationEnabled', 'a reason');
    acknowledgeRule(bucket, [AWS_SOLUTIONS], 'S1', 'another reason');
    acknowledgeRule(bucket, [AWS_SOLUTIONS], 'IAM5[Resource::arn:<AWS::Partition>:s3:::b/*]', 'a finding');
    const entries = bucket.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(entries).toHaveLength(1);
    expect(entries[0].data).toEqual({
      'annotation::NIST.800.53.R5-S3BucketReplicationEnabled': 'a reason',
      'annotation::HIPAA.Security-S3BucketReplicationEnabled': 'a reason',
      'annotation::PCI.DSS.321-S3BucketReplicationEnabled': 'a reason',
      'annotation::AwsSolutions-S1': 'another reason',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::b/*]': 'a finding',
    });
  });

  test('cdk-nag honours it on the construct and below, and only for the rules named', () => {
    const app = testApp();
    const stack = testStack(app);
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    acknowledgeRule(bucket, [AWS_SOLUTIONS], 'S1', 'server access logs are written elsewhere');
    acknowledgeRule(bucket, [NIST], 'S3BucketLoggingEnabled', 'server access logs are written elsewhere');
    const rules = nagErrors(app).filter((finding) => finding.path.startsWith('TestStack/Bucket')).map((finding) => finding.rule);
    expect(rules).not.toContain('AwsSolutions-S1');
    expect(rules).not.toContain('NIST.800.53.R5-S3BucketLoggingEnabled');
    // Not acknowledged: still reported.
    expect(rules).toContain('HIPAA.Security-S3BucketLoggingEnabled');
  });
});
