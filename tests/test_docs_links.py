"""Every link in README.md and docs/ resolves inside the repository: a fresh clone has no ../shared/ folder and
no reader should meet a dead link (issue 13)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
# A path in backticks that climbs out of the repository, e.g. `../shared/spec/requirements.md`.
OUTSIDE = re.compile(r"`(\.\./[^`]+)`")


def _documents():
    return [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_every_link_resolves_inside_the_repository():
    dead = []
    for document in _documents():
        text = document.read_text(encoding="utf-8")
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue  # a web address or an anchor on the same page
            path = (document.parent / target.split("#", 1)[0]).resolve()
            if not path.is_relative_to(ROOT) or not path.exists():
                dead.append(f"{document.relative_to(ROOT)}: {target}")
        dead += [f"{document.relative_to(ROOT)}: {path}" for path in OUTSIDE.findall(text)]
    assert not dead, "\n".join(dead)


def test_requirements_table_lists_every_numbered_requirement():
    text = (ROOT / "docs" / "requirements.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (M\d+|D\d+) \|", text, flags=re.M)
    assert rows == [f"M{n}" for n in range(1, 34)] + [f"D{n}" for n in range(1, 9)]
    states = re.findall(r"^\| (?:M|D)\d+ \|[^|]*\| (сделано|частично|не сделано) \|", text, flags=re.M)
    assert len(states) == len(rows)
