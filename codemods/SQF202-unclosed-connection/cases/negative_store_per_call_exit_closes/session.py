"""Each checker takes a new archive per call, but holds it in a `with` block,
whose exit closes the connection the archive opened."""
import threading


class AnalysisSession:
    def __init__(self, folder):
        self.folder = folder

    def archive(self):
        from archive import Archive

        return Archive(self.folder)


def run_checker(session, name):
    with session.archive() as archive:
        archive.add(name, "seen")


def run_all(session, names):
    workers = [threading.Thread(target=run_checker, args=(session, n)) for n in names]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    run_all(AnalysisSession("."), ["perm", "crypto"])
