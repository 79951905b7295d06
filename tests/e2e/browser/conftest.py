"""The browser tier's fixtures: one local run and one Chromium for every browser test (one xdist worker)."""
from pathlib import Path

import pytest

from tests.helpers import Runner

from .kit import AXE, CHROMIUM, FLAGS, PHONE, SHOTS


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    # no background dashboard rebuilds competing with the pages for the one-request-at-a-time stand-in
    runner = Runner(tmp_path_factory.mktemp("browser-run"), sync_seconds="600")
    yield runner
    runner.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs Debian's chromium package"
    assert AXE.exists(), "axe-core is missing: `make test` runs npm ci in tests/e2e/browser"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    viewport = getattr(request, "param", PHONE)
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()
    assert pg.errors == []
