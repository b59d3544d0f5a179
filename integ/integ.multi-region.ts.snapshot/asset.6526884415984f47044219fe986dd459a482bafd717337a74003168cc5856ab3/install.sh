# Starts the sample app, whose files the boot script unpacked into /opt/webapp (server.py) and
# /etc/systemd/system (webapp.service) before this part runs.
# What the app runs with, all from Amazon Linux 2023's own repositories: Python 3, the AWS CLI v2 (Secrets
# Manager and S3), botocore (signs the cache's IAM token) and the database drivers for /health/deep. One by
# one, so that a missing package does not keep the others out: /health/deep then reports the check that fails.
for package in python3 awscli-2 python3-botocore python3-psycopg2 python3-PyMySQL; do
  dnf install -y "$package" || echo "$package not installed: /health/deep will report it"
done
id webapp >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin webapp
systemctl daemon-reload
systemctl enable --now webapp.service
