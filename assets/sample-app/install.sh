# Starts the sample app, whose files the construct wrote to /opt/webapp/server.py and
# /etc/systemd/system/webapp.service before this part runs.
# Database drivers for /health/deep; without them that check reports the missing module, nothing else breaks.
dnf install -y python3-psycopg2 python3-PyMySQL || echo 'database drivers not installed: /health/deep will report it'
id webapp >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin webapp
systemctl daemon-reload
systemctl enable --now webapp.service
