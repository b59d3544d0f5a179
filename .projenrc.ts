import { awscdk, javascript, release, ReleasableCommits } from 'projen';

// integ-runner 2.197.10 (the newest) reads cloud-assembly schema 53 at most; aws-cdk-lib 2.258+ writes 54.
// Raise this only together with integ-runner, and re-run the integ snapshot gate.
const CDK_VERSION = '2.257.0';
const INTEG_RUNNER_VERSION = '2.197.10';
const INTEG_TESTS_ALPHA_VERSION = '2.245.0-alpha.0';
const CDK_CLI_VERSION = '2.1148.0';
const CDK_NAG_VERSION = '3.0.2';
// publib publishes to npm, PyPI, Maven Central and the Go repository in the release workflow.
const PUBLIB_VERSION = '0.2.1061';

// The release build runs the full test task, whose sample app tests need these Debian packages; the
// install:servers task installs them only as root, and GitHub's runners run as a user with sudo.
const INSTALL_SERVERS_STEP = {
  name: 'Install PostgreSQL, Redis, OpenSSL and shellcheck',
  run: 'sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server shellcheck openssl',
};

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

  // Releases: every push to main that holds a releasable commit publishes to all four registries, with a
  // version and a changelog computed from the conventional commits since the last tag (commit-and-tag-version).
  // The library is experimental, so it stays on 0.x: below 1.0.0 commit-and-tag-version releases a breaking
  // change (`feat!:` or a `BREAKING CHANGE:` footer) as a minor and a feature or a fix as a patch, and
  // majorVersion 0 makes the bump fail rather than publish 1.0.0 by accident: 1.0.0 is a decision taken here.
  // No prerelease suffix: 0.x already says "anything may change", and a suffix would be spelled differently
  // in each registry (0.1.0-beta.0 on npm and Go, 0.1.0b0 on PyPI) and hidden behind a dist-tag on npm.
  // Only feat, fix, perf and revert commits release: docs, test, ci and chore commits publish nothing.
  releaseTrigger: release.ReleaseTrigger.continuous(),
  majorVersion: 0,
  releasableCommits: ReleasableCommits.ofType(['feat', 'fix', 'perf', 'revert']),
  jsiiReleaseVersion: PUBLIB_VERSION,
  releaseFailureIssue: true,
  releaseWorkflowSetupSteps: [INSTALL_SERVERS_STEP],
  buildWorkflowOptions: { preBuildSteps: [INSTALL_SERVERS_STEP] },

  devDeps: [
    `cdk-nag@${CDK_NAG_VERSION}`,
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    `aws-cdk@${CDK_CLI_VERSION}`,
    // Property-based tests of HighlyAvailableWebApp's configurations (test/hardening).
    'fast-check@4.11.0',
    // Reads the generated release workflow in test/example/release.test.ts.
    'yaml@2.9.1',
    // The Control Tower rules of the CfnGuardValidator plugin: test/private/exceptions.test.ts checks that every rule
    // the library acknowledges exists there (the compatibility matrix runs the plugin itself).
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // jsii-pacmak writes the Go module's indirect requirements from the versions installed here. The Go module
    // proxy has github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53 at v53.25.0 (what
    // aws-cdk-go v2.257.0 requires) but not v53.28.0 (what npm would pick for aws-cdk-lib's ^53.25.0).
    '@aws-cdk/cloud-assembly-schema@53.25.0',
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
      // <rootDir>/example/ (the example apps), not test/example/ (their tests).
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '<rootDir>/example/', '/integ/'],
    },
  },
  // .jsii.tabl.json: the README's examples translated by rosetta:extract (a build output, shipped to npm).
  gitignore: ['cdk.out/', '.venv/', 'cdk-integ.out.*/', '__pycache__/', '.jsii.tabl.json', '/test/consumers/java/target/'],
  pullRequestTemplate: false,
});

for (const pattern of ['/integ/', '/example/', '/.venv/', '/requirements-dev.txt', 'cdk.out/', '/.ci/', '/bench/']) {
  project.addPackageIgnore(pattern);
}

// ---- the README's examples in every language: jsii-rosetta compiles each TypeScript example against the
// assembly (with rosetta/default.ts-fixture around the fragments) and translates it to Python, Java, C# and Go.
// Strict: an example that does not compile fails the build. The translations (.jsii.tabl.json) ship in the npm
// package, with the fixture, so jsii-pacmak's Python and Java READMEs and Construct Hub use them.
project.package.file.addOverride('jsii.metadata.jsii.rosetta.strict', true);
const rosettaExtract = project.addTask('rosetta:extract', {
  description: 'Compile and translate the TypeScript examples of the README and API docs (jsii-rosetta, strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosettaExtract);

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
project.addTask('bench:sample-app', {
  description: 'Load figures of the sample app: a flood of deep health checks against a hung cache, and /health beside it',
  exec: '.venv/bin/python bench/sample-app-load.py',
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

// ---- consumer tests (test/consumers): the Python, Java and Go packages that jsii-pacmak builds, used from each
// language as a user would; needs the compiled library (npx projen compile). A CI step of its own (.ci/run).
// jsii-pacmak's Maven build otherwise starts from an empty temporary local repository every time.
project.tasks.tryFind('package:java')!.reset('jsii-pacmak -v --target java --maven-local-repository $HOME/.m2/repository');
const testConsumers = project.addTask('test:consumers', {
  description: 'Build the Python, Java and Go packages (dist/) and test each from its language (test/consumers/run.sh)',
});
for (const language of ['python', 'java', 'go']) {
  testConsumers.spawn(project.tasks.tryFind(`package:${language}`)!);
}
testConsumers.exec('bash test/consumers/run.sh');

project.gitignore.exclude('/test/consumers/java/target/');

// ---- the compatibility matrix (test/compat): the packed library in fresh apps on the peer floor and the newest
// aws-cdk-lib, under cdk-nag v2 and v3, CfnGuardValidator (the Control Tower controls) and checkov, pinned in
// test/compat/versions.json; needs the compiled library (npx projen compile). A CI step of its own (.ci/run).
project.addTask('test:compat', {
  description: 'Compatibility matrix: the packed library in fresh apps under cdk-nag v2/v3, CfnGuardValidator and checkov (test/compat/run.ts)',
  exec: 'ts-node -P tsconfig.dev.json test/compat/run.ts',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  receiveArgs: true,
});
// The upgrade workflow moves the matrix's newest aws-cdk-lib along with the other dependencies.
project.tasks.tryFind('post-upgrade')!.exec('ts-node -P tsconfig.dev.json test/compat/bump.ts', { env: { TS_NODE_TRANSPILE_ONLY: '1' } });

project.synth();
