# Runs the app's container image with Docker. The construct prepends IMAGE (repository URI and tag),
# REGISTRY and CONTAINER_PORT, and wrote /etc/systemd/system/webapp-container.service and the
# container's environment (/etc/webapp/container.env) before this part runs.
dnf install -y docker
systemctl enable --now docker
printf 'IMAGE=%s\nREGISTRY=%s\nCONTAINER_PORT=%s\n' "$IMAGE" "$REGISTRY" "$CONTAINER_PORT" >> /etc/webapp/webapp.env
systemctl daemon-reload
systemctl enable --now webapp-container.service
