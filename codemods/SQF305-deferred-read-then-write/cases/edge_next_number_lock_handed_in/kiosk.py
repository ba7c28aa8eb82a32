import threading

from counters import next_ticket

GUARD = threading.Lock()

if __name__ == "__main__":
    print(next_ticket(GUARD, "front"))
