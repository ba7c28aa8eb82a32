bind = "0.0.0.0:8000"
workers = 1
worker_class = "sync"
timeout = 120
accesslog = "-"
