"""Another connection keeps a read transaction open for 2.5 s on a file still
in the rollback journal while the store opens a connection and adds a note."""
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import store  # noqa: E402

work = sys.argv[2]

seq = os.path.join(work, "seq.db")
store.init(seq)
for text in ("a", "b", "c"):
    store.add(seq, text)
sequential = store.notes(seq)

# Created here in the rollback journal, as a file left by an older release:
# only the store's own open may switch it to WAL.
db = os.path.join(work, "load.db")
setup = sqlite3.connect(db)
setup.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
setup.commit()
setup.close()
reading = threading.Event()


def reader():
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM notes").fetchone()
    reading.set()
    threading.Event().wait(2.5)
    conn.execute("COMMIT")
    conn.close()


holder = threading.Thread(target=reader)
holder.start()
reading.wait()
errors = []
try:
    store.add(db, "beside a reader")
except sqlite3.OperationalError as e:
    errors.append(str(e))
holder.join()
print(json.dumps({
    "sequential": sequential,
    "hazard": len(errors),
    "detail": f"{len(errors)} of 1 opens failed switching to WAL beside a 2.5 s read ({errors})",
}))
