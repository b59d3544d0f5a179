import { ArnFormat, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { recordException } from '../../private/compliance';
import { wildcard } from '../../private/exceptions';
import { WarmPoolOptions } from '../web-app-tier-options';

/**
 * Adds the warm pool and the launch lifecycle hook that holds each new instance until its app is
 * healthy (ready.sh completes it), so that no instance is stopped into the pool, or put in service,
 * half-prepared. Returns the hook's name.
 *
 * @param scope the tier, whose unique id tags the group
 */
export function addWarmPool(scope: Construct, autoScalingGroup: autoscaling.AutoScalingGroup, options: WarmPoolOptions, role: iam.IRole): string {
  const hookName = 'webapp-ready';
  const hook = autoScalingGroup.addLifecycleHook('ReadyHook', {
    lifecycleHookName: hookName,
    lifecycleTransition: autoscaling.LifecycleTransition.INSTANCE_LAUNCHING,
    heartbeatTimeout: Duration.minutes(15),
    defaultResult: autoscaling.DefaultResult.ABANDON,
  });
  const warmPool = autoScalingGroup.addWarmPool({
    minSize: options.minSize ?? 0,
    maxGroupPreparedCapacity: options.maxGroupPreparedCapacity,
    poolState: options.poolState ?? autoscaling.PoolState.STOPPED,
    reuseOnScaleIn: options.reuseOnScaleIn ?? false,
  });
  warmPool.node.addDependency(hook);
  // The instances complete the hook of their own group. The group's name would make the policy depend
  // on the group, whose instances need the policy first: a tag of the group names it instead.
  const tagKey = 'cdk-ha-web-app:app-tier';
  Tags.of(autoScalingGroup).add(tagKey, scope.node.addr, { applyToLaunchedInstances: false });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['autoscaling:CompleteLifecycleAction'],
    resources: [Stack.of(scope).formatArn({
      service: 'autoscaling',
      resource: 'autoScalingGroup',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
    conditions: { StringEquals: { [`autoscaling:ResourceTag/${tagKey}`]: scope.node.addr } },
  }));
  const stack = Stack.of(scope);
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  recordException(role, wildcard(`Resource::arn:<AWS::Partition>:autoscaling:${region}:${account}:autoScalingGroup:*`,
    'autoscaling:CompleteLifecycleAction is held by a condition to the group tagged with this tier\'s unique id: naming the group itself would make the '
    + 'instance role depend on the group, whose instances need the role first'));
  return hookName;
}
