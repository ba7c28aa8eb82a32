"""A second demo: runs one check over the lines of a file."""
import sys

from probes.registry import load_checks

if __name__ == "__main__":
    check = load_checks()[sys.argv[1]]
    for line in open(sys.argv[2]):
        check(line.strip())
