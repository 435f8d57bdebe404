"""Docs that cannot drift: every `docs/...` citation resolves, every figure id has its section.

Code, SQL, YAML, tests, benchmarks and READMEs cite the documentation as `docs/<file>.md` or
`docs/<file>.md#<anchor>`, the anchor being GitHub's slug of a heading (docs/architecture.md#comments-say-why).
This module finds every such citation and resolves it to an existing file and heading; it also
follows the relative links between the pages of docs/, fails when a figure id of a
published-figures CSV has no section in docs/figures.md (or one that does not state its
paragraph), and fails when anything still cites the design notes that lived outside the
repository, or a path outside it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.support.repo import REPO

DOCS = REPO / "docs"
HERE = Path(__file__).resolve()  # plants bad citations on purpose: left out of the repository scans
# where citations may stand: code, SQL, YAML, tests, benchmarks, READMEs, the docs themselves
SCANNED = ["flows", "sql", "expectations/definitions", "tests", "snapshots", "benchmarks", "docs", "README.md"]
TEXT_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".md", ".toml", ".txt", ".csv", ".html", ".j2", ".jinja"}
SKIPPED_DIRS = {"__pycache__", "static"}  # static: vendored third-party assets

CITATION = re.compile(r"(?<![\w/.-])docs/([\w./-]*?\.md)(?:#([\w-]+))?")
LINK = re.compile(r"\]\(([^)\s]+)\)")
# the design notes as they were named outside the repository, and paths outside it
OUTSIDE = re.compile(r"\b(?:SOURCES|FIGURES|STACK|ARCHITECTURE)\.md\b|\bARCHITECTURE\s+practice|\.\./shared\b|/work/")


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped except - and _, spaces -> -."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip())  # a link keeps its text
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def headings(text: str) -> list[tuple[int, str, int]]:
    """(level, heading text, line index) of the ATX headings outside fenced code blocks."""
    found, fenced = [], False
    for i, line in enumerate(text.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match and not fenced:
            found.append((len(match.group(1)), match.group(2), i))
    return found


def anchors(path: Path) -> set[str]:
    """Every anchor of a markdown file, a repeated heading getting -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    out = set()
    for _, heading, _ in headings(path.read_text(encoding="utf-8")):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def broken_citations(text: str, repo: Path = REPO) -> list[str]:
    """The `docs/...` citations of a text that name no file, or no heading of that file."""
    bad = []
    for match in CITATION.finditer(text):
        target, anchor = repo / "docs" / match.group(1), match.group(2)
        if not target.is_file():
            bad.append(f"{match.group(0)}: no such file")
        elif anchor and anchor not in anchors(target):
            bad.append(f"{match.group(0)}: no heading with that anchor")
    return bad


def broken_links(page: Path) -> list[str]:
    """Relative links of a docs page (`other.md#anchor`, `#anchor`) that do not resolve."""
    bad = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target):  # http:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        path = (page.parent / file_part).resolve() if file_part else page
        if not path.exists():
            bad.append(f"{page.name}: {target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            bad.append(f"{page.name}: {target}: no heading with that anchor")
    return bad


def outside_citations(text: str) -> list[str]:
    return [m.group(0) for m in OUTSIDE.finditer(text)]


def scanned_files(repo: Path = REPO) -> list[Path]:
    """Text files where citations may stand; source roots (a folder with manifest.json, data) excluded."""
    roots = {p.parent for p in (repo / "snapshots").rglob("manifest.json")}
    files = []
    for entry in SCANNED:
        top = repo / entry
        candidates = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in candidates:
            if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
                continue
            if SKIPPED_DIRS & set(path.relative_to(repo).parts) or any(r in path.parents for r in roots):
                continue
            files.append(path)
    return files


def published_figures(repo: Path = REPO) -> list[dict[str, str]]:
    """The rows of every published-figures CSV (one per annual report), found by their header."""
    rows = []
    for path in sorted(repo.glob("*/**/*.csv")):
        if {".venv", "warehouse"} & set(path.relative_to(repo).parts):
            continue
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if {"paragraph", "kind", "published"} <= set(reader.fieldnames or []):
                rows.extend({"id": r.get("id") or r.get("figure_id"), **r, "_file": path.name} for r in reader)
    return rows


def sections(path: Path) -> dict[str, str]:
    """{anchor: text under the heading, up to the next heading} of a markdown file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = headings("\n".join(lines))
    out = {}
    for k, (_, heading, i) in enumerate(found):
        end = found[k + 1][2] if k + 1 < len(found) else len(lines)
        out[slug(heading)] = "\n".join(lines[i + 1 : end])
    return out


# --- the repository ------------------------------------------------------------------------------


def test_the_scan_sees_the_code_and_the_docs() -> None:
    names = {p.relative_to(REPO).as_posix() for p in scanned_files()}
    for expected in ("README.md", "flows/transform.py", "sql/macros.sql", "docs/figures.md", "tests/unit/test_docs.py"):
        assert expected in names
    assert not any(n.startswith("snapshots/ohchr-2023/") and not n.endswith(".md") for n in names)


def test_every_docs_citation_resolves_to_a_file_and_heading() -> None:
    bad = {
        p.relative_to(REPO).as_posix(): broken_citations(p.read_text(encoding="utf-8"))
        for p in scanned_files()
        if p != HERE
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_code_cites_the_docs() -> None:
    cited = {
        m.group(1)
        for p in scanned_files()
        if p.parent != DOCS
        for m in CITATION.finditer(p.read_text(encoding="utf-8"))
    }
    assert {"sources.md", "figures.md", "architecture.md", "stack.md"} <= cited


def test_links_between_docs_pages_resolve() -> None:
    assert [bad for page in sorted(DOCS.glob("*.md")) for bad in broken_links(page)] == []


def test_nothing_cites_a_document_or_path_outside_the_repository() -> None:
    found = {
        p.relative_to(REPO).as_posix(): outside_citations(p.read_text(encoding="utf-8"))
        for p in scanned_files()
        if p != HERE
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_every_published_figure_id_has_a_section_stating_its_paragraph() -> None:
    rows = published_figures()
    assert len({r["_file"] for r in rows}) >= 1 and len(rows) >= 78
    text = sections(DOCS / "figures.md")
    missing = sorted({r["id"] for r in rows if slug(f"`{r['id']}`") not in text})
    assert missing == []
    wrong = sorted(
        {r["id"] for r in rows if not re.search(rf"\bParagraph {r['paragraph']}\b", text[slug(f"`{r['id']}`")])}
    )
    assert wrong == []


def test_figures_has_the_general_sections() -> None:
    assert {"cutoff", "null-and-zero", "lists", "checking-against-the-published-report"} <= anchors(DOCS / "figures.md")


# --- the resolver, on planted files --------------------------------------------------------------

PAGE = """# Title
## Cutoff
### `replies.response_rate_pct`
## Notes
```
## Not a heading (inside a fence)
```
## Notes
## Notes
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "figures.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("-- per docs/figures.md#cutoff, nothing later counts", 0),
        ("# docs/figures.md#repliesresponse_rate_pct.", 0),
        ("see docs/figures.md", 0),
        ("see docs/figures.md#notes-1 and docs/figures.md#notes-2", 0),
        ("(docs/figures.md#cutoff)", 0),
        ("see docs/figures.md#notes-3", 1),  # only three headings named Notes
        ("see docs/figures.md#not-a-heading-inside-a-fence", 1),  # fenced lines are not headings
        ("see docs/figures.md#cut-off", 1),  # a planted bad anchor
        ("see docs/figure.md#cutoff", 1),  # a planted bad file
        ("see docs/sources.md", 1),
        ("flows/static/datadocs/README.md", 0),  # not a citation of docs/
    ],
)
def test_the_resolver_catches_a_planted_bad_citation(repo: Path, text: str, broken: int) -> None:
    assert len(broken_citations(text, repo)) == broken, broken_citations(text, repo)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("`communications.sent`", "communicationssent"),
        ("`holders.region_pct.african`", "holdersregion_pctafrican"),
        ("Checking against the published report", "checking-against-the-published-report"),
        ("Null and zero", "null-and-zero"),
        ("Mandates and holders (paragraphs 2-5, 69)", "mandates-and-holders-paragraphs-2-5-69"),
        ("One reader, two transports", "one-reader-two-transports"),
        ("[Publish](#stages) step", "publish-step"),
    ],
)
def test_slugs_follow_github(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("# per FIGURES.md para 52", 1),
        ("(ARCHITECTURE practice 3)", 1),
        ("see ../shared/design/SOURCES.md", 2),
        ("open('/work/shared/reference/x.csv')", 1),
        ("per docs/figures.md#cutoff", 0),
        ("the figures.md of docs/", 0),
    ],
)
def test_citations_outside_the_repository_are_caught(text: str, found: int) -> None:
    assert len(outside_citations(text)) == found


def test_a_figure_id_without_a_section_is_caught(tmp_path: Path) -> None:
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "figures_2030.csv").write_text(
        "id,paragraph,kind,published\nreplies.response_rate_pct,8,percent_2dp,1\nnew.figure,9,count,1\n", "utf-8"
    )
    (tmp_path / "reference" / "countries.csv").write_text("iso3,name_en\nFRA,France\n", "utf-8")
    rows = published_figures(tmp_path)
    assert [r["id"] for r in rows] == ["replies.response_rate_pct", "new.figure"]
    page = tmp_path / "figures.md"
    page.write_text(PAGE, encoding="utf-8")
    assert [r["id"] for r in rows if slug(f"`{r['id']}`") not in sections(page)] == ["new.figure"]
