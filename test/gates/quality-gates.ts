import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';

/** A finding of a compliance pack that no acknowledgement covers. */
export interface NagFinding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

/**
 * Runs the four compliance packs over a synthesized app and returns the unacknowledged errors and warnings
 * (cdk-nag v3's validation plugin fails a synthesis on either).
 *
 * cdk-nag 3 on aws-cdk-lib 2.257 cannot run as a synthesis plugin (the validation context lacks the
 * construct tree), so each pack validates the tree directly: same rules, same acknowledgements.
 */
export function nagFindings(app: App): NagFinding[] {
  app.synth();
  const packs: NagPack[] = [
    new AwsSolutionsChecks(app),
    new NIST80053R5Checks(app),
    new HIPAASecurityChecks(app),
    new PCIDSS321Checks(app),
  ];
  const findings: NagFinding[] = [];
  for (const pack of packs) {
    const report = pack.validateScope(app);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        findings.push({
          pack: pack.readPackName,
          rule: violation.ruleName,
          severity: violation.severity ?? 'error',
          path: resource.constructPath ?? resource.resourceLogicalId ?? '?',
          description: violation.description,
        });
      }
    }
  }
  return findings;
}

/** Formats findings one per line, for a failure message that says what to fix. */
export function formatFindings(findings: NagFinding[]): string {
  return findings.map((f) => `${f.rule} at ${f.path}: ${f.description}`).join('\n');
}

// cfn-lint W3005 (redundant DependsOn) fires on resources that aws-cdk-lib generates itself.
// W3010 (hard-coded Availability Zone) fires on every VPC of a stack with an explicit environment: CDK
// looks the zones up once and pins them (cdk.context.json) by design, so that subnets never move.
const CFN_LINT_IGNORED_CHECKS = ['W3005', 'W3010'];

/** The cfn-lint executable: $CFN_LINT, the project's .venv (installed by `npx projen install:tools`), or PATH. */
export function cfnLintCommand(): string {
  if (process.env.CFN_LINT) {
    return process.env.CFN_LINT;
  }
  const venv = path.join(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint');
  return fs.existsSync(venv) ? venv : 'cfn-lint';
}

/** A cfn-lint match: rule id, message and where. */
export interface CfnLintMatch {
  readonly rule: string;
  readonly message: string;
  readonly location: string;
}

/**
 * Runs cfn-lint over CloudFormation templates (as JSON objects) and returns every error and warning.
 */
export function cfnLint(templates: Record<string, unknown>): CfnLintMatch[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  try {
    const files = Object.entries(templates).map(([name, template]) => {
      const file = path.join(dir, `${name}.template.json`);
      fs.writeFileSync(file, JSON.stringify(template, undefined, 1));
      return file;
    });
    const result = spawnSync(cfnLintCommand(),
      ['--format', 'json', '--ignore-checks', ...CFN_LINT_IGNORED_CHECKS, '--', ...files],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.error) {
      throw new Error(`cannot run cfn-lint (${result.error.message}): run 'npx projen install:tools' or set CFN_LINT`);
    }
    // Exit codes are bit flags: 2 errors, 4 warnings, 8 informational; 1 means cfn-lint itself failed.
    if (result.status === 1 || !result.stdout.trim().startsWith('[')) {
      throw new Error(`cfn-lint failed (exit ${result.status}): ${result.stderr}${result.stdout}`);
    }
    const matches = JSON.parse(result.stdout) as Array<{
      Rule: { Id: string }; Message: string; Level: string; Filename: string; Location: { Path?: Array<string | number> };
    }>;
    return matches
      .filter((m) => m.Level === 'Error' || m.Level === 'Warning')
      .map((m) => ({
        rule: m.Rule.Id,
        message: m.Message,
        location: `${path.basename(m.Filename)}:${(m.Location.Path ?? []).join('/')}`,
      }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The templates of every stack of a synthesized app, by stack name. A stack without resources (the test
 * stack of a configuration that builds a Stage of its own) is no template to deploy, and is left out.
 */
export function templatesOf(app: App): Record<string, unknown> {
  const assembly = app.synth();
  const templates: Record<string, unknown> = {};
  for (const stack of assembly.stacksRecursively) {
    if (Object.keys(stack.template.Resources ?? {}).length > 0) {
      templates[stack.stackName] = stack.template;
    }
  }
  return templates;
}

/** Every stack under the app, nested stages included. */
export function stacksOf(app: App): Stack[] {
  return app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
}

/**
 * The two gates for each configuration, as jest tests: the four cdk-nag packs report no unacknowledged
 * error, and cfn-lint reports no error or warning. Each configuration builds into a fresh test stack.
 */
export function describeQualityGates(configurations: Record<string, (stack: Stack) => void>, newApp: () => App, newStack: (app: App) => Stack): void {
  const synthesize = (configure: (stack: Stack) => void): App => {
    const app = newApp();
    configure(newStack(app));
    return app;
  };
  describe.each(Object.entries(configurations))('%s', (_name, configure) => {
    test('the four cdk-nag packs report no unacknowledged error or warning', () => {
      expect(formatFindings(nagFindings(synthesize(configure)))).toEqual('');
    });

    test('cfn-lint reports no error or warning', () => {
      expect(cfnLint(templatesOf(synthesize(configure)))).toEqual([]);
    });
  });
}
