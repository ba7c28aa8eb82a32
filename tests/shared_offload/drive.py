"""Runs 50 concurrent `create` requests of the module in argv[1]; prints JSON:
the errors raised, and whether the counter matches the rows."""
import asyncio
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("app", sys.argv[1])
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)


async def main():
    results = await asyncio.gather(*(app.create(f"n{i}") for i in range(50)), return_exceptions=True)
    return [str(r) for r in results if isinstance(r, BaseException)]


errors = asyncio.run(main())
rows = app.conn.execute("SELECT count(*) FROM items").fetchone()[0]
counter = app.conn.execute("SELECT n FROM counters").fetchone()[0]
print(json.dumps({"errors": errors, "rows": rows, "counter": counter}))
