import pytest


@pytest.fixture
def backup_folder(settings, tmp_path):
    """The "backups" storage in a folder of the test's own; returns the folder."""
    folder = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder
