"""Locate the sqlfix executable that was installed with this package."""

from __future__ import annotations

import os
import sys
import sysconfig

_EXE = "sqlfix" + (sysconfig.get_config_var("EXE") or "")


def _candidate_dirs() -> list[str]:
    # pip writes a wheel's scripts into the scheme's "scripts" path: the
    # environment's bin/ for a venv, pipx or uv tool, ~/.local/bin for --user,
    # or a --target / --prefix folder. Each is tried in that order.
    dirs = [sysconfig.get_path("scripts")]
    user_scheme = f"{os.name}_user" if os.name != "posix" else "posix_user"
    if sys.platform == "darwin" and sys._framework:  # type: ignore[attr-defined]
        user_scheme = "osx_framework_user"
    try:
        dirs.append(sysconfig.get_path("scripts", scheme=user_scheme))
    except KeyError:
        pass
    # `pip install --target DIR` puts the package in DIR and scripts in DIR/bin.
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dirs.append(os.path.join(package_root, "bin"))
    # `pip install --prefix P` puts the package in P/lib/pythonX.Y/site-packages.
    dirs.append(os.path.join(package_root, os.pardir, os.pardir, os.pardir, "bin"))
    return dirs


def find_sqlfix_bin() -> str:
    """Return the path of the sqlfix executable installed with this package."""
    tried = []
    for folder in _candidate_dirs():
        path = os.path.normpath(os.path.join(folder, _EXE))
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        tried.append(path)
    raise FileNotFoundError(
        "the sqlfix executable was not found next to this Python package (looked at: "
        + ", ".join(tried)
        + "); reinstall it: python -m pip install --force-reinstall sqlfix"
    )
