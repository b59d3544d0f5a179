/**
 * The compatibility matrix: the library packed as it is published (`npm pack`), installed into a fresh app per
 * aws-cdk-lib version (the peer floor and the newest) beside the pinned tools, and synthesized in each
 * configuration with each tool wired the way its users wire it. A cell is one (aws-cdk-lib version, tool,
 * configuration); it passes when nothing is left unacknowledged (see matrix.ts for what each cell checks).
 *
 *   npx projen test:compat [-- --configurations default,full,canary --tools cdk-nag-v2,checkov --versions newest --jobs 2 --no-canary --keep]
 *
 * Beside the configurations runs the canary (matrix.ts), which every tool must find fault with: its cells pass when
 * the tool reported what it must, and count with the others.
 *
 * Needs the compiled library (`npx projen compile`), the npm registry and PyPI (checkov, into a venv of its own).
 * Work files live outside the repository, so that no app can resolve a module from its node_modules: a new folder of
 * the OS's temporary directory with the packed tarball and one app per version with every synthesized assembly
 * (out/<configuration>-<tool>), removed at the end unless `--keep` is given or $COMPAT_WORK_DIR names the folder;
 * and checkov's venv, kept for the next run while requirements.txt is unchanged ($COMPAT_CHECKOV_VENV to place it).
 * Writes the table and every finding to test-reports/compat-matrix.md and .json. Exits 1 when a cell fails, 2 when
 * the setup fails; its last line is `N passed, N failed`, counting cells.
 */
import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CANARY, CDK_VERSIONS, CdkVersion, CONFIGURATIONS, Configuration, renderTable, Row, Tool, TOOLS, VERSIONS } from './matrix';

const ROOT = path.resolve(__dirname, '..', '..');
const APP_SOURCES = path.join(__dirname, 'app');
const KEEP = process.argv.includes('--keep') || process.env.COMPAT_WORK_DIR !== undefined;
const WORK = process.env.COMPAT_WORK_DIR ? path.resolve(process.env.COMPAT_WORK_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ha-web-app-compat-'));
if (!KEEP) {
  process.on('exit', () => fs.rmSync(WORK, { recursive: true, force: true }));
}
const REQUIREMENTS = path.join(__dirname, 'requirements.txt');
const REQUIREMENTS_DIGEST = crypto.createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
const CHECKOV_VENV = path.resolve(process.env.COMPAT_CHECKOV_VENV ?? path.join(os.tmpdir(), `cdk-ha-web-app-checkov-${REQUIREMENTS_DIGEST.slice(0, 12)}`));
const CHECKOV = path.join(CHECKOV_VENV, 'bin', 'checkov');
const REPORTS = path.join(ROOT, 'test-reports');
const SYNTH_TIMEOUT_SECONDS = 600;

/** Something a tool reported that no acknowledgement covers. */
interface Finding {
  readonly source: string;
  readonly severity: string;
  readonly rule: string;
  readonly where: string;
  readonly message: string;
}

interface SynthResult {
  readonly findings: Finding[];
  readonly templates: string[];
  readonly seconds: number;
}

interface Cell {
  readonly cdk: CdkVersion;
  readonly tool: Tool;
  readonly configuration: Configuration;
  /** What no acknowledgement covers; the canary's, everything its tool reported. */
  readonly findings: Finding[];
  /** Why the cell fails: its findings, or for the canary what its tool did not report. */
  readonly failures: string[];
}

// ---- command line ----

function option(name: string): string[] | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : (process.argv[index + 1] ?? '').split(',').filter((value) => value);
}

function select<T extends { id: string }>(name: string, all: T[]): T[] {
  const wanted = option(name);
  if (!wanted) {
    return all;
  }
  const unknown = wanted.filter((id) => !all.some((item) => item.id === id));
  if (unknown.length > 0) {
    fail(`unknown --${name} ${unknown.join(', ')}: one of ${all.map((item) => item.id).join(', ')}`);
  }
  return all.filter((item) => wanted.includes(item.id));
}

const versions = select('versions', CDK_VERSIONS);
const tools = select('tools', TOOLS);
// Every configuration and the canary, or those named (`--configurations canary` runs the canary alone).
const synthesized = select('configurations', [...CONFIGURATIONS, CANARY])
  .filter((configuration) => configuration !== CANARY || !process.argv.includes('--no-canary'));
const configurations = synthesized.filter((configuration) => configuration !== CANARY);
const jobs = Math.max(1, Number(option('jobs')?.[0] ?? os.cpus().length));

function fail(message: string): never {
  console.error(`compatibility matrix: ${message}`);
  console.log('0 passed, 0 failed');
  process.exit(2);
}

// ---- processes ----

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  /** stdout and stderr as they came. */
  readonly output: string;
  readonly seconds: number;
}

/** Runs a command to its end, with its stdout and stderr together; never rejects. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutSeconds?: number } = {}): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const stdout: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = options.timeoutSeconds
      ? setTimeout(() => {
        chunks.push(Buffer.from(`\n(killed after ${options.timeoutSeconds} s)\n`));
        child.kill('SIGKILL');
      }, options.timeoutSeconds * 1000)
      : undefined;
    const done = (code: number | null) => {
      if (timer) {
        clearTimeout(timer);
      }
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), output: Buffer.concat(chunks).toString('utf8'), seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (error) => {
      chunks.push(Buffer.from(String(error)));
      done(-1);
    });
    child.on('close', done);
  });
}

/** Runs `tasks` with at most `limit` at a time, and returns their results in order. */
async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

const timings: string[] = [];
function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  return work().then((value) => {
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return value;
  });
}

// ---- setup: the packed library, one fresh app per aws-cdk-lib version, checkov's venv ----

function checkWorkDir(): void {
  if (!path.relative(ROOT, WORK).startsWith('..')) {
    fail(`the work directory ${WORK} is inside the repository, whose node_modules its apps would see: choose another COMPAT_WORK_DIR`);
  }
}

function checkCompiled(): void {
  const entry = path.join(ROOT, 'lib', 'index.js');
  if (!fs.existsSync(entry)) {
    fail('lib/index.js is missing: compile the library first (npx projen compile)');
  }
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs))
    .reduce((a, b) => Math.max(a, b), 0);
  if (newest(path.join(ROOT, 'src')) > fs.statSync(entry).mtimeMs) {
    console.log('warning: src/ changed after lib/ was compiled: the matrix tests lib/ as it is (npx projen compile to refresh it)');
  }
}

async function pack(): Promise<string> {
  const destination = path.join(WORK, 'pack');
  fs.rmSync(destination, { recursive: true, force: true });
  fs.mkdirSync(destination, { recursive: true });
  const outcome = await run('npm', ['pack', '--json', '--pack-destination', destination]);
  if (outcome.code !== 0) {
    fail(`npm pack failed:\n${tail(outcome.output)}`);
  }
  return path.join(destination, (JSON.parse(outcome.stdout) as Array<{ filename: string }>)[0].filename);
}

function appDir(cdk: CdkVersion): string {
  return path.join(WORK, `aws-cdk-lib-${cdk.version}`);
}

/** What the user's package.json pins, by installed name. */
function appDependencies(cdk: CdkVersion, tarball: string): Record<string, string> {
  return {
    'aws-cdk-lib': cdk.version,
    'constructs': VERSIONS.constructs,
    'cdk-ha-web-app': `file:${tarball}`,
    // Both cdk-nag majors in one app, under names of their own.
    'cdk-nag-v2': `npm:cdk-nag@${VERSIONS['cdk-nag-v2']}`,
    'cdk-nag-v3': `npm:cdk-nag@${VERSIONS['cdk-nag-v3']}`,
    '@cdklabs/cdk-validator-cfnguard': VERSIONS['@cdklabs/cdk-validator-cfnguard'],
  };
}

/** A fresh app: package.json, the app's sources, `npm install`; returns why it failed, if it did. */
async function installApp(cdk: CdkVersion, tarball: string): Promise<string | undefined> {
  const dir = appDir(cdk);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const dependencies = appDependencies(cdk, tarball);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `compat-app-${cdk.id}`, private: true, dependencies }, undefined, 2));
  for (const file of fs.readdirSync(APP_SOURCES)) {
    fs.copyFileSync(path.join(APP_SOURCES, file), path.join(dir, file));
  }
  const outcome = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir });
  if (outcome.code !== 0) {
    return `npm install failed (exit ${outcome.code}):\n${tail(outcome.output)}`;
  }
  for (const [name, spec] of Object.entries(dependencies)) {
    const installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version as string;
    const wanted = spec.startsWith('file:') ? installed : spec.replace(/^npm:[^@]+@/, '');
    if (installed !== wanted) {
      return `${name} ${installed} installed, ${wanted} pinned`;
    }
  }
  return undefined;
}

/**
 * checkov in a venv of its own, from requirements.txt, kept while that file is unchanged (its digest names the venv,
 * and a stamp marks it complete). A lock file keeps two runs from building it at once; a lock older than the longest
 * install is taken over.
 */
async function installCheckov(): Promise<string | undefined> {
  const stamp = path.join(CHECKOV_VENV, 'requirements.sha256');
  const ready = () => fs.existsSync(CHECKOV) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === REQUIREMENTS_DIGEST;
  const lock = `${CHECKOV_VENV}.lock`;
  for (;;) {
    if (ready()) {
      return undefined;
    }
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > SYNTH_TIMEOUT_SECONDS * 1000) {
        fs.rmSync(lock, { force: true });
      } else {
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }
  try {
    fs.rmSync(CHECKOV_VENV, { recursive: true, force: true });
    for (const [command, args] of [
      ['python3', ['-m', 'venv', CHECKOV_VENV]],
      [path.join(CHECKOV_VENV, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', '-r', REQUIREMENTS]],
    ] as Array<[string, string[]]>) {
      const outcome = await run(command, args);
      if (outcome.code !== 0) {
        return `${path.basename(command)} ${args.join(' ')} failed:\n${tail(outcome.output)}`;
      }
    }
    fs.writeFileSync(stamp, REQUIREMENTS_DIGEST);
    return undefined;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

// ---- cells ----

/** The environment of a user's shell, less what would change a synth: deprecations warn, CDK's own validation runs. */
function synthEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, JSII_DEPRECATED: 'warn' };
  for (const name of ['CDK_CONTEXT_JSON', 'CDK_OUTDIR', 'CDK_VALIDATION', 'JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION']) {
    delete env[name];
  }
  return env;
}

/** The `[WARNING] <api> is deprecated` lines that jsii prints for every deprecated API the app calls. */
function deprecations(output: string, configuration: string): Finding[] {
  return [...output.matchAll(/^\[WARNING\] (\S+) is deprecated.*$/gm)]
    .map((match) => ({ source: 'deprecation', severity: 'warning', rule: match[1], where: configuration, message: match[0] }));
}

async function synth(job: SynthJob, installError?: string): Promise<SynthResult> {
  const { cdk, configuration, wiring: [tool, mode] } = job;
  const crash = (message: string): SynthResult => ({
    findings: [{ source: 'synth', severity: 'error', rule: 'Crashed', where: configuration.id, message }],
    templates: [],
    seconds: 0,
  });
  if (installError) {
    return crash(installError);
  }
  const dir = appDir(cdk);
  const name = `${configuration.id}-${tool}`;
  const result = path.join(dir, 'out', `${name}.json`);
  fs.mkdirSync(path.dirname(result), { recursive: true });
  const outcome = await run('node', ['synth.js', configuration.id, tool, mode, path.join('out', name), result],
    { cwd: dir, env: synthEnv(), timeoutSeconds: SYNTH_TIMEOUT_SECONDS });
  if (outcome.code !== 0 || !fs.existsSync(result)) {
    return crash(`node synth.js ${configuration.id} ${tool} ${mode} exited ${outcome.code}: ${tail(outcome.output, 10)}`);
  }
  const parsed = JSON.parse(fs.readFileSync(result, 'utf8')) as SynthResult;
  const findings = [...parsed.findings, ...deprecations(outcome.output, configuration.id)];
  console.log(`  aws-cdk-lib ${cdk.version} ${configuration.id} ${tool}: ${findings.length} findings (${outcome.seconds.toFixed(1)} s)`);
  return { findings, templates: parsed.templates.map((template) => path.resolve(dir, template)), seconds: outcome.seconds };
}

/** The construct path of a resource in a synthesized template (`aws:cdk:path`), or its logical ID. */
function constructPath(templateFile: string, logicalId: string): string {
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  return template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'] ?? `${path.basename(templateFile)}:${logicalId}`;
}

/**
 * checkov over templates, offline: no download from its platform (`--skip-download`, BC_SKIP_MAPPING), no update
 * check against PyPI (CKV_SKIP_PACKAGE_UPDATE_CHECK). `--soft-fail` keeps the exit code for checkov's own failures.
 * Returns the failed checks by template file.
 */
async function checkov(templates: string[]): Promise<Map<string, Finding[]> | string> {
  const env = { ...process.env, BC_SKIP_MAPPING: 'TRUE', CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true', PYTHONDONTWRITEBYTECODE: '1' };
  const outcome = await run(CHECKOV, ['--framework', 'cloudformation', '--skip-download', '--quiet', '--compact', '--soft-fail', '-o', 'json', '-f', ...templates],
    { env, timeoutSeconds: SYNTH_TIMEOUT_SECONDS });
  let reports: Array<{ summary?: { parsing_errors?: number }; results?: { failed_checks?: any[]; parsing_errors?: string[] } }>;
  try {
    const parsed = JSON.parse(outcome.stdout);
    reports = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return `checkov failed (exit ${outcome.code}):\n${tail(outcome.output)}`;
  }
  if (outcome.code !== 0) {
    return `checkov failed (exit ${outcome.code}):\n${tail(outcome.output)}`;
  }
  const byFile = new Map<string, Finding[]>(templates.map((template) => [template, []]));
  for (const report of reports) {
    for (const file of report.results?.parsing_errors ?? []) {
      byFile.get(path.resolve(file))?.push({ source: 'checkov', severity: 'error', rule: 'ParsingError', where: file, message: 'checkov cannot parse the template' });
    }
    for (const check of report.results?.failed_checks ?? []) {
      const file = path.resolve(check.file_abs_path);
      const logicalId = String(check.resource).split('.').slice(1).join('.');
      byFile.get(file)?.push({ source: 'checkov', severity: 'error', rule: check.check_id, where: constructPath(file, logicalId), message: check.check_name });
    }
  }
  return byFile;
}

function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.source, f.severity, f.rule, f.where].join('\u0000');
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Whether a version is at least `floor` (both `major.minor.patch`). */
function atLeast(version: string, floor: string): boolean {
  const [a, b] = [version, floor].map((v) => v.split('.').map(Number));
  return a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];
}

/** What the canary's cell must hold and does not: each thing it does wrong, in its stack and in its Stage's stack. */
function canaryMisses(cdk: CdkVersion, tool: Tool, findings: Finding[]): string[] {
  const at = (finding: Finding, place: string) => finding.where.replace(/^\//, '').startsWith(place);
  const expected: Array<[string, (finding: Finding) => boolean]> = [
    ['the deprecation line of CfnResource#addDependsOn', (f) => f.source === 'deprecation' && f.rule.endsWith('#addDependsOn')],
  ];
  for (const stack of ['Canary', 'CanaryStage/Canary']) {
    expected.push([`${tool.canaryRule} at ${stack}/Careless`, (f) => f.rule === tool.canaryRule && at(f, `${stack}/Careless`)]);
    expected.push([`the warning canary:warning at ${stack}`, (f) => f.rule === 'canary:warning' && at(f, stack)]);
    if (atLeast(cdk.version, '2.258.0')) {
      expected.push([`CloudFormation Validate at ${stack}/Invalid`, (f) => f.source === 'CloudFormation Validate' && at(f, `${stack}/Invalid`)]);
    }
  }
  return expected.filter(([, reported]) => !findings.some(reported)).map(([what]) => `not reported: ${what}`);
}

/**
 * Why a cell fails: every finding but the configuration's documented warnings, and each documented warning that
 * did not come (the library must still give it).
 */
function unexpected(configuration: Configuration, findings: Finding[]): string[] {
  const expected = configuration.expectedWarnings ?? [];
  const isExpected = (finding: Finding, warning: { id: string; path: string }) =>
    finding.severity === 'warning' && finding.rule === warning.id && finding.where.replace(/^\//, '') === warning.path;
  return [
    ...findings.filter((finding) => !expected.some((warning) => isExpected(finding, warning))).map((f) => `${f.rule} at ${f.where}`),
    ...expected.filter((warning) => !findings.some((finding) => isExpected(finding, warning))).map((w) => `not reported: the warning ${w.id} at ${w.path}`),
  ];
}

// ---- the report ----

function byRule(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.rule} (${finding.source}, ${finding.severity})`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return groups;
}

function describeCell(cell: Cell, maxPlaces?: number): string[] {
  const title = `${cell.tool.name} on aws-cdk-lib ${cell.cdk.version}, ${cell.configuration.id}: FAIL`;
  if (cell.configuration === CANARY) {
    return [`${title}: the harness did not see what the tool must report`, ...cell.failures.map((failure) => `  - ${failure}`)];
  }
  const lines = [`${title}, ${cell.findings.length} unacknowledged`];
  for (const [rule, findings] of byRule(cell.findings)) {
    const places = findings.map((f) => f.where);
    const shown = maxPlaces === undefined ? places : places.slice(0, maxPlaces);
    const more = places.length > shown.length ? `, and ${places.length - shown.length} more` : '';
    lines.push(`  - ${rule} x${findings.length}: ${shown.join(', ')}${more}`);
    if (['synth', 'cdk-validator-cfnguard'].includes(findings[0].source) || findings[0].rule === 'Crashed') {
      lines.push(`    ${findings[0].message.split('\n')[0]}`);
    }
  }
  return lines;
}

function rowResult(cells: Cell[], row: Row): string {
  const mine = cells.filter((cell) => cell.tool === row.tool && cell.cdk === row.cdk && cell.configuration !== CANARY);
  const failed = mine.filter((cell) => cell.failures.length > 0);
  if (mine.length === 0) {
    return 'not run';
  }
  return failed.length === 0 ? 'clean' : `**FAIL**: ${failed.map((cell) => `${cell.configuration.id} (${cell.findings.length})`).join(', ')}`;
}

// ---- main ----

/** One synth of the app: a configuration on an aws-cdk-lib version with one tool's wiring. */
interface SynthJob {
  readonly cdk: CdkVersion;
  readonly configuration: Configuration;
  readonly wiring: readonly [string, string];
}

function synthKey(job: SynthJob): string {
  return `${job.cdk.id}/${job.configuration.id}/${job.wiring.join(' ')}`;
}

/** Every synth the selected cells need, once each (checkov's cells read the plain synth's assembly), slowest first. */
function synthJobs(): SynthJob[] {
  const byKey = new Map<string, SynthJob>();
  for (const cdk of versions) {
    for (const tool of tools) {
      for (const configuration of synthesized) {
        const job = { cdk, configuration, wiring: tool.wiring[cdk.id].synth };
        byKey.set(synthKey(job), job);
      }
    }
  }
  // CfnGuardValidator runs cfn-guard over each template; the newest aws-cdk-lib runs CloudFormation Validate too.
  const weight = (job: SynthJob) => (job.wiring[0] === 'cfn-guard' ? 2 : 0) + (job.cdk.id === 'newest' ? 1 : 0);
  return [...byKey.values()].sort((a, b) => weight(b) - weight(a));
}

/** checkov's failed checks by version and configuration, over the plain synths' templates: one checkov run per version. */
async function checkovFindingsOf(synths: Map<string, SynthResult>, checkovError: string | undefined): Promise<Map<string, Finding[]>> {
  const checkovTool = TOOLS.find((tool) => tool.id === 'checkov')!;
  const findings = new Map<string, Finding[]>();
  await Promise.all(versions.map(async (cdk) => {
    const assemblies = synthesized.map((configuration) => ({
      configuration,
      result: synths.get(synthKey({ cdk, configuration, wiring: checkovTool.wiring[cdk.id].synth }))!,
    }));
    const templates = assemblies.flatMap((assembly) => assembly.result.templates);
    const outcome = checkovError ?? (templates.length > 0 ? await checkov(templates) : new Map<string, Finding[]>());
    for (const { configuration, result } of assemblies) {
      findings.set(`${cdk.id}/${configuration.id}`, typeof outcome === 'string'
        ? [{ source: 'checkov', severity: 'error', rule: 'CheckovFailed', where: configuration.id, message: outcome }]
        : result.templates.flatMap((template) => outcome.get(template) ?? []));
    }
  }));
  return findings;
}

function writeReports(cells: Cell[], table: string): void {
  const failed = cells.filter((cell) => cell.failures.length > 0);
  fs.mkdirSync(REPORTS, { recursive: true });
  fs.writeFileSync(path.join(REPORTS, 'compat-matrix.md'), [
    '# Compatibility matrix', '', table, '', `Timings: ${timings.join(', ')}.`, '',
    ...(failed.length > 0 ? ['## Unacknowledged findings', '', ...failed.flatMap((cell) => [...describeCell(cell), ''])] : []),
  ].join('\n'));
  fs.writeFileSync(path.join(REPORTS, 'compat-matrix.json'), JSON.stringify(cells.map((cell) => ({
    cdkVersion: cell.cdk.version,
    tool: cell.tool.id,
    configuration: cell.configuration.id,
    passed: cell.failures.length === 0,
    failures: cell.failures,
    findings: cell.findings,
  })), undefined, 1));
}

async function main(): Promise<void> {
  const started = Date.now();
  checkCompiled();
  checkWorkDir();
  fs.mkdirSync(WORK, { recursive: true });
  console.log(`compatibility matrix: aws-cdk-lib ${versions.map((v) => v.version).join(' and ')}; ${tools.map((t) => t.name).join(', ')}; `
    + `configurations ${synthesized.map((c) => c.id).join(', ')}; ${jobs} at a time; work files in ${WORK}${KEEP ? ' (kept)' : ''}`);

  const tarball = await timed('npm pack', pack);
  console.log(`packed ${path.basename(tarball)}`);
  const needsCheckov = tools.some((tool) => tool.id === 'checkov');
  const [installErrors, checkovError] = await Promise.all([
    Promise.all(versions.map((cdk) => timed(`npm install (aws-cdk-lib ${cdk.version})`, () => installApp(cdk, tarball)))),
    needsCheckov ? timed('checkov venv', installCheckov) : Promise.resolve(undefined),
  ]);
  versions.forEach((cdk, i) => console.log(`aws-cdk-lib ${cdk.version} app: ${installErrors[i] ?? 'installed'}`));

  const jobsToRun = synthJobs();
  console.log(`\n${jobsToRun.length} synths, ${jobs} at a time:`);
  const synths = new Map<string, SynthResult>();
  await timed(`${jobsToRun.length} synths`, () => pool(jobs, jobsToRun.map((job) => async () => {
    synths.set(synthKey(job), await synth(job, installErrors[versions.indexOf(job.cdk)]));
  })));
  const checkovFindings = needsCheckov ? await timed('checkov', () => checkovFindingsOf(synths, checkovError)) : new Map<string, Finding[]>();

  const cells: Cell[] = versions.flatMap((cdk) => tools.flatMap((tool) => synthesized.map((configuration) => {
    const findings = unique([
      ...synths.get(synthKey({ cdk, configuration, wiring: tool.wiring[cdk.id].synth }))!.findings,
      ...(tool.id === 'checkov' ? checkovFindings.get(`${cdk.id}/${configuration.id}`) ?? [] : []),
    ]);
    const failures = configuration === CANARY
      ? canaryMisses(cdk, tool, findings)
      : unexpected(configuration, findings);
    return { cdk, tool, configuration, findings, failures };
  })));
  const failed = cells.filter((cell) => cell.failures.length > 0);
  const canaries = cells.filter((cell) => cell.configuration === CANARY);
  const table = renderTable((row) => rowResult(cells, row), configurations);
  timings.push(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  writeReports(cells, table);

  console.log('');
  for (const cell of failed) {
    console.log(describeCell(cell, 6).join('\n'));
  }
  console.log(`\n${table}\n`);
  if (canaries.length > 0) {
    const missed = canaries.filter((cell) => cell.failures.length > 0).length;
    console.log(`canary: ${canaries.length - missed} of ${canaries.length} cells saw what their tool must report${missed > 0 ? ' (above): the harness is broken' : ''}`);
  }
  console.log(`timings: ${timings.join(', ')}`);
  console.log(`report: ${path.relative(ROOT, path.join(REPORTS, 'compat-matrix.md'))} (every finding of every cell in compat-matrix.json)`);
  console.log(`${cells.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error) => fail(error instanceof Error ? error.stack ?? error.message : String(error)));
