"""The reports catalogue (reports/exporters/locale/, docs/REPORTS-I18N.md): every
shipped language translates every message the exporters use, with the same
placeholders, and its committed .mo is exactly what its .po compiles to."""

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from annotations.sourcing.gaps import KIND_WORDS
from reports.exporters import _i18n

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "reports" / "exporters" / "locale"
LANGUAGES = _i18n.shipped_languages()


def _catalogue(language):
    with (LOCALE / language / "LC_MESSAGES" / "reports.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _key(message_id):
    return message_id if isinstance(message_id, str) else message_id[0]


def _extracted() -> set[str]:
    """The msgids the code uses now, read from the sources as `pybabel extract`
    reads them with locale/babel.cfg."""
    method_map = [
        ("reports/exporters/**.py", "python"),
        ("reports/exporters/templates/**.html", "jinja2"),
    ]
    options_map = {
        "reports/exporters/templates/**.html": {"extensions": "jinja2.ext.i18n"}
    }
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map=method_map,
        options_map=options_map,
        keywords=keywords,
    ):
        found.add(_key(message))
    return found


def test_the_required_languages_are_shipped():
    assert {"ar", "es"} <= set(LANGUAGES)
    assert {"de", "fr", "pt"} <= set(LANGUAGES)
    assert {"hy", "hi"} <= set(LANGUAGES)  # issue 17 names them
    assert {"it", "ru"} <= set(LANGUAGES)


def test_the_template_lists_every_message_the_code_uses():
    with (LOCALE / "reports.pot").open("rb") as handle:
        template = {_key(message.id) for message in read_po(handle) if message.id}
    assert template == _extracted()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(language):
    catalogue = _catalogue(language)
    used = _extracted()
    present = {_key(message.id) for message in catalogue if message.id}
    assert used - present == set(), f"{language} lacks these messages"
    assert present - used == set(), f"{language} has messages no code uses"
    for message in catalogue:
        if not message.id:
            continue
        assert not message.fuzzy, (language, message.id)
        strings = message.string if message.pluralizable else (message.string,)
        assert len(strings) == (catalogue.num_plurals if message.pluralizable else 1)
        assert all(value.strip() for value in strings), (language, message.id)
    # Babel's checks: python-format placeholders match the msgid's, plural counts.
    problems = [
        (message.id, [str(error) for error in errors])
        for message, errors in catalogue.check()
    ]
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_is_the_compiled_po(language):
    compiled = BytesIO()
    write_mo(compiled, _catalogue(language))
    shipped = (LOCALE / language / "LC_MESSAGES" / "reports.mo").read_bytes()
    assert shipped == compiled.getvalue(), (
        f"{language}: run pybabel compile (docs/REPORTS-I18N.md)"
    )


def test_every_gap_kind_the_reports_show_is_in_the_catalogue():
    assert set(_i18n.GAP_WORDS) == set(KIND_WORDS.values())


def test_a_changed_catalogue_changes_the_export_cache_key(tmp_path, monkeypatch):
    """A corrected translation is a new rendering: the renderers' digest, part of
    every cached export's key, covers the compiled catalogues."""
    import shutil

    from reports import exports

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    monkeypatch.setattr(_i18n, "LOCALE_DIRECTORY", copy)
    before = exports.renderers_digest.__wrapped__()
    catalogue = copy / "es" / "LC_MESSAGES" / "reports.mo"
    catalogue.write_bytes(catalogue.read_bytes() + b"\0")
    assert exports.renderers_digest.__wrapped__() != before
