"""`spfacts`: run the pipeline once, deploy it to a work pool and run workers (or serve it in one
process), list and query the warehouse, find the checks.

Prefect's settings are fixed here, before Prefect is imported, so that a run works offline from
any folder: its home is the project's `.prefect/` and its telemetry is off (docs/stack.md#prefect).

`spfacts run` keeps the terminal quiet: one line per stage, and on failure the reason as the
last line; Prefect's log and every traceback go to `<warehouse>/logs/<run id>.log`
(flows/runlog.py), `--verbose` shows them. Its exit codes are ExitCode's (flows/errors.py).

Each report year is published in its own folder `<warehouse>/<year>/`; `spfacts sql` and
`spfacts quality` read the latest published year unless given `--year` (flows/settings.py).
`serve` and `worker` run Prefect in a supervised child process, so that SIGTERM stops them within
seconds whatever state the server is in (flows/supervise.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import traceback
from datetime import date
from pathlib import Path

from flows import catalog
from flows.importers.cli import add_import_command
from flows.settings import PROJECT_DIR, Settings

PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(PROJECT_DIR / ".prefect"),
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # the default 20 s is tight for the temporary server on two cores
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


EXIT_CODES = """exit codes:
  0  published
  1  published, but a figure differs from the published value (with --strict)
  2  usage: the command line is wrong
  3  the source is unreachable or one of its files is defective; nothing published
  4  a quality check failed, or a dataset has more rejected rows than its budget; nothing published
  5  another run holds the warehouse lock (waited SPFACTS_LOCK_TIMEOUT seconds); nothing done
  6  no dataset of the source covers the report year; nothing done
  70 an unexpected error (a bug): its traceback and the log file are shown"""


def main(argv: list[str] | None = None) -> int:
    """The console script (argv None) or a call with arguments (tests)."""
    args = parser().parse_args(argv)
    args.console = argv is None
    args.argv = list(sys.argv[1:] if argv is None else argv)
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    return args.command(args)


def parser() -> argparse.ArgumentParser:
    defaults = Settings()
    p = argparse.ArgumentParser(
        prog="spfacts",
        description="Facts and figures of the UN human rights special procedures, computed from the "
        "source records into a DuckDB warehouse and reconciled with the annual report.",
    )
    sub = p.add_subparsers(title="commands", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run the pipeline once for a report year and publish the warehouse",
        description="Fetch the sources, land them untouched, normalise them into DuckDB, "
        "check them with Great Expectations, build the marts, reconcile the "
        "figures with the published report and publish the warehouse. Prints one line per stage; "
        "the full log is written to <warehouse>/logs/<run id>.log.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _run_options(run, defaults)
    run.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a figure does not match the published value"
    )
    run.add_argument(
        "--verbose", action="store_true", help="show Prefect's log on the terminal too (it is always in the log file)"
    )
    run.set_defaults(command=cmd_run)

    deploy = sub.add_parser(
        "deploy",
        help="create the work pool and the deployments on a Prefect server (needs PREFECT_API_URL)",
        description="Create the process work pool and its writer queue (concurrency 1) if missing, "
        "and apply the two deployments of flows/deployments.py: scheduled-refresh/scheduled-refresh "
        "(the cron below; the current year and the previous one) and annual-report/annual-report "
        "(on demand: year, source, cutoff). Run `spfacts worker` to execute their runs (see README).",
    )
    _run_options(deploy, defaults)
    _schedule_options(deploy, defaults)
    deploy.set_defaults(command=cmd_deploy)

    worker = sub.add_parser(
        "worker",
        help="run a worker of the work pool: executes the deployments' runs (needs PREFECT_API_URL)",
        description="Start a Prefect process worker polling the writer queue of the work pool. Run it on "
        "the host whose local disk holds the warehouse. Stops within seconds on SIGTERM or Ctrl-C.",
    )
    worker.add_argument("--pool", default=defaults.work_pool, help="work pool (default %(default)s)")
    worker.add_argument("--queue", default=defaults.work_queue, help="work queue to poll (default %(default)s)")
    worker.add_argument("--name", default=None, help="worker name shown in the UI (default: Prefect picks one)")
    worker.set_defaults(command=cmd_worker)

    serve = sub.add_parser(
        "serve",
        help="serve the deployments in this one process, without a work pool (needs PREFECT_API_URL)",
        description="Register the two deployments of flows/deployments.py (the scheduled refresh and the "
        "on-demand annual report) and execute their runs in this process. Start `prefect server start` "
        "first and set PREFECT_API_URL (see README). Stopping it pauses the schedule.",
    )
    _run_options(serve, defaults)
    _schedule_options(serve, defaults)
    serve.add_argument("--foreground", action="store_true", help=argparse.SUPPRESS)
    serve.set_defaults(command=cmd_serve)

    quality = sub.add_parser(
        "quality",
        help="print the path of the Data Docs (quality report) of the published run",
        description="Print where the Great Expectations Data Docs of the published run are (its page "
        "links each suite's result; the index lists the last runs kept), and open it with --open.",
    )
    catalog.reader_options(quality, defaults)
    quality.add_argument("--open", action="store_true", help="open the page in the default browser")
    quality.set_defaults(command=cmd_quality)

    catalog.register(sub, defaults)  # tables, describe, sql (flows/catalog.py)
    add_import_command(sub)  # spfacts import ...: flows/importers/cli.py

    state = sub.add_parser(
        "state",
        help="print one State's cooperation profile (visits, requests, communications, replies)",
        description="Print a State's cooperation with the special procedures from "
        "marts.mart_state_cooperation: the year asked for and the years before it.",
    )
    state.add_argument("iso3", help="ISO 3166 alpha-3 code of the State or territory, e.g. HND")
    catalog.reader_options(state, defaults)
    state.set_defaults(command=cmd_state)
    return p


def _run_options(p: argparse.ArgumentParser, defaults: Settings) -> None:
    p.add_argument("--year", type=int, default=defaults.year, help="report year (default %(default)s)")
    p.add_argument(
        "--source",
        default=defaults.source,
        help="source root: a folder or an http(s) base URL serving manifest.json (default: the bundled snapshot)",
    )
    p.add_argument(
        "--warehouse",
        default=str(defaults.warehouse_dir),
        help="folder of the published warehouse (default %(default)s)",
    )
    p.add_argument(
        "--cutoff",
        type=date.fromisoformat,
        default=defaults.cutoff,
        help="cutoff date YYYY-MM-DD (default: 31 December of the year)",
    )


def _schedule_options(p: argparse.ArgumentParser, defaults: Settings) -> None:
    p.add_argument("--cron", default=defaults.schedule_cron, help="cron of the scheduled refresh (default %(default)r)")
    p.add_argument("--timezone", default=defaults.schedule_timezone, help="time zone of the cron (default %(default)s)")
    p.add_argument(
        "--years-back",
        type=int,
        default=defaults.schedule_years_back,
        help="the refresh covers the current year and this many before it (default %(default)s)",
    )


def _schedule_settings(args: argparse.Namespace) -> Settings:
    # deployments store their parameters: paths must not depend on where a run starts
    source = args.source if "://" in args.source else str(Path(args.source).resolve())
    return Settings(
        year=args.year,
        source=source,
        warehouse_dir=Path(args.warehouse).resolve(),
        cutoff=args.cutoff,
        schedule_cron=args.cron,
        schedule_timezone=args.timezone,
        schedule_years_back=args.years_back,
    )


def _needs_server(command: str) -> bool:
    if os.environ.get("PREFECT_API_URL"):
        return True
    print(
        f"spfacts {command}: needs a Prefect server. Start one with `make prefect-server` (or `prefect server "
        "start`) and set PREFECT_API_URL=http://127.0.0.1:4200/api (see README, 'Scheduled runs').",
        file=sys.stderr,
    )
    return False


def cmd_run(args: argparse.Namespace) -> int:
    from flows import runlog
    from flows.errors import ExitCode, exit_code_for
    from flows.publish import new_run_id
    from flows.run_info import print_provenance

    run_id = new_run_id()
    log = runlog.log_path(Path(args.warehouse), run_id)
    keep = getattr(args, "console", False)
    with runlog.quiet_terminal(log, quiet=not args.verbose, keep=keep) as term:
        try:
            # the console script only: a call from Python (tests) keeps its own Prefect setup
            server = _boot_temporary_server() if keep else None
            from flows.pipeline import annual_report  # imports Prefect, which sets up logging

            if server:
                server.join()

            with runlog.stage_lines(None if args.verbose else term.out):
                result = annual_report(
                    year=args.year, source=args.source, warehouse=args.warehouse, cutoff=args.cutoff, run_id=run_id
                )
        except Exception as err:  # every failure ends with one line and its exit code
            code = exit_code_for(err)
            first, *details = str(err).splitlines() or [type(err).__name__]
            if code == ExitCode.UNEXPECTED:
                traceback.print_exception(err, file=term.err)
                first = f"unexpected error (a bug?): {type(err).__name__}: {first}"
            for line in details:
                print(line, file=term.err)
            print(f"spfacts: nothing was published; full log: {_show(log)}", file=term.err)
            print(f"spfacts: {first}", file=term.err)
            return code
        out = term.out
        print(file=out)
        print(result.figures.headline() + (f" ({result.note})" if result.note else ""), file=out)
        print_provenance(result.database_path, file=out)
        for row in result.figures.problems:
            print(
                f"  {row['status']}: para {row['paragraph']} {row['figure_id']}: "
                f"published {row['published']!r}, computed {row['computed']!r}",
                file=out,
            )
        if result.unchanged_since:  # a no-op rerun: nothing checked, the published build is that run's
            print(f"unchanged since run {result.unchanged_since}: nothing was loaded, built or checked", file=out)
        else:
            print(result.quality.summary(result.rejects), file=out)
            for finding in result.quality.warnings:
                print(f"  warning: {finding.describe()}", file=out)
        if result.rejects:
            print('  rejected rows, with their reasons: spfacts sql "select * from staging.rejects"', file=out)
        print("wrote:", file=out)
        for path in [*result.files, log]:
            print(f"  {_show(path)}", file=out)
        return ExitCode.MISMATCH if args.strict and result.figures.problems else ExitCode.PUBLISHED


def _boot_temporary_server() -> threading.Thread:
    """Start Prefect's temporary API server now, while the pipeline's modules import.

    Without a PREFECT_API_URL, Prefect starts a temporary server (a subprocess: ~8 s here, measured
    in README "Performance") at the flow's first API call, after every import. Its class starts
    one server per process and is what the flow then finds running, so booting it from a thread
    only moves the same start earlier. The thread imports Prefect's server module first and only
    then does the caller import the pipeline (`ready`), so that the two never import the same
    modules at once. Any failure is left for Prefect to meet again, and report, at the flow's call.
    """
    ready = threading.Event()

    def boot() -> None:
        try:
            import prefect.main  # noqa: F401  (sets up Prefect's logging first, so its server lines reach the log)
            from prefect.settings import PREFECT_API_URL

            if PREFECT_API_URL.value():
                return  # a standing server: nothing to start
            from prefect.server.api.server import SubprocessASGIServer

            ready.set()
            SubprocessASGIServer().start()
        except Exception:
            pass
        finally:
            ready.set()

    thread = threading.Thread(target=boot, name="prefect-temporary-server", daemon=True)
    thread.start()
    ready.wait()
    return thread


def cmd_deploy(args: argparse.Namespace) -> int:
    if not _needs_server("deploy"):
        return 2
    from flows.deployments import deploy

    settings = _schedule_settings(args)
    for name in deploy(settings):
        print(f"deployed {name} (work pool {settings.work_pool}, queue {settings.work_queue})")
    print(f"scheduled-refresh: {settings.schedule_cron} ({settings.schedule_timezone}); start a worker: spfacts worker")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    if not _needs_server("worker"):
        return 2
    from flows.supervise import supervise

    prefect = str(Path(sys.executable).with_name("prefect"))
    command = [prefect, "worker", "start", "--pool", args.pool, "--work-queue", args.queue, "--type", "process"]
    command += ["--limit", "1", *(["--name", args.name] if args.name else [])]
    return supervise(command)


def cmd_serve(args: argparse.Namespace) -> int:
    if not _needs_server("serve"):
        return 2
    if not args.foreground:
        from flows.supervise import supervise

        return supervise([sys.executable, "-m", "flows.cli", *args.argv, "--foreground"])
    from prefect import serve

    from flows.deployments import declared

    serve(*declared(_schedule_settings(args), pool=False))
    return 0


def cmd_quality(args: argparse.Namespace) -> int:
    from flows.docs_retention import PUBLISHED_PAGE
    from flows.settings import reading

    docs = reading(args.warehouse, args.year).quality_dir
    page = docs / PUBLISHED_PAGE if (docs / PUBLISHED_PAGE).exists() else docs / "index.html"
    if not page.exists():
        print(f"spfacts: no Data Docs yet at {docs}; run `spfacts run` first", file=sys.stderr)
        return 1
    print(page)
    if args.open:
        import webbrowser

        webbrowser.open(page.as_uri())
    return 0


def cmd_state(args: argparse.Namespace) -> int:
    from flows.report.states import print_profile
    from flows.settings import reading

    return print_profile(reading(args.warehouse, args.year).database_path, args.iso3, args.year)


def _show(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
