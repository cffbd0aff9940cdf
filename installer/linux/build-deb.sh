#!/usr/bin/env bash
# Build the Linux packages of BranchDesk for 统信UOS / 麒麟 (amd64) and test the .deb on this machine.
#
#   bash installer/linux/build-deb.sh [--skip-tests] [--no-install-test]
#
# 1. a build venv (installer/build/venv) with BranchDesk installed NON-editable plus PyInstaller;
# 2. the test suite, as CI runs it (skip with --skip-tests or BRANCHDESK_SKIP_TESTS=1, for quick iteration only);
# 3. PyInstaller one-folder build (installer/branchdesk.spec), then its --self-test;
# 4. the .deb: the program in /opt/branchdesk without the system libraries it links to (Depends:
#    names them, computed by dpkg-shlibdeps), /usr/bin/branchdesk, a .desktop entry 支部工作台 and
#    hicolor icons; no maintainer scripts, so removing or purging never touches anyone's data;
#    zstd-compressed, refused above 90 MB;
# 5. the portable archive: the same folder with every library bundled and a portable.txt beside the
#    program, so the data stays in data/ next to it;
# 6. where makensis is installed (apt-get install nsis), a compile check of the Windows setup script;
# 7. unless --no-install-test (or BRANCHDESK_NO_INSTALL_TEST=1): installer/linux/test-deb.sh installs
#    the .deb with apt (root), runs it headless and under Xvfb, tests the portable archive, and removes
#    the package again, checking that the data is kept.
# Outputs: installer/build/out/branchdesk_<version>_amd64.deb and BranchDesk-<version>-linux-x86_64-portable.tar.gz
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD="$ROOT/installer/build"
VENV="$BUILD/venv"
OUT="$BUILD/out"
PYTHON=${PYTHON:-python3}
MAX_DEB_BYTES=$((90 * 1024 * 1024))
skip_tests=${BRANCHDESK_SKIP_TESTS:-0}
install_test=1
[[ ${BRANCHDESK_NO_INSTALL_TEST:-0} == 1 ]] && install_test=0
for arg in "$@"; do
  case "$arg" in
    --skip-tests) skip_tests=1 ;;
    --no-install-test) install_test=0 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

step() { printf '\n=== %s\n' "$*"; }

need_tools() {
  local missing=()
  command -v dpkg-deb >/dev/null || missing+=(dpkg)
  command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
  command -v zstd >/dev/null || missing+=(zstd)
  command -v objdump >/dev/null || missing+=(binutils)
  command -v bc >/dev/null || missing+=(bc)
  if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then
      apt-get install -y --no-install-recommends "${missing[@]}"
    else
      echo "please install: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
}

make_venv() {
  step "build venv $VENV"
  if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  "$VENV/bin/python" -m pip install --quiet "$ROOT[test]" -r "$ROOT/installer/requirements-build.txt"
  # the copy PyInstaller freezes is the current source, whatever version number it carries
  "$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$ROOT"
}

run_tests() {
  if [[ $skip_tests == 1 ]]; then
    step "tests SKIPPED (--skip-tests): do not ship this build"
    return
  fi
  step "tests (scripts/dev.sh test: the CI's command, on the editable .venv)"
  bash "$ROOT/scripts/dev.sh" test
}

freeze() {
  step "PyInstaller one-folder build"
  rm -rf "$BUILD/dist"
  (cd "$ROOT" && "$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" installer/branchdesk.spec)
  step "self-test of the frozen build"
  env -u DISPLAY -u WAYLAND_DISPLAY "$BUILD/dist/BranchDesk/branchdesk" --self-test
}

version() { "$VENV/bin/python" -c 'import branchdesk; print(branchdesk.__version__)'; }

# The libraries PyInstaller copied from this machine's /lib and /usr/lib come from Debian packages:
# the .deb leaves them out and depends on those packages instead (system_libs.py says why).
strip_system_libs() {
  local app=$1 name removed=0
  while read -r name; do
    rm -f "$app/_internal/$name"
    removed=$((removed + 1))
  done < <("$VENV/bin/python" "$HERE/system_libs.py" "$BUILD/work/branchdesk/COLLECT-00.toc")
  echo "left out $removed system libraries (Depends: names their packages)"
}

stage_deb() {
  local version=$1
  local stage="$BUILD/deb/branchdesk_${version}_amd64"
  step "staging the .deb in $stage"
  rm -rf "$BUILD/deb"
  mkdir -p "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/doc/branchdesk" "$stage/DEBIAN"
  cp -a "$BUILD/dist/BranchDesk" "$stage/opt/branchdesk"
  strip_system_libs "$stage/opt/branchdesk"
  ln -s /opt/branchdesk/branchdesk "$stage/usr/bin/branchdesk"
  install -m 644 "$HERE/branchdesk.desktop" "$stage/usr/share/applications/branchdesk.desktop"
  local size
  for size in 16 24 32 48 64 128 256; do
    install -D -m 644 "$ROOT/resources/icons/branchdesk-$size.png" \
      "$stage/usr/share/icons/hicolor/${size}x${size}/apps/branchdesk.png"
  done
  install -D -m 644 "$ROOT/resources/icons/branchdesk.svg" "$stage/usr/share/icons/hicolor/scalable/apps/branchdesk.svg"
  install -m 644 "$HERE/copyright" "$stage/usr/share/doc/branchdesk/copyright"
  local depends installed
  depends=$("$HERE/deb-depends.sh" "$stage")
  installed=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed/" -e "s/@DEPENDS@/$depends/" \
    "$HERE/control.in" >"$stage/DEBIAN/control"
  echo "Depends: $depends"
}

build_deb() {
  local version=$1
  local stage="$BUILD/deb/branchdesk_${version}_amd64" deb="$OUT/branchdesk_${version}_amd64.deb"
  step "dpkg-deb (zstd)"
  mkdir -p "$OUT"
  dpkg-deb --root-owner-group -Zzstd -z19 --build "$stage" "$deb"
  local bytes
  bytes=$(stat -c %s "$deb")
  printf '%s: %.1f MB\n' "$deb" "$(echo "$bytes / 1048576" | bc -l)"
  if ((bytes > MAX_DEB_BYTES)); then
    echo "the .deb is over 90 MB" >&2
    exit 1
  fi
}

build_portable() {
  local version=$1
  local name="BranchDesk-${version}-linux-x86_64-portable"
  step "portable archive $name.tar.gz"
  rm -rf "$BUILD/portable"
  mkdir -p "$BUILD/portable" "$OUT"
  cp -a "$BUILD/dist/BranchDesk" "$BUILD/portable/BranchDesk"
  install -m 644 "$ROOT/installer/portable.txt" "$BUILD/portable/BranchDesk/portable.txt"
  tar -C "$BUILD/portable" -czf "$OUT/$name.tar.gz" BranchDesk
  du -h "$OUT/$name.tar.gz"
}

need_tools
make_venv
run_tests
freeze
VERSION=$(version)
stage_deb "$VERSION"
build_deb "$VERSION"
build_portable "$VERSION"
if command -v makensis >/dev/null; then
  step "Windows setup script: compile check with makensis (dummy payload)"
  VERSION="$VERSION" bash "$ROOT/installer/windows/check-nsis.sh"
fi
if [[ $install_test == 1 ]]; then
  step "install test"
  bash "$HERE/test-deb.sh" "$OUT/branchdesk_${VERSION}_amd64.deb" "$OUT/BranchDesk-${VERSION}-linux-x86_64-portable.tar.gz"
fi
step "done"
ls -la "$OUT"
