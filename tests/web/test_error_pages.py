"""A page that does not exist, or is not the visitor's: the studio's own page, in their language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "message"),
    [
        ("en", "Page not found", "There is no page at this address."),
        ("fr", "Page introuvable", "Il n’y a pas de page à cette adresse."),
    ],
)
def test_an_unknown_address_answers_the_studios_404_page(client, language, heading, message):
    answer = client.get("/no-such-page/", headers={"accept-language": language})
    assert answer.status_code == 404
    page = answer.content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page and message in page
    assert "web/studio.css" in page  # the stylesheet, not Django's bare page


def test_someone_elses_photo_is_not_found_on_the_studios_page(client_in, django_user_model):
    from anyidphoto.web.studio.models import Photo

    other = django_user_model.objects.create_user(email="other@example.org")
    photo = Photo.objects.create(owner=other, document="us-passport")
    answer = client_in.get(f"/photos/{photo.id}/")
    assert answer.status_code == 404 and b"Page not found" in answer.content


def test_the_api_still_answers_json_for_an_unknown_address(client):
    answer = client.get("/api/v1/no-such-thing")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/json")
