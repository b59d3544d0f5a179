import { AWS_SOLUTIONS, ComplianceException, HIPAA, NIST, nagRules, PCI, REGULATORY_PACKS } from './compliance';

/*
 * Every compliance finding the library accepts on purpose: the reason, and next to it the rule under which each
 * tool reports the finding (cdk-nag, checkov, the AWS Guard Rules Registry, the AWS Control Tower proactive
 * controls of @cdklabs/cdk-validator-cfnguard). The constructs record these with `recordException` on the resource
 * they concern; nothing else may suppress a rule. Where a tool has no rule for a finding, its list is left out.
 *
 * Control Tower proactive controls enforced as CloudFormation Hooks read no metadata: docs/compliance.md says which
 * of the controls listed here an account that enforces them must turn off for this app, or how to comply.
 */

// ---- S3 buckets ----

/** A bucket that AWS services deliver logs to (ELB access logs, S3 server access logs, CloudFront standard logs). */
export const LOG_DELIVERY_SSE_S3: ComplianceException = {
  reason: 'AWS log delivery (ELB access logs, S3 server access logs, CloudFront standard logs) supports only SSE-S3 on the destination bucket; '
    + 'the bucket is private, TLS-only and versioned',
  nag: nagRules(REGULATORY_PACKS, 'S3DefaultEncryptionKMS'),
  guard: ['S3_DEFAULT_ENCRYPTION_KMS'],
  controlTower: ['s3_bucket_default_encryption_kms_check'],
};

/** The end of the chain of server access logs. */
export const SERVER_ACCESS_LOGS_DESTINATION: ComplianceException = {
  reason: 'this bucket is the destination of the server access logs of the other buckets; logging it into itself would loop',
  nag: [...nagRules([AWS_SOLUTIONS], 'S1'), ...nagRules(REGULATORY_PACKS, 'S3BucketLoggingEnabled')],
  checkov: ['CKV_AWS_18'],
  guard: ['S3_BUCKET_LOGGING_ENABLED'],
  controlTower: ['s3_bucket_logging_enabled_check'],
};

/** A bucket that is not replicated to another Region, and why. */
export function notReplicated(reason: string): ComplianceException {
  return {
    reason,
    nag: nagRules(REGULATORY_PACKS, 'S3BucketReplicationEnabled'),
    guard: ['S3_BUCKET_REPLICATION_ENABLED'],
  };
}

/** The TLS-only statement that aws-cdk-lib's enforceSSL writes, which a Guard rule misreads. */
export const TLS_ONLY_BUCKET_POLICY: ComplianceException = {
  reason: 'the bucket policy denies every request made without TLS: aws-cdk-lib writes the condition aws:SecureTransport as the string "false", '
    + 'which IAM evaluates like the boolean; the Guard rule compares with the boolean literal only',
  guard: ['S3_BUCKET_SSL_REQUESTS_ONLY'],
};

export const LOG_BUCKET_NOT_REPLICATED = notReplicated('log buckets are not replicated: they hold operational logs with a bounded retention, not user data');

/** A bucket without S3 Object Lock, and why. */
export function noObjectLock(reason: string): ComplianceException {
  return {
    reason,
    guard: ['S3_BUCKET_DEFAULT_LOCK_ENABLED'],
    controlTower: ['s3_bucket_object_lock_enabled_check'],
  };
}

export const LOG_BUCKET_NO_OBJECT_LOCK = noObjectLock(
  'log objects expire at the end of their retention by a lifecycle rule, which Object Lock would block; the bucket is versioned and only AWS log delivery writes to it');

// ---- CloudFront ----

/** The distribution of an app without a custom domain. */
export const CLOUDFRONT_DEFAULT_CERTIFICATE: ComplianceException = {
  reason: 'without a custom domain the distribution serves its *.cloudfront.net name with CloudFront\'s default certificate, whose TLS policy, '
    + 'certificate and SNI CloudFront fixes; give a domain name for a certificate of your own with TLS 1.2_2021 or newer and SNI',
  nag: nagRules([AWS_SOLUTIONS], 'CFR4'),
  checkov: ['CKV_AWS_174'],
  guard: ['CLOUDFRONT_SNI_ENABLED', 'CLOUDFRONT_CUSTOM_SSL_CERTIFICATE', 'CLOUDFRONT_MINIMUM_PROTOCOL_VERSION_RULE'],
  controlTower: ['cloudfront_custom_ssl_certificate_check', 'cloudfront_sni_enabled_check', 'cloudfront_security_policy_check'],
};

export const CLOUDFRONT_NO_GEO_RESTRICTION: ComplianceException = {
  reason: 'a public web app serves every country by default; restrict with the geoRestriction option where law or business requires it',
  nag: nagRules([AWS_SOLUTIONS], 'CFR1'),
};

export const CLOUDFRONT_NO_DEFAULT_ROOT_OBJECT: ComplianceException = {
  reason: 'the default behavior forwards every path, "/" included, to the application, which answers it; a default root object would '
    + 'rewrite "/" to an object name the application does not serve. Static files come from the static paths of the assets bucket',
  guard: ['CLOUDFRONT_DEFAULT_ROOT_OBJECT_CONFIGURED'],
  controlTower: ['cloudfront_default_root_object_configured_check'],
};

export const CLOUDFRONT_SINGLE_REGION_ORIGIN: ComplianceException = {
  reason: 'the app runs in one Region, so the distribution has one application origin and no second one to fail over to; '
    + 'HighlyAvailableWebAppStage with a recoveryRegion adds an origin group that fails over to the recovery Region',
  guard: ['CLOUDFRONT_ORIGIN_FAILOVER_ENABLED'],
  controlTower: ['cloudfront_origin_failover_enabled_check'],
};

// ---- Load balancer ----

export function loadBalancerBehindCloudFront(internetFacing: boolean): ComplianceException {
  return {
    reason: internetFacing
      ? 'the load balancer admits only CloudFront\'s origin-facing addresses and forwards only requests carrying the secret origin header that the distribution adds: '
        + 'WAF inspects every request on the CloudFront WebACL before that'
      : 'the load balancer is internal, with no public address, and admits only CloudFront: WAF inspects every request on the CloudFront WebACL before that',
    nag: nagRules([NIST, PCI], 'ALBWAFEnabled'),
  };
}

export const HTTPS_REDIRECT_LISTENER: ComplianceException = {
  reason: 'this port 80 listener serves no content: it only answers with a redirect to the HTTPS listener',
  nag: nagRules(REGULATORY_PACKS, 'ELBv2ACMCertificateRequired'),
  guard: ['ELB_ACM_CERTIFICATE_REQUIRED', 'ELB_TLS_HTTPS_LISTENERS_ONLY'],
};

export const HTTP_LISTENER_WITHOUT_CERTIFICATE: ComplianceException = {
  reason: 'without a certificate the load balancer is internal and reached only over the AWS network from CloudFront, which terminates TLS; '
    + 'give appTier.certificate (or a domain) for HTTPS to the origin',
  nag: [...nagRules(REGULATORY_PACKS, 'ELBv2ACMCertificateRequired'), ...nagRules(REGULATORY_PACKS, 'ALBHttpToHttpsRedirection')],
  checkov: ['CKV_AWS_2', 'CKV_AWS_103'],
  guard: ['ELB_ACM_CERTIFICATE_REQUIRED', 'ELB_TLS_HTTPS_LISTENERS_ONLY'],
  controlTower: ['alb_http_to_https_redirection_check'],
};

// ---- Auto Scaling ----

export const SPOT_LAUNCH_TEMPLATE: ComplianceException = {
  reason: 'the group launches from the launch template through its mixed instances policy, which this rule does not read: '
    + 'that launch template requires IMDSv2 and encrypts every EBS volume with the customer managed key',
  nag: [...nagRules([AWS_SOLUTIONS], 'EC26'), ...nagRules([NIST, HIPAA], 'EC2IMDSv2Enabled')],
};

export const SINGLE_INSTANCE_TYPE: ComplianceException = {
  reason: 'the group runs one instance type, the one given as instanceType, so that every instance serves alike and a warm pool stays possible '
    + '(warm pools refuse mixed instances policies); give spot.additionalInstanceTypes for a mixed instances policy with several types',
  controlTower: ['autoscaling_mixed_instances_policy_multiple_instance_types_check'],
};

// ---- Secrets ----

export function notRotated(reason: string): ComplianceException {
  return {
    reason,
    nag: [...nagRules([AWS_SOLUTIONS], 'SMG4'), ...nagRules(REGULATORY_PACKS, 'SecretsManagerRotationEnabled')],
    guard: ['SECRETSMANAGER_ROTATION_ENABLED_CHECK'],
  };
}

/** A secret rotated by a rotation schedule of its own, which a Guard rule does not follow. */
export const ROTATED_THROUGH_ATTACHMENT: ComplianceException = {
  reason: 'the secret is rotated every 7 days by a rotation schedule (AWS::SecretsManager::RotationSchedule) that names it through its '
    + 'target attachment, which the Guard rule does not follow',
  guard: ['SECRETSMANAGER_ROTATION_ENABLED_CHECK'],
};

// ---- CloudTrail ----

export const TRAIL_KEY_BY_REFERENCE: ComplianceException = {
  reason: 'the trail encrypts its log files with the customer managed key, named by reference (Fn::GetAtt) to the key of this stack; '
    + 'the Guard rule accepts only a literal key id',
  guard: ['CLOUD_TRAIL_ENCRYPTION_ENABLED'],
};

export const TRAIL_WITHOUT_ALL_S3_DATA_EVENTS: ComplianceException = {
  reason: 'the trail records management events; S3 data events of every bucket of the account cost 0.10 USD per 100,000 events and belong to '
    + 'an organization trail; auditUploadsDataEvents (or dataEventBuckets) records those of chosen buckets, which the Guard rule does not count',
  guard: ['CLOUDTRAIL_S3_DATAEVENTS_ENABLED'],
};

// ---- GuardDuty ----

export const GUARDDUTY_S3_PROTECTION_BY_FEATURES: ComplianceException = {
  reason: 'S3 Protection is on, through the detector\'s Features (S3_DATA_EVENTS), the current GuardDuty API; the control reads only the deprecated '
    + 'DataSources.S3Logs, which GuardDuty does not accept in the same request as Features',
  controlTower: ['guardduty_s3_protection_enabled_check'],
};

// ---- Network ----

export const PUBLIC_SUBNET_ROUTE: ComplianceException = {
  reason: 'public subnets hold only NAT gateways (and an internet-facing load balancer when chosen), which need the default route to the internet gateway; '
    + 'application and data subnets have none',
  nag: nagRules(REGULATORY_PACKS, 'VPCNoUnrestrictedRouteToIGW'),
  guard: ['NO_UNRESTRICTED_ROUTE_TO_IGW'],
};

export const DATA_SUBNETS_NETWORK_ACL: ComplianceException = {
  reason: 'the network ACL of the data subnets is deliberate defence in depth beside the security groups: it admits only the database and cache ports '
    + 'from inside the VPC and replies, so a mistaken security group rule cannot open the data tier',
  nag: nagRules([AWS_SOLUTIONS], 'VPC3'),
};

// ---- RDS ----

export const REPLICA_NOT_MULTI_AZ: ComplianceException = {
  reason: 'a read replica serves reads only; the primary it copies is Multi-AZ with automatic failover, and the replicas are spread over the Availability Zones, '
    + 'so losing a zone costs read capacity, not data or writes',
  nag: [...nagRules([AWS_SOLUTIONS], 'RDS3'), ...nagRules([NIST, HIPAA], 'RDSMultiAZSupport')],
  checkov: ['CKV_AWS_157'],
  guard: ['RDS_MULTI_AZ_SUPPORT'],
};

export const REPLICA_ENCRYPTED_BY_SOURCE: ComplianceException = {
  reason: 'a read replica in the same Region is encrypted with the key of its source instance, which is encrypted with the customer managed key; '
    + 'CloudFormation rejects StorageEncrypted on a read replica, and KmsKeyId requires it',
  nag: [...nagRules([AWS_SOLUTIONS], 'RDS2'), ...nagRules(REGULATORY_PACKS, 'RDSStorageEncrypted')],
  checkov: ['CKV_AWS_16'],
  guard: ['RDS_STORAGE_ENCRYPTED'],
};

export const CROSS_REGION_REPLICA_SINGLE_AZ: ComplianceException = {
  reason: 'the standby copy in a disaster recovery Region is one instance to halve its cost while it only replicates; '
    + 'the runbook (docs/disaster-recovery.md) turns on Multi-AZ right after promoting it to the writer',
  nag: [...nagRules([AWS_SOLUTIONS], 'RDS3'), ...nagRules([NIST, HIPAA], 'RDSMultiAZSupport')],
  checkov: ['CKV_AWS_157'],
  guard: ['RDS_MULTI_AZ_SUPPORT'],
};

export const CROSS_REGION_REPLICA_ENCRYPTED: ComplianceException = {
  reason: 'the cross-Region read replica is encrypted with a key of its own Region (KmsKeyId), as RDS requires for a replica of an encrypted source; '
    + 'CloudFormation rejects StorageEncrypted on a read replica',
  checkov: ['CKV_AWS_16'],
  guard: ['RDS_STORAGE_ENCRYPTED'],
};

export const REPLICA_NO_BACKUPS: ComplianceException = {
  reason: 'a read replica copies a primary whose automated backups (point-in-time restore) and AWS Backup plan protect the data; '
    + 'backups of the replica would copy the same data again',
  guard: ['DB_INSTANCE_BACKUP_ENABLED'],
};

export const CROSS_REGION_REPLICA_BACKUPS: ComplianceException = {
  reason: 'a cross-Region read replica copies a source whose automated backups and AWS Backup copies (to this Region) protect the data; '
    + 'promote-read-replica --backup-retention-period turns on backups of its own when it becomes the writer',
  nag: nagRules([NIST, HIPAA], 'RDSInBackupPlan'),
  guard: ['DB_INSTANCE_BACKUP_ENABLED'],
};

export const DATABASE_BACKUP_PLAN_ELSEWHERE: ComplianceException = {
  reason: 'automated backups are on (retention 1 to 35 days, point-in-time restore, a final snapshot on deletion); an AWS Backup plan is not part of this construct: '
    + 'HighlyAvailableWebApp selects the database in its WebAppBackup plan, and used alone it goes in a plan of your own (WebAppBackup.addResource); '
    + 'read replicas copy a backed-up primary',
  nag: nagRules([NIST, HIPAA], 'RDSInBackupPlan'),
};

export const DATABASE_DEFAULT_PORT: ComplianceException = {
  reason: 'the database has no public address and is reachable only from security groups named in allowConnectionsFrom; '
    + 'another port would hide nothing from a client inside the VPC',
  nag: nagRules([AWS_SOLUTIONS], 'RDS11'),
  controlTower: ['rds_instance_no_default_ports_check'],
};

export const AURORA_NO_BACKTRACK: ComplianceException = {
  reason: 'backtrack can only be turned on when an Aurora MySQL cluster is created and cannot be combined with binary log replication or Aurora global databases, '
    + 'which cross-Region disaster recovery needs; point-in-time restore from the automated backups covers the same recovery',
  nag: nagRules([AWS_SOLUTIONS], 'RDS14'),
  controlTower: ['aurora_cluster_backtracking_enabled_check'],
};

// ---- ElastiCache ----

export const CACHE_DEFAULT_PORT: ComplianceException = {
  reason: 'the cache keeps the well-known port: another port hides nothing from a client inside the VPC, and the cache has no public address and admits '
    + 'only the security groups given to allowConnectionsFrom, over TLS, signed in with IAM. Set port to use another one',
  nag: nagRules([AWS_SOLUTIONS], 'AEC5'),
};

/** The cache authenticates with role-based access control and IAM, which the rule does not read. */
export const CACHE_IAM_AUTHENTICATION: ComplianceException = {
  reason: 'clients sign in with ElastiCache role-based access control (UserGroupIds) and IAM authentication: a token signed with the client\'s IAM role, '
    + 'valid for 15 minutes, and the default user is disabled. No AUTH token exists to be leaked or rotated; the rule reads only AuthToken',
  nag: nagRules([AWS_SOLUTIONS], 'AEC6'),
};

// ---- Lambda functions that aws-cdk-lib ships (custom resource handlers, bucket deployment) ----

/** A function of aws-cdk-lib's that runs only while CloudFormation deploys the stack. */
export function deploymentFunction(what: string, apis: string): ComplianceException[] {
  const onlyAtDeployment = `${what} runs only while CloudFormation deploys the stack`;
  return [
    {
      reason: `the runtime of ${what} is chosen and updated by aws-cdk-lib together with the code it bundles`,
      nag: nagRules([AWS_SOLUTIONS], 'L1'),
    },
    {
      reason: `${onlyAtDeployment}; it calls only ${apis}, which a VPC would reach through NAT or endpoints without adding protection`,
      nag: nagRules([NIST, HIPAA, PCI], 'LambdaInsideVPC'),
      checkov: ['CKV_AWS_117'],
      guard: ['LAMBDA_INSIDE_VPC'],
      controlTower: ['lambda_inside_vpc_check'],
    },
    {
      reason: `${onlyAtDeployment}: CloudFormation is its only caller, once per changed deployment`,
      nag: nagRules([NIST, HIPAA], 'LambdaConcurrency'),
      checkov: ['CKV_AWS_115'],
      guard: ['LAMBDA_CONCURRENCY_CHECK'],
    },
    {
      reason: `${onlyAtDeployment}; CloudFormation waits for its answer and reports a failure by failing the deployment and rolling back, so no event can be lost`,
      nag: nagRules([NIST, HIPAA], 'LambdaDLQ'),
      checkov: ['CKV_AWS_116'],
      guard: ['LAMBDA_DLQ_CHECK'],
    },
    {
      reason: `the environment variables of ${what} are set by aws-cdk-lib and hold no secret, so Lambda's default encryption at rest (an AWS owned key) is enough`,
      checkov: ['CKV_AWS_173'],
    },
  ];
}

// ---- IAM ----

/** A role whose inline policy is what CDK's grants write. */
export function grantPolicy(what: string): ComplianceException {
  return {
    reason: `${what}: the policy holds only the least-privilege statements that CDK grants write for this stack's own resources, and lives and dies with the role`,
    nag: nagRules(REGULATORY_PACKS, 'IAMNoInlinePolicy'),
    guard: ['IAM_NO_INLINE_POLICY_CHECK'],
  };
}

/** An inline policy of another kind, with its own reason. */
export function inlinePolicy(reason: string): ComplianceException {
  return { reason, nag: nagRules(REGULATORY_PACKS, 'IAMNoInlinePolicy'), guard: ['IAM_NO_INLINE_POLICY_CHECK'] };
}

/** An AWS managed policy attached to a role (cdk-nag finding `Policy::arn:<AWS::Partition>:iam::aws:policy/<name>`). */
export function managedPolicy(name: string, reason: string): ComplianceException {
  return { reason, nag: [`${AWS_SOLUTIONS}-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`] };
}

/** A wildcard in a policy statement (cdk-nag finding `Resource::...` or `Action::...`). */
export function wildcard(finding: string, reason: string): ComplianceException {
  return { reason, nag: [`${AWS_SOLUTIONS}-IAM5[${finding}]`] };
}

// ---- WebAppCanary ----

/** The canary's alarm when the caller gives no topic. */
export const CANARY_ALARM_WITHOUT_TOPIC: ComplianceException = {
  reason: 'no alarmTopic was given to the canary, so its alarm has no action yet: give alarmTopic (HighlyAvailableWebApp passes the topic of '
    + 'WebAppMonitoring), or add actions to WebAppCanary.alarms; the alarm state and history show in CloudWatch either way',
  nag: nagRules([NIST, HIPAA], 'CloudWatchAlarmAction'),
  guard: ['CLOUDWATCH_ALARM_ACTION_CHECK'],
  controlTower: ['cloudwatch_alarm_action_check'],
};

/** A wildcard (cdk-nag IAM5 finding) in the policy of the canary's role, and why it is needed. */
export function canaryRoleWildcard(finding: string, canaryName: string): ComplianceException {
  if (finding === 'Resource::*') {
    return wildcard(finding, 'CloudWatch Synthetics requires s3:ListAllMyBuckets of the canary\'s role, an action without resources to name, and '
      + 'cloudwatch:PutMetricData, which has none either: that statement allows it only in the CloudWatchSynthetics namespace (cloudwatch:namespace condition)');
  }
  if (finding.includes(':log-group:/aws/lambda/cwsyn-')) {
    return wildcard(finding, `Synthetics names the canary's function cwsyn-${canaryName}-<id>, with an id known only once the canary exists: `
      + 'the log permissions are narrowed to the log groups of that prefix');
  }
  if (finding.startsWith('Action::kms:')) {
    return wildcard(finding, 'aws-cdk-lib grants encrypt and decrypt on the artifacts key (kms:GenerateDataKey*, kms:ReEncrypt*) so that the canary writes '
      + 'its artifacts with SSE-KMS; the resource is that one key');
  }
  return wildcard(finding, 'the canary writes each run\'s artifacts under new object names of its own artifacts bucket, which no one else writes to; '
    + 'names of objects not yet written cannot be listed');
}
