"""`manage.py access_matrix [--write docs/ROLES.md]`: print the authorization matrix.

The table is `tests.support.access_design.ROWS`, which the test suite calls cell by
cell; with --write it replaces the table between the markers in the given file. The
matrix is test data, so it lives with the tests and is imported only when this
command runs: the command is a tool for a checkout of the repository (where the
documentation is written), and says so where the tests are not installed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

BEGIN = "<!-- access-matrix:begin -->"
END = "<!-- access-matrix:end -->"


class Command(BaseCommand):
    help = "Print the tested authorization matrix (every URL x every role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--write",
            metavar="FILE",
            help="Replace the table between the access-matrix markers in FILE.",
        )

    def handle(self, *args, write=None, **options):
        try:
            from tests.support import access_design
        except ImportError as exc:
            raise CommandError(
                "The matrix is the test suite's data (tests/support/access_design.py):"
                " run this command from a checkout of the repository."
            ) from exc
        table = access_design.markdown_table()
        if not write:
            self.stdout.write(table)
            return
        path = Path(write)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if BEGIN not in text or END not in text:
            raise CommandError(f"{path} has no {BEGIN} ... {END} markers.")
        head, rest = text.split(BEGIN, 1)
        _old, tail = rest.split(END, 1)
        path.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
        self.stdout.write(
            f"Wrote the matrix ({len(access_design.ROWS)} rows) to {path}."
        )
