#!/usr/bin/env bash
# Print the Depends: value for the staged package tree $1 (the folder holding opt/branchdesk).
#
# dpkg-shlibdeps reads every ELF file of the program and names the Debian packages (with minimum
# versions from their symbols files) that provide the libraries not shipped in the bundle itself:
# glibc, libstdc++, the X11/xcb, xkbcommon, EGL/GL, fontconfig/freetype, dbus, glib, cups, wayland
# libraries that Qt links to. Run on the build machine, so the minimum versions are this Debian's.
set -euo pipefail
stage=$(cd "$1" && pwd)
app="$stage/opt/branchdesk"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/debian"
printf 'Source: branchdesk\n\nPackage: branchdesk\nArchitecture: amd64\n' >"$scratch/debian/control"
# Every folder that holds a shared object of the bundle is a private library folder (-l).
mapfile -t libdirs < <(find "$app" -name '*.so*' -printf '%h\n' | sort -u)
mapfile -t elves < <(find "$app" -type f \( -name '*.so*' -o -perm -u+x \) -exec sh -c \
  'head -c4 "$1" | grep -q "ELF" && echo "$1"' _ {} \;)
args=()
for dir in "${libdirs[@]}"; do args+=("-l$dir"); done
(cd "$scratch" && dpkg-shlibdeps -O --ignore-missing-info --warnings=1 "${args[@]}" "${elves[@]}" 2>"$scratch/err") |
  sed -n "s/^shlibs:Depends=//p" || { cat "$scratch/err" >&2; exit 1; }
cat "$scratch/err" >&2
