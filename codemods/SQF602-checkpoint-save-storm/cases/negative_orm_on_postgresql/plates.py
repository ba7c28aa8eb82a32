"""Per-plate expiry timers: each known plate gets a thread that marks it gone
after a while. Parallel writers, but on PostgreSQL: they queue on row locks,
not on SQLite's one write lock."""
import threading
import time

from storage import Session
from models import Plate


def expire(plate_id):
    time.sleep(30)
    with Session() as session:
        session.query(Plate).filter_by(id=plate_id).update({"present": False})
        session.commit()


def on_plates_seen(plate_ids):
    for plate_id in plate_ids:
        threading.Thread(target=expire, args=(plate_id,), daemon=True).start()


if __name__ == "__main__":
    on_plates_seen([1, 2, 3])
