import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { databaseInstanceTypeName } from './capabilities';
import { invalidProp } from './validation';

/*
 * Type guards at the public boundary, for what the jsii bindings of Python, Java and Go stop but a JavaScript caller
 * (or TypeScript with `as any`) can pass: a string where a class goes, a number where a Duration goes, a string
 * where an array goes. A wrong type gets the same error as a wrong value: the prop, the value, the fix.
 */

/** What kind of value it is, as a user would say it, for the error message. */
export function kindOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value !== 'object') {
    return `a ${typeof value}`;
  }
  const className = (value as object).constructor?.name;
  return className && className !== 'Object' ? `a ${className}` : 'an object';
}

/** Refuses a value that is set but not an instance of `type` (a class of this library, with a factory `how`). */
export function requireInstance<T>(scope: IConstruct, prop: string, value: unknown, type: { readonly prototype: T }, how: string): T | undefined {
  // A class with a private constructor (the enum-like classes) is no constructor type to TypeScript, but is one to instanceof.
  if (value === undefined || value instanceof (type as unknown as new () => T)) {
    return value as T | undefined;
  }
  return invalidProp(scope, prop, value, `give ${how}, not ${kindOf(value)}`);
}

/** Refuses a value that is set but not a Duration (aws-cdk-lib's `Duration.days(7)`, not the number 7). */
export function requireDuration(scope: IConstruct, prop: string, value: unknown, example: string): void {
  const duration = value as { toSeconds?: unknown; isUnresolved?: unknown } | undefined;
  if (value !== undefined && (typeof value !== 'object' || typeof duration?.toSeconds !== 'function' || typeof duration?.isUnresolved !== 'function')) {
    invalidProp(scope, prop, value, `give a Duration such as ${example}, not ${kindOf(value)}`);
  }
}

/** Refuses a value that is set but not of the primitive type (a token of that type passes). */
export function requirePrimitive(scope: IConstruct, prop: string, value: unknown, type: 'string' | 'number' | 'boolean'): void {
  if (value !== undefined && typeof value !== type) {
    invalidProp(scope, prop, value, `give a ${type}, not ${kindOf(value)}`);
  }
}

/** Refuses a value that is set but not an array (for example a single string where a list goes). */
export function requireArray(scope: IConstruct, prop: string, value: unknown, example: string): void {
  if (value !== undefined && !Array.isArray(value)) {
    invalidProp(scope, prop, value, `give a list, for example ${example}, not ${kindOf(value)}`);
  }
}

/** Refuses a value that is set but not one of the values of an enum (`logs.RetentionDays`, `RemovalPolicy`...). */
export function requireEnumValue(scope: IConstruct, prop: string, value: unknown, enumObject: object, enumName: string): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const members = Object.entries(enumObject).filter(([name]) => Number.isNaN(Number(name)));
  if (!members.some(([, member]) => member === value)) {
    const examples = members.slice(0, 4).map(([name]) => `${enumName}.${name}`).join(', ');
    invalidProp(scope, prop, value, `give one of ${enumName}'s values (${examples}, ...)`);
  }
}

/** Refuses a value that is set but is not an object with the given methods or properties (an interface like `ec2.IVpc`). */
export function requireShape(scope: IConstruct, prop: string, value: unknown, members: string[], what: string): void {
  if (value === undefined) {
    return;
  }
  const candidate = value as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || members.some((member) => candidate[member] === undefined)) {
    invalidProp(scope, prop, value, `give ${what}, not ${kindOf(value)}`);
  }
}

/**
 * An EC2 instance type from an `ec2.InstanceType` or, for JavaScript callers, a plain string such as `'m7g.large'`;
 * refuses anything else. The name itself is checked by the caller, which knows what the type is for.
 */
export function instanceTypeOf(scope: IConstruct, prop: string, value: unknown): ec2.InstanceType | undefined {
  if (value === undefined || value instanceof ec2.InstanceType) {
    return value;
  }
  if (typeof value === 'string') {
    return new ec2.InstanceType(value);
  }
  return invalidProp(scope, prop, value, `give an ec2.InstanceType such as new ec2.InstanceType('m7g.large'), not ${kindOf(value)}`);
}

/**
 * The instance type of a database, from an `ec2.InstanceType` or a string, written the EC2 way (`m7g.large`) or the
 * RDS way (`db.m7g.large`, which aws-cdk-lib would render as `db.db.m7g.large`): the RDS way is accepted and its
 * prefix dropped.
 */
export function databaseInstanceTypeOf(scope: IConstruct, prop: string, value: unknown): ec2.InstanceType | undefined {
  const type = instanceTypeOf(scope, prop, value);
  if (type === undefined || Token.isUnresolved(type.toString())) {
    return type;
  }
  const name = databaseInstanceTypeName(type.toString());
  if (name === undefined) {
    invalidProp(scope, prop, type.toString(), "give an instance class such as new ec2.InstanceType('m7g.large') (RDS names it db.m7g.large)");
  }
  return name === type.toString() ? type : new ec2.InstanceType(name);
}
