import * as fs from 'fs';
import * as path from 'path';
import { Aws, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TierSettings } from './settings';
import { shellQuote, userDataSize, USER_DATA_LIMIT_BYTES, writeFile } from '../../private/boot-script';
import { WebAppConfigurationError } from '../../private/validation';
import { AppSourceRendering } from '../app-source';

const BOOT_DIR = path.join(__dirname, '..', '..', '..', 'assets', 'boot');
const OBSERVE_DIR = path.join(__dirname, '..', '..', '..', 'assets', 'observe');

/**
 * The launch template of the instances: the latest Amazon Linux 2023 of the instance type's architecture, IMDSv2, an
 * encrypted root volume and empty Linux user data, which {@link addBootScript} fills.
 */
export function createLaunchTemplate(scope: Construct, settings: TierSettings, role: iam.IRole, securityGroup: ec2.ISecurityGroup,
  app: AppSourceRendering, key: kms.IKey): ec2.LaunchTemplate {
  return new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    instanceType: settings.instanceType,
    // From the type's name, not ec2.InstanceType.architecture: a JavaScript caller may have given a string.
    machineImage: ec2.MachineImage.latestAmazonLinux2023({
      cpuType: settings.architecture === 'x86_64' ? ec2.AmazonLinuxCpuType.X86_64 : ec2.AmazonLinuxCpuType.ARM_64,
    }),
    role,
    securityGroup,
    requireImdsv2: true,
    // Containers reach the instance metadata through Docker's bridge: one more hop.
    httpPutResponseHopLimit: app.runsContainers ? 2 : 1,
    detailedMonitoring: true,
    blockDevices: [{
      deviceName: '/dev/xvda',
      volume: ec2.BlockDeviceVolume.ebs(20, {
        volumeType: ec2.EbsDeviceVolumeType.GP3,
        encrypted: true,
        kmsKey: key,
        deleteOnTermination: true,
      }),
    }],
    userData: ec2.UserData.forLinux(),
  });
}

/** What the boot script of {@link addBootScript} is made of. */
export interface BootScriptProps {
  /** The group whose instances run the script and signal it to CloudFormation. */
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly launchTemplate: ec2.LaunchTemplate;
  readonly systemLogGroup: logs.ILogGroup;
  readonly applicationLogGroup: logs.ILogGroup;
  /** The launch lifecycle hook that ready.sh completes; '' without a warm pool. */
  readonly lifecycleHookName: string;
  /** The app source's shell lines. */
  readonly appCommands: string[];
  /** The settings of /etc/webapp/webapp.env that `addEnvironment` collects, read when the template is rendered. */
  readonly environment: ReadonlyMap<string, string>;
}

/** Writes the boot script into the group's user data, and checks the size of the user data. */
export function addBootScript(scope: Construct, settings: TierSettings, props: BootScriptProps): void {
  props.autoScalingGroup.userData.addCommands(...renderBootScript(settings, props));
  // Late, so that settings added with addEnvironment count too.
  scope.node.addValidation({ validate: () => validateUserDataSize(scope, props.launchTemplate, props.appCommands) });
}

function renderBootScript(settings: TierSettings, props: BootScriptProps): string[] {
  const file = (name: string) => fs.readFileSync(path.join(BOOT_DIR, name), 'utf8');
  const base64 = (name: string) => Buffer.from(fs.readFileSync(path.join(OBSERVE_DIR, name), 'utf8')).toString('base64');
  const agentConfig = JSON.stringify(JSON.parse(fs.readFileSync(path.join(OBSERVE_DIR, 'amazon-cloudwatch-agent.json'), 'utf8')));
  const cfnAsg = props.autoScalingGroup.node.defaultChild as CfnResource;
  const { environment } = props;
  return [
    `APP_PORT='${settings.appPort}'`,
    `HEALTH_CHECK_PATH='${settings.healthCheckPath}'`,
    `SIGNAL_STACK='${Aws.STACK_NAME}'`,
    `SIGNAL_RESOURCE='${Lazy.string({ produce: () => Stack.of(cfnAsg).getLogicalId(cfnAsg) })}'`,
    `SIGNAL_REGION='${Aws.REGION}'`,
    `LIFECYCLE_HOOK='${props.lifecycleHookName}'`,
    file('prepare.sh'),
    writeFile('/opt/webapp/ready.sh', file('ready.sh'), '0755'),
    writeFile('/opt/webapp/webapp-ready.service', file('webapp-ready.service')),
    `SYSTEM_LOG_GROUP='${props.systemLogGroup.logGroupName}'`,
    `APP_LOG_GROUP='${props.applicationLogGroup.logGroupName}'`,
    `AGENT_CONFIG='${Buffer.from(agentConfig).toString('base64')}'`,
    `LOGROTATE_CONFIG='${base64('logrotate.conf')}'`,
    file('observe.sh'),
    // Settings added later (addEnvironment) are rendered when the template is.
    Lazy.string({
      produce: () => [...environment.entries()]
        .map(([name, value]) => `printf '%s\\n' ${shellQuote(`${name}=${value}`)} >> /etc/webapp/webapp.env`)
        .join('\n'),
    }),
    ...props.appCommands,
    file('signal.sh'),
  ];
}

/**
 * Refuses user data over EC2's 16 KB, measured on the rendered user data: its literal text, and the values that
 * CloudFormation fills in whose length is known (the stack's name and Region). Other names and ARNs add to it at
 * deployment, so a size under the limit here can still be over it then; one over it is over it for sure.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
 */
function validateUserDataSize(scope: Construct, launchTemplate: ec2.LaunchTemplate, appCommands: string[]): string[] {
  const stack = Stack.of(scope);
  const total = userDataSize(stack, launchTemplate.userData!.render());
  if (total.bytes <= USER_DATA_LIMIT_BYTES) {
    return [];
  }
  const app = userDataSize(stack, appCommands.join('\n'));
  const value = `${total.bytes} bytes of user data${total.unknownValues > 0 ? ` and ${total.unknownValues} values filled in at deployment` : ''}`;
  return [new WebAppConfigurationError(scope, 'appSource', value,
    `EC2 takes at most ${USER_DATA_LIMIT_BYTES} bytes of user data, and the app source's part is ${app.bytes} bytes of it (the rest is the boot script `
    + 'and addEnvironment settings): put the install commands in a script file, upload it as an asset (aws-s3-assets.Asset, readable by instanceRole) '
    + 'and download and run it in one command, as AppSource.sampleApp() does; pass large settings by reference (a parameter or secret name)').message];
}
