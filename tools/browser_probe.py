"""A person in the studio while the site is under load: how soon the verdict shows.

Used by ``tools/load.py``. Debian's Chromium (driven by Playwright, as in the
browser tests) signs in with a password, then, until the time is up, uploads
a portrait on the studio's page and waits for the verdict. Each time is from
the upload's answer (the photo's own page arriving) to the verdict's first
paint, by the browser's clock (``tests/e2e/timing.py``): the worker queue, the
making, the page's polling and the report's page.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.e2e.timing import RECORD_PAGES, verdict_seconds

#: Seconds between the verdict and the next upload (a person looks at the report).
PAUSE_S = 1.0


def probe(
    url: str, email: str, password: str, pictures: list[tuple[str, bytes]], deadline: float
) -> tuple[list[float], list[str]]:
    """``(seconds from upload to verdict, errors)`` for uploads until ``deadline`` (monotonic)."""
    from playwright.sync_api import Error, sync_playwright

    seconds: list[float] = []
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        files = []
        for name, data in pictures:
            path = Path(folder) / f"{name}.jpg"
            path.write_bytes(data)
            files.append(path)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(locale="en-GB")
        page.add_init_script(RECORD_PAGES)
        try:
            page.goto(f"{url}/accounts/login/")
            page.fill("input[name=login]", email)
            page.fill("input[name=password]", password)
            page.click("main form[action$='/accounts/login/'] button[type=submit]")
            page.wait_for_url(re.compile(r".*/$"))
            turn = 0
            while time.monotonic() < deadline:
                path = files[turn % len(files)]
                turn += 1
                try:
                    page.goto(f"{url}/?doc=us-passport")
                    page.set_input_files("input[name=file]", str(path))
                    page.click("#upload-form button[type=submit]")
                    page.wait_for_url(re.compile(r".*/photos/[0-9a-f-]+/$"), timeout=60_000)
                    page.wait_for_selector("#verdict", timeout=60_000)
                    seconds.append(verdict_seconds(page))
                except Error as error:
                    errors.append(f"studio upload {path.stem}: {error.message.splitlines()[0]}")
                time.sleep(PAUSE_S)
        finally:
            browser.close()
    return seconds, errors
