/*
 * What AWS accepts, in one place: which engines, instance classes and Regions offer which feature, and which values
 * a property takes. Each row names the AWS documentation page it comes from; test/hardening/capabilities.test.ts has
 * a test per row. The tables know no tier of this library: the tiers ask them and decide what to do with a "no"
 * (refuse the props, or fall back to a default that AWS accepts).
 *
 * Checked against the AWS documentation in 2026-12. When AWS adds a class or a Region, add the row with its source.
 */

export * from './closest-match';
export * from './database-names';
export * from './ec2';
export * from './elasticache';
export * from './rds';
export * from './time-zones';
