/**
 * The compatibility matrix's definition: the aws-cdk-lib versions, the tools and how each is wired, and the
 * configurations; and the Markdown table that the runner prints (with results) and the README shows (clean).
 * Pinned versions live in versions.json, which the upgrade workflow bumps.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The pinned versions (versions.json). */
export interface PinnedVersions {
  readonly 'aws-cdk-lib': { readonly floor: string; readonly newest: string };
  readonly 'constructs': string;
  readonly 'cdk-nag-v2': string;
  readonly 'cdk-nag-v3': string;
  readonly '@cdklabs/cdk-validator-cfnguard': string;
  readonly 'checkov': string;
}

export const VERSIONS: PinnedVersions = JSON.parse(fs.readFileSync(path.join(__dirname, 'versions.json'), 'utf8'));

export type VersionId = 'floor' | 'newest';

/** An aws-cdk-lib version of the matrix: the peer floor of package.json, and the newest at the time. */
export interface CdkVersion {
  readonly id: VersionId;
  readonly version: string;
  readonly label: string;
}

export const CDK_VERSIONS: CdkVersion[] = [
  { id: 'floor', version: VERSIONS['aws-cdk-lib'].floor, label: 'peer floor' },
  { id: 'newest', version: VERSIONS['aws-cdk-lib'].newest, label: 'newest' },
];

export type ToolId = 'cdk-nag-v2' | 'cdk-nag-v3' | 'cfn-guard' | 'checkov';

/** How a tool runs on one aws-cdk-lib version: the synth mode the app takes (app/synth.js), and its short label. */
export interface ToolWiring {
  /** The `TOOL MODE` arguments of app/synth.js; checkov reads the assembly of `synth plain`. */
  readonly synth: readonly [string, string];
  readonly label: string;
}

/** A tool of the matrix. */
export interface Tool {
  readonly id: ToolId;
  /** The tool with its pinned version. */
  readonly name: string;
  /** What a cell of this tool checks, for the table's legend. */
  readonly checks: string;
  /** A rule that the tool must report on the canary's unencrypted, unlogged bucket. */
  readonly canaryRule: string;
  readonly wiring: Record<VersionId, ToolWiring>;
}

export const TOOLS: Tool[] = [
  {
    id: 'cdk-nag-v2',
    name: `cdk-nag ${VERSIONS['cdk-nag-v2']}`,
    checks: 'the AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs added with `Aspects.of(app).add(...)` '
      + '(and to each `Stage`, which the app\'s aspects do not reach), the way most projects run cdk-nag: no error or warning annotation',
    canaryRule: 'AwsSolutions-S1',
    wiring: {
      floor: { synth: ['cdk-nag-v2', 'aspects'], label: '`Aspects`' },
      newest: { synth: ['cdk-nag-v2', 'aspects'], label: '`Aspects`' },
    },
  },
  {
    id: 'cdk-nag-v3',
    name: `cdk-nag ${VERSIONS['cdk-nag-v3']}`,
    checks: 'the same four packs, through `Validations.of(app).addPlugins(...)` on the newest aws-cdk-lib (synth succeeds: the plugin '
      + 'fails it on warnings too) and, on the floor, where that path crashes, through each pack\'s `validateScope(app)` after '
      + '`app.synth()`: no unacknowledged error or warning',
    canaryRule: 'AwsSolutions-S1',
    wiring: {
      floor: { synth: ['cdk-nag-v3', 'validateScope'], label: '`validateScope`' },
      newest: { synth: ['cdk-nag-v3', 'plugins'], label: '`Validations` plugin' },
    },
  },
  {
    id: 'cfn-guard',
    name: `@cdklabs/cdk-validator-cfnguard ${VERSIONS['@cdklabs/cdk-validator-cfnguard']}`,
    checks: '`CfnGuardValidator`, the AWS Control Tower proactive controls, through `Validations.of(app).addPlugins(...)` (its README\'s '
      + '`new App({ policyValidationBeta1 })` is deprecated on both versions): synth succeeds, no unacknowledged finding',
    canaryRule: 's3_bucket_logging_enabled_check',
    wiring: {
      floor: { synth: ['cfn-guard', 'plugins'], label: '`Validations` plugin' },
      newest: { synth: ['cfn-guard', 'plugins'], label: '`Validations` plugin' },
    },
  },
  {
    id: 'checkov',
    name: `checkov ${VERSIONS.checkov}`,
    checks: '`--framework cloudformation`, offline, over every synthesized template: no failed check (it reads `Metadata.checkov.skip`)',
    canaryRule: 'CKV_AWS_18',
    wiring: {
      floor: { synth: ['synth', 'plain'], label: 'CloudFormation' },
      newest: { synth: ['synth', 'plain'], label: 'CloudFormation' },
    },
  },
];

/** What every cell checks besides its tool. */
export const EVERY_CELL = 'Every cell also: synth succeeds; no `[WARNING] ... is deprecated` line; no warning or error annotation of any kind; '
  + 'from aws-cdk-lib 2.258 on, no unacknowledged finding of its built-in CloudFormation Validate plugin.';

/** A configuration of the user app (app/configurations.js). */
export interface Configuration {
  readonly id: string;
  readonly description: string;
  /**
   * The warnings that the library gives by design in this configuration (docs/compliance.md), by id and construct path:
   * each must be reported, and is the only finding the cell may have.
   */
  readonly expectedWarnings?: ExpectedWarning[];
}

/** A warning of the library's own, documented, that names its fix. */
export interface ExpectedWarning {
  readonly id: string;
  /** Construct path of the construct that warns, without the leading slash. */
  readonly path: string;
}

/** EdgeDistribution without a domain: CloudFront's default certificate and HTTP to the origin (docs/compliance.md). */
const DEFAULT_CERTIFICATE = 'cdk-ha-web-app:edge:defaultCertificate';

/** The tier constructs that the `tiers` configuration builds alone, one stack each. */
export const TIERS = [
  'WebAppNetwork', 'WebAppEncryption', 'WebApplicationFirewall', 'EdgeDistribution', 'StaticAssets', 'WebAppTier', 'WebAppDatabase',
  'WebAppCache', 'UploadsBucket', 'WebAppMonitoring', 'AuditTrail', 'ComplianceScanning', 'WebAppBackup', 'PatchManagement', 'CostGuardrails',
  'FaultInjectionExperiments', 'RestoreTesting', 'WebAppCanary', 'ZonalAutoshift',
];

export const CONFIGURATIONS: Configuration[] = [
  {
    id: 'default',
    description: '`HighlyAvailableWebApp` without props, in a us-east-1 stack; one warning by design (no domain: CloudFront\'s default certificate)',
    expectedWarnings: [{ id: DEFAULT_CERTIFICATE, path: 'Default/WebApp/Edge' }],
  },
  { id: 'domain', description: 'the same with `domainName` and `hostedZone`' },
  { id: 'full', description: 'every option of every tier, a domain and a static upload' },
  { id: 'stage', description: '`HighlyAvailableWebAppStage`: edge in us-east-1, primary eu-west-1, recovery eu-central-1, with a domain' },
  {
    id: 'tiers',
    description: `each tier construct alone, a stack each: ${TIERS.map((tier) => `\`${tier}\``).join(', ')}; one warning by design `
      + '(`EdgeDistribution` without a domain)',
    expectedWarnings: [{ id: DEFAULT_CERTIFICATE, path: 'EdgeDistribution/Edge' }],
  },
];

/**
 * The harness's own check, run beside the configurations and not in the table: an app that each tool must find
 * fault with (app/configurations.js), in a stack and in a Stage's stack, so that a clean cell means a tool that ran
 * and saw every stack.
 */
export const CANARY: Configuration = {
  id: 'canary',
  description: 'an unencrypted, unlogged bucket, a deprecated call, a warning and an invalid property, in a stack and in a Stage',
};

/** A row of the table: one tool on one aws-cdk-lib version, over every configuration. */
export interface Row {
  readonly tool: Tool;
  readonly cdk: CdkVersion;
}

export function rows(): Row[] {
  return TOOLS.flatMap((tool) => CDK_VERSIONS.map((cdk) => ({ tool, cdk })));
}

/**
 * The Markdown table, one row per tool and aws-cdk-lib version, with `result(row)` in the result column,
 * followed by what each cell checks.
 */
export function renderTable(result: (row: Row) => string, configurations: Configuration[] = CONFIGURATIONS): string {
  const lines = [
    '| tool | version | configurations | result |',
    '|---|---|---|---|',
    ...rows().map((row) => `| ${row.tool.name}, ${row.tool.wiring[row.cdk.id].label} | aws-cdk-lib ${row.cdk.version} (${row.cdk.label}) `
      + `| ${configurations.map((configuration) => configuration.id).join(', ')} | ${result(row)} |`),
    '',
    'What a cell checks:',
    '',
    ...TOOLS.map((tool) => `- ${tool.name}: ${tool.checks}.`),
    `- ${EVERY_CELL}`,
    '',
    'The configurations:',
    '',
    ...configurations.map((configuration) => `- \`${configuration.id}\`: ${configuration.description}.`),
    `- and \`${CANARY.id}\`, the harness's own check, not in the table: ${CANARY.description}, which each tool must report `
      + '(its cells count with the others).',
  ];
  return lines.join('\n');
}

/** What the README shows between its markers: the table of a matrix that passes. */
export function readmeBlock(): string {
  return renderTable(() => 'clean');
}

export const README_START = '<!-- compat-matrix:start -->';
export const README_END = '<!-- compat-matrix:end -->';
