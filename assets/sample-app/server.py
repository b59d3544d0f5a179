#!/usr/bin/env python3
"""Sample web app of cdk-ha-web-app.

- The health check path (default /health) answers 200 while the process runs: the load balancer's check.
- /health/deep proves the data flow: it writes and reads a row in the database over TLS, a key in the
  cache over TLS with its AUTH token, and an object in the uploads bucket, and answers 200 only when every
  configured store works (503 otherwise, with what failed).
- Every other path answers a small page.

Runs with the Python 3 of Amazon Linux 2023: the standard library, the AWS CLI for Secrets Manager and
S3, and the database driver packages that the boot script installs. Its settings come from the
environment that the boot script writes to /etc/webapp/webapp.env (endpoints, ports, secret ARNs, bucket
name), never secret values: those are read from Secrets Manager with the instance role.
"""
import json
import os
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("APP_PORT", "8080"))
APP_NAME = os.environ.get("APP_NAME", "cdk-ha-web-app")
HEALTH_CHECK_PATH = os.environ.get("HEALTH_CHECK_PATH", "/health")
DEEP_HEALTH_PATH = "/health/deep"
REGION = os.environ.get("AWS_REGION", "")


def aws(*args):
    """Runs the AWS CLI with the instance role and returns its output."""
    command = ["aws", "--output", "text"] + (["--region", REGION] if REGION else []) + list(args)
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=20).stdout.strip()


def secret_json(arn):
    return json.loads(aws("secretsmanager", "get-secret-value", "--secret-id", arn, "--query", "SecretString"))


def check_database():
    host = os.environ["DB_HOST"]
    port = int(os.environ.get("DB_PORT", "5432"))
    name = os.environ.get("DB_NAME", "app")
    credentials = secret_json(os.environ["DB_SECRET_ARN"])
    marker = str(uuid.uuid4())
    if os.environ.get("DB_ENGINE", "postgres") == "mysql":
        import pymysql  # python3-PyMySQL

        connection = pymysql.connect(host=host, port=port, user=credentials["username"], password=credentials["password"],
                                     database=name, ssl={"ca": None}, connect_timeout=5)
        placeholder = "%s"
    else:
        import psycopg2  # python3-psycopg2

        connection = psycopg2.connect(host=host, port=port, user=credentials["username"], password=credentials["password"],
                                      dbname=name, sslmode="require", connect_timeout=5)
        placeholder = "%s"
    try:
        cursor = connection.cursor()
        # Each check writes a row of its own and deletes it, so concurrent checks cannot disturb each other.
        cursor.execute("CREATE TABLE IF NOT EXISTS health_check (marker VARCHAR(64) PRIMARY KEY, checked_at VARCHAR(32))")
        cursor.execute("INSERT INTO health_check (marker, checked_at) VALUES (%s, %s)" % (placeholder, placeholder), (marker, str(time.time())))
        connection.commit()
        cursor.execute("SELECT marker FROM health_check WHERE marker = " + placeholder, (marker,))
        row = cursor.fetchone()
        cursor.execute("DELETE FROM health_check WHERE marker = " + placeholder, (marker,))
        connection.commit()
        if row is None or row[0] != marker:
            raise RuntimeError("the database returned another value than it was given")
    finally:
        connection.close()


class Moved(Exception):
    """A cluster-mode cache answered that the key lives on another node."""

    def __init__(self, address):
        super().__init__("moved to " + address)
        self.host, self.port = address.rsplit(":", 1)


def resp_command(stream, *parts):
    """Sends one Redis (RESP) command and returns its reply: a simple string, a bulk string or None."""
    payload = "*%d\r\n" % len(parts) + "".join("$%d\r\n%s\r\n" % (len(p.encode()), p) for p in parts)
    stream.write(payload.encode())
    stream.flush()
    line = stream.readline().decode().rstrip("\r\n")
    if line.startswith("-MOVED ") or line.startswith("-ASK "):
        raise Moved(line.split(" ")[2])
    if line.startswith("-"):
        raise RuntimeError("cache error: " + line[1:])
    if line == "$-1":
        return None
    if line.startswith("$"):
        return stream.readline().decode().rstrip("\r\n")
    return line[1:]


def cache_round_trip(host, port, token, key, marker, verify_hostname=True):
    context = ssl.create_default_context()
    # A cluster redirects to a node by IP address; its certificate names the cluster, so only the
    # hostname check is left out there, not the certificate check.
    context.check_hostname = verify_hostname
    with socket.create_connection((host, int(port)), timeout=5) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
        stream = tls.makefile("rwb")
        resp_command(stream, "AUTH", token)
        resp_command(stream, "SET", key, marker, "EX", "60")
        return resp_command(stream, "GET", key)


def check_cache():
    host = os.environ["CACHE_HOST"]
    port = os.environ.get("CACHE_PORT", "6379")
    token = aws("secretsmanager", "get-secret-value", "--secret-id", os.environ["CACHE_AUTH_SECRET_ARN"], "--query", "SecretString")
    if token.startswith("{"):
        token = json.loads(token).get("password") or json.loads(token).get("authToken")
    marker = str(uuid.uuid4())
    key = "cdk-ha-web-app:health:" + marker
    try:
        value = cache_round_trip(host, port, token, key, marker)
    except Moved as moved:
        value = cache_round_trip(moved.host, moved.port, token, key, marker, verify_hostname=False)
    if value != marker:
        raise RuntimeError("the cache returned another value than it was given")


BUCKET_CHECK = threading.Lock()


def check_bucket():
    # One object per instance (the app may not delete uploads), written and read under a lock.
    with BUCKET_CHECK:
        bucket_round_trip()


def bucket_round_trip():
    bucket = os.environ["UPLOADS_BUCKET"]
    key = "health-check/%s.txt" % socket.gethostname()
    marker = str(uuid.uuid4())
    with tempfile.TemporaryDirectory() as directory:
        upload = os.path.join(directory, "up")
        download = os.path.join(directory, "down")
        with open(upload, "w") as handle:
            handle.write(marker)
        aws("s3api", "put-object", "--bucket", bucket, "--key", key, "--body", upload)
        aws("s3api", "get-object", "--bucket", bucket, "--key", key, download)
        with open(download) as handle:
            if handle.read() != marker:
                raise RuntimeError("the bucket returned another object than it was given")


# Each check runs when the environment names its store: the data tier of HighlyAvailableWebApp sets them.
CHECKS = {
    "database": ("DB_HOST", check_database),
    "cache": ("CACHE_HOST", check_cache),
    "uploads": ("UPLOADS_BUCKET", check_bucket),
}


def deep_health():
    results = {}
    healthy = True
    for name, (variable, check) in CHECKS.items():
        if not os.environ.get(variable):
            results[name] = "not configured"
            continue
        started = time.monotonic()
        try:
            check()
            results[name] = "ok (%d ms)" % ((time.monotonic() - started) * 1000)
        except Exception as error:  # noqa: BLE001 (any failure makes the app unhealthy, and is reported)
            healthy = False
            results[name] = "failed: %s: %s" % (type(error).__name__, error)
    return healthy, results


class Handler(BaseHTTPRequestHandler):
    server_version = "webapp"
    sys_version = ""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path == HEALTH_CHECK_PATH:
            self._send(200, "application/json", json.dumps({"status": "ok"}))
        elif path == DEEP_HEALTH_PATH:
            healthy, results = deep_health()
            self._send(200 if healthy else 503, "application/json",
                       json.dumps({"status": "ok" if healthy else "failing", "checks": results}))
        else:
            body = (
                "<!doctype html><html><head><title>{0}</title></head>"
                "<body><h1>{0}</h1><p>Served by {1}.</p></body></html>"
            ).format(APP_NAME, socket.gethostname())
            self._send(200, "text/html; charset=utf-8", body)

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def _send(self, status, content_type, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, fmt, *args):
        # One line per request on stdout, collected by journald.
        print("%s %s" % (self.address_string(), fmt % args), flush=True)


def main():
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
