import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { WebAppTier } from '../../src/compute/web-app-tier';
import { WebAppNetwork } from '../../src/network/web-app-network';
import { WebAppMonitoring } from '../../src/operations/web-app-monitoring';
import { ZonalAutoshift, ZonalAutoshiftProps } from '../../src/operations/zonal-autoshift';
import { describeQualityGates } from '../gates/quality-gates';
import { logicalId, OTHER_REGION, TEST_ACCOUNT, testApp, testStack } from '../helpers';

const ALB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-app/50dc6c495c0c9188';
const NLB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/web-app/50dc6c495c0c9188';
const ASG_ARN = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:8e0b8b1c-7d3c-4b5e-9d7a-2f1e3c4b5a69:autoScalingGroupName/web-app';
const ALARM_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-app-unavailable';
const ALARM_TYPE = 'AWS::ARCZonalShift::ZonalAutoshiftConfiguration';

function importedAlarm(stack: Stack, id = 'Alarm', arn = ALARM_ARN): cloudwatch.IAlarm {
  return cloudwatch.Alarm.fromAlarmArn(stack, id, arn);
}

/** A ZonalAutoshift for an ALB ARN with one imported outcome alarm, and whatever `props` change. */
function synth(props: (stack: Stack) => Partial<ZonalAutoshiftProps> = () => ({})) {
  const stack = testStack();
  const autoshift = new ZonalAutoshift(stack, 'Autoshift', { resourceArn: ALB_ARN, outcomeAlarms: [importedAlarm(stack)], ...props(stack) });
  return { stack, autoshift, template: Template.fromStack(stack) };
}

function configuration(template: Template): Record<string, any> {
  const resources = Object.values(template.findResources(ALARM_TYPE));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

/** The app tier with its monitoring, as the Region builds them. */
function tierWithMonitoring(stack: Stack, zonalShift = true) {
  const vpc = new WebAppNetwork(stack, 'Network').vpc;
  const tier = new WebAppTier(stack, 'AppTier', { vpc, zonalShift });
  const monitoring = new WebAppMonitoring(stack, 'Monitoring', { appTier: tier });
  const target5xx = monitoring.alarms.find((alarm) => alarm.node.id === 'Target5xxErrors')!;
  return { tier, monitoring, target5xx };
}

describe('ZonalAutoshift', () => {
  describe('for a load balancer ARN with one outcome alarm', () => {
    test('enables zonal autoshift with a practice run configuration that watches the alarm', () => {
      const { template } = synth();
      expect(configuration(template)).toEqual({
        ResourceIdentifier: ALB_ARN,
        ZonalAutoshiftStatus: 'ENABLED',
        PracticeRunConfiguration: { OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: ALARM_ARN }] },
      });
    });

    test('creates no composite alarm for a single alarm, and exposes the alarm ARC watches', () => {
      const { template, autoshift } = synth();
      template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
      expect(autoshift.outcomeAlarm.alarmArn).toEqual(ALARM_ARN);
      expect(autoshift.blockingAlarm).toBeUndefined();
      expect(autoshift.resourceArn).toEqual(ALB_ARN);
    });
  });

  test.each([['a Network Load Balancer', NLB_ARN], ['an Auto Scaling group', ASG_ARN],
    ['an EKS cluster', 'arn:aws:eks:us-east-1:123456789012:cluster/web-app']])('accepts the ARN of %s', (_kind, arn) => {
    expect(configuration(synth(() => ({ resourceArn: arn })).template).ResourceIdentifier).toEqual(arn);
  });

  test('combines several outcome alarms into one composite alarm, in ALARM when any of them is: CloudFormation passes ARC one', () => {
    const { template, stack, autoshift } = synth((s) => ({
      outcomeAlarms: [importedAlarm(s, 'A', ALARM_ARN), importedAlarm(s, 'B', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:target-5xx')],
    }));
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmRule: '(ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-app-unavailable") OR ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:target-5xx"))',
      AlarmDescription: Match.stringLikeRegexp('^Ends a zonal autoshift practice run of .* as FAILED when any of its 2 alarms is in ALARM$'),
    });
    const compositeId = logicalId(stack, autoshift.outcomeAlarm);
    expect(configuration(template).PracticeRunConfiguration.OutcomeAlarms).toEqual([
      { Type: 'CLOUDWATCH', AlarmIdentifier: { 'Fn::GetAtt': [compositeId, 'Arn'] } },
    ]);
  });

  test('passes blocking alarms, blocked windows and blocked dates', () => {
    const blocking = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:deployment-in-progress';
    const { template } = synth((s) => ({
      blockingAlarms: [importedAlarm(s, 'Blocking', blocking)],
      blockedWindows: ['Mon:00:00-Mon:08:00', 'Fri:17:30-Fri:23:59'],
      blockedDates: ['2026-12-24', '2027-02-28'],
    }));
    expect(configuration(template).PracticeRunConfiguration).toEqual({
      OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: ALARM_ARN }],
      BlockingAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: blocking }],
      BlockedWindows: ['Mon:00:00-Mon:08:00', 'Fri:17:30-Fri:23:59'],
      BlockedDates: ['2026-12-24', '2027-02-28'],
    });
  });

  test('combines several blocking alarms into a composite alarm of their own', () => {
    const { template, stack, autoshift } = synth((s) => ({
      blockingAlarms: [importedAlarm(s, 'B1', `${ALARM_ARN}-1`), importedAlarm(s, 'B2', `${ALARM_ARN}-2`)],
    }));
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmDescription: Match.stringLikeRegexp('^Blocks zonal autoshift practice runs of .* when any of its 2 alarms is in ALARM$'),
    });
    expect(configuration(template).PracticeRunConfiguration.BlockingAlarms).toEqual([
      { Type: 'CLOUDWATCH', AlarmIdentifier: { 'Fn::GetAtt': [logicalId(stack, autoshift.blockingAlarm!), 'Arn'] } },
    ]);
  });

  describe('for the app tier\'s load balancer', () => {
    test('names the load balancer by its Ref, so that CloudFormation creates it (and its zonal shift) first', () => {
      const stack = testStack();
      const { tier, monitoring, target5xx } = tierWithMonitoring(stack);
      new ZonalAutoshift(stack, 'Autoshift', { loadBalancer: tier.loadBalancer, outcomeAlarms: [monitoring.applicationUnavailableAlarm!, target5xx] });
      const template = Template.fromStack(stack);
      expect(configuration(template).ResourceIdentifier).toEqual({ Ref: logicalId(stack, tier.loadBalancer) });
    });

    test('refuses, at synth time, a load balancer of the app without zonal shift', () => {
      const stack = testStack();
      const { tier, target5xx } = tierWithMonitoring(stack, false);
      new ZonalAutoshift(stack, 'Autoshift', { loadBalancer: tier.loadBalancer, outcomeAlarms: [target5xx] });
      expect(() => Template.fromStack(stack)).toThrow(/invalid loadBalancer \(TestStack\/AppTier\/LoadBalancer\): turn on its ARC zonal shift.*zonalShift on.*zonal_shift.config.enabled/);
    });

    test('accepts a load balancer whose zonal shift the user turned on', () => {
      const stack = testStack();
      const { tier, target5xx } = tierWithMonitoring(stack, false);
      tier.loadBalancer.setAttribute('zonal_shift.config.enabled', 'true');
      new ZonalAutoshift(stack, 'Autoshift', { loadBalancer: tier.loadBalancer, outcomeAlarms: [target5xx] });
      expect(configuration(Template.fromStack(stack)).ResourceIdentifier).toEqual({ Ref: logicalId(stack, tier.loadBalancer) });
    });

    test('does not check an imported load balancer, whose attributes it cannot read', () => {
      const stack = testStack();
      const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Imported', {
        loadBalancerArn: ALB_ARN,
        securityGroupId: 'sg-12345678',
      });
      new ZonalAutoshift(stack, 'Autoshift', { loadBalancer, outcomeAlarms: [importedAlarm(stack)] });
      expect(configuration(Template.fromStack(stack)).ResourceIdentifier).toEqual(ALB_ARN);
    });
  });

  describe('refuses what ARC or CloudFormation would refuse', () => {
    test.each<[string, (stack: Stack) => Partial<ZonalAutoshiftProps>, RegExp]>([
      ['no resource', () => ({ resourceArn: undefined }), /invalid loadBalancer \(undefined\): give the load balancer .* or the ARN of the resource as resourceArn/],
      ['both a load balancer and an ARN', (s) => ({ loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'Lb', { loadBalancerArn: ALB_ARN, securityGroupId: 'sg-1' }) }),
        /invalid resourceArn .*give loadBalancer or resourceArn, not both/],
      ['a target group ARN', () => ({ resourceArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/50dc6c495c0c9188' }),
        /invalid resourceArn .*give the ARN of an Application or Network Load Balancer, an EC2 Auto Scaling group or an EKS cluster/],
      ['a Classic Load Balancer ARN', () => ({ resourceArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/web' }),
        /invalid resourceArn .*Application or Network Load Balancer/],
      ['the wildcard ARN of an Auto Scaling group', () => ({ resourceArn: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/web' }),
        /invalid resourceArn .*give the group's full ARN, with its ID \(WebAppTier.autoScalingGroupArn/],
      ['a resource of another Region', () => ({ resourceArn: ALB_ARN.replace('us-east-1', OTHER_REGION) }),
        /invalid resourceArn \('eu-west-1'\): create the ZonalAutoshift in a stack of the resource's Region \(eu-west-1\), not us-east-1/],
      ['no outcome alarm', () => ({ outcomeAlarms: [] }), /invalid outcomeAlarms \(\[\]\): give at least one alarm that goes into ALARM when the app suffers from the loss of a zone/],
      ['11 outcome alarms', (s) => ({ outcomeAlarms: Array.from({ length: 11 }, (_, i) => importedAlarm(s, `A${i}`, `${ALARM_ARN}-${i}`)) }),
        /invalid outcomeAlarms \('11 alarms'\): give at most 10: ARC takes no more/],
      ['11 blocking alarms', (s) => ({ blockingAlarms: Array.from({ length: 11 }, (_, i) => importedAlarm(s, `B${i}`, `${ALARM_ARN}-${i}`)) }),
        /invalid blockingAlarms \('11 alarms'\): give at most 10/],
      ['an outcome alarm of another Region', (s) => ({ outcomeAlarms: [importedAlarm(s, 'West', ALARM_ARN.replace('us-east-1', OTHER_REGION))] }),
        /invalid outcomeAlarms\[0\] .*in eu-west-1.*give an alarm of the resource's Region \(us-east-1\): ARC reads alarms of that Region only/],
      ['16 blocked windows', () => ({ blockedWindows: Array.from({ length: 16 }, () => 'Mon:00:00-Mon:01:00') }), /invalid blockedWindows \('16 windows'\): give at most 15/],
      ['16 blocked dates', () => ({ blockedDates: Array.from({ length: 16 }, (_, i) => `2026-01-${String(i + 10)}`) }), /invalid blockedDates \('16 dates'\): give at most 15/],
    ])('%s', (_case, props, message) => {
      expect(() => synth(props)).toThrow(message);
    });

    test.each([
      ['Mon 00:00-08:00', /write a window as Day:HH:MM-Day:HH:MM in UTC/],
      ['Mon:0:00-Mon:8:00', /write a window as Day:HH:MM-Day:HH:MM/],
      ['Mon-00:00-Mon:08:00', /write a window as Day:HH:MM-Day:HH:MM/],
      ['MON:00:00-MON:08:00', /spell the day 'Mon': ARC takes Mon, Tue, Wed, Thu, Fri, Sat, Sun only/],
      ['Abc:00:00-Abc:08:00', /start and end with a day of Mon, Tue/],
      ['Mon:22:00-Tue:02:00', /end the window on the day it starts \(Mon\): ARC takes no window across midnight, so give two, for example 'Mon:22:00-Mon:23:59' and 'Tue:00:00-Tue:02:00'/],
      ['Mon:24:00-Mon:24:30', /give times from 00:00 to 23:59/],
      ['Mon:08:60-Mon:09:00', /give times from 00:00 to 23:59/],
      ['Mon:08:00-Mon:08:00', /end the window after it starts, on the same day/],
      ['Mon:09:00-Mon:08:00', /end the window after it starts/],
    ])('refuses the blocked window %s', (window, message) => {
      expect(() => synth(() => ({ blockedWindows: ['Sun:01:00-Sun:02:00', window] })))
        .toThrow(new RegExp(`invalid blockedWindows\\[1\\] \\('${window}'\\): ${message.source}`));
    });

    test.each(['2026-13-01', '2026-02-29', '2026-04-31', '26-05-01', '2026-5-1', '2026/05/01', '2026-05-01T00:00'])('refuses the blocked date %s', (date) => {
      expect(() => synth(() => ({ blockedDates: [date] })))
        .toThrow(`invalid blockedDates[0] ('${date}'): give a date of the calendar as YYYY-MM-DD, in UTC, for example '2026-05-01'`);
    });

    test('accepts the 29th of February of a leap year', () => {
      expect(configuration(synth(() => ({ blockedDates: ['2028-02-29'] })).template).PracticeRunConfiguration.BlockedDates).toEqual(['2028-02-29']);
    });

    test.each<[string, Record<string, unknown>, RegExp]>([
      ['resourceArn', { resourceArn: 42 }, /invalid resourceArn \(42\): give a string, not a number/],
      ['outcomeAlarms', { outcomeAlarms: ALARM_ARN }, /invalid outcomeAlarms .*give a list of cloudwatch.IAlarm/],
      ['outcomeAlarms[0]', { outcomeAlarms: [ALARM_ARN] }, /invalid outcomeAlarms\[0\] .*give a cloudwatch.IAlarm/],
      ['blockingAlarms', { blockingAlarms: {} }, /invalid blockingAlarms .*give a list of cloudwatch.IAlarm/],
      ['blockedWindows', { blockedWindows: 'Mon:00:00-Mon:08:00' }, /invalid blockedWindows .*give a list of windows such as/],
      ['blockedDates[0]', { blockedDates: [20260501] }, /invalid blockedDates\[0\] \(20260501\): give a string, not a number/],
      ['loadBalancer', { loadBalancer: ALB_ARN, resourceArn: undefined }, /invalid loadBalancer .*give an elbv2.IApplicationLoadBalancer/],
    ])('refuses a %s of the wrong type, as a JavaScript caller may give', (_prop, props, message) => {
      expect(() => synth(() => props as Partial<ZonalAutoshiftProps>)).toThrow(message);
    });
  });

  test('refuses a load balancer of another Region', () => {
    const app = testApp();
    const west = new Stack(app, 'West', { env: { account: TEST_ACCOUNT, region: OTHER_REGION } });
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(west, 'Lb', {
      loadBalancerArn: ALB_ARN.replace('us-east-1', OTHER_REGION),
      securityGroupId: 'sg-12345678',
    });
    const stack = testStack(app);
    expect(() => new ZonalAutoshift(stack, 'Autoshift', { loadBalancer, outcomeAlarms: [importedAlarm(stack)] }))
      .toThrow(/invalid loadBalancer \('eu-west-1'\): create the ZonalAutoshift in a stack of the resource's Region/);
  });

  describe('quality gates', () => describeQualityGates({
    'ZonalAutoshift of a load balancer ARN': (stack) => {
      new ZonalAutoshift(stack, 'Autoshift', { resourceArn: ALB_ARN, outcomeAlarms: [importedAlarm(stack)] });
    },
    'ZonalAutoshift of the app tier, watched by its monitoring, with every option': (stack) => {
      const { tier, monitoring, target5xx } = tierWithMonitoring(stack);
      new ZonalAutoshift(stack, 'Autoshift', {
        loadBalancer: tier.loadBalancer,
        outcomeAlarms: [monitoring.applicationUnavailableAlarm!, target5xx],
        blockingAlarms: [importedAlarm(stack, 'Deploying'), importedAlarm(stack, 'Dependency', `${ALARM_ARN}-dependency`)],
        blockedWindows: ['Mon:00:00-Mon:08:00'],
        blockedDates: ['2026-12-24'],
      });
      new ZonalAutoshift(stack, 'GroupAutoshift', { resourceArn: tier.autoScalingGroupArn, outcomeAlarms: [target5xx] });
    },
  }, testApp, testStack));
});
