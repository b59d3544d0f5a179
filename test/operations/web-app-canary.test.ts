import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { WebAppCanary, WebAppCanaryProps } from '../../src/operations/web-app-canary';
import { recordException } from '../../src/private/compliance';
import { notRotated } from '../../src/private/exceptions';
import { DEEP_HEALTH_PATH, HEALTH_PROBE_HEADER } from '../../src/private/health-probe';
import { cfnLint, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { OTHER_REGION, TEST_ACCOUNT, testApp, testStack } from '../helpers';

const URL = 'https://d111111abcdef8.cloudfront.net';
const SCRIPT = path.join(__dirname, '..', '..', 'assets', 'canary', 'web-app-canary.js');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require(SCRIPT) as {
  run: (env: Record<string, string | undefined>, deps?: Record<string, unknown>) => Promise<Record<string, number>>;
  get: (url: string, headers: Record<string, string>, timeoutMs?: number) => Promise<number>;
  handler: () => Promise<Record<string, number>>;
};

/** The app's key and probe secret, as WebAppEncryption and WebAppTier make them. */
function appParts(stack: Stack) {
  const encryptionKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const healthProbeSecret = new secretsmanager.Secret(stack, 'ProbeSecret', {
    encryptionKey,
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  recordException(healthProbeSecret, notRotated('the probe token of the test stands for the app tier\'s, which is rotated by putting a new value'));
  return { encryptionKey, healthProbeSecret };
}

function synth(props: Partial<WebAppCanaryProps> = {}) {
  const app = testApp();
  const stack = testStack(app);
  const parts = appParts(stack);
  const canary = new WebAppCanary(stack, 'Canary', { url: URL, ...parts, ...props });
  return { app, stack, canary, parts, template: Template.fromStack(stack) };
}

function canaryProps(template: Template): Record<string, any> {
  const canaries = Object.values(template.findResources('AWS::Synthetics::Canary'));
  expect(canaries).toHaveLength(1);
  return canaries[0].Properties;
}

function roleStatements(template: Template): Array<Record<string, any>> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('the canary', () => {
  test('runs the script on the newest Node.js runtime without a browser, every 5 minutes, from creation', () => {
    const { template, stack, canary } = synth();
    const props = canaryProps(template);
    expect(props.RuntimeVersion).toEqual('syn-nodejs-5.4');
    expect(props.Schedule).toEqual({ DurationInSeconds: '0', Expression: 'rate(5 minutes)' });
    expect(props.StartCanaryAfterCreation).toBe(true);
    expect(props.ProvisionedResourceCleanup).toEqual('AUTOMATIC');
    expect(props.Code).toEqual({ Handler: 'index.handler', Script: fs.readFileSync(SCRIPT, 'utf8') });
    expect(props.RunConfig).toMatchObject({ MemoryInMB: 960, TimeoutInSeconds: 60 });
    expect(props.SuccessRetentionPeriod).toEqual(30);
    expect(props.FailureRetentionPeriod).toEqual(30);
    expect(props.Name).toEqual(canary.canaryName);
    expect(stack.resolve(canary.schedule.toMinutes())).toEqual(5);
  });

  test('has a name that Synthetics accepts and that keeps its function name within Lambda\'s 64 characters', () => {
    const { canary } = synth();
    expect(canary.canaryName).toMatch(/^[0-9a-z_-]{1,21}$/);
  });

  test('encrypts its artifacts with the customer managed key, in its own bucket', () => {
    const { template, stack, parts, canary } = synth();
    const props = canaryProps(template);
    expect(props.ArtifactConfig).toEqual({ S3Encryption: { EncryptionMode: 'SSE_KMS', KmsKeyArn: stack.resolve(parts.encryptionKey.keyArn) } });
    expect(props.ArtifactS3Location).toEqual({ 'Fn::Join': ['', ['s3://', stack.resolve((canary.artifactsBucket as s3.Bucket).bucketName)]] });
  });

  test('gets the app\'s URL, the probe header and path and the secret\'s ARN in its environment, never the token', () => {
    const { template, stack, parts } = synth();
    expect(canaryProps(template).RunConfig.EnvironmentVariables).toEqual({
      APP_URL: URL,
      PROBE_SECRET_ARN: stack.resolve(parts.healthProbeSecret.secretArn),
      PROBE_HEADER: HEALTH_PROBE_HEADER,
      DEEP_HEALTH_PATH,
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('resolve:secretsmanager');
  });

  test('without the deep health check requests the home page only and may not read the secret', () => {
    const { template } = synth({ deepHealthCheck: false });
    expect(canaryProps(template).RunConfig.EnvironmentVariables).toEqual({ APP_URL: URL });
    expect(roleStatements(template).flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith('secretsmanager:'))).toEqual([]);
  });

  test('takes a URL with a token after https://, a schedule, retentions, a runtime and startAfterCreation', () => {
    const app = testApp();
    const stack = testStack(app);
    const domain = new CfnParameter(stack, 'Domain').valueAsString;
    new WebAppCanary(stack, 'Canary', {
      ...appParts(stack),
      url: `https://${domain}`,
      schedule: Duration.minutes(1),
      successRetention: Duration.days(7),
      failureRetention: Duration.days(455),
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_3_1,
      startAfterCreation: false,
    });
    const props = canaryProps(Template.fromStack(stack));
    expect(props.RunConfig.EnvironmentVariables.APP_URL).toEqual({ 'Fn::Join': ['', ['https://', { Ref: 'Domain' }]] });
    expect(props.Schedule.Expression).toEqual('rate(1 minute)');
    expect(props.SuccessRetentionPeriod).toEqual(7);
    expect(props.FailureRetentionPeriod).toEqual(455);
    expect(props.RuntimeVersion).toEqual('syn-nodejs-3.1');
    expect(props.StartCanaryAfterCreation).toBe(false);
  });
});

describe('the artifacts bucket', () => {
  test('is versioned, encrypted with the key, private, TLS only, logged, expires artifacts and is retained', () => {
    const { template, stack, parts } = synth({ artifactsRetention: Duration.days(14) });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: stack.resolve(parts.encryptionKey.keyArn) },
          }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'canary-artifacts/' }),
        LifecycleConfiguration: {
          Rules: [
            { Id: 'ExpireArtifacts', Status: 'Enabled', ExpirationInDays: 14 },
            Match.objectLike({ Id: 'ExpireReplacedVersions', NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
          ],
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('expires artifacts after 30 days by default', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([{ Id: 'ExpireArtifacts', Status: 'Enabled', ExpirationInDays: 30 }]) },
    });
  });

  test('sends its server access logs to the given bucket, and creates none', () => {
    const app = testApp();
    const stack = testStack(app);
    const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs-bucket');
    new WebAppCanary(stack, 'Canary', { url: URL, ...appParts(stack), serverAccessLogsBucket: logs });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: 'access-logs-bucket', LogFilePrefix: 'canary-artifacts/' } });
  });

  test('follows removalPolicy', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    const buckets = template.findResources('AWS::S3::Bucket', { Properties: { LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireArtifacts' })]) } } });
    expect(Object.values(buckets).map((bucket) => bucket.DeletionPolicy)).toEqual(['Delete']);
  });
});

describe('the role', () => {
  test('holds what Synthetics requires, the secret and the key, and nothing else', () => {
    const { template, stack, parts, canary } = synth();
    const bucketArn = stack.resolve((canary.artifactsBucket as s3.Bucket).bucketArn);
    expect(roleStatements(template)).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [bucketArn, '/*']] } },
      { Action: 's3:GetBucketLocation', Effect: 'Allow', Resource: bucketArn },
      { Action: 's3:ListAllMyBuckets', Effect: 'Allow', Resource: '*' },
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } }, Effect: 'Allow', Resource: '*' },
      {
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/lambda/cwsyn-${canary.canaryName}-*`]] },
      },
      { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: stack.resolve(parts.healthProbeSecret.secretArn) },
      { Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: stack.resolve(parts.encryptionKey.keyArn) },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] },
    });
    expect(canaryProps(template).ExecutionRoleArn).toEqual(stack.resolve(canary.role.roleArn));
  });

  test('lets the secret\'s key decrypt the token only through Secrets Manager', () => {
    const { template, stack, canary } = synth();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: stack.resolve(canary.role.roleArn) },
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        })]),
      },
    });
  });
});

describe('the alarm', () => {
  test('fires when 2 of 3 runs fail or the canary stops running, and notifies the topic both ways', () => {
    const app = testApp();
    const stack = testStack(app);
    const topic = new sns.Topic(stack, 'Topic', { masterKey: new kms.Key(stack, 'TopicKey', { enableKeyRotation: true }) });
    const canary = new WebAppCanary(stack, 'Canary', { url: URL, ...appParts(stack), alarmTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Dimensions: [{ Name: 'CanaryName', Value: stack.resolve(canary.canary.canaryName) }],
      Statistic: 'Average',
      Period: 300,
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
      OKActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
    });
    expect(canary.alarms).toHaveLength(1);
  });

  test('evaluates one period per run', () => {
    const { template, canary, stack } = synth({ schedule: Duration.minutes(15) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Period: 900 });
    expect(canary.metricSuccessPercent().period.toSeconds()).toEqual(900);
    expect(canary.metricDuration().period.toSeconds()).toEqual(900);
    expect(canary.metricDuration().metricName).toEqual('Duration');
    expect(stack.resolve(canary.metricSuccessPercent({ period: Duration.hours(1) }).period.toSeconds())).toEqual(3600);
  });

  test('has no action without a topic', () => {
    const { template } = synth();
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm'))[0];
    expect(alarm.Properties.AlarmActions).toBeUndefined();
  });
});

describe('refuses what Synthetics or the app would refuse', () => {
  test.each<[string, Partial<WebAppCanaryProps>, RegExp]>([
    ['url without https', { url: 'http://d111111abcdef8.cloudfront.net' }, /invalid url.*give https:\/\//],
    ['url without a scheme', { url: 'd111111abcdef8.cloudfront.net' }, /invalid url.*give https:\/\//],
    ['url with a query', { url: 'https://www.example.com/?a=1' }, /invalid url.*without a query/],
    ['url with no host', { url: 'https://' }, /invalid url.*give https:\/\//],
    ['url of the wrong type', { url: 42 as never }, /invalid url.*give a string/],
    ['schedule of 0', { schedule: Duration.minutes(0) }, /invalid schedule.*Duration.minutes\(1\) to Duration.hours\(1\)/],
    ['schedule over an hour', { schedule: Duration.minutes(61) }, /invalid schedule.*Duration.minutes\(1\) to Duration.hours\(1\)/],
    ['schedule in seconds', { schedule: Duration.seconds(90) }, /invalid schedule.*whole minutes/],
    ['schedule as a number', { schedule: 5 as never }, /invalid schedule.*give a Duration/],
    ['artifactsRetention in hours', { artifactsRetention: Duration.hours(36) }, /invalid artifactsRetention.*whole number of days/],
    ['successRetention of 0', { successRetention: Duration.days(0) }, /invalid successRetention.*at least Duration.days\(1\)/],
    ['failureRetention over 455 days', { failureRetention: Duration.days(456) }, /invalid failureRetention.*at most Duration.days\(455\)/],
    ['a browser runtime', { runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PLAYWRIGHT_6_0 }, /invalid runtime.*Node.js runtime without a browser/],
    ['a Python runtime', { runtime: synthetics.Runtime.SYNTHETICS_PYTHON_SELENIUM_7_0 }, /invalid runtime.*Node.js runtime without a browser/],
    ['deepHealthCheck as a string', { deepHealthCheck: 'yes' as never }, /invalid deepHealthCheck.*true or false/],
    ['alarmTopic of the wrong type', { alarmTopic: 'arn:aws:sns:us-east-1:123456789012:t' as never }, /invalid alarmTopic.*sns.ITopic/],
    ['no healthProbeSecret', { healthProbeSecret: undefined }, /invalid healthProbeSecret.*healthProbeSecret of the app's WebAppTier/],
    ['no encryptionKey', { encryptionKey: undefined }, /invalid encryptionKey.*customer managed key/],
  ])('%s', (_name, props, error) => {
    expect(() => synth(props)).toThrow(error);
  });

  test('a key of another Region', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'OtherKey', `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
    expect(() => new WebAppCanary(stack, 'Canary', { url: URL, healthProbeSecret: appParts(stack).healthProbeSecret, encryptionKey: key }))
      .toThrow(/invalid encryptionKey.*give a key of us-east-1, the canary's Region/);
  });
});

describe('alone, the canary passes the gates', () => {
  const configurations: Record<string, (stack: Stack) => void> = {
    'default': (stack) => new WebAppCanary(stack, 'Canary', { url: URL, ...appParts(stack) }),
    'with a topic, a log bucket and no deep check': (stack) => new WebAppCanary(stack, 'Canary', {
      url: URL,
      ...appParts(stack),
      alarmTopic: new sns.Topic(stack, 'Topic', { masterKey: new kms.Key(stack, 'TopicKey', { enableKeyRotation: true }), enforceSSL: true }),
      serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs-bucket'),
      deepHealthCheck: false,
    }),
    'with an imported secret and key': (stack) => new WebAppCanary(stack, 'Canary', {
      url: URL,
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`),
      healthProbeSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', `arn:aws:secretsmanager:us-east-1:${TEST_ACCOUNT}:secret:probe-AbCdEf`),
    }),
    'with a secret imported by name': (stack) => new WebAppCanary(stack, 'Canary', {
      url: URL,
      ...appParts(stack),
      healthProbeSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'web-app-probe'),
    }),
  };
  describe.each(Object.entries(configurations))('%s', (_name, configure) => {
    const build = () => {
      const app = testApp();
      configure(testStack(app));
      return app;
    };
    test('the four cdk-nag packs report nothing unacknowledged', () => {
      expect(formatFindings(nagFindings(build()))).toEqual('');
    });
    test('cfn-lint reports no error or warning', () => {
      expect(cfnLint(templatesOf(build()))).toEqual([]);
    });
  });
});

describe('the canary script', () => {
  const ENV = {
    APP_URL: 'https://app.example.com/',
    PROBE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:probe-AbCdEf',
    PROBE_HEADER: HEALTH_PROBE_HEADER,
    DEEP_HEALTH_PATH,
  };
  const quiet = () => undefined;

  test('requests the home page, then the deep health check with the token in the probe header', async () => {
    const requests: Array<[string, Record<string, string>]> = [];
    const readToken = jest.fn(async () => 'the-token');
    const request = async (url: string, headers: Record<string, string>) => (requests.push([url, headers]), 200);
    const result = await script.run(ENV, { request, readToken, log: quiet });
    expect(requests).toEqual([
      ['https://app.example.com/', {}],
      [`https://app.example.com${DEEP_HEALTH_PATH}`, { [HEALTH_PROBE_HEADER]: 'the-token' }],
    ]);
    expect(readToken).toHaveBeenCalledWith(ENV.PROBE_SECRET_ARN);
    expect(result).toEqual({ home: 200, deepHealth: 200 });
  });

  test('without a secret requests the home page only', async () => {
    const request = jest.fn(async () => 204);
    const readToken = jest.fn();
    await expect(script.run({ APP_URL: 'https://app.example.com' }, { request, readToken, log: quiet })).resolves.toEqual({ home: 204 });
    expect(request).toHaveBeenCalledTimes(1);
    expect(readToken).not.toHaveBeenCalled();
  });

  test.each([[403], [500], [301]])('fails the run on a %s', async (status) => {
    const request = async (url: string) => (url.endsWith(DEEP_HEALTH_PATH) ? status : 200);
    await expect(script.run(ENV, { request, readToken: async () => 't', log: quiet }))
      .rejects.toThrow(new RegExp(`deep health check: GET https://app.example.com${DEEP_HEALTH_PATH} answered ${status}, expected 2xx`));
  });

  test('fails the run when the home page fails, before reading the token', async () => {
    const readToken = jest.fn();
    await expect(script.run(ENV, { request: async () => { throw new Error('ECONNREFUSED'); }, readToken, log: quiet }))
      .rejects.toThrow(/home page: GET https:\/\/app.example.com\/ failed: ECONNREFUSED/);
    expect(readToken).not.toHaveBeenCalled();
  });

  test('fails the run when the token cannot be read', async () => {
    await expect(script.run(ENV, { request: async () => 200, readToken: async () => { throw new Error('AccessDeniedException'); }, log: quiet }))
      .rejects.toThrow(/AccessDeniedException/);
  });

  test('fails the run on a missing setting', async () => {
    await expect(script.run({ PROBE_SECRET_ARN: ENV.PROBE_SECRET_ARN }, { log: quiet })).rejects.toThrow(/lacks APP_URL, PROBE_HEADER, DEEP_HEALTH_PATH/);
  });

  test('reads the token with the SDK in the secret\'s Region', async () => {
    const send = jest.fn(async () => ({ SecretString: 'the-token' }));
    const client = jest.fn(() => ({ send }));
    const command = jest.fn((input: unknown) => ({ input }));
    jest.doMock('@aws-sdk/client-secrets-manager', () => ({ SecretsManagerClient: client, GetSecretValueCommand: command }), { virtual: true });
    const headers: Array<Record<string, string>> = [];
    try {
      await script.run(ENV, { request: async (_url: string, h: Record<string, string>) => (headers.push(h), 200), log: quiet });
    } finally {
      jest.dontMock('@aws-sdk/client-secrets-manager');
    }
    expect(client).toHaveBeenCalledWith({ region: 'eu-west-1' });
    expect(command).toHaveBeenCalledWith({ SecretId: ENV.PROBE_SECRET_ARN });
    expect(headers[1]).toEqual({ [HEALTH_PROBE_HEADER]: 'the-token' });
  });

  describe('its requests', () => {
    let server: http.Server;
    let base: string;
    const seen: http.IncomingHttpHeaders[] = [];
    beforeAll(async () => {
      server = http.createServer((request, response) => {
        seen.push(request.headers);
        if (request.url === '/slow') {
          return;
        }
        response.writeHead(request.url === '/missing' ? 404 : 200).end('body');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    test('send a User-Agent and the given headers, and answer the status', async () => {
      await expect(script.get(`${base}/`, { [HEALTH_PROBE_HEADER]: 'the-token' })).resolves.toEqual(200);
      expect(seen[seen.length - 1]).toMatchObject({ 'user-agent': expect.stringMatching(/^CloudWatchSynthetics/), 'x-health-probe': 'the-token' });
      await expect(script.get(`${base}/missing`, {})).resolves.toEqual(404);
    });

    test('give up after the timeout', async () => {
      await expect(script.get(`${base}/slow`, {}, 100)).rejects.toThrow(/no answer within 100 ms/);
    });
  });
});
