"""A torn serial read back with a fallback. Falling back to serial 0 restarts
the sync from the beginning: what the file held is lost and every change is
mirrored again, so it stays reported (as a JSON state that starts over is).
A reader that returns nothing on a bad number, so its caller asks the server
for the current position again, takes a torn file for a miss: not reported."""
from pathlib import Path

SERIAL = Path("state/serial")
CURSOR = Path("state/cursor")


def load_serial():
    try:
        return int(SERIAL.read_text())
    except (FileNotFoundError, ValueError):
        return 0


def save_serial(serial):
    SERIAL.write_text(f"{serial}\n")


def load_cursor():
    try:
        return int(CURSOR.read_text())
    except ValueError:
        return None


def save_cursor(cursor):
    CURSOR.write_text(str(cursor))


def run():
    serial = load_serial()
    cursor = load_cursor()
    while True:
        serial += 1
        save_serial(serial)
        cursor = (cursor or 0) + 1
        save_cursor(cursor)


if __name__ == "__main__":
    run()
