bind = "0.0.0.0:8000"
workers = 1
timeout = 60
