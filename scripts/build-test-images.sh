#!/usr/bin/env bash
# Builds small real Debian 12 images from real packages for the scanner's end-to-end test, without a container daemon:
#   scripts/build-test-images.sh [OUTDIR]        (default .tether/test-images)
# Writes OUTDIR/layout (an OCI layout with three tags), OUTDIR/roots/TAG/var/lib/dpkg (the dpkg database of each
# image's root filesystem, the ground truth for dpkg-query) and OUTDIR/images.json (versions, tags, layers and the packages each layer installed).
#   openssl-old: 1 debootstrap --variant=minbase bookworm   2 busybox   3 openssl + libssl3 as in bookworm
#   openssl-new: the same three layers, then 4 openssl + libssl3 upgraded to bookworm-security's version
#   busybox-removed: layers 1 and 2, then 3 apt-get purge busybox (whiteouts for its files)
#   app: openssl-old as its base image, then a Node.js application's steps: ENV and WORKDIR (history entries without a
#        layer), 4 COPY package.json ./, 5 RUN npm ci (node_modules/lodash at a vulnerable version); OUTDIR/app holds
#        its Dockerfile
# Cached: does nothing when OUTDIR holds a build made by this same script (hash of it and its helper); downloaded
# packages are kept in OUTDIR/cache either way. Needs root (debootstrap and apt-get install run in a chroot),
# debootstrap, and apt's lists (apt-get update) for bookworm and bookworm-security.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../.tether/test-images}")
mkdir -p "$out"

stamp=$(cat "$here/build-test-images.sh" "$here/test-images-oci.py" | sha256sum | cut -d' ' -f1)
exec 9>"$out/.lock"
flock 9
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] && [ -f "$out/images.json" ]; then
  echo "test images are up to date in $out"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "build-test-images.sh needs root: debootstrap and apt-get install run in a chroot (run it with sudo once; later runs use the cache)" >&2
  exit 1
fi
[ -x /usr/sbin/debootstrap ] || { echo "debootstrap is missing: run scripts/install-test-deps.sh" >&2; exit 1; }
# Both ends of the upgrade come from apt's lists: refresh them once if they do not know bookworm-security's openssl.
if ! apt-cache madison openssl | grep -q ' bookworm-security/main '; then
  apt-get update -qq
fi

# The version of PACKAGE that apt's lists give for SUITE (bookworm, bookworm-security); the build needs both ends.
version_in() {
  local package=$1 suite=$2 version
  version=$(apt-cache madison "$package" | awk -F'|' -v s=" $suite/main " 'index($3, s) { gsub(/ /, "", $2); print $2; exit }')
  if [ -z "$version" ]; then
    echo "apt knows no $package in $suite: run apt-get update (the apt sources must list bookworm and bookworm-security)" >&2
    exit 1
  fi
  echo "$version"
}
openssl_old=$(version_in openssl bookworm)
openssl_new=$(version_in openssl bookworm-security)
busybox=$(version_in busybox bookworm)
if dpkg --compare-versions "$openssl_new" le "$openssl_old"; then
  echo "bookworm-security's openssl ($openssl_new) is not newer than bookworm's ($openssl_old): nothing to upgrade" >&2
  exit 1
fi
# The mirror apt uses for bookworm itself, so debootstrap fetches from where the machine's packages come from.
mirror=$(apt-get indextargets --format '$(CODENAME) $(BASE_URI)' | awk '$1 == "bookworm" { sub(/dists\/bookworm\/$/, "", $2); print $2; exit }')
mirror=${mirror:-http://deb.debian.org/debian/}

started=$(date +%s)
cache="$out/cache"
debs="$cache/debs"
work="$out/work"
mkdir -p "$cache/debootstrap" "$debs"
rm -rf "$work" "$out/layout" "$out/roots" "$out/images.json" "$out/stamp"
mkdir -p "$work"

# The .deb file apt-get download writes for NAME=VERSION (an epoch's colon is written %3a), downloaded once.
deb_file() {
  local name=$1 version=$2 file
  file="$debs/${name}_${version//:/%3a}_amd64.deb"
  if [ ! -f "$file" ]; then
    (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$name=$version" >/dev/null)
  fi
  echo "$file"
}

echo "debootstrap --variant=minbase bookworm $mirror"
# Two stages, so dpkg in the second one can skip fsync per unpacked file (force-unsafe-io, as Debian's container image
# builds do): it halves the time, and a crash mid-build only costs a rebuild. The setting is removed afterwards.
{
  debootstrap --foreign --variant=minbase --cache-dir="$cache/debootstrap" bookworm "$work/base" "$mirror" &&
    mkdir -p "$work/base/etc/dpkg/dpkg.cfg.d" &&
    echo force-unsafe-io >"$work/base/etc/dpkg/dpkg.cfg.d/tether-build-unsafe-io" &&
    chroot "$work/base" /debootstrap/debootstrap --second-stage
} >"$work/debootstrap.log" 2>&1 || {
  tail -30 "$work/debootstrap.log" >&2
  exit 1
}
rm "$work/base/etc/dpkg/dpkg.cfg.d/tether-build-unsafe-io"
# As Debian's own images: no package lists or downloaded archives left in the image.
rm -rf "$work/base/var/lib/apt/lists/"* "$work/base/var/cache/apt/archives/"*.deb "$work/base/var/cache/apt/"*.bin
base_step="debootstrap --variant=minbase bookworm $mirror"

# in_root ROOT COMMAND...: runs COMMAND chrooted in ROOT, as a Dockerfile's RUN would; its output goes to ROOT.log.
in_root() {
  local root=$1
  shift
  chroot "$root" env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@" >"$root.log" 2>&1 || {
    cat "$root.log" >&2
    exit 1
  }
  rm -rf "$root/var/cache/apt/"*.bin
}

# dpkg_state ROOT PACKAGE: "installed VERSION" when dpkg in ROOT has PACKAGE installed, "not-installed " once purged.
dpkg_state() {
  dpkg-query --admindir="$1/var/lib/dpkg" -W -f '${db:Status-Status} ${Version}' "$2" 2>/dev/null || true
}

# install_debs FROM TO DEB...: TO is a copy of the root FROM with the .debs installed by apt-get inside it; prints the step.
# A .deb is copied in as NAME_VERSION_ARCH.deb without the epoch: apt takes a colon in a path for an architecture
# qualifier and then installs nothing, without an error. Each package is checked in TO's dpkg database afterwards.
install_debs() {
  local from=$1 to=$2 paths=() checks=()
  shift 2
  cp -a "$from" "$to"
  mkdir -p "$to/tmp/debs"
  for deb in "$@"; do
    local package version arch
    package=$(dpkg-deb -f "$deb" Package)
    version=$(dpkg-deb -f "$deb" Version)
    arch=$(dpkg-deb -f "$deb" Architecture)
    cp "$deb" "$to/tmp/debs/${package}_${version#*:}_$arch.deb"
    paths+=("/tmp/debs/${package}_${version#*:}_$arch.deb")
    checks+=("$package=$version")
  done
  in_root "$to" apt-get install -y -q --no-install-recommends -o DPkg::Options::=--force-unsafe-io "${paths[@]}"
  rm -rf "$to/tmp/debs"
  for check in "${checks[@]}"; do
    if [ "$(dpkg_state "$to" "${check%%=*}")" != "installed ${check#*=}" ]; then
      echo "apt-get install did not install $check in $to:" >&2
      cat "$to.log" >&2
      exit 1
    fi
  done
  echo "RUN /bin/sh -c apt-get install -y --no-install-recommends ${paths[*]}"
}

# purge FROM TO PACKAGE: TO is a copy of FROM with PACKAGE purged by apt-get (its files go: whiteouts in the layer).
purge() {
  local from=$1 to=$2 package=$3
  cp -a "$from" "$to"
  in_root "$to" apt-get purge -y -q -o DPkg::Options::=--force-unsafe-io "$package"
  if [ "$(dpkg_state "$to" "$package")" != "not-installed " ]; then
    echo "apt-get purge left $package in $to" >&2
    exit 1
  fi
  echo "RUN /bin/sh -c apt-get purge -y $package"
}

echo "busybox $busybox, openssl $openssl_old then $openssl_new"
busybox_step=$(install_debs "$work/base" "$work/busybox" "$(deb_file busybox "$busybox")")
old_step=$(install_debs "$work/busybox" "$work/openssl-old" "$(deb_file openssl "$openssl_old")" "$(deb_file libssl3 "$openssl_old")")
new_step=$(install_debs "$work/openssl-old" "$work/openssl-new" "$(deb_file openssl "$openssl_new")" "$(deb_file libssl3 "$openssl_new")")
removed_step=$(purge "$work/busybox" "$work/busybox-removed" busybox)

# The application image: what `docker build` of OUTDIR/app/Dockerfile leaves on top of its base (openssl-old standing in
# for debian:12-slim). No Node.js toolchain runs: `npm ci` would lay out node_modules/lodash/package.json, written here
# as npm publishes lodash 4.17.11 (a version GHSA-jf85-cpcp-j695 and GHSA-p6mc-m468-83gw affect).
mkdir -p "$out/app"
cat >"$out/app/Dockerfile" <<'DOCKERFILE'
FROM debian:12-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
RUN npm ci
DOCKERFILE
cp -a "$work/openssl-old" "$work/app-manifest"
mkdir -p "$work/app-manifest/app"
cat >"$work/app-manifest/app/package.json" <<'JSON'
{
  "name": "tether-e2e-app",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
    "lodash": "4.17.11"
  }
}
JSON
cp -a "$work/app-manifest" "$work/app-deps"
mkdir -p "$work/app-deps/app/node_modules/lodash"
cat >"$work/app-deps/app/node_modules/lodash/package.json" <<'JSON'
{
  "name": "lodash",
  "version": "4.17.11",
  "description": "Lodash modular utilities.",
  "keywords": "modules, stdlib, util",
  "homepage": "https://lodash.com/",
  "repository": "lodash/lodash",
  "icon": "https://lodash.com/icon.svg",
  "license": "MIT",
  "main": "lodash.js",
  "author": "John-David Dalton <john.david.dalton@gmail.com> (http://allyoucanleet.com/)",
  "contributors": [
    "John-David Dalton <john.david.dalton@gmail.com> (http://allyoucanleet.com/)",
    "Mathias Bynens <mathias@qiwi.be> (https://mathiasbynens.be/)"
  ],
  "scripts": { "test": "echo \"See https://travis-ci.org/lodash/lodash-cli for testing details.\"" }
}
JSON

python3 - "$work/spec.json" "$out" "$work" "$base_step" "$busybox_step" "$old_step" "$new_step" "$removed_step" <<'PY'
import datetime, json, sys
spec_path, out, work, base, busybox, old, new, removed = sys.argv[1:]
layer = lambda name, parent, step: {"name": name, "root": f"{work}/{name}", "parent": parent, "createdBy": step}
json.dump({
    "layout": f"{out}/layout",
    "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "layers": [layer("base", None, base), layer("busybox", "base", busybox),
               layer("openssl-old", "busybox", old), layer("openssl-new", "openssl-old", new),
               layer("busybox-removed", "busybox", removed),
               layer("app-manifest", "openssl-old", "COPY package.json ./ # buildkit"),
               layer("app-deps", "app-manifest", "RUN /bin/sh -c npm ci # buildkit")],
    "images": [{"tag": "openssl-old", "layers": ["base", "busybox", "openssl-old"]},
               {"tag": "openssl-new", "layers": ["base", "busybox", "openssl-old", "openssl-new"]},
               {"tag": "busybox-removed", "layers": ["base", "busybox", "busybox-removed"]},
               {"tag": "app", "layers": ["base", "busybox", "openssl-old", "app-manifest", "app-deps"],
                # BuildKit's history: ENV and (for an existing directory) WORKDIR make no layer.
                "history": [{"layer": "base"}, {"layer": "busybox"}, {"layer": "openssl-old"},
                            {"createdBy": "ENV NODE_ENV=production", "emptyLayer": True},
                            {"createdBy": "WORKDIR /app", "emptyLayer": True},
                            {"layer": "app-manifest"}, {"layer": "app-deps"}]}],
}, open(spec_path, "w"))
PY
python3 "$here/test-images-oci.py" "$work/spec.json" "$work/layers.json"

# Keep each image's dpkg database (dpkg-query's ground truth: --admindir=OUTDIR/roots/TAG/var/lib/dpkg) and what
# each layer installed; the rest of the roots is in the layers.
for tag in openssl-old openssl-new busybox-removed app; do
  top=$tag
  [ "$tag" = app ] && top=app-deps
  mkdir -p "$out/roots/$tag/var/lib"
  mv "$work/$top/var/lib/dpkg" "$out/roots/$tag/var/lib/dpkg"
done
python3 - "$work/layers.json" "$out/images.json" "$openssl_old" "$openssl_new" "$busybox" <<'PY'
import json, os, sys
layers_path, out_path, old, new, busybox = sys.argv[1:]
images = json.load(open(layers_path))["images"]
installs = {"base": None, "busybox": {"busybox": busybox},
            "openssl-old": {"openssl": old, "libssl3": old}, "openssl-new": {"openssl": new, "libssl3": new},
            "busybox-removed": None, "app-manifest": None, "app-deps": None}
for image in images:
    image["root"] = f"{os.path.dirname(out_path)}/roots/{image['tag']}"
    for name, detail in zip(image["layers"], image["layerDetails"]):
        detail["name"] = name
        detail["installs"] = installs[name]
    image["layers"] = image.pop("layerDetails")
json.dump({"opensslOld": old, "opensslNew": new, "busybox": busybox, "images": images}, open(out_path, "w"), indent=2)
PY
rm -rf "$work"
echo "$stamp" >"$out/stamp"
echo "built test images in $out in $(($(date +%s) - started))s: $(du -sh "$out/layout" | cut -f1) of layers"
