import { Stack } from 'aws-cdk-lib';
import { HighlyAvailableWebApp } from '../src';
import { FULLY_FEATURED } from '../test/configurations';

/** (a) The default HighlyAvailableWebApp. */
export function defaultWebApp(stack: Stack): void {
  new HighlyAvailableWebApp(stack, 'WebApp');
}

/** (b) The fully featured HighlyAvailableWebApp: the configuration the quality gates run (test/configurations.ts). */
export function fullyFeaturedWebApp(stack: Stack): void {
  new HighlyAvailableWebApp(stack, 'WebApp', FULLY_FEATURED(stack));
}
