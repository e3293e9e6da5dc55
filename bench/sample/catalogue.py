"""The tables the sample generator writes from: places, venues, organisations and kinds of service.

Everything local here is invented, though written the way volunteers describe their groups, so that demos,
search tuning and tests meet realistic text. Street names are real Stockport streets; the house numbers,
venue names, organisations and services are not. The national services at the end are real.
"""

from __future__ import annotations

from dataclasses import dataclass

WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


@dataclass(frozen=True)
class Place:
    """A village or district inside a neighbourhood, with the postcode sector its venues use."""

    name: str
    hood: str
    sector: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Venue:
    name: str
    place: str
    street: str
    access: tuple[str, ...]


@dataclass(frozen=True)
class Org:
    name: str
    description: str
    website: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Slot:
    """One weekly (or monthly) session; times are "HH:MM", and 24-hour lines run 00:00-23:59."""

    byday: str
    opens: str
    closes: str
    description: str | None = None
    attending: str | None = "in person"
    freq: str = "WEEKLY"
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True)
class Cost:
    option: str
    amount: float | None
    description: str


@dataclass(frozen=True)
class Eligibility:
    text: str
    minimum_age: int | None = None
    maximum_age: int | None = None


@dataclass(frozen=True)
class Variant:
    """A description, optionally with the costs or eligibility it mentions, so text and data agree."""

    text: str
    costs: tuple[Cost, ...] | None = None
    eligibility: Eligibility | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of local service (a pantry, a job club...) that several places run in their own way."""

    key: str
    name: str
    needs: tuple[str, ...]
    role: str  # which of the neighbourhood's organisations runs it, or "own" for its own group
    email: str
    variants: tuple[str | Variant, ...]
    timetables: tuple[tuple[Slot, ...], ...]
    costs: tuple[Cost, ...] = ()
    eligibility: Eligibility | None = None
    languages: tuple[str, ...] = ()
    text_line: bool = False
    closures: tuple[dict[str, str], ...] = ()
    org_name: str = ""
    org_description: str = ""

    def own_org(self, place: str) -> Org:
        return Org(self.org_name.format(place=place), self.org_description.format(place=place))


@dataclass(frozen=True)
class Entry:
    """One local service: a kind in a place, optionally also serving an adjacent neighbourhood."""

    kind: str
    place: str
    also: str | None = None
    venue: str | None = None
    name: str | None = None
    area: str | None = None  # how descriptions name the area when `name` is not place-based
    status: str = "active"
    alert: str | None = None


@dataclass(frozen=True)
class Fixed:
    """A borough-wide or national service, spelled out in full."""

    name: str
    org: Org
    scope: str
    needs: tuple[str, ...]
    description: str
    phones: tuple[tuple[str, ...], ...]
    slots: tuple[Slot, ...]
    eligibility: Eligibility
    costs: tuple[Cost, ...]
    url: str | None = None
    email: str | None = None
    languages: tuple[str, ...] = ("en",)
    venue: str | None = None


FREE = Cost("Free", 0, "Free")
EVERYONE = Eligibility("Open to anyone living in or near {place}; just turn up.")
ADULTS = Eligibility("Adults aged 18 and over; self-referral or referral by a professional.", 18)
CHRISTMAS = {
    "starts_on": "2026-12-24",
    "ends_on": "2027-01-02",
    "reason": "Closed for Christmas and New Year",
}
OCCASIONAL_CLOSURES = (
    CHRISTMAS,
    {"starts_on": "2027-04-02", "ends_on": "2027-04-05", "reason": "Closed over the Easter bank holidays"},
    {"starts_on": "2026-11-16", "ends_on": "2026-11-20", "reason": "Closed while the hall is redecorated"},
)


def S(byday: str, opens: str, closes: str, **extra: str | None) -> Slot:  # noqa: N802 - reads as a table
    """Shorthand for the timetables below."""
    return Slot(byday, opens, closes, **extra)  # type: ignore[arg-type]


# --- places -----------------------------------------------------------------------------------------------

# Sectors and rough coordinates follow directory/places/data/stockport.json, so every venue's postcode
# sector belongs to the neighbourhood its services are listed under.
_PLACES = (
    Place("Bramhall", "bramhall-cheadle-hulme", "SK7 1", 53.3590, -2.1640),
    Place("Pownall Green", "bramhall-cheadle-hulme", "SK7 2", 53.3610, -2.1470),
    Place("Cheadle Hulme", "bramhall-cheadle-hulme", "SK8 5", 53.3760, -2.1890),
    Place("Woodford", "bramhall-cheadle-hulme", "SK7 1", 53.3420, -2.1630),
    Place("Cheadle", "cheadle", "SK8 1", 53.3935, -2.2115),
    Place("Gatley", "cheadle", "SK8 4", 53.3925, -2.2330),
    Place("Heald Green", "cheadle", "SK8 3", 53.3710, -2.2290),
    Place("Hazel Grove", "hazel-grove-high-lane-marple", "SK7 4", 53.3765, -2.1150),
    Place("High Lane", "hazel-grove-high-lane-marple", "SK6 8", 53.3575, -2.0660),
    Place("Marple", "hazel-grove-high-lane-marple", "SK6 6", 53.3945, -2.0625),
    Place("Marple Bridge", "hazel-grove-high-lane-marple", "SK6 5", 53.4020, -2.0490),
    Place("Rose Hill", "hazel-grove-high-lane-marple", "SK6 7", 53.3870, -2.0750),
    Place("Heaton Moor", "heatons", "SK4 4", 53.4240, -2.1850),
    Place("Heaton Chapel", "heatons", "SK4 5", 53.4300, -2.1780),
    Place("Heaton Mersey", "heatons", "SK4 3", 53.4140, -2.2030),
    Place("Heaton Norris", "heatons", "SK4 1", 53.4160, -2.1650),
    Place("Reddish", "tame-valley", "SK5 6", 53.4360, -2.1590),
    Place("North Reddish", "tame-valley", "SK5 7", 53.4480, -2.1580),
    Place("Brinnington", "tame-valley", "SK5 8", 53.4330, -2.1300),
    Place("Bredbury", "tame-valley", "SK6 2", 53.4200, -2.1130),
    Place("Romiley", "werneth", "SK6 4", 53.4140, -2.0890),
    Place("Woodley", "werneth", "SK6 1", 53.4300, -2.0930),
    Place("Bredbury Green", "werneth", "SK6 3", 53.4070, -2.1000),
    Place("Edgeley", "victoria", "SK3 9", 53.4000, -2.1700),
    Place("Cheadle Heath", "victoria", "SK3 0", 53.4020, -2.1880),
    Place("Davenport", "victoria", "SK3 8", 53.3915, -2.1530),
    Place("Woodsmoor", "victoria", "SK2 7", 53.3840, -2.1460),
    Place("Stockport Town Centre", "stockport-central", "SK1 1", 53.4090, -2.1560),
    Place("Hillgate", "stockport-central", "SK1 3", 53.4030, -2.1540),
    Place("Portwood", "stockport-central", "SK1 2", 53.4140, -2.1430),
    Place("Offerton", "stockport-central", "SK2 5", 53.3990, -2.1240),
    Place("Great Moor", "stockport-central", "SK2 6", 53.3905, -2.1300),
    Place("Heaviley", "stockport-central", "SK2 6", 53.4010, -2.1420),
)
PLACES: dict[str, Place] = {p.name: p for p in _PLACES}

# Languages most often asked for in each neighbourhood, used now and then on top of a kind's own list.
HOOD_LANGUAGES: dict[str, tuple[str, ...]] = {
    "bramhall-cheadle-hulme": ("zh", "pa"),
    "cheadle": ("ur", "zh", "pa"),
    "hazel-grove-high-lane-marple": ("pl",),
    "heatons": ("ur", "pa", "bn"),
    "tame-valley": ("pl", "ro", "ur", "bn"),
    "victoria": ("pl", "ro"),
    "werneth": ("pl",),
    "stockport-central": ("pl", "ro", "ar", "ku", "fa", "ur"),
}

# --- venues -----------------------------------------------------------------------------------------------

_STEP_FREE = ("wheelchair-access", "step-free", "accessible-toilet")

VENUES: tuple[Venue, ...] = (
    Venue(
        "Ack Lane Community Rooms", "Bramhall", "21 Ack Lane East", (*_STEP_FREE, "hearing-loop", "parking")
    ),
    Venue("Woodford Road Community Hall", "Bramhall", "112 Woodford Road", ("step-free", "parking")),
    Venue("Bramhall Village Hub", "Bramhall", "7 Bramhall Lane South", (*_STEP_FREE, "large-print")),
    Venue("Pownall Green Scout and Community Hut", "Pownall Green", "3 Lumb Lane", ("parking",)),
    Venue("Moorend Church Hall", "Pownall Green", "60 Bramhall Moor Lane", (*_STEP_FREE, "hearing-loop")),
    Venue("Cheadle Hulme Community Centre", "Cheadle Hulme", "33 Station Road", (*_STEP_FREE, "quiet-space")),
    Venue("Ravenoak Road Church Hall", "Cheadle Hulme", "92 Ravenoak Road", ("step-free", "hearing-loop")),
    Venue("Hulme Hall Pavilion", "Cheadle Hulme", "5 Hulme Hall Road", ("parking", "step-free")),
    Venue("Woodford Village Institute", "Woodford", "250 Chester Road", ("parking", "wheelchair-access")),
    Venue("Cheadle Village Hall", "Cheadle", "18 High Street", (*_STEP_FREE, "hearing-loop", "large-print")),
    Venue("Massie Street Community Rooms", "Cheadle", "4 Massie Street", ("step-free",)),
    Venue("Councillor Lane Family Centre", "Cheadle", "51 Councillor Lane", (*_STEP_FREE, "parking")),
    Venue("Gatley Village Rooms", "Gatley", "12 Church Road", ("wheelchair-access", "hearing-loop")),
    Venue("Gatley Green Pavilion", "Gatley", "2 Northenden Road", ("parking", "step-free")),
    Venue("Finney Lane Community Centre", "Heald Green", "140 Finney Lane", (*_STEP_FREE, "parking")),
    Venue("Outwood Road Church Hall", "Heald Green", "27 Outwood Road", ("step-free", "quiet-space")),
    Venue("Hazel Grove Civic Rooms", "Hazel Grove", "215 London Road", (*_STEP_FREE, "hearing-loop", "bsl")),
    Venue("Torkington Road Community Centre", "Hazel Grove", "38 Torkington Road", (*_STEP_FREE, "parking")),
    Venue("Commercial Road Chapel Hall", "Hazel Grove", "9 Commercial Road", ("hearing-loop",)),
    Venue("High Lane Village Hall", "High Lane", "96 Buxton Road", ("wheelchair-access", "parking")),
    Venue("Windlehurst Road Pavilion", "High Lane", "14 Windlehurst Road", ("parking",)),
    Venue("Marple Memorial Rooms", "Marple", "40 Stockport Road", (*_STEP_FREE, "hearing-loop")),
    Venue("Market Street Community Hub", "Marple", "22 Market Street", (*_STEP_FREE, "large-print")),
    Venue("Church Lane Workshop", "Marple", "17 Church Lane", ("parking",)),
    Venue("Marple Bridge Village Rooms", "Marple Bridge", "8 Town Street", ("step-free", "hearing-loop")),
    Venue("Rose Hill Community Centre", "Rose Hill", "31 Hibbert Lane", (*_STEP_FREE, "parking")),
    Venue("Cross Lane Hall", "Rose Hill", "5 Cross Lane", ("step-free",)),
    Venue("Heaton Moor Community Rooms", "Heaton Moor", "45 Shaw Road", (*_STEP_FREE, "hearing-loop")),
    Venue("Moor Road Methodist Hall", "Heaton Moor", "118 Heaton Moor Road", ("step-free", "quiet-space")),
    Venue("Peel Moat Pavilion", "Heaton Moor", "1 Peel Moat Road", ("parking", "accessible-toilet")),
    Venue("Heaton Chapel Community Centre", "Heaton Chapel", "210 Manchester Road", (*_STEP_FREE, "bsl")),
    Venue("School Lane Church Hall", "Heaton Chapel", "24 School Lane", ("step-free", "hearing-loop")),
    Venue(
        "Heaton Mersey Village Hall", "Heaton Mersey", "77 Didsbury Road", ("wheelchair-access", "parking")
    ),
    Venue("Craig Road Youth Centre", "Heaton Mersey", "6 Craig Road", (*_STEP_FREE, "quiet-space")),
    Venue("Heaton Norris Community Hub", "Heaton Norris", "139 Wellington Road North", (*_STEP_FREE,)),
    Venue("Bowerfold Lane Family Centre", "Heaton Norris", "30 Bowerfold Lane", (*_STEP_FREE, "parking")),
    Venue(
        "Reddish Vale Community Hub",
        "Reddish",
        "14 Gorton Road",
        (*_STEP_FREE, "hearing-loop", "quiet-space"),
    ),
    Venue("Houldsworth Square Rooms", "Reddish", "3 Houldsworth Square", ("step-free", "large-print")),
    Venue("Greg Street Church Hall", "Reddish", "52 Greg Street", ("wheelchair-access", "hearing-loop")),
    Venue("Broadstone Road Centre", "Reddish", "101 Broadstone Road", (*_STEP_FREE, "parking")),
    Venue("North Reddish Community Centre", "North Reddish", "412 Gorton Road", (*_STEP_FREE, "parking")),
    Venue(
        "Harcourt Street Methodist Rooms",
        "North Reddish",
        "15 Harcourt Street",
        ("step-free", "hearing-loop"),
    ),
    Venue("Brinnington Community Centre", "Brinnington", "12 Brinnington Road", (*_STEP_FREE, "parking")),
    Venue("Middlesex Road Youth Hub", "Brinnington", "40 Middlesex Road", (*_STEP_FREE, "quiet-space")),
    Venue("Northumberland Road Family Centre", "Brinnington", "9 Northumberland Road", (*_STEP_FREE, "bsl")),
    Venue("Brinnington Precinct Shopfront", "Brinnington", "5 Brinnington Precinct", ("step-free",)),
    Venue("Romiley Community Rooms", "Romiley", "62 Stockport Road", (*_STEP_FREE, "hearing-loop")),
    Venue("Compstall Road Church Hall", "Romiley", "21 Compstall Road", ("step-free", "parking")),
    Venue("Sandy Lane Pavilion", "Romiley", "4 Sandy Lane", ("parking",)),
    Venue("Bredbury Community Centre", "Bredbury", "180 Stockport Road West", (*_STEP_FREE, "parking")),
    Venue("George Lane Hall", "Bredbury", "33 George Lane", ("wheelchair-access", "hearing-loop")),
    Venue(
        "Bredbury Green Community Rooms", "Bredbury Green", "41 Stockport Road East", (*_STEP_FREE, "parking")
    ),
    Venue("Lower Bents Lane Pavilion", "Bredbury Green", "6 Lower Bents Lane", ("step-free", "parking")),
    Venue("Woodley Civic Hall", "Woodley", "145 Hyde Road", (*_STEP_FREE, "hearing-loop", "parking")),
    Venue("Green Lane Community Rooms", "Woodley", "18 Green Lane", ("step-free", "quiet-space")),
    Venue("Offerton Community Hub", "Offerton", "205 Marple Road", (*_STEP_FREE, "parking", "large-print")),
    Venue("Lisburne Lane Family Centre", "Offerton", "26 Lisburne Lane", (*_STEP_FREE, "quiet-space")),
    Venue("Offerton Lane Church Hall", "Offerton", "71 Offerton Lane", ("step-free", "hearing-loop")),
    Venue("Great Moor Community Rooms", "Great Moor", "410 Buxton Road", (*_STEP_FREE, "hearing-loop")),
    Venue("Dialstone Lane Centre", "Great Moor", "58 Dialstone Lane", ("wheelchair-access", "parking")),
    Venue("Davenport Village Hall", "Davenport", "37 Garners Lane", (*_STEP_FREE, "parking")),
    Venue("Kennerley Road Church Hall", "Davenport", "12 Kennerley Road", ("step-free", "hearing-loop")),
    Venue("Woodsmoor Village Hall", "Woodsmoor", "25 Woodsmoor Lane", (*_STEP_FREE, "parking")),
    Venue("Bramhall Lane Church Hall", "Woodsmoor", "301 Bramhall Lane", ("step-free", "hearing-loop")),
    Venue("Hempshaw Lane Community Centre", "Heaviley", "90 Hempshaw Lane", (*_STEP_FREE, "parking")),
    Venue("Mersey Square Community Rooms", "Stockport Town Centre", "6 Mersey Square", (*_STEP_FREE, "bsl")),
    Venue(
        "St Petersgate Chambers", "Stockport Town Centre", "19 St Petersgate", (*_STEP_FREE, "quiet-space")
    ),
    Venue("Warren Street Hub", "Stockport Town Centre", "11 Warren Street", (*_STEP_FREE, "hearing-loop")),
    Venue(
        "Princes Street Drop-in", "Stockport Town Centre", "44 Princes Street", ("step-free", "quiet-space")
    ),
    Venue("Hillgate Community Centre", "Hillgate", "120 Higher Hillgate", (*_STEP_FREE, "parking")),
    Venue("Lower Hillgate Mission", "Hillgate", "58 Lower Hillgate", ("step-free", "accessible-toilet")),
    Venue(
        "Edgeley Community Hub", "Edgeley", "97 Castle Street", (*_STEP_FREE, "hearing-loop", "large-print")
    ),
    Venue("Edgeley Road Church Hall", "Edgeley", "143 Edgeley Road", ("step-free", "parking")),
    Venue("Grenville Street Family Centre", "Edgeley", "8 Grenville Street", (*_STEP_FREE, "quiet-space")),
    Venue("Cheadle Heath Community Rooms", "Cheadle Heath", "300 Stockport Road", (*_STEP_FREE, "parking")),
    Venue(
        "Portwood Community Rooms", "Portwood", "23 Great Portwood Street", ("wheelchair-access", "step-free")
    ),
)


def venue(name: str) -> Venue:
    """Look a venue up by name (borough services name the town-centre venue they use)."""
    return next(v for v in VENUES if v.name == name)


# --- organisations ----------------------------------------------------------------------------------------

ROLES = ("community", "faith", "advice", "wellbeing", "family", "older")

ORGS: dict[str, dict[str, Org]] = {
    "tame-valley": {
        "community": Org(
            "Reddish Vale Community Trust",
            "A resident-led charity running the community hub on Gorton Road and activities across Reddish "
            "since 1998.",
        ),
        "faith": Org(
            "Reddish Churches Together",
            "Five local churches working as one to run food, warmth and friendship projects for anyone in "
            "Reddish, whatever their faith or none.",
        ),
        "advice": Org(
            "Tame Valley Advice Centre",
            "Independent, free advice on money, benefits, housing and legal problems for people in Reddish, "
            "Brinnington and Bredbury.",
        ),
        "wellbeing": Org(
            "Brinnington Wellbeing Collective",
            "Local people supporting each other's mental and physical health through groups, walks and "
            "one-to-one support.",
        ),
        "family": Org(
            "Brinnington Young People's Trust",
            "Youth work, play and family support in Brinnington and Reddish, run from the Middlesex Road "
            "youth hub.",
        ),
        "older": Org(
            "Reddish and Brinnington Good Neighbours",
            "Volunteers helping older neighbours stay connected, active and independent.",
        ),
    },
    "stockport-central": {
        "community": Org(
            "Hillgate Community Partnership",
            "A partnership of residents, businesses and charities making the town centre, Hillgate and "
            "Offerton better places to live.",
        ),
        "faith": Org(
            "St Petersgate Mission",
            "A town-centre mission offering food, shelter and a welcome to anyone who needs one.",
        ),
        "advice": Org(
            "Town Centre Advice Project",
            "Free, confidential advice drop-ins in central Stockport on debt, benefits, housing, employment "
            "and immigration.",
        ),
        "wellbeing": Org(
            "Underbanks Wellbeing Trust",
            "Peer-led mental health, recovery and safety support in the heart of Stockport.",
        ),
        "family": Org(
            "Offerton Family Network",
            "Breakfast clubs, youth clubs and young carers' groups for families in Offerton, Portwood and "
            "the town centre.",
        ),
        "older": Org(
            "Town Centre and Offerton Older People's Forum",
            "Older residents of central Stockport organising lunches, social activities and a strong voice.",
        ),
    },
    "heatons": {
        "community": Org(
            "Heatons Community Association",
            "Bringing the four Heatons together through events, groups and volunteering since the 1970s.",
        ),
        "faith": Org(
            "Heatons Faith Forum",
            "Churches, mosques and gurdwara in the Heatons working together on food, friendship and "
            "learning English.",
        ),
        "advice": Org(
            "Heatons Advice Point",
            "Volunteer advisers and pro bono solicitors offering free help with money and legal problems.",
        ),
        "wellbeing": Org(
            "Moor Wellbeing CIC",
            "A community interest company running wellbeing, recovery and health groups in the Heatons.",
        ),
        "family": Org(
            "Heatons Family Network",
            "Parent-run groups for babies, children and teenagers, plus support for families of disabled "
            "children.",
        ),
        "older": Org(
            "Heatons Friendship Circle",
            "Friendship, dancing, crafts and company for older people across the Heatons.",
        ),
    },
    "cheadle": {
        "community": Org(
            "Cheadle Village Trust",
            "A small charity looking after Cheadle Village Hall and running digital, sport and volunteering "
            "projects.",
        ),
        "faith": Org(
            "Cheadle and Gatley Faith Partnership",
            "Local congregations sharing buildings and volunteers to run food and bereavement support.",
        ),
        "advice": Org(
            "Cheadle Advice Network",
            "Free advice sessions on debt, energy and legal problems in Cheadle, Gatley and Heald Green.",
        ),
        "wellbeing": Org(
            "Heald Green Wellbeing Group",
            "Volunteers and health workers offering health checks, support groups and domestic abuse "
            "programmes.",
        ),
        "family": Org(
            "Cheadle Families Together",
            "Baby, toddler and youth groups for families in Cheadle, Gatley and Heald Green.",
        ),
        "older": Org(
            "Gatley and Cheadle Over-60s Association",
            "Lunches, memory cafés, carers' support and good company for the over-60s.",
        ),
    },
    "bramhall-cheadle-hulme": {
        "community": Org(
            "Bramhall Community Hub CIC",
            "A community interest company connecting Bramhall residents with volunteering, gardening and "
            "social clubs.",
        ),
        "faith": Org(
            "Cheadle Hulme Community Church Trust",
            "Churches in Cheadle Hulme and Bramhall offering food, bereavement support and a warm welcome.",
        ),
        "advice": Org(
            "Bramhall and Cheadle Hulme Advice Service",
            "Trained volunteers giving free, confidential advice on debt, benefits and family law.",
        ),
        "wellbeing": Org(
            "Ladybrook Wellbeing",
            "Peer support, walks and family support around mental health and addiction.",
        ),
        "family": Org(
            "Cheadle Hulme Family Support",
            "Stay-and-play, baby groups and youth clubs run by local parents and youth workers.",
        ),
        "older": Org(
            "Bramhall Good Companions",
            "Volunteers keeping older people in Bramhall and Cheadle Hulme fed, fit, connected and safe at "
            "home.",
        ),
    },
    "hazel-grove-high-lane-marple": {
        "community": Org(
            "Marple Community Partnership",
            "A network of Marple, Rose Hill and High Lane groups sharing venues and volunteers.",
        ),
        "faith": Org(
            "Hazel Grove Community Church Partnership",
            "Churches in Hazel Grove running the food bank, a warm space and a recovery group.",
        ),
        "advice": Org(
            "High Lane and Hazel Grove Advice Centre",
            "Free advice on debt, benefits and energy bills, in person and by phone.",
        ),
        "wellbeing": Org(
            "Marple Wellbeing Network",
            "Walking groups, peer support and domestic abuse programmes in Marple and Hazel Grove.",
        ),
        "family": Org(
            "Hazel Grove Family Network",
            "Youth clubs, stay-and-play and young carers' support in Hazel Grove and Marple.",
        ),
        "older": Org(
            "Marple and High Lane Good Neighbours",
            "Befriending, lunches, memory cafés and practical help for older people.",
        ),
    },
    "werneth": {
        "community": Org(
            "Romiley and Woodley Community Trust",
            "Running community venues and projects in Romiley, Woodley and Bredbury Green.",
        ),
        "faith": Org(
            "Woodley Churches Together",
            "Local churches running the food bank, community meals and a warm space.",
        ),
        "advice": Org(
            "Werneth Advice Point",
            "Free advice on money, benefits and gambling harms for people in Romiley and Woodley.",
        ),
        "wellbeing": Org(
            "Werneth Low Wellbeing Collective",
            "Peer-led groups for mental health, and walks on and around Werneth Low.",
        ),
        "family": Org(
            "Woodley and Romiley Family Network",
            "Play sessions, dads' groups and youth work for local families.",
        ),
        "older": Org(
            "Romiley Good Neighbours",
            "Lunch clubs, exercise, carers' support and memory cafés for older people in Werneth.",
        ),
    },
    "victoria": {
        "community": Org(
            "Edgeley and Cheadle Heath Community Trust",
            "The charity behind Edgeley Community Hub on Castle Street: food, volunteering and activities "
            "for all ages.",
        ),
        "faith": Org(
            "Edgeley Churches Together",
            "Churches in Edgeley, Cheadle Heath and Davenport offering food, warmth, company and a welcome "
            "to newcomers.",
        ),
        "advice": Org(
            "Edgeley and Davenport Advice Centre",
            "Free advice on debt, housing and legal problems, with volunteer solicitors.",
        ),
        "wellbeing": Org(
            "Victoria Wellbeing Partnership",
            "Mental health, health and family recovery support in Edgeley, Davenport and Woodsmoor.",
        ),
        "family": Org(
            "Edgeley Family Network",
            "Play, parenting and youth support for families in Edgeley, Cheadle Heath and Davenport.",
        ),
        "older": Org(
            "Davenport and Woodsmoor Friendship Group",
            "Lunch clubs, dances, digital help and friendship for older people.",
        ),
    },
}


# --- kinds of local service -------------------------------------------------------------------------------

_PAY_WHAT_YOU_CAN = Cost("Pay what you can", None, "Pay what you can; nobody is turned away")
_PHONE = "phone"

_KINDS = (
    # food
    Kind(
        key="pantry",
        name="{place} Community Pantry",
        needs=("food", "money"),
        role="community",
        email="pantry",
        variants=(
            Variant(
                "<p>Our pantry is a membership food club: pay <strong>£3.50 a visit</strong> and choose "
                "around £15 worth of groceries, including fresh fruit and veg, bread, milk and chilled food."
                "</p><p>No referral needed, just bring something with your address on. There's always a "
                "brew on and someone to chat to while you shop.</p>",
                costs=(Cost("Weekly shop", 3.5, "£3.50 a visit for about £15 of shopping"),),
            ),
            Variant(
                "A community pantry run by local volunteers at {venue}. Members pay £4 a week and pick "
                "their own shopping from well-stocked shelves, so you choose what your family will actually "
                "eat. <strong>No referral needed</strong> – come along {when} and we'll sign you up on the "
                "day.",
                costs=(Cost("Weekly membership", 4, "£4 a week for around £15-£20 of food"),),
            ),
        ),
        timetables=(
            (S("TU", "10:00", "12:00"),),
            (S("TH", "13:00", "15:00"), S("SA", "10:00", "12:00")),
            (S("WE", "16:00", "18:00"),),
        ),
        eligibility=Eligibility(
            "Anyone aged 18 or over living in or near {place}; bring proof of address.", 18
        ),
    ),
    Kind(
        key="foodbank",
        name="{place} Food Bank",
        needs=("food",),
        role="faith",
        email="foodbank",
        variants=(
            "<p>Emergency food parcels with at least three days of nutritionally balanced food.</p><p>You'll "
            "normally need a food bank voucher from your GP, school, housing officer or an advice service – "
            "if you haven't got one, ring us and we'll help you get one.</p>",
            "We give out emergency food parcels {when}. Please bring your voucher; if you don't have one, "
            "come anyway and one of our volunteers will talk it through with you. We can also put you in "
            "touch with money advice while you're here.",
            "Three-day emergency food parcels for people in crisis, plus toiletries, nappies and pet food "
            "when we have them. Referral is by voucher (ask your GP, social worker or school), but nobody "
            "is sent away without a chat and a cup of tea.",
        ),
        timetables=(
            (S("MO", "12:00", "14:00"), S("TH", "12:00", "14:00")),
            (S("WE", "10:00", "12:00"), S("FR", "10:00", "12:00")),
            (S("TU", "13:00", "15:00"), S("SA", "10:00", "11:30")),
        ),
        eligibility=Eligibility(
            "People in crisis with a food bank voucher from a professional; ring us if you don't have one."
        ),
        closures=(CHRISTMAS,),
    ),
    Kind(
        key="community_meal",
        name="{place} Community Kitchen",
        needs=("food", "loneliness"),
        role="faith",
        email="kitchen",
        variants=(
            Variant(
                "A hot two-course meal cooked from scratch by our volunteer team, served {when}. Everyone "
                "eats together – come on your own or bring the family. <strong>Pay what you can</strong>; "
                "nobody is asked any questions.",
                costs=(_PAY_WHAT_YOU_CAN,),
            ),
            Variant(
                "<p>Our community kitchen serves a proper hot dinner and pudding {when}.</p><p>It's £3 per "
                "meal if you can manage it, free if you can't, and children always eat free. Vegetarian and "
                "halal options every week.</p>",
                costs=(Cost("Adult meal", 3, "£3 per meal, or free if money is tight; children free"),),
            ),
        ),
        timetables=(
            (S("WE", "17:30", "19:00"),),
            (S("TU", "12:00", "13:30"), S("FR", "12:00", "13:30")),
            (S("SU", "13:00", "15:00"),),
        ),
    ),
    Kind(
        key="community_fridge",
        name="{place} Community Fridge",
        needs=("food",),
        role="community",
        email="fridge",
        variants=(
            "Surplus food from local supermarkets, bakeries and allotments, free for anyone to take – no "
            "questions asked and no need to be struggling. Stock changes every day, so it's worth popping "
            "in. Please bring a bag.",
            "Our community fridge saves good food from going to waste. Help yourself {when}: bread, veg, "
            "dairy and whatever the shops have dropped off. Everyone is welcome.",
        ),
        timetables=(
            (S("MO,WE,FR", "11:00", "15:00"),),
            (S(WEEKDAYS, "10:00", "16:00"),),
        ),
    ),
    Kind(
        key="breakfast_club",
        name="{place} Saturday Breakfast Club",
        needs=("food", "family"),
        role="family",
        email="breakfast",
        variants=(
            "A free breakfast for families every Saturday morning: cereal, toast, fruit and a cooked option. "
            "There are games and crafts for the children while the grown-ups have a cuppa and a natter.",
        ),
        timetables=((S("SA", "09:00", "11:00"),),),
        eligibility=Eligibility("Families with children; children must come with an adult."),
    ),
    # money
    Kind(
        key="debt_dropin",
        name="{place} Debt Advice Drop-in",
        needs=("money", "legal"),
        role="advice",
        email="debt",
        variants=(
            "Free, confidential debt advice from trained advisers. We can help you work out a budget, deal "
            "with bailiffs, council tax and rent arrears, and talk to the people you owe on your behalf. "
            "Bring any letters you've had.",
            "<p>Worried about money? Drop in {when} and see a debt adviser.</p><p>We'll go through "
            "everything with you, help you prioritise bills, and can set up a <strong>Breathing Space"
            "</strong> to stop interest and chasing while we sort things out.</p>",
        ),
        timetables=(
            (S("TU", "10:00", "13:00"),),
            (S("TH", "13:30", "16:30"),),
            (S("WE", "17:00", "19:00"), S("SA", "10:00", "12:00")),
        ),
        eligibility=ADULTS,
    ),
    Kind(
        key="benefits_help",
        name="{place} Benefits and Forms Help",
        needs=("money", "digital"),
        role="advice",
        email="forms",
        variants=(
            "Stuck on a Universal Credit claim, a PIP form or a council tax reduction? Our volunteers sit "
            "with you and go through it step by step, including your online journal. We also do full "
            "benefit checks to make sure you're getting everything you're entitled to.",
            "Help filling in benefit forms and online claims, {when}. Bring your letters, your phone and "
            "any passwords you have. It helps to book, but you can just turn up.",
        ),
        timetables=(
            (S("MO", "10:00", "13:00"),),
            (S("WE", "13:00", "16:00"), S("FR", "10:00", "12:00")),
        ),
        eligibility=ADULTS,
    ),
    Kind(
        key="cost_of_living_cafe",
        name="{place} Cost of Living Café",
        needs=("money", "energy", "food"),
        role="community",
        email="cafe",
        variants=(
            "<p>A warm, friendly café where you can get a free brew and ask about anything money-related: "
            "energy bills, benefits, food vouchers, school uniform grants.</p><p>Advisers from local "
            "organisations come each week, so you can see several people in one visit.</p>",
            "Skint till payday, or worried about the bills? Come for a free cuppa and a chat {when}. "
            "Advisers on benefits, energy and debt are on hand, and there's usually soup.",
        ),
        timetables=((S("TH", "10:00", "13:00"),), (S("MO", "13:00", "15:30"),)),
    ),
    # housing
    Kind(
        key="tenancy_advice",
        name="{place} Housing Advice Surgery",
        needs=("housing", "legal"),
        role="advice",
        email="housing",
        variants=(
            "Worried about a section 21 notice, rent arrears or a landlord who won't do repairs? Book a free "
            "30-minute slot with our housing caseworker, or just turn up and wait. We help private renters "
            "and council and housing association tenants.",
            "Free housing advice {when}. If you've been told to leave, or you're sofa surfing, come and see "
            "us as soon as you can – the earlier we know, the more we can do.",
        ),
        timetables=((S("TU", "13:00", "16:00"),), (S("TH", "10:00", "13:00"),)),
        eligibility=ADULTS,
    ),
    Kind(
        key="damp_clinic",
        name="{place} Damp and Mould Help Desk",
        needs=("housing", "health"),
        role="advice",
        email="damp",
        variants=(
            "If damp or mould is making your home unhealthy, come and talk to us. We'll help you report it "
            "properly to your landlord, chase it up, and give you practical tips on keeping condensation "
            "down in the meantime. Photos on your phone are really useful.",
        ),
        timetables=((S("WE", "10:00", "12:00"),), (S("MO", "14:00", "16:00"),)),
    ),
    Kind(
        key="day_centre",
        name="{place} Drop-in Day Centre",
        needs=("housing", "food"),
        role="faith",
        email="daycentre",
        variants=(
            "<p>A safe, warm place for anyone sleeping rough, sofa surfing or at risk of losing their home."
            "</p><p>Hot breakfast, showers, laundry and a clothes store, plus a housing support worker "
            "<strong>every weekday morning</strong>.</p>",
        ),
        timetables=((S(WEEKDAYS, "08:30", "13:00"),),),
        eligibility=Eligibility(
            "Adults who are homeless or at risk of homelessness; no referral needed.", 18
        ),
    ),
    # energy
    Kind(
        key="warm_space",
        name="{place} Warm Space",
        needs=("energy", "loneliness"),
        role="faith",
        email="warmspace",
        variants=(
            "Come in from the cold: a warm room, free hot drinks and soup, newspapers, board games and phone "
            "charging. No need to book and no need to explain why you're here.",
            "<p>Our warm space is open {when} through the winter.</p><p>Free tea, coffee and toast, "
            "comfy chairs, wifi and good company. Families welcome – there's a box of toys.</p>",
        ),
        timetables=(
            (S("MO,WE,FR", "10:00", "15:00", valid_from="2026-11-01", valid_to="2027-03-31"),),
            (S("TU,TH", "12:00", "16:00", valid_from="2026-11-01", valid_to="2027-03-31"),),
        ),
    ),
    Kind(
        key="energy_advice",
        name="{place} Energy Advice Café",
        needs=("energy", "money"),
        role="community",
        email="energy",
        variants=(
            "Bring your latest energy bill or meter readings and our trained energy champions will check "
            "you're on the best deal, help with prepayment meter problems and apply for the Warm Home "
            "Discount and fuel vouchers if you're eligible.",
            "Struggling to top up your meter? Pop in {when} for free, impartial energy advice. We can "
            "sometimes issue emergency fuel vouchers on the day.",
        ),
        timetables=((S("TU", "10:00", "12:30"),), (S("TH", "17:00", "19:00"),)),
    ),
    # mental health
    Kind(
        key="wellbeing_group",
        name="{place} Wellbeing Group",
        needs=("mental-health",),
        role="wellbeing",
        email="wellbeing",
        variants=(
            "A peer support group for anyone living with anxiety, low mood or stress. We share what helps, "
            "try simple coping techniques and have a laugh too. You don't have to talk if you'd rather just "
            "listen.",
            "<p>Friendly, relaxed peer support for your mental health, {when}.</p><p>Run by people with "
            "lived experience. Not a crisis service – if you need urgent help call NHS 111 and choose "
            "the mental health option.</p>",
        ),
        timetables=((S("MO", "18:30", "20:00"),), (S("TH", "10:30", "12:00"),)),
        eligibility=ADULTS,
    ),
    Kind(
        key="talking_dropin",
        name="{place} Listening Space",
        needs=("mental-health",),
        role="wellbeing",
        email="listening",
        variants=(
            "Drop in for a confidential one-to-one chat with a trained volunteer listener. It's not "
            "counselling or a crisis service, just someone who'll listen without judging. If you need more, "
            "we'll help you find it.",
        ),
        timetables=((S("WE", "12:00", "15:00"),), (S("TU", "17:00", "20:00"),)),
        eligibility=Eligibility("Anyone aged 16 or over.", 16),
    ),
    Kind(
        key="bereavement_cafe",
        name="{place} Bereavement Café",
        needs=("mental-health", "loneliness"),
        role="faith",
        email="bereavement",
        variants=(
            "A gentle space to meet others who have lost someone close, whether a husband, wife, partner, "
            "parent or friend. Tea, cake and people who understand – talk about the person you've lost, or "
            "don't. Trained bereavement volunteers are always there.",
            "<p>Grief can be very lonely. Our café is a place to sit with others who know what it's like to "
            "lose a wife, a husband, a mum or dad, or a child.</p><p>We meet {when}. Come as often or as "
            "rarely as you like.</p>",
        ),
        timetables=(
            (S("2TU", "14:00", "16:00", freq="MONTHLY"),),
            (S("1WE,3WE", "10:00", "12:00", freq="MONTHLY"),),
        ),
        eligibility=ADULTS,
    ),
    Kind(
        key="mens_shed",
        name="{place} Men's Shed",
        needs=("loneliness", "mental-health"),
        role="own",
        email="shed",
        variants=(
            Variant(
                "A workshop where men (and a few women!) get together to make, mend and chat. Woodwork, bike "
                "repairs, tinkering with old radios – tools provided. As we say, men don't talk face to "
                "face, they talk shoulder to shoulder. <strong>£1 a session</strong> for tea and biscuits.",
                costs=(Cost("Session", 1, "£1 a session towards tea and materials"),),
            ),
        ),
        timetables=((S("TU,TH", "10:00", "15:00"),), (S("MO,WE", "09:30", "14:30"),)),
        eligibility=Eligibility("Adults of any age; most members are retired men, all welcome.", 18),
        org_name="{place} Men's Shed Association",
        org_description="A volunteer-run community workshop in {place}, part of the Men's Sheds movement.",
    ),
    Kind(
        key="choir",
        name="{place} Community Choir",
        needs=("loneliness", "mental-health"),
        role="community",
        email="choir",
        variants=(
            Variant(
                "No auditions and no need to read music. We sing everything from Motown to sea shanties, and "
                "the tea break is just as important as the singing. £2 a session, first one free.",
                costs=(Cost("Session", 2, "£2 a session; first session free"),),
            ),
        ),
        timetables=((S("WE", "19:00", "21:00"),), (S("MO", "14:00", "15:30"),)),
    ),
    Kind(
        key="wellbeing_walk",
        name="{place} Wellbeing Walk",
        needs=("health", "mental-health", "loneliness"),
        role="wellbeing",
        email="walks",
        variants=(
            "A gentle, friendly walk of about an hour, led by trained volunteers. We go at the pace of the "
            "slowest walker and finish with a cuppa. Wear sensible shoes!",
            "Meet outside {venue} {when} for a sociable walk through the local parks. Good for body and "
            "mind, and a great way to meet people.",
        ),
        timetables=((S("WE", "10:00", "11:30"),), (S("SA", "09:30", "11:00"),)),
    ),
    Kind(
        key="community_garden",
        name="{place} Community Garden",
        needs=("health", "mental-health", "loneliness"),
        role="community",
        email="garden",
        variants=(
            "Grow fruit and veg alongside your neighbours – no experience needed, and gloves and tools are "
            "provided. Whatever we grow, we share. Lots of people tell us it's the best thing for their "
            "mental health.",
        ),
        timetables=((S("SA", "10:00", "13:00"), S("WE", "14:00", "16:00")), (S("TU,TH", "10:00", "12:30"),)),
    ),
    # loneliness
    Kind(
        key="knit_natter",
        name="{place} Knit and Natter",
        needs=("loneliness", "older-people"),
        role="older",
        email="knit",
        variants=(
            Variant(
                "Bring your knitting, crochet or any craft – or just come for the natter. Beginners very "
                "welcome; we'll teach you and lend you needles and wool. £1 including a cuppa.",
                costs=(Cost("Session", 1, "£1 including tea and biscuits"),),
            ),
        ),
        timetables=((S("TU", "13:30", "15:30"),), (S("FR", "10:00", "12:00"),)),
    ),
    Kind(
        key="coffee_morning",
        name="{place} Coffee Morning",
        needs=("loneliness",),
        role="faith",
        email="coffee",
        variants=(
            Variant(
                "Drop in for tea, coffee and homemade cake in good company. It's a lovely way to meet your "
                "neighbours and find out what's on locally. Donations welcome but never expected.",
                costs=(_PAY_WHAT_YOU_CAN,),
            ),
        ),
        timetables=((S("SA", "10:00", "12:00"),), (S("WE", "10:00", "11:30"),)),
    ),
    Kind(
        key="befriending",
        name="{place} Telephone Befriending",
        needs=("loneliness", "older-people"),
        role="older",
        email="befriending",
        variants=(
            "A friendly volunteer rings you at the same time each week for a chat. Ideal if you're "
            "housebound, recently bereaved, or would just like someone to talk to. You can ask yourself, or "
            "a family member, GP or social worker can refer you.",
        ),
        timetables=(
            (S(WEEKDAYS, "10:00", "16:00", description="Calls arranged to suit you", attending=_PHONE),),
        ),
        eligibility=Eligibility("Older people (60+) living in or near {place}.", 60),
    ),
    Kind(
        key="newcomers",
        name="{place} Welcome Café",
        needs=("loneliness", "employment"),
        role="faith",
        email="welcome",
        variants=(
            "<p>A welcoming space for people new to the area, including refugees and people seeking asylum."
            "</p><p>Practise your English, meet people, get help with letters and find out about local "
            "services. Children welcome.</p>",
        ),
        timetables=((S("MO", "13:00", "15:30"),), (S("TH", "10:00", "12:30"),)),
        languages=("ar", "ku", "fa", "ur"),
    ),
    # carers
    Kind(
        key="carers_cafe",
        name="{place} Carers' Café",
        needs=("carers", "loneliness"),
        role="older",
        email="carers",
        variants=(
            "Time out for unpaid carers: tea, cake and people who understand. Each month we invite a guest "
            "– a benefits adviser, a district nurse, a solicitor talking about lasting power of attorney. "
            "The person you care for is welcome to come with you.",
            "<p>If you look after someone, this is your hour. Come {when}.</p><p>Swap tips, have a moan, "
            "and find out about <strong>carer's assessments</strong> and breaks from caring.</p>",
        ),
        timetables=(
            (S("1WE", "13:30", "15:30", freq="MONTHLY"),),
            (S("TH", "10:00", "12:00"),),
            (S("-1FR", "10:30", "12:30", freq="MONTHLY"),),
        ),
    ),
    Kind(
        key="young_carers",
        name="{place} Young Carers Club",
        needs=("carers", "family"),
        role="family",
        email="youngcarers",
        variants=(
            "If you help look after someone at home, this is your night off. Games, trips, pizza and people "
            "who get it. Parents or professionals can refer you, or you can ask us yourself.",
        ),
        timetables=((S("TU", "17:00", "19:00"),), (S("WE", "16:30", "18:30"),)),
        eligibility=Eligibility("Young carers aged 8 to 17.", 8, 17),
        text_line=True,
    ),
    Kind(
        key="dementia_carers",
        name="{place} Dementia Carers' Group",
        needs=("carers", "older-people"),
        role="older",
        email="dementiacarers",
        variants=(
            "A support group for people caring for someone living with dementia. We share what works, "
            "hear from specialist nurses and admiral nurses, and help each other through the hard days.",
        ),
        timetables=(
            (S("2TH", "14:00", "16:00", freq="MONTHLY"),),
            (S("1MO", "18:30", "20:00", freq="MONTHLY"),),
        ),
    ),
    # domestic abuse
    Kind(
        key="freedom_programme",
        name="{place} Freedom Programme",
        needs=("domestic-abuse",),
        role="wellbeing",
        email="freedom",
        variants=(
            "An 11-week group for women who have experienced domestic abuse, exploring how abusive "
            "relationships work and rebuilding confidence. Free crèche. Please call or text first so we "
            "can talk through safety with you before you come.",
        ),
        timetables=((S("WE", "09:30", "11:30"),), (S("MO", "18:00", "20:00"),)),
        eligibility=Eligibility("Women aged 18 and over who have experienced domestic abuse.", 18),
        text_line=True,
    ),
    Kind(
        key="da_dropin",
        name="{place} Safe Space Drop-in",
        needs=("domestic-abuse", "mental-health"),
        role="wellbeing",
        email="safespace",
        variants=(
            "A confidential drop-in with a trained domestic abuse worker, held inside {venue} so nobody "
            "needs to know why you're there. Support with safety planning, housing and reporting – if and "
            "when you're ready. Anyone can come, whatever your gender or relationship.",
        ),
        timetables=((S("TU", "10:00", "12:00"),), (S("FR", "13:00", "15:00"),)),
        eligibility=Eligibility("Anyone aged 16 or over affected by domestic abuse.", 16),
        text_line=True,
    ),
    Kind(
        key="healthy_relationships",
        name="{place} Healthy Relationships Group",
        needs=("domestic-abuse", "family"),
        role="family",
        email="relationships",
        variants=(
            "A six-week group for teenagers about what healthy relationships look like, online and off. "
            "Covers consent, control and where to get help. Young people can self-refer, or schools and "
            "youth workers can refer.",
        ),
        timetables=((S("TH", "16:00", "17:30"),),),
        eligibility=Eligibility("Young people aged 13 to 19.", 13, 19),
        text_line=True,
    ),
    # health
    Kind(
        key="health_checks",
        name="{place} Health MOT Drop-in",
        needs=("health",),
        role="wellbeing",
        email="healthmot",
        variants=(
            "Free blood pressure, weight and diabetes risk checks with a community health worker. No "
            "appointment needed and you'll have your results in ten minutes. We can also help you register "
            "with a GP or dentist.",
        ),
        timetables=((S("WE", "09:30", "12:30"),), (S("MO", "13:00", "16:00"),)),
        eligibility=ADULTS,
        languages=("ur", "bn", "pa"),
    ),
    Kind(
        key="chair_exercise",
        name="{place} Chair-Based Exercise",
        needs=("health", "older-people"),
        role="older",
        email="chairfit",
        variants=(
            Variant(
                "Gentle seated exercise to music to keep joints moving and improve strength and balance. "
                "Suitable if you have limited mobility or are getting over a fall. £2 a session.",
                costs=(Cost("Session", 2, "£2 a session"),),
            ),
        ),
        timetables=((S("TU", "11:00", "12:00"),), (S("FR", "14:00", "15:00"),)),
        eligibility=Eligibility("Older adults and anyone with limited mobility.", 55),
    ),
    Kind(
        key="stop_smoking",
        name="{place} Stop Smoking Drop-in",
        needs=("health", "substance-use"),
        role="wellbeing",
        email="quit",
        variants=(
            "Free support to stop smoking from a trained adviser: weekly check-ins, carbon monoxide "
            "readings, and free nicotine replacement or a vape starter kit. You're far more likely to quit "
            "with support than on your own.",
        ),
        timetables=((S("MO", "16:00", "19:00"),), (S("TH", "09:30", "12:00"),)),
        eligibility=Eligibility("Adults who smoke and want to stop.", 18),
    ),
    # drugs and alcohol
    Kind(
        key="recovery_cafe",
        name="{place} Recovery Café",
        needs=("substance-use", "mental-health"),
        role="wellbeing",
        email="recovery",
        variants=(
            "A drug- and alcohol-free café run by people in recovery, for people in recovery and their "
            "families. Peer support, mutual aid meetings and a decent brew. Come along whatever stage "
            "you're at.",
            "<p>Open {when}. Good food, good company and no judgement.</p><p>Our peer mentors have been "
            "there themselves and can help you take the next step, whether that's a meeting, a detox "
            "referral or just coming back next week.</p>",
        ),
        timetables=((S("FR", "12:00", "16:00"),), (S("SA", "11:00", "15:00"), S("TU", "18:00", "20:30"))),
    ),
    Kind(
        key="families_affected",
        name="{place} Families Affected by Addiction",
        needs=("substance-use", "family"),
        role="wellbeing",
        email="families",
        variants=(
            "A support group for parents, partners and relatives worried about someone's drinking, drug use "
            "or gambling. Confidential, friendly and run by family members who've been there.",
        ),
        timetables=((S("MO", "19:00", "20:30"),), (S("2WE,4WE", "18:30", "20:00", freq="MONTHLY"),)),
        eligibility=ADULTS,
    ),
    Kind(
        key="gambling",
        name="{place} Gambling Support Drop-in",
        needs=("substance-use", "money"),
        role="advice",
        email="gambling",
        variants=(
            "If gambling is costing you more than you want it to, talk to us. Free, confidential support "
            "from a trained adviser, including help with the money side and blocking software for your "
            "phone. Family members welcome too.",
        ),
        timetables=((S("TH", "17:00", "19:30"),),),
        eligibility=ADULTS,
    ),
    Kind(
        key="mutual_aid",
        name="{place} Recovery Meeting",
        needs=("substance-use",),
        role="faith",
        email="meeting",
        variants=(
            "A weekly mutual aid meeting for anyone who wants to stop or cut down their drinking or drug "
            "use. Just turn up – there's no need to give your name or say anything.",
        ),
        timetables=((S("SU", "18:00", "19:30"),), (S("WE", "19:00", "20:30"),)),
        eligibility=ADULTS,
    ),
    # work and skills
    Kind(
        key="job_club",
        name="{place} Job Club",
        needs=("employment", "digital"),
        role="community",
        email="jobs",
        variants=(
            "Help with CVs, job searching, application forms and interview practice, with computers and "
            "free printing. Our staff know local employers who are hiring and can help with travel costs "
            "for interviews.",
            "<p>Looking for work? Come to Job Club {when}.</p><p>One-to-one help, free wifi, and a "
            "<strong>smart clothes rail</strong> for interviews.</p>",
        ),
        timetables=((S("MO,WE", "10:00", "13:00"),), (S("TU", "13:00", "16:00"), S("TH", "10:00", "12:00"))),
        eligibility=Eligibility("Anyone aged 16 or over looking for work or training.", 16),
    ),
    Kind(
        key="esol",
        name="{place} English Conversation Club",
        needs=("employment", "loneliness"),
        role="faith",
        email="english",
        variants=(
            "Practise speaking English in a relaxed, friendly group. All levels welcome, from complete "
            "beginners upwards. Our volunteers can also help you find a college ESOL course.",
        ),
        timetables=((S("TU", "10:00", "12:00"),), (S("SA", "10:30", "12:30"),), (S("TH", "18:00", "19:30"),)),
        languages=("ar", "fa", "ku", "pl", "ro", "ur", "zh"),
    ),
    Kind(
        key="volunteering",
        name="{place} Volunteering Drop-in",
        needs=("employment", "loneliness"),
        role="community",
        email="volunteer",
        variants=(
            "Thinking about volunteering? Drop in for a chat about the local opportunities that suit you, "
            "from gardening to driving to helping at the food bank. Volunteering is a great way to build "
            "skills and confidence for work.",
        ),
        timetables=((S("WE", "10:00", "12:00"),),),
        eligibility=Eligibility("Anyone aged 16 or over.", 16),
    ),
    # families and children
    Kind(
        key="stay_play",
        name="{place} Stay and Play",
        needs=("family",),
        role="family",
        email="stayplay",
        variants=(
            Variant(
                "Messy play, songs, stories and snacks for under-fives and their grown-ups. A friendly way "
                "to meet other parents and carers. £1 a family.",
                costs=(Cost("Family", 1, "£1 per family"),),
            ),
            Variant(
                "<p>Free stay and play {when}.</p><p>Toys, sand, paint and a song at the end. Our family "
                "workers are there if you want a chat about sleep, weaning or anything else.</p>",
                costs=(FREE,),
            ),
        ),
        timetables=((S("WE", "09:30", "11:30"),), (S("MO,FR", "10:00", "11:30"),)),
        eligibility=Eligibility("Children aged 0 to 5 with a parent or carer.", 0, 5),
    ),
    Kind(
        key="baby_group",
        name="{place} Bumps and Babies",
        needs=("family",),
        role="family",
        email="babies",
        variants=(
            "A relaxed group for parents-to-be and parents of babies under one. Tea, chat, baby massage "
            "some weeks, and the health visitor pops in on the first week of the month.",
        ),
        timetables=((S("TH", "10:00", "11:30"),), (S("TU", "13:30", "15:00"),)),
        eligibility=Eligibility("Pregnant people and parents or carers of babies up to 12 months.", 0, 1),
    ),
    Kind(
        key="youth_club",
        name="{place} Youth Club",
        needs=("family",),
        role="family",
        email="youth",
        variants=(
            Variant(
                "Pool, table tennis, music, cooking and trips – and youth workers to talk to if anything's "
                "on your mind. 50p a night, free if that's a problem.",
                costs=(Cost("Evening", 0.5, "50p a night; free if money is tight"),),
            ),
            Variant(
                "<p>Youth club {when}.</p><p>Chill out with your mates, get help with homework, or join "
                "in with sport and art. Young people with additional needs welcome up to 25.</p>",
                costs=(FREE,),
            ),
        ),
        timetables=((S("TU,TH", "18:00", "20:30"),), (S("WE", "18:30", "21:00"), S("FR", "18:00", "21:00"))),
        eligibility=Eligibility("Young people aged 11 to 18 (up to 25 with additional needs).", 11, 25),
        text_line=True,
    ),
    Kind(
        key="holiday_activities",
        name="{place} Holiday Activities and Food",
        needs=("family", "food"),
        role="family",
        email="holidays",
        variants=(
            "<p>Free sport, crafts and trips with a healthy lunch every day of the school holidays.</p><p>"
            "Places are free for children who get benefits-related free school meals; other families can "
            "book any spare places.</p>",
        ),
        timetables=(
            (
                S(
                    WEEKDAYS,
                    "10:00",
                    "14:00",
                    description="February half term; later dates announced each term",
                    valid_from="2027-02-15",
                    valid_to="2027-02-19",
                ),
            ),
        ),
        eligibility=Eligibility("Children aged 5 to 16; priority for those on free school meals.", 5, 16),
    ),
    Kind(
        key="dads_group",
        name="{place} Dads' Group",
        needs=("family", "mental-health"),
        role="family",
        email="dads",
        variants=(
            "Saturday mornings for dads, grandads and male carers and their kids. Play, breakfast butties "
            "and a chance to chat with other dads about the ups and downs of parenting.",
        ),
        timetables=((S("SA", "09:30", "11:30"),),),
        eligibility=Eligibility("Dads and male carers with children aged 0 to 11."),
    ),
    Kind(
        key="uniform_swap",
        name="{place} School Uniform Swap",
        needs=("family", "money"),
        role="family",
        email="uniform",
        variants=(
            "Free pre-loved school uniform for local primary and high schools, plus PE kits and shoes. "
            "Take what you need and drop off what your kids have grown out of.",
        ),
        timetables=((S("WE", "15:00", "17:30"),), (S("SA", "10:00", "12:00"),)),
    ),
    # older people
    Kind(
        key="lunch_club",
        name="{place} Lunch Club",
        needs=("older-people", "food", "loneliness"),
        role="older",
        email="lunch",
        variants=(
            Variant(
                "A two-course hot lunch and a good chat for <strong>£4.50</strong>. Bingo or a quiz after "
                "lunch, and transport can be arranged if you can't get here on your own.",
                costs=(Cost("Lunch", 4.5, "£4.50 for a two-course lunch"),),
            ),
            Variant(
                "<p>Lunch club {when}.</p><p>Soup, a hot main and pudding for £4, with a raffle and lots of "
                "laughs. New faces are always made welcome.</p>",
                costs=(Cost("Lunch", 4, "£4 for three courses"),),
            ),
        ),
        timetables=((S("WE", "12:00", "14:00"),), (S("TU,TH", "11:30", "13:30"),)),
        eligibility=Eligibility("People aged 60 and over.", 60),
    ),
    Kind(
        key="memory_cafe",
        name="{place} Memory Café",
        needs=("older-people", "carers"),
        role="older",
        email="memory",
        variants=(
            "A warm, relaxed café for people living with memory loss or dementia and the people who care "
            "for them. Singing, reminiscence and a chance to talk to others in the same boat.",
        ),
        timetables=((S("1TU", "14:00", "16:00", freq="MONTHLY"),), (S("FR", "10:30", "12:30"),)),
    ),
    Kind(
        key="tea_dance",
        name="{place} Tea Dance",
        needs=("older-people", "loneliness"),
        role="older",
        email="teadance",
        variants=(
            Variant(
                "Ballroom, sequence and a bit of jive, with tea and cake at half time. No partner needed – "
                "plenty of people come on their own. £3 on the door.",
                costs=(Cost("Entry", 3, "£3 including tea and cake"),),
            ),
        ),
        timetables=((S("TH", "14:00", "16:00"),), (S("SU", "14:30", "16:30"),)),
    ),
    Kind(
        key="silver_surfers",
        name="{place} Silver Surfers",
        needs=("digital", "older-people"),
        role="older",
        email="surfers",
        variants=(
            "Patient, friendly help for older people getting to grips with phones, tablets and computers. "
            "Video calls with the grandchildren, the NHS App, online shopping and staying safe from scams.",
        ),
        timetables=((S("MO", "10:00", "12:00"),), (S("WE", "14:00", "16:00"),)),
        eligibility=Eligibility("People aged 60 and over.", 60),
    ),
    Kind(
        key="handyperson",
        name="{place} Handyperson Service",
        needs=("older-people", "housing"),
        role="older",
        email="handyperson",
        variants=(
            Variant(
                "Small jobs around the home for older and disabled people: grab rails, smoke alarms, "
                "curtain poles, key safes and draught-proofing. You pay for materials only; the labour is "
                "free.",
                costs=(Cost("Labour", 0, "Labour free; you pay for materials"),),
            ),
        ),
        timetables=((S(WEEKDAYS, "09:00", "16:00", description="Ring to book a visit", attending=_PHONE),),),
        eligibility=Eligibility("Residents aged 60 and over, or disabled residents of any age.", 60),
    ),
    # disability
    Kind(
        key="disability_advice",
        name="{place} Disability Advice Drop-in",
        needs=("disability", "money"),
        role="advice",
        email="disability",
        variants=(
            "Advice on PIP, Attendance Allowance, blue badges, equipment and adaptations from advisers who "
            "are disabled themselves. We can help with forms and appeals too.",
        ),
        timetables=((S("TH", "10:00", "13:00"),), (S("TU", "14:00", "16:30"),)),
    ),
    Kind(
        key="inclusive_sport",
        name="{place} Inclusive Sports Session",
        needs=("disability", "health"),
        role="community",
        email="sport",
        variants=(
            Variant(
                "Boccia, new age kurling, table cricket and seated volleyball for disabled people of all "
                "ages and abilities. Carers and families welcome to join in. £1 a session.",
                costs=(Cost("Session", 1, "£1 a session; carers free"),),
            ),
        ),
        timetables=((S("WE", "13:00", "14:30"),), (S("SA", "11:00", "12:30"),)),
    ),
    Kind(
        key="autism_group",
        name="{place} Autism Family Support Group",
        needs=("disability", "family"),
        role="family",
        email="autism",
        variants=(
            "Parents and carers of autistic children and teenagers supporting each other, with guest "
            "speakers on EHCPs, sleep and school. Diagnosis not needed. Quiet room and sensory toys for "
            "children who come along.",
        ),
        timetables=((S("1SA", "10:00", "12:00", freq="MONTHLY"),), (S("TU", "19:00", "20:30"),)),
    ),
    Kind(
        key="ld_social",
        name="{place} Learning Disability Social Club",
        needs=("disability", "loneliness"),
        role="community",
        email="social",
        variants=(
            Variant(
                "A friendly club night for adults with learning disabilities: disco, karaoke, games and "
                "snacks. Support workers and carers are welcome. £2 on the door.",
                costs=(Cost("Entry", 2, "£2 on the door; support workers free"),),
            ),
        ),
        timetables=((S("FR", "18:00", "20:30"),), (S("TH", "13:00", "15:30"),)),
        eligibility=Eligibility("Adults aged 18 and over with a learning disability.", 18),
    ),
    Kind(
        key="sight_loss",
        name="{place} Sight Loss Support Group",
        needs=("disability", "older-people"),
        role="older",
        email="sight",
        variants=(
            "Meet other people living with sight loss, try out magnifiers and talking gadgets, and get "
            "advice from a rehabilitation worker. Transport can be arranged.",
        ),
        timetables=((S("2MO", "13:30", "15:30", freq="MONTHLY"),),),
    ),
    # digital
    Kind(
        key="digital_dropin",
        name="{place} Digital Drop-in",
        needs=("digital",),
        role="community",
        email="digital",
        variants=(
            "Bring your phone, tablet or laptop and get one-to-one help: setting up email, video calls, "
            "the NHS App, online banking, or your Universal Credit journal. No question is too basic.",
            "<p>Free computers, wifi and printing {when}.</p><p>Our digital champions can help you get "
            "online, fill in forms and stay safe from scams.</p>",
        ),
        timetables=(
            (S("TU", "10:00", "12:30"),),
            (S("MO,TH", "13:00", "16:00"),),
            (S("SA", "10:00", "13:00"),),
        ),
    ),
    Kind(
        key="device_lending",
        name="{place} Tablet Lending Library",
        needs=("digital",),
        role="community",
        email="tablets",
        variants=(
            "Borrow a tablet with free mobile data for up to three months, with a volunteer to help you get "
            "started. Ideal if you need to get online for job searching, benefits or staying in touch.",
        ),
        timetables=((S("WE", "10:00", "12:00"),),),
        eligibility=Eligibility("Adults living in or near {place} who don't have a device at home.", 18),
    ),
    Kind(
        key="data_bank",
        name="{place} Data Bank",
        needs=("digital", "money"),
        role="community",
        email="data",
        variants=(
            "Free SIM cards with six months of mobile data, calls and texts for people who can't afford to "
            "stay connected. Just ask at reception – you don't need to bring anything.",
        ),
        timetables=((S(WEEKDAYS, "09:30", "16:30"),), (S("MO,WE,FR", "10:00", "14:00"),)),
        eligibility=Eligibility("Anyone aged 18 or over on a low income.", 18),
    ),
    # legal
    Kind(
        key="legal_clinic",
        name="{place} Free Legal Advice Clinic",
        needs=("legal",),
        role="advice",
        email="legal",
        variants=(
            "Free 20-minute appointments with volunteer solicitors on family, housing, consumer and "
            "employment problems. We can't take on your case, but we can tell you where you stand and what "
            "to do next. Booking essential.",
            "<p>Legal advice clinic {when}.</p><p>Ring to book a slot with a volunteer solicitor. Please "
            "bring any court papers or letters with you.</p>",
        ),
        timetables=((S("1TU,3TU", "18:00", "20:00", freq="MONTHLY"),), (S("TH", "18:00", "20:00"),)),
        eligibility=ADULTS,
    ),
    Kind(
        key="immigration_advice",
        name="{place} Immigration Advice Surgery",
        needs=("legal",),
        role="advice",
        email="immigration",
        variants=(
            "Free, regulated immigration advice on visas, EU Settled Status, family reunion and asylum "
            "support. Interpreters can be arranged – please tell us which language when you book.",
        ),
        timetables=((S("WE", "10:00", "13:00"),),),
        eligibility=Eligibility("Anyone needing immigration advice; appointments preferred."),
        languages=("ar", "fa", "ku", "ur", "zh", "ro"),
    ),
    Kind(
        key="employment_rights",
        name="{place} Employment Rights Drop-in",
        needs=("legal", "employment"),
        role="advice",
        email="workrights",
        variants=(
            "Problems at work? Unpaid wages, unfair dismissal, discrimination or zero-hours contracts – our "
            "advisers will explain your rights and help with ACAS early conciliation and tribunal claims.",
        ),
        timetables=((S("TU", "17:30", "19:30"),),),
        eligibility=ADULTS,
    ),
    Kind(
        key="family_law",
        name="{place} Family Law Advice Evening",
        needs=("legal", "family"),
        role="advice",
        email="familylaw",
        variants=(
            "Free half-hour appointments with a family solicitor on separation, divorce, child "
            "arrangements and family court. Appointments only – ring or email to book.",
        ),
        timetables=((S("-1WE", "18:00", "20:00", freq="MONTHLY"),),),
        eligibility=ADULTS,
    ),
)
KINDS: dict[str, Kind] = {k.key: k for k in _KINDS}


# --- the local services -----------------------------------------------------------------------------------

_CLOSED_FOR_REPAIRS = "Closed while the hall roof is repaired; we hope to reopen in the new year."

ENTRIES: tuple[Entry, ...] = (
    # Tame Valley: Reddish, North Reddish, Brinnington, Bredbury
    Entry("pantry", "Reddish", venue="Reddish Vale Community Hub"),
    Entry("warm_space", "Brinnington", venue="Brinnington Community Centre"),
    Entry("foodbank", "Brinnington"),
    Entry("community_fridge", "North Reddish"),
    Entry("debt_dropin", "Reddish", also="heatons"),
    Entry("benefits_help", "Brinnington"),
    Entry("tenancy_advice", "Brinnington"),
    Entry("energy_advice", "North Reddish"),
    Entry("wellbeing_group", "Brinnington"),
    Entry("mens_shed", "Reddish", venue="Broadstone Road Centre"),
    Entry(
        "knit_natter",
        "Reddish",
        venue="Greg Street Church Hall",
        status="temporarily closed",
        alert=_CLOSED_FOR_REPAIRS,
    ),
    Entry("carers_cafe", "North Reddish"),
    Entry("freedom_programme", "Brinnington"),
    Entry("health_checks", "Brinnington"),
    Entry("recovery_cafe", "Reddish"),
    Entry("job_club", "Brinnington"),
    Entry("esol", "Reddish"),
    Entry("stay_play", "Brinnington", venue="Northumberland Road Family Centre"),
    Entry("youth_club", "Brinnington", venue="Middlesex Road Youth Hub"),
    Entry("holiday_activities", "Reddish"),
    Entry("lunch_club", "North Reddish"),
    Entry("ld_social", "Reddish"),
    Entry("digital_dropin", "Reddish"),
    Entry("data_bank", "Brinnington", venue="Brinnington Precinct Shopfront"),
    Entry("legal_clinic", "Reddish", also="heatons"),
    Entry("cost_of_living_cafe", "Bredbury", also="werneth"),
    Entry("youth_club", "Bredbury"),
    Entry("employment_rights", "Bredbury"),
    # Stockport Central: town centre, Hillgate, Portwood, Offerton, Great Moor, Heaviley
    Entry("foodbank", "Hillgate", venue="Lower Hillgate Mission"),
    Entry("day_centre", "Stockport Town Centre", venue="Princes Street Drop-in"),
    Entry("community_meal", "Hillgate"),
    Entry("tenancy_advice", "Stockport Town Centre"),
    Entry("talking_dropin", "Stockport Town Centre"),
    Entry("da_dropin", "Stockport Town Centre"),
    Entry("recovery_cafe", "Stockport Town Centre", also="victoria"),
    Entry("mutual_aid", "Hillgate"),
    Entry("gambling", "Stockport Town Centre"),
    Entry("job_club", "Stockport Town Centre"),
    Entry("employment_rights", "Stockport Town Centre"),
    Entry("immigration_advice", "Stockport Town Centre", venue="St Petersgate Chambers"),
    Entry("youth_club", "Portwood"),
    Entry("digital_dropin", "Stockport Town Centre"),
    Entry("disability_advice", "Stockport Town Centre"),
    Entry("family_law", "Hillgate"),
    Entry("community_fridge", "Offerton"),
    Entry("warm_space", "Offerton"),
    Entry("mens_shed", "Offerton"),
    Entry("young_carers", "Offerton"),
    Entry("breakfast_club", "Offerton"),
    Entry("data_bank", "Offerton"),
    Entry("damp_clinic", "Heaviley"),
    Entry("lunch_club", "Great Moor"),
    Entry("community_meal", "Great Moor"),
    Entry(
        "cost_of_living_cafe",
        "Heaviley",
        status="temporarily closed",
        alert="Taking a break while we move rooms; back in January. The Edgeley Debt Advice Drop-in is open "
        "as usual.",
    ),
    # The Heatons: Heaton Moor, Heaton Chapel, Heaton Mersey, Heaton Norris
    Entry("carers_cafe", "Heaton Moor", name="Heatons Carers' Café", area="the Heatons"),
    Entry("knit_natter", "Heaton Mersey"),
    Entry("coffee_morning", "Heaton Chapel"),
    Entry("choir", "Heaton Moor"),
    Entry("memory_cafe", "Heaton Moor"),
    Entry("tea_dance", "Heaton Chapel"),
    Entry("silver_surfers", "Heaton Moor"),
    Entry("chair_exercise", "Heaton Mersey"),
    Entry("wellbeing_walk", "Heaton Mersey"),
    Entry("foodbank", "Heaton Norris", also="tame-valley"),
    Entry("pantry", "Heaton Chapel"),
    Entry("warm_space", "Heaton Norris"),
    Entry("baby_group", "Heaton Moor"),
    Entry("dads_group", "Heaton Chapel"),
    Entry("youth_club", "Heaton Norris", venue="Bowerfold Lane Family Centre"),
    Entry("young_carers", "Heaton Norris", name="Heatons Young Carers Club", area="the Heatons"),
    Entry("autism_group", "Heaton Moor"),
    Entry("community_garden", "Heaton Mersey"),
    Entry("families_affected", "Heaton Norris"),
    Entry("esol", "Heaton Chapel"),
    Entry("da_dropin", "Heaton Chapel"),
    Entry("health_checks", "Heaton Chapel"),
    Entry("legal_clinic", "Heaton Moor"),
    # Cheadle: Cheadle, Gatley, Heald Green
    Entry("lunch_club", "Gatley"),
    Entry("memory_cafe", "Cheadle"),
    Entry("knit_natter", "Cheadle"),
    Entry("carers_cafe", "Heald Green", also="bramhall-cheadle-hulme"),
    Entry("dementia_carers", "Gatley"),
    Entry("wellbeing_group", "Cheadle"),
    Entry("bereavement_cafe", "Gatley"),
    Entry("stay_play", "Heald Green"),
    Entry("baby_group", "Cheadle", venue="Councillor Lane Family Centre"),
    Entry("youth_club", "Heald Green"),
    Entry("foodbank", "Cheadle"),
    Entry("community_fridge", "Gatley"),
    Entry("debt_dropin", "Cheadle"),
    Entry("energy_advice", "Heald Green"),
    Entry("digital_dropin", "Gatley"),
    Entry("device_lending", "Cheadle"),
    Entry("inclusive_sport", "Cheadle"),
    Entry("sight_loss", "Heald Green"),
    Entry("health_checks", "Cheadle"),
    Entry("stop_smoking", "Heald Green"),
    Entry("freedom_programme", "Cheadle"),
    Entry("volunteering", "Cheadle"),
    Entry("legal_clinic", "Gatley"),
    Entry("immigration_advice", "Cheadle"),
    # Bramhall and Cheadle Hulme: Bramhall, Pownall Green, Cheadle Hulme, Woodford
    Entry("lunch_club", "Bramhall"),
    Entry("tea_dance", "Bramhall"),
    Entry("chair_exercise", "Cheadle Hulme"),
    Entry("memory_cafe", "Bramhall"),
    Entry("dementia_carers", "Cheadle Hulme", also="cheadle"),
    Entry("carers_cafe", "Bramhall"),
    Entry("befriending", "Cheadle Hulme"),
    Entry("handyperson", "Bramhall", also="hazel-grove-high-lane-marple"),
    Entry("silver_surfers", "Cheadle Hulme"),
    Entry("sight_loss", "Bramhall"),
    Entry("wellbeing_walk", "Woodford"),
    Entry("community_garden", "Woodford"),
    Entry("bereavement_cafe", "Cheadle Hulme"),
    Entry("wellbeing_group", "Bramhall"),
    Entry("stay_play", "Cheadle Hulme"),
    Entry("baby_group", "Bramhall"),
    Entry("youth_club", "Pownall Green"),
    Entry("foodbank", "Cheadle Hulme"),
    Entry("debt_dropin", "Cheadle Hulme"),
    Entry("da_dropin", "Cheadle Hulme"),
    Entry("families_affected", "Bramhall"),
    Entry("volunteering", "Bramhall"),
    Entry("family_law", "Cheadle Hulme"),
    Entry("ld_social", "Pownall Green"),
    # Hazel Grove, High Lane and Marple: Hazel Grove, High Lane, Marple, Marple Bridge, Rose Hill
    Entry("mens_shed", "Marple", venue="Church Lane Workshop"),
    Entry("lunch_club", "Marple Bridge"),
    Entry("knit_natter", "High Lane"),
    Entry("tea_dance", "Hazel Grove"),
    Entry("memory_cafe", "Marple"),
    Entry("carers_cafe", "Hazel Grove"),
    Entry("young_carers", "Hazel Grove", also="victoria"),
    Entry("befriending", "High Lane"),
    Entry("handyperson", "Marple"),
    Entry("foodbank", "Hazel Grove"),
    Entry("pantry", "Rose Hill"),
    Entry("warm_space", "Hazel Grove"),
    Entry("debt_dropin", "Hazel Grove"),
    Entry("energy_advice", "Marple"),
    Entry("wellbeing_walk", "Marple Bridge"),
    Entry("choir", "Marple"),
    Entry("community_garden", "Rose Hill"),
    Entry("stay_play", "Hazel Grove"),
    Entry("youth_club", "Marple"),
    Entry("mutual_aid", "Hazel Grove"),
    Entry("freedom_programme", "Hazel Grove"),
    Entry("digital_dropin", "High Lane"),
    Entry("inclusive_sport", "Hazel Grove"),
    Entry("job_club", "Hazel Grove"),
    Entry("autism_group", "Marple"),
    # Werneth: Romiley, Woodley, Bredbury Green
    Entry("foodbank", "Bredbury Green"),
    Entry("pantry", "Woodley"),
    Entry("community_meal", "Romiley"),
    Entry("warm_space", "Woodley"),
    Entry("debt_dropin", "Romiley"),
    Entry("benefits_help", "Woodley"),
    Entry("wellbeing_group", "Romiley"),
    Entry("talking_dropin", "Bredbury Green"),
    Entry("carers_cafe", "Romiley"),
    Entry("memory_cafe", "Bredbury Green"),
    Entry("lunch_club", "Woodley"),
    Entry("chair_exercise", "Romiley"),
    Entry("knit_natter", "Woodley"),
    Entry("stay_play", "Woodley"),
    Entry("youth_club", "Woodley"),
    Entry("dads_group", "Romiley"),
    Entry("holiday_activities", "Bredbury Green", also="tame-valley"),
    Entry("job_club", "Bredbury Green"),
    Entry("digital_dropin", "Romiley"),
    Entry("disability_advice", "Romiley"),
    Entry("inclusive_sport", "Romiley"),
    Entry("healthy_relationships", "Bredbury Green"),
    Entry("gambling", "Woodley"),
    Entry("wellbeing_walk", "Romiley"),
    # Victoria: Edgeley, Cheadle Heath, Davenport, Woodsmoor
    Entry("debt_dropin", "Edgeley", venue="Edgeley Community Hub"),
    Entry("foodbank", "Cheadle Heath"),
    Entry("pantry", "Cheadle Heath"),
    Entry("warm_space", "Edgeley"),
    Entry("tenancy_advice", "Edgeley"),
    Entry("bereavement_cafe", "Edgeley"),
    Entry("newcomers", "Edgeley"),
    Entry("stay_play", "Edgeley", venue="Grenville Street Family Centre"),
    Entry("youth_club", "Edgeley"),
    Entry("stop_smoking", "Edgeley"),
    Entry("health_checks", "Edgeley"),
    Entry("families_affected", "Edgeley"),
    Entry("volunteering", "Edgeley"),
    Entry("coffee_morning", "Cheadle Heath", also="cheadle"),
    Entry("uniform_swap", "Cheadle Heath"),
    Entry("wellbeing_group", "Davenport"),
    Entry("tea_dance", "Davenport"),
    Entry("silver_surfers", "Davenport"),
    Entry("memory_cafe", "Davenport"),
    Entry("legal_clinic", "Davenport", also="stockport-central"),
    Entry("lunch_club", "Woodsmoor"),
    Entry("carers_cafe", "Woodsmoor"),
    Entry("chair_exercise", "Woodsmoor"),
    Entry("autism_group", "Woodsmoor"),
)


# --- borough-wide services (fictional) --------------------------------------------------------------------

_COUNCIL = Org(
    "Stockport Council",
    "The local authority for the borough of Stockport. In this sample its services and numbers are invented.",
    website="https://example.org/stockport-council",
    email="stockport-council@example.org",
)
_CARERS_CENTRE = Org(
    "Stockport Borough Carers' Centre",
    "An independent charity supporting unpaid carers of all ages across Stockport since 1994.",
)
_TALKING = Org(
    "Mersey Vale Talking Therapies",
    "An NHS talking therapies service for adults in Stockport with anxiety, depression and stress.",
)
_MH_PARTNERSHIP = Org(
    "Stockport Mental Health Partnership",
    "Local mental health charities and the NHS working together on crisis and recovery support.",
)
_SAFER_HOMES = Org(
    "Safer Homes Stockport",
    "The borough's specialist domestic abuse charity: helpline, outreach, refuge and independent advocates.",
)
_RECOVERY = Org(
    "Stockport Recovery Partnership",
    "The borough's drug and alcohol service for adults and young people, run by NHS and charity partners.",
)
_WEEKDAY_OFFICE = (S(WEEKDAYS, "09:00", "17:00", attending=_PHONE),)
_ALWAYS = S(EVERY_DAY, "00:00", "23:59", description="24 hours a day, every day", attending=_PHONE)
_FREE_CALL = Cost("Free", 0, "Free to call from landlines and mobiles")
_LOCAL_RATE = Cost("Free", 0, "Free service; calls cost the same as a local call and are often in bundles")

BOROUGH: tuple[Fixed, ...] = (
    Fixed(
        "Stockport Welfare Rights Advice Line",
        _COUNCIL,
        "borough",
        ("money", "legal"),
        "<p>Specialist advice on benefits for Stockport residents, including help to challenge decisions "
        "and represent you at tribunal.</p><p>Ring the advice line first; we can arrange a home visit "
        "if you can't get out.</p>",
        (("0161 496 0900", "voice", None),),
        (S("MO,TU,WE,TH", "09:00", "16:30", attending=_PHONE), S("FR", "09:00", "16:00", attending=_PHONE)),
        Eligibility("Stockport residents; self-referral or referral by a professional.", 16),
        (FREE,),
        url="https://example.org/stockport-council/welfare-rights",
        email="welfare.rights@example.org",
    ),
    Fixed(
        "Stockport Housing Options and Homelessness Advice",
        _COUNCIL,
        "borough",
        ("housing",),
        "If you are homeless, or might lose your home in the next two months, contact Housing Options as "
        "early as you can. Outside office hours, ring the emergency line if you have nowhere safe to stay "
        "tonight.",
        (
            ("0161 496 0901", "voice", "Office hours"),
            (
                "0161 496 0999",
                "voice",
                "Out-of-hours emergency line: only if you have nowhere to stay tonight",
            ),
        ),
        (S(WEEKDAYS, "09:00", "17:00", description="Office and drop-in"), _ALWAYS),
        Eligibility("Anyone in Stockport who is homeless or at risk of homelessness."),
        (FREE,),
        url="https://example.org/stockport-council/housing-options",
        email="housing.options@example.org",
        venue="St Petersgate Chambers",
    ),
    Fixed(
        "Stockport Family Hubs Information Line",
        _COUNCIL,
        "borough",
        ("family",),
        "One number for family support across the borough: baby and toddler groups, parenting courses, "
        "infant feeding help, SEND advice and early help when things get tough. We'll tell you what's on "
        "at your nearest family hub.",
        (("0161 496 0902", "voice", None),),
        _WEEKDAY_OFFICE,
        Eligibility("Families with children and young people aged 0 to 19 (up to 25 with SEND).", 0, 25),
        (FREE,),
        url="https://example.org/stockport-council/family-hubs",
        email="family.hubs@example.org",
        languages=("en", "pl", "ur", "ar"),
    ),
    Fixed(
        "Stockport Crisis Support Fund",
        _COUNCIL,
        "borough",
        ("money", "food", "energy"),
        "Emergency help if you can't afford food, energy or essential items: supermarket vouchers, energy "
        "top-ups and help with things like a cooker or bed. Apply by phone or through an advice worker.",
        (("0161 496 0903", "voice", None),),
        (S(WEEKDAYS, "10:00", "16:00", attending=_PHONE),),
        Eligibility("Stockport residents on a low income facing an emergency.", 16),
        (FREE,),
        url="https://example.org/stockport-council/crisis-support",
    ),
    Fixed(
        "Stockport Carers' Advice Line",
        _CARERS_CENTRE,
        "borough",
        ("carers",),
        "<p>Information, advice and a listening ear for anyone looking after a family member, partner or "
        "friend.</p><p>We can arrange a <strong>carer's assessment</strong>, a carers' emergency card and "
        "short breaks, and help with Carer's Allowance.</p>",
        (("0161 496 0904", "voice", None),),
        (
            S(WEEKDAYS, "09:00", "17:00"),
            S("TH", "17:00", "19:00", description="Late line for working carers", attending=_PHONE),
        ),
        Eligibility("Unpaid carers aged 18 and over in Stockport.", 18),
        (FREE,),
        email="carers.advice@example.org",
        venue="Warren Street Hub",
    ),
    Fixed(
        "Stockport Young Carers Service",
        _CARERS_CENTRE,
        "borough",
        ("carers", "family"),
        "Support for children and young people who help look after someone at home: one-to-one support, "
        "clubs in each area, trips and help talking to school.",
        (("0161 496 0905", "voice", None), ("07700 900900", "sms", "Text us")),
        _WEEKDAY_OFFICE,
        Eligibility("Young carers aged 8 to 17 living in Stockport.", 8, 17),
        (FREE,),
    ),
    Fixed(
        "Mersey Vale Talking Therapies",
        _TALKING,
        "borough",
        ("mental-health",),
        "Free NHS talking therapies for common problems like anxiety, depression, panic and stress. You can "
        "refer yourself by phone or online; you don't need to see your GP first. Sessions by phone, video "
        "or face to face.",
        (("0161 496 0906", "voice", None),),
        (
            S(WEEKDAYS, "08:30", "17:00", attending=_PHONE),
            S("TU,WE", "17:00", "20:00", description="Evening appointments", attending="online"),
        ),
        Eligibility("Adults aged 16 and over registered with a Stockport GP.", 16),
        (FREE,),
        url="https://example.org/mersey-vale-talking-therapies",
        languages=("en", "pl", "ur", "bn"),
    ),
    Fixed(
        "Stockport Safe Haven",
        _MH_PARTNERSHIP,
        "borough",
        ("mental-health",),
        "An evening crisis café for adults in emotional distress, as a calmer alternative to A&E. Talk to "
        "mental health workers and peer supporters in a quiet, friendly space. Just turn up, or ring ahead.",
        (("0161 496 0907", "voice", None),),
        (S(EVERY_DAY, "18:00", "23:00"),),
        Eligibility("Adults aged 18 and over in emotional distress.", 18),
        (FREE,),
        venue="Mersey Square Community Rooms",
    ),
    Fixed(
        "Safer Homes Stockport Domestic Abuse Support",
        _SAFER_HOMES,
        "borough",
        ("domestic-abuse", "housing"),
        "<p>Confidential support for anyone experiencing domestic abuse: safety planning, independent "
        "domestic violence advisers, refuge places and help through court.</p><p>Outside these hours call "
        "the National Domestic Abuse Helpline on 0808 2000 247. <strong>In an emergency always call 999."
        "</strong></p>",
        (
            ("0808 157 0100", "voice", "Freephone"),
            ("07700 900901", "sms", "Text us if it's not safe to talk"),
        ),
        (S(WEEKDAYS, "09:00", "17:00", attending=_PHONE),),
        Eligibility("Anyone aged 16 or over experiencing domestic abuse, and people worried about them.", 16),
        (FREE,),
        languages=("en", "ur", "pl", "ar", "pa"),
    ),
    Fixed(
        "Stockport Drug and Alcohol Service",
        _RECOVERY,
        "borough",
        ("substance-use",),
        "Free, confidential help to cut down or stop drinking or using drugs: assessments, prescribing, "
        "detox, counselling and peer support. Refer yourself by phone or walk in.",
        (("0161 496 0908", "voice", None),),
        (S(WEEKDAYS, "09:00", "17:00"), S("TH", "17:00", "19:00", description="Late walk-in clinic")),
        Eligibility("Adults aged 18 and over living in Stockport.", 18),
        (FREE,),
        venue="Hillgate Community Centre",
    ),
    Fixed(
        "Stockport Young People's Substance Service",
        _RECOVERY,
        "borough",
        ("substance-use", "family"),
        "Non-judgemental support for young people worried about their own or someone else's drinking or "
        "drug use. We meet you at school, at home or somewhere you choose.",
        (("0161 496 0909", "voice", None), ("07700 900902", "sms", None)),
        _WEEKDAY_OFFICE,
        Eligibility("Young people aged 11 to 24.", 11, 24),
        (FREE,),
    ),
    Fixed(
        "Warm Homes Stockport",
        Org(
            "Stockport Energy Advice Partnership",
            "Charities and the council helping Stockport households with energy bills and cold, damp homes.",
        ),
        "borough",
        ("energy", "housing"),
        "Free energy advice by phone and home visits for people who struggle to heat their home: help with "
        "bills and debts, grants for insulation and boiler repairs, and the Priority Services Register.",
        (("0808 157 0101", "voice", "Freephone"),),
        _WEEKDAY_OFFICE,
        Eligibility("Stockport households; home visits for older, disabled or vulnerable residents."),
        (FREE,),
    ),
    Fixed(
        "Get Online Stockport Helpline",
        Org(
            "Stockport Digital Inclusion Network",
            "Libraries, charities and volunteers helping everyone in Stockport get online safely.",
        ),
        "borough",
        ("digital",),
        "Not sure where to start with getting online? Ring us and we'll find you free help nearby, a "
        "device to borrow or free data, and patient volunteers who can help over the phone.",
        (("0161 496 0910", "voice", None),),
        (S(WEEKDAYS, "10:00", "16:00", attending=_PHONE),),
        Eligibility("Anyone living in Stockport."),
        (FREE,),
    ),
    Fixed(
        "Stockport Dial-a-Ride",
        Org(
            "Stockport Community Transport",
            "A community transport charity with accessible minibuses for people who can't use buses easily.",
        ),
        "borough",
        ("older-people", "disability"),
        "Door-to-door accessible minibus for shopping, appointments and social groups. Book at least a day "
        "ahead. Drivers will help you from your front door to the bus.",
        (("0161 496 0911", "voice", "Bookings"),),
        (S(WEEKDAYS, "09:00", "15:00", description="Booking line", attending=_PHONE),),
        Eligibility(
            "Stockport residents who find it hard to use public transport because of age or disability."
        ),
        (Cost("Single journey", 3, "£3 per single journey; bus pass holders £1.50"),),
    ),
    Fixed(
        "Stockport Disability Information Service",
        Org(
            "Stockport Disability Partnership",
            "A user-led organisation run by and for disabled people in Stockport.",
        ),
        "borough",
        ("disability", "money"),
        "Information and advice from disabled people for disabled people: benefits, equipment, blue badges, "
        "accessible housing, and your rights under the Equality Act.",
        (("0161 496 0912", "voice", None), ("0161 496 0913", "textphone", None)),
        (S("MO,TU,WE,TH", "10:00", "15:00", attending=_PHONE),),
        Eligibility("Disabled people, their families and carers in Stockport."),
        (FREE,),
        languages=("en",),
    ),
    Fixed(
        "Work and Skills Stockport",
        _COUNCIL,
        "borough",
        ("employment",),
        "Free one-to-one support to find work, training or an apprenticeship, including help for people "
        "with health conditions who want to return to work.",
        (("0161 496 0914", "voice", None),),
        _WEEKDAY_OFFICE,
        Eligibility("Stockport residents aged 16 and over who are out of work or want a better job.", 16),
        (FREE,),
        url="https://example.org/stockport-council/work-and-skills",
    ),
    Fixed(
        "Stockport Independent Advocacy",
        Org(
            "Stockport Advocacy Collective",
            "Independent advocates helping people speak up about their care, treatment and rights.",
        ),
        "borough",
        ("disability", "mental-health", "legal"),
        "Independent advocates who help you have your say in decisions about your care, treatment or "
        "safeguarding, including statutory advocacy under the Care Act and Mental Health Act.",
        (("0161 496 0915", "voice", None),),
        _WEEKDAY_OFFICE,
        Eligibility(
            "Adults in Stockport who need support to speak up; referral by self or professional.", 18
        ),
        (FREE,),
    ),
)


# --- national services (real; check them before each release) ---------------------------------------------

_AGE_UK = Org(
    "Age UK",
    "The national charity for older people, which also runs The Silver Line Helpline.",
    website="https://www.ageuk.org.uk",
)
_MIND = Org(
    "Mind",
    "The national mental health charity for England and Wales.",
    website="https://www.mind.org.uk",
    email="info@mind.org.uk",
)
_EVERYONE_NATIONAL = Eligibility("Anyone in England.")

NATIONAL: tuple[Fixed, ...] = (
    Fixed(
        "Samaritans",
        Org(
            "Samaritans",
            "A charity giving emotional support to anyone who is struggling to cope.",
            website="https://www.samaritans.org",
            email="jo@samaritans.org",
        ),
        "national",
        ("mental-health",),
        "Whatever you're going through, you can call Samaritans any time, day or night, free from any phone. "
        "They listen without judging and won't tell you what to do.",
        (("116 123", "voice", "Free from any phone, 24 hours a day, 365 days a year"),),
        (_ALWAYS,),
        Eligibility("Anyone who is struggling to cope."),
        (_FREE_CALL,),
        url="https://www.samaritans.org",
        email="jo@samaritans.org",
    ),
    Fixed(
        "Shout",
        Org(
            "Mental Health Innovations",
            "The charity that runs Shout, the UK's 24/7 text support service.",
            website="https://giveusashout.org",
        ),
        "national",
        ("mental-health",),
        "A free, confidential text service for anyone who is struggling to cope. Text SHOUT to 85258 to "
        "talk by text with a trained volunteer, any time of day or night.",
        (("85258", "sms", "Text SHOUT to 85258"),),
        (S(EVERY_DAY, "00:00", "23:59", description="24 hours a day, every day", attending="text"),),
        Eligibility("Anyone in the UK who needs support."),
        (Cost("Free", 0, "Free to text on major UK mobile networks"),),
        url="https://giveusashout.org",
    ),
    Fixed(
        "National Domestic Abuse Helpline",
        Org(
            "Refuge",
            "The charity that runs the National Domestic Abuse Helpline for England.",
            website="https://refuge.org.uk",
        ),
        "national",
        ("domestic-abuse",),
        "Free, confidential support 24 hours a day for anyone experiencing domestic abuse, and for friends, "
        "family and professionals worried about someone. Interpreters and a BSL service are available.",
        (("0808 2000 247", "voice", "Freephone, 24 hours a day"),),
        (_ALWAYS,),
        Eligibility("Anyone experiencing domestic abuse, or worried about someone who is."),
        (_FREE_CALL,),
        url="https://www.nationaldahelpline.org.uk",
    ),
    Fixed(
        "NHS 111",
        Org("NHS England", "The National Health Service in England.", website="https://www.nhs.uk"),
        "national",
        ("health",),
        "Urgent medical help or advice when it's not a life-threatening emergency. Call 111 or use 111 "
        "online. If you need urgent help for your mental health, call 111 and choose the mental health "
        "option. In an emergency, call 999.",
        (("111", "voice", "Free from landlines and mobiles, 24 hours a day"),),
        (_ALWAYS,),
        _EVERYONE_NATIONAL,
        (_FREE_CALL,),
        url="https://111.nhs.uk",
    ),
    Fixed(
        "Shelter Emergency Helpline",
        Org("Shelter", "The housing and homelessness charity.", website="https://england.shelter.org.uk"),
        "national",
        ("housing",),
        "Free emergency advice if you're homeless, about to lose your home, or at risk of harm where you "
        "live. Expert housing advisers can tell you your rights and what the council must do.",
        (("0808 800 4444", "voice", "Freephone"),),
        (S(WEEKDAYS, "08:00", "20:00", attending=_PHONE), S("SA,SU", "09:00", "17:00", attending=_PHONE)),
        Eligibility("Anyone in England with an urgent housing problem."),
        (_FREE_CALL,),
        url="https://england.shelter.org.uk/get_help",
    ),
    Fixed(
        "Citizens Advice Adviceline",
        Org(
            "Citizens Advice",
            "Free, confidential, impartial advice on money, legal, consumer and other problems.",
            website="https://www.citizensadvice.org.uk",
        ),
        "national",
        ("money", "legal"),
        "Free, confidential advice by phone on benefits, debt, housing, work, consumer problems and your "
        "legal rights. If you're deaf, hard of hearing or have speech difficulties, use Relay UK.",
        (
            ("0800 144 8848", "voice", "Adviceline (England)"),
            ("18001 0800 144 8884", "textphone", "Relay UK"),
        ),
        (S(WEEKDAYS, "09:00", "17:00", attending=_PHONE),),
        _EVERYONE_NATIONAL,
        (_FREE_CALL,),
        url="https://www.citizensadvice.org.uk",
    ),
    Fixed(
        "Childline",
        Org("NSPCC", "The children's charity that runs Childline.", website="https://www.nspcc.org.uk"),
        "national",
        ("family",),
        "Free, confidential support for children and young people about anything that's worrying them. "
        "Call 0800 1111, or talk to a counsellor online at childline.org.uk. The call won't show up on "
        "your phone bill.",
        (("0800 1111", "voice", "Free, and won't show on the phone bill"),),
        (_ALWAYS,),
        Eligibility("Children and young people up to their 19th birthday.", None, 18),
        (_FREE_CALL,),
        url="https://www.childline.org.uk",
    ),
    Fixed(
        "National Debtline",
        Org(
            "Money Advice Trust",
            "The charity that runs National Debtline.",
            website="https://www.moneyadvicetrust.org",
        ),
        "national",
        ("money",),
        "Free, independent debt advice by phone and online. Advisers help you work out a budget, deal with "
        "creditors and choose the right debt solution.",
        (("0808 808 4000", "voice", "Freephone"),),
        (S(WEEKDAYS, "09:00", "20:00", attending=_PHONE), S("SA", "09:30", "13:00", attending=_PHONE)),
        Eligibility("Anyone in England, Wales or Scotland with debt problems."),
        (_FREE_CALL,),
        url="https://nationaldebtline.org",
    ),
    Fixed(
        "Age UK Advice Line",
        _AGE_UK,
        "national",
        ("older-people",),
        "Free, confidential information and advice for older people, their families, friends and carers: "
        "money and benefits, care, housing, health and more. Open every day of the year.",
        (("0800 678 1602", "voice", "Freephone"),),
        (S(EVERY_DAY, "08:00", "19:00", attending=_PHONE),),
        Eligibility("Older people, their families, friends and carers."),
        (_FREE_CALL,),
        url="https://www.ageuk.org.uk/services/age-uk-advice-line/",
    ),
    Fixed(
        "Carers UK Helpline",
        Org("Carers UK", "The national charity for unpaid carers.", website="https://www.carersuk.org"),
        "national",
        ("carers",),
        "Expert information and advice for unpaid carers on benefits, carer's assessments, work and "
        "practical support.",
        (("0808 808 7777", "voice", "Freephone"),),
        (S(WEEKDAYS, "09:00", "18:00", attending=_PHONE),),
        Eligibility("Unpaid carers and the people supporting them."),
        (_FREE_CALL,),
        url="https://www.carersuk.org/help-and-advice/",
    ),
    Fixed(
        "Mind Infoline",
        _MIND,
        "national",
        ("mental-health",),
        "Information about mental health problems, treatments, your rights and where to get help near you. "
        "An information service, not a crisis line.",
        (("0300 123 3393", "voice", None),),
        (S(WEEKDAYS, "09:00", "18:00", attending=_PHONE),),
        _EVERYONE_NATIONAL,
        (_LOCAL_RATE,),
        url="https://www.mind.org.uk/information-support/helplines/",
        email="info@mind.org.uk",
    ),
    Fixed(
        "Mind Support Line",
        _MIND,
        "national",
        ("mental-health",),
        "A listening line for emotional support when you're struggling with your mental health, and help "
        "finding support near you. Not a crisis line.",
        (("0300 102 1234", "voice", None),),
        (S(WEEKDAYS, "09:00", "18:00", attending=_PHONE),),
        _EVERYONE_NATIONAL,
        (_LOCAL_RATE,),
        url="https://www.mind.org.uk/information-support/helplines/",
    ),
    Fixed(
        "FRANK",
        Org(
            "FRANK",
            "The national drugs advice service, funded by the UK government.",
            website="https://www.talktofrank.com",
        ),
        "national",
        ("substance-use",),
        "Honest, confidential information about drugs and alcohol and where to get help, for you or someone "
        "you're worried about. Call or text any time.",
        (("0300 123 6600", "voice", None), ("82111", "sms", "Text a question")),
        (_ALWAYS,),
        Eligibility("Anyone in the UK."),
        (_LOCAL_RATE,),
        url="https://www.talktofrank.com",
    ),
    Fixed(
        "The Silver Line Helpline",
        _AGE_UK,
        "national",
        ("loneliness", "older-people"),
        "A free, confidential helpline for older people, open every day and night of the year. Call for a "
        "friendly chat, for information, or to be matched with a regular telephone friend.",
        (("0800 4 70 80 90", "voice", "Freephone, 24 hours a day"),),
        (_ALWAYS,),
        Eligibility("People aged 55 and over.", 55),
        (_FREE_CALL,),
        url="https://www.thesilverline.org.uk",
    ),
)


# --- local touches ---------------------------------------------------------------------------------------

# One of these (or none) ends each local description, so services of the same kind don't read identically.
CLOSERS: tuple[str, ...] = (
    "You'll find us at {venue} on {street}.",
    "First time? Just ask for {volunteer} at the door.",
    "We're a small team of volunteers from {place} and we'd love to meet you.",
    "Use the side entrance – there's a sign on the gate.",
    "Please tell us in advance if you have any access needs and we'll sort it.",
    "Everyone is welcome, whatever your background.",
    "Can't make it in person? Give us a ring and we'll do what we can.",
    "We've been running since {year} and we're still going strong.",
    "Look out for the banner outside {venue}.",
    "Buses along {street} stop just outside.",
)
VOLUNTEERS: tuple[str, ...] = (
    "Jan", "Mo", "Kath", "Dev", "Sue", "Tariq", "Gosia", "Lynne", "Ade", "Bernie", "Priya", "Dave", "Shaz",
    "Irena", "Col", "Nasreen",
)  # fmt: skip
