#!/usr/bin/env bash
# Runs the test suite (arguments go to pytest), setting everything up on first use: the
# Debian packages the tests need (LibreOffice, CJK fonts, poppler, Qt's libraries; as
# root they are installed, otherwise the exact apt-get line is printed and nothing runs),
# then .venv with the project and the test tools.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/system-packages.sh" test
"$root/scripts/setup-env.sh" test
cd "$root"
exec "${NIANBAO_VENV:-$root/.venv}/bin/python" -m pytest "$@"
