import { awscdk, javascript } from 'projen';

// integ-runner 2.197.10 (the newest) reads cloud-assembly schema 53 at most; aws-cdk-lib 2.258+ writes 54.
// Raise this only together with integ-runner, and re-run the integ snapshot gate.
const CDK_VERSION = '2.257.0';
const INTEG_RUNNER_VERSION = '2.197.10';
const INTEG_TESTS_ALPHA_VERSION = '2.245.0-alpha.0';
const CDK_CLI_VERSION = '2.1148.0';
const CDK_NAG_VERSION = '3.0.2';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-ha-web-app',
  description:
    'A production-grade, highly available web application on AWS in one construct: CloudFront, WAF, ALB, Auto Scaling, RDS Multi-AZ, ElastiCache, S3, KMS and operations, secure by default.',
  author: 'cdk-ha-web-app contributors',
  authorAddress: 'maintainers@cdk-ha-web-app.dev',
  repositoryUrl: 'https://github.com/cdk-ha-web-app/cdk-ha-web-app.git',
  homepage: 'https://github.com/cdk-ha-web-app/cdk-ha-web-app#readme',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  stability: 'experimental',
  keywords: [
    'awscdk',
    'aws-cdk',
    'cdk',
    'construct',
    'high-availability',
    'web-application',
    'cloudfront',
    'waf',
    'alb',
    'autoscaling',
    'rds',
    'elasticache',
    'well-architected',
  ],

  cdkVersion: CDK_VERSION,
  jsiiVersion: '~6.0.0',
  constructsVersion: '10.5.1',

  // Names in every language are fixed here once: changing them later breaks every user.
  publishToPypi: {
    distName: 'cdk-ha-web-app',
    module: 'cdk_ha_web_app',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkhawebapp',
    mavenGroupId: 'io.github.cdk-ha-web-app',
    mavenArtifactId: 'cdk-ha-web-app',
    mavenServerId: 'central-ossrh',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-ha-web-app/cdk-ha-web-app-go',
    packageName: 'cdkhawebapp',
  },

  devDeps: [
    `cdk-nag@${CDK_NAG_VERSION}`,
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    `aws-cdk@${CDK_CLI_VERSION}`,
    // Property-based tests of HighlyAvailableWebApp's configurations (test/hardening).
    'fast-check@4.11.0',
  ],

  sampleCode: false,
  integrationTestAutoDiscover: false,
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    // projen's '**/*.ts' already covers src, test, integ and example; TypeScript's wildcards skip dot-files.
    include: ['.projenrc.ts'],
    compilerOptions: {},
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'integ', 'example', 'projenrc'],
    // tsconfig.dev.json covers src, test, integ and example; the project service would look only for tsconfig.json files.
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },
  jestOptions: {
    // A snapshot that differs is a failure, never silently rewritten: `npx projen test:update` rewrites.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 180_000,
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/example/', '/integ/'],
    },
  },
  gitignore: ['cdk.out/', '.venv/', 'cdk-integ.out.*/', '__pycache__/'],
  pullRequestTemplate: false,
});

for (const pattern of ['/integ/', '/example/', '/.venv/', '/requirements-dev.txt', 'cdk.out/', '/.ci/', '/bench/']) {
  project.addPackageIgnore(pattern);
}

// ---- tools from PyPI (cfn-lint), pinned in requirements-dev.txt, installed into a project-local venv ----
const installTools = project.addTask('install:tools', {
  description: 'Install the Python tools the quality gates use (cfn-lint) into .venv',
  steps: [
    { exec: 'python3 -m venv .venv' },
    { exec: '.venv/bin/pip install --disable-pip-version-check --quiet -r requirements-dev.txt' },
  ],
});

// ---- servers for the sample app's tests (test/sample-app): PostgreSQL and Redis with TLS, started by the
// tests themselves on loopback; shellcheck for the rendered boot script. Debian packages, installed as root.
const installServers = project.addTask('install:servers', {
  description: 'Install PostgreSQL, Redis, OpenSSL and shellcheck (Debian packages) for the sample app and boot script tests',
  exec: 'bash test/sample-app/install-servers.sh',
});

// ---- integ tests (integ-runner): snapshots are verified offline; deploying needs an AWS account ----
const integArgs = '--directory integ --language typescript --parallel-regions us-east-1';
const integVerify = project.addTask('integ:verify', {
  description: 'Verify the committed integ test snapshots (no AWS credentials needed)',
  exec: `integ-runner ${integArgs}`,
});
project.addTask('integ:snapshot', {
  description: 'Rewrite the integ test snapshots without deploying (review the diff before committing)',
  exec: `integ-runner ${integArgs} --update-on-failed --dry-run`,
});
project.addTask('integ:deploy', {
  description: 'Deploy every integ test to the AWS account of your credentials, run its assertions, destroy it',
  exec: `integ-runner ${integArgs} --update-on-failed`,
  receiveArgs: true,
});

// ---- API.md must be current: CI fails when the build changed it ----
const docgenCheck = project.addTask('docgen:check', {
  description: 'Fail when API.md was stale (the docgen step changed it)',
  condition: 'node -e "if (!process.env.CI) process.exit(1)"',
  exec: 'git diff --exit-code -- API.md || (echo "API.md is stale: run npx projen build and commit API.md" && exit 1)',
});
project.postCompileTask.spawn(docgenCheck);

// ---- benchmark (bench/): synth time, memory and template size against a hand-written baseline ----
project.addTask('bench', {
  description: 'Synth benchmark: default and fully featured HighlyAvailableWebApp against a hand-written L2 baseline; writes bench/RESULTS.md',
  exec: 'ts-node -P tsconfig.dev.json bench/run.ts',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
});

// ---- the test command: every quality gate ----
project.testTask.reset();
project.testTask.spawn(installTools);
project.testTask.spawn(installServers);
project.testTask.exec('jest --passWithNoTests --ci', { receiveArgs: true });
project.testTask.spawn(integVerify);
project.testTask.spawn(project.eslint!.eslintTask);

// ---- the example app, consumed by package name as a user would ----
const example = project.addTask('example', {
  description: 'Build the library, synthesize the example app and print what it created',
});
example.spawn(project.compileTask);
example.exec('ln -sfn .. node_modules/cdk-ha-web-app');
example.exec('cdk synth --quiet', { cwd: 'example' });
example.exec('ts-node --prefer-ts-exts print-summary.ts cdk.out', { cwd: 'example' });

project.synth();
