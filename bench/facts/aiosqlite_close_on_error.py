"""F-aiosqlite-exit-on-error: an aiosqlite connection (or an async SQLAlchemy engine
on aiosqlite) closed after the program's run call returns, not in `finally`: when the
run call raises, the close is skipped and the process hangs after the traceback."""
import os
import subprocess
import sys
import textwrap

from _fact import Fact, need, scratch

need("aiosqlite")
fact = Fact(
    "F-aiosqlite-exit-on-error",
    "a close after the run call returns is skipped when it raises, and the process does not exit; "
    "a close in finally lets it exit",
)
folder = scratch()

# Start-up opens the connection, the bot's run call uses it, and a post step closes
# it: the shape of a bot's main with an ORM initialised at start.
PROGRAM = textwrap.dedent(
    """
    import asyncio, sys
    import aiosqlite

    async def run_bot(db, fail):
        await db.execute("CREATE TABLE IF NOT EXISTS t (x)")
        await db.commit()
        if fail:
            raise RuntimeError("login failed")

    async def main(kind, path):
        if kind.startswith("engine"):
            from sqlalchemy import text
            from sqlalchemy.ext.asyncio import create_async_engine
            engine = create_async_engine("sqlite+aiosqlite:///" + path)
            async with engine.connect() as conn:
                await conn.execute(text("CREATE TABLE IF NOT EXISTS t (x)"))
            if kind == "engine-raises":
                raise RuntimeError("login failed")
            await engine.dispose()
            return
        db = await aiosqlite.connect(path)
        if kind == "finally":
            try:
                await run_bot(db, fail=True)
            finally:
                await db.close()
        else:
            await run_bot(db, fail=(kind == "raises"))
            await db.close()

    try:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
    except RuntimeError as e:
        print("run failed:", e, flush=True)
    print("main returned", flush=True)
    """
)
script = os.path.join(folder, "bot.py")
with open(script, "w") as f:
    f.write(PROGRAM)


def run(kind):
    """Whether the program exits within 5 s, and what it printed."""
    db = os.path.join(folder, f"{kind}.db")
    try:
        done = subprocess.run(
            [sys.executable, script, kind, db], capture_output=True, text=True, timeout=5
        )
        return True, done.stdout.strip()
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return False, out.strip()


exited, seen = run("normal")
fact.note(f"normal: {seen!r}")
fact.check(exited, "the run call returns, the close after it runs: the process exits")
exited, seen = run("raises")
fact.note(f"raises: {seen!r}")
fact.check(not exited and "main returned" in seen,
           "the run call raises: the close after it is skipped and the process hangs")
exited, seen = run("finally")
fact.note(f"finally: {seen!r}")
fact.check(exited, "the close in finally: the process exits after the error")
exited, seen = run("engine-raises")
fact.note(f"async engine, dispose skipped: {seen!r}")
fact.check(not exited and "main returned" in seen,
           "an async SQLAlchemy engine on aiosqlite whose dispose() is skipped: the process hangs too")
fact.done()
