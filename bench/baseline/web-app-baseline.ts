import * as fs from 'fs';
import * as path from 'path';
import { ArnFormat, Aws, CfnResource, Duration, Names, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';

/**
 * The benchmark baseline: the same AWS resources as the default `new HighlyAvailableWebApp(stack, 'WebApp')`,
 * written by hand with aws-cdk-lib L2s (and L1s where aws-cdk-lib has no L2: WAFv2, ElastiCache replication
 * groups, Budgets, SSM patching), as an experienced engineer would write them for one app: no props, no
 * validation, no compliance acknowledgements, no options. It does not import cdk-ha-web-app.
 *
 * Same features: 3-AZ VPC with a NAT gateway per AZ, flow logs, a NACL around the data subnets, the S3
 * gateway endpoint and a restricted default security group; one KMS key; a CLOUDFRONT WebACL with the same
 * rules and logging; CloudFront with a VPC origin to an internal ALB and OAC to a static bucket; an ASG of
 * Graviton instances (IMDSv2, encrypted EBS, SSM, CloudWatch agent, sample app) with rolling updates and
 * target tracking; RDS PostgreSQL Multi-AZ with a read replica, a generated secret and hosted rotation;
 * a Valkey replication group with TLS, AUTH and logs; uploads bucket; 20 alarms, a composite alarm and a
 * dashboard; AWS Backup; CloudTrail; SSM patching; a budget.
 *
 * The app's boot script and sample application are the same files (`assets/`): they are the application,
 * not library logic, and they set the size of the launch template's user data.
 */
export class WebAppBaseline extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    // Log delivery to buckets with ACLs disabled must go through a bucket policy.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    Tags.of(this).add('application', this.node.path);
    const assetsDir = path.join(__dirname, '..', '..', 'assets');
    const appPort = 8080;
    const cloudFrontPrefixList = 'pl-3b927c52'; // com.amazonaws.global.cloudfront.origin-facing in us-east-1

    // ---------------- encryption ----------------
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the data of ${this.node.path} at rest`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logsPrincipal = new iam.ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`);
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      principals: [logsPrincipal],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
    }));

    // ---------------- network ----------------
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 3,
      natGateways: 3,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      restrictDefaultSecurityGroup: true,
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.ALL });
    const appSubnets = { subnetGroupName: 'App' };
    const dataSubnets = { subnetGroupName: 'Data' };
    const acl = new ec2.NetworkAcl(this, 'DataNetworkAcl', { vpc, subnetSelection: dataSubnets });
    const vpcCidr = ec2.AclCidr.ipv4('10.0.0.0/16');
    [5432, 6379].forEach((port, i) => acl.addEntry(`InboundDataPort${port}`, {
      ruleNumber: 100 + i, cidr: vpcCidr, traffic: ec2.AclTraffic.tcpPort(port), direction: ec2.TrafficDirection.INGRESS,
    }));
    vpc.isolatedSubnets.forEach((subnet, i) => acl.addEntry(`InboundRepliesFromDataSubnet${i + 1}`, {
      ruleNumber: 200 + i, cidr: ec2.AclCidr.ipv4(subnet.ipv4CidrBlock), traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: ec2.TrafficDirection.INGRESS,
    }));
    acl.addEntry('OutboundRepliesToVpc', { ruleNumber: 100, cidr: vpcCidr, traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: ec2.TrafficDirection.EGRESS });

    // ---------------- buckets ----------------
    const logBucket = (id: string, days: number, extra: Partial<s3.BucketProps> = {}) => new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'ExpireLogs', expiration: Duration.days(days), noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      ...extra,
    });
    const dataBucket = (id: string, prefix: string, rules: s3.LifecycleRule[], bucketKeyEnabled = true) => new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: serverAccessLogs,
      serverAccessLogsPrefix: prefix,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: rules,
    });
    const expireReplaced = (days: number): s3.LifecycleRule => ({
      id: 'ExpireReplacedVersions', noncurrentVersionExpiration: Duration.days(days), expiredObjectDeleteMarker: true, abortIncompleteMultipartUploadAfter: Duration.days(1),
    });
    const serverAccessLogs = logBucket('ServerAccessLogs', 365);
    const albLogs = logBucket('AlbAccessLogs', 90, { serverAccessLogsBucket: serverAccessLogs, serverAccessLogsPrefix: 'alb-access-logs/' });
    const uploads = dataBucket('Uploads', 'uploads/', [
      {
        id: 'MoveToColderStorageClasses',
        transitions: [
          { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
        ],
      },
      expireReplaced(30),
    ]);
    const staticAssets = dataBucket('StaticAssets', 'static-assets/', [expireReplaced(30)]);
    const edgeLogs = logBucket('EdgeAccessLogs', 90, {
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED, // CloudFront standard logs are written with an ACL
      serverAccessLogsBucket: serverAccessLogs,
      serverAccessLogsPrefix: 'cloudfront-access-logs/',
    });

    // ---------------- load balancer and instances ----------------
    const albSg = new ec2.SecurityGroup(this, 'AlbSecurityGroup', { vpc, allowAllOutbound: false, description: 'ALB: CloudFront in, instances out' });
    albSg.addIngressRule(ec2.Peer.prefixList(cloudFrontPrefixList), ec2.Port.tcp(80), 'CloudFront origin-facing');
    const instanceSg = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', { vpc, allowAllOutbound: false, description: 'App instances' });
    instanceSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and package repositories');

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      vpcSubnets: appSubnets,
      internetFacing: false,
      securityGroup: albSg,
      deletionProtection: true,
      http2Enabled: true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
    });
    alb.logAccessLogs(albLogs, 'alb');

    const role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    const systemLogs = new logs.LogGroup(this, 'SystemLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const appLogs = new logs.LogGroup(this, 'ApplicationLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [systemLogs.logGroupArn, appLogs.logGroupArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } } }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeTags'], resources: ['*'] }));
    const sampleApp = new s3assets.Asset(this, 'SampleApp', { path: path.join(assetsDir, 'sample-app'), exclude: ['__pycache__', '*.pyc'] });
    sampleApp.grantRead(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudformation:SignalResource'], resources: [Aws.STACK_ID] }));

    const userData = ec2.UserData.forLinux();
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType: new ec2.InstanceType('t4g.small'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      role,
      securityGroup: instanceSg,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(20, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true, kmsKey: key, deleteOnTermination: true }) }],
      userData,
    });
    const scalingEvents = new sns.Topic(this, 'ScalingEvents', { masterKey: key, enforceSSL: true });
    const asg = new autoscaling.AutoScalingGroup(this, 'Asg', {
      vpc,
      vpcSubnets: appSubnets,
      launchTemplate,
      minCapacity: 2,
      maxCapacity: 6,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({ additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB], gracePeriod: Duration.minutes(5) }),
      capacityRebalance: true,
      groupMetrics: [autoscaling.GroupMetrics.all()],
      cooldown: Duration.minutes(5),
      notifications: [{ topic: scalingEvents }],
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
        minInstancesInService: 2,
        maxBatchSize: 1,
        waitOnResourceSignals: true,
        pauseTime: Duration.minutes(15),
        suspendProcesses: [autoscaling.ScalingProcess.HEALTH_CHECK, autoscaling.ScalingProcess.REPLACE_UNHEALTHY, autoscaling.ScalingProcess.AZ_REBALANCE,
          autoscaling.ScalingProcess.ALARM_NOTIFICATION, autoscaling.ScalingProcess.SCHEDULED_ACTIONS],
      }),
      signals: autoscaling.Signals.waitForMinCapacity({ timeout: Duration.minutes(15) }),
    });
    const cfnAsg = asg.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    // A service-linked role of our own, so the key policy can name it before the account's default one exists.
    const slrSuffix = Names.uniqueResourceName(asg, { maxLength: 35, separator: '-' });
    const slr = new iam.CfnServiceLinkedRole(this, 'AutoScalingServiceRole', { awsServiceName: 'autoscaling.amazonaws.com', customSuffix: slrSuffix });
    const slrArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_${slrSuffix}` });
    cfnAsg.serviceLinkedRoleArn = slrArn;
    cfnAsg.addDependency(slr);
    key.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], principals: [new iam.ArnPrincipal(slrArn)], resources: ['*'] }));
    key.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:CreateGrant'], principals: [new iam.ArnPrincipal(slrArn)], resources: ['*'], conditions: { Bool: { 'kms:GrantIsForAWSResource': true } } }));
    key.node.addDependency(slr);

    const file = (name: string) => fs.readFileSync(path.join(assetsDir, name), 'utf8');
    const writeFile = (target: string, content: string, mode = '0644') =>
      `echo '${Buffer.from(content).toString('base64')}' | base64 -d > ${target}\nchmod ${mode} ${target}`;
    const agentConfig = JSON.stringify(JSON.parse(file('observe/amazon-cloudwatch-agent.json')));
    userData.addCommands(
      `APP_PORT='${appPort}'`,
      "HEALTH_CHECK_PATH='/health'",
      `SIGNAL_STACK='${Aws.STACK_NAME}'`,
      `SIGNAL_RESOURCE='${stack.getLogicalId(cfnAsg)}'`,
      `SIGNAL_REGION='${Aws.REGION}'`,
      "LIFECYCLE_HOOK=''",
      file('boot/prepare.sh'),
      writeFile('/opt/webapp/ready.sh', file('boot/ready.sh'), '0755'),
      writeFile('/opt/webapp/webapp-ready.service', file('boot/webapp-ready.service')),
      `SYSTEM_LOG_GROUP='${systemLogs.logGroupName}'`,
      `APP_LOG_GROUP='${appLogs.logGroupName}'`,
      `AGENT_CONFIG='${Buffer.from(agentConfig).toString('base64')}'`,
      `LOGROTATE_CONFIG='${Buffer.from(file('observe/logrotate.conf')).toString('base64')}'`,
      file('boot/observe.sh'),
      `aws s3 cp '${sampleApp.s3ObjectUrl}' /tmp/sample-app.zip --region "$SIGNAL_REGION"`,
      'python3 -m zipfile -e /tmp/sample-app.zip /opt/webapp/',
      'install -m 0644 /opt/webapp/webapp.service /etc/systemd/system/webapp.service',
      file('sample-app/install.sh'),
      file('boot/signal.sh'),
    );

    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc,
      port: appPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: [asg],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: { path: '/health', healthyHttpCodes: '200', interval: Duration.seconds(15), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
    });
    alb.addListener('Http', { protocol: elbv2.ApplicationProtocol.HTTP, port: 80, open: false, defaultTargetGroups: [targetGroup] });
    asg.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    asg.scaleOnRequestCount('Requests', { targetRequestsPerMinute: 1000 });

    // ---------------- database ----------------
    const dbSg = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', { vpc, allowAllOutbound: false, description: 'PostgreSQL' });
    const dbId = `${stack.stackName.toLowerCase()}-webapp-db`;
    const monitoringRole = new iam.Role(this, 'DatabaseMonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 });
    const dbCommon = {
      instanceType: new ec2.InstanceType('m7g.large'),
      vpc,
      subnetGroup: new rds.SubnetGroup(this, 'DatabaseSubnets', { vpc, vpcSubnets: dataSubnets, description: 'Database subnets' }),
      securityGroups: [dbSg],
      publiclyAccessible: false,
      storageType: rds.StorageType.GP3,
      maxAllocatedStorage: 100,
      parameterGroup: new rds.ParameterGroup(this, 'DatabaseParameters', { engine, description: 'TLS only', parameters: { 'rds.force_ssl': '1' } }),
      iamAuthentication: true,
      enablePerformanceInsights: true,
      performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      performanceInsightEncryptionKey: key,
      monitoringInterval: Duration.seconds(60),
      monitoringRole,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      autoMinorVersionUpgrade: true,
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      copyTagsToSnapshot: true,
      deletionProtection: true,
    };
    const database = new rds.DatabaseInstance(this, 'Database', {
      ...dbCommon,
      engine,
      instanceIdentifier: dbId,
      multiAz: true,
      storageEncryptionKey: key,
      allocatedStorage: 20,
      allowMajorVersionUpgrade: false,
      databaseName: 'app',
      credentials: rds.Credentials.fromGeneratedSecret('postgres', { encryptionKey: key }),
      backupRetention: Duration.days(7),
      preferredBackupWindow: '03:00-04:00',
      deleteAutomatedBackups: false,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    (database.node.findChild('Secret').node.defaultChild as CfnResource).applyRemovalPolicy(RemovalPolicy.RETAIN);
    const replica = new rds.DatabaseInstanceReadReplica(this, 'DatabaseReplica', {
      ...dbCommon,
      sourceDatabaseInstance: database,
      instanceIdentifier: `${dbId}-replica-1`,
      availabilityZone: stack.availabilityZones[0],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Log groups of our own (retention, KMS) instead of cloudwatchLogsRetention, which adds a Lambda.
    const dbLogGroups = (id: string, identifier: string, instance: CfnResource) => {
      for (const type of ['postgresql', 'upgrade']) {
        const group = new logs.LogGroup(this, `${id}${type}Log`, {
          logGroupName: `/aws/rds/instance/${identifier}/${type}`, encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN,
        });
        instance.addDependency(group.node.defaultChild as CfnResource);
      }
    };
    dbLogGroups('Database', dbId, database.node.defaultChild as CfnResource);
    dbLogGroups('DatabaseReplica', `${dbId}-replica-1`, replica.node.defaultChild as CfnResource);
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      principals: [logsPrincipal],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${stack.region}:${stack.account}:log-group:/aws/rds/*` } },
    }));
    const rotationSg = new ec2.SecurityGroup(this, 'RotationSecurityGroup', { vpc, allowAllOutbound: false, description: 'Credentials rotation' });
    rotationSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the Secrets Manager API');
    database.connections.allowFrom(rotationSg, ec2.Port.tcp(5432), 'credentials rotation');
    database.connections.allowFrom(instanceSg, ec2.Port.tcp(5432), 'app to PostgreSQL');
    new secretsmanager.RotationSchedule(this, 'SecretRotation', {
      secret: database.secret!,
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc, vpcSubnets: appSubnets, securityGroups: [rotationSg] }),
      automaticallyAfter: Duration.days(7),
    });
    database.secret!.grantRead(role);

    // ---------------- cache ----------------
    const cacheSg = new ec2.SecurityGroup(this, 'CacheSecurityGroup', { vpc, allowAllOutbound: false, description: 'Valkey' });
    cacheSg.connections.allowFrom(instanceSg, ec2.Port.tcp(6379), 'app to Valkey');
    const cacheSubnets = new elasticache.CfnSubnetGroup(this, 'CacheSubnets', { description: 'Cache subnets', subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId) });
    const cacheParameters = new elasticache.CfnParameterGroup(this, 'CacheParameters', { cacheParameterGroupFamily: 'valkey8', description: 'Cache parameters', properties: { 'cluster-enabled': 'no' } });
    const authToken = new secretsmanager.Secret(this, 'CacheAuthToken', {
      encryptionKey: key, generateSecretString: { excludePunctuation: true, passwordLength: 64 }, removalPolicy: RemovalPolicy.DESTROY,
    });
    authToken.grantRead(role);
    const cacheLog = (id: string) => new logs.LogGroup(this, id, { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const slowLog = cacheLog('CacheSlowLog');
    const engineLog = cacheLog('CacheEngineLog');
    const cache = new elasticache.CfnReplicationGroup(this, 'Cache', {
      replicationGroupDescription: 'Sessions and cache',
      engine: 'valkey',
      engineVersion: '8.2',
      cacheNodeType: 'cache.t4g.small',
      port: 6379,
      numCacheClusters: 2,
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      preferredCacheClusterAZs: stack.availabilityZones.slice(0, 2),
      cacheSubnetGroupName: cacheSubnets.ref,
      cacheParameterGroupName: cacheParameters.ref,
      securityGroupIds: [cacheSg.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: authToken.secretValue.unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: 15,
      snapshotWindow: '03:00-04:00',
      preferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      logDeliveryConfigurations: [[slowLog, 'slow-log'], [engineLog, 'engine-log']].map(([group, type]) => ({
        destinationType: 'cloudwatch-logs',
        logFormat: 'json',
        logType: type as string,
        destinationDetails: { cloudWatchLogsDetails: { logGroup: (group as logs.LogGroup).logGroupName } },
      })),
    });
    cache.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    uploads.grantReadWrite(role, '*');
    uploads.grantDelete(role, 'health-check/*');

    // ---------------- edge ----------------
    const webAclName = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name: `AWS-${name}`,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `AWS-${name}` },
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: webAclName },
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 10),
        {
          name: 'RateLimitPerIp',
          priority: 20,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: 2000 } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'RateLimitPerIp' },
        },
        managed('AWSManagedRulesCommonRuleSet', 30),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 40),
        managed('AWSManagedRulesSQLiRuleSet', 50),
        managed('AWSManagedRulesLinuxRuleSet', 60),
      ],
    });
    const wafLogs = new logs.LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${webAclName}`, encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: webAcl.attrArn,
      logDestinationConfigs: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: wafLogs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: origins.VpcOrigin.withApplicationLoadBalancer(alb, {
          httpPort: 80,
          httpsPort: 443,
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          readTimeout: Duration.seconds(30),
          keepaliveTimeout: Duration.seconds(5),
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        '/static/*': {
          origin: origins.S3BucketOrigin.withOriginAccessControl(staticAssets),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers,
        },
      },
      webAclId: webAcl.attrArn,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: edgeLogs,
      logFilePrefix: 'cloudfront/',
    });

    // ---------------- monitoring ----------------
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: 'Web app alarms' });
    alarmTopic.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      resources: [alarmTopic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID }, ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` } },
    }));
    alarmTopic.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      resources: [alarmTopic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:budgets::${stack.account}:*` } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID }, ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      resources: ['*'],
      conditions: { StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${Aws.PARTITION}:sns:${stack.region}:${stack.account}:*` } },
    }));
    const action = new cwActions.SnsAction(alarmTopic);
    const alarm = (id: string, metric: cloudwatch.Metric | cloudwatch.MathExpression, threshold: number, evaluationPeriods: number, options: Partial<cloudwatch.CreateAlarmOptions> = {}) => {
      const created = metric.createAlarm(this, id, {
        threshold,
        evaluationPeriods,
        alarmDescription: id,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      return created;
    };
    const asgDims = { AutoScalingGroupName: asg.autoScalingGroupName };
    const m = (namespace: string, metricName: string, dimensionsMap: Record<string, string>, statistic: string, period = Duration.minutes(5)) =>
      new cloudwatch.Metric({ namespace, metricName, dimensionsMap, statistic, period });
    const missing = { treatMissingData: cloudwatch.TreatMissingData.MISSING };
    const below = { comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD };
    const cloudFront5xx = alarm('CloudFront5xxErrorRate', distribution.metric5xxErrorRate({ period: Duration.minutes(5) }), 5, 3, { datapointsToAlarm: 2 });
    alarm('FirewallBlockedRequests', m('AWS/WAFV2', 'BlockedRequests', { Rule: 'ALL', WebACL: webAclName }, 'Sum'), 1000, 1);
    const elb5xx = alarm('LoadBalancer5xxErrors', alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: Duration.minutes(5) }), 10, 1);
    const target5xx = alarm('Target5xxErrors', targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(5) }), 10, 1);
    alarm('TargetResponseTimeP99', targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(5) }), 2, 3, { datapointsToAlarm: 2 });
    alarm('UnhealthyTargets', targetGroup.metrics.unhealthyHostCount({ statistic: 'Maximum', period: Duration.minutes(1) }), 1, 5);
    const noHealthy = alarm('NoHealthyTargets', targetGroup.metrics.healthyHostCount({ statistic: 'Minimum', period: Duration.minutes(1) }), 1, 2,
      { ...below, treatMissingData: cloudwatch.TreatMissingData.BREACHING });
    alarm('InServiceBelowMinimum', new cloudwatch.MathExpression({
      expression: 'inService - minSize',
      label: 'In service minus minimum',
      period: Duration.minutes(5),
      usingMetrics: { inService: m('AWS/AutoScaling', 'GroupInServiceInstances', asgDims, 'Minimum'), minSize: m('AWS/AutoScaling', 'GroupMinSize', asgDims, 'Minimum') },
    }), 0, 3, { ...below, treatMissingData: cloudwatch.TreatMissingData.BREACHING });
    alarm('InstanceCpuUtilization', m('AWS/EC2', 'CPUUtilization', asgDims, 'Average'), 85, 3, missing);
    alarm('InstanceMemoryUtilization', m('CWAgent', 'mem_used_percent', asgDims, 'Average'), 90, 3, missing);
    alarm('InstanceDiskUtilization', m('CWAgent', 'disk_used_percent', asgDims, 'Average'), 85, 1, missing);
    const dbDims = { DBInstanceIdentifier: database.instanceIdentifier };
    alarm('DatabaseCpuUtilization', m('AWS/RDS', 'CPUUtilization', dbDims, 'Average'), 80, 3, missing);
    alarm('DatabaseFreeableMemory', m('AWS/RDS', 'FreeableMemory', dbDims, 'Minimum'), 256 * 1024 ** 2, 3, { ...missing, ...below });
    alarm('DatabaseConnections', m('AWS/RDS', 'DatabaseConnections', dbDims, 'Maximum'), 300, 2, missing);
    alarm('DatabaseFreeStorage', m('AWS/RDS', 'FreeStorageSpace', dbDims, 'Minimum'), 10 * 1024 ** 3, 1, { ...missing, ...below });
    alarm('DatabaseReplicaLag', m('AWS/RDS', 'ReplicaLag', { DBInstanceIdentifier: replica.instanceIdentifier }, 'Maximum'), 60, 3,
      { treatMissingData: cloudwatch.TreatMissingData.BREACHING });
    const worstNode = (metricName: string, statistic: string, label: string) => new cloudwatch.MathExpression({
      expression: 'MAX([n0,n1])',
      label,
      period: Duration.minutes(5),
      usingMetrics: { n0: m('AWS/ElastiCache', metricName, { CacheClusterId: `${cache.ref}-001` }, statistic), n1: m('AWS/ElastiCache', metricName, { CacheClusterId: `${cache.ref}-002` }, statistic) },
    });
    const cacheCpu = worstNode('EngineCPUUtilization', 'Average', 'Engine CPU (%)');
    const cacheMemory = worstNode('DatabaseMemoryUsagePercentage', 'Average', 'Memory (%)');
    const cacheEvictions = worstNode('Evictions', 'Sum', 'Evictions');
    const cacheLag = worstNode('ReplicationLag', 'Maximum', 'Replication lag (s)');
    alarm('CacheEngineCpuUtilization', cacheCpu, 80, 3, { datapointsToAlarm: 2, ...missing });
    alarm('CacheMemoryUtilization', cacheMemory, 85, 3, { datapointsToAlarm: 2, ...missing });
    alarm('CacheEvictions', cacheEvictions, 100, 3, { datapointsToAlarm: 2 });
    alarm('CacheReplicationLag', cacheLag, 30, 3, { datapointsToAlarm: 2 });
    const unavailable = new cloudwatch.CompositeAlarm(this, 'ApplicationUnavailable', {
      alarmRule: cloudwatch.AlarmRule.anyOf(noHealthy, cloudwatch.AlarmRule.allOf(cloudFront5xx, cloudwatch.AlarmRule.anyOf(elb5xx, target5xx))),
    });
    unavailable.addAlarmAction(action);
    unavailable.addOkAction(action);

    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) => new cloudwatch.GraphWidget({ title, left, width });
    const alarms = this.node.children.filter((child): child is cloudwatch.AlarmBase => child instanceof cloudwatch.AlarmBase);
    new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 24 })],
        [graph('CloudFront requests', [distribution.metricRequests({ label: 'Requests' })], 12),
          graph('CloudFront error rates (%)', [distribution.metric4xxErrorRate(), distribution.metric5xxErrorRate()], 12)],
        [graph('WAF requests', [m('AWS/WAFV2', 'AllowedRequests', { Rule: 'ALL', WebACL: webAclName }, 'Sum'), m('AWS/WAFV2', 'BlockedRequests', { Rule: 'ALL', WebACL: webAclName }, 'Sum')], 24)],
        [graph('Load balancer requests', [alb.metrics.requestCount()]),
          graph('5xx responses', [alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT)]),
          graph('Response time (seconds)', [targetGroup.metrics.targetResponseTime({ statistic: 'p99' })])],
        [graph('Targets and instances', [targetGroup.metrics.healthyHostCount(), targetGroup.metrics.unhealthyHostCount(), m('AWS/AutoScaling', 'GroupInServiceInstances', asgDims, 'Minimum')]),
          graph('Instance CPU, memory and disk (%)', [m('AWS/EC2', 'CPUUtilization', asgDims, 'Average'), m('CWAgent', 'mem_used_percent', asgDims, 'Average'), m('CWAgent', 'disk_used_percent', asgDims, 'Average')], 16)],
        [graph('Database CPU (%)', [m('AWS/RDS', 'CPUUtilization', dbDims, 'Average')], 6),
          graph('Database memory and storage (bytes)', [m('AWS/RDS', 'FreeableMemory', dbDims, 'Minimum'), m('AWS/RDS', 'FreeStorageSpace', dbDims, 'Minimum')], 6),
          graph('Database connections', [m('AWS/RDS', 'DatabaseConnections', dbDims, 'Maximum')], 6),
          graph('Replica lag', [m('AWS/RDS', 'ReplicaLag', { DBInstanceIdentifier: replica.instanceIdentifier }, 'Maximum')], 6)],
        [graph('Cache Engine CPU (%), worst node', [cacheCpu], 6), graph('Cache Memory (%), worst node', [cacheMemory], 6),
          graph('Cache Evictions, worst node', [cacheEvictions], 6), graph('Cache replication lag, worst node', [cacheLag], 6)],
      ],
    });

    // ---------------- backup ----------------
    const vault = new backup.BackupVault(this, 'BackupVault', { encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN, blockRecoveryPointDeletion: true });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }), deleteAfter: Duration.days(35) }),
        new backup.BackupPlanRule({ ruleName: 'Monthly', scheduleExpression: events.Schedule.cron({ day: '1', hour: '5', minute: '0' }), deleteAfter: Duration.days(365) }),
      ],
    });
    const backupRole = new iam.Role(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Backup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AWSBackupServiceRolePolicyForS3Restore'),
      ],
    });
    key.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], principals: [backupRole], resources: ['*'] }));
    key.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:CreateGrant'], principals: [backupRole], resources: ['*'], conditions: { Bool: { 'kms:GrantIsForAWSResource': true } } }));
    plan.addSelection('Selection', {
      backupSelectionName: 'AppData',
      role: backupRole,
      resources: [backup.BackupResource.fromRdsDatabaseInstance(database), backup.BackupResource.fromArn(uploads.bucketArn)],
    });
    new events.Rule(this, 'BackupFailedJobs', {
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'], backupVaultArn: [vault.backupVaultArn] },
      },
      targets: [new targets.SnsTopic(alarmTopic)],
    });
    key.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], principals: [new iam.ServicePrincipal('events.amazonaws.com')], resources: ['*'] }));

    // ---------------- audit trail ----------------
    const trailName = `${Names.uniqueResourceName(this, { maxLength: 100, separator: '-' })}-trail`;
    const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });
    const trailBucket = dataBucket('TrailBucket', 'cloudtrail/', [
      { id: 'ArchiveAndExpireLogFiles', transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }], expiration: Duration.days(2557) },
      expireReplaced(90),
    ], false);
    trailBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyOtherTrails',
      effect: iam.Effect.DENY,
      actions: ['s3:PutObject'],
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      resources: [trailBucket.arnForObjects('*')],
      conditions: { StringNotEquals: { 'aws:SourceArn': trailArn } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey*'],
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${Aws.PARTITION}:cloudtrail:*:${stack.account}:trail/*` } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:DescribeKey'], principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')], resources: ['*'], conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }));
    new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: trailBucket,
      encryptionKey: key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: new logs.LogGroup(this, 'TrailLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
    });


    // ---------------- patching ----------------
    const patchGroup = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    Tags.of(asg).add('PatchGroup', patchGroup, { applyToLaunchedInstances: true });
    const baseline = new ssm.CfnPatchBaseline(this, 'PatchBaseline', {
      name: patchGroup,
      operatingSystem: 'AMAZON_LINUX_2023',
      patchGroups: [patchGroup],
      approvalRules: {
        patchRules: [{
          approveAfterDays: 7,
          complianceLevel: 'HIGH',
          enableNonSecurity: true,
          patchFilterGroup: { patchFilters: [{ key: 'CLASSIFICATION', values: ['Security', 'Bugfix'] }, { key: 'SEVERITY', values: ['Critical', 'Important'] }] },
        }],
      },
    });
    const association = (id: string, operation: string, schedule: string, extra: Partial<ssm.CfnAssociationProps>) => new ssm.CfnAssociation(this, id, {
      name: 'AWS-RunPatchBaseline',
      associationName: `${patchGroup}-${id.toLowerCase()}`,
      complianceSeverity: 'HIGH',
      parameters: { Operation: [operation], RebootOption: [operation === 'Scan' ? 'NoReboot' : 'RebootIfNeeded'] },
      scheduleExpression: schedule,
      targets: [{ key: 'tag:aws:autoscaling:groupName', values: [asg.autoScalingGroupName] }],
      ...extra,
    }).addDependency(baseline);
    association('Scan', 'Scan', 'cron(0 1 * * ? *)', { maxConcurrency: '50%', maxErrors: '100%' });
    association('Install', 'Install', 'cron(0 3 ? * SUN *)', { maxConcurrency: '1', maxErrors: '0', applyOnlyAtCronInterval: true });

    // ---------------- budget ----------------
    const notify = (notificationType: string, threshold: number): budgets.CfnBudget.NotificationWithSubscribersProperty => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers: [{ subscriptionType: 'SNS', address: alarmTopic.topicArn }],
    });
    const budget = new budgets.CfnBudget(this, 'Budget', {
      budget: { budgetType: 'COST', timeUnit: 'MONTHLY', budgetLimit: { amount: 750, unit: 'USD' }, budgetName: `${patchGroup}-budget` },
      notificationsWithSubscribers: [notify('ACTUAL', 80), notify('ACTUAL', 100), notify('FORECASTED', 100)],
      resourceTags: [{ key: 'application', value: this.node.path }],
    });
    budget.node.addDependency(alarmTopic);

  }
}

