import { createHash } from 'crypto';
import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Eight hex digits of a digest of the name of the scope's stack. A physical name that AWS keeps per account
 * (and Region) takes it after the construct's unique name, which is built from construct ids alone: two stacks
 * with the same construct paths (the same app in two CDK apps, or one stack deployed under two names) then never
 * ask for the same name. A nested stack's name is known only at deployment; its artifact ID stands in for it.
 */
export function stackNameDigest(scope: IConstruct): string {
  return digest(stackNameOf(scope));
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
