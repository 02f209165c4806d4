#!/usr/bin/env bash
# The one list of the Debian packages nianbao needs, and the one place that installs them.
#
#   scripts/system-packages.sh base   what the command line needs (run.sh with a command)
#   scripts/system-packages.sh gui    what the window needs (run.sh without arguments)
#   scripts/system-packages.sh test   what the tests need (test.sh, and so CI)
#   scripts/system-packages.sh build  what the one-folder build and its offscreen smoke test need
#
# As root, the missing packages are installed; otherwise the exact `sudo apt-get install`
# line is printed and the script exits 1, before anything else runs. On a system without
# dpkg (not Debian or Ubuntu) nothing can be checked: a note says which packages to look for.
set -euo pipefail

# Python's venv module is a package of its own on Debian.
base=(python3-venv)
# Qt's platform plugins, even offscreen, need EGL/GL, xkbcommon, D-Bus, fontconfig and GLib;
# the window on an X display needs the xcb libraries too (xcb-cursor0 since Qt 6.5). A
# Chinese font, or Qt draws boxes.
qt=(libegl1 libgl1 libxkbcommon0 libdbus-1-3 libfontconfig1 libglib2.0-0 fonts-noto-cjk)
xcb=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
     libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1)
# The export tests convert every sample to PDF with LibreOffice and read the pages back
# with poppler; the document's 楷体 (KaiTi) role needs a Kai face on Linux.
export_tests=(libreoffice-writer-nogui fonts-arphic-ukai poppler-utils)

case "${1:-}" in
  base) packages=("${base[@]}") ;;
  build) packages=("${base[@]}" "${qt[@]}") ;;
  gui) packages=("${base[@]}" "${qt[@]}" "${xcb[@]}") ;;
  test) packages=("${base[@]}" "${qt[@]}" "${export_tests[@]}") ;;
  *) echo "用法：$0 base|gui|test|build" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null; then
  echo "无法检查系统软件包（不是 Debian/Ubuntu）：请确认已安装与以下 Debian 软件包相当的软件：${packages[*]}" >&2
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "正在安装所需的系统软件包：${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "缺少系统软件包，请先运行：" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
