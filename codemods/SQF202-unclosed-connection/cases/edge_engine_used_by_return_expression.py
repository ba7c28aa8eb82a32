"""The engine's last use is inside the `return` expression: the `finally` runs
after that expression is evaluated, so the returned value is unchanged; a
comment between the statements stays inside the `try`."""
import sqlalchemy as sa


def count_rows(path, table):
    engine = sa.create_engine("sqlite:///" + path)
    # one short query
    with engine.connect() as conn:
        n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
    return sa.inspect(engine).has_table(table) and n
