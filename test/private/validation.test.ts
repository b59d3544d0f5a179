import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WebAppCache } from '../../src/data/web-app-cache';
import {
  describeValue, invalidProp, normalizeDomainName, types, validateCronExpression, validateRetentionDays, validateType, validateTypes,
  validateWholeDays, WebAppConfigurationError,
} from '../../src/private/validation';
import { testStack } from '../helpers';

function errorOf(action: () => void): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('describeValue', () => {
  test.each<[string, unknown, string]>([
    ['a string, in quotes', 'abc', "'abc'"],
    ['a string with a newline, escaped', 'a\nb', "'a\\nb'"],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['an array of plain data, as JSON', [5432, 'x', null], '[5432,"x",null]'],
    ['an object of plain data, as JSON', { a: 1, b: [true] }, '{"a":1,"b":[true]}'],
    ['a Duration, by its own rendering', Duration.days(35), 'Duration.days(35)'],
    ['an instance type', new ec2.InstanceType('m7g.large'), 'm7g.large'],
  ])('shows %s', (_description, value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  test('shows a cyclic structure without failing', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('{"name":"a","self":[circular]}');
  });

  test('shows a construct by its path, and by its id when the id is known at synth time', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const imported = ec2.Subnet.fromSubnetId(stack, 'Imported', 'subnet-0123456789abcdef0');
    expect(describeValue(vpc)).toBe('TestStack/Vpc');
    expect(describeValue({ subnets: [imported] })).toBe('{"subnets":[subnet-0123456789abcdef0 (TestStack/Imported)]}');
  });

  test('shows tokens as tokens', () => {
    expect(describeValue(Lazy.string({ produce: () => 'x' }))).toMatch(/^'\$\{Token\[TOKEN\.\d+\]\}'$/);
    expect(describeValue(Lazy.number({ produce: () => 3 }))).toMatch(/^\$\{Token\[TOKEN\.\d+\]\}$/);
  });

  test('cuts a long value short', () => {
    const shown = describeValue('x'.repeat(5000));
    expect(shown.length).toBe(300);
    expect(shown.endsWith('…')).toBe(true);
  });

  test('never throws, even for an object whose properties throw', () => {
    const hostile = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(() => describeValue(hostile)).not.toThrow();
  });

  test('a single-subnet vpcSubnets gives the error about the subnets, not "Converting circular structure to JSON"', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const error = errorOf(() => new WebAppCache(stack, 'Cache', { vpc, vpcSubnets: { subnets: [vpc.isolatedSubnets[0]] } }));
    expect(error).toBeInstanceOf(WebAppConfigurationError);
    expect(error.message).toMatch(/^TestStack\/Cache: invalid vpcSubnets \(\{"subnets":\[TestStack\/Vpc\/DataSubnet1\]\}\): .*at least 2/);
  });
});

describe('type guards', () => {
  const scope = () => new Construct(new Stack(), 'Scope');

  test.each<[string, unknown, ReturnType<typeof types.enumOf> | typeof types.string, RegExp]>([
    ['a string where a number goes', '3', types.number, /invalid p \('3'\): give a number, not a string$/],
    ['a number where a string goes', 3, types.string, /invalid p \(3\): give a string, not a number$/],
    ['a string where true or false goes', 'yes', types.boolean, /give true or false, not a string$/],
    ['a value outside an enum', 'internal', types.enumOf(ec2.SubnetType, 'ec2.SubnetType'), /give one of ec2\.SubnetType\.PRIVATE_ISOLATED, .*PUBLIC$/],
    ['a string where a Duration goes', '35 days', types.duration('Duration.days(35)'), /give a Duration, for example Duration\.days\(35\), not a string$/],
    ['a number where a Duration goes', 35, types.duration('Duration.days(35)'), /give a Duration, for example Duration\.days\(35\), not a number$/],
    ['a string where an array goes', 'a@b.c', types.arrayOf(types.string, 'an array of strings'), /give an array of strings, not a string$/],
    ['a string where an interface goes', 'vpc-1', types.withMember('vpcId', 'an ec2.IVpc'), /give an ec2\.IVpc, not a string$/],
    ['an object with one of the members of an interface', { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/1' },
      types.withMembers(['keyArn', 'addToResourcePolicy'], 'a kms.IKey'), /give a kms\.IKey, not an object$/],
    ['a string where a struct goes', 'big', types.struct({}), /give an object of settings, not a string$/],
    ['a retention of 42 days', 42, types.retentionDays, /invalid p \(42\): give one of the values of logs\.RetentionDays, .*1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days, or forever with INFINITE$/],
  ])('refuses %s', (_description, value, type, message) => {
    expect(() => validateType(scope(), 'p', value, type)).toThrow(message);
  });

  test('names an item of an array and a field of a struct by their paths', () => {
    expect(() => validateType(scope(), 'emails', ['a@b.c', 3], types.arrayOf(types.string)))
      .toThrow(/invalid emails\[1\] \(3\): give a string, not a number$/);
    expect(() => validateTypes(scope(), { thresholds: { cpu: '80' } }, { thresholds: types.struct({ cpu: types.number }) }, 'monitoring'))
      .toThrow(/invalid monitoring\.thresholds\.cpu \('80'\): give a number, not a string$/);
  });

  test('refuses a struct that is not an object, naming it', () => {
    expect(() => validateTypes(scope(), 'big', {}, 'network')).toThrow(/invalid network \('big'\): give an object of settings, not a string$/);
  });

  test.each<[string, unknown, Parameters<typeof validateType>[3]]>([
    ['undefined', undefined, types.number],
    ['a string token where an enum goes', Lazy.string({ produce: () => 'x' }), types.enumOf(ec2.SubnetType, 'ec2.SubnetType')],
    ['a number token where a retention goes', Lazy.number({ produce: () => 42 }), types.retentionDays],
    ['a list token where an array goes', Lazy.list({ produce: () => ['a'] }), types.arrayOf(types.string)],
    ['every RetentionDays value', logs.RetentionDays.TEN_YEARS, types.retentionDays],
    ['INFINITE', logs.RetentionDays.INFINITE, types.retentionDays],
  ])('accepts %s', (_description, value, type) => {
    expect(() => validateType(scope(), 'p', value, type)).not.toThrow();
  });

  test('validateRetentionDays refuses what CloudWatch Logs refuses', () => {
    expect(() => validateRetentionDays(scope(), 'logRetention', 42 as logs.RetentionDays)).toThrow(/invalid logRetention \(42\): give one of the values of logs\.RetentionDays/);
    expect(() => validateRetentionDays(scope(), 'logRetention', logs.RetentionDays.ONE_YEAR)).not.toThrow();
  });

  test('validateWholeDays refuses a plain number of days', () => {
    expect(() => validateWholeDays(scope(), 'dailyRetention', 35 as unknown as Duration, 1, 'days'))
      .toThrow(/invalid dailyRetention \(35\): give a Duration, for example Duration\.days\(1\), not a number$/);
  });

  test('invalidProp shows a value it cannot stringify as JSON', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => invalidProp(stack, 'vpc', { vpc }, 'fix')).toThrow('TestStack: invalid vpc ({"vpc":TestStack/Vpc}): fix');
  });
});

describe('validateCronExpression', () => {
  const validate = (expression: string) => validateCronExpression(new Construct(new Stack(), 'Scope'), 'schedule', expression, 'the fix');

  test.each([
    'cron(0 5 * * ? *)',
    'cron(0 5 ? * MON-FRI *)',
    'cron(15 */2 1 * ? *)',
    'cron(0 3 ? * SUN#1 *)',
    'cron(0 3 ? * 6L *)',
    'cron(0 3 L * ? *)',
    'cron(0 3 15W JAN,JUL ? 2030-2040)',
    'cron(0/15 * * * ? *)',
  ])('accepts %s', (expression) => {
    expect(validate(expression)).toHaveLength(6);
  });

  test.each<[string, RegExp]>([
    ['cron(0 5 * * *)', /give a cron expression with six fields/],
    ['rate(1 day)', /give a cron expression with six fields/],
    ['cron(0 5 * * MON *)', /give \? in exactly one of the day-of-month \(\*\) and day-of-week \(MON\) fields.*for example cron\(0 5 \? \* MON \*\)/],
    ['cron(0 5 * * * *)', /give \? in exactly one of the day-of-month \(\*\) and day-of-week \(\*\) fields.*for example cron\(0 5 \* \* \? \*\)/],
    ['cron(0 5 ? * ? *)', /give \? in exactly one/],
    ['cron(60 5 * * ? *)', /'60' is not a valid minutes value \(0-59/],
    ['cron(0 24 * * ? *)', /'24' is not a valid hours value/],
    ['cron(0 5 32 * ? *)', /'32' is not a valid day-of-month value/],
    ['cron(0 5 ? 13 MON *)', /'13' is not a valid month value/],
    ['cron(0 5 ? * 8 *)', /'8' is not a valid day-of-week value/],
    ['cron(0 5 ? * FUN *)', /'FUN' is not a valid day-of-week value/],
    ['cron(0 5 * * ? 1969)', /'1969' is not a valid year value/],
    ['cron(? 5 * * ? *)', /\? is allowed only in the day-of-month and day-of-week fields/],
    ['cron(0 5 ? * 3#1,6#3 *)', /combines # with other values/],
    ['cron(0/0 5 * * ? *)', /'0\/0' is not a valid minutes value/],
  ])('refuses %s', (expression, message) => {
    expect(() => validate(expression)).toThrow(message);
    expect(() => validate(expression)).toThrow(/: the fix$/);
  });

  test('accepts a token', () => {
    expect(validate(Lazy.string({ produce: () => 'cron(0 5 * * * *)' }))).toBeUndefined();
  });
});

describe('normalizeDomainName', () => {
  test('lowers the case of a name and keeps a token', () => {
    expect(normalizeDomainName('WWW.Example.COM')).toBe('www.example.com');
    const token = Lazy.string({ produce: () => 'X.example.com' });
    expect(normalizeDomainName(token)).toBe(token);
  });
});
