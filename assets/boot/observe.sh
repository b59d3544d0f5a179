# Ships logs and memory/disk metrics to CloudWatch. The construct prepends SYSTEM_LOG_GROUP and
# APP_LOG_GROUP (the encrypted log groups it created) and AGENT_CONFIG (the agent's configuration,
# with @SYSTEM_LOG_GROUP@ and @APP_LOG_GROUP@ placeholders for those names).
# Amazon Linux 2023 keeps logs in the journal only; rsyslog writes /var/log/messages and /var/log/secure,
# which the agent can read. Apps write to /var/log/webapp/*.log, rotated daily.
dnf install -y amazon-cloudwatch-agent rsyslog logrotate
systemctl enable --now rsyslog
install -d -m 0755 /var/log/webapp
echo "$LOGROTATE_CONFIG" | base64 -d > /etc/logrotate.d/webapp
echo "$AGENT_CONFIG" | base64 -d \
  | sed -e "s|@SYSTEM_LOG_GROUP@|${SYSTEM_LOG_GROUP}|g" -e "s|@APP_LOG_GROUP@|${APP_LOG_GROUP}|g" \
  > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json
