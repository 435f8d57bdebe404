"""One typed settings object, and every path of the project resolved in one place.

Settings come from the environment (prefix SPFACTS_) or a `.env` file at the project root;
`.env.example` lists them. Paths are resolved from the checkout, so the project runs the same
from any working directory (the package is installed editable by `make`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_DIR / "sql"
EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
REFERENCE_DIR = PROJECT_DIR / "flows" / "reference"
# the figures the annual reports published, one CSV per report: reference data for
# reconciliation only, never read to compute a figure
PUBLISHED_DIR = REFERENCE_DIR / "published"
SNAPSHOT_DIR = PROJECT_DIR / "snapshots" / "ohchr-2023"
DEFAULT_WAREHOUSE_DIR = PROJECT_DIR / "warehouse"
DATABASE_NAME = "spfacts.duckdb"


class Settings(BaseSettings):
    """What a run needs to know; CLI options override these."""

    model_config = SettingsConfigDict(env_prefix="SPFACTS_", env_file=PROJECT_DIR / ".env", extra="ignore")

    year: int = Field(2023, description="report year")
    cutoff: date | None = Field(None, description="cutoff date; default 31 December of the year")
    source: str = Field(str(SNAPSHOT_DIR), description="source root: a folder or an http(s) base URL")
    warehouse_dir: Path = Field(DEFAULT_WAREHOUSE_DIR, description="where the warehouse is published")
    http_timeout: float = Field(30.0, description="seconds before one HTTP request gives up")
    http_retries: int = Field(5, description="retries of a failed HTTP request (connection, 429, 5xx)")
    http_retry_seconds: float = Field(60.0, description="seconds after which a file's retries stop, whatever is left")
    http_unreachable_seconds: float = Field(
        10.0, description="seconds a refused connection or a failed DNS lookup is retried (a mirror restarting)"
    )
    max_file_bytes: int = Field(512 << 20, description="largest source file fetched (bytes); larger ones are refused")
    max_cell_bytes: int = Field(16 << 20, description="longest CSV cell read (characters); longer ones are refused")
    lock_timeout: float = Field(600.0, description="seconds a run waits for another run's warehouse lock")
    schedule_cron: str = Field("0 6 * * *", description="cron of the scheduled refresh (default daily 06:00)")
    schedule_timezone: str = Field("UTC", description="time zone the cron is read in (IANA name)")
    schedule_years_back: int = Field(
        1, ge=0, description="the scheduled refresh covers the current year and this many years before it"
    )
    work_pool: str = Field("spfacts", description="Prefect work pool (type process) the deployments run on")
    work_queue: str = Field("writer", description="work queue of the runs that write the warehouse (concurrency 1)")
    docs_keep_runs: int = Field(20, ge=1, description="runs whose quality results the Data Docs keep")

    @property
    def cutoff_date(self) -> date:
        return self.cutoff or date(self.year, 12, 31)

    # Years side by side (docs/operations.md#years-side-by-side): each report year has its own
    # folder <warehouse>/<year>/ (warehouse file, report, Data Docs), so that refreshing one year
    # never replaces another's published figures; the content-addressed landing zone raw/, the
    # run logs and the writer lock are shared by the whole warehouse folder.
    @property
    def year_dir(self) -> Path:
        return self.warehouse_dir / str(self.year)

    @property
    def database_path(self) -> Path:
        return self.year_dir / DATABASE_NAME

    @property
    def report_dir(self) -> Path:
        return self.year_dir / "report"

    @property
    def quality_dir(self) -> Path:
        return self.year_dir / "quality"

    @property
    def raw_dir(self) -> Path:
        return self.warehouse_dir / "raw"

    @property
    def logs_dir(self) -> Path:
        return self.warehouse_dir / "logs"


def published_years(warehouse_dir: Path) -> list[int]:
    """The report years with a published warehouse file in `warehouse_dir`, oldest first."""
    folder = Path(warehouse_dir)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit() and (p / DATABASE_NAME).is_file())


def reading(warehouse_dir: Path, year: int | None = None) -> Settings:
    """The settings a reader (spfacts sql, spfacts quality) uses: the year asked for, else the latest published."""
    if year is None:
        years = published_years(warehouse_dir)
        year = years[-1] if years else Settings().year
    return Settings(warehouse_dir=warehouse_dir, year=year)
