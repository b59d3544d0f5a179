/**
 * The compatibility matrix's definition (test/compat) against the README, package.json and the user app: the README
 * shows the table that the definition renders, the pinned floor is the peer floor, checkov's pin is the one pip
 * installs, and the app builds every configuration and every tier construct. Reads files only: no network, no
 * packed install (the matrix itself runs with `npx projen test:compat`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CANARY, CONFIGURATIONS, readmeBlock, README_END, README_START, TIERS, VERSIONS } from '../compat/matrix';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The text between the README's markers. */
function readmeTable(): string {
  const readme = read('README.md');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no ${README_START} ... ${README_END} block`);
  }
  return readme.slice(start + README_START.length, end).trim();
}

/** The names of an object literal's entries at one indentation, between `const NAME = {` and the next `};` in a file. */
function entriesOf(source: string, name: string, indent: string): string[] {
  const block = source.slice(source.indexOf(`const ${name} = {`));
  return [...block.slice(0, block.indexOf('\n};')).matchAll(new RegExp(`^${indent}(\\w+): `, 'gm'))].map((match) => match[1]);
}

describe('the compatibility matrix', () => {
  test('the README shows the table that the matrix definition renders, as it is when every cell passes', () => {
    expect(readmeTable()).toEqual(readmeBlock());
  });

  test('its floor is the peer floor of aws-cdk-lib and constructs in package.json', () => {
    const peers = JSON.parse(read('package.json')).peerDependencies;
    expect(peers['aws-cdk-lib']).toEqual(`^${VERSIONS['aws-cdk-lib'].floor}`);
    expect(peers.constructs).toEqual(`^${VERSIONS.constructs}`);
  });

  test('the newest aws-cdk-lib is not older than the floor', () => {
    const [floor, newest] = [VERSIONS['aws-cdk-lib'].floor, VERSIONS['aws-cdk-lib'].newest].map((v) => v.split('.').map(Number));
    expect(newest[0] * 1e6 + newest[1] * 1e3 + newest[2]).toBeGreaterThanOrEqual(floor[0] * 1e6 + floor[1] * 1e3 + floor[2]);
  });

  test('checkov is pinned in requirements.txt at the version of versions.json', () => {
    expect(read('test/compat/requirements.txt').split('\n')).toContain(`checkov==${VERSIONS.checkov}`);
  });

  test('the user app builds every configuration of the definition and the canary, and nothing else', () => {
    expect(entriesOf(read('test/compat/app/configurations.js'), 'CONFIGURATIONS', '  ').sort())
      .toEqual([...CONFIGURATIONS, CANARY].map((configuration) => configuration.id).sort());
  });

  test('the tiers configuration builds each exported construct that is not an assembly of the others, alone', () => {
    // The L3, the stage and the recovery Region's parts are what the default, domain, full and stage configurations build.
    const assemblies = ['HighlyAvailableWebApp', 'HighlyAvailableWebAppStage', 'RecoveryStorage', 'RecoveryWebApp', 'WebAppRegion'];
    const exported = [...read('src/index.ts').matchAll(/from '\.\/(.+)'/g)]
      .flatMap((match) => [...read(`src/${match[1]}.ts`).matchAll(/^export class (\w+) extends (?:Construct|Stage)\b/gm)])
      .map((match) => match[1])
      .filter((name) => !assemblies.includes(name));
    expect([...TIERS].sort()).toEqual(exported.sort());

    const app = read('test/compat/app/configurations.js');
    expect(entriesOf(app, 'TIERS', '  ').sort()).toEqual([...TIERS].sort());
    for (const tier of TIERS) {
      expect(app).toContain(`new webapp.${tier}(stack, `);
    }
  });
});
