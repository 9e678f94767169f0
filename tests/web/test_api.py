"""The REST API: token auth, photos in and out, the catalogue, ownership, the OpenAPI page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from anyidphoto.engine import CHECK_IDS
from anyidphoto.web.api.models import ApiToken
from anyidphoto.web.orders.models import Order
from anyidphoto.web.studio.models import Photo

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict:
    return {"authorization": f"Bearer {token}"}


@pytest.fixture
def token(user) -> str:
    return ApiToken.issue(owner=user, name="tests", scope=ApiToken.Scope.WRITE)[1]


def post_photo(client, token, data: bytes, document="us-passport", capture=None):
    with capture(execute=True):
        return client.post(
            "/api/v1/photos",
            {"document": document, "file": io.BytesIO(data)},
            headers=bearer(token),
        )


def test_a_photo_goes_in_and_its_report_and_image_come_out(
    client, user, token, portrait_jpeg, django_capture_on_commit_callbacks
):
    response = post_photo(client, token, portrait_jpeg, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "status"} and body["status"] == "queued"
    photo_id = body["id"]
    got = client.get(f"/api/v1/photos/{photo_id}", headers=bearer(token)).json()
    assert got["status"] == "ready" and got["document"] == "us-passport"
    assert len(got["report"]["checks"]) == len(CHECK_IDS) and got["report"]["compliant"] is True
    french = client.get(f"/api/v1/photos/{photo_id}?lang=fr", headers=bearer(token)).json()
    assert french["report"]["checks"][0]["message"] != got["report"]["checks"][0]["message"]
    # The image only once a paid order for the digital photo covers it.
    image_url = f"/api/v1/photos/{photo_id}/image"
    assert client.get(image_url, headers=bearer(token)).status_code == 404
    Order.objects.create(
        owner=user, photo=Photo.objects.get(), kind="digital", status="paid", provider="manual"
    )
    image = client.get(image_url, headers=bearer(token))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).size == (600, 600)


def test_another_users_photo_answers_404_never_403(
    client, make_user, token, portrait_jpeg, django_capture_on_commit_callbacks
):
    photo_id = post_photo(
        client, token, portrait_jpeg, capture=django_capture_on_commit_callbacks
    ).json()["id"]
    other = ApiToken.issue(owner=make_user("eve@example.org"))[1]
    for url in [f"/api/v1/photos/{photo_id}", f"/api/v1/photos/{photo_id}/image"]:
        response = client.get(url, headers=bearer(other))
        assert response.status_code == 404
        assert "us-passport" not in response.content.decode()


def test_requests_without_a_valid_token_are_refused(client):
    assert client.get("/api/v1/photos/00000000-0000-0000-0000-000000000000").status_code == 401
    response = client.get(
        "/api/v1/photos/00000000-0000-0000-0000-000000000000", headers=bearer("aip_wrong")
    )
    assert response.status_code == 401
    assert client.post("/api/v1/photos", {"document": "us-passport"}).status_code == 401


def test_bad_uploads_get_a_400_with_the_reason(client, token, django_capture_on_commit_callbacks):
    response = post_photo(
        client, token, b"not an image", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert "JPEG, PNG, WebP or HEIC" in response.json()["detail"]


def test_the_catalogue_is_searchable_without_a_token(client):
    rows = client.get("/api/v1/documents", {"q": "canada"}).json()
    assert {"ca-passport", "ca-visa"} <= {row["id"] for row in rows}
    assert all(row["country"] == "CA" for row in rows)
    assert len(client.get("/api/v1/documents").json()) == 287


def test_the_openapi_description_is_published_at_api_docs(client):
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert {"/api/v1/photos", "/api/v1/photos/{photo_id}", "/api/v1/photos/{photo_id}/image",
            "/api/v1/documents"} <= set(spec["paths"])  # fmt: skip


def test_tokens_are_made_on_the_account_page_and_stored_only_as_a_digest(client_in, user):
    page = client_in.post(reverse("api_tokens"), {"name": "my app"}).content.decode()
    shown = page.split('id="new-token">')[1].split("<")[0]
    row = ApiToken.objects.get(owner=user)
    assert shown.startswith("aip_") and shown not in (row.digest, row.prefix)
    assert client_in.get("/api/v1/photos/00000000-0000-0000-0000-000000000000",
                         headers=bearer(shown)).status_code == 404  # fmt: skip
    client_in.post(reverse("api_tokens"), {"revoke": row.id})
    assert not ApiToken.objects.exists()


def test_a_malformed_photo_id_answers_404(client, token):
    assert client.get("/api/v1/photos/not-a-uuid", headers=bearer(token)).status_code == 404
    assert client.get("/api/v1/photos/not-a-uuid/image", headers=bearer(token)).status_code == 404


def test_a_token_expires_and_says_when_as_it_is_made(client_in, user):
    import time_machine
    from django.utils import timezone

    page = client_in.post(reverse("api_tokens"), {"name": "app", "days": "30"}).content.decode()
    row = ApiToken.objects.get(owner=user)
    assert round((row.expires_at - row.created_at).total_seconds() / 86400) == 30
    assert "It works until" in page and f"{row.expires_at:%Y}" in page
    shown = page.split('id="new-token">')[1].split("<")[0]
    url = "/api/v1/photos/00000000-0000-0000-0000-000000000000"
    assert client_in.get(url, headers=bearer(shown)).status_code == 404  # authenticated
    with time_machine.travel(timezone.now() + timezone.timedelta(days=31)):
        assert client_in.get(url, headers=bearer(shown)).status_code == 401
        client_in.force_login(user)  # the session itself has long ended
        assert "Ended" in client_in.get(reverse("api_tokens")).content.decode()
    # The default lifetime when none is chosen.
    client_in.post(reverse("api_tokens"), {"name": "default"})
    made = ApiToken.objects.get(name="default")
    assert round((made.expires_at - made.created_at).total_seconds() / 86400) == 90


def test_a_read_token_reads_and_may_not_upload(client, user, portrait_jpeg):
    reader = ApiToken.issue(owner=user, name="reader")[1]
    assert ApiToken.objects.get(name="reader").scope == "read"
    refused = client.post(
        "/api/v1/photos", {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)},
        headers=bearer(reader),
    )  # fmt: skip
    assert refused.status_code == 403 and "only read" in refused.json()["detail"]
    assert not Photo.objects.exists()
    assert client.get("/api/v1/documents?q=france", headers=bearer(reader)).status_code == 200
    url = "/api/v1/photos/00000000-0000-0000-0000-000000000000"
    assert client.get(url, headers=bearer(reader)).status_code == 404


def test_tokens_end_when_the_password_changes_or_is_reset(client, client_in, user, token):
    from django.core import mail

    url = "/api/v1/photos/00000000-0000-0000-0000-000000000000"
    assert client.get(url, headers=bearer(token)).status_code == 404
    changed = client_in.post(
        reverse("account_change_password"),
        {"oldpassword": "a long passphrase 42", "password1": "another passphrase 43",
         "password2": "another passphrase 43"},
    )  # fmt: skip
    assert changed.status_code == 302
    assert client.get(url, headers=bearer(token)).status_code == 401
    assert not ApiToken.objects.exists()
    # A reset by mail too.
    second = ApiToken.issue(owner=user, scope=ApiToken.Scope.WRITE)[1]
    client.logout()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = next(w for w in mail.outbox[-1].body.split() if "/password/reset/key/" in w)
    form = client.get(link, follow=True)
    reset_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(
        reset_url, {"password1": "third passphrase 44", "password2": "third passphrase 44"}
    )
    assert done.status_code == 302
    assert client.get(url, headers=bearer(second)).status_code == 401


def test_tokens_go_with_the_account(user, token):
    from anyidphoto.web.privacy.rights import account_erase

    account_erase(user=user)
    assert not ApiToken.objects.exists()


def test_signing_in_or_editing_the_profile_keeps_the_tokens(client, user, token):
    client.post(reverse("account_login"), {"login": user.email, "password": "a long passphrase 42"})
    user.name = "Ada"
    user.save()
    assert ApiToken.objects.count() == 1
