"""The pure rules behind pairs: command words, channel names, CSV rows, agreement parts."""

from datetime import UTC, datetime, timedelta

from bot.domain.ages import Age, age
from bot.domain.agreement import check_goals, check_mentee_part, check_mentor_part, combine
from bot.domain.channel_names import MAX_LENGTH, base_name, candidates, slug
from bot.domain.csv_rows import (
    FileProblem,
    Person,
    Problem,
    Row,
    RowProblem,
    check_people,
    read_csv,
)
from bot.domain.paging import page_of
from bot.domain.pair_args import ArgsProblem, ArgsRefusal, PairArgs, has_mentions, parse_pair_args
from bot.domain.pausing import UNTIL_RESUMED, PauseFor, PauseProblem, parse_pause, paused_until
from bot.domain.program import ProgramChoice, check_program

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def test_pair_arguments() -> None:
    assert parse_pair_args(("<@U1|a>", "<@U2>"), allow_channel=True) == PairArgs("U1", "U2")
    assert parse_pair_args(("<@U1>", "<@U2>", "<#C9|x>"), allow_channel=True) == PairArgs(
        "U1", "U2", "C9"
    )
    assert parse_pair_args(("<@U1>", "<@U2>", "<#C9>"), allow_channel=False) == ArgsRefusal(
        ArgsProblem.USAGE
    )
    assert parse_pair_args(("<@U1>", "<!here>"), allow_channel=True) == ArgsRefusal(
        ArgsProblem.NOT_A_USER, "<!here>"
    )
    same = parse_pair_args(("<@U1>", "<@U1|again>"), allow_channel=True)
    assert same == ArgsRefusal(ArgsProblem.SAME_PERSON, "<@U1>")
    assert has_mentions(("<@U1>",)) and has_mentions(("@ana",)) and not has_mentions(("2", "weeks"))


def test_channel_names_follow_slacks_rules() -> None:
    assert slug("Zoë O'Brien") == "zoe-obrien"
    assert slug("山田 太郎") == ""
    assert base_name("Ana Lima", "U1", "山田", "UYAMADA1") == "mentoring-ana-lima-uyamada1"
    long = base_name("a" * 60, "U1", "b" * 60, "U2")
    names = list(candidates(long, tries=12))
    assert all(len(n) <= MAX_LENGTH for n in names)
    assert names[0] == "mentoring-" + "a" * 30 + "-" + "b" * 30
    assert names[1].endswith("-2") and names[11].endswith("-12")


def test_csv_shape_is_checked_row_by_row() -> None:
    parsed = read_csv(
        "\ufeffMentor_Email, Mentee_Email\n"
        "ana@example.com,BEN@example.com,\n"
        "\n"
        "not-an-email,ben@example.com\n"
        "ana@example.com\n"
        "cal@example.com,cal@example.com\n"
    )
    assert not isinstance(parsed, FileProblem)
    assert parsed.kind == "email"
    assert parsed.rows == [Row(2, "ana@example.com", "ben@example.com")]
    assert parsed.problems == [
        Problem(4, RowProblem.BAD_EMAIL, "not-an-email"),
        Problem(5, RowProblem.COLUMNS, "1"),
        Problem(6, RowProblem.SAME_PERSON, "cal@example.com"),
    ]
    assert parsed.total == 4
    assert read_csv("") is FileProblem.EMPTY
    assert read_csv("mentor,mentee\na,b") is FileProblem.HEADER
    assert read_csv("mentor_id,mentee_id\n") is FileProblem.NO_ROWS
    ids = read_csv("mentor_id,mentee_id\nu0ana,U0BEN\nbob,U0BEN\n")
    assert not isinstance(ids, FileProblem)
    assert ids.rows == [Row(2, "U0ANA", "U0BEN")]
    assert ids.problems == [Problem(3, RowProblem.BAD_ID, "BOB")]


def test_rows_are_checked_against_people_and_existing_pairs() -> None:
    people = {
        "a@x.io": Person("UA", "a", "UTC", False, False),
        "b@x.io": Person("UB", "b", "UTC", False, False),
        "bot@x.io": Person("UBOT", "bot", None, True, False),
        "gone@x.io": Person("UGONE", "gone", None, False, True),
        "alias@x.io": Person("UA", "a", "UTC", False, False),
        "c@x.io": Person("UC", "c", "UTC", False, False),
        "nobody@x.io": None,
    }
    rows = [
        Row(2, "a@x.io", "b@x.io"),
        Row(3, "a@x.io", "b@x.io"),
        Row(4, "nobody@x.io", "b@x.io"),
        Row(5, "bot@x.io", "b@x.io"),
        Row(6, "gone@x.io", "b@x.io"),
        Row(7, "a@x.io", "alias@x.io"),
        Row(8, "c@x.io", "b@x.io"),
    ]
    valid, problems = check_people(rows, people, existing={("UC", "UB")})
    assert [(v.line, v.mentor.user_id, v.mentee.user_id) for v in valid] == [(2, "UA", "UB")]
    assert [(p.line, p.problem, p.detail) for p in problems] == [
        (3, RowProblem.REPEATED, "2"),
        (4, RowProblem.UNKNOWN, "nobody@x.io"),
        (5, RowProblem.BOT, "bot@x.io"),
        (6, RowProblem.DEACTIVATED, "gone@x.io"),
        (7, RowProblem.SAME_PERSON, "a@x.io"),
        (8, RowProblem.EXISTS, ""),
    ]


def test_agreement_parts_are_checked_per_field() -> None:
    mentee = check_mentee_part(
        {
            "goal_1": " Lead planning ",
            "success_1": "I run it",
            "goal_2": "",
            "success_2": "",
            "goal_3": "Coach",
            "success_3": "",
            "rhythm": "weekly",
            "ground_rules": "1. Be kind\n\n- Be on time\n",
        }
    )
    assert mentee == {"success_3": "success_needed"}
    goals = check_goals({"goal_1": "Lead", "success_1": "Done", "success_2": "orphan"})
    assert goals == {"goal_2": "goal_needed_for_success"}
    assert check_goals({}) == {"goal_1": "goal_needed"}
    mentor = check_mentor_part(
        {
            "offers": ["experience", "made-up"],
            "availability": "Fridays",
            "rhythm": "monthly",
            "ground_rules": "Be kind",
        },
        known_offers=["experience", "shadowing"],
    )
    assert not isinstance(mentor, dict)
    assert mentor.offers == ["experience"] and mentor.ground_rules == ["Be kind"]
    too_many = check_mentor_part(
        {
            "offer_other": "x",
            "availability": "y",
            "rhythm": "daily",
            "ground_rules": "\n".join(f"rule {n}" for n in range(11)),
        },
        known_offers=[],
    )
    assert too_many == {"ground_rules": "too_many_rules", "rhythm": "rhythm_needed"}


def test_combined_agreement_merges_rules_and_rhythms() -> None:
    together = combine(
        {"rhythm": "weekly", "ground_rules": ["Be kind", "Come prepared"]},
        {"rhythm": "weekly", "ground_rules": ["come prepared", "Listen first"]},
    )
    assert together.rhythm_agreed and together.ground_rules == [
        "Be kind",
        "Come prepared",
        "Listen first",
    ]
    assert combine({"rhythm": "weekly"}, {"rhythm": "monthly"}).rhythms == ["weekly", "monthly"]


def test_pause_lengths() -> None:
    assert parse_pause(()) == PauseFor(None)
    assert parse_pause(("3", "weeks")) == PauseFor(3) == parse_pause(("3w",)) == parse_pause(("3",))
    assert parse_pause(("1", "week")) == PauseFor(1)
    assert isinstance(parse_pause(("0",)), PauseProblem)
    assert isinstance(parse_pause(("53", "weeks")), PauseProblem)
    assert isinstance(parse_pause(("2", "days")), PauseProblem)
    assert paused_until(PauseFor(None), NOW) == UNTIL_RESUMED
    assert paused_until(PauseFor(2), NOW) == NOW + timedelta(weeks=2)


def test_ages_and_pages() -> None:
    assert age(NOW, NOW) == Age(0, "day")
    assert age(NOW - timedelta(days=13), NOW) == Age(13, "day")
    assert age(NOW - timedelta(days=20), NOW) == Age(2, "week")
    assert age(NOW - timedelta(days=95), NOW) == Age(3, "month")
    assert age(NOW - timedelta(days=800), NOW) == Age(2, "year")
    page = page_of(list(range(31)), 3, 15)
    assert (list(page.items), page.count, page.has_next, page.has_previous) == (
        [30],
        3,
        False,
        True,
    )
    assert page_of([], 5, 15).number == 1 and page_of(list(range(5)), 9, 15).number == 1


def test_program_settings_choice() -> None:
    chosen = check_program(
        {
            "cadence": "biweekly",
            "cadence_weekday": "4",
            "cadence_time": "16:30",
            "tips": "off",
            "tips_weekday": "3",
            "tips_time": "10:00",
            "shoutout_channel": "C1",
        }
    )
    assert chosen == ProgramChoice("C1", "biweekly", 4, "16:30", None, 3, "10:00")
    assert check_program({"cadence": "daily", "cadence_weekday": "9", "cadence_time": "25:00"}) == {
        "cadence": "cadence_needed",
        "cadence_weekday": "weekday_needed",
        "cadence_time": "time_needed",
        "tips": "tips_needed",
        "tips_weekday": "tips_weekday_needed",
        "tips_time": "time_needed",
    }


def test_the_manifest_grants_what_pairs_and_imports_use() -> None:
    import yaml

    from bot.paths import project_dir

    manifest = yaml.safe_load((project_dir() / "manifest.yml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    # create/archive/invite private channels, join public ones, read a pair channel's history
    # (the set-up retry), pin the agreement, look people up by email and list them daily
    assert {
        "groups:write",
        "channels:manage",
        "channels:join",
        "groups:history",
        "pins:write",
        "users:read",
        "users:read.email",
        "im:write",
    } <= scopes
