"""The session caches its archive (`functools.cache` on the accessor): one
archive, so one connection, per session however often checkers ask. Not a
per-call leak; the one connection lives as long as the session."""
import functools
import threading


class AnalysisSession:
    def __init__(self, folder):
        self.folder = folder

    @functools.cache
    def archive(self):
        from archive import Archive

        return Archive(self.folder)


_lock = threading.Lock()


def run_checker(session, name):
    with _lock:
        session.archive().add(name, "seen")


def run_all(session, names):
    workers = [threading.Thread(target=run_checker, args=(session, n)) for n in names]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    run_all(AnalysisSession("."), ["perm", "crypto"])
