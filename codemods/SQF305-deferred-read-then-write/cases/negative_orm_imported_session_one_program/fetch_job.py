import sys
from datetime import datetime

from ingest import record

if __name__ == "__main__":
    for path in sys.argv[2:]:
        record(sys.argv[1], path, datetime.utcnow())
