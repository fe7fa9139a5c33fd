"""Uploaded files are stored under random names in their app's folder (`cop.uploads.RandomName`)."""

from cop.uploads import RandomName
from discussions.models import Attachment
from library.models import DocumentAttachment


def test_the_stored_name_never_comes_from_the_uploader():
    upload_to = RandomName("discussions/attachments")
    first = upload_to(None, "../../etc/passwd.exe")
    second = upload_to(None, "../../etc/passwd.exe")
    assert first.startswith("discussions/attachments/") and first != second
    assert "passwd" not in first and ".." not in first and "." not in first.rsplit("/", 1)[1]


def test_each_app_keeps_its_files_in_its_own_folder_and_migrations_see_no_change():
    for model, folder in ((Attachment, "discussions"), (DocumentAttachment, "library")):
        field = model._meta.get_field("file")
        assert field.upload_to(None, "x.pdf").startswith(f"{folder}/attachments/")
        *_rest, kwargs = field.deconstruct()
        assert kwargs["upload_to"] == RandomName(f"{folder}/attachments")
    assert RandomName("a") != RandomName("b")
