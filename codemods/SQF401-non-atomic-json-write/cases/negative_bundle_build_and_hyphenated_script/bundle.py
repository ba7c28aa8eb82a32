"""A release build: PyInstaller bundles the application, and the build first
writes the version the bundle shows into the package's data. Whoever builds a
release runs it; building again writes it again. Not reported, though the
application reads the file back."""
import json
import subprocess

import PyInstaller.__main__

VERSION_FILE = "desk/data/build_info.json"


def stamp():
    commit = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()
    with open(VERSION_FILE, "w") as f:
        json.dump({"commit": commit}, f)


stamp()
PyInstaller.__main__.run(["desk/main.py", "--onefile"])
