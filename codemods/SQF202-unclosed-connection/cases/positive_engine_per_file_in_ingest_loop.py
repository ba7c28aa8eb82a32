"""An ingest command that builds an engine and checks out a connection for
every CSV file, closing neither. The URL comes from the caller, but the
project's default is a SQLite file: thousands of files later the process runs
out of file descriptors ("Too many open files")."""
import glob
import os

import pandas as pd
from sqlalchemy import create_engine

WAREHOUSE_URL = os.environ.get("WAREHOUSE_URL", "sqlite:///warehouse.db")


def load_one(csv_path, url, table):
    engine = create_engine(url)
    con = engine.connect()
    frame = pd.read_csv(csv_path)
    frame.to_sql(table, con=con, if_exists="append", index=False)


def main():
    for path in sorted(glob.glob("incoming/*.csv")):
        load_one(path, WAREHOUSE_URL, "readings")


if __name__ == "__main__":
    main()
