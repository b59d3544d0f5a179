import { Annotations, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The rule-id prefixes of the compliance packs the library is kept clean against (cdk-nag). */
export const NIST = 'NIST.800.53.R5';
export const HIPAA = 'HIPAA.Security';
export const PCI = 'PCI.DSS.321';
export const AWS_SOLUTIONS = 'AwsSolutions';

/** The three regulatory packs, which share most rule names. */
export const REGULATORY_PACKS = [NIST, HIPAA, PCI];

/**
 * Records, on the construct and everything below it, that a compliance rule does not apply, and why.
 * Writes what CDK's own `Validations.acknowledge` writes (the `aws:cdk:acknowledged-rules` metadata, and an
 * acknowledged warning), so users running cdk-nag v3 in their apps see the same reason; but it keeps one
 * metadata entry per construct, where `Validations.acknowledge` appends a copy of all of them on every call
 * (a construct with 12 acknowledgements would carry 12 growing copies into the cloud assembly).
 *
 * @param rule the rule name without its pack prefix, for example `S3BucketLoggingEnabled`, or with a
 * finding, for example `IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]`
 * @param packs the packs whose rule of that name is acknowledged
 */
export function acknowledgeRule(scope: IConstruct, packs: string[], rule: string, reason: string): void {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const existing = scope.node.metadata.filter((entry) => entry.type === key).pop();
  const acknowledged = (existing?.data ?? {}) as Record<string, string>;
  for (const pack of packs) {
    const id = `${pack}-${rule}`;
    if (id.includes('::')) {
      // Finding ids that name ARNs contain '::', which CDK reserves for its own prefixes: cdk-nag reads them as they are.
      acknowledged[id] = reason;
    } else {
      const qualified = `annotation::${id}`;
      acknowledged[qualified] = reason;
      Annotations.of(scope).acknowledgeWarning(qualified);
    }
  }
  if (!existing) {
    scope.node.addMetadata(key, acknowledged);
  }
}

/**
 * Acknowledges the regulatory packs' rule against inline policies for a role whose policy CDK's grants
 * write: those statements are scoped to this stack's resources and share the role's lifecycle.
 */
export function acknowledgeGrantPolicy(role: IConstruct, what: string): void {
  acknowledgeRule(role, REGULATORY_PACKS, 'IAMNoInlinePolicy',
    `${what}: the policy holds only the least-privilege statements that CDK grants write for this stack's own resources, and lives and dies with the role`);
}
