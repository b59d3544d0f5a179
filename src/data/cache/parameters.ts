import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CacheEngine, CacheEngineName } from './engine';
import {
  CACHE_PARAMETERS_SOURCE, cacheParameter, cacheParameterFamilies, CacheParameterFamily, cacheParameterInVersion, cacheParameterValueAccepted,
  closestMatch, DATA_TIERING_MAXMEMORY_POLICIES, describeCacheParameterValues, removedCacheParameter, settableCacheParameters,
} from '../../private/capabilities';
import { invalidProp } from '../../private/validation';

/**
 * Checks the engine parameters against those that ElastiCache documents for the family (src/private/capabilities/elasticache.ts):
 * ElastiCache refuses an unknown name, a parameter it sets itself and a value of the wrong kind when it creates the
 * parameter group. Tokens pass unchecked.
 */
export function validateParameters(scope: Construct, parameters: { [name: string]: string }, family: CacheParameterFamily,
  engine: CacheEngine, nodeType: string): void {
  if (Token.isUnresolved(parameters) || typeof parameters !== 'object' || parameters === null) {
    return;
  }
  const engineName = `${engine.name === CacheEngineName.VALKEY ? 'Valkey' : 'Redis OSS'} ${engine.version}`;
  for (const [name, value] of Object.entries(parameters)) {
    if (Token.isUnresolved(name)) {
      continue;
    }
    if (name === 'cluster-enabled') {
      invalidProp(scope, 'parameters', parameters, "remove 'cluster-enabled': it is set from clusterMode");
    }
    const row = cacheParameter(family, name);
    if (row === undefined || !cacheParameterInVersion(row, engine.version)) {
      invalidProp(scope, 'parameters', name, unknownParameterFix(name, family, engine, engineName, row?.since));
    }
    if (!row.modifiable) {
      invalidProp(scope, 'parameters', name,
        `remove it: ElastiCache sets '${name}' itself and refuses a value for it in a parameter group (the ${family} family lists it as not modifiable)`);
    }
    if (typeof value !== 'string' || Token.isUnresolved(value)) {
      continue;
    }
    if (!cacheParameterValueAccepted(row.values, value)) {
      invalidProp(scope, `parameters.${name}`, value, `give ${describeCacheParameterValues(row.values)}: ElastiCache refuses other values of '${name}'`);
    }
    if (name === 'maxmemory-policy' && !Token.isUnresolved(nodeType) && isDataTiering(nodeType) && !DATA_TIERING_MAXMEMORY_POLICIES.includes(value)) {
      invalidProp(scope, `parameters.${name}`, value, `give one of ${DATA_TIERING_MAXMEMORY_POLICIES.map((policy) => `'${policy}'`).join(', ')}: `
        + `nodes with data tiering (${nodeType}) take no other eviction policy`);
    }
  }
}

/** The fix of an error about a parameter that the family (or the engine version) does not have. */
function unknownParameterFix(name: string, family: CacheParameterFamily, engine: CacheEngine, engineName: string, since: string | undefined): string {
  if (since !== undefined) {
    return `'${name}' came with Valkey ${since}: use CacheEngine.valkey('${since}') or later, or leave it out (${engineName} has no such parameter)`;
  }
  const removed = removedCacheParameter(family, name);
  if (removed !== undefined) {
    return removed.replacement !== undefined
      ? `use '${removed.replacement}': '${name}' was ${removed.change}, and the ${family} family (${engineName}) has no parameter of the old name`
      : `leave it out: '${name}' was ${removed.change}, and the ${family} family (${engineName}) has no such parameter`;
  }
  const others = cacheParameterFamilies(name);
  if (others.length > 0) {
    return `leave it out, or choose an engine of its families: '${name}' is a parameter of the ${others.join(' and ')} parameter groups, `
      + `not of the ${family} family (${engineName})`;
  }
  const match = closestMatch(name, settableCacheParameters(family, engine.version));
  return `${match !== undefined ? `did you mean '${match}'? ` : ''}ElastiCache's ${family} parameter groups (${engineName}) have no parameter '${name}' `
    + `and refuse it at deployment; the parameters are listed at ${CACHE_PARAMETERS_SOURCE}`;
}

/** Whether the node type has data tiering (`cache.r6gd.xlarge`), which ElastiCache turns on for it. */
export function isDataTiering(nodeType: string): boolean {
  return /^cache\.[a-z0-9]+gd\./.test(nodeType);
}
