#!/usr/bin/env bash
# Install the BranchDesk .deb on this machine, use it, remove it; check the data stays. Needs root.
#
#   bash installer/linux/test-deb.sh OUT/branchdesk_<v>_amd64.deb [OUT/BranchDesk-<v>-linux-x86_64-portable.tar.gz]
#
# 1. apt-get install the .deb (apt pulls its Depends:), check the files it put in place;
# 2. `branchdesk --version`, and `branchdesk --self-test` with no DISPLAY;
# 3. under Xvfb 1366x768: `branchdesk --demo` as a user whose HOME is a temporary folder, a
#    screenshot of the window (OUT/screenshot-deb-demo.png), then 文件 → 退出 (Ctrl+Q);
#    start time to the first page with data, installed program against the source (build venv);
# 4. apt-get remove, then install again and dpkg --purge: program gone, the user's data still there;
# 5. the portable archive: unpacked, started, its data must appear in data/ beside the program and
#    nowhere in the user's folder.
# Leaves the package removed. Screenshot and timings go to the .deb's folder.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
deb=$(readlink -f "$1")
portable=${2:+$(readlink -f "$2")}
out=$(dirname "$deb")
VENV="$ROOT/installer/build/venv"
GEOMETRY="1366x768x24"

if [[ $(id -u) != 0 ]]; then
  echo "test-deb.sh installs a package: run it as root" >&2
  exit 1
fi
for tool in xvfb-run xdotool import; do
  command -v "$tool" >/dev/null || apt-get install -y --no-install-recommends xvfb xdotool imagemagick
done

work=$(mktemp -d /tmp/branchdesk-deb-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# --- 1. install -----------------------------------------------------------------------------------
version=$(dpkg-deb -f "$deb" Version)
dpkg -s branchdesk >/dev/null 2>&1 && apt-get remove -y branchdesk >/dev/null
apt-get install -y "$deb"
[[ -x /opt/branchdesk/branchdesk ]] || fail "/opt/branchdesk/branchdesk missing"
[[ $(readlink -f /usr/bin/branchdesk) == /opt/branchdesk/branchdesk ]] || fail "/usr/bin/branchdesk is not the program"
grep -q '^Name\[zh_CN\]=支部工作台$' /usr/share/applications/branchdesk.desktop || fail ".desktop lacks Name[zh_CN]"
[[ -f /usr/share/icons/hicolor/256x256/apps/branchdesk.png ]] || fail "hicolor icon missing"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/branchdesk.desktop && pass ".desktop validates"
fi
missing=$(find /opt/branchdesk -name '*.so*' -type f -exec ldd {} \; 2>/dev/null | grep 'not found' | sort -u || true)
[[ -z $missing ]] || fail "libraries not found after installing the Depends: $missing"
pass "installed $(dpkg-query -W -f='${Package} ${Version} ${Installed-Size} KB' branchdesk)"

# --- 2. headless ----------------------------------------------------------------------------------
home="$work/home"
mkdir -p "$home"
got=$(env -u DISPLAY HOME="$home" branchdesk --version)
[[ $got == *"$version"* ]] || fail "--version said: $got"
pass "branchdesk --version: $got"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM HOME="$home" branchdesk --self-test || fail "self-test"
[[ ! -e $home/.local/share/BranchDesk ]] || fail "the self-test wrote into the user's data folder"
pass "self-test headless, user's data folder untouched"

# --- 3. the window under Xvfb ---------------------------------------------------------------------
cat >"$work/gui.sh" <<'GUI'
set -euo pipefail
home=$1 shot=$2
HOME="$home" branchdesk --demo >"$home/app.out" 2>&1 &
pid=$!
wid=$(timeout 90 xdotool search --sync --onlyvisible --name "支部工作台" | head -1)
# the first page has painted its data when the log says "ready"
for _ in $(seq 1 120); do
  grep -q "ready" "$home/.local/share/BranchDesk/logs/branchdesk.log" 2>/dev/null && break
  sleep 0.5
done
sleep 2
import -window root "$shot"
xprop -id "$wid" WM_CLASS
xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid"
xdotool key ctrl+q
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; echo "window did not close on Ctrl+Q" >&2; exit 1; fi
wait "$pid"
GUI
xvfb-run -a -s "-screen 0 $GEOMETRY" bash "$work/gui.sh" "$home" "$out/screenshot-deb-demo.png" ||
  fail "the window run (log: $home/.local/share/BranchDesk/logs/branchdesk.log)"
data="$home/.local/share/BranchDesk"
[[ -f $data/demo.sqlite3 ]] || fail "no demo database in $data"
ls "$data/backups-demo" | grep -q close || fail "no backup written on close"
pass "window shown under Xvfb ($out/screenshot-deb-demo.png), closed with Ctrl+Q, backup on close"

if [[ -x $VENV/bin/python ]]; then
  xvfb-run -a -s "-screen 0 $GEOMETRY" env HOME="$home" "$VENV/bin/python" "$HERE/measure_start.py" \
    --data-dir "$work/timing" --runs 5 frozen=/usr/bin/branchdesk source="$VENV/bin/python -m branchdesk" |
    tee "$out/start-times.txt"
fi

# --- 4. removal keeps the data --------------------------------------------------------------------
before=$(cd "$data" && find . -type f | sort | md5sum)
apt-get remove -y branchdesk >/dev/null
[[ ! -e /opt/branchdesk && ! -e /usr/bin/branchdesk && ! -e /usr/share/applications/branchdesk.desktop ]] ||
  fail "files left after remove"
[[ $(cd "$data" && find . -type f | sort | md5sum) == "$before" ]] || fail "remove touched the data"
pass "apt-get remove: program gone, data kept ($data)"
apt-get install -y "$deb" >/dev/null
dpkg --purge branchdesk >/dev/null
[[ ! -e /opt/branchdesk ]] || fail "/opt/branchdesk left after purge"
[[ $(cd "$data" && find . -type f | sort | md5sum) == "$before" ]] || fail "purge touched the data"
! dpkg -s branchdesk >/dev/null 2>&1 || fail "still installed"
pass "dpkg --purge: program gone, data kept"

# --- 5. portable ----------------------------------------------------------------------------------
if [[ -n $portable ]]; then
  mkdir -p "$work/usb" "$work/home2"
  tar -C "$work/usb" -xzf "$portable"
  app="$work/usb/BranchDesk"
  [[ -f $app/portable.txt ]] || fail "portable.txt missing in the archive"
  said=$(env -u DISPLAY HOME="$work/home2" "$app/branchdesk" --self-test | grep 'data folder')
  [[ $said == *"$app/data"* ]] || fail "portable self-test names another data folder: $said"
  env -u DISPLAY HOME="$work/home2" QT_QPA_PLATFORM=offscreen BRANCHDESK_BENCH_EXIT=1 "$app/branchdesk" --demo |
    grep BENCH || fail "portable window did not start"
  [[ -f $app/data/demo.sqlite3 && -d $app/data/logs ]] || fail "portable data not beside the program"
  [[ ! -e $work/home2/.local/share/BranchDesk ]] || fail "portable build wrote into the user's folder"
  pass "portable: data in $app/data, nothing in the user's folder"
fi
echo "all install checks passed for branchdesk $version"
