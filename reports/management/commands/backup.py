"""`manage.py backup --output DIR [--formats html,pdf,...]`.

Backs the desk up into DIR (new or empty): the database (PostgreSQL's custom-format
dump, or a copy of the SQLite file made with its online backup API), the files under
FACTCHECK_VAR_DIR that matter, the captures' files (from a local captures folder; an
object store is backed up by its own means, and the manifest says so), and a
manifest with every table's row count and the sha256 of every published revision's
snapshot and renderings, which
`verify_restore` checks a restore against (docs/OPERATIONS.md).
"""

from django.core.management.base import BaseCommand, CommandError

from reports import backup, exporters


class Command(BaseCommand):
    help = "Back up the database, the files that matter and a manifest into DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, help="A new or empty directory to write to."
        )
        parser.add_argument(
            "--formats",
            default=",".join(exporters.EXPORTERS),
            help="Export formats whose renderings the manifest records "
            "(comma-separated; default: all).",
        )

    def handle(self, *args, output, formats, **options):
        self.verbosity = options["verbosity"]
        chosen = [name.strip() for name in formats.split(",") if name.strip()]
        unknown = [name for name in chosen if name not in exporters.EXPORTERS]
        if unknown:
            raise CommandError(
                f"Unknown format {unknown[0]!r}: use "
                + ", ".join(exporters.EXPORTERS)
                + "."
            )
        try:
            manifest = backup.create(output, formats=chosen, progress=self._say)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for identifier, problem in manifest["not_rendered"].items():
            self.stderr.write(f"warning: {identifier} not rendered: {problem}")
        captures = manifest["captures"]
        for name in captures["missing"]:
            self.stderr.write(f"warning: capture file {name} is missing from storage")
        if captures["storage"] == backup.CAPTURES_ELSEWHERE:
            self.stderr.write(
                f"note: the {captures['named']:,} capture files are kept in "
                f"{captures['backend']}, not copied: back that storage up by its "
                "own means."
            )
        database = manifest["database"]
        self.stdout.write(
            f"Backed up the {database['engine']} database "
            f"({database['bytes']:,} bytes, {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values()):,} rows), "
            f"{len(manifest['reports'])} report revisions in "
            f"{len(manifest['formats'])} formats, {len(manifest['files'])} files "
            f"and {len(captures['files']):,} capture files to {output}."
        )

    def _say(self, message: str) -> None:
        if self.verbosity > 1:
            self.stderr.write(message)
