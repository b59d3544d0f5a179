/**
 * Moves the matrix's newest aws-cdk-lib (versions.json) to the newest version on the npm registry and rewrites the
 * README's table to match. The upgrade workflow runs it (post-upgrade); the next CI run then tests the new version.
 *
 *   ts-node -P tsconfig.dev.json test/compat/bump.ts
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const VERSIONS_FILE = path.join(__dirname, 'versions.json');
const README = path.join(__dirname, '..', '..', 'README.md');

const versions = JSON.parse(fs.readFileSync(VERSIONS_FILE, 'utf8'));
const newest = execFileSync('npm', ['view', 'aws-cdk-lib', 'version'], { encoding: 'utf8' }).trim();
if (!/^\d+\.\d+\.\d+$/.test(newest)) {
  throw new Error(`npm view aws-cdk-lib version answered '${newest}', not a version`);
}
if (versions['aws-cdk-lib'].newest !== newest) {
  versions['aws-cdk-lib'].newest = newest;
  fs.writeFileSync(VERSIONS_FILE, `${JSON.stringify(versions, undefined, 2)}\n`);
}
// matrix.ts reads versions.json when it loads: load it only now.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readmeBlock, README_END, README_START } = require('./matrix') as typeof import('./matrix');
const readme = fs.readFileSync(README, 'utf8');
const start = readme.indexOf(README_START) + README_START.length;
const end = readme.indexOf(README_END);
fs.writeFileSync(README, `${readme.slice(0, start)}\n${readmeBlock()}\n${readme.slice(end)}`);
console.log(`compatibility matrix: newest aws-cdk-lib ${newest}`);
