import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { AppSource, HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../../src';
import { testApp, testStack } from '../helpers';

// The boot script is assembled from fragments (assets/boot, assets/sample-app, assets/container) by
// WebAppTier: shellcheck reads each rendered whole, as the instance's bash runs it. Machine prerequisite:
// the Debian package shellcheck.
const ASSETS = path.join(__dirname, '..', '..', 'assets');

/** The user data of the stack's one launch template, with every CloudFormation token replaced by a placeholder. */
function renderedUserData(props: (stack: Stack) => HighlyAvailableWebAppProps): string {
  const stack = testStack(testApp());
  new HighlyAvailableWebApp(stack, 'WebApp', props(stack));
  const launchTemplates = Object.values(Template.fromStack(stack).findResources('AWS::EC2::LaunchTemplate'));
  expect(launchTemplates).toHaveLength(1);
  const userData = launchTemplates[0].Properties.LaunchTemplateData.UserData['Fn::Base64'];
  const parts: unknown[] = typeof userData === 'string' ? [userData] : userData['Fn::Join'][1];
  return parts.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
}

/**
 * Runs shellcheck at its strictest severity (style). One style note is left out: SC2129, which suggests one
 * grouped redirect instead of one `printf ... >> file` per setting; WebAppTier and AppSource append each
 * setting of webapp.env and container.env on a line of its own, which has the same effect.
 */
function shellcheck(script: string): { status: number | null; output: string } {
  const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '--exclude=SC2129', '--format=gcc', '-'], { input: script, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`shellcheck is not installed (apt-get install -y shellcheck): ${result.error.message}`);
  }
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('boot script', () => {
  test.each<[string, (stack: Stack) => HighlyAvailableWebAppProps]>([
    ['sample app (default)', () => ({})],
    ['your commands, with a warm pool', () => ({
      appTier: { appSource: AppSource.commands(['echo "starting $APP_PORT"']), warmPool: { minSize: 1 } },
    })],
    ['container image', (stack) => ({
      appTier: { appSource: AppSource.containerImage({ repository: new ecr.Repository(stack, 'Repo'), environment: { MODE: 'prod', GREETING: "it's fine" } }) },
    })],
  ])('the rendered user data of %s is shellcheck-clean bash', (_name, props) => {
    const script = renderedUserData(props);
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    const { status, output } = shellcheck(script);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  test.each(['boot/prepare.sh', 'boot/observe.sh', 'boot/ready.sh', 'boot/signal.sh', 'sample-app/install.sh', 'container/install.sh'])(
    'the fragment %s is shellcheck-clean on its own',
    (name) => {
      // Fragments that lack a shebang are checked as bash, which runs them.
      const script = `#!/bin/bash\n${fs.readFileSync(path.join(ASSETS, name), 'utf8')}`;
      const { status, output } = shellcheck(script);
      expect(output).toBe('');
      expect(status).toBe(0);
    },
  );

  test('bash parses the rendered user data', () => {
    expect(() => execFileSync('bash', ['-n'], { input: renderedUserData(() => ({})) })).not.toThrow();
  });
});
