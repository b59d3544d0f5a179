# Last part of the boot script: waits until the app answers its health check on this instance
# (ready.sh), then reports success or failure to CloudFormation. A failed start of the app
# (APP_FAILED=1) fails at once. An instance launched into a warm pool reports to Auto Scaling only:
# CloudFormation waits for the instances that go into service.
trap - ERR
if [ -n "$LIFECYCLE_HOOK" ]; then
  install -m 0644 /opt/webapp/webapp-ready.service /etc/systemd/system/webapp-ready.service
  systemctl daemon-reload
  systemctl enable webapp-ready.service
fi
# Read before ready.sh completes the lifecycle action: a warm pool instance stops right after that.
target=InService
if [ -n "$LIFECYCLE_HOOK" ]; then
  token=$(curl --silent -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' || true)
  target=$(curl --silent --fail -H "X-aws-ec2-metadata-token: $token" \
    http://169.254.169.254/latest/meta-data/autoscaling/target-lifecycle-state || echo InService)
fi
healthy=1
if [ "$APP_FAILED" = 0 ]; then
  /opt/webapp/ready.sh && healthy=0
else
  /opt/webapp/ready.sh failed || true
fi

case "$target" in
  Warmed:*) ;;
  *) /opt/aws/bin/cfn-signal --exit-code "$healthy" --stack "$SIGNAL_STACK" --resource "$SIGNAL_RESOURCE" --region "$SIGNAL_REGION" ;;
esac
exit "$healthy"
