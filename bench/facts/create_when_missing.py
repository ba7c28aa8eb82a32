"""F-create-when-missing: "create the schema only when the database file did not
exist" run by several processes at once on a fresh path. `os.path.exists(path)`
and the CREATE TABLE that follows are separate steps: processes that all look
before any connects all see no file, all run the setup, and every one but the
first fails with "table ... already exists". A process that looks after another
has connected (which creates the empty file) but before its CREATE skips the
setup and finds no table. `CREATE TABLE IF NOT EXISTS`, or catching the
"already exists" error, makes every process succeed."""
import multiprocessing as mp
import os
import sqlite3

from _fact import Fact, scratch

WORKERS = 4

fact = Fact("F-create-when-missing", "if not exists(path): CREATE TABLE in several processes on a fresh path: all but one fail with 'already exists'; IF NOT EXISTS or catching 'already exists': none fail")
folder = scratch()


def setup(path, ddl):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(ddl)
    conn.close()


def plain(path, barrier, results):
    missing = not os.path.exists(path)
    # Every process has looked before any connects, as processes started together can.
    barrier.wait(timeout=10)
    try:
        if missing:
            setup(path, "CREATE TABLE cache (key TEXT PRIMARY KEY, value BLOB)")
        results.put("ok")
    except sqlite3.OperationalError as e:
        results.put(str(e))


def if_not_exists(path, barrier, results):
    missing = not os.path.exists(path)
    barrier.wait(timeout=10)
    try:
        if missing:
            setup(path, "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB)")
        results.put("ok")
    except sqlite3.OperationalError as e:
        results.put(str(e))


def caught(path, barrier, results):
    missing = not os.path.exists(path)
    barrier.wait(timeout=10)
    try:
        if missing:
            try:
                setup(path, "CREATE TABLE cache (key TEXT PRIMARY KEY, value BLOB)")
            except sqlite3.OperationalError as e:
                if "already exists" not in str(e):
                    raise
        results.put("ok")
    except sqlite3.OperationalError as e:
        results.put(str(e))


def run(target, name):
    path = os.path.join(folder, f"{name}.db")
    barrier = mp.Barrier(WORKERS)
    results = mp.Queue()
    procs = [mp.Process(target=target, args=(path, barrier, results)) for _ in range(WORKERS)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=30) for _ in procs]
    for p in procs:
        p.join(timeout=10)
    return outcomes


# A process that looks after another's connect created the file, before its CREATE.
late = os.path.join(folder, "late.db")
first = sqlite3.connect(late)  # the first process has connected: the file exists, empty
skipped = os.path.exists(late)
try:
    sqlite3.connect(late).execute("SELECT * FROM cache").fetchall()
    late_error = "none"
except sqlite3.OperationalError as e:
    late_error = str(e)
first.close()

outcomes = run(plain, "plain")
fact.note(f"if not exists(path): CREATE TABLE: {outcomes}")
fact.check(
    outcomes.count("ok") == 1 and sum("already exists" in o for o in outcomes) == WORKERS - 1,
    f"{WORKERS} processes: one creates, {WORKERS - 1} fail with 'table cache already exists'",
)
fact.note(f"a look after another process connected: file exists={skipped}, its query: {late_error}")
fact.check(
    skipped and "no such table" in late_error,
    "a process that looks after another has connected skips the setup and finds no table",
)
guarded = run(if_not_exists, "guarded")
fact.note(f"CREATE TABLE IF NOT EXISTS: {guarded}")
fact.check(guarded.count("ok") == WORKERS, "CREATE TABLE IF NOT EXISTS: every process succeeds")
handled = run(caught, "caught")
fact.note(f"except OperationalError 'already exists': {handled}")
fact.check(handled.count("ok") == WORKERS, "catching 'already exists': every process succeeds")
fact.done()
