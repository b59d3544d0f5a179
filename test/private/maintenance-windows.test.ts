import { Lazy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { validateWindows } from '../../src/private/maintenance-windows';
import { testStack } from '../helpers';

function check(daily: string, weekly: string, minimumMinutes = 30): void {
  const scope = new Construct(testStack(), 'Store');
  validateWindows(scope, { prop: 'dailyWindow', value: daily }, { prop: 'weeklyWindow', value: weekly }, minimumMinutes);
}

describe('validateWindows', () => {
  test.each<[string, string, string]>([
    ['a daily window that ends the next day', '23:30-00:30', 'sun:01:00-sun:02:00'],
    ['a weekly window across the end of the week (sat to sun)', '03:00-04:00', 'sat:23:30-sun:00:30'],
    ['a weekly window across the start of the week (sun to mon)', '03:00-04:00', 'sun:23:30-mon:00:30'],
    ['days in any case', '03:00-04:00', 'SAT:22:00-Sun:02:00'],
    ['windows that touch without sharing a minute', '04:00-05:00', 'wed:05:00-wed:06:00'],
  ])('accepts %s', (_description, daily, weekly) => {
    expect(() => check(daily, weekly)).not.toThrow();
  });

  test.each<[string, string, string, number, string]>([
    ['a malformed daily window', '3:00-4:00', 'sun:04:00-sun:05:00', 30,
      "invalid dailyWindow ('3:00-4:00'): give a daily UTC window as hh24:mi-hh24:mi, for example '03:00-04:00'"],
    ['a day name in full', '03:00-04:00', 'sunday:04:00-sunday:05:00', 30,
      "invalid weeklyWindow ('sunday:04:00-sunday:05:00'): give a weekly UTC window as ddd:hh24:mi-ddd:hh24:mi with ddd one of sun, mon, tue, wed, thu, fri, sat"],
    ['a daily window shorter than the minimum', '03:00-03:45', 'sun:05:00-sun:06:00', 60, "invalid dailyWindow ('03:00-03:45'): give a window of at least 60 minutes"],
    ['a weekly window shorter than the minimum', '03:00-04:00', 'sun:05:00-sun:05:20', 30, "invalid weeklyWindow ('sun:05:00-sun:05:20'): give a window of at least 30 minutes"],
    ['a daily window that overlaps across the end of the week', '00:00-01:00', 'sat:23:30-sun:00:30', 30,
      "invalid dailyWindow ('00:00-01:00'): choose a window that does not overlap weeklyWindow ('sat:23:30-sun:00:30') on any day"],
    ['a daily window that ends inside a weekday window', '04:00-06:00', 'tue:05:00-tue:06:00', 30, "invalid dailyWindow ('04:00-06:00'): choose a window"],
  ])('refuses %s, naming the prop', (_description, daily, weekly, minimumMinutes, message) => {
    expect(() => check(daily, weekly, minimumMinutes)).toThrow(`TestStack/Store: ${message}`);
  });

  test('checks the format of one window when the other is a token, and no overlap', () => {
    const token = Lazy.string({ produce: () => 'sun:04:00-sun:05:00' });
    expect(() => check('04:00-05:00', token)).not.toThrow();
    expect(() => check('4:00-5:00', token)).toThrow(/invalid dailyWindow \('4:00-5:00'\)/);
  });
});
