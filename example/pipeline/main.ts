// The pipeline app: `npx cdk synth` here (or in the pipeline's Synth step) synthesizes the pipeline stack and,
// inside it, the Staging and Production stages. Deploy it once with `npx cdk deploy HaWebAppPipeline`:
// from then on every push to the branch deploys itself.
import { App } from 'aws-cdk-lib';
import { PIPELINE_SETTINGS } from './settings';
import { WebAppPipelineStack } from './web-app-pipeline-stack';

const app = new App();
new WebAppPipelineStack(app, 'HaWebAppPipeline', PIPELINE_SETTINGS);
