# Starts the sample app, whose files the boot script unpacked into /opt/webapp (server.py) and
# /etc/systemd/system (webapp.service) before this part runs.
# Database drivers for /health/deep, one by one so that a missing package does not keep the other out;
# without them that check reports the missing module, and nothing else breaks.
for package in python3-psycopg2 python3-PyMySQL; do
  dnf install -y "$package" || echo "$package not installed: /health/deep will report it"
done
id webapp >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin webapp
systemctl daemon-reload
systemctl enable --now webapp.service
