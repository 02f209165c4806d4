"""Where the data folder is: one folder that holds the whole store.

Everything the store writes (store file, history, backups, locks) is inside this folder
and nothing in it names an absolute path, so copying the folder moves everything:
to a new computer, or to a USB stick for portable use (issue 4 point 1).

The folder is, first found wins:

1. `--data-dir DIR` on the command line;
2. the environment variable NIANBAO_DATA_DIR;
3. a folder named `nianbao-data` beside the program (main.py, or the packaged .exe):
   portable use from a USB stick without typing an option;
4. the user's data folder (platformdirs), e.g. `%LOCALAPPDATA%\\nianbao` on Windows or
   `~/.local/share/nianbao` on Linux.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path


APP_NAME = "nianbao"
ENV_VAR = "NIANBAO_DATA_DIR"
PORTABLE_FOLDER = "nianbao-data"


def program_dir() -> Path:
    """The folder of the packaged executable, or of main.py when run from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    # appauthor=False: no “nianbao\\nianbao” doubling on Windows.
    import platformdirs  # only when no folder was given: it costs start-up time

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(
    option: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    beside: Path | None = None,
) -> Path:
    """The data folder to use, as an absolute path (it may not exist yet).

    Args:
        option: the value of --data-dir, if given.
        environ: the environment (os.environ when None).
        beside: the program's folder, where a portable `nianbao-data` is looked for.
    """
    environ = os.environ if environ is None else environ
    if option is not None and str(option).strip():
        return Path(option).expanduser().absolute()
    from_env = environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser().absolute()
    portable = (beside if beside is not None else program_dir()) / PORTABLE_FOLDER
    if portable.is_dir():
        return portable.absolute()
    return default_data_dir()
