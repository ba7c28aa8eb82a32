"""`python -m sqlfix ARGS` runs the installed sqlfix executable with ARGS."""

from __future__ import annotations

import os
import subprocess
import sys

from ._find import find_sqlfix_bin


def main() -> int:
    try:
        binary = find_sqlfix_bin()
    except FileNotFoundError as error:
        print(f"sqlfix: error: {error}", file=sys.stderr)
        return 2
    args = [binary, *sys.argv[1:]]
    if sys.platform == "win32":
        # Windows has no exec: run it and pass its exit code on.
        return subprocess.call(args)
    # Replacing this process keeps signals, the terminal and the exit code the
    # binary's own (Ctrl-C in --interactive, exit 1 for findings).
    os.execv(binary, args)
    return 2  # not reached


if __name__ == "__main__":
    sys.exit(main())
