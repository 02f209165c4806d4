"""Where the data folder is (issue 4 point 1): --data-dir, then NIANBAO_DATA_DIR, then a
portable folder beside the program, then the user's data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from models.data_dir import ENV_VAR, PORTABLE_FOLDER, default_data_dir, resolve_data_dir


def test_the_option_wins_over_everything(tmp_path):
    (tmp_path / PORTABLE_FOLDER).mkdir()
    chosen = resolve_data_dir(tmp_path / "选项", {ENV_VAR: str(tmp_path / "环境")}, beside=tmp_path)
    assert chosen == tmp_path / "选项"


def test_the_environment_variable_comes_next(tmp_path):
    (tmp_path / PORTABLE_FOLDER).mkdir()
    assert resolve_data_dir(None, {ENV_VAR: str(tmp_path / "环境")}, beside=tmp_path) == tmp_path / "环境"
    assert resolve_data_dir("  ", {ENV_VAR: str(tmp_path / "环境")}, beside=tmp_path) == tmp_path / "环境"


def test_a_portable_folder_beside_the_program_is_used_when_present(tmp_path):
    """A USB stick with the program and a nianbao-data folder needs no option at all."""
    assert resolve_data_dir(None, {}, beside=tmp_path) == default_data_dir()
    (tmp_path / PORTABLE_FOLDER).mkdir()
    assert resolve_data_dir(None, {ENV_VAR: ""}, beside=tmp_path) == tmp_path / PORTABLE_FOLDER


def test_otherwise_the_users_data_folder(tmp_path):
    assert resolve_data_dir(None, {}, beside=tmp_path) == Path(platformdirs.user_data_dir("nianbao", appauthor=False))


def test_relative_paths_become_absolute_so_a_later_chdir_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("数据", {}) == tmp_path / "数据"
    assert resolve_data_dir(None, {ENV_VAR: "环境"}) == tmp_path / "环境"
    assert resolve_data_dir("~/数据", {}).is_absolute()
