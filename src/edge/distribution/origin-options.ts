import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ORIGIN_SECRET_HEADER } from '../../private/origin-secret';

/** What kind of origin access a {@link LoadBalancerOriginAccess} is. */
export enum LoadBalancerOriginAccessKind {
  /** A CloudFront VPC origin to an internal load balancer. */
  VPC_ORIGIN = 'VPC_ORIGIN',
  /** An internet-facing load balancer that checks a secret header. */
  SECRET_HEADER = 'SECRET_HEADER',
}

/**
 * How CloudFront reaches the application's load balancer, so that nothing else can.
 */
export class LoadBalancerOriginAccess {
  /**
   * Through a CloudFront VPC origin: the load balancer is internal, in private subnets, and has no
   * public address at all. Its security group must admit CloudFront's origin-facing prefix list.
   */
  public static vpcOrigin(): LoadBalancerOriginAccess {
    return new LoadBalancerOriginAccess(LoadBalancerOriginAccessKind.VPC_ORIGIN);
  }

  /**
   * Over the internet to an internet-facing load balancer that forwards only requests carrying the
   * secret in a header (and whose security group admits only CloudFront's origin-facing prefix list).
   * CloudFront adds the header to every request. Needs an HTTPS origin, since the secret crosses the internet.
   *
   * @param secret the secret whose value is the header's value (a plain string secret)
   * @param headerName the header's name
   */
  public static secretHeader(secret: secretsmanager.ISecret, headerName: string = ORIGIN_SECRET_HEADER): LoadBalancerOriginAccess {
    return new LoadBalancerOriginAccess(LoadBalancerOriginAccessKind.SECRET_HEADER, secret, headerName);
  }

  private constructor(
    /** The kind of access. */
    public readonly kind: LoadBalancerOriginAccessKind,
    /** The secret whose value CloudFront sends, for `SECRET_HEADER`. */
    public readonly secret?: secretsmanager.ISecret,
    /** The header that carries the secret, for `SECRET_HEADER`. */
    public readonly headerName?: string,
  ) {}
}

/**
 * A second load balancer, in a disaster recovery Region, to which CloudFront fails over.
 */
export interface OriginFailoverOptions {
  /** The load balancer of the recovery Region, reached through a VPC origin like the primary one. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * Domain name that CloudFront connects to for an HTTPS recovery origin, covered by that load balancer's
   * certificate, for example `origin-recovery.example.com`. Required when `originProtocol` is HTTPS_ONLY.
   *
   * @default - the load balancer's DNS name (HTTP_ONLY origins)
   */
  readonly originDomainName?: string;

  /**
   * Status codes of the primary origin on which CloudFront retries the request at the recovery origin, from
   * 400, 403, 404, 416, 500, 502, 503 and 504 (the codes CloudFront accepts). It also fails over when it
   * cannot connect to the primary origin or the primary times out.
   *
   * @default [500, 502, 503, 504]
   */
  readonly statusCodes?: number[];

  /**
   * Path patterns of requests that change data (POST, PUT, PATCH, DELETE), for example `/api/*` or
   * `/login`. CloudFront fails over only GET, HEAD and OPTIONS requests and refuses an origin group on a
   * behavior that allows other methods, so with failover the default behavior accepts GET, HEAD and
   * OPTIONS only, and these patterns go to the primary origin alone, with every method. During a failover
   * they fail until the recovery Region is promoted (see docs/disaster-recovery.md).
   *
   * @default - none: the app accepts GET, HEAD and OPTIONS only
   */
  readonly writePathPatterns?: string[];
}
