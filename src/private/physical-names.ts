import { createHash } from 'crypto';
import { Aws, Names, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The longest Region name (us-isof-south-1 has 15 characters), kept free when the Region is known only at deployment. */
const MAX_REGION_LENGTH = 16;

/** How AWS scopes a name, and what it accepts. */
export interface PhysicalNameOptions {
  /** The most characters the service accepts. */
  readonly maxLength: number;
  /**
   * A name that AWS keeps per account across Regions (CloudFront, IAM): the stack's Region ends it, since a stack of
   * one name may be deployed in two Regions. Without it the name is for a service that keeps names per Region.
   * @default false
   */
  readonly accountWide?: boolean;
  /** Readable words after the construct's unique name, for the named children of a construct (`ApplicationUnavailable`). */
  readonly suffix?: string;
}

/**
 * `<construct's unique name>[-<suffix>][-<Region>]`, at most `maxLength` characters of letters, digits and `-`.
 *
 * The unique name is `Names.uniqueResourceName`: the name of the construct's stack (of the top-level stack, for a
 * nested one) and the ids of the path below it, with a hash of them all, shortened in the middle when too long. Two
 * stacks of the same construct paths under two names (two apps, or one stack deployed under two names) get two
 * names, which `Names.uniqueId` and aws-cdk-lib's defaults built on it (alarms, vaults, CloudFront functions), made
 * of construct ids alone, do not. A stack's name is unique in its account and Region only: names that AWS keeps
 * per account take the Region too.
 *
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Names.html
 */
export function physicalName(scope: IConstruct, options: PhysicalNameOptions): string {
  const region = Stack.of(scope).region;
  const regionPart = options.accountWide ? `-${Token.isUnresolved(region) ? Aws.REGION : region}` : '';
  const regionLength = options.accountWide ? 1 + (Token.isUnresolved(region) ? MAX_REGION_LENGTH : region.length) : 0;
  const suffixPart = options.suffix ? `-${options.suffix}` : '';
  const unique = Names.uniqueResourceName(scope, { maxLength: options.maxLength - suffixPart.length - regionLength, separator: '-' });
  return `${unique}${suffixPart}${regionPart}`;
}

/**
 * Eight hex digits of a digest of the name of the scope's stack, which the names of the credentials secret and the
 * recovery vault hold (renaming them would replace them). `Names.uniqueResourceName` holds the stack's name
 * already, so {@link physicalName} needs no digest. A nested stack's name is known only at deployment; its artifact
 * ID stands in for it.
 */
export function stackNameDigest(scope: IConstruct): string {
  return digest(stackNameOf(scope));
}

/** Eight hex digits of a digest of the stack's name and Region, for names that AWS keeps across Regions of the account. */
export function stackAndRegionDigest(scope: IConstruct): string {
  return digest(`${stackNameOf(scope)}/${Stack.of(scope).region}`);
}

/** Eight hex digits of a digest of the stack's name and the construct's path, for names too short for both parts. */
export function stackAndPathDigest(scope: IConstruct): string {
  return digest(`${stackNameOf(scope)}/${scope.node.path}`);
}

function stackNameOf(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return Token.isUnresolved(stack.stackName) ? stack.artifactId : stack.stackName;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
