/**
 * One synthesis, in a process of its own: `node bench/.build/bench/synth.js <scenario> <stacks> <outdir>`.
 * Prints one JSON line of figures on stdout. Run by bench/run.ts, which transpiles it first.
 */
import { performance } from 'perf_hooks';

const started = performance.now();
const [scenario, stacksArg, outdir] = process.argv.slice(2);
const stackCount = Number(stacksArg ?? '1');

/* eslint-disable @typescript-eslint/no-require-imports */
const { App, Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
type Build = (stack: import('aws-cdk-lib').Stack) => void;
// Each scenario loads only its own code: the baseline process never loads cdk-ha-web-app, and the other way round.
const SCENARIOS: Record<string, () => Build> = {
  default: () => (require('./configurations') as typeof import('./configurations')).defaultWebApp,
  full: () => (require('./configurations') as typeof import('./configurations')).fullyFeaturedWebApp,
  baseline: () => {
    const { WebAppBaseline } = require('./baseline/web-app-baseline') as typeof import('./baseline/web-app-baseline');
    return (stack) => new WebAppBaseline(stack, 'WebApp');
  },
};
const load = SCENARIOS[scenario];
if (!load) {
  throw new Error(`unknown scenario '${scenario}': use one of ${Object.keys(SCENARIOS).join(', ')}`);
}
const build = load();
const fs = require('fs') as typeof import('fs');
const path = require('path') as typeof import('path');
/* eslint-enable @typescript-eslint/no-require-imports */
const loaded = performance.now();

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

// The context of test/helpers.ts's testApp(): the Availability Zones that `cdk synth` would look up.
const app = new App({
  outdir,
  context: { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
});
const stacks = Array.from({ length: stackCount }, (_, i) =>
  new Stack(app, stackCount === 1 ? 'TestStack' : `TestStack${i + 1}`, { env: { account: ACCOUNT, region: REGION } }));
for (const stack of stacks) {
  build(stack);
}
const constructed = performance.now();
const assembly = app.synth();
const synthesized = performance.now();

const types: Record<string, number> = {};
let resources = 0;
let templateBytes = 0;
let maxTemplateBytes = 0;
let maxResources = 0;
for (const artifact of assembly.stacks) {
  const bytes = fs.statSync(path.join(assembly.directory, artifact.templateFile)).size;
  templateBytes += bytes;
  maxTemplateBytes = Math.max(maxTemplateBytes, bytes);
  const stackResources = Object.values<{ Type: string }>(artifact.template.Resources ?? {});
  resources += stackResources.length;
  maxResources = Math.max(maxResources, stackResources.length);
  for (const resource of stackResources) {
    types[resource.Type] = (types[resource.Type] ?? 0) + 1;
  }
}
// Assets: the file and container image entries of the asset manifests, less the stack templates themselves.
let assets = 0;
for (const artifact of assembly.artifacts) {
  const manifestFile = (artifact.manifest.properties as { file?: string } | undefined)?.file;
  if (artifact.manifest.type !== 'cdk:asset-manifest' || !manifestFile) {
    continue;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, manifestFile), 'utf8'));
  const files = Object.values<{ source: { path?: string } }>(manifest.files ?? {});
  assets += files.filter((file) => !(file.source.path ?? '').endsWith('.template.json')).length;
  assets += Object.keys(manifest.dockerImages ?? {}).length;
}
const customResources = Object.entries(types)
  .filter(([type]) => type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')
  .reduce((sum, [, count]) => sum + count, 0);

process.stdout.write(JSON.stringify({
  scenario,
  stacks: stackCount,
  loadMs: loaded - started,
  constructMs: constructed - loaded,
  synthMs: synthesized - constructed,
  // Construction plus synthesis: what a user's `cdk synth` spends on the app, without loading modules.
  appMs: synthesized - loaded,
  maxRssKb: process.resourceUsage().maxRSS,
  resources,
  maxResources,
  templateBytes,
  maxTemplateBytes,
  customResources,
  lambdaFunctions: types['AWS::Lambda::Function'] ?? 0,
  assets,
  types,
}) + '\n');
