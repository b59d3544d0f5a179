import { Arn, ArnFormat, Duration, Lazy, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { RestoreTesting, RestoreTestingOptions } from './restore-testing';
import { recordException } from '../private/compliance';
import { managedPolicy } from '../private/exceptions';
import { grantKeyToBackupRole } from '../private/kms-grants';
import { displayPath } from '../private/paths';
import { physicalName } from '../private/physical-names';
import { invalidProp, PropTypes, types, validateCronExpression, validateTypes, validateWholeDays, withOptionsPath } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/** The longest retention AWS Backup accepts for a recovery point, and for a vault lock: 100 years. */
const MAX_RETENTION_DAYS = 36500;
/** Continuous backups (point-in-time restore) keep at most 35 days. */
const MAX_CONTINUOUS_RETENTION_DAYS = 35;
/** A recovery point stays in cold storage for at least 90 days. */
const COLD_STORAGE_MINIMUM_DAYS = 90;
/** A compliance-mode vault lock has a cooling-off period of at least 3 days. */
const VAULT_LOCK_MINIMUM_COOLING_OFF_DAYS = 3;

/** The AWS managed policies of the role that AWS Backup backs up and restores the selected resources with. */
const BACKUP_ROLE_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
];

/** The job states of a backup or copy job that need someone to look. */
const FAILED_JOB_STATES = ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'];

/**
 * AWS Backup Vault Lock: a retention window that every recovery point of the vault must respect, so that
 * no one (the account's root user included, in compliance mode) can delete a backup early.
 *
 * Without `changeableFor` the lock is in governance mode: users with the `backup:DeleteBackupVaultLockConfiguration`
 * permission can still change or remove it. With `changeableFor` the lock is in compliance mode: once that
 * cooling-off period has passed, **the lock can never be changed or removed, and the vault and its recovery
 * points cannot be deleted before their retention ends, by anyone, AWS Support included**. Try governance mode first.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export interface VaultLockOptions {
  /**
   * Shortest retention a recovery point of the vault may have: a whole number of days, at least 1. Backup and
   * copy jobs with a shorter retention fail, so it must not exceed the retention of any rule of the plan.
   */
  readonly minRetention: Duration;

  /**
   * Longest retention a recovery point of the vault may have: a whole number of days, more than `minRetention`,
   * at most 36,500 days. It must not be shorter than the retention of any rule of the plan.
   *
   * @default - no maximum
   */
  readonly maxRetention?: Duration;

  /**
   * Cooling-off period after which the lock becomes immutable (compliance mode): a whole number of days, at least 3.
   * IRREVERSIBLE after this period: see {@link VaultLockOptions}.
   *
   * @default - governance mode: the lock can be changed or removed by users allowed to
   */
  readonly changeableFor?: Duration;
}

/**
 * Settings of the backups, used by {@link WebAppBackupProps}.
 */
export interface WebAppBackupOptions {
  /**
   * When the daily backup starts, as a `cron` expression in UTC (AWS Backup accepts no `rate` expression): six
   * fields, `?` in the day-of-month or the day-of-week field (`events.Schedule.cron` puts it in), and a single minute,
   * since AWS Backup runs backup jobs at least 60 minutes apart.
   *
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
   * @default events.Schedule.cron({ hour: '5', minute: '0' }) - every day at 05:00 UTC
   */
  readonly dailySchedule?: events.Schedule;

  /**
   * How long each daily recovery point is kept: a whole number of days, 1 to 36,500 (1 to 35 with `continuousBackup`).
   *
   * @default Duration.days(35)
   */
  readonly dailyRetention?: Duration;

  /**
   * When the monthly backup starts, as a `cron` expression in UTC, with the rules of `dailySchedule`. When it runs at
   * the same time as the daily backup, AWS Backup takes one backup and keeps it with the longer retention.
   *
   * @default events.Schedule.cron({ day: '1', hour: '5', minute: '0' }) - on the first day of every month at 05:00 UTC
   */
  readonly monthlySchedule?: events.Schedule;

  /**
   * How long each monthly recovery point is kept: a whole number of days, 1 to 36,500, at least 90 days after
   * `monthlyMoveToColdStorageAfter` when that is set.
   *
   * @default Duration.days(365)
   */
  readonly monthlyRetention?: Duration;

  /**
   * Age after which AWS Backup moves a monthly recovery point to cold storage, which costs less per GB-month but
   * is billed for at least 90 days: a whole number of days, at least 1.
   *
   * Only resource types that support it move (for example Amazon EFS, DynamoDB with advanced features, EBS
   * through archive); AWS Backup ignores the setting for RDS snapshots and S3 backups, the app's own data.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-resource
   * @default - recovery points stay in warm storage
   */
  readonly monthlyMoveToColdStorageAfter?: Duration;

  /**
   * Makes the daily rule a continuous backup: point-in-time restore to any second of `dailyRetention` (at most
   * 35 days) for RDS and S3, instead of one snapshot a day.
   *
   * For an RDS database, AWS Backup then takes over its automated backups (their retention becomes
   * `dailyRetention`), so the database's own backup retention setting no longer decides. Continuous backup of S3
   * is billed like its other backups (about 0.05 USD per GB-month in us-east-1) for the changes it keeps, plus the
   * S3 requests and events it uses to track them.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
   * @default false
   */
  readonly continuousBackup?: boolean;

  /**
   * A backup vault in another region (for example `backup.BackupVault.fromBackupVaultArn(...)` of a vault made by
   * a stack of the recovery region) that every recovery point is copied to, with the retention of its rule.
   *
   * That vault's access policy must let this account copy into it (`backup:CopyIntoBackupVault`), and its key
   * policy must let the backup role of this construct use its key: both are the business of the stack that owns
   * the vault. Copies cost inter-region data transfer (about 0.02 USD per GB copied from us-east-1) and the
   * storage of the copies at the destination's backup rates (for example about 0.095 USD per GB-month of RDS
   * snapshot, 0.05 USD per GB-month of S3 backup): roughly doubling the monthly backup bill.
   *
   * @default - no copies: the backups live in this region only
   */
  readonly disasterRecoveryVault?: backup.IBackupVault;

  /**
   * Locks the vault so that recovery points cannot be deleted before their retention ends.
   *
   * @default - no vault lock; the vault access policy still denies deleting recovery points
   */
  readonly vaultLock?: VaultLockOptions;

  /**
   * Roles that may still delete recovery points or change their lifecycle, for example a break-glass
   * administrator role. Everyone else is denied by the vault access policy.
   *
   * @default - no one may delete recovery points or change their lifecycle: they expire with their retention
   */
  readonly recoveryPointAdministrators?: iam.IRole[];

  /**
   * What happens to the vault when it leaves the stack. A vault that holds recovery points cannot be deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Proves on a schedule that the backups restore: AWS Backup restore testing of the vault's recovery points, with the
   * backup role, failures sent to `notificationsTopic`. Given (even `{}`), a {@link RestoreTesting} plan is made
   * (`restoreTesting`); add the resources to test with its `addDatabase` and `addBucket`. Each test of the database
   * runs a restored DB instance for a few hours (about 0.50 USD a test for a db.m7g.large in us-east-1, weekly by
   * default): see {@link RestoreTestingOptions.schedule}.
   *
   * @default - no restore testing
   */
  readonly restoreTesting?: RestoreTestingOptions;
}

/**
 * Properties for {@link WebAppBackup}.
 */
export interface WebAppBackupProps extends WebAppBackupOptions {
  /**
   * Key that encrypts the recovery points in the vault (for the resource types that AWS Backup manages fully,
   * such as S3; RDS snapshots keep the key of their database). The backup role is admitted to it in its key
   * policy; for an imported key a warning says what to add.
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Topic that hears about every failed, aborted, expired or partial backup or copy job of the vault. CDK lets
   * EventBridge publish to a topic of this app, and use its key.
   *
   * @default - no notifications
   */
  readonly notificationsTopic?: sns.ITopic;

  /**
   * The resources to back up, by ARN or by tag, for example `backup.BackupResource.fromRdsDatabaseInstance(db)`
   * or `backup.BackupResource.fromArn(bucket.bucketArn)`. More can be added with {@link WebAppBackup.addResource}.
   *
   * ElastiCache is not supported by AWS Backup: the cache keeps its own snapshots. An S3 bucket must be versioned.
   *
   * @default - none: add them with `addResource`
   */
  readonly resources?: backup.BackupResource[];
}

/**
 * AWS Backup for the app's data: a vault encrypted with the app's key whose recovery points no one may delete
 * early, a plan with a daily and a monthly rule, optional copies to a vault in another region, and a selection
 * of the resources to back up (the database, the uploads bucket).
 *
 * Backups are a second, independent copy next to the database's automated backups and the bucket's versions:
 * they survive the deletion of the resource and, with `disasterRecoveryVault`, the loss of the region.
 * ElastiCache is not supported by AWS Backup: the cache keeps its own snapshots.
 */
export class WebAppBackup extends Construct {
  /** The vault that holds the recovery points. */
  public readonly vault: backup.BackupVault;
  /** The backup plan, with its `Daily` and `Monthly` rules. */
  public readonly plan: backup.BackupPlan;
  /** The role that AWS Backup backs up and restores the selected resources with. */
  public readonly role: iam.Role;
  /** The key that encrypts the recovery points in the vault. */
  public readonly encryptionKey: kms.IKey;
  /** The rule that sends failed jobs to `notificationsTopic`, when one is given. */
  public readonly failedJobsRule?: events.Rule;
  /** The restore testing of the vault's recovery points, with `restoreTesting`. */
  public readonly restoreTesting?: RestoreTesting;

  private readonly resourceArns: string[] = [];
  private readonly tagConditions: backup.CfnBackupSelection.ConditionResourceTypeProperty[] = [];
  private readonly keysAdmitted = new Set<kms.IKey>();
  private _selection?: backup.CfnBackupSelection;

  constructor(scope: Construct, id: string, props: WebAppBackupProps = {}) {
    super(scope, id);
    validateTypes(this, props, BACKUP_PROP_TYPES);

    const continuous = props.continuousBackup ?? false;
    const dailySchedule = props.dailySchedule ?? events.Schedule.cron({ hour: '5', minute: '0' });
    const dailyRetention = props.dailyRetention ?? Duration.days(MAX_CONTINUOUS_RETENTION_DAYS);
    const monthlySchedule = props.monthlySchedule ?? events.Schedule.cron({ day: '1', hour: '5', minute: '0' });
    const monthlyRetention = props.monthlyRetention ?? Duration.days(365);
    const coldAfter = props.monthlyMoveToColdStorageAfter;

    validateCron(this, 'dailySchedule', dailySchedule);
    validateCron(this, 'monthlySchedule', monthlySchedule);
    validateRetention(this, 'dailyRetention', dailyRetention, continuous ? MAX_CONTINUOUS_RETENTION_DAYS : MAX_RETENTION_DAYS,
      continuous ? 'continuous backups keep at most 35 days' : 'AWS Backup keeps recovery points for at most 100 years');
    validateRetention(this, 'monthlyRetention', monthlyRetention, MAX_RETENTION_DAYS, 'AWS Backup keeps recovery points for at most 100 years');
    validateColdStorage(this, coldAfter, monthlyRetention);
    validateVaultLock(this, props.vaultLock, [['dailyRetention', dailyRetention], ['monthlyRetention', monthlyRetention]]);
    validateRecoveryRegion(this, props.disasterRecoveryVault);

    this.encryptionKey = props.encryptionKey ?? new WebAppEncryption(this, 'Encryption').key;

    this.vault = new backup.BackupVault(this, 'Vault', {
      // Vault names are per account and Region, 2 to 50 of [a-zA-Z0-9-_]: aws-cdk-lib's default, made of construct ids
      // alone, is the same for two stacks of the same construct paths.
      // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html
      backupVaultName: physicalName(this, { maxLength: 50, suffix: 'Vault' }),
      encryptionKey: this.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      accessPolicy: new iam.PolicyDocument({ statements: [denyRecoveryPointDeletion(props.recoveryPointAdministrators ?? [])] }),
      lockConfiguration: props.vaultLock && {
        minRetention: props.vaultLock.minRetention,
        maxRetention: props.vaultLock.maxRetention,
        changeableFor: props.vaultLock.changeableFor,
      },
    });

    // Plan names are display names; a unique one tells the plans of several apps apart in the console.
    this.plan = new backup.BackupPlan(this, 'Plan', { backupVault: this.vault, backupPlanName: Names.uniqueResourceName(this, { maxLength: 50 }) });
    const copyTo = (retention: Duration, moveToColdStorageAfter?: Duration): backup.BackupPlanCopyActionProps[] | undefined =>
      props.disasterRecoveryVault && [{ destinationBackupVault: props.disasterRecoveryVault, deleteAfter: retention, moveToColdStorageAfter }];
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: dailySchedule,
      deleteAfter: dailyRetention,
      enableContinuousBackup: continuous || undefined,
      copyActions: copyTo(dailyRetention),
    }));
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Monthly',
      scheduleExpression: monthlySchedule,
      deleteAfter: monthlyRetention,
      moveToColdStorageAfter: coldAfter,
      copyActions: copyTo(monthlyRetention, coldAfter),
    }));

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `Backs up and restores the resources of ${displayPath(this)} with AWS Backup`,
      managedPolicies: BACKUP_ROLE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    for (const name of BACKUP_ROLE_POLICIES) {
      recordException(this.role, managedPolicy(name,
        'the AWS managed policies for AWS Backup service roles hold exactly what AWS Backup needs to back up and restore each supported service, '
        + 'kept current by AWS as services are added; the role can be assumed by AWS Backup only'));
    }
    this.admitBackupRoleToKey(this.encryptionKey);

    if (props.notificationsTopic) {
      this.failedJobsRule = new events.Rule(this, 'FailedJobs', {
        description: `Failed, aborted, expired or partial backup and copy jobs of the vault of ${displayPath(this)}`,
        eventPattern: {
          source: ['aws.backup'],
          detailType: ['Backup Job State Change', 'Copy Job State Change'],
          detail: {
            state: FAILED_JOB_STATES,
            $or: [
              { backupVaultArn: [this.vault.backupVaultArn] },
              { sourceBackupVaultArn: [this.vault.backupVaultArn] },
            ],
          },
        },
        targets: [new targets.SnsTopic(props.notificationsTopic)],
      });
    }

    if (props.restoreTesting) {
      this.restoreTesting = withOptionsPath(this, 'RestoreTesting', 'restoreTesting', props.restoreTesting, () => new RestoreTesting(this, 'RestoreTesting', {
        ...props.restoreTesting,
        vault: this.vault,
        role: this.role,
        notificationsTopic: props.notificationsTopic,
        continuousBackup: continuous,
      }));
    }

    (props.resources ?? []).forEach((resource, index) => this.addBackupResource(`resources[${index}]`, resource));
  }

  /**
   * The backup selection of the plan, made when the first resource is added.
   */
  public get selection(): backup.CfnBackupSelection | undefined {
    return this._selection;
  }

  /**
   * Adds a resource to the backups, by ARN (`backup.BackupResource.fromRdsDatabaseInstance(db)`,
   * `fromRdsDatabaseCluster(cluster)`, `fromArn(bucket.bucketArn)`) or by tag (`fromTag(key, value)`).
   *
   * `backup.BackupResource.fromConstruct` is not accepted: give the resources' ARNs, or add a selection of your own
   * with `plan.addSelection`. An S3 bucket must be versioned. ElastiCache is not supported by AWS Backup.
   *
   * @param resource the resource, or resources, to back up
   * @param encryptionKey the key that encrypts the resource: the backup role is admitted to it in its key policy
   */
  public addResource(resource: backup.BackupResource, encryptionKey?: kms.IKey): void {
    this.addBackupResource('addResource resource', resource, encryptionKey);
  }

  /** Adds a resource; `prop` is what the user gave it as, for errors. */
  private addBackupResource(prop: string, resource: backup.BackupResource, encryptionKey?: kms.IKey): void {
    if (resource === undefined || resource === null || resource.construct || (!resource.resource && !resource.tagCondition)) {
      invalidProp(this, prop, resource?.construct?.node.path ?? resource,
        'give resources by ARN or tag, for example backup.BackupResource.fromRdsDatabaseInstance(db) or backup.BackupResource.fromArn(bucket.bucketArn); '
        + 'for BackupResource.fromConstruct, add a selection of your own with plan.addSelection');
    }
    if (resource.resource) {
      this.resourceArns.push(resource.resource);
    }
    if (resource.tagCondition) {
      this.tagConditions.push({
        conditionKey: resource.tagCondition.key,
        conditionValue: resource.tagCondition.value,
        conditionType: resource.tagCondition.operation ?? backup.TagOperation.STRING_EQUALS,
      });
    }
    if (encryptionKey) {
      this.admitBackupRoleToKey(encryptionKey);
    }
    this._selection ??= new backup.CfnBackupSelection(this, 'Selection', {
      backupPlanId: this.plan.backupPlanId,
      backupSelection: {
        selectionName: 'AppData',
        iamRoleArn: this.role.roleArn,
        resources: Lazy.list({ produce: () => this.resourceArns }, { omitEmpty: true }),
        listOfTags: Lazy.any({ produce: () => this.tagConditions }, { omitEmptyArray: true }),
      },
    });
  }

  /**
   * Lets the backup role use a key: AWS Backup creates grants on it for the backup jobs (RDS snapshots, S3 backups)
   * and encrypts and decrypts the vault's recovery points. For an imported key, whose policy cannot be changed
   * here, a warning says what to add.
   */
  private admitBackupRoleToKey(key: kms.IKey): void {
    if (this.keysAdmitted.has(key)) {
      return;
    }
    this.keysAdmitted.add(key);
    grantKeyToBackupRole(this, key, this.role, 'cdk-ha-web-app:backup-imported-key-policy', 'backup jobs');
  }
}

/**
 * Denies deleting recovery points and shortening their lifecycle to everyone but the given roles. It does not deny
 * changing the access policy itself (`backup:PutBackupVaultAccessPolicy`), or CloudFormation could never update it:
 * that permission belongs to the deployment role alone, and a vault lock is what makes retention unchangeable.
 */
function denyRecoveryPointDeletion(administrators: iam.IRole[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyDeletingRecoveryPoints',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
    resources: ['*'],
    conditions: administrators.length > 0
      ? { ArnNotEquals: { 'aws:PrincipalArn': administrators.map((role) => role.roleArn) } }
      : undefined,
  });
}

/**
 * A backup schedule as AWS Backup takes it: an AWS cron expression (no rate expression), whose minutes field is a
 * single minute, since AWS Backup refuses backup jobs less than 60 minutes apart.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
 * @see https://repost.aws/questions/QUwYlivOoWTHi1nSuSGjTVFg/error-scheduling-backup-every-ten-minutes-in-aws-backup
 */
function validateCron(scope: IConstruct, prop: string, schedule: events.Schedule): void {
  const fix = "give a cron expression in UTC, for example events.Schedule.cron({ hour: '5', minute: '0' }): AWS Backup accepts no rate expression";
  const fields = validateCronExpression(scope, prop, schedule.expressionString, fix);
  if (fields && !/^\d{1,2}$/.test(fields[0])) {
    invalidProp(scope, prop, schedule.expressionString,
      `give a single minute in the minutes field (${fields[0]} runs more than once an hour), for example minute: '0': AWS Backup starts backup jobs at least 60 minutes apart`);
  }
}

/** The types of the props, for callers that no compiler checks. */
const BACKUP_PROP_TYPES: PropTypes = {
  dailySchedule: types.withMember('expressionString', "an events.Schedule, for example events.Schedule.cron({ hour: '5', minute: '0' })"),
  dailyRetention: types.duration('Duration.days(35)'),
  monthlySchedule: types.withMember('expressionString', "an events.Schedule, for example events.Schedule.cron({ day: '1', hour: '5', minute: '0' })"),
  monthlyRetention: types.duration('Duration.days(365)'),
  monthlyMoveToColdStorageAfter: types.duration('Duration.days(30)'),
  continuousBackup: types.boolean,
  disasterRecoveryVault: types.withMember('backupVaultArn', "a backup.IBackupVault, for example backup.BackupVault.fromBackupVaultArn(this, 'RecoveryVault', arn)"),
  vaultLock: types.struct({
    minRetention: types.duration('Duration.days(1)'),
    maxRetention: types.duration('Duration.days(365)'),
    changeableFor: types.duration('Duration.days(3)'),
  }),
  recoveryPointAdministrators: types.arrayOf(types.withMember('roleArn', 'an iam.IRole'), 'an array of iam.IRole'),
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  restoreTesting: types.struct({}, "a RestoreTestingOptions, for example { schedule: events.Schedule.cron({ weekDay: 'SUN', hour: '8', minute: '0' }) }"),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  notificationsTopic: types.withMember('topicArn', 'an sns.ITopic'),
  resources: types.arrayOf(types.objectOf('a backup.BackupResource, for example backup.BackupResource.fromArn(bucket.bucketArn)'),
    'an array of backup.BackupResource, for example [backup.BackupResource.fromArn(bucket.bucketArn)]'),
};

function validateRetention(scope: IConstruct, prop: string, retention: Duration, maxDays: number, why: string): void {
  validateWholeDays(scope, prop, retention, 1, 'AWS Backup counts retention in days');
  if (!retention.isUnresolved() && retention.toDays() > maxDays) {
    invalidProp(scope, prop, retention.toString(), `give at most Duration.days(${maxDays}): ${why}`);
  }
}

function validateColdStorage(scope: IConstruct, coldAfter: Duration | undefined, retention: Duration): void {
  if (coldAfter === undefined) {
    return;
  }
  validateWholeDays(scope, 'monthlyMoveToColdStorageAfter', coldAfter, 1, 'AWS Backup counts lifecycle ages in days');
  if (coldAfter.isUnresolved() || retention.isUnresolved()) {
    return;
  }
  const earliest = coldAfter.toDays() + COLD_STORAGE_MINIMUM_DAYS;
  if (retention.toDays() < earliest) {
    invalidProp(scope, 'monthlyRetention', retention.toString(),
      `give at least Duration.days(${earliest}), 90 days after monthlyMoveToColdStorageAfter (${coldAfter.toString()}), or move to cold storage earlier: `
      + 'AWS Backup keeps a recovery point in cold storage for at least 90 days');
  }
}

function validateVaultLock(scope: IConstruct, lock: VaultLockOptions | undefined, retentions: Array<[string, Duration]>): void {
  if (!lock) {
    return;
  }
  validateRetention(scope, 'vaultLock.minRetention', lock.minRetention, MAX_RETENTION_DAYS, 'a vault lock spans at most 100 years');
  if (lock.maxRetention) {
    validateRetention(scope, 'vaultLock.maxRetention', lock.maxRetention, MAX_RETENTION_DAYS, 'a vault lock spans at most 100 years');
  }
  if (lock.changeableFor) {
    validateWholeDays(scope, 'vaultLock.changeableFor', lock.changeableFor, VAULT_LOCK_MINIMUM_COOLING_OFF_DAYS,
      'AWS Backup enforces a cooling-off period of at least 72 hours before a compliance-mode lock becomes immutable');
  }
  const min = lock.minRetention;
  const max = lock.maxRetention;
  if (max && !min.isUnresolved() && !max.isUnresolved() && max.toDays() <= min.toDays()) {
    invalidProp(scope, 'vaultLock.maxRetention', max.toString(), `give more than vaultLock.minRetention (${min.toString()})`);
  }
  for (const [prop, retention] of retentions) {
    if (retention.isUnresolved()) {
      continue;
    }
    if (!min.isUnresolved() && retention.toDays() < min.toDays()) {
      invalidProp(scope, 'vaultLock.minRetention', min.toString(),
        `give at most ${prop} (${retention.toString()}): the vault lock would fail every backup job of that rule`);
    }
    if (max && !max.isUnresolved() && retention.toDays() > max.toDays()) {
      invalidProp(scope, 'vaultLock.maxRetention', max.toString(),
        `give at least ${prop} (${retention.toString()}): the vault lock would fail every backup job of that rule`);
    }
  }
}

function validateRecoveryRegion(scope: IConstruct, vault: backup.IBackupVault | undefined): void {
  if (!vault) {
    return;
  }
  const arn = vault.backupVaultArn;
  const region = Token.isUnresolved(arn) ? vault.env.region : Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME).region;
  const stackRegion = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && !Token.isUnresolved(stackRegion) && region === stackRegion) {
    invalidProp(scope, 'disasterRecoveryVault', Token.isUnresolved(arn) ? vault.node.path : arn,
      `give a vault in another region than this stack's (${stackRegion}), for example backup.BackupVault.fromBackupVaultArn(this, 'RecoveryVault', `
      + "'arn:aws:backup:<recovery region>:<account>:backup-vault:<name>'): copies in the same region do not survive a regional outage");
  }
}
