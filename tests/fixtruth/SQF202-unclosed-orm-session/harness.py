"""20 requests, one after another, each on its own thread, with the cyclic
GC held off (as between two collections of a busy server). Before: each
request keeps its session's connection, the pool (5 + 10) runs out and the
last requests fail after pool_timeout. After: every connection goes back."""
import gc
import json
import os
import sqlite3
import sys

work = sys.argv[2]
path = os.path.join(work, "shop.db")
os.environ["SHOP_DB"] = path
conn = sqlite3.connect(path)
conn.execute("CREATE TABLE item (name TEXT)")
conn.executemany("INSERT INTO item VALUES (?)", [(f"i{n % 3}",) for n in range(9)])
conn.commit()
conn.close()
sys.path.insert(0, sys.argv[1])
import server  # noqa: E402

sequential, _ = server.serve(["i0", "i1", "i2", "i3"])
gc.collect()
gc.disable()
results, failures = server.serve([f"i{n % 4}" for n in range(20)])
gc.enable()
print(json.dumps({
    "sequential": sequential,
    "hazard": len(failures),
    "detail": f"{len(failures)} of 20 requests failed ({sorted(set(failures))})",
}))
