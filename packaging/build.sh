#!/usr/bin/env bash
# Builds the one-folder program with PyInstaller and checks the result: the frozen app
# starts (main window and a wizard, offscreen), exports a sample, and carries the formats
# and Qt's Chinese translations. Used by CI (issue 8 point 3).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup-env.sh" build
python="${NIANBAO_VENV:-$root/.venv}/bin/python"
cd "$root"
"$python" -m PyInstaller packaging/nianbao.spec --distpath build/dist --workpath build/work -y --log-level WARN
app="build/dist/nianbao/nianbao"

for needed in resources/formats/national-2021.json resources/exchange.schema.json resources/samples/hengyang-2013.json; do
  test -f "build/dist/nianbao/_internal/$needed" || { echo "构建缺少 $needed" >&2; exit 1; }
done
qm=$(find build/dist/nianbao/_internal -name 'qtbase_zh_CN.qm' | head -1)
test -n "$qm" || { echo "构建缺少 Qt 中文翻译 qtbase_zh_CN.qm" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
QT_QPA_PLATFORM=offscreen "$app" --data-dir "$work/data" --exit-after-start
"$app" export resources/samples/hengyang-2013.json -o "$work/hengyang.docx"
test -s "$work/hengyang（草稿）.docx" || { echo "冻结的程序没有导出文档" >&2; exit 1; }
"$app" check resources/samples/national-2021-example.json
echo "构建完成并通过冒烟测试：$app"
