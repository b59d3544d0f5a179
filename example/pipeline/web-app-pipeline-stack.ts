// A CDK Pipelines (aws-cdk-lib/pipelines) delivery pipeline for a HighlyAvailableWebApp:
// source -> synth -> Staging (+ health check) -> manual approval -> Production (+ health check).
import { CfnOutput, Environment, Stack, StackProps, Stage, StageProps } from 'aws-cdk-lib';
import { PipelineType } from 'aws-cdk-lib/aws-codepipeline';
import { CodePipeline, CodePipelineSource, ManualApprovalStep, ShellStep } from 'aws-cdk-lib/pipelines';
// eslint-disable-next-line import/no-extraneous-dependencies -- imported by package name, as a user's app does
import { HighlyAvailableWebApp } from 'cdk-ha-web-app';
import { Construct } from 'constructs';

/** The web app's stack, deployed once per stage. */
export class WebAppStack extends Stack {
  /** The app's URL (CloudFront), read by the pipeline's health check. */
  public readonly url: CfnOutput;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const webApp = new HighlyAvailableWebApp(this, 'WebApp');
    // With its edge (the default), the app has a URL.
    this.url = new CfnOutput(this, 'Url', { value: webApp.url!, description: 'URL of the app, through CloudFront' });
  }
}

/** A deployment of the app: Staging and Production are two instances of this stage. */
export class WebAppStage extends Stage {
  public readonly url: CfnOutput;

  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    this.url = new WebAppStack(this, 'WebApp', { description: `cdk-ha-web-app ${id}` }).url;
  }
}

export interface WebAppPipelineStackProps extends StackProps {
  /** The repository, as `owner/name`. */
  readonly repository: string;
  /** The branch the pipeline follows. */
  readonly branch: string;
  /** ARN of the CodeConnections connection to the repository's host. */
  readonly connectionArn: string;
  /** Account and Region of the Staging stage. */
  readonly stagingEnv: Environment;
  /** Account and Region of the Production stage. */
  readonly productionEnv: Environment;
  /** Version of the aws-cdk CLI with which the pipeline updates itself. */
  readonly cliVersion: string;
  /** Version of cdk-assets with which the pipeline publishes the stages' assets. */
  readonly cdkAssetsCliVersion: string;
}

export class WebAppPipelineStack extends Stack {
  public readonly pipeline: CodePipeline;
  public readonly staging: WebAppStage;
  public readonly production: WebAppStage;

  constructor(scope: Construct, id: string, props: WebAppPipelineStackProps) {
    super(scope, id, props);

    this.pipeline = new CodePipeline(this, 'Pipeline', {
      pipelineName: 'HaWebApp',
      pipelineType: PipelineType.V2,
      // The stages live in other accounts: the artifact bucket needs a KMS key they can be granted.
      crossAccountKeys: true,
      enableKeyRotation: true,
      cliVersion: props.cliVersion,
      cdkAssetsCliVersion: props.cdkAssetsCliVersion,
      synth: new ShellStep('Synth', {
        input: CodePipelineSource.connection(props.repository, props.branch, { connectionArn: props.connectionArn }),
        commands: ['npm ci', 'npx cdk synth'],
      }),
    });

    this.staging = new WebAppStage(this, 'Staging', { env: props.stagingEnv });
    this.pipeline.addStage(this.staging, { post: [healthCheck('StagingHealthCheck', this.staging)] });

    this.production = new WebAppStage(this, 'Production', { env: props.productionEnv });
    this.pipeline.addStage(this.production, {
      pre: [new ManualApprovalStep('PromoteToProduction', { comment: 'Staging is healthy: deploy this version to Production?' })],
      post: [healthCheck('ProductionHealthCheck', this.production)],
    });
  }
}

/**
 * Fails the stage unless the freshly deployed app answers /health with a 2xx, retrying for about five minutes
 * (new instances must boot and pass the load balancer's checks; CloudFront may still be deploying).
 */
function healthCheck(id: string, stage: WebAppStage): ShellStep {
  return new ShellStep(id, {
    envFromCfnOutputs: { APP_URL: stage.url },
    commands: ['curl --fail --silent --show-error --max-time 10 --retry 20 --retry-delay 15 --retry-all-errors "$APP_URL/health"'],
  });
}
