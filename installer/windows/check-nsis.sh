#!/usr/bin/env bash
# Compile installer/windows/branchdesk.nsi with Debian's makensis against a dummy payload: a syntax
# and compile check of the Windows setup script on Linux (the real setup is built on Windows by
# build.ps1). Prints the size of the dummy setup; exits non-zero on any NSIS error or warning.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v makensis >/dev/null || { echo "makensis not found (apt-get install nsis)" >&2; exit 3; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/dist/_internal"
printf 'MZ dummy' >"$scratch/dist/BranchDesk.exe"
printf 'dummy' >"$scratch/dist/_internal/base_library.zip"
makensis -V2 -WX -DVERSION="${VERSION:-0.0.0}" -DDIST="$scratch/dist" -DOUTDIR="$scratch" \
  -DICON="$ROOT/resources/icons/branchdesk.ico" "$HERE/branchdesk.nsi"
echo "NSIS compile check passed ($(stat -c %s "$scratch"/BranchDesk-*-setup.exe) bytes with a dummy payload)"
