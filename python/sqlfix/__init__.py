"""sqlfix: the SQLite concurrency hazard finder, shipped as a binary in this wheel.

The work is done by the `sqlfix` executable; this package only finds it, so that
`python -m sqlfix` and `sqlfix.find_sqlfix_bin()` work wherever pip put it.
"""

from ._find import find_sqlfix_bin

__all__ = ["find_sqlfix_bin"]
