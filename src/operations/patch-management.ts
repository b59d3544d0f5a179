import { Annotations, ArnFormat, Aws, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { recordException } from '../private/compliance';
import { grantPolicy, wildcard } from '../private/exceptions';
import { displayPath } from '../private/paths';
import { invalidProp, PropTypes, types, validateCronExpression, validateInteger, validateTypes } from '../private/validation';

/**
 * The tag that assigns an instance to a patch group. `PatchGroup` rather than `Patch Group`: tag keys with a space
 * cannot be read from the instance metadata when tags in instance metadata are on; Patch Manager accepts both.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-patch-groups.html
 */
const PATCH_GROUP_TAG = 'PatchGroup';

/** The Systems Manager document that scans for and installs patches with the instance's patch baseline. */
const RUN_PATCH_BASELINE = 'AWS-RunPatchBaseline';

/**
 * The Auto Scaling processes suspended while patches install: the group neither marks a rebooting instance
 * unhealthy (its load balancer health checks fail for a while) nor replaces it. Scaling, and the load balancer,
 * keep working.
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-suspend-resume-processes.html
 */
const SUSPENDED_WHILE_PATCHING = ['HealthCheck', 'ReplaceUnhealthy'];

/** Longest time the install may take (all instances, `maxConcurrency` at a time), and so the longest that health checks stay suspended. */
const INSTALL_TIMEOUT_SECONDS = 4 * 60 * 60;

/**
 * How serious a missing approved patch is when Systems Manager reports the instance's patch compliance.
 */
export enum PatchComplianceSeverity {
  /** Critical. */
  CRITICAL = 'CRITICAL',
  /** High. */
  HIGH = 'HIGH',
  /** Medium. */
  MEDIUM = 'MEDIUM',
  /** Low. */
  LOW = 'LOW',
}

/**
 * Whether an instance restarts after patches are installed.
 */
export enum PatchRebootOption {
  /**
   * Restart when a patch needs it (for example a new kernel), so that the patch takes effect.
   */
  REBOOT_IF_NEEDED = 'RebootIfNeeded',

  /**
   * Never restart: patches that need a restart are installed but not in effect, and the instance reports
   * them as `InstalledPendingReboot` (non-compliant) until it restarts or is replaced.
   */
  NO_REBOOT = 'NoReboot',
}

/**
 * Settings of the patching of the app tier, used by {@link PatchManagementProps}.
 */
export interface PatchManagementOptions {
  /**
   * Days after its release that a patch is approved, 0 to 360: time for others to find a bad patch.
   *
   * @default 7
   */
  readonly approveAfterDays?: number;

  /**
   * Severity that Systems Manager reports for an instance that misses approved patches, and for a failed
   * scan association.
   *
   * @default PatchComplianceSeverity.HIGH
   */
  readonly complianceSeverity?: PatchComplianceSeverity;

  /**
   * When every instance is scanned for missing patches (no change to the instance), a `cron` or `rate`
   * expression in UTC (`rate` at least 30 minutes). New instances are scanned as soon as they register.
   *
   * @default events.Schedule.cron({ hour: '1', minute: '0' }) - every day at 01:00 UTC
   */
  readonly scanSchedule?: events.Schedule;

  /**
   * When approved patches are installed, a `cron` expression in UTC (the install runs only at these times, not
   * when an instance registers, so that scaling out does not reboot new instances).
   *
   * @default events.Schedule.cron({ weekDay: 'SUN', hour: '3', minute: '0' }) - every Sunday at 03:00 UTC
   */
  readonly installSchedule?: events.Schedule;

  /**
   * Whether instances restart after installing patches that need it.
   *
   * @default PatchRebootOption.REBOOT_IF_NEEDED
   */
  readonly rebootOption?: PatchRebootOption;

  /**
   * How many instances install patches at the same time: a number (`'1'`) or a percentage of the group (`'25%'`).
   * An instance that restarts is out of the load balancer for a while; one at a time keeps the rest of the group
   * serving.
   *
   * @default '1'
   */
  readonly maxConcurrency?: string;

  /**
   * How many instances may fail to install before the install stops on the remaining instances: a number or a
   * percentage. `'0'` stops after the first failure.
   *
   * @default '0'
   */
  readonly maxErrors?: string;
}

/**
 * Properties for {@link PatchManagement}.
 */
export interface PatchManagementProps extends PatchManagementOptions {
  /**
   * The Auto Scaling group whose instances are patched. Its instances must run the SSM Agent with an instance
   * profile that allows Systems Manager (`AmazonSSMManagedInstanceCore`); AL2023 AMIs ship the agent.
   *
   * For a group of this app, the construct tags it so that its instances join the patch group. An imported
   * group cannot be tagged here: a warning names the tag its instances need.
   */
  readonly autoScalingGroup: autoscaling.IAutoScalingGroup;
}

/**
 * Patches the instances of an Auto Scaling group with AWS Systems Manager Patch Manager: a patch baseline for
 * Amazon Linux 2023 that approves security and bug-fix updates of critical and important severity after a few
 * days, a daily scan that shows each instance's patch compliance in Systems Manager, and a weekly install with
 * rate control, one instance at a time by default, so that the load balancer keeps capacity.
 *
 * The install reboots instances that a patch needs to restart, and a rebooting instance fails the load balancer's
 * health checks (3 × 15 s with the app tier's target group) that the group uses: left alone, the group would
 * replace it in the middle of the patch. So the install is an Automation runbook of this stack, run weekly by a
 * State Manager association, that suspends the group's `HealthCheck` and `ReplaceUnhealthy` processes, runs
 * `AWS-RunPatchBaseline` on the group's instances with the rate control, and resumes the processes, also when the
 * install fails or is cancelled (it is stopped after 4 hours). While it runs, a failed instance is replaced only
 * once the processes resume; scaling and the load balancer keep working. Every step calls an AWS API from the
 * runbook itself: no Lambda function.
 *
 * Why State Manager associations and not a maintenance window: associations carry the same schedule, the scan
 * targets the group by its `aws:autoscaling:groupName` tag so new instances are covered without re-registering
 * targets, and they need no window targets.
 *
 * Patching keeps running instances current between deployments; the way to roll to a newer AMI is a deployment.
 * The app tier's launch template resolves the latest AL2023 AMI from its public SSM parameter at deploy time, so
 * redeploying the stack after AWS publishes a new AMI replaces the instances with a rolling update: the minimum
 * in service is kept, one instance at a time, each new instance waits for its health signal, and a failure rolls
 * back. On AL2023, `dnf` updates stay within the release version the AMI locks (deterministic upgrades); a newer
 * release comes with a newer AMI, so redeploy regularly, not only patch.
 *
 * Command output is not written to S3 (it would need a bucket of its own); Run Command keeps it for 30 days
 * and Patch Manager keeps each instance's compliance.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager.html
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-suspend-resume-processes.html
 * @see https://docs.aws.amazon.com/linux/al2023/ug/deterministic-upgrades.html
 */
export class PatchManagement extends Construct {
  /** The patch baseline used by the instances of the patch group. */
  public readonly patchBaseline: ssm.CfnPatchBaseline;
  /** The association that scans the instances for missing patches. */
  public readonly scanAssociation: ssm.CfnAssociation;
  /** The association that runs {@link installRunbook} on the install schedule. */
  public readonly installAssociation: ssm.CfnAssociation;
  /**
   * The Automation runbook that installs approved patches: it suspends the group's health check replacement,
   * runs `AWS-RunPatchBaseline` on its instances with the rate control, and resumes it.
   */
  public readonly installRunbook: ssm.CfnDocument;
  /** The role with which Systems Manager Automation runs {@link installRunbook}. */
  public readonly installRole: iam.IRole;
  /** The patch group of the instances: the value of their `PatchGroup` tag. */
  public readonly patchGroup: string;

  constructor(scope: Construct, id: string, props: PatchManagementProps) {
    super(scope, id);
    validateTypes(this, props, PATCH_PROP_TYPES);

    const approveAfterDays = props.approveAfterDays ?? 7;
    const severity = props.complianceSeverity ?? PatchComplianceSeverity.HIGH;
    const scanSchedule = props.scanSchedule ?? events.Schedule.cron({ hour: '1', minute: '0' });
    const installSchedule = props.installSchedule ?? events.Schedule.cron({ weekDay: 'SUN', hour: '3', minute: '0' });
    const maxConcurrency = props.maxConcurrency ?? '1';
    const maxErrors = props.maxErrors ?? '0';

    validateInteger(this, 'approveAfterDays', approveAfterDays, 0, 360);
    validateSchedule(this, 'scanSchedule', scanSchedule, true);
    validateSchedule(this, 'installSchedule', installSchedule, false);
    validateRate(this, 'maxConcurrency', maxConcurrency, 1);
    validateRate(this, 'maxErrors', maxErrors, 0);

    const name = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    this.patchGroup = name;

    this.patchBaseline = new ssm.CfnPatchBaseline(this, 'Baseline', {
      name,
      description: `Security and bug-fix updates of critical and important severity, ${approveAfterDays} days after release, for the instances of ${displayPath(this)}`,
      operatingSystem: 'AMAZON_LINUX_2023',
      approvalRules: {
        patchRules: [{
          approveAfterDays,
          complianceLevel: severity,
          // On Linux, bug-fix updates are approved only with non-security updates enabled.
          enableNonSecurity: true,
          // Filters combine: the classification and the severity must both match.
          patchFilterGroup: {
            patchFilters: [
              { key: 'CLASSIFICATION', values: ['Security', 'Bugfix'] },
              { key: 'SEVERITY', values: ['Critical', 'Important'] },
            ],
          },
        }],
      },
      patchGroups: [this.patchGroup],
    });

    const target = [{ key: 'tag:aws:autoscaling:groupName', values: [props.autoScalingGroup.autoScalingGroupName] }];

    this.scanAssociation = new ssm.CfnAssociation(this, 'Scan', {
      associationName: `${name}-scan`,
      name: RUN_PATCH_BASELINE,
      targets: target,
      scheduleExpression: scanSchedule.expressionString,
      parameters: { Operation: ['Scan'], RebootOption: [PatchRebootOption.NO_REBOOT] },
      complianceSeverity: severity,
      maxConcurrency: '50%',
      maxErrors: '100%',
    });

    this.installRole = this.createInstallRole(props.autoScalingGroup);
    this.installRunbook = new ssm.CfnDocument(this, 'InstallRunbook', {
      documentType: 'Automation',
      content: installRunbookContent(displayPath(this)),
    });
    this.installAssociation = new ssm.CfnAssociation(this, 'Install', {
      associationName: `${name}-install`,
      name: this.installRunbook.ref,
      scheduleExpression: installSchedule.expressionString,
      applyOnlyAtCronInterval: true,
      parameters: {
        AutoScalingGroupName: [props.autoScalingGroup.autoScalingGroupName],
        RebootOption: [props.rebootOption ?? PatchRebootOption.REBOOT_IF_NEEDED],
        MaxConcurrency: [maxConcurrency],
        MaxErrors: [maxErrors],
        AutomationAssumeRole: [this.installRole.roleArn],
      },
    });
    // The role's policy must exist before the runbook first runs with it.
    this.installAssociation.node.addDependency(this.installRole);
    // The patch group's baseline must exist before an association first runs, or the default baseline applies.
    this.scanAssociation.node.addDependency(this.patchBaseline);
    this.installAssociation.node.addDependency(this.patchBaseline);

    if (props.autoScalingGroup instanceof autoscaling.AutoScalingGroup) {
      Tags.of(props.autoScalingGroup).add(PATCH_GROUP_TAG, this.patchGroup, { applyToLaunchedInstances: true });
    } else {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:patch-group-tag',
        `The Auto Scaling group ${props.autoScalingGroup.node.path} was imported, so it cannot be tagged here: tag it with `
        + `'${PATCH_GROUP_TAG}' = patchGroup of ${this.node.path} (propagated at launch), or its instances are scanned with the default patch baseline `
        + 'and the weekly install, which may act only on a group and instances with that tag, fails.');
    }
  }

  /**
   * The role of the install runbook: it may suspend and resume the processes of, and send the patch command to,
   * only the group and the instances tagged with this patch group.
   */
  private createInstallRole(group: autoscaling.IAutoScalingGroup): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'InstallRole', {
      description: `Runs the patch install runbook of ${displayPath(this)}`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
        },
      }),
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses'],
      resources: [stack.formatArn({ service: 'autoscaling', resource: 'autoScalingGroup', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      conditions: { StringEquals: { [`autoscaling:ResourceTag/${PATCH_GROUP_TAG}`]: this.patchGroup } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ssm:SendCommand'],
      resources: [stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: RUN_PATCH_BASELINE })],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ssm:SendCommand'],
      resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
      conditions: { StringEquals: { [`ssm:resourceTag/${PATCH_GROUP_TAG}`]: this.patchGroup } },
    }));
    // Automation follows the command it sent; these read-only actions support no resource-level permissions.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ssm:ListCommands', 'ssm:ListCommandInvocations', 'ssm:GetCommandInvocation', 'ssm:DescribeInstanceInformation'],
      resources: ['*'],
    }));
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    recordException(role, grantPolicy('role of the patch install runbook'));
    recordException(role, wildcard(`Resource::arn:<AWS::Partition>:autoscaling:${region}:${account}:autoScalingGroup:*`,
      `autoscaling:SuspendProcesses and ResumeProcesses are held by a condition to the group tagged ${PATCH_GROUP_TAG}=${this.patchGroup}: `
      + `the ARN of ${group.node.path} holds a UUID known only once the group exists`));
    recordException(role, wildcard(`Resource::arn:<AWS::Partition>:ec2:${region}:${account}:instance/*`,
      `ssm:SendCommand is held by a condition to the instances tagged ${PATCH_GROUP_TAG}=${this.patchGroup}, which the group launches and replaces`));
    recordException(role, wildcard('Resource::*',
      'ssm:ListCommands, ListCommandInvocations, GetCommandInvocation and DescribeInstanceInformation are read-only and support no resource-level permissions; '
      + 'Automation needs them to follow the command it sent'));
    return role;
  }
}

/**
 * The install runbook: suspend health check replacement, install with rate control, resume, and resume also when the
 * install fails, times out or is cancelled (the execution then reports the failure).
 */
function installRunbookContent(path: string): Record<string, unknown> {
  const processes = (api: 'SuspendProcesses' | 'ResumeProcesses') => ({
    Service: 'autoscaling',
    Api: api,
    AutoScalingGroupName: '{{ AutoScalingGroupName }}',
    ScalingProcesses: SUSPENDED_WHILE_PATCHING,
  });
  return {
    schemaVersion: '0.3',
    description: `Installs approved patches on the instances of an Auto Scaling group (${path}) while the group does not replace instances `
      + 'that fail health checks as they reboot.',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      AutomationAssumeRole: { type: 'String', description: 'The role that runs this runbook.' },
      AutoScalingGroupName: { type: 'String', description: 'The Auto Scaling group whose instances are patched.' },
      RebootOption: { type: 'String', allowedValues: [PatchRebootOption.REBOOT_IF_NEEDED, PatchRebootOption.NO_REBOOT] },
      MaxConcurrency: { type: 'String', description: 'How many instances install at the same time.' },
      MaxErrors: { type: 'String', description: 'How many instances may fail before the install stops.' },
    },
    mainSteps: [
      { name: 'SuspendHealthCheckReplacement', action: 'aws:executeAwsApi', inputs: processes('SuspendProcesses'), nextStep: 'InstallPatches' },
      {
        name: 'InstallPatches',
        action: 'aws:runCommand',
        timeoutSeconds: INSTALL_TIMEOUT_SECONDS,
        onFailure: 'step:ResumeHealthCheckReplacement',
        onCancel: 'step:ResumeHealthCheckReplacement',
        inputs: {
          DocumentName: RUN_PATCH_BASELINE,
          Targets: [{ Key: 'tag:aws:autoscaling:groupName', Values: ['{{ AutoScalingGroupName }}'] }],
          MaxConcurrency: '{{ MaxConcurrency }}',
          MaxErrors: '{{ MaxErrors }}',
          Parameters: { Operation: ['Install'], RebootOption: ['{{ RebootOption }}'] },
        },
        nextStep: 'ResumeHealthCheckReplacement',
      },
      { name: 'ResumeHealthCheckReplacement', action: 'aws:executeAwsApi', inputs: processes('ResumeProcesses'), isEnd: true },
    ],
  };
}

/** The types of the props, for callers that no compiler checks. */
const PATCH_PROP_TYPES: PropTypes = {
  autoScalingGroup: types.withMember('autoScalingGroupName', 'an autoscaling.IAutoScalingGroup, for example WebAppTier.autoScalingGroup'),
  approveAfterDays: types.number,
  complianceSeverity: types.enumOf(PatchComplianceSeverity, 'PatchComplianceSeverity'),
  rebootOption: types.enumOf(PatchRebootOption, 'PatchRebootOption'),
  scanSchedule: types.withMember('expressionString', "an events.Schedule such as events.Schedule.cron({ hour: '1', minute: '0' })"),
  installSchedule: types.withMember('expressionString', "an events.Schedule such as events.Schedule.cron({ weekDay: 'SUN', hour: '3', minute: '0' })"),
  maxConcurrency: types.string,
  maxErrors: types.string,
};

/** Accepts `cron(...)` with six fields, and (when allowed) `rate(N unit)` of at least 30 minutes, as State Manager does. */
function validateSchedule(scope: IConstruct, prop: string, schedule: events.Schedule, allowRate: boolean): void {
  const expression = schedule.expressionString;
  if (Token.isUnresolved(expression)) {
    return;
  }
  if (expression.startsWith('cron(')) {
    // The fields as EventBridge reads them, which State Manager shares: ? in exactly one of the two day fields.
    validateCronExpression(scope, prop, expression, "for example events.Schedule.cron({ weekDay: 'SUN', hour: '3', minute: '0' })");
    return;
  }
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!allowRate) {
    invalidProp(scope, prop, expression,
      "give a cron expression with six fields in UTC, for example events.Schedule.cron({ weekDay: 'SUN', hour: '3', minute: '0' }): "
      + 'the install runs only at the times of a cron expression');
  }
  if (!rate) {
    invalidProp(scope, prop, expression,
      "give a cron expression with six fields or a rate expression in UTC, for example events.Schedule.cron({ hour: '1', minute: '0' }) or events.Schedule.rate(Duration.days(1))");
  }
  if (rate[2].startsWith('minute') && Number(rate[1]) < 30) {
    invalidProp(scope, prop, expression, 'give at least events.Schedule.rate(Duration.minutes(30)): State Manager runs associations at most every 30 minutes');
  }
}

/** Accepts a whole number of at least `min`, or a percentage from `min`% to 100%. */
function validateRate(scope: IConstruct, prop: string, value: string, min: number): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  const match = /^(0|[1-9]\d*)(%?)$/.exec(value);
  const amount = match ? Number(match[1]) : NaN;
  if (!match || amount < min || (match[2] === '%' && amount > 100)) {
    invalidProp(scope, prop, value, `give a whole number of instances of at least ${min} (for example '${Math.max(min, 1)}') or a percentage from ${min}% to 100% (for example '25%')`);
  }
}
