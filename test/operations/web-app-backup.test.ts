import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { WebAppBackup, WebAppBackupProps } from '../../src/operations/web-app-backup';
import { describeQualityGates, nagFindings } from '../gates/quality-gates';
import { logicalId, OTHER_REGION, TEST_ACCOUNT, TEST_REGION, testApp, testStack } from '../helpers';

const VAULT = 'BackupVaultADF21B19';
const PLAN = 'BackupPlan14914BEB';
const ROLE = 'BackupRole4CD139C5';
const KEY = 'BackupEncryptionKeyEFD3919C';
const SELECTION = 'BackupSelection815A0E0E';

const DR_VAULT_ARN = `arn:aws:backup:${OTHER_REGION}:${TEST_ACCOUNT}:backup-vault:recovery`;
const BUCKET_ARN = 'arn:aws:s3:::uploads-bucket';
const ROLE_ARN = { 'Fn::GetAtt': [ROLE, 'Arn'] };

function synth(props: WebAppBackupProps = {}) {
  const stack = testStack();
  const backupTier = new WebAppBackup(stack, 'Backup', props);
  return { stack, backupTier, template: Template.fromStack(stack) };
}

function rules(template: Template): Array<Record<string, any>> {
  return template.toJSON().Resources[PLAN].Properties.BackupPlan.BackupPlanRule;
}

function rule(template: Template, name: string): Record<string, any> {
  return rules(template).find((r) => r.RuleName === name)!;
}

function drVault(stack: Stack, arn = DR_VAULT_ARN): backup.IBackupVault {
  return backup.BackupVault.fromBackupVaultArn(stack, 'RecoveryVault', arn);
}

describe('WebAppBackup', () => {
  describe('defaults', () => {
    let stack: Stack;
    let backupTier: WebAppBackup;
    let template: Template;
    beforeAll(() => {
      ({ stack, backupTier, template } = synth());
    });

    test('keeps the logical IDs of the vault, plan, role and key stable', () => {
      expect(logicalId(stack, backupTier.vault)).toEqual(VAULT);
      expect(logicalId(stack, backupTier.plan)).toEqual(PLAN);
      expect(logicalId(stack, backupTier.role)).toEqual(ROLE);
      expect(logicalId(stack, backupTier.encryptionKey as kms.Key)).toEqual(KEY);
    });

    test('encrypts the vault with a new customer managed key and retains both', () => {
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      template.hasResource('AWS::Backup::BackupVault', {
        Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [KEY, 'Arn'] } },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    });

    test('denies everyone deleting recovery points or changing their lifecycle, without a vault lock', () => {
      const vault = template.toJSON().Resources[VAULT].Properties;
      expect(vault.AccessPolicy.Statement).toEqual([{
        Sid: 'DenyDeletingRecoveryPoints',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
        Resource: '*',
      }]);
      expect(vault.LockConfiguration).toBeUndefined();
    });

    test('has a daily rule kept 35 days and a monthly rule kept 365 days, both in the vault, neither continuous nor cold', () => {
      expect(rules(template)).toEqual([
        {
          RuleName: 'Daily',
          ScheduleExpression: 'cron(0 5 * * ? *)',
          Lifecycle: { DeleteAfterDays: 35 },
          TargetBackupVault: { 'Fn::GetAtt': [VAULT, 'BackupVaultName'] },
        },
        {
          RuleName: 'Monthly',
          ScheduleExpression: 'cron(0 5 1 * ? *)',
          Lifecycle: { DeleteAfterDays: 365 },
          TargetBackupVault: { 'Fn::GetAtt': [VAULT, 'BackupVaultName'] },
        },
      ]);
    });

    test('names the vault and the plan uniquely, from the stack\'s name', () => {
      template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: Match.stringLikeRegexp('^TestStack-Backup-[0-9A-F]{8}-Vault$') });
      template.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: Match.stringLikeRegexp('^TestStackBackup[0-9A-F]{8}$') } });
    });

    test('the role can be assumed by AWS Backup only and holds the AWS managed backup and restore policies, S3 included', () => {
      const role = template.toJSON().Resources[ROLE].Properties;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' } }]);
      const policies = role.ManagedPolicyArns.map((arn: any) => arn['Fn::Join'][1][2]);
      expect(policies).toEqual([
        ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
        ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
        ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
        ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
      ]);
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('admits the backup role to the vault key in its key policy', () => {
      const statements = template.toJSON().Resources[KEY].Properties.KeyPolicy.Statement;
      expect(statements).toContainEqual({
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: '*',
      });
      expect(statements).toContainEqual({
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: 'kms:CreateGrant',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
        Resource: '*',
      });
    });

    test('has no selection, no copy and no notification rule until asked', () => {
      expect(backupTier.selection).toBeUndefined();
      template.resourceCountIs('AWS::Backup::BackupSelection', 0);
      template.resourceCountIs('AWS::Events::Rule', 0);
      expect(rules(template).every((r) => r.CopyActions === undefined)).toBe(true);
    });

    test('warns about nothing', () => {
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('selection', () => {
    test('selects resources by ARN and tag in one selection that uses the backup role', () => {
      const stack = testStack();
      const db = new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro', allocatedStorage: '20' });
      const backupTier = new WebAppBackup(stack, 'Backup', { resources: [backup.BackupResource.fromArn(BUCKET_ARN)] });
      backupTier.addResource(backup.BackupResource.fromRdsDatabaseInstance(rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'DbRef', {
        instanceIdentifier: db.ref, instanceEndpointAddress: 'db.example.com', port: 5432, securityGroups: [],
      })));
      backupTier.addResource(backup.BackupResource.fromTag('backup', 'daily'));
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Backup::BackupSelection', 1);
      expect(logicalId(stack, backupTier.selection!)).toEqual(SELECTION);
      expect(template.toJSON().Resources[SELECTION].Properties).toEqual({
        BackupPlanId: { 'Fn::GetAtt': [PLAN, 'BackupPlanId'] },
        BackupSelection: {
          SelectionName: 'AppData',
          IamRoleArn: ROLE_ARN,
          Resources: [
            BUCKET_ARN,
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds:${TEST_REGION}:${TEST_ACCOUNT}:db:`, { Ref: 'Db' }]] },
          ],
          ListOfTags: [{ ConditionKey: 'backup', ConditionValue: 'daily', ConditionType: 'STRINGEQUALS' }],
        },
      });
    });

    test.each([false, true])('RDSInBackupPlan of the regulatory packs reports the database unless it is selected (selected: %p)', (selected) => {
      const app = testApp();
      const stack = testStack(app);
      const instance = new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.micro', allocatedStorage: '20' });
      const backupTier = new WebAppBackup(stack, 'Backup');
      if (selected) {
        backupTier.addResource(backup.BackupResource.fromArn(stack.formatArn({
          service: 'rds', resource: 'db', resourceName: instance.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        })));
      }
      const findings = nagFindings(app).filter((finding) => finding.rule.endsWith('RDSInBackupPlan')).map((finding) => finding.rule);
      expect(findings).toEqual(selected ? [] : ['NIST.800.53.R5-RDSInBackupPlan', 'HIPAA.Security-RDSInBackupPlan']);
    });

    test('the key of a selected resource admits the backup role too, once', () => {
      const stack = testStack();
      const resourceKey = new kms.Key(stack, 'ResourceKey');
      const backupTier = new WebAppBackup(stack, 'Backup');
      backupTier.addResource(backup.BackupResource.fromArn(BUCKET_ARN), resourceKey);
      backupTier.addResource(backup.BackupResource.fromArn(`${BUCKET_ARN}-2`), resourceKey);
      const statements = Template.fromStack(stack).toJSON().Resources[logicalId(stack, resourceKey)].Properties.KeyPolicy.Statement;
      expect(statements.filter((s: any) => JSON.stringify(s.Principal) === JSON.stringify({ AWS: ROLE_ARN }))).toHaveLength(2);
    });

    test('an imported key gets a warning naming what to add', () => {
      const stack = testStack();
      new WebAppBackup(stack, 'Backup', { encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/abc`) });
      Annotations.fromStack(stack).hasWarning('/TestStack/Backup', Match.stringLikeRegexp('was imported, so its key policy cannot be changed here.*kms:CreateGrant'));
      Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
    });

    test('rejects BackupResource.fromConstruct', () => {
      const stack = testStack();
      const backupTier = new WebAppBackup(stack, 'Backup');
      expect(() => backupTier.addResource(backup.BackupResource.fromConstruct(stack)))
        .toThrow(/^TestStack\/Backup: invalid addResource resource \('TestStack'\): give resources by ARN or tag/);
    });
  });

  describe('options', () => {
    test('schedules and retention are configurable, the monthly rule moves to cold storage', () => {
      const { template } = synth({
        dailySchedule: events.Schedule.cron({ hour: '2', minute: '30' }),
        dailyRetention: Duration.days(14),
        monthlySchedule: events.Schedule.cron({ day: '15', hour: '4', minute: '0' }),
        monthlyRetention: Duration.days(730),
        monthlyMoveToColdStorageAfter: Duration.days(30),
      });
      expect(rule(template, 'Daily')).toMatchObject({ ScheduleExpression: 'cron(30 2 * * ? *)', Lifecycle: { DeleteAfterDays: 14 } });
      expect(rule(template, 'Monthly')).toMatchObject({
        ScheduleExpression: 'cron(0 4 15 * ? *)',
        Lifecycle: { DeleteAfterDays: 730, MoveToColdStorageAfterDays: 30 },
      });
    });

    test('continuous backup makes the daily rule point-in-time', () => {
      const { template } = synth({ continuousBackup: true, dailyRetention: Duration.days(21) });
      expect(rule(template, 'Daily')).toMatchObject({ EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 21 } });
      expect(rule(template, 'Monthly').EnableContinuousBackup).toBeUndefined();
    });

    test('copies every rule to the disaster recovery vault with the same retention', () => {
      const stack = testStack();
      new WebAppBackup(stack, 'Backup', { disasterRecoveryVault: drVault(stack), monthlyMoveToColdStorageAfter: Duration.days(60) });
      const template = Template.fromStack(stack);
      expect(rule(template, 'Daily').CopyActions).toEqual([{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: { DeleteAfterDays: 35 } }]);
      expect(rule(template, 'Monthly').CopyActions).toEqual([{
        DestinationBackupVaultArn: DR_VAULT_ARN,
        Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 60 },
      }]);
    });

    test('a governance-mode vault lock', () => {
      const { template } = synth({ vaultLock: { minRetention: Duration.days(7), maxRetention: Duration.days(400) } });
      expect(template.toJSON().Resources[VAULT].Properties.LockConfiguration).toEqual({ MinRetentionDays: 7, MaxRetentionDays: 400 });
    });

    test('a compliance-mode vault lock', () => {
      const { template } = synth({ vaultLock: { minRetention: Duration.days(35), changeableFor: Duration.days(3) } });
      expect(template.toJSON().Resources[VAULT].Properties.LockConfiguration).toEqual({ MinRetentionDays: 35, ChangeableForDays: 3 });
    });

    test('recovery point administrators are exempt from the deny', () => {
      const stack = testStack();
      const admin = iam.Role.fromRoleArn(stack, 'Admin', `arn:aws:iam::${TEST_ACCOUNT}:role/break-glass`);
      new WebAppBackup(stack, 'Backup', { recoveryPointAdministrators: [admin] });
      Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
        AccessPolicy: {
          Statement: [Match.objectLike({
            Effect: 'Deny',
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': [`arn:aws:iam::${TEST_ACCOUNT}:role/break-glass`] } },
          })],
        },
      });
    });

    test('removalPolicy applies to the vault', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
      template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
    });

    test('failed backup and copy jobs of the vault go to the notifications topic', () => {
      const stack = testStack();
      const topic = new sns.Topic(stack, 'Alarms');
      const backupTier = new WebAppBackup(stack, 'Backup', { notificationsTopic: topic });
      const template = Template.fromStack(stack);
      const vaultArn = { 'Fn::GetAtt': [VAULT, 'BackupVaultArn'] };
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.backup'],
          'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
          'detail': {
            state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'],
            $or: [{ backupVaultArn: [vaultArn] }, { sourceBackupVaultArn: [vaultArn] }],
          },
        },
        Targets: [Match.objectLike({ Arn: { Ref: logicalId(stack, topic) } })],
      });
      expect(Object.keys(template.findResources('AWS::Events::Rule'))).toEqual([logicalId(stack, backupTier.failedJobsRule!)]);
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } })] },
      });
    });
  });

  describe('validation', () => {
    test.each<[string, WebAppBackupProps, RegExp]>([
      ['dailySchedule', { dailySchedule: events.Schedule.rate(Duration.days(1)) }, /invalid dailySchedule \('rate\(1 day\)'\): give a cron expression.*no rate expression/],
      ['monthlySchedule', { monthlySchedule: events.Schedule.expression('cron(0 5 1 *)') }, /invalid monthlySchedule \('cron\(0 5 1 \*\)'\): give a cron expression with six fields/],
      ['dailyRetention', { dailyRetention: Duration.hours(36) }, /invalid dailyRetention \('Duration.hours\(36\)'\): give a whole number of days, at least Duration.days\(1\)/],
      ['dailyRetention', { dailyRetention: Duration.days(0) }, /invalid dailyRetention \('Duration.days\(0\)'\): give a whole number of days/],
      ['dailyRetention', { dailyRetention: Duration.days(36501) }, /invalid dailyRetention \('Duration.days\(36501\)'\): give at most Duration.days\(36500\)/],
      ['dailyRetention', { continuousBackup: true, dailyRetention: Duration.days(36) }, /invalid dailyRetention \('Duration.days\(36\)'\): give at most Duration.days\(35\): continuous backups/],
      ['monthlyRetention', { monthlyRetention: Duration.days(40000) }, /invalid monthlyRetention \('Duration.days\(40000\)'\): give at most Duration.days\(36500\)/],
      ['monthlyMoveToColdStorageAfter', { monthlyMoveToColdStorageAfter: Duration.hours(12) }, /invalid monthlyMoveToColdStorageAfter \('Duration.hours\(12\)'\): give a whole number of days/],
      ['monthlyRetention', { monthlyMoveToColdStorageAfter: Duration.days(300) }, /invalid monthlyRetention \('Duration.days\(365\)'\): give at least Duration.days\(390\), 90 days after monthlyMoveToColdStorageAfter/],
      ['vaultLock.minRetention', { vaultLock: { minRetention: Duration.days(36) } }, /invalid vaultLock.minRetention \('Duration.days\(36\)'\): give at most dailyRetention \('?Duration.days\(35\)/],
      ['vaultLock.maxRetention', { vaultLock: { minRetention: Duration.days(7), maxRetention: Duration.days(300) } }, /invalid vaultLock.maxRetention \('Duration.days\(300\)'\): give at least monthlyRetention/],
      ['vaultLock.maxRetention', { vaultLock: { minRetention: Duration.days(30), maxRetention: Duration.days(30) } }, /invalid vaultLock.maxRetention \('Duration.days\(30\)'\): give more than vaultLock.minRetention/],
      ['vaultLock.changeableFor', { vaultLock: { minRetention: Duration.days(7), changeableFor: Duration.days(2) } }, /invalid vaultLock.changeableFor \('Duration.days\(2\)'\): .*at least Duration.days\(3\)/],
      ['vaultLock.minRetention', { vaultLock: { minRetention: Duration.hours(12) } }, /invalid vaultLock.minRetention \('Duration.hours\(12\)'\): give a whole number of days/],
      // What AWS Backup refuses in a schedule: a value in both day fields, values out of range, jobs less than an hour apart.
      ['dailySchedule', { dailySchedule: events.Schedule.expression('cron(0 5 * * * *)') },
        /invalid dailySchedule \('cron\(0 5 \* \* \* \*\)'\): give \? in exactly one of the day-of-month \(\*\) and day-of-week \(\*\) fields.*cron\(0 5 \* \* \? \*\).*AWS Backup accepts no rate expression$/],
      ['monthlySchedule', { monthlySchedule: events.Schedule.expression('cron(0 5 1 * MON *)') },
        /invalid monthlySchedule \('cron\(0 5 1 \* MON \*\)'\): give \? in exactly one of the day-of-month \(1\) and day-of-week \(MON\) fields/],
      ['dailySchedule', { dailySchedule: events.Schedule.expression('cron(0 25 * * ? *)') }, /invalid dailySchedule \('cron\(0 25 \* \* \? \*\)'\): '25' is not a valid hours value/],
      ['dailySchedule', { dailySchedule: events.Schedule.cron({ minute: '0/15' }) },
        /invalid dailySchedule \('cron\(0\/15 \* \* \* \? \*\)'\): give a single minute in the minutes field \(0\/15 runs more than once an hour\).*at least 60 minutes apart/],
      ['dailySchedule', { dailySchedule: events.Schedule.cron({ hour: '5' }) }, /invalid dailySchedule \('cron\(\* 5 \* \* \? \*\)'\): give a single minute in the minutes field/],
      // Wrong JavaScript types.
      ['dailyRetention', { dailyRetention: 35 as unknown as Duration }, /invalid dailyRetention \(35\): give a Duration, for example Duration\.days\(35\), not a number$/],
      ['dailySchedule', { dailySchedule: 'cron(0 5 * * ? *)' as unknown as events.Schedule },
        /invalid dailySchedule \('cron\(0 5 \* \* \? \*\)'\): give an events\.Schedule, for example events\.Schedule\.cron\(\{ hour: '5', minute: '0' \}\), not a string$/],
      ['vaultLock', { vaultLock: 'governance' as unknown as { minRetention: Duration } }, /invalid vaultLock \('governance'\): give an object of settings, not a string$/],
      ['vaultLock.minRetention', { vaultLock: { minRetention: 7 as unknown as Duration } }, /invalid vaultLock\.minRetention \(7\): give a Duration, for example Duration\.days\(1\), not a number$/],
      ['recoveryPointAdministrators', { recoveryPointAdministrators: 'arn:aws:iam::123456789012:role/admin' as unknown as iam.IRole[] },
        /invalid recoveryPointAdministrators \('arn:aws:iam::123456789012:role\/admin'\): give an array of iam\.IRole, not a string$/],
      ['continuousBackup', { continuousBackup: 'true' as unknown as boolean }, /invalid continuousBackup \('true'\): give true or false, not a string$/],
    ])('rejects %s in %p', (_prop, props, message) => {
      expect(() => synth(props)).toThrow(message);
      expect(() => synth(props)).toThrow(/^TestStack\/Backup: invalid /);
    });

    test('rejects a disaster recovery vault in the region of the stack', () => {
      const stack = testStack();
      expect(() => new WebAppBackup(stack, 'Backup', { disasterRecoveryVault: drVault(stack, `arn:aws:backup:${TEST_REGION}:${TEST_ACCOUNT}:backup-vault:same`) }))
        .toThrow(/^TestStack\/Backup: invalid disasterRecoveryVault \('arn:aws:backup:us-east-1:123456789012:backup-vault:same'\): give a vault in another region than this stack's \(us-east-1\)/);
    });

    test.each<WebAppBackupProps>([
      { dailyRetention: Duration.days(1) },
      { continuousBackup: true, dailyRetention: Duration.days(35) },
      { monthlyMoveToColdStorageAfter: Duration.days(275) },
      { vaultLock: { minRetention: Duration.days(35), maxRetention: Duration.days(365) } },
      { dailyRetention: Duration.hours(48) },
      { dailySchedule: events.Schedule.expression('cron(15 * ? * * *)') },
      { dailySchedule: events.Schedule.expression('cron(0 5 ? * MON-FRI *)') },
      { monthlySchedule: events.Schedule.expression('cron(0 5 L * ? *)') },
    ])('accepts %p', (props) => {
      expect(() => synth(props)).not.toThrow();
    });
  });

  describe('quality gates', () => describeQualityGates({
    'WebAppBackup default': (stack) => {
      new WebAppBackup(stack, 'Backup');
    },
    'WebAppBackup with every option': (stack) => {
      const backupTier = new WebAppBackup(stack, 'Backup', {
        encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
        notificationsTopic: new sns.Topic(stack, 'Alarms', { enforceSSL: true, masterKey: new kms.Key(stack, 'TopicKey', { enableKeyRotation: true }) }),
        resources: [backup.BackupResource.fromArn(BUCKET_ARN), backup.BackupResource.fromTag('backup', 'yes')],
        dailySchedule: events.Schedule.cron({ hour: '3', minute: '0' }),
        dailyRetention: Duration.days(30),
        monthlySchedule: events.Schedule.cron({ day: '1', hour: '3', minute: '0' }),
        monthlyRetention: Duration.days(400),
        monthlyMoveToColdStorageAfter: Duration.days(30),
        continuousBackup: true,
        disasterRecoveryVault: drVault(stack),
        vaultLock: { minRetention: Duration.days(30), maxRetention: Duration.days(400), changeableFor: Duration.days(3) },
        recoveryPointAdministrators: [iam.Role.fromRoleArn(stack, 'Admin', `arn:aws:iam::${TEST_ACCOUNT}:role/break-glass`)],
        removalPolicy: RemovalPolicy.DESTROY,
      });
      backupTier.addResource(backup.BackupResource.fromArn(`${BUCKET_ARN}-2`), new kms.Key(stack, 'ResourceKey', { enableKeyRotation: true }));
    },
  }, testApp, (app) => testStack(app)));
});
