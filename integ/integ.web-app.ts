// Deploys the default HighlyAvailableWebApp and checks, through the AWS API, that the instances that
// the Auto Scaling group launched in several Availability Zones answer the load balancer's health
// check on /health. Snapshot: `npx projen integ:snapshot`; real run: `npx projen integ:deploy`.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicies, Stack } from 'aws-cdk-lib';
import { HighlyAvailableWebApp } from '../src';

const app = new App();
const stack = new Stack(app, 'HaWebAppIntegDefault', {
  description: 'Integration test of cdk-ha-web-app: the default HighlyAvailableWebApp',
  // Load balancer access logs need a region. Leaving the account open keeps the snapshot the same for everyone.
  env: { region: 'us-east-1' },
});

const webApp = new HighlyAvailableWebApp(stack, 'WebApp', {
  // A test stack must be deletable; production keeps the defaults.
  appTier: { deletionProtection: false },
});
RemovalPolicies.of(stack).destroy();

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

app.synth();
