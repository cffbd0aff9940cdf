"""A seeded hospital-scale database built through the app's own services.

60 branches and 3,000 members with groups, committees and status histories (the parts of later
features are added here as they land), plus a one-branch database of 3,000 members for the roster
page's worst case (a party office that imported the whole hospital into one branch).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk import schema
from branchdesk.db import Database
from branchdesk.models import CommitteeRole, MemberCategory, MemberStatus
from branchdesk.services import branches, groups, idcard, roster
from branchdesk.services.demo import FEMALE_CHARS, MALE_CHARS, NATIVE_PLACES, SURNAMES

TODAY = dt.date(2026, 11, 25)
BRANCHES = 60
MEMBERS = 3000
DEPARTMENTS = ("心内科", "呼吸内科", "普外科", "骨科", "产科", "儿科", "检验科", "放射科", "药剂科", "护理部")


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
        members.append(roster.add_member(session, branch_id, data, today=came))
    for post, role in zip(members[:4], list(CommitteeRole)[:4], strict=False):
        branches.set_committee_post(session, branch_id, post.id, role, started_on=on_roll)
    for member in rng.sample(members[4:], k=max(1, count // 25)):  # about 4% have left the roll
        status = rng.choice(
            (MemberStatus.TRANSFERRED_OUT, MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED)
        )
        since = member.status_since or on_roll
        day = since + dt.timedelta(days=rng.randint(1, max(1, (TODAY - since).days)))
        roster.change_status(
            session, member.id, status, on=day, reason="调往外院" if status else "病故", today=TODAY
        )


def build_hospital(path: Path, *, seed: int = 2026) -> Path:
    """60 branches, 3,000 members in all (10 to 150 a branch), as one transaction per branch."""
    rng = random.Random(seed)
    unique = _Unique(rng)
    schema.create_database(path).dispose()
    db = Database(path)
    sizes = _branch_sizes(rng)
    try:
        with db.transaction() as session:
            committee = branches.ensure_branch(session, "第1党支部", committee="中共基准测试医院委员会")
        first = committee
        for index, size in enumerate(sizes):
            with db.transaction() as session:
                branch_id = first if index == 0 else branches.ensure_branch(session, f"第{index + 1}党支部")
                _fill(session, branch_id, size, unique, group_count=max(1, size // 30))
    finally:
        db.dispose()
    return path


def add_meetings(path: Path, *, branch_id: int = 1, months: int = 60, seed: int = 5) -> None:
    """Five years of monthly theme days and 支委会 with attendance for one 150-member branch,
    through the meetings services (the benchmark opens one and prints its sign-in sheet)."""
    from branchdesk.models import AttendanceStatus, MeetingType
    from branchdesk.services import meetings

    rng = random.Random(seed)
    db = Database(path)
    try:
        for back in range(months):
            year, month = divmod(TODAY.year * 12 + TODAY.month - 1 - back, 12)
            day = dt.date(year, month + 1, 15)
            with db.transaction() as session:
                for kind in (MeetingType.THEME_DAY, MeetingType.COMMITTEE_MEETING):
                    data = meetings.MeetingInput(
                        type=kind, held_on=day, theme=f"{day:%Y年%m月}学习", place="示教室", host="书记"
                    )
                    row = meetings.create_meeting(session, branch_id, data, today=TODAY)
                    for entry in rng.sample(meetings.attendance(session, row.id), k=min(3, row.figures.due)):
                        meetings.mark(session, row.id, entry.member_id, AttendanceStatus.LEAVE, reason="值班")
    finally:
        db.dispose()


def _branch_sizes(rng: random.Random) -> list[int]:
    """60 sizes between 10 and 150 that add up to 3,000; the first is the largest (150)."""
    sizes = [150] + [rng.randint(10, 80) for _ in range(BRANCHES - 1)]
    while sum(sizes) != MEMBERS:
        i = rng.randrange(1, BRANCHES)
        step = 1 if sum(sizes) < MEMBERS else -1
        if 10 <= sizes[i] + step <= 150:
            sizes[i] += step
    return sizes


def build_single_branch(path: Path, *, members: int = MEMBERS, seed: int = 7) -> Path:
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
