"""A real browser (Debian's Chromium driven by Playwright), a real SMTP server, the live studio."""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import time
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Screenshots of every step, kept after the run for people to look at.
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "e2e"
#: The password of the accounts the browser tests make.
PASSWORD = "a long passphrase 42"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


class Inbox:
    """Messages received by the test SMTP server."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, to: str, subject_words: str = "", timeout: float = 10.0) -> Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                if to in message["To"] and subject_words.lower() in message["Subject"].lower():
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no mail to {to} about {subject_words!r}")


def body_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(settings):
    from aiosmtpd.controller import Controller

    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield handler
    controller.stop()


@pytest.fixture
def task_worker(database_tasks, settings):
    """A task worker (``manage.py worker``'s, in a thread of this process) on the test
    database: uploads are queued and made as in production, not inside the request."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":  # shared-cache SQLite locks out a second writer
        pytest.skip("a worker beside the live server needs PostgreSQL: tools/test_scale.sh")
    from anyidphoto.engine import load_models
    from anyidphoto.web.operations.workers import Worker

    load_models()  # as manage.py worker does before its first task
    worker = Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=settings.WORKER_POLL_SECONDS,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-tests",
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()  # this thread's own; the test database is dropped after

    thread = threading.Thread(target=run, name="task-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=30)


@pytest.fixture(scope="session")
def playwright_session():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make setup` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session):
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def filmed_camera(tmp_path_factory, playwright_session):
    """``filmed_camera(scale=1.0, gain=1.0)``: a Chromium whose fake camera films the
    astronaut portrait on a light wall (a looped Y4M): at ``scale`` 1 her face sits in the
    camera page's oval as a person's would, smaller further away; ``gain`` dims the light."""
    import cv2
    import numpy as np

    from .. import photos

    launched = {}

    def film(scale: float = 1.0, gain: float = 1.0):
        if (scale, gain) in launched:
            return launched[scale, gain]
        frame = np.full((480, 640, 3), 235, np.uint8)
        side = round(700 * scale)
        face = cv2.resize(photos.astronaut(), (side, side))
        # The face's middle (about (225, 125) of the 512 px portrait) at the oval's, (320, 214).
        x, y = 320 - round(225 * side / 512), 214 - round(125 * side / 512)
        top, left = max(0, y), max(0, x)
        bottom, right = min(480, y + side), min(640, x + side)
        frame[top:bottom, left:right] = face[top - y : bottom - y, left - x : right - x]
        frame = np.clip(frame * gain, 0, 255).astype(np.uint8)
        yuv = cv2.cvtColor(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR), cv2.COLOR_BGR2YUV_I420)
        path = tmp_path_factory.mktemp("camera") / "portrait.y4m"
        with open(path, "wb") as video:
            video.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
            for _ in range(5):
                video.write(b"FRAME\n" + yuv.tobytes())
        launched[scale, gain] = playwright_session.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_FLAGS, f"--use-file-for-fake-video-capture={path}"],
        )
        return launched[scale, gain]

    yield film
    for browser in launched.values():
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page; its locale is ``en-GB`` unless parametrized (indirect)."""
    context = browser.new_context(accept_downloads=True, locale=getattr(request, "param", "en-GB"))
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


UNSTICK_BANNER = """(position) => {
    const banner = document.querySelector("aside.consent");
    if (banner) banner.style.position = position;
}"""


@pytest.fixture
def shoot(request):
    """``shoot(page, step, widths=(360, 1280))`` saves the page as it shows at a phone's
    width and a desktop's, as test-artefacts/e2e/<test>-<n>-<step>-<width>.png, then gives
    the page its own size back (the test's screenshots of an earlier run are removed first)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob(f"{glob.escape(request.node.name)}-[0-9][0-9]-*.png"):
        old.unlink()
    count = {"n": 0}

    def take(page, step: str, widths: tuple[int, ...] = (360, 1280)) -> list[Path]:
        count["n"] += 1
        size, paths = page.viewport_size, []
        for width in widths:
            if width != page.viewport_size["width"]:
                page.set_viewport_size({"width": width, "height": size["height"]})
            path = ARTEFACTS / f"{request.node.name}-{count['n']:02d}-{step}-{width}.png"
            # The cookie banner sticks to the window's bottom: in a whole-page shot it
            # would hide the middle of the page, so it is shown where it stands instead.
            # (Through the CSSOM: the studio's CSP refuses an injected style sheet.)
            page.evaluate(UNSTICK_BANNER, "static")
            page.screenshot(path=str(path), full_page=True)
            page.evaluate(UNSTICK_BANNER, "")
            paths.append(path)
        if page.viewport_size != size:
            page.set_viewport_size(size)
        return paths

    return take


def _one_request_at_a_time() -> None:
    """Serialise the live server's requests while it shares the tests' database connection.

    Django's live server answers each request on a thread of its own, and
    with an in-memory SQLite database every thread is handed the one
    connection the tests hold: a page and its images fetched at once then
    use it together, which SQLite answers with "bad parameter or other API
    misuse". Each request's whole response is made under one lock instead;
    on a real database server (no shared connection) nothing changes.
    """
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class Serialised(ThreadedWSGIServer):
        lock = threading.Lock()

        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, connections_override=connections_override, **kwargs)
            self.shared = bool(connections_override)

        def set_app(self, application):
            if not self.shared:
                return super().set_app(application)

            def locked(environ, start_response):
                with self.lock:
                    result = application(environ, start_response)
                    try:
                        return list(result)
                    finally:
                        if hasattr(result, "close"):
                            result.close()  # request_finished, inside the lock

            return super().set_app(locked)

    LiveServerThread.server_class = Serialised


_one_request_at_a_time()


@pytest.fixture
def make_browser_user(django_user_model):
    """``make(page, live_server, email, language)``: a verified account, signed in on ``page``
    with its password as a person does."""

    def make(page, live_server, email="cam@example.org", language="en"):
        from allauth.account.models import EmailAddress
        from django.utils import timezone

        user = django_user_model.objects.create_user(
            email=email,
            password=PASSWORD,
            age_confirmed_at=timezone.now(),
            preferred_language=language,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_url(re.compile(r".*/$"))
        return user

    return make
