"""The same per-file loader on a project whose only database is a server
(its default URL names PostgreSQL, nothing names SQLite): a pooled socket per
call is a different problem from a SQLite file handle, and not reported here."""
import glob
import os

import pandas as pd
from sqlalchemy import create_engine

WAREHOUSE_URL = os.environ.get("WAREHOUSE_URL", "postgresql://etl@db/warehouse")


def load_one(csv_path, url, table):
    engine = create_engine(url)
    con = engine.connect()
    pd.read_csv(csv_path).to_sql(table, con=con, if_exists="append", index=False)


def main():
    for path in sorted(glob.glob("incoming/*.csv")):
        load_one(path, WAREHOUSE_URL, "readings")


if __name__ == "__main__":
    main()
