"""Materials uploaded in admin pass the same checks as attachments, and go back to
members only as what their bytes are."""

from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Material

from .test_admin import event_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAGE = b"<html><script>alert(document.cookie)</script></html>"


def with_material(name, content):
    return event_form(
        **{
            "materials-TOTAL_FORMS": "1",
            "materials-0-kind": "slides",
            "materials-0-title_ar": "الشرائح",
            "materials-0-title_en": "Slides",
            "materials-0-file": SimpleUploadedFile(name, content),
        }
    )


def test_a_web_page_named_like_a_pdf_is_refused_and_nothing_is_saved(
    facilitator_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = facilitator_client.post(
        "/en/admin/events/event/add/", with_material("slides.pdf", PAGE)
    )
    assert response.status_code == 200
    assert "slides.pdf is not a PDF, Office document or image." in response.content.decode()
    assert not Material.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_pdf_goes_to_members_as_a_pdf_that_the_browser_may_not_sniff(
    facilitator_client, client, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = facilitator_client.post(
        "/en/admin/events/event/add/", with_material("الشرائح.pdf.html", PDF)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    material = Material.objects.get()

    client.force_login(member)
    download = client.get(f"/en/events/{material.event_id}/materials/{material.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert ".pdf" in disposition and ".html" not in disposition.rsplit(".pdf", 1)[-1]
    assert b"".join(download.streaming_content) == PDF
