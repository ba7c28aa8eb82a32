"""A disk session store: each session is pickled and base64-encoded by a
method of the store, written with `open(path, "wb")` bound to a name and
closed by hand in a `finally` (no `with`), an `IOError` swallowed around it.
Request threads read the same file back and decode it while it is rewritten:
the truncation at the open shows them an empty or cut session."""
import base64
import os
import pickle


class DiskStore:
    def __init__(self, root):
        self.root = root
        if not os.path.exists(root):
            os.makedirs(root)

    def _get_path(self, key):
        return os.path.join(self.root, key)

    def encode(self, session_dict):
        pickled = pickle.dumps(session_dict)
        return base64.encodebytes(pickled)

    def decode(self, session_data):
        pickled = base64.decodebytes(session_data)
        return pickle.loads(pickled)

    def __getitem__(self, key):
        path = self._get_path(key)
        if os.path.exists(path):
            pickled = open(path, "rb").read()
            return self.decode(pickled)
        raise KeyError(key)

    def __setitem__(self, key, value):
        path = self._get_path(key)
        pickled = self.encode(value)
        try:
            f = open(path, "wb")
            try:
                f.write(pickled)
            finally:
                f.close()
        except IOError:
            pass
