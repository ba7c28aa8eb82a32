"""A package tool's shared cache of downloaded archives.

Every run of the tool (several run at once in CI: one per project) asks the
cache for an archive by its file name and uses whatever file is there.
"""

from pathlib import Path


class ArtifactCache:
    def __init__(self, root: Path):
        self.root = root

    def archive_path(self, link):
        return self.root / link.digest[:2] / link.filename

    def get(self, link):
        archive = self.archive_path(link)
        if archive.is_file():
            return archive
        return None
