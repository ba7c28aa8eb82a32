"""A register written to `<file>.<pid>` and renamed over the file on the next
line: `Path(tmp).write_bytes(...)` names the same file `os.rename(tmp, ...)`
moves, so the write is atomic (the temporary name is SQF404's question)."""
import os
import pickle
import time
from pathlib import Path

REGISTER = os.path.expanduser("~/.cache/launcher/register.pickle")


def load_register():
    with open(REGISTER, "rb") as f:
        return pickle.load(f)


def save_register(data):
    tmp = f"{REGISTER}.{os.getpid()}"
    Path(tmp).write_bytes(pickle.dumps(data))
    os.rename(tmp, REGISTER)


def save_register_str(data):
    tmp = REGISTER + "." + str(os.getpid())
    Path(tmp).write_bytes(pickle.dumps(data))
    Path(tmp).replace(REGISTER)


def main():
    data = load_register()
    while True:
        data["seen"] = time.time()
        save_register(data)
        save_register_str(data)
        time.sleep(30)


if __name__ == "__main__":
    main()
