// An app that uses cdk-ha-web-app the way a user does: by its package name, with the defaults.
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
// eslint-disable-next-line import/no-extraneous-dependencies -- imported by package name, as a user's app does
import { HighlyAvailableWebApp } from 'cdk-ha-web-app';

const app = new App();

// An explicit environment, as production stacks have. Without AWS credentials the example uses the
// placeholder account, whose Availability Zones are recorded in cdk.context.json. The default stack lives
// in us-east-1, where CloudFront's WebACL is created inline; the README shows other Regions.
const stack = new Stack(app, 'HaWebAppExample', {
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012',
    region: 'us-east-1',
  },
  description: 'Example of cdk-ha-web-app: a highly available web application with the default settings',
});

const webApp = new HighlyAvailableWebApp(stack, 'WebApp');

new CfnOutput(stack, 'Url', { value: webApp.url!, description: 'URL of the app, through CloudFront' });
new CfnOutput(stack, 'DistributionId', { value: webApp.distribution!.distributionId, description: 'CloudFront distribution' });
new CfnOutput(stack, 'StaticAssetsBucket', { value: webApp.staticAssets!.bucketName, description: 'Bucket served under /static/*' });
new CfnOutput(stack, 'DatabaseEndpoint', { value: webApp.database.endpoint, description: 'Writer endpoint of the database' });
new CfnOutput(stack, 'CacheEndpoint', { value: webApp.cache.endpointAddress, description: 'Primary endpoint of the cache' });
new CfnOutput(stack, 'UploadsBucket', { value: webApp.uploads.bucketName, description: 'Bucket of the users\' uploads' });
new CfnOutput(stack, 'VpcId', { value: webApp.vpc.vpcId, description: 'VPC of the web app' });
new CfnOutput(stack, 'LoadBalancerDnsName', {
  value: webApp.appTier.loadBalancer.loadBalancerDnsName,
  description: 'DNS name of the internal Application Load Balancer (reached only through CloudFront)',
});
new CfnOutput(stack, 'AutoScalingGroupName', {
  value: webApp.appTier.autoScalingGroup.autoScalingGroupName,
  description: 'Auto Scaling group of the application servers',
});
new CfnOutput(stack, 'AlarmTopicArn', {
  value: webApp.monitoring.alarmTopic.topicArn,
  description: 'Topic of every alarm: subscribe your e-mail, chat or paging tool',
});
new CfnOutput(stack, 'DashboardName', {
  value: webApp.monitoring.dashboard!.dashboardName,
  description: 'CloudWatch dashboard of every tier',
});
new CfnOutput(stack, 'BackupVaultName', { value: webApp.backup.vault.backupVaultName, description: 'AWS Backup vault of the database and uploads' });
