"""Two loaders that survive a torn pickle. The first names a cache: going on
with an empty cache is a miss, the values are computed again (not reported).
The second is the run's progress: going on with nothing starts the run over,
and that loses the work a crash interrupted (reported). A text-mode open that
pickles is left alone: it fails at once and is not this hazard."""
import pickle

RESULT_CACHE = "results_cache.pickle"
PROGRESS = "crawl_progress.pickle"


def load_results():
    try:
        with open(RESULT_CACHE, "rb") as f:
            return pickle.load(f)
    except (EOFError, pickle.UnpicklingError):
        print("cache unreadable, recomputing")
    return {}


def save_results(results):
    with open(RESULT_CACHE, "wb") as f:
        pickle.dump(results, f)


def load_progress():
    try:
        with open(PROGRESS, "rb") as f:
            return pickle.load(f)
    except EOFError:
        print("progress unreadable, starting over")
    return set()


def save_progress(done):
    with open(PROGRESS, "wb") as f:
        pickle.dump(done, f)


def save_wrong_mode(done):
    with open(PROGRESS, "w") as f:
        pickle.dump(done, f)
