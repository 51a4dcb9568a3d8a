"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

`playwright install` cannot download browsers here, so the tests launch /usr/bin/chromium
(override with PAYUNG_CHROMIUM). A missing browser is a test failure, never a skip: the suite
must prove the product works in a real browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from payung.accounts.models import User
from tests.cases.helpers import reseed_reference_data
from tests.conftest import PASSWORD, personas  # noqa: F401  (fixture re-export)

# Django's live server runs in a thread; Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PAYUNG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's browser with "
            "`apt-get install chromium` (make test does this when run as root)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser: Browser, **options: Any) -> BrowserContext:
    options.setdefault("locale", "id-ID")
    options.setdefault("timezone_id", "Asia/Jakarta")
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = _context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def phone_page_no_js(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript switched off, as on a cheap phone's data-saver."""
    context = _context(browser, viewport=PHONE, java_script_enabled=False, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A page whose CSP is bypassed so the axe-core script can be injected."""
    context = _context(browser, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """Browser tests use the live server, so each is a transactional test, and each ends with
    a flush that also empties the reference data the data migrations loaded: seed it again."""
    reseed_reference_data()


@pytest.fixture(autouse=True, scope="session")
def _restore_reference_data_at_end(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


def login(page: Page, live_server: Any, user: User, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/akun/**")
