#!/usr/bin/env bash
# The README's first command: installs what is missing, builds Release and runs the showcase.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
exec "$root/scripts/showcase.sh"
