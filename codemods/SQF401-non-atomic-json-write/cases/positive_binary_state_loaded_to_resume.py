"""Binary state a long job reloads when it starts again: each of these files
is loaded back with no guard, so a crash or a full disk mid-write costs the
run's progress (or stops the next start). Pickle into a `"wb"` file, marshal,
a numpy array, bytes through `write_bytes`."""
import marshal
import pathlib
import pickle

import numpy as np

PROGRESS = "progress.pkl"
VECTORS = "vectors.npy"
STEPS = pathlib.Path("steps.bin")
CODE = "compiled.marshal"


def resume():
    with open(PROGRESS, "rb") as f:
        return pickle.load(f)


def save_progress(done):
    with open(PROGRESS, "wb") as f:
        pickle.dump(done, f, protocol=pickle.HIGHEST_PROTOCOL)


def vectors():
    return np.load(VECTORS)


def save_vectors(matrix):
    with open(VECTORS, "wb") as f:
        np.save(f, matrix)


def steps():
    return pickle.loads(STEPS.read_bytes())


def save_steps(items):
    STEPS.write_bytes(pickle.dumps(items))


def compiled():
    with open(CODE, "rb") as f:
        return marshal.load(f)


def save_compiled(code):
    with open(CODE, "wb") as f:
        marshal.dump(code, f)
