"""Every command explains itself (docs that cannot drift, ARCHITECTURE practice 12)."""

import argparse

import pytest

from flows.cli import main, parser


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_has_help():
    commands = _subcommands()
    assert set(commands) == {"run", "serve", "quality", "sql"}
    helps = {a.dest: a.help for a in parser()._actions if isinstance(a, argparse._SubParsersAction)
             for a in a._choices_actions}
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
    for name in ("run", "serve", "quality", "sql"):
        assert name in out


def test_sql_without_a_warehouse_says_so(tmp_path, capsys):
    assert main(["sql", "select 1", "--warehouse", str(tmp_path)]) == 1
    assert "no warehouse" in capsys.readouterr().err


def test_serve_without_a_server_refuses_clearly(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert main(["serve", "--warehouse", str(tmp_path)]) == 2
    assert "prefect server start" in capsys.readouterr().err
