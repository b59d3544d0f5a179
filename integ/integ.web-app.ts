// Deploys the default HighlyAvailableWebApp (plus an upload of a static file, and deletable stores) and checks:
// - through the AWS API, that the Auto Scaling group has an instance in service in each of its
//   Availability Zones, that its instances answer the load balancer's health check on /health, that the load balancer is
//   internal (no public address: it cannot be reached except through CloudFront), that the database is
//   Multi-AZ and encrypted and its read replica available, that the cache fails over automatically and
//   requires TLS, and that the uploads bucket denies requests without TLS;
// - over HTTPS through the CloudFront distribution, that /health answers 200, that /health/deep answers 403
//   without the probe token and 200 with it (the app wrote and read the database, the cache and the uploads bucket), that a static file
//   comes from the S3 bucket, and that a SQL injection probe is blocked by WAF with 403;
// - that the CloudWatch agent ships system and app logs, the audit trail logs, and the backup plan has
//   its selection.
// Snapshot: `npx projen integ:snapshot`; real run: `npx projen integ:deploy`.
import * as path from 'path';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EdgeDistribution, HighlyAvailableWebApp } from '../src';

const app = new App();
const stack = new Stack(app, 'HaWebAppIntegDefault', {
  description: 'Integration test of cdk-ha-web-app: the default HighlyAvailableWebApp',
  // Load balancer access logs need a region. Leaving the account open keeps the snapshot the same for everyone.
  env: { region: 'us-east-1' },
});

const webApp = new HighlyAvailableWebApp(stack, 'WebApp', {
  // A test stack must be deletable; production keeps the defaults.
  appTier: { deletionProtection: false },
  // The stores of a test stack must be deletable; production keeps snapshots and retained buckets.
  database: { deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY },
  cache: { removalPolicy: RemovalPolicy.DESTROY },
  // The opt-in resilience parts, so that the deployment proves them too: the canary through CloudFront, and restore
  // tests of the backups (the fault injection templates are on by default).
  canary: {},
  backup: { restoreTesting: {} },
  uploads: { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true },
  staticAssets: {
    source: path.join(__dirname, 'static-site'),
    destinationKeyPrefix: 'static/',
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  },
});
RemovalPolicies.of(stack).destroy();
// The canary's runs write artifacts, and CloudFormation deletes only an empty bucket: its bucket outlives the test.
RemovalPolicies.of(webApp.canary!.artifactsBucket).retain();

const integ = new IntegTest(app, 'HaWebAppDefault', {
  testCases: [stack],
  assertionStack: new Stack(app, 'HaWebAppIntegDefaultAssertions', { env: { region: 'us-east-1' } }),
  diffAssets: false,
  stackUpdateWorkflow: false,
});

// Every registered target passes the /health check.
integ.assertions
  .awsApiCall('ElasticLoadBalancingV2', 'describeTargetHealth', {
    TargetGroupArn: webApp.appTier.targetGroup.targetGroupArn,
  })
  .expect(ExpectedResult.objectLike({
    TargetHealthDescriptions: Match.arrayWith([
      Match.objectLike({ TargetHealth: Match.objectLike({ State: 'healthy' }) }),
      Match.objectLike({ TargetHealth: Match.objectLike({ State: 'healthy' }) }),
    ]),
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });

// The group runs its minimum of two healthy instances, in service.
integ.assertions
  .awsApiCall('AutoScaling', 'describeAutoScalingGroups', {
    AutoScalingGroupNames: [webApp.appTier.autoScalingGroup.autoScalingGroupName],
  })
  .expect(ExpectedResult.objectLike({
    AutoScalingGroups: [Match.objectLike({
      MinSize: 2,
      Instances: Match.arrayWith([
        Match.objectLike({ LifecycleState: 'InService', HealthStatus: 'Healthy' }),
        Match.objectLike({ LifecycleState: 'InService', HealthStatus: 'Healthy' }),
      ]),
    })],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });

// The instances are spread over the Availability Zones: the group balances its two instances over the
// two zones of this environment-agnostic stack, so each zone runs one.
for (const zone of webApp.vpc.selectSubnets(webApp.network.appSubnets).availabilityZones) {
  integ.assertions
    .awsApiCall('EC2', 'describeInstances', {
      Filters: [
        { Name: 'tag:aws:autoscaling:groupName', Values: [webApp.appTier.autoScalingGroup.autoScalingGroupName] },
        { Name: 'availability-zone', Values: [zone] },
        { Name: 'instance-state-name', Values: ['running'] },
      ],
    })
    .expect(ExpectedResult.objectLike({
      Reservations: Match.arrayWith([Match.objectLike({
        Instances: Match.arrayWith([Match.objectLike({ Placement: Match.objectLike({ AvailabilityZone: zone }) })]),
      })]),
    }))
    .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });
}

// The load balancer has no public address: the VPC origin is the only way in.
integ.assertions
  .awsApiCall('ElasticLoadBalancingV2', 'describeLoadBalancers', {
    LoadBalancerArns: [webApp.appTier.loadBalancer.loadBalancerArn],
  })
  .expect(ExpectedResult.objectLike({
    LoadBalancers: [Match.objectLike({ Scheme: 'internal' })],
  }));

// The database is Multi-AZ and encrypted, and its read replica serves.
integ.assertions
  .awsApiCall('RDS', 'describeDBInstances', { DBInstanceIdentifier: webApp.database.instance!.instanceIdentifier })
  .expect(ExpectedResult.objectLike({
    DBInstances: [Match.objectLike({ MultiAZ: true, StorageEncrypted: true, IAMDatabaseAuthenticationEnabled: true })],
  }));
integ.assertions
  .awsApiCall('RDS', 'describeDBInstances', { DBInstanceIdentifier: webApp.database.readReplicas[0].instanceIdentifier })
  .expect(ExpectedResult.objectLike({
    DBInstances: [Match.objectLike({ DBInstanceStatus: 'available', ReadReplicaSourceDBInstanceIdentifier: webApp.database.instance!.instanceIdentifier })],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.minutes(1) });

// The cache fails over automatically across zones and requires TLS.
integ.assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: webApp.cache.replicationGroup.ref })
  .expect(ExpectedResult.objectLike({
    ReplicationGroups: [Match.objectLike({
      AutomaticFailover: 'enabled',
      MultiAZ: 'enabled',
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
    })],
  }));

// The uploads bucket denies every request that does not use TLS.
integ.assertions
  .awsApiCall('S3', 'getBucketPolicy', { Bucket: webApp.uploads.bucketName })
  .expect(ExpectedResult.objectLike({ Policy: Match.stringLikeRegexp('"aws:SecureTransport":"false"') }));

// The CloudWatch agent ships the instances' system logs and the app's logs.
for (const group of [webApp.appTier.systemLogGroup, webApp.appTier.applicationLogGroup]) {
  integ.assertions
    .awsApiCall('CloudWatchLogs', 'describeLogStreams', { logGroupName: group.logGroupName })
    .expect(ExpectedResult.objectLike({ logStreams: Match.arrayWith([Match.objectLike({ logStreamName: Match.stringLikeRegexp('^i-') })]) }))
    .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.minutes(1) });
}

// The audit trail is logging, and the backup plan selects the database and the uploads bucket.
integ.assertions
  .awsApiCall('CloudTrail', 'getTrailStatus', { Name: webApp.auditTrail!.trailArn })
  .expect(ExpectedResult.objectLike({ IsLogging: true }));
integ.assertions
  .awsApiCall('Backup', 'listBackupSelections', { BackupPlanId: webApp.backup.plan.backupPlanId })
  .expect(ExpectedResult.objectLike({ BackupSelectionsList: Match.arrayWith([Match.objectLike({ IamRoleArn: webApp.backup.role.roleArn })]) }));

// Through CloudFront over HTTPS: the app answers its health check...
integ.assertions
  .httpApiCall(`${webApp.url}/health`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });

// ...refuses the deep check at the edge to a caller without the probe token...
integ.assertions
  .httpApiCall(`${webApp.url}/health/deep`)
  .expect(ExpectedResult.objectLike({ status: 403 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// ...and with it, proves the data flow through the database, the cache and the uploads bucket...
const probeToken = integ.assertions.awsApiCall('SecretsManager', 'getSecretValue', { SecretId: webApp.appTier.healthProbeSecret.secretArn });
// The token is encrypted with the app's key: the assertion reads it as an operator would, through Secrets Manager.
probeToken.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: ['*'] });
integ.assertions
  .httpApiCall(`${webApp.url}/health/deep`, { headers: { [EdgeDistribution.HEALTH_PROBE_HEADER]: probeToken.getAttString('SecretString') } })
  .expect(ExpectedResult.objectLike({ status: 200, body: Match.objectLike({ status: 'ok' }) }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// ...a static file comes from the bucket through Origin Access Control...
integ.assertions
  .httpApiCall(`${webApp.url}/static/hello.txt`)
  .expect(ExpectedResult.objectLike({ status: 200, body: 'hello from the static assets bucket\n' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// ...and WAF blocks a SQL injection probe before it reaches the app.
integ.assertions
  .httpApiCall(`${webApp.url}/?id=1%27%20OR%20%271%27%3D%271%27%20UNION%20SELECT%20password%20FROM%20users--`)
  .expect(ExpectedResult.objectLike({ status: 403 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// The fault injection templates exist with the application-unavailable alarm as their stop condition (none is started).
for (const template of [webApp.faultInjection!.instanceLossTemplate, webApp.faultInjection!.zonePowerInterruptionTemplate]) {
  integ.assertions
    .awsApiCall('@aws-sdk/client-fis', 'getExperimentTemplate', { id: template.ref })
    .expect(ExpectedResult.objectLike({
      experimentTemplate: Match.objectLike({
        stopConditions: [Match.objectLike({ source: 'aws:cloudwatch:alarm', value: webApp.monitoring.applicationUnavailableAlarm!.alarmArn })],
      }),
    }));
}

// The canary reaches the app through CloudFront, home page and deep health check, and a run passes.
integ.assertions
  .awsApiCall('@aws-sdk/client-synthetics', 'getCanaryRuns', { Name: webApp.canary!.canaryName })
  .expect(ExpectedResult.objectLike({
    CanaryRuns: Match.arrayWith([Match.objectLike({ Status: Match.objectLike({ State: 'PASSED' }) })]),
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.minutes(1) });

// The restore testing plan exists on the vault, with a selection for the database and one for the uploads bucket.
integ.assertions
  .awsApiCall('@aws-sdk/client-backup', 'listRestoreTestingSelections', { RestoreTestingPlanName: webApp.backup.restoreTesting!.plan.restoreTestingPlanName })
  .expect(ExpectedResult.objectLike({
    RestoreTestingSelections: Match.arrayWith([
      Match.objectLike({ ProtectedResourceType: 'RDS' }),
      Match.objectLike({ ProtectedResourceType: 'S3' }),
    ]),
  }));

app.synth();
