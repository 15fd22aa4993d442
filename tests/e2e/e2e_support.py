"""Shared helpers of the end-to-end tests: they drive the real binary."""

import os
import shutil
import subprocess
import tempfile
import unittest

BIN = os.environ.get("FEEDMIRROR_BIN", "")
SOURCE_DIR = os.environ.get("FEEDMIRROR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED_DIR = os.environ.get("FEEDMIRROR_SHARED_DIR", os.path.join(SOURCE_DIR, "..", "shared"))


def run(*args, cwd=None, check=None, timeout=300):
    """Runs feedmirror with args; returns the CompletedProcess (text)."""
    proc = subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check is not None and proc.returncode != check:
        raise AssertionError("feedmirror %s exited %d, wanted %d\nstdout:\n%s\nstderr:\n%s"
                             % (" ".join(args), proc.returncode, check, proc.stdout, proc.stderr))
    return proc


def toml_string(value):
    """A TOML basic string holding value."""
    out = '"'
    for ch in value:
        if ch in '"\\':
            out += "\\" + ch
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out += "\\u%04x" % ord(ch)
        else:
            out += ch
    return out + '"'


def write_config(directory, sources, archive=None):
    """Writes feedmirror.toml; sources: list of dicts (name, url, ...)."""
    lines = ["[archive]"]
    for key, value in (archive or {}).items():
        lines.append("%s = %s" % (key, toml_string(value)))
    for source in sources:
        lines.append("")
        lines.append("[[source]]")
        for key, value in source.items():
            if isinstance(value, list):
                lines.append("%s = [%s]" % (key, ", ".join(toml_string(v) for v in value)))
            else:
                lines.append("%s = %s" % (key, toml_string(value)))
    path = os.path.join(directory, "feedmirror.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def posts(directory):
    """{file name: bytes} of the archive's _posts folder."""
    folder = os.path.join(directory, "_posts")
    if not os.path.isdir(folder):
        return {}
    result = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            result[name] = f.read()
    return result


def split_front_matter(text):
    """(front matter text, body) of a post."""
    assert text.startswith("---\n"), text[:40]
    end = text.index("\n---\n", 4)
    return text[4:end + 1], text[end + 5:]


class TempDirTest(unittest.TestCase):
    def setUp(self):
        if not BIN or not os.path.exists(BIN):
            self.fail("FEEDMIRROR_BIN is not set to the built binary (run through ctest)")
        self.dir = tempfile.mkdtemp(prefix="feedmirror-e2e-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)
