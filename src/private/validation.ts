import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Thrown for props that cannot work. The message names the construct path, the prop, the value and the fix.
 */
export class WebAppConfigurationError extends Error {
  constructor(scope: IConstruct, prop: string, value: unknown, fix: string) {
    super(`${scope.node.path}: invalid ${prop} (${describe(value)}): ${fix}`);
    this.name = 'WebAppConfigurationError';
  }
}

/** Throws a {@link WebAppConfigurationError}. */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, fix: string): never {
  throw new WebAppConfigurationError(scope, prop, value, fix);
}

/**
 * Checks that a number is a whole number within [min, max]; tokens are accepted as they are.
 */
export function validateInteger(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    invalidProp(scope, prop, value, `use a whole number from ${min} to ${max}`);
  }
}

/**
 * Rejects a token where CDK must know the value at synth time (for example a count that decides how
 * many resources are created), instead of letting it fail later or be misread.
 */
export function requireConcrete(scope: IConstruct, prop: string, value: unknown, why: string): void {
  if (value !== undefined && Token.isUnresolved(value)) {
    invalidProp(scope, prop, value, `give a literal value, not a token: ${why}`);
  }
}

/**
 * Checks that a duration is a whole number of days, at least `minDays`; tokens are accepted as they are.
 *
 * @param why why days (and this minimum) matter, shown in the error
 */
export function validateWholeDays(scope: IConstruct, prop: string, value: Duration, minDays: number, why: string): void {
  if (value.isUnresolved()) {
    return;
  }
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < minDays) {
    invalidProp(scope, prop, value.toString(), `give a whole number of days, at least Duration.days(${minDays}): ${why}`);
  }
}

/**
 * Whether a string is a fully qualified domain name (letters, digits and hyphens in dot-separated
 * labels), optionally a wildcard `*.` name.
 */
export function isDomainName(name: string, allowWildcard = false): boolean {
  const pattern = allowWildcard
    ? /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
    : /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
  return name.length <= 253 && pattern.test(name);
}

/** Whether a schedule expression is an AWS cron expression with its six fields, `cron(min hour day month weekday year)`. */
export function isSixFieldCron(expression: string): boolean {
  return /^cron\(\S+( \S+){5}\)$/.test(expression);
}

/** Whether a string looks like an e-mail address: a local part, `@`, and a domain with a dot. */
export function isEmailAddress(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === undefined) {
    return 'undefined';
  }
  return JSON.stringify(value) ?? String(value);
}
