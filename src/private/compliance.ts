import { Annotations, AspectPriority, Aspects, CfnResource, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** The rule-id prefixes of the cdk-nag packs the library is kept clean against. */
export const NIST = 'NIST.800.53.R5';
export const HIPAA = 'HIPAA.Security';
export const PCI = 'PCI.DSS.321';
export const AWS_SOLUTIONS = 'AwsSolutions';

/** The three regulatory packs, which share most rule names. */
export const REGULATORY_PACKS = [NIST, HIPAA, PCI];

/** The plugin name under which CDK reports the findings of `@cdklabs/cdk-validator-cfnguard` (the Control Tower rules). */
export const CFN_GUARD_VALIDATOR = 'cdk-validator-cfnguard';

/**
 * One finding that the library accepts on purpose, and the ids under which each tool that reads exceptions
 * reports it. Where a tool has no rule for the finding, its list is left out.
 */
export interface ComplianceException {
  /** Why the rule does not apply: a reviewer must be able to accept it without reading the code. */
  readonly reason: string;
  /**
   * cdk-nag rule ids with their pack (`AwsSolutions-S1`, `NIST.800.53.R5-S3BucketLoggingEnabled`); a finding of a
   * rule with findings in brackets (`AwsSolutions-IAM5[Resource::*]`). Build them with {@link nagRules}.
   */
  readonly nag?: string[];
  /** checkov check ids (`CKV_AWS_18`). */
  readonly checkov?: string[];
  /** AWS Guard Rules Registry rule names (`S3_BUCKET_LOGGING_ENABLED`), read from `Metadata.guard.SuppressedRules`. */
  readonly guard?: string[];
  /** AWS Control Tower proactive control rules as `@cdklabs/cdk-validator-cfnguard` names them (`s3_bucket_logging_enabled_check`). */
  readonly controlTower?: string[];
}

/** The cdk-nag ids of one rule in several packs: `nagRules([NIST, PCI], 'ALBWAFEnabled')`. */
export function nagRules(packs: string[], rule: string): string[] {
  return packs.map((pack) => `${pack}-${rule}`);
}

/**
 * Records, on the construct and every CloudFormation resource below it, that a finding does not apply, and why,
 * in the form each tool reads:
 * - cdk-nag v3 and CDK validation plugins (`Validations.of(app).addPlugins`, `policyValidationBeta1`): the
 *   `aws:cdk:acknowledged-rules` metadata of the construct, which covers its whole subtree, and acknowledged warnings;
 *   the Control Tower rules of `@cdklabs/cdk-validator-cfnguard` as `cdk-validator-cfnguard::<rule>`;
 * - cdk-nag v2 (`Aspects`): `Metadata.cdk_nag.rules_to_suppress` (with `applies_to` for a finding) on each resource;
 * - checkov: `Metadata.checkov.skip` with the reason as the comment;
 * - CloudFormation Guard rules of the AWS Guard Rules Registry: `Metadata.guard.SuppressedRules`.
 *
 * The template metadata is written when the app synthesizes (an aspect that runs before the default priority of
 * cdk-nag v2's own aspects), so that resources created after this call, such as a role's default policy, carry it too.
 * One metadata entry per construct: CDK's own `Validations.acknowledge` appends a copy of all of them on every call.
 */
export function recordException(scope: IConstruct, exception: ComplianceException): void {
  if (exception.reason.trim().length < 10) {
    // cdk-nag v2 refuses shorter reasons; a short reason is no reason a reviewer could accept.
    throw new Error(`compliance exception at ${scope.node.path} needs a real reason, got '${exception.reason}'`);
  }
  const acknowledged = acknowledgedRules(scope);
  for (const id of exception.nag ?? []) {
    if (id.includes('::')) {
      // Finding ids that name ARNs contain '::', which CDK reserves for its own prefixes: cdk-nag reads them as they are.
      acknowledged[id] = exception.reason;
    } else {
      const qualified = `annotation::${id}`;
      acknowledged[qualified] = exception.reason;
      Annotations.of(scope).acknowledgeWarning(qualified);
    }
  }
  for (const rule of exception.controlTower ?? []) {
    acknowledged[`${CFN_GUARD_VALIDATOR}::${rule}`] = exception.reason;
  }
  ExceptionMetadata.of(scope).exceptions.push(exception);
}

/**
 * The `aws:cdk:acknowledged-rules` map of a construct, created on first use. CDK's validation reads every entry of
 * this type on every construct, and applies an entry to the construct's whole subtree.
 */
function acknowledgedRules(scope: IConstruct): Record<string, string> {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const existing = scope.node.metadata.find((entry) => entry.type === key);
  if (existing) {
    return existing.data as Record<string, string>;
  }
  const created: Record<string, string> = {};
  scope.node.addMetadata(key, created);
  return created;
}

/** Writes the exceptions of one construct into the template metadata of every resource below it. */
class ExceptionMetadata implements IAspect {
  public static of(scope: IConstruct): ExceptionMetadata {
    let writer = ExceptionMetadata.writers.get(scope);
    if (!writer) {
      writer = new ExceptionMetadata();
      ExceptionMetadata.writers.set(scope, writer);
      Aspects.of(scope).add(writer, { priority: AspectPriority.MUTATING });
    }
    return writer;
  }

  private static readonly writers = new WeakMap<IConstruct, ExceptionMetadata>();

  public readonly exceptions: ComplianceException[] = [];

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) {
      return;
    }
    const nag = new Array<{ id: string; reason: string; applies_to?: string[] }>();
    const checkov = new Array<{ id: string; comment: string }>();
    const guard = new Array<string>();
    for (const exception of this.exceptions) {
      for (const id of exception.nag ?? []) {
        const finding = /^([^[]+)\[(.+)\]$/.exec(id);
        nag.push(finding ? { id: finding[1], reason: exception.reason, applies_to: [finding[2]] } : { id, reason: exception.reason });
      }
      checkov.push(...(exception.checkov ?? []).map((id) => ({ id, comment: exception.reason })));
      guard.push(...exception.guard ?? []);
    }
    appendMetadata(node, 'cdk_nag', 'rules_to_suppress', nag);
    appendMetadata(node, 'checkov', 'skip', checkov);
    appendMetadata(node, 'guard', 'SuppressedRules', guard);
  }
}

/** Appends entries to a list inside a metadata object of a resource, keeping what others wrote there, once each. */
function appendMetadata(resource: CfnResource, key: string, list: string, entries: unknown[]): void {
  if (entries.length === 0) {
    return;
  }
  const current = (resource.getMetadata(key) ?? {}) as Record<string, unknown>;
  const existing = Array.isArray(current[list]) ? current[list] as unknown[] : [];
  const seen = new Set(existing.map((entry) => JSON.stringify(entry)));
  const merged = [...existing, ...entries.filter((entry) => !seen.has(JSON.stringify(entry)) && seen.add(JSON.stringify(entry)))];
  resource.addMetadata(key, { ...current, [list]: merged });
}

/**
 * The wildcard findings (`Action::...`, `Resource::...`) that cdk-nag's IAM5 rule reports for the default
 * policy of a role, computed the same way as cdk-nag does, so that each can be acknowledged by its exact id
 * (`wildcard(finding, reason)` of ./exceptions, which {@link recordException} writes as `applies_to` for cdk-nag v2).
 * For policies whose statements aws-cdk-lib writes, where the caller cannot spell the finding out beforehand.
 */
export function wildcardFindings(role: IConstruct): Set<string> {
  const findings = new Set<string>();
  const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  if (!policy) {
    return findings;
  }
  const document = Stack.of(role).resolve(policy.document) as { Statement?: PolicyStatementJson[] } | undefined;
  for (const statement of document?.Statement ?? []) {
    if (statement.Effect !== 'Allow') {
      continue;
    }
    for (const action of asArray(statement.Action)) {
      if (typeof action === 'string' && action.includes('*')) {
        findings.add(`Action::${action}`);
      }
    }
    for (const resource of asArray(statement.Resource).map(flattenCfnReference)) {
      if (resource.includes('*')) {
        findings.add(`Resource::${resource}`);
      }
    }
  }
  return findings;
}

interface PolicyStatementJson {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Renders a CloudFormation expression as cdk-nag names it in findings: `<Logical.Attr>`, `<Ref>`, joins concatenated. */
function flattenCfnReference(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const expression = value as Record<string, unknown>;
  if (Array.isArray(expression['Fn::Join'])) {
    const [delimiter, items] = expression['Fn::Join'] as [string, unknown[]];
    return items.map(flattenCfnReference).join(delimiter);
  }
  if (expression['Fn::Sub'] !== undefined) {
    return flattenCfnReference(expression['Fn::Sub']);
  }
  if (Array.isArray(expression['Fn::GetAtt'])) {
    const [resource, attribute] = expression['Fn::GetAtt'] as unknown[];
    return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
  }
  if (expression['Fn::ImportValue'] !== undefined) {
    return flattenCfnReference(expression['Fn::ImportValue']);
  }
  if (expression.Ref !== undefined) {
    return `<${flattenCfnReference(expression.Ref)}>`;
  }
  return JSON.stringify(value);
}
