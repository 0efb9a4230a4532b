"""Every file chalkgrad writes goes through nn/_files.py: no other module of the packages writes a file itself."""

from __future__ import annotations

import re

from conftest import REPO_ROOT

# Ways of writing a file straight away, each of which would skip the atomic replace.
DIRECT_WRITES = re.compile(
    r"\.write_text\(|\.write_bytes\(|\bopen\([^)]*['\"][wax]b?\+?['\"]|os\.replace\(|mkstemp\(|\.savefig\(\s*['\"]"
)


def test_only_the_one_writer_writes_files() -> None:
    offenders = []
    for package in ("autograd", "nn", "viz"):
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            if path.relative_to(REPO_ROOT).as_posix() == "nn/_files.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if DIRECT_WRITES.search(line.split("#")[0]):
                    offenders.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "write files through nn._files.write_atomically:\n" + "\n".join(offenders)
