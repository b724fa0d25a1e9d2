"""The IOC's Superset dashboards, end to end: a demo warehouse built by the real pipeline, Superset started by
the README's command (scripts/dev.sh superset), and Debian's Chromium, driven by Playwright, logging in
through the login form and opening each dashboard; every chart must render data.

Needs .venv-superset (bi/superset/requirements.lock) and /usr/bin/chromium: `scripts/dev.sh test` sets up
both. Screenshots go to data/test-artifacts/superset/ (IOC_TEST_ARTIFACTS moves them).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy
import yaml

from tests.bi.conftest import ROOT, artifacts_for, free_port, serving

pytestmark = pytest.mark.slow  # end to end: real refreshes, servers or browsers

ASSETS = ROOT / "bi" / "superset" / "assets"
ADMIN = ("admin", "ioc-test-password")
HARDENED = "access_mode=read_only&enable_external_access=false&lock_configuration=true"
REFUSED = [("create table marts.x as select 1", "read-only"),
           (f"select * from read_csv('{ROOT / 'README.md'}')", "disabled by configuration"),
           ("set enable_external_access = true", "locked"),
           ("set lock_configuration = false", "locked")]


def _dashboards() -> dict[str, dict]:
    """The dashboards in the repository's files, by slug, with the names of their charts."""
    charts = {}
    for f in (ASSETS / "charts").glob("*.yaml"):
        c = yaml.safe_load(f.read_text(encoding="utf-8"))
        charts[c["uuid"]] = c["slice_name"]
    out = {}
    for f in sorted((ASSETS / "dashboards").glob("*.yaml")):
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        names = [charts[n["meta"]["uuid"]] for n in d["position"].values()
                 if isinstance(n, dict) and n.get("type") == "CHART"]
        out[d["slug"]] = {"title": d["dashboard_title"], "charts": names,
                          "filters": len(d["metadata"].get("native_filter_configuration", []))}
    return out


DASHBOARDS = _dashboards()


def test_the_repository_has_the_five_dashboards_and_no_machine_path():
    assert set(DASHBOARDS) == {"ioc-scorecard", "ioc-indicator-trend", "ioc-submissions", "ioc-revisions",
                               "ioc-data-quality"}
    assert all(len(d["charts"]) >= 2 for d in DASHBOARDS.values())
    (database,) = [yaml.safe_load(f.read_text()) for f in (ASSETS / "databases").glob("*.yaml")]
    assert database["sqlalchemy_uri"] == f"duckdb:///${{IOC_WAREHOUSE_PATH}}?{HARDENED}"
    assert not database["allow_dml"] and not database["allow_file_upload"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """A demo warehouse (size S: every department, five years, revisions, warnings, cross-checks) published
    by the real refresh, in a temporary folder; the same variables as tests/conftest.py's warehouse_env."""
    tmp = tmp_path_factory.mktemp("bi_warehouse")
    warehouse = tmp / "warehouse" / "ioc.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(IOC_LANDING_DIR=str(tmp / "landing"), IOC_WAREHOUSE_PATH=str(warehouse))
    iocw = Path(sys.executable).with_name("iocw")
    run = subprocess.run([str(iocw), "demo", "--size", "S"], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert warehouse.exists()
    return warehouse


@pytest.fixture(scope="module")
def superset(warehouse, tmp_path_factory):
    """Superset started by the README's command on a free port, with its state in a temporary folder."""
    home = tmp_path_factory.mktemp("superset_home")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, IOC_WAREHOUSE_PATH=str(warehouse), SUPERSET_HOME=str(home), SUPERSET_PORT=str(port),
               SUPERSET_ADMIN_USER=ADMIN[0], SUPERSET_ADMIN_PASSWORD=ADMIN[1])
    # the first run may build .venv-superset
    with serving(["bash", str(ROOT / "scripts" / "dev.sh"), "superset"], url + "/health", env,
                 home / "server.log", timeout=900):
        yield url


@pytest.fixture(scope="module")
def page(superset, browser):
    """A headless Chromium page logged in through Superset's login form."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
    for attempt in range(3):  # on a busy machine the form can be filled before its script took it over
        page.goto(superset + "/login/")
        page.wait_for_load_state("networkidle")
        page.fill("#username", ADMIN[0])
        page.fill("#password", ADMIN[1])
        page.click("button[type=submit]")
        try:
            page.wait_for_url(lambda u: "/login" not in u, timeout=60_000)
            break
        except PlaywrightTimeout:  # still on the login page: try again, the third time fails the test
            if attempt == 2:
                raise
    yield page
    page.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    return artifacts_for("superset")


@pytest.mark.parametrize("slug", sorted(DASHBOARDS))
def test_every_chart_of_the_dashboard_renders_data(slug, superset, page, artifacts):
    from playwright.sync_api import expect

    expected = DASHBOARDS[slug]
    charts = page.request.get(f"{superset}/api/v1/dashboard/{slug}/charts")
    assert charts.ok, charts.text()
    chart_ids = {c["id"]: c["slice_name"] for c in charts.json()["result"]}
    assert sorted(chart_ids.values()) == sorted(expected["charts"])

    # every chart's query, as the dashboard sends it (the native filters' own queries have no slice_id)
    answers: dict[int, dict] = {}
    filter_answers: list[dict] = []

    def on_response(response):
        if "/api/v1/chart/data" not in response.url or response.request.method != "POST":
            return
        slice_id = ((response.request.post_data_json or {}).get("form_data") or {}).get("slice_id")
        try:
            body = response.json()
        except Exception:  # noqa: BLE001 - an answer that is not JSON is a failure below
            body = {"unreadable": response.text()[:500]}
        answer = {"status": response.status, "body": body, "query": response.request.post_data_json}
        if slice_id is None:
            filter_answers.append(answer)
        else:
            answers[slice_id] = answer

    page.on("response", on_response)
    try:
        page.goto(f"{superset}/superset/dashboard/{slug}/")
        deadline = time.monotonic() + 120
        while set(chart_ids) - set(answers) and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert not set(chart_ids) - set(answers), f"charts that sent no query: {set(chart_ids) - set(answers)}"
        # then until every chart has drawn: no loading indicator left in any chart
        page.wait_for_function(
            """n => { const charts = document.querySelectorAll('[data-test="chart-grid-component"]');
                      const busy = '.loading, [data-test="loading-indicator"]';
                      return charts.length === n && [...charts].every(c => !c.querySelector(busy)); }""",
            arg=len(chart_ids), timeout=60_000)
        page.wait_for_timeout(1000)  # the echarts' animation
        page.screenshot(path=str(artifacts / f"{slug}.png"), full_page=True)
    finally:
        page.remove_listener("response", on_response)

    for chart_id, name in chart_ids.items():
        answer = answers[chart_id]
        assert answer["status"] == 200, f"{name}: HTTP {answer['status']} {json.dumps(answer['body'])[:1000]}"
        results = answer["body"]["result"]
        assert results and all(not r.get("error") for r in results), f"{name}: {results}"
        assert results[0]["rowcount"] > 0, f"{name}: no rows"
    assert len(filter_answers) >= expected["filters"]
    for answer in filter_answers:
        assert answer["status"] == 200 and answer["body"]["result"][0]["rowcount"] > 0, answer

    drawn = page.locator('[data-test="chart-grid-component"]')
    expect(drawn).to_have_count(len(chart_ids), timeout=60_000)  # the page may re-render as it records its filters
    for i in range(drawn.count()):
        chart = drawn.nth(i)
        name = chart.get_attribute("data-test-chart-name")
        text = chart.inner_text()
        assert "No results" not in text and "Unexpected error" not in text, f"{name}: {text[:500]}"
        assert chart.locator('[role="alert"], .ant-alert-error, [data-test="error-message"]').count() == 0, name
        # something was drawn: an echart's canvas, a table's rows, a big number
        assert chart.locator("canvas, svg, table tbody tr, .header-line").count() > 0, f"{name}: nothing drawn"
    if expected["filters"]:
        # the trend dashboard opens on an indicator that has data: each filter's default is in every query
        meta = json.loads(page.request.get(f"{superset}/api/v1/dashboard/{slug}").json()["result"]["json_metadata"])
        for native in meta["native_filter_configuration"]:
            column, value = native["targets"][0]["column"]["name"], native["defaultDataMask"]["filterState"]["value"]
            assert value, native["name"]
            for chart_id, name in chart_ids.items():
                sent = answers[chart_id]["query"]["queries"][0]["filters"]
                assert any(f["col"] == column and f["val"] == value for f in sent), (name, sent)


def test_superset_reads_the_warehouse_the_hardened_way(superset, page, warehouse):
    """The connection is read-only, cannot reach other files, and its settings are locked: checked through
    Superset's own SQL Lab, on the connection the dashboards use."""
    databases = page.request.get(f"{superset}/api/v1/database/").json()["result"]
    (database,) = [d for d in databases if d["database_name"] == "IOC warehouse"]
    connection = page.request.get(f"{superset}/api/v1/database/{database['id']}/connection").json()["result"]
    assert connection["sqlalchemy_uri"] == f"duckdb:///{warehouse}?{HARDENED}"
    csrf = page.request.get(f"{superset}/api/v1/security/csrf_token/").json()["result"]

    def sql(statement: str):
        return page.request.post(f"{superset}/api/v1/sqllab/execute/",
                                 headers={"X-CSRFToken": csrf, "Referer": f"{superset}/sqllab/"},
                                 data={"database_id": database["id"], "sql": statement, "runAsync": False,
                                       "schema": "marts", "client_id": f"t{time.monotonic_ns() % 10**9}"})

    settings = sql("select current_setting('access_mode') as access_mode, "
                   "current_setting('enable_external_access')::varchar as external_access, "
                   "current_setting('lock_configuration')::varchar as locked, "
                   "(select count(*) from marts.fct_indicator_value) as facts")
    assert settings.ok, settings.text()
    row = settings.json()["data"][0]
    assert (row["access_mode"], row["external_access"], row["locked"]) == ("read_only", "false", "true")
    assert row["facts"] > 0
    for statement, refusal in REFUSED[1:]:  # SQL Lab refuses the create itself (the database has no DML)
        answer = sql(statement)
        assert not answer.ok and refusal in answer.text(), (statement, answer.text()[:500])


def test_the_readme_connection_string_is_read_only_sealed_and_locked(warehouse):
    """The README's URI for BI tools, as written there, through SQLAlchemy 2 and duckdb_engine with the
    warehouse stack's DuckDB (the test above checks the same through Superset and its DuckDB 1.4)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (uri,) = set(re.findall(r"`(duckdb:////absolute/path/data/warehouse/ioc\.duckdb\?[^`]+)`", readme))
    assert uri.endswith("?" + HARDENED)
    engine = sqlalchemy.create_engine(uri.replace("/absolute/path/data/warehouse/ioc.duckdb", str(warehouse)))
    with engine.connect() as conn:
        q = lambda sql: conn.execute(sqlalchemy.text(sql)).fetchall()  # noqa: E731
        assert q("select count(*) > 0 from marts.mart_indicator_values where indicator_code = 'DN.001'") == [(True,)]
        assert q("select current_setting('access_mode'), current_setting('enable_external_access'), "
                 "current_setting('lock_configuration')") == [("read_only", False, True)]
        for statement, refusal in REFUSED:
            with pytest.raises(sqlalchemy.exc.DBAPIError, match=refusal):
                q(statement)
            conn.rollback()
    engine.dispose()
