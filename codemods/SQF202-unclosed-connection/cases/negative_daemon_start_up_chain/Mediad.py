"""A media daemon's launcher. `main()` runs once, from the `__main__` guard: it
reads the flags, prepares the package (schema upgrade, version check, the
initial download queue), starts the background threads and the web server,
then waits. Every connection the start-up chain opens and drops is one
descriptor for the daemon's life, not one per request."""
import argparse

import mediad
from mediad import webstart


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--datadir", default=".")
    args = parser.parse_args()
    mediad.initialize(args.datadir)
    mediad.start()
    webstart.initialize({"port": 8181})
    mediad.wait()


if __name__ == "__main__":
    main()
