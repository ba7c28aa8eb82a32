import threading

from notes.store import CallStore, RegistryStore


def run(store, bodies):
    for body in bodies:
        store.add(body)
    if hasattr(store, "done"):
        store.done()


if __name__ == "__main__":
    for store in (RegistryStore(), CallStore()):
        threading.Thread(target=run, args=(store, ["a", "b"])).start()
