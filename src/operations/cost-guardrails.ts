import { Annotations, ArnFormat, Aws, Fn, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as ce from 'aws-cdk-lib/aws-ce';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct, IDependable } from 'constructs';
import { addToKeyPolicy } from '../private/kms-grants';
import { invalidProp, isEmailAddress, PropTypes, requireConcrete, types, validateTypes } from '../private/validation';

/**
 * What the monthly budget of {@link CostGuardrails} counts.
 */
export enum BudgetScope {
  /**
   * Every cost of the AWS account: exact for an account that holds one application (the account-per-workload
   * model of AWS's multi-account guidance), and working from the first deployment, with no manual step. In
   * the management account of an AWS Organization, this is the consolidated cost of every member account.
   */
  ACCOUNT = 'ACCOUNT',

  /**
   * The costs of the resources that carry the application's cost allocation tag (`tagKey` = `tagValue`), for
   * an account shared by several applications. The tag must be activated for cost allocation first (once
   * per tag key, in the management account of the organization): until then, and for resources without the
   * tag, the budget counts nothing and never alerts.
   *
   * @see https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html
   */
  APPLICATION_TAG = 'APPLICATION_TAG',
}

/** The monitors that {@link AnomalyDetection} offers. */
export enum AnomalyMonitorKind {
  /** No Cost Anomaly Detection. */
  DISABLED = 'DISABLED',
  /** An existing monitor, given by its ARN. */
  EXISTING = 'EXISTING',
  /** A new customer managed monitor of the application's cost allocation tag. */
  APPLICATION_TAG = 'APPLICATION_TAG',
  /** A new AWS managed monitor of every AWS service of the account. */
  AWS_SERVICES = 'AWS_SERVICES',
}

/**
 * Whether, and with which monitor, {@link CostGuardrails} subscribes to AWS Cost Anomaly Detection, which
 * is free of charge.
 *
 * Monitors are account-wide objects with limits that a stack cannot see: an account holds one AWS services
 * monitor at most (many accounts already have one, created in the console or by AWS), and monitors of cost
 * allocation tags can be created only in the management account of an organization. Subscribing to an
 * existing monitor works in every account.
 *
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/getting-started-ad.html
 */
export class AnomalyDetection {
  /** No Cost Anomaly Detection monitor and no subscription. */
  public static disabled(): AnomalyDetection {
    return new AnomalyDetection(AnomalyMonitorKind.DISABLED);
  }

  /**
   * Subscribes to an existing monitor, for example the AWS services monitor of the account (the Cost Anomaly
   * Detection console shows its ARN). Works in every account, member accounts of an organization included.
   *
   * @param monitorArn ARN of the monitor, `arn:aws:ce::<account>:anomalymonitor/<id>`
   */
  public static existingMonitor(monitorArn: string): AnomalyDetection {
    return new AnomalyDetection(AnomalyMonitorKind.EXISTING, monitorArn);
  }

  /**
   * Creates a customer managed monitor of the costs that carry the application's cost allocation tag, and
   * subscribes to it. Only for a standalone account or the management account of an organization (a member
   * account cannot create it, and the deployment fails), and only after the tag is activated for cost
   * allocation; new monitors need about 24 hours, and 10 days of history of a service, before they detect.
   */
  public static applicationTagMonitor(): AnomalyDetection {
    return new AnomalyDetection(AnomalyMonitorKind.APPLICATION_TAG);
  }

  /**
   * Creates the AWS managed monitor of every AWS service of the account (DIMENSIONAL, SERVICE), and subscribes
   * to it. An account holds one such monitor at most: the deployment fails where one exists already (then
   * subscribe to it with {@link existingMonitor}), and only one stack of the account may use this.
   */
  public static awsServicesMonitor(): AnomalyDetection {
    return new AnomalyDetection(AnomalyMonitorKind.AWS_SERVICES);
  }

  private constructor(
    /** Which monitor. */
    public readonly kind: AnomalyMonitorKind,
    /** ARN of the existing monitor, for {@link AnomalyMonitorKind.EXISTING}. */
    public readonly monitorArn?: string,
  ) {}
}

/**
 * How often Cost Anomaly Detection reports anomalies. AWS sends individual alerts to SNS topics only, and
 * daily or weekly summaries to e-mail addresses only.
 *
 * @see https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html
 */
export enum AnomalyAlertFrequency {
  /** An alert for each anomaly as it is detected, to `topic`. */
  IMMEDIATE = 'IMMEDIATE',
  /** A daily summary, to `emailAddresses`. */
  DAILY = 'DAILY',
  /** A weekly summary, to `emailAddresses`. */
  WEEKLY = 'WEEKLY',
}

/**
 * Settings of the cost guardrails, used by {@link CostGuardrailsProps}.
 */
export interface CostGuardrailsOptions {
  /**
   * Monthly budget in USD, greater than 0. Notifications fire at percentages of it.
   *
   * No figure suits every application: set your own. The default leaves about 30% of headroom over the
   * default `HighlyAvailableWebApp` in us-east-1 (about 575 USD a month before traffic); a smaller or larger
   * configuration needs another figure.
   *
   * @default 750
   */
  readonly monthlyBudget?: number;

  /**
   * What the budget counts: the whole account, or the resources with the application's cost allocation tag.
   *
   * @default BudgetScope.ACCOUNT
   */
  readonly budgetScope?: BudgetScope;

  /**
   * Percentages of `monthlyBudget` whose crossing by the month's actual cost notifies the subscribers, each
   * from 0.1 to 1,000,000. At most 10 notifications in all, with `forecastedSpendThresholds`.
   *
   * @default [80, 100]
   */
  readonly actualSpendThresholds?: number[];

  /**
   * Percentages of `monthlyBudget` whose crossing by the month's forecasted cost notifies the subscribers,
   * each from 0.1 to 1,000,000. AWS forecasts from about 5 weeks of usage data on.
   *
   * @default [100]
   */
  readonly forecastedSpendThresholds?: number[];

  /**
   * E-mail addresses notified of the budget thresholds (1 to 10), and sent the anomaly summaries when
   * `anomalyAlertFrequency` is DAILY or WEEKLY. AWS sends the messages without confirmation.
   *
   * @default - no e-mail: only `topic` is notified
   */
  readonly emailAddresses?: string[];

  /**
   * Cost Anomaly Detection. Off by default: the monitors a stack could create fail to deploy in many
   * accounts (see {@link AnomalyDetection}); subscribe to the account's existing monitor where one exists.
   *
   * @default AnomalyDetection.disabled()
   */
  readonly anomalyDetection?: AnomalyDetection;

  /**
   * How often anomalies are reported. IMMEDIATE sends each alert to `topic`; DAILY and WEEKLY send summaries
   * to `emailAddresses`. Requires `anomalyDetection`.
   *
   * @default - IMMEDIATE with `topic`, else DAILY
   */
  readonly anomalyAlertFrequency?: AnomalyAlertFrequency;

  /**
   * Least total cost impact of an anomaly, in USD, that is reported (0 to 10,000,000,000). Requires
   * `anomalyDetection`.
   *
   * @default 100
   */
  readonly anomalyImpactThreshold?: number;

  /**
   * Least cost impact of an anomaly, in percent of the expected spend, that is reported, in addition to
   * `anomalyImpactThreshold` (both must be reached; 0 to 10,000,000,000). Requires `anomalyDetection`.
   *
   * @default - no percentage: `anomalyImpactThreshold` alone decides
   */
  readonly anomalyImpactPercentageThreshold?: number;

  /**
   * Key of the cost allocation tag put on every resource of `taggedScope`: 1 to 128 letters, digits,
   * spaces and `_ . : / = + - @`, not starting with `aws:`. Tags of this key set on a parent scope are
   * overridden inside `taggedScope`.
   *
   * @default 'application'
   */
  readonly tagKey?: string;

  /**
   * Value of the cost allocation tag: 1 to 256 letters, digits, spaces and `_ . : / = + - @`.
   *
   * @default - the construct path of `taggedScope`, for example `MyStack/WebApp`
   */
  readonly tagValue?: string;
}

/**
 * Properties for {@link CostGuardrails}.
 */
export interface CostGuardrailsProps extends CostGuardrailsOptions {
  /**
   * Standard SNS topic, of this account, notified of the budget thresholds and sent the individual anomaly
   * alerts. Its topic policy gets statements that let AWS Budgets and Cost Anomaly Detection publish for
   * this account only; for an imported topic a warning names the statements to add.
   *
   * @default - no topic: only `emailAddresses` are notified
   */
  readonly topic?: sns.ITopic;

  /**
   * Customer managed key that encrypts `topic`. Its key policy gets a statement that lets AWS Budgets and Cost
   * Anomaly Detection encrypt messages through SNS for that topic (for a topic created in the app, whose name
   * CloudFormation chooses, for the topics of its account and Region); a warning names it for an imported key.
   * Unused without `topic`.
   *
   * @default - the `masterKey` of `topic`, if any
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Construct whose resources, and those of its children, get the cost allocation tag. `HighlyAvailableWebApp`
   * gives itself.
   *
   * @default - the stack of this construct
   */
  readonly taggedScope?: IConstruct;
}

const DEFAULT_MONTHLY_BUDGET = 750;
const DEFAULT_ACTUAL_THRESHOLDS = [80, 100];
const DEFAULT_FORECASTED_THRESHOLDS = [100];
const DEFAULT_ANOMALY_IMPACT_THRESHOLD = 100;
const DEFAULT_TAG_KEY = 'application';
const MIN_THRESHOLD_PERCENT = 0.1;
const MAX_THRESHOLD_PERCENT = 1_000_000;
const MAX_ANOMALY_THRESHOLD = 10_000_000_000;
/** A budget holds up to 10 notifications; each up to 10 e-mail subscribers and 1 SNS topic. */
const MAX_NOTIFICATIONS = 10;
const MAX_EMAIL_SUBSCRIBERS = 10;
const BUDGETS_SERVICE = 'budgets.amazonaws.com';
const COST_ANOMALY_SERVICE = 'costalerts.amazonaws.com';
/** The characters AWS accepts in tag keys and values. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Cost guardrails for an application: a monthly AWS Budget whose actual and forecasted spend notify e-mail
 * addresses and an SNS topic, optional AWS Cost Anomaly Detection alerts, and a cost allocation tag on
 * every resource of the application, by which the budget and the anomaly monitor can be scoped.
 *
 * AWS charges nothing for budgets without actions or for Cost Anomaly Detection. Activating the tag for
 * cost allocation is a one-time step outside CloudFormation, which has no resource for it:
 * `aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=application,Status=Active`
 * in the management account, once the tag shows in the billing data (up to 24 hours after the first tagged
 * resource is created).
 *
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html
 */
export class CostGuardrails extends Construct {
  /** The monthly cost budget. */
  public readonly budget: budgets.CfnBudget;
  /** Name of the budget, unique in the account. */
  public readonly budgetName: string;
  /** The anomaly monitor, when created here. */
  public readonly anomalyMonitor?: ce.CfnAnomalyMonitor;
  /** ARN of the anomaly monitor subscribed to, when anomaly detection is on. */
  public readonly anomalyMonitorArn?: string;
  /** The subscription to anomaly alerts, when anomaly detection is on. */
  public readonly anomalySubscription?: ce.CfnAnomalySubscription;
  /** Key of the cost allocation tag. */
  public readonly tagKey: string;
  /** Value of the cost allocation tag. */
  public readonly tagValue: string;

  constructor(scope: Construct, id: string, props: CostGuardrailsProps = {}) {
    super(scope, id);
    validateTypes(this, props, COST_GUARDRAILS_PROP_TYPES);

    const monthlyBudget = props.monthlyBudget ?? DEFAULT_MONTHLY_BUDGET;
    const budgetScope = props.budgetScope ?? BudgetScope.ACCOUNT;
    const actualThresholds = props.actualSpendThresholds ?? DEFAULT_ACTUAL_THRESHOLDS;
    const forecastedThresholds = props.forecastedSpendThresholds ?? DEFAULT_FORECASTED_THRESHOLDS;
    const anomalyDetection = props.anomalyDetection ?? AnomalyDetection.disabled();
    const taggedScope = props.taggedScope ?? Stack.of(this);
    this.tagKey = props.tagKey ?? DEFAULT_TAG_KEY;
    this.tagValue = props.tagValue ?? taggedScope.node.path;

    validateMonthlyBudget(this, monthlyBudget);
    validateThresholds(this, 'actualSpendThresholds', actualThresholds);
    validateThresholds(this, 'forecastedSpendThresholds', forecastedThresholds);
    if (actualThresholds.length + forecastedThresholds.length > MAX_NOTIFICATIONS) {
      invalidProp(this, 'forecastedSpendThresholds', forecastedThresholds,
        `a budget holds at most ${MAX_NOTIFICATIONS} notifications; give at most ${MAX_NOTIFICATIONS} thresholds in all with actualSpendThresholds (${actualThresholds.length} now)`);
    }
    const emailAddresses = validateEmailAddresses(this, props.emailAddresses);
    validateTag(this, this.tagKey, this.tagValue, props.tagValue !== undefined);
    const topic = props.topic;
    if (topic) {
      validateTopic(this, topic);
    }
    const anomalyFrequency = this.validateAnomalySettings(props, anomalyDetection, emailAddresses);

    Tags.of(taggedScope).add(this.tagKey, this.tagValue);

    const stack = Stack.of(this);
    // Budgets live in the account, not in a region or a stack: the name ends with the start of the stack's
    // UUID, so that the same app deployed to two regions, or redeployed, never clashes with itself.
    const stackUuidStart = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
    this.budgetName = `${Names.uniqueResourceName(this, { maxLength: 91, separator: '-' })}-${stackUuidStart}`;

    // Cost Anomaly Detection publishes to the topic only for IMMEDIATE alerts; summaries go by e-mail.
    const publishers = anomalyFrequency === AnomalyAlertFrequency.IMMEDIATE ? [BUDGETS_SERVICE, COST_ANOMALY_SERVICE] : [BUDGETS_SERVICE];
    const topicPolicy = topic ? this.allowPublishing(topic, props.encryptionKey ?? topic.masterKey, publishers) : undefined;

    const subscribers: budgets.CfnBudget.SubscriberProperty[] = [
      ...emailAddresses.map((address) => ({ subscriptionType: 'EMAIL', address })),
      ...(topic ? [{ subscriptionType: 'SNS', address: topic.topicArn }] : []),
    ];
    const notification = (notificationType: string) => (threshold: number): budgets.CfnBudget.NotificationWithSubscribersProperty => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers,
    });
    const notifications = subscribers.length === 0 ? [] : [
      ...actualThresholds.map(notification('ACTUAL')),
      ...forecastedThresholds.map(notification('FORECASTED')),
    ];
    if (subscribers.length === 0) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:cost-budget-without-subscribers',
        'The budget notifies nobody: give emailAddresses or a topic, or the thresholds are only visible in the AWS Budgets console.');
    }

    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: this.budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: monthlyBudget, unit: 'USD' },
        costFilters: budgetScope === BudgetScope.APPLICATION_TAG
          ? { TagKeyValue: [`user:${this.tagKey}$${this.tagValue}`] }
          : undefined,
      },
      notificationsWithSubscribers: notifications.length > 0 ? notifications : undefined,
      resourceTags: [{ key: this.tagKey, value: this.tagValue }],
    });
    if (topicPolicy) {
      this.budget.node.addDependency(topicPolicy);
    }

    if (anomalyFrequency !== undefined) {
      this.anomalyMonitor = this.createAnomalyMonitor(anomalyDetection, this.budgetName);
      this.anomalyMonitorArn = this.anomalyMonitor?.attrMonitorArn ?? anomalyDetection.monitorArn;
      const threshold = props.anomalyImpactThreshold ?? DEFAULT_ANOMALY_IMPACT_THRESHOLD;
      this.anomalySubscription = new ce.CfnAnomalySubscription(this, 'AnomalySubscription', {
        subscriptionName: this.budgetName,
        frequency: anomalyFrequency,
        monitorArnList: [this.anomalyMonitorArn!],
        subscribers: anomalyFrequency === AnomalyAlertFrequency.IMMEDIATE
          ? [{ type: 'SNS', address: topic!.topicArn }]
          : emailAddresses.map((address) => ({ type: 'EMAIL', address })),
        thresholdExpression: stack.toJsonString(thresholdExpression(threshold, props.anomalyImpactPercentageThreshold)),
      });
      if (topicPolicy) {
        this.anomalySubscription.node.addDependency(topicPolicy);
      }
    }

    if (budgetScope === BudgetScope.APPLICATION_TAG || anomalyDetection.kind === AnomalyMonitorKind.APPLICATION_TAG) {
      Annotations.of(this).addInfo(`The budget or anomaly monitor counts the costs tagged ${this.tagKey}=${this.tagValue}: activate the cost allocation tag once, `
        + `in the management account, after the tag shows in the billing data: aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=${this.tagKey},Status=Active`);
    }
  }

  /**
   * Checks the anomaly settings and returns the frequency of the subscription, or undefined when anomaly
   * detection is off.
   */
  private validateAnomalySettings(
    props: CostGuardrailsProps, detection: AnomalyDetection, emailAddresses: string[]): AnomalyAlertFrequency | undefined {
    if (detection.kind === AnomalyMonitorKind.DISABLED) {
      const given = (['anomalyAlertFrequency', 'anomalyImpactThreshold', 'anomalyImpactPercentageThreshold'] as const)
        .find((prop) => props[prop] !== undefined);
      if (given) {
        invalidProp(this, given, props[given], 'remove it, or turn Cost Anomaly Detection on with anomalyDetection (for example AnomalyDetection.existingMonitor(arn))');
      }
      return undefined;
    }
    if (detection.kind === AnomalyMonitorKind.EXISTING) {
      const arn = detection.monitorArn;
      if (!Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:ce::\d{12}:anomalymonitor\/[A-Za-z0-9-]+$/.test(arn ?? '')) {
        invalidProp(this, 'anomalyDetection.monitorArn', arn,
          'give the ARN of a Cost Anomaly Detection monitor, arn:aws:ce::<account>:anomalymonitor/<id>, as the Cost Anomaly Detection console shows it');
      }
    }
    validateAnomalyThreshold(this, 'anomalyImpactThreshold', props.anomalyImpactThreshold);
    validateAnomalyThreshold(this, 'anomalyImpactPercentageThreshold', props.anomalyImpactPercentageThreshold);

    const frequency = props.anomalyAlertFrequency ?? (props.topic ? AnomalyAlertFrequency.IMMEDIATE : AnomalyAlertFrequency.DAILY);
    if (frequency === AnomalyAlertFrequency.IMMEDIATE && !props.topic) {
      invalidProp(this, 'anomalyAlertFrequency', frequency,
        'give a topic: AWS sends individual anomaly alerts only to SNS topics; or use AnomalyAlertFrequency.DAILY or WEEKLY for summaries to emailAddresses');
    }
    if (frequency !== AnomalyAlertFrequency.IMMEDIATE && emailAddresses.length === 0) {
      invalidProp(this, 'anomalyAlertFrequency', frequency,
        'give emailAddresses: AWS sends daily and weekly anomaly summaries only to e-mail addresses; or give a topic and use AnomalyAlertFrequency.IMMEDIATE');
    }
    return frequency;
  }

  private createAnomalyMonitor(detection: AnomalyDetection, name: string): ce.CfnAnomalyMonitor | undefined {
    switch (detection.kind) {
      case AnomalyMonitorKind.APPLICATION_TAG:
        return new ce.CfnAnomalyMonitor(this, 'AnomalyMonitor', {
          monitorName: name,
          monitorType: 'CUSTOM',
          monitorSpecification: Stack.of(this).toJsonString({ Tags: { Key: this.tagKey, Values: [this.tagValue], MatchOptions: ['EQUALS'] } }),
        });
      case AnomalyMonitorKind.AWS_SERVICES:
        return new ce.CfnAnomalyMonitor(this, 'AnomalyMonitor', {
          monitorName: name,
          monitorType: 'DIMENSIONAL',
          monitorDimension: 'SERVICE',
        });
      default:
        return undefined;
    }
  }

  /**
   * Lets the cost services publish to the topic for this account, and encrypt messages with its key for this
   * topic only. Returns the topic policy to wait for, or undefined for an imported topic, whose policy is
   * left to its owner with a warning.
   *
   * @see https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html
   * @see https://docs.aws.amazon.com/cost-management/latest/userguide/ad-SNS.html
   */
  private allowPublishing(topic: sns.ITopic, key: kms.IKey | undefined, services: string[]): IDependable | undefined {
    const stack = Stack.of(this);
    const sids: Record<string, string> = {
      [BUDGETS_SERVICE]: 'AllowBudgetsToPublish',
      [COST_ANOMALY_SERVICE]: 'AllowCostAnomalyDetectionToPublish',
    };
    const topicResults = services.map((service) => topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: sids[service],
      principals: [new iam.ServicePrincipal(service)],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ...(service === BUDGETS_SERVICE ? { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:budgets::${stack.account}:*` } } : {}),
      },
    })));
    const names = services.join(' and ');
    if (topicResults.some((result) => !result.statementAdded)) {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:cost-imported-topic',
        `The topic was imported, so its policy cannot be changed here: allow ${names} sns:Publish on it, with the condition aws:SourceAccount = this account `
        + '(and, for budgets.amazonaws.com, aws:SourceArn like arn:aws:budgets::<account>:*); if it is encrypted with a customer managed key, also allow '
        + 'them kms:GenerateDataKey* and kms:Decrypt in the key policy, with kms:EncryptionContext:aws:sns:topicArn = the topic ARN. Otherwise no cost alert arrives.');
    }

    if (key) {
      // SNS names the topic in the encryption context. A topic of this app is named by CloudFormation, and
      // referring to it from the policy of its own key would be circular: then all topics of its account and
      // region match, which still keeps the key to SNS messages of this account.
      const context = 'kms:EncryptionContext:aws:sns:topicArn';
      addToKeyPolicy(this, key, [new iam.PolicyStatement({
        principals: services.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: Token.isUnresolved(topic.topicArn)
          ? {
            StringLike: {
              [context]: stack.formatArn({
                service: 'sns', region: topic.env.region, account: topic.env.account, resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME,
              }),
            },
          }
          : { StringEquals: { [context]: topic.topicArn } },
      })], 'cdk-ha-web-app:cost-imported-key',
      `The key of the topic was imported, so its key policy cannot be changed here: allow ${names} kms:GenerateDataKey* and kms:Decrypt, `
        + 'with the condition kms:EncryptionContext:aws:sns:topicArn = the topic ARN, or no cost alert reaches the encrypted topic.');
    }
    return topicResults.every((result) => result.statementAdded) ? topicResults[0].policyDependable : undefined;
  }
}

/** The types of the props, for callers that no compiler checks. */
const COST_GUARDRAILS_PROP_TYPES: PropTypes = {
  monthlyBudget: types.number,
  budgetScope: types.enumOf(BudgetScope, 'BudgetScope'),
  actualSpendThresholds: types.arrayOf(types.number, 'an array of percentages, for example [80, 100]'),
  forecastedSpendThresholds: types.arrayOf(types.number, 'an array of percentages, for example [100]'),
  emailAddresses: types.arrayOf(types.string, "an array of e-mail addresses, for example ['finops@example.com']"),
  anomalyDetection: types.instanceOf(AnomalyDetection, 'an AnomalyDetection, for example AnomalyDetection.existingMonitor(arn)'),
  anomalyAlertFrequency: types.enumOf(AnomalyAlertFrequency, 'AnomalyAlertFrequency'),
  anomalyImpactThreshold: types.number,
  anomalyImpactPercentageThreshold: types.number,
  tagKey: types.string,
  tagValue: types.string,
  topic: types.withMember('topicArn', 'an sns.ITopic'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  taggedScope: types.withMember('node', 'a construct, for example the stack'),
};

/** The threshold expression of an anomaly subscription: the absolute impact, and the percentage when given. */
function thresholdExpression(amount: number, percentage: number | undefined): Record<string, unknown> {
  const dimension = (key: string, value: number) => ({
    Dimensions: { Key: key, MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [String(value)] },
  });
  const absolute = dimension('ANOMALY_TOTAL_IMPACT_ABSOLUTE', amount);
  return percentage === undefined ? absolute : { And: [absolute, dimension('ANOMALY_TOTAL_IMPACT_PERCENTAGE', percentage)] };
}

function validateMonthlyBudget(scope: IConstruct, amount: number): void {
  if (Token.isUnresolved(amount)) {
    return;
  }
  if (!Number.isFinite(amount) || amount <= 0) {
    invalidProp(scope, 'monthlyBudget', amount, 'give the monthly budget in USD, a number greater than 0, for example 750');
  }
}

function validateThresholds(scope: IConstruct, prop: string, thresholds: number[]): void {
  thresholds.forEach((threshold, index) => {
    requireConcrete(scope, `${prop}[${index}]`, threshold, 'thresholds are checked at synth time');
    if (!Number.isFinite(threshold) || threshold < MIN_THRESHOLD_PERCENT || threshold > MAX_THRESHOLD_PERCENT) {
      invalidProp(scope, `${prop}[${index}]`, threshold,
        `give a percentage of monthlyBudget from ${MIN_THRESHOLD_PERCENT} to ${MAX_THRESHOLD_PERCENT}, for example 80 or 100`);
    }
    if (thresholds.indexOf(threshold) !== index) {
      invalidProp(scope, `${prop}[${index}]`, threshold, 'give each threshold once');
    }
  });
}

function validateAnomalyThreshold(scope: IConstruct, prop: string, value: number | undefined): void {
  if (value === undefined) {
    return;
  }
  requireConcrete(scope, prop, value, 'the threshold is written into a JSON expression at synth time');
  if (!Number.isFinite(value) || value < 0 || value > MAX_ANOMALY_THRESHOLD) {
    invalidProp(scope, prop, value, 'give a number from 0 to 10,000,000,000');
  }
}

/** Checks e-mail addresses loosely (one @, a dot in the domain, no spaces) and returns them, or [] when none are given. */
function validateEmailAddresses(scope: IConstruct, addresses: string[] | undefined): string[] {
  if (addresses === undefined) {
    return [];
  }
  if (addresses.length === 0 || addresses.length > MAX_EMAIL_SUBSCRIBERS) {
    invalidProp(scope, 'emailAddresses', addresses,
      `give 1 to ${MAX_EMAIL_SUBSCRIBERS} addresses (AWS Budgets notifies at most ${MAX_EMAIL_SUBSCRIBERS} per notification), or remove emailAddresses`);
  }
  addresses.forEach((address, index) => {
    if (Token.isUnresolved(address)) {
      return;
    }
    if (!isEmailAddress(address)) {
      invalidProp(scope, `emailAddresses[${index}]`, address, "give an e-mail address, for example 'finops@example.com'");
    }
    if (addresses.indexOf(address) !== index) {
      invalidProp(scope, `emailAddresses[${index}]`, address, 'give each address once');
    }
  });
  return addresses;
}

/** Checks the tag against AWS's rules for tags, and the key against the prefix AWS reserves. */
function validateTag(scope: IConstruct, key: string, value: string, valueGiven: boolean): void {
  requireConcrete(scope, 'tagKey', key, 'the tag key names the cost allocation tag, which is checked at synth time');
  if (key.length < 1 || key.length > 128 || !TAG_CHARACTERS.test(key) || key.trim() !== key) {
    invalidProp(scope, 'tagKey', key, 'give 1 to 128 letters, digits, spaces and _ . : / = + - @, without leading or trailing spaces');
  }
  if (key.toLowerCase().startsWith('aws:')) {
    invalidProp(scope, 'tagKey', key, 'give a key that does not start with aws:, which AWS reserves for its own tags');
  }
  if (Token.isUnresolved(value)) {
    return;
  }
  if (value.length < 1 || value.length > 256 || !TAG_CHARACTERS.test(value) || value.trim() !== value) {
    invalidProp(scope, 'tagValue', value, valueGiven
      ? 'give 1 to 256 letters, digits, spaces and _ . : / = + - @, without leading or trailing spaces'
      : 'the default, the construct path of taggedScope, is not a valid tag value: give a tagValue of 1 to 256 letters, digits, spaces and _ . : / = + - @');
  }
}

/** Rejects topics that the cost services cannot publish to. */
function validateTopic(scope: IConstruct, topic: sns.ITopic): void {
  if (topic.fifo === true) {
    invalidProp(scope, 'topic', topic.topicArn, 'give a standard topic: AWS Budgets and Cost Anomaly Detection do not publish to FIFO topics');
  }
  const account = Stack.of(scope).account;
  const topicAccount = topic.env.account;
  if (!Token.isUnresolved(account) && !Token.isUnresolved(topicAccount) && account !== topicAccount) {
    invalidProp(scope, 'topic', topic.topicArn,
      `give a topic of this account (${account}): AWS Budgets and Cost Anomaly Detection publish only to topics of the account they watch`);
  }
}
