#!/usr/bin/env bash
# Install the Debian packages cimview needs, only those that are missing.
#   tools/system-deps.sh run    python venv support, Qt's X11/xcb libraries, OpenGL (Mesa), CJK fonts
#   tools/system-deps.sh test   the same plus Xvfb for the GUI tests, Chromium (CesiumJS loads
#                               exported 3D Tiles in it, headless) and PostgreSQL + PostGIS (the
#                               local platform's database, a throw-away cluster per run)
#   tools/system-deps.sh platform   the same as run plus PostgreSQL + PostGIS (make platform)
set -euo pipefail
mode=${1:-run}

pkgs=(python3-venv libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1
      libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
      libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libx11-xcb1 libegl1 libgl1 libopengl0
      libgl1-mesa-dri libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-noto-cjk)
if [ "$mode" = test ]; then
  pkgs+=(xvfb xauth chromium)
fi
if [ "$mode" = test ] || [ "$mode" = platform ]; then
  pkgs+=(postgresql postgresql-postgis)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${missing[*]} and no apt-get here; install them by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "system-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
