"""The command a person runs to rebuild now."""
import sys

from searchidx.rebuild import rebuild, rebuild_tags


def main():
    rebuild(sys.argv[1:])
    rebuild_tags(sys.argv[1:])


if __name__ == "__main__":
    main()
