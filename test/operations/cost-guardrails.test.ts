import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  AnomalyAlertFrequency, AnomalyDetection, AnomalyMonitorKind, BudgetScope, CostGuardrails, CostGuardrailsProps,
} from '../../src/operations/cost-guardrails';
import { WebAppEncryption } from '../../src/security/web-app-encryption';
import { describeQualityGates } from '../gates/quality-gates';
import { logicalId, OTHER_REGION, TEST_ACCOUNT, testApp, testStack } from '../helpers';

const MONITOR_ARN = `arn:aws:ce::${TEST_ACCOUNT}:anomalymonitor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:finops-alerts`;
const KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`;
const EMAILS = ['finops@example.com', 'oncall@example.com'];
const SNS_TOPICS_OF_THIS_ACCOUNT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sns:us-east-1:${TEST_ACCOUNT}:*`]] };

interface Synthesized {
  readonly stack: Stack;
  readonly guardrails: CostGuardrails;
  readonly template: Template;
}

function synth(props: CostGuardrailsProps = {}): Synthesized {
  const stack = testStack();
  const guardrails = new CostGuardrails(stack, 'Cost', props);
  return { stack, guardrails, template: Template.fromStack(stack) };
}

/** A stack with an encrypted topic of its own, given to the guardrails with the other props. */
function synthWithTopic(props: CostGuardrailsProps = {}) {
  const stack = testStack();
  const key = new WebAppEncryption(stack, 'Encryption').key;
  const topic = new sns.Topic(stack, 'Alerts', { masterKey: key, enforceSSL: true });
  const guardrails = new CostGuardrails(stack, 'Cost', { topic, ...props });
  return { stack, key, topic, guardrails, template: Template.fromStack(stack) };
}

function onlyResource(template: Template, type: string): { Properties: Record<string, any>; DependsOn?: string[] } {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0] as { Properties: Record<string, any>; DependsOn?: string[] };
}

function budgetData(template: Template): Record<string, any> {
  return onlyResource(template, 'AWS::Budgets::Budget').Properties.Budget;
}

function notifications(template: Template): Array<Record<string, any>> {
  return onlyResource(template, 'AWS::Budgets::Budget').Properties.NotificationsWithSubscribers ?? [];
}

function subscription(template: Template): Record<string, any> {
  return onlyResource(template, 'AWS::CE::AnomalySubscription').Properties;
}

/** The anomaly subscription's threshold expression, parsed back from its JSON string. */
function thresholdExpressionOf(stack: Stack, template: Template): unknown {
  return JSON.parse(stack.resolve(subscription(template).ThresholdExpression));
}

function keyStatements(template: Template, keyId: string): Array<Record<string, any>> {
  return template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
}

function topicPolicyStatements(template: Template): Array<Record<string, any>> {
  return onlyResource(template, 'AWS::SNS::TopicPolicy').Properties.PolicyDocument.Statement;
}

function warnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
}

function infos(stack: Stack): string[] {
  return Annotations.fromStack(stack).findInfo('*', Match.anyValue()).map((i) => String(i.entry.data));
}

function tagsOf(template: Template, id: string): Array<{ Key: string; Value: unknown }> {
  return template.toJSON().Resources[id].Properties?.Tags ?? [];
}

describe('CostGuardrails', () => {
  describe('defaults', () => {
    let stack: Stack;
    let guardrails: CostGuardrails;
    let template: Template;
    beforeAll(() => {
      ({ stack, guardrails, template } = synth());
    });

    test('keeps the logical ID of the budget stable', () => {
      expect(logicalId(stack, guardrails.budget)).toEqual('CostBudget5CC62E34');
    });

    test('a monthly COST budget of 750 USD over the whole account', () => {
      const budget = budgetData(template);
      expect(budget).toMatchObject({
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 750, Unit: 'USD' },
      });
      expect(budget.CostFilters).toBeUndefined();
      expect(budget.FilterExpression).toBeUndefined();
    });

    test('notifies nobody without e-mail addresses or a topic, and warns about it', () => {
      expect(notifications(template)).toEqual([]);
      expect(warnings(stack)).toEqual([expect.stringMatching(/^The budget notifies nobody: give emailAddresses or a topic/)]);
    });

    test('creates no Cost Anomaly Detection resources', () => {
      template.resourceCountIs('AWS::CE::AnomalyMonitor', 0);
      template.resourceCountIs('AWS::CE::AnomalySubscription', 0);
      expect(guardrails.anomalyMonitor).toBeUndefined();
      expect(guardrails.anomalySubscription).toBeUndefined();
      expect(guardrails.anomalyMonitorArn).toBeUndefined();
    });

    test('tags the budget with application = the stack path, and exposes the tag', () => {
      expect(guardrails.tagKey).toEqual('application');
      expect(guardrails.tagValue).toEqual('TestStack');
      expect(onlyResource(template, 'AWS::Budgets::Budget').Properties.ResourceTags).toEqual([{ Key: 'application', Value: 'TestStack' }]);
    });

    test('creates no Lambda function, custom resource, topic or key, and no info about tag activation', () => {
      const types = Object.values(template.toJSON().Resources).map((resource) => (resource as { Type: string }).Type);
      expect(types).toEqual(['AWS::Budgets::Budget']);
      expect(infos(stack)).toEqual([]);
    });
  });

  describe('budget', () => {
    test('the name joins the construct path, its hash and the first part of the stack UUID', () => {
      const { stack, template } = synth();
      expect(stack.resolve(budgetData(template).BudgetName)).toEqual({
        'Fn::Join': ['', [
          expect.stringMatching(/^TestStack-Cost-[0-9A-F]{8}-$/),
          { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] },
        ]],
      });
    });

    test('monthlyBudget sets the limit', () => {
      const { template } = synth({ monthlyBudget: 1234.5 });
      expect(budgetData(template).BudgetLimit).toEqual({ Amount: 1234.5, Unit: 'USD' });
    });

    test('a monthlyBudget token is passed through', () => {
      const stack = testStack();
      const limit = new CfnParameter(stack, 'Limit', { type: 'Number' }).valueAsNumber;
      new CostGuardrails(stack, 'Cost', { monthlyBudget: limit });
      expect(budgetData(Template.fromStack(stack)).BudgetLimit).toEqual({ Amount: { Ref: 'Limit' }, Unit: 'USD' });
    });

    test('e-mail addresses receive an ACTUAL notification at 80% and 100% and a FORECASTED one at 100%', () => {
      const { stack, template } = synth({ emailAddresses: EMAILS });
      const subscribers = EMAILS.map((address) => ({ SubscriptionType: 'EMAIL', Address: address }));
      expect(notifications(template)).toEqual([
        { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' }, Subscribers: subscribers },
        { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' }, Subscribers: subscribers },
        { Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' }, Subscribers: subscribers },
      ]);
      expect(warnings(stack)).toEqual([]);
    });

    test('actualSpendThresholds and forecastedSpendThresholds replace the thresholds; an empty list drops that type', () => {
      const { template } = synth({ emailAddresses: EMAILS, actualSpendThresholds: [50, 90, 120.5], forecastedSpendThresholds: [] });
      expect(notifications(template).map((n) => [n.Notification.NotificationType, n.Notification.Threshold])).toEqual([
        ['ACTUAL', 50], ['ACTUAL', 90], ['ACTUAL', 120.5],
      ]);
    });

    test('budgetScope APPLICATION_TAG filters the budget on the cost allocation tag and says how to activate it', () => {
      const { stack, template } = synth({ budgetScope: BudgetScope.APPLICATION_TAG });
      expect(budgetData(template).CostFilters).toEqual({ TagKeyValue: ['user:application$TestStack'] });
      expect(infos(stack)).toEqual([expect.stringContaining(
        'aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=application,Status=Active')]);
    });

    test('the tag filter uses a given tagKey and tagValue', () => {
      const { template } = synth({ budgetScope: BudgetScope.APPLICATION_TAG, tagKey: 'cost-center', tagValue: 'shop:prod' });
      expect(budgetData(template).CostFilters).toEqual({ TagKeyValue: ['user:cost-center$shop:prod'] });
    });
  });

  describe('cost allocation tag', () => {
    test('is put on every taggable resource of the stack by default', () => {
      const stack = testStack();
      const elsewhere = new sns.Topic(stack, 'Elsewhere');
      new CostGuardrails(stack, 'Cost');
      expect(tagsOf(Template.fromStack(stack), logicalId(stack, elsewhere))).toContainEqual({ Key: 'application', Value: 'TestStack' });
    });

    test('taggedScope limits the tag to that construct, whose path is the default value', () => {
      const stack = testStack();
      const app = new Construct(stack, 'WebApp');
      const inside = new sns.Topic(app, 'Inside');
      const outside = new sns.Topic(stack, 'Outside');
      const guardrails = new CostGuardrails(app, 'Cost', { taggedScope: app });
      const template = Template.fromStack(stack);
      expect(guardrails.tagValue).toEqual('TestStack/WebApp');
      expect(tagsOf(template, logicalId(stack, inside))).toContainEqual({ Key: 'application', Value: 'TestStack/WebApp' });
      expect(tagsOf(template, logicalId(stack, outside))).toEqual([]);
    });

    test('tagKey and tagValue name the tag', () => {
      const stack = testStack();
      const topic = new sns.Topic(stack, 'Resource');
      const guardrails = new CostGuardrails(stack, 'Cost', { tagKey: 'CostCenter', tagValue: 'Shop @ prod' });
      expect(tagsOf(Template.fromStack(stack), logicalId(stack, topic))).toContainEqual({ Key: 'CostCenter', Value: 'Shop @ prod' });
      expect([guardrails.tagKey, guardrails.tagValue]).toEqual(['CostCenter', 'Shop @ prod']);
    });
  });

  describe('topic', () => {
    test('is notified of every threshold next to the e-mail addresses', () => {
      const { stack, topic, template } = synthWithTopic({ emailAddresses: ['finops@example.com'] });
      for (const notification of notifications(template)) {
        expect(notification.Subscribers).toEqual([
          { SubscriptionType: 'EMAIL', Address: 'finops@example.com' },
          { SubscriptionType: 'SNS', Address: { Ref: logicalId(stack, topic) } },
        ]);
      }
      expect(notifications(template)).toHaveLength(3);
    });

    test('its policy lets AWS Budgets of this account publish, and the budget waits for the policy', () => {
      const { stack, topic, template } = synthWithTopic();
      const topicRef = { Ref: logicalId(stack, topic) };
      expect(topicPolicyStatements(template)).toContainEqual({
        Sid: 'AllowBudgetsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'budgets.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicRef,
        Condition: {
          StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:budgets::${TEST_ACCOUNT}:*`]] } },
        },
      });
      const policyId = Object.keys(template.findResources('AWS::SNS::TopicPolicy'))[0];
      expect(onlyResource(template, 'AWS::Budgets::Budget').DependsOn).toEqual([policyId]);
    });

    test('without anomaly alerts to the topic, Cost Anomaly Detection gets no permission', () => {
      const { template } = synthWithTopic();
      expect(JSON.stringify(template.toJSON())).not.toContain('costalerts.amazonaws.com');
    });

    test('its key lets AWS Budgets encrypt messages through SNS for the topics of this account and region (a Ref to the topic would be circular)', () => {
      const { stack, key, template } = synthWithTopic();
      expect(keyStatements(template, logicalId(stack, key))).toContainEqual({
        Effect: 'Allow',
        Principal: { Service: 'budgets.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': SNS_TOPICS_OF_THIS_ACCOUNT } },
      });
      expect(warnings(stack)).toEqual([]);
    });

    test('the key of an imported topic is limited to that topic', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      new CostGuardrails(stack, 'Cost', { topic: sns.Topic.fromTopicArn(stack, 'Imported', TOPIC_ARN), encryptionKey: key });
      expect(keyStatements(Template.fromStack(stack), logicalId(stack, key))).toContainEqual(expect.objectContaining({
        Principal: { Service: 'budgets.amazonaws.com' },
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN } },
      }));
    });

    test('a given encryptionKey gets the key statement instead of the topic\'s own key', () => {
      const stack = testStack();
      const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
      const givenKey = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
      const topic = new sns.Topic(stack, 'Alerts', { masterKey: topicKey });
      new CostGuardrails(stack, 'Cost', { topic, encryptionKey: givenKey });
      const template = Template.fromStack(stack);
      const budgetsStatements = (id: string) => keyStatements(template, id).filter((statement) => statement.Principal?.Service === 'budgets.amazonaws.com');
      expect(budgetsStatements(logicalId(stack, givenKey))).toHaveLength(1);
      expect(budgetsStatements(logicalId(stack, topicKey))).toEqual([]);
    });

    test('an imported topic gets no policy, and a warning names the statements to add', () => {
      const stack = testStack();
      new CostGuardrails(stack, 'Cost', { topic: sns.Topic.fromTopicArn(stack, 'Imported', TOPIC_ARN) });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SNS::TopicPolicy', 0);
      expect(notifications(template)[0].Subscribers).toEqual([{ SubscriptionType: 'SNS', Address: TOPIC_ARN }]);
      expect(onlyResource(template, 'AWS::Budgets::Budget').DependsOn).toBeUndefined();
      expect(warnings(stack)).toEqual([expect.stringMatching(
        /^The topic was imported, so its policy cannot be changed here: allow budgets.amazonaws.com sns:Publish on it, with the condition aws:SourceAccount = this account .*kms:EncryptionContext:aws:sns:topicArn/)]);
    });

    test('an imported key of an imported topic gets a warning of its own', () => {
      const stack = testStack();
      const topic = sns.Topic.fromTopicAttributes(stack, 'Imported', { topicArn: TOPIC_ARN, keyArn: KEY_ARN });
      new CostGuardrails(stack, 'Cost', { topic, anomalyDetection: AnomalyDetection.existingMonitor(MONITOR_ARN) });
      const found = warnings(stack);
      expect(found).toHaveLength(2);
      expect(found).toContainEqual(expect.stringMatching(
        /^The key of the topic was imported, so its key policy cannot be changed here: allow budgets.amazonaws.com and costalerts.amazonaws.com kms:GenerateDataKey\* and kms:Decrypt/));
    });
  });

  describe('anomaly detection', () => {
    test('an existing monitor: an IMMEDIATE subscription of the topic, impact of 100 USD or more, and no monitor created', () => {
      const { stack, topic, guardrails, template } = synthWithTopic({ anomalyDetection: AnomalyDetection.existingMonitor(MONITOR_ARN) });
      template.resourceCountIs('AWS::CE::AnomalyMonitor', 0);
      expect(subscription(template)).toMatchObject({
        Frequency: 'IMMEDIATE',
        MonitorArnList: [MONITOR_ARN],
        Subscribers: [{ Type: 'SNS', Address: { Ref: logicalId(stack, topic) } }],
      });
      expect(stack.resolve(subscription(template).SubscriptionName)).toEqual(stack.resolve(guardrails.budgetName));
      expect(thresholdExpressionOf(stack, template)).toEqual({
        Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['100'] },
      });
      expect(guardrails.anomalyMonitorArn).toEqual(MONITOR_ARN);
      expect(guardrails.anomalyMonitor).toBeUndefined();
    });

    test('IMMEDIATE alerts let Cost Anomaly Detection of this account publish to the topic and use its key, and wait for the policy', () => {
      const { stack, key, topic, template } = synthWithTopic({ anomalyDetection: AnomalyDetection.existingMonitor(MONITOR_ARN) });
      const topicRef = { Ref: logicalId(stack, topic) };
      expect(topicPolicyStatements(template)).toContainEqual({
        Sid: 'AllowCostAnomalyDetectionToPublish',
        Effect: 'Allow',
        Principal: { Service: 'costalerts.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicRef,
        Condition: { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } },
      });
      expect(keyStatements(template, logicalId(stack, key))).toContainEqual({
        Effect: 'Allow',
        Principal: { Service: ['budgets.amazonaws.com', 'costalerts.amazonaws.com'] },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': SNS_TOPICS_OF_THIS_ACCOUNT } },
      });
      const policyId = Object.keys(template.findResources('AWS::SNS::TopicPolicy'))[0];
      expect(Object.values(template.findResources('AWS::CE::AnomalySubscription'))[0].DependsOn).toEqual([policyId]);
    });

    test('without a topic, a DAILY summary goes to the e-mail addresses', () => {
      const { template } = synth({ emailAddresses: EMAILS, anomalyDetection: AnomalyDetection.existingMonitor(MONITOR_ARN) });
      expect(subscription(template)).toMatchObject({
        Frequency: 'DAILY',
        Subscribers: EMAILS.map((address) => ({ Type: 'EMAIL', Address: address })),
      });
    });

    test('WEEKLY with a topic sends the summary to the e-mail addresses only, and Cost Anomaly Detection gets no topic permission', () => {
      const { template } = synthWithTopic({
        emailAddresses: ['finops@example.com'],
        anomalyDetection: AnomalyDetection.existingMonitor(MONITOR_ARN),
        anomalyAlertFrequency: AnomalyAlertFrequency.WEEKLY,
      });
      expect(subscription(template)).toMatchObject({ Frequency: 'WEEKLY', Subscribers: [{ Type: 'EMAIL', Address: 'finops@example.com' }] });
      expect(JSON.stringify(template.toJSON())).not.toContain('costalerts.amazonaws.com');
    });

    test('anomalyImpactThreshold and anomalyImpactPercentageThreshold must both be reached', () => {
      const { stack, template } = synthWithTopic({
        anomalyDetection: AnomalyDetection.existingMonitor(MONITOR_ARN),
        anomalyImpactThreshold: 250.5,
        anomalyImpactPercentageThreshold: 20,
      });
      expect(thresholdExpressionOf(stack, template)).toEqual({
        And: [
          { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['250.5'] } },
          { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_PERCENTAGE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['20'] } },
        ],
      });
    });

    test('an application tag monitor: a CUSTOM monitor of the tag, subscribed to, with the tag activation step as info', () => {
      const { stack, guardrails, template } = synthWithTopic({ anomalyDetection: AnomalyDetection.applicationTagMonitor(), tagKey: 'app', tagValue: 'shop' });
      const monitor = onlyResource(template, 'AWS::CE::AnomalyMonitor').Properties;
      expect(monitor.MonitorType).toEqual('CUSTOM');
      expect(monitor.MonitorDimension).toBeUndefined();
      expect(JSON.parse(stack.resolve(monitor.MonitorSpecification))).toEqual({ Tags: { Key: 'app', Values: ['shop'], MatchOptions: ['EQUALS'] } });
      expect(monitor.ResourceTags).toContainEqual({ Key: 'app', Value: 'shop' });
      expect(subscription(template).MonitorArnList).toEqual([{ 'Fn::GetAtt': [logicalId(stack, guardrails.anomalyMonitor!), 'MonitorArn'] }]);
      expect(infos(stack)).toEqual([expect.stringContaining('TagKey=app,Status=Active')]);
    });

    test('an AWS services monitor: DIMENSIONAL by SERVICE', () => {
      const { stack, guardrails, template } = synthWithTopic({ anomalyDetection: AnomalyDetection.awsServicesMonitor() });
      expect(onlyResource(template, 'AWS::CE::AnomalyMonitor').Properties).toMatchObject({ MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' });
      expect(logicalId(stack, guardrails.anomalyMonitor!)).toEqual('CostAnomalyMonitorEFF5A6F9');
      expect(infos(stack)).toEqual([]);
    });

    test('AnomalyDetection exposes its kind and monitor ARN', () => {
      expect(AnomalyDetection.disabled().kind).toEqual(AnomalyMonitorKind.DISABLED);
      expect(AnomalyDetection.existingMonitor(MONITOR_ARN)).toMatchObject({ kind: AnomalyMonitorKind.EXISTING, monitorArn: MONITOR_ARN });
    });

    test('a monitor ARN token is passed through', () => {
      const stack = testStack();
      const arn = new CfnParameter(stack, 'MonitorArn').valueAsString;
      new CostGuardrails(stack, 'Cost', { emailAddresses: EMAILS, anomalyDetection: AnomalyDetection.existingMonitor(arn) });
      expect(subscription(Template.fromStack(stack)).MonitorArnList).toEqual([{ Ref: 'MonitorArn' }]);
    });
  });

  describe('validation', () => {
    const otherAccountTopic = (scope: Construct) => sns.Topic.fromTopicArn(scope, 'Other', 'arn:aws:sns:us-east-1:210987654321:alerts');
    const fifoTopic = (scope: Construct) => sns.Topic.fromTopicArn(scope, 'Fifo', `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:alerts.fifo`);
    const existing = AnomalyDetection.existingMonitor(MONITOR_ARN);

    test.each<[string, CostGuardrailsProps, RegExp]>([
      ['monthlyBudget', { monthlyBudget: 0 }, /invalid monthlyBudget \(0\): give the monthly budget in USD, a number greater than 0/],
      ['monthlyBudget', { monthlyBudget: -10 }, /invalid monthlyBudget \(-10\)/],
      ['monthlyBudget', { monthlyBudget: Number.NaN }, /invalid monthlyBudget/],
      ['budgetScope', { budgetScope: 'ORG' as BudgetScope }, /invalid budgetScope \('ORG'\): give one of BudgetScope.ACCOUNT, BudgetScope.APPLICATION_TAG$/],
      ['monthlyBudget', { monthlyBudget: '750' as unknown as number }, /invalid monthlyBudget \('750'\): give a number, not a string$/],
      ['emailAddresses', { emailAddresses: 'finops@example.com' as unknown as string[] },
        /invalid emailAddresses \('finops@example\.com'\): give an array of e-mail addresses, for example \['finops@example\.com'\], not a string$/],
      ['actualSpendThresholds', { actualSpendThresholds: 80 as unknown as number[] }, /invalid actualSpendThresholds \(80\): give an array of percentages, for example \[80, 100\], not a number$/],
      ['anomalyDetection', { anomalyDetection: 'AWS_SERVICES' as unknown as AnomalyDetection },
        /invalid anomalyDetection \('AWS_SERVICES'\): give an AnomalyDetection, for example AnomalyDetection\.existingMonitor\(arn\), not a string$/],
      ['actualSpendThresholds', { actualSpendThresholds: [0] }, /invalid actualSpendThresholds\[0\] \(0\): give a percentage of monthlyBudget from 0.1 to 1000000/],
      ['actualSpendThresholds', { actualSpendThresholds: [80, 1_000_001] }, /invalid actualSpendThresholds\[1\] \(1000001\)/],
      ['actualSpendThresholds', { actualSpendThresholds: [80, 80] }, /invalid actualSpendThresholds\[1\] \(80\): give each threshold once/],
      ['forecastedSpendThresholds', { forecastedSpendThresholds: [-5] }, /invalid forecastedSpendThresholds\[0\] \(-5\)/],
      ['forecastedSpendThresholds', { actualSpendThresholds: [10, 20, 30, 40, 50, 60], forecastedSpendThresholds: [70, 80, 90, 100, 110] },
        /invalid forecastedSpendThresholds .*a budget holds at most 10 notifications/],
      ['emailAddresses', { emailAddresses: [] }, /invalid emailAddresses \(\[\]\): give 1 to 10 addresses/],
      ['emailAddresses', { emailAddresses: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`) }, /invalid emailAddresses .*give 1 to 10 addresses/],
      ['emailAddresses', { emailAddresses: ['finops'] }, /invalid emailAddresses\[0\] \('finops'\): give an e-mail address/],
      ['emailAddresses', { emailAddresses: ['ok@example.com', 'fin ops@example.com'] }, /invalid emailAddresses\[1\] \('fin ops@example.com'\)/],
      ['emailAddresses', { emailAddresses: ['a@example.com', 'a@example.com'] }, /invalid emailAddresses\[1\] .*give each address once/],
      ['tagKey', { tagKey: 'aws:application' }, /invalid tagKey \('aws:application'\): give a key that does not start with aws:/],
      ['tagKey', { tagKey: 'AWS:app' }, /invalid tagKey \('AWS:app'\)/],
      ['tagKey', { tagKey: '' }, /invalid tagKey \(''\): give 1 to 128 letters/],
      ['tagKey', { tagKey: 'k'.repeat(129) }, /invalid tagKey .*give 1 to 128 letters/],
      ['tagKey', { tagKey: 'app$name' }, /invalid tagKey \('app\$name'\)/],
      ['tagValue', { tagValue: 'v'.repeat(257) }, /invalid tagValue .*give 1 to 256 letters/],
      ['tagValue', { tagValue: 'shop (prod)' }, /invalid tagValue \('shop \(prod\)'\)/],
      ['tagValue', { tagValue: '' }, /invalid tagValue \(''\)/],
      ['anomalyAlertFrequency', { anomalyAlertFrequency: AnomalyAlertFrequency.DAILY }, /invalid anomalyAlertFrequency \('DAILY'\): remove it, or turn Cost Anomaly Detection on/],
      ['anomalyImpactThreshold', { anomalyImpactThreshold: 50 }, /invalid anomalyImpactThreshold \(50\): remove it, or turn Cost Anomaly Detection on/],
      ['anomalyImpactPercentageThreshold', { anomalyImpactPercentageThreshold: 10 }, /invalid anomalyImpactPercentageThreshold \(10\): remove it/],
      ['anomalyAlertFrequency', { anomalyDetection: existing, emailAddresses: EMAILS, anomalyAlertFrequency: AnomalyAlertFrequency.IMMEDIATE },
        /invalid anomalyAlertFrequency \('IMMEDIATE'\): give a topic: AWS sends individual anomaly alerts only to SNS topics/],
      ['anomalyAlertFrequency', { anomalyDetection: existing },
        /invalid anomalyAlertFrequency \('DAILY'\): give emailAddresses: AWS sends daily and weekly anomaly summaries only to e-mail addresses/],
      ['anomalyAlertFrequency', { anomalyDetection: existing, emailAddresses: EMAILS, anomalyAlertFrequency: 'HOURLY' as AnomalyAlertFrequency },
        /invalid anomalyAlertFrequency \('HOURLY'\)/],
      ['anomalyImpactThreshold', { anomalyDetection: existing, emailAddresses: EMAILS, anomalyImpactThreshold: -1 }, /invalid anomalyImpactThreshold \(-1\): give a number from 0 to 10,000,000,000/],
      ['anomalyImpactPercentageThreshold', { anomalyDetection: existing, emailAddresses: EMAILS, anomalyImpactPercentageThreshold: 1e11 },
        /invalid anomalyImpactPercentageThreshold \(100000000000\)/],
      ['anomalyDetection.monitorArn', { anomalyDetection: AnomalyDetection.existingMonitor('arn:aws:ce::123:monitor/x'), emailAddresses: EMAILS },
        /invalid anomalyDetection.monitorArn \('arn:aws:ce::123:monitor\/x'\): give the ARN of a Cost Anomaly Detection monitor/],
    ])('rejects %s in %p', (_prop, props, message) => {
      expect(() => synth(props)).toThrow(message);
      expect(() => synth(props)).toThrow(/^TestStack\/Cost: invalid /);
    });

    test.each<[string, (scope: Construct) => sns.ITopic, RegExp]>([
      ['a topic of another account', otherAccountTopic, /invalid topic \('arn:aws:sns:us-east-1:210987654321:alerts'\): give a topic of this account \(123456789012\)/],
      ['a FIFO topic', fifoTopic, /invalid topic .*give a standard topic: AWS Budgets and Cost Anomaly Detection do not publish to FIFO topics/],
    ])('rejects %s', (_name, topic, message) => {
      const stack = testStack();
      expect(() => new CostGuardrails(stack, 'Cost', { topic: topic(stack) })).toThrow(message);
    });

    test('rejects a default tag value that is no valid tag value, and names tagValue as the fix', () => {
      const stack = testStack();
      const scope = new Construct(stack, 'Web App (v2)');
      expect(() => new CostGuardrails(stack, 'Cost', { taggedScope: scope }))
        .toThrow(/invalid tagValue \('TestStack\/Web App \(v2\)'\): the default, the construct path of taggedScope, is not a valid tag value: give a tagValue/);
    });

    test.each<CostGuardrailsProps>([
      { monthlyBudget: 0.01 },
      { actualSpendThresholds: [0.1, 1_000_000], forecastedSpendThresholds: [] },
      { actualSpendThresholds: [10, 20, 30, 40, 50], forecastedSpendThresholds: [60, 70, 80, 90, 100] },
      { emailAddresses: Array.from({ length: 10 }, (_, i) => `a${i}@example.com`) },
      { tagKey: 'user:Cost Center/Team_1=+-@.', tagValue: 'Café 42' },
      { tagKey: 'k'.repeat(128), tagValue: 'v'.repeat(256) },
      { anomalyDetection: AnomalyDetection.existingMonitor(MONITOR_ARN), emailAddresses: EMAILS, anomalyImpactThreshold: 0 },
      { anomalyDetection: AnomalyDetection.disabled() },
    ])('accepts %p', (props) => {
      expect(() => synth(props)).not.toThrow();
    });

    test('accepts a topic of this account in another region', () => {
      const stack = testStack();
      const topic = sns.Topic.fromTopicArn(stack, 'Topic', `arn:aws:sns:${OTHER_REGION}:${TEST_ACCOUNT}:alerts`);
      expect(() => new CostGuardrails(stack, 'Cost', { topic })).not.toThrow();
    });
  });

  describe('quality gates', () => describeQualityGates({
    'CostGuardrails default': (stack) => {
      new CostGuardrails(stack, 'Cost');
    },
    'CostGuardrails with every option': (stack) => {
      const key = new WebAppEncryption(stack, 'Encryption').key;
      const topic = new sns.Topic(stack, 'Alerts', { masterKey: key, enforceSSL: true });
      const app = new Construct(stack, 'WebApp');
      new sns.Topic(app, 'AppTopic', { masterKey: key, enforceSSL: true });
      new CostGuardrails(app, 'Cost', {
        monthlyBudget: 900,
        budgetScope: BudgetScope.APPLICATION_TAG,
        actualSpendThresholds: [50, 80, 100],
        forecastedSpendThresholds: [90, 110],
        emailAddresses: EMAILS,
        anomalyDetection: AnomalyDetection.applicationTagMonitor(),
        anomalyAlertFrequency: AnomalyAlertFrequency.IMMEDIATE,
        anomalyImpactThreshold: 50,
        anomalyImpactPercentageThreshold: 15,
        tagKey: 'app',
        tagValue: 'shop-prod',
        topic,
        encryptionKey: key,
        taggedScope: app,
      });
    },
    'CostGuardrails with the AWS services monitor and e-mail summaries': (stack) => {
      new CostGuardrails(stack, 'Cost', {
        emailAddresses: EMAILS,
        anomalyDetection: AnomalyDetection.awsServicesMonitor(),
        anomalyAlertFrequency: AnomalyAlertFrequency.WEEKLY,
      });
    },
  }, testApp, (app) => testStack(app)));
});
