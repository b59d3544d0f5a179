import { Construct } from 'constructs';
import { CacheParameterFamily } from '../../private/capabilities';
import { invalidProp, requireConcrete } from '../../private/validation';

/** The in-memory engines of {@link CacheEngine}. */
export enum CacheEngineName {
  /** Valkey, the open-source fork of Redis OSS 7.2 (priced about 20% below Redis OSS on ElastiCache). */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
}

/**
 * The engine and version of a {@link WebAppCache}.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html
 */
export class CacheEngine {
  /** The Valkey version used when none is given. */
  public static readonly DEFAULT_VALKEY_VERSION = '8.2';
  /** The Redis OSS version used when none is given. */
  public static readonly DEFAULT_REDIS_VERSION = '7.1';

  /**
   * Valkey, in one of the versions that ElastiCache offers: 7.2, 8.0, 8.1, 8.2, 9.0 or 9.1.
   *
   * @param version major.minor version, for example `'8.2'`
   */
  public static valkey(version: string = CacheEngine.DEFAULT_VALKEY_VERSION): CacheEngine {
    return new CacheEngine(CacheEngineName.VALKEY, version);
  }

  /**
   * Redis OSS 7.0 or 7.1. Earlier versions are not offered: Redis OSS 4 and 5 are past the end of
   * standard support, and the in-transit encryption mode this construct sets (`required`) came with
   * Redis OSS 7.
   *
   * @param version major.minor version, for example `'7.1'`
   */
  public static redis(version: string = CacheEngine.DEFAULT_REDIS_VERSION): CacheEngine {
    return new CacheEngine(CacheEngineName.REDIS, version);
  }

  private constructor(
    /** The engine. */
    public readonly name: CacheEngineName,
    /** The major.minor version of the engine. */
    public readonly version: string,
  ) {}
}

/** Parameter group family of each version this construct supports, by engine. */
const PARAMETER_GROUP_FAMILIES: Record<CacheEngineName, Record<string, CacheParameterFamily>> = {
  [CacheEngineName.VALKEY]: {
    '7.2': 'valkey7', '8.0': 'valkey8', '8.1': 'valkey8', '8.2': 'valkey8', '9.0': 'valkey9', '9.1': 'valkey9',
  },
  [CacheEngineName.REDIS]: { '7.0': 'redis7', '7.1': 'redis7' },
};

/** Redis OSS versions that ElastiCache still runs but this construct does not create. */
const OLDER_REDIS_VERSIONS = ['4.0.10', '5.0.6', '6.0', '6.2'];

/** Checks the engine version and returns the parameter group family of that version. */
export function validateEngine(scope: Construct, engine: CacheEngine): CacheParameterFamily {
  const factory = engine.name === CacheEngineName.VALKEY ? 'valkey' : 'redis';
  const shown = `CacheEngine.${factory}('${engine.version}')`;
  requireConcrete(scope, 'engine', engine.version, 'the version decides the parameter group family');
  const families = PARAMETER_GROUP_FAMILIES[engine.name];
  const family = families[engine.version];
  if (family !== undefined) {
    return family;
  }
  const versions = Object.keys(families).join(', ');
  if (engine.name === CacheEngineName.REDIS && OLDER_REDIS_VERSIONS.includes(engine.version)) {
    return invalidProp(scope, 'engine', shown,
      `give a Redis OSS version of ${versions}, or use CacheEngine.valkey(): Redis OSS before 7.0 lacks the in-transit encryption mode the cache requires`);
  }
  const name = engine.name === CacheEngineName.VALKEY ? 'Valkey' : 'Redis OSS';
  return invalidProp(scope, 'engine', shown, `ElastiCache offers no ${name} ${engine.version}: give one of ${versions}`);
}
