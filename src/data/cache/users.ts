import { Aws, Fn, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheEngineName } from './engine';
import { invalidProp } from '../../private/validation';

/**
 * What the app's user may do when `accessString` is not given: every key and every command but those of the
 * `@dangerous` category.
 */
export const DEFAULT_ACCESS_STRING = 'on ~* +@all -@dangerous';

/** Words of an access string that set or clear passwords, which ElastiCache manages (and IAM authentication replaces). */
const PASSWORD_RULES = /^(nopass|resetpass|reset|[<>#!].*)$/;

/** The app's user and the user group of the cache. */
export interface CacheUsers {
  readonly user: elasticache.CfnUser;
  readonly userGroup: elasticache.CfnUserGroup;
}

/**
 * The app's user (IAM authentication), the disabled user named `default` that every Redis OSS user group
 * must hold, and their user group.
 *
 * Users and user groups have the engine `redis` for both engines: ElastiCache lets a Valkey cache use a
 * Redis OSS user group, but a Valkey user group admits only users with a password or IAM, and the
 * disabled `default` user has neither.
 */
export function createUsers(scope: Construct, accessString: string, removalPolicy: RemovalPolicy): CacheUsers {
  const id = rbacId(scope);
  const user = new elasticache.CfnUser(scope, 'User', {
    engine: CacheEngineName.REDIS,
    // IAM authentication needs the user name and the user ID to be the same.
    userId: `${id}-app`,
    userName: `${id}-app`,
    authenticationMode: { Type: 'iam' },
    accessString,
  });
  const disabledDefault = new elasticache.CfnUser(scope, 'DefaultUser', {
    engine: CacheEngineName.REDIS,
    userId: `${id}-default`,
    userName: 'default',
    authenticationMode: { Type: 'no-password-required' },
    // Off: nobody can sign in as this user, with or without a password, and it may run nothing.
    accessString: 'off -@all',
  });
  const userGroup = new elasticache.CfnUserGroup(scope, 'UserGroup', {
    engine: CacheEngineName.REDIS,
    userGroupId: id,
    userIds: [user.ref, disabledDefault.ref],
  });
  for (const resource of [user, disabledDefault, userGroup]) {
    resource.applyRemovalPolicy(removalPolicy);
  }
  return { user, userGroup };
}

/** The longest suffix that a user's ID adds to {@link rbacId}: `-default`. */
const RBAC_ID_SUFFIX_LENGTH = '-default'.length;
/** User and user group IDs: at most 40 characters. */
const RBAC_ID_LENGTH = 40;
/** The first block of a stack's UUID: 8 hexadecimal digits. */
const STACK_UUID_START_LENGTH = 8;

/**
 * The ID of the cache's user group, and the start of its users' IDs: `webapp-cache-a38a6b0f-1a2b3c4d`, the
 * construct's unique name (lower case, as the IDs must be) and the start of the stack's UUID. ElastiCache user
 * and user group IDs are unique per account and Region: the second part keeps the same app in two stacks, or in
 * a stack of the same name in another Region, from claiming the IDs of the first.
 */
function rbacId(scope: Construct): string {
  const stackUuidStart = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
  const maxLength = RBAC_ID_LENGTH - RBAC_ID_SUFFIX_LENGTH - '-'.length - STACK_UUID_START_LENGTH;
  const name = Names.uniqueResourceName(scope, { maxLength, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
  const prefix = /^[a-z]/.test(name) ? name : `cache-${name}`.slice(0, maxLength).replace(/-$/, '');
  return `${prefix}-${stackUuidStart}`;
}

/** Checks the access string of the app's user: no password rules, and on. Tokens pass unchecked. */
export function validateAccessString(scope: Construct, accessString: string): void {
  if (Token.isUnresolved(accessString)) {
    return;
  }
  const rules = accessString.trim().split(/\s+/);
  if (rules.some((rule) => PASSWORD_RULES.test(rule))) {
    invalidProp(scope, 'accessString', accessString,
      'leave out password rules (nopass, resetpass, reset, >, <, #, !): the user signs in with IAM, and ElastiCache manages passwords');
  }
  if (!rules.includes('on') || rules.includes('off')) {
    invalidProp(scope, 'accessString', accessString, "include 'on' (and not 'off'): a user that is off cannot sign in, for example 'on ~* +@all -@dangerous'");
  }
}
