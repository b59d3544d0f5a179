import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { recordException } from '../../private/compliance';
import { notRotated } from '../../private/exceptions';
import { HEALTH_PROBE_HEADER } from '../../private/health-probe';
import { ORIGIN_SECRET_HEADER } from '../../private/origin-secret';
import { displayPath } from '../../private/paths';

/** The origin secret: the value that CloudFront adds to its requests, which an internet-facing load balancer requires. */
export function createOriginSecret(scope: Construct, key: kms.IKey): secretsmanager.ISecret {
  const originSecret = new secretsmanager.Secret(scope, 'OriginSecret', {
    description: `Value of the ${ORIGIN_SECRET_HEADER} header that CloudFront adds to requests for ${displayPath(scope)}`,
    encryptionKey: key,
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  recordException(originSecret, notRotated(
    'the value is a shared token between the CloudFront distribution and the load balancer listener of this stack, read by CloudFormation at deployment; '
    + 'a rotation Lambda could not update both atomically. Rotate by putting a new value and redeploying'));
  return originSecret;
}

/** The probe token: probes carry it to reach the probe-only paths through the edge (the sample app's deep check). */
export function createHealthProbeSecret(scope: Construct, key: kms.IKey): secretsmanager.ISecret {
  const healthProbeSecret = new secretsmanager.Secret(scope, 'HealthProbeSecret', {
    description: `Value of the ${HEALTH_PROBE_HEADER} header that probes send to the probe-only paths of ${displayPath(scope)}`,
    encryptionKey: key,
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  recordException(healthProbeSecret, notRotated(
    'the value is a bearer token that the instances read and cache for 5 minutes and probes send; a rotation Lambda would cut off the probes '
    + 'that hold the old value. Rotate by putting a new value: the app takes it within 5 minutes'));
  return healthProbeSecret;
}
