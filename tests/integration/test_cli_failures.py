"""Every way a run can fail ends the same way on the terminal: no traceback, the reason last,
naming the file or URL, and the documented exit code (issue 8, acceptance 2).

Each case is `spfacts run` in a fresh process on a small root that stops early (extract, load or
staging), against the session's Prefect server; three run at once. One case also goes through a
run's own temporary Prefect server, whose shutdown noise must stay in the log file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from filelock import FileLock

from flows.errors import ExitCode
from tests.support.cli import Done, cli_env, run_cli
from tests.support.loopback import LoopbackServer
from tests.support.repo import SNAPSHOT
from tests.support.roots import COMMUNICATIONS_CSV, EVENTS_JSON, MEDIA_JSONL, REPORTS_XML, RootFile, write_root

pytestmark = pytest.mark.integration

CSV = "communications/communications-2023-001.csv"
XML = "reports/reports-2023.xml"
JSONL = "media/media-2023.jsonl"
JSON = "events/events-2023.json"
COMMUNICATION_COLUMNS = (
    "gId,Date,Type,Ref. no.,Country,Non-State actors,Mandates,Summary,UN Region,OHCHR Region,"
    "Nb. of alleged victims,Nb. of alleged victims (women),Tags"
)


@dataclass
class Case:
    name: str
    build: Callable[[Path, Callable[[Path], LoopbackServer]], str]  # (folder, serve) -> source
    code: ExitCode
    reason: str  # what the last line must contain ({source} is replaced)
    env: dict[str, str] = field(default_factory=dict)


def _root(folder: Path, *files: RootFile, **overrides: dict) -> str:
    write_root(folder, list(files), overrides=overrides.get("overrides"))
    return str(folder)


def _csv(content: bytes, rows: int = 2) -> RootFile:
    return RootFile(CSV, content, "communications", "csv", rows, 2023)


def _full_csv(*records: str) -> bytes:
    return (COMMUNICATION_COLUMNS + "\n" + "".join(r + "\n" for r in records)).encode()


GOOD = "101,05 Jan 2023,AL,ABC 1/2023,France,,SR health,short,WEOG,Europe,1,0,"


def _no_manifest(folder: Path, serve) -> str:
    (folder / "communications").mkdir(parents=True)
    (folder / CSV).write_bytes(COMMUNICATIONS_CSV)
    return str(folder)


def _manifest_not_json(folder: Path, serve) -> str:
    folder.mkdir()
    (folder / "manifest.json").write_text('{"contract": 1,', encoding="utf-8")
    return str(folder)


def _unsafe_path(folder: Path, serve) -> str:
    return _root(folder, _csv(COMMUNICATIONS_CSV), overrides={0: {"path": "../escape.csv"}})


def _listed_but_missing(folder: Path, serve) -> str:
    source = _root(folder, _csv(COMMUNICATIONS_CSV))
    (folder / CSV).unlink()
    return source


def _patched(field_name: str, value: object) -> Callable[[Path, object], str]:
    def build(folder: Path, serve) -> str:
        return _root(folder, _csv(COMMUNICATIONS_CSV), overrides={0: {field_name: value}})

    return build


def _not_utf8(folder: Path, serve) -> str:
    return _root(folder, _csv(COMMUNICATIONS_CSV.replace(b"First line", b"First \xff line")))


def _broken_quoting(folder: Path, serve) -> str:
    return _root(folder, _csv(b'gId,Summary\n1,"a"b\n2,c\n'))


def _duplicate_column(folder: Path, serve) -> str:
    return _root(folder, _csv(b"gId,Date,gId\n1,2,3\n", rows=1))


def _unsafe_xml(folder: Path, serve) -> str:
    xml = REPORTS_XML.replace(b"<marc:collection", b'<!DOCTYPE x [<!ENTITY e "boom">]>\n<marc:collection', 1)
    return _root(folder, RootFile(XML, xml, "reports", "marcxml", 2, 2023))


def _malformed_xml(folder: Path, serve) -> str:
    return _root(folder, RootFile(XML, REPORTS_XML.replace(b"</marc:record>", b"", 1), "reports", "marcxml", 2, 2023))


def _not_json(folder: Path, serve) -> str:
    return _root(folder, RootFile(JSON, EVENTS_JSON.replace(b"]", b""), "events", "json", 3, 2023))


def _jsonl_line_not_json(folder: Path, serve) -> str:
    return _root(folder, RootFile(JSONL, MEDIA_JSONL.replace(b'"three"}', b'"three"'), "media", "jsonl", 2, 2023))


def _symlink_out(folder: Path, serve) -> str:
    source = _root(folder, _csv(COMMUNICATIONS_CSV))
    outside = folder.parent / f"{folder.name}-outside.csv"
    (folder / CSV).rename(outside)
    os.symlink(outside, folder / CSV)
    return source


def _long_cell(folder: Path, serve) -> str:
    return _root(folder, _csv(_full_csv(GOOD.replace("short", "x" * 100)), rows=1))


def _missing_column(folder: Path, serve) -> str:
    return _root(folder, _csv(COMMUNICATIONS_CSV))  # the tiny CSV lacks most required columns


def _duplicate_key(folder: Path, serve) -> str:
    return _root(folder, _csv(_full_csv(GOOD, GOOD), rows=2))  # Ref. no. is a key replies name


def _missing_folder(folder: Path, serve) -> str:
    return str(folder / "nowhere")


def _refused_port(folder: Path, serve) -> str:
    folder.mkdir()
    server = LoopbackServer(folder)
    url = server.url
    server.close()
    return url


def _http_status(status: int) -> Callable[[Path, object], str]:
    def build(folder: Path, serve) -> str:
        server = serve(Path(_root(folder, _csv(COMMUNICATIONS_CSV))))
        server.fault("manifest.json", status=status)
        return server.url

    return build


def _redirect_elsewhere(folder: Path, serve) -> str:
    server = serve(Path(_root(folder, _csv(COMMUNICATIONS_CSV))))
    elsewhere = serve(folder)
    server.fault(CSV, redirect=elsewhere.url + CSV)
    return server.url


def _rejected_types(folder: Path, serve) -> str:
    """The snapshot with a new Type code in one communications file: a quarter of them rejected."""
    shutil.copytree(SNAPSHOT, folder)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    entry = next(e for e in manifest["files"] if e["path"] == CSV)
    rows = list(csv.reader(io.StringIO((folder / CSV).read_text("utf-8"), newline="")))
    column = rows[0].index("Type")
    for row in rows[1:]:
        row[column] = "XAL"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    data = out.getvalue().encode()
    (folder / CSV).write_bytes(data)
    entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return str(folder)


CASES = [
    Case("no manifest", _no_manifest, ExitCode.SOURCE, "manifest.json: no manifest at this root"),
    Case("manifest not JSON", _manifest_not_json, ExitCode.SOURCE, "manifest.json: not JSON"),
    Case("unsafe path", _unsafe_path, ExitCode.SOURCE, "manifest.json files[0].path: '../escape.csv'"),
    Case("listed but missing", _listed_but_missing, ExitCode.SOURCE, f"{CSV}: listed in the manifest but missing"),
    Case(
        "wrong bytes",
        _patched("bytes", 9999),
        ExitCode.SOURCE,
        f"{CSV}: {len(COMMUNICATIONS_CSV)} bytes, manifest says 9999",
    ),
    Case("wrong sha256", _patched("sha256", "0" * 64), ExitCode.SOURCE, f"{CSV}: sha256 "),
    Case("wrong rows", _patched("rows", 5), ExitCode.SOURCE, f"{CSV}: 2 csv records, manifest says 5"),
    Case("not UTF-8", _not_utf8, ExitCode.SOURCE, f"{CSV}: line 2, column 38: not UTF-8: invalid byte 0xff"),
    Case("broken quoting", _broken_quoting, ExitCode.SOURCE, f"{CSV}: row 1, line 2, column 2 'Summary': broken CSV"),
    Case("duplicate column", _duplicate_column, ExitCode.SOURCE, f"{CSV}: line 1: duplicate column name(s) ['gId']"),
    Case("unsafe XML", _unsafe_xml, ExitCode.SOURCE, f"{XML}: unsafe XML refused"),
    Case("malformed XML", _malformed_xml, ExitCode.SOURCE, f"{XML}: line "),
    Case("not JSON", _not_json, ExitCode.SOURCE, f"{JSON}: line 2, column 1: not JSON"),
    Case("JSON Lines line not JSON", _jsonl_line_not_json, ExitCode.SOURCE, f"{JSONL}: line 3: not valid JSON"),
    Case("symlink out of the root", _symlink_out, ExitCode.SOURCE, f"{CSV}: a symlink to "),
    Case(
        "file over the size bound",
        _missing_column,
        ExitCode.SOURCE,
        f"{CSV}: the manifest says {len(COMMUNICATIONS_CSV)} bytes, more than the 64 bytes a file may have",
        {"SPFACTS_MAX_FILE_BYTES": "64"},
    ),
    Case(
        "cell over the size bound",
        _long_cell,
        ExitCode.SOURCE,
        f"{CSV}: row 1, line 2, column 8 'Summary': a cell longer than 50 characters",
        {"SPFACTS_MAX_CELL_BYTES": "50"},
    ),
    Case("missing column", _missing_column, ExitCode.SOURCE, f"{CSV}: required column 'Country' is missing"),
    Case("duplicate key", _duplicate_key, ExitCode.SOURCE, f"{CSV} row 1: Ref. no. ABC 1/2023 occurs 2 times"),
    Case("missing folder", _missing_folder, ExitCode.SOURCE, "{source}: source root is not a folder"),
    Case(
        "refused port",
        _refused_port,
        ExitCode.SOURCE,
        "{source}manifest.json: gave up after",
        {"SPFACTS_HTTP_UNREACHABLE_SECONDS": "1"},
    ),
    Case("HTTP 404 on the manifest", _http_status(404), ExitCode.SOURCE, "{source}manifest.json: no manifest"),
    Case("HTTP 403 on the manifest", _http_status(403), ExitCode.SOURCE, "{source}manifest.json: HTTP 403"),
    Case(
        "HTTP 503 for ever",
        _http_status(503),
        ExitCode.SOURCE,
        "{source}manifest.json: gave up after",
        {"SPFACTS_HTTP_RETRY_SECONDS": "2"},
    ),
    Case("redirect to another origin", _redirect_elsewhere, ExitCode.SOURCE, f"{CSV}: HTTP 302 redirect to http://"),
    Case(
        "reject budget",
        _rejected_types,
        ExitCode.CHECK,
        "reject budget exceeded: communications: 362 of 1374 rows rejected (26.3%",
    ),
]


@pytest.fixture(scope="module")
def api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def _check(done: Done, case: Case, source: str, warehouse: Path) -> list[str]:
    """What is wrong with one case's terminal output (empty when nothing)."""
    problems = []
    if done.code != case.code:
        problems.append(f"exit code {done.code}, expected {case.code}")
    if "Traceback" in done.output or "Error flushing" in done.output or "CancelledError" in done.output:
        problems.append("a traceback or Prefect's noise reached the terminal")
    last = done.lines[-1] if done.lines else ""
    reason = case.reason.format(source=source)
    if not last.startswith("spfacts: ") or reason not in last:
        problems.append(f"last line {last!r} does not give the reason {reason!r}")
    logs = list((warehouse / "logs").glob("*.log"))
    if len(logs) != 1 or f"logs/{logs[0].name}" not in done.output:
        problems.append(f"the log file is not named on the terminal (logs: {logs})")
    if len(done.lines) > 12:
        problems.append(f"{len(done.lines)} lines on the terminal")
    if list(warehouse.glob("*/spfacts.duckdb")):
        problems.append("something was published")
    return [f"{case.name}: {p}\n{done.output}" for p in problems]


def test_every_failure_ends_with_its_reason_and_exit_code(tmp_path, http_root, api_url):
    def one(number: int, case: Case) -> list[str]:
        folder, warehouse = tmp_path / f"root-{number}", tmp_path / f"wh-{number}"
        source = case.build(folder, http_root)
        env = cli_env(tmp_path / "prefect", api_url, **case.env)
        done = run_cli(["run", "--source", source, "--warehouse", str(warehouse)], env, timeout=300)
        return _check(done, case, source, warehouse)

    with ThreadPoolExecutor(max_workers=3) as pool:
        problems = [p for found in pool.map(one, range(len(CASES)), CASES) for p in found]
    assert problems == [], "\n\n".join(problems)


def test_the_temporary_servers_noise_stays_in_the_log(tmp_path):
    """A one-off run starts and stops its own Prefect server; nothing of that reaches the terminal."""
    warehouse = tmp_path / "wh"
    done = run_cli(["run", "--source", str(tmp_path / "nowhere"), "--warehouse", str(warehouse)], cli_env(tmp_path))
    assert done.code == ExitCode.SOURCE
    assert done.lines[-1] == f"spfacts: {(tmp_path / 'nowhere').as_uri()}: source root is not a folder"
    assert len(done.lines) == 2, done.output  # the log's path, then the reason
    (log,) = (warehouse / "logs").glob("*.log")
    text = log.read_text(encoding="utf-8")
    assert "Starting temporary server" in text and "Traceback" in text  # Prefect's own account, kept


def test_a_busy_warehouse_stops_with_one_line_naming_the_lock(tmp_path, api_url):
    warehouse = tmp_path / "wh"
    warehouse.mkdir()
    lock = FileLock(str(warehouse / "spfacts.lock"))
    with lock:
        env = cli_env(tmp_path / "prefect", api_url, SPFACTS_LOCK_TIMEOUT="1")
        done = run_cli(["run", "--warehouse", str(warehouse)], env)
    assert done.code == ExitCode.BUSY
    assert done.lines[-1].startswith(f"spfacts: another run holds the warehouse lock {warehouse / 'spfacts.lock'}")
    assert "Traceback" not in done.output and not list((warehouse / "raw").glob("*/*"))


def test_verbose_shows_prefects_log_on_the_terminal(tmp_path, api_url):
    warehouse = tmp_path / "wh"
    env = cli_env(tmp_path / "prefect", api_url)
    done = run_cli(["run", "--verbose", "--source", str(tmp_path / "nowhere"), "--warehouse", str(warehouse)], env)
    assert done.code == ExitCode.SOURCE
    assert "Finished in state Failed" in done.output and "Traceback" in done.output  # Prefect's own lines
    (log,) = (warehouse / "logs").glob("*.log")
    assert "Finished in state Failed" in log.read_text(encoding="utf-8")  # and the log file has them too
