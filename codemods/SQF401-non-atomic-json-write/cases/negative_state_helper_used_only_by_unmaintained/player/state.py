"""A pickled-state helper. Only the back-ends of `unmaintained/` call it, and
the program never loads them: the write never runs in the deployed app."""
import os
import pickle
import shutil


def load_pickled_state(path):
    with open(path, "rb") as f:
        return pickle.load(f)


def dump_pickled_state(path, state):
    if os.path.exists(path):
        shutil.copy(path, path + ".bak")
    with open(path, "wb") as f:
        pickle.dump(state, f)
