import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { invalidProp } from './validation';

/**
 * Lets an EC2 Auto Scaling service-linked role launch instances whose EBS volumes are encrypted with
 * the key, and publish scaling notifications to topics encrypted with it. For a key imported into the
 * stack, whose policy CDK cannot change, a warning says which statements to add.
 *
 * KMS refuses a key policy that names a principal it cannot see yet, and a new role may take a few seconds to
 * become visible; the AWS::KMS::Key handler does not retry. So the caller makes the key of its own stack depend on
 * the role, which CloudFormation then creates first, and a key of another stack is refused: that stack deploys
 * first, before the role exists. A first deployment that still fails with "Policy contains a statement with one or
 * more invalid principals" (IAM was slower than usual) succeeds when deployed again.
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
 */
export function grantKeyToAutoScalingServiceRole(scope: IConstruct, key: kms.IKey, serviceLinkedRoleArn: string): void {
  if (isKeyOfThisApp(key) && Stack.of(key) !== Stack.of(scope)) {
    invalidProp(scope, 'encryptionKey', key.node.path,
      `give a key of this stack (${Stack.of(scope).stackName}), or import the key with kms.Key.fromKeyArn and add the statements for the Auto Scaling `
      + 'service-linked role to its key policy once this stack has created the role: the key\'s stack deploys first, and KMS refuses a policy that '
      + 'names a role that does not exist yet');
  }
  const principal = new iam.ArnPrincipal(serviceLinkedRoleArn);
  const statements = [
    new iam.PolicyStatement({
      sid: 'AllowAutoScalingToUseTheKey',
      principals: [principal],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'AllowAutoScalingToAttachEncryptedVolumes',
      principals: [principal],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
    }),
  ];
  addToKeyPolicy(scope, key, statements, 'cdk-ha-web-app:imported-key-policy',
    'The encryption key was imported, so its key policy cannot be changed here: allow the EC2 Auto Scaling service-linked role of this construct '
    + 'kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey and kms:CreateGrant (with kms:GrantIsForAWSResource), '
    + 'or instances with encrypted volumes will fail to launch.');
}

/**
 * Lets an AWS Backup role (a backup or a restore role) use a key: encrypt and decrypt recovery points, and create the
 * grants that AWS Backup makes for the jobs of AWS resources. For an imported key, whose policy cannot be changed
 * here, a warning on `scope` says what to add.
 *
 * @param job what fails without the statements, for the warning: `'backup jobs'`, `'restore tests'`
 */
export function grantKeyToBackupRole(scope: IConstruct, key: kms.IKey, role: iam.IRole, warningId: string, job: string): void {
  const principal = new iam.ArnPrincipal(role.roleArn);
  addToKeyPolicy(scope, key, [
    new iam.PolicyStatement({
      principals: [principal],
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      principals: [principal],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
    }),
  ], warningId,
  `The key ${key.node.path} was imported, so its key policy cannot be changed here: allow the role ${role.node.path} `
    + 'kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey*, kms:ReEncrypt* and kms:CreateGrant (with kms:GrantIsForAWSResource), '
    + `or let IAM policies of this account use the key (the default key policy does), or ${job} of resources encrypted with it will fail.`);
}

/**
 * Adds statements to the policy of a key. A key imported into the stack keeps its policy, which CDK cannot
 * change: then the warning (which says what to add by hand) goes on `scope`.
 */
export function addToKeyPolicy(scope: IConstruct, key: kms.IKey, statements: iam.PolicyStatement[], warningId: string, warning: string): void {
  const added = statements.map((statement) => key.addToResourcePolicy(statement).statementAdded);
  if (added.includes(false)) {
    Annotations.of(scope).addWarningV2(warningId, warning);
  }
}

/**
 * Whether the key is an `AWS::KMS::Key` defined in this app, whose key policy CDK can extend (an imported key keeps
 * its policy, and has no stack of its own to deploy before this one).
 */
export function isKeyOfThisApp(key: kms.IKey): boolean {
  const resource = key.node.defaultChild;
  return resource !== undefined && CfnResource.isCfnResource(resource) && resource.cfnResourceType === 'AWS::KMS::Key';
}
