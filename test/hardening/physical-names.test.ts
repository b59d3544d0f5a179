import { createHash } from 'crypto';
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import {
  AnomalyDetection, DatabaseTopology, HighlyAvailableWebApp, HighlyAvailableWebAppProps, HighlyAvailableWebAppStage, LoadBalancerExposure,
} from '../../src';
import { FULLY_FEATURED } from '../configurations';
import { OTHER_REGION, RECOVERY_REGION, TEST_ACCOUNT, TEST_REGION, testApp } from '../helpers';

/** AWS keeps the name unique in the account across Regions: CloudFront, IAM, Budgets, Cost Explorer, dashboards, multi-Region trails, S3. */
const ACCOUNT = 'account';
/** AWS keeps the name unique in the account and Region. */
const REGION = 'region';
type NameScope = typeof ACCOUNT | typeof REGION;

interface TypeNames {
  /** The properties that name the resource (paths into its Properties; an array holds several names), and how far AWS keeps each unique. */
  readonly names: Record<string, NameScope>;
  /** Properties that look like names but are no name AWS keeps unique in an account or Region, and why. */
  readonly notNames?: Record<string, string>;
}

/**
 * Every resource type of the templates below, with its name properties from the CloudFormation resource reference
 * (set or not: a name that CloudFormation generates is unique by construction). A type with no name has `names: {}`.
 */
const NAME_PROPERTIES: Record<string, TypeNames> = {
  'AWS::ARCZonalShift::ZonalAutoshiftConfiguration': { names: {} },
  'AWS::AutoScaling::AutoScalingGroup': { names: { AutoScalingGroupName: REGION } },
  'AWS::AutoScaling::LifecycleHook': { names: {}, notNames: { LifecycleHookName: 'unique within its Auto Scaling group' } },
  'AWS::AutoScaling::ScalingPolicy': { names: {} },
  'AWS::AutoScaling::WarmPool': { names: {} },
  'AWS::Backup::BackupPlan': { names: { 'BackupPlan.BackupPlanName': REGION } },
  'AWS::Backup::BackupSelection': { names: {}, notNames: { 'BackupSelection.SelectionName': 'unique within its backup plan' } },
  'AWS::Backup::BackupVault': { names: { BackupVaultName: REGION } },
  'AWS::Backup::RestoreTestingPlan': { names: { RestoreTestingPlanName: REGION } },
  'AWS::Backup::RestoreTestingSelection': {
    names: {},
    notNames: { RestoreTestingPlanName: 'the name of its plan', RestoreTestingSelectionName: 'unique within its plan' },
  },
  'AWS::Budgets::Budget': { names: { 'Budget.BudgetName': ACCOUNT } },
  'AWS::CE::AnomalyMonitor': { names: { MonitorName: ACCOUNT } },
  'AWS::CE::AnomalySubscription': { names: { SubscriptionName: ACCOUNT } },
  'AWS::CertificateManager::Certificate': { names: {}, notNames: { DomainName: 'the domain the certificate is for: an account may hold several certificates of one domain' } },
  'AWS::CloudFront::ContinuousDeploymentPolicy': { names: {} },
  'AWS::CloudFront::Distribution': { names: {}, notNames: { 'DistributionConfig.WebACLId': 'the ARN of the WebACL it uses' } },
  'AWS::CloudFront::Function': { names: { Name: ACCOUNT } },
  'AWS::CloudFront::OriginAccessControl': { names: { 'OriginAccessControlConfig.Name': ACCOUNT } },
  'AWS::CloudFront::ResponseHeadersPolicy': { names: { 'ResponseHeadersPolicyConfig.Name': ACCOUNT } },
  'AWS::CloudFront::VpcOrigin': { names: { 'VpcOriginEndpointConfig.Name': ACCOUNT } },
  // A multi-Region trail holds its name in every Region.
  'AWS::CloudTrail::Trail': { names: { TrailName: ACCOUNT } },
  'AWS::CloudWatch::Alarm': { names: { AlarmName: REGION }, notNames: { MetricName: 'the metric the alarm watches' } },
  'AWS::CloudWatch::CompositeAlarm': { names: { AlarmName: REGION } },
  'AWS::CloudWatch::Dashboard': { names: { DashboardName: ACCOUNT } },
  'AWS::Config::ConfigRule': { names: { ConfigRuleName: REGION }, notNames: { 'Source.SourceIdentifier': 'the managed rule it runs' } },
  'AWS::Config::ConfigurationRecorder': { names: { Name: REGION } },
  'AWS::Config::DeliveryChannel': { names: { Name: REGION } },
  'AWS::EC2::EIP': { names: {} },
  'AWS::EC2::FlowLog': { names: {} },
  'AWS::EC2::InternetGateway': { names: {} },
  'AWS::EC2::LaunchTemplate': { names: { LaunchTemplateName: REGION } },
  'AWS::EC2::NatGateway': { names: {} },
  'AWS::EC2::NetworkAcl': { names: {} },
  'AWS::EC2::NetworkAclEntry': { names: {} },
  'AWS::EC2::Route': { names: {} },
  'AWS::EC2::RouteTable': { names: {} },
  'AWS::EC2::SecurityGroup': { names: { GroupName: REGION } },
  'AWS::EC2::SecurityGroupEgress': { names: {} },
  'AWS::EC2::SecurityGroupIngress': { names: {}, notNames: { SourcePrefixListId: 'the prefix list the rule admits' } },
  'AWS::EC2::Subnet': { names: {} },
  'AWS::EC2::SubnetNetworkAclAssociation': { names: {} },
  'AWS::EC2::SubnetRouteTableAssociation': { names: {} },
  'AWS::EC2::VPC': { names: {} },
  'AWS::EC2::VPCEndpoint': { names: {}, notNames: { ServiceName: 'the AWS service the endpoint reaches' } },
  'AWS::EC2::VPCGatewayAttachment': { names: {} },
  'AWS::ElastiCache::ParameterGroup': { names: {} },
  'AWS::ElastiCache::ReplicationGroup': { names: { ReplicationGroupId: REGION } },
  'AWS::ElastiCache::SubnetGroup': { names: { CacheSubnetGroupName: REGION } },
  'AWS::ElastiCache::User': {
    names: { UserId: REGION },
    notNames: { UserName: 'the name clients authenticate with, which users may share (each user group has a user named default)' },
  },
  'AWS::ElastiCache::UserGroup': { names: { UserGroupId: REGION } },
  'AWS::ElasticLoadBalancingV2::Listener': { names: {} },
  'AWS::ElasticLoadBalancingV2::ListenerRule': { names: {} },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { names: { Name: REGION } },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { names: { Name: REGION } },
  'AWS::Events::Rule': { names: { Name: REGION } },
  'AWS::FIS::ExperimentTemplate': { names: {}, notNames: { 'Tags.Name': 'a tag that the console shows; FIS keeps template IDs, not names, unique' } },
  'AWS::GuardDuty::Detector': { names: {} },
  'AWS::IAM::InstanceProfile': { names: { InstanceProfileName: ACCOUNT } },
  'AWS::IAM::ManagedPolicy': { names: { ManagedPolicyName: ACCOUNT } },
  'AWS::IAM::Policy': { names: {}, notNames: { PolicyName: 'an inline policy, named within its role' } },
  'AWS::IAM::Role': { names: { RoleName: ACCOUNT } },
  // The role is AWSServiceRoleForAutoScaling_<CustomSuffix>.
  'AWS::IAM::ServiceLinkedRole': { names: { CustomSuffix: ACCOUNT }, notNames: { AWSServiceName: 'the service that assumes the role' } },
  'AWS::KMS::Key': { names: {} },
  'AWS::Lambda::Function': { names: { FunctionName: REGION } },
  'AWS::Lambda::LayerVersion': { names: {}, notNames: { LayerName: 'a layer of a name that exists gets a new version' } },
  'AWS::Logs::LogGroup': { names: { LogGroupName: REGION } },
  'AWS::RDS::DBCluster': { names: { DBClusterIdentifier: REGION }, notNames: { DatabaseName: 'the database inside the cluster' } },
  'AWS::RDS::DBClusterParameterGroup': { names: { DBClusterParameterGroupName: REGION } },
  'AWS::RDS::DBInstance': {
    names: { DBInstanceIdentifier: REGION },
    notNames: { DBName: 'the database inside the instance', SourceDBInstanceIdentifier: 'the ARN of the instance it replicates' },
  },
  'AWS::RDS::DBParameterGroup': { names: { DBParameterGroupName: REGION } },
  'AWS::RDS::DBProxy': { names: { DBProxyName: REGION } },
  'AWS::RDS::DBProxyTargetGroup': { names: {}, notNames: { TargetGroupName: 'always default: one per proxy' } },
  'AWS::RDS::DBSubnetGroup': { names: { DBSubnetGroupName: REGION } },
  'AWS::RDS::OptionGroup': { names: { OptionGroupName: REGION }, notNames: { EngineName: 'the engine of the options' } },
  'AWS::Route53::RecordSet': {
    names: {},
    notNames: {
      'Name': 'a domain name the user gives, in the user\'s hosted zone',
      'HostedZoneId': 'the user\'s hosted zone',
      'AliasTarget.DNSName': 'where the record points',
      'AliasTarget.HostedZoneId': 'the hosted zone of where the record points',
    },
  },
  'AWS::S3::Bucket': { names: { BucketName: ACCOUNT } },
  'AWS::S3::BucketPolicy': { names: {} },
  'AWS::SNS::Subscription': { names: {} },
  'AWS::SNS::Topic': { names: { TopicName: REGION }, notNames: { DisplayName: 'the sender name of e-mail notifications' } },
  'AWS::SNS::TopicPolicy': { names: {} },
  'AWS::SSM::Association': { names: { AssociationName: REGION }, notNames: { Name: 'the document the association runs' } },
  'AWS::SSM::Document': { names: { Name: REGION } },
  // A patch group is registered with one baseline per account and Region.
  'AWS::SSM::PatchBaseline': { names: { Name: REGION, PatchGroups: REGION } },
  'AWS::SecretsManager::ResourcePolicy': { names: {} },
  'AWS::SecretsManager::RotationSchedule': { names: {} },
  'AWS::SecretsManager::Secret': { names: { Name: REGION } },
  'AWS::SecretsManager::SecretTargetAttachment': { names: {} },
  'AWS::SecurityHub::Hub': { names: {} },
  'AWS::SecurityHub::Standard': { names: {} },
  'AWS::Shield::Protection': {
    names: {},
    notNames: {
      Name: 'a display name: Shield keeps one protection per resource whatever its name (a renamed protection would be replaced, '
        + 'which Shield refuses while the old one protects the resource)',
    },
  },
  'AWS::Synthetics::Canary': { names: { Name: REGION } },
  'AWS::WAFv2::LoggingConfiguration': { names: {} },
  'AWS::WAFv2::WebACL': { names: { Name: REGION }, notNames: { 'VisibilityConfig.MetricName': 'the name of the WebACL\'s CloudWatch metrics' } },
  'Custom::AWS': { names: {} },
  'Custom::CDKBucketDeployment': { names: {} },
  'Custom::VpcRestrictDefaultSG': { names: {} },
};

/** A stack as CloudFormation deploys it: a stack is known by its account, Region and name. */
interface DeployedStack {
  readonly label: string;
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  readonly resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** One name that a stack asks for. */
interface PhysicalName {
  readonly stack: DeployedStack;
  readonly logicalId: string;
  readonly type: string;
  readonly property: string;
  readonly scope: NameScope;
  readonly value: string;
  /** Regions where the name is held: the stack's, and a secret's replica Regions. */
  readonly regions: string[];
}

function deployed(label: string, stacks: CloudFormationStackArtifact[]): DeployedStack[] {
  return stacks.map((artifact) => ({
    label: `${label} ${artifact.stackName} (${artifact.environment.region})`,
    account: artifact.environment.account,
    region: artifact.environment.region,
    stackName: artifact.stackName,
    resources: artifact.template.Resources,
  }));
}

/** The stack's UUID, different for every stack as CloudFormation's is, in an ARN like `AWS::StackId`. */
function stackId(stack: DeployedStack): string {
  const hex = createHash('sha256').update(`${stack.account}/${stack.region}/${stack.stackName}`).digest('hex');
  const uuid = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
  return `arn:aws:cloudformation:${stack.region}:${stack.account}:stack/${stack.stackName}/${uuid}`;
}

/**
 * The value of a property as CloudFormation would deploy it. A reference to another resource of the stack stands for
 * a value that is the stack's own (CloudFormation generated it, or the resource's name is checked itself).
 */
function resolve(value: unknown, stack: DeployedStack): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => resolve(item, stack));
  }
  const node = value as Record<string, any>;
  const [fn, arg] = Object.entries(node)[0];
  const pseudo: Record<string, string> = {
    'AWS::AccountId': stack.account,
    'AWS::Region': stack.region,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stack.stackName,
    'AWS::StackId': stackId(stack),
  };
  switch (fn) {
    case 'Ref':
      return pseudo[arg] ?? `<${stackId(stack)}:${arg}>`;
    case 'Fn::GetAtt':
      return `<${stackId(stack)}:${arg.join('.')}>`;
    case 'Fn::GetStackOutput':
      return `<${arg.Region}/${arg.StackName}:${arg.OutputName}>`;
    case 'Fn::Join':
      return (resolve(arg[1], stack) as string[]).join(arg[0]);
    case 'Fn::Split':
      return (resolve(arg[1], stack) as string).split(arg[0]);
    case 'Fn::Select':
      return (resolve(arg[1], stack) as string[])[Number(arg[0])];
    default:
      throw new Error(`${stack.label}: cannot resolve ${JSON.stringify(value)} in a name`);
  }
}

function at(properties: Record<string, unknown> | undefined, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], properties);
}

function physicalNames(stack: DeployedStack): PhysicalName[] {
  return Object.entries(stack.resources).flatMap(([logicalId, resource]) => {
    const names = NAME_PROPERTIES[resource.Type]?.names ?? {};
    const replicaRegions = resource.Type === 'AWS::SecretsManager::Secret'
      ? ((resource.Properties?.ReplicaRegions ?? []) as Array<{ Region: string }>).map((replica) => replica.Region)
      : [];
    return Object.entries(names).flatMap(([property, scope]) => {
      const given = at(resource.Properties, property);
      if (given === undefined) {
        return [];
      }
      const values = [resolve(given, stack)].flat() as string[];
      return values.map((value) => ({ stack, logicalId, type: resource.Type, property, scope, value, regions: [stack.region, ...replicaRegions] }));
    });
  });
}

/**
 * Every pair of names that AWS would refuse: the same value of the same property of the same type, both account-wide
 * or held in a common Region, in one account. Two stacks of one account, Region and name are one CloudFormation stack
 * (the second deployment updates the first), so they are not compared.
 */
function clashes(stacks: DeployedStack[]): string[] {
  const names = stacks.flatMap(physicalNames);
  const found: string[] = [];
  names.forEach((a, i) => names.slice(i + 1).forEach((b) => {
    const sameStack = a.stack.account === b.stack.account && a.stack.region === b.stack.region && a.stack.stackName === b.stack.stackName;
    if (sameStack && a.stack !== b.stack) {
      return;
    }
    const sameScope = a.stack.account === b.stack.account && (a.scope === ACCOUNT || a.regions.some((region) => b.regions.includes(region)));
    if (a.type === b.type && a.property === b.property && a.value === b.value && sameScope) {
      found.push(`${a.type} ${a.property} '${a.value}': ${a.stack.label} ${a.logicalId} and ${b.stack.label} ${b.logicalId}`);
    }
  }));
  return found;
}

/** Properties that look like names (…Name, …Id, …Identifier, at the top or one level down) and are no reference to another resource. */
function nameLikeProperties(properties: Record<string, unknown> = {}): string[] {
  const isReference = (value: unknown): boolean => Array.isArray(value)
    ? value.length > 0 && value.every(isReference)
    : typeof value === 'object' && value !== null && ['Ref', 'Fn::GetAtt', 'Fn::GetStackOutput'].some((fn) => fn in value);
  const found: string[] = [];
  const visit = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (/(Name|Id|Identifier)$/.test(key) && !isReference(value)) {
        found.push(`${prefix}${key}`);
      }
      if (prefix === '' && typeof value === 'object' && value !== null && !Array.isArray(value) && !Object.keys(value).some((k) => k.startsWith('Fn::') || k === 'Ref')) {
        visit(value as Record<string, unknown>, `${key}.`);
      }
    }
  };
  visit(properties, '');
  return found;
}

const EDGE_WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${TEST_ACCOUNT}:global/webacl/edge/11111111-2222-3333-4444-555555555555`;
const EDGE_CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${TEST_ACCOUNT}:certificate/66666666-7777-8888-9999-000000000000`;

/** The fully featured app in a stack `Prod` of its own app, named `stackName`. */
function fullyFeatured(region: string, stackName: string, configure: (stack: Stack) => HighlyAvailableWebAppProps = FULLY_FEATURED): DeployedStack[] {
  const app = testApp();
  const stack = new Stack(app, 'Prod', { stackName, env: { account: TEST_ACCOUNT, region } });
  new HighlyAvailableWebApp(stack, 'WebApp', configure(stack));
  return deployed(`${stackName}:`, app.synth().stacks);
}

/**
 * The fully featured app with its edge's WebACL and certificate from us-east-1 (CloudFront accepts them from there
 * only), so that the same stack deploys in any Region; the load balancer's certificate is of the stack's Region, and
 * the load balancer internal, behind a VPC origin (whose name CloudFront keeps per account).
 */
function fullyFeaturedInAnyRegion(stack: Stack): HighlyAvailableWebAppProps {
  const props = FULLY_FEATURED(stack);
  const { firewall: _, ...edge } = props.edge!;
  return {
    ...props,
    edge: { ...edge, webAclArn: EDGE_WEB_ACL_ARN, certificate: acm.Certificate.fromCertificateArn(stack, 'EdgeCertificate', EDGE_CERTIFICATE_ARN) },
    appTier: {
      ...props.appTier,
      loadBalancerExposure: LoadBalancerExposure.INTERNAL,
      certificate: acm.Certificate.fromCertificateArn(stack, 'RegionalCertificate',
        `arn:aws:acm:${stack.region}:${TEST_ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`),
    },
  };
}

/**
 * The fully featured app's options as the stage takes them: the stage owns the domain, the certificates and the
 * replication, its recovery Region keeps a read replica of a Multi-AZ instance, and its edge reaches internal load
 * balancers. A new anomaly monitor, where the single stack uses an existing one.
 */
function stageWebApp(): HighlyAvailableWebAppProps {
  const props = FULLY_FEATURED(new Stack());
  return {
    ...props,
    domainName: undefined,
    hostedZone: undefined,
    alternativeDomainNames: undefined,
    appTier: { ...props.appTier, certificate: undefined, loadBalancerExposure: undefined },
    backup: { ...props.backup, disasterRecoveryVault: undefined },
    database: { ...props.database, topology: DatabaseTopology.multiAzInstance({ readReplicas: 1 }) },
    costGuardrails: { ...props.costGuardrails, anomalyDetection: AnomalyDetection.applicationTagMonitor() },
  };
}

function stage(primaryRegion: string, recoveryRegion: string): DeployedStack[] {
  const app = testApp();
  const prod = new HighlyAvailableWebAppStage(app, 'Prod', {
    env: { account: TEST_ACCOUNT },
    primaryRegion,
    recoveryRegion,
    domainName: 'www.example.com',
    hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
    alternativeDomainNames: ['example.com'],
    recovery: { writePathPatterns: ['/api/*'] },
    webApp: stageWebApp(),
  });
  return deployed(`stage ${primaryRegion}→${recoveryRegion}:`, prod.synth().stacks);
}

describe('physical names: what AWS keeps per account or Region is unique per stack name and Region', () => {
  const deployments: Record<string, DeployedStack[]> = {};
  beforeAll(() => {
    deployments['two stack names, one Region'] = [...fullyFeatured(TEST_REGION, 'web-a'), ...fullyFeatured(TEST_REGION, 'web-b')];
    deployments['one stack, two Regions'] = [
      ...fullyFeatured(TEST_REGION, 'web', fullyFeaturedInAnyRegion),
      ...fullyFeatured(RECOVERY_REGION, 'web', fullyFeaturedInAnyRegion),
    ];
    deployments['the stage twice, primary and recovery Regions swapped'] = [...stage(OTHER_REGION, RECOVERY_REGION), ...stage(RECOVERY_REGION, OTHER_REGION)];
  });

  test.each([
    'two stack names, one Region',
    'one stack, two Regions',
    'the stage twice, primary and recovery Regions swapped',
  ])('%s: no name is asked for twice in its scope', (deployment) => {
    expect(clashes(deployments[deployment])).toEqual([]);
  });

  test('the deployments ask for names of every kind that the issue named', () => {
    const all = Object.values(deployments).flat().flatMap(physicalNames);
    const named = new Set(all.map((name) => `${name.type} ${name.property}`));
    expect([...named].sort()).toEqual(expect.arrayContaining([
      'AWS::Backup::BackupPlan BackupPlan.BackupPlanName',
      'AWS::Backup::BackupVault BackupVaultName',
      'AWS::Budgets::Budget Budget.BudgetName',
      'AWS::CE::AnomalyMonitor MonitorName',
      'AWS::CE::AnomalySubscription SubscriptionName',
      'AWS::CloudFront::Function Name',
      'AWS::CloudFront::OriginAccessControl OriginAccessControlConfig.Name',
      'AWS::CloudFront::ResponseHeadersPolicy ResponseHeadersPolicyConfig.Name',
      'AWS::CloudFront::VpcOrigin VpcOriginEndpointConfig.Name',
      'AWS::CloudTrail::Trail TrailName',
      'AWS::CloudWatch::CompositeAlarm AlarmName',
      'AWS::ElastiCache::User UserId',
      'AWS::ElastiCache::UserGroup UserGroupId',
      'AWS::IAM::ServiceLinkedRole CustomSuffix',
      'AWS::Logs::LogGroup LogGroupName',
      'AWS::RDS::DBCluster DBClusterIdentifier',
      'AWS::RDS::DBInstance DBInstanceIdentifier',
      'AWS::RDS::DBProxy DBProxyName',
      'AWS::S3::Bucket BucketName',
      'AWS::SSM::Association AssociationName',
      'AWS::SSM::PatchBaseline Name',
      'AWS::SSM::PatchBaseline PatchGroups',
      'AWS::SecretsManager::Secret Name',
    ]));
  });

  test('every resource type of the templates is in the table of name properties', () => {
    const types = new Set(Object.values(deployments).flat().flatMap((stack) => Object.values(stack.resources).map((resource) => resource.Type)));
    expect([...types].filter((type) => !(type in NAME_PROPERTIES)).sort()).toEqual([]);
  });

  test('every property that looks like a name is in the table, as a name or with the reason it is none', () => {
    const unlisted = new Set<string>();
    for (const stack of Object.values(deployments).flat()) {
      for (const resource of Object.values(stack.resources)) {
        const known = NAME_PROPERTIES[resource.Type] ?? { names: {} };
        nameLikeProperties(resource.Properties)
          .filter((property) => !(property in known.names) && !(property in (known.notNames ?? {})))
          .forEach((property) => unlisted.add(`${resource.Type} ${property}`));
      }
    }
    expect([...unlisted].sort()).toEqual([]);
  });

  test('the check finds the clash of a name built from construct ids alone', () => {
    const withAlarm = (stackName: string) => {
      const app = new App();
      const stack = new Stack(app, 'Prod', { stackName, env: { account: TEST_ACCOUNT, region: TEST_REGION } });
      new cloudwatch.CompositeAlarm(stack, 'Alarm', { alarmRule: cloudwatch.AlarmRule.fromBoolean(false) });
      return deployed(`${stackName}:`, app.synth().stacks);
    };
    expect(clashes([...withAlarm('web-a'), ...withAlarm('web-b')])).toEqual([
      expect.stringMatching(/^AWS::CloudWatch::CompositeAlarm AlarmName 'ProdAlarm[0-9A-F]{8}': web-a: /),
    ]);
  });

  test('names from the stack\'s UUID differ between stacks, as CloudFormation\'s UUIDs do', () => {
    // Budget names are per account: the same stack in two Regions has two budgets, told apart by the UUID alone.
    const [first, second] = deployments['one stack, two Regions'].map((stack) =>
      physicalNames(stack).find((name) => name.type === 'AWS::Budgets::Budget')!.value);
    expect(first).toMatch(/^web-WebApp-CostGuardrails-[0-9A-F]{8}-[0-9a-f]{8}$/);
    expect(second.slice(0, -8)).toEqual(first.slice(0, -8));
    expect(second).not.toEqual(first);
  });
});
