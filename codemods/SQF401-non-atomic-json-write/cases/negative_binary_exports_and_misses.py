"""Binary files that are no checkpoint: an export nothing in the project loads
again, a pickle renamed into place after it is written, and a cache whose
loader takes a torn file for a miss (it returns nothing and the caller
computes the value again)."""
import os
import pickle

import numpy as np


def export_embeddings(matrix):
    # Handed to another team; this program never opens it again.
    with open("embeddings_export.npy", "wb") as f:
        np.save(f, matrix)


def save_model(model, path):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        pickle.dump(model, f)
    os.replace(tmp, path)


CACHE = "lookup_cache.pkl"


def cached():
    try:
        with open(CACHE, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError):
        return None


def store(value):
    with open(CACHE, "wb") as f:
        pickle.dump(value, f)
