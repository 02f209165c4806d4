#!/usr/bin/env bash
# Starts nianbao (arguments go to main.py), setting up .venv on first use. Without
# arguments it opens the wizard, which needs Qt's system libraries and a Chinese font:
# installed here when missing (as root), or named with the command to install them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup-env.sh"

gui_packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libfontconfig1 libglib2.0-0
              libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
              libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 fonts-noto-cjk)
if [ $# -eq 0 ] && command -v dpkg-query >/dev/null; then
  missing=()
  for package in "${gui_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "图形界面需要以下系统软件包，请先运行：sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
fi
exec "${NIANBAO_VENV:-$root/.venv}/bin/python" "$root/main.py" "$@"
