"""A seeded hospital-scale database built through the app's own services.

`build_hospital`: 60 branches and 3,000 members (10 to 150 a branch) with groups, committees and
status histories, five years of monthly theme days and 三会一课 for every branch and group with
attendance (bench/hospital_meetings), and posts with holders and reviews and 5,000 volunteer events
over the five years (bench/hospital_service). `build_single_branch`: one branch of 3,000 members, the roster
page's worst case (a party office that imported the whole hospital into one branch). Everything is
drawn from one seeded Random, so a seed always gives the same database; `Scale` makes a small one
for the tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk import schema
from branchdesk.bench import hospital_meetings, hospital_service
from branchdesk.db import Database
from branchdesk.models import CommitteeRole, MemberCategory, MemberStatus
from branchdesk.services import branches, groups, idcard, roster
from branchdesk.services.demo import FEMALE_CHARS, MALE_CHARS, NATIVE_PLACES, SURNAMES

GENERATOR_VERSION = 4  # bump whenever the generated data changes: cached databases are keyed by it
DEFAULT_SEED = 2026
TODAY = dt.date(2026, 11, 25)
DEPARTMENTS = ("心内科", "呼吸内科", "普外科", "骨科", "产科", "儿科", "检验科", "放射科", "药剂科", "护理部")


@dataclass(frozen=True)
class Scale:
    """How big the generated hospital is; the first branch is the largest."""

    branches: int = 60
    members: int = 3000
    largest: int = 150
    months: int = 60
    volunteer_events: int = 5000

    @property
    def key(self) -> str:
        return f"b{self.branches}-m{self.members}-l{self.largest}-mo{self.months}-v{self.volunteer_events}"


FULL = Scale()
SMALL = Scale(branches=3, members=60, largest=30, months=4, volunteer_events=12)  # tests: a second or two


@dataclass(frozen=True)
class Counts:
    """What a generated database holds (read back from the file), to compare two builds."""

    branches: int
    groups: int
    members: int
    left_roll: int
    status_changes: int
    meetings: int
    attendance: int
    exceptions: int
    posts: int
    holders: int
    reviews: int
    volunteer_events: int
    participants: int


class _Unique:
    """Draws names, IDs and phones that are unique across the whole hospital."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: set[str] = set()
        self.phones: set[str] = set()

    def member(self, index: int) -> roster.MemberInput:
        rng = self.rng
        male = rng.random() < 0.4
        given = MALE_CHARS if male else FEMALE_CHARS
        name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
        birth = dt.date(rng.randint(1955, 2000), rng.randint(1, 12), rng.randint(1, 28))
        place, area = rng.choice(NATIVE_PLACES)
        while True:
            body = f"{area}{birth:%Y%m%d}{rng.randint(0, 99):02d}{rng.choice('13579' if male else '02468')}"
            number = body + idcard.check_char(body)
            if number not in self.ids:
                self.ids.add(number)
                break
        while True:
            phone = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
            if phone not in self.phones:
                self.phones.add(phone)
                break
        joined = roster.add_years(birth, rng.randint(19, 40))
        joined = min(joined, TODAY - dt.timedelta(days=30))
        probationary = joined > TODAY - dt.timedelta(days=365)
        return roster.MemberInput(
            name=name,
            gender="男" if male else "女",
            birth_date=birth,
            native_place=place,
            id_number=number,
            phone=phone,
            department=rng.choice(DEPARTMENTS),
            title=rng.choice(("主治医师", "主管护师", "副主任医师", "护师", "技师")),
            position=rng.choice(("医师", "护士", "科主任", "护士长", "技师")),
            education=rng.choice(("大学本科", "硕士研究生", "大学专科")),
            category=MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL,
            joined_on=joined,
            full_member_on=None if probationary else roster.add_years(joined, 1),
        )


def _fill(session: Session, branch_id: int, count: int, unique: _Unique, *, group_count: int) -> None:
    rng = unique.rng
    group_ids = [groups.add_group(session, branch_id, f"第{i + 1}党小组").id for i in range(group_count)]
    on_roll = TODAY - dt.timedelta(days=5 * 365)
    members = []
    for index in range(count):
        data = replace(unique.member(index), group_id=rng.choice(group_ids))
        came = max(
            on_roll, data.full_member_on or data.joined_on or on_roll
        )  # on the roll 5 years, or since joining
        members.append(roster.add_member(session, branch_id, data, today=TODAY, on_roll_from=came))
    for post, role in zip(members[:4], list(CommitteeRole)[:4], strict=False):
        branches.set_committee_post(session, branch_id, post.id, role, started_on=on_roll)
    for member in rng.sample(members[4:], k=max(1, count // 25)):  # about 4% have left the roll
        status = rng.choice(
            (MemberStatus.TRANSFERRED_OUT, MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED)
        )
        since = member.status_since or on_roll
        day = since + dt.timedelta(days=rng.randint(1, max(1, (TODAY - since).days)))
        roster.change_status(
            session,
            member.id,
            status,
            on=day,
            reason="调往外院" if status is MemberStatus.TRANSFERRED_OUT else "病故",
            today=TODAY,
        )


def build_hospital(path: Path, *, seed: int = DEFAULT_SEED, scale: Scale = FULL) -> Path:
    """The hospital, one transaction per branch for its members and one for its meetings."""
    rng = random.Random(seed)
    unique = _Unique(rng)
    schema.create_database(path).dispose()
    db = Database(path)
    sizes = _branch_sizes(rng, scale)
    months = hospital_meetings.months_back(TODAY, scale.months)
    branch_sizes: dict[int, int] = {}
    try:
        with db.transaction() as session:
            first = branches.ensure_branch(session, "第1党支部", committee="中共基准测试医院委员会")
        for index, size in enumerate(sizes):
            with db.transaction() as session:
                branch_id = first if index == 0 else branches.ensure_branch(session, f"第{index + 1}党支部")
                _fill(session, branch_id, size, unique, group_count=max(1, size // 30))
            with db.transaction() as session:
                hospital_meetings.add_branch_meetings(session, branch_id, rng=rng, months=months, today=TODAY)
            branch_sizes[branch_id] = size
        events = hospital_service.share_events(rng, branch_sizes, scale.volunteer_events)
        days_back = (TODAY - dt.date(*months[0], 1)).days
        for branch_id in branch_sizes:
            with db.transaction() as session:
                hospital_service.add_branch_posts(session, branch_id, rng=rng, today=TODAY)
                hospital_service.add_branch_events(
                    session, branch_id, events[branch_id], rng=rng, today=TODAY, days_back=days_back
                )
    finally:
        db.dispose()
    return path


def _branch_sizes(rng: random.Random, scale: Scale) -> list[int]:
    """Sizes between 10 and `scale.largest` that add up to `scale.members`; the first is the largest."""
    rest = scale.branches - 1
    sizes = [scale.largest] + [rng.randint(10, min(80, scale.largest)) for _ in range(rest)]
    while sum(sizes) != scale.members and rest:
        i = rng.randrange(1, scale.branches)
        step = 1 if sum(sizes) < scale.members else -1
        if 10 <= sizes[i] + step <= scale.largest:
            sizes[i] += step
    return sizes


CONTENT_QUERIES = (  # what a seed decides (not the created_at stamps), in a fixed order
    "SELECT id, branch_id, name, id_number, birth_date, joined_on, status, group_id FROM member ORDER BY id",
    "SELECT member_id, status, changed_on FROM member_status_change ORDER BY id",
    "SELECT id, branch_id, type, held_on, group_id, theme, host FROM meeting ORDER BY id",
    "SELECT meeting_id, member_id, position, status, reason FROM meeting_attendance ORDER BY id",
    "SELECT id, branch_id, kind, name, started_on FROM post ORDER BY id",
    "SELECT post_id, member_id, started_on FROM post_holder ORDER BY id",
    "SELECT post_id, reviewed_on, grade FROM post_review ORDER BY id",
    "SELECT id, branch_id, kind_id, held_on, starts_at, ends_at, people_served FROM volunteer_event"
    " ORDER BY id",
    "SELECT event_id, member_id, outside_name, minutes FROM volunteer_participant ORDER BY id",
)


def digest(path: Path) -> str:
    """A hash of the generated content: equal for two builds from one seed, different across seeds."""
    sha = hashlib.sha256()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        for sql in CONTENT_QUERIES:
            for row in conn.execute(sql):
                sha.update(repr(row).encode("utf-8"))
    finally:
        conn.close()
    return sha.hexdigest()


def count(path: Path) -> Counts:
    """Count what `path` holds, straight from the file."""
    queries = {
        "branches": "SELECT count(*) FROM branch",
        "groups": "SELECT count(*) FROM party_group",
        "members": "SELECT count(*) FROM member",
        "left_roll": "SELECT count(*) FROM member WHERE status != 'active'",
        "status_changes": "SELECT count(*) FROM member_status_change",
        "meetings": "SELECT count(*) FROM meeting",
        "attendance": "SELECT count(*) FROM meeting_attendance",
        "exceptions": "SELECT count(*) FROM meeting_attendance WHERE status != 'present'",
        "posts": "SELECT count(*) FROM post",
        "holders": "SELECT count(*) FROM post_holder",
        "reviews": "SELECT count(*) FROM post_review",
        "volunteer_events": "SELECT count(*) FROM volunteer_event",
        "participants": "SELECT count(*) FROM volunteer_participant",
    }
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return Counts(**{key: int(conn.execute(sql).fetchone()[0]) for key, sql in queries.items()})
    finally:
        conn.close()


def build_single_branch(path: Path, *, members: int = FULL.members, seed: int = 7) -> Path:
    """One branch holding `members` members: the roster page's worst case."""
    unique = _Unique(random.Random(seed))
    schema.create_database(path).dispose()
    db = Database(path)
    try:
        with db.transaction() as session:
            branch_id = branches.ensure_branch(
                session, "全院党员（基准测试）", committee="中共基准测试医院委员会"
            )
            _fill(session, branch_id, members, unique, group_count=20)
    finally:
        db.dispose()
    return path


def write_roster_workbook(path: Path, rows: int = 5000, *, seed: int = 11) -> Path:
    """A roster .xlsx of `rows` members with the official headers, merged title rows and text IDs."""
    import openpyxl

    unique = _Unique(random.Random(seed))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    headers = ["序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "籍贯", "学历", "党小组",
               "手机号码", "入党日期", "转正日期", "党籍状态", "工作岗位", "从事专业技术职务"]  # fmt: skip
    sheet.append(["全院党员花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for index in range(rows):
        m = unique.member(index)
        sheet.append(
            [index + 1, m.name, m.gender, m.id_number, "汉族", m.birth_date, m.native_place, m.education,
             f"第{index % 20 + 1}党小组", m.phone, m.joined_on, m.full_member_on,
             "预备党员" if m.category is MemberCategory.PROBATIONARY else "正式党员", m.department, m.title]
        )  # fmt: skip
    workbook.save(path)
    return path
