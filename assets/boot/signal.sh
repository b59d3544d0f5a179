# Last part of the boot script: waits until the app answers its health check on this instance, then
# reports success or failure to CloudFormation. A failed start of the app (APP_FAILED=1) fails at once.
trap - ERR
healthy=1
if [ "$APP_FAILED" = 0 ]; then
  for _ in $(seq 1 150); do
    if curl --silent --fail --max-time 2 "http://127.0.0.1:${APP_PORT}${HEALTH_CHECK_PATH}" >/dev/null; then
      healthy=0
      break
    fi
    sleep 2
  done
fi

/opt/aws/bin/cfn-signal --exit-code "$healthy" --stack "$SIGNAL_STACK" --resource "$SIGNAL_RESOURCE" --region "$SIGNAL_REGION"
exit "$healthy"
