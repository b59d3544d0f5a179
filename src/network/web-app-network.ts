import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { recordException } from '../private/compliance';
import { DATA_SUBNETS_NETWORK_ACL, deploymentFunction, grantPolicy, inlinePolicy, PUBLIC_SUBNET_ROUTE } from '../private/exceptions';
import { invalidProp, PropTypes, requireConcrete, types, validateInteger, validateTypes } from '../private/validation';
import { WebAppEncryption } from '../security/web-app-encryption';

/**
 * Settings of the network tier, used by {@link HighlyAvailableWebAppProps.network} and {@link WebAppNetworkProps}.
 */
export interface WebAppNetworkOptions {
  /**
   * An existing VPC to use instead of creating one.
   *
   * It must have private subnets (with or without egress) in at least 2 Availability Zones.
   * The library adds nothing to it: no flow logs, endpoints or NACLs.
   *
   * @default - a new VPC is created
   */
  readonly vpc?: ec2.IVpc;

  /**
   * How many Availability Zones the new VPC spans (2 to 6).
   *
   * In a stack without an explicit account and region, CDK knows only 2 Availability Zones.
   *
   * @default 3
   */
  readonly maxAzs?: number;

  /**
   * How many NAT gateways the new VPC gets.
   *
   * One per Availability Zone keeps outbound traffic working when a zone fails. A single NAT gateway
   * costs less (about 32 USD a month per gateway plus data) but makes outbound traffic of every zone
   * depend on one zone.
   *
   * @default - one per Availability Zone
   */
  readonly natGateways?: number;

  /**
   * IPv4 address range of the new VPC, a /16 to /20 CIDR block given by its network address (no host bits set:
   * `10.0.0.0/16`, not `10.0.0.1/16`), split evenly between the subnets. AWS accepts /16 to /28 for a VPC; the library
   * stops at /20 so that each of the up to 18 subnets (3 groups in up to 6 zones) keeps at least 128 addresses, room for
   * the load balancer's nodes, the instances of a scale-out and the database and cache nodes.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * Adds interface endpoints for the services instances are managed through (SSM, SSM messages, EC2
   * messages, Secrets Manager, KMS, CloudWatch Logs and CloudWatch monitoring), so that this traffic
   * stays inside the VPC and management keeps working without the NAT gateways.
   *
   * Costs about 7.30 USD a month per endpoint and Availability Zone (7 endpoints in 3 zones: about
   * 153 USD a month), plus 0.01 USD per GB.
   *
   * @default false
   */
  readonly interfaceEndpoints?: boolean;

  /**
   * How long VPC flow logs are kept: one of the values of `logs.RetentionDays`, the only ones CloudWatch Logs accepts.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * TCP ports that the network ACL of the data subnets admits from inside the VPC: the ports of the
   * databases and caches that run there. Everything else from anywhere, and anything from the
   * internet, is denied at the subnet boundary, in addition to the security groups.
   *
   * @default [5432, 3306, 6379] (PostgreSQL, MySQL, Redis/Valkey)
   */
  readonly dataPorts?: number[];
}

/**
 * Properties for {@link WebAppNetwork}.
 */
export interface WebAppNetworkProps extends WebAppNetworkOptions {
  /**
   * Key that encrypts the flow log group.
   *
   * @default - a new key is created with {@link WebAppEncryption}
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The network of the web app: a VPC across several Availability Zones with public subnets (load
 * balancer and NAT only), private subnets for the application and isolated subnets for the data
 * tier, NAT gateways per zone, encrypted flow logs, and an S3 gateway endpoint.
 *
 * Given an existing VPC, it checks that the VPC has what the web app needs and creates nothing.
 */
export class WebAppNetwork extends Construct {
  /** Name of the subnet group for the load balancer and NAT gateways. */
  public static readonly PUBLIC_SUBNET_GROUP = 'Public';
  /** Name of the subnet group for the application instances. */
  public static readonly APP_SUBNET_GROUP = 'App';
  /** Name of the subnet group for databases and caches (no route to the internet). */
  public static readonly DATA_SUBNET_GROUP = 'Data';

  /** The VPC, created or given. */
  public readonly vpc: ec2.IVpc;

  /** Subnets for the application instances and an internal load balancer. */
  public readonly appSubnets: ec2.SubnetSelection;

  /** Subnets for the data tier: isolated subnets when the VPC has them, else the private ones. */
  public readonly dataSubnets: ec2.SubnetSelection;

  /**
   * The flow log group, when the VPC was created here.
   */
  public readonly flowLogGroup?: logs.ILogGroup;

  /** The network ACL of the data subnets, when the VPC was created here. */
  public readonly dataNetworkAcl?: ec2.INetworkAcl;

  /**
   * The security group of the interface endpoints, when `interfaceEndpoints` is on. It admits nobody
   * until {@link allowInterfaceEndpointsFrom} names who may use the endpoints.
   */
  public readonly interfaceEndpointsSecurityGroup?: ec2.ISecurityGroup;

  constructor(scope: Construct, id: string, props: WebAppNetworkProps = {}) {
    super(scope, id);
    validateTypes(this, props, NETWORK_PROP_TYPES);

    if (props.vpc) {
      for (const prop of ['maxAzs', 'natGateways', 'cidr', 'flowLogRetention', 'interfaceEndpoints', 'dataPorts'] as const) {
        if (props[prop] !== undefined) {
          invalidProp(this, prop, props[prop], 'remove it: it shapes a new VPC and cannot change the existing one given in vpc');
        }
      }
      this.vpc = props.vpc;
      this.appSubnets = validateExistingVpc(this, props.vpc);
      this.dataSubnets = props.vpc.isolatedSubnets.length > 0
        ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
        : this.appSubnets;
      return;
    }

    requireConcrete(this, 'maxAzs', props.maxAzs, 'it decides how many subnets are created');
    requireConcrete(this, 'natGateways', props.natGateways, 'it decides how many NAT gateways are created');
    requireConcrete(this, 'cidr', props.cidr, 'the subnets are carved out of it at synth time');
    validateInteger(this, 'maxAzs', props.maxAzs, 2, 6);
    const maxAzs = props.maxAzs ?? 3;
    validateInteger(this, 'natGateways', props.natGateways, 1, maxAzs);
    validateZones(this, maxAzs, props.natGateways);
    const cidr = props.cidr ?? '10.0.0.0/16';
    validateCidr(this, cidr);
    const dataPorts = props.dataPorts ?? DEFAULT_DATA_PORTS;
    validateDataPorts(this, dataPorts);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs,
      natGateways: props.natGateways ?? maxAzs,
      // Nothing in the public subnets needs an automatic public address: NAT gateways have Elastic IPs.
      subnetConfiguration: [
        { name: WebAppNetwork.PUBLIC_SUBNET_GROUP, subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: WebAppNetwork.APP_SUBNET_GROUP, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: WebAppNetwork.DATA_SUBNET_GROUP, subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      // The default security group is used by nothing here; strip its rules so nothing can use it by accident.
      restrictDefaultSecurityGroup: true,
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    this.vpc = vpc;
    this.appSubnets = { subnetGroupName: WebAppNetwork.APP_SUBNET_GROUP };
    this.dataSubnets = { subnetGroupName: WebAppNetwork.DATA_SUBNET_GROUP };

    const encryptionKey = props.encryptionKey ?? new WebAppEncryption(this, 'Encryption').key;
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey,
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.flowLogGroup = flowLogGroup;
    const flowLog = vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    recordException(flowLog, grantPolicy('flow log delivery role'));
    for (const subnet of vpc.publicSubnets) {
      recordException(subnet, PUBLIC_SUBNET_ROUTE);
    }
    // aws-cdk-lib's function (one per stack) that removes the rules of the default security group.
    const restrictDefaultSecurityGroup = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (restrictDefaultSecurityGroup) {
      for (const exception of deploymentFunction('the function of aws-cdk-lib that removes the rules of the VPC\'s default security group',
        'the EC2 API')) {
        recordException(restrictDefaultSecurityGroup, exception);
      }
      recordException(restrictDefaultSecurityGroup, inlinePolicy(
        'the role of aws-cdk-lib\'s function that removes the rules of the default security group: its inline policy allows only the EC2 actions on '
        + 'the default security group of this stack\'s VPCs, and lives and dies with the function'));
    }

    this.dataNetworkAcl = this.createDataNetworkAcl(vpc, cidr, dataPorts);

    if (props.interfaceEndpoints) {
      const securityGroup = new ec2.SecurityGroup(this, 'InterfaceEndpointsSecurityGroup', {
        vpc,
        description: 'Interface endpoints of the web app: HTTPS from the groups allowed by allowInterfaceEndpointsFrom',
        allowAllOutbound: false,
      });
      this.interfaceEndpointsSecurityGroup = securityGroup;
      for (const [endpointId, service] of Object.entries(INTERFACE_ENDPOINT_SERVICES)) {
        vpc.addInterfaceEndpoint(endpointId, {
          service,
          subnets: this.appSubnets,
          securityGroups: [securityGroup],
          privateDnsEnabled: true,
          // Admission is by security group reference (allowInterfaceEndpointsFrom), never by the VPC's CIDR.
          open: false,
        });
      }
    }
  }

  /**
   * A stateless second wall around the data subnets. NACLs see no connections, only packets, and match
   * the destination port alone, so each direction needs its own rules:
   * - in: the data ports from the VPC (clients in the app subnets, and replicas in the data subnets);
   *   ephemeral ports only from the data subnets themselves, for the replies to connections that data
   *   nodes open to each other (replication). An app subnet can therefore reach a data port and nothing else.
   * - out: ephemeral ports to the VPC (replies to clients), which also covers connections between data
   *   nodes, since the data ports are above 1023.
   * Whatever no rule admits, including all traffic from and to the internet, hits the implicit deny.
   *
   * The public and app subnets keep the default NACL on purpose: their traffic comes from and goes to
   * the internet (CloudFront's origin-facing addresses, NAT, package repositories and AWS APIs), which a
   * NACL can only admit as 0.0.0.0/0 (it cannot reference the CloudFront prefix list or a security
   * group), so rules there would add nothing but a way to break the ALB, NAT and patching paths. The
   * security groups guard them, by reference.
   */
  private createDataNetworkAcl(vpc: ec2.Vpc, cidr: string, dataPorts: number[]): ec2.NetworkAcl {
    const acl = new ec2.NetworkAcl(this, 'DataNetworkAcl', {
      vpc,
      subnetSelection: this.dataSubnets,
    });
    recordException(acl, DATA_SUBNETS_NETWORK_ACL);
    const vpcCidr = ec2.AclCidr.ipv4(cidr);
    dataPorts.forEach((port, index) => {
      acl.addEntry(`InboundDataPort${port}`, {
        ruleNumber: 100 + index,
        cidr: vpcCidr,
        traffic: ec2.AclTraffic.tcpPort(port),
        direction: ec2.TrafficDirection.INGRESS,
        ruleAction: ec2.Action.ALLOW,
      });
    });
    vpc.selectSubnets(this.dataSubnets).subnets.forEach((subnet, index) => {
      acl.addEntry(`InboundRepliesFromDataSubnet${index + 1}`, {
        ruleNumber: 200 + index,
        cidr: ec2.AclCidr.ipv4(subnet.ipv4CidrBlock),
        traffic: ec2.AclTraffic.tcpPortRange(1024, 65535),
        direction: ec2.TrafficDirection.INGRESS,
        ruleAction: ec2.Action.ALLOW,
      });
    });
    acl.addEntry('OutboundRepliesToVpc', {
      ruleNumber: 100,
      cidr: vpcCidr,
      traffic: ec2.AclTraffic.tcpPortRange(1024, 65535),
      direction: ec2.TrafficDirection.EGRESS,
      ruleAction: ec2.Action.ALLOW,
    });
    return acl;
  }

  /**
   * Lets a security-group holder (for example the application tier) reach the interface endpoints
   * on HTTPS. Does nothing when `interfaceEndpoints` is off.
   */
  public allowInterfaceEndpointsFrom(peer: ec2.IConnectable): void {
    if (this.interfaceEndpointsSecurityGroup) {
      this.interfaceEndpointsSecurityGroup.connections.allowFrom(peer, ec2.Port.tcp(443), 'HTTPS to the interface endpoints');
    }
  }
}

/** The interface endpoints of `interfaceEndpoints`, by construct id (a public contract: ids keep resources). */
const INTERFACE_ENDPOINT_SERVICES: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
  Ec2Messages: ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  CloudWatchLogs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  CloudWatchMonitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
};

/** The types of the props, for callers that no compiler checks. */
const NETWORK_PROP_TYPES: PropTypes = {
  vpc: types.withMember('vpcId', 'an ec2.IVpc, for example ec2.Vpc.fromLookup(this, \'Vpc\', { vpcId })'),
  maxAzs: types.number,
  natGateways: types.number,
  cidr: types.string,
  interfaceEndpoints: types.boolean,
  flowLogRetention: types.retentionDays,
  dataPorts: types.arrayOf(types.number, 'an array of port numbers, for example [5432, 6379]'),
  encryptionKey: types.withMember('keyArn', 'a kms.IKey'),
};

/** PostgreSQL, MySQL and Redis/Valkey: the engines of the data tier. */
const DEFAULT_DATA_PORTS = [5432, 3306, 6379];

function validateDataPorts(scope: Construct, ports: number[]): void {
  requireConcrete(scope, 'dataPorts', ports, 'each port becomes a network ACL rule at synth time');
  if (ports.length < 1 || ports.length > 10) {
    invalidProp(scope, 'dataPorts', ports, 'give 1 to 10 ports (network ACLs hold 20 rules a direction, and the data subnets need some for replies)');
  }
  ports.forEach((port) => {
    requireConcrete(scope, 'dataPorts', port, 'each port becomes a network ACL rule at synth time');
    if (!Number.isInteger(port) || port < 1024 || port > 65535) {
      invalidProp(scope, 'dataPorts', ports, `${port} is not a port from 1024 to 65535; databases and caches listen above the well-known ports`);
    }
  });
  if (new Set(ports).size !== ports.length) {
    invalidProp(scope, 'dataPorts', ports, 'list each port once');
  }
}

function validateExistingVpc(scope: Construct, vpc: ec2.IVpc): ec2.SubnetSelection {
  const azsOf = (subnets: ec2.ISubnet[]) => new Set(subnets.map((subnet) => subnet.availabilityZone));
  const privateAzs = azsOf(vpc.privateSubnets);
  const isolatedAzs = azsOf(vpc.isolatedSubnets);
  const appAzs = privateAzs.size > 0 ? privateAzs : isolatedAzs;
  if (appAzs.size < 2) {
    invalidProp(scope, 'vpc', vpc.vpcId,
      `the VPC has private subnets in ${appAzs.size} Availability Zone(s); give a VPC with private subnets in at least 2 Availability Zones`);
  }
  return privateAzs.size > 0
    ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
    : { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
}

/**
 * The Availability Zones the VPC spans are the stack's, at most `maxAzs`: 2 in a stack without an explicit account
 * and region (CDK cannot look them up), and as many as the Region offers the account otherwise. CDK quietly creates
 * fewer NAT gateways than asked when there are fewer zones, and a data tier in one zone cannot fail over.
 */
function validateZones(scope: Construct, maxAzs: number, natGateways: number | undefined): void {
  const stackZones = Stack.of(scope).availabilityZones;
  const zones = Math.min(maxAzs, stackZones.length);
  const where = Token.isUnresolved(stackZones[0])
    ? 'a stack without an explicit account and region, where CDK knows 2 Availability Zones'
    : `this stack's Region, which offers ${stackZones.length} Availability Zone(s) to the account`;
  if (zones < 2) {
    invalidProp(scope, 'maxAzs', maxAzs, `the VPC would span ${zones} Availability Zone in ${where}: deploy to a Region with at least 2`);
  }
  if (natGateways !== undefined && natGateways > zones) {
    invalidProp(scope, 'natGateways', natGateways,
      `the VPC spans ${zones} Availability Zones in ${where}, and a NAT gateway needs a zone of its own: give at most ${zones}`
      + (Token.isUnresolved(stackZones[0]) ? ', or give the stack an env with account and region' : ''));
  }
}

/**
 * A VPC's CIDR block as AWS takes it: four octets, a prefix from /16 (the largest VPC) to /20 (our smallest, see
 * `cidr`), and the network address itself. EC2 rounds a block with host bits set down to its network address, but the
 * network ACL of the data subnets would keep the raw value, and aws-cdk-lib carves the subnets out of a different
 * range altogether: refused, with the network address to give instead.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html
 */
function validateCidr(scope: Construct, cidr: string): void {
  if (Token.isUnresolved(cidr)) {
    return;
  }
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const mask = match ? Number(match[5]) : NaN;
  if (!match || octets.some((octet) => octet > 255)) {
    invalidProp(scope, 'cidr', cidr, "give an IPv4 CIDR block such as '10.0.0.0/16': four numbers from 0 to 255 and a prefix length");
  }
  if (mask < 16 || mask > 20) {
    invalidProp(scope, 'cidr', cidr,
      `give a prefix from /16 to /20, for example '${octets.join('.')}/${mask < 16 ? 16 : 20}': AWS allows no VPC larger than /16, `
      + 'and below /20 the subnets of the web app (3 groups in up to 6 zones) would be too small');
  }
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - mask);
  const network = address - (address % size);
  if (network !== address) {
    const networkAddress = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    invalidProp(scope, 'cidr', cidr,
      `give the network address of the block, '${networkAddress}/${mask}': the address has host bits set, which EC2 would round off for the VPC `
      + 'but not for the network ACL of the data subnets, whose rules would then admit the wrong range');
  }
}
