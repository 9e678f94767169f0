"""Hostile uploads, through the studio's form and the API: never a server error, always a
clear refusal or a clear failure, nothing of the payload in what comes out, memory bounded."""

from __future__ import annotations

import functools
import struct

import pytest
from django.urls import reverse

from anyidphoto.web.studio.models import Photo

from .. import badfiles, photos

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"


def polyglot() -> bytes:
    """A real portrait JPEG with a ZIP archive and an HTML page appended (a 'GIFAR'-style file)."""
    return photos.encode(photos.astronaut()) + b"PK\x03\x04" + b"\x00" * 26 + SCRIPT


def script_in_comment() -> bytes:
    """A real portrait whose JPEG comment segment holds a script."""
    base = photos.encode(photos.astronaut())
    return base[:2] + b"\xff\xfe" + struct.pack(">H", len(SCRIPT) + 2) + SCRIPT + base[2:]


def header_bomb() -> bytes:
    """A JPEG header declaring 65,000 x 65,000 pixels, with no picture behind it."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 65000, 65000, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + sof + b"\xff\xd9"


def _status_mb(field: str) -> float:
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def peak_growth():
    """A probe of how far this process's peak memory rises from now, in MB.

    The kernel's peak (VmHWM) is reset first, so a peak set by earlier tests
    cannot hide a rise.
    """
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    start = _status_mb("VmRSS")
    return lambda: _status_mb("VmHWM") - start


HOSTILE = {
    **{name: (file_name, factory) for name, (file_name, factory, _) in badfiles.CORPUS.items()},
    "svg-with-script": (
        "me.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>",
    ),
    "html-named-jpeg": ("me.jpg", lambda: b"<html><body>" + SCRIPT + b"</body></html>"),
    "jpeg-zip-html-polyglot": ("me.jpg", polyglot),
    "script-in-jpeg-comment": ("me.jpg", script_in_comment),
    "jpeg-header-bomb": ("me.jpg", header_bomb),
}


@functools.cache
def hostile_bytes(name: str) -> bytes:
    """The file's bytes, made once (making the PNG bomb itself takes memory)."""
    return HOSTILE[name][1]()


#: Declared content types that do not match the bytes: the studio goes by the bytes.
LIES = ["text/html", "image/svg+xml", "application/x-msdownload", ""]


def upload(client, name: str, through: str, content_type: str = "image/jpeg"):
    """Send ``HOSTILE[name]``; the photo is made before this returns (as a worker would)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase

    file_name, _ = HOSTILE[name]
    body = SimpleUploadedFile(file_name, hostile_bytes(name), content_type=content_type)
    url = reverse("studio:upload") if through == "form" else "/api/v1/photos"
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {"document": "us-passport", "file": body})


def judge(response, through: str) -> Photo | None:
    """The answer is a clear refusal (400 with a reason) or an accepted upload; never a 5xx."""
    assert response.status_code < 500
    if response.status_code == 400:
        text = response.json()["detail"] if through == "api" else response.content.decode()
        assert "error" in text or through == "api"
        assert text.strip()
        assert not Photo.objects.exists()
        return None
    assert response.status_code == (201 if through == "api" else 302)
    photo = Photo.objects.get()
    assert photo.status in {Photo.Status.READY, Photo.Status.FAILED}
    if photo.status == Photo.Status.FAILED:
        assert photo.error_message.strip() and "Traceback" not in photo.error_message
    return photo


@pytest.fixture
def api_client(client, user):
    from anyidphoto.web.api.models import ApiToken

    _, token = ApiToken.issue(owner=user, scope=ApiToken.Scope.WRITE)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.mark.parametrize("through", ["form", "api"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_upload_gets_a_clear_answer_and_nothing_of_it_comes_out(
    name, through, client_in, api_client
):
    client = client_in if through == "form" else api_client
    client.raise_request_exception = False
    photo = judge(upload(client, name, through), through)
    if photo is not None and photo.status == Photo.Status.READY:
        with photo.result.open("rb") as handle:
            made = handle.read()
        assert made.startswith(b"\xff\xd8") and SCRIPT not in made and b"PK\x03\x04" not in made


@pytest.mark.parametrize("content_type", LIES)
def test_the_declared_content_type_changes_nothing(content_type, client_in):
    client_in.raise_request_exception = False
    refused = upload(client_in, "html-named-jpeg", "form", content_type)
    assert refused.status_code == 400
    made = upload(client_in, "script-in-jpeg-comment", "form", content_type)
    assert made.status_code == 302 and Photo.objects.get().status == Photo.Status.READY


def test_the_whole_corpus_leaves_memory_bounded(client_in, api_client):
    client_in.raise_request_exception = False
    upload(client_in, "script-in-jpeg-comment", "form")  # the models are loaded first
    for name in HOSTILE:
        hostile_bytes(name)  # made before measuring
    growth = peak_growth()
    for name in HOSTILE:
        for through, client in (("form", client_in), ("api", api_client)):
            assert upload(client, name, through).status_code < 500
    grown = growth()
    assert grown < 250, f"peak memory grew by {grown:.0f} MB"


def test_a_100_mb_body_is_refused_without_being_kept(live_server, user):
    """Streamed to the live server: refused from its Content-Length, before it is read."""
    import requests
    from django.conf import settings

    from anyidphoto.web.api.models import ApiToken

    _, token = ApiToken.issue(owner=user, scope=ApiToken.Scope.WRITE)
    boundary = "hostile-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\nus-passport\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = 100 * 1024 * 1024
    chunk = b"\xff\xd8\xff" + b"\0" * (1024 * 1024 - 3)

    def body():
        yield head
        for _ in range(size // len(chunk)):
            yield chunk
        yield tail

    growth = peak_growth()
    response = requests.post(
        f"{live_server.url}/api/v1/photos",
        data=body(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + size + len(tail)),
        },
        timeout=120,
    )
    grown = growth()
    assert response.status_code == 413
    limit_mb = settings.STUDIO_MAX_UPLOAD_BYTES // 2**20
    assert f"{limit_mb} MB" in response.json()["detail"]
    assert grown < 2 * limit_mb, f"peak memory grew by {grown:.0f} MB for a 100 MB body"
    assert not Photo.objects.exists()


class _CountingInput:
    """A request body that records how much of it was read."""

    def __init__(self, size: int) -> None:
        self.size, self.read_bytes, self.largest_read = size, 0, 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_bytes if n is None or n < 0 else n
        n = min(n, self.size - self.read_bytes)
        self.read_bytes += n
        self.largest_read = max(self.largest_read, n)
        return b"x" * n

    def readline(self, n: int = -1) -> bytes:
        return self.read(min(n, 64) if n and n > 0 else 64)


def test_a_request_body_over_the_limit_is_refused_before_anything_parses_it(settings):
    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory

    from anyidphoto.web.limits import RequestLimitMiddleware

    size = settings.REQUEST_MAX_BYTES + 1
    body = _CountingInput(size)
    environ = RequestFactory()._base_environ(
        PATH_INFO=reverse("support:threads"), REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=x", CONTENT_LENGTH=str(size),
    )  # fmt: skip
    environ["wsgi.input"] = body
    request = WSGIRequest(environ)

    def view(request):
        raise AssertionError("the view (or the CSRF check) was reached")

    response = RequestLimitMiddleware(view)(request)
    assert response.status_code == 413
    assert f"{settings.STUDIO_MAX_UPLOAD_BYTES // 2**20} MB" in response.content.decode()
    # Read away a small chunk at a time, never held whole.
    assert body.largest_read <= 64 * 1024


def test_six_large_attachments_get_the_limits_message_not_a_memory_spike(client_in, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.REQUEST_MAX_BYTES = 2 * 2**20  # the same rule, at a size a test can send
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF" + b"0" * 2**20) for i in range(6)]
    response = client_in.post(
        reverse("support:threads"), {"subject": "s", "body": "b", "attachment": files}
    )
    assert response.status_code == 413
    assert (
        f"larger than the {settings.STUDIO_MAX_UPLOAD_BYTES // 2**20} MB"
        in response.content.decode()
    )


def test_more_files_than_allowed_are_refused_with_a_clear_message(client_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4") for i in range(6)]
    response = client_in.post(
        reverse("support:threads"), {"subject": "s", "body": "b", "attachment": files}
    )
    assert response.status_code == 400
    assert "At most 5 files" in response.content.decode()


def test_the_api_says_a_body_is_too_large_in_json(client, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = client.post("/api/v1/photos", data=b"x" * 4096, content_type="application/json")
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
