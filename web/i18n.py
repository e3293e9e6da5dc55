"""Languages: which one a reader sees, and what every page needs to offer the others.

The choice, in order: an explicit `?lang=xx` (remembered in the session), the session, the browser's
Accept-Language, English. The web uses gettext's default domain `messages` from the repository's
`locales/` (shared with the assistant, whose catalogs are the `bot` domain).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask, Response, request, session
from flask_babel import get_locale

from .extensions import babel


@dataclass(frozen=True)
class Language:
    code: str  # what ?lang= takes and the session keeps
    locale: str  # what Babel formats with (British English for English)
    tag: str  # BCP 47, for lang and hreflang attributes
    direction: str  # ltr or rtl

    @property
    def name(self) -> str:
        """The language's name in that language ("Polski", "اردو"), as a language switcher shows it."""
        name = Locale.parse(self.code).get_display_name(self.code) or self.code
        return name[:1].upper() + name[1:]


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "en_GB", "en-GB", "ltr"),
    "pl": Language("pl", "pl", "pl", "ltr"),
    "ur": Language("ur", "ur", "ur", "rtl"),
    "ar": Language("ar", "ar", "ar", "rtl"),
}
DEFAULT_LANGUAGE = "en"
SESSION_KEY = "lang"


def _supported(value: object) -> str | None:
    code = value.strip().lower() if isinstance(value, str) else ""
    return code if code in LANGUAGES else None


def chosen_language() -> str:
    """The reader's language code for this request (see the module docstring for the order)."""
    return (
        _supported(request.args.get("lang"))
        or _supported(session.get(SESSION_KEY))
        or request.accept_languages.best_match(tuple(LANGUAGES))
        or DEFAULT_LANGUAGE
    )


def select_locale() -> str:
    return LANGUAGES[chosen_language()].locale


def current_language() -> Language:
    locale = get_locale()
    return LANGUAGES.get(locale.language if locale else DEFAULT_LANGUAGE, LANGUAGES[DEFAULT_LANGUAGE])


def url_in_language(code: str) -> str:
    """This page's address in another language: the same path and query, with `lang` replaced."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    args.append(("lang", code))
    return f"{quote(request.path)}?{urlencode(args)}"


def _remember_explicit_choice() -> None:
    code = _supported(request.args.get("lang"))
    if code and session.get(SESSION_KEY) != code:
        session[SESSION_KEY] = code


def _page_language_context() -> dict[str, Any]:
    if request is None:  # pragma: no cover - templates rendered outside a request
        return {}
    current = current_language()
    return {
        "html_lang": current.tag,
        "html_dir": current.direction,
        "current_language": current,
        "site_languages": [
            {
                "code": lang.code,
                "tag": lang.tag,
                "dir": lang.direction,
                "name": lang.name,
                "url": url_in_language(lang.code),
                "current": lang.code == current.code,
            }
            for lang in LANGUAGES.values()
        ],
    }


def _vary_on_language(response: Response) -> Response:
    response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # {% trans %} blocks are extracted trimmed (babel.cfg); render them the same way.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.before_request(_remember_explicit_choice)
    app.context_processor(_page_language_context)
    app.after_request(_vary_on_language)


# -- catalog maintenance (used by the Makefile and the test session) ----------------------------------


def compile_catalogs(locales_dir: str | Path, *, domain: str = "messages", force: bool = False) -> list[Path]:
    """Compile `<lang>/LC_MESSAGES/<domain>.po` to `.mo` where the `.mo` is missing or older."""
    compiled = []
    for po_path in sorted(Path(locales_dir).glob(f"*/LC_MESSAGES/{domain}.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name, domain=domain)
        tmp_path = mo_path.with_suffix(".mo.tmp")
        with tmp_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        tmp_path.replace(mo_path)
        compiled.append(mo_path)
    return compiled


def fill_source_catalog(po_path: str | Path) -> int:
    """English is the source language: its catalog repeats each msgid (empty or fuzzy entries refilled)."""
    path = Path(po_path)
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        current = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(current):
            message.string = source if isinstance(message.id, tuple) else source[0]
            message.flags.discard("fuzzy")
            filled += 1
    with path.open("wb") as po_file:
        write_po(po_file, catalog, width=None, ignore_obsolete=True)
    return filled
