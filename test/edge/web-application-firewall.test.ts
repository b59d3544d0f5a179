import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import {
  ManagedRuleGroup,
  WebAclRule,
  WebAclScope,
  WebApplicationFirewall,
  WebApplicationFirewallProps,
} from '../../src/edge/web-application-firewall';
import { WebAppEncryption } from '../../src/security/web-app-encryption';
import { cfnLint, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { TEST_ACCOUNT, testApp, testStack } from '../helpers';

const ALB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef';

/** A stack outside us-east-1, where only REGIONAL WebACLs can be created. */
function regionalStack(app: App = testApp(), region = 'eu-west-1'): Stack {
  return new Stack(app, 'RegionalStack', { env: { account: TEST_ACCOUNT, region } });
}

function synth(props: WebApplicationFirewallProps = {}, stack: Stack = testStack()) {
  const firewall = new WebApplicationFirewall(stack, 'Firewall', props);
  return { stack, firewall, template: Template.fromStack(stack) };
}

/** A rule of the user's own: block requests from one country (1 WCU). */
function geoRule(overrides: Partial<wafv2.CfnWebACL.RuleProperty> = {}): wafv2.CfnWebACL.RuleProperty {
  return {
    name: 'BlockCountry',
    priority: 5,
    statement: { geoMatchStatement: { countryCodes: ['KP'] } },
    action: { block: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'BlockCountry' },
    ...overrides,
  };
}

/** The rules of the only WebACL of a template, as synthesized. */
function rulesOf(template: Template): any[] {
  const acls = Object.values(template.findResources('AWS::WAFv2::WebACL'));
  expect(acls).toHaveLength(1);
  return acls[0].Properties.Rules;
}

const MANAGED_RULES = [
  { name: 'AWS-AWSManagedRulesAmazonIpReputationList', group: 'AWSManagedRulesAmazonIpReputationList', priority: 10 },
  { name: 'AWS-AWSManagedRulesCommonRuleSet', group: 'AWSManagedRulesCommonRuleSet', priority: 30 },
  { name: 'AWS-AWSManagedRulesKnownBadInputsRuleSet', group: 'AWSManagedRulesKnownBadInputsRuleSet', priority: 40 },
  { name: 'AWS-AWSManagedRulesSQLiRuleSet', group: 'AWSManagedRulesSQLiRuleSet', priority: 50 },
  { name: 'AWS-AWSManagedRulesLinuxRuleSet', group: 'AWSManagedRulesLinuxRuleSet', priority: 60 },
];

describe('WebApplicationFirewall', () => {
  describe('defaults', () => {
    let template: Template;
    let firewall: WebApplicationFirewall;
    let stack: Stack;
    beforeAll(() => {
      ({ template, firewall, stack } = synth());
    });

    test('creates one CLOUDFRONT WebACL that allows what no rule blocks', () => {
      template.resourceCountIs('AWS::WAFv2::WebACL', 1);
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
      });
      expect(firewall.scope).toBe(WebAclScope.CLOUDFRONT);
    });

    test.each(MANAGED_RULES)('runs the managed rule group $group at priority $priority, with its own actions', ({ name, group, priority }) => {
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([{
          Name: name,
          Priority: priority,
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
          OverrideAction: { None: {} },
          VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: name },
        }]),
      });
    });

    test('blocks more than 2000 requests in 5 minutes from one IP address at priority 20', () => {
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([{
          Name: 'RateLimitPerIp',
          Priority: 20,
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 2000 } },
          Action: { Block: {} },
          VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'RateLimitPerIp' },
        }]),
      });
      const rateRule = rulesOf(template).find((rule) => rule.Name === 'RateLimitPerIp');
      expect(rateRule.Statement.RateBasedStatement.EvaluationWindowSec).toBeUndefined();
    });

    test('has exactly six rules, in priority order', () => {
      expect(rulesOf(template).map((rule) => [rule.Priority, rule.Name])).toEqual([
        [10, 'AWS-AWSManagedRulesAmazonIpReputationList'],
        [20, 'RateLimitPerIp'],
        [30, 'AWS-AWSManagedRulesCommonRuleSet'],
        [40, 'AWS-AWSManagedRulesKnownBadInputsRuleSet'],
        [50, 'AWS-AWSManagedRulesSQLiRuleSet'],
        [60, 'AWS-AWSManagedRulesLinuxRuleSet'],
      ]);
      for (const rule of rulesOf(template)) {
        expect(rule.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toBeUndefined();
      }
    });

    test('every rule and the WebACL report CloudWatch metrics and keep sampled requests, under distinct valid metric names', () => {
      const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0];
      const configs = [acl.Properties.VisibilityConfig, ...acl.Properties.Rules.map((rule: any) => rule.VisibilityConfig)];
      expect(configs).toHaveLength(7);
      for (const config of configs) {
        expect(config).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: expect.stringMatching(/^[\w#:.\-/]{1,128}$/) });
      }
      expect(new Set(configs.map((config) => config.MetricName)).size).toBe(7);
      expect(acl.Properties.VisibilityConfig.MetricName).toMatch(/^TestStack-Firewall-[0-9A-F]{8}$/);
    });

    test('capacity is the managed groups\' 1325 WCU plus 2 for the rate-based rule', () => {
      expect(firewall.capacity).toBe(1327);
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('WCU'))).toHaveLength(0);
    });

    test('logs to a log group named aws-waf-logs-..., encrypted with a new key, kept for 365 days and retained', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
      template.resourceCountIs('AWS::KMS::Key', 1);
      const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
          RetentionInDays: 365,
        },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    test('the log group name starts with aws-waf-logs- and ends with the start of the stack UUID', () => {
      const logGroup = Object.values(template.findResources('AWS::Logs::LogGroup'))[0];
      const [, parts] = logGroup.Properties.LogGroupName['Fn::Join'];
      expect(parts[0]).toMatch(/^aws-waf-logs-TestStack-Firewall-[0-9A-F]{8}-$/);
      expect(parts[1]).toEqual({
        'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }],
      });
    });

    test('the logging configuration sends the WebACL\'s logs to the log group, without the authorization and cookie headers', () => {
      const aclId = Object.keys(template.findResources('AWS::WAFv2::WebACL'))[0];
      const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
      template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
      template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        ResourceArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
        LogDestinationConfigs: [{
          'Fn::Join': ['', [
            'arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:', { Ref: logGroupId },
          ]],
        }],
        RedactedFields: [
          { SingleHeader: { Name: 'authorization' } },
          { SingleHeader: { Name: 'cookie' } },
        ],
      });
    });

    test('adds no log resource policy and no association', () => {
      template.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
      template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    });

    test('exposes the WebACL, its ARN and ID, and the log group', () => {
      const aclId = stack.getLogicalId(firewall.webAcl);
      expect(stack.resolve(firewall.webAclArn)).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
      expect(stack.resolve(firewall.webAclId)).toEqual({ 'Fn::GetAtt': [aclId, 'Id'] });
      expect(stack.resolve(firewall.logGroup.logGroupName)).toEqual({ Ref: Object.keys(template.findResources('AWS::Logs::LogGroup'))[0] });
    });
  });

  describe('options', () => {
    test('REGIONAL scope works in any Region', () => {
      const { template, firewall } = synth({ scope: WebAclScope.REGIONAL }, regionalStack());
      template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
      template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        LogDestinationConfigs: [{ 'Fn::Join': ['', Match.arrayWith([':logs:eu-west-1:123456789012:log-group:'])] }],
      });
      expect(firewall.scope).toBe(WebAclScope.REGIONAL);
    });

    test('managedRuleGroups chooses the groups, which keep their priorities, and sets the capacity', () => {
      const { template, firewall } = synth({ managedRuleGroups: [ManagedRuleGroup.SQL_INJECTION, ManagedRuleGroup.COMMON] });
      expect(rulesOf(template).map((rule) => [rule.Priority, rule.Name])).toEqual([
        [20, 'RateLimitPerIp'],
        [30, 'AWS-AWSManagedRulesCommonRuleSet'],
        [50, 'AWS-AWSManagedRulesSQLiRuleSet'],
      ]);
      expect(firewall.capacity).toBe(700 + 200 + 2);
    });

    test('an empty managedRuleGroups leaves only the rate-based rule', () => {
      const { template, firewall } = synth({ managedRuleGroups: [] });
      expect(rulesOf(template).map((rule) => rule.Name)).toEqual(['RateLimitPerIp']);
      expect(firewall.capacity).toBe(2);
    });

    test('ruleActionOverrides put single rules of a group into Count mode', () => {
      const { template } = synth({
        ruleActionOverrides: [
          { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' },
          { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'CrossSiteScripting_COOKIE' },
          { ruleGroup: ManagedRuleGroup.LINUX, ruleName: 'LFI_URIPATH' },
        ],
      });
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([
          Match.objectLike({
            Name: 'AWS-AWSManagedRulesCommonRuleSet',
            OverrideAction: { None: {} },
            Statement: {
              ManagedRuleGroupStatement: {
                VendorName: 'AWS',
                Name: 'AWSManagedRulesCommonRuleSet',
                RuleActionOverrides: [
                  { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
                  { Name: 'CrossSiteScripting_COOKIE', ActionToUse: { Count: {} } },
                ],
              },
            },
          }),
          Match.objectLike({
            Name: 'AWS-AWSManagedRulesLinuxRuleSet',
            Statement: {
              ManagedRuleGroupStatement: {
                VendorName: 'AWS',
                Name: 'AWSManagedRulesLinuxRuleSet',
                RuleActionOverrides: [{ Name: 'LFI_URIPATH', ActionToUse: { Count: {} } }],
              },
            },
          }),
        ]),
      });
      const sqli = rulesOf(template).find((rule) => rule.Name === 'AWS-AWSManagedRulesSQLiRuleSet');
      expect(sqli.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
    });

    test.each([
      [Duration.minutes(1), 60],
      [Duration.seconds(120), 120],
      [Duration.minutes(5), 300],
      [Duration.minutes(10), 600],
    ])('rateLimit and rateLimitWindow %s set the limit and an evaluation window of %d s', (window, seconds) => {
      const { template } = synth({ rateLimit: 500, rateLimitWindow: window });
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([Match.objectLike({
          Name: 'RateLimitPerIp',
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 500, EvaluationWindowSec: seconds } },
        })]),
      });
    });

    test('additionalRules are added as given, in priority order among the library\'s rules, and count towards the capacity', () => {
      const first = geoRule();
      const last = geoRule({ name: 'BlockOtherCountry', priority: 100, statement: { geoMatchStatement: { countryCodes: ['IR'] } } });
      const between = geoRule({ name: 'Between', priority: 25 });
      const { template, firewall } = synth({
        additionalRules: [{ rule: last, capacity: 1 }, { rule: first, capacity: 1 }, { rule: between, capacity: 3 }],
      });
      expect(rulesOf(template).map((rule) => [rule.Priority, rule.Name])).toEqual([
        [5, 'BlockCountry'],
        [10, 'AWS-AWSManagedRulesAmazonIpReputationList'],
        [20, 'RateLimitPerIp'],
        [25, 'Between'],
        [30, 'AWS-AWSManagedRulesCommonRuleSet'],
        [40, 'AWS-AWSManagedRulesKnownBadInputsRuleSet'],
        [50, 'AWS-AWSManagedRulesSQLiRuleSet'],
        [60, 'AWS-AWSManagedRulesLinuxRuleSet'],
        [100, 'BlockOtherCountry'],
      ]);
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Rules: Match.arrayWith([{
          Name: 'BlockOtherCountry',
          Priority: 100,
          Statement: { GeoMatchStatement: { CountryCodes: ['IR'] } },
          Action: { Block: {} },
          VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'BlockCountry' },
        }]),
      });
      expect(firewall.capacity).toBe(1327 + 5);
    });

    test('a capacity above 1,500 WCU warns about the extra charge', () => {
      const { stack, firewall } = synth({ additionalRules: [{ rule: geoRule(), capacity: 500 }] });
      expect(firewall.capacity).toBe(1827);
      Annotations.fromStack(stack).hasWarning('/TestStack/Firewall',
        Match.stringLikeRegexp('The WebACL needs 1827 WCU .*BlockCountry 500.*charges extra'));
    });

    test('exactly 5,000 WCU is accepted', () => {
      const { firewall } = synth({ additionalRules: [{ rule: geoRule(), capacity: 5000 - 1327 }] });
      expect(firewall.capacity).toBe(5000);
    });

    test('a given encryptionKey encrypts the log group and no key is created', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'BroughtKey');
      new WebApplicationFirewall(stack, 'Firewall', { encryptionKey: key });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      });
    });

    test('logRetention sets the retention and removalPolicy the fate of the log group and its new key', () => {
      const { template } = synth({ logRetention: logs.RetentionDays.TWO_YEARS, removalPolicy: RemovalPolicy.DESTROY });
      template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 731 }, DeletionPolicy: 'Delete' });
      template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    });

    test('associate() protects a regional resource with a REGIONAL WebACL', () => {
      const stack = regionalStack();
      const firewall = new WebApplicationFirewall(stack, 'Firewall', { scope: WebAclScope.REGIONAL });
      const association = firewall.associate('LoadBalancer', ALB_ARN);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        ResourceArn: ALB_ARN,
        WebACLArn: { 'Fn::GetAtt': [stack.getLogicalId(firewall.webAcl), 'Arn'] },
      });
      expect(association.node.path).toBe('RegionalStack/Firewall/LoadBalancer');
    });
  });

  describe('validation', () => {
    test.each<[string, () => void, RegExp]>([
      ['CLOUDFRONT scope outside us-east-1',
        () => synth({}, regionalStack()),
        /RegionalStack\/Firewall: invalid scope \('CLOUDFRONT'\): .*only be created in us-east-1, and this is a stack in eu-west-1: .*us-east-1 stack.*webAclArn/],
      ['CLOUDFRONT scope in us-west-2, given explicitly',
        () => synth({ scope: WebAclScope.CLOUDFRONT }, regionalStack(testApp(), 'us-west-2')),
        /invalid scope \('CLOUDFRONT'\): .*a stack in us-west-2/],
      ['CLOUDFRONT scope in a stack without a Region',
        () => synth({}, new Stack(new App(), 'Agnostic')),
        /Agnostic\/Firewall: invalid scope \('CLOUDFRONT'\): .*a stack without an explicit Region/],
      ['a scope outside the enum',
        () => synth({ scope: 'GLOBAL' as WebAclScope }),
        /invalid scope \('GLOBAL'\): give one of WebAclScope.CLOUDFRONT, WebAclScope.REGIONAL$/],
      ['more than 5,000 WCU',
        () => synth({ additionalRules: [{ rule: geoRule(), capacity: 3000 }, { rule: geoRule({ name: 'Other', priority: 6 }), capacity: 1000 }] }),
        /invalid additionalRules \('5327 WCU'\): .*AWSManagedRulesCommonRuleSet 700 .*RateLimitPerIp 2 \+ BlockCountry 3000 \+ Other 1000 = 5327 WCU.*at most 5000/],
      ['a rate limit below 10',
        () => synth({ rateLimit: 9 }),
        /invalid rateLimit \(9\): use a whole number from 10 to 2000000000/],
      ['a rate limit above 2,000,000,000',
        () => synth({ rateLimit: 2_000_000_001 }),
        /invalid rateLimit \(2000000001\): use a whole number from 10 to 2000000000/],
      ['a fractional rate limit',
        () => synth({ rateLimit: 100.5 }),
        /invalid rateLimit \(100.5\)/],
      ['an evaluation window of 3 minutes',
        () => synth({ rateLimitWindow: Duration.minutes(3) }),
        /invalid rateLimitWindow \('3 minutes'\): use Duration.minutes\(1\)/],
      ['an override of a group the WebACL does not run',
        () => synth({
          managedRuleGroups: [ManagedRuleGroup.COMMON],
          ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.LINUX, ruleName: 'LFI_URIPATH' }],
        }),
        /invalid ruleActionOverrides\[0\].ruleGroup \('AWSManagedRulesLinuxRuleSet'\): the WebACL does not run this managed rule group; add it to managedRuleGroups/],
      ['an override of an unknown group',
        () => synth({ ruleActionOverrides: [{ ruleGroup: 'AWSManagedRulesPHPRuleSet' as ManagedRuleGroup, ruleName: 'PHP' }] }),
        /invalid ruleActionOverrides\[0\].ruleGroup \('AWSManagedRulesPHPRuleSet'\): give one of ManagedRuleGroup.IP_REPUTATION, ManagedRuleGroup.COMMON/],
      ['an override with an invalid rule name',
        () => synth({ ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'Size Restrictions' }] }),
        /invalid ruleActionOverrides\[0\].ruleName \('Size Restrictions'\)/],
      ['the same override twice',
        () => synth({
          ruleActionOverrides: [
            { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' },
            { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' },
          ],
        }),
        /invalid ruleActionOverrides\[1\].ruleName \('SizeRestrictions_BODY'\): override each rule once/],
      ['a managed group named twice',
        () => synth({ managedRuleGroups: [ManagedRuleGroup.COMMON, ManagedRuleGroup.COMMON] }),
        /invalid managedRuleGroups \('AWSManagedRulesCommonRuleSet'\): name each managed rule group once/],
      ['a log retention CloudWatch Logs does not offer', () => synth({ logRetention: 42 as logs.RetentionDays }),
        /invalid logRetention \(42\): give one of the values of logs\.RetentionDays/],
      ['a single managed group where the list goes', () => synth({ managedRuleGroups: ManagedRuleGroup.COMMON as unknown as ManagedRuleGroup[] }),
        /invalid managedRuleGroups \('AWSManagedRulesCommonRuleSet'\): give an array of ManagedRuleGroup values, for example \[ManagedRuleGroup\.COMMON\], not a string$/],
      ['a rate limit as a string', () => synth({ rateLimit: '2000' as unknown as number }), /invalid rateLimit \('2000'\): give a number, not a string$/],
      ['a number of seconds where the window goes', () => synth({ rateLimitWindow: 300 as unknown as Duration }),
        /invalid rateLimitWindow \(300\): give a Duration, for example Duration\.minutes\(5\), not a number$/],
      ['a rule without its capacity', () => synth({ additionalRules: [geoRule() as unknown as WebAclRule] }),
        /invalid additionalRules\[0\]\.rule \(undefined\): give both the rule and its capacity in WCU/],
      ['a managed group outside the enum',
        () => synth({ managedRuleGroups: ['AWSManagedRulesBotControlRuleSet' as ManagedRuleGroup] }),
        /invalid managedRuleGroups\[0\] \('AWSManagedRulesBotControlRuleSet'\): give one of ManagedRuleGroup.IP_REPUTATION, ManagedRuleGroup.COMMON/],
      ['a rule priority of the rate-based rule',
        () => synth({ additionalRules: [{ rule: geoRule({ priority: 20 }), capacity: 1 }] }),
        /invalid additionalRules\[0\].rule.priority \(20\): rule RateLimitPerIp already has this priority/],
      ['a rule priority of a managed group the WebACL does not run',
        () => synth({ managedRuleGroups: [ManagedRuleGroup.COMMON], additionalRules: [{ rule: geoRule({ priority: 60 }), capacity: 1 }] }),
        /invalid additionalRules\[0\].rule.priority \(60\): rule AWS-AWSManagedRulesLinuxRuleSet already has this priority/],
      ['two rules with one priority',
        () => synth({ additionalRules: [{ rule: geoRule(), capacity: 1 }, { rule: geoRule({ name: 'Other' }), capacity: 1 }] }),
        /invalid additionalRules\[1\].rule.priority \(5\): rule BlockCountry already has this priority/],
      ['a negative priority',
        () => synth({ additionalRules: [{ rule: geoRule({ priority: -1 }), capacity: 1 }] }),
        /invalid additionalRules\[0\].rule.priority \(-1\): use a whole number of 0 or more/],
      ['a token priority',
        () => synth({ additionalRules: [{ rule: geoRule({ priority: Lazy.number({ produce: () => 5 }) }), capacity: 1 }] }),
        /invalid additionalRules\[0\].rule.priority .*give a literal value, not a token/],
      ['a rule name of the library',
        () => synth({ additionalRules: [{ rule: geoRule({ name: 'RateLimitPerIp' }), capacity: 1 }] }),
        /invalid additionalRules\[0\].rule.name \('RateLimitPerIp'\): give each rule a name that no other rule of the WebACL has/],
      ['two rules with one name',
        () => synth({ additionalRules: [{ rule: geoRule(), capacity: 1 }, { rule: geoRule({ priority: 6 }), capacity: 1 }] }),
        /invalid additionalRules\[1\].rule.name \('BlockCountry'\)/],
      ['a rule without CloudWatch metrics',
        () => synth({
          additionalRules: [{
            rule: geoRule({ visibilityConfig: { cloudWatchMetricsEnabled: false, sampledRequestsEnabled: true, metricName: 'X' } }),
            capacity: 1,
          }],
        }),
        /invalid additionalRules\[0\].rule.visibilityConfig .*set cloudWatchMetricsEnabled and sampledRequestsEnabled to true/],
      ['a rule without sampled requests',
        () => synth({
          additionalRules: [{
            rule: geoRule({ visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: 'X' } }),
            capacity: 1,
          }],
        }),
        /invalid additionalRules\[0\].rule.visibilityConfig/],
      ['a rule capacity of 0',
        () => synth({ additionalRules: [{ rule: geoRule(), capacity: 0 }] }),
        /invalid additionalRules\[0\].capacity \(0\): use a whole number from 1 to 5000/],
      ['a token rule capacity',
        () => synth({ additionalRules: [{ rule: geoRule(), capacity: Lazy.number({ produce: () => 1 }) }] }),
        /invalid additionalRules\[0\].capacity .*give a literal value, not a token/],
      ['associate() on a CLOUDFRONT WebACL',
        () => synth().firewall.associate('LoadBalancer', ALB_ARN),
        /TestStack\/Firewall: invalid scope \('CLOUDFRONT'\): associate\(\) works only for a REGIONAL WebACL; for a CloudFront distribution give webAclArn as the distribution's webAclId/],
      ['associate() with a CloudFront distribution ARN',
        () => synth({ scope: WebAclScope.REGIONAL }).firewall.associate('Distribution', 'arn:aws:cloudfront::123456789012:distribution/E1234567890ABC'),
        /invalid resourceArn \('arn:aws:cloudfront::123456789012:distribution\/E1234567890ABC'\): give the ARN of a regional resource/],
      ['associate() with something that is not an ARN',
        () => synth({ scope: WebAclScope.REGIONAL }).firewall.associate('LoadBalancer', 'my-load-balancer'),
        /invalid resourceArn \('my-load-balancer'\)/],
    ])('rejects %s', (_name, build, error) => {
      expect(build).toThrow(error);
    });

    test('accepts a REGIONAL WebACL in a stack without a Region', () => {
      const { template } = synth({ scope: WebAclScope.REGIONAL }, new Stack(new App(), 'Agnostic'));
      template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    });

    test('accepts a token rate limit and ARN, which it cannot check', () => {
      const stack = regionalStack();
      const firewall = new WebApplicationFirewall(stack, 'Firewall', { scope: WebAclScope.REGIONAL, rateLimit: Lazy.number({ produce: () => 100 }) });
      firewall.associate('LoadBalancer', Lazy.string({ produce: () => ALB_ARN }));
      Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: ALB_ARN });
    });
  });

  describe('compliance', () => {
    const fullyConfigured = (scope: WebAclScope): WebApplicationFirewallProps => ({
      scope,
      managedRuleGroups: [ManagedRuleGroup.COMMON, ManagedRuleGroup.KNOWN_BAD_INPUTS, ManagedRuleGroup.SQL_INJECTION, ManagedRuleGroup.IP_REPUTATION],
      ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }],
      rateLimit: 1000,
      rateLimitWindow: Duration.minutes(1),
      additionalRules: [
        { rule: geoRule(), capacity: 1 },
        { rule: geoRule({ name: 'Late', priority: 100 }), capacity: 1 },
      ],
      logRetention: logs.RetentionDays.TWO_YEARS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const configurations: Record<string, (app: App) => void> = {
      'default (CLOUDFRONT in us-east-1)': (app) => {
        new WebApplicationFirewall(testStack(app), 'Firewall');
      },
      'REGIONAL in eu-west-1 with an association': (app) => {
        new WebApplicationFirewall(regionalStack(app), 'Firewall', { scope: WebAclScope.REGIONAL }).associate('LoadBalancer', ALB_ARN);
      },
      'fully configured CLOUDFRONT': (app) => {
        new WebApplicationFirewall(testStack(app), 'Firewall', fullyConfigured(WebAclScope.CLOUDFRONT));
      },
      'fully configured REGIONAL with a given key': (app) => {
        const stack = regionalStack(app);
        const encryptionKey = new WebAppEncryption(stack, 'Keys').key;
        const firewall = new WebApplicationFirewall(stack, 'Firewall', { ...fullyConfigured(WebAclScope.REGIONAL), encryptionKey });
        firewall.associate('LoadBalancer', ALB_ARN);
      },
    };

    describe.each(Object.entries(configurations))('%s', (_name, configure) => {
      test('the four cdk-nag packs report no unacknowledged error', () => {
        const app = testApp();
        configure(app);
        expect(formatFindings(nagFindings(app))).toEqual('');
      });

      test('cfn-lint reports no error or warning', () => {
        const app = testApp();
        configure(app);
        expect(cfnLint(templatesOf(app))).toEqual([]);
      });
    });
  });
});

describe('WebApplicationFirewall count mode', () => {
  const countRule = (name: string, metricName = name): wafv2.CfnWebACL.RuleProperty => geoRule({
    name,
    priority: 70,
    action: { count: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName },
  });

  describe('countedRules', () => {
    test('none by default', () => {
      expect(synth().firewall.countedRules).toEqual([]);
    });

    test('the rule names of managed rules overridden to Count, and the metric names of own rules whose action is count, each once', () => {
      const { firewall, template } = synth({
        ruleActionOverrides: [
          { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' },
          { ruleGroup: ManagedRuleGroup.KNOWN_BAD_INPUTS, ruleName: 'Log4JRCE_HEADER' },
          { ruleGroup: ManagedRuleGroup.LINUX, ruleName: 'SizeRestrictions_BODY' },
        ],
        additionalRules: [
          { rule: countRule('CountCountry', 'CountCountryMetric'), capacity: 1 },
          { rule: geoRule(), capacity: 1 },
        ],
      });
      expect(firewall.countedRules).toEqual(['SizeRestrictions_BODY', 'Log4JRCE_HEADER', 'CountCountryMetric']);
      // The counted own rule is really in Count mode in the template, the blocking one is not listed.
      expect(rulesOf(template).find((rule) => rule.Name === 'CountCountry').Action).toEqual({ Count: {} });
    });

    test('an own rule whose action is a token is left out: it cannot be read at synth time', () => {
      const rule = geoRule({ name: 'Lazy', priority: 71, action: Lazy.any({ produce: () => ({ count: {} }) }) });
      expect(synth({ additionalRules: [{ rule, capacity: 1 }] }).firewall.countedRules).toEqual([]);
    });
  });

  describe('metricCountedRequests', () => {
    test('a CloudFront WebACL: AWS/WAFV2 CountedRequests with WebACL and Rule, no Region dimension, read in us-east-1', () => {
      const { firewall, stack } = synth({ ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }] });
      const metric = firewall.metricCountedRequests(firewall.countedRules[0]);
      expect(metric.namespace).toBe('AWS/WAFV2');
      expect(metric.metricName).toBe('CountedRequests');
      expect(stack.resolve(metric.dimensions)).toEqual({ WebACL: firewall.metricName, Rule: 'SizeRestrictions_BODY' });
      expect(metric.region).toBe('us-east-1');
      expect(metric.statistic).toBe('Sum');
      expect(metric.period.toMinutes()).toBe(5);
    });

    test('without a rule, the sum over all rules', () => {
      const { firewall, stack } = synth();
      expect(stack.resolve(firewall.metricCountedRequests().dimensions)).toEqual({ WebACL: firewall.metricName, Rule: 'ALL' });
    });

    test('a REGIONAL WebACL adds the Region dimension', () => {
      const stack = regionalStack();
      const { firewall } = synth({ scope: WebAclScope.REGIONAL }, stack);
      const metric = firewall.metricCountedRequests('CountCountry', { period: Duration.minutes(1) });
      expect(stack.resolve(metric.dimensions)).toEqual({ WebACL: firewall.metricName, Rule: 'CountCountry', Region: 'eu-west-1' });
      expect(metric.region).toBeUndefined();
      expect(metric.period.toMinutes()).toBe(1);
    });

    test('an alarm per counted rule, as monitoring makes them', () => {
      const stack = testStack();
      const firewall = new WebApplicationFirewall(stack, 'Firewall', {
        ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }],
        additionalRules: [{ rule: countRule('CountCountry'), capacity: 1 }],
      });
      firewall.countedRules.forEach((rule) => firewall.metricCountedRequests(rule).createAlarm(stack, `Counted${rule}`, { threshold: 100, evaluationPeriods: 1 }));
      const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
      expect(alarms.map((alarm) => alarm.Properties.Dimensions.find((d: { Name: string }) => d.Name === 'Rule').Value))
        .toEqual(['SizeRestrictions_BODY', 'CountCountry']);
      expect(alarms.every((alarm) => alarm.Properties.MetricName === 'CountedRequests')).toBe(true);
    });

    test.each([['a name with a space', 'Size Restrictions'], ['an empty name', ''], ['a name of 129 characters', 'a'.repeat(129)]])(
      'refuses %s', (_name, ruleName) => {
        const { firewall } = synth({ ruleActionOverrides: [{ ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }] });
        expect(() => firewall.metricCountedRequests(ruleName)).toThrow(/TestStack\/Firewall: invalid ruleName .*: give the Rule dimension of a counted rule .* one of countedRules \(SizeRestrictions_BODY\)/);
      });

    test('refuses a number where the rule name goes, for JavaScript callers', () => {
      const { firewall } = synth();
      expect(() => firewall.metricCountedRequests(5 as unknown as string)).toThrow(/invalid ruleName \(5\): give a string/);
    });
  });
});
