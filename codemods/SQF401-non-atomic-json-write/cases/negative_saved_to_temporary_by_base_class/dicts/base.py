"""A persistent dictionary: the base class's `save()` hands each format's
`_save(filename)` a temporary name beside the real file and moves it over
the file when `_save` returns (through a context manager). `_save` writes in
place, but only ever into that temporary: the save is atomic."""
import contextlib
import os
import tempfile


@contextlib.contextmanager
def replaced_on_success(path):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", suffix=".part")
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class PersistentDict(dict):
    def __init__(self, filename):
        super().__init__()
        self.filename = filename
        if os.path.exists(filename):
            self.update(self._load(filename))

    def save(self):
        with replaced_on_success(self.filename) as tmp:
            self._save(tmp)

    def _load(self, filename):
        raise NotImplementedError

    def _save(self, filename):
        raise NotImplementedError
