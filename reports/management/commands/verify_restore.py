"""`manage.py verify_restore DIR`.

Checks the configured database against a backup's manifest: every table's row
count, every published revision's snapshot and its rendering in every format the
backup recorded (byte for byte, by sha256), and the backed-up files and capture
files. Prints each
difference and exits 1 when there is one (docs/OPERATIONS.md).
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from reports import backup


class Command(BaseCommand):
    help = "Check a restored database against the backup's manifest."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The backup directory restored from.")

    def handle(self, *args, directory, **options):
        self.verbosity = options["verbosity"]
        try:
            manifest = backup.read_manifest(directory)
            problems, notes = backup.verify(directory, progress=self._say)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for note in notes:
            self.stdout.write(f"note: {note}")
        for problem in problems:
            self.stdout.write(f"DIFFERS: {problem}")
        tables, reports = len(manifest["tables"]), len(manifest["reports"])
        if problems:
            self.stderr.write(
                f"{len(problems)} differences from the backup of "
                f"{manifest['created_at']}."
            )
            sys.exit(1)
        self.stdout.write(
            f"The database matches the backup of {manifest['created_at']}: "
            f"{tables} tables, {sum(manifest['tables'].values()):,} rows, "
            f"{reports} report revisions in {len(manifest['formats'])} formats, "
            f"{len(manifest['files'])} files, "
            f"{len((manifest.get('captures') or {}).get('files') or {}):,} capture "
            "files."
        )

    def _say(self, message: str) -> None:
        if self.verbosity > 1:
            self.stderr.write(message)
