"""Every command explains itself (docs that cannot drift, ARCHITECTURE practice 12)."""

import argparse

import pytest

from flows.cli import main, parser


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_has_help():
    commands = _subcommands()
    assert set(commands) == {"run", "deploy", "worker", "serve", "quality", "sql"}
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
    for name in ("run", "deploy", "worker", "serve", "quality", "sql"):
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
