#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Installs Knot DNS (the authoritative server knotd, Debian package knot) for the tests of
# `dosa observe domains`: they serve fictitious zones on 127.0.0.1 from a free port. Idempotent;
# needs root (as CI runs). apt runs under /tmp/apt.lock, as other installers may run at the same time.
set -euo pipefail
knotd_path() { command -v knotd 2>/dev/null || { [ -x /usr/sbin/knotd ] && echo /usr/sbin/knotd; } || true; }
if [ -n "$(knotd_path)" ]; then
    "$(knotd_path)" --version 2>&1 | head -1
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
flock /tmp/apt.lock apt-get update -qq
flock /tmp/apt.lock apt-get install -y -qq --no-install-recommends knot >/dev/null
"$(knotd_path)" --version 2>&1 | head -1
