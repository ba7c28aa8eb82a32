import os
import sys
from datetime import datetime

from store import *

if __name__ == "__main__":
    for name in os.listdir(sys.argv[1]):
        session.add(Tile(layer="rebuilt", path=name, stamp=datetime.utcnow()))
    session.commit()
