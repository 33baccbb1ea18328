#!/usr/bin/env bash
# Installs the real servers and tools the test suite runs against (Debian packages), if missing.
# Idempotent; needs root or passwordless sudo, as on CI.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v openssl >/dev/null || need+=(openssl)
# The PostgreSQL backend's tests run against a throwaway cluster (scripts/postgres.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The scanner's end-to-end test builds real Debian images (scripts/build-test-images.sh): debootstrap, and dpkg-deb,
# chroot and flock, which every Debian has.
[ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
# Version-ordering reference implementations for the differential tests (dpkg itself is on every Debian).
command -v dpkg >/dev/null || need+=(dpkg)
command -v rpm >/dev/null || need+=(rpm)
/usr/bin/python3 -c 'import rpm' 2>/dev/null || need+=(python3-rpm)
# Reference implementations the version-ordering differential tests run against
# (tests/Tether.Vulnerabilities.Tests/Versions/Language): node-semver runs on nodejs, Go's
# golang.org/x/mod/semver is the Debian-packaged module (GOPATH mode, offline), Gem::Version
# ships with ruby, pypa/packaging is the copy pip vendors (pip._vendor.packaging), Maven's
# ComparableVersion is Debian's maven-artifact jar, run as a single-file Java program (needs a JDK).
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v go >/dev/null || need+=(golang-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/semver ] || need+=(golang-golang-x-mod-dev)
command -v ruby >/dev/null || need+=(ruby)
command -v python3 >/dev/null || need+=(python3)
python3 -c 'import pip._vendor.packaging' 2>/dev/null || need+=(python3-pip)
command -v javac >/dev/null || need+=(default-jdk-headless)
[ -f /usr/share/java/maven-artifact-3.x.jar ] || need+=(libmaven3-core-java)

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing test dependencies: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# node-semver goes into a folder of ours (ignored by git), never globally; the version is pinned so
# the differential test compares against one known reference.
tools=".tether/test-tools/npm"
semver_version="7.7.2"
if [ "$(node -p "try{require('./$tools/node_modules/semver/package.json').version}catch{''}" 2>/dev/null)" != "$semver_version" ]; then
  echo "installing npm semver@$semver_version into $tools"
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --no-save --prefix "$tools" "semver@$semver_version" >/dev/null
fi
