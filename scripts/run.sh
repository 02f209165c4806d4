#!/usr/bin/env bash
# Starts nianbao (arguments go to main.py), setting it up on first use: the Debian packages
# it needs (for the window without arguments: Qt's system libraries and a Chinese font; as
# root they are installed, otherwise the exact apt-get line is printed), then .venv.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The window opens when nothing but its two options is given (as main.py decides).
needs=gui
expect_value=0
for argument in "$@"; do
  if [ $expect_value = 1 ]; then expect_value=0; continue; fi
  case "$argument" in
    --data-dir) expect_value=1 ;;
    --data-dir=*|--exit-after-start) ;;
    *) needs=base ;;
  esac
done
"$root/scripts/system-packages.sh" "$needs"
"$root/scripts/setup-env.sh"
# Messages that name the command line (e.g. when no display is found) name this script.
export NIANBAO_LAUNCHER="$0"
exec "${NIANBAO_VENV:-$root/.venv}/bin/python" "$root/main.py" "$@"
