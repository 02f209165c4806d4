#!/usr/bin/env bash
# Builds what is handed out, and checks each as its user would get it (used by CI):
# 1. the one-folder program (PyInstaller, build/dist/nianbao/): it starts (main window and a
#    wizard, offscreen), exports a sample, and carries the formats and Qt's Chinese
#    translations (issue 8 point 3);
# 2. the wheel (build/wheel/): installed into a fresh venv, outside the source tree, its
#    `nianbao` command lists the formats, checks a sample and exports it, which proves the
#    wheel carries resources/ (issue 13 point 4).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/system-packages.sh" build
"$root/scripts/setup-env.sh" build
python="${NIANBAO_VENV:-$root/.venv}/bin/python"
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" -m PyInstaller packaging/nianbao.spec --distpath build/dist --workpath build/work -y --log-level WARN
app="build/dist/nianbao/nianbao"
for needed in resources/formats/national-2021.json resources/exchange.schema.json resources/samples/hengyang-2013.json; do
  test -f "build/dist/nianbao/_internal/$needed" || { echo "构建缺少 $needed" >&2; exit 1; }
done
qm=$(find build/dist/nianbao/_internal -name 'qtbase_zh_CN.qm' | head -1)
test -n "$qm" || { echo "构建缺少 Qt 中文翻译 qtbase_zh_CN.qm" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen "$app" --data-dir "$work/data" --exit-after-start
"$app" export resources/samples/hengyang-2013.json -o "$work/hengyang.docx"
test -s "$work/hengyang（草稿）.docx" || { echo "冻结的程序没有导出文档" >&2; exit 1; }
"$app" check resources/samples/national-2021-example.json
echo "一个文件夹的版本构建完成并通过冒烟测试：$app"

rm -rf build/wheel
"$python" -m pip wheel -q --disable-pip-version-check --no-deps . -w build/wheel
wheel=$(ls build/wheel/nianbao-*.whl)
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel"
cp resources/samples/national-2021-example.json "$work/报告.json"
(
  # Outside the source tree, so that nothing can be found in it by accident.
  cd "$work"
  "$work/venv/bin/nianbao" formats > formats.txt
  for format in national-2021 national-2019 legacy-2013; do
    grep -q "^$format " formats.txt || { echo "安装的 nianbao formats 没有列出 $format" >&2; exit 1; }
  done
  "$work/venv/bin/nianbao" check 报告.json
  "$work/venv/bin/nianbao" export 报告.json -o 年报.docx
  test -s "年报（草稿）.docx" || { echo "安装的 nianbao 没有导出文档" >&2; exit 1; }
  "$work/venv/bin/nianbao" --data-dir data import 报告.json >/dev/null
  QT_QPA_PLATFORM=offscreen "$work/venv/bin/nianbao" --data-dir data --exit-after-start
)
echo "wheel 构建完成，装入新的虚拟环境后通过检查：$wheel"
