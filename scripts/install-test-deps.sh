#!/usr/bin/env bash
# Installs the real servers and tools the test suite runs against (Debian packages), if missing.
# Idempotent; needs root or passwordless sudo, as on CI.
set -euo pipefail

need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v openssl >/dev/null || need+=(openssl)
# Version-ordering reference implementations for the differential tests (dpkg itself is on every Debian).
command -v dpkg >/dev/null || need+=(dpkg)
command -v rpm >/dev/null || need+=(rpm)
/usr/bin/python3 -c 'import rpm' 2>/dev/null || need+=(python3-rpm)

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing test dependencies: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
