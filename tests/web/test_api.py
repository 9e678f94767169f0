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
    return ApiToken.issue(owner=user, name="tests")[1]


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
