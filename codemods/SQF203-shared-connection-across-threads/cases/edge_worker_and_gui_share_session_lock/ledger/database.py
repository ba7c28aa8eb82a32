"""Edge: one module session for the window and the sync worker, every use
under one lock (serialized: left alone); `tally` is used by a worker thread
only, started once, with nothing on the main thread touching it (one thread)."""
import threading

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///ledger.db?check_same_thread=False")
db = sessionmaker(bind=engine)()
tally = sessionmaker(bind=engine)()
db_lock = threading.RLock()
