"""The studio from a user's side: choose a document, upload, see the report, order, download."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from pypdf import PdfReader

from anyidphoto.engine import CHECK_IDS, check_photo
from anyidphoto.engine.geometry import canvas_for
from anyidphoto.specs import get_paper, load_catalog
from anyidphoto.web.orders.models import Order
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault.storage import walk

from .. import badfiles, photos

pytestmark = pytest.mark.django_db


def upload(client, django_capture_on_commit_callbacks, data: bytes, document: str = "us-passport"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("studio:upload"),
            {"document": document, "file": io.BytesIO(data)},
        )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("france", "fr-passport"),
        ("visa", "schengen-visa"),
        ("dv", "us-dv-lottery"),
        ("canada", "ca-passport"),
    ],
)
def test_the_search_box_finds_documents_by_country_and_kind(client, query, expected):
    page = client.get(reverse("studio:home"), {"q": query}).content.decode()
    assert f"?doc={expected}" in page


def test_a_search_with_no_match_says_so(client):
    page = client.get(reverse("studio:home"), {"q": "atlantis"}).content.decode()
    assert "No document matches" in page


def test_the_chosen_document_is_remembered_for_visitors(client):
    response = client.get(reverse("studio:home"), {"doc": "ca-passport"})
    assert response.cookies["last_document"].value == "ca-passport"
    page = client.get(reverse("studio:home")).content.decode()
    # Visitors try before signing up: the upload form is there, for that document.
    assert 'name="document" value="ca-passport"' in page and 'id="try-first"' in page


def test_upload_makes_the_photo_and_shows_it_beside_the_report(
    client_in, django_capture_on_commit_callbacks, portrait_jpeg
):
    response = upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert response["Location"] == reverse("studio:photo", args=[photo.id])
    assert photo.status == Photo.Status.READY
    assert photo.completed_at is not None
    page = client_in.get(response["Location"]).content.decode()
    # Every check with its measured value, in plain words.
    assert page.count('<tr class="') == len(photo.report["en"]["checks"]) == len(CHECK_IDS)
    assert "Head height" in page or "head" in page.lower()
    assert reverse("studio:preview", args=[photo.id]) in page
    preview = client_in.get(reverse("studio:preview", args=[photo.id]))
    assert preview["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(preview.content)).size == (600, 600)
    template = client_in.get(reverse("studio:template", args=[photo.id]))
    assert Image.open(io.BytesIO(template.content)).size == (600, 600)


def test_the_report_speaks_the_users_language(
    client_in, user, django_capture_on_commit_callbacks, portrait_jpeg
):
    user.preferred_language = "fr"
    user.save()
    response = upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg)
    page = client_in.get(response["Location"]).content.decode()
    assert '<html lang="fr">' in page
    french = Photo.objects.get().report["fr"]["checks"][0]["message"]
    assert french in page


def test_a_photo_without_a_face_ends_with_the_reason_in_the_users_language(
    client_in, user, django_capture_on_commit_callbacks
):
    blank = photos.encode(np.full((400, 400, 3), 200, np.uint8))
    response = upload(client_in, django_capture_on_commit_callbacks, blank)
    photo = Photo.objects.get()
    assert photo.status == Photo.Status.FAILED
    assert photo.error_code == "no-face"
    page = client_in.get(response["Location"]).content.decode()
    assert "No face was found" in page
    user.preferred_language = "fr"
    user.save()
    assert "Aucun visage" in client_in.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "data, document, words",
    [
        (b"%PDF-1.4 not a photo", "us-passport", "not a photo the studio can read"),
        (b"", "us-passport", "empty"),
        (b"\xff\xd8\xff" + b"0" * 100, "atlantis-passport", "Choose a document"),
    ],
)
def test_uploads_the_studio_cannot_take_are_refused_with_a_message(
    client_in, django_capture_on_commit_callbacks, data, document, words
):
    response = upload(client_in, django_capture_on_commit_callbacks, data, document)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Photo.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_stored(
    client_in, django_capture_on_commit_callbacks, settings
):
    settings.STUDIO_MAX_UPLOAD_BYTES = 1024 * 1024
    response = upload(client_in, django_capture_on_commit_callbacks, b"\xff\xd8\xff" + b"0" * 2**21)
    assert response.status_code == 400
    assert "larger than the 1 MB" in response.content.decode()
    assert not Photo.objects.exists()


def test_uploads_are_rate_limited_per_user(
    client_in, django_capture_on_commit_callbacks, settings, portrait_jpeg
):
    settings.STUDIO_UPLOADS_PER_HOUR = 1
    assert upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg).status_code == 302
    response = upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg)
    assert response.status_code == 429


def test_corrupt_files_end_as_failed_photos_never_as_errors(
    client_in, django_capture_on_commit_callbacks
):
    name, factory, _ = badfiles.CORPUS["truncated-jpeg"]
    response = upload(client_in, django_capture_on_commit_callbacks, factory())
    assert response.status_code == 302
    assert Photo.objects.get().status == Photo.Status.FAILED


def test_most_used_documents_come_first_and_the_last_one_is_chosen(
    client_in, user, django_capture_on_commit_callbacks
):
    for doc in ["ca-passport", "fr-passport", "fr-passport"]:
        Photo.objects.create(owner=user, document=doc, upload="x")
    page = client_in.get(reverse("studio:home")).content.decode()
    ours = page[page.index("Your documents") :]
    assert ours.index("fr-passport") < ours.index("ca-passport")
    assert 'name="document" value="fr-passport"' in page


def test_order_download_gives_a_compliant_jpeg_and_a_true_size_sheet(
    client_in, django_capture_on_commit_callbacks, portrait_jpeg
):
    upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg)
    photo = Photo.objects.get()
    response = client_in.post(
        reverse("orders:create"), {"photo": photo.id, "kind": "both", "paper": "4x6"}
    )
    order = Order.objects.get()
    assert response["Location"] == reverse("orders:detail", args=[order.id])
    assert order.is_paid and order.completed_at is not None  # the manual provider gives it free
    jpeg = client_in.get(reverse("orders:photo", args=[order.id]))
    assert jpeg["Content-Disposition"].startswith("attachment")
    canvas = canvas_for(load_catalog().get("us-passport"))
    with Image.open(io.BytesIO(jpeg.content)) as im:
        assert (im.format, im.size) == ("JPEG", (canvas.width_px, canvas.height_px))
        assert im.info["dpi"] == pytest.approx((300, 300), abs=0.5)
    assert check_photo(jpeg.content, "us-passport").compliant
    pdf = client_in.get(reverse("orders:sheet", args=[order.id]))
    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    paper = get_paper("4x6")
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert sorted([round(width_mm, 1), round(height_mm, 1)]) == sorted(
        [round(paper.width_mm, 1), round(paper.height_mm, 1)]
    )
    history = client_in.get(reverse("orders:list")).content.decode()
    assert reverse("orders:detail", args=[order.id]) in history and "Paid" in history


def test_an_unpaid_order_opens_no_download_and_the_preview_is_watermarked(
    client_in, django_capture_on_commit_callbacks, portrait_jpeg, settings
):
    settings.PAYMENT_MANUAL_FREE = False
    upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg)
    photo = Photo.objects.get()
    client_in.post(
        reverse("orders:create"), {"photo": photo.id, "kind": "digital", "accept_failures": "on"}
    )
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING
    assert client_in.get(reverse("orders:photo", args=[order.id])).status_code == 404
    with photo.result.open("rb") as handle:
        clean = handle.read()
    shown = client_in.get(reverse("studio:preview", args=[photo.id])).content
    assert shown != clean
    original = np.asarray(Image.open(io.BytesIO(clean)).convert("L"), np.int16)
    marked = np.asarray(Image.open(io.BytesIO(shown)).convert("L"), np.int16)
    assert (np.abs(original - marked) > 30).mean() > 0.01


def test_another_users_photo_and_order_answer_404_everywhere(
    client, make_user, django_capture_on_commit_callbacks, portrait_jpeg
):
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    client.force_login(owner)
    upload(client, django_capture_on_commit_callbacks, portrait_jpeg)
    photo = Photo.objects.get()
    client.post(reverse("orders:create"), {"photo": photo.id, "kind": "both", "paper": "4x6"})
    order = Order.objects.get()
    client.force_login(other)
    for url in [
        reverse("studio:photo", args=[photo.id]),
        reverse("studio:photo_status", args=[photo.id]),
        reverse("studio:preview", args=[photo.id]),
        reverse("studio:template", args=[photo.id]),
        reverse("orders:detail", args=[order.id]),
        reverse("orders:photo", args=[order.id]),
        reverse("orders:sheet", args=[order.id]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("orders:create"), {"photo": photo.id, "kind": "digital"}).status_code
        == 404
    )
    assert Order.objects.count() == 1


def test_nothing_under_the_media_folder_is_a_readable_picture(
    client_in, django_capture_on_commit_callbacks, portrait_jpeg, settings
):
    upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg)
    names = walk(default_storage)
    assert len(names) == 3  # upload, photo, template
    signatures = (b"\xff\xd8\xff", b"\x89PNG", b"RIFF", b"%PDF")
    for name in names:
        head = open(default_storage.path(name), "rb").read(16)
        assert not head.startswith(signatures), name
        assert head[4:8] != b"ftyp", name  # HEIC/HEIF


def test_pages_that_show_photos_need_a_login(client):
    for name in ["studio:photos", "orders:list", "accounts:profile"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_page_carries_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("studio:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


@pytest.mark.parametrize(
    "check, text",
    [
        ({"measured": 11.2, "unit": "degrees"}, "11.2°"),
        ({"measured": [600, 600], "unit": "px"}, "600 x 600 px"),
        ({"measured": 1, "unit": "faces"}, "1"),
        ({"measured": 30.5, "unit": "mm"}, "30.5 mm"),
        ({"measured": None, "unit": "mm"}, ""),
    ],
)
def test_measured_values_read_with_their_units(check, text):
    from anyidphoto.web.studio.templatetags.report import measured

    assert measured(check) == text


def test_the_database_task_queue_and_its_worker_make_the_photo(
    client_in, django_capture_on_commit_callbacks, portrait_jpeg, database_tasks
):
    """What `make run` does: the upload queues a task, `manage.py db_worker` runs it."""
    from django.core.management import call_command

    response = upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg)
    photo = Photo.objects.get()
    assert photo.status == Photo.Status.QUEUED
    page = client_in.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh"' in page and "<progress" in page
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    photo.refresh_from_db()
    assert photo.status == Photo.Status.READY
    assert '<meta http-equiv="refresh"' not in client_in.get(response["Location"]).content.decode()


def test_the_email_address_page_works_under_the_content_policy(client_in):
    response = client_in.get(reverse("account_email"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ada@example.org" in page
    # One address per account: the page changes it (no inline script to block).
    assert 'name="email"' in page and "<script>" not in page


def test_an_iphone_heic_photo_is_made_like_any_other(client_in, django_capture_on_commit_callbacks):
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.fromarray(photos.astronaut()).save(buffer, "HEIF", quality=90)
    upload(client_in, django_capture_on_commit_callbacks, buffer.getvalue())
    photo = Photo.objects.get()
    assert photo.status == Photo.Status.READY, photo.error_message
    assert photo.compliant


def test_no_upload_ever_lands_in_a_temporary_file(
    client_in, django_capture_on_commit_callbacks, settings, portrait_jpeg, monkeypatch
):
    """A temporary upload file would be the photo in plaintext on disk."""
    from django.core.files import uploadedfile

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", refuse)
    settings.STUDIO_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = b"\xff\xd8\xff" + b"0" * (3 * 1024 * 1024)
    assert upload(client_in, django_capture_on_commit_callbacks, big).status_code == 400
    assert upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg).status_code == 302


def test_malformed_ids_answer_404_not_an_error(client_in):
    assert (
        client_in.post(reverse("orders:create"), {"photo": "nope", "kind": "digital"}).status_code
        == 404
    )
    assert client_in.get("/photos/not-a-uuid/").status_code == 404


def test_an_account_with_orders_can_be_deleted_with_everything_it_owns(user):
    photo = Photo.objects.create(owner=user, document="us-passport", upload="x", status="ready")
    Order.objects.create(owner=user, photo=photo, kind="digital", provider="manual")
    user.delete()
    assert not Photo.objects.exists() and not Order.objects.exists()


def test_a_document_that_refuses_a_replaced_background_says_so_before_upload(client_in):
    page = client_in.get(reverse("studio:home"), {"doc": "de-passport"}).content.decode()
    assert 'id="background-rule"' in page
    assert "refuses photos whose background has been replaced" in page
    assert re.search(r'value="keep"\s+checked', page)
    # Where replacement is only discouraged, replacing stays the default.
    page = client_in.get(reverse("studio:home"), {"doc": "us-passport"}).content.decode()
    assert "refuses photos whose background" not in page
    assert re.search(r'value="replace"\s+checked', page)
    camera = client_in.get(reverse("studio:camera"), {"doc": "fr-passport"}).content.decode()
    assert "refuses photos whose background has been replaced" in camera


@pytest.mark.parametrize(
    "document, choice, done",
    [
        ("de-passport", "", "kept"),
        ("us-passport", "keep", "kept"),
        ("de-passport", "replace", "replaced"),
    ],
)
def test_the_background_is_kept_or_replaced_as_chosen(
    client_in, django_capture_on_commit_callbacks, portrait_jpeg, document, choice, done
):
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(
            reverse("studio:upload"),
            {"document": document, "file": io.BytesIO(portrait_jpeg), "background": choice},
        )
    photo = Photo.objects.get()
    assert photo.status == Photo.Status.READY
    edit = next(c for c in photo.report["en"]["checks"] if c["id"] == "background_edit")
    assert edit["measured"] == done
    if document == "de-passport" and done == "replaced":
        assert edit["status"] == "fail"


def test_an_unknown_background_choice_is_refused(client_in, portrait_jpeg):
    response = client_in.post(
        reverse("studio:upload"),
        {"document": "us-passport", "file": io.BytesIO(portrait_jpeg), "background": "paint"},
    )
    assert response.status_code == 400
    assert not Photo.objects.exists()


def test_visitors_see_the_background_rule_before_they_sign_up(client):
    page = client.get(reverse("studio:home"), {"doc": "gb-passport"}).content.decode()
    assert "refuses photos whose background has been replaced" in page


def test_what_the_photo_can_be_used_for_is_said_before_upload_and_before_paying(
    client, client_in, django_capture_on_commit_callbacks, portrait_jpeg, settings
):
    page = client.get(reverse("studio:home"), {"doc": "de-passport"}).content.decode()
    rules = page[page.index('id="acceptance"') :]
    assert 'class="notice use" id="photo-use"' in rules
    assert "accepted only for some applications at German missions abroad" in rules
    assert "within the last 6 months" in rules and "Children aged 6 to 9" in rules
    french = (
        Client()
        .get(reverse("studio:home"), {"doc": "fr-passport"}, headers={"accept-language": "fr"})
        .content.decode()
    )
    assert "ce que l'autorité demande et qu'aucun logiciel ne peut vérifier" in french
    assert "Une photo faite ici ne peut pas servir pour cette démarche" in french
    assert "la bouche fermée" in french  # the expression, before the photo is taken
    camera = client_in.get(reverse("studio:camera"), {"doc": "ca-passport"}).content.decode()
    assert "commercial photographer" in camera
    # A document that takes a supplied photo says so without alarm.
    plain = client.get(reverse("studio:home"), {"doc": "us-visa"}).content.decode()
    assert 'id="photo-use"' in plain and 'class="notice use"' not in plain
    assert "A neutral expression or a natural smile is accepted" in plain
    # Before paying: the order form, then the unpaid order, say it again.
    settings.PAYMENT_MANUAL_FREE = False
    upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg, document="de-passport")
    photo = Photo.objects.get()
    shown = client_in.get(reverse("studio:photo", args=[photo.id])).content.decode()
    order_form = shown[shown.index('class="order"') :]
    assert 'id="order-use"' in order_form and "German missions abroad" in order_form
    client_in.post(
        reverse("orders:create"), {"photo": photo.id, "kind": "digital", "accept_failures": "on"}
    )
    order = Order.objects.get()
    detail = client_in.get(reverse("orders:detail", args=[order.id])).content.decode()
    assert 'id="order-use"' in detail and "German missions abroad" in detail


def test_the_report_opens_on_the_verdict_with_what_to_change(
    client_in, portrait_jpeg, django_capture_on_commit_callbacks
):
    from anyidphoto.web.orders.models import Order

    # The portrait smiles with teeth, which France refuses.
    upload(client_in, django_capture_on_commit_callbacks, portrait_jpeg, "fr-passport")
    photo = Photo.objects.get()
    page = client_in.get(reverse("studio:photo", args=[photo.id])).content.decode()
    verdict, table = page.index('id="verdict"'), page.index("<table")
    assert verdict < table
    failures = [c for c in photo.report["en"]["checks"] if c["status"] == "fail"]
    assert "mouth_closed" in {c["id"] for c in failures}
    rules = "rule is" if len(failures) == 1 else "rules are"
    assert f"Refused: {len(failures)} {rules} broken." in page
    head = page[verdict:table]
    for check in failures:
        assert escape(check["message"]) in head and escape(check["advice"]) in head
    assert 'id="upload-another"' in head and 'id="retake"' in head
    # Ordering it needs the box that names what fails.
    box = page[page.index('id="accept-failures"') :]
    box = box[: box.index("</label>")]
    assert "required" in box
    assert all(escape(check["message"]) in box for check in failures)
    refused = client_in.post(reverse("orders:create"), {"photo": photo.id, "kind": "digital"})
    assert refused.status_code == 302 and refused["Location"].endswith("#order")
    shown = client_in.get(refused["Location"]).content.decode()
    assert "tick the box" in shown and not Order.objects.exists()
    client_in.post(
        reverse("orders:create"), {"photo": photo.id, "kind": "digital", "accept_failures": "on"}
    )
    assert Order.objects.count() == 1


def test_a_compliant_photo_opens_on_its_acceptance_and_orders_without_a_box(client_in, ready_photo):
    page = client_in.get(reverse("studio:photo", args=[ready_photo.id])).content.decode()
    assert page.index("Accepted: this photo meets") < page.index("<table")
    assert 'id="accept-failures"' not in page


def test_the_waiting_page_asks_for_the_status_from_a_script_not_a_refresh(client_in, user):
    photo = Photo.objects.create(owner=user, document="us-passport", upload="x", status="queued")
    page = client_in.get(reverse("studio:photo", args=[photo.id])).content.decode()
    assert "web/progress.js" in page
    assert reverse("studio:photo_status", args=[photo.id]) in page
    # Without scripts, the page still refreshes itself.
    assert '<noscript><meta http-equiv="refresh"' in page
    status = client_in.get(reverse("studio:photo_status", args=[photo.id])).json()
    assert status == {"id": str(photo.id), "status": "queued"}


def test_a_visitor_tries_first_then_signs_up_and_finds_the_photo_in_the_account(
    client, portrait_jpeg, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    from anyidphoto.web.accounts.models import User

    # No account: the upload makes the photo and shows the verdict and the photo.
    response = upload(client, django_capture_on_commit_callbacks, portrait_jpeg)
    photo = Photo.objects.get()
    assert response["Location"] == reverse("studio:photo", args=[photo.id])
    assert photo.owner.is_guest and not photo.owner.has_usable_password()
    page = client.get(response["Location"]).content.decode()
    assert 'id="verdict"' in page and 'id="signup-to-order"' in page
    assert 'action="/orders/new"' not in page  # ordering asks for an account
    assert client.get(reverse("studio:preview", args=[photo.id])).status_code == 200
    # Another visitor sees nothing of it.
    other = type(client)()
    assert other.get(reverse("studio:photo", args=[photo.id])).status_code == 404
    assert other.get(reverse("studio:preview", args=[photo.id])).status_code == 404
    # Signing up in the same session brings the photo along.
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a long passphrase 42",
         "password2": "a long passphrase 42", "age_confirmed": "on"},
    )  # fmt: skip
    user = User.objects.get(email="new@example.org")
    photo.refresh_from_db()
    assert photo.owner == user and not User.objects.filter(is_guest=True).exists()
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.post(reverse("account_login"), {"login": user.email, "password": "a long passphrase 42"})
    assert str(photo.id) in client.get(reverse("studio:photos")).content.decode()


def test_a_visitor_who_logs_in_keeps_the_photo(client, user, portrait_jpeg,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    upload(client, django_capture_on_commit_callbacks, portrait_jpeg)
    client.post(reverse("account_login"), {"login": user.email, "password": "a long passphrase 42"})
    assert Photo.objects.get().owner == user


def test_a_visitors_photo_goes_after_a_day_with_its_stand_in(
    client, portrait_jpeg, django_capture_on_commit_callbacks
):
    import time_machine
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from anyidphoto.web.accounts.models import User
    from anyidphoto.web.privacy.services import purge_expired
    from anyidphoto.web.vault.storage import walk

    upload(client, django_capture_on_commit_callbacks, portrait_jpeg)
    assert walk(default_storage)
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=23)):
        assert purge_expired().visitors == 0
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=25)):
        assert purge_expired().visitors == 1
    assert not Photo.objects.exists() and not User.objects.filter(is_guest=True).exists()
    assert walk(default_storage) == []


def test_visitors_uploads_are_limited_per_hour(
    client, portrait_jpeg, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    cache.clear()
    settings.STUDIO_VISITOR_UPLOADS_PER_HOUR = 2
    for _ in range(2):
        assert upload(client, django_capture_on_commit_callbacks, b"not a photo").status_code != 302
    refused = upload(client, django_capture_on_commit_callbacks, portrait_jpeg)
    assert refused.status_code == 429 and "last hour" in refused.content.decode()
    assert not Photo.objects.exists()


def test_the_landing_page_puts_the_visitors_country_first_and_shows_prices_and_checks(client):
    page = client.get(reverse("studio:home"), headers={"accept-language": "fr-CA,fr;q=0.9"})
    text = page.content.decode()
    country = text[text.index('id="country-documents"') :]
    country = country[: country.index("</ul>")]
    assert "?doc=ca-passport" in country and "?doc=us-passport" not in country
    assert text.index('id="country-documents"') < text.index('id="popular-documents"')
    assert "Tarifs" in text and "Avant et après" in text and "Politique de confidentialité" in text
    assert 'class="steps"' in text and "287" in text
    english = client.get(reverse("studio:home"), headers={"accept-language": "en-GB"})
    assert "?doc=gb-passport" in english.content.decode().split('id="country-documents"')[1][:2000]


def test_the_before_and_after_are_made_by_the_engine(client):
    before = client.get(reverse("studio:sample", args=["before"]))
    after = client.get(reverse("studio:sample", args=["after"]))
    assert before["Content-Type"] == after["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(before.content)) as im:
        assert im.size == (512, 512)
    with Image.open(io.BytesIO(after.content)) as im:
        assert im.size == (600, 600)
    assert client.get(reverse("studio:sample", args=["other"])).status_code == 404
