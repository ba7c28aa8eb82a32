import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("DOCPROC_DATA_DIR", "data"))
DB_PATH = os.environ.get("DOCPROC_DB_PATH", str(DATA_DIR / "docproc.db"))
UPLOAD_DIR = DATA_DIR / "uploads"
CHECKPOINT_DIR = DATA_DIR / "checkpoints"

# Seconds of simulated conversion work per page and stage (real Docling pages take
# about a second; the load test runs ten times faster).
STAGE_DELAY = float(os.environ.get("DOCPROC_STAGE_DELAY", "0.1"))

for _d in (DATA_DIR, UPLOAD_DIR, CHECKPOINT_DIR):
    _d.mkdir(parents=True, exist_ok=True)
