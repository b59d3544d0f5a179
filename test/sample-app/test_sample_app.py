"""The sample app against real PostgreSQL, Redis and a Secrets Manager/S3 stand-in (conftest.py)."""
import datetime
import hashlib
import hmac
import re
import socket
import ssl
import threading
import time
import urllib.parse

import psycopg2
import pytest

from conftest import (ACCESS_KEY_ID, BUCKET, CACHE_REPLICATION_GROUP_ID, CACHE_USER, DEEP_HEALTH_TIMEOUT, DEPENDENCY_TIMEOUT, REGION,
                      SECRET_ACCESS_KEY)

# A hung store fails its check within its call timeouts (an AWS CLI call: twice the timeout), long before
# /health/deep's own deadline; the margin covers reading a secret on a loaded machine.
DEEP_BOUND = 2 * DEPENDENCY_TIMEOUT + 6


# A signature of a request: what makes an IAM authentication token usable while it lasts.
SIGNATURE = re.compile(r"X-Amz-Signature=[0-9a-f]{64}")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def assert_no_secret(text, postgres, redis):
    assert postgres.password not in text
    assert not SIGNATURE.search(text)


def sign(key, message):
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def expected_signature(host, query, secret_access_key):
    """SigV4 of a presigned GET of `/` on `host` (RFC 3986 encoding, the query but its signature sorted, the host
    header signed, the SHA-256 of an empty payload), recomputed here to check the app's token."""
    canonical_query = "&".join("%s=%s" % (urllib.parse.quote(name, safe="-_.~"), urllib.parse.quote(value, safe="-_.~"))
                               for name, value in sorted(query.items()) if name != "X-Amz-Signature")
    canonical_request = "\n".join(["GET", "/", canonical_query, "host:" + host, "", "host", EMPTY_SHA256])
    timestamp = query["X-Amz-Date"]
    scope = query["X-Amz-Credential"].split("/", 1)[1]
    to_sign = "\n".join(["AWS4-HMAC-SHA256", timestamp, scope, hashlib.sha256(canonical_request.encode()).hexdigest()])
    key = ("AWS4" + secret_access_key).encode()
    for part in scope.split("/"):
        key = sign(key, part)
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def auth_of_one_check(cache_relay):
    """The commands of the one connection that a /health/deep check made through the relay, and the parts of its AUTH."""
    connections = cache_relay.commands()
    assert len(connections) == 1, connections
    commands = connections[0]
    assert [command[0] for command in commands] == ["AUTH", "SET", "GET"]
    assert len(commands[0]) == 3, "AUTH without a user name"
    return commands, commands[0][1], commands[0][2]


def parse_token(token):
    """An IAM authentication token is a presigned URL without its scheme: host, path and query."""
    assert "://" not in token
    url = urllib.parse.urlsplit("https://" + token)
    query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True, strict_parsing=True))
    return url, query


def test_health_answers_200(app):
    status, body, headers = app.get("/health")
    assert status == 200
    assert body == '{"status": "ok"}'
    assert headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-store"


def test_other_paths_answer_a_page(app):
    status, body, headers = app.get("/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "sample-app-test" in body


def test_deep_health_all_up_is_200_naming_each_store(app, moto, postgres, redis):
    status, body, raw = app.get_json("/health/deep")
    assert status == 200, raw
    assert body["status"] == "ok"
    assert list(body["checks"]) == ["database", "cache", "uploads"]
    for name in ("database", "cache", "uploads"):
        assert body["checks"][name]["status"] == "ok"
        assert isinstance(body["checks"][name]["ms"], int)
    assert "failed" not in body
    # The probe object was deleted again.
    assert moto.client("s3").list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0
    assert_no_secret(raw + app.log_text(), postgres, redis)


def test_deep_health_leaves_no_row_in_the_database(app, postgres):
    status, _, raw = app.get_json("/health/deep")
    assert status == 200, raw
    count = postgres.sql("SELECT count(*) FROM health_check", database="app")
    assert count.strip() == "0"


def test_logs_are_json_lines(app):
    before = len([record for record in app.log_records() if record.get("path") == "/health"])
    app.get("/health")
    app.get("/health/deep")
    records = app.log_records()
    # One line per request.
    assert len([record for record in records if record.get("path") == "/health"]) == before + 1
    assert records, "the app logged nothing"
    for record in records:
        assert {"time", "level", "message"} <= set(record)
    started = [record for record in records if record["message"].startswith("listening on")]
    assert started and started[0]["checks"] == ["database", "cache", "uploads"]
    requests = [record for record in records if record.get("path") == "/health/deep"]
    assert requests and requests[-1]["method"] == "GET" and requests[-1]["status"] in (200, 503)
    assert isinstance(requests[-1]["ms"], int)


def test_database_stopped_is_503_naming_the_database_while_health_stays_200(app, postgres, redis):
    postgres.stop()
    try:
        started = time.monotonic()
        status, body, raw = app.get_json("/health/deep")
        elapsed = time.monotonic() - started
        assert status == 503, raw
        assert body["status"] == "failing"
        assert body["failed"] == ["database"]
        assert body["checks"]["database"]["status"] == "failed"
        assert body["checks"]["cache"]["status"] == "ok"
        assert body["checks"]["uploads"]["status"] == "ok"
        assert elapsed < DEEP_HEALTH_TIMEOUT + 2
        assert app.get_json("/health")[0] == 200
        # No secret and no stack trace in the answer; the reason is in the log, as JSON.
        assert_no_secret(raw, postgres, redis)
        assert "Traceback" not in raw and "127.0.0.1" not in raw
        errors = [record for record in app.log_records() if record["level"] == "ERROR" and record.get("check") == "database"]
        assert errors and "refused" in errors[-1]["message"].lower()
        assert_no_secret(app.log_text(), postgres, redis)
    finally:
        postgres.start()
    status, _, raw = app.get_json("/health/deep")
    assert status == 200, raw


def test_the_cache_check_signs_in_with_an_iam_authentication_token(start_app, cache_relay, postgres, redis):
    app = start_app(CACHE_PORT=cache_relay.port)
    cache_relay.clear()
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    status, body, raw = app.get_json("/health/deep")
    assert status == 200, raw
    commands, user, token = auth_of_one_check(cache_relay)
    assert user == CACHE_USER
    url, query = parse_token(token)
    # The host is the replication group in lower case, the path /, and the action connect for the user.
    assert url.netloc == CACHE_REPLICATION_GROUP_ID.lower()
    assert url.path == "/"
    assert query["Action"] == "connect"
    assert query["User"] == CACHE_USER
    # A SigV4 presigned request of the service elasticache in the app's Region, valid for 900 s, signed now.
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "900"
    assert query["X-Amz-SignedHeaders"] == "host"
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    assert before - datetime.timedelta(seconds=5) <= signed_at <= datetime.datetime.now(datetime.timezone.utc)
    assert query["X-Amz-Credential"] == "%s/%s/%s/elasticache/aws4_request" % (ACCESS_KEY_ID, signed_at.strftime("%Y%m%d"), REGION)
    assert "X-Amz-Security-Token" not in query
    assert query["X-Amz-Signature"] == expected_signature(url.netloc, query, SECRET_ACCESS_KEY)
    # The check's own key, written and read back as that user.
    assert commands[1][0:1] + commands[1][3:] == ["SET", "EX", "60"] and commands[2] == ["GET", commands[1][1]]
    # The token is no secret to keep (it expires in 15 minutes), but it shows neither in the answer nor in the log.
    assert token not in raw + app.log_text()
    assert_no_secret(raw + app.log_text(), postgres, redis)


def test_the_cache_token_carries_the_session_token_of_temporary_credentials(start_app, cache_relay):
    # As the instance role's credentials do.
    app = start_app(CACHE_PORT=cache_relay.port, AWS_SESSION_TOKEN="session/token+of=the-role", DB_HOST=None, UPLOADS_BUCKET=None)
    cache_relay.clear()
    status, _, raw = app.get_json("/health/deep")
    assert status == 200, raw
    _, _, token = auth_of_one_check(cache_relay)
    url, query = parse_token(token)
    assert query["X-Amz-Security-Token"] == "session/token+of=the-role"
    assert query["X-Amz-Signature"] == expected_signature(url.netloc, query, SECRET_ACCESS_KEY)


def test_cache_with_an_unknown_user_is_503_naming_the_cache(start_app, postgres, redis):
    app = start_app(CACHE_USER="another-user")
    status, body, raw = app.get_json("/health/deep")
    assert status == 503, raw
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"] == {"status": "failed", "error": "DependencyError", "ms": body["checks"]["cache"]["ms"]}
    assert body["checks"]["database"]["status"] == "ok"
    assert_no_secret(raw + app.log_text(), postgres, redis)
    errors = [record for record in app.log_records() if record.get("check") == "cache"]
    assert errors and "WRONGPASS" in errors[-1]["message"]


def test_missing_secret_is_503_naming_the_database(start_app, postgres, redis):
    app = start_app(DB_SECRET_ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:does-not-exist-AbCdEf")
    status, body, raw = app.get_json("/health/deep")
    assert status == 503, raw
    assert body["failed"] == ["database"]
    assert "ResourceNotFound" in [r for r in app.log_records() if r.get("check") == "database"][-1]["message"]


@pytest.mark.parametrize("store, changes", [
    ("database", lambda port: {"DB_PORT": port}),
    ("cache", lambda port: {"CACHE_PORT": port}),
    ("uploads", lambda port: {"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:%d" % port}),
])
def test_a_store_that_never_answers_is_503_within_the_timeout(start_app, silent_server, store, changes):
    app = start_app(**changes(silent_server.port))
    started = time.monotonic()
    status, body, raw = app.get_json("/health/deep", timeout=DEEP_BOUND + 30)
    elapsed = time.monotonic() - started
    assert status == 503, raw
    assert body["failed"] == [store]
    assert body["checks"][store]["status"] == "timed out"
    assert silent_server.connections, "the app never connected to the silent server"
    assert elapsed < min(DEEP_BOUND, DEEP_HEALTH_TIMEOUT), "answered after %.1f s" % elapsed
    # The app is still serving.
    assert app.get_json("/health")[0] == 200


def test_a_check_that_outlives_the_deadline_is_not_started_again(start_app, silent_server):
    # The deadline far shorter than the call timeouts: the cache check still hangs when /health/deep answers.
    app = start_app(CACHE_PORT=silent_server.port, DEPENDENCY_TIMEOUT_SECONDS=30, DEEP_HEALTH_TIMEOUT_SECONDS=1,
                    DB_HOST=None, UPLOADS_BUCKET=None)
    started = time.monotonic()
    status, body, raw = app.get_json("/health/deep")
    assert time.monotonic() - started < 5
    assert status == 503 and body["checks"]["cache"]["status"] == "timed out", raw
    deadline = time.monotonic() + 20
    while not silent_server.connections and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(silent_server.connections) == 1, "the first check never reached the silent server"
    status, body, raw = app.get_json("/health/deep")
    assert status == 503, raw
    assert body["checks"]["cache"] == {"status": "timed out", "error": "the previous check has not ended"}, raw
    time.sleep(0.5)
    assert len(silent_server.connections) == 1


def test_postgres_refuses_plain_text(postgres):
    with pytest.raises(psycopg2.OperationalError, match="no encryption"):
        psycopg2.connect(host="127.0.0.1", port=postgres.port, user="app", password=postgres.password, dbname="app",
                         sslmode="disable", connect_timeout=5)


def test_postgres_accepts_tls_with_the_test_ca(postgres, certificates):
    connection = psycopg2.connect(host="127.0.0.1", port=postgres.port, user="app", password=postgres.password, dbname="app",
                                  sslmode="verify-full", sslrootcert=certificates.ca, connect_timeout=5)
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        assert cursor.fetchone() == (True,)
    finally:
        connection.close()


def test_redis_refuses_plain_text(redis):
    with socket.create_connection(("127.0.0.1", redis.port), timeout=5) as connection:
        connection.sendall(b"*1\r\n$4\r\nPING\r\n")
        try:
            reply = connection.recv(64)
        except (ConnectionResetError, socket.timeout):
            reply = b""
    assert b"PONG" not in reply and not reply.startswith(b"-NOAUTH")


def resp(*parts):
    return b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(part), part) for part in parts)


def test_redis_over_tls_admits_only_the_app_user_as_webappcache_does(redis, certificates):
    context = ssl.create_default_context(cafile=certificates.ca)
    with socket.create_connection(("127.0.0.1", redis.port), timeout=5) as raw, \
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.sendall(resp(b"PING"))
        assert tls.recv(64).startswith(b"-NOAUTH")
        # The default user is off, with a password or without.
        tls.sendall(resp(b"AUTH", b"any-password"))
        assert tls.recv(128).startswith(b"-WRONGPASS")
        tls.sendall(resp(b"AUTH", b"default", b"any-password"))
        assert tls.recv(128).startswith(b"-WRONGPASS")
        tls.sendall(resp(b"AUTH", CACHE_USER.encode(), b"any-token"))
        assert tls.recv(64) == b"+OK\r\n"
        # The app's user runs no dangerous command.
        tls.sendall(resp(b"KEYS", b"*"))
        assert tls.recv(128).startswith(b"-NOPERM")


def test_the_app_verifies_the_cache_certificate(start_app, workdir):
    # Without the test CA the cache's certificate is not trusted: the check fails rather than talk to an unknown server.
    app = start_app(SSL_CERT_FILE="/dev/null", SSL_CERT_DIR="/nonexistent")
    status, body, raw = app.get_json("/health/deep")
    assert status == 503, raw
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"]["error"] == "SSLCertVerificationError"


# ---- /health/deep is for probes: the load balancer's side needs the probe token; loopback is the instance itself ----

def probe(moto):
    return {"X-Health-Probe": moto.probe_token}


@pytest.mark.parametrize("headers", [{}, {"X-Health-Probe": ""}, {"X-Health-Probe": "not-the-token"}, {"X-Origin-Verify": "x"}])
def test_deep_health_through_the_load_balancer_without_the_token_is_403_and_checks_nothing(start_app, silent_server, headers):
    # Every store points at the silent server: a check that ran would leave a connection there.
    app = start_app(DB_PORT=silent_server.port, CACHE_PORT=silent_server.port,
                    AWS_ENDPOINT_URL_S3="http://127.0.0.1:%d" % silent_server.port)
    status, body, raw = app.get_json("/health/deep", headers=headers, remote=True, timeout=10)
    assert status == 403, raw
    assert body["status"] == "forbidden"
    assert "checks" not in body and "database" not in raw and "cache" not in raw
    time.sleep(0.3)
    assert silent_server.connections == []
    # The load balancer's own check is not affected.
    assert app.get_json("/health", remote=True)[0] == 200


def test_deep_health_through_the_load_balancer_with_the_token_runs_the_checks(app, moto):
    status, body, raw = app.get_json("/health/deep", headers=probe(moto), remote=True)
    assert status == 200, raw
    assert {name: check["status"] for name, check in body["checks"].items()} == {"database": "ok", "cache": "ok", "uploads": "ok"}
    assert moto.probe_token not in app.log_text()


def test_deep_health_from_the_instance_itself_needs_no_token(app):
    assert app.get_json("/health/deep")[0] == 200


def test_without_a_probe_secret_only_the_instance_itself_may_run_the_deep_check(start_app, moto):
    app = start_app(HEALTH_PROBE_SECRET_ARN=None)
    assert app.get_json("/health/deep", headers=probe(moto), remote=True)[0] == 403
    assert app.get_json("/health/deep")[0] == 200


def test_the_probe_token_is_read_once_and_kept_not_read_per_request(start_app, moto):
    secret = moto.client("secretsmanager").create_secret(Name="webapp/health-probe-kept", SecretString="first-token-value")["ARN"]
    app = start_app(HEALTH_PROBE_SECRET_ARN=secret)
    assert app.get_json("/health/deep", headers={"X-Health-Probe": "first-token-value"}, remote=True)[0] == 200
    moto.client("secretsmanager").put_secret_value(SecretId=secret, SecretString="second-token-value")
    # Still the value read first (kept for 5 minutes): no Secrets Manager call per request, whatever callers send.
    assert app.get_json("/health/deep", headers={"X-Health-Probe": "second-token-value"}, remote=True)[0] == 403
    assert app.get_json("/health/deep", headers={"X-Health-Probe": "first-token-value"}, remote=True)[0] == 200
    assert "first-token-value" not in app.log_text()


def test_an_unreadable_probe_secret_refuses_probes_and_logs_it(start_app, moto):
    app = start_app(HEALTH_PROBE_SECRET_ARN=moto.probe_secret_arn + "-missing")
    assert app.get_json("/health/deep", headers=probe(moto), remote=True)[0] == 403
    assert [r for r in app.log_records() if "probe token could not be read" in r.get("message", "")]


def test_a_deep_result_is_reused_for_a_few_seconds(start_app):
    app = start_app(DEEP_HEALTH_REUSE_SECONDS=60)
    first_status, first, _ = app.get_json("/health/deep")
    time.sleep(0.2)
    second_status, second, _ = app.get_json("/health/deep")
    assert first_status == second_status == 200
    assert first["age_ms"] == 0 and second["age_ms"] >= 100
    # The first round's result (its durations too), not a second round.
    assert second["checks"] == first["checks"]


def test_under_a_flood_of_deep_checks_against_a_hung_store_one_check_runs_and_health_stays_up(start_app, silent_server, moto):
    # 600 deep checks at concurrency 100 while the cache hangs (each call could take 30 s), and /health beside them:
    # the coalesced deep check calls the cache once, every deep check answers 503 naming it, /health answers 200 throughout.
    app = start_app(CACHE_PORT=silent_server.port, DEPENDENCY_TIMEOUT_SECONDS=30, DEEP_HEALTH_TIMEOUT_SECONDS=2,
                    DEEP_HEALTH_REUSE_SECONDS=60, DB_HOST=None, UPLOADS_BUCKET=None)
    from concurrent.futures import ThreadPoolExecutor

    def deep(_):
        status, body, _raw = app.get_json("/health/deep", headers=probe(moto), remote=True, timeout=30)
        return status, body.get("failed")

    health = []
    stop = threading.Event()

    def shallow():
        while not stop.is_set():
            health.append(app.get("/health", timeout=5, remote=True)[0])

    watcher = threading.Thread(target=shallow)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=100) as pool:
            answers = list(pool.map(deep, range(600)))
    finally:
        stop.set()
        watcher.join()
    assert answers == [(503, ["cache"])] * 600
    assert len(silent_server.connections) == 1, "the cache was called %d times" % len(silent_server.connections)
    assert health and set(health) == {200}, health[:20]
