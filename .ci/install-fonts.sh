#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Installs a fallback font that covers CJK and emoji (GNU Unifont, Debian's fonts-unifont), so the
# PDF font-fallback tests run against a real font. Idempotent; needs root (as CI runs).
set -euo pipefail
if [ -f /usr/share/fonts/opentype/unifont/unifont.otf ] && [ -f /usr/share/fonts/opentype/unifont/unifont_upper.otf ]; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends fonts-unifont >/dev/null
ls /usr/share/fonts/opentype/unifont/
