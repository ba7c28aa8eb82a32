"""Request threads write entries; some are rejected and rolled back while
another thread commits. Before: the one shared connection commits the
rejected rows too. After: each session has its own connection."""
import json
import os
import sys

work = sys.argv[2]
os.environ["LEDGER_DB_URL"] = f"sqlite:///{os.path.join(work, 'ledger.db')}"
sys.path.insert(0, sys.argv[1])
import ledger  # noqa: E402

ledger.init()
ledger.serve([("bad-1", "good-1")])
ledger.serve([("bad-2", "good-2"), ("bad-3", "good-3")])
kept = ledger.names()
rejected_kept = [n for n in kept if n.startswith("bad")]
print(json.dumps({
    "sequential": [n for n in kept if n.startswith("good")],
    "hazard": len(rejected_kept),
    "detail": f"{len(rejected_kept)} rolled-back entries committed by another thread",
}))
