"""F-aiosqlite-exit: an aiosqlite connection never closed keeps the process alive
after its work is done; its worker thread is not a daemon thread."""
import os
import subprocess
import sys
import textwrap

from _fact import Fact, need, scratch

need("aiosqlite")
fact = Fact(
    "F-aiosqlite-exit",
    "a process whose aiosqlite connection is never closed does not exit after asyncio.run returns; "
    "closed, or a sqlite3 connection left open, it exits",
)
folder = scratch()

# A registry kept for the life of the process, the shape a command-line tool
# takes when it opens one connection per path on first use.
PROGRAM = textwrap.dedent(
    """
    import asyncio, sqlite3, sys, threading
    import aiosqlite

    _open = {}

    async def store(path):
        if path not in _open:
            _open[path] = await aiosqlite.connect(path)
        return _open[path]

    async def main(kind, path):
        if kind == "sqlite3":
            conn = sqlite3.connect(path)
            conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
            conn.commit()
            _open[path] = conn
        else:
            db = await store(path)
            await db.execute("CREATE TABLE IF NOT EXISTS t (x)")
            await db.commit()
            if kind == "closed":
                for conn in _open.values():
                    await conn.close()
        print("non-daemon threads:", [t.name for t in threading.enumerate()
                                      if t is not threading.main_thread() and not t.daemon])

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    print("work done", flush=True)
    """
)
script = os.path.join(folder, "tool.py")
with open(script, "w") as f:
    f.write(PROGRAM)


def run(kind):
    """Whether the tool exits within 5 s, and what it printed."""
    db = os.path.join(folder, f"{kind}.db")
    try:
        done = subprocess.run(
            [sys.executable, script, kind, db], capture_output=True, text=True, timeout=5
        )
        return True, done.stdout.strip()
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return False, out.strip()


exited, seen = run("never-closed")
fact.note(f"never closed: {seen!r}")
fact.check(not exited and "work done" in seen,
           "never closed: the work is done, then the process hangs (killed after 5 s)")
exited, seen = run("closed")
fact.note(f"closed: {seen!r}")
fact.check(exited, "each registry connection closed before asyncio.run returns: the process exits")
exited, seen = run("sqlite3")
fact.note(f"sqlite3: {seen!r}")
fact.check(exited, "a sqlite3 connection left in the registry: the process exits (no thread)")
fact.done()
