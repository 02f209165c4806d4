#!/usr/bin/env bash
# Runs the test suite (arguments go to pytest), setting up .venv with the test tools.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup-env.sh" test
cd "$root"
exec "${NIANBAO_VENV:-$root/.venv}/bin/python" -m pytest "$@"
