import { IConstruct } from 'constructs';

/**
 * The construct's path as people read it, for descriptions and reasons: without the `Default` ids, which CDK leaves
 * out of logical IDs and physical names too (`TestStack/WebApp/Database`, where the Region that builds the database is
 * the app's `Default` child).
 */
export function displayPath(scope: IConstruct): string {
  return scope.node.path.split('/').filter((id) => id !== 'Default').join('/');
}
