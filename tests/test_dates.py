"""Event-date resolution against a fixed publication date (2025-11-28, a Friday)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.dates import DateResolution, resolve_event_date

PUB = "2025-11-28"  # a Friday


@pytest.mark.parametrize(
    ("sentence", "kw", "expected"),
    [
        ("The envoys met on Thursday in Oslo.", {}, ("2025-11-27", "day", None)),
        ("The envoys will meet on Thursday.", {"tense": "future"}, ("2025-12-04", "day", None)),
        ("The envoys met on Friday.", {}, ("2025-11-28", "day", None)),
        ("Rebels attacked the town last weekend.", {}, ("2025-11-22", "day", "2025-11-23")),
        ("Troops withdrew yesterday.", {}, ("2025-11-27", "day", None)),
        ("The minister resigned today.", {}, ("2025-11-28", "day", None)),
        ("Jets struck the depot overnight.", {}, ("2025-11-28", "day", None)),
        ("Talks began earlier this week.", {}, ("2025-11-24", "day", "2025-11-27")),
        ("A bomb exploded last week.", {}, ("2025-11-17", "day", "2025-11-23")),
        ("The deal was signed last month.", {}, ("2025-10", "month", None)),
        ("Prices rose this month.", {}, ("2025-11", "month", None)),
        ("The summit is due next month.", {}, ("2025-12", "month", None)),
        ("Trade doubled last year.", {}, ("2024", "year", None)),
        ("Elections are due next year.", {}, ("2026", "year", None)),
        ("The next session will be held in 2026.", {}, ("2026", "year", None)),
        ("In 2012 the group shot a schoolgirl.", {}, ("2012", "year", None)),
        ("The ministers met in March.", {}, ("2025-03", "month", None)),
        ("The ministers met on March 3.", {}, ("2025-03-03", "day", None)),
        ("The commission sat from Nov. 25–27 in Lima.", {}, ("2025-11-25", "day", "2025-11-27")),
        ("The session was held between 25-27 November, 2025.", {}, ("2025-11-25", "day", "2025-11-27")),
        ("They met in Quito, April 17, 2025.", {}, ("2025-04-17", "day", None)),
        ("Attacks have grown since late 2024.", {}, ("2024", "year", "2025")),
        ("The movement was born in the early 1990s.", {}, ("1990", "year", "1993")),
    ],
)
def test_expressions(sentence, kw, expected):
    res = resolve_event_date(sentence, PUB, **kw)
    assert (res.date, res.precision, res.end) == expected
    assert res.source == "text" and res.expression


def test_historical_and_future_flags():
    assert resolve_event_date("The group was formed in 2007.", PUB).historical
    assert resolve_event_date("in the 1990s", PUB).historical
    assert resolve_event_date("Trade doubled last year.", PUB).historical
    assert not resolve_event_date("The envoys met on Thursday.", PUB).historical
    assert resolve_event_date("The summit is due next month.", PUB).future
    assert resolve_event_date("It will be held in 2026.", PUB).future
    assert not resolve_event_date("Attacks have grown since late 2024.", PUB).historical


def test_reporting_date_is_not_the_event_date():
    res = resolve_event_date("Officials said on Friday that jets struck depots last weekend.", PUB)
    assert res.expression == "last weekend" and res.date == "2025-11-22"


def test_trigger_picks_nearest_expression():
    text = "After talks on Monday, the sides signed the deal on Wednesday."
    res = resolve_event_date(text, PUB, trigger=text.index("signed"))
    assert res.date == "2025-11-26"


def test_no_expression_falls_back_to_publication_date():
    res = resolve_event_date("The sides agreed to cooperate.", PUB)
    assert res == DateResolution("2025-11-28", "day", "published")
    res = resolve_event_date("The sides agreed to cooperate.", "2025-11", "month")
    assert (res.date, res.precision, res.source) == ("2025-11", "month", "published")


def test_without_publication_date_never_today():
    today = date.today().isoformat()
    for text in ("They met on Thursday.", "They met yesterday.", "No date at all.", "Talks began last week."):
        res = resolve_event_date(text, None)
        assert res.date is None and res.source == "none" and res.date != today
    res = resolve_event_date("They met on April 17, 2025.", None)
    assert (res.date, res.source) == ("2025-04-17", "text")


def test_year_of_a_bare_month_day_near_new_year():
    res = resolve_event_date("The attack on Dec. 30 killed five.", "2026-01-02")
    assert res.date == "2025-12-30" and not res.future


def test_bad_published_value_is_ignored():
    res = resolve_event_date("They met on Thursday.", "not a date")
    assert res.date is None and res.source == "none"


def test_relative_days_are_no_finer_than_a_month_precision_publication_date():
    from eventwire.dates import resolve_event_date

    res = resolve_event_date("The talks were held on Thursday.", "2025-11", "month")
    assert (res.date, res.precision, res.source) == ("2025-11", "month", "text")
    assert resolve_event_date("The talks were held on Thursday.", "2025-11-28", "day").precision == "day"
    assert resolve_event_date("Troops left three years ago.", "2025", "year").precision == "year"


def test_an_event_named_by_its_year_dates_the_act():
    # "in the 1967 Six-Day War": background history, not the publication day
    s = "Israel took the heights in the 1967 war with its neighbours."
    res = resolve_event_date(s, "2019-11-19", "day", trigger=s.index("took"))
    assert (res.date, res.precision, res.historical) == ("1967", "year", True)
    s = "The striker scored twice in the 2019 season opener."
    res = resolve_event_date(s, "2019-11-19", "day", trigger=s.index("scored"))
    assert res.source == "published"


@pytest.mark.parametrize(
    ("sentence", "kw", "expected"),
    [
        # "last May" is the latest May before the publication month: a year back when it is May or later
        ("He killed her last May in Albany.", {}, "2025-05"),
        ("The trial opened last November.", {}, "2024-11"),
        ("The trial opens next March.", {"tense": "future"}, "2026-03"),
        ("The trial opens next December.", {"tense": "future"}, "2025-12"),
    ],
)
def test_last_and_next_month(sentence, kw, expected):
    res = resolve_event_date(sentence, PUB, **kw)
    assert (res.date, res.precision) == (expected, "month")


@pytest.mark.parametrize(
    "sentence, trigger, expected",
    [
        # coder 0.5.31: a year before the event noun dates that event
        ("Protests ended with a 1995 crackdown by city officials.", "crackdown", ("1995", "text", True)),
        (
            "He served a life term for a 1998 aggravated sexual assault conviction.",
            "conviction",
            ("1998", "text", True),
        ),
        ("The police recalled his 2019 arrest in Lagos.", "arrest", ("2019", "text", True)),
        # not a year that names something else: the act is the news
        ("Russia violated the 1987 INF treaty, NATO said.", "violated", ("2025-06-13", "published", False)),
        (
            "Rebels attacked the 2010 World Cup stadium in the city.",
            "attacked",
            ("2025-06-13", "published", False),
        ),
    ],
)
def test_a_year_before_the_event_noun_dates_it(sentence, trigger, expected):
    res = resolve_event_date(sentence, "2025-06-13", "day", trigger=sentence.index(trigger))
    assert (res.date, res.source, res.historical) == expected, res


def test_days_between_iso_dates_of_any_precision():
    from eventwire.dates import days_between

    assert days_between("2025-06-01", "2025-06-13") == 12
    assert days_between("2024", "2025-01-01") == 366  # a year counts from its first day
    assert days_between("2011-10", "2011-11-05") == 35
    assert days_between("not a date", "2025-06-13") is None


def test_a_past_act_is_not_dated_after_the_story():
    # "ordered him held ... pending his next court hearing April 19": the hearing's date, not the order's
    text = "The judge ordered him held without bond pending his next court hearing April 19."
    res = resolve_event_date(text, "2007-04-12", tense="past", trigger=text.index("ordered"))
    assert (res.date, res.source) == ("2007-04-12", "published")
    # a future act keeps it, and a past act keeps a past date of its sentence
    res = resolve_event_date("The court will hear the case on April 19.", "2007-04-12", tense="future")
    assert res.date == "2007-04-19"
    res = resolve_event_date(
        "He was arrested on April 9, pending a hearing on April 19.", "2007-04-12", tense="past"
    )
    assert res.date == "2007-04-09"
