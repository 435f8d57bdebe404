"""Round trip (issue 12, acceptance 1): the bundled snapshot rendered in the real layouts, imported
back, run: every figure docs/imports.md calls computable equals the snapshot's, the others are null."""

from __future__ import annotations

import re
from datetime import date

import pytest

from flows.importers.render import render_communications_xlsx, render_reports_marcxml
from flows.importers.run import import_communications, import_reports
from flows.pipeline import annual_report
from flows.settings import PROJECT_DIR, REFERENCE_DIR
from tests.support.repo import SNAPSHOT, published
from tests.support.warehouse import facts

pytestmark = pytest.mark.integration
EXPORTED = date(2024, 1, 31)
# What the real layouts cannot give (docs/imports.md): these figures must be null after the import.
NOT_COMPUTABLE = {
    "communications.individuals_women",
    "communications.non_state_actors",
    "reprisals.communications",
    "reprisals.states",
    "reprisals.non_state_actors",
    "replies.received_substantive",
    "replies.to_year_communications_substantive",
    "replies.response_rate_pct",
    *(f"themes.{t}.mandates" for t in
      ("sdgs", "women_gender", "prevention_peace", "migration", "climate", "new_technologies", "finance_economy")),
}  # fmt: skip


def docs_table() -> dict[str, str]:
    """{figure id: computable from} of the table in docs/imports.md."""
    text = (PROJECT_DIR / "docs" / "imports.md").read_text("utf-8").split("## Which figures")[1].split("\n## ")[0]
    return dict(re.findall(r"^\| `([a-z0-9_.+]+)` \| ([^|]+?) \|", text, re.MULTILINE))


@pytest.fixture(scope="module")
def imported_run(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("roundtrip")
    export = render_communications_xlsx(str(SNAPSHOT), work / "export.xlsx", REFERENCE_DIR)
    undl = render_reports_marcxml(str(SNAPSHOT), work / "undl.xml", REFERENCE_DIR, prefix="marc")
    import_communications([export], str(SNAPSHOT), work / "one", EXPORTED)
    import_reports([str(undl)], str(work / "one"), work / "two", EXPORTED)
    return annual_report(year=2023, source=str(work / "two"), warehouse=str(work / "wh"))


def test_docs_table_lists_every_figure_and_the_same_non_computable_ones():
    table = docs_table()
    assert set(table) == {row["id"] for row in published()}
    assert {f for f, source in table.items() if source.startswith("not computable")} == NOT_COMPUTABLE


def test_round_trip_gives_the_snapshot_figures_that_the_export_can_give(snapshot_run, imported_run):
    want = facts(snapshot_run.database_path)
    got = facts(imported_run.database_path)
    assert got.keys() == want.keys()
    differ = {k: (want[k], got[k]) for k in want if k[1] not in NOT_COMPUTABLE and got[k] != want[k]}
    assert differ == {}
    assert {f for (_, f), v in got.items() if f in NOT_COMPUTABLE and v is not None} == set()
    assert any(want[k] is not None for k in want if k[1] in NOT_COMPUTABLE)  # the nulls are real losses
    assert imported_run.rejects == 0  # an empty unknown column is not a defect
    assert imported_run.quality.failed == []
    headline = imported_run.figures.headline()
    computable = len({f for _, f in want}) - len(NOT_COMPUTABLE)
    assert headline.startswith(f"{computable}/{computable} ") and f"; {len(NOT_COMPUTABLE)} not computable" in headline
    status = {r["figure_id"]: r["status"] for r in imported_run.figures.rows}
    assert {f for f, s in status.items() if s == "not computable"} == NOT_COMPUTABLE  # not "missing": --strict passes
    assert imported_run.figures.problems == []
