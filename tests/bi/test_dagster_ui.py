"""The Dagster UI as a data engineer meets it: started by the README's command (`iocw ui`) over a warehouse
that `iocw refresh` already refreshed once, in Debian's Chromium driven by Playwright. The command line's
run is in the UI; the lineage shows the README's groups; a refresh launched by clicking 'Materialize all'
succeeds; and the file a department sent that could not be read shows as a failed (warning) check that
names it, not as a green graph. Screenshots go to data/test-artifacts/dagster/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.bi.conftest import ROOT, artifacts_for, free_port, serving
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow  # end to end: real refreshes, servers or browsers

GROUPS = ("reference", "landing", "lake", "staging", "intermediate", "marts", "audit", "warehouse")


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    """A warehouse refreshed once by the command line, then a file no reader can read dropped in SYT's
    folder, and the UI started on a free port. The new-files sensor is stopped first (with Dagster's own
    command), so that the refresh which meets the bad file is the one the test launches by clicking."""
    tmp = tmp_path_factory.mktemp("dagster_ui")
    landing = tmp / "landing"
    (landing / "STTTT").mkdir(parents=True)
    shutil.copy(FIXTURES / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv", landing / "STTTT")
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "IOC_WORK_DIR")}
    env.update(IOC_LANDING_DIR=str(landing), IOC_WAREHOUSE_PATH=str(tmp / "warehouse" / "ioc.duckdb"))
    bin_dir = os.path.dirname(sys.executable)
    run = subprocess.run([f"{bin_dir}/iocw", "refresh"], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    home = tmp / "warehouse" / "ioc.work" / "dagster"  # the instance `iocw refresh` recorded its run in
    stopped = subprocess.run([f"{bin_dir}/dagster", "sensor", "stop", "new_files_sensor", "-m",
                              "orchestration.definitions"], env={**env, "DAGSTER_HOME": str(home)}, cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert stopped.returncode == 0, stopped.stdout[-2000:] + stopped.stderr[-2000:]
    (landing / "SYT").mkdir()
    (landing / "SYT" / "bao_cao_hong.xlsx").write_bytes(b"PK\x03\x04 cut off in the middle of a copy")

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving([f"{bin_dir}/iocw", "ui", "--port", str(port)], url + "/server_info", env, tmp / "ui.log",
                 timeout=300):
        yield url


@pytest.fixture(scope="module")
def page(dagster_ui, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    yield page
    page.close()


def _dismiss_welcome(page) -> None:
    """A fresh instance greets the first visit with a newsletter dialog; skip it if it shows."""
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=5_000)
    except Exception:  # noqa: BLE001 - no dialog (it was dismissed before): nothing to do
        return
    skip.click()


def _run_row(page, text: str):
    """The row of the runs list that shows ``text``: the nearest block around it with a run's link and the
    run's status."""
    ended = " or ".join(f"normalize-space(text())='{s}'" for s in ("Success", "Failure", "Canceled"))
    return page.get_by_text(text).first.locator(
        f"xpath=ancestor::div[.//a[starts-with(@href, '/runs/')] and .//*[{ended}]][1]")


def test_the_command_lines_run_is_in_the_ui(dagster_ui, page):
    from playwright.sync_api import expect

    page.goto(dagster_ui + "/runs")
    _dismiss_welcome(page)
    expect(page.get_by_text("ioc/trigger: cli")).to_have_count(1, timeout=60_000)
    expect(_run_row(page, "ioc/trigger: cli").get_by_text("Success", exact=True)).to_be_visible()


def test_the_lineage_shows_the_readmes_groups(dagster_ui, page):
    from playwright.sync_api import expect

    page.goto(dagster_ui + "/asset-groups")
    _dismiss_welcome(page)
    expect(page.get_by_text("Global asset lineage")).to_be_visible(timeout=60_000)
    for group in GROUPS:
        expect(page.get_by_text(group, exact=True).first).to_be_visible()
    page.screenshot(path=str(artifacts_for("dagster") / "lineage.png"))


def test_a_refresh_launched_by_clicking_succeeds_and_shows_the_refused_file(dagster_ui, page):
    from playwright.sync_api import expect

    page.goto(dagster_ui + "/locations/orchestration.definitions/jobs/refresh")
    _dismiss_welcome(page)
    page.get_by_role("button", name="Materialize all").click()
    launched = page.get_by_text(re.compile(r"Launched run [0-9a-f]{8}"))
    expect(launched).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="View", exact=True).first.click()  # the toast's link to the run
    page.wait_for_url(re.compile(r"/runs/[0-9a-f-]{36}"), timeout=60_000)
    # the run's page follows the run as it goes; it ends in one of these
    expect(page.get_by_text(re.compile(r"^(Success|Failure|Canceled)$")).first).to_be_visible(timeout=600_000)
    expect(page.get_by_text("Success", exact=True).first).to_be_visible()
    expect(page.get_by_text("Succeeded (5)")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(artifacts_for("dagster") / "refresh_run.png"))

    page.goto(dagster_ui + "/assets/landing/SYT?view=checks")
    expect(page.get_by_text("1 file(s) refused whole: bao_cao_hong.xlsx")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Failed").first).to_be_visible()
    page.screenshot(path=str(artifacts_for("dagster") / "refused_file_check.png"))
