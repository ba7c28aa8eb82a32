"""Run by the editor after every save of a note."""
import sys

from notetool.state import remember

if __name__ == "__main__":
    remember("last_saved", sys.argv[1])
