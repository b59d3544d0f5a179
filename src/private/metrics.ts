import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** CloudWatch math expressions in alarms take at most 10 metrics. */
export const MAX_METRICS_PER_ALARM = 10;

/**
 * The worst of several metrics of the same kind (their MAX or MIN) as one math expression, which an alarm
 * can watch. The metrics get the ids `<prefix><first>`, `<prefix><first + 1>`…: expressions that share a
 * graph must not reuse an id.
 */
export function worstOf(worst: 'MAX' | 'MIN', metrics: cloudwatch.IMetric[], prefix: string, first: number, label: string | undefined,
  period: Duration): cloudwatch.MathExpression {
  const ids = metrics.map((_, index) => `${prefix}${first + index}`);
  return new cloudwatch.MathExpression({
    expression: `${worst}([${ids.join(',')}])`,
    usingMetrics: Object.fromEntries(metrics.map((metric, index) => [ids[index], metric])),
    label,
    period,
  });
}
