"""Pinned public repositories, read from local git mirrors and checked by sqlfix.

Shared by bench/realfix/score.py and bench/apps/evaluate.py. A mirror is a bare
git directory; the default layout is the one the team's fetch tool writes,
<mirrors>/<owner>+<name>/repo. Nothing here touches the network: a missing
mirror or commit is an error that says how to get it.
"""
import json
import os
import shutil
import subprocess
import tempfile

DEFAULT_MIRRORS = "/work/.mirror"


class MirrorError(Exception):
    pass


def git_dir(mirrors, repo):
    """The bare git directory of `owner/name` under `mirrors`."""
    base = os.path.join(mirrors, repo.replace("/", "+"))
    # Some snapshots arrive as a work tree's .git rather than a bare directory.
    for candidate in (os.path.join(base, "repo"), os.path.join(base, "repo", ".git"), base):
        if os.path.isfile(os.path.join(candidate, "HEAD")):
            return candidate
    raise MirrorError(
        f"no git mirror of {repo} under {mirrors} (looked for {base}/repo): fetch it "
        f"(the search tool's fetch, `github:{repo}`, or `git clone --mirror "
        f"https://github.com/{repo} {base}/repo`), or point --mirrors DIR at where it is")


def require_mirrors(mirrors, repos):
    """Exit with one message naming every repository whose mirror is missing."""
    missing = []
    for repo in sorted(set(repos)):
        try:
            git_dir(mirrors, repo)
        except MirrorError as e:
            missing.append(str(e))
    if missing:
        raise SystemExit("\n".join(["missing git mirrors:"] + missing))


def materialize(mirrors, repo, commit, dest):
    """Write the tree of `commit` into `dest` (git archive | tar -x)."""
    gd = git_dir(mirrors, repo)
    probe = subprocess.run(["git", "--git-dir", gd, "cat-file", "-e", f"{commit}^{{commit}}"],
                           capture_output=True, check=False)
    if probe.returncode != 0:
        raise MirrorError(f"{repo}: commit {commit} is not in the mirror {gd} (fetch a newer snapshot)")
    os.makedirs(dest, exist_ok=True)
    archive = subprocess.Popen(["git", "--git-dir", gd, "archive", commit], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    untar = subprocess.run(["tar", "-x", "-C", dest], stdin=archive.stdout, capture_output=True, check=False)
    archive.stdout.close()
    if archive.wait() != 0 or untar.returncode != 0:
        # Snapshots can lack their largest blobs (images, data), and git archive
        # stops at the first one: write the blobs that are there, one by one.
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        write_present_blobs(gd, commit, dest)


def write_present_blobs(gd, commit, dest):
    """Every regular file of `commit` whose blob the mirror has, written under `dest`."""
    listing = subprocess.run(["git", "--git-dir", gd, "ls-tree", "-r", "-z", commit],
                             capture_output=True, check=True).stdout.split(b"\0")
    entries = []
    for item in listing:
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode in (b"100644", b"100755"):
            entries.append((sha, path.decode("utf-8", "surrogateescape")))
    batch = subprocess.run(["git", "--git-dir", gd, "cat-file", "--batch"],
                           input=b"".join(sha + b"\n" for sha, _ in entries),
                           capture_output=True, check=False).stdout
    pos = 0
    for _, path in entries:
        header_end = batch.index(b"\n", pos)
        header = batch[pos:header_end].split()
        pos = header_end + 1
        if header[-1] == b"missing":
            continue
        size = int(header[2])
        target = os.path.join(dest, path)
        if os.path.normpath(target).startswith(os.path.normpath(dest) + os.sep):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(batch[pos:pos + size])
        pos += size + 1


def run_sqlfix(sqlfix, project_dir):
    """sqlfix's findings on the whole project, as a user runs it from its root.

    Returns (findings, stderr); findings is None when sqlfix failed."""
    # sqlfix runs from the project root, so a relative --sqlfix must be resolved first.
    proc = subprocess.run([os.path.abspath(sqlfix), "--no-cache", "--output-format", "json", "--exit-zero", "."],
                          cwd=project_dir, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return None, proc.stderr
    return json.loads(proc.stdout or "[]"), proc.stderr


class Checkout:
    """A temporary directory holding one pinned tree; removed on exit."""

    def __init__(self, mirrors, repo, commit, keep=None):
        self.mirrors, self.repo, self.commit, self.keep = mirrors, repo, commit, keep

    def __enter__(self):
        if self.keep:
            self.path = os.path.join(self.keep, self.repo.replace("/", "+") + "@" + self.commit[:12])
            if not os.path.isdir(self.path):
                materialize(self.mirrors, self.repo, self.commit, self.path)
        else:
            self.path = tempfile.mkdtemp(prefix="sqlfix-bench-")
            materialize(self.mirrors, self.repo, self.commit, self.path)
        return self.path

    def __exit__(self, *exc):
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)
        return False
