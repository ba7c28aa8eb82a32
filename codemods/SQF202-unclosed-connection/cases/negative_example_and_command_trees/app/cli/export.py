"""A one-shot command: parses its arguments, prints the rows, exits."""
import argparse
import sqlite3


def export(path):
    con = sqlite3.connect(path)
    for row in con.execute("SELECT * FROM items"):
        print(row)


parser = argparse.ArgumentParser()
parser.add_argument("db")
export(parser.parse_args().db)
