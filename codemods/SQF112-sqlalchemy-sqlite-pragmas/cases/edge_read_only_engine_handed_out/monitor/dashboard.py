from monitor.reports import report_engine
from monitor.settings import settings_session


def clear_failures(session=None):
    session = session or settings_session()
    with report_engine.connect() as conn:
        conn.exec_driver_sql("DELETE FROM results WHERE ok = 0")
        conn.commit()
