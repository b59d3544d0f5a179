import { Annotations, Aws, CfnCondition, CfnResource, Duration, Fn, ICfnConditionExpression, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { recordException } from '../private/compliance';
import {
  deploymentFunction, grantPolicy, GUARDDUTY_S3_PROTECTION_BY_FEATURES, inlinePolicy, managedPolicy, noObjectLock, notReplicated, wildcard,
} from '../private/exceptions';
import { useBucketPolicyForServerAccessLogs } from '../private/log-bucket';
import { displayPath } from '../private/paths';
import { invalidProp, PropTypes, types, validateTypes, validateWholeDays } from '../private/validation';
import { createVersionedBucket, versionedBucketParts } from '../private/versioned-bucket';
import { WebAppEncryption } from '../security/web-app-encryption';

/** Days the Config bucket keeps configuration history and snapshots by default: 7 years, as long as AWS Config keeps configuration items. */
const DEFAULT_CONFIG_HISTORY_DAYS = 2557;

/**
 * How AWS Config triggers a managed rule. A change-triggered (or hybrid) rule takes a Scope of resource types; a
 * periodic rule evaluates on a schedule, and PutConfigRule refuses a Scope on it.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-trigger-type.html
 */
enum RuleTrigger {
  CONFIGURATION_CHANGES = 'CONFIGURATION_CHANGES',
  PERIODIC = 'PERIODIC',
  HYBRID = 'HYBRID',
}

/** The GovCloud and China Regions, which several of the rule pages below name. */
const GOVCLOUD = ['us-gov-east-1', 'us-gov-west-1'];
const CHINA = ['cn-north-1', 'cn-northwest-1'];

/**
 * The Regions without the two ElastiCache rules: Thailand, UAE, Malaysia, Melbourne, New Zealand, GovCloud, Mexico
 * (Central), Tel Aviv, Taipei and Calgary.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-at-rest.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-in-transit.html
 */
const ELASTICACHE_RULES_UNAVAILABLE_IN = [
  'ap-southeast-7', 'me-central-1', 'ap-southeast-5', 'ap-southeast-4', 'ap-southeast-6', ...GOVCLOUD, 'mx-central-1', 'il-central-1', 'ap-east-2', 'ca-west-1',
];

interface ManagedRuleDefinition {
  readonly id: string;
  readonly identifier: string;
  readonly description: string;
  /** The trigger type, from the rule's page in the AWS Config Developer Guide. */
  readonly trigger: RuleTrigger;
  /** The resource types a change-triggered rule evaluates. */
  readonly scope?: config.ResourceType[];
  /** The Regions whose AWS Config does not offer the rule, from the rule's page ("All supported AWS Regions except ..."). */
  readonly unavailableIn?: string[];
}

/**
 * The AWS Config managed rules that check the architecture of this library, with the resources each evaluates, its
 * trigger type and the Regions that lack it, each row from the rule's page in the AWS Config Developer Guide
 * (https://docs.aws.amazon.com/config/latest/developerguide/<rule name>.html, for example encrypted-volumes.html) and
 * the list of managed rules by Region (managing-rules-by-region-availability.html).
 * rds-multi-az-support checks the MultiAZ setting of every DB instance: a read replica that is not Multi-AZ
 * itself is reported NON_COMPLIANT, and Aurora instances are not evaluated (rds-cluster-multi-az-enabled
 * covers Aurora and Multi-AZ DB clusters). Left out on purpose: alb-waf-enabled and
 * alb-http-to-https-redirection-check, because the WebACL protects the CloudFront distribution and the
 * default internal load balancer listens on HTTP behind CloudFront, which terminates TLS; and the CloudFront
 * rules, which evaluate only in us-east-1.
 */
const MANAGED_RULES: ManagedRuleDefinition[] = [
  {
    id: 'EncryptedVolumes',
    identifier: config.ManagedRuleIdentifiers.EBS_ENCRYPTED_VOLUMES,
    description: 'EBS volumes attached to instances are encrypted',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.EBS_VOLUME],
    unavailableIn: [...CHINA, ...GOVCLOUD, 'mx-central-1', 'ap-east-2'],
  },
  {
    id: 'Ec2Imdsv2',
    identifier: config.ManagedRuleIdentifiers.EC2_IMDSV2_CHECK,
    description: 'EC2 instances require IMDSv2 session tokens',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.EC2_INSTANCE],
  },
  {
    id: 'Ec2NoPublicIp',
    identifier: config.ManagedRuleIdentifiers.EC2_INSTANCE_NO_PUBLIC_IP,
    description: 'EC2 instances have no public IPv4 address',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.EC2_INSTANCE],
  },
  {
    id: 'RestrictedSsh',
    identifier: config.ManagedRuleIdentifiers.EC2_SECURITY_GROUPS_INCOMING_SSH_DISABLED,
    description: 'no security group admits SSH from 0.0.0.0/0 or ::/0',
    trigger: RuleTrigger.HYBRID,
    scope: [config.ResourceType.EC2_SECURITY_GROUP],
  },
  {
    id: 'AlbDropInvalidHeaders',
    identifier: config.ManagedRuleIdentifiers.ALB_HTTP_DROP_INVALID_HEADER_ENABLED,
    description: 'Application Load Balancers drop invalid HTTP headers',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.ELBV2_LOAD_BALANCER],
    unavailableIn: ['ap-northeast-3'],
  },
  {
    id: 'ElbDeletionProtection',
    identifier: config.ManagedRuleIdentifiers.ELB_DELETION_PROTECTION_ENABLED,
    description: 'load balancers have deletion protection',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.ELBV2_LOAD_BALANCER],
    unavailableIn: ['ap-northeast-3'],
  },
  {
    id: 'RdsStorageEncrypted',
    identifier: config.ManagedRuleIdentifiers.RDS_STORAGE_ENCRYPTED,
    description: 'RDS DB instances encrypt their storage',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.RDS_DB_INSTANCE],
    unavailableIn: [...CHINA, ...GOVCLOUD, 'ap-southeast-7', 'mx-central-1', 'ap-east-2'],
  },
  {
    id: 'RdsMultiAz',
    identifier: config.ManagedRuleIdentifiers.RDS_MULTI_AZ_SUPPORT,
    description: 'RDS DB instances are Multi-AZ deployments',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.RDS_DB_INSTANCE],
    unavailableIn: [...CHINA, ...GOVCLOUD, 'ap-southeast-7', 'ap-southeast-5', 'mx-central-1', 'ap-east-2'],
  },
  {
    id: 'RdsClusterMultiAz',
    identifier: config.ManagedRuleIdentifiers.RDS_CLUSTER_MULTI_AZ_ENABLED,
    description: 'Aurora and Multi-AZ DB clusters span several Availability Zones',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.RDS_DB_CLUSTER],
    unavailableIn: [...CHINA, ...GOVCLOUD, 'ap-southeast-7', 'ap-southeast-5', 'mx-central-1', 'ap-east-2'],
  },
  {
    id: 'RdsNoPublicAccess',
    identifier: config.ManagedRuleIdentifiers.RDS_INSTANCE_PUBLIC_ACCESS_CHECK,
    description: 'RDS DB instances are not publicly accessible',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.RDS_DB_INSTANCE],
  },
  {
    id: 'ElastiCacheEncryptedAtRest',
    identifier: 'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST',
    description: 'ElastiCache replication groups encrypt data at rest',
    trigger: RuleTrigger.PERIODIC,
    unavailableIn: ELASTICACHE_RULES_UNAVAILABLE_IN,
  },
  {
    id: 'ElastiCacheEncryptedInTransit',
    identifier: 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT',
    description: 'ElastiCache replication groups encrypt data in transit (TLS)',
    trigger: RuleTrigger.PERIODIC,
    unavailableIn: ELASTICACHE_RULES_UNAVAILABLE_IN,
  },
  {
    id: 'S3TlsOnly',
    identifier: config.ManagedRuleIdentifiers.S3_BUCKET_SSL_REQUESTS_ONLY,
    description: 'S3 bucket policies deny requests without TLS',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.S3_BUCKET],
  },
  {
    id: 'S3PublicAccessBlocked',
    identifier: config.ManagedRuleIdentifiers.S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED,
    description: 'S3 buckets block public access',
    trigger: RuleTrigger.CONFIGURATION_CHANGES,
    scope: [config.ResourceType.S3_BUCKET],
  },
  {
    id: 'CloudTrailEnabled',
    identifier: config.ManagedRuleIdentifiers.CLOUD_TRAIL_ENABLED,
    description: 'the account has a CloudTrail trail',
    trigger: RuleTrigger.PERIODIC,
  },
  {
    id: 'KmsKeyRotation',
    identifier: config.ManagedRuleIdentifiers.CMK_BACKING_KEY_ROTATION_ENABLED,
    description: 'customer managed KMS keys rotate automatically',
    trigger: RuleTrigger.PERIODIC,
  },
];

/**
 * Which AWS security services {@link ComplianceScanning} turns on, used by {@link ComplianceScanningProps}.
 *
 * Every service is off by default: each is one per account and region (a second one fails to deploy, and
 * an account of an AWS Organization often gets them from its security team), and each costs money every month.
 * Prices are approximate, for us-east-1.
 */
export interface ComplianceScanningOptions {
  /**
   * Turns on an AWS Config configuration recorder for every supported resource type, recording continuously,
   * with a delivery channel to a new, encrypted S3 bucket and the IAM role AWS Config records with.
   *
   * Costs 0.003 USD per configuration item recorded: a few USD a month for this architecture, more when the
   * Auto Scaling group launches and terminates many instances (each records the instance, its network
   * interface and its volume). Off by default because an account and region can have only one recorder:
   * deployment fails where one exists (for example in accounts of AWS Control Tower).
   *
   * @see https://aws.amazon.com/config/pricing/
   * @default false
   */
  readonly configRecorder?: boolean;

  /**
   * Creates 16 AWS Config managed rules that check what this architecture relies on: encrypted EBS volumes,
   * IMDSv2, no public IP on instances, no SSH from anywhere, load balancers that drop invalid headers and
   * have deletion protection, encrypted, Multi-AZ and private RDS DB instances, Multi-AZ DB clusters, ElastiCache encryption at rest
   * and in transit, TLS-only and non-public S3 buckets, a CloudTrail trail, and KMS key rotation.
   *
   * Some of these rules do not exist in every Region (for example the ElastiCache ones in Melbourne or Tel Aviv, the
   * load balancer ones in Osaka): in such a Region they are left out with a warning, and in a stack whose Region is
   * unknown at synth time a CloudFormation condition creates each of them only where AWS Config offers it.
   *
   * @see https://docs.aws.amazon.com/config/latest/developerguide/managing-rules-by-region-availability.html
   * Rules evaluate only what a configuration recorder records: with `configRecorder` off they need the
   * recorder the account already has. Costs 0.001 USD per rule evaluation (the first 100,000 a month; less
   * beyond): periodic rules evaluate once a day, the others when a resource they check changes, typically
   * well under 1 USD a month. Off by default because it is useful only with a recorder.
   *
   * @see https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html
   * @default - the value of `configRecorder`
   */
  readonly configRules?: boolean;

  /**
   * Whether the recorder also records global resources (IAM users, groups, roles and customer managed
   * policies). Record them in one region only: every region that records them pays for the same
   * configuration items again. Requires `configRecorder`.
   *
   * @default true
   */
  readonly recordGlobalResources?: boolean;

  /**
   * Age after which S3 deletes configuration history and snapshot files from the Config bucket: a whole
   * number of days, at least 1. Requires `configRecorder`.
   *
   * @default Duration.days(2557) - 7 years, as long as AWS Config keeps configuration items
   */
  readonly configHistoryRetention?: Duration;

  /**
   * Turns on AWS Security Hub CSPM with the AWS Foundational Security Best Practices standard, whose new
   * controls are enabled automatically, and consolidated control findings (one finding per control).
   * The standards Security Hub would turn on by itself (the same standard, and CIS AWS Foundations Benchmark
   * v1.2.0, superseded by newer versions) are not turned on: the one standard is a resource of the stack.
   *
   * Most controls are AWS Config rules that Security Hub creates: they need a configuration recorder
   * (`configRecorder`, or the account's own). Costs 0.001 USD per security check (the first 100,000 a month;
   * less beyond) plus the Config rule evaluations; finding ingestion from other services is free up to 10,000
   * findings a month. Typically a few USD to a few tens of USD a month; 30 days free. Off by default because an
   * account and region can have only one hub.
   *
   * @see https://aws.amazon.com/security-hub/pricing/
   * @default false
   */
  readonly securityHub?: boolean;

  /**
   * Turns on Amazon GuardDuty threat detection, analysing CloudTrail management events, VPC flow logs and DNS
   * logs, with S3 protection (S3 data events of the uploads and other buckets), RDS protection (login
   * activity of the databases whose engine and version GuardDuty supports), Lambda protection (network activity of the functions, such as the database
   * rotation function) and malware protection for EBS (scans the volumes of an instance that GuardDuty
   * finds suspicious). Updated findings are published every 15 minutes instead of 6 hours.
   *
   * Costs about 4.00 USD per million CloudTrail management events, 1.00 USD per GB of flow and DNS logs and
   * 0.80 USD per million S3 data events analysed, plus RDS protection per vCPU (or ACU) of the databases and malware
   * scans per GB scanned: typically 5 to 30 USD a month for one app; 30 days free. Off by default because an
   * account and region can have only one detector.
   *
   * @see https://aws.amazon.com/guardduty/pricing/
   * @default false
   */
  readonly guardDuty?: boolean;

  /**
   * Adds GuardDuty Runtime Monitoring of the EC2 instances, with the security agent installed and updated by
   * GuardDuty through Systems Manager. Requires `guardDuty`.
   *
   * Costs about 1.50 USD per vCPU a month. Off by default: GuardDuty installs the agent on the instances and
   * creates a VPC endpoint with a security group in the app's VPC itself, outside this stack.
   *
   * @see https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html
   * @default false
   */
  readonly guardDutyRuntimeMonitoring?: boolean;

  /**
   * Turns on Amazon Inspector scanning of the EC2 instances for software vulnerabilities and unintended
   * network exposure, through the Systems Manager agent the instances already run.
   *
   * There is no CloudFormation resource that turns Inspector on, so a custom resource calls the Inspector
   * `Enable` API once (a Lambda function in the stack). Inspector stays on when the stack is deleted: the
   * function cannot know whether it was on before, and turning off a security scanner that others may rely
   * on is the worse failure; turn it off with `aws inspector2 disable --resource-types EC2`. Costs about
   * 1.26 USD per instance a month (prorated by the hour); 15 days free. Off by default because it applies to
   * every instance of the account and region, not only the app's.
   *
   * @see https://aws.amazon.com/inspector/pricing/
   * @default false
   */
  readonly inspector?: boolean;

  /**
   * What happens to the Config bucket, and to the key created for it, when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Properties for {@link ComplianceScanning}.
 */
export interface ComplianceScanningProps extends ComplianceScanningOptions {
  /**
   * Key that encrypts the Config bucket, when `configRecorder` is on. Its key policy must let IAM policies of
   * this account use it (the default key policy does): the Config role gets its permissions by IAM policy.
   *
   * @default - a new key is created with {@link WebAppEncryption} when `configRecorder` is on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the server access logs of the Config bucket, when `configRecorder` is on.
   *
   * @default - a new private, versioned bucket that keeps logs for 365 days and is retained on stack deletion
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * The AWS security services that watch an account: AWS Config (configuration recorder, and managed rules
 * that check this architecture), AWS Security Hub CSPM (AWS Foundational Security Best Practices), Amazon
 * GuardDuty and Amazon Inspector. Each one is opt-in: turn on those the account does not get elsewhere, in
 * one stack per account and region.
 */
export class ComplianceScanning extends Construct {
  /**
   * Id of the synth-time warning for managed rules left out because AWS Config does not offer them in the stack's
   * Region. Acknowledge it with `Annotations.of(construct).acknowledgeWarning(id)` where that is known and accepted.
   */
  public static readonly RULES_NOT_IN_REGION_WARNING = 'cdk-ha-web-app:compliance:rulesNotInRegion';

  /** The configuration recorder, when `configRecorder` is on. */
  public readonly configurationRecorder?: config.CfnConfigurationRecorder;
  /** The delivery channel of the recorder, when `configRecorder` is on. */
  public readonly deliveryChannel?: config.CfnDeliveryChannel;
  /** The bucket that receives configuration history and snapshots, when `configRecorder` is on. */
  public readonly configBucket?: s3.Bucket;
  /** The role AWS Config records and delivers with, when `configRecorder` is on. */
  public readonly configRole?: iam.Role;
  /** The key that encrypts the Config bucket, when `configRecorder` is on. */
  public readonly encryptionKey?: kms.IKey;
  /** The bucket that receives the server access logs of the Config bucket, when `configRecorder` is on. */
  public readonly serverAccessLogsBucket?: s3.IBucket;
  /** The AWS Config managed rules, when `configRules` is on. */
  public readonly managedRules?: config.ManagedRule[];
  /** The Security Hub CSPM hub, when `securityHub` is on. */
  public readonly hub?: securityhub.CfnHub;
  /** The AWS Foundational Security Best Practices standard, when `securityHub` is on. */
  public readonly foundationalBestPractices?: securityhub.CfnStandard;
  /** The GuardDuty detector, when `guardDuty` is on. */
  public readonly detector?: guardduty.CfnDetector;
  /** The custom resource that turns on Amazon Inspector EC2 scanning, when `inspector` is on. */
  public readonly inspectorScanning?: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: ComplianceScanningProps = {}) {
    super(scope, id);
    validateTypes(this, props, COMPLIANCE_PROP_TYPES);
    useBucketPolicyForServerAccessLogs(this);

    const configRecorder = props.configRecorder ?? false;
    const configRules = props.configRules ?? configRecorder;
    const securityHub = props.securityHub ?? false;
    const guardDuty = props.guardDuty ?? false;
    const inspector = props.inspector ?? false;
    const configHistoryRetention = props.configHistoryRetention ?? Duration.days(DEFAULT_CONFIG_HISTORY_DAYS);
    this.validate(props, { configRecorder, configRules, securityHub, guardDuty, inspector }, configHistoryRetention);

    if (configRecorder) {
      const parts = versionedBucketParts(this, { removalPolicy: props.removalPolicy }, props,
        (removalPolicy) => new WebAppEncryption(this, 'Encryption', { removalPolicy }).key);
      this.encryptionKey = parts.encryptionKey;
      this.serverAccessLogsBucket = parts.serverAccessLogsBucket;
      this.configBucket = createVersionedBucket(this, parts, 'config/', {
        lifecycleRules: [{ id: 'ExpireConfigurationHistory', expiration: configHistoryRetention }],
      });
      recordException(this.configBucket, notReplicated(
        'the Config bucket holds configuration history that AWS Config can deliver again (snapshots) and keeps itself for 7 years; '
        + 'it is versioned and retained, and copying it to another region or account belongs to a central log archive, which this stack cannot create'));
      recordException(this.configBucket, noObjectLock(
        'configuration history expires at the end of its retention by a lifecycle rule, which Object Lock would block; only AWS Config writes to the bucket, '
        + 'and it is versioned'));
      this.configRole = this.createConfigRole(this.configBucket, this.encryptionKey);

      this.configurationRecorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
        roleArn: this.configRole.roleArn,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: props.recordGlobalResources ?? true,
        },
        recordingMode: { recordingFrequency: 'CONTINUOUS' },
      });
      this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
        s3BucketName: this.configBucket.bucketName,
        s3KmsKeyArn: this.encryptionKey.keyArn,
        configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      });
      // AWS Config accepts a delivery channel only once a recorder exists, and checks that it can write to
      // the bucket: the role's policy must be in place.
      this.deliveryChannel.node.addDependency(this.configurationRecorder);
      this.deliveryChannel.node.addDependency(this.configRole);
    }

    if (configRules) {
      this.managedRules = this.createManagedRules();
    }

    if (securityHub) {
      this.hub = new securityhub.CfnHub(this, 'SecurityHub', {
        enableDefaultStandards: false,
        autoEnableControls: true,
        controlFindingGenerator: 'SECURITY_CONTROL',
      });
      this.foundationalBestPractices = new securityhub.CfnStandard(this, 'FoundationalBestPractices', {
        standardsArn: `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`,
      });
      this.foundationalBestPractices.node.addDependency(this.hub);
    }

    if (guardDuty) {
      this.detector = this.createDetector(props.guardDutyRuntimeMonitoring ?? false);
    }

    if (inspector) {
      this.inspectorScanning = this.enableInspector();
    }
  }

  /**
   * The managed rules that AWS Config offers in the stack's Region: in a Region that lacks some, they are left out
   * with a warning; in a stack whose Region is unknown at synth time, each Region-limited rule gets a CloudFormation
   * condition that creates it only in the Regions that have it, so the template deploys anywhere.
   */
  private createManagedRules(): config.ManagedRule[] {
    const region = Stack.of(this).region;
    const known = !Token.isUnresolved(region);
    const skipped = known ? MANAGED_RULES.filter((rule) => rule.unavailableIn?.includes(region)) : [];
    if (skipped.length > 0) {
      Annotations.of(this).addWarningV2(ComplianceScanning.RULES_NOT_IN_REGION_WARNING,
        `AWS Config offers no ${skipped.map((rule) => rule.identifier).join(', ')} managed rule in ${region}: left out, so ${skipped.length} of the `
        + `${MANAGED_RULES.length} rules check this Region (https://docs.aws.amazon.com/config/latest/developerguide/managing-rules-by-region-availability.html).`);
    }
    return MANAGED_RULES.filter((rule) => !skipped.includes(rule)).map((rule) => {
      const periodic = rule.trigger === RuleTrigger.PERIODIC;
      const managedRule = new config.ManagedRule(this, rule.id, {
        identifier: rule.identifier,
        description: `Checks that ${rule.description} (cdk-ha-web-app)`,
        // PutConfigRule refuses a scope on a periodic rule; it evaluates every resource of its type once a day.
        ruleScope: periodic || !rule.scope ? undefined : config.RuleScope.fromResources(rule.scope),
        maximumExecutionFrequency: periodic ? config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS : undefined,
      });
      if (!known && rule.unavailableIn) {
        (managedRule.node.defaultChild as CfnResource).cfnOptions.condition = new CfnCondition(this, `${rule.id}InRegion`, {
          expression: Fn.conditionNot(anyOf(rule.unavailableIn.map((name) => Fn.conditionEquals(Aws.REGION, name)))),
        });
      }
      if (this.configurationRecorder && this.deliveryChannel) {
        managedRule.node.addDependency(this.configurationRecorder, this.deliveryChannel);
      }
      return managedRule;
    });
  }

  private validate(props: ComplianceScanningProps, services: Record<string, boolean>, configHistoryRetention: Duration): void {
    if (!Object.values(services).includes(true)) {
      invalidProp(this, 'configRecorder, configRules, securityHub, guardDuty and inspector', services,
        'turn on at least one of them (each is off by default), or leave ComplianceScanning out: it has nothing to do');
    }
    if (!services.configRecorder) {
      for (const [prop, value] of Object.entries({
        recordGlobalResources: props.recordGlobalResources,
        configHistoryRetention: props.configHistoryRetention,
      })) {
        if (value !== undefined) {
          invalidProp(this, prop, value instanceof Duration ? value.toString() : value,
            'remove it, or set configRecorder to true: it is a setting of the configuration recorder');
        }
      }
    }
    if (props.guardDutyRuntimeMonitoring && !services.guardDuty) {
      invalidProp(this, 'guardDutyRuntimeMonitoring', props.guardDutyRuntimeMonitoring,
        'remove it, or set guardDuty to true: Runtime Monitoring is a feature of the GuardDuty detector');
    }
    validateWholeDays(this, 'configHistoryRetention', configHistoryRetention, 1, 'S3 lifecycle rules count in days');
  }

  /**
   * The role AWS Config records with (the AWS managed policy AWS_ConfigRole, which AWS keeps up to date with
   * every resource type Config supports) and delivers to the bucket with. A role of the stack, not the
   * service-linked role AWSServiceRoleForConfig: CloudFormation cannot create that role where it may already
   * exist, and cannot use it where it does not.
   *
   * @see https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html
   */
  private createConfigRole(bucket: s3.Bucket, key: kms.IKey): iam.Role {
    const role = new iam.Role(this, 'ConfigRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `Records the configuration of the resources of the account for ${displayPath(this)}`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    const objects = `AWSLogs/${Aws.ACCOUNT_ID}/Config/*`;
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucket.bucketArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(objects)],
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    // kms:Decrypt: with the bucket's S3 Bucket Key, S3 decrypts the bucket-level key for each upload.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
    }));

    recordException(role, managedPolicy('service-role/AWS_ConfigRole',
      'AWS_ConfigRole is the policy AWS documents for the role of a configuration recorder: it lets AWS Config read the configuration '
      + 'of every resource type it supports, and AWS adds new types to it; a policy of our own would fall behind and record less'));
    const bucketId = Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    recordException(role, wildcard(`Resource::<${bucketId}.Arn>/AWSLogs/<AWS::AccountId>/Config/*`,
      'AWS Config writes configuration history and snapshot files, whose names it chooses, under AWSLogs/<account>/Config/ of the Config bucket; no action is a wildcard'));
    recordException(role, grantPolicy('the role of the configuration recorder'));
    return role;
  }

  /**
   * A detector with the protections that watch this architecture: S3 (uploads), RDS (database logins),
   * Lambda (network activity of functions), EBS malware scans when an instance is suspicious, and EC2
   * Runtime Monitoring if asked. EKS protections are off: the app runs no Kubernetes.
   *
   * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
   */
  private createDetector(runtimeMonitoring: boolean): guardduty.CfnDetector {
    const runtimeMonitoringStatus = runtimeMonitoring ? 'ENABLED' : 'DISABLED';
    const detector = new guardduty.CfnDetector(this, 'GuardDuty', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: [
        { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
        { name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' },
        { name: 'LAMBDA_NETWORK_LOGS', status: 'ENABLED' },
        { name: 'EBS_MALWARE_PROTECTION', status: 'ENABLED' },
        { name: 'EKS_AUDIT_LOGS', status: 'DISABLED' },
        {
          name: 'RUNTIME_MONITORING',
          status: runtimeMonitoringStatus,
          additionalConfiguration: [
            { name: 'EC2_AGENT_MANAGEMENT', status: runtimeMonitoringStatus },
            { name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' },
            { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'DISABLED' },
          ],
        },
      ],
    });
    recordException(detector, GUARDDUTY_S3_PROTECTION_BY_FEATURES);
    return detector;
  }

  /**
   * Calls the Inspector `Enable` API for EC2 scanning of this account, on creation and on update (the call
   * is idempotent), and nothing on deletion (see `inspector`). There is no CloudFormation resource for it.
   * The function may only call `inspector2:Enable`, which has no resource to scope it to, and create the
   * Inspector service-linked role.
   *
   * @see https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
   */
  private enableInspector(): cr.AwsCustomResource {
    const stack = Stack.of(this);
    const enable: cr.AwsSdkCall = {
      service: 'Inspector2',
      action: 'enable',
      parameters: { resourceTypes: ['EC2'] },
      physicalResourceId: cr.PhysicalResourceId.of(`inspector2-ec2-${stack.account}-${stack.region}`),
    };
    const scanning = new cr.AwsCustomResource(this, 'InspectorScanning', {
      onCreate: enable,
      onUpdate: enable,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['inspector2:Enable'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
        }),
      ]),
    });

    const policy = scanning.node.findChild('CustomResourcePolicy');
    recordException(policy, wildcard('Resource::*',
      'inspector2:Enable acts on the calling account and has no resource type to scope it to; it is the only action with a wildcard resource'));
    recordException(policy, inlinePolicy(
      'the policy holds only the two statements that turn on Amazon Inspector (inspector2:Enable and creating its service-linked role), '
      + 'belongs to the custom resource function of this construct, and lives and dies with it'));
    acknowledgeCustomResourceFunction(stack.node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`));
    return scanning;
  }
}

/** The types of the props, for callers that no compiler checks. */
const COMPLIANCE_PROP_TYPES: PropTypes = {
  configRecorder: types.boolean,
  configRules: types.boolean,
  recordGlobalResources: types.boolean,
  configHistoryRetention: types.duration('Duration.days(2557)'),
  securityHub: types.boolean,
  guardDuty: types.boolean,
  guardDutyRuntimeMonitoring: types.boolean,
  inspector: types.boolean,
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
  serverAccessLogsBucket: types.withMember('bucketArn', 'an s3.IBucket'),
};

/** A condition that holds when any of the given conditions does (Fn::Or takes 2 to 10 conditions, so longer lists nest). */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) {
    return conditions[0];
  }
  const groups: ICfnConditionExpression[] = [];
  for (let index = 0; index < conditions.length; index += 10) {
    const group = conditions.slice(index, index + 10);
    groups.push(group.length === 1 ? group[0] : Fn.conditionOr(...group));
  }
  return groups.length === 1 ? groups[0] : anyOf(groups);
}

/**
 * The function behind every AwsCustomResource of the stack is a singleton at stack level, which aws-cdk-lib
 * creates and maintains; here it only turns Amazon Inspector on.
 */
function acknowledgeCustomResourceFunction(handler: IConstruct | undefined): void {
  if (!handler) {
    return;
  }
  for (const exception of deploymentFunction('the AwsCustomResource function of aws-cdk-lib, which turns Amazon Inspector on,', 'the Inspector API')) {
    recordException(handler, exception);
  }
  const role = handler.node.tryFindChild('ServiceRole');
  if (role) {
    recordException(role, managedPolicy('service-role/AWSLambdaBasicExecutionRole',
      'AWSLambdaBasicExecutionRole only lets the AwsCustomResource function write its own logs'));
  }
}
