"""The pages people read: the report page, section II in Chinese and English, State profiles.

reconcile.py  which figures matched (marts.reconciliation)
numbers.py    how each language writes numbers and dates (docs/report.md#numbers-and-dates)
charts.py     five Altair charts rendered to inline SVG, offline
section2.py   section II of the annual report, regenerated from the warehouse
states.py     State cooperation profiles (mart_state_cooperation), page and terminal
pages.py      writes report/index.html and report/states/<ISO3>.html from templates/
"""

from flows.report.pages import write_html
from flows.report.reconcile import Reconciled, annual_report_symbol, reconcile

__all__ = ["Reconciled", "annual_report_symbol", "reconcile", "write_html"]
