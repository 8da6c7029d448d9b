import difflib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.ops.schema_docs import render_schema_markdown


class Command(BaseCommand):
    help = "Write docs/schema.md from the database's catalog; --check only compares and fails when stale."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=settings.BASE_DIR / "docs" / "schema.md")
        parser.add_argument("--check", action="store_true", help="Exit non-zero with a diff if the file is stale.")

    def handle(self, *args, output, check, **options):
        document = render_schema_markdown()
        if check:
            current = output.read_text() if output.exists() else ""
            if current != document:
                diff = difflib.unified_diff(
                    current.splitlines(keepends=True),
                    document.splitlines(keepends=True),
                    fromfile=f"{output} (committed)",
                    tofile=f"{output} (from the database)",
                )
                self.stdout.write("".join(diff))
                raise CommandError(f"{output} is out of date: run `manage.py document_schema`.")
            self.stdout.write(f"{output} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(document)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
