#!/usr/bin/env python3
"""Sample web app of cdk-ha-web-app.

- The health check path (default /health) answers 200 while the process runs: the load balancer's check.
- /health/deep proves the data flow: it writes, reads and deletes a row in the database over TLS, a key in
  the cache over TLS as its IAM user, and an object in the uploads bucket, and answers 200 only when
  every configured store works; otherwise 503, naming the store that failed. Its JSON body names each
  store and its status, and never holds a secret, an error message or a stack trace (those go to the log,
  with secret values masked).
  It is for probes and operators only. A request from this instance itself (loopback: the boot check, an
  operator's SSM session) is served; any other (through the load balancer) must carry the probe token in the
  X-Health-Probe header, or it gets 403 without a check being run. The token is the value of the secret that
  HEALTH_PROBE_SECRET_ARN names, read at most once every PROBE_TOKEN_SECONDS (300) and kept in memory; without
  that setting only loopback requests are served. The edge (EdgeDistribution's probeOnlyPathPatterns) already
  refuses requests without the header, so strangers never reach the app on this path.
  One round of checks runs at a time: a request during a round waits for its result, and a result is reused
  for DEEP_HEALTH_REUSE_SECONDS (default 5), so a flood of deep checks costs one round of store calls per
  instance every few seconds, not one per request. The body's age_ms tells how old the result is.
- Every other path answers a small page.

Every call to a store has a timeout (DEPENDENCY_TIMEOUT_SECONDS, default 5: the database connection and
each statement, each cache socket operation, each AWS CLI call; botocore's own, 1 s, when it fetches the
instance role's credentials from the instance metadata service), and /health/deep answers within
DEEP_HEALTH_TIMEOUT_SECONDS (default three times that) whatever a store does: a check still running then
is reported as timed out, and is not started again until it has ended.

Logs: one JSON object per line on stdout (the service appends them to /var/log/webapp/app.log, which the
CloudWatch agent ships), for every request, every failed check and the start of the app.

Runs with the Python 3 of Amazon Linux 2023: the standard library, the AWS CLI (package awscli-2) for
Secrets Manager and S3, botocore (python3-botocore) to sign the cache's IAM authentication token, and the
database drivers python3-psycopg2 and python3-PyMySQL, which the boot script installs. Its settings come
from the environment that the boot script writes to /etc/webapp/webapp.env (endpoints, ports, secret ARNs,
the cache's user and replication group, bucket name, AWS_REGION), never secret values: the database
password is read from Secrets Manager with the instance role at each check, and the cache takes no
password at all, but a token signed with the instance role's credentials and valid for 15 minutes.

Only tests set these standard variables, to point the app at servers of their own (production sets none):
- AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SECRETS_MANAGER): honoured by the AWS CLI
  itself (version 2.13 and later, and version 1 with botocore 1.31 and later): Secrets Manager and S3
  stand-ins.
- AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: credentials of their own, which botocore and the AWS CLI take
  before the instance role's.
- SSL_CERT_FILE: OpenSSL's trust store for the cache's TLS (production trusts the system store, which
  holds the Amazon CAs that sign ElastiCache certificates).
- PGSSLROOTCERT: libpq's root certificate; when set, sslmode=require also verifies the database's
  certificate against it (production encrypts without verifying: the RDS CA bundle is not on the instance).
And APP_BIND_ADDRESS (default 0.0.0.0) lets a test listen on loopback only.
"""
import datetime
import hmac
import json
import math
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("APP_PORT", "8080"))
BIND_ADDRESS = os.environ.get("APP_BIND_ADDRESS", "0.0.0.0")
APP_NAME = os.environ.get("APP_NAME", "cdk-ha-web-app")
HEALTH_CHECK_PATH = os.environ.get("HEALTH_CHECK_PATH", "/health")
DEEP_HEALTH_PATH = "/health/deep"
PROBE_HEADER = "X-Health-Probe"
PROBE_SECRET_ARN = os.environ.get("HEALTH_PROBE_SECRET_ARN", "")
PROBE_TOKEN_SECONDS = 300.0
PROBE_TOKEN_RETRY_SECONDS = 30.0  # after a failed read: no Secrets Manager call per request while it fails
LOCAL_CLIENTS = ("127.0.0.1", "::1")
DEEP_HEALTH_REUSE = float(os.environ.get("DEEP_HEALTH_REUSE_SECONDS") or "5")
REGION = os.environ.get("AWS_REGION", "")
TIMEOUT = float(os.environ.get("DEPENDENCY_TIMEOUT_SECONDS") or "5")
DEEP_TIMEOUT = float(os.environ.get("DEEP_HEALTH_TIMEOUT_SECONDS") or str(3 * TIMEOUT))
WHOLE_SECONDS = max(2, int(math.ceil(TIMEOUT)))  # libpq and the AWS CLI take whole seconds (libpq at least 2)

# Secret values read in this process, masked in every log line.
SECRET_VALUES = set()
SECRET_VALUES_LOCK = threading.Lock()
# The parts of a signed request (a cache IAM authentication token) that would let someone use it while it lasts.
SIGNED_PARTS = re.compile(r"(X-Amz-(?:Signature|Security-Token)=)[^&\s\"']+")


def remember_secret(value):
    if isinstance(value, str) and len(value) >= 4:
        with SECRET_VALUES_LOCK:
            SECRET_VALUES.add(value)
    return value


def mask(text):
    text = str(text)
    with SECRET_VALUES_LOCK:
        values = sorted(SECRET_VALUES, key=len, reverse=True)
    for value in values:
        text = text.replace(value, "***")
    return SIGNED_PARTS.sub(r"\1***", text)


LOG_LOCK = threading.Lock()


def log(level, message, **fields):
    """Writes one JSON object on one line to stdout."""
    record = {
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "level": level,
        "logger": "webapp",
        "message": mask(message),
    }
    record.update({key: mask(value) if isinstance(value, str) else value for key, value in fields.items()})
    line = json.dumps(record, default=lambda value: mask(value))
    with LOG_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class DependencyError(Exception):
    """A store answered with an error; the message holds no secret value."""


class DependencyTimeout(DependencyError):
    """A store did not answer in time."""


# One retry at most, so that a refused call reports its own error within the timeout (unless the environment says otherwise).
AWS_CLI_ENVIRONMENT = dict(os.environ, AWS_MAX_ATTEMPTS=os.environ.get("AWS_MAX_ATTEMPTS") or "2")


def aws(*args):
    """Runs the AWS CLI with the instance role and returns its output, within the timeout."""
    command = ["aws", "--output", "text", "--cli-connect-timeout", str(WHOLE_SECONDS), "--cli-read-timeout", str(WHOLE_SECONDS)]
    command += (["--region", REGION] if REGION else []) + list(args)
    operation = " ".join(args[:2])
    try:
        # Twice the call timeout: the CLI needs a moment to start, and may retry within that bound.
        completed = subprocess.run(command, capture_output=True, text=True, timeout=2 * TIMEOUT, stdin=subprocess.DEVNULL,
                                   env=AWS_CLI_ENVIRONMENT)
    except subprocess.TimeoutExpired:
        raise DependencyTimeout("aws %s did not finish within %g s" % (operation, 2 * TIMEOUT)) from None
    except FileNotFoundError:
        raise DependencyError("the AWS CLI (aws) is not installed") from None
    if completed.returncode != 0:
        errors = [line for line in completed.stderr.strip().splitlines() if line.strip()]
        raise DependencyError("aws %s failed: %s" % (operation, errors[-1] if errors else "exit code %d" % completed.returncode))
    return completed.stdout.strip()


def secret_string(arn):
    return remember_secret(aws("secretsmanager", "get-secret-value", "--secret-id", arn, "--query", "SecretString"))


def secret_json(arn):
    value = json.loads(secret_string(arn))
    remember_secret(value.get("password"))
    return value


def check_database():
    host = os.environ["DB_HOST"]
    port = int(os.environ.get("DB_PORT") or "5432")
    name = os.environ.get("DB_NAME") or "app"
    credentials = secret_json(os.environ["DB_SECRET_ARN"])
    marker = str(uuid.uuid4())
    if os.environ.get("DB_ENGINE", "postgres") == "mysql":
        import pymysql  # python3-PyMySQL

        # A dict for ssl turns TLS on (without a CA: encrypted, not verified); the timeouts cover each read and write.
        connection = pymysql.connect(host=host, port=port, user=credentials["username"], password=credentials["password"],
                                     database=name, ssl={"ca": None}, connect_timeout=WHOLE_SECONDS,
                                     read_timeout=TIMEOUT, write_timeout=TIMEOUT)
    else:
        import psycopg2  # python3-psycopg2

        # connect_timeout covers the whole connection (TCP, TLS, authentication); statement_timeout each statement.
        connection = psycopg2.connect(host=host, port=port, user=credentials["username"], password=credentials["password"],
                                      dbname=name, sslmode="require", connect_timeout=WHOLE_SECONDS,
                                      options="-c statement_timeout=%d" % int(TIMEOUT * 1000),
                                      application_name=APP_NAME + " health check")
    try:
        cursor = connection.cursor()
        # Each check writes a row of its own and deletes it, so concurrent checks cannot disturb each other.
        cursor.execute("CREATE TABLE IF NOT EXISTS health_check (marker VARCHAR(64) PRIMARY KEY, checked_at VARCHAR(32))")
        cursor.execute("INSERT INTO health_check (marker, checked_at) VALUES (%s, %s)", (marker, str(time.time())))
        connection.commit()
        cursor.execute("SELECT marker FROM health_check WHERE marker = %s", (marker,))
        row = cursor.fetchone()
        cursor.execute("DELETE FROM health_check WHERE marker = %s", (marker,))
        connection.commit()
        if row is None or row[0] != marker:
            raise DependencyError("the database returned another value than it was given")
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
    if not line:
        raise DependencyError("the cache closed the connection")
    if line.startswith("-MOVED ") or line.startswith("-ASK "):
        raise Moved(line.split(" ")[2])
    if line.startswith("-"):
        raise DependencyError("cache error: " + line[1:])
    if line == "$-1":
        return None
    if line.startswith("$"):
        return stream.readline().decode().rstrip("\r\n")
    return line[1:]


# The longest life that ElastiCache accepts for an IAM authentication token: 15 minutes.
CACHE_TOKEN_SECONDS = 900
CACHE_SIGNER = None
# The signer holds only a weak reference to the session's events: the session must live as long.
CACHE_SESSION = None
CACHE_SIGNER_LOCK = threading.Lock()


def cache_signer():
    """botocore's SigV4 signer for ElastiCache with the instance role's credentials, made on first use."""
    global CACHE_SIGNER, CACHE_SESSION
    with CACHE_SIGNER_LOCK:
        if CACHE_SIGNER is None:
            if not REGION:
                raise DependencyError("AWS_REGION is not set: the cache's IAM authentication token is signed for a Region")
            try:
                import botocore.session  # python3-botocore
                from botocore.model import ServiceId
                from botocore.signers import RequestSigner
            except ImportError:
                raise DependencyError("botocore (python3-botocore) is not installed: it signs the cache's IAM authentication token") from None
            session = botocore.session.get_session()
            # Refreshable: botocore renews the instance role's credentials before they expire.
            credentials = session.get_credentials()
            if credentials is None:
                raise DependencyError("no AWS credentials to sign the cache's IAM authentication token with")
            CACHE_SESSION = session
            CACHE_SIGNER = RequestSigner(ServiceId("elasticache"), REGION, "elasticache", "v4", credentials,
                                         session.get_component("event_emitter"))
        return CACHE_SIGNER


def cache_auth_token(replication_group_id, user):
    """The IAM authentication token of the cache's user: a SigV4 presigned request of the action connect, for
    the replication group in lower case, valid for 15 minutes, without its scheme."""
    url = "https://%s/?%s" % (replication_group_id.lower(), urllib.parse.urlencode({"Action": "connect", "User": user}))
    signed = cache_signer().generate_presigned_url({"method": "GET", "url": url, "body": {}, "headers": {}, "context": {}},
                                                   operation_name="connect", expires_in=CACHE_TOKEN_SECONDS, region_name=REGION)
    return signed[len("https://"):]


def cache_round_trip(host, port, user, token, key, marker, verify_hostname=True):
    context = ssl.create_default_context()
    # A cluster redirects to a node by IP address; its certificate names the cluster, so only the
    # hostname check is left out there, not the certificate check.
    context.check_hostname = verify_hostname
    # The timeout applies to the connection, the TLS handshake and every read and write after it.
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
        stream = tls.makefile("rwb")
        resp_command(stream, "AUTH", user, token)
        resp_command(stream, "SET", key, marker, "EX", "60")
        return resp_command(stream, "GET", key)


def check_cache():
    host = os.environ["CACHE_HOST"]
    port = os.environ.get("CACHE_PORT") or "6379"
    user = os.environ["CACHE_USER"]
    # A token per check, as each check opens a new connection (the token only has to be valid when AUTH runs).
    token = cache_auth_token(os.environ["CACHE_REPLICATION_GROUP_ID"], user)
    marker = str(uuid.uuid4())
    key = "cdk-ha-web-app:health:" + marker
    try:
        value = cache_round_trip(host, port, user, token, key, marker)
    except Moved as moved:
        # The token names the replication group, not a node: it signs in on every node of the cluster.
        value = cache_round_trip(moved.host, moved.port, user, token, key, marker, verify_hostname=False)
    if value != marker:
        raise DependencyError("the cache returned another value than it was given")


def check_uploads():
    # One probe object per instance, written, read back and deleted.
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
                raise DependencyError("the bucket returned another object than it was given")
        aws("s3api", "delete-object", "--bucket", bucket, "--key", key)


class Check:
    """One store, checked when the environment names it (the data tier of HighlyAvailableWebApp does)."""

    def __init__(self, name, variable, function):
        self.name = name
        self.variable = variable
        self.function = function
        # Held while a check of this store runs: a hung check is not started again (no pile-up of threads).
        self.running = threading.Lock()


CHECKS = [
    Check("database", "DB_HOST", check_database),
    Check("cache", "CACHE_HOST", check_cache),
    Check("uploads", "UPLOADS_BUCKET", check_uploads),
]


def run_check(check, outcome):
    started = time.monotonic()
    try:
        check.function()
        outcome["result"] = {"status": "ok", "ms": int((time.monotonic() - started) * 1000)}
    except Exception as error:  # noqa: BLE001 (any failure makes the app unhealthy, and is reported)
        timed_out = isinstance(error, (DependencyTimeout, socket.timeout, TimeoutError)) \
            or any(words in str(error).lower() for words in ("timeout", "timed out"))
        outcome["result"] = {"status": "timed out" if timed_out else "failed", "error": type(error).__name__,
                             "ms": int((time.monotonic() - started) * 1000)}
        log("ERROR", "%s check failed: %s" % (check.name, error), check=check.name, error=type(error).__name__,
            ms=outcome["result"]["ms"])
    finally:
        check.running.release()


def deep_health():
    """Runs the checks side by side and returns (healthy, {store: {status, ...}}) within DEEP_TIMEOUT."""
    deadline = time.monotonic() + DEEP_TIMEOUT
    results = {}
    running = []
    for check in CHECKS:
        if not os.environ.get(check.variable):
            results[check.name] = {"status": "not configured"}
        elif not check.running.acquire(blocking=False):
            results[check.name] = {"status": "timed out", "error": "the previous check has not ended"}
        else:
            outcome = {}
            thread = threading.Thread(target=run_check, args=(check, outcome), name="check-" + check.name, daemon=True)
            thread.start()
            running.append((check, thread, outcome))
    for check, thread, outcome in running:
        thread.join(max(0.0, deadline - time.monotonic()))
        if "result" in outcome:
            results[check.name] = outcome["result"]
        else:
            results[check.name] = {"status": "timed out", "error": "no answer within %g s" % DEEP_TIMEOUT}
            log("ERROR", "%s check did not end within %g s" % (check.name, DEEP_TIMEOUT), check=check.name, error="timeout")
    ordered = {check.name: results[check.name] for check in CHECKS}
    failed = [name for name, result in ordered.items() if result["status"] not in ("ok", "not configured")]
    return not failed, ordered, failed


class DeepHealth:
    """One round of checks at a time: callers during a round wait for its result, which is then reused for a while."""

    def __init__(self, reuse_seconds):
        self.reuse = reuse_seconds
        self.condition = threading.Condition()
        self.running = False
        self.rounds = 0  # rounds ended
        self.result = None
        self.ended_at = 0.0

    def get(self):
        """Returns (healthy, results, failed, age in seconds)."""
        with self.condition:
            if self.result is not None and time.monotonic() - self.ended_at < self.reuse:
                return self.result + (time.monotonic() - self.ended_at,)
            if self.running:
                # deep_health() ends within DEEP_TIMEOUT; the margin covers a loaded machine.
                rounds = self.rounds
                self.condition.wait_for(lambda: self.rounds != rounds, timeout=DEEP_TIMEOUT + 5)
                if self.rounds != rounds:
                    return self.result + (time.monotonic() - self.ended_at,)
                results = {check.name: {"status": "timed out", "error": "the running check has not ended"} for check in CHECKS}
                return False, results, list(results), 0.0
            self.running = True
        result = None
        try:
            result = deep_health()
        finally:
            with self.condition:
                if result is not None:
                    self.result = result
                    self.ended_at = time.monotonic()
                self.rounds += 1
                self.running = False
                self.condition.notify_all()
        return result + (0.0,)


DEEP_HEALTH = DeepHealth(DEEP_HEALTH_REUSE)


class ProbeToken:
    """The probe token from Secrets Manager, read at most once per PROBE_TOKEN_SECONDS, never once per request."""

    def __init__(self, arn):
        self.arn = arn
        self.lock = threading.Lock()
        self.value = None
        self.next_read = 0.0

    def current(self):
        with self.lock:
            if time.monotonic() >= self.next_read:
                try:
                    value = secret_string(self.arn).strip()
                    remember_secret(value)
                    self.value = value or None
                    self.next_read = time.monotonic() + PROBE_TOKEN_SECONDS
                except Exception as error:  # noqa: BLE001 (no token: probes are refused until it can be read)
                    log("ERROR", "the probe token could not be read: %s" % error, error=type(error).__name__)
                    self.next_read = time.monotonic() + PROBE_TOKEN_RETRY_SECONDS
            return self.value


PROBE_TOKEN = ProbeToken(PROBE_SECRET_ARN)


def probe_allowed(handler):
    """Whether a request may run the deep check: from this instance, or carrying the probe token."""
    if handler.client_address[0] in LOCAL_CLIENTS:
        return True
    given = handler.headers.get(PROBE_HEADER)
    if not given or not PROBE_SECRET_ARN:
        return False
    token = PROBE_TOKEN.current()
    return token is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    server_version = "webapp"
    sys_version = ""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        started = time.monotonic()
        path = self.path.split("?", 1)[0]
        if path == HEALTH_CHECK_PATH:
            self._send(200, "application/json", json.dumps({"status": "ok"}))
        elif path == DEEP_HEALTH_PATH:
            if not probe_allowed(self):
                # Nothing about the stores: only that this path is not for the caller.
                self._send(403, "application/json", json.dumps({"status": "forbidden", "reason": "for probes only: send the %s header" % PROBE_HEADER}))
            else:
                healthy, results, failed, age = DEEP_HEALTH.get()
                body = {"status": "ok" if healthy else "failing", "checks": results, "age_ms": int(age * 1000)}
                if failed:
                    body["failed"] = failed
                self._send(200 if healthy else 503, "application/json", json.dumps(body))
        else:
            body = (
                "<!doctype html><html><head><title>{0}</title></head>"
                "<body><h1>{0}</h1><p>Served by {1}.</p></body></html>"
            ).format(APP_NAME, socket.gethostname())
            self._send(200, "text/html; charset=utf-8", body)
        log("INFO", "%s %s %d" % (self.command, path, self._status), method=self.command, path=path,
            status=self._status, ms=int((time.monotonic() - started) * 1000), client=self.client_address[0])

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def _send(self, status, content_type, body):
        self._status = status
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_request(self, code="-", size="-"):
        # do_GET logs each request as JSON, with its duration.
        pass

    def log_message(self, fmt, *args):
        # http.server's own errors (a request it cannot parse).
        log("WARNING", fmt % args, client=self.client_address[0])


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections in a burst (the client then waits seconds to retry).
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # In the log as one JSON line, never in a response.
        log("ERROR", "request failed", client=client_address[0], exception=traceback.format_exc())


def main():
    server = Server((BIND_ADDRESS, PORT), Handler)
    log("INFO", "listening on %s:%d" % (BIND_ADDRESS, PORT), port=PORT, dependency_timeout_s=TIMEOUT, deep_health_timeout_s=DEEP_TIMEOUT,
        checks=[check.name for check in CHECKS if os.environ.get(check.variable)])
    server.serve_forever()


if __name__ == "__main__":
    main()
