"""The cluster page in a real headless Chromium (Debian chromium + chromium-driver, Selenium).

Nothing is downloaded: Selenium is pointed at Debian's browser and driver. The test signs in,
reads the totals, applies a filter, reads the filtered numbers and saves a screenshot
(``docs/screenshots/hub_cluster.png`` with ``MSCD_UPDATE_SCREENSHOTS=1``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sync_support import records as make

from mscd_desktop.core.ids import new_id
from mscd_desktop.hub import admins
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.devices import get_device
from mscd_desktop.hub.ingest import apply_records

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = pytest.mark.slow


@pytest.fixture
def browser(tmp_path):
    """A headless Chromium driven by Debian's chromedriver, with a fresh profile."""
    if CHROMIUM is None or not Path(DRIVER).exists():
        pytest.skip(
            "chromium and chromium-driver are not installed (packaging/debian-packages.txt)"
        )
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--lang=en-GB",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _store(engine, device, batch) -> None:
    with reading(engine) as db:
        stored_device = get_device(db, device.device_id)
    outcome = apply_records(engine, stored_device, new_id(), batch)
    assert outcome.counts()["accepted"] == len(batch)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_cluster_page_filters_and_shows_the_numbers_in_chromium(
    browser, hub, engine, valladolid, lund, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _store(engine, valladolid, make.visited_event())
    lund_event = make.visited_event(
        name="Linero renovation", project="ZenN", city="Lund", date="2026-06-02"
    )
    lund_event += [make.energy_minute(lund_event[0]["event_id"], 9, 2500.0)]
    _store(engine, lund, lund_event)
    admins.set_password(engine, "coordinator", "correct horse battery")

    browser.get(f"{hub.url}/cluster")
    assert "/admin/login" in browser.current_url  # the page needs an admin
    browser.find_element(By.ID, "username").send_keys("coordinator")
    browser.find_element(By.ID, "password").send_keys("correct horse battery")
    browser.find_element(By.ID, "sign-in").click()
    # the click returns before the sign-in (a slow password hash) has redirected
    WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith("/cluster"))

    def total(name: str) -> str:
        return browser.find_element(By.CSS_SELECTOR, f'[data-total="{name}"]').text

    assert total("events") == "2"
    assert total("checked_in") == "6"
    assert total("children_played") == "4"
    assert total("kwh") == "5.5"

    Select(browser.find_element(By.ID, "project")).select_by_visible_text("ZenN")
    browser.find_element(By.ID, "apply").click()
    WebDriverWait(browser, 20).until(lambda b: "project=ZenN" in b.current_url)
    assert total("events") == "1"
    assert total("checked_in") == "3"
    assert total("average_correct_pct") == "70.0 %"
    assert total("kwh") == "4.0"
    rows = browser.find_elements(By.CSS_SELECTOR, "#events tr[data-event]")
    assert [row.find_elements(By.TAG_NAME, "td")[1].text for row in rows] == ["Linero renovation"]
    political = browser.find_element(By.CSS_SELECTOR, '[data-audience="political"]').text
    assert political == "1"
    csv_link = browser.find_element(By.ID, "csv-link").get_attribute("href")
    assert csv_link.endswith("/cluster.csv?project=ZenN")

    Select(browser.find_element(By.ID, "project")).select_by_visible_text("All projects")
    browser.find_element(By.ID, "apply").click()
    folder = README_SCREENSHOTS if os.environ.get("MSCD_UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    picture = folder / "hub_cluster.png"
    assert browser.save_screenshot(str(picture))
    assert picture.stat().st_size > 20_000
