import { TimeZone, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalidProp, validateType } from '../validation';
import { closestMatch } from './closest-match';

/*
 * The time zones that AWS takes by their IANA names (Auto Scaling's scheduled actions).
 */

/** The source of {@link isTimeZoneName}: Auto Scaling's scheduled actions. */
export const TIME_ZONE_SOURCE = 'https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html';

let timeZoneNames: Set<string> | undefined;

/**
 * The names of the IANA time zone database that a time zone of AWS may be: Node's ICU knows them in two spellings,
 * CLDR's (`Intl.supportedValuesOf`, with `Asia/Calcutta` and `Europe/Kiev`) and the canonical names of the current
 * database that aws-cdk-lib's `TimeZone` lists (`Asia/Kolkata`, `Europe/Kyiv`, the `Etc/GMT±n` zones); `UTC`, which the
 * database links to `Etc/UTC`, is the name AWS uses itself. Other links (`US/Eastern`, `GMT`) are not canonical.
 */
function knownTimeZones(): Set<string> {
  if (!timeZoneNames) {
    const cdkNames = Object.values(TimeZone).filter((value): value is TimeZone => value instanceof TimeZone).map((zone) => zone.timezoneName);
    timeZoneNames = new Set([...Intl.supportedValuesOf('timeZone'), ...cdkNames, 'UTC'].filter((name) => icuTimeZone(name) !== undefined));
  }
  return timeZoneNames;
}

/** The zone ICU reads a name as (`America/New_York` for `US/Eastern`), or undefined when it knows no such zone. */
function icuTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Whether a name is a canonical name of the IANA time zone database, spelt as the database spells it: what Auto
 * Scaling takes ("the canonical names of the IANA time zones, derived from the IANA Time Zone Database (such as
 * Etc/GMT+9 or Pacific/Tahiti)").
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html
 */
export function isTimeZoneName(name: string): boolean {
  return knownTimeZones().has(name);
}

/**
 * Checks a time zone that AWS takes by its IANA name; tokens are accepted as they are. An alias (`US/Eastern`, `GMT`) or
 * a name in other capitals is refused with the canonical name, a misspelt one with the closest name.
 *
 * @param service what reads the time zone, for the error: `Auto Scaling`
 */
export function validateTimeZone(scope: IConstruct, prop: string, value: string | undefined, service: string): void {
  validateType(scope, prop, value, { expected: "an IANA time zone name such as 'Europe/Paris'", kind: 'string', matches: (v) => typeof v === 'string' });
  if (value === undefined || Token.isUnresolved(value) || isTimeZoneName(value)) {
    return;
  }
  const rule = `${service} takes only the canonical names of the IANA time zone database, spelt as the database spells them`;
  const icuName = icuTimeZone(value);
  if (icuName !== undefined && isTimeZoneName(icuName)) {
    invalidProp(scope, prop, value, `give '${icuName}', the canonical name of that zone: ${rule}`);
  }
  const match = closestMatch(value, [...knownTimeZones()]);
  const offset = /[+-]\d/.test(value) ? " (for an offset, 'Etc/GMT-5' is UTC+5: the Etc zones invert the sign)" : '';
  invalidProp(scope, prop, value, `${match !== undefined ? `did you mean '${match}'? ` : ''}give the name of an IANA time zone, `
    + `for example 'Europe/Paris' or 'UTC'${offset}: ${rule}`);
}
