"""Real servers on loopback for the sample app's tests, started from the machine's packages.

- PostgreSQL (initdb and pg_ctl from /usr/lib/postgresql/*/bin) with ssl=on, a generated certificate and a
  pg_hba.conf of `hostssl` lines only, so a plain-text connection is refused.
- Redis (redis-server) with `port 0` (no plain-text port), a `tls-port` and the users of WebAppCache: `default`
  disabled, and the app's user with the default access string of WebAppCache, whose `nopass` accepts any
  password (Redis cannot check an IAM authentication token: ElastiCache does).
- A relay in front of that Redis, over TLS too, that records the commands clients send: the app's AUTH, which
  Redis shows nowhere (MONITOR and the ACL log leave passwords out).
- moto in server mode (moto_server from requirements-dev.txt) standing in for Secrets Manager and S3, with
  the database secret as RDS writes it and the uploads bucket.

All of it lives in one temporary directory and is stopped at the end of the session. Machine prerequisites:
the Debian packages postgresql, redis-server and openssl; the venv of requirements-dev.txt.
"""
import contextlib
import glob
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest

SERVER_PY = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "assets", "sample-app", "server.py"))
VENV_BIN = os.path.dirname(sys.executable)
REGION = "us-east-1"
BUCKET = "webapp-uploads-test"
# As WebAppCache names them: the user (its ID and name) and the replication group (in upper case here: the token
# must name it in lower case, as ElastiCache keeps it).
CACHE_USER = "webapp-cache-a38a6b0f-1a2b3c4d-app"
CACHE_REPLICATION_GROUP_ID = "TestCacheGroup7XyZ"
# WebAppCache's default access string.
CACHE_ACCESS_STRING = ["on", "nopass", "~*", "+@all", "-@dangerous"]
# The test credentials of the app (moto accepts any).
ACCESS_KEY_ID = "testing"
SECRET_ACCESS_KEY = "testing"
# Short in tests, so that the timeout cases stay quick: each call 3 s (an AWS CLI call 6 s). /health/deep waits
# up to 20 s for the checks that do answer, so that a slow run of the AWS CLI on a loaded machine is no failure.
DEPENDENCY_TIMEOUT = 3
DEEP_HEALTH_TIMEOUT = 20


def _interrupt(signum, frame):
    raise KeyboardInterrupt("terminated")


# SIGTERM (a timeout of the jest wrapper) ends the run as Ctrl-C does: the fixtures still stop their servers.
signal.signal(signal.SIGTERM, _interrupt)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, what, timeout=30.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("%s: the process ended with exit code %s" % (what, process.returncode))
        try:
            if predicate():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise RuntimeError("%s did not come up within %g s" % (what, timeout))


def port_open(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def run(command, **kwargs):
    completed = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if completed.returncode != 0:
        raise RuntimeError("%s failed (%d): %s%s" % (" ".join(command), completed.returncode, completed.stdout, completed.stderr))
    return completed.stdout


def require(binary, package):
    if not shutil.which(binary) and not os.path.exists(binary):
        pytest.fail("%s is missing: install the Debian package %s (apt-get install -y %s)" % (binary, package, package), pytrace=False)


class Certificates:
    """A test CA and a server certificate for 127.0.0.1 and localhost, signed by it."""

    def __init__(self, directory):
        require("openssl", "openssl")
        self.ca = os.path.join(directory, "ca.pem")
        self.cert = os.path.join(directory, "server.pem")
        self.key = os.path.join(directory, "server.key")
        ca_key = os.path.join(directory, "ca.key")
        csr = os.path.join(directory, "server.csr")
        extensions = os.path.join(directory, "server.ext")
        with open(extensions, "w") as handle:
            handle.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                         "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", self.ca,
             "-days", "2", "-subj", "/CN=sample-app test CA"])
        run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key, "-out", csr, "-subj", "/CN=localhost"])
        run(["openssl", "x509", "-req", "-in", csr, "-CA", self.ca, "-CAkey", ca_key, "-CAcreateserial",
             "-out", self.cert, "-days", "2", "-extfile", extensions])


class Postgres:
    """A PostgreSQL server on 127.0.0.1 that takes TLS connections only."""

    def __init__(self, directory, certificates):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))
        if not bins:
            pytest.fail("PostgreSQL is missing: install the Debian package postgresql (apt-get install -y postgresql)", pytrace=False)
        self.bin = bins[-1]
        self.port = free_port()
        self.directory = os.path.join(directory, "postgres")
        self.data = os.path.join(self.directory, "data")
        self.password = "p@ss'w0rd-" + secrets.token_urlsafe(12)  # quotes and punctuation, as RDS may generate
        # PostgreSQL refuses to run as root: then it runs as the postgres user (or nobody).
        self.user = None
        if os.geteuid() == 0:
            names = [entry.pw_name for entry in pwd.getpwall()]
            self.user = "postgres" if "postgres" in names else "nobody"
        os.makedirs(self.directory, mode=0o700)
        key = os.path.join(self.directory, "server.key")
        cert = os.path.join(self.directory, "server.pem")
        shutil.copy(certificates.key, key)
        shutil.copy(certificates.cert, cert)
        os.chmod(key, 0o600)
        if self.user:
            entry = pwd.getpwnam(self.user)
            for path in (self.directory, key, cert):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._as_server_user([os.path.join(self.bin, "initdb"), "-D", self.data, "-U", "admin", "--auth=trust", "-E", "UTF8", "--no-sync"])
        with open(os.path.join(self.data, "postgresql.conf"), "a") as handle:
            handle.write("\nlisten_addresses = '127.0.0.1'\nport = %d\nunix_socket_directories = '%s'\n"
                         "ssl = on\nssl_cert_file = '%s'\nssl_key_file = '%s'\nfsync = off\n" % (self.port, self.directory, cert, key))
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as handle:
            # The Unix socket (this fixture's setup) trusts; TCP is TLS only, with a password.
            handle.write("local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n")
        self.start()
        escaped = self.password.replace("'", "''")
        self.sql("CREATE ROLE app LOGIN PASSWORD '%s'" % escaped)
        self.sql("CREATE DATABASE app OWNER app")

    def _as_server_user(self, command):
        kwargs = {"cwd": self.directory}
        if self.user:
            kwargs.update(user=self.user, group=pwd.getpwnam(self.user).pw_gid)
        return run(command, **kwargs)

    def sql(self, statement, database="postgres"):
        return self._as_server_user([os.path.join(self.bin, "psql"), "-h", self.directory, "-p", str(self.port), "-U", "admin",
                                     "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", statement])

    def start(self):
        self._as_server_user([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-l", os.path.join(self.directory, "log"),
                              "-w", "-t", "60", "start"])

    def stop(self):
        self._as_server_user([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop"])

    def running(self):
        return os.path.exists(os.path.join(self.data, "postmaster.pid"))


class Redis:
    """A Redis server on 127.0.0.1 with a TLS port only, its default user disabled and the app's user."""

    def __init__(self, directory, certificates):
        require("redis-server", "redis-server")
        self.port = free_port()
        self.directory = os.path.join(directory, "redis")
        os.makedirs(self.directory)
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", "0", "--tls-port", str(self.port),
             "--tls-cert-file", certificates.cert, "--tls-key-file", certificates.key, "--tls-ca-cert-file", certificates.ca,
             "--tls-auth-clients", "no", "--user", "default", "off", "-@all", "--user", CACHE_USER, *CACHE_ACCESS_STRING,
             "--save", "", "--appendonly", "no",
             "--dir", self.directory, "--daemonize", "no", "--logfile", os.path.join(self.directory, "log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: port_open(self.port), "redis-server", process=self.process)

    def stop(self):
        stop_process(self.process)


class CacheRelay:
    """A TLS endpoint that relays each command of a client to the Redis server and its reply back, one at a time
    (as the app talks), and keeps every command: a list of its parts, per connection."""

    def __init__(self, certificates, redis):
        self.redis_port = redis.port
        self.server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server_context.load_cert_chain(certificates.cert, certificates.key)
        self.client_context = ssl.create_default_context(cafile=certificates.ca)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def commands(self):
        with self.lock:
            return [list(connection) for connection in self.connections]

    def clear(self):
        with self.lock:
            self.connections.clear()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(connection,), daemon=True).start()

    def _relay(self, connection):
        commands = []
        with self.lock:
            self.connections.append(commands)
        try:
            connection.settimeout(10)
            with self.server_context.wrap_socket(connection, server_side=True) as client, \
                    socket.create_connection(("127.0.0.1", self.redis_port), timeout=10) as raw, \
                    self.client_context.wrap_socket(raw, server_hostname="127.0.0.1") as upstream:
                from_client, to_client = client.makefile("rb"), client.makefile("wb")
                from_redis, to_redis = upstream.makefile("rb"), upstream.makefile("wb")
                while True:
                    command, payload = self._read_command(from_client)
                    if command is None:
                        return
                    with self.lock:
                        commands.append(command)
                    to_redis.write(payload)
                    to_redis.flush()
                    to_client.write(self._read_reply(from_redis))
                    to_client.flush()
        except (OSError, ValueError):
            pass

    @staticmethod
    def _read_command(stream):
        """One command as a client sends it (a RESP array of bulk strings): its parts, and its bytes."""
        header = stream.readline()
        if not header:
            return None, b""
        payload, parts = bytearray(header), []
        for _ in range(int(header[1:])):
            length_line = stream.readline()
            data = stream.read(int(length_line[1:]) + 2)
            payload += length_line + data
            parts.append(data[:-2].decode())
        return parts, bytes(payload)

    @staticmethod
    def _read_reply(stream):
        """One reply of the kinds the app's commands get: a simple string, an error, or a bulk string."""
        line = stream.readline()
        if line.startswith(b"$") and int(line[1:]) >= 0:
            return line + stream.read(int(line[1:]) + 2)
        return line

    def close(self):
        self.listener.close()


class Moto:
    """moto's server standing in for Secrets Manager and S3, holding the app's secrets and bucket."""

    def __init__(self, directory, postgres):
        moto_server = os.path.join(VENV_BIN, "moto_server")
        if not os.path.exists(moto_server):
            pytest.fail("moto_server is missing: install requirements-dev.txt into .venv", pytrace=False)
        self.port = free_port()
        self.endpoint = "http://127.0.0.1:%d" % self.port
        self.log = open(os.path.join(directory, "moto.log"), "w")
        self.process = subprocess.Popen([moto_server, "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1).status == 200, "moto_server",
                 process=self.process)
        import boto3  # installed with moto

        self.session = boto3.session.Session(aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY, region_name=REGION)
        secretsmanager = self.client("secretsmanager")
        # As RDS writes a generated database secret.
        self.db_secret_arn = secretsmanager.create_secret(Name="webapp/database", SecretString=json.dumps({
            "engine": "postgres", "username": "app", "password": postgres.password,
            "host": "127.0.0.1", "port": postgres.port, "dbname": "app",
        }))["ARN"]
        # As WebAppTier generates the probe token.
        self.probe_token = secrets.token_hex(24)
        self.probe_secret_arn = secretsmanager.create_secret(Name="webapp/health-probe", SecretString=self.probe_token)["ARN"]
        self.client("s3").create_bucket(Bucket=BUCKET)

    def client(self, service):
        return self.session.client(service, endpoint_url=self.endpoint)

    def stop(self):
        stop_process(self.process)
        self.log.close()


class SilentServer:
    """Accepts TCP connections and never answers: a hung dependency."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)  # held open, never read or written

    def close(self):
        self.closed = True
        self.listener.close()
        for connection in self.connections:
            connection.close()


def stop_process(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def workdir():
    # Not under pytest's own temporary directory: that one is private to root, and PostgreSQL may run as another user.
    directory = tempfile.mkdtemp(prefix="sample-app-test-")
    os.chmod(directory, 0o711)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def certificates(workdir):
    return Certificates(workdir)


@pytest.fixture(scope="session")
def postgres(workdir, certificates):
    server = Postgres(workdir, certificates)
    yield server
    if server.running():
        server.stop()


@pytest.fixture(scope="session")
def redis(workdir, certificates):
    server = Redis(workdir, certificates)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cache_relay(certificates, redis):
    relay = CacheRelay(certificates, redis)
    yield relay
    relay.close()


@pytest.fixture(scope="session")
def moto(workdir, postgres):
    server = Moto(workdir, postgres)
    yield server
    server.stop()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


class App:
    """The sample app (assets/sample-app/server.py) as a process, with its JSON log lines."""

    def __init__(self, environment, home):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log_path = os.path.join(home, "app-%d.log" % self.port)
        self.log = open(self.log_path, "w")
        environment = dict(environment, APP_PORT=str(self.port))
        self.process = subprocess.Popen([sys.executable, SERVER_PY], env=environment, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: self.get("/health")[0] == 200, "the sample app", process=self.process)

    def get(self, path, timeout=60, headers=None, remote=False):
        """GET path; remote=True connects from 127.0.0.2, as the load balancer does from an address of its own (not loopback to the app)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=("127.0.0.2", 0) if remote else None)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode(), dict(response.headers)
        finally:
            connection.close()

    def get_json(self, path, timeout=60, headers=None, remote=False):
        status, body, headers = self.get(path, timeout, headers, remote)
        assert headers["Content-Type"] == "application/json"
        return status, json.loads(body), body

    def log_text(self):
        self.log.flush()
        with open(self.log_path) as handle:
            return handle.read()

    def log_records(self):
        return [json.loads(line) for line in self.log_text().splitlines() if line.strip()]

    def stop(self):
        stop_process(self.process)
        self.log.close()


@pytest.fixture(scope="session")
def app_environment(workdir, certificates, postgres, redis, moto):
    """The environment the boot script renders into /etc/webapp/webapp.env, plus the test-only overrides."""
    home = os.path.join(workdir, "home")
    os.makedirs(home, exist_ok=True)
    return {
        # What the boot script writes to webapp.env.
        "APP_NAME": "sample-app-test",
        "HEALTH_CHECK_PATH": "/health",
        "AWS_REGION": REGION,
        "DB_ENGINE": "postgres",
        "DB_HOST": "127.0.0.1",
        "DB_READER_HOST": "127.0.0.1",
        "DB_PORT": str(postgres.port),
        "DB_NAME": "app",
        "DB_SECRET_ARN": moto.db_secret_arn,
        "CACHE_HOST": "127.0.0.1",
        "CACHE_PORT": str(redis.port),
        "CACHE_USER": CACHE_USER,
        "CACHE_REPLICATION_GROUP_ID": CACHE_REPLICATION_GROUP_ID,
        "UPLOADS_BUCKET": BUCKET,
        "DEPENDENCY_TIMEOUT_SECONDS": str(DEPENDENCY_TIMEOUT),
        "DEEP_HEALTH_TIMEOUT_SECONDS": str(DEEP_HEALTH_TIMEOUT),
        "HEALTH_PROBE_SECRET_ARN": moto.probe_secret_arn,
        # Each test's call runs its own round (the production default reuses a result for 5 s: tested on its own).
        "DEEP_HEALTH_REUSE_SECONDS": "0",
        # What webapp.service sets.
        "HOME": home,
        "PATH": VENV_BIN + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),  # the AWS CLI of the venv
        # Test-only, standard variables (see server.py's docstring): never set in production.
        "APP_BIND_ADDRESS": "127.0.0.1",
        "AWS_ENDPOINT_URL": moto.endpoint,
        "SSL_CERT_FILE": certificates.ca,
        "PGSSLROOTCERT": certificates.ca,
        # Credentials for moto and for the cache's token; no file or instance metadata of this machine is read.
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "AWS_CONFIG_FILE": os.path.join(home, "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def start_app(app_environment, workdir):
    """Starts the sample app with the test environment, changed by keyword arguments (None removes a variable)."""
    started = []

    def start(**changes):
        environment = dict(app_environment)
        for name, value in changes.items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = str(value)
        app = App(environment, app_environment["HOME"])
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


@pytest.fixture(scope="session")
def app(app_environment, workdir):
    """One sample app for the tests that leave the environment as it is."""
    with contextlib.ExitStack() as stack:
        instance = App(app_environment, app_environment["HOME"])
        stack.callback(instance.stop)
        yield instance
