# Starts the sample app, whose files the construct wrote to /opt/webapp/server.py and
# /etc/systemd/system/webapp.service before this part runs.
id webapp >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin webapp
systemctl daemon-reload
systemctl enable --now webapp.service
