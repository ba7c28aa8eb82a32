from lib.metrics.client import Reporter
