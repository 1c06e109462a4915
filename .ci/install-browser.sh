#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Installs what dosa's browser tests need: Debian's Chromium (browsers cannot be downloaded by
# Playwright here; the tests launch /usr/bin/chromium). Idempotent; needs root (as CI runs).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    /usr/bin/chromium --version
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
