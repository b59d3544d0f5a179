#!/bin/bash
# Waits until the app answers its health check on this instance. With a warm pool, it then completes
# the instance's launch lifecycle action: CONTINUE when healthy, ABANDON otherwise (Auto Scaling then
# replaces the instance). It runs at the first boot (from the boot script) and, through
# webapp-ready.service, at every later boot, such as a start from the warm pool, where the boot
# script does not run again. Usage: ready.sh [failed]; exits 0 when the app is healthy.
set -uo pipefail
# webapp.env is a systemd environment file (NAME=value, values unquoted): read the values as data, never as shell.
setting() { sed -n "s/^$1=//p" /etc/webapp/webapp.env | tail -n 1; }
APP_PORT=$(setting APP_PORT)
HEALTH_CHECK_PATH=$(setting HEALTH_CHECK_PATH)
AWS_REGION=$(setting AWS_REGION)
LIFECYCLE_HOOK=$(setting LIFECYCLE_HOOK)

healthy=1
if [ "${1:-}" != failed ]; then
  for _ in $(seq 1 150); do
    if curl --silent --fail --max-time 2 "http://127.0.0.1:${APP_PORT}${HEALTH_CHECK_PATH}" >/dev/null; then
      healthy=0
      break
    fi
    sleep 2
  done
fi

if [ -n "${LIFECYCLE_HOOK:-}" ]; then
  token=$(curl --silent --fail -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
  instance=$(curl --silent --fail -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
  group=$(aws ec2 describe-tags --region "$AWS_REGION" --output text --query 'Tags[0].Value' \
    --filters "Name=resource-id,Values=$instance" 'Name=key,Values=aws:autoscaling:groupName')
  result=$([ "$healthy" = 0 ] && echo CONTINUE || echo ABANDON)
  # No action is pending after a plain reboot, or for the instances that the group launched when it was created.
  aws autoscaling complete-lifecycle-action --region "$AWS_REGION" --lifecycle-hook-name "$LIFECYCLE_HOOK" \
    --auto-scaling-group-name "$group" --instance-id "$instance" --lifecycle-action-result "$result" \
    || echo "no pending lifecycle action for $instance"
fi
exit "$healthy"
