#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Installs a Java runtime for the Spark tests (PySpark 4 needs Java 17 or 21): Debian's
# default-jre-headless. Idempotent; needs root (as CI runs).
set -euo pipefail
if command -v java >/dev/null 2>&1; then
    java -version 2>&1 | head -1
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
java -version 2>&1 | head -1
