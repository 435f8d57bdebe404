"""The offline rewrite of Data Docs pages for reviewers (flows/quality/docs.py): footer, banner, "passed"."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from great_expectations.render.view.view import DefaultJinjaView

from flows.quality.docs import DocsLayoutError, banner, passed_without_value, rewrite_page
from flows.sources.manifest import Provenance

RECONSTRUCTION = Provenance("reconstruction", "Synthetic <records> & more.")


def gx_index() -> str:
    """GX's own index page template, rendered with no sections (what the rewrite meets)."""
    view = DefaultJinjaView()
    template = view.env.get_template("index_page.j2")
    return template.render(sections=[], renderer_type="SiteIndexPageRenderer", cta_footer=None)


def test_gx_footer_asks_for_a_newsletter_and_the_rewrite_drops_only_that_footer(tmp_path: Path) -> None:
    page = gx_index()
    assert "newsletter" in page.lower()  # the day GX drops it, this test says so
    rewritten = rewrite_page()(tmp_path, tmp_path / "index.html", page)
    assert "newsletter" not in rewritten.lower()
    assert rewritten.count("<nav") == page.count("<nav") and "</body>" in rewritten


def test_the_banner_goes_on_the_index_only_escaped(tmp_path: Path) -> None:
    rewrite = rewrite_page(RECONSTRUCTION)
    index = rewrite(tmp_path, tmp_path / "index.html", gx_index())
    assert index.count('id="provenance"') == 1
    assert "<strong>RECONSTRUCTION</strong>: Synthetic &lt;records&gt; &amp; more." in index
    assert index.index('id="provenance"') > index.index("</nav>")  # below GX's top bar, above the content
    page = tmp_path / "validations" / "x.html"
    assert 'id="provenance"' not in rewrite(tmp_path, page, gx_index())
    assert rewrite(tmp_path, tmp_path / "static" / "x.css", "newsletter{}") == "newsletter{}"


@pytest.mark.parametrize("provenance", [None, Provenance("export", ""), Provenance()])
def test_an_export_or_an_unknown_source_gets_no_banner(tmp_path: Path, provenance: Provenance | None) -> None:
    assert banner(provenance) == ""
    assert 'id="provenance"' not in rewrite_page(provenance)(tmp_path, tmp_path / "index.html", gx_index())


def test_a_mixed_source_gets_one(tmp_path: Path) -> None:
    assert banner(Provenance("mixed", "Part real, part made up.")).startswith('<div id="provenance"')


def test_an_index_laid_out_otherwise_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(DocsLayoutError, match="index.html"):
        rewrite_page(RECONSTRUCTION)(tmp_path, tmp_path / "index.html", "<html><body><main></main></body></html>")


@pytest.mark.parametrize(
    ("success", "details", "expected"),
    [
        (True, {}, True),  # success-only pass: nothing computed
        (True, None, True),
        (True, {"observed_value": 3}, False),
        (True, {"unexpected_percent": 0.0, "element_count": 4}, False),
        (True, {"observed_value": 0}, False),  # a computed zero is a value
        (False, {}, False),  # a failure is never "passed"
    ],
)
def test_passed_is_shown_only_for_a_success_without_a_computed_value(success, details, expected) -> None:
    assert passed_without_value(SimpleNamespace(success=success, result=details)) is expected
