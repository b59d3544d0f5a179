#!/usr/bin/env bash
# Installs what the sample app's tests and the boot script test need, when it is missing: the PostgreSQL and
# Redis servers (the tests start their own, on loopback), OpenSSL for their certificates, and shellcheck.
# Debian packages, installed as root (projen task install:servers, run by the test task).
set -euo pipefail
have() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null && command -v shellcheck >/dev/null \
    && command -v openssl >/dev/null
}
if have; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install postgresql, redis-server, shellcheck and openssl (Debian packages) first: this needs root" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server shellcheck openssl
