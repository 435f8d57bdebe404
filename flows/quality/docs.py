"""Data Docs a reviewer can act on: severity and note on every expectation, "passed", no newsletter.

GX 1.24 renders an expectation's row as status, expectation and observed value. Every
expectation of spfacts carries in its meta a severity (critical stops the run, warning is
reported), a note (why it holds) and a kind (flows/quality/suites.py). Two GX mechanisms:

- Renderer configuration (expectations/great_expectations.yml, `site_section_builders`): the
  validation pages use `ReviewerTable` below, a subclass of GX's table renderer, which adds the
  columns Severity and Note to every row and shows "passed" where the first, success-only pass
  (BOOLEAN_ONLY, flows/quality/validate.py) computed no observed value (GX shows "--" or
  "unknown % not null"). The suite pages use `ReviewerList`, which adds the same line under each
  expectation. GX's own custom-column feature (suite meta `notes` in the format
  "renderer.diagnostic.meta_properties") was tried first: in 1.24 it writes the key
  `meta_properties_to_render` into the expectation's kwargs, which GX's pydantic models then
  reject, and every row of the page fails to render.
- Where GX offers nothing, the offline rewrite of the pages (flows/quality/assets.py) calls
  `rewrite_page` below: it drops GX's footer asking readers to subscribe to a newsletter (its
  template is not overridable: GX loads its own templates before a custom views folder) and puts
  the source's provenance banner on the index unless the source is an export
  (docs/sources.md#1-manifestjson).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from great_expectations.render import RenderedStringTemplateContent
from great_expectations.render.renderer.content_block.bullet_list_content_block import (
    ExpectationSuiteBulletListContentBlockRenderer,
)
from great_expectations.render.renderer.content_block.validation_results_table_content_block import (
    ValidationResultsTableContentBlockRenderer,
)

from flows.errors import PipelineError
from flows.sources.manifest import Provenance

COLUMNS = ("Severity", "Note")
# what a result holds when GX computed something to show; the success-only pass leaves none of it
_COMPUTED = ("observed_value", "unexpected_count", "unexpected_percent", "element_count")
_NEWSLETTER_FOOTER = re.compile(r"\s*<footer>(?:(?!</footer>).)*newsletter(?:(?!</footer>).)*</footer>", re.S | re.I)
# the index's content follows GX's top navbar (render/view/templates/index_page.j2)
_INDEX_CONTENT = re.compile(r'(</nav>\s*)(<div class="container-fluid)')


class DocsLayoutError(PipelineError):
    """A GX page is not laid out as the rewrite expects (a GX upgrade): see flows/quality/docs.py."""


def _meta(configuration: Any) -> dict[str, Any]:
    return dict(getattr(configuration, "meta", None) or {})


def _severity_cell(meta: dict[str, Any], failed: bool) -> RenderedStringTemplateContent:
    severity = meta.get("severity", "critical")
    badge = {"critical": "badge-danger", "warning": "badge-warning"}.get(severity, "badge-secondary")
    return RenderedStringTemplateContent(
        content_block_type="string_template",
        string_template={
            "template": "$severity",
            "params": {"severity": severity},
            # a failure stands out in its severity's colour; a passed one is grey
            "styling": {"params": {"severity": {"classes": ["badge", badge if failed else "badge-light"]}}},
        },
    )


def _note_cell(meta: dict[str, Any]) -> RenderedStringTemplateContent:
    return RenderedStringTemplateContent(
        content_block_type="string_template",
        string_template={
            "template": "$note $kind",
            "params": {"note": meta.get("note", ""), "kind": f"({meta['kind']})" if meta.get("kind") else ""},
            "styling": {"params": {"kind": {"tag": "small", "classes": ["text-muted"]}}},
        },
    )


def _suite_line(meta: dict[str, Any]) -> RenderedStringTemplateContent:
    """Severity, note and kind as one line under an expectation of a suite page."""
    severity = meta.get("severity", "critical")
    badge = {"critical": "badge-danger", "warning": "badge-warning"}.get(severity, "badge-secondary")
    return RenderedStringTemplateContent(
        content_block_type="string_template",
        string_template={
            "template": "$severity $note $kind",
            "params": {
                "severity": severity,
                "note": meta.get("note", ""),
                "kind": f"({meta['kind']})" if meta.get("kind") else "",
            },
            "styling": {
                "params": {
                    "severity": {"classes": ["badge", badge]},
                    "kind": {"tag": "small", "classes": ["text-muted"]},
                }
            },
        },
        styling={"parent": {"styles": {"list-style-type": "none"}}},
    )


def passed_without_value(result: Any) -> bool:
    """A success for which GX computed nothing to show (the success-only first pass)."""
    details = result.result or {}
    return bool(result.success) and not any(details.get(k) is not None for k in _COMPUTED)


class ReviewerTable(ValidationResultsTableContentBlockRenderer):
    """GX's validation table with Severity and Note columns and "passed" for a bare success."""

    @classmethod
    def _process_content_block(cls, content_block: Any, has_failed_evr: bool, render_object: Any = None) -> None:
        super()._process_content_block(content_block, has_failed_evr, render_object)
        content_block.header_row = [*content_block.header_row, *COLUMNS]
        content_block.header_row_options = {**content_block.header_row_options, "Severity": {"sortable": True}}

    @classmethod
    def _get_content_block_fn(cls, expectation_type: str, expectation_config: Any = None) -> Callable | None:
        gx_row = super()._get_content_block_fn(expectation_type=expectation_type, expectation_config=expectation_config)

        def row(configuration: Any = None, result: Any = None, runtime_configuration: Any = None, **kwargs: Any):
            rows = gx_row(
                configuration=configuration, result=result, runtime_configuration=runtime_configuration, **kwargs
            )
            cells = rows[0]  # status, expectation, observed value
            if passed_without_value(result):
                cells[2] = "passed"
            meta = _meta(result.expectation_config)
            cells += [_severity_cell(meta, failed=not result.success), _note_cell(meta)]
            return rows

        return row


class ReviewerList(ExpectationSuiteBulletListContentBlockRenderer):
    """GX's list of a suite's expectations, each followed by its severity and note."""

    @classmethod
    def _get_content_block_fn(cls, expectation_type: str, expectation_config: Any = None) -> Callable | None:
        gx_item = super()._get_content_block_fn(
            expectation_type=expectation_type, expectation_config=expectation_config
        )
        if gx_item is None:
            return None

        def item(configuration: Any = None, runtime_configuration: Any = None, **kwargs: Any):
            rendered = gx_item(configuration=configuration, runtime_configuration=runtime_configuration, **kwargs)
            meta = _meta(configuration)
            return [*rendered, _suite_line(meta)] if rendered else rendered

        return item


def banner(provenance: Provenance | None) -> str:
    """The provenance banner's HTML, or "" for an export (or when no provenance is known)."""
    if provenance is None or provenance.kind == "export":
        return ""
    return (
        '<div id="provenance" role="note" class="alert alert-warning border-warning mx-5 mt-3 mb-0">'
        f"<strong>{html.escape(provenance.kind.upper())}</strong>: {html.escape(provenance.statement)}</div>\n"
    )


def rewrite_page(provenance: Provenance | None = None) -> Callable[[Path, Path, str], str]:
    """The page rewrite for flows/quality/assets.py: (site folder, page, HTML) -> HTML."""
    note = banner(provenance)

    def rewrite(site_dir: Path, path: Path, text: str) -> str:
        if path.suffix != ".html":
            return text
        text = _NEWSLETTER_FOOTER.sub("", text)
        if note and path == site_dir / "index.html" and 'id="provenance"' not in text:
            text, found = _INDEX_CONTENT.subn(lambda m: m.group(1) + note + m.group(2), text, count=1)
            if not found:
                raise DocsLayoutError(f"{path}: no top navbar followed by the content; revisit flows/quality/docs.py")
        return text

    return rewrite
