"""English and French: the catalogue of texts is complete and the pages use it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

PO = Path(__file__).resolve().parents[2] / "anyidphoto/web/locale/fr/LC_MESSAGES/django.po"


def test_every_text_has_a_french_translation():
    text = PO.read_text(encoding="utf-8")
    entries = re.findall(r'msgid "(.*)"\nmsgstr "(.*)"', text)
    assert len(entries) > 90
    untranslated = [msgid for msgid, msgstr in entries if msgid and not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in text
    # Placeholders survive translation.
    for msgid, msgstr in entries:
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(
            re.findall(r"%\(\w+\)s", msgstr)
        ), msgid


@pytest.mark.django_db
def test_pages_are_in_french_for_a_french_browser(client):
    page = client.get(reverse("studio:home"), headers={"accept-language": "fr"}).content.decode()
    assert '<html lang="fr">' in page
    assert "Choisissez le document" in page
    login = client.get(reverse("account_login"), headers={"accept-language": "fr"}).content.decode()
    assert "Mot de passe" in login  # allauth's own French


@pytest.mark.django_db
def test_pages_are_in_english_by_default(client):
    page = client.get(reverse("studio:home")).content.decode()
    assert '<html lang="en">' in page and "Choose the document" in page


@pytest.mark.django_db
def test_the_french_privacy_page_says_the_english_text_prevails_and_links_to_it(client):
    french = client.get(reverse("privacy"), headers={"accept-language": "fr"}).content.decode()
    assert '<article lang="fr">' in french and "le texte anglais prévaut" in french
    assert 'href="?text=en"' in french
    english = client.get(reverse("privacy") + "?text=en", headers={"accept-language": "fr"})
    page = english.content.decode()
    assert '<article lang="en">' in page and "30 days" in page and "prevails" not in page
    assert "prevail" not in client.get(reverse("privacy")).content.decode()


@pytest.mark.django_db
def test_the_sign_up_page_asks_the_age_in_french(client):
    page = client.get(reverse("account_signup"), headers={"accept-language": "fr"}).content
    assert "J’ai au moins 13 ans" in page.decode()


def test_a_french_report_writes_every_number_the_french_way(
    client, make_user, django_capture_on_commit_callbacks
):
    import io
    import re

    from anyidphoto.web.studio.models import Photo

    from .. import photos

    user = make_user("louise@example.org")
    user.preferred_language = "fr"
    user.save()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("studio:upload"),
            {"document": "us-passport", "file": io.BytesIO(photos.encode(photos.astronaut()))},
        )
    photo = Photo.objects.get()
    page = client.get(reverse("studio:photo", args=[photo.id])).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", main)
    assert "Ko" in text and "mm" in text
    assert re.findall(r"\d\.\d", text) == [], re.findall(r".{20}\d\.\d.{10}", text)
    assert re.search(r"\d,\d", text)


@pytest.mark.django_db
def test_the_french_home_page_writes_a_documents_size_the_french_way(client):
    page = client.get(
        reverse("studio:home"), {"doc": "us-passport"}, headers={"accept-language": "fr"}
    ).content.decode()
    assert "50,8 x 50,8 mm" in page and "50.8" not in page
