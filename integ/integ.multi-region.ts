// Deploys a HighlyAvailableWebAppStage with its app in eu-west-1, a warm standby in eu-central-1 and the edge in
// us-east-1 (deletable stores), and checks:
// - through the AWS API in each Region, that the uploads bucket replicates (a probe object written in
//   eu-west-1 reaches ReplicationStatus COMPLETED), that the database credentials are in sync in eu-central-1,
//   that the recovery database is a replicating read replica of the primary, and that the standby's instance
//   passes the load balancer's health check;
// - in us-east-1, that the distribution's default behavior targets an origin group of the two load balancers
//   failing over on 5xx, and that the app answers /health through CloudFront.
// Snapshot: `npx projen integ:snapshot`; real run: `CDK_DEFAULT_ACCOUNT=<account> npx projen integ:deploy`
// (the recovery Region's bucket name contains the account, so the account is explicit).
import { AwsApiCall, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HighlyAvailableWebAppStage } from '../src';

const ACCOUNT = process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012';
const PRIMARY = 'eu-west-1';
const RECOVERY = 'eu-central-1';
const app = new App({
  // Availability Zones for synthesis without credentials; a real deployment looks them up.
  context: Object.fromEntries(['us-east-1', PRIMARY, RECOVERY].map((region) =>
    [`availability-zones:account=${ACCOUNT}:region=${region}`, ['a', 'b', 'c'].map((zone) => `${region}${zone}`)])),
});

const stage = new HighlyAvailableWebAppStage(app, 'HaWebAppIntegMultiRegion', {
  env: { account: ACCOUNT },
  primaryRegion: PRIMARY,
  recoveryRegion: RECOVERY,
  webApp: {
    // A test stage must be deletable; production keeps the defaults.
    appTier: { deletionProtection: false },
    database: { deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY },
    cache: { removalPolicy: RemovalPolicy.DESTROY },
    uploads: { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true },
    staticAssets: { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true },
  },
  recovery: { standbyCapacity: 1 },
});
RemovalPolicies.of(stage).destroy();

// Assertions run in the Region of what they check: one assertion stack per Region, in the stage.
const assertionStack = (id: string, region: string) => new Stack(stage, id, { env: { account: ACCOUNT, region } });
const primaryChecks = assertionStack('PrimaryAssertions', PRIMARY);
const recoveryChecks = assertionStack('RecoveryAssertions', RECOVERY);
const integ = new IntegTest(app, 'HaWebAppMultiRegion', {
  testCases: [stage.recoveryStorageStack!, stage.primaryStack, stage.recoveryStack!, stage.edgeStack, primaryChecks, recoveryChecks],
  assertionStack: assertionStack('EdgeAssertions', 'us-east-1'),
  diffAssets: false,
  stackUpdateWorkflow: false,
});

// Primary Region: a probe upload is replicated to the recovery Region's bucket.
const probeKey = 'integ/replication-probe.txt';
const uploadsBucket = stage.primary.uploads.bucketName;
const putProbe = new AwsApiCall(primaryChecks, 'PutProbe', {
  service: 'S3',
  api: 'putObject',
  parameters: { Bucket: uploadsBucket, Key: probeKey, Body: 'replicate me' },
});
const uploadsKey = stage.primary.uploads.encryptionKey.keyArn;
putProbe.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [uploadsKey] });
const replicated = new AwsApiCall(primaryChecks, 'ProbeReplicationStatus', {
  service: 'S3',
  api: 'headObject',
  parameters: { Bucket: uploadsBucket, Key: probeKey },
});
replicated.node.addDependency(putProbe);
replicated.provider.addToRolePolicy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [uploadsKey] });
replicated.expect(ExpectedResult.objectLike({ ReplicationStatus: 'COMPLETED' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });

// Primary Region: the database credentials are replicated and in sync.
new AwsApiCall(primaryChecks, 'CredentialsReplication', {
  service: 'SecretsManager',
  api: 'describeSecret',
  parameters: { SecretId: stage.primary.database.credentialsSecretName },
}).expect(ExpectedResult.objectLike({ ReplicationStatus: [Match.objectLike({ Region: RECOVERY, Status: 'InSync' })] }));

// Recovery Region: the database is a replicating read replica of the primary.
new AwsApiCall(recoveryChecks, 'ReplicaStatus', {
  service: 'RDS',
  api: 'describeDBInstances',
  parameters: { DBInstanceIdentifier: stage.recovery!.database.crossRegionReplica!.instanceIdentifier },
}).expect(ExpectedResult.objectLike({
  DBInstances: [Match.objectLike({
    DBInstanceStatus: 'available',
    StorageEncrypted: true,
    ReadReplicaSourceDBInstanceIdentifier: Match.stringLikeRegexp(`^arn:aws:rds:${PRIMARY}:`),
    StatusInfos: Match.arrayWith([Match.objectLike({ StatusType: 'read replication', Status: 'replicating' })]),
  })],
})).waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.minutes(1) });

// Recovery Region: the warm standby's instance answers the health check behind its load balancer.
new AwsApiCall(recoveryChecks, 'StandbyHealth', {
  service: 'ElasticLoadBalancingV2',
  api: 'describeTargetHealth',
  parameters: { TargetGroupArn: stage.recovery!.appTier.targetGroup.targetGroupArn },
}).expect(ExpectedResult.objectLike({
  TargetHealthDescriptions: Match.arrayWith([Match.objectLike({ TargetHealth: Match.objectLike({ State: 'healthy' }) })]),
})).waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });

// us-east-1: the default behavior targets an origin group of the two Regions' load balancers.
integ.assertions
  .awsApiCall('CloudFront', 'getDistributionConfig', { Id: stage.distribution.distributionId })
  .expect(ExpectedResult.objectLike({
    DistributionConfig: Match.objectLike({
      OriginGroups: Match.objectLike({
        Quantity: 1,
        Items: [Match.objectLike({
          FailoverCriteria: { StatusCodes: { Quantity: 4, Items: Match.arrayWith([500, 502, 503, 504]) } },
          Members: Match.objectLike({ Quantity: 2 }),
        })],
      }),
    }),
  }));

// Through CloudFront: the app answers its health check from the primary Region.
integ.assertions
  .httpApiCall(`${stage.url}/health`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });

app.synth();
