#!/usr/bin/env bash
# BranchDesk set-up for a fresh Debian 12 / 统信UOS / 麒麟 machine with Python 3.11.
#   bash scripts/dev.sh demo   install, then start the app on the demo database
#   bash scripts/dev.sh test   install with the test extra, then run the whole test suite (headless)
# Installs the system libraries Qt needs (as root, with apt-get) only when they are missing,
# then a virtual environment in .venv with the project in editable mode.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
  demo|test) ;;
  *) echo "usage: bash scripts/dev.sh demo|test" >&2; exit 2 ;;
esac

# Qt's offscreen platform needs these; a real screen (xcb) needs the second list too.
qt_libs=(libgl1 libxkbcommon0 libegl1 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3)
xcb_libs=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
          libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 fonts-noto-cjk)
wanted=("${qt_libs[@]}")
[ "$mode" = demo ] && wanted+=("${xcb_libs[@]}")
python3 -c "import ensurepip, venv" 2>/dev/null || wanted+=(python3-venv)

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system libraries: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install (as root): apt-get install ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true

if [ "$mode" = demo ]; then
  .venv/bin/python -m pip install -q -e .
  exec .venv/bin/branchdesk --demo
else
  .venv/bin/python -m pip install -q -e '.[test]'
  export QT_QPA_PLATFORM=offscreen
  exec .venv/bin/python -m pytest
fi
