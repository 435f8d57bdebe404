"""The scheduled deployment carries the cron and the run's parameters."""

from datetime import date

from flows.schedule import DEPLOYMENT_NAME, deployment


def test_deployment_has_the_cron_schedule_and_parameters():
    d = deployment(
        year=2023, source="http://127.0.0.1:9/", warehouse="/srv/wh", cutoff=date(2024, 1, 15), cron="0 6 * * 1"
    )
    assert d.name == DEPLOYMENT_NAME
    assert [s.schedule.cron for s in d.schedules] == ["0 6 * * 1"]
    assert d.parameters == {
        "year": 2023,
        "source": "http://127.0.0.1:9/",
        "warehouse": "/srv/wh",
        "cutoff": "2024-01-15",
    }
