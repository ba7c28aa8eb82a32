"""Runs 50 concurrent `create` requests (each commits a row and counts it) and 50
`cancel` requests (each rolls its row back) of the module in argv[1]; prints JSON:
the errors raised, the rows kept and the counter. 50 and 50 when every
transaction stayed whole: a foreign COMMIT keeps a cancelled row, a foreign
ROLLBACK drops a created one."""
import asyncio
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("app", sys.argv[1])
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)


async def main():
    requests = []
    for i in range(50):
        requests.append(app.create(f"n{i}"))
        requests.append(app.cancel(f"c{i}"))
    results = await asyncio.gather(*requests, return_exceptions=True)
    return [str(r) for r in results if isinstance(r, BaseException)]


errors = asyncio.run(main())
if app.conn.in_transaction:
    app.conn.execute("ROLLBACK")  # left open by a request that failed mid-way
rows = app.conn.execute("SELECT count(*) FROM items").fetchone()[0]
counter = app.conn.execute("SELECT n FROM counters").fetchone()[0]
print(json.dumps({"errors": errors, "rows": rows, "counter": counter}))
