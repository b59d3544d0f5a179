import { Duration, Token, Tokenization } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';

/**
 * Thrown for props that cannot work. The message names the construct path, the prop, the value and the fix.
 */
export class WebAppConfigurationError extends Error {
  /** The path of the construct whose props hold the bad value. */
  public readonly path: string;
  /** The prop, as a path in those props: `maxAzs`, `thresholds.instanceCpuUtilization`, `errorResponses[0].httpStatus`. */
  public readonly prop: string;
  public readonly value: unknown;
  public readonly fix: string;

  constructor(scope: IConstruct, prop: string, value: unknown, fix: string) {
    super(`${scope.node.path}: invalid ${prop} (${describeValue(value)}): ${fix}`);
    this.name = 'WebAppConfigurationError';
    this.path = scope.node.path;
    this.prop = prop;
    this.value = value;
    this.fix = fix;
  }
}

/** Throws a {@link WebAppConfigurationError}. */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, fix: string): never {
  throw new WebAppConfigurationError(scope, prop, value, fix);
}

/**
 * Creates a part from options the user gave under `optionsPath` of the scope's props (`database`, `edge.firewall`), so
 * that the part's errors name the prop as the user wrote it: `database.instanceType` on the scope, not `instanceType`
 * on its Database. Only errors of the part itself (the construct `childPath` below the scope) about a prop the user
 * set in `given` are renamed; an error about a prop the scope set for the part is left as it is.
 *
 * @param childPath the id of the part in the scope, or the ids down to it (`Edge/Firewall`)
 */
export function withOptionsPath<T>(scope: IConstruct, childPath: string, optionsPath: string, given: unknown, create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (error instanceof WebAppConfigurationError && error.path === `${scope.node.path}/${childPath}` && userSet(given, error.prop)) {
      throw new WebAppConfigurationError(scope, `${optionsPath}.${error.prop}`, error.value, error.fix);
    }
    throw error;
  }
}

/**
 * Creates a part that takes the scope's own props (as `HighlyAvailableWebApp` hands its props to its `WebAppRegion`), so
 * that the part's errors are the scope's: `TestStack/WebApp: invalid database.instanceType`, as the user wrote it.
 *
 * @param childId the id of the part in the scope
 */
export function withOwnErrors<T>(scope: IConstruct, childId: string, create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (error instanceof WebAppConfigurationError && error.path === `${scope.node.path}/${childId}`) {
      throw new WebAppConfigurationError(scope, error.prop, error.value, error.fix);
    }
    throw error;
  }
}

/**
 * Whether the prop (`spot.additionalInstanceTypes[0]`) is in the options the user gave: every part of its path is
 * there, down to a value that is not plain data (a class such as `AppSource`, whose own names the path goes on with),
 * or all but the last, when the error asks for a field missing from a struct the user gave (`replication.destinationKey`).
 */
function userSet(given: unknown, prop: string): boolean {
  const parts = prop.split(/\.|\[(\d+)\]/).filter((name) => name !== undefined && name !== '');
  let value = given;
  for (const [index, part] of parts.entries()) {
    if (value === undefined || value === null) {
      return false;
    }
    if (!isPlainObject(value) && !Array.isArray(value)) {
      return true;
    }
    value = (value as Record<string, unknown>)[part];
    if (value === undefined && index > 0 && index === parts.length - 1) {
      return true;
    }
  }
  return value !== undefined && value !== null;
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
 * Anything but a Duration (a plain number of days, from JavaScript) is refused with the Duration to give.
 *
 * @param why why days (and this minimum) matter, shown in the error
 */
export function validateWholeDays(scope: IConstruct, prop: string, value: Duration, minDays: number, why: string): void {
  validateType(scope, prop, value, types.duration(`Duration.days(${minDays})`));
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

/**
 * The form in which domain names are used everywhere: lower case. DNS compares names without regard to case
 * (RFC 4343), while CloudFront stores a distribution's aliases and ACM a certificate's names in lower case, so a
 * name with capitals would differ from what the services report on every later deployment. Tokens stay as they are.
 */
export function normalizeDomainName(name: string): string {
  return Token.isUnresolved(name) ? name : name.toLowerCase();
}

/** Whether a schedule expression is an AWS cron expression with its six fields, `cron(min hour day month weekday year)`. */
export function isSixFieldCron(expression: string): boolean {
  return /^cron\(\S+( \S+){5}\)$/.test(expression);
}

/** Whether a string looks like an e-mail address: a local part, `@`, and a domain with a dot. */
export function isEmailAddress(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

// ---------------------------------------------------------------------------------------------------------------
// CloudWatch Logs retention
// ---------------------------------------------------------------------------------------------------------------

/**
 * The retention periods CloudWatch Logs accepts, in days: the values of `logs.RetentionDays` (whose INFINITE keeps
 * events forever, by leaving the retention out).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
const RETENTION_DAYS: readonly number[] = Object.values(logs.RetentionDays).filter((value): value is number => typeof value === 'number');

/**
 * Checks a log retention given as `logs.RetentionDays`: JavaScript callers may pass any number (42), which CloudWatch
 * Logs refuses at deploy time. Tokens are accepted as they are.
 */
export function validateRetentionDays(scope: IConstruct, prop: string, value: logs.RetentionDays | undefined): void {
  validateType(scope, prop, value, types.retentionDays);
}

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
}

/** The six fields of an AWS cron expression, in order. */
const CRON_FIELDS: CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAY_NAMES },
  { name: 'year', min: 1970, max: 2199 },
];

/**
 * Checks an AWS cron expression, `cron(minutes hours day-of-month month day-of-week year)`, as EventBridge, AWS
 * Backup and Systems Manager read it: six fields, each value within its field's range (names for months and days
 * of the week), the wildcards each field allows, and `?` in exactly one of day-of-month and day-of-week (AWS
 * refuses a value or `*` in both). Returns the fields, or undefined for a token.
 *
 * @param fix how to give a valid schedule, ending every error
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 */
export function validateCronExpression(scope: IConstruct, prop: string, expression: string, fix: string): string[] | undefined {
  if (Token.isUnresolved(expression)) {
    return undefined;
  }
  const match = /^cron\((.*)\)$/.exec(expression);
  const fields = match ? match[1].trim().split(/\s+/) : [];
  if (fields.length !== CRON_FIELDS.length) {
    invalidProp(scope, prop, expression,
      `give a cron expression with six fields, cron(minutes hours day-of-month month day-of-week year): ${fix}`);
  }
  fields.forEach((field, index) => {
    const problem = cronFieldProblem(CRON_FIELDS[index], field);
    if (problem) {
      invalidProp(scope, prop, expression, `${problem}: ${fix}`);
    }
  });
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    const suggestion = [...fields];
    if (dayOfMonth === '?') {
      suggestion[2] = '*';
    } else {
      suggestion[dayOfWeek === '*' || dayOfMonth !== '*' ? 4 : 2] = '?';
    }
    invalidProp(scope, prop, expression,
      `give ? in exactly one of the day-of-month (${dayOfMonth}) and day-of-week (${dayOfWeek}) fields, which AWS cannot both restrict, `
      + `for example cron(${suggestion.join(' ')}) (events.Schedule.cron puts it in for you): ${fix}`);
  }
  return fields;
}

function cronFieldProblem(field: CronField, text: string): string | undefined {
  const day = field.name === 'day-of-month' || field.name === 'day-of-week';
  if (text === '?') {
    return day ? undefined : `? is allowed only in the day-of-month and day-of-week fields, not in ${field.name}`;
  }
  const items = text.split(',');
  if (field.name === 'day-of-week' && text.includes('#') && items.length > 1) {
    return `the day-of-week field '${text}' combines # with other values, which AWS reads as two expressions`;
  }
  const bad = items.find((item) => !isCronItem(field, item));
  return bad === undefined ? undefined
    : `'${bad}' is not a valid ${field.name} value (${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}, `
      + `with ${day ? (field.name === 'day-of-month' ? ', - * / L W' : ', - * L #') : ', - * /'})`;
}

function isCronItem(field: CronField, item: string): boolean {
  const value = (text: string): boolean => {
    const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
    const number = /^\d+$/.test(text) ? Number(text) : index >= 0 ? index + field.min : NaN;
    return number >= field.min && number <= field.max;
  };
  const range = (text: string): boolean => {
    const parts = text.split('-');
    return parts.length === 1 ? value(parts[0]) : parts.length === 2 && value(parts[0]) && value(parts[1]);
  };
  if (field.name === 'day-of-month' && /^(L|LW|([1-9]|[12]\d|3[01])W)$/.test(item)) {
    return true;
  }
  if (field.name === 'day-of-week' && (/^([1-7]|[A-Z]{3})?L$/i.test(item) || /^([1-7]|[A-Z]{3})#[1-5]$/i.test(item))) {
    return value(item.replace(/(L|#[1-5])$/i, '') || '1');
  }
  const [base, step, ...rest] = item.split('/');
  if (rest.length > 0 || (step !== undefined && (field.name === 'day-of-week' || !/^[1-9]\d*$/.test(step)))) {
    return false;
  }
  return base === '*' || range(base);
}

// ---------------------------------------------------------------------------------------------------------------
// Types at the public boundary
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a prop must be, for the callers that no compiler checks: JavaScript users, and values built at run time.
 * jsii's Python, Java and Go bindings check the types themselves; a wrong type from JavaScript otherwise reaches
 * code that fails with an internal error, or not at all.
 */
export interface PropType {
  /** What to give, in the words of the error: `a Duration, for example Duration.days(35)`. */
  readonly expected: string;
  /** The JavaScript kind of valid values (`typeof`, or `array`): a value of another kind is named in the error. */
  readonly kind: string;
  /** Whether a value (not undefined, not a token) is of the type. */
  readonly matches: (value: any) => boolean;
  /** Checks the parts of a valid value (items, fields), naming each by its path. */
  readonly checkParts?: (scope: IConstruct, prop: string, value: any) => void;
}

/** The types of the props of a struct, by prop name. */
export type PropTypes = Readonly<Record<string, PropType>>;

function hasMembers(value: unknown, members: readonly string[]): boolean {
  return typeof value === 'object' && value !== null && members.every((member) => (value as Record<string, unknown>)[member] !== undefined);
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Whether a value can be a struct: an object that is neither an array nor a construct (TypeScript may pass a class instance). */
function isStructLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Construct.isConstruct(value);
}

/** Builders of {@link PropType}s. */
export const types = {
  string: { expected: 'a string', kind: 'string', matches: (value) => typeof value === 'string' } as PropType,
  number: { expected: 'a number', kind: 'number', matches: (value) => typeof value === 'number' } as PropType,
  boolean: { expected: 'true or false', kind: 'boolean', matches: (value) => typeof value === 'boolean' } as PropType,

  /** A value of a TypeScript enum, named `name` in the error. */
  enumOf(enumObject: object, name: string): PropType {
    const entries = Object.entries(enumObject).filter(([key]) => !/^\d+$/.test(key));
    const values = entries.map(([, value]) => value);
    return {
      expected: `one of ${entries.map(([key]) => `${name}.${key}`).join(', ')}`,
      kind: typeof values[0],
      matches: (value) => values.includes(value),
    };
  },

  /** An instance of a class of this library, such as a union-like class made by static factory methods. */
  instanceOf(type: { readonly prototype: object }, expected: string): PropType {
    return { expected, kind: 'object', matches: (value) => typeof value === 'object' && value !== null && type.prototype.isPrototypeOf(value) };
  },

  /**
   * An object with the given member: an instance of an interface (`ec2.IVpc` has `vpcId`), or of an aws-cdk-lib
   * class, checked by shape because an app may load more than one copy of aws-cdk-lib.
   */
  withMember(member: string, expected: string): PropType {
    return types.withMembers([member], expected);
  },

  /** An object with all the given members, where one is not enough to tell it (`kms.IKey` has `keyArn` and `addToResourcePolicy`). */
  withMembers(members: readonly string[], expected: string): PropType {
    return { expected, kind: 'object', matches: (value) => hasMembers(value, members) };
  },

  /** Any object, for a class or interface whose members are all optional. */
  objectOf(expected: string): PropType {
    return { expected, kind: 'object', matches: isStructLike };
  },

  /** A Duration; `example` shows one in the error, for example `Duration.days(35)`. */
  duration(example: string): PropType {
    return { expected: `a Duration, for example ${example}`, kind: 'object', matches: (value) => typeof value?.toSeconds === 'function' };
  },

  /** An array whose items are of the given type; `expected` says what to give, for example `an array of strings`. */
  arrayOf(item: PropType, expected = `an array, each item ${item.expected}`): PropType {
    return {
      expected,
      kind: 'array',
      matches: (value) => Array.isArray(value),
      checkParts: (scope, prop, value: unknown[]) => value.forEach((element, index) => validateType(scope, `${prop}[${index}]`, element, item)),
    };
  },

  /** A struct (a plain object of props) whose props have the given types. */
  struct(fields: PropTypes, expected = 'an object of settings'): PropType {
    return {
      expected,
      kind: 'object',
      matches: isStructLike,
      checkParts: (scope, prop, value) => validateTypes(scope, value, fields, prop),
    };
  },

  /** A map of names to values of the given type, such as `{ [name: string]: string }`. */
  mapOf(item: PropType): PropType {
    return {
      expected: 'an object of names and values',
      kind: 'object',
      matches: isStructLike,
      checkParts: (scope, prop, value: Record<string, unknown>) =>
        Object.entries(value).forEach(([key, element]) => validateType(scope, `${prop}.${key}`, element, item)),
    };
  },

  /** A CloudWatch Logs retention: one of the values of `logs.RetentionDays`. */
  retentionDays: {
    expected: 'one of the values of logs.RetentionDays, for example logs.RetentionDays.ONE_YEAR: CloudWatch Logs keeps log events for '
      + `${RETENTION_DAYS.filter((days) => days !== logs.RetentionDays.INFINITE).join(', ')} days, or forever with INFINITE`,
    kind: 'number',
    matches: (value) => RETENTION_DAYS.includes(value),
  } as PropType,
};

/**
 * Checks the type of one prop. Undefined (or null) means the default and passes, as does a token, whose value
 * is known only at deploy time.
 */
export function validateType(scope: IConstruct, prop: string, value: unknown, type: PropType): void {
  if (value === undefined || value === null || Token.isUnresolved(value)) {
    return;
  }
  if (!type.matches(value)) {
    const kind = kindOf(value);
    invalidProp(scope, prop, value, `give ${type.expected}${kind === type.kind || kind === `a ${type.kind}` ? '' : `, not ${kind}`}`);
  }
  type.checkParts?.(scope, prop, value);
}

/**
 * Checks the types of the props of a struct: the struct itself must be an object, and each prop listed in `types`
 * of its type. Props not listed are not checked.
 *
 * @param prefix the path of the struct in the props the user gave, for example `network`: errors then name
 * `network.maxAzs`; none for the props of a construct itself
 */
export function validateTypes(scope: IConstruct, props: unknown, propTypes: PropTypes, prefix?: string): void {
  if (props === undefined || props === null) {
    return;
  }
  if (!isStructLike(props)) {
    const kind = kindOf(props);
    invalidProp(scope, prefix ?? 'props', props, `give an object of settings${kind === 'an object' ? '' : `, not ${kind}`}`);
  }
  for (const [name, type] of Object.entries(propTypes)) {
    validateType(scope, prefix ? `${prefix}.${name}` : name, (props as Record<string, unknown>)[name], type);
  }
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object' && value !== null) {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return isPlainObject(value) || !name ? 'an object' : `a ${name}`;
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Values in messages
// ---------------------------------------------------------------------------------------------------------------

/** The longest rendering of a value in a message; beyond it the value is cut with an ellipsis. */
const MAX_VALUE_LENGTH = 300;
/** How deep nested objects are shown. */
const MAX_DEPTH = 3;
/** How many items of an array, or props of an object, are shown. */
const MAX_ITEMS = 50;
/** Attributes that identify a construct better than its path, when they are known at synth time. */
const IDENTIFYING_ATTRIBUTES = [
  'subnetId', 'vpcId', 'securityGroupId', 'certificateArn', 'hostedZoneId', 'keyArn', 'topicArn', 'bucketName',
  'roleArn', 'backupVaultArn', 'secretArn', 'loadBalancerArn', 'distributionId',
];

/**
 * A value as an error message shows it: strings in quotes, plain data as JSON, constructs (subnets, VPCs, keys) by
 * their id and path, tokens as tokens, other objects by their class and data; cycles and deep or long values cut
 * short. It never throws: an error about a prop must not turn into an error about its formatting.
 */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? `'${escapeControlCharacters(value)}'` : render(value, 0, new Set());
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (character) => JSON.stringify(character).slice(1, -1));
}

function render(value: unknown, depth: number, ancestors: Set<unknown>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Token.isUnresolved(value) ? Tokenization.stringifyNumber(value) : JSON.stringify(value) ?? String(value);
    case 'undefined':
      return depth === 0 ? 'undefined' : 'null';
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value === null) {
    return 'null';
  }
  if (ancestors.has(value)) {
    return '[circular]';
  }
  if (Token.isUnresolved(value)) {
    return String(value);
  }
  if (Construct.isConstruct(value)) {
    return describeConstruct(value);
  }
  if (depth >= MAX_DEPTH) {
    return Array.isArray(value) ? '[…]' : '{…}';
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((item) => render(item, depth + 1, ancestors));
      return `[${items.join(',')}${value.length > MAX_ITEMS ? ',…' : ''}]`;
    }
    const own = (value as { toString?: () => string }).toString;
    if (!isPlainObject(value) && typeof own === 'function' && own !== Object.prototype.toString) {
      const text = own.call(value);
      if (typeof text === 'string' && !text.startsWith('[object ')) {
        return text;
      }
    }
    const entries = Object.entries(value as object).filter(([, item]) => item !== undefined && typeof item !== 'function');
    const fields = entries.slice(0, MAX_ITEMS).map(([key, item]) => `${JSON.stringify(key)}:${render(item, depth + 1, ancestors)}`);
    const body = `{${fields.join(',')}${entries.length > MAX_ITEMS ? ',…' : ''}}`;
    return isPlainObject(value) ? body : `${kindOf(value).replace(/^an? /, '')} ${body}`;
  } finally {
    ancestors.delete(value);
  }
}

function describeConstruct(construct: IConstruct): string {
  const attributes = construct as unknown as Record<string, unknown>;
  const attribute = (name: string): unknown => {
    try {
      return attributes[name];
    } catch {
      return undefined;
    }
  };
  const id = IDENTIFYING_ATTRIBUTES.map(attribute).find((item) => typeof item === 'string' && !Token.isUnresolved(item));
  return id === undefined ? construct.node.path : `${id} (${construct.node.path})`;
}
