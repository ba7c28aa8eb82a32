from monitor import settings, store

if __name__ == "__main__":
    store.start(list(settings.thresholds()))
