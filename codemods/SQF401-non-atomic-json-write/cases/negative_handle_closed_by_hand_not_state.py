"""Handles bound and closed by hand that write no state read back in place:
an audit log appended to, a page of HTML nothing parses again, and a state
file written to a temporary name of its own that is then renamed over the
real one."""
import os
import pickle
import time
import uuid


def audit(path, line):
    f = open(path, "a")
    try:
        f.write("%s %s\n" % (time.time(), line))
    finally:
        f.close()


def write_page(out_dir, html):
    f = open(os.path.join(out_dir, "index.html"), "w")
    try:
        f.write(html)
    finally:
        f.close()


class Store:
    def __init__(self, path):
        self.path = path

    def load(self):
        with open(self.path, "rb") as f:
            return pickle.load(f)

    def save(self, state):
        tmp = "%s.%s.tmp" % (self.path, uuid.uuid4().hex)
        f = open(tmp, "wb")
        try:
            pickle.dump(state, f)
        finally:
            f.close()
        os.replace(tmp, self.path)
