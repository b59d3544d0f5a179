import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { invalidProp, PropType, validateType } from '../validation';

/*
 * EC2 instance type names: their parts, the processor architecture they name, and the instance types of the props
 * (an `ec2.InstanceType` or its name), for the app tier and for the database's instance classes.
 */

const EC2_INSTANCE_TYPE_NAMES = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html';

/** The parts of an EC2 instance type name, `c7gn.xlarge`: series `c`, generation 7, options `gn`, size `xlarge`. */
export interface InstanceTypeName {
  readonly series: string;
  readonly generation: number;
  readonly options: string;
  readonly size: string;
}

/** The parts of an instance type name, or undefined when it does not follow EC2's naming convention. */
export function parseInstanceTypeName(name: string): InstanceTypeName | undefined {
  const match = /^([a-z]+)(\d{1,2})([a-z-]*)\.([a-z0-9-]+)$/.exec(name);
  return match ? { series: match[1], generation: Number(match[2]), options: match[3], size: match[4] } : undefined;
}

/** Processor architectures of EC2 instance types, as aws-cdk-lib and AMIs name them. */
export type Architecture = 'arm64' | 'x86_64';

/**
 * The processor architecture of an EC2 instance type, from its name: the letter after the generation digit names
 * the processor, and `g` is AWS Graviton (m7g, c7gn, t4g, r8g, x2gd, im4gn); the first Graviton series is `a1`.
 * Every other type (`i` Intel, `a` AMD, no letter) is x86_64. Undefined for a name that is not an instance type.
 *
 * @see https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 */
export function instanceTypeArchitecture(name: string): Architecture | undefined {
  const parsed = parseInstanceTypeName(name);
  if (!parsed) {
    return undefined;
  }
  return parsed.options.startsWith('g') || (parsed.series === 'a' && parsed.generation === 1) ? 'arm64' : 'x86_64';
}

const INSTANCE_FAMILIES = new Set<string>(Object.values(ec2.InstanceClass));
const INSTANCE_SIZES = new Set<string>(Object.values(ec2.InstanceSize));

/**
 * Whether an instance type name is of a family and size that aws-cdk-lib knows (`ec2.InstanceClass`,
 * `ec2.InstanceSize`): catches `t4g.smal` or `m7.large`, which EC2 and RDS would refuse at deployment.
 */
export function isKnownInstanceType(name: string): boolean {
  const [family, size, ...rest] = name.split('.');
  return rest.length === 0 && INSTANCE_FAMILIES.has(family) && INSTANCE_SIZES.has(size) && parseInstanceTypeName(name) !== undefined;
}

/** The source of {@link instanceTypeArchitecture}. */
export const INSTANCE_TYPE_NAMES_SOURCE = EC2_INSTANCE_TYPE_NAMES;

/**
 * An RDS instance class, `db.m7g.large`, from what a user wrote: the EC2 type name (`m7g.large`, which aws-cdk-lib
 * prefixes with `db.`) or the RDS class name itself. Returns the EC2-style name without the prefix, or undefined
 * when it is neither.
 */
export function databaseInstanceTypeName(value: string): string | undefined {
  const name = value.startsWith('db.') ? value.slice(3) : value;
  return parseInstanceTypeName(name) ? name : undefined;
}

/**
 * An EC2 instance type: an `ec2.InstanceType` or, for JavaScript callers, its name as a string such as `'m7g.large'`.
 */
export const INSTANCE_TYPE: PropType = {
  expected: "an ec2.InstanceType such as new ec2.InstanceType('m7g.large')",
  kind: 'object',
  matches: (value) => value instanceof ec2.InstanceType || typeof value === 'string',
};

/**
 * An EC2 instance type from an `ec2.InstanceType` or a string ({@link INSTANCE_TYPE}); refuses anything else. The
 * name itself is checked by the caller, which knows what the type is for.
 */
export function instanceTypeOf(scope: IConstruct, prop: string, value: unknown): ec2.InstanceType | undefined {
  validateType(scope, prop, value, INSTANCE_TYPE);
  if (value === undefined || value === null) {
    return undefined;
  }
  return value instanceof ec2.InstanceType ? value : new ec2.InstanceType(String(value));
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
