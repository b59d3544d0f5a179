'use strict';
// One cell of the compatibility matrix: synthesizes a configuration with one tool wired in the way its users wire
// it, and writes what is left unacknowledged as JSON (the runner adds deprecation lines and checkov's results).
//
//   node synth.js CONFIGURATION TOOL MODE OUTDIR RESULT_FILE
//
// TOOL MODE: synth plain (no tool: the assembly checkov reads) | cdk-nag-v2 aspects | cdk-nag-v3 plugins |
// cdk-nag-v3 validateScope | cfn-guard plugins
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const { CONFIGURATIONS, CONTEXT } = require('./configurations');

const [configuration, tool, mode, outdir, resultFile] = process.argv.slice(2);
if (!CONFIGURATIONS[configuration] || !resultFile) {
  console.error(`usage: node synth.js (${Object.keys(CONFIGURATIONS).join('|')}) TOOL MODE OUTDIR RESULT_FILE`);
  process.exit(2);
}

/** The four packs that the library is kept clean against, from the cdk-nag major given. */
function nagPacks(nag, scope) {
  return [nag.AwsSolutionsChecks, nag.NIST80053R5Checks, nag.HIPAASecurityChecks, nag.PCIDSS321Checks].map((Pack) => new Pack(scope));
}

function cfnGuardValidator() {
  const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');
  // cfn-guard's report on a large app passes Node's default 1 MiB output buffer; the findings stay the same.
  return new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 });
}

const findings = [];
function finding(source, severity, rule, where, message) {
  findings.push({ source, severity, rule, where, message: String(message ?? '').split('\n')[0].slice(0, 300) });
}

// What `cdk synth` adds to an app's context: templates carry construct paths (the runner names checkov's findings by them).
const CLI_CONTEXT = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:version-reporting': true };
fs.rmSync(outdir, { recursive: true, force: true });
const app = new cdk.App({ outdir, context: { ...CLI_CONTEXT, ...CONTEXT } });
const started = Date.now();
let synthError;
try {
  CONFIGURATIONS[configuration](app);
  if (tool === 'cdk-nag-v2' && mode === 'aspects') {
    // An aspect added to the app does not reach the stacks of a Stage (a Stage is synthesized as an assembly of its
    // own, before the app's aspects run): projects with stages add the packs to each Stage too.
    const nag = require('cdk-nag-v2');
    for (const scope of [app, ...app.node.findAll().filter((construct) => cdk.Stage.isStage(construct) && construct !== app)]) {
      for (const pack of nagPacks(nag)) {
        cdk.Aspects.of(scope).add(pack);
      }
    }
  } else if (tool === 'cdk-nag-v3' && mode === 'plugins') {
    cdk.Validations.of(app).addPlugins(...nagPacks(require('cdk-nag-v3'), app));
  } else if (tool === 'cfn-guard' && mode === 'plugins') {
    // Not `new App({ policyValidationBeta1: [...] })`, as the plugin's README has it: that prop is deprecated on
    // 2.257 too, where `addPlugins` runs this plugin (it needs no construct tree) with the same findings.
    cdk.Validations.of(app).addPlugins(cfnGuardValidator());
  } else if (!(tool === 'synth' && mode === 'plain') && !(tool === 'cdk-nag-v3' && mode === 'validateScope')) {
    throw new Error(`unknown tool and mode: ${tool} ${mode}`);
  }
  app.synth();
} catch (error) {
  synthError = error;
  finding('synth', 'error', 'SynthFailed', configuration, error && error.message);
}
// A validation plugin's failure sets the exit code (2.257) or throws (later versions): both fail `cdk synth`.
if (process.exitCode) {
  finding('synth', 'error', 'ValidationFailed', configuration, `synth set exit code ${process.exitCode}`);
  process.exitCode = 0;
}

// cdk-nag v3 on an aws-cdk-lib whose validation context lacks the construct tree: each pack validates the tree
// directly after synthesis, honouring the same acknowledgements.
if (tool === 'cdk-nag-v3' && mode === 'validateScope' && !synthError) {
  for (const pack of nagPacks(require('cdk-nag-v3'))) {
    const report = pack.validateScope(app);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        finding(pack.readPackName, violation.severity, violation.ruleName, resource.constructPath ?? resource.resourceLogicalId, violation.description);
      }
    }
  }
}

/** The manifests of the cloud assembly and of every nested one (a Stage is an assembly of its own). */
function manifests(dir) {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) {
    return [];
  }
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nested = Object.values(manifest.artifacts ?? {})
    .filter((artifact) => artifact.type === 'cdk:cloud-assembly')
    .flatMap((artifact) => manifests(path.join(dir, artifact.properties.directoryName)));
  return [{ dir, manifest }, ...nested];
}

// Every warning and error annotation left in the assembly: cdk-nag v2's findings, and any other (acknowledged
// warnings are not written). A message's rule is cdk-nag's `Rule-Id: ...` prefix or CDK's `[ack: id]` suffix.
const assemblies = manifests(outdir);
const templates = [];
for (const { dir, manifest } of assemblies) {
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      templates.push(path.join(dir, artifact.properties.templateFile));
    }
    // Newer versions write a stack's metadata to a file of its own.
    const metadata = { ...artifact.metadata };
    if (artifact.additionalMetadataFile) {
      for (const [constructPath, entries] of Object.entries(JSON.parse(fs.readFileSync(path.join(dir, artifact.additionalMetadataFile), 'utf8')))) {
        metadata[constructPath] = [...(metadata[constructPath] ?? []), ...entries];
      }
    }
    for (const [constructPath, entries] of Object.entries(metadata)) {
      for (const entry of entries) {
        if (entry.type !== 'aws:cdk:warning' && entry.type !== 'aws:cdk:error') {
          continue;
        }
        const message = typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data);
        const nagRule = /^([A-Za-z0-9.]+-[A-Za-z0-9]+(?:\[[^\]]*\])?): /.exec(message);
        const ackRule = /\[ack: ([^\]]+)\]\s*$/.exec(message);
        const rule = nagRule ? nagRule[1] : ackRule ? ackRule[1] : `${artifactId} annotation`;
        finding(nagRule ? 'cdk-nag' : 'annotation', entry.type === 'aws:cdk:error' ? 'error' : 'warning', rule, constructPath, message);
      }
    }
  }
}

// The validation report of the plugins (CfnGuardValidator, cdk-nag v3, and CloudFormation Validate from 2.258 on),
// unacknowledged violations only: 2.257 writes policy-validation-report.json, later versions validation-report.json.
for (const name of ['validation-report.json', 'policy-validation-report.json']) {
  const file = path.join(outdir, name);
  if (!fs.existsSync(file)) {
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const plugin of report.pluginReports ?? []) {
    const pluginName = plugin.summary?.pluginName ?? plugin.pluginName ?? '?';
    if (plugin.summary?.metadata?.error) {
      finding(pluginName, 'error', 'PluginFailed', configuration, plugin.summary.metadata.error);
    }
    for (const violation of plugin.violations ?? []) {
      if (violation.acknowledged || violation.suppressed) {
        continue;
      }
      const where = (violation.violatingConstructs ?? violation.violatingResources ?? [])
        .map((construct) => construct.constructPath ?? construct.resourceLogicalId ?? construct.templatePath);
      for (const place of where.length > 0 ? where : [configuration]) {
        finding(pluginName, violation.severity ?? 'error', violation.ruleName, place, violation.description);
      }
    }
  }
}

fs.writeFileSync(resultFile, JSON.stringify({
  configuration, tool, mode,
  cdkVersion: require('aws-cdk-lib/package.json').version,
  seconds: (Date.now() - started) / 1000,
  templates,
  findings,
}, undefined, 1));
