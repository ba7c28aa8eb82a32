"""`urlretrieve` writes the download under its final name as it arrives, so a
kill mid-download leaves a short file that `os.path.isfile` then takes for the
download: reported, without an automatic fix (the temporary name and the rename
are a change to make by hand). A retrieval to a temporary name renamed into
place afterwards is whole whenever the final name exists: not reported.
"""

import os
import urllib.request

BINARY = os.path.expanduser("~/.cache/tool/ffmpeg-static")
FONT = os.path.expanduser("~/.cache/tool/font.ttf")


def ensure_binary():
    if not os.path.isfile(BINARY):
        urllib.request.urlretrieve("https://example.org/ffmpeg-static", BINARY)
    return BINARY


def ensure_font():
    if not os.path.isfile(FONT):
        tmp = FONT + ".download"
        urllib.request.urlretrieve("https://example.org/font.ttf", tmp)
        os.replace(tmp, FONT)
    return FONT
