#!/usr/bin/env bash
# Does the .deb's Depends: line suffice? Install it into a minimal Debian 12 (debootstrap minbase: no X,
# no fonts, no Qt) with apt and --no-install-recommends, then run it there headless and on an Xvfb
# display served from outside the chroot. Needs root and the Debian mirror this machine's apt uses.
#
#   bash installer/linux/test-minimal-chroot.sh installer/build/out/branchdesk_<v>_amd64.deb
#
# The chroot is kept in installer/build/chroot-bookworm (a second run reuses it, a fresh copy of it
# per run); the screenshot goes beside the .deb as screenshot-minimal-chroot.png.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
deb=$(readlink -f "$1")
out=$(dirname "$deb")
base="$ROOT/installer/build/chroot-bookworm"
run="$ROOT/installer/build/chroot-run"
[[ $(id -u) == 0 ]] || { echo "run as root" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap

mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
[[ -n $mirror ]] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list)
if [[ ! -x $base/usr/bin/apt-get ]]; then
  rm -rf "$base"
  debootstrap --variant=minbase bookworm "$base" "$mirror"
fi

display=:$((90 + RANDOM % 9))
cleanup() {
  for m in proc dev/shm tmp/.X11-unix; do mountpoint -q "$run/$m" && umount "$run/$m"; done
  [[ -n ${xvfb:-} ]] && kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
rm -rf "$run"
cp -a "$base" "$run"
mount -t proc proc "$run/proc"
mkdir -p "$run/tmp/.X11-unix" "$run/dev/shm"
mount --bind /tmp/.X11-unix "$run/tmp/.X11-unix"
cp "$deb" "$run/tmp/branchdesk.deb"
cp /etc/resolv.conf "$run/etc/resolv.conf" 2>/dev/null || true

chroot "$run" apt-get update -q
chroot "$run" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/branchdesk.deb
chroot "$run" dpkg-query -W -f='${Package}\n' | wc -l | xargs echo "packages in the chroot:"
(chroot "$run" fc-list 2>/dev/null || true) | wc -l | xargs echo "fonts known to fontconfig in the chroot:"

echo "--- headless"
chroot "$run" env -u DISPLAY HOME=/root branchdesk --self-test

echo "--- on X ($display)"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp &
xvfb=$!
sleep 2
chroot "$run" env DISPLAY="$display" HOME=/root branchdesk --demo >"$run/tmp/app.out" 2>&1 &
app=$!
wid=$(DISPLAY=$display timeout 120 xdotool search --sync --onlyvisible --name "支部工作台" | head -1)
for _ in $(seq 1 120); do
  grep -q "ready" "$run/root/.local/share/BranchDesk/logs/branchdesk.log" 2>/dev/null && break
  sleep 0.5
done
sleep 2
DISPLAY=$display import -window root "$out/screenshot-minimal-chroot.png"
DISPLAY=$display xdotool windowfocus --sync "$wid" key ctrl+q
for _ in $(seq 1 60); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
kill -0 "$app" 2>/dev/null && { echo "window did not close" >&2; kill "$app"; exit 1; }
wait "$app"
grep -i -E "error|could not|cannot" "$run/root/.local/share/BranchDesk/logs/branchdesk.log" | head -5 || true
echo "minimal chroot: installed with apt, self-test passed, window shown ($out/screenshot-minimal-chroot.png)"
