"""The sample app against real PostgreSQL, Redis and a Secrets Manager/S3 stand-in (conftest.py)."""
import socket
import ssl
import time

import psycopg2
import pytest

from conftest import BUCKET, DEPENDENCY_TIMEOUT, DEEP_HEALTH_TIMEOUT

# A hung store fails its check within its call timeouts (an AWS CLI call: twice the timeout), long before
# /health/deep's own deadline; the margin covers reading a secret on a loaded machine.
DEEP_BOUND = 2 * DEPENDENCY_TIMEOUT + 6


def secret_values(postgres, redis):
    return [postgres.password, redis.password, "not-" + redis.password]


def assert_no_secret(text, postgres, redis):
    for value in secret_values(postgres, redis):
        assert value not in text


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


def test_cache_with_a_wrong_password_is_503_naming_the_cache(start_app, moto, postgres, redis):
    app = start_app(CACHE_AUTH_SECRET_ARN=moto.wrong_cache_secret_arn)
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


def test_redis_over_tls_requires_the_password(redis, certificates):
    context = ssl.create_default_context(cafile=certificates.ca)
    with socket.create_connection(("127.0.0.1", redis.port), timeout=5) as raw, \
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.sendall(b"*1\r\n$4\r\nPING\r\n")
        assert tls.recv(64).startswith(b"-NOAUTH")
        password = redis.password.encode()
        tls.sendall(b"*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n" % (len(password), password))
        assert tls.recv(64) == b"+OK\r\n"


def test_the_app_verifies_the_cache_certificate(start_app, workdir):
    # Without the test CA the cache's certificate is not trusted: the check fails rather than talk to an unknown server.
    app = start_app(SSL_CERT_FILE="/dev/null", SSL_CERT_DIR="/nonexistent")
    status, body, raw = app.get_json("/health/deep")
    assert status == 503, raw
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"]["error"] == "SSLCertVerificationError"
