// What a team edits to point the pipeline at its own repository and accounts. The values here are
// placeholders: synthesis works offline with them, deployment needs real ones.
import type { WebAppPipelineStackProps } from './web-app-pipeline-stack';

export const PIPELINE_SETTINGS: WebAppPipelineStackProps = {
  // The pipeline's own account. The stages are in other accounts (below), each bootstrapped to trust it:
  // `cdk bootstrap aws://222222222222/us-east-1 --trust 111111111111 --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess`
  env: { account: '111111111111', region: 'us-east-1' },
  description: 'Delivery pipeline of cdk-ha-web-app: Staging, manual approval, Production',

  // The repository the pipeline builds (`owner/name`), the branch it follows, and the CodeConnections
  // connection to the repository's host: create it once in the pipeline account's console (Developer Tools >
  // Settings > Connections), complete its handshake, and paste its ARN here.
  repository: 'my-org/my-web-app',
  branch: 'main',
  connectionArn: 'arn:aws:codeconnections:us-east-1:111111111111:connection/00000000-0000-0000-0000-000000000000',

  // us-east-1, where the default web app creates its CloudFront WebACL inline (README, "Regions", for any
  // other Region). The Availability Zones of these accounts are recorded in cdk.context.json, so that
  // synthesis, here and in the pipeline's Synth step, needs no lookup.
  stagingEnv: { account: '222222222222', region: 'us-east-1' },
  productionEnv: { account: '333333333333', region: 'us-east-1' },

  // The CLIs the pipeline runs to update itself and to publish assets, pinned like any other dependency:
  // keep cliVersion equal to the aws-cdk version in your package.json.
  cliVersion: '2.1148.0',
  cdkAssetsCliVersion: '4.7.3',
};
