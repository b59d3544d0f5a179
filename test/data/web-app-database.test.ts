import { CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  BlueGreenPhase, DatabaseDeployment, DatabaseEngine, DatabaseEngineFamily, DatabaseTopology, WebAppDatabase, WebAppDatabaseOptions,
  WebAppDatabaseProps,
} from '../../src/data/web-app-database';
import { WebAppNetwork, WebAppNetworkProps } from '../../src/network/web-app-network';
import { recordException } from '../../src/private/compliance';
import { grantPolicy } from '../../src/private/exceptions';
import { cfnLint, formatFindings, nagFindings, templatesOf } from '../gates/quality-gates';
import { logicalId, OTHER_REGION, RECOVERY_REGION, TEST_ACCOUNT, TEST_AZS, testApp, testStack } from '../helpers';

const KEY = 'DatabaseEncryptionKeyC578396C';
const INSTANCE = 'DatabaseInstanceAA8A5FDE';
const REPLICA_1 = 'DatabaseReadReplica1FBA61E5E';
const SECURITY_GROUP = 'DatabaseSecurityGroup5C91FDCB';
const PARAMETER_GROUP = 'DatabaseParameterGroup2A921026';
const MONITORING_ROLE = 'DatabaseMonitoringRole576991DA';
const MULTI_AZ_CLUSTER = 'DatabaseClusterC6094C50';
const AURORA_CLUSTER = 'DatabaseCluster5B53A178';
const AURORA_WRITER = 'DatabaseClusterWriterD43085C6';
const AURORA_READER_1 = 'DatabaseClusterReader1D8B76102';
const BASE_NAME = 'teststack-database-52a32ee3';
/** The start of the stack's UUID, which ends every database identifier. */
const STACK_UUID_START = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] };

/** A name made of `before`, the database identifier and `after`, as the template renders it. */
function named(before = '', after = ''): unknown {
  return { 'Fn::Join': ['', [`${before}${BASE_NAME}-`, STACK_UUID_START, ...after ? [after] : []]] };
}
const KEY_ARN = { 'Fn::GetAtt': [KEY, 'Arn'] };
const DATA_SUBNETS = [
  { Ref: 'NetworkVpcDataSubnet1SubnetC4E2CA79' },
  { Ref: 'NetworkVpcDataSubnet2Subnet1DE78234' },
  { Ref: 'NetworkVpcDataSubnet3Subnet41FD9D3C' },
];

interface Synthesized {
  readonly stack: Stack;
  readonly network: WebAppNetwork;
  readonly database: WebAppDatabase;
  readonly template: Template;
}

interface Created {
  readonly network: WebAppNetwork;
  readonly database: WebAppDatabase;
}

function create(stack: Stack, options: WebAppDatabaseOptions = {}, networkProps: WebAppNetworkProps = {}): Created {
  const network = new WebAppNetwork(stack, 'Network', networkProps);
  const database = new WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets, ...options });
  return { network, database };
}

function synth(options: WebAppDatabaseOptions = {}, networkProps: WebAppNetworkProps = {}): Synthesized {
  const stack = testStack();
  const { network, database } = create(stack, options, networkProps);
  return { stack, network, database, template: Template.fromStack(stack) };
}

function resource(template: Template, id: string) {
  const found = template.toJSON().Resources[id];
  if (!found) {
    throw new Error(`no resource ${id}`);
  }
  return found;
}

function resourcesOfType(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

/** Statements of the default policy of a role. */
function statementsOf(template: Template, stack: Stack, role: iam.Role): any[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalId(stack, role) }] },
  }));
  return policies.flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

function appRole(stack: Stack): iam.Role {
  return new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
}

/** A key of the recovery Region (eu-west-1), imported by its ARN: it lives in neither the source's stack nor the replica's. */
const REPLICA_KEY_ARN = `arn:aws:kms:${OTHER_REGION}:${TEST_ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`;
const CROSS_REGION_REPLICA = 'DatabaseCrossRegionReplica6298F2C9';
/** The identifier of the replica's database in the stack 'Recovery', before the stack's UUID. */
const RECOVERY_BASE_NAME = 'recovery-database-8c8b4b9b';

/** Settings of a source whose credentials Secrets Manager replicates to eu-west-1, with the key above. */
function replicatedCredentials(stack: Stack): WebAppDatabaseOptions {
  return { credentialsReplicaRegions: [{ region: OTHER_REGION, encryptionKey: kms.Key.fromKeyArn(stack, 'ReplicaCredentialsKey', REPLICA_KEY_ARN) }] };
}

interface CrossRegion {
  readonly primary: Stack;
  readonly recovery: Stack;
  readonly source: WebAppDatabase;
  readonly replica: WebAppDatabase;
}

/**
 * A source database in a stack of us-east-1 ('Primary') and its cross-Region replica in a stack of
 * `recoveryRegion` ('Recovery'; null for none) of the same app, whose stacks refer to each other by weak references.
 */
function crossRegion(
  sourceOptions: (stack: Stack) => WebAppDatabaseOptions = replicatedCredentials,
  replicaProps: (stack: Stack) => Partial<WebAppDatabaseProps> = () => ({}),
  recoveryRegion: string | null = OTHER_REGION,
): CrossRegion {
  const app = testApp();
  app.node.setContext(cxapi.DEFAULT_CROSS_STACK_REFERENCES, 'weak');
  const primary = testStack(app, 'Primary');
  const { database: source } = create(primary, sourceOptions(primary));
  const recovery = new Stack(app, 'Recovery', { env: { account: TEST_ACCOUNT, region: recoveryRegion ?? undefined } });
  const network = new WebAppNetwork(recovery, 'Network');
  const replica = new WebAppDatabase(recovery, 'Database', {
    vpc: network.vpc,
    vpcSubnets: network.dataSubnets,
    crossRegionReplicaOf: source,
    replicaCredentialsKey: kms.Key.fromKeyArn(recovery, 'CredentialsKey', REPLICA_KEY_ARN),
    ...replicaProps(recovery),
  });
  return { primary, recovery, source, replica };
}

describe('WebAppDatabase', () => {
  describe('defaults: PostgreSQL, Multi-AZ DB instance with one read replica', () => {
    let stack: Stack;
    let database: WebAppDatabase;
    let template: Template;
    beforeAll(() => {
      ({ stack, database, template } = synth());
    });

    test('keeps the logical IDs of the stateful resources stable', () => {
      expect(logicalId(stack, database.instance!)).toEqual(INSTANCE);
      expect(logicalId(stack, database.readReplicas[0])).toEqual(REPLICA_1);
      expect(logicalId(stack, database.encryptionKey as kms.Key)).toEqual(KEY);
      expect(Object.keys(resourcesOfType(template, 'AWS::SecretsManager::Secret')))
        .toEqual(['TestStackDatabaseInstanceSecretB6EB24DA3fdaad7efa858a3daf9490cf0a702aeb']);
      expect(Object.keys(resourcesOfType(template, 'AWS::Logs::LogGroup')).filter((id) => id.startsWith('Database'))).toEqual([
        'DatabaseInstancePostgresqlLog60F9F3DA', 'DatabaseInstanceUpgradeLogD610442D',
        'DatabaseReadReplica1PostgresqlLog2F23EBF7', 'DatabaseReadReplica1UpgradeLog55878B5E',
      ]);
    });

    test('runs PostgreSQL 16.13 Multi-AZ on db.m7g.large in the data subnets, without a public address', () => {
      expect(resource(template, INSTANCE).Properties).toMatchObject({
        Engine: 'postgres',
        EngineVersion: '16.13',
        DBInstanceClass: 'db.m7g.large',
        MultiAZ: true,
        PubliclyAccessible: false,
        DBInstanceIdentifier: named(),
        DBName: 'app',
        MasterUsername: 'webapp_admin',
        DBSubnetGroupName: { Ref: 'DatabaseSubnetGroup7D60F180' },
        VPCSecurityGroups: [{ 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] }],
      });
      expect(resource(template, INSTANCE).Properties.AvailabilityZone).toBeUndefined();
      template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: DATA_SUBNETS });
      expect(database.engine.family).toEqual(DatabaseEngineFamily.POSTGRESQL);
      expect(database.engineVersion).toEqual('16.13');
      expect(database.port).toEqual(5432);
      expect(database.topology.deployment).toEqual(DatabaseDeployment.MULTI_AZ_INSTANCE);
    });

    test('encrypts storage and Performance Insights with a new customer managed key with rotation', () => {
      template.resourceCountIs('AWS::KMS::Key', 2); // the network's and the database's
      expect(resource(template, KEY).Properties.EnableKeyRotation).toBe(true);
      expect(resource(template, INSTANCE).Properties).toMatchObject({
        StorageEncrypted: true,
        KmsKeyId: KEY_ARN,
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: KEY_ARN,
        PerformanceInsightsRetentionPeriod: 7,
      });
    });

    test('uses 20 GiB of gp3 storage that grows by itself up to 100 GiB', () => {
      expect(resource(template, INSTANCE).Properties).toMatchObject({ StorageType: 'gp3', AllocatedStorage: '20', MaxAllocatedStorage: 100 });
      expect(resource(template, INSTANCE).Properties.Iops).toBeUndefined();
    });

    test('forces TLS with its own parameter group, shared by the replica', () => {
      expect(resource(template, PARAMETER_GROUP)).toMatchObject({
        Type: 'AWS::RDS::DBParameterGroup',
        Properties: { Family: 'postgres16', Parameters: { 'rds.force_ssl': '1' } },
      });
      expect(resource(template, INSTANCE).Properties.DBParameterGroupName).toEqual({ Ref: PARAMETER_GROUP });
      expect(resource(template, REPLICA_1).Properties.DBParameterGroupName).toEqual({ Ref: PARAMETER_GROUP });
    });

    test('turns on IAM database authentication on the primary and the replica', () => {
      expect(resource(template, INSTANCE).Properties.EnableIAMDatabaseAuthentication).toBe(true);
      expect(resource(template, REPLICA_1).Properties.EnableIAMDatabaseAuthentication).toBe(true);
    });

    test('keeps automated backups 7 days, copies tags to snapshots and keeps the backups after deletion', () => {
      expect(resource(template, INSTANCE).Properties).toMatchObject({
        BackupRetentionPeriod: 7,
        PreferredBackupWindow: '03:00-04:00',
        CopyTagsToSnapshot: true,
        DeleteAutomatedBackups: false,
      });
    });

    test('monitors every 60 seconds with a role for the RDS monitoring service', () => {
      for (const id of [INSTANCE, REPLICA_1]) {
        expect(resource(template, id).Properties).toMatchObject({ MonitoringInterval: 60, MonitoringRoleArn: { 'Fn::GetAtt': [MONITORING_ROLE, 'Arn'] } });
      }
      expect(resource(template, MONITORING_ROLE).Properties).toEqual({
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' } }],
          Version: '2012-10-17',
        },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole']] }],
      });
    });

    test('exports the postgresql and upgrade logs to log groups encrypted with the key, kept a year, created before the instances', () => {
      expect(resource(template, INSTANCE).Properties.EnableCloudwatchLogsExports).toEqual(['postgresql', 'upgrade']);
      expect(resource(template, REPLICA_1).Properties.EnableCloudwatchLogsExports).toEqual(['postgresql', 'upgrade']);
      expect(resource(template, 'DatabaseInstancePostgresqlLog60F9F3DA')).toMatchObject({
        Properties: { LogGroupName: named('/aws/rds/instance/', '/postgresql'), KmsKeyId: KEY_ARN, RetentionInDays: 365 },
        DeletionPolicy: 'Retain',
      });
      expect(resource(template, 'DatabaseReadReplica1UpgradeLog55878B5E').Properties.LogGroupName).toEqual(named('/aws/rds/instance/', '-replica-1/upgrade'));
      expect(resource(template, INSTANCE).DependsOn).toEqual(['DatabaseInstancePostgresqlLog60F9F3DA', 'DatabaseInstanceUpgradeLogD610442D']);
      expect(resource(template, REPLICA_1).DependsOn).toEqual(['DatabaseReadReplica1PostgresqlLog2F23EBF7', 'DatabaseReadReplica1UpgradeLog55878B5E']);
      expect(database.logGroups).toHaveLength(4);
    });

    test('lets CloudWatch Logs use the key only for RDS log groups of this account and Region', () => {
      expect(resource(template, KEY).Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
        Sid: 'AllowCloudWatchLogsForRdsLogGroups',
        Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } },
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:/aws/rds/*']] },
          },
        },
      }));
    });

    test('applies minor versions automatically in the maintenance window, never a major version', () => {
      expect(resource(template, INSTANCE).Properties).toMatchObject({
        AutoMinorVersionUpgrade: true,
        AllowMajorVersionUpgrade: false,
        PreferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      });
      expect(resource(template, REPLICA_1).Properties).toMatchObject({ AutoMinorVersionUpgrade: true, PreferredMaintenanceWindow: 'sun:04:30-sun:05:30' });
    });

    test('protects the database from deletion and snapshots it when it leaves the stack; keeps key, secret and logs', () => {
      expect(resource(template, INSTANCE)).toMatchObject({
        Properties: { DeletionProtection: true },
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
      });
      expect(resource(template, REPLICA_1)).toMatchObject({ Properties: { DeletionProtection: true }, DeletionPolicy: 'Delete' });
      expect(resource(template, KEY).DeletionPolicy).toEqual('Retain');
      const [secret] = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
      expect(secret.DeletionPolicy).toEqual('Retain');
      // what only the deleted instance used goes with it
      expect(resource(template, SECURITY_GROUP).DeletionPolicy).toEqual('Delete');
      expect(resource(template, 'DatabaseSubnetGroup7D60F180').DeletionPolicy).toEqual('Delete');
    });

    test('puts the read replica in an Availability Zone of the data subnets, encrypted through its source', () => {
      expect(resource(template, REPLICA_1).Properties).toMatchObject({
        SourceDBInstanceIdentifier: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:db:', { Ref: INSTANCE }]] },
        AvailabilityZone: TEST_AZS[0],
        DBInstanceClass: 'db.m7g.large',
        DBInstanceIdentifier: named('', '-replica-1'),
        PubliclyAccessible: false,
        StorageType: 'gp3',
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: KEY_ARN,
      });
      // CloudFormation rejects StorageEncrypted on a replica; it inherits the source's key
      expect(resource(template, REPLICA_1).Properties.StorageEncrypted).toBeUndefined();
      expect(resource(template, REPLICA_1).Properties.KmsKeyId).toBeUndefined();
    });

    test('generates the credentials into Secrets Manager, encrypted with the key', () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        KmsKeyId: KEY_ARN,
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"webapp_admin"}', GenerateStringKey: 'password' }),
      });
      template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', { TargetId: { Ref: INSTANCE }, TargetType: 'AWS::RDS::DBInstance' });
      expect(database.masterUsername).toEqual('webapp_admin');
    });

    test('rotates the credentials every 7 days with a Secrets Manager hosted rotation function in the app subnets, and no Lambda of its own', () => {
      expect(template.toJSON().Transform).toEqual('AWS::SecretsManager-2024-09-16');
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: { Ref: 'DatabaseInstanceSecretAttachmentFCA06D38' },
        RotationRules: { ScheduleExpression: 'rate(7 days)' },
        HostedRotationLambda: {
          RotationType: 'PostgreSQLSingleUser',
          KmsKeyArn: KEY_ARN,
          VpcSecurityGroupIds: { 'Fn::GetAtt': ['DatabaseRotationSecurityGroup8E1B7C66', 'GroupId'] },
          VpcSubnetIds: { 'Fn::Join': ['', [{ Ref: 'NetworkVpcAppSubnet1SubnetFA2393E9' }, ',', { Ref: 'NetworkVpcAppSubnet2SubnetF926DC8B' }, ',', { Ref: 'NetworkVpcAppSubnet3Subnet047AE581' }]] },
        },
      });
      // the network alone has the same functions and custom resources (its default security group cleanup)
      const networkOnly = testStack();
      new WebAppNetwork(networkOnly, 'Network');
      const functionsAndCustomResources = (of: Template) => Object.values(of.toJSON().Resources)
        .map((r) => (r as { Type: string }).Type)
        .filter((type) => type === 'AWS::Lambda::Function' || type.startsWith('Custom::'));
      expect(functionsAndCustomResources(template)).toEqual(functionsAndCustomResources(Template.fromStack(networkOnly)));
    });

    test('lets the rotation function reach the database port and HTTPS, nothing else', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': ['DatabaseRotationSecurityGroup8E1B7C66', 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
      });
      expect(resource(template, 'DatabaseRotationSecurityGroup8E1B7C66').Properties.SecurityGroupEgress).toEqual([
        { CidrIp: '0.0.0.0/0', Description: 'HTTPS to the Secrets Manager API', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      ]);
    });

    test('has a security group that admits no one else and sends nothing out', () => {
      const ingress = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress'))
        .filter((rule: any) => JSON.stringify(rule.Properties.GroupId).includes(SECURITY_GROUP));
      expect(ingress).toHaveLength(1); // the rotation function
      expect(resource(template, SECURITY_GROUP).Properties.SecurityGroupIngress).toBeUndefined();
      expect(resource(template, SECURITY_GROUP).Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ]);
    });

    test('exposes the endpoints, the secret and the parts', () => {
      expect(stack.resolve(database.endpoint)).toEqual({ 'Fn::GetAtt': [INSTANCE, 'Endpoint.Address'] });
      expect(stack.resolve(database.readerEndpoint)).toEqual({ 'Fn::GetAtt': [REPLICA_1, 'Endpoint.Address'] });
      expect(database.replicaEndpoints.map((endpoint) => stack.resolve(endpoint))).toEqual([{ 'Fn::GetAtt': [REPLICA_1, 'Endpoint.Address'] }]);
      expect(stack.resolve(database.secret.secretArn)).toEqual({ Ref: 'DatabaseInstanceSecretAttachmentFCA06D38' });
      expect(database.secret.encryptionKey).toBe(database.encryptionKey);
      expect(database.readReplicas).toHaveLength(1);
      expect(database.cluster).toBeUndefined();
      expect(database.multiAzCluster).toBeUndefined();
      expect(database.proxy).toBeUndefined();
      expect(database.proxyEndpoint).toBeUndefined();
      expect(database.connections.securityGroups).toEqual([database.securityGroup]);
      expect(database.connections.defaultPort?.toString()).toEqual('5432');
    });

    test('warns about nothing', () => {
      Annotations.fromStack(stack).hasNoWarning('/TestStack/Database*', Match.anyValue());
    });
  });

  describe('read replicas', () => {
    test('spread over the Availability Zones round robin, each with its own log groups', () => {
      const { database, template } = synth({ topology: DatabaseTopology.multiAzInstance({ readReplicas: 4 }) });
      const replicas = Object.values(resourcesOfType(template, 'AWS::RDS::DBInstance')).filter((r: any) => r.Properties.SourceDBInstanceIdentifier);
      expect(replicas.map((r: any) => r.Properties.AvailabilityZone)).toEqual([TEST_AZS[0], TEST_AZS[1], TEST_AZS[2], TEST_AZS[0]]);
      expect(replicas.map((r: any) => r.Properties.DBInstanceIdentifier)).toEqual([1, 2, 3, 4].map((n) => named('', `-replica-${n}`)));
      expect(database.readReplicas).toHaveLength(4);
      expect(database.replicaEndpoints).toHaveLength(4);
      expect(database.logGroups).toHaveLength(10);
    });

    test('a larger allocatedStorage raises the default autoscaling limit to twice its size; at the maximum size there is none', () => {
      expect(resource(synth({ allocatedStorage: 200 }).template, INSTANCE).Properties).toMatchObject({ AllocatedStorage: '200', MaxAllocatedStorage: 400 });
      expect(resource(synth({ allocatedStorage: 65536 }).template, INSTANCE).Properties.MaxAllocatedStorage).toBeUndefined();
    });

    test('none: the reader endpoint is the primary', () => {
      const { stack, database, template } = synth({ topology: DatabaseTopology.multiAzInstance({ readReplicas: 0 }) });
      template.resourceCountIs('AWS::RDS::DBInstance', 1);
      expect(stack.resolve(database.readerEndpoint)).toEqual(stack.resolve(database.endpoint));
      expect(database.replicaEndpoints).toEqual([]);
    });
  });

  describe('MySQL', () => {
    let stack: Stack;
    let database: WebAppDatabase;
    let template: Template;
    beforeAll(() => {
      ({ stack, database, template } = synth({ engine: DatabaseEngine.mysql() }));
    });

    test('runs MySQL 8.4.8 on port 3306 with the webapp_admin user', () => {
      expect(resource(template, INSTANCE).Properties).toMatchObject({ Engine: 'mysql', EngineVersion: '8.4.8', MasterUsername: 'webapp_admin', MultiAZ: true });
      expect(database.port).toEqual(3306);
      expect(database.connections.defaultPort?.toString()).toEqual('3306');
    });

    test('forces TLS and writes the slow query log to files that are exported', () => {
      expect(resource(template, PARAMETER_GROUP).Properties).toMatchObject({
        Family: 'mysql8.4',
        Parameters: { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' },
      });
    });

    test('audits logins and schema and privilege changes with the MariaDB audit plugin, on the primary and the replica', () => {
      template.hasResourceProperties('AWS::RDS::OptionGroup', {
        EngineName: 'mysql',
        MajorEngineVersion: '8.4',
        OptionConfigurations: [{ OptionName: 'MARIADB_AUDIT_PLUGIN', OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY_DDL,QUERY_DCL' }] }],
      });
      const optionGroup = Object.keys(resourcesOfType(template, 'AWS::RDS::OptionGroup'))[0];
      expect(resource(template, INSTANCE).Properties.OptionGroupName).toEqual({ Ref: optionGroup });
      expect(resource(template, REPLICA_1).Properties.OptionGroupName).toEqual({ Ref: optionGroup });
    });

    test('exports the audit, error, general and slow query logs', () => {
      expect(resource(template, INSTANCE).Properties.EnableCloudwatchLogsExports).toEqual(['audit', 'error', 'general', 'slowquery']);
      expect(database.logGroups.map((group) => stack.resolve((group.node.defaultChild as logs.CfnLogGroup).logGroupName))).toEqual([
        ...['audit', 'error', 'general', 'slowquery'].map((type) => named('/aws/rds/instance/', `/${type}`)),
        ...['audit', 'error', 'general', 'slowquery'].map((type) => named('/aws/rds/instance/', `-replica-1/${type}`)),
      ]);
    });

    test('rotates with the MySQL rotation function', () => {
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { HostedRotationLambda: Match.objectLike({ RotationType: 'MySQLSingleUser' }) });
    });

    test('accepts a given version', () => {
      const { template: given } = synth({ engine: DatabaseEngine.mysql('8.0.45') });
      expect(resource(given, INSTANCE).Properties.EngineVersion).toEqual('8.0.45');
      expect(resource(given, PARAMETER_GROUP).Properties.Family).toEqual('mysql8.0');
    });
  });

  describe('Multi-AZ DB cluster', () => {
    let stack: Stack;
    let database: WebAppDatabase;
    let template: Template;
    beforeAll(() => {
      ({ stack, database, template } = synth({ topology: DatabaseTopology.multiAzCluster() }));
    });

    test('keeps the logical ID of the cluster stable', () => {
      expect(logicalId(stack, database.multiAzCluster!)).toEqual(MULTI_AZ_CLUSTER);
    });

    test('is a PostgreSQL Multi-AZ DB cluster of three db.m6gd.large instances on 400 GiB of gp3 in the data subnets', () => {
      expect(resource(template, MULTI_AZ_CLUSTER).Properties).toMatchObject({
        Engine: 'postgres',
        EngineVersion: '16.13',
        DBClusterIdentifier: named(),
        DBClusterInstanceClass: 'db.m6gd.large',
        StorageType: 'gp3',
        AllocatedStorage: 400,
        Iops: 12000,
        PubliclyAccessible: false,
        Port: 5432,
        DatabaseName: 'app',
        DBSubnetGroupName: { Ref: 'DatabaseSubnetGroup7D60F180' },
        VpcSecurityGroupIds: [{ 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] }],
      });
      template.resourceCountIs('AWS::RDS::DBInstance', 0);
      template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: DATA_SUBNETS });
      expect(database.topology.readers).toEqual(2);
    });

    test('encrypts storage, Performance Insights and the RDS-managed master password with the key', () => {
      expect(resource(template, MULTI_AZ_CLUSTER).Properties).toMatchObject({
        StorageEncrypted: true,
        KmsKeyId: KEY_ARN,
        MasterUsername: 'webapp_admin',
        ManageMasterUserPassword: true,
        MasterUserSecret: { KmsKeyId: KEY_ARN },
        PerformanceInsightsEnabled: true,
        PerformanceInsightsKmsKeyId: KEY_ARN,
        PerformanceInsightsRetentionPeriod: 7,
      });
      expect(resource(template, MULTI_AZ_CLUSTER).Properties.MasterUserPassword).toBeUndefined();
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
      expect(stack.resolve(database.secret.secretArn)).toEqual({ 'Fn::GetAtt': [MULTI_AZ_CLUSTER, 'MasterUserSecret.SecretArn'] });
      expect(database.secret.encryptionKey).toBe(database.encryptionKey);
    });

    test('forces TLS with a cluster parameter group', () => {
      expect(resource(template, PARAMETER_GROUP)).toMatchObject({
        Type: 'AWS::RDS::DBClusterParameterGroup',
        Properties: { Family: 'postgres16', Parameters: { 'rds.force_ssl': '1' } },
      });
      expect(resource(template, MULTI_AZ_CLUSTER).Properties.DBClusterParameterGroupName).toEqual({ Ref: PARAMETER_GROUP });
    });

    test('backs up, monitors, exports logs, upgrades minor versions, is protected and snapshotted', () => {
      expect(resource(template, MULTI_AZ_CLUSTER)).toMatchObject({
        Properties: {
          BackupRetentionPeriod: 7,
          PreferredBackupWindow: '03:00-04:00',
          PreferredMaintenanceWindow: 'sun:04:30-sun:05:30',
          CopyTagsToSnapshot: true,
          AutoMinorVersionUpgrade: true,
          DeletionProtection: true,
          MonitoringInterval: 60,
          MonitoringRoleArn: { 'Fn::GetAtt': [MONITORING_ROLE, 'Arn'] },
          EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
        },
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
        DependsOn: ['DatabaseClusterPostgresqlLogC60DE827', 'DatabaseClusterUpgradeLog3554684D'],
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: named('/aws/rds/cluster/', '/postgresql'), KmsKeyId: KEY_ARN, RetentionInDays: 365 });
    });

    test('cannot turn on IAM database authentication through CloudFormation, so grantConnect needs the proxy', () => {
      expect(resource(template, MULTI_AZ_CLUSTER).Properties.EnableIAMDatabaseAuthentication).toBeUndefined();
      expect(() => database.grantConnect(appRole(stack), 'app')).toThrow(/invalid topology \('multi-az-cluster'\): .*set proxy to true/);
    });

    test('exposes the writer and reader endpoints', () => {
      expect(stack.resolve(database.endpoint)).toEqual({ 'Fn::GetAtt': [MULTI_AZ_CLUSTER, 'Endpoint.Address'] });
      expect(stack.resolve(database.readerEndpoint)).toEqual({ 'Fn::GetAtt': [MULTI_AZ_CLUSTER, 'ReadEndpoint.Address'] });
      expect(database.instance).toBeUndefined();
      expect(database.cluster).toBeUndefined();
    });

    test('with MySQL: the error, general and slow query logs, TLS forced in the cluster parameter group', () => {
      const { template: mysql } = synth({ topology: DatabaseTopology.multiAzCluster(), engine: DatabaseEngine.mysql() });
      expect(resource(mysql, MULTI_AZ_CLUSTER).Properties).toMatchObject({
        Engine: 'mysql', EngineVersion: '8.4.8', Port: 3306, MasterUsername: 'webapp_admin', EnableCloudwatchLogsExports: ['error', 'general', 'slowquery'],
      });
      expect(resource(mysql, PARAMETER_GROUP).Properties).toMatchObject({
        Family: 'mysql8.4', Parameters: { require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE' },
      });
      mysql.resourceCountIs('AWS::RDS::OptionGroup', 0);
    });

    test('a bigger allocatedStorage', () => {
      const { template: bigger } = synth({ topology: DatabaseTopology.multiAzCluster(), allocatedStorage: 1000 });
      expect(resource(bigger, MULTI_AZ_CLUSTER).Properties).toMatchObject({ AllocatedStorage: 1000, Iops: 12000 });
    });
  });

  describe('Aurora', () => {
    let stack: Stack;
    let database: WebAppDatabase;
    let template: Template;
    beforeAll(() => {
      ({ stack, database, template } = synth({ topology: DatabaseTopology.aurora({ readers: 2 }) }));
    });

    test('keeps the logical IDs of the cluster and its instances stable', () => {
      expect(logicalId(stack, database.cluster!)).toEqual(AURORA_CLUSTER);
      expect(resource(template, AURORA_WRITER).Type).toEqual('AWS::RDS::DBInstance');
      expect(resource(template, AURORA_READER_1).Type).toEqual('AWS::RDS::DBInstance');
    });

    test('is Aurora PostgreSQL 16.13 with a db.r7g.large writer and readers in the other Availability Zones', () => {
      expect(resource(template, AURORA_CLUSTER).Properties).toMatchObject({
        Engine: 'aurora-postgresql',
        EngineVersion: '16.13',
        DBClusterIdentifier: named(),
        DatabaseName: 'app',
        DBSubnetGroupName: { Ref: 'DatabaseSubnetGroup7D60F180' },
        VpcSecurityGroupIds: [{ 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] }],
      });
      const instances = Object.values(resourcesOfType(template, 'AWS::RDS::DBInstance'));
      expect(instances.map((i: any) => [i.Properties.DBInstanceClass, i.Properties.AvailabilityZone, i.Properties.PubliclyAccessible])).toEqual([
        ['db.r7g.large', TEST_AZS[0], false], ['db.r7g.large', TEST_AZS[1], false], ['db.r7g.large', TEST_AZS[2], false],
      ]);
      expect(database.topology.readers).toEqual(2);
    });

    test('encrypts storage and the RDS-managed master password with the key, turns on IAM authentication', () => {
      expect(resource(template, AURORA_CLUSTER).Properties).toMatchObject({
        StorageEncrypted: true,
        KmsKeyId: KEY_ARN,
        MasterUsername: 'webapp_admin',
        ManageMasterUserPassword: true,
        MasterUserSecret: { KmsKeyId: KEY_ARN },
        EnableIAMDatabaseAuthentication: true,
      });
      expect(resource(template, AURORA_CLUSTER).Properties.MasterUserPassword).toBeUndefined();
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(stack.resolve(database.secret.secretArn)).toEqual({ 'Fn::GetAtt': [AURORA_CLUSTER, 'MasterUserSecret.SecretArn'] });
    });

    test('forces TLS with a cluster parameter group', () => {
      expect(resource(template, PARAMETER_GROUP)).toMatchObject({
        Type: 'AWS::RDS::DBClusterParameterGroup',
        Properties: { Family: 'aurora-postgresql16', Parameters: { 'rds.force_ssl': '1' } },
      });
      expect(resource(template, AURORA_CLUSTER).Properties.DBClusterParameterGroupName).toEqual({ Ref: PARAMETER_GROUP });
    });

    test('backs up, exports logs, is protected and snapshotted', () => {
      expect(resource(template, AURORA_CLUSTER)).toMatchObject({
        Properties: {
          BackupRetentionPeriod: 7,
          PreferredBackupWindow: '03:00-04:00',
          PreferredMaintenanceWindow: 'sun:04:30-sun:05:30',
          CopyTagsToSnapshot: true,
          DeletionProtection: true,
          EnableCloudwatchLogsExports: ['postgresql'],
        },
        DeletionPolicy: 'Snapshot',
        DependsOn: ['DatabaseClusterPostgresqlLogC60DE827'],
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: named('/aws/rds/cluster/', '/postgresql'), KmsKeyId: KEY_ARN, RetentionInDays: 365 });
    });

    test('monitors every instance, with Performance Insights encrypted, and upgrades minor versions', () => {
      expect(resource(template, AURORA_CLUSTER).Properties).toMatchObject({
        PerformanceInsightsEnabled: true,
        PerformanceInsightsKmsKeyId: KEY_ARN,
        PerformanceInsightsRetentionPeriod: 7,
      });
      for (const id of [AURORA_WRITER, AURORA_READER_1]) {
        expect(resource(template, id).Properties).toMatchObject({
          MonitoringInterval: 60,
          MonitoringRoleArn: { 'Fn::GetAtt': [MONITORING_ROLE, 'Arn'] },
          AutoMinorVersionUpgrade: true,
          AllowMajorVersionUpgrade: false,
          PreferredMaintenanceWindow: 'sun:04:30-sun:05:30',
        });
      }
    });

    test('exposes the cluster and reader endpoints', () => {
      expect(stack.resolve(database.endpoint)).toEqual({ 'Fn::GetAtt': [AURORA_CLUSTER, 'Endpoint.Address'] });
      expect(stack.resolve(database.readerEndpoint)).toEqual({ 'Fn::GetAtt': [AURORA_CLUSTER, 'ReadEndpoint.Address'] });
    });

    test('grantConnect grants connecting to the cluster as the user', () => {
      const fresh = testStack();
      const { database: aurora } = create(fresh, { topology: DatabaseTopology.aurora() });
      const role = appRole(fresh);
      aurora.grantConnect(role, 'app');
      expect(statementsOf(Template.fromStack(fresh), fresh, role)).toEqual([{
        Action: 'rds-db:connect',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:us-east-1:123456789012:dbuser:', { 'Fn::GetAtt': [AURORA_CLUSTER, 'DBClusterResourceId'] }, '/app']] },
      }]);
    });

    test('with MySQL: Aurora MySQL 3.10.4, audit and slow query logs turned on and exported, TLS forced', () => {
      const { template: mysql } = synth({ topology: DatabaseTopology.aurora(), engine: DatabaseEngine.mysql() });
      expect(resource(mysql, AURORA_CLUSTER).Properties).toMatchObject({
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.10.4',
        MasterUsername: 'webapp_admin',
        EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
      });
      expect(resource(mysql, PARAMETER_GROUP).Properties).toMatchObject({
        Family: 'aurora-mysql8.0',
        Parameters: {
          require_secure_transport: 'ON', slow_query_log: '1', log_output: 'FILE', server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DDL,QUERY_DCL',
        },
      });
    });
  });

  describe('proxy', () => {
    let stack: Stack;
    let database: WebAppDatabase;
    let template: Template;
    beforeAll(() => {
      ({ stack, database, template } = synth({ proxy: true }));
    });

    test('requires IAM authentication and TLS, and logs in with the master secret', () => {
      template.hasResourceProperties('AWS::RDS::DBProxy', {
        DBProxyName: named('', '-proxy'),
        EngineFamily: 'POSTGRESQL',
        RequireTLS: true,
        DebugLogging: false,
        Auth: [{ AuthScheme: 'SECRETS', IAMAuth: 'REQUIRED', SecretArn: { Ref: 'DatabaseInstanceSecretAttachmentFCA06D38' } }],
        VpcSubnetIds: DATA_SUBNETS,
      });
      template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { DBInstanceIdentifiers: [{ Ref: INSTANCE }] });
      expect(stack.resolve(database.proxyEndpoint)).toEqual({ 'Fn::GetAtt': [logicalId(stack, database.proxy!), 'Endpoint'] });
    });

    test('its role may read the secret and decrypt it, nothing more', () => {
      const role = database.proxy!.node.findChild('IAMRole') as iam.Role;
      expect(statementsOf(template, stack, role)).toEqual([
        { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: 'DatabaseInstanceSecretAttachmentFCA06D38' } },
        { Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY_ARN },
      ]);
    });

    test('reaches the database on its port, by security group reference', () => {
      const proxyGroup = Object.keys(resourcesOfType(template, 'AWS::EC2::SecurityGroup')).find((id) => id.startsWith('DatabaseProxySecurityGroup'))!;
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [proxyGroup, 'GroupId'] },
        FromPort: 5432,
        ToPort: 5432,
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': [proxyGroup, 'GroupId'] },
        DestinationSecurityGroupId: { 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] },
        FromPort: 5432,
        ToPort: 5432,
      });
    });

    test('on a Multi-AZ DB cluster, targets the cluster with the RDS-managed secret', () => {
      const { template: cluster } = synth({ topology: DatabaseTopology.multiAzCluster(), proxy: true });
      cluster.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { DBClusterIdentifiers: [{ Ref: MULTI_AZ_CLUSTER }] });
      cluster.hasResourceProperties('AWS::RDS::DBProxy', {
        EngineFamily: 'POSTGRESQL',
        Auth: [Match.objectLike({ IAMAuth: 'REQUIRED', SecretArn: { 'Fn::GetAtt': [MULTI_AZ_CLUSTER, 'MasterUserSecret.SecretArn'] } })],
      });
    });

    test('on Aurora, targets the cluster once its instances exist', () => {
      const { template: aurora } = synth({ topology: DatabaseTopology.aurora(), engine: DatabaseEngine.mysql(), proxy: true });
      const [targetGroup] = Object.values(resourcesOfType(aurora, 'AWS::RDS::DBProxyTargetGroup'));
      expect(targetGroup.Properties.DBClusterIdentifiers).toEqual([{ Ref: AURORA_CLUSTER }]);
      expect(targetGroup.DependsOn).toEqual(expect.arrayContaining([AURORA_CLUSTER, AURORA_WRITER, AURORA_READER_1]));
      aurora.hasResourceProperties('AWS::RDS::DBProxy', { EngineFamily: 'MYSQL' });
    });
  });

  describe('access', () => {
    test('allowConnectionsFrom admits the peer on the engine port by security group reference, to the database and the proxy', () => {
      const stack = testStack();
      const { network, database } = create(stack, { proxy: true });
      const app = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc });
      database.allowConnectionsFrom(app);
      const template = Template.fromStack(stack);
      const appGroup = { 'Fn::GetAtt': [logicalId(stack, app), 'GroupId'] };
      const proxyGroup = Object.keys(resourcesOfType(template, 'AWS::EC2::SecurityGroup')).find((id) => id.startsWith('DatabaseProxySecurityGroup'))!;
      for (const target of [SECURITY_GROUP, proxyGroup]) {
        template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
          GroupId: { 'Fn::GetAtt': [target, 'GroupId'] },
          SourceSecurityGroupId: appGroup,
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
        });
      }
      const openRules = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress')).filter((rule: any) => rule.Properties.CidrIp);
      expect(openRules).toEqual([]);
    });

    test('the database is an IConnectable: connections.allowDefaultPortFrom works too', () => {
      const stack = testStack();
      const { network, database } = create(stack);
      const app = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc });
      app.connections.allowToDefaultPort(database);
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, app), 'GroupId'] },
        FromPort: 5432,
      });
    });

    test('grantConnect grants rds-db:connect as the user on the primary and every replica, with no wildcard', () => {
      const stack = testStack();
      const { database } = create(stack, { topology: DatabaseTopology.multiAzInstance({ readReplicas: 2 }) });
      const role = appRole(stack);
      database.grantConnect(role, 'app_user');
      const dbUser = (id: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:us-east-1:123456789012:dbuser:', { 'Fn::GetAtt': [id, 'DbiResourceId'] }, '/app_user']] });
      expect(statementsOf(Template.fromStack(stack), stack, role)).toEqual([{
        Action: 'rds-db:connect',
        Effect: 'Allow',
        Resource: [dbUser(INSTANCE), dbUser(REPLICA_1), dbUser('DatabaseReadReplica2ECB927B4')],
      }]);
    });

    test('grantConnect with a proxy also grants connecting through the proxy', () => {
      const stack = testStack();
      const { database } = create(stack, { proxy: true, topology: DatabaseTopology.multiAzCluster() });
      const role = appRole(stack);
      database.grantConnect(role, 'postgres');
      const [statement] = statementsOf(Template.fromStack(stack), stack, role);
      expect(statement.Action).toEqual('rds-db:connect');
      expect(JSON.stringify(statement.Resource)).toMatch(/dbuser:.*Fn::Split.*DBProxyArn.*\/postgres/);
    });

    test.each([DatabaseTopology.multiAzInstance(), DatabaseTopology.multiAzCluster(), DatabaseTopology.aurora()])(
      'grantReadCredentials grants reading the secret and decrypting it only through Secrets Manager, with no wildcard action (%#)', (topology) => {
        const stack = testStack();
        const { database } = create(stack, { topology });
        const role = appRole(stack);
        database.grantReadCredentials(role);
        const template = Template.fromStack(stack);
        const statements = statementsOf(template, stack, role);
        expect(statements).toEqual([
          { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: stack.resolve(database.secret.secretArn) },
        ]);
        // without the @aws-cdk/aws-kms:defaultKeyPolicies flag, the key's policy names the role
        expect(resource(template, KEY).Properties.KeyPolicy.Statement).toContainEqual({
          Action: 'kms:Decrypt',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [logicalId(stack, role), 'Arn'] } },
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        });
        expect(JSON.stringify(statements)).not.toMatch(/"[a-z-]+:\*"/);
      });
  });

  describe('credentialsReplicaRegions', () => {
    const createReplicated = (stack: Stack, id: string, regions?: WebAppDatabaseOptions['credentialsReplicaRegions']) => {
      const network = stack.node.tryFindChild('Network') as WebAppNetwork | undefined ?? new WebAppNetwork(stack, 'Network');
      return new WebAppDatabase(stack, id, {
        vpc: network.vpc,
        vpcSubnets: network.dataSubnets,
        credentialsReplicaRegions: regions ?? [{ region: OTHER_REGION, encryptionKey: kms.Key.fromKeyArn(stack, `${id}ReplicaKey`, REPLICA_KEY_ARN) }],
      });
    };

    test('replicate the generated secret to each Region, encrypted there with the key given, under a fixed name', () => {
      const stack = testStack();
      const database = createReplicated(stack, 'Database', [
        { region: OTHER_REGION, encryptionKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', REPLICA_KEY_ARN) },
        { region: RECOVERY_REGION, encryptionKey: kms.Key.fromKeyArn(stack, 'OtherKey', `arn:aws:kms:${RECOVERY_REGION}:${TEST_ACCOUNT}:key/1`) },
      ]);
      const template = Template.fromStack(stack);
      const secrets = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
      expect(secrets).toHaveLength(1);
      expect(secrets[0].Properties).toMatchObject({
        KmsKeyId: KEY_ARN,
        Name: database.credentialsSecretName,
        ReplicaRegions: [
          { Region: OTHER_REGION, KmsKeyId: REPLICA_KEY_ARN },
          { Region: RECOVERY_REGION, KmsKeyId: `arn:aws:kms:${RECOVERY_REGION}:${TEST_ACCOUNT}:key/1` },
        ],
      });
      expect(database.credentialsSecretName).toMatch(/^TestStack-Database-[0-9A-F]{8}-[0-9a-f]{8}-us-east-1-credentials$/);
      // The instance still takes its credentials from that secret, which rotation keeps updating.
      template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', { TargetId: { Ref: INSTANCE } });
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    });

    test('the fixed name is a literal, known to other stacks without a reference, and differs between databases', () => {
      const stack = testStack();
      const first = createReplicated(stack, 'Database');
      const second = createReplicated(stack, 'Reports');
      expect(Token.isUnresolved(first.credentialsSecretName)).toBe(false);
      expect(first.credentialsSecretName).not.toEqual(second.credentialsSecretName);
      expect(second.credentialsSecretName).toMatch(/^TestStack-Reports-[0-9A-F]{8}-[0-9a-f]{8}-us-east-1-credentials$/);
    });

    test('without them the secret has no name of its own and no replica', () => {
      const { database, template } = synth({ credentialsReplicaRegions: [] });
      const [secret] = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
      expect(secret.Properties.Name).toBeUndefined();
      expect(secret.Properties.ReplicaRegions).toBeUndefined();
      expect(database.credentialsSecretName).toBeUndefined();
    });

    test.each([
      ['Aurora', DatabaseTopology.aurora()],
      ['a Multi-AZ DB cluster', DatabaseTopology.multiAzCluster()],
    ])('are rejected for %s, whose credentials RDS manages', (_name, topology) => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      expect(() => new WebAppDatabase(stack, 'Database', {
        vpc: network.vpc, vpcSubnets: network.dataSubnets, topology, credentialsReplicaRegions: [{ region: OTHER_REGION }],
      })).toThrow(/^TestStack\/Database: invalid credentialsReplicaRegions \(\["eu-west-1"\]\): leave it out: only the Multi-AZ instance topology/);
    });
  });

  describe('cross-Region replica (crossRegionReplicaOf)', () => {
    let primary: Stack;
    let recovery: Stack;
    let source: WebAppDatabase;
    let replica: WebAppDatabase;
    let template: Template;
    let properties: Record<string, any>;
    beforeAll(() => {
      ({ primary, recovery, source, replica } = crossRegion());
      template = Template.fromStack(recovery);
      properties = resource(template, CROSS_REGION_REPLICA).Properties;
    });

    test('keeps the logical IDs of the replica and its log groups stable', () => {
      expect(logicalId(recovery, replica.crossRegionReplica!)).toEqual(CROSS_REGION_REPLICA);
      expect(Object.keys(resourcesOfType(template, 'AWS::Logs::LogGroup')).filter((id) => id.startsWith('Database'))).toEqual([
        'DatabaseCrossRegionReplicaPostgresqlLog2673A837', 'DatabaseCrossRegionReplicaUpgradeLog3A47ED04',
      ]);
    });

    test('is one DB instance that reads from the source, named by its ARN in the source\'s Region', () => {
      template.resourceCountIs('AWS::RDS::DBInstance', 1);
      const [, parts] = properties.SourceDBInstanceIdentifier['Fn::Join'];
      expect(parts.slice(0, 3)).toEqual(['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:db:']);
      expect(parts).toHaveLength(4);
      // The source's identifier, read from the source's stack in us-east-1: the output there is the instance's Ref.
      const output = parts[3]['Fn::GetStackOutput'];
      expect(output).toMatchObject({ StackName: 'Primary', Region: 'us-east-1' });
      expect(Template.fromStack(primary).toJSON().Outputs[output.OutputName].Value).toEqual({ Ref: INSTANCE });
    });

    test('is encrypted with the key of its own stack, as KmsKeyId and without StorageEncrypted', () => {
      expect(properties.KmsKeyId).toEqual(KEY_ARN);
      expect(properties.PerformanceInsightsKMSKeyId).toEqual(KEY_ARN);
      expect(properties).not.toHaveProperty('StorageEncrypted');
      expect(Stack.of(replica.encryptionKey)).toBe(recovery);
      expect(resource(template, KEY).Properties.EnableKeyRotation).toBe(true);
    });

    test('is a single instance with no read replica, no proxy, and no secret or rotation of its own', () => {
      expect(properties.MultiAZ).toBe(false);
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
      template.resourceCountIs('AWS::RDS::DBProxy', 0);
      expect(replica.instance).toBeUndefined();
      expect(replica.readReplicas).toEqual([]);
      expect(replica.replicaEndpoints).toEqual([]);
      expect(replica.rotationConnections).toBeUndefined();
      expect(replica.proxy).toBeUndefined();
      expect(replica.credentialsSecretName).toBeUndefined();
    });

    test('takes the engine of its source', () => {
      expect(replica.engine).toBe(source.engine);
      expect(replica.engineVersion).toEqual(source.engineVersion);
      expect(replica.port).toEqual(5432);
      expect(replica.topology.deployment).toEqual(DatabaseDeployment.MULTI_AZ_INSTANCE);
    });

    test('is kept when it leaves the stack, with what it still uses, and protected from deletion', () => {
      expect(resource(template, CROSS_REGION_REPLICA)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(properties.DeletionProtection).toBe(true);
      for (const id of [SECURITY_GROUP, 'DatabaseSubnetGroup7D60F180', PARAMETER_GROUP, MONITORING_ROLE, KEY]) {
        expect([id, resource(template, id).DeletionPolicy]).toEqual([id, 'Retain']);
      }
    });

    test('forces TLS with its own parameter group, in the data subnets of its VPC, without a public address', () => {
      expect(properties).toMatchObject({
        DBParameterGroupName: { Ref: PARAMETER_GROUP },
        DBSubnetGroupName: { Ref: 'DatabaseSubnetGroup7D60F180' },
        VPCSecurityGroups: [{ 'Fn::GetAtt': [SECURITY_GROUP, 'GroupId'] }],
        PubliclyAccessible: false,
      });
      expect(resource(template, PARAMETER_GROUP).Properties).toMatchObject({ Family: 'postgres16', Parameters: { 'rds.force_ssl': '1' } });
      template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: DATA_SUBNETS });
    });

    test('has enhanced monitoring, Performance Insights and its logs in log groups created before it', () => {
      expect(properties).toMatchObject({
        MonitoringInterval: 60,
        MonitoringRoleArn: { 'Fn::GetAtt': [MONITORING_ROLE, 'Arn'] },
        EnablePerformanceInsights: true,
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      });
      expect(resource(template, CROSS_REGION_REPLICA).DependsOn).toEqual(['DatabaseCrossRegionReplicaPostgresqlLog2673A837', 'DatabaseCrossRegionReplicaUpgradeLog3A47ED04']);
      // Named after its own identifier, in its own stack.
      expect(properties.DBInstanceIdentifier).toEqual({ 'Fn::Join': ['', [`${RECOVERY_BASE_NAME}-`, STACK_UUID_START]] });
      expect(resource(template, 'DatabaseCrossRegionReplicaPostgresqlLog2673A837').Properties).toMatchObject({
        LogGroupName: { 'Fn::Join': ['', [`/aws/rds/instance/${RECOVERY_BASE_NAME}-`, STACK_UUID_START, '/postgresql']] },
        KmsKeyId: KEY_ARN,
        RetentionInDays: 365,
      });
      expect(replica.logGroups).toHaveLength(2);
    });

    test('exposes its own endpoint as the writer\'s and the reader\'s, and the source\'s credentials by name', () => {
      const endpoint = { 'Fn::GetAtt': [CROSS_REGION_REPLICA, 'Endpoint.Address'] };
      expect(recovery.resolve(replica.endpoint)).toEqual(endpoint);
      expect(recovery.resolve(replica.readerEndpoint)).toEqual(endpoint);
      expect(replica.secret.secretName).toEqual(source.credentialsSecretName);
    });

    test('grantReadCredentials grants the replicated secret by name in this Region, and decrypting it with the replica credentials key through Secrets Manager', () => {
      const stack = crossRegion().recovery;
      const database = stack.node.findChild('Database') as WebAppDatabase;
      const role = appRole(stack);
      database.grantReadCredentials(role);
      const templateWithGrant = Template.fromStack(stack);
      expect(statementsOf(templateWithGrant, stack, role)).toEqual([
        {
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:${OTHER_REGION}:${TEST_ACCOUNT}:secret:${(stack.node.root.node.findChild('Primary').node.findChild('Database') as WebAppDatabase).credentialsSecretName}-??????`]] },
        },
        {
          Action: 'kms:Decrypt',
          Effect: 'Allow',
          Resource: REPLICA_KEY_ARN,
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${OTHER_REGION}.amazonaws.com` } },
        },
      ]);
      // The grant needs no statement in a key policy: the credentials key may be another stack's.
      expect(JSON.stringify(resource(templateWithGrant, KEY).Properties.KeyPolicy)).not.toContain(logicalId(stack, role));
    });

    test('without replicaCredentialsKey, the replica\'s encryptionKey is the one that decrypts the credentials', () => {
      const { recovery: stack, replica: database } = crossRegion(replicatedCredentials, (s) => ({ encryptionKey: kms.Key.fromKeyArn(s, 'Key', REPLICA_KEY_ARN) }));
      const role = appRole(stack);
      database.grantReadCredentials(role);
      const templateWithGrant = Template.fromStack(stack);
      expect(resource(templateWithGrant, CROSS_REGION_REPLICA).Properties.KmsKeyId).toEqual(REPLICA_KEY_ARN);
      expect(statementsOf(templateWithGrant, stack, role)).toContainEqual(expect.objectContaining({
        Action: 'kms:Decrypt', Resource: REPLICA_KEY_ARN, Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${OTHER_REGION}.amazonaws.com` } },
      }));
    });

    test('grantConnect grants rds-db:connect on the replica, in its Region', () => {
      const { recovery: stack, replica: database } = crossRegion();
      const role = appRole(stack);
      database.grantConnect(role, 'app_user');
      expect(statementsOf(Template.fromStack(stack), stack, role)).toEqual([{
        Action: 'rds-db:connect',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds-db:${OTHER_REGION}:${TEST_ACCOUNT}:dbuser:`, { 'Fn::GetAtt': [CROSS_REGION_REPLICA, 'DbiResourceId'] }, '/app_user']] },
      }]);
    });

    test('a MySQL source makes a MySQL replica', () => {
      const { recovery: stack, replica: database } = crossRegion((s) => ({ ...replicatedCredentials(s), engine: DatabaseEngine.mysql() }));
      const mysqlTemplate = Template.fromStack(stack);
      expect(database.engine.family).toEqual(DatabaseEngineFamily.MYSQL);
      expect(database.port).toEqual(3306);
      expect(resource(mysqlTemplate, PARAMETER_GROUP).Properties.Family).toMatch(/^mysql8/);
      expect(resource(mysqlTemplate, PARAMETER_GROUP).Properties.Parameters).toMatchObject({ require_secure_transport: 'ON' });
      mysqlTemplate.resourceCountIs('AWS::RDS::DBInstance', 1);
    });

    test('crossRegionReplicaGeneration names the replica and its log groups after the generation, under the same logical IDs', () => {
      const { recovery: stack } = crossRegion(replicatedCredentials, () => ({ crossRegionReplicaGeneration: 4 }));
      const renamed = Template.fromStack(stack);
      expect(resource(renamed, CROSS_REGION_REPLICA)).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { DBInstanceIdentifier: { 'Fn::Join': ['', [`${RECOVERY_BASE_NAME}-`, STACK_UUID_START, '-g4']] } },
      });
      expect(resource(renamed, 'DatabaseCrossRegionReplicaPostgresqlLog2673A837').Properties.LogGroupName)
        .toEqual({ 'Fn::Join': ['', [`/aws/rds/instance/${RECOVERY_BASE_NAME}-`, STACK_UUID_START, '-g4/postgresql']] });
      expect(renamed.toJSON().Conditions).toBeUndefined();
    });

    test('a crossRegionReplicaGeneration token is compared in CloudFormation: 1 keeps the first name', () => {
      const { recovery: stack } = crossRegion(replicatedCredentials, (s) => ({
        crossRegionReplicaGeneration: new CfnParameter(s, 'Generation', { type: 'Number', default: 1 }).valueAsNumber,
      }));
      const withToken = Template.fromStack(stack);
      const conditions = Object.entries(withToken.toJSON().Conditions as Record<string, unknown>);
      expect(conditions).toEqual([[expect.stringMatching(/^DatabaseFirstReplicaGeneration/), { 'Fn::Equals': [{ Ref: 'Generation' }, '1'] }]]);
      expect(resource(withToken, CROSS_REGION_REPLICA).Properties.DBInstanceIdentifier).toEqual({
        'Fn::Join': ['', [
          `${RECOVERY_BASE_NAME}-`, STACK_UUID_START,
          { 'Fn::If': [conditions[0][0], '', { 'Fn::Join': ['', ['-g', { Ref: 'Generation' }]] }] },
        ]],
      });
    });

    test.each<[string, (stack: Stack) => WebAppDatabaseOptions, (stack: Stack) => Partial<WebAppDatabaseProps>, string | null, RegExp]>([
      ['a source without credentialsReplicaRegions', () => ({}), () => ({}), OTHER_REGION,
        /^Recovery\/Database: invalid crossRegionReplicaOf \('Primary\/Database'\): give the source credentialsReplicaRegions with this Region \(eu-west-1\)/],
      ['an Aurora source', () => ({ topology: DatabaseTopology.aurora() }), () => ({}), OTHER_REGION,
        /^Recovery\/Database: invalid crossRegionReplicaOf \('aurora'\): a cross-Region read replica copies a database of the Multi-AZ instance topology/],
      ['a Multi-AZ DB cluster source', () => ({ topology: DatabaseTopology.multiAzCluster() }), () => ({}), OTHER_REGION,
        /^Recovery\/Database: invalid crossRegionReplicaOf \('multi-az-cluster'\)/],
      ['a replica in the source\'s Region', replicatedCredentials, () => ({}), 'us-east-1',
        /^Recovery\/Database: invalid crossRegionReplicaOf \('us-east-1 to us-east-1'\): put the replica in a stack of another, explicit Region/],
      ['a replica in a stack without an explicit Region', replicatedCredentials, () => ({}), null,
        /^Recovery\/Database: invalid crossRegionReplicaOf \('us-east-1 to \$\{Token\[AWS\.Region\.\d+\]\}'\): put the replica in a stack of another, explicit Region/],
      ['no key for the replicated credentials', replicatedCredentials, () => ({ replicaCredentialsKey: undefined }), OTHER_REGION,
        /^Recovery\/Database: invalid replicaCredentialsKey \(undefined\): give the key of this Region that the source's credentials replica is encrypted with/],
      ['an engine', replicatedCredentials, () => ({ engine: DatabaseEngine.postgres() }), OTHER_REGION,
        /^Recovery\/Database: invalid engine \('with crossRegionReplicaOf'\): leave it out/],
      ['a topology', replicatedCredentials, () => ({ topology: DatabaseTopology.multiAzInstance({ readReplicas: 1 }) }), OTHER_REGION,
        /^Recovery\/Database: invalid topology \('with crossRegionReplicaOf'\)/],
      ['a proxy', replicatedCredentials, () => ({ proxy: true }), OTHER_REGION,
        /^Recovery\/Database: invalid proxy \('with crossRegionReplicaOf'\)/],
      ['credentialsReplicaRegions', replicatedCredentials, () => ({ credentialsReplicaRegions: [{ region: RECOVERY_REGION }] }), OTHER_REGION,
        /^Recovery\/Database: invalid credentialsReplicaRegions \('with crossRegionReplicaOf'\)/],
    ])('rejects %s', (_name, sourceOptions, replicaProps, region, message) => {
      expect(() => crossRegion(sourceOptions, replicaProps, region)).toThrow(message);
    });
  });

  describe('options', () => {
    test('every setting reaches the instance and the replicas', () => {
      const { template } = synth({
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
        allocatedStorage: 50,
        maxAllocatedStorage: 500,
        backupRetention: Duration.days(35),
        preferredBackupWindow: '22:00-23:30',
        preferredMaintenanceWindow: 'mon:01:00-mon:02:00',
        databaseName: 'shop_2',
        performanceInsightsRetention: rds.PerformanceInsightRetention.MONTHS_12,
        monitoringInterval: Duration.seconds(15),
        cloudwatchLogsRetention: logs.RetentionDays.THREE_MONTHS,
      });
      expect(resource(template, INSTANCE).Properties).toMatchObject({
        DBInstanceClass: 'db.t4g.medium',
        AllocatedStorage: '50',
        MaxAllocatedStorage: 500,
        BackupRetentionPeriod: 35,
        PreferredBackupWindow: '22:00-23:30',
        PreferredMaintenanceWindow: 'mon:01:00-mon:02:00',
        DBName: 'shop_2',
        PerformanceInsightsRetentionPeriod: 372,
        MonitoringInterval: 15,
      });
      expect(resource(template, REPLICA_1).Properties).toMatchObject({ DBInstanceClass: 'db.t4g.medium', MaxAllocatedStorage: 500, MonitoringInterval: 15 });
      expect(resource(template, 'DatabaseInstancePostgresqlLog60F9F3DA').Properties.RetentionInDays).toEqual(90);
    });

    test('a given version of PostgreSQL chooses the parameter group family', () => {
      const { template } = synth({ engine: DatabaseEngine.postgres('17.9') });
      expect(resource(template, INSTANCE).Properties.EngineVersion).toEqual('17.9');
      expect(resource(template, PARAMETER_GROUP).Properties.Family).toEqual('postgres17');
    });

    test('a given Aurora PostgreSQL version', () => {
      const { template } = synth({ topology: DatabaseTopology.aurora(), engine: DatabaseEngine.postgres('17.9') });
      expect(resource(template, AURORA_CLUSTER).Properties.EngineVersion).toEqual('17.9');
      expect(resource(template, PARAMETER_GROUP).Properties.Family).toEqual('aurora-postgresql17');
    });

    test('removalPolicy RETAIN keeps the database and everything it still uses', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.RETAIN });
      for (const id of [INSTANCE, SECURITY_GROUP, 'DatabaseSubnetGroup7D60F180', PARAMETER_GROUP, MONITORING_ROLE, KEY]) {
        expect([id, resource(template, id).DeletionPolicy]).toEqual([id, 'Retain']);
      }
      expect(resource(template, REPLICA_1).DeletionPolicy).toEqual('Retain');
      expect(resource(template, INSTANCE).Properties.DeletionProtection).toBe(true);
    });

    test('removalPolicy DESTROY (test stacks) deletes everything and turns off deletion protection by default', () => {
      const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
      expect(resource(template, INSTANCE)).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtection: false, DeleteAutomatedBackups: true } });
      expect(resource(template, KEY).DeletionPolicy).toEqual('Delete');
      expect(resource(template, 'DatabaseInstancePostgresqlLog60F9F3DA').DeletionPolicy).toEqual('Delete');
      const [secret] = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
      expect(secret.DeletionPolicy).toEqual('Delete');
    });

    test('deletionProtection false with the default removal policy', () => {
      const { template } = synth({ deletionProtection: false });
      expect(resource(template, INSTANCE)).toMatchObject({ DeletionPolicy: 'Snapshot', Properties: { DeletionProtection: false } });
    });

    test('a given key encrypts everything and gets the statement for the log groups; no key is created', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      const key = new kms.Key(stack, 'BroughtKey', { enableKeyRotation: true });
      const database = new WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets, encryptionKey: key });
      const template = Template.fromStack(stack);
      const keyArn = { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] };
      expect(database.encryptionKey).toBe(key);
      template.resourceCountIs('AWS::KMS::Key', 2); // the network's and the given one
      expect(resource(template, INSTANCE).Properties).toMatchObject({ KmsKeyId: keyArn, PerformanceInsightsKMSKeyId: keyArn });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: named('/aws/rds/instance/', '/postgresql'), KmsKeyId: keyArn });
      expect(resource(template, logicalId(stack, key)).Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({ Sid: 'AllowCloudWatchLogsForRdsLogGroups' }));
      Annotations.fromStack(stack).hasNoWarning('/TestStack/Database', Match.anyValue());
    });

    test('an imported key gets a warning that names the key policy statement to add', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
      new WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: network.dataSubnets, encryptionKey: key });
      Annotations.fromStack(stack).hasWarning('/TestStack/Database', Match.stringLikeRegexp('key policy cannot be changed here.*logs.<region>.amazonaws.com'));
    });

    test('without subnets with egress, the rotation function runs in the database subnets, with a warning', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }], maxAzs: 3 });
      new WebAppDatabase(stack, 'Database', { vpc });
      Annotations.fromStack(stack).hasWarning('/TestStack/Database', Match.stringLikeRegexp('Secrets Manager interface endpoint'));
      Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        HostedRotationLambda: Match.objectLike({ VpcSubnetIds: { 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('VpcDataSubnet1') }, ',', Match.anyValue(), ',', Match.anyValue()]] } }),
      });
    });

    test('rotationSubnets places the rotation function', () => {
      const stack = testStack();
      const { network } = create(stack);
      const other = new WebAppDatabase(stack, 'Other', { vpc: network.vpc, vpcSubnets: network.dataSubnets, rotationSubnets: network.dataSubnets });
      expect(other.node.path).toEqual('TestStack/Other');
      const schedules = Object.values(resourcesOfType(Template.fromStack(stack), 'AWS::SecretsManager::RotationSchedule'));
      expect(schedules.map((s: any) => JSON.stringify(s.Properties.HostedRotationLambda.VpcSubnetIds))).toEqual([
        expect.stringContaining('AppSubnet1'), expect.stringContaining('DataSubnet1'),
      ]);
    });

    test('defaults to the isolated subnets of the VPC', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      new WebAppDatabase(stack, 'Database', { vpc: network.vpc });
      Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: DATA_SUBNETS });
    });

    test('two databases in one stack get different identifiers', () => {
      const stack = testStack();
      const { network, database } = create(stack);
      const other = new WebAppDatabase(stack, 'Reports', { vpc: network.vpc, vpcSubnets: network.dataSubnets });
      const identifiers = [database, other].map((db) => (db.instance!.node.defaultChild as rds.CfnDBInstance).dbInstanceIdentifier);
      expect(new Set(identifiers).size).toEqual(2);
    });
  });

  describe('validation', () => {
    const aurora = DatabaseTopology.aurora();
    const cluster = DatabaseTopology.multiAzCluster();
    test.each<[string, WebAppDatabaseOptions, RegExp]>([
      ['topology.readReplicas', { topology: DatabaseTopology.multiAzInstance({ readReplicas: -1 }) }, /invalid topology\.readReplicas \(-1\): use a whole number from 0 to 15/],
      ['topology.readReplicas', { topology: DatabaseTopology.multiAzInstance({ readReplicas: 16 }) }, /invalid topology\.readReplicas \(16\): .*at most 15 read replicas/],
      ['topology.readReplicas', { topology: DatabaseTopology.multiAzInstance({ readReplicas: 1.5 }) }, /invalid topology\.readReplicas \(1\.5\)/],
      ['topology.readers', { topology: DatabaseTopology.aurora({ readers: 16 }) }, /invalid topology\.readers \(16\): use a whole number from 1 to 15/],
      ['topology.readers', { topology: DatabaseTopology.aurora({ readers: 0 }) }, /invalid topology\.readers \(0\): .*failover target/],
      ['backupRetention', { backupRetention: Duration.days(0) }, /invalid backupRetention \('Duration.days\(0\)'\): give whole days from Duration.days\(1\) to Duration.days\(35\)/],
      ['backupRetention', { backupRetention: Duration.days(36) }, /invalid backupRetention \('Duration.days\(36\)'\)/],
      ['backupRetention', { backupRetention: Duration.hours(36) }, /invalid backupRetention \('Duration.hours\(36\)'\)/],
      ['engine', { engine: DatabaseEngine.postgres('16.99') }, /invalid engine \('16\.99'\): RDS for PostgreSQL has no version '16\.99'.*valid versions of 16: .*16\.13/],
      ['engine', { engine: DatabaseEngine.postgres('99.1') }, /invalid engine \('99\.1'\): .*the newest version of each major version: .*18\.3/],
      ['engine', { engine: DatabaseEngine.mysql('8.4.99') }, /invalid engine \('8\.4\.99'\): RDS for MySQL has no version.*8\.4\.8/],
      ['engine', { engine: DatabaseEngine.mysql('8.0.25') }, /invalid engine \('8\.0\.25'\): use RDS for MySQL 8\.0\.28 or later/],
      ['engine', { engine: DatabaseEngine.postgres('16') }, /invalid engine \('16'\): give a minor version/],
      ['engine', { engine: DatabaseEngine.mysql('8.4.8'), topology: aurora }, /invalid engine \('8\.4\.8'\): Aurora MySQL has no version '8\.4\.8'/],
      ['engine', { engine: DatabaseEngine.postgres('16.12'), topology: aurora }, /invalid engine \('16\.12'\): Aurora PostgreSQL has no version.*16\.13/],
      ['preferredBackupWindow', { preferredBackupWindow: '3:00-4:00' }, /invalid preferredBackupWindow \('3:00-4:00'\): give a daily UTC window as hh24:mi-hh24:mi/],
      ['preferredBackupWindow', { preferredBackupWindow: '03:00-03:15' }, /invalid preferredBackupWindow \('03:00-03:15'\): give a window of at least 30 minutes/],
      ['preferredBackupWindow', { preferredBackupWindow: '04:00-05:00' }, /invalid preferredBackupWindow \('04:00-05:00'\): choose a window that does not overlap preferredMaintenanceWindow \('sun:04:30-sun:05:30'\)/],
      ['preferredBackupWindow', { preferredBackupWindow: '23:45-00:45', preferredMaintenanceWindow: 'tue:00:30-tue:01:30' }, /invalid preferredBackupWindow \('23:45-00:45'\): choose a window that does not overlap/],
      ['preferredMaintenanceWindow', { preferredMaintenanceWindow: 'sunday:04:00-sunday:05:00' }, /invalid preferredMaintenanceWindow \('sunday:04:00-sunday:05:00'\): give a weekly UTC window/],
      ['preferredMaintenanceWindow', { preferredMaintenanceWindow: 'sun:04:00-sun:04:10' }, /invalid preferredMaintenanceWindow \('sun:04:00-sun:04:10'\): give a window of at least 30 minutes/],
      ['databaseName', { databaseName: '1app' }, /invalid databaseName \('1app'\): give a letter, then letters, digits or underscores, 63 characters at most/],
      ['databaseName', { databaseName: 'my-app' }, /invalid databaseName \('my-app'\)/],
      ['databaseName', { databaseName: 'postgres' }, /invalid databaseName \('postgres'\): choose another name/],
      ['databaseName', { databaseName: 'mysql', engine: DatabaseEngine.mysql() }, /invalid databaseName \('mysql'\): choose another name/],
      ['databaseName', { databaseName: `a${'b'.repeat(64)}`, engine: DatabaseEngine.mysql() }, /invalid databaseName .*64 characters at most/],
      ['monitoringInterval', { monitoringInterval: Duration.seconds(0) }, /invalid monitoringInterval \('Duration.seconds\(0\)'\): give one of 1, 5, 10, 15, 30, 60 seconds/],
      ['monitoringInterval', { monitoringInterval: Duration.seconds(45) }, /invalid monitoringInterval \('Duration.seconds\(45\)'\)/],
      ['allocatedStorage', { allocatedStorage: 10 }, /invalid allocatedStorage \(10\): use a whole number from 20 to 65536/],
      ['maxAllocatedStorage', { allocatedStorage: 50, maxAllocatedStorage: 50 }, /invalid maxAllocatedStorage \(50\): give more than allocatedStorage \(50 GiB\)/],
      ['allocatedStorage', { allocatedStorage: 100, topology: aurora }, /invalid allocatedStorage \(100\): remove it: Aurora storage grows by itself/],
      ['maxAllocatedStorage', { maxAllocatedStorage: 100, topology: aurora }, /invalid maxAllocatedStorage \(100\): remove it/],
      ['allocatedStorage', { allocatedStorage: 100, topology: cluster }, /invalid allocatedStorage \(100\): use a whole number from 400 to 65536/],
      ['maxAllocatedStorage', { maxAllocatedStorage: 1000, topology: cluster }, /invalid maxAllocatedStorage \(1000\): remove it: a Multi-AZ DB cluster does not autoscale storage/],
      ['deletionProtection', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true }, /invalid deletionProtection \(true\): set it to false with removalPolicy RemovalPolicy.DESTROY/],
    ])('rejects %s in %p', (_prop, options, message) => {
      expect(() => synth(options)).toThrow(message);
      expect(() => synth(options)).toThrow(/^TestStack\/Database: invalid /);
    });

    test('rejects a Multi-AZ DB cluster in subnets of 2 Availability Zones', () => {
      expect(() => synth({ topology: cluster }, { maxAzs: 2 })).toThrow(/invalid vpcSubnets .*: the subnets are in 2 Availability Zone\(s\) .*a Multi-AZ DB cluster needs subnets in 3/);
    });

    test('rejects subnets in one Availability Zone', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      expect(() => new WebAppDatabase(stack, 'Database', {
        vpc: network.vpc, vpcSubnets: { subnetGroupName: WebAppNetwork.DATA_SUBNET_GROUP, availabilityZones: [TEST_AZS[0]] },
      })).toThrow(/invalid vpcSubnets .*: the subnets are in 1 Availability Zone\(s\) \(us-east-1a\); a highly available database needs subnets in at least 2/);
    });

    test('rejects public subnets', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      expect(() => new WebAppDatabase(stack, 'Database', { vpc: network.vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }))
        .toThrow(/invalid vpcSubnets .*: give private subnets/);
    });

    test('rejects a VPC without isolated subnets when vpcSubnets is not given', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1 });
      expect(() => new WebAppDatabase(stack, 'Database', { vpc })).toThrow(/invalid vpcSubnets \(undefined\): the VPC has no isolated subnets; .*WebAppNetwork.dataSubnets/);
    });

    test.each<[string, WebAppDatabaseOptions]>([
      ['topology.readReplicas', { topology: DatabaseTopology.multiAzInstance({ readReplicas: Lazy.number({ produce: () => 2 }) }) }],
      ['topology.readers', { topology: DatabaseTopology.aurora({ readers: Lazy.number({ produce: () => 2 }) }) }],
      ['backupRetention', { backupRetention: Duration.days(Lazy.number({ produce: () => 7 })) }],
      ['engine', { engine: DatabaseEngine.postgres(Lazy.string({ produce: () => '16.13' })) }],
      ['allocatedStorage', { allocatedStorage: Lazy.number({ produce: () => 50 }) }],
      ['maxAllocatedStorage', { maxAllocatedStorage: Lazy.number({ produce: () => 500 }) }],
    ])('rejects a token for %s, which must be known at synth time', (prop, options) => {
      expect(() => synth(options)).toThrow(new RegExp(`^TestStack/Database: invalid ${prop.replace('.', '\\.')} .*(give a literal|not a token)`));
    });

    test('accepts tokens where nothing is decided at synth time, and skips their checks', () => {
      const { template } = synth({
        databaseName: Lazy.string({ produce: () => 'app' }),
        preferredBackupWindow: Lazy.string({ produce: () => '03:00-04:00' }),
        preferredMaintenanceWindow: Lazy.string({ produce: () => 'sun:04:30-sun:05:30' }),
        monitoringInterval: Duration.seconds(Lazy.number({ produce: () => 30 })),
      });
      expect(resource(template, INSTANCE).Properties).toMatchObject({ DBName: 'app', PreferredBackupWindow: '03:00-04:00', MonitoringInterval: 30 });
    });

    test('grantConnect rejects a user name that is not one', () => {
      const { stack, database } = synth();
      expect(() => database.grantConnect(appRole(stack), 'app user; drop')).toThrow(/invalid dbUser \('app user; drop'\)/);
    });

    test.each<WebAppDatabaseOptions>([
      { backupRetention: Duration.days(1) },
      { backupRetention: Duration.hours(48) },
      { backupRetention: Duration.days(35) },
      { preferredBackupWindow: '05:30-06:00' },
      { preferredBackupWindow: '23:30-00:30' },
      { preferredMaintenanceWindow: 'sat:23:30-sun:00:30', preferredBackupWindow: '01:00-02:00' },
      { topology: DatabaseTopology.multiAzInstance({ readReplicas: 15 }) },
      { topology: DatabaseTopology.aurora({ readers: 15 }) },
      { engine: DatabaseEngine.mysql('8.0.28') },
      { engine: DatabaseEngine.mysql('8.0.mysql_aurora.3.12.0'), topology: DatabaseTopology.aurora() },
      { databaseName: 'a' },
      { monitoringInterval: Duration.seconds(1) },
      { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false },
      { allocatedStorage: 65536 },
    ])('accepts %p', (options) => {
      expect(() => synth(options)).not.toThrow();
    });
  });

  describe('what AWS accepts (the capability tables)', () => {
    const mysql = DatabaseEngine.mysql();
    const aurora = DatabaseTopology.aurora();
    const cluster = DatabaseTopology.multiAzCluster();
    const type = (name: string) => new ec2.InstanceType(name);
    /** The Performance Insights settings of the DB instances and DB clusters that set them (Aurora's instances take the cluster's). */
    const insights = (template: Template) => Object.values({ ...template.findResources('AWS::RDS::DBInstance'), ...template.findResources('AWS::RDS::DBCluster') })
      .map((found: any) => [
        found.Properties.EnablePerformanceInsights ?? found.Properties.PerformanceInsightsEnabled,
        found.Properties.PerformanceInsightsRetentionPeriod,
      ])
      .filter(([enabled]) => enabled !== undefined);
    const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('/TestStack/Database', Match.anyValue()).map((entry) => String(entry.entry.data));

    test.each<[string, unknown]>([['the RDS name db.m7g.large', 'db.m7g.large'], ['the EC2 name m7g.large as a plain string', 'm7g.large'],
      ['new ec2.InstanceType(\'db.m7g.large\')', type('db.m7g.large')]])('%s is db.m7g.large, not db.db.m7g.large', (_name, instanceType) => {
      const { template } = synth({ instanceType: instanceType as ec2.InstanceType });
      expect(resource(template, INSTANCE).Properties.DBInstanceClass).toEqual('db.m7g.large');
      expect(resource(template, REPLICA_1).Properties.DBInstanceClass).toEqual('db.m7g.large');
    });

    test('the RDS name reaches a Multi-AZ DB cluster and Aurora without a second prefix', () => {
      expect(resource(synth({ topology: cluster, instanceType: type('db.m6gd.large') }).template, MULTI_AZ_CLUSTER).Properties.DBClusterInstanceClass)
        .toEqual('db.m6gd.large');
      expect(resource(synth({ topology: aurora, instanceType: type('db.r7g.large') }).template, AURORA_WRITER).Properties.DBInstanceClass)
        .toEqual('db.r7g.large');
    });

    test.each<[string, WebAppDatabaseOptions]>([
      ['RDS for MySQL on db.t4g.micro', { engine: mysql, instanceType: type('t4g.micro') }],
      ['RDS for MySQL on db.t3.small', { engine: mysql, instanceType: type('t3.small') }],
      ['Aurora MySQL on db.t3.medium', { engine: mysql, topology: aurora, instanceType: type('t3.medium') }],
    ])('%s offers no Performance Insights: it is off, with a warning that says why', (_name, options) => {
      const { stack, template } = synth(options);
      expect(insights(template).length).toBeGreaterThan(0);
      expect(insights(template).every(([enabled, retention]) => enabled === false && retention === undefined)).toBe(true);
      template.allResourcesProperties('AWS::RDS::DBInstance', { PerformanceInsightsKMSKeyId: Match.absent() });
      expect(warnings(stack).join('\n')).toMatch(/offers no Performance Insights on db\.t\d+g?\.(micro|small|medium), so it is off for this database/);
    });

    test.each<[string, WebAppDatabaseOptions]>([
      ['RDS for PostgreSQL on db.t4g.micro', { instanceType: type('t4g.micro') }],
      ['RDS for MySQL on db.t4g.medium', { engine: mysql, instanceType: type('t4g.medium') }],
      ['Aurora PostgreSQL on db.t3.medium', { topology: aurora, instanceType: type('t3.medium') }],
      ['Aurora MySQL on db.t4g.medium', { engine: mysql, topology: aurora, instanceType: type('t4g.medium') }],
    ])('%s keeps Performance Insights on, with no warning', (_name, options) => {
      const { stack, template } = synth(options);
      expect(insights(template).every(([enabled, retention]) => enabled === true && retention === 7)).toBe(true);
      expect(warnings(stack)).toEqual([]);
    });

    test('a Multi-AZ DB cluster on a class that RDS does not document for it gets a warning, and synthesizes', () => {
      const { stack } = synth({ topology: cluster, instanceType: type('m7g.large') });
      expect(warnings(stack).join('\n')).toMatch(/db\.m7g\.large is not among the classes that RDS documents for Multi-AZ DB clusters .*describe-orderable-db-instance-options/);
    });

    test.each(['m6gd.large', 'r6gd.xlarge', 'm5d.large', 'c6gd.medium'])('a Multi-AZ DB cluster on db.%s gets no warning', (name) => {
      expect(warnings(synth({ topology: cluster, instanceType: type(name) }).stack)).toEqual([]);
    });

    test.each<[string, WebAppDatabaseOptions, RegExp]>([
      ['Aurora on a general-purpose class', { topology: aurora, instanceType: type('m7g.large') },
        /invalid instanceType \('db\.m7g\.large'\): use a class that Aurora takes \(db\.r5 \(large to 24xlarge\), .*db\.t4g \(medium, large\), db\.r6gd \(xlarge to 16xlarge\)/],
      ['Aurora on a small burstable class', { topology: aurora, instanceType: type('t4g.small') }, /invalid instanceType \('db\.t4g\.small'\): use a class that Aurora takes/],
      ['Aurora MySQL on db.x1e', { engine: mysql, topology: aurora, instanceType: type('x1e.xlarge') }, /invalid instanceType \('db\.x1e\.xlarge'\)/],
      ['Aurora on an Optimized Reads class in large, which it has not', { topology: aurora, instanceType: type('r6id.large') }, /invalid instanceType \('db\.r6id\.large'\)/],
      ['Aurora MySQL on Optimized Reads, which is Aurora PostgreSQL\'s', { engine: mysql, topology: aurora, instanceType: type('r6gd.xlarge') },
        /invalid instanceType \('db\.r6gd\.xlarge'\)/],
      ['Aurora on a medium R class', { topology: aurora, instanceType: type('r6g.medium') }, /invalid instanceType \('db\.r6g\.medium'\)/],
      ['a Multi-AZ DB cluster on a burstable class', { topology: cluster, instanceType: type('t4g.medium') },
        /invalid instanceType \('db\.t4g\.medium'\): use a class with local NVMe storage \(db\.c6gd, .*a Multi-AZ DB cluster offers no burstable class/],
      ['a class that does not exist', { instanceType: type('m7g.hug') }, /invalid instanceType \('m7g\.hug'\): give an instance class that exists/],
      ['a compute-optimized class, which RDS has not', { instanceType: type('c7g.large') },
        /invalid instanceType \('db\.c7g\.large'\): use a general purpose \(M\), memory optimized \(R, X2\) or burstable \(T3, T4g\) class .*RDS for PostgreSQL offers no db\.c7g instances/],
      ['a name that is no instance class', { instanceType: type('serverless') }, /invalid instanceType \('serverless'\): give an instance class such as/],
      ['a Performance Insights retention where the class has none', { engine: mysql, instanceType: type('t4g.micro'), performanceInsightsRetention: rds.PerformanceInsightRetention.MONTHS_1 },
        /invalid performanceInsightsRetention \(31\): leave it out, or choose a larger instance class: mysql offers no Performance Insights on db\.t4g\.micro/],
      ['a Performance Insights retention that RDS does not take', { performanceInsightsRetention: 42 as rds.PerformanceInsightRetention },
        /invalid performanceInsightsRetention \(42\): give 7 days .*MONTHS_1 to MONTHS_23, 31 days each\) or 731 days/],
      ['a reserved word of PostgreSQL', { databaseName: 'user' }, /invalid databaseName \('user'\): choose another name, for example 'user_db': it is a reserved word of PostgreSQL/],
      ['a reserved word of PostgreSQL in capitals', { databaseName: 'Order' }, /invalid databaseName \('Order'\): .*reserved word of PostgreSQL/],
      ['a reserved word of MySQL', { engine: mysql, databaseName: 'select' }, /invalid databaseName \('select'\): .*reserved word of MySQL/],
      ['a reserved word of MySQL on Aurora', { engine: mysql, topology: aurora, databaseName: 'database' }, /invalid databaseName \('database'\): .*reserved word of MySQL/],
    ])('refuses %s', (_name, options, message) => {
      expect(() => synth(options)).toThrow(message);
    });

    test.each<WebAppDatabaseOptions>([
      { engine: mysql, databaseName: 'user' },
      { databaseName: 'users' },
      { databaseName: 'app_order' },
      { performanceInsightsRetention: 465 as rds.PerformanceInsightRetention },
      { performanceInsightsRetention: rds.PerformanceInsightRetention.LONG_TERM },
      { topology: aurora, instanceType: type('r8g.large') },
      { topology: aurora, instanceType: type('x2g.xlarge') },
      { topology: aurora, instanceType: type('r6gd.xlarge') },
      { topology: aurora, instanceType: type('r8a.large') },
    ])('accepts %j', (options) => {
      expect(() => synth(options)).not.toThrow();
    });

    /** A database of the options in a stack of the Region, whose Availability Zones are dummies. */
    const inRegion = (region: string, options: WebAppDatabaseOptions) => () => {
      const stack = new Stack(testApp(), 'TestStack', { env: { account: TEST_ACCOUNT, region } });
      create(stack, options);
    };

    test.each(['us-west-1', 'ap-east-2', 'ap-southeast-6', 'ap-southeast-7'])('warns about a Multi-AZ DB cluster in %s, where RDS documents none', (region) => {
      const stack = new Stack(testApp(), 'TestStack', { env: { account: TEST_ACCOUNT, region } });
      create(stack, { topology: cluster });
      expect(warnings(stack).join('\n')).toMatch(new RegExp(`RDS documents no Multi-AZ DB cluster in ${region}, so the deployment may fail: .*describe-orderable-db-instance-options --engine postgres --region ${region}`));
      const elsewhere = new Stack(testApp(), 'TestStack', { env: { account: TEST_ACCOUNT, region: 'eu-west-1' } });
      create(elsewhere, { topology: cluster });
      expect(warnings(elsewhere)).toEqual([]);
    });

    test.each(['ap-east-2', 'ap-southeast-6'])('refuses the proxy in %s, where RDS Proxy is not available', (region) => {
      expect(inRegion(region, { proxy: true })).toThrow(new RegExp(`invalid proxy \\(true\\): leave it out: RDS Proxy is not available in ${region}`));
    });

    test('a stack whose Region is a token skips the Region checks', () => {
      const stack = new Stack(testApp(), 'TestStack');
      expect(() => create(stack, { proxy: true })).not.toThrow();
    });
  });

  describe('props of the wrong type (what JavaScript lets through)', () => {
    test.each<[string, unknown, string, RegExp]>([
      ['engine', 'postgres', "'postgres'", /give DatabaseEngine\.postgres\(\) or DatabaseEngine\.mysql\('8\.4\.8'\), not a string/],
      ['engine', DatabaseEngine.postgres(16 as any), '16', /give a string, not a number/],
      ['topology', 'aurora', "'aurora'", /give DatabaseTopology\.multiAzInstance\(\), .*not a string/],
      ['backupRetention', 35, '35', /give a Duration, for example Duration\.days\(7\), not a number/],
      ['monitoringInterval', 60, '60', /give a Duration, for example Duration\.seconds\(60\), not a number/],
      ['instanceType', 7, '7', /give an ec2\.InstanceType such as new ec2\.InstanceType\('m7g\.large'\), not a number/],
      ['databaseName', 42, '42', /give a string, not a number/],
      ['preferredBackupWindow', ['03:00-04:00'], '["03:00-04:00"]', /give a string, not an array/],
      ['deletionProtection', 'no', "'no'", /give true or false, not a string/],
      ['proxy', 'true', "'true'", /give true or false, not a string/],
      ['removalPolicy', 'delete', "'delete'", /give one of RemovalPolicy\.DESTROY, /],
      ['cloudwatchLogsRetention', 42, '42', /give one of the values of logs\.RetentionDays/],
      ['credentialsReplicaRegions', 'eu-west-1', "'eu-west-1'", /give a list, for example \[\{ region: 'eu-west-1', encryptionKey \}\], not a string/],
      ['encryptionKey', 'arn:aws:kms:us-east-1:123456789012:key/1', "'arn:aws:kms:us-east-1:123456789012:key/1'", /give a kms\.IKey, not a string/],
    ])('refuses %s = %j with the error of a wrong value', (prop, value, shown, fix) => {
      const attempt = () => synth({ [prop]: value } as WebAppDatabaseOptions);
      expect(attempt).toThrow(`TestStack/Database: invalid ${prop} (${shown}): `);
      expect(attempt).toThrow(fix);
    });

    test('refuses a VPC that is not one', () => {
      const stack = testStack();
      expect(() => new WebAppDatabase(stack, 'Database', { vpc: 'vpc-12345678' as any }))
        .toThrow(/^TestStack\/Database: invalid vpc \('vpc-12345678'\): give an ec2\.IVpc/);
    });
  });

  describe('quality gates', () => {
    const CONFIGURATIONS: Record<string, (stack: Stack) => void> = {
      'default (PostgreSQL Multi-AZ instance, one read replica)': (stack) => {
        create(stack);
      },
      'fully configured Multi-AZ instance (MySQL, 3 replicas, proxy, grants, RETAIN)': (stack) => {
        const { network, database } = create(stack, {
          engine: DatabaseEngine.mysql(),
          topology: DatabaseTopology.multiAzInstance({ readReplicas: 3 }),
          proxy: true,
          allocatedStorage: 100,
          maxAllocatedStorage: 1000,
          backupRetention: Duration.days(35),
          preferredBackupWindow: '01:00-02:00',
          preferredMaintenanceWindow: 'mon:03:00-mon:04:00',
          performanceInsightsRetention: rds.PerformanceInsightRetention.MONTHS_12,
          monitoringInterval: Duration.seconds(15),
          cloudwatchLogsRetention: logs.RetentionDays.TWO_YEARS,
          removalPolicy: RemovalPolicy.RETAIN,
        });
        const app = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc, allowAllOutbound: false });
        database.allowConnectionsFrom(app);
        const role = appRole(stack);
        database.grantConnect(role, 'app');
        database.grantReadCredentials(role);
        recordException(role, grantPolicy('application role of the test'));
      },
      'Multi-AZ DB cluster (PostgreSQL, proxy)': (stack) => {
        create(stack, { topology: DatabaseTopology.multiAzCluster(), proxy: true });
      },
      'Multi-AZ DB cluster (MySQL)': (stack) => {
        create(stack, { topology: DatabaseTopology.multiAzCluster(), engine: DatabaseEngine.mysql() });
      },
      'Aurora PostgreSQL (2 readers, proxy)': (stack) => {
        create(stack, { topology: DatabaseTopology.aurora({ readers: 2 }), proxy: true });
      },
      'Aurora MySQL': (stack) => {
        create(stack, { topology: DatabaseTopology.aurora(), engine: DatabaseEngine.mysql() });
      },
      'RDS for MySQL on db.t4g.micro (no Performance Insights)': (stack) => {
        create(stack, { engine: DatabaseEngine.mysql(), instanceType: new ec2.InstanceType('t4g.micro') });
      },
    };

    describe.each(Object.entries(CONFIGURATIONS))('%s', (_name, configure) => {
      test('the four cdk-nag packs report no unacknowledged error', () => {
        const app = testApp();
        configure(testStack(app));
        expect(formatFindings(nagFindings(app))).toEqual('');
      });

      test('cfn-lint reports no error or warning', () => {
        const app = testApp();
        configure(testStack(app));
        expect(cfnLint(templatesOf(app))).toEqual([]);
      });
    });
  });
});

describe('WebAppDatabase blue/green engine upgrade (blueGreenUpgrade)', () => {
  const DEPLOYMENT_TYPE = 'AWS::RDS::Deployment';
  const TARGET_PARAMETER_GROUP = 'DatabaseBlueGreenParameterGroup6779C1C0';
  const INSTANCE_ARN = {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds:us-east-1:${TEST_ACCOUNT}:db:`, { Ref: INSTANCE }]],
  };

  function deploymentOf(template: Template): { id: string; properties: Record<string, any>; dependsOn: string[] } {
    const deployments = resourcesOfType(template, DEPLOYMENT_TYPE);
    expect(Object.keys(deployments)).toHaveLength(1);
    const [id, found] = Object.entries(deployments)[0];
    return { id, properties: found.Properties, dependsOn: found.DependsOn ?? [] };
  }

  function parameterGroups(template: Template): Record<string, any> {
    return resourcesOfType(template, 'AWS::RDS::DBParameterGroup');
  }

  test('is off by default: no deployment, the parameter group without logical replication', () => {
    const { template } = synth();
    template.resourceCountIs(DEPLOYMENT_TYPE, 0);
    expect(Object.keys(parameterGroups(template))).toEqual([PARAMETER_GROUP]);
    expect(resource(template, PARAMETER_GROUP).Properties.Parameters).toEqual({ 'rds.force_ssl': '1' });
  });

  describe('a PostgreSQL major version upgrade (16.13 to 17.6)', () => {
    const upgrade = (phase?: BlueGreenPhase, targetInstanceType?: ec2.InstanceType) =>
      synth({ blueGreenUpgrade: { targetEngineVersion: '17.6', phase, targetInstanceType } });

    test('GREEN (the default phase) creates the deployment of the instance into a parameter group of postgres17', () => {
      const { template, database, stack } = upgrade();
      const deployment = deploymentOf(template);
      expect(deployment.id).toBe(logicalId(stack, database.blueGreenDeployment!));
      expect(deployment.properties).toEqual({
        BlueGreenDeploymentName: named('', '-v17-6'),
        Source: INSTANCE_ARN,
        TargetEngineVersion: '17.6',
        TargetDBParameterGroupName: { Ref: TARGET_PARAMETER_GROUP },
      });
      // The green environment copies the read replicas: they exist first.
      expect(deployment.dependsOn).toContain(REPLICA_1);
      template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
        Family: 'postgres17',
        Parameters: { 'rds.force_ssl': '1' },
      });
      expect(Object.keys(parameterGroups(template)).sort()).toEqual([PARAMETER_GROUP, TARGET_PARAMETER_GROUP].sort());
    });

    test('the blue parameter group turns on logical replication, and the instances stay on the blue version', () => {
      const { template, database } = upgrade();
      expect(resource(template, PARAMETER_GROUP).Properties).toMatchObject({
        Family: 'postgres16',
        Parameters: { 'rds.force_ssl': '1', 'rds.logical_replication': '1' },
      });
      expect(resource(template, INSTANCE).Properties).toMatchObject({
        EngineVersion: '16.13',
        DBParameterGroupName: { Ref: PARAMETER_GROUP },
        AllowMajorVersionUpgrade: false,
        DBInstanceClass: 'db.m7g.large',
      });
      expect(database.engineVersion).toBe('16.13');
    });

    test('PREPARE changes only the blue parameter group: no deployment yet', () => {
      const { template } = upgrade(BlueGreenPhase.PREPARE);
      template.resourceCountIs(DEPLOYMENT_TYPE, 0);
      expect(Object.keys(parameterGroups(template))).toEqual([PARAMETER_GROUP]);
      expect(resource(template, PARAMETER_GROUP).Properties.Parameters).toEqual({ 'rds.force_ssl': '1', 'rds.logical_replication': '1' });
      expect(resource(template, INSTANCE).Properties.EngineVersion).toBe('16.13');
    });

    test('SWITCHED_OVER removes the deployment and describes the instances as the switchover left them, under the same logical IDs', () => {
      const before = upgrade().template;
      const { template, database } = upgrade(BlueGreenPhase.SWITCHED_OVER, new ec2.InstanceType('m7g.xlarge'));
      template.resourceCountIs(DEPLOYMENT_TYPE, 0);
      for (const id of [INSTANCE, REPLICA_1]) {
        expect(resource(template, id).Properties).toMatchObject({
          DBParameterGroupName: { Ref: TARGET_PARAMETER_GROUP },
          DBInstanceClass: 'db.m7g.xlarge',
        });
      }
      expect(resource(template, INSTANCE).Properties).toMatchObject({ EngineVersion: '17.6', AllowMajorVersionUpgrade: true });
      // The identifier that CloudFormation knows the instance by is the one the green instance took.
      expect(resource(template, INSTANCE).Properties.DBInstanceIdentifier).toEqual(resource(before, INSTANCE).Properties.DBInstanceIdentifier);
      // The old instance (-old1) keeps the blue parameter group, unchanged.
      expect(resource(template, PARAMETER_GROUP)).toEqual(resource(before, PARAMETER_GROUP));
      expect(database.engineVersion).toBe('17.6');
      expect(database.blueGreenDeployment).toBeUndefined();
    });

    test('a target instance class goes to the deployment, and into its name', () => {
      const { template } = upgrade(BlueGreenPhase.GREEN, new ec2.InstanceType('r7g.large'));
      const { properties } = deploymentOf(template);
      expect(properties.TargetDBInstanceClass).toBe('db.r7g.large');
      expect(properties.BlueGreenDeploymentName).toEqual(named('', expect.stringMatching(/^-v17-6-c[0-9a-f]{4}$/)));
    });
  });

  test('a minor version upgrade keeps the parameter group of the instances, without logical replication', () => {
    const { template } = synth({ blueGreenUpgrade: { targetEngineVersion: '16.13' }, engine: DatabaseEngine.postgres('16.9') });
    expect(deploymentOf(template).properties).toMatchObject({ TargetEngineVersion: '16.13', TargetDBParameterGroupName: { Ref: PARAMETER_GROUP } });
    expect(Object.keys(parameterGroups(template))).toEqual([PARAMETER_GROUP]);
    expect(resource(template, PARAMETER_GROUP).Properties.Parameters).toEqual({ 'rds.force_ssl': '1' });
  });

  test('a MySQL minor version upgrade keeps the option group', () => {
    const { template } = synth({ engine: DatabaseEngine.mysql('8.4.6'), blueGreenUpgrade: { targetEngineVersion: '8.4.8' } });
    expect(deploymentOf(template).properties).toMatchObject({ TargetEngineVersion: '8.4.8', TargetDBParameterGroupName: { Ref: PARAMETER_GROUP } });
    template.hasResourceProperties('AWS::RDS::OptionGroup', { MajorEngineVersion: '8.4' });
    expect(resource(template, INSTANCE).Properties.EngineVersion).toBe('8.4.6');
  });

  describe('refuses what RDS refuses', () => {
    const bad: Array<[string, WebAppDatabaseOptions, RegExp]> = [
      ['a Multi-AZ DB cluster', { topology: DatabaseTopology.multiAzCluster(), blueGreenUpgrade: { targetEngineVersion: '17.6' } },
        /invalid blueGreenUpgrade \('multi-az-cluster'\): leave it out: RDS offers no blue\/green deployment of a Multi-AZ DB cluster/],
      ['Aurora (a master password that RDS manages)', { topology: DatabaseTopology.aurora(), blueGreenUpgrade: { targetEngineVersion: '17.6' } },
        /invalid blueGreenUpgrade \('aurora'\): leave it out: .*do not support a master password managed in Secrets Manager/],
      ['a proxy', { proxy: true, blueGreenUpgrade: { targetEngineVersion: '17.6' } },
        /invalid blueGreenUpgrade \('with proxy'\): leave it out while proxy is on: RDS blue\/green deployments do not support RDS Proxy/],
      ['the same version', { blueGreenUpgrade: { targetEngineVersion: '16.13' } },
        /invalid blueGreenUpgrade.targetEngineVersion \('16.13'\): give a version above engine's \(16.13\)/],
      ['a lower version', { blueGreenUpgrade: { targetEngineVersion: '15.17' } },
        /invalid blueGreenUpgrade.targetEngineVersion \('15.17'\): give a version above engine's \(16.13\): RDS blue\/green deployments only upgrade/],
      ['a version aws-cdk-lib does not know', { blueGreenUpgrade: { targetEngineVersion: '17.99' } },
        /invalid blueGreenUpgrade.targetEngineVersion \('17.99'\): RDS for PostgreSQL has no version '17.99'.*valid versions of 17/],
      ['a major version alone', { blueGreenUpgrade: { targetEngineVersion: '17' } },
        /invalid blueGreenUpgrade.targetEngineVersion \('17'\): give a minor version/],
      ['a MySQL major version upgrade (custom option group)', { engine: DatabaseEngine.mysql('8.0.45'), blueGreenUpgrade: { targetEngineVersion: '8.4.8' } },
        /invalid blueGreenUpgrade.targetEngineVersion \('8.4.8'\): give a 8.0 version: the instances have a custom option group/],
      ['a PostgreSQL major version upgrade from a source too old for logical replication', { engine: DatabaseEngine.postgres('15.3'), blueGreenUpgrade: { targetEngineVersion: '16.13' } },
        /invalid blueGreenUpgrade.targetEngineVersion \('16.13'\): upgrade engine to 15.4 or later first/],
      ['a target class that RDS for PostgreSQL does not offer', { blueGreenUpgrade: { targetEngineVersion: '17.6', targetInstanceType: new ec2.InstanceType('c7g.large') } },
        /invalid blueGreenUpgrade.targetInstanceType \('db.c7g.large'\): use a general purpose/],
      ['no version (from JavaScript)', { blueGreenUpgrade: {} as never },
        /invalid blueGreenUpgrade/],
      ['a phase that does not exist (from JavaScript)', { blueGreenUpgrade: { targetEngineVersion: '17.6', phase: 'switched' as never } },
        /invalid blueGreenUpgrade.phase \('switched'\)/],
    ];
    test.each(bad)('%s', (_name, options, message) => {
      expect(() => synth(options)).toThrow(message);
    });

    test('on a cross-Region replica', () => {
      expect(() => crossRegion(replicatedCredentials, () => ({ blueGreenUpgrade: { targetEngineVersion: '17.6' } })))
        .toThrow(/Recovery\/Database: invalid blueGreenUpgrade \('with crossRegionReplicaOf'\): leave it out: RDS offers no blue\/green deployment of a cross-Region read replica/);
    });

    test('a cross-Region replica of a source in its GREEN phase', () => {
      expect(() => crossRegion((stack) => ({ ...replicatedCredentials(stack), blueGreenUpgrade: { targetEngineVersion: '17.6' } })))
        .toThrow(/Recovery\/Database: invalid crossRegionReplicaOf \('Primary\/Database'\): the source has a blue\/green deployment/);
    });

    test('but not a cross-Region replica of a source that only prepares', () => {
      const { source } = crossRegion((stack) => ({ ...replicatedCredentials(stack), blueGreenUpgrade: { targetEngineVersion: '17.6', phase: BlueGreenPhase.PREPARE } }));
      expect(source.blueGreenDeployment).toBeUndefined();
    });
  });

  describe.each([
    ['PostgreSQL major version, GREEN, with a new class', { blueGreenUpgrade: { targetEngineVersion: '17.6', targetInstanceType: new ec2.InstanceType('m7g.xlarge') } }],
    ['PostgreSQL major version, SWITCHED_OVER', { blueGreenUpgrade: { targetEngineVersion: '17.6', phase: BlueGreenPhase.SWITCHED_OVER } }],
    ['MySQL minor version, GREEN', { engine: DatabaseEngine.mysql('8.4.6'), blueGreenUpgrade: { targetEngineVersion: '8.4.8' } }],
  ] as Array<[string, WebAppDatabaseOptions]>)('%s passes the gates', (_name, options) => {
    test('the four cdk-nag packs report no unacknowledged error', () => {
      const app = testApp();
      create(testStack(app), options);
      expect(formatFindings(nagFindings(app))).toEqual('');
    });

    test('cfn-lint reports no error or warning', () => {
      const app = testApp();
      create(testStack(app), options);
      expect(cfnLint(templatesOf(app))).toEqual([]);
    });
  });
});
