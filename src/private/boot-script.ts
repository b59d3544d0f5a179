import { Stack, Token } from 'aws-cdk-lib';

/** A shell line that writes a file from base64, so that no quoting of its content can break the script. */
export function writeFile(target: string, content: string, mode = '0644'): string {
  return `echo '${Buffer.from(content).toString('base64')}' | base64 -d | install -D -m ${mode} /dev/stdin ${target}`;
}

/**
 * Quotes a value for bash with single quotes. Tokens inside are kept as they are (they resolve to AWS
 * names and ARNs, which contain no single quote); the literal parts have their single quotes escaped.
 */
export function shellQuote(value: string): string {
  if (!Token.isUnresolved(value)) {
    return `'${value.replace(/'/g, "'\\''")}'`;
  }
  return `'${value}'`;
}

/**
 * The most user data EC2 takes, in bytes, before base64 encoding.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
 */
export const USER_DATA_LIMIT_BYTES = 16384;

/** The size of rendered user data: what is known of it in bytes, and how many values of unknown length CloudFormation fills in. */
export interface UserDataSize {
  /** The literal text and the values of known length (the stack's name and Region), in UTF-8 bytes: a lower bound. */
  readonly bytes: number;
  /** References and functions whose value is known only at deployment (names and ARNs of resources), counted as 0 bytes. */
  readonly unknownValues: number;
}

/** Measures user data (or any text) with tokens as the stack resolves them. */
export function userDataSize(stack: Stack, rendered: string): UserDataSize {
  const known: Record<string, string | undefined> = {
    'AWS::StackName': Token.isUnresolved(stack.stackName) ? undefined : stack.stackName,
    'AWS::Region': Token.isUnresolved(stack.region) ? undefined : stack.region,
    'AWS::AccountId': Token.isUnresolved(stack.account) ? undefined : stack.account,
  };
  let bytes = 0;
  let unknownValues = 0;
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      bytes += Buffer.byteLength(value, 'utf8');
      return;
    }
    if (typeof value === 'number') {
      bytes += String(value).length;
      return;
    }
    const object = value as Record<string, unknown> | undefined;
    const join = object?.['Fn::Join'] as [string, unknown[]] | undefined;
    if (join) {
      bytes += Buffer.byteLength(join[0], 'utf8') * Math.max(0, join[1].length - 1);
      join[1].forEach(walk);
      return;
    }
    const ref = object?.Ref;
    if (typeof ref === 'string' && known[ref] !== undefined) {
      bytes += Buffer.byteLength(known[ref]!, 'utf8');
      return;
    }
    unknownValues++;
  };
  walk(stack.resolve(rendered));
  return { bytes, unknownValues };
}
