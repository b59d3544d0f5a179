/**
 * The docs in docs/ against the code in src/: every exported construct has a page, every prop of every exported
 * struct is documented with the @default of its TSDoc, every public member is named on its page, every alarm of
 * WebAppMonitoring is in the operations guide with its metrics, the upgrade-safety page agrees with the README and
 * with what really replaces a stateful resource, every relative link resolves, and every TypeScript example of the
 * docs type-checks against src/ and constructs without an error.
 *
 * The sources are read with the TypeScript compiler API (not the compiled .jsii), so the test needs no build.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ts from 'typescript';
import { CacheEngine, DatabaseEngine, DatabaseTopology, HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src';
import { FULLY_FEATURED } from '../configurations';
import { REPLACING_PROPERTIES, STATEFUL_TYPES } from '../hardening/stateful';
import { OTHER_REGION, OTHER_REGION_AZS, TEST_ACCOUNT, TEST_AZS, TEST_REGION, testApp, testStack } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
const DOCS = path.join(ROOT, 'docs');
const CONFIGURATION = path.join(DOCS, 'configuration.md');
const CONSTRUCT_PAGES = path.join(DOCS, 'constructs');

// ---------------------------------------------------------------------------------------------------------------
// The sources
// ---------------------------------------------------------------------------------------------------------------

interface Sources {
  /** Every interface declared in src/, by name (for `extends` clauses). */
  readonly interfaces: Map<string, ts.InterfaceDeclaration>;
  /** The public API: what src/index.ts exports. */
  readonly exportedInterfaces: string[];
  readonly exportedClasses: Map<string, ts.ClassDeclaration>;
  readonly exportedEnums: string[];
}

function sourceFilesOf(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      return sourceFilesOf(full);
    }
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The raw text of a node's TSDoc, without the comment markers. */
function docText(node: ts.Node): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  if (!last) {
    return '';
  }
  return last.getText().replace(/^\/\*\*|\*\/$/g, '').split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join('\n').trim();
}

/** The text of a TSDoc tag, up to the next tag, on one line. */
function docTag(text: string, tag: string): string | undefined {
  const match = new RegExp(`^@${tag}\\b(.*(?:\\n(?!@).*)*)`, 'm').exec(text);
  return match ? match[1].replace(/\s+/g, ' ').trim() : undefined;
}

function loadSources(): Sources {
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const file of sourceFilesOf(SRC)) {
    parse(file).forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node)) {
        interfaces.set(node.name.text, node);
      }
    });
  }
  const exportedInterfaces: string[] = [];
  const exportedClasses = new Map<string, ts.ClassDeclaration>();
  const exportedEnums: string[] = [];
  // What index.ts exports, following the re-exports of the modules it names (a construct's file re-exports the
  // types that live in the folder beside it), so that a type moved into another file stays checked.
  const collect = (file: string, named: Set<string> | undefined, seen: Set<string>): void => {
    if (seen.has(file)) {
      return;
    }
    seen.add(file);
    parse(file).forEachChild((node) => {
      if (ts.isExportDeclaration(node)) {
        if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('.')) {
          const names = node.exportClause && ts.isNamedExports(node.exportClause)
            ? new Set(node.exportClause.elements.map((element) => element.name.text).filter((name) => !named || named.has(name)))
            : named;
          const target = path.resolve(path.dirname(file), node.moduleSpecifier.text);
          collect(fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts'), names, new Set(seen));
        }
        return;
      }
      if (file === path.join(SRC, 'index.ts') || !isExported(node) || docText(node).includes('@internal')) {
        return;
      }
      const name = (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) ? node.name?.text : undefined;
      if (!name || (named && !named.has(name))) {
        return;
      }
      if (ts.isInterfaceDeclaration(node)) {
        exportedInterfaces.push(name);
      } else if (ts.isClassDeclaration(node)) {
        exportedClasses.set(name, node);
      } else {
        exportedEnums.push(name);
      }
    });
  };
  collect(path.join(SRC, 'index.ts'), undefined, new Set());
  return { interfaces, exportedInterfaces, exportedClasses, exportedEnums };
}

const SOURCES = loadSources();

function ownMembers(struct: string): ts.PropertySignature[] {
  return SOURCES.interfaces.get(struct)!.members.filter(ts.isPropertySignature);
}

/** The struct's props, those of the interfaces it extends (from src/) first. */
function allMembers(struct: string): ts.PropertySignature[] {
  const declaration = SOURCES.interfaces.get(struct)!;
  const inherited = (declaration.heritageClauses ?? [])
    .flatMap((clause) => clause.types.map((type) => type.expression.getText()))
    .filter((name) => SOURCES.interfaces.has(name))
    .flatMap(allMembers);
  return [...inherited, ...ownMembers(struct)];
}

function parentStructs(struct: string): string[] {
  return (SOURCES.interfaces.get(struct)!.heritageClauses ?? [])
    .flatMap((clause) => clause.types.map((type) => type.expression.getText()))
    .filter((name) => SOURCES.interfaces.has(name));
}

/** Whether a class is a construct: it extends `Construct`, or CDK's `Stage` or `Stack`, which are constructs too. */
function extendsConstruct(declaration: ts.ClassDeclaration): boolean {
  return (declaration.heritageClauses ?? []).some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword
    && clause.types.some((type) => ['Construct', 'Stage', 'Stack'].includes(type.expression.getText())));
}

/** Names of the public members of a class: properties, methods, getters, and public constructor parameters. */
function publicMembers(declaration: ts.ClassDeclaration): string[] {
  const names: string[] = [];
  const hidden = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? [])
    .some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
  for (const member of declaration.members) {
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if ((ts.getModifiers(parameter) ?? []).some((m) => m.kind === ts.SyntaxKind.PublicKeyword)) {
          names.push(parameter.name.getText());
        }
      }
      continue;
    }
    const name = member.name?.getText();
    if (!name || hidden(member) || name.startsWith('_') || name.startsWith('#')) {
      continue;
    }
    if (ts.isPropertyDeclaration(member) || ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) {
      names.push(name);
    }
  }
  return names;
}

/**
 * The structs that configure HighlyAvailableWebApp: its props, the struct types of their props, and the option
 * structs of the static factories of the classes they name (`DatabaseTopology.aurora(options: AuroraOptions)`).
 */
function configurationStructs(): string[] {
  const found: string[] = [];
  const queue = ['HighlyAvailableWebAppProps'];
  const identifiers = (type: ts.TypeNode | undefined) => type?.getText().match(/[A-Za-z_]\w*/g) ?? [];
  while (queue.length > 0) {
    const struct = queue.shift()!;
    if (found.includes(struct)) {
      continue;
    }
    found.push(struct);
    for (const member of allMembers(struct)) {
      for (const name of identifiers(member.type)) {
        if (SOURCES.interfaces.has(name)) {
          queue.push(name);
        }
        const declaration = SOURCES.exportedClasses.get(name);
        for (const factory of declaration?.members ?? []) {
          const isStatic = ts.canHaveModifiers(factory) && (ts.getModifiers(factory) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
          if (isStatic && ts.isMethodDeclaration(factory)) {
            queue.push(...factory.parameters.flatMap((parameter) => identifiers(parameter.type)).filter((id) => SOURCES.interfaces.has(id)));
          }
        }
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// The docs
// ---------------------------------------------------------------------------------------------------------------

function markdownFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      return markdownFiles(full);
    }
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** The text with fenced code blocks blanked out (their lines kept, so that nothing in them counts). */
function withoutCode(text: string): string {
  let inFence = false;
  return text.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      return '';
    }
    return inFence ? '' : line;
  }).join('\n');
}

interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

function headings(text: string): Heading[] {
  return withoutCode(text).split('\n').flatMap((line, index) => {
    const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    return match ? [{ level: match[1].length, text: match[2], line: index }] : [];
  });
}

/** GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.toLowerCase().trim().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(text)) {
    const base = slug(heading.text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The lines of the section under the first heading that `matches`, up to the next heading of its level or above. */
function section(text: string, matches: (heading: string) => boolean): string | undefined {
  const all = headings(text);
  const start = all.findIndex((heading) => matches(heading.text));
  if (start < 0) {
    return undefined;
  }
  const end = all.slice(start + 1).find((heading) => heading.level <= all[start].level);
  return text.split('\n').slice(all[start].line + 1, end?.line).join('\n');
}

function plain(text: string): string {
  return text.replace(/`/g, '').trim();
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

interface Table {
  readonly header: string[];
  readonly rows: string[][];
}

/** The markdown tables of a piece of text (outside code blocks). */
function tables(text: string): Table[] {
  const result: Table[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length >= 2 && /^\|?\s*:?-{3,}/.test(current[1].trim())) {
      result.push({ header: cells(current[0]), rows: current.slice(2).map(cells) });
    }
    current = [];
  };
  for (const line of withoutCode(text).split('\n')) {
    if (line.trim().startsWith('|')) {
      current.push(line);
    } else {
      flush();
    }
  }
  flush();
  return result;
}

/** A default as the comparison sees it: no CDK `- ` prefix, no `{@link}`, no code or bold marks, one line. */
function normalizeDefault(text: string): string {
  return text.trim().replace(/^- /, '').replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, '$1').replace(/\*\*/g, '').replace(/`/g, '')
    .replace(/\s+/g, ' ').trim();
}

/** The documented default of a prop: its @default, or `required` for a prop that is not optional. */
function expectedDefault(member: ts.PropertySignature): string | undefined {
  const tag = docTag(docText(member), 'default');
  if (tag !== undefined) {
    return normalizeDefault(tag);
  }
  return member.questionToken ? undefined : 'required';
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function constructPage(className: string): string {
  return path.join(CONSTRUCT_PAGES, `${kebab(className)}.md`);
}

/** Differences between the props of a struct and a docs table of them, as messages that say what to fix. */
function propTableProblems(struct: string, members: ts.PropertySignature[], table: Table | undefined, where: string): string[] {
  if (!table) {
    return [`${where}: no table of the props of ${struct}`];
  }
  const rows = new Map(table.rows.map((row) => [plain(row[0]), row]));
  const problems: string[] = [];
  for (const member of members) {
    const name = member.name.getText();
    const expected = expectedDefault(member);
    const row = rows.get(name);
    if (expected === undefined) {
      problems.push(`${struct}.${name} has no @default in its TSDoc (every optional prop needs one)`);
    } else if (!row) {
      problems.push(`${where}: add a row for ${struct}.${name}: | \`${name}\` | \`${member.type?.getText()}\` | ${expected} | ... |`);
    } else if (normalizeDefault(row[2] ?? '') !== expected) {
      problems.push(`${where}: the default of ${struct}.${name} is "${expected}" in the code, "${normalizeDefault(row[2] ?? '')}" in the docs`);
    }
  }
  const names = new Set(members.map((member) => member.name.getText()));
  for (const documented of rows.keys()) {
    if (!names.has(documented)) {
      problems.push(`${where}: ${struct} has no prop ${documented}; remove its row`);
    }
  }
  return problems;
}

const propTable = (text: string | undefined) => tables(text ?? '').find((table) => plain(table.header[0]) === 'prop');

// ---------------------------------------------------------------------------------------------------------------
// Constructs, structs and members
// ---------------------------------------------------------------------------------------------------------------

const CONSTRUCTS = [...SOURCES.exportedClasses].filter(([, declaration]) => extendsConstruct(declaration)).map(([name]) => name);
const CONFIGURATION_STRUCTS = configurationStructs();

describe('the source model', () => {
  // Guards the parsing itself: were it to find nothing, every check below would pass vacuously.
  test('finds the constructs, the structs and their defaults', () => {
    expect(CONSTRUCTS).toEqual(expect.arrayContaining(['HighlyAvailableWebApp', 'WebAppNetwork', 'WebAppTier', 'WebAppMonitoring']));
    expect(CONFIGURATION_STRUCTS).toEqual(expect.arrayContaining(['HighlyAvailableWebAppProps', 'WebAppTierOptions', 'WebAppAlarmThresholds', 'AuroraOptions']));
    const maxAzs = allMembers('WebAppNetworkOptions').find((member) => member.name.getText() === 'maxAzs')!;
    expect(expectedDefault(maxAzs)).toBe('3');
    expect(allMembers('StaticAssetsOptions').map((member) => member.name.getText())).toEqual(expect.arrayContaining(['removalPolicy', 'source']));
  });
});

describe('construct pages', () => {
  test('every construct exported from src/index.ts has a page in docs/constructs/', () => {
    const missing = CONSTRUCTS.filter((name) => !fs.existsSync(constructPage(name)));
    expect(missing).toEqual([]);
  });

  test('every page of docs/constructs/ is about an exported class', () => {
    const pages = fs.readdirSync(CONSTRUCT_PAGES).filter((file) => file.endsWith('.md')).map((file) => file.replace(/\.md$/, ''));
    const classes = new Set([...SOURCES.exportedClasses.keys()].map(kebab));
    expect(pages.filter((page) => !classes.has(page))).toEqual([]);
  });

  const documentedClasses = [...SOURCES.exportedClasses.keys()].filter((name) => fs.existsSync(constructPage(name)));

  test.each(documentedClasses)('the page of %s names every public member, and only those', (name) => {
    const page = read(constructPage(name));
    const members = publicMembers(SOURCES.exportedClasses.get(name)!);
    const missing = members.filter((member) => !new RegExp(`\`${member}(\\(\\))?\``).test(page));
    expect(missing).toEqual([]);
    const table = tables(section(page, (heading) => heading === 'Public members') ?? '').find((t) => plain(t.header[0]) === 'member');
    expect(table).toBeDefined();
    const documented = table!.rows.map((row) => plain(row[0]).replace(/^static\s+/, '').replace(/\(\)$/, ''));
    expect(documented.filter((member) => !members.includes(member))).toEqual([]);
  });

  test.each(CONSTRUCTS.filter((name) => SOURCES.interfaces.has(`${name}Props`)))('the page of %s documents its props with their defaults', (name) => {
    const props = `${name}Props`;
    const page = read(constructPage(name));
    const where = `docs/constructs/${kebab(name)}.md`;
    if (CONFIGURATION_STRUCTS.includes(props)) {
      // The props are in the configuration reference; the page links to them.
      expect(page).toContain(`../configuration.md#${slug(props)}`);
      return;
    }
    expect(propTableProblems(props, ownMembers(props), propTable(section(page, (heading) => heading === 'Props')), where)).toEqual([]);
    // The props it inherits are documented in the configuration reference, which the page links to.
    for (const parent of parentStructs(props).filter((struct) => CONFIGURATION_STRUCTS.includes(struct))) {
      expect(page).toContain(`../configuration.md#${slug(parent)}`);
    }
  });
});

describe('configuration reference', () => {
  const configuration = read(CONFIGURATION);

  test.each(CONFIGURATION_STRUCTS)('docs/configuration.md lists every prop of %s with its @default', (struct) => {
    const table = propTable(section(configuration, (heading) => plain(heading) === struct));
    expect(propTableProblems(struct, allMembers(struct), table, `docs/configuration.md, section ${struct}`)).toEqual([]);
  });

  test('every other exported struct is documented on a page, with its defaults', () => {
    const propsOfConstructs = new Set(CONSTRUCTS.map((name) => `${name}Props`));
    const pages = [CONFIGURATION, ...markdownFiles(CONSTRUCT_PAGES)];
    const problems: string[] = [];
    const others = SOURCES.exportedInterfaces.filter((name) => !CONFIGURATION_STRUCTS.includes(name) && !propsOfConstructs.has(name));
    for (const struct of others) {
      const home = pages.map((file) => ({ file, text: section(read(file), (heading) => plain(heading) === struct) }))
        .find((candidate) => candidate.text !== undefined);
      if (!home) {
        problems.push(`${struct} has no section (a heading named after it) in docs/configuration.md or docs/constructs/`);
        continue;
      }
      problems.push(...propTableProblems(struct, allMembers(struct), propTable(home.text), path.relative(ROOT, home.file)));
    }
    expect(problems).toEqual([]);
  });

  test('every exported class and enum is named somewhere in the docs', () => {
    const docs = markdownFiles(DOCS).map(read).join('\n');
    const names = [...SOURCES.exportedClasses.keys(), ...SOURCES.exportedEnums];
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(docs))).toEqual([]);
  });

  test('a wrong default in the docs is caught', () => {
    // The check above must be able to fail: the same table with one default changed.
    const section_ = section(configuration, (heading) => plain(heading) === 'WebAppNetworkOptions')!;
    const broken = section_.replace(/(\| `maxAzs` \|[^|]*\|)[^|]*\|/, '$1 `2` |');
    expect(broken).not.toEqual(section_);
    expect(propTableProblems('WebAppNetworkOptions', allMembers('WebAppNetworkOptions'), propTable(broken), 'test')).toEqual([
      'test: the default of WebAppNetworkOptions.maxAzs is "3" in the code, "2" in the docs',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Alarms
// ---------------------------------------------------------------------------------------------------------------

interface AlarmFacts {
  /** Metric names of the alarm, or for a composite alarm the ids of the alarms of its rule. */
  readonly mentions: Set<string>;
}

/**
 * The alarms that WebAppMonitoring creates in a HighlyAvailableWebApp, by construct id without a trailing number
 * (`DatabaseReplicaLag1` and `DatabaseReplicaLag2` are `DatabaseReplicaLag`), with the metric names they watch.
 */
function alarmsOf(configure: (stack: Stack) => HighlyAvailableWebAppProps, found: Map<string, AlarmFacts>): void {
  const stack = testStack(testApp());
  const webApp = new HighlyAvailableWebApp(stack, 'WebApp', configure(stack));
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
  type AnyAlarm = cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm;
  const alarms = webApp.monitoring.node.findAll()
    .filter((child): child is AnyAlarm => child instanceof cloudwatch.CfnAlarm || child instanceof cloudwatch.CfnCompositeAlarm);
  // Numbered alarms come in families (`DatabaseReplicaLag1`, `DatabaseReplicaLag2`); `TargetResponseTimeP99` is no family.
  const prefix = (id: string) => id.replace(/\d+$/, '');
  const ids = alarms.map((alarm) => alarm.node.scope!.node.id);
  const family = (id: string) => ids.filter((other) => other !== id && prefix(other) === prefix(id) && prefix(id) !== id).length > 0;
  const idOf = (alarm: AnyAlarm) => {
    const id = alarm.node.scope!.node.id;
    // One alarm per WAF rule in count mode, named after the rule.
    if (id.startsWith('FirewallCountedRequests')) {
      return 'FirewallCountedRequests<Rule>';
    }
    return family(id) ? prefix(id) : id;
  };
  const logicalIds = new Map(alarms.map((alarm) => [stack.getLogicalId(alarm), idOf(alarm)]));
  for (const alarm of alarms) {
    const properties = resources[stack.getLogicalId(alarm)].Properties;
    const mentions = found.get(idOf(alarm))?.mentions ?? new Set<string>();
    if (alarm instanceof cloudwatch.CfnAlarm) {
      const metrics = (properties.Metrics ?? []) as Array<{ MetricStat?: { Metric: { MetricName: string } } }>;
      for (const name of [properties.MetricName as string | undefined, ...metrics.map((metric) => metric.MetricStat?.Metric.MetricName)]) {
        if (name) {
          mentions.add(name);
        }
      }
    } else {
      const rule = JSON.stringify(properties.AlarmRule);
      for (const [logicalId, id] of logicalIds) {
        if (rule.includes(`"${logicalId}"`)) {
          mentions.add(id);
        }
      }
    }
    found.set(idOf(alarm), { mentions });
  }
}

describe('operations guide', () => {
  const found = new Map<string, AlarmFacts>();
  beforeAll(() => {
    alarmsOf(() => ({}), found);
    alarmsOf(FULLY_FEATURED, found);
    // Several read replicas and more than 10 cache nodes: the numbered alarms.
    alarmsOf(() => ({
      database: { topology: DatabaseTopology.multiAzInstance({ readReplicas: 2 }) },
      cache: { engine: CacheEngine.valkey(), shards: 4, replicasPerShard: 2 },
    }), found);
    // Uploads replicated to another Region: the replication alarms.
    alarmsOf((stack) => ({
      uploads: {
        replication: {
          destinationBucket: s3.Bucket.fromBucketAttributes(stack, 'Replica', {
            bucketName: 'web-app-uploads-replica',
            region: OTHER_REGION,
            encryptionKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`),
          }),
        },
      },
    }), found);
  });

  const operations = read(path.join(DOCS, 'operations.md'));
  const alarmRows = tables(operations).filter((table) => plain(table.header[0]) === 'alarm').flatMap((table) => table.rows);

  test('finds the alarms of every tier', () => {
    expect([...found.keys()]).toEqual(expect.arrayContaining([
      'CloudFront5xxErrorRate', 'FirewallBlockedRequests', 'ApplicationUnavailable', 'NoHealthyTargets', 'DatabaseReplicaLag', 'CacheReplicationLag',
      'UploadsFailedReplication',
    ]));
    expect(found.get('DatabaseReplicaLag')!.mentions).toEqual(new Set(['ReplicaLag', 'AuroraReplicaLagMaximum']));
  });

  test('every alarm of WebAppMonitoring has a row in docs/operations.md that names its metrics', () => {
    const problems: string[] = [];
    for (const [id, facts] of found) {
      const row = alarmRows.find((cellsOfRow) => plain(cellsOfRow[0]) === id);
      if (!row) {
        problems.push(`add ${id} to a table of docs/operations.md whose first column is "alarm"`);
        continue;
      }
      const text = row.join(' | ');
      for (const mention of facts.mentions) {
        if (!text.includes(mention)) {
          problems.push(`the row of ${id} in docs/operations.md does not name ${mention}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every alarm of docs/operations.md exists, and has a section with what to do', () => {
    const documented = alarmRows.map((row) => plain(row[0]));
    expect(documented.filter((id) => !found.has(id))).toEqual([]);
    const titles = headings(operations).map((heading) => plain(heading.text));
    expect(documented.filter((id) => !titles.includes(id))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Upgrade safety
// ---------------------------------------------------------------------------------------------------------------

/** The rows of the table "Changes that replace a stateful resource", each with the app it turns the default into. */
const REPLACING_CHANGES: Array<[string, (stack: Stack) => void]> = [
  ['the database engine', (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { database: { engine: DatabaseEngine.mysql() } })],
  ['the database topology', (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { database: { topology: DatabaseTopology.aurora() } })],
  ['the database name', (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { database: { databaseName: 'shop' } })],
  ['the encryption key', (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) })],
  ['the cache port', (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { cache: { port: 6380 } })],
  ["the cache's replicas, shards or cluster mode", (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { cache: { replicasPerShard: 2 } })],
  ['a cache node type with data tiering', (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { cache: { nodeType: 'cache.r6gd.xlarge' } })],
  ["the VPC's CIDR", (stack) => new HighlyAvailableWebApp(stack, 'WebApp', { network: { cidr: '10.1.0.0/16' } })],
  ['a construct id', (stack) => new HighlyAvailableWebApp(stack, 'Shop')],
];

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function synthesize(build: (stack: Stack) => void): Resources {
  const stack = testStack(testApp());
  build(stack);
  return Template.fromStack(stack).toJSON().Resources as Resources;
}

/** The stateful resources of `before` that `after` removes or replaces, as messages. */
function replaced(before: Resources, after: Resources): string[] {
  return Object.entries(before).filter(([, resource]) => STATEFUL_TYPES.includes(resource.Type)).flatMap(([id, resource]) => {
    const now = after[id];
    if (!now) {
      return [`${id} is gone`];
    }
    return (REPLACING_PROPERTIES[resource.Type] ?? [])
      .filter((property) => JSON.stringify(resource.Properties?.[property]) !== JSON.stringify(now.Properties?.[property]))
      .map((property) => `${id} changes ${property}`);
  });
}

describe('upgrade safety page', () => {
  const page = read(path.join(DOCS, 'upgrade-safety.md'));
  const firstColumn = (text: string | undefined) => (tables(text ?? '')[0]?.rows ?? []).map((row) => plain(row[0]));

  test('lists the same safe changes as the README, which the hardening tests prove', () => {
    const readme = firstColumn(section(read(path.join(ROOT, 'README.md')), (heading) => heading === 'Safe changes after launch'));
    expect(readme.length).toBeGreaterThan(5);
    expect(firstColumn(section(page, (heading) => heading === 'Safe changes'))).toEqual(readme);
  });

  test('lists the changes that replace a stateful resource that this test checks', () => {
    expect(firstColumn(section(page, (heading) => heading === 'Changes that replace a stateful resource')))
      .toEqual(REPLACING_CHANGES.map(([label]) => label));
  });

  describe('each change of that table replaces a stateful resource', () => {
    let before: Resources;
    beforeAll(() => {
      before = synthesize((stack) => new HighlyAvailableWebApp(stack, 'WebApp'));
    });

    test.each(REPLACING_CHANGES)('%s', (_label, build) => {
      expect(replaced(before, synthesize(build))).not.toEqual([]);
    });

    test('and a safe change does not', () => {
      const after = synthesize((stack) => new HighlyAvailableWebApp(stack, 'WebApp', {
        appTier: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE) },
      }));
      expect(replaced(before, after)).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------------------------

describe('links', () => {
  test.each(markdownFiles(DOCS).map((file) => path.relative(DOCS, file)))('every relative link of docs/%s resolves', (relative) => {
    const file = path.join(DOCS, relative);
    const text = withoutCode(read(file)).replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()]/g, ' '));
    const problems: string[] = [];
    for (const match of text.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        continue; // https:, mailto: and the like
      }
      const [pathPart, anchor] = target.split('#');
      const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), pathPart);
      if (!fs.existsSync(resolved)) {
        problems.push(`${target}: ${path.relative(ROOT, resolved)} does not exist`);
      } else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) {
        problems.push(`${target}: ${path.relative(ROOT, resolved)} has no heading with the anchor #${anchor}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------------------------

/** The pages whose TypeScript examples must compile and run: the construct pages and the guides of this suite. */
const EXAMPLE_PAGES = [
  ...markdownFiles(CONSTRUCT_PAGES),
  ...['configuration.md', 'operations.md', 'upgrade-safety.md', 'architecture.md'].map((file) => path.join(DOCS, file)),
];

interface Example {
  readonly name: string;
  readonly code: string;
}

function examples(): Example[] {
  return EXAMPLE_PAGES.flatMap((file) => {
    const blocks = [...read(file).matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1]);
    return blocks.map((code, index) => ({ name: `${path.relative(DOCS, file)} example ${index + 1}`, code }));
  });
}

const EXAMPLES = examples();

/**
 * The app the examples run in: the test account's Availability Zones in the Regions that the examples use (which
 * `cdk synth` would otherwise look up with credentials), and weak cross-stack references, which the multi-Region
 * examples need, as their text says.
 */
function exampleApp(): App {
  const regions: Record<string, string[]> = {
    [TEST_REGION]: TEST_AZS,
    [OTHER_REGION]: OTHER_REGION_AZS,
    'eu-central-1': ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  };
  return new App({
    context: {
      ...Object.fromEntries(Object.entries(regions).map(([region, zones]) => [`availability-zones:account=${TEST_ACCOUNT}:region=${region}`, zones])),
      '@aws-cdk/core:defaultCrossStackReferences': 'weak',
    },
  });
}

describe('examples', () => {
  test('there are examples to check', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(CONSTRUCTS.length);
  });

  test('every TypeScript example of the docs type-checks against src/', () => {
    // Each example is a module that imports 'cdk-ha-web-app' (mapped to src/index.ts) and declares what it
    // does not build itself (`declare const stack: Stack;`), as the CDK's own examples do.
    const directory = path.join(ROOT, 'test', 'docs');
    const files = new Map(EXAMPLES.map((example, index) => [path.join(directory, `__example${index}.ts`), example]));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      ignoreDeprecations: '6.0',
      baseUrl: ROOT,
      paths: { 'cdk-ha-web-app': ['src/index.ts'] },
      types: ['node'],
      lib: ['lib.es2022.d.ts'],
      experimentalDecorators: true,
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.getSourceFile = (name, language, ...rest) => {
      const example = files.get(path.resolve(name));
      return example ? ts.createSourceFile(name, example.code, language, true) : getSourceFile(name, language, ...rest);
    };
    host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems: string[] = [];
    for (const [name, example] of files) {
      const sourceFile = program.getSourceFile(name)!;
      for (const diagnostic of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
        const line = diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
        problems.push(`${example.name}, line ${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  describe('every TypeScript example of the docs constructs and synthesizes', () => {
    // The examples run with a test app and stack (us-east-1, an explicit account) as their `app` and `stack`,
    // and a directory with a site/dist folder as their __dirname. Synthesis runs the validations of every construct.
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-examples-'));
    fs.mkdirSync(path.join(site, 'site', 'dist'), { recursive: true });
    fs.writeFileSync(path.join(site, 'site', 'dist', 'index.html'), '<!doctype html><title>example</title>\n');
    afterAll(() => fs.rmSync(site, { recursive: true, force: true }));

    test.each(EXAMPLES.map((example) => [example.name, example]))('%s', (_name, example) => {
      const code = ts.transpileModule(example.code, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText;
      const app = exampleApp();
      // What an example declares (`declare const stack: Stack;`) it gets: the app, or a stack of the test account in us-east-1.
      const fixtures: Record<string, () => unknown> = { app: () => app, stack: () => testStack(app) };
      const declared = [...example.code.matchAll(/^declare const (\w+)/gm)].map((match) => match[1]);
      expect(declared.filter((name) => !(name in fixtures))).toEqual([]);
      // jest's own require, so that the examples share the modules (aws-cdk-lib, src/) of this test.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const load = (id: string) => (id === 'cdk-ha-web-app' ? require('../../src') : require(id));
      const module_ = { exports: {} };
      new Function('require', 'module', 'exports', '__dirname', ...declared, code)(load, module_, module_.exports, site, ...declared.map((name) => fixtures[name]()));
      const assembly = app.synth();
      expect(assembly.stacksRecursively.length).toBeGreaterThan(0);
    });
  });
});
