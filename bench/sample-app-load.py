#!/usr/bin/env python3
"""Load benchmark of the sample app's health checks: `npx projen bench:sample-app` (or .venv/bin/python bench/sample-app-load.py).

Starts assets/sample-app/server.py on loopback with its cache pointing at a TCP server that accepts connections and
never answers (a hung dependency), then sends BENCH_DEEP (default 600) deep checks at a concurrency of BENCH_CONCURRENCY
(default 100), with the probe token, from another loopback address (as the load balancer does), while one client calls
/health in a loop. Prints the latency percentiles of both, the status codes, and how many times the hung cache was
called (coalescing: one round of checks at a time, its result reused). Figures, not a test: the pass/fail version of the
same scenario is test/sample-app/test_sample_app.py's flood test.

Needs the Python of .venv (requirements-dev.txt: botocore, which the app uses to sign the cache token). No Secrets
Manager: a stand-in `aws` command on PATH prints the probe token.
"""
import http.client
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SERVER_PY = os.path.join(ROOT, "assets", "sample-app", "server.py")
DEEP = int(os.environ.get("BENCH_DEEP", "600"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "100"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Silent:
    """Accepts TCP connections and never answers."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.listener.accept()[0])
            except OSError:
                return


def get(port, path, headers, timeout):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=("127.0.0.2", 0))
    started = time.monotonic()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, (time.monotonic() - started) * 1000
    except OSError as error:
        return type(error).__name__, (time.monotonic() - started) * 1000
    finally:
        connection.close()


def percentiles(values):
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)" % (
        statistics.median(ordered), pick(0.95), pick(0.99), ordered[-1], len(ordered))


def main():
    work = tempfile.mkdtemp(prefix="sample-app-bench-")
    token = secrets.token_hex(24)
    # A stand-in for `aws secretsmanager get-secret-value ... --query SecretString`: prints the token.
    fake_aws = os.path.join(work, "aws")
    with open(fake_aws, "w") as handle:
        handle.write("#!/bin/sh\necho %s\n" % token)
    os.chmod(fake_aws, 0o755)
    silent = Silent()
    port = free_port()
    environment = {
        "PATH": work + os.pathsep + os.path.dirname(sys.executable) + os.pathsep + "/usr/bin:/bin",
        "HOME": work,
        "APP_PORT": str(port),
        "APP_BIND_ADDRESS": "127.0.0.1",
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_EC2_METADATA_DISABLED": "true",
        "CACHE_HOST": "127.0.0.1",
        "CACHE_PORT": str(silent.port),
        "CACHE_USER": "bench-user",
        "CACHE_REPLICATION_GROUP_ID": "bench-group",
        "HEALTH_PROBE_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench",
        "DEPENDENCY_TIMEOUT_SECONDS": "30",
        "DEEP_HEALTH_TIMEOUT_SECONDS": "2",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    app = subprocess.Popen([sys.executable, SERVER_PY], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while get(port, "/health", {}, 1)[0] != 200:
            if time.monotonic() > deadline:
                raise SystemExit("the sample app did not start")
            time.sleep(0.1)
        shallow = []
        stop = threading.Event()

        def loop():
            while not stop.is_set():
                shallow.append(get(port, "/health", {}, 10))

        watcher = threading.Thread(target=loop)
        watcher.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            deep = list(pool.map(lambda _: get(port, "/health/deep", {"X-Health-Probe": token}, 60), range(DEEP)))
        elapsed = time.monotonic() - started
        stop.set()
        watcher.join()
        refused = get(port, "/health/deep", {}, 10)
    finally:
        app.terminate()
        app.wait()
        shutil.rmtree(work, ignore_errors=True)

    count = lambda answers: {status: sum(1 for s, _ in answers if s == status) for status in sorted({s for s, _ in answers}, key=str)}  # noqa: E731
    print("# Sample app under a flood of deep health checks (hung cache)")
    print()
    print("- %d deep checks at concurrency %d in %.1f s; statuses %s" % (DEEP, CONCURRENCY, elapsed, count(deep)))
    print("- deep check latency: %s" % percentiles([ms for _, ms in deep]))
    print("- /health meanwhile: %s; statuses %s" % (percentiles([ms for _, ms in shallow]), count(shallow)))
    print("- calls to the hung cache: %d (one round of checks at a time, its result reused for 5 s)" % len(silent.connections))
    print("- a deep check without the probe token: %s in %.1f ms" % refused)


if __name__ == "__main__":
    main()
