import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { UploadsBucket } from '../../src/data/uploads-bucket';
import { DatabaseDeployment, DatabaseTopology, IWebAppDatabase, WebAppDatabase } from '../../src/data/web-app-database';
import { WebAppNetwork } from '../../src/network/web-app-network';
import { RecoveryPointChoice, RestoreTesting, RestoreTestingProps } from '../../src/operations/restore-testing';
import { WebAppBackup } from '../../src/operations/web-app-backup';
import { describeQualityGates } from '../gates/quality-gates';
import { TEST_ACCOUNT, TEST_REGION, testApp, testStack } from '../helpers';

const VAULT_ARN = `arn:aws:backup:${TEST_REGION}:${TEST_ACCOUNT}:backup-vault:app`;
const DB_ARN = `arn:aws:rds:${TEST_REGION}:${TEST_ACCOUNT}:db:app`;
const BUCKET_ARN = 'arn:aws:s3:::uploads-bucket';

/** A database as restore testing reads it: its ARN and its place in the tree. */
let databases = 0;
function fakeDatabase(scope: Construct, arn = DB_ARN): IWebAppDatabase {
  return { arn, node: new Construct(scope, `Database${++databases}`).node } as unknown as IWebAppDatabase;
}

/** An alarm topic as the app makes one: TLS only, encrypted with a customer managed key. */
function alarmTopic(scope: Construct): sns.ITopic {
  return new sns.Topic(scope, 'Alarms', { enforceSSL: true, masterKey: new kms.Key(scope, 'TopicKey', { enableKeyRotation: true }) });
}

function vaultOf(stack: Stack): backup.IBackupVault {
  return backup.BackupVault.fromBackupVaultArn(stack, 'Vault', VAULT_ARN);
}

function synth(props: Partial<RestoreTestingProps> = {}, configure?: (testing: RestoreTesting, stack: Stack) => void) {
  const stack = testStack();
  const testing = new RestoreTesting(stack, 'RestoreTesting', { vault: vaultOf(stack), ...props });
  configure?.(testing, stack);
  return { stack, testing, template: Template.fromStack(stack) };
}

function withDatabase(deployment: DatabaseDeployment) {
  return synth({}, (testing, stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    testing.addDatabase(fakeDatabase(stack), { vpc, deployment });
  });
}

describe('RestoreTesting', () => {
  describe('defaults', () => {
    const { template } = synth();

    test('tests the latest snapshot of the last 7 days of the vault, every Sunday at 08:00 UTC, starting within 4 hours', () => {
      template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
        RestoreTestingPlanName: Match.stringLikeRegexp('^[A-Za-z0-9_]{1,50}$'),
        ScheduleExpression: 'cron(0 8 ? * SUN *)',
        ScheduleExpressionTimezone: Match.absent(),
        StartWindowHours: 4,
        RecoveryPointSelection: {
          Algorithm: 'LATEST_WITHIN_WINDOW',
          IncludeVaults: [VAULT_ARN],
          RecoveryPointTypes: ['SNAPSHOT'],
          SelectionWindowDays: 7,
        },
      });
    });

    test('restores with a role that only AWS Backup can assume, with the AWS managed policies for restores', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
        ManagedPolicyArns: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']] },
        ],
      });
    });

    test('makes no selection, security group or rule until asked', () => {
      template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 0);
      template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
      template.resourceCountIs('AWS::Events::Rule', 0);
    });
  });

  describe('options', () => {
    test('schedule, time zone, windows, random choice and continuous recovery points', () => {
      const { template } = synth({
        schedule: events.Schedule.cron({ day: '1', hour: '2', minute: '30' }),
        scheduleTimeZone: TimeZone.EUROPE_BERLIN,
        startWindow: Duration.hours(12),
        selectionWindow: Duration.days(30),
        recoveryPoint: RecoveryPointChoice.RANDOM,
        continuousBackup: true,
      });
      template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
        ScheduleExpression: 'cron(30 2 1 * ? *)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        StartWindowHours: 12,
        RecoveryPointSelection: Match.objectLike({
          Algorithm: 'RANDOM_WITHIN_WINDOW',
          RecoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
          SelectionWindowDays: 30,
        }),
      });
    });

    test('the validation window goes on every selection', () => {
      const { template } = synth({ validationWindow: Duration.hours(2) }, (testing, stack) => {
        testing.addBucket(s3.Bucket.fromBucketArn(stack, 'Uploads', BUCKET_ARN));
      });
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ValidationWindowHours: 2 });
    });

    test('a given key admits the restore role in its key policy', () => {
      const { template } = synth({}, (_testing, stack) => {
        const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
        new RestoreTesting(stack, 'WithKey', { vault: backup.BackupVault.fromBackupVaultArn(stack, 'Vault2', VAULT_ARN), encryptionKey: key });
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: 'kms:CreateGrant',
            Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WithKeyRole'), 'Arn'] } },
            Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
          })]),
        },
      });
    });

    test('warns when the selection window is not longer than a day plus the start window', () => {
      const { stack } = synth({ selectionWindow: Duration.days(1), startWindow: Duration.hours(4) });
      Annotations.fromStack(stack).hasWarning('/TestStack/RestoreTesting', Match.stringLikeRegexp('selectionWindow \\(1 days\\)'));
    });
  });

  describe('the database', () => {
    test.each([
      [DatabaseDeployment.MULTI_AZ_INSTANCE, 'RDS'],
      [DatabaseDeployment.MULTI_AZ_CLUSTER, 'RDS'],
      [DatabaseDeployment.AURORA, 'Aurora'],
    ])('%s is restored as %s into the data subnets, behind a security group that admits nothing', (deployment, type) => {
      const { template, testing, stack } = withDatabase(deployment);
      const sg = stack.resolve((testing.databaseSecurityGroup!.node.defaultChild as ec2.CfnSecurityGroup).logicalId);
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        ProtectedResourceType: type,
        ProtectedResourceArns: [DB_ARN],
        RestoreTestingSelectionName: 'AppDatabase',
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreTestingRole'), 'Arn'] },
        RestoreMetadataOverrides: {
          dbSubnetGroupName: { Ref: Match.stringLikeRegexp('^RestoreTestingDatabaseSubnetGroup') },
          vpcSecurityGroupIds: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': [sg, 'GroupId'] }, '"]']] },
        },
      });
      const groups = template.findResources('AWS::EC2::SecurityGroup');
      expect(groups[sg].Properties.SecurityGroupIngress).toBeUndefined();
      // allowAllOutbound false: CDK's placeholder rule that matches no traffic.
      expect(groups[sg].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
      template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
        SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^VpcdataSubnet') }]),
      });
    });

    test('a given subnet group is used instead of a new one', () => {
      const { template } = synth({}, (testing, stack) => {
        const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
        testing.addDatabase(fakeDatabase(stack), {
          vpc, deployment: DatabaseDeployment.MULTI_AZ_INSTANCE, subnetGroup: rds.SubnetGroup.fromSubnetGroupName(stack, 'Group', 'db-subnets'),
        });
      });
      template.resourceCountIs('AWS::RDS::DBSubnetGroup', 0);
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        RestoreMetadataOverrides: Match.objectLike({ dbSubnetGroupName: 'db-subnets' }),
      });
    });

    test('the selections depend on the plan, whose name they give', () => {
      const { template, testing, stack } = withDatabase(DatabaseDeployment.MULTI_AZ_INSTANCE);
      const selection = template.findResources('AWS::Backup::RestoreTestingSelection');
      const [resource] = Object.values(selection);
      expect(resource.DependsOn).toContain(stack.resolve(testing.plan.logicalId));
      expect(resource.Properties.RestoreTestingPlanName).toEqual(testing.plan.restoreTestingPlanName);
    });
  });

  describe('the uploads bucket', () => {
    test('is restored into a new bucket by AWS Backup', () => {
      const { template } = synth({}, (testing, stack) => testing.addBucket(s3.Bucket.fromBucketArn(stack, 'Uploads', BUCKET_ARN)));
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        ProtectedResourceType: 'S3',
        ProtectedResourceArns: [BUCKET_ARN],
        RestoreTestingSelectionName: 'AppUploads',
        RestoreMetadataOverrides: Match.absent(),
        ValidationWindowHours: Match.absent(),
      });
    });
  });

  describe('notifications', () => {
    test('failed or aborted restore jobs, and failed validations, of this plan go to the topic', () => {
      synth().template.resourceCountIs('AWS::Events::Rule', 0);

      const withTopic = testStack();
      const topic = new sns.Topic(withTopic, 'Alarms', { enforceSSL: true });
      const restoreTesting = new RestoreTesting(withTopic, 'RestoreTesting', { vault: vaultOf(withTopic), notificationsTopic: topic });
      Template.fromStack(withTopic).hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.backup'],
          'detail-type': ['Restore Job State Change'],
          'detail': {
            restoreTestingPlanArn: [withTopic.resolve(restoreTesting.plan.attrRestoreTestingPlanArn)],
            $or: [{ status: ['FAILED', 'ABORTED'] }, { validationStatus: ['FAILED', 'TIMED_OUT'] }],
          },
        },
        Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Alarms') } })],
      });
      expect(restoreTesting.failedRestoresRule).toBeInstanceOf(events.Rule);
    });
  });

  describe('validation', () => {
    const bad: Array<[string, Partial<RestoreTestingProps>, RegExp]> = [
      ['a rate schedule', { schedule: events.Schedule.rate(Duration.days(7)) }, /invalid schedule.*cron expression.*accepts no rate expression/],
      ['a start window of 0 hours', { startWindow: Duration.hours(0) }, /invalid startWindow.*Duration.hours\(1\) to Duration.hours\(168\)/],
      ['a start window over 168 hours', { startWindow: Duration.hours(169) }, /invalid startWindow.*Duration.hours\(168\)/],
      ['a start window in minutes', { startWindow: Duration.minutes(90) }, /invalid startWindow.*whole number of hours/],
      ['a selection window over 365 days', { selectionWindow: Duration.days(366) }, /invalid selectionWindow.*Duration.days\(365\)/],
      ['a selection window of 0 days', { selectionWindow: Duration.days(0) }, /invalid selectionWindow.*Duration.days\(1\)/],
      ['a validation window over 168 hours', { validationWindow: Duration.hours(200) }, /invalid validationWindow.*Duration.hours\(0\) to Duration.hours\(168\)/],
      ['a number for a duration', { startWindow: 4 as unknown as Duration }, /invalid startWindow.*Duration/],
      ['an unknown recovery point choice', { recoveryPoint: 'NEWEST' as unknown as RecoveryPointChoice }, /invalid recoveryPoint.*RecoveryPointChoice.LATEST/],
      ['a string for a time zone', { scheduleTimeZone: 'UTC' as unknown as TimeZone }, /invalid scheduleTimeZone.*TimeZone/],
    ];
    test.each(bad)('refuses %s', (_name, props, error) => {
      expect(() => synth(props)).toThrow(error);
    });

    test('refuses a missing vault', () => {
      const stack = testStack();
      expect(() => new RestoreTesting(stack, 'RestoreTesting', {} as RestoreTestingProps)).toThrow(/invalid vault.*WebAppBackup.vault/);
    });

    test('refuses a second database, a second bucket, an unknown deployment and a missing VPC', () => {
      const stack = testStack();
      const testing = new RestoreTesting(stack, 'RestoreTesting', { vault: vaultOf(stack) });
      const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      expect(() => testing.addDatabase(fakeDatabase(stack), { vpc, deployment: 'single-az' as DatabaseDeployment }))
        .toThrow(/invalid addDatabase options.deployment.*DatabaseDeployment.MULTI_AZ_INSTANCE/);
      expect(() => testing.addDatabase(fakeDatabase(stack), { deployment: DatabaseDeployment.AURORA } as never))
        .toThrow(/invalid addDatabase options.vpc.*VPC of the database/);
      testing.addDatabase(fakeDatabase(stack), { vpc, deployment: DatabaseDeployment.AURORA });
      expect(() => testing.addDatabase(fakeDatabase(stack), { vpc, deployment: DatabaseDeployment.AURORA }))
        .toThrow(/invalid addDatabase database.*call addDatabase once/);
      const bucket = s3.Bucket.fromBucketArn(stack, 'Uploads', BUCKET_ARN);
      testing.addBucket(bucket);
      expect(() => testing.addBucket(bucket)).toThrow(/invalid addBucket bucket.*call addBucket once/);
      expect(() => testing.addBucket('uploads' as unknown as s3.IBucket)).toThrow(/invalid addBucket bucket.*s3.IBucket/);
    });
  });

  describe('in WebAppBackup (restoreTesting)', () => {
    test('is off by default', () => {
      const stack = testStack();
      const backups = new WebAppBackup(stack, 'Backup');
      expect(backups.restoreTesting).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::Backup::RestoreTestingPlan', 0);
    });

    test('tests the vault with the backup role, notifies the topic and takes continuous recovery points with continuousBackup', () => {
      const stack = testStack();
      const topic = new sns.Topic(stack, 'Alarms', { enforceSSL: true });
      const backups = new WebAppBackup(stack, 'Backup', { continuousBackup: true, notificationsTopic: topic, restoreTesting: { startWindow: Duration.hours(2) } });
      backups.restoreTesting!.addBucket(s3.Bucket.fromBucketArn(stack, 'Uploads', BUCKET_ARN));
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
        StartWindowHours: 2,
        RecoveryPointSelection: Match.objectLike({
          IncludeVaults: [{ 'Fn::GetAtt': [stack.resolve((backups.vault.node.defaultChild as backup.CfnBackupVault).logicalId), 'BackupVaultArn'] }],
          RecoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'],
        }),
      });
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        IamRoleArn: stack.resolve(backups.role.roleArn),
      });
      template.resourceCountIs('AWS::IAM::Role', 1);
      template.resourceCountIs('AWS::Events::Rule', 2);
    });

    test('refuses restoreTesting settings of the wrong type, naming the prop', () => {
      const stack = testStack();
      expect(() => new WebAppBackup(stack, 'Backup', { restoreTesting: { startWindow: 2 as unknown as Duration } }))
        .toThrow(/invalid restoreTesting.startWindow.*Duration/);
      expect(() => new WebAppBackup(testStack(), 'Backup', { restoreTesting: { validationWindow: Duration.hours(169) } }))
        .toThrow(/TestStack\/Backup: invalid restoreTesting.validationWindow.*Duration.hours\(168\)/);
    });
  });

  describe('quality gates', () => describeQualityGates({
    'RestoreTesting alone, with a database and a bucket': (stack) => {
      const vpc = new WebAppNetwork(stack, 'Network').vpc;
      const testing = new RestoreTesting(stack, 'RestoreTesting', {
        vault: vaultOf(stack),
        encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
        notificationsTopic: alarmTopic(stack),
        validationWindow: Duration.hours(1),
      });
      testing.addDatabase(fakeDatabase(stack), { vpc, deployment: DatabaseDeployment.MULTI_AZ_INSTANCE });
      testing.addBucket(s3.Bucket.fromBucketArn(stack, 'Uploads', BUCKET_ARN));
    },
    'WebAppBackup with restore testing of the database and the uploads bucket': (stack) => {
      const network = new WebAppNetwork(stack, 'Network');
      const database = new WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets, topology: DatabaseTopology.aurora() });
      const uploads = new UploadsBucket(stack, 'Uploads');
      const backups = new WebAppBackup(stack, 'Backup', {
        notificationsTopic: alarmTopic(stack),
        restoreTesting: { validationWindow: Duration.hours(1) },
      });
      backups.addResource(backup.BackupResource.fromArn(database.arn), database.encryptionKey);
      backups.addResource(backup.BackupResource.fromArn(uploads.bucket.bucketArn), uploads.encryptionKey);
      backups.restoreTesting!.addDatabase(database, { vpc: network.vpc, vpcSubnets: network.dataSubnets, deployment: database.topology.deployment });
      backups.restoreTesting!.addBucket(uploads.bucket);
    },
  }, testApp, testStack));
});
