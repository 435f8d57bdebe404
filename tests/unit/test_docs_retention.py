"""Data Docs retention: the last N runs kept, the published run kept and marked (flows/docs_retention.py)."""

import json

from flows.docs_retention import after_publish, mark_index, prune, published_run, runs

RUNS = [f"2026010{d}T000000Z-abc00{d}" for d in range(1, 7)]


def _docs(tmp_path):
    for run in RUNS:
        for suite in ("stg_a", "mart_b"):
            result = tmp_path / "results" / suite / run / "20260101T000000.000000Z" / f"spfacts-{suite}.json"
            result.parent.mkdir(parents=True)
            result.write_text(json.dumps({"success": suite == "stg_a"}))
            page = tmp_path / "validations" / result.relative_to(tmp_path / "results").with_suffix(".html")
            page.parent.mkdir(parents=True)
            page.write_text("<html></html>")
    (tmp_path / "index.html").write_text("<html><body class='x'><table></table></body></html>")
    return tmp_path


def test_prune_keeps_the_last_runs_and_the_published_one(tmp_path):
    docs = _docs(tmp_path)
    after_publish(docs, RUNS[1], keep=3)
    assert published_run(docs) == RUNS[1]
    removed = prune(docs, keep=3)  # the coming run makes the third
    assert removed == [RUNS[0], RUNS[2], RUNS[3]]
    assert runs(docs) == [RUNS[1], RUNS[4], RUNS[5]]
    assert not list(docs.glob(f"validations/*/{RUNS[0]}"))
    assert len(list(docs.glob(f"validations/*/{RUNS[5]}/*/*.html"))) == 2


def test_the_index_is_marked_once_and_the_published_page_links_every_suite(tmp_path):
    docs = _docs(tmp_path)
    page = after_publish(docs, RUNS[5], keep=20, note="provisional, sources as at 2026-01-31")
    mark_index(docs)  # again, as after each Data Docs build
    index = (docs / "index.html").read_text()
    assert index.count("Published run:") == 1 and RUNS[5] in index
    text = page.read_text()
    assert text.count(f"validations/stg_a/{RUNS[5]}/") == 1 and text.count(f"validations/mart_b/{RUNS[5]}/") == 1
    assert ">failed<" in text and ">passed<" in text
    assert "<b>provisional, sources as at 2026-01-31</b>" in text
