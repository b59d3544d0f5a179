import { WebAppTier } from '../compute/web-app-tier';
import { UploadsBucket } from '../data/uploads-bucket';
import { WebAppCache } from '../data/web-app-cache';
import { DatabaseEngineFamily, WebAppDatabase } from '../data/web-app-database';
import { WebAppNetwork } from '../network/web-app-network';

/** The tiers that an app tier is connected to. */
export interface AppTierDependencies {
  readonly network: WebAppNetwork;
  readonly database: WebAppDatabase;
  readonly cache: WebAppCache;
  readonly uploads: UploadsBucket;
}

/**
 * Connects the app tier to its stores, as HighlyAvailableWebApp and a recovery Region both do: each store
 * admits the app tier's security group, the instance role gets exactly the grants it needs, and the app
 * finds every endpoint in its environment (the names are the sample app's contract, see the README).
 */
export function connectAppTier(appTier: WebAppTier, tiers: AppTierDependencies): void {
  const { network, database, cache, uploads } = tiers;
  network.allowInterfaceEndpointsFrom(appTier);

  database.allowConnectionsFrom(appTier);
  if (database.rotationConnections) {
    // The rotation function calls Secrets Manager, through its interface endpoint when there is one.
    network.allowInterfaceEndpointsFrom(database.rotationConnections);
  }
  database.grantReadCredentials(appTier.instanceRole);
  appTier.addEnvironment('DB_ENGINE', database.engine.family === DatabaseEngineFamily.MYSQL ? 'mysql' : 'postgres');
  appTier.addEnvironment('DB_HOST', database.endpoint);
  if (database.proxyEndpoint) {
    // The proxy requires IAM authentication: the app signs in with a token (grantConnect), not the password.
    appTier.addEnvironment('DB_PROXY_HOST', database.proxyEndpoint);
  }
  appTier.addEnvironment('DB_READER_HOST', database.readerEndpoint);
  appTier.addEnvironment('DB_PORT', `${database.port}`);
  appTier.addEnvironment('DB_NAME', database.databaseName);
  appTier.addEnvironment('DB_SECRET_ARN', database.secret.secretArn);

  cache.allowConnectionsFrom(appTier);
  // IAM authentication: the app signs a token for the replication group and its user with the instance role.
  cache.grantConnect(appTier.instanceRole);
  appTier.addEnvironment('CACHE_HOST', cache.endpointAddress);
  appTier.addEnvironment('CACHE_PORT', `${cache.port}`);
  appTier.addEnvironment('CACHE_USER', cache.userId);
  appTier.addEnvironment('CACHE_REPLICATION_GROUP_ID', cache.replicationGroupId);

  uploads.grantReadWrite(appTier.instanceRole);
  // The sample app's /health/deep writes, reads and deletes one probe object per instance there.
  uploads.grantDelete(appTier.instanceRole, 'health-check/*');
  appTier.addEnvironment('UPLOADS_BUCKET', uploads.bucketName);
}
