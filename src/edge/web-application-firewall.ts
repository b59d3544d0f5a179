import { Annotations, ArnFormat, Aws, Duration, Fn, IResolvable, Names, RemovalPolicy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { invalidProp, PropTypes, requireConcrete, types, validateInteger, validateType, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/**
 * Where a WebACL can be used.
 */
export enum WebAclScope {
  /**
   * For CloudFront distributions. Such a WebACL exists only in us-east-1, whatever the Region of the
   * distribution's origins.
   */
  CLOUDFRONT = 'CLOUDFRONT',

  /**
   * For regional resources in the stack's Region: Application Load Balancers, API Gateway REST APIs,
   * AppSync APIs, Cognito user pools, App Runner services, Verified Access instances.
   */
  REGIONAL = 'REGIONAL',
}

/**
 * An AWS managed rule group that {@link WebApplicationFirewall} can run. All are free of extra charges.
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export enum ManagedRuleGroup {
  /**
   * Amazon IP reputation list: addresses that Amazon threat intelligence saw in attacks, bots and
   * reconnaissance (25 WCU; rule priority 10).
   */
  IP_REPUTATION = 'AWSManagedRulesAmazonIpReputationList',

  /**
   * Core rule set (CRS): the common OWASP Top 10 attacks, such as cross-site scripting, local and remote
   * file inclusion, and oversized requests (700 WCU; rule priority 30).
   */
  COMMON = 'AWSManagedRulesCommonRuleSet',

  /**
   * Known bad inputs: request patterns of known exploits, such as Log4j and Java deserialization
   * (200 WCU; rule priority 40).
   */
  KNOWN_BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet',

  /**
   * SQL database: SQL injection in the query string, body, URI path and cookies (200 WCU; rule priority 50).
   */
  SQL_INJECTION = 'AWSManagedRulesSQLiRuleSet',

  /**
   * Linux operating system: local file inclusion of Linux paths, such as `/etc/passwd` (200 WCU; rule priority 60).
   */
  LINUX = 'AWSManagedRulesLinuxRuleSet',
}

/**
 * Puts one rule of a managed rule group into Count mode: the rule still matches, labels and logs
 * requests, but no longer blocks them.
 */
export interface ManagedRuleOverride {
  /**
   * The managed rule group of the rule. It must be one of the groups the WebACL runs.
   */
  readonly ruleGroup: ManagedRuleGroup;

  /**
   * Name of the rule in the group, as in the AWS WAF documentation or the `terminatingRuleId` and
   * `ruleGroupList` fields of the WAF logs, for example `SizeRestrictions_BODY` of {@link ManagedRuleGroup.COMMON}.
   */
  readonly ruleName: string;
}

/**
 * A rule of your own, added to the WebACL as it is.
 */
export interface WebAclRule {
  /**
   * The rule. Its priority must differ from the priorities of the library's rules (10, 20, 30, 40, 50
   * and 60, see {@link WebApplicationFirewall}) and of the other rules you add: a priority below 10 runs
   * it before everything, for example an allow list of your own addresses; 61 or more runs it last.
   * Its name must be unique in the WebACL, and its visibility config must enable CloudWatch metrics and
   * sampled requests.
   */
  readonly rule: wafv2.CfnWebACL.RuleProperty;

  /**
   * The rule's web ACL capacity units (WCU), as the WAF console shows them or the `CheckCapacity` API
   * returns them: the library cannot compute them, and counts them against the WebACL's maximum.
   *
   * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_CheckCapacity.html
   */
  readonly capacity: number;
}

/**
 * Settings of the WebACL, used by {@link EdgeDistributionOptions.firewall} and {@link WebApplicationFirewallProps}.
 */
export interface WebApplicationFirewallOptions {
  /**
   * The AWS managed rule groups the WebACL runs, each at its fixed priority whatever the order given here.
   *
   * @default - all five: IP_REPUTATION, COMMON, KNOWN_BAD_INPUTS, SQL_INJECTION and LINUX (1,325 WCU)
   */
  readonly managedRuleGroups?: ManagedRuleGroup[];

  /**
   * Rules of the managed rule groups to put into Count mode, for example a rule that blocks legitimate
   * requests of your application.
   *
   * @default - every rule of every managed rule group takes its own action
   */
  readonly ruleActionOverrides?: ManagedRuleOverride[];

  /**
   * Most requests one client IP address may send in an evaluation window (`rateLimitWindow`) before
   * further requests from it are blocked, 10 to 2,000,000,000.
   *
   * Users behind one NAT or proxy share an address: raise the limit for applications used from large
   * offices.
   *
   * @default 2000
   */
  readonly rateLimit?: number;

  /**
   * The evaluation window of `rateLimit`: 1, 2, 5 or 10 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;

  /**
   * Rules of your own, evaluated by their priorities among the library's rules.
   *
   * The WebACL's capacity, the managed rule groups' WCU plus 2 for the rate-based rule plus the capacity
   * of these rules, may be at most 5,000 WCU. Above 1,500 WCU, AWS charges extra for every 500 WCU and
   * million requests.
   *
   * @default - none
   */
  readonly additionalRules?: WebAclRule[];

  /**
   * How long WAF logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the WAF log group, and to the key created for it, when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Properties for {@link WebApplicationFirewall}.
 */
export interface WebApplicationFirewallProps extends WebApplicationFirewallOptions {
  /**
   * Where the WebACL is used.
   *
   * A CLOUDFRONT WebACL can only be created in a stack whose Region is us-east-1. A REGIONAL WebACL on a
   * load balancer behind CloudFront sees CloudFront's addresses, not the viewers': its rate-based rule
   * and IP reputation list then act on CloudFront edge locations. Protect such an origin with a
   * CLOUDFRONT WebACL on the distribution instead.
   *
   * @default WebAclScope.CLOUDFRONT
   */
  readonly scope?: WebAclScope;

  /**
   * Key that encrypts the WAF log group.
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;
}

/** The WCU of each managed rule group, from the AWS WAF Developer Guide's list of AWS managed rule groups. */
const MANAGED_RULE_GROUP_CAPACITY: Record<ManagedRuleGroup, number> = {
  [ManagedRuleGroup.IP_REPUTATION]: 25,
  [ManagedRuleGroup.COMMON]: 700,
  [ManagedRuleGroup.KNOWN_BAD_INPUTS]: 200,
  [ManagedRuleGroup.SQL_INJECTION]: 200,
  [ManagedRuleGroup.LINUX]: 200,
};

/**
 * Rule priorities are a public contract: they never depend on which groups are chosen, so adding or
 * removing a group never moves a user's rule. Blocking by address comes first (the cheapest check, and known
 * bad addresses then use up no rate limit), then the rate limit, then the groups that inspect the request:
 * the core rule set, which covers most attacks, before the narrower groups.
 */
const MANAGED_RULE_GROUP_PRIORITY: Record<ManagedRuleGroup, number> = {
  [ManagedRuleGroup.IP_REPUTATION]: 10,
  [ManagedRuleGroup.COMMON]: 30,
  [ManagedRuleGroup.KNOWN_BAD_INPUTS]: 40,
  [ManagedRuleGroup.SQL_INJECTION]: 50,
  [ManagedRuleGroup.LINUX]: 60,
};
const RATE_LIMIT_PRIORITY = 20;
const RATE_LIMIT_RULE_NAME = 'RateLimitPerIp';
/** A rate-based statement aggregated on the IP address, without custom keys or scope-down statement. */
const RATE_LIMIT_CAPACITY = 2;
const MAX_CAPACITY = 5000;
const BASE_PRICE_CAPACITY = 1500;
const EVALUATION_WINDOWS_SECONDS = [60, 120, 300, 600];
const ALL_MANAGED_RULE_GROUPS = Object.keys(MANAGED_RULE_GROUP_PRIORITY) as ManagedRuleGroup[];

/** The name, and metric name, of the rule that runs a managed rule group: the WAF console's naming. */
function managedRuleName(group: ManagedRuleGroup): string {
  return `AWS-${group}`;
}

/**
 * A WebACL as its users see it: where it applies, its ARN and its request metrics. Implemented by
 * {@link WebApplicationFirewall}; monitoring and the edge take this.
 */
export interface IWebApplicationFirewall extends IConstruct {
  /** ARN of the WebACL: the `webAclId` of a CloudFront distribution. */
  readonly webAclArn: string;
  /** Where the WebACL can be used. */
  readonly scope: WebAclScope;

  /**
   * The `Rule` dimension of each rule in Count mode, one alarm's worth each: the rule's name for a managed rule put
   * into Count mode by `ruleActionOverrides`, the `visibilityConfig.metricName` for an `additionalRules` rule whose action
   * is count. Give each to {@link metricCountedRequests}.
   */
  readonly countedRules: string[];

  /**
   * Requests of the WebACL that a rule blocked, summed over all rules.
   *
   * @param options overrides of the metric's properties
   */
  metricBlockedRequests(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Requests of the WebACL that it allowed, summed over all rules.
   *
   * @param options overrides of the metric's properties
   */
  metricAllowedRequests(options?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Requests that rules in Count mode matched: they would have been blocked, and were let through. A rise after a rule
   * was put into Count mode shows what blocking it would cost.
   *
   * @param ruleName the `Rule` dimension of one rule, from {@link countedRules}; without it, the sum over all rules (`ALL`)
   * @param options overrides of the metric's properties
   */
  metricCountedRequests(ruleName?: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * A WAFv2 WebACL for a web application: the AWS managed rule groups that cover the OWASP Top 10, a
 * per-IP rate limit, your own rules, CloudWatch metrics and sampled requests for every rule, and full
 * request logs in an encrypted log group with the `authorization` and `cookie` headers redacted.
 *
 * Requests that no rule blocks are allowed. Rules are evaluated by priority:
 *
 * | priority | rule | WCU |
 * |---|---|---|
 * | 10 | `AWS-AWSManagedRulesAmazonIpReputationList` | 25 |
 * | 20 | `RateLimitPerIp` (block) | 2 |
 * | 30 | `AWS-AWSManagedRulesCommonRuleSet` | 700 |
 * | 40 | `AWS-AWSManagedRulesKnownBadInputsRuleSet` | 200 |
 * | 50 | `AWS-AWSManagedRulesSQLiRuleSet` | 200 |
 * | 60 | `AWS-AWSManagedRulesLinuxRuleSet` | 200 |
 *
 * The managed rule groups run their default version, which AWS keeps up to date.
 *
 * The role that deploys the stack needs `logs:CreateLogDelivery`, `logs:PutResourcePolicy`,
 * `logs:DescribeResourcePolicies` and `logs:DescribeLogGroups`: WAF uses them to let CloudWatch Logs
 * delivery write to the log group. The CDK bootstrap's CloudFormation execution role has them.
 *
 * Give `webAclArn` to a CloudFront distribution (its `webAclId`), or call {@link associate} for a
 * regional resource.
 */
export class WebApplicationFirewall extends Construct implements IWebApplicationFirewall {
  /** The WebACL. */
  public readonly webAcl: wafv2.CfnWebACL;

  /** ARN of the WebACL: the `webAclId` of a CloudFront distribution. */
  public readonly webAclArn: string;

  /** ID of the WebACL. */
  public readonly webAclId: string;

  /** Where the WebACL can be used. */
  public readonly scope: WebAclScope;

  /** Web ACL capacity units (WCU) of all the WebACL's rules. */
  public readonly capacity: number;

  /** Name of the WebACL's CloudWatch metrics (their `WebACL` dimension). */
  public readonly metricName: string;

  /** The log group that receives the WAF logs. */
  public readonly logGroup: logs.ILogGroup;

  /**
   * The `Rule` dimension of each rule in Count mode: the rule's name for a managed rule of `ruleActionOverrides`, the
   * `visibilityConfig.metricName` for an `additionalRules` rule whose action is count. Give each to
   * {@link metricCountedRequests} for an alarm per counted rule.
   */
  public readonly countedRules: string[];

  constructor(scope: Construct, id: string, props: WebApplicationFirewallProps = {}) {
    super(scope, id);
    validateTypes(this, props, FIREWALL_PROP_TYPES);

    this.scope = props.scope ?? WebAclScope.CLOUDFRONT;
    this.metricName = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const managedRuleGroups = props.managedRuleGroups ?? ALL_MANAGED_RULE_GROUPS;
    const rateLimit = props.rateLimit ?? 2000;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const additionalRules = props.additionalRules ?? [];

    this.validateScope();
    this.validateManagedRuleGroups(managedRuleGroups);
    const overrides = props.ruleActionOverrides ?? [];
    this.validateOverrides(overrides, managedRuleGroups);
    validateInteger(this, 'rateLimit', props.rateLimit, 10, 2_000_000_000);
    const evaluationWindowSec = this.validateRateLimitWindow(props.rateLimitWindow);
    this.validateAdditionalRules(additionalRules);
    this.capacity = this.validateCapacity(managedRuleGroups, additionalRules);
    this.countedRules = countedRulesOf(overrides, additionalRules);

    const managedRules: wafv2.CfnWebACL.RuleProperty[] = managedRuleGroups.map((group) => {
      const ruleActionOverrides = overrides.filter((override) => override.ruleGroup === group)
        .map((override) => ({ name: override.ruleName, actionToUse: { count: {} } }));
      return {
        name: managedRuleName(group),
        priority: MANAGED_RULE_GROUP_PRIORITY[group],
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: group,
            ruleActionOverrides: ruleActionOverrides.length > 0 ? ruleActionOverrides : undefined,
          },
        },
        overrideAction: { none: {} },
        visibilityConfig: visibility(managedRuleName(group)),
      };
    });
    const rateLimitRule: wafv2.CfnWebACL.RuleProperty = {
      name: RATE_LIMIT_RULE_NAME,
      priority: RATE_LIMIT_PRIORITY,
      statement: {
        rateBasedStatement: { aggregateKeyType: 'IP', limit: rateLimit, evaluationWindowSec },
      },
      action: { block: {} },
      visibilityConfig: visibility(RATE_LIMIT_RULE_NAME),
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: this.scope,
      defaultAction: { allow: {} },
      rules: [...managedRules, rateLimitRule, ...additionalRules.map((additional) => additional.rule)]
        .sort((a, b) => a.priority - b.priority),
      visibilityConfig: visibility(this.metricName),
    });
    this.webAclArn = this.webAcl.attrArn;
    this.webAclId = this.webAcl.attrId;

    const encryptionKey = props.encryptionKey ?? new WebAppEncryption(this, 'Encryption', { removalPolicy }).key;
    // WAF accepts only log groups whose name starts with 'aws-waf-logs-'. The name ends with the start of
    // the stack's UUID: a log group retained after the stack was deleted keeps its name, and a fixed name
    // would make the next deployment of the stack fail on it.
    const stackUuidStart = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 100, separator: '-' })}-${stackUuidStart}`,
      encryptionKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.logGroup = logGroup;

    // No log resource policy here: CloudWatch Logs resource policies belong to the account and Region (at
    // most 10 of them), not to a log group, so one per WebACL would soon exhaust them. When the logging
    // configuration is created, WAF itself adds the statement that lets delivery.logs.amazonaws.com write
    // to this log group, limited by aws:SourceAccount and aws:SourceArn, to the account's shared
    // AWSWAF-LOGS policy, with the permissions of the role that deploys the stack (logs:PutResourcePolicy
    // and friends, which the CDK bootstrap's CloudFormation execution role has). An account with very many
    // WAF log groups can outgrow that policy's 5,120 characters: then replace it by one statement for all
    // log groups named aws-waf-logs-*.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the ':*' that the log group's Arn attribute ends with.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      redactedFields: [
        { singleHeader: { Name: 'authorization' } },
        { singleHeader: { Name: 'cookie' } },
      ],
    });
  }

  /**
   * Requests of the WebACL that a rule blocked, summed over all rules (`Rule=ALL`). A CLOUDFRONT WebACL
   * publishes its metrics in us-east-1, a REGIONAL one in its own Region.
   *
   * @default - the sum over 5 minutes
   */
  public metricBlockedRequests(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metricRequests('BlockedRequests', options);
  }

  /**
   * Requests of the WebACL that it allowed, summed over all rules (`Rule=ALL`).
   *
   * @default - the sum over 5 minutes
   */
  public metricAllowedRequests(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metricRequests('AllowedRequests', options);
  }

  /**
   * Requests that rules in Count mode matched (`CountedRequests`): what blocking them would have blocked. A CLOUDFRONT
   * WebACL publishes its metrics in us-east-1, a REGIONAL one in its own Region.
   *
   * @param ruleName the `Rule` dimension of one rule, from {@link countedRules}; without it, the sum over all rules (`ALL`)
   * @default - the sum over 5 minutes
   */
  public metricCountedRequests(ruleName?: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    if (ruleName !== undefined) {
      validateType(this, 'ruleName', ruleName, types.string);
      if (!Token.isUnresolved(ruleName) && !/^[0-9A-Za-z_-]{1,128}$/.test(ruleName)) {
        invalidProp(this, 'ruleName', ruleName,
          `give the Rule dimension of a counted rule (1 to 128 letters, digits, _ or -), one of countedRules (${this.countedRules.join(', ') || 'none'}), or none for the sum over all rules`);
      }
    }
    return this.metricRequests('CountedRequests', options, ruleName ?? 'ALL');
  }

  private metricRequests(metricName: string, options: cloudwatch.MetricOptions, rule: string = 'ALL'): cloudwatch.Metric {
    const regional = this.scope === WebAclScope.REGIONAL;
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      // CloudFront WebACLs have no Region dimension; their metrics live in us-east-1.
      dimensionsMap: regional
        ? { WebACL: this.metricName, Rule: rule, Region: Stack.of(this).region }
        : { WebACL: this.metricName, Rule: rule },
      region: regional ? undefined : 'us-east-1',
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...options,
    });
  }

  /**
   * Protects a regional resource, for example an Application Load Balancer, with the WebACL. Only for
   * REGIONAL scope: a CloudFront distribution takes `webAclArn` as its `webAclId` instead.
   *
   * @param id construct id of the association, unique within this construct
   * @param resourceArn ARN of the resource, in the stack's Region
   */
  public associate(id: string, resourceArn: string): wafv2.CfnWebACLAssociation {
    if (this.scope !== WebAclScope.REGIONAL) {
      invalidProp(this, 'scope', this.scope,
        'associate() works only for a REGIONAL WebACL; for a CloudFront distribution give webAclArn as the distribution\'s webAclId, or use scope REGIONAL for regional resources');
    }
    validateType(this, 'resourceArn', resourceArn, types.string);
    if (resourceArn === undefined || resourceArn === null
      || (!Token.isUnresolved(resourceArn) && (!resourceArn.startsWith('arn:') || resourceArn.split(':')[2] === 'cloudfront'))) {
      invalidProp(this, 'resourceArn', resourceArn,
        'give the ARN of a regional resource, for example an Application Load Balancer; a CloudFront distribution needs a CLOUDFRONT WebACL given as its webAclId');
    }
    return new wafv2.CfnWebACLAssociation(this, id, {
      resourceArn,
      webAclArn: this.webAclArn,
    });
  }

  private validateScope(): void {
    const region = Stack.of(this).region;
    if (this.scope === WebAclScope.CLOUDFRONT && (Token.isUnresolved(region) || region !== 'us-east-1')) {
      const where = Token.isUnresolved(region) ? 'a stack without an explicit Region' : `a stack in ${region}`;
      invalidProp(this, 'scope', this.scope,
        `a CLOUDFRONT WebACL can only be created in us-east-1, and this is ${where}: create this construct in a us-east-1 stack `
        + '(for example a companion edge stack with env: { region: \'us-east-1\' }) and give its webAclArn to the distribution, '
        + 'or use WebAclScope.REGIONAL for regional resources');
    }
  }

  private validateManagedRuleGroups(groups: ManagedRuleGroup[]): void {
    groups.forEach((group, index) => {
      if (groups.indexOf(group) !== index) {
        invalidProp(this, 'managedRuleGroups', group, 'name each managed rule group once');
      }
    });
  }

  private validateOverrides(overrides: ManagedRuleOverride[], groups: ManagedRuleGroup[]): void {
    const seen = new Set<string>();
    overrides.forEach((override, index) => {
      if (!groups.includes(override.ruleGroup)) {
        invalidProp(this, `ruleActionOverrides[${index}].ruleGroup`, override.ruleGroup,
          `the WebACL does not run this managed rule group; add it to managedRuleGroups or remove the override (the WebACL runs ${groups.join(', ') || 'no managed rule group'})`);
      }
      requireConcrete(this, `ruleActionOverrides[${index}].ruleName`, override.ruleName, 'the override is checked at synth time');
      if (!/^[0-9A-Za-z_-]{1,128}$/.test(override.ruleName)) {
        invalidProp(this, `ruleActionOverrides[${index}].ruleName`, override.ruleName,
          'give the name of a rule in the group (1 to 128 letters, digits, _ or -), for example SizeRestrictions_BODY');
      }
      const key = `${override.ruleGroup}/${override.ruleName}`;
      if (seen.has(key)) {
        invalidProp(this, `ruleActionOverrides[${index}].ruleName`, override.ruleName, `override each rule once; ${key} is already overridden`);
      }
      seen.add(key);
    });
  }

  private validateRateLimitWindow(window: Duration | undefined): number | undefined {
    if (window === undefined) {
      return undefined;
    }
    const seconds = window.toSeconds();
    if (!Token.isUnresolved(seconds) && !EVALUATION_WINDOWS_SECONDS.includes(seconds)) {
      invalidProp(this, 'rateLimitWindow', window.toHumanString(), 'use Duration.minutes(1), Duration.minutes(2), Duration.minutes(5) or Duration.minutes(10)');
    }
    return seconds;
  }

  private validateAdditionalRules(additionalRules: WebAclRule[]): void {
    const reservedPriorities = new Map<number, string>([
      ...ALL_MANAGED_RULE_GROUPS.map((group) => [MANAGED_RULE_GROUP_PRIORITY[group], managedRuleName(group)] as [number, string]),
      [RATE_LIMIT_PRIORITY, RATE_LIMIT_RULE_NAME],
    ]);
    const reservedNames = new Set(reservedPriorities.values());
    const usedPriorities = new Map<number, string>();
    const usedNames = new Set<string>();
    additionalRules.forEach((additional, index) => {
      const prop = `additionalRules[${index}]`;
      const { rule, capacity } = additional;
      if (rule === undefined || capacity === undefined) {
        invalidProp(this, `${prop}.${rule === undefined ? 'rule' : 'capacity'}`, undefined,
          'give both the rule and its capacity in WCU, { rule: { name, priority, statement, action, visibilityConfig }, capacity }');
      }
      requireConcrete(this, `${prop}.capacity`, capacity, 'the WebACL capacity is checked at synth time');
      validateInteger(this, `${prop}.capacity`, capacity, 1, MAX_CAPACITY);

      requireConcrete(this, `${prop}.rule.priority`, rule.priority, 'rule priorities are checked for clashes at synth time');
      if (!Number.isInteger(rule.priority) || rule.priority < 0) {
        invalidProp(this, `${prop}.rule.priority`, rule.priority, 'use a whole number of 0 or more');
      }
      const clash = reservedPriorities.get(rule.priority) ?? usedPriorities.get(rule.priority);
      if (clash !== undefined) {
        invalidProp(this, `${prop}.rule.priority`, rule.priority,
          `rule ${clash} already has this priority; give another one (the library uses 10, 20, 30, 40, 50 and 60: below 10 runs the rule first, 61 or more last)`);
      }
      usedPriorities.set(rule.priority, rule.name);

      if (rule.name === undefined || rule.name === null) {
        invalidProp(this, `${prop}.rule.name`, rule.name, 'give the rule a name that no other rule of the WebACL has: AWS WAF requires one');
      }
      if (!Token.isUnresolved(rule.name)) {
        if (reservedNames.has(rule.name) || usedNames.has(rule.name)) {
          invalidProp(this, `${prop}.rule.name`, rule.name, 'give each rule a name that no other rule of the WebACL has');
        }
        usedNames.add(rule.name);
      }

      const visibilityConfig = rule.visibilityConfig;
      if (visibilityConfig === undefined || visibilityConfig === null) {
        invalidProp(this, `${prop}.rule.visibilityConfig`, visibilityConfig,
          'give { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName }: AWS WAF requires it of every rule');
      }
      if (!Tokenization.isResolvable(visibilityConfig)
        && (visibilityConfig.cloudWatchMetricsEnabled === false || visibilityConfig.sampledRequestsEnabled === false)) {
        invalidProp(this, `${prop}.rule.visibilityConfig`, visibilityConfig,
          'set cloudWatchMetricsEnabled and sampledRequestsEnabled to true: every rule of the WebACL reports metrics and keeps sampled requests');
      }
    });
  }

  private validateCapacity(groups: ManagedRuleGroup[], additionalRules: WebAclRule[]): number {
    const parts: Array<[string, number]> = [
      ...groups.map((group) => [group, MANAGED_RULE_GROUP_CAPACITY[group]] as [string, number]),
      [RATE_LIMIT_RULE_NAME, RATE_LIMIT_CAPACITY],
      ...additionalRules.map((additional) => [additional.rule.name, additional.capacity] as [string, number]),
    ];
    const total = parts.reduce((sum, [, wcu]) => sum + wcu, 0);
    const breakdown = parts.map(([name, wcu]) => `${name} ${wcu}`).join(' + ');
    if (total > MAX_CAPACITY) {
      invalidProp(this, 'additionalRules', `${total} WCU`,
        `the WebACL would need ${breakdown} = ${total} WCU, but a WebACL holds at most ${MAX_CAPACITY} WCU: remove rules, or managed rule groups from managedRuleGroups`);
    }
    if (total > BASE_PRICE_CAPACITY) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:waf-capacity-above-base-price',
        `The WebACL needs ${total} WCU (${breakdown}): above ${BASE_PRICE_CAPACITY} WCU, AWS WAF charges extra for every 500 WCU and million requests.`);
    }
    return total;
  }
}

/** The types of the props, for callers that no compiler checks. */
const FIREWALL_PROP_TYPES: PropTypes = {
  managedRuleGroups: types.arrayOf(types.enumOf(ManagedRuleGroup, 'ManagedRuleGroup'), 'an array of ManagedRuleGroup values, for example [ManagedRuleGroup.COMMON]'),
  ruleActionOverrides: types.arrayOf(types.struct({
    ruleGroup: types.enumOf(ManagedRuleGroup, 'ManagedRuleGroup'),
    ruleName: types.string,
  }, "a ManagedRuleOverride, for example { ruleGroup: ManagedRuleGroup.COMMON, ruleName: 'SizeRestrictions_BODY' }"),
  'an array of ManagedRuleOverride'),
  rateLimit: types.number,
  rateLimitWindow: types.duration('Duration.minutes(5)'),
  additionalRules: types.arrayOf(types.struct({
    rule: types.struct({ name: types.string }, 'a wafv2.CfnWebACL.RuleProperty'),
    capacity: types.number,
  }, 'a WebAclRule, { rule, capacity }'), 'an array of WebAclRule'),
  logRetention: types.retentionDays,
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  scope: types.enumOf(WebAclScope, 'WebAclScope'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
};

/**
 * The `Rule` dimension of each rule in Count mode, each once: WAF reports a managed rule whose action the WebACL overrides
 * under the rule's name, and a rule of the WebACL under its metric name.
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html
 */
function countedRulesOf(overrides: ManagedRuleOverride[], additionalRules: WebAclRule[]): string[] {
  // A rule whose action or visibility is a token cannot be read at synth time: alarm on such a rule with its metric name.
  const ofOwnRules = additionalRules
    .map((additional) => additional.rule)
    .filter((rule) => isCountAction(rule.action) && !Tokenization.isResolvable(rule.visibilityConfig))
    .map((rule) => (rule.visibilityConfig as wafv2.CfnWebACL.VisibilityConfigProperty).metricName);
  return [...new Set([...overrides.map((override) => override.ruleName), ...ofOwnRules])];
}

function isCountAction(action: wafv2.CfnWebACL.RuleActionProperty | IResolvable | undefined): boolean {
  return action !== undefined && !Tokenization.isResolvable(action) && (action as wafv2.CfnWebACL.RuleActionProperty).count !== undefined;
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}
