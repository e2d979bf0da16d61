import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotations.errors import InvalidInput
from annotations.extraction.ingest import decode_text
from annotations.extraction.splitting import extract


class Command(BaseCommand):
    help = "Split a text file (or - for stdin) into claims and print them as JSON."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="a UTF-8 text file, or - to read stdin")
        parser.add_argument("--indent", type=int, default=2)
        parser.add_argument(
            "--language",
            default="en",
            help="the text's language, a BCP 47 tag (default en): it chooses the "
            "kind and attribution rules",
        )

    def handle(self, *args, file: str, indent: int, language: str, **options):
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            data = path.read_bytes()
        try:
            text = decode_text(data)
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        result = extract(text, language)
        if result.warning:
            self.stderr.write(result.warning)
        claims = [
            {
                "start": c.start,
                "end": c.end,
                "text": text[c.start : c.end],
                "kind": str(c.kind),
                "checkworthiness": c.checkworthiness,
                "attribution": c.attribution,
                "signals": [s.as_dict() for s in c.signals],
            }
            for c in result.candidates
        ]
        self.stdout.write(json.dumps(claims, ensure_ascii=False, indent=indent or None))
