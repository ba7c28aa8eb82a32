"""The maintainers' Windows packaging step: downloads the embeddable Python
zip into the build folder when it is not there yet, then unpacks it. A cut
download fails the build on a developer's machine, fixed by running it
again after deleting the file."""
import os
import zipfile

import requests

PY_ZIP = os.path.join("dist", "python-embed.zip")
URL = "https://www.python.org/ftp/python/3.12.0/python-3.12.0-embed-amd64.zip"


def download():
    if os.path.exists(PY_ZIP):
        return
    response = requests.get(URL, stream=True)
    with open(PY_ZIP, "wb") as f:
        for chunk in response.iter_content(chunk_size=65536):
            f.write(chunk)


def main():
    download()
    with zipfile.ZipFile(PY_ZIP) as z:
        z.extractall(os.path.join("dist", "python"))


if __name__ == "__main__":
    main()
