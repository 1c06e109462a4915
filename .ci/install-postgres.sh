#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Installs Debian's PostgreSQL server and client for dosa's database tests. The tests never use the
# packaged cluster: each test session runs initdb into a temporary folder and starts its own server
# on a free loopback port (as the 'postgres' user the package creates, since CI runs as root).
# Idempotent; needs root (as CI runs).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v pg_dump >/dev/null && id postgres >/dev/null 2>&1; then
    ls -d /usr/lib/postgresql/*/bin/initdb
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
ls -d /usr/lib/postgresql/*/bin/initdb
