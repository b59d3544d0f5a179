import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { WebAppTier, WebAppTierOptions } from './compute/web-app-tier';
import { WebAppNetwork, WebAppNetworkOptions } from './network/web-app-network';
import { WebAppEncryption } from './security/web-app-encryption';

/**
 * Properties for {@link HighlyAvailableWebApp}. Every prop is optional: the defaults build the
 * secure, highly available configuration.
 */
export interface HighlyAvailableWebAppProps {
  /**
   * Settings of the network: a new VPC, or an existing one.
   *
   * @default - a new VPC across 3 Availability Zones with a NAT gateway in each
   */
  readonly network?: WebAppNetworkOptions;

  /**
   * Settings of the application tier (load balancer and Auto Scaling group).
   *
   * @default - 2 to 6 t4g.small instances running the sample app
   */
  readonly appTier?: WebAppTierOptions;

  /**
   * Key that encrypts the data of every tier at rest.
   *
   * @default - a new customer managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * A highly available web application on AWS: a VPC across several Availability Zones and an
 * application tier of EC2 instances in an Auto Scaling group behind an Application Load Balancer,
 * every store encrypted with a customer managed key.
 *
 * Every part is exposed as a public member, so that it can be extended or referenced.
 */
export class HighlyAvailableWebApp extends Construct {
  /** The customer managed key that encrypts data at rest, when created here. */
  public readonly encryption?: WebAppEncryption;
  /** The key that encrypts data at rest. */
  public readonly encryptionKey: kms.IKey;
  /** The network tier. */
  public readonly network: WebAppNetwork;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The application tier. */
  public readonly appTier: WebAppTier;

  constructor(scope: Construct, id: string, props: HighlyAvailableWebAppProps = {}) {
    super(scope, id);

    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      this.encryption = new WebAppEncryption(this, 'Encryption');
      this.encryptionKey = this.encryption.key;
    }

    this.network = new WebAppNetwork(this, 'Network', {
      ...props.network,
      encryptionKey: this.encryptionKey,
    });
    this.vpc = this.network.vpc;

    this.appTier = new WebAppTier(this, 'AppTier', {
      ...props.appTier,
      vpc: this.vpc,
      vpcSubnets: this.network.appSubnets,
      encryptionKey: this.encryptionKey,
    });
    this.network.allowInterfaceEndpointsFrom(this.appTier);
  }
}
