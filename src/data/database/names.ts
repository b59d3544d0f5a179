import { Aws, Fn, Names, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stackNameDigest } from '../../private/physical-names';

/**
 * `teststack-database-1a2b3c4d-0f1e2d3c`: the construct's unique name (31 characters at most, lowercase, as
 * RDS stores identifiers) and the start of the stack's UUID. The second part makes the name, and the
 * names of the log groups derived from it, new for every new stack: retained log groups (and snapshots)
 * of a deleted stack never block its next deployment.
 */
export function databaseIdentifier(scope: Construct): string {
  const name = Names.uniqueResourceName(scope, { maxLength: 31, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
  const prefix = /^[a-z]/.test(name) ? name : `db-${name}`.slice(0, 31).replace(/-$/, '');
  const stackUuidStart = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
  return `${prefix}-${stackUuidStart}`;
}

/**
 * `TestStack-Database-1A2B3C4D-0f1e2d3c-us-east-1-credentials`: the construct's unique name, a digest of the
 * stack's name, and the stack's Region. Secrets Manager keeps names per account and Region, and a replica takes
 * its primary's name in every Region it is replicated to: with the Region of its primary in the name, the same
 * app deployed in two Regions that replicate into each other, or another app whose primary is in this app's
 * replica Region, never asks for a name that a replica holds; the digest keeps apart two stacks whose construct
 * paths are the same (two apps, or one stack deployed under two names). At most 100 + 1 + 8 + 1 + the Region +
 * 12 characters, of letters, digits and hyphens, well within the 512 of a secret name.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/create-manage-multi-region-secrets.html
 */
export function credentialsSecretName(scope: Construct): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: 100, separator: '-' });
  return `${unique}-${stackNameDigest(scope)}-${Stack.of(scope).region}-credentials`;
}
