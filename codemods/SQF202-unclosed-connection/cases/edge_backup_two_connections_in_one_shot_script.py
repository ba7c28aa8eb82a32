"""A backup script run once from cron: the two connections of its one `with`
close when the process exits a moment later; nothing repeats and nothing stays
up, so the missing close costs nothing."""
import sqlite3
import sys


def backup(src_path, dst_path):
    with sqlite3.connect(src_path) as src, sqlite3.connect(dst_path) as dst:
        src.backup(dst)


if __name__ == "__main__":
    backup(sys.argv[1], sys.argv[2])
