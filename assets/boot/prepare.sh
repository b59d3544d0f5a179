# First part of the boot script of every app source (Amazon Linux 2023). The construct prepends the
# variables APP_PORT, HEALTH_CHECK_PATH, SIGNAL_STACK, SIGNAL_RESOURCE, SIGNAL_REGION and LIFECYCLE_HOOK
# (the warm pool's launch lifecycle hook, or empty).
set -euo pipefail

# cfn-signal tells CloudFormation whether this instance came up healthy, so rolling updates wait for it.
dnf install -y aws-cfn-bootstrap
# From here on, a failing command reports the failure at once instead of leaving CloudFormation to time out.
trap '/opt/aws/bin/cfn-signal --exit-code 1 --stack "$SIGNAL_STACK" --resource "$SIGNAL_RESOURCE" --region "$SIGNAL_REGION"' ERR

install -d -m 0755 /etc/webapp /opt/webapp
printf 'APP_PORT=%s\nHEALTH_CHECK_PATH=%s\nAWS_REGION=%s\nLIFECYCLE_HOOK=%s\n' "$APP_PORT" "$HEALTH_CHECK_PATH" "$SIGNAL_REGION" "$LIFECYCLE_HOOK" > /etc/webapp/webapp.env
chmod 0644 /etc/webapp/webapp.env
# shellcheck disable=SC2034 # read by signal.sh, the last part of this same script
APP_FAILED=0
