import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { WebAppEncryption, WebAppEncryptionProps } from '../../src/security/web-app-encryption';
import { TEST_ACCOUNT, TEST_REGION, testStack } from '../helpers';

function synth(props: WebAppEncryptionProps = {}): { encryption: WebAppEncryption; template: Template } {
  const stack = testStack();
  const encryption = new WebAppEncryption(stack, 'Encryption', props);
  return { encryption, template: Template.fromStack(stack) };
}

describe('WebAppEncryption', () => {
  describe('defaults', () => {
    let template: Template;
    beforeAll(() => {
      ({ template } = synth());
    });

    test('creates one customer managed key with yearly rotation', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        Description: 'Encrypts the data of TestStack/Encryption at rest',
      });
    });

    test('keeps the key when it leaves the stack', () => {
      template.hasResource('AWS::KMS::Key', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    test('lets no principal create grants unless they are for an AWS resource or an AWS service asks (Control Tower CT.KMS.PR.3)', () => {
      const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
      expect(key.Properties.KeyPolicy.Statement).toEqual(expect.arrayContaining([{
        Sid: 'DenyGrantsExceptForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }]));
    });

    test('waits 30 days before deleting the key', () => {
      template.hasResourceProperties('AWS::KMS::Key', { PendingWindowInDays: 30 });
    });

    test('creates no alias', () => {
      template.resourceCountIs('AWS::KMS::Alias', 0);
    });

    test('lets CloudWatch Logs use the key only for log groups of this account and region', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([{
            Sid: 'AllowCloudWatchLogsOfThisAccount',
            Effect: 'Allow',
            Principal: {
              Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
            },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:*`]],
                },
              },
            },
          }]),
        },
      });
    });

    test('grants nothing to CloudWatch Logs without the encryption context condition', () => {
      const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
      const logsStatements = key.Properties.KeyPolicy.Statement.filter((statement: any) =>
        JSON.stringify(statement.Principal ?? {}).includes('logs.'));
      expect(logsStatements).toHaveLength(1);
      expect(logsStatements[0].Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBeDefined();
    });

    test('gives the account root full control, as CDK keys do, so that IAM policies can grant the key', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: 'kms:*',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${TEST_ACCOUNT}:root`]] } },
          })]),
        },
      });
    });
  });

  describe('options', () => {
    test.each([
      ['my-app', 'alias/my-app'],
      ['alias/my-app', 'alias/my-app'],
    ])('alias %s creates the alias %s for the key', (alias, expected) => {
      const { template } = synth({ alias });
      template.resourceCountIs('AWS::KMS::Alias', 1);
      const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
      template.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: expected,
        TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
    });

    test.each([7, 30, 14])('pendingWindowDays %d sets the pending window', (days) => {
      const { template } = synth({ pendingWindowDays: days });
      template.hasResourceProperties('AWS::KMS::Key', { PendingWindowInDays: days });
    });

    test('removalPolicy DESTROY deletes the key with the stack', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
      template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    });

    test('exposes the key for grants', () => {
      const stack = testStack();
      const encryption = new WebAppEncryption(stack, 'Encryption');
      const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
      encryption.key.grantDecrypt(role);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [Match.objectLike({
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(encryption.key.node.defaultChild as kms.CfnKey), 'Arn'] },
          })],
        },
      });
    });
  });

  describe('validation', () => {
    test.each([6, 31, 0, 7.5, -1])('rejects pendingWindowDays %d', (days) => {
      expect(() => synth({ pendingWindowDays: days })).toThrow(
        `TestStack/Encryption: invalid pendingWindowDays (${days}): use a whole number from 7 to 30`);
    });
  });

  test('restrictGrantsToAwsServices false leaves the grant restriction out', () => {
    const { template } = synth({ restrictGrantsToAwsServices: false });
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    expect(key.Properties.KeyPolicy.Statement.map((statement: { Sid?: string }) => statement.Sid)).not.toContain('DenyGrantsExceptForAwsResources');
  });
});
