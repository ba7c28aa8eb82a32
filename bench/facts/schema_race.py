"""F-schema-race: "create the table if it is missing" run by several processes at
once on a fresh file. Checking sqlite_master and then running CREATE TABLE are
two statements: processes that all check before any creates all try to create,
and every one but the first fails with "table ... already exists". A web server
starting its workers together on a new database runs this at import in each.
`CREATE TABLE IF NOT EXISTS` is one statement that tests under the write lock,
and none fails. SQLAlchemy's `metadata.create_all()` checks first, then sends a
plain CREATE TABLE: the same race."""
import multiprocessing as mp
import os
import sqlite3

from _fact import Fact, need, scratch

WORKERS = 4

fact = Fact("F-schema-race", "check-then-CREATE TABLE in several processes on a fresh file: all but one fail with 'already exists'; CREATE TABLE IF NOT EXISTS: none fail")
folder = scratch()


def check_then_create(path, barrier, results):
    conn = sqlite3.connect(path)
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='users'"
    ).fetchone()
    # Every worker has checked before any creates, as workers started together can.
    barrier.wait(timeout=10)
    try:
        if not exists:
            conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
            conn.commit()
        results.put("ok")
    except sqlite3.OperationalError as e:
        results.put(str(e))


def if_not_exists(path, barrier, results):
    conn = sqlite3.connect(path)
    barrier.wait(timeout=10)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
        results.put("ok")
    except sqlite3.OperationalError as e:
        results.put(str(e))


def orm_create_all(path, barrier, results):
    sqlalchemy = need("sqlalchemy")
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    metadata = sqlalchemy.MetaData()
    sqlalchemy.Table(
        "users",
        metadata,
        sqlalchemy.Column("id", sqlalchemy.Integer, primary_key=True),
        sqlalchemy.Column("name", sqlalchemy.String),
    )

    @sqlalchemy.event.listens_for(engine, "before_cursor_execute")
    def pause_before_create(conn, cursor, statement, *args):
        # create_all has already looked for the table when it sends CREATE.
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            barrier.wait(timeout=10)

    try:
        metadata.create_all(engine)
        results.put("ok")
    except sqlalchemy.exc.OperationalError as e:
        results.put(str(e.orig))
    except Exception as e:  # a worker that never reached CREATE breaks the barrier
        results.put(type(e).__name__)


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


plain = run(check_then_create, "plain")
fact.note(f"check then CREATE TABLE: {plain}")
fact.check(
    plain.count("ok") == 1 and sum("already exists" in o for o in plain) == WORKERS - 1,
    f"{WORKERS} processes: one creates, {WORKERS - 1} fail with 'table users already exists'",
)
guarded = run(if_not_exists, "guarded")
fact.note(f"CREATE TABLE IF NOT EXISTS: {guarded}")
fact.check(guarded.count("ok") == WORKERS, "CREATE TABLE IF NOT EXISTS: every process succeeds")
orm = run(orm_create_all, "orm")
fact.note(f"metadata.create_all(): {orm}")
fact.check(
    orm.count("ok") == 1 and sum("already exists" in o for o in orm) == WORKERS - 1,
    "SQLAlchemy create_all: one creates, the others fail with 'already exists'",
)
fact.done()
