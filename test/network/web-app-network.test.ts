import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { WebAppNetwork, WebAppNetworkProps } from '../../src/network/web-app-network';
import { logicalId, TEST_ACCOUNT, TEST_AZS, TEST_REGION, testStack } from '../helpers';

function synth(props: WebAppNetworkProps = {}): { stack: Stack; network: WebAppNetwork; template: Template } {
  const stack = testStack();
  const network = new WebAppNetwork(stack, 'Network', props);
  return { stack, network, template: Template.fromStack(stack) };
}

/** Subnets of a subnet group, by the tag CDK puts on each subnet. */
function subnetsOfGroup(template: Template, group: string) {
  return template.findResources('AWS::EC2::Subnet', {
    Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: group }]) },
  });
}

/** An imported VPC with the given private (with egress) and isolated subnets, one subnet per zone. */
function importedVpc(stack: Stack, options: { privateAzs: string[]; isolatedAzs?: string[] }): ec2.IVpc {
  const azs = [...new Set([...options.privateAzs, ...(options.isolatedAzs ?? [])])];
  return ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: azs,
    privateSubnetIds: options.privateAzs.length > 0 ? options.privateAzs.map((_, i) => `subnet-private${i}`) : undefined,
    privateSubnetRouteTableIds: options.privateAzs.length > 0 ? options.privateAzs.map((_, i) => `rtb-private${i}`) : undefined,
    isolatedSubnetIds: options.isolatedAzs?.map((_, i) => `subnet-isolated${i}`),
    isolatedSubnetRouteTableIds: options.isolatedAzs?.map((_, i) => `rtb-isolated${i}`),
  });
}

describe('WebAppNetwork', () => {
  describe('defaults', () => {
    let template: Template;
    let network: WebAppNetwork;
    beforeAll(() => {
      ({ template, network } = synth());
    });

    test('creates one VPC with the default CIDR block', () => {
      template.resourceCountIs('AWS::EC2::VPC', 1);
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    });

    test('spans 3 Availability Zones with 9 subnets in the Public, App and Data groups', () => {
      template.resourceCountIs('AWS::EC2::Subnet', 9);
      for (const group of [WebAppNetwork.PUBLIC_SUBNET_GROUP, WebAppNetwork.APP_SUBNET_GROUP, WebAppNetwork.DATA_SUBNET_GROUP]) {
        const subnets = Object.values(subnetsOfGroup(template, group));
        expect(subnets).toHaveLength(3);
        expect(subnets.map((subnet) => subnet.Properties.AvailabilityZone).sort()).toEqual(TEST_AZS);
      }
    });

    test('the subnet groups have the expected types', () => {
      const typeOf = (group: string) => Object.values(subnetsOfGroup(template, group)).map((subnet) =>
        subnet.Properties.Tags.find((tag: { Key: string }) => tag.Key === 'aws-cdk:subnet-type').Value);
      expect(typeOf('Public')).toEqual(['Public', 'Public', 'Public']);
      expect(typeOf('App')).toEqual(['Private', 'Private', 'Private']);
      expect(typeOf('Data')).toEqual(['Isolated', 'Isolated', 'Isolated']);
    });

    test('puts a NAT gateway in every Availability Zone', () => {
      template.resourceCountIs('AWS::EC2::NatGateway', 3);
      template.resourceCountIs('AWS::EC2::EIP', 3);
    });

    test('gives every App subnet a default route through a NAT gateway and Data subnets none', () => {
      const routes = Object.values(template.findResources('AWS::EC2::Route'));
      const natRoutes = routes.filter((route) => route.Properties.NatGatewayId !== undefined);
      expect(natRoutes).toHaveLength(3);
      const dataRouteTables = Object.keys(template.findResources('AWS::EC2::RouteTable', {
        Properties: { Tags: Match.arrayWith([{ Key: 'Name', Value: Match.stringLikeRegexp('/DataSubnet') }]) },
      }));
      expect(dataRouteTables).toHaveLength(3);
      for (const route of routes) {
        expect(dataRouteTables).not.toContain(route.Properties.RouteTableId.Ref);
      }
    });

    test('public subnets do not map public IP addresses on launch', () => {
      const publicSubnets = Object.values(subnetsOfGroup(template, 'Public'));
      expect(publicSubnets).toHaveLength(3);
      for (const subnet of publicSubnets) {
        expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
      }
    });

    test('logs ALL traffic of the VPC to CloudWatch Logs', () => {
      template.resourceCountIs('AWS::EC2::FlowLog', 1);
      template.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceType: 'VPC',
        ResourceId: { Ref: Match.stringLikeRegexp('^NetworkVpc') },
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: { Ref: Match.stringLikeRegexp('^NetworkFlowLogs') },
      });
    });

    test('the flow log group is encrypted with a new customer managed key and kept for 365 days', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
          RetentionInDays: 365,
        },
        DeletionPolicy: 'Retain',
      });
    });

    test('exposes the flow log group', () => {
      expect(logicalId(Stack.of(network), network.flowLogGroup!)).toEqual(Object.keys(template.findResources('AWS::Logs::LogGroup'))[0]);
    });

    test('adds an S3 gateway endpoint reachable from the App and Data subnets', () => {
      template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
      const appAndDataRouteTables = Object.keys(template.findResources('AWS::EC2::RouteTable', {
        Properties: { Tags: Match.arrayWith([{ Key: 'Name', Value: Match.stringLikeRegexp('/(App|Data)Subnet') }]) },
      }));
      expect(appAndDataRouteTables).toHaveLength(6);
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
        RouteTableIds: Match.arrayWith(appAndDataRouteTables.map((id) => ({ Ref: id }))),
      });
    });

    test('strips the rules of the default security group', () => {
      template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
      template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
        DefaultSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkVpc'), 'DefaultSecurityGroup'] },
      });
    });

    test('selects the App and Data subnet groups', () => {
      expect(network.appSubnets).toEqual({ subnetGroupName: 'App' });
      expect(network.dataSubnets).toEqual({ subnetGroupName: 'Data' });
      expect(network.vpc.selectSubnets(network.appSubnets).subnets).toHaveLength(3);
      expect(network.vpc.selectSubnets(network.dataSubnets).subnets).toEqual(network.vpc.isolatedSubnets);
    });
  });

  describe('options', () => {
    test('natGateways: 1 creates a single NAT gateway that every App subnet routes through', () => {
      const { template } = synth({ natGateways: 1 });
      template.resourceCountIs('AWS::EC2::NatGateway', 1);
      const natId = Object.keys(template.findResources('AWS::EC2::NatGateway'))[0];
      const natRoutes = template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: { Ref: natId } } });
      expect(Object.keys(natRoutes)).toHaveLength(3);
    });

    test('maxAzs: 2 spans 2 Availability Zones with 6 subnets and 2 NAT gateways', () => {
      const { template } = synth({ maxAzs: 2 });
      template.resourceCountIs('AWS::EC2::Subnet', 6);
      template.resourceCountIs('AWS::EC2::NatGateway', 2);
      const azs = Object.values(template.findResources('AWS::EC2::Subnet')).map((subnet) => subnet.Properties.AvailabilityZone);
      expect([...new Set(azs)].sort()).toEqual(TEST_AZS.slice(0, 2));
    });

    test('cidr sets the VPC address range', () => {
      const { template } = synth({ cidr: '10.20.0.0/18' });
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/18' });
    });

    test('flowLogRetention sets the retention of the flow log group', () => {
      const { template } = synth({ flowLogRetention: logs.RetentionDays.TWO_YEARS });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    });

    test('a given encryptionKey encrypts the flow log group and no key is created', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'BroughtKey');
      new WebAppNetwork(stack, 'Network', { encryptionKey: key });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      });
    });
  });

  describe('existing VPC', () => {
    test('creates no VPC, key, log group or flow log and selects the private subnets', () => {
      const stack = testStack();
      const vpc = importedVpc(stack, { privateAzs: TEST_AZS });
      const network = new WebAppNetwork(stack, 'Network', { vpc });
      const template = Template.fromStack(stack);
      for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::EC2::FlowLog', 'AWS::EC2::VPCEndpoint']) {
        template.resourceCountIs(type, 0);
      }
      expect(network.vpc).toBe(vpc);
      expect(network.flowLogGroup).toBeUndefined();
      expect(network.appSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
      expect(vpc.selectSubnets(network.appSubnets).subnetIds).toEqual(['subnet-private0', 'subnet-private1', 'subnet-private2']);
      // no isolated subnets: the data tier shares the private ones
      expect(network.dataSubnets).toEqual(network.appSubnets);
    });

    test('uses the isolated subnets for the data tier when the VPC has them', () => {
      const stack = testStack();
      const vpc = importedVpc(stack, { privateAzs: TEST_AZS.slice(0, 2), isolatedAzs: TEST_AZS.slice(0, 2) });
      const network = new WebAppNetwork(stack, 'Network', { vpc });
      expect(vpc.selectSubnets(network.appSubnets).subnetIds).toEqual(['subnet-private0', 'subnet-private1']);
      expect(vpc.selectSubnets(network.dataSubnets).subnetIds).toEqual(['subnet-isolated0', 'subnet-isolated1']);
    });

    test('uses isolated subnets for the app when the VPC has no private subnets with egress', () => {
      const stack = testStack();
      const vpc = importedVpc(stack, { privateAzs: [], isolatedAzs: TEST_AZS });
      const network = new WebAppNetwork(stack, 'Network', { vpc });
      expect(network.appSubnets).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
      expect(vpc.selectSubnets(network.appSubnets).subnetIds).toEqual(['subnet-isolated0', 'subnet-isolated1', 'subnet-isolated2']);
    });

    test('a VPC created in the same stack adds nothing to it', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Own', { maxAzs: 2, restrictDefaultSecurityGroup: false });
      new WebAppNetwork(stack, 'Network', { vpc });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VPC', 1);
      template.resourceCountIs('AWS::EC2::FlowLog', 0);
      template.resourceCountIs('AWS::KMS::Key', 0);
      template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    });

    test('rejects a VPC with private subnets in only 1 Availability Zone', () => {
      const stack = testStack();
      const vpc = importedVpc(stack, { privateAzs: ['us-east-1a'] });
      expect(() => new WebAppNetwork(stack, 'Network', { vpc })).toThrow(
        /TestStack\/Network: invalid vpc \('vpc-0123456789abcdef0'\): the VPC has private subnets in 1 Availability Zone/);
    });

    test('rejects a VPC without private or isolated subnets', () => {
      const stack = testStack();
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'PublicOnly', {
        vpcId: 'vpc-0123456789abcdef0',
        availabilityZones: TEST_AZS,
        publicSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
      });
      expect(() => new WebAppNetwork(stack, 'Network', { vpc })).toThrow(/invalid vpc .*in 0 Availability Zone/);
    });

    test.each<[keyof WebAppNetworkProps, WebAppNetworkProps, string]>([
      ['maxAzs', { maxAzs: 3 }, '3'],
      ['natGateways', { natGateways: 1 }, '1'],
      ['cidr', { cidr: '10.1.0.0/16' }, "'10.1.0.0/16'"],
      ['flowLogRetention', { flowLogRetention: logs.RetentionDays.ONE_MONTH }, '30'],
      ['dataPorts', { dataPorts: [5432] }, '[5432]'],
    ])('rejects %s together with vpc', (prop, props, shown) => {
      const stack = testStack();
      const vpc = importedVpc(stack, { privateAzs: TEST_AZS });
      expect(() => new WebAppNetwork(stack, 'Network', { vpc, ...props })).toThrow(
        `TestStack/Network: invalid ${prop} (${shown}): remove it`);
    });
  });

  describe('validation', () => {
    test.each<[string, WebAppNetworkProps, string]>([
      ['maxAzs', { maxAzs: 1 }, '1'],
      ['maxAzs', { maxAzs: 7 }, '7'],
      ['maxAzs', { maxAzs: 2.5 }, '2.5'],
      ['natGateways', { natGateways: 0 }, '0'],
      ['natGateways', { natGateways: 4 }, '4'],
      ['natGateways', { maxAzs: 2, natGateways: 3 }, '3'],
      ['natGateways', { natGateways: 1.5 }, '1.5'],
      ['cidr', { cidr: 'abc' }, "'abc'"],
      ['cidr', { cidr: '10.0.0.0/8' }, "'10.0.0.0/8'"],
      ['cidr', { cidr: '10.0.0.0/24' }, "'10.0.0.0/24'"],
      ['cidr', { cidr: '300.0.0.0/16' }, "'300.0.0.0/16'"],
      ['cidr', { cidr: '10.0.0.0' }, "'10.0.0.0'"],
      ['cidr', { cidr: '10.0.0.1/16' }, "'10.0.0.1/16'"],
      ['cidr', { cidr: '10.0.128.0/16' }, "'10.0.128.0/16'"],
      ['cidr', { cidr: '10.0.0.0/28' }, "'10.0.0.0/28'"],
      ['natGateways', { maxAzs: 6, natGateways: 4 }, '4'],
      ['flowLogRetention', { flowLogRetention: 42 as logs.RetentionDays }, '42'],
      ['dataPorts', { dataPorts: [] }, '[]'],
      ['dataPorts', { dataPorts: [443] }, '[443]'],
      ['dataPorts', { dataPorts: [5432, 70000] }, '[5432,70000]'],
      ['dataPorts', { dataPorts: [5432, 5432] }, '[5432,5432]'],
      ['dataPorts', { dataPorts: [5432.5] }, '[5432.5]'],
      ['dataPorts', { dataPorts: Array.from({ length: 11 }, (_, i) => 5000 + i) }, JSON.stringify(Array.from({ length: 11 }, (_, i) => 5000 + i))],
    ])('rejects %s in %j', (prop, props, shown) => {
      expect(() => synth(props)).toThrow(`TestStack/Network: invalid ${prop} (${shown}): `);
    });

    test.each<[string, WebAppNetworkProps]>([
      ['maxAzs', { maxAzs: Lazy.number({ produce: () => 3 }) }],
      ['natGateways', { natGateways: Lazy.number({ produce: () => 2 }) }],
      ['cidr', { cidr: Lazy.string({ produce: () => '10.0.0.0/16' }) }],
    ])('rejects a token for %s, which decides what is created at synth time', (prop, props) => {
      expect(() => synth(props)).toThrow(new RegExp(`TestStack/Network: invalid ${prop} .*give a literal value, not a token`));
    });

    test.each<WebAppNetworkProps>([
      { maxAzs: 2 },
      { maxAzs: 6, natGateways: 3 },
      { cidr: '172.16.0.0/20' },
      { cidr: '192.168.0.0/16' },
    ])('accepts %j', (props) => {
      expect(() => new WebAppNetwork(testStack(), 'Network', props)).not.toThrow();
    });
  });

  describe('what AWS would reject', () => {
    test.each<[string, string, string]>([
      ['10.0.0.1/16', '10.0.0.0/16', 'host bits'],
      ['172.16.5.0/20', '172.16.0.0/20', 'host bits'],
      ['192.168.1.0/16', '192.168.0.0/16', 'host bits'],
    ])('refuses the CIDR %s, whose network address is %s, instead of letting the network ACL keep a range the VPC does not have', (cidr, network) => {
      expect(() => synth({ cidr })).toThrow(`TestStack/Network: invalid cidr ('${cidr}'): give the network address of the block, '${network}'`);
    });

    test('refuses a prefix outside /16 to /20 with one to give, and says AWS allows no VPC larger than /16', () => {
      expect(() => synth({ cidr: '10.0.0.0/8' })).toThrow(/invalid cidr \('10\.0\.0\.0\/8'\): give a prefix from \/16 to \/20, for example '10\.0\.0\.0\/16': AWS allows no VPC larger than \/16/);
      expect(() => synth({ cidr: '10.0.0.0/24' })).toThrow(/for example '10\.0\.0\.0\/20'/);
    });

    test('the network ACL admits the VPC\'s own range', () => {
      const { template } = synth({ cidr: '10.20.0.0/16' });
      template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: '10.20.0.0/16', Egress: false, RuleNumber: 100 });
    });

    test('refuses more NAT gateways than the zones the VPC spans in the stack\'s Region', () => {
      expect(() => synth({ maxAzs: 4, natGateways: 4 }))
        .toThrow(/invalid natGateways \(4\): the VPC spans 3 Availability Zones in this stack's Region, which offers 3 Availability Zone\(s\) to the account.*give at most 3/);
    });

    test('refuses more NAT gateways than the 2 zones CDK knows in a stack without an explicit account and region', () => {
      expect(() => new WebAppNetwork(new Stack(), 'Network', { natGateways: 3 }))
        .toThrow(/invalid natGateways \(3\): the VPC spans 2 Availability Zones in a stack without an explicit account and region.*give at most 2, or give the stack an env/);
    });

    test('accepts 6 NAT gateways in a Region with 6 zones', () => {
      const azs = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];
      const app = new App({ context: { [`availability-zones:account=${TEST_ACCOUNT}:region=${TEST_REGION}`]: azs } });
      const stack = new Stack(app, 'SixZones', { env: { account: TEST_ACCOUNT, region: TEST_REGION } });
      new WebAppNetwork(stack, 'Network', { maxAzs: 6, natGateways: 6 });
      Template.fromStack(stack).resourceCountIs('AWS::EC2::NatGateway', 6);
    });
  });

  describe('types, for JavaScript callers', () => {
    test.each<[string, Record<string, unknown>, string, RegExp]>([
      ['a string where the number of zones goes', { maxAzs: '3' }, 'maxAzs', /\('3'\): give a number, not a string$/],
      ['a number where the CIDR goes', { cidr: 10 }, 'cidr', /\(10\): give a string, not a number$/],
      ['a single port where the list goes', { dataPorts: 5432 }, 'dataPorts', /\(5432\): give an array of port numbers, for example \[5432, 6379\], not a number$/],
      ['a string in the list of ports', { dataPorts: ['5432'] }, 'dataPorts[0]', /\('5432'\): give a number, not a string$/],
      ['a VPC id where the VPC goes', { vpc: 'vpc-0123' }, 'vpc', /\('vpc-0123'\): give an ec2\.IVpc.*, not a string$/],
      ['a string where the endpoints switch goes', { interfaceEndpoints: 'yes' }, 'interfaceEndpoints', /give true or false, not a string$/],
    ])('refuses %s', (_description, props, prop, message) => {
      expect(() => synth(props as WebAppNetworkProps)).toThrow(`TestStack/Network: invalid ${prop} `);
      expect(() => synth(props as WebAppNetworkProps)).toThrow(message);
    });
  });

  describe('network ACL of the data subnets', () => {
    let network: WebAppNetwork;
    let template: Template;
    beforeAll(() => {
      ({ network, template } = synth());
    });

    /** The entries of the data subnets' NACL, by direction. */
    function entries(egress: boolean): Array<Record<string, unknown>> {
      return Object.values(template.findResources('AWS::EC2::NetworkAclEntry'))
        .map((entry) => entry.Properties)
        .filter((entry) => (entry.Egress ?? false) === egress)
        .sort((a, b) => a.RuleNumber - b.RuleNumber);
    }

    test('one NACL, associated with the 3 Data subnets and no other subnet', () => {
      template.resourceCountIs('AWS::EC2::NetworkAcl', 1);
      const dataSubnetIds = Object.keys(subnetsOfGroup(template, 'Data')).sort();
      const associations = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation'));
      expect(associations.map((association) => association.Properties.SubnetId.Ref).sort()).toEqual(dataSubnetIds);
      // The exposed NACL is the one associated.
      const aclId = logicalId(Stack.of(network), network.dataNetworkAcl!);
      expect(associations.map((association) => association.Properties.NetworkAclId)).toEqual(dataSubnetIds.map(() => ({ Ref: aclId })));
    });

    test('admits the database and cache ports from the VPC, and replies only from the data subnets', () => {
      const dataCidrs = network.vpc.selectSubnets(network.dataSubnets).subnets.map((subnet) => subnet.ipv4CidrBlock);
      expect(dataCidrs).toHaveLength(3);
      expect(entries(false)).toEqual([
        ...[5432, 3306, 6379].map((port, i) => ({
          NetworkAclId: expect.anything(), Egress: false, RuleNumber: 100 + i, RuleAction: 'allow', Protocol: 6, CidrBlock: '10.0.0.0/16', PortRange: { From: port, To: port },
        })),
        ...dataCidrs.map((cidr, i) => ({
          NetworkAclId: expect.anything(), Egress: false, RuleNumber: 200 + i, RuleAction: 'allow', Protocol: 6, CidrBlock: cidr, PortRange: { From: 1024, To: 65535 },
        })),
      ]);
    });

    test('lets out only replies on ephemeral ports to the VPC', () => {
      expect(entries(true)).toEqual([{
        NetworkAclId: expect.anything(), Egress: true, RuleNumber: 100, RuleAction: 'allow', Protocol: 6, CidrBlock: '10.0.0.0/16', PortRange: { From: 1024, To: 65535 },
      }]);
    });

    test('no entry admits anything from outside the VPC', () => {
      const all = [...entries(false), ...entries(true)];
      expect(all.length).toBeGreaterThan(0);
      for (const entry of all) {
        expect(entry.CidrBlock === '10.0.0.0/16' || String(entry.CidrBlock).startsWith('10.0.')).toBe(true);
        expect(entry.RuleAction).toEqual('allow');
      }
    });

    test('dataPorts and cidr shape the rules', () => {
      const custom = synth({ dataPorts: [5432], cidr: '172.16.0.0/16' }).template;
      custom.hasResourceProperties('AWS::EC2::NetworkAclEntry', { RuleNumber: 100, CidrBlock: '172.16.0.0/16', PortRange: { From: 5432, To: 5432 } });
      expect(custom.findResources('AWS::EC2::NetworkAclEntry', { Properties: { PortRange: { From: 3306 } } })).toEqual({});
    });

    test('an existing VPC gets no NACL', () => {
      const existing = testStack();
      const given = new WebAppNetwork(existing, 'Network', { vpc: importedVpc(existing, { privateAzs: TEST_AZS, isolatedAzs: TEST_AZS }) });
      Template.fromStack(existing).resourceCountIs('AWS::EC2::NetworkAcl', 0);
      expect(given.dataNetworkAcl).toBeUndefined();
    });
  });

  describe('interface endpoints', () => {
    test('none by default', () => {
      const { template } = synth();
      template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 0);
    });

    test('seven management endpoints in the app subnets with private DNS, behind one security group', () => {
      const { template } = synth({ interfaceEndpoints: true });
      const endpoints = template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } });
      const services = Object.values(endpoints).map((endpoint) => JSON.stringify(endpoint.Properties.ServiceName));
      expect(services).toHaveLength(7);
      for (const service of ['.ssm', '.ssmmessages', '.ec2messages', '.secretsmanager', '.kms', '.logs', '.monitoring']) {
        expect(services.filter((name) => name.includes(`${service}"`))).toHaveLength(1);
      }
      for (const endpoint of Object.values(endpoints)) {
        expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
        expect(endpoint.Properties.SubnetIds).toHaveLength(3);
        expect(endpoint.Properties.SecurityGroupIds).toHaveLength(1);
      }
    });

    test('the endpoints admit nobody, not even the VPC CIDR, until allowInterfaceEndpointsFrom', () => {
      const { template } = synth({ interfaceEndpoints: true });
      template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('Interface endpoints'),
        SecurityGroupIngress: Match.absent(),
      });
    });

    test('allowInterfaceEndpointsFrom admits a security group on 443 by reference', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network', { interfaceEndpoints: true });
      const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
      network.allowInterfaceEndpointsFrom(client);
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(client.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] },
      });
    });

    test('allowInterfaceEndpointsFrom does nothing without endpoints', () => {
      const stack = testStack();
      const network = new WebAppNetwork(stack, 'Network');
      network.allowInterfaceEndpointsFrom(new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc }));
      Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    });

    test('cannot be combined with an existing VPC', () => {
      const stack = testStack();
      const vpc = importedVpc(stack, { privateAzs: TEST_AZS });
      expect(() => new WebAppNetwork(stack, 'Network', { vpc, interfaceEndpoints: true }))
        .toThrow('TestStack/Network: invalid interfaceEndpoints (true): remove it');
    });
  });
});
