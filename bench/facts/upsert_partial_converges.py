"""F-upsert-converges: a batch of upserts (`INSERT OR REPLACE`, `INSERT OR
IGNORE`, `ON CONFLICT ... DO UPDATE SET c = excluded.c`) cut short by an error and
left pending, then committed by a later unrelated commit on the same
connection, publishes a subset of the batch's rows and nothing else; running the
whole batch again afterwards leaves the table exactly as one uninterrupted run
does. Plain INSERTs do not converge: the repeat duplicates the rows the cut
batch published (or fails on a unique key)."""
import sqlite3

from _fact import Fact

fact = Fact(
    "F-upsert-converges",
    "a cut-short batch of upserts committed later, then repeated, equals one full run",
)
ROWS = [(i, f"v{i}") for i in range(20)]
STATEMENTS = {
    "INSERT OR REPLACE": "INSERT OR REPLACE INTO t (id, v) VALUES (?, ?)",
    "INSERT OR IGNORE": "INSERT OR IGNORE INTO t (id, v) VALUES (?, ?)",
    "ON CONFLICT DO UPDATE": "INSERT INTO t (id, v) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET v = excluded.v",
    "plain INSERT (no key)": "INSERT INTO t (id, v) VALUES (?, ?)",
}


def table(keyed):
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE t (id INTEGER {'PRIMARY KEY' if keyed else ''}, v TEXT)")
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    return conn


for name, sql in STATEMENTS.items():
    keyed = not name.startswith("plain")
    full = table(keyed)
    for row in ROWS:
        full.execute(sql, row)
    full.commit()
    expected = full.execute("SELECT id, v FROM t ORDER BY id").fetchall()

    cut = table(keyed)
    try:
        for i, row in enumerate(ROWS):
            if i == 7:
                raise RuntimeError("the batch fails half-way")
            cut.execute(sql, row)
    except RuntimeError:
        pass  # no rollback: the 7 rows stay pending
    cut.execute("INSERT INTO other VALUES (1)")
    cut.commit()  # an unrelated commit publishes them
    published = cut.execute("SELECT count(*) FROM t").fetchone()[0]
    for row in ROWS:
        cut.execute(sql, row)
    cut.commit()
    after = cut.execute("SELECT id, v FROM t ORDER BY id").fetchall()
    same = after == expected
    if keyed:
        fact.check(published == 7 and same,
                   f"{name}: the later commit published {published} rows; after the repeat the table equals one full run: {same}")
    else:
        fact.check(not same,
                   f"{name}: after the repeat {len(after)} rows instead of {len(expected)} (does not converge)")
fact.done()
