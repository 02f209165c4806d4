#!/usr/bin/env bash
# Starts nianbao (arguments go to main.py), setting up .venv on first use.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup-env.sh"
exec "${NIANBAO_VENV:-$root/.venv}/bin/python" "$root/main.py" "$@"
