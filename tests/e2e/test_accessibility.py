"""axe-core (from npm, ``package.json``) on every customer page, in English and French:
no serious or critical violation; and the studio's path can be walked with the keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .. import photos

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

VISITOR_PAGES = (
    "/", "/?doc=us-passport", "/?q=france", "/camera/?doc=us-passport", "/accounts/signup/",
    "/accounts/login/", "/accounts/password/reset/", "/privacy/", "/privacy/cookies/", "/terms/",
)  # fmt: skip
ACCOUNT_PAGES = (
    "/photos/", "/orders/", "/account/profile/", "/account/privacy/", "/account/support/",
    "/api/tokens/", "/accounts/email/", "/accounts/password/change/",
)  # fmt: skip


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it shows, one line each."""
    assert AXE.is_file(), "make setup installs axe-core from npm (package.json)"
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")  # CDP, not the page's eval: no CSP
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter((v) => v.impact === 'serious' || v.impact === 'critical')
             .map((v) => `${v.id} (${v.impact}): ` +
                         v.nodes.map((n) => n.target.join(' ')).join(', '))"""
    )
    return list(found)


@pytest.mark.parametrize("page", ["en-GB", "fr-FR"], indirect=True)
def test_no_serious_accessibility_violation_on_any_customer_page(
    page, live_server, make_browser_user, tmp_path
):
    language = page.evaluate("navigator.language")[:2]
    found = {}
    for path in VISITOR_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == language, path
        found[path] = serious_violations(page)
    # A made photo's page, as a visitor sees it (the verdict, the report).
    portrait = tmp_path / "portrait.jpg"
    portrait.write_bytes(photos.encode(photos.astronaut()))
    page.goto(f"{live_server.url}/?doc=fr-passport")
    page.set_input_files("input[name=file]", str(portrait))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#verdict", timeout=60_000)
    found["photo (visitor)"] = serious_violations(page)
    make_browser_user(page, live_server, email=f"axe-{language}@example.org", language=language)
    for path in ACCOUNT_PAGES:
        page.goto(f"{live_server.url}{path}")
        found[path] = serious_violations(page)
    page.goto(f"{live_server.url}/photos/")
    page.click("table a")
    page.wait_for_selector("#verdict")
    found["photo (account)"] = serious_violations(page)
    assert {path: v for path, v in found.items() if v} == {}


def test_the_studio_is_walked_with_the_keyboard(page, live_server, tmp_path):
    """From the landing page to the verdict with Tab, Enter and Space only (the file
    itself is chosen by the system's dialog, set here as a person would pick it)."""
    portrait = tmp_path / "portrait.jpg"
    portrait.write_bytes(photos.encode(photos.astronaut()))
    page.goto(f"{live_server.url}/")
    page.click("#consent-essential")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        focused.append(href)
        if href == "?doc=us-passport":
            break
    assert "?doc=us-passport" in focused, focused
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*\\?doc=us-passport$"))
    page.set_input_files("input[name=file]", str(portrait))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.closest('#upload-form button[type=submit]') !== null"
        ):
            break
    # The focused control shows where the focus is.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), outline
    page.keyboard.press("Enter")
    page.wait_for_selector("#verdict", timeout=60_000)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "upload-another":
            break
    assert page.evaluate("document.activeElement.id") == "upload-another"


def test_every_customer_page_fits_a_phone_and_wears_the_stylesheet(
    page, live_server, make_browser_user, shoot
):
    """At 360 px wide nothing runs off the side; allauth's forms, like the studio's own,
    stack each label above its field with the stylesheet's field border (screenshots of
    each page at 360 and 1280 px in test-artefacts/e2e/)."""

    def look(path: str, name: str) -> dict:
        page.goto(f"{live_server.url}{path}")
        shape = page.evaluate(
            """() => {
                const field = document.querySelector(
                    'main form input[type=email], main form input[type=password]');
                const label = field && document.querySelector(`label[for="${field.id}"]`);
                return {
                    wide: document.scrollingElement.scrollWidth,
                    border: field && getComputedStyle(field).borderTopColor,
                    stacked: !!(label && label.getBoundingClientRect().bottom
                                <= field.getBoundingClientRect().top + 1),
                };
            }"""
        )
        shoot(page, name, widths=(page.viewport_size["width"],))
        return shape

    def named(path: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"

    pages = [(path, named(path)) for path in VISITOR_PAGES]
    make_pages = [(path, named(path)) for path in ACCOUNT_PAGES]
    too_wide, unstyled = {}, {}
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/")
        page.click("#consent-essential")  # the banner would cover the bottom of each shot
        for path, name in pages:
            shape = look(path, name)
            if shape["wide"] > width:
                too_wide[f"{path} at {width}"] = shape["wide"]
            if path.startswith("/accounts/") and (
                shape["border"] != "rgb(138, 148, 166)" or not shape["stacked"]
            ):
                unstyled[path] = shape
        if width == 360:
            make_browser_user(page, live_server, email="narrow@example.org")
        else:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=login]", "narrow@example.org")
            page.fill("input[name=password]", "a long passphrase 42")
            page.click("main form[action$='/accounts/login/'] button[type=submit]")
            page.wait_for_url(re.compile(r".*/$"))
        for path, name in make_pages:
            shape = look(path, name)
            if shape["wide"] > width:
                too_wide[f"{path} at {width}"] = shape["wide"]
    assert too_wide == {}
    assert unstyled == {}
