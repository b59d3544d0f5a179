import * as fs from 'fs';
import * as path from 'path';
import { AWS_SOLUTIONS, ComplianceException, HIPAA, NIST, PCI } from '../../src/private/compliance';
import * as exceptions from '../../src/private/exceptions';

/** Every exception of the catalogue: its constants, and each factory called with a sample argument. */
function catalogue(): Array<[string, ComplianceException]> {
  const entries: Array<[string, ComplianceException]> = [];
  for (const [name, value] of Object.entries(exceptions)) {
    if (typeof value === 'function') {
      const made = (value as (...args: unknown[]) => ComplianceException | ComplianceException[])(
        'a sample subject or reason of the test, long enough to be one', 'a second sample argument of the test, which is a reason in some factories');
      (Array.isArray(made) ? made : [made]).forEach((exception, index) => entries.push([`${name}()[${index}]`, exception]));
    } else {
      entries.push([name, value as ComplianceException]);
    }
  }
  return entries;
}

/** The rule names of the Control Tower proactive controls that @cdklabs/cdk-validator-cfnguard bundles. */
function controlTowerRules(): Set<string> {
  const root = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower');
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.guard')) {
        for (const match of fs.readFileSync(file, 'utf8').matchAll(/^rule ([a-z0-9_]+) when/gm)) {
          names.add(match[1]);
        }
      }
    }
  };
  walk(root);
  return names;
}

const CATALOGUE = catalogue();
const COMPLIANCE_PAGE = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'compliance.md'), 'utf8');

describe('the catalogue of compliance exceptions', () => {
  test('holds the exceptions of the library', () => {
    expect(CATALOGUE.length).toBeGreaterThan(30);
  });

  test.each(CATALOGUE)('%s has a reason a reviewer can read, and names a rule of at least one tool', (_name, exception) => {
    expect(exception.reason.length).toBeGreaterThanOrEqual(40);
    const ids = [...exception.nag ?? [], ...exception.checkov ?? [], ...exception.guard ?? [], ...exception.controlTower ?? []];
    expect(ids.length).toBeGreaterThan(0);
  });

  test.each(CATALOGUE)('%s writes each tool\'s ids in that tool\'s form', (_name, exception) => {
    const packs = [AWS_SOLUTIONS, NIST, HIPAA, PCI].map((pack) => pack.replace(/\./g, '\\.')).join('|');
    for (const id of exception.nag ?? []) {
      expect(id).toMatch(new RegExp(`^(${packs})-[A-Za-z0-9]+(\\[.+\\])?$`));
    }
    for (const id of exception.checkov ?? []) {
      expect(id).toMatch(/^CKV2?_AWS_\d+$/);
    }
    for (const id of exception.guard ?? []) {
      expect(id).toMatch(/^[A-Z0-9_]+$/);
    }
  });

  test('every Control Tower rule it names is a rule of the CfnGuardValidator plugin, and docs/compliance.md says what the library does about it', () => {
    const known = controlTowerRules();
    const named = new Set(CATALOGUE.flatMap(([, exception]) => exception.controlTower ?? []));
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((rule) => !known.has(rule))).toEqual([]);
    expect([...named].filter((rule) => !COMPLIANCE_PAGE.includes(`\`${rule}\``))).toEqual([]);
  });

  test('docs/compliance.md names every checkov check the library skips', () => {
    const named = new Set(CATALOGUE.flatMap(([, exception]) => exception.checkov ?? []));
    expect([...named].filter((id) => !COMPLIANCE_PAGE.includes(`\`${id}\``))).toEqual([]);
  });
});
