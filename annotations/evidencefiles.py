"""What an uploaded evidence file is, judged from its bytes (docs/EVIDENCE.md,
"Uploads").

The type comes from magic numbers only: the file's name must agree with it, and
the Content-Type a client sends is never read. A file that is two things at once
(an image that is also a ZIP archive, or carries markup a browser would run in
its first bytes) is refused, as are names that try to be paths. Pure: no Django,
so the rules are tested on bytes alone.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks an English message for the translation catalogues (makemessages reads
    the name) without translating it here: this module is pure. The edge that shows
    it translates it (annotations/services/uploads.py)."""
    return message


class RefusedFile(ValueError):
    """The upload is not evidence the desk keeps; the message says why, for the
    person who sent it. `message` is the English text to translate and `params`
    fill its `%(name)s` places (those named in `translate` are messages too); str()
    is the English sentence."""

    def __init__(self, message: str, *, translate: tuple = (), **params) -> None:
        self.message = message
        self.params = params
        # The params that are messages themselves (a file type's words).
        self.translate = translate
        super().__init__(message % params if params else message)


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extensions: tuple[str, ...]
    words: str


PDF = FileType("pdf", "application/pdf", (".pdf",), gettext_noop("PDF document"))
PNG = FileType("png", "image/png", (".png",), gettext_noop("PNG image"))
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"), gettext_noop("JPEG image"))
WEBP = FileType("webp", "image/webp", (".webp",), gettext_noop("WebP image"))
TEXT = FileType(
    "text", "text/plain; charset=utf-8", (".txt",), gettext_noop("plain text")
)
ALLOWED = (PDF, PNG, JPEG, WEBP, TEXT)
EXTENSIONS = {extension: kind for kind in ALLOWED for extension in kind.extensions}

# How far into a file markup is looked for: browsers that sniff decide from the
# first 512 bytes (WHATWG MIME Sniffing), a few readers from the first kilobyte.
SNIFF_WINDOW = 1024
# Tags that make a page run or load something; images' own metadata (XMP's
# "<?xpacket", "<x:xmpmeta") names none of them.
_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|head|iframe|svg|object|embed|!doctype)(?![a-z0-9])"
    rb"|javascript:",
    re.IGNORECASE,
)
# Text that a browser sniffing for HTML would take for a page: it opens with a tag.
_LEADING_MARKUP = re.compile(rb"^[\s\xef\xbb\xbf]*<\s*[!?a-z]", re.IGNORECASE)
# PDF features that run or carry something: scripts, launching programs, embedded
# files, rich media, XFA forms. Written as names, the way a PDF spells them.
_PDF_ACTIVE = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])"
)
_PNG_END = b"IEND\xaeB`\x82"
NAME_MAX = 200


def safe_name(name: str) -> str:
    """The client's file name, checked: a plain base name (no folders, no drive,
    no control characters, not hidden), else RefusedFile."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise RefusedFile(gettext_noop("The file has no name."))
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise RefusedFile(gettext_noop("The file name has control characters."))
    if "/" in name or "\\" in name or ":" in name:
        raise RefusedFile(
            gettext_noop("The file name must not contain a folder or a drive.")
        )
    if name.startswith(".") or name in {".", ".."}:
        raise RefusedFile(gettext_noop("The file name must not start with a dot."))
    if len(name) > NAME_MAX:
        raise RefusedFile(
            gettext_noop("The file name is longer than %(limit)s characters."),
            limit=NAME_MAX,
        )
    return name


def sniff(data: bytes) -> FileType | None:
    """The allowed type the bytes are, by their magic numbers, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if _is_plain_text(data):
        return TEXT
    return None


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Text is letters, digits, punctuation and line breaks; other controls are
    # what binary files are made of.
    return not any(
        unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in decoded
    )


def _is_zip(data: bytes) -> bool:
    # A ZIP is read from its end record, so one appended to an image or a PDF opens
    # as an archive: zipfile finds that record the way archive tools do.
    return zipfile.is_zipfile(io.BytesIO(data))


def check(name: str, data: bytes, *, max_bytes: int) -> FileType:
    """The type of an upload named `name` holding `data`, when the desk keeps it;
    RefusedFile (its message for the sender) otherwise."""
    name = safe_name(name)
    if not data:
        raise RefusedFile(gettext_noop("The file is empty."))
    if len(data) > max_bytes:
        raise RefusedFile(
            gettext_noop("The file is larger than %(limit)s bytes."),
            limit=f"{max_bytes:,}",
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    named = EXTENSIONS.get(extension)
    if named is None:
        raise RefusedFile(
            gettext_noop(
                "Only PDF, PNG, JPEG, WebP and plain text (.txt) files can be uploaded."
            )
        )
    found = sniff(data)
    if found is None:
        raise RefusedFile(
            gettext_noop(
                "The file is called %(extension)s but its contents are not any type "
                "the desk accepts (PDF, PNG, JPEG, WebP or UTF-8 text)."
            ),
            extension=extension,
        )
    if found is not named:
        raise RefusedFile(
            gettext_noop(
                "The file is called %(extension)s but its contents are a %(found)s."
            ),
            extension=extension,
            found=found.words,
            translate=("found",),
        )
    head = data[:SNIFF_WINDOW]
    # Text may quote a tag anywhere (it is served as text, never sniffed), but not
    # open as a page; a binary file has no business carrying one at all.
    markup = _LEADING_MARKUP if found is TEXT else _MARKUP
    if markup.search(head):
        raise RefusedFile(
            gettext_noop(
                "The file carries web page markup or a script in its first bytes."
            )
        )
    if _is_zip(data):
        raise RefusedFile(gettext_noop("The file is also a ZIP archive."))
    if found is PNG:
        end = data.find(_PNG_END)
        if end < 0 or data[end + len(_PNG_END) :].strip(b"\x00"):
            raise RefusedFile(gettext_noop("The PNG image has data after its end."))
    if found is PDF and _PDF_ACTIVE.search(data):
        raise RefusedFile(
            gettext_noop(
                "The PDF holds active content (a script, an embedded file or a "
                "launch action)."
            )
        )
    return found
