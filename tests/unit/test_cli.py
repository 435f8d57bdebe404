"""Every command explains itself (docs/architecture.md#docs-that-cannot-drift)."""

import argparse

import pytest

from flows.cli import main, parser


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_has_help():
    commands = _subcommands()
    assert set(commands) == {
        "run",
        "deploy",
        "worker",
        "serve",
        "quality",
        "sql",
        "tables",
        "describe",
        "import",
        "state",
    }
    helps = {
        a.dest: a.help
        for a in parser()._actions
        if isinstance(a, argparse._SubParsersAction)
        for a in a._choices_actions
    }
    for name, sub in commands.items():
        assert helps.get(name), f"command {name} has no help line"
        assert sub.description, f"command {name} has no description"
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"option {action.option_strings or action.dest} of {name} has no help"


def test_help_prints_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for name in ("run", "deploy", "worker", "serve", "quality", "sql", "tables", "describe"):
        assert name in out


def test_sql_without_a_warehouse_says_so(tmp_path, capsys):
    assert main(["sql", "select 1", "--warehouse", str(tmp_path)]) == 1
    assert "no warehouse" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["serve"], ["deploy"], ["worker"]])
def test_server_commands_without_a_server_refuse_clearly(tmp_path, capsys, monkeypatch, command):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert main([*command, *(["--warehouse", str(tmp_path)] if command != ["worker"] else [])]) == 2
    assert "prefect server start" in capsys.readouterr().err


def _result(tmp_path, status):
    from flows.pipeline import RunResult
    from flows.quality import Finding, QualityResult, SuiteOutcome
    from flows.report import Reconciled

    warning = Finding(
        "stg_replies",
        "expect_column_values_to_be_null",
        "reply_before_communication",
        "warning",
        1,
        (201,),
        "a reply is not dated before its communication",
    )
    checks = QualityResult(
        "run-1",
        ("staging",),
        {"stg_replies": SuiteOutcome("stg_replies", "staging", 3, (warning,))},
        tmp_path / "index.html",
    )
    row = {
        "year": 2023,
        "figure_id": "communications.sent",
        "paragraph": 8,
        "kind": "count",
        "published": "10",
        "computed": "9",
        "status": status,
        "label_en": "x",
        "label_zh": "x",
    }
    return RunResult(
        "run-1",
        2023,
        tmp_path / "spfacts.duckdb",
        Reconciled(2023, "A/HRC/55/69", [row]),
        checks,
        2,
        [tmp_path / "spfacts.duckdb"],
    )


@pytest.mark.parametrize("status, strict, code", [("mismatch", True, 1), ("mismatch", False, 0), ("match", True, 0)])
def test_run_prints_mismatches_warnings_and_rejects_and_strict_fails_on_mismatch(
    tmp_path, capsys, monkeypatch, status, strict, code
):
    import flows.pipeline

    monkeypatch.setattr(flows.pipeline, "annual_report", lambda **kwargs: _result(tmp_path, status))
    assert main(["run", "--warehouse", str(tmp_path), *(["--strict"] if strict else [])]) == code
    out = capsys.readouterr().out
    assert ("0/1 figures" if status == "mismatch" else "1/1 figures") in out
    assert ("mismatch: para 8 communications.sent: published '10', computed '9'" in out) == (status == "mismatch")
    assert "warning: stg_replies: expect_column_values_to_be_null on reply_before_communication: 1 unexpected" in out
    assert "2 rejected rows" in out and "staging.rejects" in out


def test_every_import_layout_and_option_has_help():
    layouts = next(a for a in _subcommands()["import"]._actions if isinstance(a, argparse._SubParsersAction))
    assert set(layouts.choices) == {"communications-xlsx", "undl-marcxml"}
    for name, sub in layouts.choices.items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help, f"option {action.option_strings or action.dest} of import {name} has no help"


def test_run_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    for code in (
        "0  published",
        "1  published, but",
        "2  usage",
        "3  the source",
        "4  a quality check",
        "5  another run",
    ):
        assert code in out


def _failing_run(monkeypatch, error):
    import flows.pipeline

    def fail(**kwargs):
        raise error

    monkeypatch.setattr(flows.pipeline, "annual_report", fail)


def test_an_expected_failure_ends_with_its_reason_and_no_traceback(tmp_path, capsys, monkeypatch):
    from flows.sources import SourceFileError

    _failing_run(monkeypatch, SourceFileError("media/m.jsonl", "not JSON", line=3))
    assert main(["run", "--warehouse", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == "spfacts: media/m.jsonl: line 3: not JSON"
    assert "full log: " in err.splitlines()[-2] and "/logs/" in err.splitlines()[-2]


def test_an_unexpected_error_shows_its_traceback_and_the_log(tmp_path, capsys, monkeypatch):
    _failing_run(monkeypatch, KeyError("oops"))
    assert main(["run", "--warehouse", str(tmp_path)]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "KeyError: 'oops'" in err
    assert err.splitlines()[-1] == "spfacts: unexpected error (a bug?): KeyError: 'oops'"
    assert "full log: " in err.splitlines()[-2]


def test_a_failed_quality_check_is_exit_code_4(tmp_path):
    from flows.errors import ExitCode, exit_code_for
    from flows.quality import QualityError, QualityResult

    error = QualityError(QualityResult("run-1", ("marts",), {}, tmp_path / "index.html"))
    assert exit_code_for(error) == ExitCode.CHECK
    assert exit_code_for(RuntimeError("x")) == ExitCode.UNEXPECTED
