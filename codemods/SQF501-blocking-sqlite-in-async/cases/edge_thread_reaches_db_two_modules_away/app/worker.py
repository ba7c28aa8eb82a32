"""What the worker thread runs: renders a report, then saves it through a
helper of another module."""
from . import results


def render(report_id):
    body = f"report {report_id}"
    results.save(report_id, body)
