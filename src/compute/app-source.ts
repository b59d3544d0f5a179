import * as fs from 'fs';
import * as path from 'path';
import { Fn, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct, IConstruct } from 'constructs';
import { shellQuote, writeFile } from '../private/boot-script';
import { recordException } from '../private/compliance';
import { wildcard } from '../private/exceptions';
import { invalidProp, PropType, PropTypes, requireConcrete, types, validateInteger, validateType, validateTypes } from '../private/validation';

const ASSETS_DIR = path.join(__dirname, '..', '..', 'assets');

/** What kind of application an {@link AppSource} is. */
export enum AppSourceKind {
  /** The library's sample app. */
  SAMPLE_APP = 'SAMPLE_APP',
  /** Shell commands that install and start the app. */
  COMMANDS = 'COMMANDS',
  /** A container image from Amazon ECR. */
  CONTAINER_IMAGE = 'CONTAINER_IMAGE',
}

/**
 * A container image in Amazon ECR that the instances run with Docker.
 */
export interface ContainerImageOptions {
  /** The ECR repository of the image. The instances get pull access to this repository only. */
  readonly repository: ecr.IRepository;

  /**
   * Tag (or `sha256:` digest) of the image. A changed tag rolls the instances.
   *
   * @default 'latest'
   */
  readonly tag?: string;

  /**
   * Port the container listens on; the instance maps the app port to it.
   *
   * @default - the app port
   */
  readonly containerPort?: number;

  /**
   * Environment variables of the container. They are written to the instances' user data in plain
   * text: pass secrets by reference (for example a Secrets Manager ARN) and read them in the app.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/**
 * What the app tier needs to know to run an {@link AppSource}.
 *
 * @internal
 */
export interface AppSourceRendering {
  /** Shell lines that install and start the app, between the boot preparation and the health signal. */
  readonly commands: string[];
  /** Whether the app runs in containers, which need a hop limit of 2 for the instance metadata. */
  readonly runsContainers: boolean;
}

/**
 * The application that the instances run: the sample app, your own commands, or a container image.
 *
 * Whatever the source, the app must answer the health check path on the app port; each instance
 * waits for that before it reports itself healthy to CloudFormation.
 */
export class AppSource {
  /**
   * The library's sample app (Python standard library only), which answers the health check path
   * and a page for every other path.
   */
  public static sampleApp(): AppSource {
    return new AppSource(AppSourceKind.SAMPLE_APP);
  }

  /**
   * Shell commands (bash, run as root at first boot, with `set -euo pipefail`) that install your app
   * and start it as a service listening on the app port. They can read `APP_PORT` and
   * `HEALTH_CHECK_PATH` from the environment, and `/etc/webapp/webapp.env` for the data tier's
   * connection details. A failing command fails the instance's launch. Write the app's logs to
   * `/var/log/webapp/*.log` (for example `StandardOutput=append:/var/log/webapp/app.log` in its systemd
   * unit): the CloudWatch agent ships them to the tier's application log group. Start the app from an
   * enabled systemd unit, so that it comes back after a reboot (patching) or a warm pool start, when
   * these commands do not run again.
   *
   * The commands travel in the instances' user data, which EC2 limits to 16 KB, and the boot script takes about
   * 8.5 KB of it; the commands are written into it base64-encoded (a third larger), so about 5 KB of commands fit.
   * The tier refuses user data over the limit at synth time: for a longer install, put the commands in a script,
   * upload it as an asset (`aws-s3-assets.Asset`) and download and run it here in one command.
   *
   * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
   * @param commands the commands, one per line
   */
  public static commands(commands: string[]): AppSource {
    return new AppSource(AppSourceKind.COMMANDS, commands);
  }

  /**
   * A container image in Amazon ECR, run by Docker on each instance with the app port mapped to the
   * container port, restarted when it exits, and pulled with the instance role (pull access to this
   * repository only).
   */
  public static containerImage(options: ContainerImageOptions): AppSource {
    return new AppSource(AppSourceKind.CONTAINER_IMAGE, undefined, options);
  }

  private constructor(
    /** The kind of source. */
    public readonly kind: AppSourceKind,
    private readonly userCommands?: string[],
    private readonly image?: ContainerImageOptions,
  ) {}

  /**
   * Checks the source, grants the instance role what it needs and returns the boot commands.
   *
   * @internal
   */
  public _render(scope: Construct, role: iam.IRole, appPort: number): AppSourceRendering {
    switch (this.kind) {
      case AppSourceKind.COMMANDS:
        return { commands: this.renderCommands(scope), runsContainers: false };
      case AppSourceKind.CONTAINER_IMAGE:
        return { commands: this.renderContainer(scope, role, appPort), runsContainers: true };
      default:
        return { commands: this.renderSampleApp(scope, role), runsContainers: false };
    }
  }

  /**
   * The sample app travels as a CDK asset (a zip in the bootstrap bucket) rather than inside the user
   * data, which EC2 limits to 16 KB; the instance role may read that one object only.
   */
  private renderSampleApp(scope: Construct, role: iam.IRole): string[] {
    const files = new s3assets.Asset(scope, 'SampleApp', { path: path.join(ASSETS_DIR, 'sample-app'), exclude: ['__pycache__', '*.pyc'] });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [files.bucket.arnForObjects(files.s3ObjectKey)],
    }));
    return [
      `aws s3 cp ${shellQuote(files.s3ObjectUrl)} /tmp/sample-app.zip --region "$SIGNAL_REGION"`,
      'python3 -m zipfile -e /tmp/sample-app.zip /opt/webapp/',
      'install -m 0644 /opt/webapp/webapp.service /etc/systemd/system/webapp.service',
      asset('sample-app/install.sh'),
    ];
  }

  private renderCommands(scope: IConstruct): string[] {
    const commands = this.userCommands!;
    requireConcrete(scope, 'appSource.commands', commands, 'the commands are written into the boot script at synth time');
    validateType(scope, 'appSource.commands', commands, COMMANDS_TYPE);
    if (commands.length === 0 || commands.every((line) => !Token.isUnresolved(line) && line.trim() === '')) {
      invalidProp(scope, 'appSource.commands', commands, 'give the commands that install and start your app, or use AppSource.sampleApp()');
    }
    // The commands run as a script of their own, so that a failure is reported instead of ending the boot.
    // The settings file is a systemd environment file (NAME=value, unquoted): exported as data, never run as shell.
    const exportSettings = 'while IFS= read -r setting; do case "$setting" in [A-Za-z_]*=*) export "${setting%%=*}=${setting#*=}" ;; esac; done < /etc/webapp/webapp.env';
    const script = ['#!/bin/bash', 'set -euo pipefail', exportSettings, ...commands].join('\n') + '\n';
    return [
      writeFile('/opt/webapp/start.sh', script, '0700'),
      '/opt/webapp/start.sh || APP_FAILED=1',
    ];
  }

  private renderContainer(scope: IConstruct, role: iam.IRole, appPort: number): string[] {
    const image = this.image!;
    if (typeof image !== 'object' || image === null) {
      invalidProp(scope, 'appSource', image, "give AppSource.containerImage ContainerImageOptions with a repository, for example { repository, tag: 'v1.2.3' }");
    }
    validateTypes(scope, image, CONTAINER_IMAGE_PROP_TYPES, 'appSource');
    const tag = image.tag ?? 'latest';
    if (!Token.isUnresolved(tag) && !/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/.test(tag)) {
      invalidProp(scope, 'appSource.tag', tag, "give an image tag such as 'v1.2.3' or a digest 'sha256:<64 hex digits>'");
    }
    validateInteger(scope, 'appSource.containerPort', image.containerPort, 1, 65535);
    const environment = image.environment ?? {};
    for (const [name, value] of Object.entries(environment)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        invalidProp(scope, 'appSource.environment', name, 'name variables with letters, digits and underscores, not starting with a digit');
      }
      if (!Token.isUnresolved(value) && /[\n\r]/.test(value)) {
        invalidProp(scope, 'appSource.environment', name, 'a value must fit on one line (Docker env files have one variable per line)');
      }
    }

    image.repository.grantPull(role);
    recordException(role, wildcard('Resource::*',
      'ecr:GetAuthorizationToken, which Docker needs to log in to ECR, supports no resource-level permissions; the image actions are limited to the app repository'));

    const imageUri = tag.startsWith('sha256:') ? `${image.repository.repositoryUri}@${tag}` : image.repository.repositoryUriForTag(tag);
    // Values may be tokens (a bucket name, a secret ARN), resolved only at deployment: they are quoted
    // for the shell here instead of being base64-encoded at synth time.
    const containerEnv = Object.entries(environment).map(([name, value]) => `printf '%s\\n' ${shellQuote(`${name}=${value}`)} >> /etc/webapp/container.env`);
    return [
      `IMAGE=${shellQuote(imageUri)}`,
      `REGISTRY=${shellQuote(Fn.select(0, Fn.split('/', image.repository.repositoryUri)))}`,
      `CONTAINER_PORT='${image.containerPort ?? appPort}'`,
      'install -m 0600 /dev/null /etc/webapp/container.env',
      ...containerEnv,
      writeFile('/etc/systemd/system/webapp-container.service', asset('container/webapp-container.service')),
      asset('container/install.sh'),
    ];
  }
}

function asset(name: string): string {
  return fs.readFileSync(path.join(ASSETS_DIR, name), 'utf8');
}

/** The type of `AppSource.commands`, for callers that no compiler checks. */
const COMMANDS_TYPE: PropType = types.arrayOf({ ...types.string, expected: 'each command as a string' },
  "a list, for example ['dnf install -y nginx', 'systemctl enable --now nginx']");

/** The types of the props of `AppSource.containerImage`, for callers that no compiler checks. */
const CONTAINER_IMAGE_PROP_TYPES: PropTypes = {
  repository: types.withMembers(['repositoryUri', 'grantPull'], 'an ecr.IRepository'),
  tag: types.string,
  environment: types.objectOf("an object of names and values, for example { LOG_LEVEL: 'info' }"),
};
