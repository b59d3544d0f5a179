import { App, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { CacheEngine, CacheEngineName, WebAppCache, WebAppCacheOptions, WebAppCacheProps } from '../../src/data/web-app-cache';
import { WebAppNetwork } from '../../src/network/web-app-network';
import { WebAppEncryption } from '../../src/security/web-app-encryption';
import { cfnLint, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { ingressRules, logicalId, TEST_AZS, testApp, testStack } from '../helpers';

const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup';
const USER = 'CacheUser72FA2B22';
const DEFAULT_USER = 'CacheDefaultUser47D483BA';
const USER_GROUP = 'CacheUserGroup978A79CF';
/** The start of the stack's UUID, as the template renders it: unique per stack, and so per account and Region. */
const STACK_UUID_START = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };
/** An ID of the cache's users and user group, as the template renders it. */
function rbacId(suffix = '', name = 'teststa-cache-6a6b3e48'): unknown {
  return { 'Fn::Join': ['', [`${name}-`, STACK_UUID_START, ...suffix ? [suffix] : []]] };
}

interface Synthesized {
  readonly stack: Stack;
  readonly network: WebAppNetwork;
  readonly cache: WebAppCache;
  readonly template: Template;
}

/** A cache in the data subnets of a new network, not yet synthesized; `extra` adds the props that need the stack. */
function build(options: WebAppCacheOptions = {}, extra: (stack: Stack) => Partial<WebAppCacheProps> = () => ({})): Omit<Synthesized, 'template'> {
  const stack = testStack();
  const network = new WebAppNetwork(stack, 'Network');
  const cache = new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets, ...options, ...extra(stack) });
  return { stack, network, cache };
}

function synth(options: WebAppCacheOptions = {}, extra: (stack: Stack) => Partial<WebAppCacheProps> = () => ({})): Synthesized {
  const built = build(options, extra);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** The properties of the only replication group of the template. */
function replicationGroupProps(template: Template): Record<string, any> {
  const groups = Object.values(template.findResources(REPLICATION_GROUP));
  expect(groups).toHaveLength(1);
  return groups[0].Properties;
}

function deletionPolicyOf(template: Template, id: string): string | undefined {
  return template.toJSON().Resources[id].DeletionPolicy;
}

/**
 * Evaluates the template's expression of a name as CloudFormation does for a stack of that ID: user IDs and log group
 * names are unique per account and Region, so this is what must differ between two stacks or Regions.
 */
function deployed(expression: unknown, stackId: string): string {
  const evaluate = (value: any): any => {
    if (typeof value === 'string' || typeof value === 'number') {
      return value;
    }
    if (Array.isArray(value)) {
      return value.map(evaluate);
    }
    if (value.Ref === 'AWS::StackId') {
      return stackId;
    }
    if (value['Fn::Join']) {
      return (evaluate(value['Fn::Join'][1]) as string[]).join(value['Fn::Join'][0]);
    }
    if (value['Fn::Split']) {
      return (evaluate(value['Fn::Split'][1]) as string).split(value['Fn::Split'][0]);
    }
    if (value['Fn::Select']) {
      return (evaluate(value['Fn::Select'][1]) as string[])[value['Fn::Select'][0]];
    }
    throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
  };
  return evaluate(expression);
}

/** A stack of the given name and Region with a cache of its own. */
function cacheIn(app: App, id: string, region: string, cacheId = 'Cache', parent?: (stack: Stack) => Construct): Stack {
  const stack = new Stack(app, id, { env: { account: '123456789012', region } });
  const network = new WebAppNetwork(stack, 'Network');
  new WebAppCache(parent ? parent(stack) : stack, cacheId, { vpc: network.vpc, vpcSubnets: network.dataSubnets });
  return stack;
}

/** The stack ID that CloudFormation gives a stack: its Region, its name and a UUID of the stack instance. */
function stackArn(region: string, name: string, n: number): string {
  return `arn:aws:cloudformation:${region}:123456789012:stack/${name}/${n}a2b3c4d-0000-11ee-8c90-0242ac120002`;
}

describe('WebAppCache', () => {
  describe('defaults', () => {
    let stack: Stack;
    let network: WebAppNetwork;
    let cache: WebAppCache;
    let template: Template;
    beforeAll(() => {
      ({ stack, network, cache, template } = synth());
    });

    test('keeps the logical IDs of its resources stable', () => {
      expect(logicalId(stack, cache.replicationGroup)).toEqual('CacheReplicationGroupBFE59FF3');
      expect(logicalId(stack, cache.subnetGroup)).toEqual('CacheSubnetGroup355C216D');
      expect(logicalId(stack, cache.parameterGroup)).toEqual('CacheParameterGroup32BBAE3A');
      expect(logicalId(stack, cache.user)).toEqual(USER);
      expect(logicalId(stack, cache.userGroup)).toEqual(USER_GROUP);
      expect(stack.resolve(cache.userGroup.userIds)).toEqual([{ Ref: USER }, { Ref: DEFAULT_USER }]);
      expect(logicalId(stack, cache.encryptionKey)).toEqual('CacheEncryptionKeyC093F5AA');
      expect(logicalId(stack, cache.securityGroup)).toEqual('CacheSecurityGroup79A9F160');
      expect(logicalId(stack, cache.slowLogGroup)).toEqual('CacheSlowLog43E55961');
      expect(logicalId(stack, cache.engineLogGroup)).toEqual('CacheEngineLogFEAEB291');
    });

    test('is one Valkey 8.2 replication group of cache.t4g.small nodes', () => {
      template.resourceCountIs(REPLICATION_GROUP, 1);
      expect(replicationGroupProps(template)).toMatchObject({
        Engine: 'valkey',
        EngineVersion: '8.2',
        CacheNodeType: 'cache.t4g.small',
        Port: 6379,
        AutoMinorVersionUpgrade: true,
      });
      expect(replicationGroupProps(template).DataTieringEnabled).toBeUndefined();
      expect(cache.engine.name).toEqual(CacheEngineName.VALKEY);
      expect(cache.engine.version).toEqual(CacheEngine.DEFAULT_VALKEY_VERSION);
      expect(cache.clusterMode).toBe(false);
    });

    test('has a primary and a replica pinned to two Availability Zones, with Multi-AZ and automatic failover', () => {
      const props = replicationGroupProps(template);
      expect(props).toMatchObject({
        NumCacheClusters: 2,
        PreferredCacheClusterAZs: [TEST_AZS[0], TEST_AZS[1]],
        MultiAZEnabled: true,
        AutomaticFailoverEnabled: true,
      });
      expect(props.NumNodeGroups).toBeUndefined();
      expect(props.NodeGroupConfiguration).toBeUndefined();
    });

    test('requires TLS and encrypts at rest with the customer managed key', () => {
      expect(cache.encryptionKey).toBeInstanceOf(kms.Key);
      expect(template.toJSON().Resources.CacheEncryptionKeyC093F5AA).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
      expect(replicationGroupProps(template)).toMatchObject({
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AtRestEncryptionEnabled: true,
        KmsKeyId: { 'Fn::GetAtt': ['CacheEncryptionKeyC093F5AA', 'Arn'] },
      });
    });

    test('signs the app in with IAM through role-based access control: no AUTH token and no secret', () => {
      const props = replicationGroupProps(template);
      expect(props.UserGroupIds).toEqual([{ Ref: USER_GROUP }]);
      expect(props.AuthToken).toBeUndefined();
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      // No resource property carries a password, a token or a secret string.
      expect(JSON.stringify(template.toJSON())).not.toMatch(/"(AuthToken|SecretString|Password|Passwords|NoPasswordRequired)"/);
    });

    test('has one user for the app, with IAM authentication, its user name equal to its ID, and no dangerous command', () => {
      template.resourceCountIs('AWS::ElastiCache::User', 2);
      expect(template.toJSON().Resources[USER]).toEqual({
        Type: 'AWS::ElastiCache::User',
        Properties: {
          Engine: 'redis',
          UserId: rbacId('-app'),
          UserName: rbacId('-app'),
          AuthenticationMode: { Type: 'iam' },
          AccessString: 'on ~* +@all -@dangerous',
        },
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
      });
    });

    test('disables the user named default that a user group must hold: off, no command, no password to leak', () => {
      expect(template.toJSON().Resources[DEFAULT_USER].Properties).toEqual({
        Engine: 'redis',
        UserId: rbacId('-default'),
        UserName: 'default',
        AuthenticationMode: { Type: 'no-password-required' },
        AccessString: 'off -@all',
      });
    });

    test('groups the two users in a Redis OSS user group, which a Valkey cache accepts too', () => {
      template.resourceCountIs('AWS::ElastiCache::UserGroup', 1);
      expect(template.toJSON().Resources[USER_GROUP].Properties).toEqual({
        Engine: 'redis',
        UserGroupId: rbacId(),
        UserIds: [{ Ref: USER }, { Ref: DEFAULT_USER }],
      });
    });

    test('exposes the user ID and the replication group ID that an IAM authentication token names', () => {
      expect(stack.resolve(cache.userId)).toEqual({ Ref: USER });
      expect(stack.resolve(cache.replicationGroupId)).toEqual({ Ref: 'CacheReplicationGroupBFE59FF3' });
    });

    test('delivers the slow log and the engine log as JSON to log groups encrypted with the key, kept for a year', () => {
      expect(replicationGroupProps(template).LogDeliveryConfigurations).toEqual([
        {
          LogType: 'slow-log',
          LogFormat: 'json',
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: 'CacheSlowLog43E55961' } } },
        },
        {
          LogType: 'engine-log',
          LogFormat: 'json',
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: 'CacheEngineLogFEAEB291' } } },
        },
      ]);
      for (const id of ['CacheSlowLog43E55961', 'CacheEngineLogFEAEB291']) {
        expect(template.toJSON().Resources[id]).toMatchObject({
          Type: 'AWS::Logs::LogGroup',
          Properties: { KmsKeyId: { 'Fn::GetAtt': ['CacheEncryptionKeyC093F5AA', 'Arn'] }, RetentionInDays: 365 },
          DeletionPolicy: 'Retain',
        });
      }
    });

    test('keeps daily snapshots for 15 days, outside the weekly maintenance window', () => {
      expect(replicationGroupProps(template)).toMatchObject({
        SnapshotRetentionLimit: 15,
        SnapshotWindow: '03:00-04:00',
        PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      });
    });

    test('places the nodes in the data subnets of the network', () => {
      const dataSubnets = network.vpc.selectSubnets(network.dataSubnets).subnets.map((subnet) => ({ Ref: logicalId(stack, subnet) }));
      expect(dataSubnets).toHaveLength(3);
      template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: dataSubnets });
      expect(replicationGroupProps(template).CacheSubnetGroupName).toEqual({ Ref: 'CacheSubnetGroup355C216D' });
    });

    test('uses a parameter group of the Valkey 8 family with cluster mode off', () => {
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
        CacheParameterGroupFamily: 'valkey8',
        Properties: { 'cluster-enabled': 'no' },
      });
      expect(replicationGroupProps(template).CacheParameterGroupName).toEqual({ Ref: 'CacheParameterGroup32BBAE3A' });
    });

    test('takes a final snapshot on deletion and replacement, and keeps the key and the logs', () => {
      expect(template.toJSON().Resources.CacheReplicationGroupBFE59FF3).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
      expect(deletionPolicyOf(template, 'CacheEncryptionKeyC093F5AA')).toEqual('Retain');
      expect(deletionPolicyOf(template, 'CacheSlowLog43E55961')).toEqual('Retain');
      for (const id of ['CacheSubnetGroup355C216D', 'CacheParameterGroup32BBAE3A', 'CacheSecurityGroup79A9F160', USER, DEFAULT_USER, USER_GROUP]) {
        expect(deletionPolicyOf(template, id)).toEqual('Delete');
      }
    });

    test('has a security group of its own that admits nothing and sends nothing', () => {
      expect(replicationGroupProps(template).SecurityGroupIds).toEqual([{ 'Fn::GetAtt': ['CacheSecurityGroup79A9F160', 'GroupId'] }]);
      const group = template.toJSON().Resources.CacheSecurityGroup79A9F160;
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
      // CDK's placeholder for "no outbound rule": an ICMP rule to an address that matches nothing.
      expect(group.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
      template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
      template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    });

    test('exposes the primary and reader endpoints, the port and its connections', () => {
      expect(stack.resolve(cache.endpointAddress)).toEqual({ 'Fn::GetAtt': ['CacheReplicationGroupBFE59FF3', 'PrimaryEndPoint.Address'] });
      expect(stack.resolve(cache.readerEndpointAddress)).toEqual({ 'Fn::GetAtt': ['CacheReplicationGroupBFE59FF3', 'ReaderEndPoint.Address'] });
      expect(cache.port).toEqual(6379);
      expect(cache.connections.defaultPort?.toString()).toEqual('6379');
      expect(cache.connections.securityGroups).toEqual([cache.securityGroup]);
    });

    test('without vpcSubnets, uses the isolated subnets of the VPC', () => {
      const other = testStack();
      const otherNetwork = new WebAppNetwork(other, 'Network');
      new WebAppCache(other, 'Cache', { vpc: otherNetwork.vpc });
      const isolated = otherNetwork.vpc.isolatedSubnets.map((subnet) => ({ Ref: logicalId(other, subnet) }));
      Template.fromStack(other).hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: isolated });
    });
  });

  describe('allowConnectionsFrom', () => {
    test('admits only the peer\'s security group, by reference, on the cache port', () => {
      const { stack, network, cache } = build();
      const peer = new ec2.SecurityGroup(stack, 'App', { vpc: network.vpc });
      cache.allowConnectionsFrom(peer);
      const after = Template.fromStack(stack);
      expect(ingressRules(after)).toEqual([{
        Description: 'Clients of TestStack/Cache',
        GroupId: { 'Fn::GetAtt': ['CacheSecurityGroup79A9F160', 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, peer), 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
      }]);
    });

    test('a peer without outbound rules gets an egress rule to the cache only', () => {
      const { stack, network, cache } = build();
      const peer = new ec2.SecurityGroup(stack, 'App', { vpc: network.vpc, allowAllOutbound: false });
      cache.allowConnectionsFrom(peer);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': [logicalId(stack, peer), 'GroupId'] },
        DestinationSecurityGroupId: { 'Fn::GetAtt': ['CacheSecurityGroup79A9F160', 'GroupId'] },
        FromPort: 6379,
        ToPort: 6379,
      });
    });

    test('uses the configured port', () => {
      const { stack, network, cache } = build({ port: 6380 });
      cache.allowConnectionsFrom(new ec2.SecurityGroup(stack, 'App', { vpc: network.vpc }));
      const rules = ingressRules(Template.fromStack(stack));
      expect(rules).toEqual([expect.objectContaining({ FromPort: 6380, ToPort: 6380 })]);
      expect(rules.some((rule) => 'CidrIp' in rule || 'CidrIpv6' in rule)).toBe(false);
    });
  });

  describe('cluster mode', () => {
    test('more than one shard turns on cluster mode, with each shard\'s nodes spread across the zones', () => {
      const { stack, cache, template } = synth({ shards: 3 });
      const props = replicationGroupProps(template);
      expect(props).toMatchObject({
        NumNodeGroups: 3,
        ReplicasPerNodeGroup: 1,
        MultiAZEnabled: true,
        AutomaticFailoverEnabled: true,
        NodeGroupConfiguration: [
          { NodeGroupId: '0001', ReplicaCount: 1, PrimaryAvailabilityZone: TEST_AZS[0], ReplicaAvailabilityZones: [TEST_AZS[1]] },
          { NodeGroupId: '0002', ReplicaCount: 1, PrimaryAvailabilityZone: TEST_AZS[1], ReplicaAvailabilityZones: [TEST_AZS[2]] },
          { NodeGroupId: '0003', ReplicaCount: 1, PrimaryAvailabilityZone: TEST_AZS[2], ReplicaAvailabilityZones: [TEST_AZS[0]] },
        ],
      });
      expect(props.NumCacheClusters).toBeUndefined();
      expect(props.PreferredCacheClusterAZs).toBeUndefined();
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
        CacheParameterGroupFamily: 'valkey8',
        Properties: { 'cluster-enabled': 'yes' },
      });
      // Every shard signs in the same way: IAM, through the one user group, and no AUTH token.
      expect(props.UserGroupIds).toEqual([{ Ref: USER_GROUP }]);
      expect(props.AuthToken).toBeUndefined();
      template.resourceCountIs('AWS::ElastiCache::UserGroup', 1);
      expect(cache.clusterMode).toBe(true);
      expect(stack.resolve(cache.endpointAddress)).toEqual({ 'Fn::GetAtt': ['CacheReplicationGroupBFE59FF3', 'ConfigurationEndPoint.Address'] });
      expect(cache.readerEndpointAddress).toBeUndefined();
    });

    test('no replica shares the zone of its primary', () => {
      const { template } = synth({ shards: 2, replicasPerShard: 2 });
      type Shard = { PrimaryAvailabilityZone: string; ReplicaAvailabilityZones: string[] };
      const shards: Shard[] = replicationGroupProps(template).NodeGroupConfiguration;
      expect(shards).toHaveLength(2);
      for (const shard of shards) {
        expect(shard.ReplicaAvailabilityZones).toHaveLength(2);
        expect(shard.ReplicaAvailabilityZones).not.toContain(shard.PrimaryAvailabilityZone);
        expect(new Set(shard.ReplicaAvailabilityZones).size).toEqual(2);
      }
    });

    test('clusterMode: true runs one shard in cluster mode, ready to scale out', () => {
      const { template } = synth({ clusterMode: true });
      expect(replicationGroupProps(template)).toMatchObject({ NumNodeGroups: 1, ReplicasPerNodeGroup: 1 });
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'cluster-enabled': 'yes' } });
    });
  });

  describe('Redis OSS', () => {
    test.each<[CacheEngine, string]>([
      [CacheEngine.redis(), '7.1'],
      [CacheEngine.redis('7.0'), '7.0'],
    ])('%p runs Redis OSS with the redis7 parameter group family', (engine, version) => {
      const { template } = synth({ engine });
      expect(replicationGroupProps(template)).toMatchObject({
        Engine: 'redis',
        EngineVersion: version,
        TransitEncryptionMode: 'required',
        UserGroupIds: [{ Ref: USER_GROUP }],
      });
      expect(replicationGroupProps(template).AuthToken).toBeUndefined();
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis7' });
    });

    test.each<[string, string]>([
      ['7.2', 'valkey7'],
      ['8.0', 'valkey8'],
      ['9.1', 'valkey9'],
    ])('Valkey %s uses the %s parameter group family', (version, family) => {
      const { template } = synth({ engine: CacheEngine.valkey(version) });
      expect(replicationGroupProps(template)).toMatchObject({ Engine: 'valkey', EngineVersion: version });
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: family });
    });
  });

  describe('options', () => {
    test('pinAvailabilityZones: false leaves the zones to ElastiCache', () => {
      const props = replicationGroupProps(synth({ pinAvailabilityZones: false, replicasPerShard: 2 }).template);
      expect(props).toMatchObject({ NumCacheClusters: 3, MultiAZEnabled: true });
      expect(props.PreferredCacheClusterAZs).toBeUndefined();
      const cluster = replicationGroupProps(synth({ pinAvailabilityZones: false, shards: 2 }).template);
      expect(cluster).toMatchObject({ NumNodeGroups: 2, ReplicasPerNodeGroup: 1 });
      expect(cluster.NodeGroupConfiguration).toBeUndefined();
    });

    test('replicasPerShard places the nodes round-robin across the zones', () => {
      expect(replicationGroupProps(synth({ replicasPerShard: 3 }).template)).toMatchObject({
        NumCacheClusters: 4,
        PreferredCacheClusterAZs: [TEST_AZS[0], TEST_AZS[1], TEST_AZS[2], TEST_AZS[0]],
      });
    });

    test('nodeType sets the node type, and turns on data tiering for r6gd nodes', () => {
      expect(replicationGroupProps(synth({ nodeType: 'cache.r7g.large' }).template)).toMatchObject({ CacheNodeType: 'cache.r7g.large' });
      expect(replicationGroupProps(synth({ nodeType: 'cache.r6gd.xlarge' }).template)).toMatchObject({
        CacheNodeType: 'cache.r6gd.xlarge',
        DataTieringEnabled: true,
      });
    });

    test('snapshots, maintenance window (with day names in lower case) and log retention follow the options', () => {
      const { template } = synth({
        snapshotRetentionLimit: 35,
        snapshotWindow: '23:30-00:30',
        preferredMaintenanceWindow: 'Mon:02:00-Mon:03:30',
        logRetention: logs.RetentionDays.TWO_YEARS,
      });
      expect(replicationGroupProps(template)).toMatchObject({
        SnapshotRetentionLimit: 35,
        SnapshotWindow: '23:30-00:30',
        PreferredMaintenanceWindow: 'mon:02:00-mon:03:30',
      });
      for (const id of ['CacheSlowLog43E55961', 'CacheEngineLogFEAEB291']) {
        expect(template.toJSON().Resources[id].Properties.RetentionInDays).toEqual(731);
      }
    });

    test('parameters go into the parameter group next to cluster-enabled', () => {
      synth({ parameters: { 'maxmemory-policy': 'volatile-lru' } }).template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
        Properties: { 'maxmemory-policy': 'volatile-lru', 'cluster-enabled': 'no' },
      });
    });

    test('removalPolicy RETAIN keeps the cache and every part it still uses', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.RETAIN });
      for (const id of ['CacheReplicationGroupBFE59FF3', 'CacheSubnetGroup355C216D', 'CacheParameterGroup32BBAE3A',
        'CacheSecurityGroup79A9F160', 'CacheEncryptionKeyC093F5AA', 'CacheSlowLog43E55961', 'CacheEngineLogFEAEB291', USER, DEFAULT_USER, USER_GROUP]) {
        expect([id, deletionPolicyOf(template, id)]).toEqual([id, 'Retain']);
      }
    });

    test('removalPolicy DESTROY deletes everything, the key and the logs included', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
      for (const id of ['CacheReplicationGroupBFE59FF3', 'CacheSubnetGroup355C216D', 'CacheParameterGroup32BBAE3A',
        'CacheSecurityGroup79A9F160', 'CacheEncryptionKeyC093F5AA', 'CacheSlowLog43E55961', 'CacheEngineLogFEAEB291', USER, DEFAULT_USER, USER_GROUP]) {
        expect([id, deletionPolicyOf(template, id)]).toEqual([id, 'Delete']);
      }
    });

    test('a given encryptionKey encrypts the cache and the logs, and no key is created', () => {
      const { stack, cache, template } = synth({}, (s) => ({ encryptionKey: new WebAppEncryption(s, 'Keys').key }));
      template.resourceCountIs('AWS::KMS::Key', 2); // the network's key and the given one
      const keyArn = { 'Fn::GetAtt': [logicalId(stack, cache.encryptionKey), 'Arn'] };
      expect(logicalId(stack, cache.encryptionKey)).toMatch(/^KeysKey/);
      expect(replicationGroupProps(template).KmsKeyId).toEqual(keyArn);
      expect(Object.values(template.findResources('AWS::Logs::LogGroup', { Properties: { KmsKeyId: keyArn } }))).toHaveLength(2);
      expect(cache.node.tryFindChild('Encryption')).toBeUndefined();
    });

    test('in a stack without an environment, pins the nodes to the VPC\'s zones as CloudFormation expressions', () => {
      const stack = new Stack(new App(), 'Agnostic');
      const network = new WebAppNetwork(stack, 'Network');
      new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
      const zones = replicationGroupProps(Template.fromStack(stack)).PreferredCacheClusterAZs;
      expect(zones).toEqual([
        { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
        { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
      ]);
    });
  });

  describe('grantConnect', () => {
    test('grants elasticache:Connect on the replication group and the user, and nothing else', () => {
      const { stack, cache } = build();
      const role = new iam.Role(stack, 'Client', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
      const grant = cache.grantConnect(role);
      expect(grant.success).toBe(true);
      const template = Template.fromStack(stack);
      const policies = Object.values(template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: logicalId(stack, role) }] },
      }));
      expect(policies).toHaveLength(1);
      expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{
        Effect: 'Allow',
        Action: 'elasticache:Connect',
        Resource: [
          {
            'Fn::Join': ['', [
              'arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:', { Ref: 'CacheReplicationGroupBFE59FF3' },
            ]],
          },
          { 'Fn::GetAtt': [USER, 'Arn'] },
        ],
      }]);
      // Nothing to decrypt: no secret is read.
      const keyPolicy: Array<{ Principal: unknown }> = template.toJSON().Resources.CacheEncryptionKeyC093F5AA.Properties.KeyPolicy.Statement;
      expect(keyPolicy.filter((statement) => JSON.stringify(statement.Principal).includes(logicalId(stack, role)))).toEqual([]);
    });

    test('in cluster mode, names the same replication group and user', () => {
      const { stack, cache } = build({ shards: 2 });
      const role = new iam.Role(stack, 'Client', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
      cache.grantConnect(role);
      const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: logicalId(stack, role) }] },
      }));
      const statements = policies[0].Properties.PolicyDocument.Statement;
      expect(statements).toHaveLength(1);
      // The configuration endpoint's nodes belong to the one replication group: its ARN, not a node's.
      expect(statements[0].Resource).toEqual([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:', { Ref: 'CacheReplicationGroupBFE59FF3' }]] },
        { 'Fn::GetAtt': [USER, 'Arn'] },
      ]);
    });
  });

  describe('user and user group IDs', () => {
    /** The deployed IDs of the user group, the app's user and the default user of the one cache of a stack. */
    function idsOf(stack: Stack, stackId: string): string[] {
      const resources = Object.values(Template.fromStack(stack).toJSON().Resources) as Array<{ Type: string; Properties: any }>;
      const group = resources.find((r) => r.Type === 'AWS::ElastiCache::UserGroup')!.Properties;
      const users = resources.filter((r) => r.Type === 'AWS::ElastiCache::User').map((r) => r.Properties);
      const app = users.find((u) => u.UserName !== 'default')!;
      const off = users.find((u) => u.UserName === 'default')!;
      expect(deployed(app.UserName, stackId)).toEqual(deployed(app.UserId, stackId));
      return [deployed(group.UserGroupId, stackId), deployed(app.UserId, stackId), deployed(off.UserId, stackId)];
    }

    test('the same app in two Regions of one account, or in two stacks, gets IDs of its own', () => {
      const app = testApp();
      const east = cacheIn(app, 'WebApp', 'us-east-1');
      const west = cacheIn(app, 'WebAppWest', 'eu-west-1');
      const other = cacheIn(app, 'OtherWebApp', 'us-east-1');
      const ids = [
        ...idsOf(east, stackArn('us-east-1', 'WebApp', 1)),
        // A stack of the same name in another Region: the same construct path, another stack UUID.
        ...idsOf(cacheIn(testApp(), 'WebApp', 'eu-west-1'), stackArn('eu-west-1', 'WebApp', 2)),
        ...idsOf(west, stackArn('eu-west-1', 'WebAppWest', 3)),
        ...idsOf(other, stackArn('us-east-1', 'OtherWebApp', 4)),
      ];
      expect(new Set(ids).size).toEqual(12);
      expect(idsOf(east, stackArn('us-east-1', 'WebApp', 1))).toEqual(['webapp-cache-a38a6b0f-1a2b3c4d', 'webapp-cache-a38a6b0f-1a2b3c4d-app', 'webapp-cache-a38a6b0f-1a2b3c4d-default']);
    });

    test('two caches of one stack get IDs of their own', () => {
      const app = testApp();
      const stack = testStack(app);
      const network = new WebAppNetwork(stack, 'Network');
      const first = new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
      const second = new WebAppCache(stack, 'Sessions', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
      const stackId = stackArn('us-east-1', 'TestStack', 5);
      const [a, b] = [first, second].map((cache) => deployed(stack.resolve(cache.userGroup.userGroupId), stackId));
      expect(a).not.toEqual(b);
    });

    test.each([
      ['a short path', 'Cache', undefined],
      ['a long path, with digits and punctuation', 'Cache_Of-The.2nd-Region', (stack: Stack) => new Construct(new Construct(stack, 'AVeryLongConstructIdOfTheWholeWebApplication'), 'Data')],
    ])('with %s, every ID is lower case, starts with a letter, has no double or trailing hyphen and at most 40 characters', (_name, cacheId, parent) => {
      const stack = cacheIn(testApp(), 'AStackNameThatIsLongerThanTheLimitOfTheIds', 'us-east-1', cacheId, parent);
      for (const id of idsOf(stack, stackArn('us-east-1', 'AStackNameThatIsLongerThanTheLimitOfTheIds', 9))) {
        expect(id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
        expect(id).not.toMatch(/--/);
        expect(id.length).toBeLessThanOrEqual(40);
      }
    });
  });

  describe('log group names', () => {
    /** The deployed names of the slow log's and the engine log's groups of the one cache of a stack. */
    function logGroupNamesOf(stack: Stack, stackId: string): string[] {
      const groups = Object.entries(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'))
        .filter(([id]) => /(SlowLog|EngineLog)[0-9A-F]{8}$/.test(id)).map(([, r]) => r.Properties.LogGroupName);
      expect(groups).toHaveLength(2);
      return groups.map((name) => deployed(name, stackId));
    }

    test('are under /aws/vendedlogs/, which CloudWatch Logs admits with one statement of the delivery\'s resource policy', () => {
      const names = logGroupNamesOf(cacheIn(testApp(), 'WebApp', 'us-east-1'), stackArn('us-east-1', 'WebApp', 1));
      expect(names).toEqual([
        '/aws/vendedlogs/elasticache/WebApp-Cache-A38A6B0F/1a2b3c4d-0000-11ee-8c90-0242ac120002/slow-log',
        '/aws/vendedlogs/elasticache/WebApp-Cache-A38A6B0F/1a2b3c4d-0000-11ee-8c90-0242ac120002/engine-log',
      ]);
    });

    test('the replication group delivers each log to its group', () => {
      const { stack, cache, template } = synth();
      expect(replicationGroupProps(template).LogDeliveryConfigurations.map((c: any) => c.DestinationDetails.CloudWatchLogsDetails.LogGroup))
        .toEqual([stack.resolve(cache.slowLogGroup.logGroupName), stack.resolve(cache.engineLogGroup.logGroupName)]);
      expect(stack.resolve(cache.slowLogGroup.logGroupName)).toEqual({ Ref: 'CacheSlowLog43E55961' });
    });

    test('differ between two stacks, two Regions and two deployments of one stack, so that retained groups block no deployment', () => {
      const names = [
        ...logGroupNamesOf(cacheIn(testApp(), 'WebApp', 'us-east-1'), stackArn('us-east-1', 'WebApp', 1)),
        // The same stack deployed again after it was deleted (its log groups retained): another stack UUID.
        ...logGroupNamesOf(cacheIn(testApp(), 'WebApp', 'us-east-1'), stackArn('us-east-1', 'WebApp', 2)),
        // A stack of the same name in another Region.
        ...logGroupNamesOf(cacheIn(testApp(), 'WebApp', 'eu-west-1'), stackArn('eu-west-1', 'WebApp', 3)),
        ...logGroupNamesOf(cacheIn(testApp(), 'OtherWebApp', 'us-east-1'), stackArn('us-east-1', 'OtherWebApp', 4)),
      ];
      expect(new Set(names).size).toEqual(8);
    });

    test('differ between two caches of one stack', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      const caches = ['Cache', 'Sessions'].map((id) => new WebAppCache(stack, id, { vpc: network.vpc, vpcSubnets: network.dataSubnets }));
      const stackId = stackArn('us-east-1', 'TestStack', 5);
      const resources = Template.fromStack(stack).toJSON().Resources;
      const names = caches.flatMap((cache) => [cache.slowLogGroup, cache.engineLogGroup])
        .map((group) => deployed(resources[logicalId(stack, group)].Properties.LogGroupName, stackId));
      expect(new Set(names).size).toEqual(4);
    });

    test.each([
      ['a short path', 'Cache', undefined],
      ['a long path', 'Cache_Of-The.2nd-Region', (stack: Stack) => new Construct(new Construct(stack, `A${'VeryLongConstructId'.repeat(8)}`), 'Data')],
    ])('with %s, are names that CloudWatch Logs takes: at most 512 characters of [.-_/#A-Za-z0-9]', (_name, cacheId, parent) => {
      const stack = cacheIn(testApp(), 'AStackNameThatIsLongerThanTheLimitOfTheIds', 'us-east-1', cacheId, parent);
      for (const name of logGroupNamesOf(stack, stackArn('us-east-1', 'AStackNameThatIsLongerThanTheLimitOfTheIds', 9))) {
        expect(name).toMatch(/^\/aws\/vendedlogs\/elasticache\/[.\-_/#A-Za-z0-9]+$/);
        expect(name.length).toBeLessThanOrEqual(512);
      }
    });
  });

  describe('parameters', () => {
    test.each<[string, CacheEngine, { [name: string]: string }]>([
      ['Valkey 8.2', CacheEngine.valkey('8.2'), {
        'maxmemory-policy': 'allkeys-lfu',
        'maxmemory-samples': '10',
        'notify-keyspace-events': 'Ex',
        'search-default-timeout-ms': '60000',
        'commandlog-large-request-max-len': '1024',
        'extended-redis-compatibility': 'no',
        'timeout': '300',
        'slowlog-log-slower-than': '-1',
      }],
      ['Valkey 7.2', CacheEngine.valkey('7.2'), { 'lazyfree-lazy-eviction': 'yes', 'hash-max-listpack-entries': '256', 'maxmemory-samples': '100' }],
      ['Valkey 9.0', CacheEngine.valkey('9.0'), { 'cluster-databases': '16', 'search-enable-partial-results': 'yes' }],
      ['Redis OSS 7.1', CacheEngine.redis('7.1'), { 'lazyfree-lazy-user-del': 'yes', 'acl-pubsub-default': 'resetchannels', 'reserved-memory-percent': '30' }],
    ])('%s takes parameters of its family, into the parameter group as given', (_name, engine, parameters) => {
      synth({ engine, parameters }).template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
        Properties: { ...parameters, 'cluster-enabled': 'no' },
      });
    });

    test.each<[string, WebAppCacheOptions, RegExp]>([
      ['a misspelt name, with the close match', { parameters: { 'maxmemory-polcy': 'volatile-lru' } },
        /invalid parameters \('maxmemory-polcy'\): did you mean 'maxmemory-policy'\? ElastiCache's valkey8 parameter groups \(Valkey 8\.2\) have no parameter/],
      ['a name in capitals', { parameters: { 'MaxMemory-Policy': 'volatile-lru' } }, /invalid parameters \('MaxMemory-Policy'\): did you mean 'maxmemory-policy'\?/],
      ['a name without a close match', { parameters: { 'no-such-thing': 'yes' } },
        /invalid parameters \('no-such-thing'\): ElastiCache's valkey8 parameter groups .* listed at https:\/\/docs\.aws\.amazon\.com\/AmazonElastiCache\/latest\/dg\/ParameterGroups\.Engine\.html/],
      ['a ziplist name of Redis OSS 6', { engine: CacheEngine.redis(), parameters: { 'hash-max-ziplist-entries': '256' } },
        /invalid parameters \('hash-max-ziplist-entries'\): use 'hash-max-listpack-entries'/],
      ['a slave name of Redis OSS 4', { parameters: { 'min-slaves-to-write': '1' } }, /use 'min-replicas-to-write': 'min-slaves-to-write' was renamed in Redis OSS 5\.0/],
      ['a lazy-free parameter on Valkey 8', { parameters: { 'lazyfree-lazy-user-del': 'yes' } }, /leave it out: 'lazyfree-lazy-user-del' was removed in Valkey 8\.0/],
      ['a Valkey 8.1 parameter on Valkey 8.0', { engine: CacheEngine.valkey('8.0'), parameters: { 'commandlog-reply-larger-than': '1024' } },
        /'commandlog-reply-larger-than' came with Valkey 8\.1: use CacheEngine\.valkey\('8\.1'\) or later/],
      ['a Valkey parameter on Redis OSS', { engine: CacheEngine.redis(), parameters: { 'extended-redis-compatibility': 'yes' } },
        /'extended-redis-compatibility' is a parameter of the valkey8 and valkey9 parameter groups, not of the redis7 family/],
      ['a Valkey 9 parameter on Valkey 8', { parameters: { 'cluster-databases': '4' } }, /a parameter of the valkey9 parameter groups, not of the valkey8 family/],
      ['maxmemory, which ElastiCache sets per node type', { parameters: { maxmemory: '1000000' } },
        /invalid parameters \('maxmemory'\): remove it: ElastiCache sets 'maxmemory' itself/],
      ['activerehashing, hidden since Redis OSS 7', { engine: CacheEngine.redis(), parameters: { activerehashing: 'no' } }, /ElastiCache sets 'activerehashing' itself/],
      ['an eviction policy that does not exist', { parameters: { 'maxmemory-policy': 'lru' } },
        /invalid parameters\.maxmemory-policy \('lru'\): give one of 'volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'/],
      ['an LFU policy with data tiering', { nodeType: 'cache.r6gd.xlarge', parameters: { 'maxmemory-policy': 'allkeys-lfu' } },
        /invalid parameters\.maxmemory-policy \('allkeys-lfu'\): give one of 'noeviction', 'volatile-lru', 'allkeys-lru': nodes with data tiering \(cache\.r6gd\.xlarge\)/],
      ['true for yes', { parameters: { activedefrag: 'true' } }, /invalid parameters\.activedefrag \('true'\): give 'yes' or 'no'/],
      ['a number out of the documented range', { parameters: { 'active-defrag-cycle-max': '90' } }, /invalid parameters\.active-defrag-cycle-max \('90'\): give a whole number from 1 to 75/],
      ['a number that is not whole', { parameters: { 'maxmemory-samples': '5.5' } }, /invalid parameters\.maxmemory-samples \('5\.5'\): give a whole number from 1 to 64/],
      ['a word for a number', { parameters: { 'tcp-keepalive': 'five minutes' } }, /invalid parameters\.tcp-keepalive \('five minutes'\): give a whole number of at least 0/],
    ])('refuses %s', (_name, options, message) => {
      expect(() => synth(options)).toThrow(message);
      expect(() => synth(options)).toThrow(/^TestStack\/Cache: invalid parameters/);
    });

    test('tokens pass unchecked: as a name, as a value, and as the whole map', () => {
      const value = Lazy.string({ produce: () => 'lru' });
      expect(() => synth({ parameters: { 'maxmemory-policy': value } })).not.toThrow();
      expect(() => synth({ parameters: { [Lazy.string({ produce: () => 'no-such-thing' })]: 'yes' } })).not.toThrow();
    });
  });

  describe('validation', () => {
    test.each<[string, WebAppCacheOptions, RegExp]>([
      ['replicasPerShard', { replicasPerShard: 0 }, /invalid replicasPerShard \(0\): give 1 to 5: Multi-AZ with automatic failover needs a replica/],
      ['replicasPerShard', { replicasPerShard: 6 }, /invalid replicasPerShard \(6\): use a whole number from 1 to 5/],
      ['replicasPerShard', { replicasPerShard: -1 }, /invalid replicasPerShard \(-1\)/],
      ['replicasPerShard', { replicasPerShard: 1.5 }, /invalid replicasPerShard \(1.5\)/],
      ['replicasPerShard', { replicasPerShard: Lazy.number({ produce: () => 2 }) }, /invalid replicasPerShard .*give a literal value/],
      ['shards', { shards: 0 }, /invalid shards \(0\): use a whole number from 1 to 500/],
      ['shards', { shards: 501 }, /invalid shards \(501\)/],
      ['shards', { shards: 2.5 }, /invalid shards \(2.5\)/],
      ['shards', { shards: 200, replicasPerShard: 2 }, /invalid shards \(200\): 200 shards of 3 nodes make 600 nodes; ElastiCache allows at most 500/],
      ['shards', { shards: Lazy.number({ produce: () => 2 }) }, /invalid shards .*give a literal value/],
      ['clusterMode', { shards: 2, clusterMode: false }, /invalid clusterMode \(false\): 2 shards need cluster mode/],
      ['engine', { engine: CacheEngine.valkey('7.1') }, /invalid engine \('CacheEngine.valkey\('7.1'\)'\): ElastiCache offers no Valkey 7.1: give one of 7.2, 8.0, 8.1, 8.2, 9.0, 9.1/],
      ['engine', { engine: CacheEngine.valkey('8.2.1') }, /invalid engine .*ElastiCache offers no Valkey 8.2.1/],
      ['engine', { engine: CacheEngine.redis('8.0') }, /invalid engine \('CacheEngine.redis\('8.0'\)'\): ElastiCache offers no Redis OSS 8.0: give one of 7.0, 7.1/],
      ['engine', { engine: CacheEngine.redis('6.2') }, /invalid engine \('CacheEngine.redis\('6.2'\)'\): give a Redis OSS version of 7.0, 7.1, or use CacheEngine.valkey\(\)/],
      ['engine', { engine: CacheEngine.redis('') }, /invalid engine .*ElastiCache offers no Redis OSS/],
      ['nodeType', { nodeType: 't4g.small' }, /invalid nodeType \('t4g.small'\): give an ElastiCache node type/],
      ['nodeType', { nodeType: 'cache.t4g' }, /invalid nodeType \('cache.t4g'\)/],
      ['port', { port: 80 }, /invalid port \(80\): use a whole number from 1024 to 65535/],
      ['port', { port: 70000 }, /invalid port \(70000\)/],
      ['snapshotRetentionLimit', { snapshotRetentionLimit: 0 }, /invalid snapshotRetentionLimit \(0\): use a whole number from 1 to 35/],
      ['snapshotRetentionLimit', { snapshotRetentionLimit: 36 }, /invalid snapshotRetentionLimit \(36\)/],
      ['snapshotRetentionLimit', { snapshotRetentionLimit: 7.5 }, /invalid snapshotRetentionLimit \(7.5\)/],
      ['snapshotWindow', { snapshotWindow: '3:00-4:00' }, /invalid snapshotWindow \('3:00-4:00'\): give a daily UTC window as hh24:mi-hh24:mi/],
      ['snapshotWindow', { snapshotWindow: '24:00-01:00' }, /invalid snapshotWindow \('24:00-01:00'\)/],
      ['snapshotWindow', { snapshotWindow: '03:00-03:30' }, /invalid snapshotWindow \('03:00-03:30'\): give a window of at least 60 minutes/],
      ['snapshotWindow', { snapshotWindow: '05:30-06:30' }, /invalid snapshotWindow \('05:30-06:30'\): choose a window that does not overlap preferredMaintenanceWindow \('sun:05:00-sun:06:00'\) on any day/],
      ['snapshotWindow', { snapshotWindow: '00:00-01:00', preferredMaintenanceWindow: 'sat:23:30-sun:00:30' }, /invalid snapshotWindow \('00:00-01:00'\): choose a window that does not overlap/],
      ['snapshotWindow', { snapshotWindow: '04:00-06:00', preferredMaintenanceWindow: 'tue:05:00-tue:06:00' }, /invalid snapshotWindow \('04:00-06:00'\)/],
      ['preferredMaintenanceWindow', { preferredMaintenanceWindow: 'sunday:05:00-sunday:06:00' }, /invalid preferredMaintenanceWindow \('sunday:05:00-sunday:06:00'\): give a weekly UTC window as ddd:hh24:mi-ddd:hh24:mi with ddd one of sun, mon, tue, wed, thu, fri, sat/],
      ['preferredMaintenanceWindow', { preferredMaintenanceWindow: 'sun:05:00-sun:05:59' }, /invalid preferredMaintenanceWindow \('sun:05:00-sun:05:59'\): give a window of at least 60 minutes/],
      ['parameters', { parameters: { 'cluster-enabled': 'yes' } }, /invalid parameters \(\{"cluster-enabled":"yes"\}\): remove 'cluster-enabled': it is set from clusterMode/],
      ['accessString', { accessString: '~* +@all' }, /invalid accessString \('~\* \+@all'\): include 'on' \(and not 'off'\): a user that is off cannot sign in/],
      ['accessString', { accessString: 'on off ~* +@all' }, /invalid accessString .*include 'on' \(and not 'off'\)/],
      ['accessString', { accessString: 'on nopass ~* +@all' }, /invalid accessString \('on nopass ~\* \+@all'\): leave out password rules .*the user signs in with IAM/],
      ['accessString', { accessString: 'on >secret ~* +@all' }, /invalid accessString .*leave out password rules/],
      ['accessString', { accessString: 'on ~* +@all resetpass' }, /invalid accessString .*leave out password rules/],
    ])('rejects %s in %p', (_prop, options, message) => {
      expect(() => synth(options)).toThrow(message);
      expect(() => synth(options)).toThrow(/^TestStack\/Cache: invalid /);
    });

    test('rejects subnets in a single Availability Zone', () => {
      expect(() => synth({}, () => ({ vpcSubnets: { subnetGroupName: WebAppNetwork.DATA_SUBNET_GROUP, availabilityZones: [TEST_AZS[0]] } })))
        .toThrow(/^TestStack\/Cache: invalid vpcSubnets .*: the selected subnets are in 1 Availability Zone\(s\); select subnets in at least 2/);
    });

    test('rejects a selection of subnets that the VPC does not have', () => {
      expect(() => synth({}, () => ({ vpcSubnets: { subnetGroupName: 'Missing' } })))
        .toThrow(/^TestStack\/Cache: invalid vpcSubnets .*: select subnets that exist in the VPC/);
    });

    test.each<WebAppCacheOptions>([
      { replicasPerShard: 5 },
      { shards: 83, replicasPerShard: 5 },
      { shards: 250, replicasPerShard: 1 },
      { snapshotRetentionLimit: 1 },
      { snapshotWindow: '23:30-00:30', preferredMaintenanceWindow: 'sun:01:00-sun:02:00' },
      { snapshotWindow: '04:00-05:00' },
      { preferredMaintenanceWindow: 'SAT:22:00-SUN:02:00' },
      { port: 1024 },
      { engine: CacheEngine.valkey('9.0') },
      { accessString: 'on ~app:* -@all +@read +@write +@connection' },
    ])('accepts %p', (options) => {
      expect(() => synth(options)).not.toThrow();
    });
  });

  describe('quality gates', () => {
    const CONFIGURATIONS: Record<string, (stack: Stack, network: WebAppNetwork) => void> = {
      'the defaults': (stack, network) => {
        new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
      },
      'cluster mode with 3 shards of 3 nodes': (stack, network) => {
        new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets, shards: 3, replicasPerShard: 2 });
      },
      'Redis OSS, admitting an app security group': (stack, network) => {
        const cache = new WebAppCache(stack, 'Cache', { vpc: network.vpc, vpcSubnets: network.dataSubnets, engine: CacheEngine.redis() });
        cache.allowConnectionsFrom(new ec2.SecurityGroup(stack, 'App', { vpc: network.vpc, allowAllOutbound: false }));
      },
      'a fully configured cache': (stack, network) => {
        const cache = new WebAppCache(stack, 'Cache', {
          vpc: network.vpc,
          vpcSubnets: network.dataSubnets,
          encryptionKey: new WebAppEncryption(stack, 'Keys').key,
          engine: CacheEngine.valkey('9.1'),
          nodeType: 'cache.r7g.large',
          shards: 2,
          replicasPerShard: 2,
          port: 6380,
          snapshotRetentionLimit: 35,
          snapshotWindow: '01:00-02:30',
          preferredMaintenanceWindow: 'tue:03:00-tue:04:00',
          logRetention: logs.RetentionDays.TWO_YEARS,
          parameters: { 'maxmemory-policy': 'volatile-lru' },
          removalPolicy: RemovalPolicy.RETAIN,
        });
        cache.allowConnectionsFrom(new ec2.SecurityGroup(stack, 'App', { vpc: network.vpc }));
      },
    };

    describe.each(Object.entries(CONFIGURATIONS))('%s', (_name, configure) => {
      test('the four cdk-nag packs report no unacknowledged error', () => {
        const app = testApp();
        const stack = testStack(app);
        configure(stack, new WebAppNetwork(stack, 'Network'));
        expect(formatFindings(nagFindings(app))).toEqual('');
      });

      test('cfn-lint reports no error or warning', () => {
        const app = testApp();
        const stack = testStack(app);
        configure(stack, new WebAppNetwork(stack, 'Network'));
        expect(cfnLint(templatesOf(app))).toEqual([]);
      });
    });

    test('the exceptions are acknowledged on the replication group, with reasons', () => {
      const { cache } = synth();
      const acknowledged = (construct: IConstruct) => construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .map((entry) => JSON.stringify(entry.data));
      // AEC6 looks for an AUTH token; the cache has role-based access control with IAM authentication instead.
      expect(acknowledged(cache.replicationGroup).join('\n')).toMatch(/AwsSolutions-AEC6.*role-based access control.*IAM/);
      expect(acknowledged(cache.replicationGroup).join('\n')).toMatch(/AwsSolutions-AEC5/);
      const other = synth({ port: 6380 }).cache;
      expect(acknowledged(other.replicationGroup).join('\n')).not.toMatch(/AEC5/);
    });
  });
});
