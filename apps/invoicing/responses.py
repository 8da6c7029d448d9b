"""The one way an issued document leaves the shop: its stored PDF, as a download named by its number."""

from django.http import FileResponse


def pdf_download(document):
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=f"{document.number}.pdf", content_type="application/pdf"
    )
