#!/usr/bin/env bash
# Installs Debian's Chromium for the web UI's browser tests (tests/Tether.Web.Tests), if missing.
# Playwright drives this browser; its own browser downloads are never used. Needs root or sudo, as on CI.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing chromium"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
