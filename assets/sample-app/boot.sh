# Boot script of the cdk-ha-web-app sample app (Amazon Linux 2023). The construct prepends the
# variables APP_PORT, HEALTH_CHECK_PATH, SIGNAL_STACK, SIGNAL_RESOURCE and SIGNAL_REGION, and writes
# /opt/webapp/server.py and /etc/systemd/system/webapp.service before this part runs.
set -euo pipefail

# cfn-signal tells CloudFormation that this instance is healthy, so rolling updates wait for it.
dnf install -y aws-cfn-bootstrap

id webapp >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin webapp
install -d -m 0755 /etc/webapp
printf 'APP_PORT=%s\nHEALTH_CHECK_PATH=%s\n' "$APP_PORT" "$HEALTH_CHECK_PATH" > /etc/webapp/webapp.env
chmod 0644 /etc/webapp/webapp.env

systemctl daemon-reload
systemctl enable --now webapp.service

healthy=1
for _ in $(seq 1 60); do
  if curl --silent --fail --max-time 2 "http://127.0.0.1:${APP_PORT}${HEALTH_CHECK_PATH}" >/dev/null; then
    healthy=0
    break
  fi
  sleep 2
done

/opt/aws/bin/cfn-signal --exit-code "$healthy" --stack "$SIGNAL_STACK" --resource "$SIGNAL_RESOURCE" --region "$SIGNAL_REGION"
exit "$healthy"
