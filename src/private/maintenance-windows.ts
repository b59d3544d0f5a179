import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalidProp } from './validation';

/**
 * The days of a weekly window, as RDS and ElastiCache write them (`ddd:hh24:mi-ddd:hh24:mi`, case-insensitive). The
 * week is a circle to the checks below, so the order only fixes which minute is 0: Sunday 00:00, as in ElastiCache's
 * list and in cron.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const DAILY_WINDOW = new RegExp(`^${TIME}-${TIME}$`);
const WEEKLY_WINDOW = new RegExp(`^(${DAYS.join('|')}):${TIME}-(${DAYS.join('|')}):${TIME}$`, 'i');

/** A window setting: the prop that holds it and its value (default applied). */
export interface WindowSetting {
  readonly prop: string;
  readonly value: string;
}

/**
 * Checks a daily window (`hh24:mi-hh24:mi`: backups, snapshots) and a weekly maintenance window
 * (`ddd:hh24:mi-ddd:hh24:mi`) of one resource, both in UTC: their formats, that each lasts at least
 * `minimumMinutes` (the service's minimum), and that the daily window overlaps the weekly one on no day, which RDS
 * and ElastiCache refuse. A token is not checked, nor its overlap with the other window.
 */
export function validateWindows(scope: IConstruct, daily: WindowSetting, weekly: WindowSetting, minimumMinutes: number): void {
  const dailyWindow = Token.isUnresolved(daily.value) ? undefined : parseDailyWindow(scope, daily, minimumMinutes);
  const weeklyWindow = Token.isUnresolved(weekly.value) ? undefined : parseWeeklyWindow(scope, weekly, minimumMinutes);
  if (!dailyWindow || !weeklyWindow) {
    return;
  }
  if (DAYS.some((_, day) => overlaps({ start: day * MINUTES_PER_DAY + dailyWindow.start, length: dailyWindow.length }, weeklyWindow))) {
    invalidProp(scope, daily.prop, daily.value,
      `choose a window that does not overlap ${weekly.prop} ('${weekly.value}') on any day`);
  }
}

/** A range of minutes on the week's circle: its start (minutes since Sunday 00:00) and length. */
interface Window {
  readonly start: number;
  readonly length: number;
}

function parseDailyWindow(scope: IConstruct, setting: WindowSetting, minimumMinutes: number): Window {
  const match = DAILY_WINDOW.exec(setting.value);
  if (!match) {
    invalidProp(scope, setting.prop, setting.value, "give a daily UTC window as hh24:mi-hh24:mi, for example '03:00-04:00'");
  }
  const start = Number(match[1]) * 60 + Number(match[2]);
  const length = (Number(match[3]) * 60 + Number(match[4]) - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  checkLength(scope, setting, length, minimumMinutes);
  return { start, length };
}

function parseWeeklyWindow(scope: IConstruct, setting: WindowSetting, minimumMinutes: number): Window {
  const match = WEEKLY_WINDOW.exec(setting.value);
  if (!match) {
    invalidProp(scope, setting.prop, setting.value,
      `give a weekly UTC window as ddd:hh24:mi-ddd:hh24:mi with ddd one of ${DAYS.join(', ')}, for example 'sun:04:00-sun:05:00'`);
  }
  const minuteOfWeek = (day: string, hours: string, minutes: string) =>
    DAYS.indexOf(day.toLowerCase()) * MINUTES_PER_DAY + Number(hours) * 60 + Number(minutes);
  const start = minuteOfWeek(match[1], match[2], match[3]);
  const length = (minuteOfWeek(match[4], match[5], match[6]) - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  checkLength(scope, setting, length, minimumMinutes);
  return { start, length };
}

function checkLength(scope: IConstruct, setting: WindowSetting, length: number, minimumMinutes: number): void {
  if (length < minimumMinutes) {
    invalidProp(scope, setting.prop, setting.value, `give a window of at least ${minimumMinutes} minutes`);
  }
}

/** Whether two windows of the week share a minute. */
function overlaps(a: Window, b: Window): boolean {
  const offset = (from: number, to: number) => ((to - from) % MINUTES_PER_WEEK + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  return offset(a.start, b.start) < a.length || offset(b.start, a.start) < b.length;
}
