/**
 * Synth benchmark: `npx ts-node -P tsconfig.dev.json bench/run.ts` from the repository root.
 *
 * Synthesizes (a) the default HighlyAvailableWebApp, (b) the fully featured one and (c) the same
 * architecture as (a) hand-written with aws-cdk-lib (bench/baseline), each BENCH_RUNS times (default 5),
 * every run in a fresh `node` process so that peak RSS belongs to one synthesis. Then the growth of an
 * app with 1, 5 and 20 stacks, a CPU profile of one synthesis of (a), and optionally the build figures.
 * Prints a Markdown report and writes it to bench/RESULTS.md.
 *
 * The sources are transpiled once (TypeScript's transpileModule, no type check) into bench/.build and the
 * children run plain `node`: ts-node would add its compiler to every process, and its compile time to
 * (a) and (b) far more than to (c), which is one file.
 *
 * Environment:
 * - BENCH_RUNS: syntheses per scenario (default 5); BENCH_GROWTH_RUNS: per app size (default 3)
 * - BENCH_GROWTH=0 skips the growth series; BENCH_PROFILE=0 skips the CPU profile
 * - BENCH_BUILD=1 also times the jsii build and the jest suite (minutes; jsii rewrites lib/)
 * - BENCH_NOTE: a sentence added under the header (for example what else ran on the machine)
 * - BENCH_DATE: the date written in the report (default today); BENCH_OUT: the report file (default bench/RESULTS.md)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
// eslint-disable-next-line import/no-extraneous-dependencies
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, 'bench', '.build');
const RUNS = positiveInt('BENCH_RUNS', 5);
const GROWTH_RUNS = positiveInt('BENCH_GROWTH_RUNS', 3);
const GROWTH_SIZES = [1, 5, 20];

interface Sample {
  readonly scenario: string;
  readonly stacks: number;
  readonly loadMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly appMs: number;
  readonly processMs: number;
  readonly maxRssKb: number;
  readonly resources: number;
  readonly maxResources: number;
  readonly templateBytes: number;
  readonly maxTemplateBytes: number;
  readonly customResources: number;
  readonly lambdaFunctions: number;
  readonly assets: number;
  readonly types: Record<string, number>;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name}=${raw}: give a whole number of at least 1`);
  }
  return value;
}

/** Transpiles src/, bench/ (without .build) into bench/.build, keeping the layout so relative paths hold. */
function transpile(): void {
  fs.rmSync(BUILD, { recursive: true, force: true });
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    sourceMap: true,
  };
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '.build' || entry.name === '.profile' || entry.name === 'node_modules' ? [] : walk(full);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
  // The fully featured configuration and its helpers come from the tests, which the quality gates run.
  const testFiles = ['configurations.ts', 'helpers.ts'].map((name) => path.join(ROOT, 'test', name));
  for (const file of [...walk(path.join(ROOT, 'src')), ...walk(path.join(ROOT, 'bench')), ...testFiles]) {
    const relative = path.relative(ROOT, file);
    const out = path.join(BUILD, relative.replace(/\.ts$/, '.js'));
    const result = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: false });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, result.outputText.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${path.basename(out)}.map`));
    const map = JSON.parse(result.sourceMapText!);
    map.sources = [file];
    fs.writeFileSync(`${out}.map`, JSON.stringify(map));
  }
  // The constructs find assets/ two levels above their own file: src/compute -> assets.
  fs.symlinkSync(path.join(ROOT, 'assets'), path.join(BUILD, 'assets'), 'dir');
  // The fully featured configuration uploads test/edge/fixtures/static.
  fs.symlinkSync(path.join(ROOT, 'test', 'edge'), path.join(BUILD, 'test', 'edge'), 'dir');
}

function synthOnce(scenario: string, stacks: number, nodeArgs: string[] = []): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cdk-out-'));
  try {
    const started = performance.now();
    const child = spawnSync(process.execPath, [...nodeArgs, path.join(BUILD, 'bench', 'synth.js'), scenario, String(stacks), outdir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, BENCH_REPO: ROOT, CDK_DISABLE_VERSION_CHECK: '1' },
    });
    const processMs = performance.now() - started;
    if (child.status !== 0) {
      throw new Error(`synthesis of '${scenario}' (${stacks} stack(s)) failed with exit code ${child.status}:\n${child.stderr}`);
    }
    const line = child.stdout.trim().split('\n').pop()!;
    return { ...JSON.parse(line), processMs };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Summary {
  readonly label: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly medianProcessMs: number;
  readonly medianLoadMs: number;
  readonly peakRssMb: number;
  readonly medianRssMb: number;
  readonly first: Sample;
}

function summarize(label: string, samples: Sample[]): Summary {
  return {
    label,
    medianMs: median(samples.map((s) => s.appMs)),
    minMs: Math.min(...samples.map((s) => s.appMs)),
    medianProcessMs: median(samples.map((s) => s.processMs)),
    medianLoadMs: median(samples.map((s) => s.loadMs)),
    peakRssMb: Math.max(...samples.map((s) => s.maxRssKb)) / 1024,
    medianRssMb: median(samples.map((s) => s.maxRssKb)) / 1024,
    first: samples[0],
  };
}

function run(label: string, scenario: string, stacks: number, runs: number): Summary {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(synthOnce(scenario, stacks));
    process.stderr.write(`  ${label}: run ${i + 1}/${runs} ${samples[i].appMs.toFixed(0)} ms, ${(samples[i].maxRssKb / 1024).toFixed(0)} MB\n`);
  }
  return summarize(label, samples);
}

function typeDifferences(a: Record<string, number>, c: Record<string, number>): string[] {
  const types = [...new Set([...Object.keys(a), ...Object.keys(c)])].sort();
  return types.filter((type) => (a[type] ?? 0) !== (c[type] ?? 0))
    .map((type) => `| ${type} | ${a[type] ?? 0} | ${c[type] ?? 0} |`);
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

interface ProfileRow { readonly owner: string; readonly fn: string; readonly location: string; readonly selfMs: number }

/** One synthesis of (a) under `node --cpu-prof`, self time grouped by function and by owner. */
function profile(): { rows: ProfileRow[]; inclusive: ProfileRow[]; owners: Record<string, number>; totalMs: number } {
  const dir = path.join(ROOT, 'bench', '.profile');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  synthOnce('default', 1, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200']);
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))!;
  const data = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const nodes = new Map<number, { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>();
  for (const node of data.nodes) {
    nodes.set(node.id, node);
  }
  const selfUs = new Map<number, number>();
  for (let i = 0; i < data.samples.length; i++) {
    selfUs.set(data.samples[i], (selfUs.get(data.samples[i]) ?? 0) + (data.timeDeltas[i] ?? 0));
  }
  // source-map is not a declared dependency (it comes with jest and others): without it, locations stay in the transpiled files.
  type Consumer = { originalPositionFor(pos: { line: number; column: number }): { source: string | null; line: number | null } };
  let SourceMapConsumer: (new (map: unknown) => Consumer) | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    SourceMapConsumer = require('source-map').SourceMapConsumer;
  } catch {
    SourceMapConsumer = undefined;
  }
  const consumers = new Map<string, Consumer | undefined>();
  const locate = (url: string, line: number, column: number): string => {
    const script = url.replace(/^file:\/\//, '');
    if (script.startsWith(BUILD)) {
      if (!consumers.has(script)) {
        const mapFile = `${script}.map`;
        consumers.set(script, SourceMapConsumer && fs.existsSync(mapFile) ? new SourceMapConsumer(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : undefined);
      }
      const original = consumers.get(script)?.originalPositionFor({ line: line + 1, column });
      if (original?.source && original.line) {
        return `${path.relative(ROOT, original.source)}:${original.line}`;
      }
    }
    return `${path.relative(ROOT, script)}:${line + 1}`;
  };
  const ownerOf = (url: string): string => {
    if (url.includes('/bench/.build/src/')) return 'cdk-ha-web-app (src/)';
    if (url.includes('/bench/.build/bench/')) return 'bench harness';
    if (url.includes('/node_modules/aws-cdk-lib/')) return 'aws-cdk-lib';
    if (url.includes('/node_modules/constructs/')) return 'constructs';
    if (url.includes('/node_modules/')) return 'other packages';
    if (url === '' || url.startsWith('node:')) return 'node / V8 (GC, builtins, fs, JSON)';
    return 'other';
  };
  const byFunction = new Map<string, ProfileRow>();
  const owners: Record<string, number> = {};
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') {
      continue;
    }
    totalUs += us;
    const owner = ownerOf(frame.url);
    owners[owner] = (owners[owner] ?? 0) + us / 1000;
    const location = frame.url ? locate(frame.url, frame.lineNumber, frame.columnNumber) : '';
    const key = `${frame.functionName}@${location}`;
    const row = byFunction.get(key);
    byFunction.set(key, { owner, fn: frame.functionName || '(anonymous)', location, selfMs: (row?.selfMs ?? 0) + us / 1000 });
  }
  const rows = [...byFunction.values()].sort((x, y) => y.selfMs - x.selfMs);

  // Inclusive time of our own functions: self time plus everything they call (aws-cdk-lib included),
  // counted once per call path even when a function calls itself.
  const totalOf = new Map<number, number>();
  const total = (id: number): number => {
    const cached = totalOf.get(id);
    if (cached !== undefined) return cached;
    const node = nodes.get(id)!;
    const sum = (selfUs.get(id) ?? 0) + (node.children ?? []).reduce((acc, child) => acc + total(child), 0);
    totalOf.set(id, sum);
    return sum;
  };
  const inclusiveByKey = new Map<string, ProfileRow>();
  const visit = (id: number, active: Set<string>): void => {
    const node = nodes.get(id)!;
    const frame = node.callFrame;
    let key: string | undefined;
    if (ownerOf(frame.url) === 'cdk-ha-web-app (src/)') {
      const location = locate(frame.url, frame.lineNumber, frame.columnNumber);
      key = `${frame.functionName}@${location}`;
      if (!active.has(key)) {
        const row = inclusiveByKey.get(key);
        inclusiveByKey.set(key, { owner: 'cdk-ha-web-app (src/)', fn: frame.functionName || '(anonymous)', location, selfMs: (row?.selfMs ?? 0) + total(id) / 1000 });
      }
    }
    const next = key && !active.has(key) ? new Set([...active, key]) : active;
    for (const child of node.children ?? []) visit(child, next);
  };
  visit(data.nodes[0].id, new Set());
  const inclusive = [...inclusiveByKey.values()].sort((x, y) => y.selfMs - x.selfMs);
  return { rows, inclusive, owners, totalMs: totalUs / 1000 };
}

function timeCommand(label: string, command: string): string {
  const started = performance.now();
  const result = spawnSync(command, { cwd: ROOT, shell: true, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  return `| ${label} | \`${command}\` | ${fmt(seconds, 1)} s | ${result.status === 0 ? 'passed' : `failed (exit ${result.status})`} |`;
}

function main(): void {
  const lines: string[] = [];
  const out = (line = '') => {
    lines.push(line);
  };
  const cdkVersion = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json', { paths: [ROOT] }), 'utf8')).version;
  const date = process.env.BENCH_DATE ?? new Date().toISOString().slice(0, 10);

  process.stderr.write('transpiling src/ and bench/ into bench/.build\n');
  transpile();

  process.stderr.write(`synthesizing each configuration ${RUNS} time(s), one process each\n`);
  const a = run('(a) default HighlyAvailableWebApp', 'default', 1, RUNS);
  const b = run('(b) fully featured HighlyAvailableWebApp', 'full', 1, RUNS);
  const c = run('(c) hand-written baseline (bench/baseline)', 'baseline', 1, RUNS);

  out('# Synth benchmark');
  out();
  out(`${date} · aws-cdk-lib ${cdkVersion} · node ${process.version} · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}) · ${os.platform()} ${os.arch()}`);
  out(`· ${RUNS} synthesis run(s) per configuration, each in a fresh process. Produced by \`bench/run.ts\`.`);
  if (process.env.BENCH_NOTE) {
    out();
    out(`> ${process.env.BENCH_NOTE}`);
  }
  out();
  out('Time is construction plus `app.synth()` inside the child process (module loading excluded, shown apart);');
  out('peak RSS is the child\'s `process.resourceUsage().maxRSS`, the highest of the runs. Templates are the');
  out('files written to the cloud assembly. Custom resources are `Custom::*` and `AWS::CloudFormation::CustomResource`.');
  out();
  out('| configuration | median time | min time | median process (incl. load) | module load | peak RSS | resources (of 500) | template | custom resources | Lambda functions | assets |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of [a, b, c]) {
    const f = s.first;
    out(`| ${s.label} | ${fmt(s.medianMs)} ms | ${fmt(s.minMs)} ms | ${fmt(s.medianProcessMs)} ms | ${fmt(s.medianLoadMs)} ms | ${fmt(s.peakRssMb)} MB | `
      + `${f.resources} (${fmt(f.resources / 5)}%) | ${kb(f.templateBytes)} (${fmt(f.templateBytes / 10485.76)}% of 1 MB) | ${f.customResources} | ${f.lambdaFunctions} | ${f.assets} |`);
  }
  out();
  out('Ratios (a)/(c):');
  out();
  out('| median time | min time | peak RSS | median RSS | resources | template bytes |');
  out('|---:|---:|---:|---:|---:|---:|');
  out(`| ${fmt(a.medianMs / c.medianMs, 2)} | ${fmt(a.minMs / c.minMs, 2)} | ${fmt(a.peakRssMb / c.peakRssMb, 2)} | ${fmt(a.medianRssMb / c.medianRssMb, 2)} | `
    + `${fmt(a.first.resources / c.first.resources, 2)} | ${fmt(a.first.templateBytes / c.first.templateBytes, 2)} |`);
  out();
  const differences = typeDifferences(a.first.types, c.first.types);
  if (differences.length === 0) {
    out(`Resource check: (a) and (c) have the same ${Object.keys(a.first.types).length} resource types with the same counts.`);
  } else {
    out(`Resource check: **(a) and (c) differ** in ${differences.length} resource type(s):`);
    out();
    out('| type | (a) | (c) |');
    out('|---|---:|---:|');
    differences.forEach((row) => out(row));
  }
  out();

  if (process.env.BENCH_GROWTH !== '0') {
    process.stderr.write(`growth: apps of ${GROWTH_SIZES.join(', ')} stacks, ${GROWTH_RUNS} run(s) each\n`);
    const growth = GROWTH_SIZES.map((n) => ({ n, s: run(`${n} stack(s) of (a)`, 'default', n, GROWTH_RUNS) }));
    const base = growth[0].s;
    out('## Growth: N stacks, each with one default HighlyAvailableWebApp');
    out();
    out(`${GROWTH_RUNS} run(s) per size. Extra RSS per stack is (peak RSS(N) - peak RSS(1)) / (N - 1).`);
    out();
    out('| stacks | median time | time per stack | peak RSS | RSS per stack | extra RSS per added stack | resources per stack | largest template |');
    out('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { n, s } of growth) {
      const extra = n === 1 ? '' : `${fmt((s.peakRssMb - base.peakRssMb) / (n - 1), 1)} MB`;
      out(`| ${n} | ${fmt(s.medianMs)} ms | ${fmt(s.medianMs / n)} ms | ${fmt(s.peakRssMb)} MB | ${fmt(s.peakRssMb / n, 1)} MB | ${extra} | `
        + `${fmt(s.first.resources / n)} | ${kb(s.first.maxTemplateBytes)} |`);
    }
    out();
  }

  if (process.env.BENCH_BUILD === '1') {
    process.stderr.write('timing the jsii build and the jest suite\n');
    out('## Build figures');
    out();
    out('| step | command | wall time | result |');
    out('|---|---|---:|---|');
    out(timeCommand('jsii build (what `npx projen compile` runs)', 'npx jsii --silence-warnings=reserved-word'));
    out(timeCommand('unit tests (the jest step of `npx projen test`)', 'npx jest --passWithNoTests --ci --coverage=false'));
    out();
  }

  if (process.env.BENCH_PROFILE !== '0') {
    process.stderr.write('profiling one synthesis of (a) with node --cpu-prof\n');
    const { rows, inclusive, owners, totalMs } = profile();
    out('## CPU profile of one synthesis of (a)');
    out();
    out(`\`node --cpu-prof\` (200 µs sampling), ${fmt(totalMs)} ms of samples including module loading; the profile is kept in bench/.profile/.`);
    out();
    out('| owner | self time | share |');
    out('|---|---:|---:|');
    for (const [owner, ms] of Object.entries(owners).sort((x, y) => y[1] - x[1])) {
      out(`| ${owner} | ${fmt(ms)} ms | ${fmt((100 * ms) / totalMs, 1)}% |`);
    }
    out();
    out('Inclusive time of cdk-ha-web-app functions (their own code plus the aws-cdk-lib code they call; nested, so the rows overlap):');
    out();
    out('| function | location | inclusive time |');
    out('|---|---|---:|');
    inclusive.slice(0, 15).forEach((row) => out(`| \`${row.fn}\` | ${row.location} | ${fmt(row.selfMs, 1)} ms |`));
    out();
    for (const owner of ['cdk-ha-web-app (src/)', 'aws-cdk-lib']) {
      out(`Top self-time functions of ${owner}:`);
      out();
      out('| function | location | self time |');
      out('|---|---|---:|');
      rows.filter((row) => row.owner === owner).slice(0, 12)
        .forEach((row) => out(`| \`${row.fn}\` | ${row.location} | ${fmt(row.selfMs, 1)} ms |`));
      out();
    }
  }

  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  const target = process.env.BENCH_OUT ?? path.join(ROOT, 'bench', 'RESULTS.md');
  const notes = path.join(ROOT, 'bench', 'NOTES.md');
  const appendix = fs.existsSync(notes) ? `\n${fs.readFileSync(notes, 'utf8')}` : '';
  fs.writeFileSync(target, `${report}${appendix}`);
  process.stderr.write(`wrote ${path.relative(ROOT, target)}\n`);
}

main();
