import { Annotations, Duration, Names, Stack, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { DatabaseDeployment, IWebAppDatabase } from '../data/web-app-database';
import { recordException } from '../private/compliance';
import { managedPolicy } from '../private/exceptions';
import { grantKeyToBackupRole } from '../private/kms-grants';
import { displayPath } from '../private/paths';
import { invalidProp, PropTypes, types, validateCronExpression, validateType, validateTypes } from '../private/validation';

/** The AWS managed policies of a role that AWS Backup restores RDS, Aurora and S3 recovery points with. */
const RESTORE_ROLE_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Restore',
];

/** Start window and validation window limits of restore testing. */
const MAX_WINDOW_HOURS = 168;
/** Recovery points older than this are never selected. */
const MAX_SELECTION_WINDOW_DAYS = 365;

/** Restore job states that mean the recovery point could not be restored. */
const FAILED_RESTORE_STATES = ['FAILED', 'ABORTED'];
/** Validation states (reported with `backup:PutRestoreValidationResult`) that mean the restored data is not good. */
const FAILED_VALIDATION_STATES = ['FAILED', 'TIMED_OUT'];

/**
 * Which recovery point of the selection window a restore test restores.
 */
export enum RecoveryPointChoice {
  /** The newest recovery point: proves that the backups taken now restore. */
  LATEST = 'LATEST_WITHIN_WINDOW',
  /** A recovery point at random: over time, proves that older backups restore too. */
  RANDOM = 'RANDOM_WITHIN_WINDOW',
}

/**
 * Settings of AWS Backup restore testing, used by {@link RestoreTestingProps} and `WebAppBackupOptions.restoreTesting`.
 */
export interface RestoreTestingOptions {
  /**
   * When the restore tests start, as a `cron` expression (AWS Backup restore testing accepts no `rate` expression), in
   * `scheduleTimeZone`. Each run restores one recovery point of every tested resource: a database restore runs a DB
   * instance (or a DB cluster) from the start of the restore to the end of `validationWindow`, billed like any other
   * (for the default db.m7g.large PostgreSQL instance, about 0.17 USD an hour in us-east-1 on demand, so about
   * 0.50 USD for a three-hour test), plus the restore testing charge of AWS Backup per test and, for S3, the restored
   * data per GB and its storage until AWS Backup's lifecycle rule empties the bucket (a day or more).
   *
   * Weekly finds a backup that does not restore within a week, well inside the 35 days that daily backups are kept,
   * for about a quarter of the cost of daily tests.
   *
   * @default events.Schedule.cron({ weekDay: 'SUN', hour: '8', minute: '0' }) - every Sunday at 08:00, after the daily backup and the database's maintenance window
   */
  readonly schedule?: events.Schedule;

  /**
   * The time zone of `schedule`.
   *
   * @default - UTC
   */
  readonly scheduleTimeZone?: TimeZone;

  /**
   * How long after the scheduled time the restore jobs may start: AWS Backup starts each one at a random time within
   * it. A whole number of hours, 1 to 168.
   *
   * @default Duration.hours(4)
   */
  readonly startWindow?: Duration;

  /**
   * Which recovery point of `selectionWindow` to restore.
   *
   * @default RecoveryPointChoice.LATEST
   */
  readonly recoveryPoint?: RecoveryPointChoice;

  /**
   * How far back, from the time the restore job starts, the recovery points to choose from may go: a whole number of
   * days, 1 to 365. AWS counts it from the job's start, not the scheduled time, so keep it longer than a day (the
   * daily backup) plus `startWindow`, or a test may find no recovery point and skip the resource.
   *
   * @default Duration.days(7)
   */
  readonly selectionWindow?: Duration;

  /**
   * How long AWS Backup keeps each restored resource after the restore job completes before deleting it, so that a
   * validation (a function of yours on the `Restore Job State Change` event, reporting with
   * `backup:PutRestoreValidationResult`) can check it: a whole number of hours, 0 to 168. The restored database is
   * billed for this time.
   *
   * @default - none: the restored resources are deleted as soon as their restore job completes
   */
  readonly validationWindow?: Duration;
}

/**
 * Properties for {@link RestoreTesting}.
 */
export interface RestoreTestingProps extends RestoreTestingOptions {
  /** The backup vault whose recovery points are restored (for example `WebAppBackup.vault`). */
  readonly vault: backup.IBackupVault;

  /**
   * Role that AWS Backup restores with; it must trust `backup.amazonaws.com` and be allowed to restore RDS, Aurora and
   * S3 and use the keys of the vault and of the tested resources (`WebAppBackup.role` is).
   *
   * @default - a new role with the AWS managed policies for restores (S3 included)
   */
  readonly role?: iam.IRole;

  /**
   * Key of the vault and of the tested resources, which the restore role must use: it is admitted in the key policy
   * (for an imported key a warning says what to add).
   *
   * @default - no key is changed: the role must already be allowed to use the keys
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Topic that hears about every restore test whose restore job fails or is aborted, or whose validation fails or
   * times out. CDK lets EventBridge publish to a topic of this app, and use its key.
   *
   * @default - no notifications
   */
  readonly notificationsTopic?: sns.ITopic;

  /**
   * Whether the vault holds continuous (point-in-time) recovery points to test too, as `WebAppBackupOptions.continuousBackup`
   * makes for the daily rule.
   *
   * @default false - snapshot recovery points only
   */
  readonly continuousBackup?: boolean;
}

/**
 * Where and how the database restored by a restore test runs, for {@link RestoreTesting.addDatabase}.
 */
export interface DatabaseRestoreTestOptions {
  /** The VPC of the database, where the restored database runs in a security group that admits nothing. */
  readonly vpc: ec2.IVpc;

  /**
   * How the database is deployed (`WebAppDatabase.topology.deployment`): a Multi-AZ DB instance is restored as an
   * RDS instance, a Multi-AZ DB cluster as an RDS cluster, Aurora as an Aurora cluster (without DB instances).
   */
  readonly deployment: DatabaseDeployment;

  /**
   * The DB subnet group the restored database runs in.
   *
   * @default - a new subnet group of `vpcSubnets`
   */
  readonly subnetGroup?: rds.ISubnetGroup;

  /**
   * The subnets of the new subnet group, when `subnetGroup` is not given: private subnets in at least 2 Availability
   * Zones (3 for a Multi-AZ DB cluster).
   *
   * @default - the isolated subnets of the VPC, as the database's own default
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * AWS Backup restore testing of the app's data: on a schedule, AWS Backup restores the latest (or a random) recovery
 * point of the database and of the uploads bucket from the app's vault, keeps the restored resource for the
 * validation window and deletes it. Each test is a restore job of type Test, with its duration and result kept by
 * AWS Backup (and checked by AWS Backup Audit Manager's "restore time" control where it is on), which is what
 * auditors ask for: evidence that the backups restore, not only that they exist.
 *
 * The restored database lands in the database's VPC, in a DB subnet group of private subnets, with a security group
 * that admits nothing, encrypted with the key of its snapshot (the app's key), not publicly accessible; AWS Backup
 * turns deletion protection off so that it can delete it. A restored bucket is a new bucket, `awsbackup-restore-test-…`.
 * Failed or aborted restore jobs, and failed validations, notify `notificationsTopic`.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
export class RestoreTesting extends Construct {
  /** The restore testing plan. */
  public readonly plan: backup.CfnRestoreTestingPlan;
  /** The role that AWS Backup restores with. */
  public readonly role: iam.IRole;
  /** The rule that sends failed restore tests to `notificationsTopic`, when one is given. */
  public readonly failedRestoresRule?: events.Rule;

  private readonly validationWindowHours?: number;
  private _databaseSelection?: backup.CfnRestoreTestingSelection;
  private _bucketSelection?: backup.CfnRestoreTestingSelection;
  private _databaseSecurityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    validateTypes(this, props, RESTORE_TESTING_PROP_TYPES);
    if (props.vault === undefined || props.vault === null) {
      invalidProp(this, 'vault', props.vault, 'give the backup vault whose recovery points to restore, for example WebAppBackup.vault');
    }

    const schedule = props.schedule ?? events.Schedule.cron({ weekDay: 'SUN', hour: '8', minute: '0' });
    const startWindow = props.startWindow ?? Duration.hours(4);
    const selectionWindow = props.selectionWindow ?? Duration.days(7);
    validateCronExpression(this, 'schedule', schedule.expressionString,
      "give a cron expression, for example events.Schedule.cron({ weekDay: 'SUN', hour: '8', minute: '0' }): restore testing accepts no rate expression");
    const startHours = wholeHours(this, 'startWindow', startWindow, 1, MAX_WINDOW_HOURS);
    const selectionDays = wholeDays(this, 'selectionWindow', selectionWindow, 1, MAX_SELECTION_WINDOW_DAYS);
    this.validationWindowHours = props.validationWindow === undefined ? undefined
      : wholeHours(this, 'validationWindow', props.validationWindow, 0, MAX_WINDOW_HOURS) ?? props.validationWindow.toHours();
    if (startHours !== undefined && selectionDays !== undefined && selectionDays * 24 <= 24 + startHours) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:restore-testing-selection-window',
        `selectionWindow (${selectionDays} days) is not longer than a day plus startWindow (${startHours} hours): AWS Backup counts it from the `
        + 'start of the restore job, so a test may find no recovery point of a daily backup and skip the resource. Give a longer selectionWindow.');
    }

    this.plan = new backup.CfnRestoreTestingPlan(this, 'Resource', {
      // 1 to 50 letters, digits and underscores, unique in the account and Region.
      restoreTestingPlanName: Names.uniqueResourceName(this, { maxLength: 50 }),
      scheduleExpression: schedule.expressionString,
      scheduleExpressionTimezone: props.scheduleTimeZone?.timezoneName,
      startWindowHours: startHours ?? startWindow.toHours(),
      recoveryPointSelection: {
        algorithm: props.recoveryPoint ?? RecoveryPointChoice.LATEST,
        includeVaults: [props.vault.backupVaultArn],
        recoveryPointTypes: props.continuousBackup ? ['SNAPSHOT', 'CONTINUOUS'] : ['SNAPSHOT'],
        selectionWindowDays: selectionDays ?? selectionWindow.toDays(),
      },
    });

    this.role = props.role ?? this.createRole();
    if (props.encryptionKey) {
      this.admitRoleToKey(props.encryptionKey);
    }

    if (props.notificationsTopic) {
      this.failedRestoresRule = new events.Rule(this, 'FailedRestores', {
        description: `Failed or aborted restore tests, and failed validations, of ${displayPath(this)}`,
        eventPattern: {
          source: ['aws.backup'],
          detailType: ['Restore Job State Change'],
          detail: {
            restoreTestingPlanArn: [this.plan.attrRestoreTestingPlanArn],
            $or: [
              { status: FAILED_RESTORE_STATES },
              { validationStatus: FAILED_VALIDATION_STATES },
            ],
          },
        },
        targets: [new targets.SnsTopic(props.notificationsTopic)],
      });
    }
  }

  /** The restore testing selection of the database, once {@link addDatabase} is called. */
  public get databaseSelection(): backup.CfnRestoreTestingSelection | undefined {
    return this._databaseSelection;
  }

  /** The restore testing selection of the uploads bucket, once {@link addBucket} is called. */
  public get bucketSelection(): backup.CfnRestoreTestingSelection | undefined {
    return this._bucketSelection;
  }

  /** The security group of the restored database (it admits nothing), once {@link addDatabase} is called. */
  public get databaseSecurityGroup(): ec2.ISecurityGroup | undefined {
    return this._databaseSecurityGroup;
  }

  /**
   * Tests the restore of the database's recovery points: a Multi-AZ DB instance is restored as an RDS instance
   * (`RDS`), a Multi-AZ DB cluster as an RDS cluster (`RDS`), Aurora as an Aurora cluster without DB instances
   * (`Aurora`, so it runs no instance-hours). The database must be in the backup plan of the vault.
   *
   * @param database the database (its ARN is the protected resource)
   * @param options its VPC, deployment and subnets
   */
  public addDatabase(database: IWebAppDatabase, options: DatabaseRestoreTestOptions): void {
    validateType(this, 'addDatabase database', database, types.withMembers(['arn', 'node'], 'an IWebAppDatabase, for example a WebAppDatabase'));
    validateTypes(this, options, DATABASE_OPTION_TYPES, 'addDatabase options');
    if (!options.vpc) {
      invalidProp(this, 'addDatabase options.vpc', options.vpc, 'give the VPC of the database, for example WebAppNetwork.vpc');
    }
    if (this._databaseSelection) {
      invalidProp(this, 'addDatabase database', database.node.path,
        `call addDatabase once: ${this._databaseSelection.node.path} tests the database already; test another database with a RestoreTesting of its own`);
    }
    const protectedResourceType = PROTECTED_RESOURCE_TYPES[options.deployment];
    if (protectedResourceType === undefined) {
      invalidProp(this, 'addDatabase options.deployment', options.deployment,
        `give one of ${Object.keys(DatabaseDeployment).map((name) => `DatabaseDeployment.${name}`).join(', ')}, for example database.topology.deployment`);
    }

    const securityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: options.vpc,
      description: `${displayPath(this)}: restored databases of restore tests, reachable by no one`,
      allowAllOutbound: false,
    });
    this._databaseSecurityGroup = securityGroup;
    const subnetGroup = options.subnetGroup ?? new rds.SubnetGroup(this, 'DatabaseSubnetGroup', {
      vpc: options.vpc,
      vpcSubnets: options.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: `Subnets of the databases that ${displayPath(this)} restores`,
    });

    this._databaseSelection = new backup.CfnRestoreTestingSelection(this, 'DatabaseSelection', {
      restoreTestingPlanName: this.plan.restoreTestingPlanName,
      restoreTestingSelectionName: 'AppDatabase',
      protectedResourceType,
      protectedResourceArns: [database.arn],
      iamRoleArn: this.role.roleArn,
      validationWindowHours: this.validationWindowHours,
      // Keys are case-insensitive. The restored database keeps the key of its snapshot (the database's key); AWS
      // Backup turns deletion protection off, and names it awsbackup-restore-test-…, which its backup plans skip.
      restoreMetadataOverrides: {
        dbSubnetGroupName: subnetGroup.subnetGroupName,
        vpcSecurityGroupIds: Stack.of(this).toJsonString([securityGroup.securityGroupId]),
      },
    });
    this._databaseSelection.node.addDependency(this.plan);
  }

  /**
   * Tests the restore of a bucket's recovery points: AWS Backup restores them into a new bucket
   * (`awsbackup-restore-test-…`), whose objects keep their encryption, and deletes it through a lifecycle rule when
   * the test ends. The bucket must be in the backup plan of the vault.
   *
   * @param bucket the bucket (for example the uploads bucket)
   */
  public addBucket(bucket: s3.IBucket): void {
    validateType(this, 'addBucket bucket', bucket, types.withMember('bucketArn', 'an s3.IBucket, for example UploadsBucket.bucket'));
    if (this._bucketSelection) {
      invalidProp(this, 'addBucket bucket', bucket.node.path,
        `call addBucket once: ${this._bucketSelection.node.path} tests a bucket already; test another bucket with a RestoreTesting of its own`);
    }
    this._bucketSelection = new backup.CfnRestoreTestingSelection(this, 'BucketSelection', {
      restoreTestingPlanName: this.plan.restoreTestingPlanName,
      restoreTestingSelectionName: 'AppUploads',
      protectedResourceType: 'S3',
      protectedResourceArns: [bucket.bucketArn],
      iamRoleArn: this.role.roleArn,
      validationWindowHours: this.validationWindowHours,
    });
    this._bucketSelection.node.addDependency(this.plan);
  }

  private createRole(): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `Restores the recovery points of the restore tests of ${displayPath(this)} with AWS Backup`,
      managedPolicies: RESTORE_ROLE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    for (const name of RESTORE_ROLE_POLICIES) {
      recordException(role, managedPolicy(name,
        'the AWS managed policies for AWS Backup restores hold exactly what AWS Backup needs to restore RDS, Aurora and S3 recovery points into new '
        + 'resources (whose names AWS Backup picks at restore time, so no narrower resource can be named), kept current by AWS; the role can be assumed by AWS Backup only'));
    }
    return role;
  }

  /** Lets the restore role decrypt the recovery points and encrypt the restored resources with a key. */
  private admitRoleToKey(key: kms.IKey): void {
    grantKeyToBackupRole(this, key, this.role, 'cdk-ha-web-app:restore-testing-imported-key-policy', 'restore tests');
  }

}

/** The restore testing resource type of each database deployment. */
const PROTECTED_RESOURCE_TYPES: Record<string, string> = {
  [DatabaseDeployment.MULTI_AZ_INSTANCE]: 'RDS',
  [DatabaseDeployment.MULTI_AZ_CLUSTER]: 'RDS',
  [DatabaseDeployment.AURORA]: 'Aurora',
};

/** A duration as a whole number of hours within [min, max]; undefined for a token. */
function wholeHours(scope: IConstruct, prop: string, value: Duration, min: number, max: number): number | undefined {
  validateType(scope, prop, value, types.duration(`Duration.hours(${Math.max(min, 1)})`));
  if (value.isUnresolved()) {
    return undefined;
  }
  const hours = value.toHours({ integral: false });
  if (!Number.isInteger(hours) || hours < min || hours > max) {
    invalidProp(scope, prop, value.toString(), `give a whole number of hours from Duration.hours(${min}) to Duration.hours(${max}): AWS Backup restore testing counts it in hours`);
  }
  return hours;
}

/** A duration as a whole number of days within [min, max]; undefined for a token. */
function wholeDays(scope: IConstruct, prop: string, value: Duration, min: number, max: number): number | undefined {
  validateType(scope, prop, value, types.duration(`Duration.days(${min})`));
  if (value.isUnresolved()) {
    return undefined;
  }
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min || days > max) {
    invalidProp(scope, prop, value.toString(), `give a whole number of days from Duration.days(${min}) to Duration.days(${max}): AWS Backup restore testing counts it in days`);
  }
  return days;
}

/** The types of the props, for callers that no compiler checks. */
const RESTORE_TESTING_PROP_TYPES: PropTypes = {
  schedule: types.withMember('expressionString', "an events.Schedule, for example events.Schedule.cron({ weekDay: 'SUN', hour: '8', minute: '0' })"),
  scheduleTimeZone: types.withMember('timezoneName', 'a TimeZone, for example TimeZone.EUROPE_BERLIN'),
  startWindow: types.duration('Duration.hours(4)'),
  recoveryPoint: types.enumOf(RecoveryPointChoice, 'RecoveryPointChoice'),
  selectionWindow: types.duration('Duration.days(7)'),
  validationWindow: types.duration('Duration.hours(1)'),
  vault: types.withMember('backupVaultArn', 'a backup.IBackupVault, for example WebAppBackup.vault'),
  role: types.withMember('roleArn', 'an iam.IRole'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  notificationsTopic: types.withMember('topicArn', 'an sns.ITopic'),
  continuousBackup: types.boolean,
};

const DATABASE_OPTION_TYPES: PropTypes = {
  vpc: types.withMember('vpcId', 'an ec2.IVpc'),
  deployment: types.enumOf(DatabaseDeployment, 'DatabaseDeployment'),
  subnetGroup: types.withMember('subnetGroupName', 'an rds.ISubnetGroup'),
  vpcSubnets: types.objectOf('an ec2.SubnetSelection, for example { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }'),
};
