#!/usr/bin/env bash
# Makes .venv hold the project and its dependencies (plus the optional group named in $1),
# reinstalling only when pyproject.toml has changed since the last time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="${NIANBAO_VENV:-$root/.venv}"
extra="${1:-}"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null || ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "需要 Python 3.11 或更新版本（Debian：sudo apt-get install python3）。" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    # Debian ships venv in a package of its own: scripts/system-packages.sh installs it.
    echo "无法建立 Python 虚拟环境（$venv）：请先运行 $root/scripts/system-packages.sh base" >&2
    exit 1
  fi
fi
stamp="$venv/.installed${extra:+-$extra}"
wanted=$(cat "$root/pyproject.toml" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "正在准备运行环境（首次运行需要联网下载依赖）……" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$root${extra:+[$extra]}"
  echo "$wanted" > "$stamp"
fi
