// The pipeline example (example/pipeline), synthesized as `cdk synth` does there: from its own settings and
// its committed cdk.context.json, with the library imported by its package name.
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import type { WebAppPipelineStack } from '../../example/pipeline/web-app-pipeline-stack';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE_DIR = path.join(ROOT, 'example', 'pipeline');

/**
 * The example imports 'cdk-ha-web-app' as a user's app does. Like the `example` task, link that name to this
 * repository (node_modules/cdk-ha-web-app -> ..), whose package.json points at the compiled lib/: the build
 * compiles before it tests.
 */
function linkLibrary(): void {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/ is not compiled: run `npx projen compile` before this test');
  }
  const link = path.join(ROOT, 'node_modules', 'cdk-ha-web-app');
  const present = (() => {
    try {
      return fs.lstatSync(link).isSymbolicLink() || fs.existsSync(link);
    } catch {
      return false;
    }
  })();
  if (!present) {
    fs.symlinkSync('..', link);
  }
  if (fs.realpathSync(link) !== fs.realpathSync(ROOT)) {
    throw new Error(`node_modules/cdk-ha-web-app is not this repository: replace it with \`ln -sfn .. ${link}\``);
  }
}

interface PipelineAction {
  readonly Name: string;
  readonly ActionTypeId: { Category: string; Provider: string };
  readonly Configuration?: Record<string, unknown>;
  readonly RunOrder: number;
}
interface PipelineStage {
  readonly Name: string;
  readonly Actions: PipelineAction[];
}

describe('pipeline example', () => {
  let app: App;
  let stack: WebAppPipelineStack;
  let template: Template;
  let stages: PipelineStage[];

  beforeAll(() => {
    linkLibrary();
    // Loaded after the link exists: the example and its settings, exactly as main.ts uses them.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { WebAppPipelineStack: PipelineStack } = require('../../example/pipeline/web-app-pipeline-stack');
    const { PIPELINE_SETTINGS } = require('../../example/pipeline/settings');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const context = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, 'cdk.context.json'), 'utf8'));
    app = new App({ context });
    stack = new PipelineStack(app, 'HaWebAppPipeline', PIPELINE_SETTINGS);
    template = Template.fromStack(stack);
    const pipelines = Object.values(template.findResources('AWS::CodePipeline::Pipeline'));
    expect(pipelines).toHaveLength(1);
    stages = pipelines[0].Properties.Stages;
  });

  // jest only transpiles (isolatedModules): `cdk synth` type-checks the example with its own tsconfig.json.
  test('type-checks with its own tsconfig.json, as `cdk synth` compiles it', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(EXAMPLE_DIR, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
      },
    })!;
    expect(config.fileNames.map((file) => path.basename(file)).sort()).toEqual(['main.ts', 'settings.ts', 'web-app-pipeline-stack.ts']);
    const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file
        ? `${path.relative(ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
        : '';
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    });
    expect(problems).toEqual([]);
  });

  test('synthesizes offline: cdk.context.json answers every lookup', () => {
    const assembly = app.synth();
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });

  test('stages run Source, Build (synth), Staging, Production in that order', () => {
    const names = stages.map((stage) => stage.Name);
    const order = ['Source', 'Build', 'Staging', 'Production'].map((name) => names.indexOf(name));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('the source is the repository, through a CodeConnections connection', () => {
    const [source] = stages.find((stage) => stage.Name === 'Source')!.Actions;
    expect(source.ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'CodeStarSourceConnection' });
    expect(source.Configuration).toEqual({
      ConnectionArn: expect.stringMatching(/^arn:aws:codeconnections:us-east-1:\d{12}:connection\//),
      FullRepositoryId: 'my-org/my-web-app',
      BranchName: 'main',
    });
  });

  test('the synth step runs npm ci, then cdk synth', () => {
    const synth = stages.find((stage) => stage.Name === 'Build')!.Actions.find((action) => action.Name === 'Synth');
    expect(synth?.ActionTypeId.Provider).toBe('CodeBuild');
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: { BuildSpec: Match.serializedJson(Match.objectLike({ phases: { build: { commands: ['npm ci', 'npx cdk synth'] } } })) },
    });
  });

  test('Production waits for a manual approval before it deploys', () => {
    const production = stages.find((stage) => stage.Name === 'Production')!.Actions;
    const approvals = production.filter((action) => action.ActionTypeId.Category === 'Approval');
    expect(approvals.map((action) => [action.Name, action.ActionTypeId.Provider])).toEqual([['PromoteToProduction', 'Manual']]);
    const deploys = production.filter((action) => action.ActionTypeId.Category === 'Deploy');
    expect(deploys.length).toBeGreaterThan(0);
    expect(Math.max(...approvals.map((a) => a.RunOrder))).toBeLessThan(Math.min(...deploys.map((a) => a.RunOrder)));
    // Staging deploys without one.
    expect(stages.find((stage) => stage.Name === 'Staging')!.Actions.some((a) => a.ActionTypeId.Category === 'Approval')).toBe(false);
  });

  test.each(['Staging', 'Production'])('after %s deploys, a CodeBuild step curls the app\'s /health at its URL', (stageName) => {
    const actions = stages.find((stage) => stage.Name === stageName)!.Actions;
    const check = actions.find((action) => action.Name === `${stageName}HealthCheck`)!;
    expect(check.ActionTypeId.Provider).toBe('CodeBuild');
    const lastDeploy = Math.max(...actions.filter((a) => a.ActionTypeId.Category === 'Deploy').map((a) => a.RunOrder));
    expect(check.RunOrder).toBeGreaterThan(lastDeploy);
    // APP_URL is the stage stack's Url output, read from the deploy action's output variables.
    const variables = JSON.parse(check.Configuration!.EnvironmentVariables as string);
    expect(variables).toEqual([{ name: 'APP_URL', type: 'PLAINTEXT', value: expect.stringMatching(new RegExp(`^#\\{\\w*${stageName}WebApp\\w*\\.Url\\}$`)) }]);
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: {
        BuildSpec: Match.serializedJson(Match.objectLike({
          phases: { build: { commands: [Match.stringLikeRegexp('^curl --fail .*"\\$APP_URL/health"$')] } },
        })),
      },
    });
  });

  test.each([
    ['Staging', '222222222222'],
    ['Production', '333333333333'],
  ])('the %s stage holds a HighlyAvailableWebApp in its own account, with its URL as an output', (stageName, account) => {
    const stage = stageName === 'Staging' ? stack.staging : stack.production;
    const [appStack] = stage.node.children.filter((child): child is Stack => Stack.isStack(child));
    expect(appStack.account).toBe(account);
    expect(appStack.region).toBe('us-east-1');
    const appTemplate = Template.fromStack(appStack);
    appTemplate.resourceCountIs('AWS::CloudFront::Distribution', 1);
    appTemplate.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 1);
    appTemplate.hasOutput('Url', { Value: Match.anyValue() });
  });
});
