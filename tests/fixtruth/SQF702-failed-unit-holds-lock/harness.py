"""A duplicate upload makes a unit fail half-way (the first statement succeeded);
the caller handles the error like a web framework would. Then another connection
(an upload handler) tries to write."""
import json
import logging
import os
import sqlite3
import sys

logging.disable(logging.WARNING)
sys.path.insert(0, sys.argv[1])
os.environ["STORE_DB"] = os.path.join(sys.argv[2], "store.db")
import store  # noqa: E402


def other_write(tag):
    other = sqlite3.connect(store.DB_PATH, timeout=0.2)
    try:
        other.execute("INSERT INTO status_log (doc_id, status) VALUES (?, 'probe')", (tag,))
        other.commit()
        return 0
    except sqlite3.OperationalError as e:
        if "locked" not in str(e):
            raise
        return 1
    finally:
        other.close()


store.add_document("a")
store.add_documents(["b", "c"])
sequential = store.documents()

locked = 0
try:
    store.add_document("a")  # duplicate id: the second statement fails
except sqlite3.IntegrityError:
    pass
locked += other_write("after-add")
store._conn.commit()  # what the next successful call would do; starts the next case clean
store.add_documents(["d", "e", "d"])  # the handler inside swallows the duplicate
locked += other_write("after-batch")
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": f"{locked} of 2 writes after a failed unit got 'database is locked'",
}))
