#!/usr/bin/env bash
# Installs the Debian 12 packages Trellis needs to build, test and benchmark, skipping those already present.
# Idempotent: a second run installs nothing. Needs root (or sudo).
set -euo pipefail

packages=(
  clang-19 libclang-rt-19-dev cmake ninja-build ccache pkg-config git python3
  libboost-dev libfmt-dev catch2 libmimalloc-dev libcrypto++-dev libgmp-dev libsecp256k1-dev
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libedit-dev libgc-dev libpcre2-dev libssl-dev
  lua5.4 valgrind gnuplot-nox
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
