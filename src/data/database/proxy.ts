import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DeployedDatabase } from './deployment';
import { DatabaseEngineFamily } from './engine';
import { recordException } from '../../private/compliance';
import { grantPolicy } from '../../private/exceptions';
import { displayPath } from '../../private/paths';

/** What the proxy in front of a database's writer needs. */
export interface ProxySettings {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly family: DatabaseEngineFamily;
  readonly secret: secretsmanager.ISecret;
  /** The database's identifier, from which the proxy's name is derived. */
  readonly baseName: string;
}

/**
 * An RDS Proxy in front of the writer of the deployment, in the database's scope, with a security group of its own;
 * TLS and IAM authentication are required.
 */
export function createProxy(scope: Construct, deployment: DeployedDatabase, settings: ProxySettings) {
  const securityGroup = new ec2.SecurityGroup(scope, 'ProxySecurityGroup', {
    vpc: settings.vpc,
    description: `${displayPath(scope)}: proxy for ${settings.family} clients named by allowConnectionsFrom`,
    allowAllOutbound: false,
  });
  const proxy = new rds.DatabaseProxy(scope, 'Proxy', {
    // validateReplicaSource refuses a proxy on a cross-Region replica, the only deployment without a target.
    // The target is a reference of the database with a literal port, so that the proxy's security group rules name
    // the port rather than an endpoint attribute that compliance rules cannot evaluate.
    proxyTarget: deployment.proxyTarget!(),
    vpc: settings.vpc,
    vpcSubnets: settings.vpcSubnets,
    securityGroups: [securityGroup],
    secrets: [settings.secret],
    dbProxyName: `${settings.baseName}-proxy`,
    iamAuth: true,
    requireTLS: true,
    debugLogging: false,
  });
  if (deployment.proxyTargetDependency) {
    proxy.node.findChild('ProxyTargetGroup').node.addDependency(deployment.proxyTargetDependency);
  }
  recordException(proxy.node.findChild('IAMRole'), grantPolicy('role with which the RDS Proxy reads the master credentials'));
  return { proxy, securityGroup };
}
