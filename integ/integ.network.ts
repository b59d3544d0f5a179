// Deploys WebAppNetwork alone and checks, through the AWS API, that the VPC has what the web app stands
// on: flow logs delivering to the encrypted log group, the data subnets behind their own network ACL
// (database and cache ports from the VPC only), and the default security group without rules.
// Snapshot: `npx projen integ:snapshot`; real run: `npx projen integ:deploy`.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicies, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { WebAppNetwork } from '../src';

const app = new App();
const stack = new Stack(app, 'HaWebAppIntegNetwork', {
  description: 'Integration test of cdk-ha-web-app: WebAppNetwork alone',
  env: { region: 'us-east-1' },
});

// Two zones and one NAT gateway keep the test cheap; the defaults are unit-tested.
const network = new WebAppNetwork(stack, 'Network', { maxAzs: 2, natGateways: 1 });
RemovalPolicies.of(stack).destroy();
const vpc = network.vpc as ec2.Vpc;

const integ = new IntegTest(app, 'HaWebAppNetwork', {
  testCases: [stack],
  assertionStack: new Stack(app, 'HaWebAppIntegNetworkAssertions', { env: { region: 'us-east-1' } }),
  diffAssets: false,
  stackUpdateWorkflow: false,
});

// Flow logs of all traffic are delivered to the log group.
integ.assertions
  .awsApiCall('EC2', 'describeFlowLogs', {
    Filter: [{ Name: 'resource-id', Values: [vpc.vpcId] }],
  })
  .expect(ExpectedResult.objectLike({
    FlowLogs: [Match.objectLike({
      FlowLogStatus: 'ACTIVE',
      DeliverLogsStatus: 'SUCCESS',
      TrafficType: 'ALL',
      LogGroupName: network.flowLogGroup!.logGroupName,
    })],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) });

// The data subnets' network ACL is associated with both data subnets and admits the data ports.
const dataSubnetIds = vpc.selectSubnets(network.dataSubnets).subnetIds;
integ.assertions
  .awsApiCall('EC2', 'describeNetworkAcls', {
    NetworkAclIds: [network.dataNetworkAcl!.networkAclId],
  })
  .expect(ExpectedResult.objectLike({
    NetworkAcls: [Match.objectLike({
      Associations: Match.arrayWith(dataSubnetIds.map((subnetId) => Match.objectLike({ SubnetId: subnetId }))),
      Entries: Match.arrayWith([
        Match.objectLike({ RuleNumber: 100, Egress: false, RuleAction: 'allow', PortRange: { From: 5432, To: 5432 } }),
      ]),
    })],
  }));

// The default security group has no rules left.
integ.assertions
  .awsApiCall('EC2', 'describeSecurityGroups', {
    Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }, { Name: 'group-name', Values: ['default'] }],
  })
  .expect(ExpectedResult.objectLike({
    SecurityGroups: [Match.objectLike({ IpPermissions: [], IpPermissionsEgress: [] })],
  }));

app.synth();
