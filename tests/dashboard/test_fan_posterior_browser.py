"""The fan chart's parameters control in headless Chromium: posteriors given at startup and found in results/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from journeysim.fingerprint import code_fingerprint

pytestmark = pytest.mark.browser

VALUES = {"staff_turnover_annual": [0.09, 0.17], "burnout_threshold": [0.15, 0.35]}


def write_posterior(folder: Path, weights: list[float], fingerprint: str | None = None) -> Path:
    """A posterior folder as ``journeysim calibrate`` writes it (two particles of :data:`VALUES`)."""
    folder.mkdir(parents=True)
    pd.DataFrame({**VALUES, "weight": weights}).to_parquet(folder / "posterior.parquet", index=False)
    manifest = {
        "kind": "journeysim-posterior",
        "format": 1,
        "parameters": list(VALUES),
        "targets": "/somewhere/uk_2009_2015.toml",
        "targets_sha256": "0" * 64,
        "code_fingerprint": fingerprint or code_fingerprint(),
        "journeysim_version": "test",
        "seed": 0,
        "settings": {},
        "generations": 1,
        "particles": len(weights),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app on 127.0.0.1 with a posterior given at startup and three more folders under its results folder."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); browser tests need it")
    from journeysim.batch.posterior import load_posterior
    from journeysim.dashboard import draws, fan, jobs
    from journeysim.dashboard.app import ServerThread, create_app

    root = tmp_path_factory.mktemp("fan-posterior")
    given = load_posterior(write_posterior(root / "given", [1.0, 0.0]))
    results = root / "results"
    write_posterior(results / "cal_a", [0.0, 1.0])
    write_posterior(results / "old_code", [0.5, 0.5], fingerprint="0" * 12)
    write_posterior(results / "broken", [0.5, 0.4])
    srv = ServerThread(create_app(posterior=given, results=results), "127.0.0.1", 0).start()
    jobs.warm_up()
    try:
        yield srv
    finally:
        srv.stop()
        fan.use_posterior(None)
        draws.use_results("results")


def open_page(browser: Any, server: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    page.wait_for_selector("#level-graph .main-svg", timeout=30_000)
    return context, page, errors


def choose(page: Any, dropdown: str, option: str) -> None:
    page.click(dropdown)
    page.get_by_role("option", name=option, exact=True).click()


def test_the_parameters_control_names_checks_and_uses_the_chosen_posterior(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    from journeysim.dashboard import fan, jobs
    from journeysim.library import load_scenario

    context, page, errors = open_page(browser, server)
    info = page.locator("#fan-posterior-info")
    # Given at startup: the posterior is the default choice, and the line names it.
    expect(page.locator("#fan-params input[value=posterior]")).to_be_checked()
    expect(page.locator("#fan-posterior")).to_contain_text("given (given at start)")
    expect(info).to_have_text("Posterior 'given': 2 particles, 2 calibrated parameters, targets uk_2009_2015.toml.")
    # Found under the results folder: one calibrated with other code is named with a warning.
    choose(page, "#fan-posterior", "old_code")
    expect(info).to_contain_text("Posterior 'old_code': 2 particles")
    expect(info).to_contain_text(f"Warning: calibrated with other model code (fingerprint {'0' * 12}")
    # A bad folder: a clear message, no traceback, and no run.
    choose(page, "#fan-posterior", "broken (cannot be used)")
    expect(info).to_contain_text("This posterior cannot be used")
    expect(info).to_contain_text("'weight' sums to 0.9")
    page.click("#fan-btn")
    expect(page.locator("#fan-status")).to_contain_text("Cannot run:")
    expect(page.locator("#fan-btn")).to_be_enabled()
    # A good one: the worlds draw from it (weight 1 on its second particle).
    choose(page, "#fan-posterior", "cal_a")
    expect(info).to_contain_text("Posterior 'cal_a': 2 particles, 2 calibrated parameters")
    choose(page, "#fan-n", "50")
    page.click("#fan-btn")
    expect(page.locator("#fan-status")).to_contain_text(
        "50 worlds of trainer demo, parameters drawn from the posterior 'cal_a'.", timeout=120_000
    )
    job = jobs.get(next(iter(server.app.registry._sessions.values())).fan_job)
    (_, seed, *_), _, draws = job.about
    assert draws.posterior is not None and Path(draws.posterior.source).name == "cal_a"
    scenario = load_scenario("trainer_demo")
    chosen = scenario.with_parameters({"staff_turnover_annual": 0.17, "burnout_threshold": 0.35})
    assert job.result.bands == fan.summarise(scenario, seed, fan.run_worlds(chosen, seed, list(range(50)))).bands
    # The declared ranges, then the defaults: no posterior list, no line.
    page.get_by_label("drawn from declared ranges").check()
    expect(page.locator("#fan-posterior")).to_be_hidden()
    expect(info).to_have_text("")
    page.click("#fan-btn")
    expect(page.locator("#fan-status")).to_contain_text("parameters drawn from declared ranges.", timeout=120_000)
    page.get_by_label("fixed at defaults").check()
    page.click("#fan-btn")
    expect(page.locator("#fan-status")).to_contain_text("parameters fixed at defaults.", timeout=120_000)
    expect(page.locator("#error")).to_be_empty()
    assert errors == []
    context.close()
