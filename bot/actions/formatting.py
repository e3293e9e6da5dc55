"""Turn directory records into text (from the catalogs, in the resident's language) and into the
structured payloads that web cards and SMS formatting use."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from .i18n import t

LONDON = ZoneInfo("Europe/London")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NEIGHBOURHOODS = {
    "bramhall-cheadle-hulme": "Bramhall & Cheadle Hulme",
    "cheadle": "Cheadle",
    "hazel-grove-high-lane-marple": "Hazel Grove, High Lane & Marple",
    "heatons": "Heatons",
    "tame-valley": "Tame Valley",
    "victoria": "Victoria",
    "werneth": "Werneth",
    "stockport-central": "Stockport Central",
}
_TAGS = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</p>|<br\s*/?>|</li>", re.IGNORECASE)


def neighbourhood_name(slug: str | None) -> str:
    return NEIGHBOURHOODS.get(slug or "", (slug or "").replace("-", " ").title())


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed.astimezone(LONDON)


def format_time(moment: datetime | None, language: str, *, hhmm: str | None = None) -> str:
    """10am, 2:30pm, noon in English; 24-hour 10:00, 14:30 otherwise."""
    if moment is None and hhmm:
        hour, minute = (int(part) for part in hhmm.split(":")[:2])
    elif moment is not None:
        hour, minute = moment.hour, moment.minute
    else:
        return ""
    if language != "en":
        return f"{hour:02d}:{minute:02d}"
    if hour == 12 and minute == 0:
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"


def weekday_name(index: int, language: str) -> str:
    return t(f"day.{index}", language)


def format_when(starts: str | None, ends: str | None, language: str, *, today: date | None = None) -> str:
    start, end = _parse(starts), _parse(ends)
    if start is None:
        return ""
    today = today or datetime.now(LONDON).date()
    values = {"start": format_time(start, language), "end": format_time(end, language) if end else ""}
    delta = (start.date() - today).days
    if delta <= 0:
        key = "when.today"
    elif delta == 1:
        key = "when.tomorrow"
    elif delta < 7:
        key = "when.weekday"
        values["weekday"] = weekday_name(start.weekday(), language)
    else:
        key = "when.date"
        values["date"] = f"{start.day}/{start.month}"
    text = t(key, language, **values)
    return text.rstrip("–- ") if not values["end"] else text


METRES_PER_MILE = 1609.344


def rounded_miles(metres: float) -> float | None:
    """Miles rounded as the web pages and the widget round them (web/formatting.py `rounded_miles`):
    half up to tenths under 10 miles, to whole miles beyond; None under 0.1 miles."""
    miles = metres / METRES_PER_MILE
    if miles < 0.1:
        return None
    step = Decimal("0.1") if miles < 10 else Decimal("1")
    return float(Decimal(str(miles)).quantize(step, rounding=ROUND_HALF_UP))


def format_distance(metres: float | int | None, language: str) -> str:
    """ "0.4 miles away", "1 mile away", "12 miles away": miles, as the pages and UK road signs say."""
    if metres is None:
        return ""
    miles = rounded_miles(metres)
    if miles is None:
        return t("result.distance_under", language)
    if miles == 1:
        return t("result.distance_mile", language)
    number = f"{miles:.0f}" if miles.is_integer() else f"{miles:.1f}"
    if language == "pl":
        number = number.replace(".", ",")
    return t("result.distance_miles", language, distance=number)


def opening_summary(result: dict[str, Any], language: str) -> str:
    if result.get("always_open"):
        return t("result.always_open", language)
    if result.get("open_now"):
        return t("result.open_now", language)
    nxt = result.get("next_opening") or {}
    when = format_when(nxt.get("starts"), nxt.get("ends"), language)
    if when:
        return t("result.next_open", language, when=when)
    return t("result.no_times", language)


def where_summary(result: dict[str, Any], language: str) -> str:
    distance = format_distance(result.get("distance_m"), language)
    if result.get("scope") == "national":
        scope = t("result.national", language)
    elif result.get("scope") == "borough":
        scope = t("result.borough_wide", language)
    else:
        scope = ""
    hoods = result.get("neighbourhoods") or []
    hood = neighbourhood_name(hoods[0]) if hoods and result.get("scope") == "local" else ""
    parts = [p for p in (hood, distance, scope) if p]
    return t("details.list_separator", language).join(parts)


def result_lines(result: dict[str, Any], index: int, language: str) -> str:
    name = result.get("name") or ""
    organisation = result.get("organisation") or ""
    if organisation and organisation.casefold() != name.casefold():
        title = t("result.title", language, index=index, name=name, organisation=organisation)
    else:
        title = t("result.title_only", language, index=index, name=name)
    facts = [opening_summary(result, language)]
    if result.get("phone"):
        facts.append(t("result.phone", language, phone=result["phone"]))
    where = where_summary(result, language)
    if where:
        facts.append(where)
    return f"{title}\n   " + " · ".join(facts)


def results_text(results: list[dict[str, Any]], start_index: int, language: str) -> str:
    return "\n\n".join(result_lines(r, start_index + i, language) for i, r in enumerate(results))


def service_card(result: dict[str, Any], index: int, language: str) -> dict[str, Any]:
    """One result as structured data for web cards and SMS formatting."""
    hoods = result.get("neighbourhoods") or []
    return {
        "index": index,
        "id": result.get("id"),
        "name": result.get("name"),
        "organisation": result.get("organisation"),
        "next_opening": result.get("next_opening"),
        "next_opening_text": opening_summary(result, language),
        "open_now": bool(result.get("open_now")),
        "always_open": bool(result.get("always_open")),
        "phone": result.get("phone"),
        "address": result.get("address"),
        "postcode": result.get("postcode"),
        "distance_m": result.get("distance_m"),
        "neighbourhood": hoods[0] if hoods else None,
        "neighbourhood_name": neighbourhood_name(hoods[0]) if hoods else None,
        "scope": result.get("scope"),
        "free": result.get("free"),
        "url": result.get("url"),
        "is_sample": bool(result.get("is_sample")),
    }


# ----- one service in full (ORUK 3.0 record) -----


def plain_text(markup: str | None) -> str:
    if not markup:
        return ""
    text = _BLOCK_END.sub("\n", markup)
    text = html.unescape(_TAGS.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _days_label(codes: list[str], language: str) -> str:
    indexes = sorted(DAY_CODES.index(c) for c in codes if c in DAY_CODES)
    return t("details.list_separator", language).join(weekday_name(i, language) for i in indexes)


def schedule_lines(record: dict[str, Any], language: str) -> list[str]:
    """Weekly opening times grouped by times: "Monday, Thursday 12pm–2pm"."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for schedule in record.get("schedules") or []:
        opens, closes = schedule.get("opens_at"), schedule.get("closes_at")
        if not opens or not closes:
            continue
        days = [d.strip() for d in (schedule.get("byday") or "").split(",") if d.strip()]
        if (schedule.get("freq") or "").upper() == "DAILY" and not days:
            days = list(DAY_CODES)
        grouped.setdefault((opens, closes), []).extend(days)
    lines = []
    for (opens, closes), days in sorted(
        grouped.items(),
        key=lambda item: min((DAY_CODES.index(d) for d in item[1] if d in DAY_CODES), default=7),
    ):
        if (opens, closes) in (("00:00:00", "23:59:59"), ("00:00:00", "00:00:00")) and len(set(days)) == 7:
            lines.append(t("details.always_open", language))
            continue
        lines.append(
            t(
                "details.schedule_line",
                language,
                days=_days_label(list(dict.fromkeys(days)), language),
                opens=format_time(None, language, hhmm=opens),
                closes=format_time(None, language, hhmm=closes),
            ).strip()
        )
    return lines


def record_address(record: dict[str, Any]) -> str:
    for sal in record.get("service_at_locations") or []:
        location = sal.get("location") or {}
        for address in location.get("addresses") or []:
            if address.get("address_type", "physical") != "physical":
                continue
            parts = [
                address.get("address_1"),
                address.get("address_2"),
                address.get("city"),
                address.get("postal_code"),
            ]
            return ", ".join(p for p in parts if p)
    return ""


def record_phone(record: dict[str, Any]) -> str:
    for phone in record.get("phones") or []:
        if phone.get("number"):
            return phone["number"]
    for sal in record.get("service_at_locations") or []:
        for phone in (sal.get("location") or {}).get("phones") or []:
            if phone.get("number"):
                return phone["number"]
    return ""


def record_cost(record: dict[str, Any], language: str) -> tuple[bool | None, str]:
    """(is free, description): (True, "Free"), (False, "£4.50 a meal"), or (None, "") if not said."""
    options = record.get("cost_options") or []
    if not options:
        return None, ""
    if all((o.get("amount") in (0, "0", 0.0)) or (o.get("option") or "").lower() == "free" for o in options):
        return True, t("details.free", language)
    parts = []
    for option in options:
        text = option.get("amount_description") or option.get("option") or ""
        if option.get("amount") not in (None, "") and "£" not in text:
            text = f"£{float(option['amount']):.2f} {text}".strip()
        if text:
            parts.append(text)
    return False, "; ".join(parts)


def details_text(record: dict[str, Any], language: str) -> str:
    name = record.get("name") or ""
    organisation = (record.get("organization") or {}).get("name") or ""
    lines = [f"{name} – {organisation}" if organisation and organisation != name else name]
    description = plain_text(record.get("description"))
    if description:
        lines += ["", description]
    lines.append("")
    schedule = schedule_lines(record, language)
    if schedule:
        lines.append(t("details.when", language))
        lines += [f"  {line}" for line in schedule]
    phone = record_phone(record)
    if phone:
        lines.append(f"{t('details.phone', language)} {phone}")
    if record.get("email"):
        lines.append(f"{t('details.email', language)} {record['email']}")
    address = record_address(record)
    if address:
        lines.append(f"{t('details.address', language)} {address}")
    website = record.get("url") or (record.get("organization") or {}).get("website")
    if website:
        lines.append(f"{t('details.website', language)} {website}")
    _, cost = record_cost(record, language)
    if cost:
        lines.append(f"{t('details.cost', language)} {cost}")
    if record.get("eligibility_description"):
        lines.append(f"{t('details.eligibility', language)} {record['eligibility_description']}")
    languages = [lang.get("name") for lang in record.get("languages") or [] if lang.get("name")]
    if languages:
        lines.append(f"{t('details.languages', language)} {', '.join(languages)}")
    access = [
        item.get("description")
        for sal in record.get("service_at_locations") or []
        for item in (sal.get("location") or {}).get("accessibility") or []
        if item.get("description")
    ]
    if access:
        lines.append(f"{t('details.access', language)} {'; '.join(dict.fromkeys(access))}")
    notes = []
    if (record.get("x_around_here") or {}).get("is_sample"):
        notes.append(t("details.sample_note", language))
    if language != "en" and description:
        notes.append(t("details.english_only", language))
    if notes:
        lines += ["", *notes]
    return "\n".join(lines).strip()


def details_payload(record: dict[str, Any], language: str) -> dict[str, Any]:
    free, cost = record_cost(record, language)
    hoods = (record.get("x_around_here") or {}).get("neighbourhoods") or []
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "organisation": (record.get("organization") or {}).get("name"),
        "description": plain_text(record.get("description")),
        "phone": record_phone(record) or None,
        "email": record.get("email"),
        "address": record_address(record) or None,
        "url": record.get("url") or (record.get("organization") or {}).get("website"),
        "schedule": schedule_lines(record, language),
        "free": free,
        "cost": cost or None,
        "eligibility": record.get("eligibility_description"),
        "neighbourhood": hoods[0] if hoods else None,
        "is_sample": bool((record.get("x_around_here") or {}).get("is_sample")),
    }
