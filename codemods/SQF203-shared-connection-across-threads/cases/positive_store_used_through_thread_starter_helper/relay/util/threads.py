"""The project's own way to start a thread: the helper wraps the callable it is
handed so a crash sets the stop event, and runs the wrapper on a new thread."""
import threading


def _guarded(work, stop, *args):
    try:
        work(*args)
    except Exception:
        stop.set()
        raise


def launch(work, name, stop, *args):
    thread = threading.Thread(target=_guarded, name=name, args=(work, stop) + args, daemon=True)
    thread.start()
    return thread
