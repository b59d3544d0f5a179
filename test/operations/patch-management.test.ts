import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PatchComplianceSeverity, PatchManagement, PatchManagementOptions, PatchRebootOption } from '../../src/operations/patch-management';
import { describeQualityGates } from '../gates/quality-gates';
import { testApp, testStack } from '../helpers';

const BASELINE = 'PatchingBaseline92BB5D1F';
const SCAN = 'PatchingScan376DA8A9';
const INSTALL = 'PatchingInstall24A27256';
const GROUP_NAME = 'web-app-asg';
const SUSPENDED = ['HealthCheck', 'ReplaceUnhealthy'];

/** A small Auto Scaling group of this app, with a launch template, as the app tier makes one. */
function appTierGroup(stack: Stack): autoscaling.AutoScalingGroup {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new autoscaling.AutoScalingGroup(stack, 'Asg', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    launchTemplate: new ec2.LaunchTemplate(stack, 'LaunchTemplate', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      requireImdsv2: true,
    }),
    minCapacity: 2,
  });
}

function importedGroup(stack: Stack): autoscaling.IAutoScalingGroup {
  return autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Asg', GROUP_NAME);
}

function synth(options: PatchManagementOptions = {}) {
  const stack = testStack();
  const patching = new PatchManagement(stack, 'Patching', { ...options, autoScalingGroup: importedGroup(stack) });
  return { stack, patching, template: Template.fromStack(stack) };
}

function association(template: Template, logicalId: string): Record<string, any> {
  return template.toJSON().Resources[logicalId].Properties;
}

/** The install runbook's content and its steps by name. */
function runbook(template: Template): { content: Record<string, any>; steps: Record<string, any> } {
  const documents = Object.values(template.findResources('AWS::SSM::Document'));
  expect(documents).toHaveLength(1);
  const content = documents[0].Properties.Content;
  return { content, steps: Object.fromEntries(content.mainSteps.map((step: any) => [step.name, step])) };
}

/** Every statement of the policies attached to a role of the template. */
function statementsOf(template: Template, roleId: string): Array<Record<string, any>> {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('PatchManagement', () => {
  describe('defaults', () => {
    let stack: Stack;
    let patching: PatchManagement;
    let template: Template;
    beforeAll(() => {
      ({ stack, patching, template } = synth());
    });

    test('keeps the logical IDs of the baseline and the associations stable', () => {
      expect(stack.resolve(patching.patchBaseline.logicalId)).toEqual(BASELINE);
      expect(stack.resolve(patching.scanAssociation.logicalId)).toEqual(SCAN);
      expect(stack.resolve(patching.installAssociation.logicalId)).toEqual(INSTALL);
    });

    test('the baseline approves security and bug-fix updates of critical and important severity after 7 days, for its patch group only', () => {
      expect(template.toJSON().Resources[BASELINE].Properties).toEqual({
        Name: patching.patchGroup,
        Description: 'Security and bug-fix updates of critical and important severity, 7 days after release, for the instances of TestStack/Patching',
        OperatingSystem: 'AMAZON_LINUX_2023',
        ApprovalRules: {
          PatchRules: [{
            ApproveAfterDays: 7,
            ComplianceLevel: 'HIGH',
            EnableNonSecurity: true,
            PatchFilterGroup: {
              PatchFilters: [
                { Key: 'CLASSIFICATION', Values: ['Security', 'Bugfix'] },
                { Key: 'SEVERITY', Values: ['Critical', 'Important'] },
              ],
            },
          }],
        },
        PatchGroups: [patching.patchGroup],
      });
      expect(patching.patchGroup).toMatch(/^TestStack-Patching-[0-9A-F]{8}$/);
    });

    test('scans every instance of the group daily, with no reboot, as soon as it registers', () => {
      expect(association(template, SCAN)).toEqual({
        AssociationName: `${patching.patchGroup}-scan`,
        Name: 'AWS-RunPatchBaseline',
        Targets: [{ Key: 'tag:aws:autoscaling:groupName', Values: [GROUP_NAME] }],
        ScheduleExpression: 'cron(0 1 * * ? *)',
        Parameters: { Operation: ['Scan'], RebootOption: ['NoReboot'] },
        ComplianceSeverity: 'HIGH',
        MaxConcurrency: '50%',
        MaxErrors: '100%',
      });
    });

    test('runs the install runbook weekly on Sunday 03:00 UTC, one instance at a time, stopping at the first failure, rebooting if needed', () => {
      expect(association(template, INSTALL)).toEqual({
        AssociationName: `${patching.patchGroup}-install`,
        Name: { Ref: stack.resolve(patching.installRunbook.logicalId) },
        ScheduleExpression: 'cron(0 3 ? * SUN *)',
        ApplyOnlyAtCronInterval: true,
        Parameters: {
          AutoScalingGroupName: [GROUP_NAME],
          RebootOption: ['RebootIfNeeded'],
          MaxConcurrency: ['1'],
          MaxErrors: ['0'],
          AutomationAssumeRole: [{ 'Fn::GetAtt': [stack.resolve((patching.installRole.node.defaultChild as iam.CfnRole).logicalId), 'Arn'] }],
        },
      });
    });

    test('the runbook is an Automation document that suspends health check replacement, installs, then resumes it', () => {
      const { content, steps } = runbook(template);
      template.hasResourceProperties('AWS::SSM::Document', { DocumentType: 'Automation' });
      expect(content.schemaVersion).toEqual('0.3');
      expect(content.assumeRole).toEqual('{{ AutomationAssumeRole }}');
      expect(content.mainSteps.map((step: any) => step.name)).toEqual(['SuspendHealthCheckReplacement', 'InstallPatches', 'ResumeHealthCheckReplacement']);
      expect(steps.SuspendHealthCheckReplacement).toEqual({
        name: 'SuspendHealthCheckReplacement',
        action: 'aws:executeAwsApi',
        inputs: { Service: 'autoscaling', Api: 'SuspendProcesses', AutoScalingGroupName: '{{ AutoScalingGroupName }}', ScalingProcesses: SUSPENDED },
        nextStep: 'InstallPatches',
      });
      expect(steps.ResumeHealthCheckReplacement).toEqual({
        name: 'ResumeHealthCheckReplacement',
        action: 'aws:executeAwsApi',
        inputs: { Service: 'autoscaling', Api: 'ResumeProcesses', AutoScalingGroupName: '{{ AutoScalingGroupName }}', ScalingProcesses: SUSPENDED },
        isEnd: true,
      });
    });

    test('the install step runs AWS-RunPatchBaseline on the group with the rate control, and resumes the processes when it fails, times out or is cancelled', () => {
      const { steps } = runbook(template);
      expect(steps.InstallPatches).toEqual({
        name: 'InstallPatches',
        action: 'aws:runCommand',
        timeoutSeconds: 4 * 60 * 60,
        onFailure: 'step:ResumeHealthCheckReplacement',
        onCancel: 'step:ResumeHealthCheckReplacement',
        inputs: {
          DocumentName: 'AWS-RunPatchBaseline',
          Targets: [{ Key: 'tag:aws:autoscaling:groupName', Values: ['{{ AutoScalingGroupName }}'] }],
          MaxConcurrency: '{{ MaxConcurrency }}',
          MaxErrors: '{{ MaxErrors }}',
          Parameters: { Operation: ['Install'], RebootOption: ['{{ RebootOption }}'] },
        },
        nextStep: 'ResumeHealthCheckReplacement',
      });
    });

    test('the runbook declares every parameter the association passes, and only the reboot options Patch Manager has', () => {
      const { content } = runbook(template);
      expect(Object.keys(content.parameters).sort()).toEqual(Object.keys(association(template, INSTALL).Parameters).sort());
      expect(content.parameters.RebootOption.allowedValues).toEqual(['RebootIfNeeded', 'NoReboot']);
    });

    test('nothing in the install is a Lambda function', () => {
      template.resourceCountIs('AWS::Lambda::Function', 0);
      const { content } = runbook(template);
      expect(content.mainSteps.map((step: any) => step.action)).not.toContain('aws:invokeLambdaFunction');
    });

    test('the runbook role is assumed by Systems Manager of this account only', () => {
      const roleId = stack.resolve((patching.installRole.node.defaultChild as iam.CfnRole).logicalId);
      expect(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'ssm.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:automation-execution/*']] } },
        },
      }]);
    });

    test('the runbook role may act only on the group and the instances of its patch group', () => {
      const roleId = stack.resolve((patching.installRole.node.defaultChild as iam.CfnRole).logicalId);
      const statements = statementsOf(template, roleId);
      const tag = { StringEquals: { 'autoscaling:ResourceTag/PatchGroup': patching.patchGroup } };
      expect(statements).toContainEqual(expect.objectContaining({
        Action: ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses'], Condition: tag,
      }));
      expect(statements).toContainEqual(expect.objectContaining({
        Action: 'ssm:SendCommand',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1::document/AWS-RunPatchBaseline']] },
      }));
      expect(statements).toContainEqual(expect.objectContaining({
        Action: 'ssm:SendCommand',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:instance/*']] },
        Condition: { StringEquals: { 'ssm:resourceTag/PatchGroup': patching.patchGroup } },
      }));
      const unconditioned = statements.filter((statement) => statement.Resource === '*');
      expect(unconditioned.flatMap((statement) => statement.Action)).toEqual(
        ['ssm:ListCommands', 'ssm:ListCommandInvocations', 'ssm:GetCommandInvocation', 'ssm:DescribeInstanceInformation']);
    });

    test('the associations wait for the baseline, and the install also for its role and policy', () => {
      expect(template.toJSON().Resources[SCAN].DependsOn).toEqual([BASELINE]);
      const roleId = stack.resolve((patching.installRole.node.defaultChild as iam.CfnRole).logicalId);
      const policyId = Object.keys(template.findResources('AWS::IAM::Policy'))[0];
      expect(template.toJSON().Resources[INSTALL].DependsOn.sort()).toEqual([BASELINE, policyId, roleId].sort());
    });

    test('warns that an imported group must be tagged', () => {
      Annotations.fromStack(stack).hasWarning('/TestStack/Patching', Match.stringLikeRegexp("was imported, so it cannot be tagged here: tag it with 'PatchGroup'"));
    });
  });

  describe('a group of this app', () => {
    test('its instances get the PatchGroup tag at launch', () => {
      const stack = testStack();
      const group = appTierGroup(stack);
      const patching = new PatchManagement(stack, 'Patching', { autoScalingGroup: group });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        Tags: Match.arrayWith([{ Key: 'PatchGroup', Value: patching.patchGroup, PropagateAtLaunch: true }]),
      });
      const asgId = stack.resolve((group.node.defaultChild as autoscaling.CfnAutoScalingGroup).ref);
      expect(association(template, SCAN).Targets).toEqual([{ Key: 'tag:aws:autoscaling:groupName', Values: [asgId] }]);
      expect(association(template, INSTALL).Parameters.AutoScalingGroupName).toEqual([asgId]);
      Annotations.fromStack(stack).hasNoWarning('/TestStack/Patching', Match.anyValue());
    });
  });

  describe('options', () => {
    test('every setting reaches the baseline and the associations', () => {
      const { template } = synth({
        approveAfterDays: 3,
        complianceSeverity: PatchComplianceSeverity.CRITICAL,
        scanSchedule: events.Schedule.rate(Duration.hours(12)),
        installSchedule: events.Schedule.cron({ weekDay: 'WED', hour: '22', minute: '30' }),
        rebootOption: PatchRebootOption.NO_REBOOT,
        maxConcurrency: '25%',
        maxErrors: '10%',
      });
      template.hasResourceProperties('AWS::SSM::PatchBaseline', {
        ApprovalRules: { PatchRules: [Match.objectLike({ ApproveAfterDays: 3, ComplianceLevel: 'CRITICAL' })] },
      });
      expect(association(template, SCAN)).toMatchObject({ ScheduleExpression: 'rate(12 hours)', ComplianceSeverity: 'CRITICAL' });
      expect(association(template, INSTALL)).toMatchObject({
        ScheduleExpression: 'cron(30 22 ? * WED *)',
        Parameters: { RebootOption: ['NoReboot'], MaxConcurrency: ['25%'], MaxErrors: ['10%'] },
      });
    });
  });

  describe('validation', () => {
    test.each<[string, PatchManagementOptions, RegExp]>([
      ['approveAfterDays', { approveAfterDays: 361 }, /invalid approveAfterDays \(361\): use a whole number from 0 to 360/],
      ['approveAfterDays', { approveAfterDays: -1 }, /invalid approveAfterDays \(-1\)/],
      ['approveAfterDays', { approveAfterDays: 2.5 }, /invalid approveAfterDays \(2.5\)/],
      ['scanSchedule', { scanSchedule: events.Schedule.rate(Duration.minutes(15)) }, /invalid scanSchedule \('rate\(15 minutes\)'\): give at least events.Schedule.rate\(Duration.minutes\(30\)\)/],
      ['scanSchedule', { scanSchedule: events.Schedule.expression('daily') }, /invalid scanSchedule \('daily'\): give a cron expression with six fields or a rate expression/],
      ['scanSchedule', { scanSchedule: events.Schedule.expression('cron(0 1 * * ?)') }, /invalid scanSchedule \('cron\(0 1 \* \* \?\)'\)/],
      ['installSchedule', { installSchedule: events.Schedule.rate(Duration.days(7)) }, /invalid installSchedule \('rate\(7 days\)'\): give a cron expression with six fields.*only at the times of a cron expression/],
      ['maxConcurrency', { maxConcurrency: '0' }, /invalid maxConcurrency \('0'\): give a whole number of instances of at least 1/],
      ['maxConcurrency', { maxConcurrency: '101%' }, /invalid maxConcurrency \('101%'\)/],
      ['maxConcurrency', { maxConcurrency: 'one' }, /invalid maxConcurrency \('one'\)/],
      ['maxConcurrency', { maxConcurrency: '01' }, /invalid maxConcurrency \('01'\)/],
      ['maxErrors', { maxErrors: '-1' }, /invalid maxErrors \('-1'\): give a whole number of instances of at least 0/],
      ['maxErrors', { maxErrors: '5 %' }, /invalid maxErrors \('5 %'\)/],
      ['approveAfterDays', { approveAfterDays: '7' as any }, /invalid approveAfterDays \('7'\): give a number, not a string/],
      ['complianceSeverity', { complianceSeverity: 'URGENT' as any }, /invalid complianceSeverity \('URGENT'\): give one of PatchComplianceSeverity\.CRITICAL, /],
      ['rebootOption', { rebootOption: 'Always' as any }, /invalid rebootOption \('Always'\): give one of PatchRebootOption\.REBOOT_IF_NEEDED, PatchRebootOption\.NO_REBOOT$/],
      ['scanSchedule', { scanSchedule: 'cron(0 1 * * ? *)' as any }, /invalid scanSchedule \('cron\(0 1 \* \* \? \*\)'\): give an events.Schedule/],
      ['installSchedule', { installSchedule: 7 as any }, /invalid installSchedule \(7\): give an events.Schedule/],
      ['maxConcurrency', { maxConcurrency: 1 as any }, /invalid maxConcurrency \(1\): give a string, not a number/],
      ['maxErrors', { maxErrors: 0 as any }, /invalid maxErrors \(0\): give a string, not a number/],
    ])('rejects %s in %p', (_prop, options, message) => {
      expect(() => synth(options)).toThrow(message);
      expect(() => synth(options)).toThrow(/^TestStack\/Patching: invalid /);
    });

    test('rejects an Auto Scaling group that is not one', () => {
      const stack = testStack();
      expect(() => new PatchManagement(stack, 'Patching', { autoScalingGroup: 'web-app-asg' as any }))
        .toThrow(/^TestStack\/Patching: invalid autoScalingGroup \('web-app-asg'\): give an autoscaling.IAutoScalingGroup/);
    });

    test.each<PatchManagementOptions>([
      { approveAfterDays: 0 },
      { approveAfterDays: 360 },
      { scanSchedule: events.Schedule.rate(Duration.minutes(30)) },
      { scanSchedule: events.Schedule.rate(Duration.days(1)) },
      { maxConcurrency: '100%', maxErrors: '0%' },
      { maxConcurrency: '2', maxErrors: '1' },
    ])('accepts %p', (options) => {
      expect(() => synth(options)).not.toThrow();
    });
  });

  describe('quality gates', () => describeQualityGates({
    'PatchManagement default': (stack) => {
      new PatchManagement(stack, 'Patching', { autoScalingGroup: importedGroup(stack) });
    },
    'PatchManagement with every option': (stack) => {
      new PatchManagement(stack, 'Patching', {
        autoScalingGroup: importedGroup(stack),
        approveAfterDays: 3,
        complianceSeverity: PatchComplianceSeverity.CRITICAL,
        scanSchedule: events.Schedule.rate(Duration.hours(12)),
        installSchedule: events.Schedule.cron({ weekDay: 'WED', hour: '22', minute: '30' }),
        rebootOption: PatchRebootOption.NO_REBOOT,
        maxConcurrency: '25%',
        maxErrors: '10%',
      });
    },
  }, testApp, (app) => testStack(app)));
});
