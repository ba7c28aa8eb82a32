"""The daemon: loads the live back-ends only; the `unmaintained/` back-ends
are kept in the tree but nothing imports them."""
import time

from player.backends import local


def run():
    backend = local.LocalBackend()
    while True:
        backend.poll()
        time.sleep(1)
