"""The deployments as code (flows/deployments.py): schedule, time zone, pool, queue, parameters, years."""

from datetime import date

from flows.deployments import ON_DEMAND, REFRESH, declared, refresh_years
from flows.settings import Settings


def test_the_refresh_is_scheduled_and_both_deployments_go_to_the_writer_queue(tmp_path):
    settings = Settings(
        warehouse_dir=tmp_path,
        source="http://127.0.0.1:9/",
        schedule_cron="30 5 * * *",
        schedule_timezone="Europe/Zurich",
        schedule_years_back=2,
        work_pool="p",
        work_queue="q",
    )
    refresh, on_demand = declared(settings)
    assert (refresh.name, on_demand.name) == (REFRESH, ON_DEMAND)
    assert [(s.schedule.cron, s.schedule.timezone) for s in refresh.schedules] == [("30 5 * * *", "Europe/Zurich")]
    assert on_demand.schedules == []
    assert {(d.work_pool_name, d.work_queue_name) for d in (refresh, on_demand)} == {("p", "q")}
    assert refresh.parameters == {"source": "http://127.0.0.1:9/", "warehouse": str(tmp_path), "years_back": 2}
    assert on_demand.parameters == {"year": 2023, "source": "http://127.0.0.1:9/", "warehouse": str(tmp_path)}
    # a worker imports the installed project: nothing to pull
    assert refresh.entrypoint == "flows.deployments.scheduled_refresh"
    assert on_demand.entrypoint == "flows.pipeline.annual_report"


def test_served_deployments_have_no_pool(tmp_path):
    assert {d.work_pool_name for d in declared(Settings(warehouse_dir=tmp_path), pool=False)} == {None}


def test_the_refresh_covers_the_current_year_first_and_the_years_back():
    settings = Settings()
    assert refresh_years(settings, date(2027, 1, 2)) == [2027, 2026]
    assert refresh_years(settings, date(2027, 1, 2), years_back=0) == [2027]
