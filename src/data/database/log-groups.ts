import { ArnFormat, Aws, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { LogGroupFactory } from './deployment';
import { addToKeyPolicy } from '../../private/kms-grants';

/** How the log groups of the exported database logs are made. */
export interface LogGroupSettings {
  /** The log types that each instance or cluster exports. */
  readonly logTypes: string[];
  readonly encryptionKey: kms.IKey;
  readonly retention: logs.RetentionDays;
  /** Whether the log groups go with the database (RemovalPolicy.DESTROY); otherwise they are kept. */
  readonly destroy: boolean;
}

/**
 * Creates the log groups in the database's scope and collects them in `into`. Explicit identifiers let the log groups
 * be created, encrypted and with retention, before RDS starts exporting into them; with generated names RDS would
 * create them first and the stack would fail.
 */
export function logGroupFactory(scope: Construct, settings: LogGroupSettings, into: logs.ILogGroup[]): LogGroupFactory {
  return (idPrefix, kind, identifier, dependent) => {
    for (const logType of settings.logTypes) {
      const logGroup = new logs.LogGroup(scope, `${idPrefix}${pascalCase(logType)}Log`, {
        logGroupName: `/aws/rds/${kind}/${identifier}/${logType}`,
        encryptionKey: settings.encryptionKey,
        retention: settings.retention,
        removalPolicy: settings.destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      });
      dependent.node.addDependency(logGroup.node.defaultChild as CfnResource);
      into.push(logGroup);
    }
  };
}

function pascalCase(text: string): string {
  return text.split(/[^a-zA-Z0-9]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

/**
 * CloudWatch Logs encrypts each log group with the key; a key of this app gets the statement for the
 * database's log groups, an imported key a warning, since its policy cannot be changed here.
 */
export function allowLogsToUseKey(scope: IConstruct, key: kms.IKey): void {
  const stack = Stack.of(scope);
  addToKeyPolicy(scope, key, [new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForRdsLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/rds/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  })], 'cdk-ha-web-app:database-imported-key',
  'The encryption key was imported, so its key policy cannot be changed here: allow the service principal logs.<region>.amazonaws.com '
    + 'kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe* on it, with the condition ArnLike '
    + 'kms:EncryptionContext:aws:logs:arn arn:<partition>:logs:<region>:<account>:log-group:/aws/rds/*, or the database log groups cannot be created.');
}
