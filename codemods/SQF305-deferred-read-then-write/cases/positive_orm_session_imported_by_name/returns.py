import sys

from inventory import withdraw

if __name__ == "__main__":
    withdraw(sys.argv[1], -int(sys.argv[2]))
