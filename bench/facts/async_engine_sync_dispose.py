"""F-async-engine-sync-dispose: an async SQLAlchemy engine on aiosqlite is released
only by awaiting its dispose(); a sync dispose() of its sync_engine facade closes
none of its pooled connections, and the process does not exit."""
import os
import subprocess
import sys
import textwrap

from _fact import Fact, need, scratch

need("aiosqlite")
need("sqlalchemy")
need("greenlet")
fact = Fact(
    "F-async-engine-sync-dispose",
    "engine.sync_engine.dispose() on a sqlite+aiosqlite engine leaves its pooled connections "
    "(and their worker threads) open, on the loop or after it; await engine.dispose() closes them",
)
folder = scratch()

# A store that keeps an async engine, used once by a request, then closed the
# way the application's shutdown closes it.
PROGRAM = textwrap.dedent(
    """
    import asyncio, sys, threading
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    how, path = sys.argv[1], sys.argv[2]
    engine = create_async_engine("sqlite+aiosqlite:///" + path)

    def workers():
        return [t.name for t in threading.enumerate()
                if t is not threading.main_thread() and not t.daemon]

    async def main():
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        print("pool:", type(engine.sync_engine.pool).__name__, "threads:", len(workers()))
        if how == "facade-on-loop":
            engine.sync_engine.dispose()
        elif how == "awaited":
            await engine.dispose()
        await asyncio.sleep(0.2)

    asyncio.run(main())
    if how == "facade-after-loop":
        engine.sync_engine.dispose()
    print("threads left:", len(workers()), flush=True)
    """
)
script = os.path.join(folder, "store.py")
with open(script, "w") as f:
    f.write(PROGRAM)


def run(how):
    """Whether the program exits within 5 s, its output and its error text."""
    db = os.path.join(folder, f"{how}.db")
    try:
        done = subprocess.run(
            [sys.executable, script, how, db], capture_output=True, text=True, timeout=5
        )
        return True, done.stdout.strip(), done.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
        return False, out.strip(), err


for how in ("facade-on-loop", "facade-after-loop"):
    exited, seen, err = run(how)
    fact.note(f"{how}: {seen!r}")
    fact.check(
        not exited and "threads left: 1" in seen,
        f"{how}: sync_engine.dispose() returns, the connection's worker thread stays, "
        "the process hangs (killed after 5 s)",
    )
    fact.check(
        "MissingGreenlet" in err,
        f"{how}: the close raised MissingGreenlet, which the pool logged and swallowed",
    )
exited, seen, _ = run("awaited")
fact.note(f"awaited: {seen!r}")
fact.check(exited and "threads left: 0" in seen,
           "await engine.dispose() on the loop: no worker thread left, the process exits")
fact.done()
