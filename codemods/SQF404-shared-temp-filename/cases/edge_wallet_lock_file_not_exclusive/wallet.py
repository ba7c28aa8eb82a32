"""The same storage, but the lock file is created without O_EXCL: a second
program opening the wallet overwrites it and goes on, so two programs can
write `<wallet>.tmp` at once (reported)."""
import json
import os


class WalletLockError(Exception):
    pass


class Storage:
    def __init__(self, path):
        self.path = path
        folder, name = os.path.split(path)
        self.lock_path = os.path.join(folder, "." + name + ".lock")
        self._lock()
        with open(path) as f:
            self.data = json.load(f)

    def _lock(self):
        try:
            fd = os.open(self.lock_path, os.O_CREAT | os.O_WRONLY)
        except FileExistsError:
            raise WalletLockError("wallet is in use by another program: " + self.lock_path)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)

    def save(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def close(self):
        os.remove(self.lock_path)


def sync(storage, height):
    storage.data["height"] = height
    storage.save()
