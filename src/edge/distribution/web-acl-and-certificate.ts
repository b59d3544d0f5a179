import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { invalidProp } from '../../private/validation';
import { WebAclScope, WebApplicationFirewall, WebApplicationFirewallOptions } from '../web-application-firewall';

/** CloudFront accepts certificates and CLOUDFRONT-scope WebACLs from this Region only. */
const CLOUDFRONT_REGION = 'us-east-1';

/** The WebACL of a distribution, from {@link webAclOf}. */
export interface DistributionWebAcl {
  /** ARN of the WebACL. */
  readonly webAclArn: string;
  /** The WebACL, when it was created here. */
  readonly firewall?: WebApplicationFirewall;
}

/**
 * The WebACL that protects the distribution: the one given, or a new one. CloudFront takes only CLOUDFRONT-scope
 * WebACLs, which live in us-east-1.
 */
export function webAclOf(
  scope: Construct,
  webAclArn: string | undefined,
  firewall: WebApplicationFirewallOptions | undefined,
  encryptionKey: kms.IKey | undefined,
): DistributionWebAcl {
  if (webAclArn !== undefined) {
    if (firewall) {
      invalidProp(scope, 'firewall', firewall, 'give either webAclArn (an existing WebACL) or firewall (settings of a new one), not both');
    }
    validateWebAclArn(scope, webAclArn);
    return { webAclArn };
  }
  const region = Stack.of(scope).region;
  if (!inCloudFrontRegion(region)) {
    invalidProp(scope, 'webAclArn', undefined,
      `CloudFront needs a CLOUDFRONT-scope WebACL, which exists only in ${CLOUDFRONT_REGION}, and this stack is in ${describeRegion(region)}: `
      + `create a WebApplicationFirewall in a stack with env.region '${CLOUDFRONT_REGION}' and pass its webAclArn, or deploy this stack in ${CLOUDFRONT_REGION}`);
  }
  const created = new WebApplicationFirewall(scope, 'Firewall', {
    ...firewall,
    scope: WebAclScope.CLOUDFRONT,
    encryptionKey,
  });
  return { webAclArn: created.webAclArn, firewall: created };
}

/**
 * The certificate of the distribution's domain names: the one given, or a new DNS-validated one; likewise only from
 * us-east-1. None without domain names.
 */
export function certificateOf(
  scope: Construct,
  certificate: acm.ICertificate | undefined,
  domainNames: string[],
  hostedZone: route53.IHostedZone | undefined,
): acm.ICertificate | undefined {
  if (certificate) {
    if (domainNames.length === 0) {
      invalidProp(scope, 'certificate', certificate.certificateArn, 'a certificate needs the domainNames it is for: give domainNames too, or leave the certificate out');
    }
    validateCertificateRegion(scope, certificate);
    return certificate;
  }
  if (domainNames.length === 0) {
    return undefined;
  }
  if (!hostedZone) {
    invalidProp(scope, 'certificate', undefined, 'give a certificate in us-east-1 for the domainNames, or a hostedZone in which a new certificate is validated');
  }
  const region = Stack.of(scope).region;
  if (!inCloudFrontRegion(region)) {
    invalidProp(scope, 'certificate', undefined,
      `CloudFront accepts certificates from ${CLOUDFRONT_REGION} only, and this stack is in ${describeRegion(region)}: `
      + `create an acm.Certificate in a stack with env.region '${CLOUDFRONT_REGION}' (for example next to the WebApplicationFirewall) and pass it as certificate`);
  }
  return new acm.Certificate(scope, 'Certificate', {
    domainName: domainNames[0],
    subjectAlternativeNames: domainNames.length > 1 ? domainNames.slice(1) : undefined,
    validation: acm.CertificateValidation.fromDns(hostedZone),
  });
}

function inCloudFrontRegion(region: string): boolean {
  return !Token.isUnresolved(region) && region === CLOUDFRONT_REGION;
}

function describeRegion(region: string): string {
  return Token.isUnresolved(region) ? 'an unresolved Region' : region;
}

function validateWebAclArn(scope: Construct, arn: string): void {
  if (Token.isUnresolved(arn)) {
    return;
  }
  const match = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:(global|regional)\/webacl\/[^/]+\/[^/]+$/.exec(arn);
  if (!match) {
    invalidProp(scope, 'webAclArn', arn, 'give the ARN of a WAFv2 WebACL, arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>');
  }
  if (match[2] !== 'global' || match[1] !== CLOUDFRONT_REGION) {
    invalidProp(scope, 'webAclArn', arn, `CloudFront takes only CLOUDFRONT-scope WebACLs, created in ${CLOUDFRONT_REGION} (their ARNs contain ':global/webacl/')`);
  }
}

function validateCertificateRegion(scope: Construct, certificate: acm.ICertificate): void {
  // An imported certificate's env is its importing stack's; its ARN says where it really is. When that
  // ARN is a token (a parameter, a cross-stack reference) only a certificate defined in this app, whose
  // env is its own stack's, tells its Region.
  const definedHere = certificate.node.defaultChild !== undefined;
  if (Token.isUnresolved(certificate.certificateArn) && !definedHere) {
    return;
  }
  const region = Token.isUnresolved(certificate.certificateArn)
    ? certificate.env.region
    : Arn.split(certificate.certificateArn, ArnFormat.SLASH_RESOURCE_NAME).region ?? certificate.env.region;
  if (!Token.isUnresolved(region) && region !== CLOUDFRONT_REGION) {
    invalidProp(scope, 'certificate', certificate.certificateArn,
      `CloudFront accepts certificates from ${CLOUDFRONT_REGION} only, and this one is in ${region}: request it in ${CLOUDFRONT_REGION}`);
  }
}
