"""Three uploads are recorded, then another connection counts the rows."""
import asyncio
import json
import os
import sys

sys.path.insert(0, sys.argv[1])
import uploads  # noqa: E402

work = sys.argv[2]


async def main():
    db = os.path.join(work, "uploads.db")
    await uploads.init(db)
    results = [await uploads.record_upload(db, name) for name in ["a.pdf", "b.pdf", "c.pdf"]]
    stored = await uploads.names(db)
    return results, stored


results, stored = asyncio.run(main())
lost = 3 - len(stored)
print(json.dumps({
    "sequential": results,
    "hazard": lost,
    "detail": f"{lost} of 3 recorded uploads lost; stored {stored}",
}))
