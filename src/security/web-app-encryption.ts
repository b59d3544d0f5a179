import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { displayPath } from '../private/paths';
import { PropTypes, types, validateInteger, validateTypes } from '../private/validation';

/**
 * Properties for {@link WebAppEncryption}.
 */
export interface WebAppEncryptionProps {
  /**
   * Alias of the key, with or without the `alias/` prefix.
   *
   * @default - no alias
   */
  readonly alias?: string;

  /**
   * What happens to the key when it leaves the stack.
   *
   * A deleted key makes everything encrypted with it unreadable, so the key is kept by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Days KMS waits before deleting the key once deletion is requested (7 to 30).
   *
   * @default 30
   */
  readonly pendingWindowDays?: number;

  /**
   * Whether the key policy denies `kms:CreateGrant` to every principal unless the grant is for an AWS resource
   * (`kms:GrantIsForAWSResource`) or an AWS service asks (`aws:PrincipalIsAWSService`), as the AWS Control Tower
   * proactive control CT.KMS.PR.3 requires. EBS, RDS, ElastiCache, Secrets Manager and AWS Backup create the
   * grants they need on the caller's behalf and are not affected; turn it off only for an application of your
   * own that calls `CreateGrant` itself.
   *
   * @see https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html#ct-kms-pr-3-description
   * @default true
   */
  readonly restrictGrantsToAwsServices?: boolean;
}

/**
 * A customer managed KMS key with yearly rotation, kept when the stack is deleted, whose key policy lets
 * CloudWatch Logs of this account and region use it. The constructs that use the key add the grants
 * their services need (for example EC2 Auto Scaling for encrypted EBS volumes).
 *
 * `HighlyAvailableWebApp` uses one such key for every tier of one app, on purpose: every store of the app
 * holds data of the same application and owner, so separate keys per store would add cost (1 USD a month
 * each, plus requests) and key policies to keep in step without separating anyone. Access stays least
 * privilege all the same: IAM principals get key permissions only with the grant of a store they use
 * (for secrets, only through Secrets Manager: `kms:ViaService`), and service principals only with
 * conditions on their source (the log group's encryption context, the distribution's account). An app
 * that must separate duties (for example a database key that only database administrators may manage)
 * gives its own keys to the tier constructs, each of which takes an `encryptionKey`.
 */
export class WebAppEncryption extends Construct {
  /** The customer managed key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: WebAppEncryptionProps = {}) {
    super(scope, id);

    validateTypes(this, props, ENCRYPTION_PROP_TYPES);
    validateInteger(this, 'pendingWindowDays', props.pendingWindowDays, 7, 30);

    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the data of ${displayPath(this)} at rest`,
      enableKeyRotation: true,
      alias: props.alias,
      pendingWindow: Duration.days(props.pendingWindowDays ?? 30),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    if (props.restrictGrantsToAwsServices ?? true) {
      // Grants delegate use of the key outside the key policy: only AWS services acting for a resource may make them.
      this.key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'DenyGrantsExceptForAwsResources',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }));
    }

    // CloudWatch Logs encrypts each log group with the key; the encryption context names the log group,
    // so the grant is limited to log groups of this account and region.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        },
      },
    }));
  }
}

/** The types of the props, for callers that no compiler checks. */
const ENCRYPTION_PROP_TYPES: PropTypes = {
  alias: types.string,
  removalPolicy: types.enumOf(RemovalPolicy, 'RemovalPolicy'),
  pendingWindowDays: types.number,
  restrictGrantsToAwsServices: types.boolean,
};
