#!/usr/bin/env python3
"""Deterministic SQLite-heavy Python, for sqlfix's growth benchmarks.

    bench/speed/gen.py tree OUT FILES     # a package of FILES modules
    bench/speed/gen.py scripts OUT FILES  # the same, one module per package a script
    bench/speed/gen.py module OUT LINES   # one module of about LINES lines

Every module opens sqlite3 connections, reads then writes, commits per row, calls
functions of other modules (so the cross-file analysis has work to do), starts
threads and runs blocking calls inside `async def`: the hazards sqlfix looks for,
at the density of a team's own database code. Names are unique per module, so
nothing collapses by accident; the output depends only on the arguments.

`scripts` gives the first module of each package a `__main__` guard: a project of
many programs (one per hundred modules), each loading the chain of modules before
it, for the questions asked per file about the project's other programs.
"""
import os
import sys

HEADER = '''import asyncio
import json
import sqlite3
import threading

from concurrent.futures import ThreadPoolExecutor

'''


def functions(prefix, n, callee=None):
    """n blocks of database functions (about 40 lines each) named with prefix."""
    out = []
    for i in range(n):
        name = f"{prefix}_{i}"
        call_other = f"    {callee}(path)\n" if callee else ""
        out.append(f'''
def open_{name}(path):
    conn = sqlite3.connect(path)
    return conn


def save_{name}(path, rows):
    conn = open_{name}(path)
    for row in rows:
        conn.execute("INSERT INTO t_{i} (a, b) VALUES (?, ?)", row)
        conn.commit()
    conn.close()


def bump_{name}(path, key):
    conn = sqlite3.connect(path, timeout=0)
    value = conn.execute("SELECT n FROM counters WHERE k = ?", (key,)).fetchone()
    conn.execute("UPDATE counters SET n = ? WHERE k = ?", (value[0] + 1, key))
    conn.commit()
{call_other}

def checkpoint_{name}(path, state):
    with open(path + ".json", "w") as f:
        json.dump(state, f)


async def handler_{name}(path):
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM t_{i}").fetchall()
    conn.close()
    return rows


def start_{name}(path):
    worker = threading.Thread(target=bump_{name}, args=(path, "k"))
    worker.start()
    with ThreadPoolExecutor() as pool:
        pool.submit(save_{name}, path, [])
''')
    return "".join(out)


def tree(out, files, scripts=False):
    per_package = 100
    for n in range(files):
        package = os.path.join(out, f"pkg{n // per_package}")
        os.makedirs(package, exist_ok=True)
        init = os.path.join(package, "__init__.py")
        if not os.path.exists(init):
            with open(init, "w") as f:
                f.write("")
        # Each module imports the previous one and calls into it: a long chain of
        # cross-file calls that reachability must follow.
        body = HEADER
        callee = None
        if n > 0:
            prev = n - 1
            body += f"from pkg{prev // per_package}.mod{prev} import bump_m{prev}_0\n"
            callee = f"bump_m{prev}_0"
        body += functions(f"m{n}", 2, callee)
        if scripts and n % per_package == 0:
            body += f'\n\nif __name__ == "__main__":\n    start_m{n}_0("app.db")\n'
        with open(os.path.join(package, f"mod{n}.py"), "w") as f:
            f.write(body)


def module(out, lines):
    os.makedirs(out, exist_ok=True)
    body = HEADER
    block = functions("f0", 1)
    per_block = block.count("\n")
    count = max(1, lines // per_block)
    # Each block calls the previous block's bump: a chain as long as the module.
    parts = [functions("f0", 1)]
    for i in range(1, count):
        parts.append(functions(f"f{i}", 1, f"bump_f{i - 1}_0"))
    with open(os.path.join(out, "big.py"), "w") as f:
        f.write(body + "".join(parts))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("tree", "scripts", "module"):
        sys.exit(__doc__)
    kind, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if kind == "module":
        module(out, size)
    else:
        tree(out, size, scripts=kind == "scripts")


if __name__ == "__main__":
    main()
