"""The app keeps one connection open (as a server does) while 1,200 pages are saved."""
import json
import os
import sys

sys.path.insert(0, sys.argv[1])
import pages  # noqa: E402

work = sys.argv[2]
db = os.path.join(work, "pages.db")
pages.init(db)
app_conn = pages.connect(db)

for doc in range(40):
    for page in range(30):
        pages.save_page(db, f"doc{doc}", page, bytes([doc % 256]) * 8000)

wal_pages = os.path.getsize(db + "-wal") // 4096
result = list(pages.page_count(app_conn))
app_conn.close()
# The default checkpoint threshold is 1000 pages; bounded means it stays near that.
excess = max(0, wal_pages - 2000)
print(json.dumps({
    "sequential": result,
    "hazard": excess,
    "detail": f"WAL reached {wal_pages} pages ({wal_pages * 4096 / 1e6:.1f} MB) after 1,200 commits",
}))
