"""The command a person runs to rebuild now."""
import sys

from searchidx.rebuild import rebuild, rebuild_tags, rebuild_words


def main():
    rebuild(sys.argv[1:])
    rebuild_tags(sys.argv[1:])
    rebuild_words(sys.argv[1:])


if __name__ == "__main__":
    main()
