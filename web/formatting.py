"""Formatting for people: names of needs and features, opening times, dates, money, distances, links and text,
in the reader's language (Babel, with the locale Flask-Babel chose for the request).

Directory data (service names, descriptions) is English as published; the words around it are ours and
are translated here or in the templates. The templates get this module as `fmt`; what a page shows about
a service is built from these helpers in `web.listings`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote, urlencode

import nh3
from babel import Locale
from babel.dates import format_date, format_interval, format_time, get_day_names
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from flask_babel import get_locale, gettext, lazy_gettext, ngettext
from markupsafe import Markup, escape

from directory.interchange.text import LINK_REL, URL_SCHEMES, strip_tags
from directory.needs import NEED_SLUGS
from directory.opening import LONDON, Rule, Timetable, timetable_for

NEED_NAMES = {
    "food": lazy_gettext("Food"),
    "money": lazy_gettext("Money and debt"),
    "housing": lazy_gettext("Housing"),
    "energy": lazy_gettext("Energy and warmth"),
    "mental-health": lazy_gettext("Mental health"),
    "loneliness": lazy_gettext("Loneliness and social contact"),
    "carers": lazy_gettext("Carers"),
    "domestic-abuse": lazy_gettext("Domestic abuse"),
    "health": lazy_gettext("Health"),
    "substance-use": lazy_gettext("Drugs and alcohol"),
    "employment": lazy_gettext("Work and skills"),
    "family": lazy_gettext("Families and children"),
    "older-people": lazy_gettext("Older people"),
    "disability": lazy_gettext("Disability"),
    "digital": lazy_gettext("Digital help"),
    "legal": lazy_gettext("Legal help"),
}
NEED_DESCRIPTIONS = {
    "food": lazy_gettext("Food banks, pantries, community meals and help with food costs."),
    "money": lazy_gettext("Benefits, debt advice, budgeting and emergency grants."),
    "housing": lazy_gettext("Homelessness, tenancy problems, repairs, damp and finding a home."),
    "energy": lazy_gettext("Help with gas and electricity bills, meters, heating and keeping warm."),
    "mental-health": lazy_gettext("Support for anxiety, depression, stress and emotional wellbeing."),
    "loneliness": lazy_gettext("Befriending, social groups and ways to meet people nearby."),
    "carers": lazy_gettext("Support for people who look after a family member, partner or friend."),
    "domestic-abuse": lazy_gettext("Safe, confidential support for anyone experiencing abuse at home."),
    "health": lazy_gettext("GPs, pharmacies, dentists, health checks and living well."),
    "substance-use": lazy_gettext("Confidential help with alcohol, drugs and gambling."),
    "employment": lazy_gettext("Finding work, CVs, training, volunteering and adult learning."),
    "family": lazy_gettext("Family hubs, parenting support, baby groups and help for young people."),
    "older-people": lazy_gettext("Support, activities and practical help for older residents."),
    "disability": lazy_gettext("Advice, equipment, activities and rights for disabled people."),
    "digital": lazy_gettext("Free internet, devices, data and help getting online."),
    "legal": lazy_gettext("Free legal advice on rights, immigration, employment and disputes."),
}
ACCESSIBILITY_LABELS = {
    "wheelchair-access": lazy_gettext("Wheelchair accessible"),
    "accessible-toilet": lazy_gettext("Accessible toilet"),
    "hearing-loop": lazy_gettext("Hearing loop"),
    "step-free": lazy_gettext("Step-free access"),
    "bsl": lazy_gettext("British Sign Language (BSL)"),
    "large-print": lazy_gettext("Large print"),
    "quiet-space": lazy_gettext("Quiet space"),
    "parking": lazy_gettext("Parking"),
}
SCOPE_LABELS = {
    # TRANSLATORS: %(borough)s is the council area, "Stockport".
    "borough": lazy_gettext("Serves all of %(borough)s"),
    "national": lazy_gettext("National service"),
}
_MONTHLY = {
    # TRANSLATORS: %(day)s is a day of the week ("Tuesday"); a session once a month, on the first one.
    1: lazy_gettext("first %(day)s of the month"),
    2: lazy_gettext("second %(day)s of the month"),
    3: lazy_gettext("third %(day)s of the month"),
    4: lazy_gettext("fourth %(day)s of the month"),
    5: lazy_gettext("fifth %(day)s of the month"),
    -1: lazy_gettext("last %(day)s of the month"),
}
_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _locale() -> Locale:
    return get_locale() or Locale.parse("en_GB")


def html_gettext(message: str, **values: object) -> Markup:
    """A translated sentence holding HTML pieces (isolated times, published names). The translation is
    trusted plain text (tests/web/i18n checks no catalog holds markup) and is escaped; values are escaped
    unless they are Markup already."""
    return escape(gettext(message)) % values


def isolate(text: str) -> Markup:
    """A time, date or number kept in one piece inside right-to-left text ("4:00 PM", not "PM 4:00")."""
    return Markup("<bdi>{}</bdi>").format(text)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- names ---------------------------------------------------------------------------------------------


def need_name(slug: str) -> str:
    return str(NEED_NAMES.get(slug, slug))


def needs_for_display() -> list[dict[str, str]]:
    return [
        {"slug": slug, "name": str(NEED_NAMES[slug]), "description": str(NEED_DESCRIPTIONS[slug])}
        for slug in NEED_SLUGS
    ]


def language_name(code: str | None, fallback: str | None = None) -> str:
    """A language's name in the reader's language ("Polish", "polski"), from Babel's data."""
    code = (code or "").strip()
    try:
        name = Locale.parse(code).get_display_name(_locale()) if code else None
    except (ValueError, TypeError):
        name = None
    return sentence_case(name or fallback or code)


def accessibility_label(code: str | None, fallback: str | None = None) -> str:
    if code in ACCESSIBILITY_LABELS:
        return str(ACCESSIBILITY_LABELS[code])
    return fallback or (code or "").replace("-", " ")


def join(items: Iterable[str]) -> Markup:
    """Items separated by the reader's comma ("a, b" or "a، b"), for lists that are not sentences."""
    comma = "، " if _locale().character_order == "right-to-left" else ", "
    return Markup(comma).join(items)


def and_list(items: Sequence[str]) -> str:
    """Items joined the way the reader's language lists them in a sentence ("a, b and c")."""
    return format_list(list(items), locale=_locale())


def day_name(weekday: int, *, capital: bool = True) -> str:
    """Monday is 0, as in Python; `capital=False` for use inside a sentence ("środa", not "Środa")."""
    name = get_day_names("wide", locale=_locale())[weekday]
    return sentence_case(name) if capital else name


# -- times and dates -----------------------------------------------------------------------------------


def _uses_12_hour_clock() -> bool:
    return "h" in _locale().time_formats["short"].pattern


def clock(value: time | datetime) -> str:
    """A time of day, the way the reader's language writes it ("16:00", "4:00 PM")."""
    if isinstance(value, datetime):
        return format_time(value, "short", tzinfo=LONDON, locale=_locale())
    return format_time(value, "short", locale=_locale())


def _minutes_to_time(minutes: int) -> time:
    minutes %= 24 * 60
    return time(minutes // 60, minutes % 60)


def hours_range(opens: int, closes: int) -> Markup:
    """Opening hours ("09:00–17:00"); minutes since midnight, closing may be past midnight."""
    if closes - opens >= 24 * 60 - 1:
        return html_gettext("Open 24 hours")
    skeleton = "hm" if _uses_12_hour_clock() else "Hm"
    return isolate(
        format_interval(_minutes_to_time(opens), _minutes_to_time(closes), skeleton, locale=_locale())
    )


def long_date(value: date | datetime) -> str:
    return format_date(value, "long", locale=_locale())


def checked_date(value: date | None) -> str | None:
    return long_date(value) if value else None


@dataclass
class DayHours:
    name: str
    hours: list[str] = field(default_factory=list)


@dataclass
class OpeningTimes:
    always_open: bool = False
    week: list[DayHours] = field(default_factory=list)  # Monday to Sunday when any weekly rule exists
    monthly: list[tuple[str, str]] = field(default_factory=list)  # (when, hours)
    notes: list[str] = field(default_factory=list)  # the publisher's own words (English data)
    closures: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return bool(self.always_open or self.week or self.monthly or self.notes)


def _with_validity(hours: Markup, rule: Rule) -> Markup:
    if rule.valid_from and rule.valid_to:
        return html_gettext(
            "%(hours)s (%(start)s to %(end)s)",
            hours=hours,
            start=isolate(long_date(rule.valid_from)),
            end=isolate(long_date(rule.valid_to)),
        )
    if rule.valid_from:
        return html_gettext(
            "%(hours)s (from %(date)s)", hours=hours, date=isolate(long_date(rule.valid_from))
        )
    if rule.valid_to:
        return html_gettext("%(hours)s (until %(date)s)", hours=hours, date=isolate(long_date(rule.valid_to)))
    return hours


def _monthly_when(rule: Rule) -> str:
    phrases = []
    for code in rule.days:
        nth, day = code[:-2], code[-2:]
        try:
            template = _MONTHLY[int(nth)]
        except (ValueError, KeyError):
            continue
        phrases.append(str(template) % {"day": day_name(_CODES.index(day), capital=False)})
    phrases += [gettext("day %(day)s of the month", day=n) for n in rule.month_days]
    return sentence_case(and_list(phrases)) if phrases else ""


def opening_times(
    schedules: Sequence[Any], closures: Sequence[Any] = (), *, today: date | None = None
) -> OpeningTimes:
    timetable = timetable_for(schedules, closures)
    result = OpeningTimes(always_open=timetable.always_open)
    weekly = [r for r in timetable.rules if r.freq == "WEEKLY"]
    if weekly and not result.always_open:
        result.week = [DayHours(day_name(i)) for i in range(7)]
        for rule in sorted(weekly, key=lambda r: r.opens):
            for code in rule.days:
                if code in _CODES:
                    result.week[_CODES.index(code)].hours.append(
                        _with_validity(hours_range(rule.opens, rule.closes), rule)
                    )
    for rule in timetable.rules:
        if rule.freq == "MONTHLY":
            when = _monthly_when(rule)
            if when:
                result.monthly.append((when, _with_validity(hours_range(rule.opens, rule.closes), rule)))
    for schedule in schedules:
        for text in (getattr(schedule, "description", None), getattr(schedule, "notes", None)):
            if text and text.strip() and text.strip() not in result.notes:
                result.notes.append(text.strip())
    today = today or datetime.now(LONDON).date()
    for closure in sorted(closures, key=lambda c: c.starts_on):
        if closure.ends_on >= today:
            if closure.starts_on == closure.ends_on:
                text = html_gettext("Closed on %(date)s", date=isolate(long_date(closure.starts_on)))
            else:
                text = html_gettext(
                    "Closed from %(start)s to %(end)s",
                    start=isolate(long_date(closure.starts_on)),
                    end=isolate(long_date(closure.ends_on)),
                )
            result.closures.append(text)
    return result


def opening_status(timetable: Timetable, now: datetime) -> Markup | None:
    """ "Open now until 17:00", "Closed now. Opens tomorrow at 09:00"; None when we cannot tell."""
    if timetable.always_open:
        return html_gettext("Open 24 hours")
    session = timetable.next_opening(now)
    if session is None:
        return None
    start, end = (moment.astimezone(LONDON) for moment in session)
    local_now = now.astimezone(LONDON)
    if start <= local_now < end:
        return html_gettext("Open now until %(time)s", time=isolate(clock(end)))
    days = (start.date() - local_now.date()).days
    if days == 0:
        return html_gettext("Closed now. Opens today at %(time)s", time=isolate(clock(start)))
    if days == 1:
        return html_gettext("Closed now. Opens tomorrow at %(time)s", time=isolate(clock(start)))
    if days < 7:
        # TRANSLATORS: %(day)s is a day of the week, %(time)s a time of day.
        return html_gettext(
            "Closed now. Opens %(day)s at %(time)s",
            day=day_name(start.weekday(), capital=False),
            time=isolate(clock(start)),
        )
    return html_gettext(
        "Closed now. Opens %(date)s at %(time)s",
        date=isolate(format_date(start, "full", locale=_locale())),
        time=isolate(clock(start)),
    )


# -- money, distance, ages -----------------------------------------------------------------------------


def money(amount: Decimal | float, currency: str | None = "GBP") -> str:
    return format_currency(amount, currency or "GBP", locale=_locale())


def cost_lines(cost_options: Iterable[Any]) -> list[Markup]:
    """One line per cost option; a service with no charge says it is free."""
    lines = []
    for option in cost_options:
        words = " – ".join(part for part in (option.option, option.amount_description) if part)
        if option.amount:
            price = money(option.amount, option.currency)
            # TRANSLATORS: a price and what it pays for ("£3.50: Weekly shop").
            lines.append(
                html_gettext("%(price)s: %(what)s", price=isolate(price), what=published(words))
                if words
                else isolate(price)
            )
        elif words:
            lines.append(html_gettext("Free: %(what)s", what=published(words)))
    return lines


METRES_PER_MILE = 1609.344


def rounded_miles(metres: float) -> float | None:
    """Miles as every channel says them (the pages here, the widget's script and the assistant's
    `format_distance` round the same way): tenths under 10 miles, whole miles beyond; None under 0.1."""
    miles = metres / METRES_PER_MILE
    if miles < 0.1:
        return None
    if miles < 10:
        return float(Decimal(str(miles)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return float(Decimal(str(miles)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def distance(metres: float | None) -> str | None:
    """ "0.4 miles away", "1 mile away", "2.3 miles away", "12 miles away" (miles, as UK road signs)."""
    if metres is None:
        return None
    miles = rounded_miles(metres)
    if miles is None:
        return gettext("Less than 0.1 miles away")
    if miles.is_integer():
        whole = int(miles)
        return ngettext(
            "%(miles)s mile away",
            "%(miles)s miles away",
            whole,
            miles=format_decimal(whole, locale=_locale()),
        )
    return gettext("%(distance)s miles away", distance=format_decimal(miles, "#,##0.0", locale=_locale()))


def age_range(minimum: int | None, maximum: int | None) -> str | None:
    if minimum and maximum is not None:
        return gettext("Ages %(minimum)d to %(maximum)d", minimum=minimum, maximum=maximum)
    if minimum:
        return gettext("Ages %(minimum)d and over", minimum=minimum)
    if maximum is not None:
        return gettext("Ages %(maximum)d and under", maximum=maximum)
    return None


# -- links ---------------------------------------------------------------------------------------------


def tel_href(number: str) -> str:
    """A tel: link: digits only (a leading + kept), so every phone can dial it."""
    digits = re.sub(r"[^\d+]", "", number or "")
    return "tel:" + (digits[:1] + digits[1:].replace("+", ""))


DATA_LANGUAGE = "en"  # the language directory records are published in


def published(text: str | None) -> Markup:
    """Directory text inside one of our sentences: marked as English and isolated, so it reads and
    runs the right way in right-to-left pages."""
    return Markup('<bdi lang="{}">{}</bdi>').format(DATA_LANGUAGE, text or "")


def phone_link(number: str) -> Markup:
    """A phone number as a tel: link, kept left-to-right inside right-to-left text."""
    return Markup('<a href="{}" dir="ltr">{}</a>').format(tel_href(number), number)


def mailto_href(email: str) -> str:
    return "mailto:" + quote(email.strip(), safe="@.+-_")


def map_url(latitude: float | None, longitude: float | None, address: str | None = None) -> str | None:
    """A plain link to OpenStreetMap: the point if we have one, else a search for the address."""
    if latitude is not None and longitude is not None:
        lat, lon = f"{latitude:.5f}", f"{longitude:.5f}"
        return f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
    if address:
        return f"https://www.openstreetmap.org/search?{urlencode({'query': address})}"
    return None


# -- text ------------------------------------------------------------------------------------------------

_HEADING = re.compile(r"<(/?)h[1-6]\b[^>]*>", re.IGNORECASE)
_LINK_WITHOUT_HREF = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
_DESCRIPTION_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"}


def description_html(text: str | None) -> Markup:
    """A service description as safe HTML: the stored subset, with headings turned into bold paragraphs
    so they cannot break the page's heading outline."""
    if not text:
        return Markup("")
    if "<" not in text:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        return Markup("").join(Markup("<p>{}</p>").format(p) for p in paragraphs)
    text = _HEADING.sub(lambda m: "</strong></p>" if m.group(1) else "<p><strong>", text)
    cleaned = nh3.clean(
        text,
        tags=set(_DESCRIPTION_TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # A link whose address was refused (javascript:, data:) keeps its words but stops being a link.
    cleaned = _LINK_WITHOUT_HREF.sub(r"\1", cleaned)
    return Markup(cleaned)  # sanitised by nh3 just above


def plain_text(text: str | None) -> str:
    """A description as one line of plain text (tags removed, entities decoded, paragraphs spaced)."""
    return re.sub(r"\s+", " ", strip_tags(re.sub(r"<", " <", text))).strip() if text else ""


def shorten(text: str | None, limit: int = 200) -> str:
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:–- ")
    return f"{cut}…"
