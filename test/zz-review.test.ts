import * as fs from 'fs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { testStack, testApp } from './helpers';
import { LoadBalancerExposure } from '../src/compute/web-app-tier';
import { DatabaseEngine, DatabaseTopology } from '../src/data/web-app-database';
import { HighlyAvailableWebApp, HighlyAvailableWebAppProps } from '../src/highly-available-web-app';

function dump(name: string, make: (s: Stack) => HighlyAvailableWebAppProps) {
  const stack = testStack(testApp());
  const app = new HighlyAvailableWebApp(stack, 'WebApp', make(stack));
  const t = Template.fromStack(stack).toJSON();
  fs.writeFileSync(`/tmp/review/${name}.json`, JSON.stringify(t, null, 1));
  return app;
}
const zone = (s: Stack) => route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });

test('dump', () => {
  dump('default', () => ({}));
  dump('domain', (s) => ({ domainName: 'www.example.com', hostedZone: zone(s) }));
  dump('endpoints', () => ({ network: { interfaceEndpoints: true } }));
  dump('prefix', (s) => ({ domainName: 'www.example.com', hostedZone: zone(s), appTier: { loadBalancerExposure: LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST } }));
  dump('mysqlproxy', () => ({ database: { engine: DatabaseEngine.mysql(), topology: DatabaseTopology.aurora(), proxy: true }, cache: { shards: 2 } }));
  dump('maz', () => ({ database: { topology: DatabaseTopology.multiAzCluster(), proxy: true } }));
});
