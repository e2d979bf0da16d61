"""`manage.py restore DIR [--force]`.

Restores a backup made by `manage.py backup` into the database the settings name
(DATABASE_URL), its files into FACTCHECK_VAR_DIR and its capture files into the
captures storage. A database that holds desk data (users, articles, sources or
reports) is refused unless --force, since a restore replaces everything in it.
Check the result with `verify_restore DIR` (docs/OPERATIONS.md).
"""

from django.core.management.base import BaseCommand, CommandError

from reports import backup


class Command(BaseCommand):
    help = "Restore a backup directory into the configured database."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds desk data.",
        )

    def handle(self, *args, directory, force, **options):
        self.verbosity = options["verbosity"]
        try:
            manifest = backup.restore(directory, force=force, progress=self._say)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        captures = manifest.get("captures") or {}
        if captures.get("storage") == backup.CAPTURES_ELSEWHERE:
            self.stdout.write(
                f"The captures are kept in {captures.get('backend')}, not in the "
                "backup: restore that storage by its own means."
            )
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"({len(manifest['reports'])} report revisions, "
            f"{len(manifest['files'])} files, "
            f"{len(captures.get('files') or {}):,} capture files). Check it: "
            "manage.py verify_restore "
            f"{directory}"
        )
        pending = backup.pending_migrations()
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migrations of this release "
                f"({', '.join(pending[:3])}{'…' if len(pending) > 3 else ''}): run "
                "verify_restore first, then manage.py migrate."
            )

    def _say(self, message: str) -> None:
        if self.verbosity > 1:
            self.stderr.write(message)
