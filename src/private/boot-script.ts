import { Token } from 'aws-cdk-lib';

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
