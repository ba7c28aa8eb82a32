"""The same kind of daemon, where the leaking functions run again and again:
once per queued item in the worker's loop, once per web request, and one
helper that start-up calls but a request handler calls too. Its launcher runs
once; what the threads and the server run does not."""
import mediad
from mediad import webstart


def main():
    mediad.initialize()
    mediad.start()
    webstart.serve()


if __name__ == "__main__":
    main()
