import { Annotations, ArnFormat, Aws, Duration, Fn, Names, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { IWebAppCache } from '../data/web-app-cache';
import { DatabaseDeployment, IWebAppDatabase } from '../data/web-app-database';
import { recordException, wildcardFindings } from '../private/compliance';
import { grantPolicy, wildcard } from '../private/exceptions';
import { displayPath } from '../private/paths';
import { invalidProp, PropTypes, types, validateTypes } from '../private/validation';

/** FIS takes at most 5 stop conditions per experiment template (a quota that cannot be raised). */
const MAX_STOP_CONDITIONS = 5;
/** FIS takes at most 5 resource ARNs per target. */
const MAX_TARGET_ARNS = 5;
/** The actions of the zone experiment take durations from one minute to 12 hours. */
const MIN_DURATION_SECONDS = 60;
const MAX_DURATION_SECONDS = 12 * 60 * 60;
/**
 * How long the cache failover experiment interrupts the cache nodes of the zone: long enough for ElastiCache to
 * promote a replica and for the app to reconnect, short enough that the group is soon back to full capacity.
 */
const CACHE_FAILOVER_DURATION = Duration.minutes(10);
/** The tag by which the zone experiment finds the Auto Scaling group (Auto Scaling groups have no ARN FIS can take). */
const GROUP_TARGET_TAG = 'FaultInjectionTarget';
/** The tag that FIS puts on the network ACLs it creates for `aws:network:disrupt-connectivity`. */
const FIS_MANAGED_TAG = 'managedByFIS';

/**
 * Settings of {@link FaultInjectionExperiments} that a user chooses; the rest (the group, the subnets, the alarms,
 * the stores) comes from the app. `HighlyAvailableWebApp` takes them as `faultInjection`.
 */
export interface FaultInjectionOptions {
  /**
   * The Availability Zone (name, for example `us-east-1a`) whose power the zone experiment interrupts, and whose cache
   * nodes the cache experiment interrupts. A token works: the subnets of the zone are matched by their zone's value.
   *
   * @default - the zone of the first subnet of `subnets`
   */
  readonly availabilityZone?: string;

  /**
   * How long the zone's power stays out: from one minute to 12 hours.
   *
   * @default Duration.minutes(30) - as the AWS "AZ Availability: Power Interruption" scenario
   */
  readonly duration?: Duration;

  /**
   * How long CloudWatch Logs keeps the experiments' logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the experiment log group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Properties for {@link FaultInjectionExperiments}.
 */
export interface FaultInjectionExperimentsProps extends FaultInjectionOptions {
  /**
   * The Auto Scaling group of the app tier (`WebAppTier.autoScalingGroup`). Its instances are found by their
   * `aws:autoscaling:groupName` tag. For a group of this app the construct adds a `FaultInjectionTarget` tag to the
   * group, by which the zone experiment finds it; an imported group gets a warning naming the tag to add.
   */
  readonly autoScalingGroup: autoscaling.IAutoScalingGroup;

  /**
   * The app's subnets whose connectivity the zone experiment disrupts: those of `availabilityZone` are taken, each
   * once, at most five (for example the app and data subnets, and the public subnets of the app's own VPC).
   */
  readonly subnets: ec2.ISubnet[];

  /**
   * Alarms that stop an experiment as soon as one of them goes to ALARM, one to five (for example the
   * application-unavailable composite alarm of `WebAppMonitoring`).
   */
  readonly stopConditionAlarms: cloudwatch.IAlarm[];

  /** The app's key, which encrypts the experiment log group and the instances' volumes (restarted by the zone experiment). */
  readonly encryptionKey: kms.IKey;

  /**
   * The database. Not a cross-Region read replica: it has no writer to fail over (leave it out in the recovery Region).
   *
   * @default - no database experiment, and the zone experiment does not fail the database over
   */
  readonly database?: IWebAppDatabase;

  /**
   * How the database is deployed (`WebAppDatabase.topology.deployment`), which decides the failover action: a reboot
   * with failover for a Multi-AZ DB instance, a cluster failover for a Multi-AZ DB cluster or Aurora.
   *
   * @default - required with `database`
   */
  readonly databaseDeployment?: DatabaseDeployment;

  /**
   * The cache. Its replication group must have Multi-AZ with automatic failover (WebAppCache always does).
   *
   * @default - no cache experiment, and the zone experiment does not interrupt the cache
   */
  readonly cache?: IWebAppCache;
}

/**
 * AWS FIS experiment templates for the failures the app claims to survive: one instance lost, one Availability Zone's
 * power interrupted, the database writer failed over, the cache primary failed over. Templates only: nothing in the
 * stack starts an experiment; someone runs `aws fis start-experiment --experiment-template-id <id>`.
 *
 * Each template stops when one of `stopConditionAlarms` goes to ALARM, logs to a log group encrypted with the app's
 * key, targets only this app's resources, and runs with a role of its own that may act on those resources only.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 * @see https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html
 */
export class FaultInjectionExperiments extends Construct {
  /** Terminates one running instance of the Auto Scaling group. */
  public readonly instanceLossTemplate: fis.CfnExperimentTemplate;
  /** Interrupts the power of one Availability Zone for the app: instances, launches, subnets, database writer, cache nodes. */
  public readonly zonePowerInterruptionTemplate: fis.CfnExperimentTemplate;
  /**
   * Fails the database writer over to its standby or a reader.
   *
   * @default - none without `database`
   */
  public readonly databaseFailoverTemplate?: fis.CfnExperimentTemplate;
  /**
   * Interrupts the cache nodes of the zone, so that a replica takes over when the primary is there.
   *
   * @default - none without `cache`
   */
  public readonly cacheFailoverTemplate?: fis.CfnExperimentTemplate;
  /** The role of each template, by template: `InstanceLoss`, `ZonePowerInterruption`, `DatabaseFailover`, `CacheFailover`. */
  public readonly roles: { [template: string]: iam.IRole };
  /** The log group of the experiments. */
  public readonly logGroup: logs.ILogGroup;
  /** The Availability Zone of the zone and cache experiments. */
  public readonly availabilityZone: string;

  private readonly props: FaultInjectionExperimentsProps;
  private readonly name: string;
  private readonly groupTagValue: string;
  private readonly zoneSubnets: ec2.ISubnet[];
  private readonly durationText: string;
  private readonly templateRoles: Record<string, iam.Role> = {};

  constructor(scope: Construct, id: string, props: FaultInjectionExperimentsProps) {
    super(scope, id);
    validateTypes(this, props, FAULT_INJECTION_PROP_TYPES);
    this.props = props;

    requireProps(this, props);
    const duration = props.duration ?? Duration.minutes(30);
    if (props.subnets.length === 0) {
      invalidProp(this, 'subnets', props.subnets, "give the app's subnets, for example the app and data subnets of WebAppNetwork");
    }
    this.availabilityZone = props.availabilityZone ?? props.subnets[0].availabilityZone;
    validateStopConditions(this, props.stopConditionAlarms);
    validateDuration(this, duration);
    validateDatabase(this, props.database, props.databaseDeployment);
    validateZone(this, this.availabilityZone);
    this.zoneSubnets = subnetsOfZone(this, props.subnets, this.availabilityZone);
    this.durationText = duration.toIsoString();

    this.name = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    this.groupTagValue = this.name;
    this.tagGroup(props.autoScalingGroup);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/fis/${this.name}/${Fn.select(2, Fn.split('/', Aws.STACK_ID))}`,
      encryptionKey: props.encryptionKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.instanceLossTemplate = this.instanceLoss();
    this.zonePowerInterruptionTemplate = this.zonePowerInterruption();
    this.databaseFailoverTemplate = props.database ? this.databaseFailover(props.database, props.databaseDeployment!) : undefined;
    this.cacheFailoverTemplate = props.cache ? this.cacheFailover(props.cache) : undefined;
    this.roles = { ...this.templateRoles };
    Object.values(this.templateRoles).forEach((role) => this.recordWildcards(role));
  }

  /** One running instance of the group, chosen at random, is terminated; the group replaces it. */
  private instanceLoss(): fis.CfnExperimentTemplate {
    const role = this.role('InstanceLoss');
    this.allowInstances(role, ['ec2:TerminateInstances']);
    return this.template('InstanceLoss', role, {
      description: `Terminates one running instance of the Auto Scaling group of ${displayPath(this)}; the group must replace it while the others serve`,
      targets: {
        Instances: { ...this.groupInstances(), selectionMode: 'COUNT(1)' },
      },
      actions: {
        TerminateInstance: { actionId: 'aws:ec2:terminate-instances', targets: { Instances: 'Instances' } },
      },
      // An empty group is a finding, not a skip.
      emptyTargetResolutionMode: 'fail',
    });
  }

  /** The app's share of the AWS "AZ Availability: Power Interruption" scenario. */
  private zonePowerInterruption(): fis.CfnExperimentTemplate {
    const { database, databaseDeployment, cache } = this.props;
    const zone = this.availabilityZone;
    const role = this.role('ZonePowerInterruption');
    this.allowInstances(role, ['ec2:StopInstances', 'ec2:StartInstances']);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kms:CreateGrant'],
      resources: [this.props.encryptionKey.keyArn],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }));
    this.allowInsufficientCapacity(role);
    this.allowNetworkDisruption(role);

    const targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty> = {
      Instances: {
        resourceType: 'aws:ec2:instance',
        resourceTags: { 'aws:autoscaling:groupName': this.props.autoScalingGroup.autoScalingGroupName },
        filters: [
          { path: 'Placement.AvailabilityZone', values: [zone] },
          { path: 'State.Name', values: ['running'] },
        ],
        selectionMode: 'ALL',
      },
      AutoScalingGroup: { resourceType: 'aws:ec2:autoscaling-group', resourceTags: { [GROUP_TARGET_TAG]: this.groupTagValue }, selectionMode: 'ALL' },
      Subnets: { resourceType: 'aws:ec2:subnet', resourceArns: this.zoneSubnets.map((subnet) => this.subnetArn(subnet)), selectionMode: 'ALL' },
    };
    const actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty> = {
      StopInstances: {
        actionId: 'aws:ec2:stop-instances',
        description: 'Instances of the zone lose power and start again when it returns (or are replaced by the group)',
        parameters: { startInstancesAfterDuration: this.durationText, completeIfInstancesTerminated: 'true' },
        targets: { Instances: 'Instances' },
      },
      PauseInstanceLaunches: {
        actionId: 'aws:ec2:asg-insufficient-instance-capacity-error',
        description: 'The group cannot launch instances in the zone',
        parameters: { availabilityZoneIdentifiers: zone, duration: this.durationText, percentage: '100' },
        targets: { AutoScalingGroups: 'AutoScalingGroup' },
      },
      DisruptConnectivity: {
        actionId: 'aws:network:disrupt-connectivity',
        description: "No traffic enters or leaves the app's subnets of the zone",
        parameters: { scope: 'all', duration: this.durationText },
        targets: { Subnets: 'Subnets' },
      },
    };
    if (database) {
      const cluster = databaseDeployment !== DatabaseDeployment.MULTI_AZ_INSTANCE;
      this.allowDatabaseFailover(role, database, cluster);
      targets.Database = {
        ...databaseTarget(database, cluster),
        parameters: { [cluster ? 'writerAvailabilityZoneIdentifiers' : 'availabilityZoneIdentifiers']: zone },
      };
      actions.FailOverDatabase = { ...databaseFailoverAction(cluster), description: 'The database writer fails over when it runs in the zone' };
    }
    if (cache) {
      this.allowCacheInterruption(role, cache);
      targets.Cache = this.cacheTarget(cache);
      actions.InterruptCachePower = {
        actionId: 'aws:elasticache:replicationgroup-interrupt-az-power',
        description: 'The cache nodes of the zone lose power; a replica takes over from a primary there',
        parameters: { duration: this.durationText },
        targets: { ReplicationGroups: 'Cache' },
      };
    }
    return this.template('ZonePowerInterruption', role, {
      description: `Interrupts for ${readableDuration(this.durationText)} the power of Availability Zone ${Token.isUnresolved(zone) ? '(the chosen zone)' : zone} `
        + `for the app of ${displayPath(this)}: its instances stop, the group cannot launch there, its subnets lose connectivity`
        + `${database ? ', the database writer fails over if it is there' : ''}${cache ? ', its cache nodes lose power' : ''}`,
      targets,
      actions,
      // As in the AWS scenario: the writer or the cache primary may be in another zone, and the zone may have no instance.
      emptyTargetResolutionMode: 'skip',
    });
  }

  private databaseFailover(database: IWebAppDatabase, deployment: DatabaseDeployment): fis.CfnExperimentTemplate {
    const cluster = deployment !== DatabaseDeployment.MULTI_AZ_INSTANCE;
    const role = this.role('DatabaseFailover');
    this.allowDatabaseFailover(role, database, cluster);
    return this.template('DatabaseFailover', role, {
      description: `Fails the writer of the database of ${displayPath(this)} over to ${cluster ? 'a reader of the cluster' : 'its Multi-AZ standby'}`,
      targets: { Database: databaseTarget(database, cluster) },
      actions: { FailOverDatabase: databaseFailoverAction(cluster) },
      emptyTargetResolutionMode: 'fail',
    });
  }

  private cacheFailover(cache: IWebAppCache): fis.CfnExperimentTemplate {
    const role = this.role('CacheFailover');
    this.allowCacheInterruption(role, cache);
    return this.template('CacheFailover', role, {
      description: `Interrupts the cache nodes of ${displayPath(this)} in the chosen zone for ${readableDuration(CACHE_FAILOVER_DURATION.toIsoString())}: `
        + 'when the primary is there, the replica with the least lag becomes primary',
      targets: { Cache: this.cacheTarget(cache) },
      actions: {
        InterruptCachePower: {
          actionId: 'aws:elasticache:replicationgroup-interrupt-az-power',
          parameters: { duration: CACHE_FAILOVER_DURATION.toIsoString() },
          targets: { ReplicationGroups: 'Cache' },
        },
      },
      // No node in the zone means the experiment tests nothing: say so.
      emptyTargetResolutionMode: 'fail',
    });
  }

  private template(id: string, role: iam.Role, spec: TemplateSpec): fis.CfnExperimentTemplate {
    const template = new fis.CfnExperimentTemplate(this, id, {
      description: spec.description.slice(0, 512),
      roleArn: role.roleArn,
      targets: spec.targets,
      actions: spec.actions,
      stopConditions: this.props.stopConditionAlarms.map((alarm) => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
      logConfiguration: {
        logSchemaVersion: 2,
        // An untyped JSON property in aws-cdk-lib, written as CloudFormation names it.
        cloudWatchLogsConfiguration: { LogGroupArn: this.logGroup.logGroupArn },
      },
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: spec.emptyTargetResolutionMode },
      tags: { Name: `${this.name}-${id}` },
    });
    // FIS checks the role when the template is created.
    template.node.addDependency(role);
    return template;
  }

  /** A role that only FIS experiments of this account and Region may assume, allowed to deliver the experiment's logs. */
  private role(id: string): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, `${id}Role`, {
      description: `Runs the ${id} fault injection experiment of ${displayPath(this)}`,
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
        },
      }),
    });
    // Vended log delivery to CloudWatch Logs: these actions support no resource-level permissions.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      resources: ['*'],
    }));
    recordException(role, grantPolicy(`role of the ${id} fault injection experiment`));
    this.templateRoles[id] = role;
    return role;
  }

  /** The group's instances, by the tag Auto Scaling puts on each. */
  private groupInstances(): Omit<fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty, 'selectionMode'> {
    return {
      resourceType: 'aws:ec2:instance',
      resourceTags: { 'aws:autoscaling:groupName': this.props.autoScalingGroup.autoScalingGroupName },
      filters: [{ path: 'State.Name', values: ['running'] }],
    };
  }

  private allowInstances(role: iam.Role, actions: string[]): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions,
      resources: [Stack.of(this).formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
      conditions: { StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': this.props.autoScalingGroup.autoScalingGroupName } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] }));
  }

  private allowInsufficientCapacity(role: iam.Role): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:InjectApiError'],
      resources: ['*'],
      conditions: {
        'StringEquals': { 'ec2:FisActionId': 'aws:ec2:asg-insufficient-instance-capacity-error' },
        'ForAllValues:ArnLike': { 'ec2:FisTargetArns': this.props.autoScalingGroup.autoScalingGroupArn },
      },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['autoscaling:DescribeAutoScalingGroups'], resources: ['*'] }));
  }

  /** FIS swaps each subnet's network ACL for a copy with deny rules that it creates, tags, and deletes afterwards. */
  private allowNetworkDisruption(role: iam.Role): void {
    const stack = Stack.of(this);
    const networkAcls = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:CreateNetworkAcl'],
      resources: [networkAcls, stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: '*' })],
      conditions: { StringEquals: { [`aws:RequestTag/${FIS_MANAGED_TAG}`]: 'true' } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:CreateTags'],
      resources: [networkAcls],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl' } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
      resources: [networkAcls],
      conditions: { StringEquals: { [`aws:ResourceTag/${FIS_MANAGED_TAG}`]: 'true' } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:ReplaceNetworkAclAssociation'],
      resources: [networkAcls, ...this.zoneSubnets.map((subnet) => this.subnetArn(subnet))],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'],
      resources: ['*'],
    }));
  }

  private allowDatabaseFailover(role: iam.Role, database: IWebAppDatabase, cluster: boolean): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: cluster ? ['rds:FailoverDBCluster', 'rds:DescribeDBClusters'] : ['rds:RebootDBInstance', 'rds:DescribeDBInstances'],
      resources: [database.arn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['tag:GetResources'], resources: ['*'] }));
  }

  private allowCacheInterruption(role: iam.Role, cache: IWebAppCache): void {
    const stack = Stack.of(this);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['elasticache:InterruptClusterAzPower', 'elasticache:DescribeReplicationGroups'],
      resources: [
        this.cacheArn(cache),
        // The group's nodes, which ElastiCache names after it: <group>-001, or <group>-0001-001 in cluster mode.
        stack.formatArn({ service: 'elasticache', resource: 'cluster', resourceName: `${cache.replicationGroupId}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['tag:GetResources'], resources: ['*'] }));
  }

  private cacheTarget(cache: IWebAppCache): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty {
    return {
      resourceType: 'aws:elasticache:replicationgroup',
      resourceArns: [this.cacheArn(cache)],
      parameters: { availabilityZoneIdentifier: this.availabilityZone },
      selectionMode: 'ALL',
    };
  }

  private cacheArn(cache: IWebAppCache): string {
    return Stack.of(this).formatArn({ service: 'elasticache', resource: 'replicationgroup', resourceName: cache.replicationGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  private subnetArn(subnet: ec2.ISubnet): string {
    return Stack.of(this).formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId });
  }

  /** The zone experiment finds the group by a tag of its own: an Auto Scaling group's ARN holds an ID known only once it exists. */
  private tagGroup(group: autoscaling.IAutoScalingGroup): void {
    if (group instanceof autoscaling.AutoScalingGroup) {
      Tags.of(group).add(GROUP_TARGET_TAG, this.groupTagValue, { applyToLaunchedInstances: false });
    } else {
      Annotations.of(this).addWarningV2('cdk-ha-web-app:fault-injection-group-tag',
        `The Auto Scaling group ${group.node.path} was imported, so it cannot be tagged here: tag it with '${GROUP_TARGET_TAG}' = '${this.groupTagValue}', `
        + 'or the zone experiment skips the insufficient-capacity errors of its launches.');
    }
  }

  /** Records each wildcard of a role's policy, with why it cannot be narrower. */
  private recordWildcards(role: iam.Role): void {
    for (const finding of wildcardFindings(role)) {
      const reason = WILDCARD_REASONS.find(([suffix]) => finding.endsWith(suffix))?.[1];
      if (!reason) {
        throw new Error(`no reason recorded for the wildcard ${finding} of ${role.node.path}`);
      }
      recordException(role, wildcard(finding, reason));
    }
  }
}

/** Why each wildcard of the experiment roles' policies is there, by how the finding ends. */
const WILDCARD_REASONS: Array<[string, string]> = [
  [':instance/*', 'the instances are held by a condition to those tagged aws:autoscaling:groupName with the app\'s group: the group launches and replaces them'],
  [':network-acl/*', `the network ACLs are those FIS creates for the experiment, held by a condition to the tag ${FIS_MANAGED_TAG}=true, `
    + 'and the ACLs of the target subnets that FIS swaps back; their IDs exist only during the experiment'],
  [':vpc/*', `ec2:CreateNetworkAcl names the VPC, and is held by a condition to requests tagging the new ACL ${FIS_MANAGED_TAG}=true`],
  ['-*', 'the nodes of the app\'s cache replication group, which ElastiCache names after the group'],
  ['Resource::*', 'these actions support no resource-level permissions: log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeResourcePolicies, '
    + 'DescribeLogGroups), reads (ec2:Describe*, GetManagedPrefixListEntries, autoscaling:DescribeAutoScalingGroups, tag:GetResources), and ec2:InjectApiError, '
    + 'held by conditions to the FIS action aws:ec2:asg-insufficient-instance-capacity-error on the app\'s Auto Scaling group'],
];

interface TemplateSpec {
  readonly description: string;
  readonly targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty>;
  readonly actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty>;
  readonly emptyTargetResolutionMode: 'fail' | 'skip';
}

function databaseTarget(database: IWebAppDatabase, cluster: boolean): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty {
  return { resourceType: cluster ? 'aws:rds:cluster' : 'aws:rds:db', resourceArns: [database.arn], selectionMode: 'ALL' };
}

function databaseFailoverAction(cluster: boolean): fis.CfnExperimentTemplate.ExperimentTemplateActionProperty {
  return cluster
    ? { actionId: 'aws:rds:failover-db-cluster', targets: { Clusters: 'Database' } }
    : { actionId: 'aws:rds:reboot-db-instances', parameters: { forceFailover: 'true' }, targets: { DBInstances: 'Database' } };
}

/** A duration as the descriptions show it: `30 minutes`. */
function readableDuration(iso: string): string {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  if (!match) {
    return iso;
  }
  const parts = [[match[1], 'hour'], [match[2], 'minute'], [match[3], 'second']]
    .filter(([value]) => value !== undefined)
    .map(([value, unit]) => `${value} ${unit}${value === '1' ? '' : 's'}`);
  return parts.join(' ');
}

/** The required props, for callers that no compiler checks. */
function requireProps(scope: IConstruct, props: FaultInjectionExperimentsProps): void {
  for (const name of ['autoScalingGroup', 'subnets', 'stopConditionAlarms', 'encryptionKey'] as const) {
    if (props[name] === undefined || props[name] === null) {
      invalidProp(scope, name, props[name], `give ${FAULT_INJECTION_PROP_TYPES[name].expected}: it is required`);
    }
  }
}

function validateStopConditions(scope: IConstruct, alarms: cloudwatch.IAlarm[]): void {
  if (alarms.length === 0 || alarms.length > MAX_STOP_CONDITIONS) {
    invalidProp(scope, 'stopConditionAlarms', alarms,
      `give 1 to ${MAX_STOP_CONDITIONS} alarms, for example the application-unavailable alarm of WebAppMonitoring: `
      + `FIS stops an experiment when one goes to ALARM, and takes at most ${MAX_STOP_CONDITIONS} stop conditions per template`);
  }
}

function validateDuration(scope: IConstruct, value: Duration): void {
  if (value.isUnresolved()) {
    invalidProp(scope, 'duration', value.toString(), 'give a literal Duration, for example Duration.minutes(30): FIS takes it as an ISO 8601 text');
  }
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    invalidProp(scope, 'duration', value.toString(),
      'give whole seconds from Duration.minutes(1) to Duration.hours(12), for example Duration.minutes(30): the FIS actions of the zone experiment take no other durations');
  }
}

function validateDatabase(scope: IConstruct, database: IWebAppDatabase | undefined, deployment: DatabaseDeployment | undefined): void {
  if (database && deployment === undefined) {
    invalidProp(scope, 'databaseDeployment', deployment,
      'give the deployment of the database, for example database.topology.deployment of a WebAppDatabase: it decides the failover action');
  }
  if (!database && deployment !== undefined) {
    invalidProp(scope, 'databaseDeployment', deployment, 'give database too, or leave databaseDeployment out');
  }
}

function validateZone(scope: IConstruct, zone: string): void {
  if (Token.isUnresolved(zone)) {
    return;
  }
  const region = Stack.of(scope).region;
  if (!/^[a-z]{2}(-[a-z0-9]+)+-\d+[a-z]$/.test(zone) || (!Token.isUnresolved(region) && !zone.startsWith(region))) {
    invalidProp(scope, 'availabilityZone', zone,
      `give the name of an Availability Zone of the stack's Region${Token.isUnresolved(region) ? '' : ` ${region}`}, for example '${Token.isUnresolved(region) ? 'us-east-1' : region}a'`);
  }
}

/**
 * The subnets in the zone, each once (the app and data selections of an existing VPC may share subnets), matched by
 * value, so that a token zone (an env-agnostic stack) finds its subnets too.
 */
function subnetsOfZone(scope: IConstruct, subnets: ec2.ISubnet[], zone: string): ec2.ISubnet[] {
  const stack = Stack.of(scope);
  const key = (value: string) => JSON.stringify(stack.resolve(value));
  const byId = new Map<string, ec2.ISubnet>();
  for (const subnet of subnets.filter((candidate) => key(candidate.availabilityZone) === key(zone))) {
    byId.set(key(subnet.subnetId), byId.get(key(subnet.subnetId)) ?? subnet);
  }
  const inZone = [...byId.values()];
  if (inZone.length === 0) {
    invalidProp(scope, 'availabilityZone', zone,
      `give a zone of the subnets (${subnets.map((subnet) => Token.isUnresolved(subnet.availabilityZone) ? subnet.node.path : subnet.availabilityZone).join(', ')}), `
      + 'or leave it out for the zone of the first subnet: in a stack without an explicit Region give no literal zone');
  }
  if (inZone.length > MAX_TARGET_ARNS) {
    invalidProp(scope, 'subnets', subnets.map((subnet) => subnet.node.path),
      `give at most ${MAX_TARGET_ARNS} subnets in the zone (${inZone.length} given): FIS takes at most ${MAX_TARGET_ARNS} resource ARNs per target `
      + '(in HighlyAvailableWebApp, whose experiments take the app and data subnets of the zone, choose another faultInjection.availabilityZone, '
      + 'or leave the experiments out with faultInjectionEnabled false)');
  }
  return inZone;
}

/** The types of the props, for callers that no compiler checks. */
const FAULT_INJECTION_PROP_TYPES: PropTypes = {
  autoScalingGroup: types.withMember('autoScalingGroupName', 'an autoscaling.IAutoScalingGroup, for example WebAppTier.autoScalingGroup'),
  subnets: types.arrayOf(types.withMember('subnetId', 'an ec2.ISubnet'), 'an array of ec2.ISubnet, for example vpc.selectSubnets(network.appSubnets).subnets'),
  stopConditionAlarms: types.arrayOf(types.withMember('alarmArn', 'a cloudwatch.IAlarm'), 'an array of cloudwatch.IAlarm, for example [monitoring.applicationUnavailableAlarm]'),
  encryptionKey: types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'),
  database: types.withMembers(['arn', 'identifier'], 'an IWebAppDatabase, for example a WebAppDatabase'),
  databaseDeployment: types.enumOf(DatabaseDeployment, 'DatabaseDeployment'),
  cache: types.withMember('replicationGroupId', 'an IWebAppCache, for example a WebAppCache'),
  availabilityZone: types.string,
  duration: types.duration('Duration.minutes(30)'),
  logRetention: types.retentionDays,
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
};
