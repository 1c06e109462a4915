#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Installs the real OpenID Connect provider dosa's sign-in tests start on loopback: the certified
# `oidc-provider` package from the npm registry (tests/oidc/package.json, locked by its package-lock.json),
# run by Debian's Node.js. Idempotent; needs root for apt (as CI runs).
set -euo pipefail
cd "$(dirname "$0")/../tests/oidc"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -f node_modules/oidc-provider/package.json ]; then
    npm ci --no-audit --no-fund --silent
fi
node -e "console.log('oidc-provider', require('./node_modules/oidc-provider/package.json').version)"
