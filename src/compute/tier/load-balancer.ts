import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { createOriginSecret } from './secrets';
import { TierSettings } from './settings';
import { recordException } from '../../private/compliance';
import { HTTP_LISTENER_WITHOUT_CERTIFICATE, HTTPS_REDIRECT_LISTENER, loadBalancerBehindCloudFront } from '../../private/exceptions';
import { createLogBucket } from '../../private/log-bucket';
import { ORIGIN_SECRET_HEADER } from '../../private/origin-secret';

/** The buckets of the load balancer's access logs and of their server access logs. */
export interface AccessLogsBuckets {
  readonly accessLogsBucket: s3.IBucket;
  /** None when the tier creates no bucket (`accessLogsBucket` given without `serverAccessLogsBucket`). */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/** The given log buckets, or new ones: the ALB writes access logs, which S3 logs in turn to the server access log bucket. */
export function createAccessLogsBuckets(scope: Construct, accessLogsBucket?: s3.IBucket, serverAccessLogsBucket?: s3.IBucket): AccessLogsBuckets {
  const serverAccessLogs = serverAccessLogsBucket ?? (accessLogsBucket ? undefined : createLogBucket(scope, 'ServerAccessLogs', {
    expirationDays: 365,
    removalPolicy: RemovalPolicy.RETAIN,
  }));
  return {
    serverAccessLogsBucket: serverAccessLogs,
    accessLogsBucket: accessLogsBucket ?? createLogBucket(scope, 'AccessLogs', {
      expirationDays: 90,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: serverAccessLogs,
      serverAccessLogsPrefix: 'alb-access-logs/',
    }),
  };
}

/** The load balancer and its security group: CloudFront (a VPC origin, or its origin-facing addresses) is the only way in. */
export function createLoadBalancer(scope: Construct, vpc: ec2.IVpc, settings: TierSettings,
  accessLogsBucket: s3.IBucket): elbv2.ApplicationLoadBalancer {
  const securityGroup = new ec2.SecurityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc,
    description: 'Load balancer of the web app: admits only CloudFront, reaches only the instances',
    allowAllOutbound: false,
  });
  // CloudFront's VPC origins and its edge both connect from the origin-facing prefix list. A security
  // group rule that references it counts as the list's ~55 entries against the 60-rule quota, so the
  // group admits the serving listener's port only: CloudFront never needs the redirect on port 80.
  securityGroup.addIngressRule(ec2.Peer.prefixList(settings.prefixListId), ec2.Port.tcp(settings.listenerPort),
    'CloudFront origin-facing addresses (VPC origin or edge) to the serving listener');
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    vpcSubnets: settings.loadBalancerSubnets,
    internetFacing: settings.internetFacing,
    securityGroup,
    dropInvalidHeaderFields: true,
    desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
    deletionProtection: settings.deletionProtection,
    http2Enabled: true,
  });
  loadBalancer.logAccessLogs(accessLogsBucket, 'alb');
  recordException(loadBalancer, loadBalancerBehindCloudFront(settings.internetFacing));
  return loadBalancer;
}

/** What {@link addTargetGroupAndListeners} needs besides the settings. */
export interface ListenersProps {
  readonly vpc: ec2.IVpc;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targets: elbv2.IApplicationLoadBalancerTarget;
  /** The certificate of the HTTPS listener; without it the listener is HTTP. */
  readonly certificate?: acm.ICertificate;
  /** The key of the origin secret. */
  readonly key: kms.IKey;
}

/** The target group and listeners that {@link addTargetGroupAndListeners} creates. */
export interface Listeners {
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The listener that forwards to the instances. */
  readonly listener: elbv2.ApplicationListener;
  /** The secret that requests must carry to an internet-facing load balancer; none for an internal one. */
  readonly originSecret?: secretsmanager.ISecret;
}

/**
 * The target group of the instances and the listeners: with a certificate HTTPS on 443 and a redirect on 80, without
 * one HTTP on 80; and for an internet-facing load balancer the origin secret.
 */
export function addTargetGroupAndListeners(scope: Construct, settings: TierSettings, props: ListenersProps): Listeners {
  const { loadBalancer } = props;
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', {
    vpc: props.vpc,
    port: settings.appPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.INSTANCE,
    targets: [props.targets],
    deregistrationDelay: Duration.seconds(30),
    healthCheck: {
      path: settings.healthCheckPath,
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
  });

  // Internet-facing, the listener forwards only requests carrying the origin secret; others get 403.
  const defaultAction = settings.internetFacing
    ? elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' })
    : elbv2.ListenerAction.forward([targetGroup]);
  let listener: elbv2.ApplicationListener;
  if (props.certificate) {
    listener = loadBalancer.addListener('HttpsListener', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      certificates: [props.certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultAction,
    });
    const redirect = loadBalancer.addRedirect({ open: false });
    recordException(redirect, HTTPS_REDIRECT_LISTENER);
  } else {
    listener = loadBalancer.addListener('HttpListener', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: false,
      defaultAction,
    });
    recordException(listener, HTTP_LISTENER_WITHOUT_CERTIFICATE);
  }
  if (!settings.internetFacing) {
    return { targetGroup, listener };
  }
  const originSecret = createOriginSecret(scope, props.key);
  listener.addAction('ForwardFromCloudFront', {
    priority: 1,
    conditions: [elbv2.ListenerCondition.httpHeader(ORIGIN_SECRET_HEADER, [originSecret.secretValue.unsafeUnwrap()])],
    action: elbv2.ListenerAction.forward([targetGroup]),
  });
  return { targetGroup, listener, originSecret };
}
