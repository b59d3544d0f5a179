import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AppSource, AppSourceKind, ContainerImageOptions } from '../../src/compute/app-source';
import { WebAppTier } from '../../src/compute/web-app-tier';
import { formatFindings, nagFindings } from '../gates/quality-gates';
import { testApp, testStack } from '../helpers';

const ASSETS = path.join(__dirname, '..', '..', 'assets');

function synth(appSource: (stack: Stack) => AppSource, configure: (tier: WebAppTier, stack: Stack) => void = () => undefined) {
  const app = testApp();
  const stack = testStack(app);
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const tier = new WebAppTier(stack, 'Tier', { vpc, appSource: appSource(stack) });
  configure(tier, stack);
  return { app, stack, tier, template: Template.fromStack(stack) };
}

/** The user data of the launch template as one string, with CloudFormation intrinsics rendered as JSON. */
function userDataOf(template: Template): string {
  const launchTemplate = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
  const userData = launchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64'];
  const parts: unknown[] = typeof userData === 'string' ? [userData] : userData['Fn::Join'][1];
  return parts.map((part) => typeof part === 'string' ? part : JSON.stringify(part)).join('');
}

function base64Of(content: string): string {
  return Buffer.from(content).toString('base64');
}

function hopLimit(template: Template): number {
  const launchTemplate = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
  return launchTemplate.Properties.LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit;
}

describe('AppSource', () => {
  describe('every source', () => {
    test.each<[string, (stack: Stack) => AppSource]>([
      ['sample app', () => AppSource.sampleApp()],
      ['commands', () => AppSource.commands(['dnf install -y nginx', 'systemctl enable --now nginx'])],
      ['container image', (stack) => AppSource.containerImage({ repository: new ecr.Repository(stack, 'Repo') })],
    ])('%s: prepares, then reports health to CloudFormation, in that order', (_name, source) => {
      const userData = userDataOf(synth(source).template);
      const prepare = userData.indexOf(fs.readFileSync(path.join(ASSETS, 'boot', 'prepare.sh'), 'utf8'));
      const signal = userData.indexOf(fs.readFileSync(path.join(ASSETS, 'boot', 'signal.sh'), 'utf8'));
      expect(prepare).toBeGreaterThan(-1);
      expect(signal).toBeGreaterThan(prepare);
      expect(userData).toContain('/opt/aws/bin/cfn-signal');
    });
  });

  test('the sample app is the default and comes as an asset that the role may read, and only it', () => {
    const { template } = synth(() => AppSource.sampleApp());
    const userData = userDataOf(template);
    expect(userData).toContain(fs.readFileSync(path.join(ASSETS, 'sample-app', 'install.sh'), 'utf8'));
    expect(userData).not.toContain(base64Of(fs.readFileSync(path.join(ASSETS, 'sample-app', 'server.py'), 'utf8')));
    const assetKey = /aws s3 cp 's3:\/\/[^/]+\/([0-9a-f]{64}\.zip)'/.exec(userData)![1];
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 's3:GetObject',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::cdk-hnb659fds-assets-123456789012-us-east-1/${assetKey}`]] },
        }]),
      },
    });
    expect(hopLimit(template)).toEqual(1);
    expect(AppSource.sampleApp().kind).toEqual(AppSourceKind.SAMPLE_APP);
  });

  describe('commands', () => {
    test('run as a script of their own whose failure fails the launch at once', () => {
      const { template } = synth(() => AppSource.commands(['dnf install -y nginx', "echo 'it''s up'"]));
      const userData = userDataOf(template);
      const exportSettings = 'while IFS= read -r setting; do case "$setting" in [A-Za-z_]*=*) export "${setting%%=*}=${setting#*=}" ;; esac; done < /etc/webapp/webapp.env';
      const script = `#!/bin/bash\nset -euo pipefail\n${exportSettings}\ndnf install -y nginx\necho 'it''s up'\n`;
      expect(userData).toContain(`echo '${base64Of(script)}' | base64 -d | install -D -m 0700 /dev/stdin /opt/webapp/start.sh`);
      expect(userData).toContain('/opt/webapp/start.sh || APP_FAILED=1');
      expect(userData).not.toContain(base64Of(fs.readFileSync(path.join(ASSETS, 'sample-app', 'server.py'), 'utf8')));
      expect(hopLimit(template)).toEqual(1);
    });

    test.each([[[]], [['', '  ']]])('rejects %j', (commands) => {
      expect(() => synth(() => AppSource.commands(commands))).toThrow(/TestStack\/Tier: invalid appSource.commands .*give the commands/);
    });

    test.each<[string, unknown, RegExp]>([
      ['one string instead of a list', 'dnf install -y nginx', /invalid appSource.commands \('dnf install -y nginx'\): give a list, for example \[.*\], not a string/],
      ['a number among the commands', ['echo start', 42], /invalid appSource.commands\[1\] \(42\): give each command as a string, not a number/],
      ['an object among the commands', [{ run: 'echo start' }], /invalid appSource.commands\[0\] \(\{"run":"echo start"\}\): give each command as a string, not an object/],
    ])('rejects %s', (_name, commands, error) => {
      expect(() => synth(() => AppSource.commands(commands as string[]))).toThrow(error);
    });
  });

  describe("EC2's 16 KB of user data", () => {
    /** Commands of about `bytes` bytes, before the base64 encoding that makes them a third larger in the user data. */
    const commandsOf = (bytes: number) => Array.from({ length: Math.ceil(bytes / 64) }, (_, index) => `echo ${String(index).padStart(57, '0')}`);

    test('about 5 KB of commands fit', () => {
      const { template } = synth(() => AppSource.commands(commandsOf(5000)));
      const userData = userDataOf(template);
      expect(Buffer.byteLength(userData)).toBeLessThan(16384);
    });

    test('commands that make the user data larger are refused at synth time, with the size and the fix', () => {
      expect(() => synth(() => AppSource.commands(commandsOf(7000))))
        .toThrow(/TestStack\/Tier: invalid appSource \('1[6-9][0-9]{3} bytes of user data and 3 values filled in at deployment'\): EC2 takes at most 16384 bytes of user data, and the app source's part is 9[0-9]{3} bytes of it .*upload it as an asset \(aws-s3-assets.Asset/);
    });

    test('settings added with addEnvironment count, as they are rendered into the same user data', () => {
      expect(() => synth(() => AppSource.commands(commandsOf(4000)), (tier) => {
        for (let index = 0; index < 20; index++) {
          tier.addEnvironment(`SETTING_${index}`, 'x'.repeat(200));
        }
      })).toThrow(/invalid appSource \('1[6-9][0-9]{3} bytes of user data/);
    });

    test('the length of the stack name, which CloudFormation fills in, counts', () => {
      const longName = (stackName: string) => () => {
        const app = testApp();
        const stack = new Stack(app, 'Named', { stackName, env: { account: '123456789012', region: 'us-east-1' } });
        new WebAppTier(stack, 'Tier', { vpc: new ec2.Vpc(stack, 'Vpc'), appSource: AppSource.commands(commandsOf(5850)) });
        return Template.fromStack(stack);
      };
      expect(longName('s')).not.toThrow();
      expect(longName('s'.repeat(128))).toThrow(/invalid appSource/);
    });

    test('values known only at deployment (a bucket name) count as nothing: the check refuses only what is over for sure', () => {
      expect(() => synth(() => AppSource.commands(commandsOf(5000)), (tier, stack) => {
        tier.addEnvironment('BUCKET', new s3.Bucket(stack, 'Uploads').bucketName);
      })).not.toThrow();
    });
  });

  describe('container image', () => {
    let stack: Stack;
    let template: Template;
    beforeAll(() => {
      ({ stack, template } = synth((s) => AppSource.containerImage({
        repository: new ecr.Repository(s, 'Repo'),
        tag: 'v1.2.3',
        containerPort: 3000,
        environment: { NODE_ENV: 'production', GREETING: "it's fine" },
      })));
    });

    test('runs the image with Docker under systemd, app port to container port', () => {
      const userData = userDataOf(template);
      expect(userData).toContain(base64Of(fs.readFileSync(path.join(ASSETS, 'container', 'webapp-container.service'), 'utf8')));
      expect(userData).toContain(fs.readFileSync(path.join(ASSETS, 'container', 'install.sh'), 'utf8'));
      expect(userData).toContain("CONTAINER_PORT='3000'");
      expect(userData).toMatch(/IMAGE='.*Repo.*:v1\.2\.3'/);
    });

    test('writes the environment with shell quoting, not into the template as base64', () => {
      const userData = userDataOf(template);
      expect(userData).toContain("printf '%s\\n' 'NODE_ENV=production' >> /etc/webapp/container.env");
      expect(userData).toContain("printf '%s\\n' 'GREETING=it'\\''s fine' >> /etc/webapp/container.env");
    });

    test('raises the metadata hop limit to 2 for containers', () => {
      expect(hopLimit(template)).toEqual(2);
    });

    test('the instance role may pull from this repository only, and get an ECR token', () => {
      const repoId = stack.getLogicalId(stack.node.findChild('Repo').node.defaultChild as ecr.CfnRepository);
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
              Resource: { 'Fn::GetAtt': [repoId, 'Arn'] },
            }),
            Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
          ]),
        },
      });
    });

    test('a digest is pinned with @', () => {
      const digest = `sha256:${'a'.repeat(64)}`;
      const userData = userDataOf(synth((s) => AppSource.containerImage({ repository: new ecr.Repository(s, 'Repo'), tag: digest })).template);
      expect(userData).toMatch(new RegExp(`IMAGE='.*@${digest}'`));
    });

    test('a tag that is a token, e.g. from a pipeline parameter, is accepted', () => {
      expect(() => synth((s) => AppSource.containerImage({
        repository: ecr.Repository.fromRepositoryName(s, 'Repo', 'app'),
        tag: new s3.Bucket(s, 'B').bucketName,
      }))).not.toThrow();
    });

    test.each<[string, Partial<ContainerImageOptions>, RegExp]>([
      ['a tag with a colon', { tag: 'v1:2' }, /invalid appSource.tag \('v1:2'\)/],
      ['a short digest', { tag: 'sha256:abc' }, /invalid appSource.tag \('sha256:abc'\)/],
      ['a container port of 0', { containerPort: 0 }, /invalid appSource.containerPort \(0\)/],
      ['a variable name with a dash', { environment: { 'MY-VAR': 'x' } }, /invalid appSource.environment \('MY-VAR'\)/],
      ['a value on two lines', { environment: { A: 'x\ny' } }, /invalid appSource.environment \('A'\): a value must fit on one line/],
      ['a tag that is a number', { tag: 3 as any }, /invalid appSource.tag \(3\): give a string, not a number/],
      ['an environment that is a string', { environment: 'A=1' as any }, /invalid appSource.environment \('A=1'\): give an object of names and values/],
    ])('rejects %s', (_name, options, error) => {
      expect(() => synth((s) => AppSource.containerImage({ repository: new ecr.Repository(s, 'Repo'), ...options }))).toThrow(error);
    });

    test.each<[string, unknown, RegExp]>([
      ['no options', undefined, /invalid appSource \(undefined\): give AppSource.containerImage ContainerImageOptions with a repository/],
      ['a repository name instead of a repository', { repository: 'app' }, /invalid appSource.repository \('app'\): give an ecr.IRepository, not a string/],
    ])('rejects %s', (_name, options, error) => {
      expect(() => synth(() => AppSource.containerImage(options as ContainerImageOptions))).toThrow(error);
    });

    test('the four cdk-nag packs report nothing under the tier', () => {
      const { app } = synth((s) => AppSource.containerImage({ repository: ecr.Repository.fromRepositoryName(s, 'Repo', 'app') }));
      const findings = nagFindings(app).filter((finding) => finding.path.includes('/Tier/'));
      expect(formatFindings(findings)).toEqual('');
    });
  });

  describe('addEnvironment', () => {
    test('appends settings to the env file, read by every source', () => {
      const { template } = synth(() => AppSource.sampleApp(), (tier, stack) => {
        tier.addEnvironment('DB_SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db');
        tier.addEnvironment('BUCKET', new s3.Bucket(stack, 'Uploads').bucketName);
      });
      const userData = userDataOf(template);
      expect(userData).toContain("printf '%s\\n' 'DB_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:db' >> /etc/webapp/webapp.env");
      expect(userData).toMatch(/printf '%s\\n' 'BUCKET=\{"Ref":"Uploads[0-9A-F]+"\}' >> \/etc\/webapp\/webapp.env/);
    });

    test.each<[string, string, RegExp]>([
      ['1ABC', 'x', /invalid addEnvironment name \('1ABC'\)/],
      ['APP_PORT', '80', /invalid addEnvironment name \('APP_PORT'\): this name is set by the library/],
      ['OK', 'a\nb', /invalid addEnvironment value \('OK'\)/],
    ])('rejects %s=%j', (name, value, error) => {
      expect(() => synth(() => AppSource.sampleApp(), (tier) => tier.addEnvironment(name, value))).toThrow(error);
    });
  });
});
