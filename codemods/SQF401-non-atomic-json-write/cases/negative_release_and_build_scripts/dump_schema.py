"""A command a developer runs to regenerate the API description the app
serves, from the app's own code: options from the command line, one write,
then it exits. Nothing imports it; a Makefile runs it. Not reported."""
import argparse
import json

from app.main import describe


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--indent", type=int, default=2)
    args = parser.parse_args()
    with open("app/openapi.json", "w") as fh:
        json.dump(describe(), fh, indent=args.indent)


if __name__ == "__main__":
    main()
