"""Roster import: the rows of a found table checked, previewed, then written in one transaction.

Nothing is written while any row has a problem (unless the user leaves that row out); problems
and warnings name the Excel row and the field in Chinese. Existing members (same ID number, or
same name and birth date) are updated with what the file holds, or skipped, as the user chooses.
The caller backs the database up first and runs `apply_import` inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import Branch, Member, MemberCategory
from branchdesk.services import groups, idcard, roster
from branchdesk.services.dates import AmbiguousDate, parse_date_number, parse_date_text
from branchdesk.services.roster_sheet import FIELD_LABELS, Cell, SheetTable

OnDuplicate = Literal["update", "skip"]
PROBLEM_KINDS = (
    "missing",
    "bad_date",
    "order",
    "age",
    "duplicate",
    "checksum",
    "mangled_id",
    "mismatch",
    "bad_value",
)
DATE_FIELDS = ("birth_date", "joined_on", "full_member_on")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+?\d+$", re.IGNORECASE)
_YES = ("是", "Y", "YES", "√", "1", "TRUE")


@dataclass(frozen=True)
class Issue:
    """A problem (blocks the import) or a warning (does not), at an Excel row and field."""

    row: int
    field: str  # the Chinese field name
    kind: str
    message: str
    name: str = ""  # the row's 姓名 as read, so a list of problems says whose row it is

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class PreviewRow:
    row: int
    data: roster.MemberInput
    group_name: str
    existing_id: int | None
    action: Literal["add", "update", "skip"]


@dataclass(frozen=True)
class RosterPreview:
    """What an import would do; `importable` only when no row has a problem."""

    sheet_name: str
    rows: tuple[PreviewRow, ...]
    problems: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    new_groups: tuple[str, ...]
    excluded_rows: tuple[int, ...]
    other_branch_rows: tuple[int, ...]

    @property
    def importable(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def members(self) -> int:
        """Rows that would be (or were) written: added plus updated."""
        return self.count("add") + self.count("update")


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int  # members whose stored details the file changed
    skipped: int
    groups_created: tuple[str, ...]
    unchanged: int = 0  # members the file matched whose details it already agreed with


@dataclass
class _RowReader:
    """Turns one row's cells into a MemberInput, collecting issues as it goes."""

    row: int
    cells: dict[str, Cell]
    today: dt.date
    problems: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def problem(self, key: str, kind: str, message: str) -> None:
        self.problems.append(Issue(self.row, FIELD_LABELS.get(key, key), kind, message, self.name))

    def warn(self, key: str, kind: str, message: str) -> None:
        self.warnings.append(Issue(self.row, FIELD_LABELS.get(key, key), kind, message, self.name))

    @property
    def name(self) -> str:
        cell = self.cells.get("name")
        return "" if cell is None or cell.blank or cell.formula else " ".join(cell.text().split())

    def cell(self, key: str) -> Cell | None:
        cell = self.cells.get(key)
        if cell is None or cell.blank:
            return None
        if cell.formula:
            self.problem(
                key, "bad_value", "这个单元格是公式，导入不计算公式。请复制后“选择性粘贴 → 数值”再导入。"
            )
            return None
        return cell

    def text(self, key: str) -> str:
        cell = self.cell(key)
        return " ".join(unicodedata.normalize("NFKC", cell.text()).split()) if cell else ""

    def date(self, key: str) -> dt.date | None:
        cell = self.cell(key)
        if cell is None:
            return None
        label = FIELD_LABELS[key]
        value = cell.value
        try:
            if isinstance(value, dt.datetime):
                day: dt.date | None = value.date()
            elif isinstance(value, dt.date):
                day = value
            elif isinstance(value, int | float):
                day = parse_date_number(value, cell.number_format)
            else:
                day = parse_date_text(str(value))
        except AmbiguousDate:
            self.problem(
                key,
                "bad_date",
                f"{label}“{value}”无法确定是1月还是10月（Excel 会把 1985.10 存成 1985.1）。"
                "请改写为 1985-10 这样的文本。",
            )
            return None
        if day is None:
            self.problem(
                key,
                "bad_date",
                f"{label}“{cell.text()}”不是可识别的日期，可写作 1985-07-01、1985.07 或 1985年7月。",
            )
            return None
        if day > self.today:
            self.problem(key, "bad_date", f"{label} {day:%Y-%m-%d} 晚于今天。")
            return None
        return day

    def id_number(self) -> str:
        cell = self.cell("id_number")
        if cell is None:
            return ""
        value = cell.value
        if isinstance(value, float | int) and not isinstance(value, bool):
            finite = math.isfinite(value)
            digits = str(int(value)) if finite and float(value).is_integer() and value > 0 else ""
            if len(digits) == 15:
                return self._upgrade_15(digits)
            self.problem(
                "id_number",
                "mangled_id",
                f"身份证号被 Excel 存成了数字（显示为 {value:.5E}），后几位已经丢失，无法恢复。"
                "请把这一列设为“文本”格式后重新填写正确的号码。",
            )
            return ""
        text = idcard.normalize_id(str(value))
        if _SCIENTIFIC.match(text):
            self.problem(
                "id_number",
                "mangled_id",
                f"身份证号“{text}”是科学计数法，后几位已经丢失，请重新填写正确的号码。",
            )
            return ""
        if re.fullmatch(r"\d{15}", text):
            return self._upgrade_15(text)
        problem = idcard.id_problem(text)
        if problem:
            kind = "checksum" if problem.kind == "checksum" else "bad_value"
            self.problem("id_number", kind, f"身份证号“{idcard.mask_id(text)}”：{problem.message}")
            return ""
        return text

    def _upgrade_15(self, digits: str) -> str:
        upgraded = digits[:6] + "19" + digits[6:]
        upgraded += idcard.check_char(upgraded)
        if idcard.id_problem(upgraded):
            self.problem("id_number", "bad_value", "15位身份证号中的出生日期无效。")
            return ""
        self.warn("id_number", "bad_value", "15位旧身份证号已按国家标准升级为18位，请核对。")
        return upgraded


def _cells_by_field(
    table: SheetTable, mapping: tuple[str | None, ...], cells: tuple[Cell, ...]
) -> dict[str, Cell]:
    return {key: cells[i] for i, key in enumerate(mapping) if key and i < len(cells)}


def _category(reader: _RowReader, full_on: dt.date | None) -> MemberCategory:
    text = reader.text("category")
    if "预备" in text:
        return MemberCategory.PROBATIONARY
    if text and "正式" not in text:
        reader.warn("category", "bad_value", f"党员类别“{text}”无法识别，按正式党员导入。")
    return MemberCategory.FULL


def _notes(reader: _RowReader) -> str:
    parts = [reader.text("notes")]
    if post := reader.text("party_post"):
        parts.append(f"党内职务：{post}")
    if reader.text("floating").upper() in _YES:
        parts.append("流动党员")
    if reader.text("lost_contact").upper() in _YES:
        parts.append("失联党员")
    if extended := reader.text("extended_probation"):
        parts.append(f"延长预备期：{extended}")
    return "；".join(p for p in parts if p)


def _read_row(
    row: int, cells: dict[str, Cell], today: dt.date
) -> tuple[roster.MemberInput | None, _RowReader, str, str]:
    reader = _RowReader(row, cells, today)
    name = reader.text("name")
    if not name:
        reader.problem("name", "missing", "姓名为空。如果这一行不是党员，请在导入时排除这一行。")
    id_number = reader.id_number()
    birth = reader.date("birth_date")
    joined = reader.date("joined_on")
    full_on = reader.date("full_member_on")
    gender = reader.text("gender").replace("性", "")
    if gender and gender not in ("男", "女"):
        reader.problem("gender", "bad_value", f"性别“{gender}”应为“男”或“女”。")
        gender = ""
    if id_number:
        id_birth = idcard.birth_date_from_id(id_number)
        if birth and id_birth != birth:
            reader.problem(
                "birth_date",
                "mismatch",
                f"出生日期 {birth:%Y-%m-%d} 与身份证号中的 {id_birth:%Y-%m-%d} 不一致。",
            )
        id_gender = idcard.gender_from_id(id_number)
        if gender and id_gender != gender:
            reader.problem("gender", "mismatch", f"性别“{gender}”与身份证号（{id_gender}）不一致。")
        birth = birth or id_birth
    if joined and full_on and full_on <= joined:
        reader.problem(
            "full_member_on", "order", f"转正时间 {full_on:%Y-%m-%d} 早于或等于入党时间 {joined:%Y-%m-%d}。"
        )
        full_on = None
    if joined and birth and joined < roster.add_years(birth, roster.ADULT_AGE):
        reader.problem(
            "joined_on", "age", f"入党时间 {joined:%Y-%m-%d} 早于年满18周岁（{birth:%Y-%m-%d} 出生）。"
        )
    phone = idcard.normalize_phone(reader.text("phone"))
    if phone and not idcard.is_mobile(phone):
        reader.warn(
            "phone", "bad_value", f"手机号“{idcard.mask_phone(phone)}”不是11位手机号码，未导入该号码。"
        )
        phone = ""
    category = _category(reader, full_on)
    if category is MemberCategory.PROBATIONARY and full_on:
        reader.warn("full_member_on", "bad_value", "预备党员不应有转正时间，已忽略转正时间。")
        full_on = None
    if reader.problems:
        return None, reader, "", ""
    data = roster.MemberInput(
        name=name,
        gender=gender,
        birth_date=birth,
        id_number=id_number,
        phone=phone,
        joined_on=joined,
        full_member_on=full_on,
        category=category,
        notes=_notes(reader),
        ethnicity=reader.text("ethnicity") or "汉族",
        staff_category=reader.text("staff_category") or "在职",
        native_place=reader.text("native_place"),
        education=reader.text("education"),
        degree=reader.text("degree"),
        department=reader.text("department"),
        title=reader.text("title"),
        position=reader.text("position"),
    )
    data = roster.clean_input(data)
    try:
        roster.validate_member(data, today=today)
    except ValidationError as exc:
        reader.problems.append(Issue(row, exc.field or "", "bad_value", exc.user_message, reader.name))
        return None, reader, "", ""
    return data, reader, reader.text("group"), reader.text("branch")


def _same_branch(cell_text: str, branch_name: str) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"\s|中共|委员会", "", unicodedata.normalize("NFKC", text))

    return not cell_text or norm(cell_text) == norm(branch_name) or norm(branch_name) in norm(cell_text)


def preview_import(
    session: Session,
    table: SheetTable,
    *,
    branch_id: int,
    mapping: tuple[str | None, ...] | None = None,
    on_duplicate: OnDuplicate = "update",
    exclude_rows: Iterable[int] = (),
    today: dt.date | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> RosterPreview:
    """Check every row against the rules and the database; writes nothing."""
    today = today or dt.date.today()
    mapping = mapping or table.mapping
    if "name" not in mapping:
        raise ValidationError("请指定哪一列是“姓名”。", field="列对应")
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise ValidationError("目标支部不存在。", field="支部")
    excluded = set(exclude_rows)
    existing = _existing_members(session, branch_id)
    group_names = {g.name for g in groups.list_groups(session, branch_id, include_archived=True)}
    rows: list[PreviewRow] = []
    problems: list[Issue] = []
    warnings: list[Issue] = []
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, dt.date], int] = {}
    new_groups: list[str] = []
    other_branch: list[int] = []
    total = len(table.rows)
    for position, (row_number, cells) in enumerate(table.rows):
        if position % 200 == 0:
            if cancelled and cancelled():
                raise InterruptedError
            if progress:
                progress("正在检查各行数据", position, total)
        if row_number in excluded:
            continue
        data, reader, group_name, branch_text = _read_row(
            row_number, _cells_by_field(table, mapping, cells), today
        )
        warnings.extend(reader.warnings)
        if branch_text and not _same_branch(branch_text, branch.name):
            other_branch.append(row_number)
            continue
        problems.extend(reader.problems)
        if data is None:
            continue
        if data.id_number:
            if data.id_number in seen_ids:
                problems.append(
                    Issue(
                        row_number,
                        "身份证号",
                        "duplicate",
                        f"与第 {seen_ids[data.id_number]} 行是同一个身份证号。",
                        data.name,
                    )
                )
                continue
            seen_ids[data.id_number] = row_number
        if data.birth_date:
            person = (data.name, data.birth_date)
            if person in seen_people:
                problems.append(
                    Issue(
                        row_number,
                        "姓名",
                        "duplicate",
                        f"与第 {seen_people[person]} 行姓名和出生日期相同，是同一个人吗？",
                        data.name,
                    )
                )
                continue
            seen_people[person] = row_number
        match = existing.match(data)
        if isinstance(match, str):
            problems.append(Issue(row_number, "身份证号", "duplicate", match, data.name))
            continue
        if group_name and group_name not in group_names and group_name not in new_groups:
            new_groups.append(group_name)
        action: Literal["add", "update", "skip"] = "add" if match is None else on_duplicate
        rows.append(PreviewRow(row_number, data, group_name, match, action))
    if other_branch:
        warnings.append(
            Issue(
                other_branch[0],
                "所在党支部",
                "bad_value",
                f"共 {len(other_branch)} 行属于其他支部，不导入到“{branch.name}”。",
            )
        )
    return RosterPreview(
        sheet_name=table.sheet_name,
        rows=tuple(rows),
        problems=tuple(problems),
        warnings=tuple(warnings),
        new_groups=tuple(new_groups),
        excluded_rows=tuple(sorted(excluded)),
        other_branch_rows=tuple(other_branch),
    )


@dataclass(frozen=True)
class _Existing:
    by_id: dict[str, tuple[int, int, str]]  # id number -> (member id, branch id, branch name)
    by_person: dict[tuple[str, dt.date], int]
    branch_id: int

    def match(self, data: roster.MemberInput) -> int | str | None:
        """The member to update, a message when the ID belongs to another branch, or None (new)."""
        if data.id_number and data.id_number in self.by_id:
            member_id, branch_id, branch_name = self.by_id[data.id_number]
            if branch_id != self.branch_id:
                return f"该身份证号已登记在“{branch_name}”，同一人不能同时在两个支部。"
            return member_id
        if data.birth_date:
            return self.by_person.get((data.name, data.birth_date))
        return None


def _existing_members(session: Session, branch_id: int) -> _Existing:
    by_id: dict[str, tuple[int, int, str]] = {}
    by_person: dict[tuple[str, dt.date], int] = {}
    stmt = select(
        Member.id, Member.branch_id, Branch.name, Member.id_number, Member.name, Member.birth_date
    ).join(Branch, Branch.id == Member.branch_id)
    for member_id, b_id, b_name, id_number, name, birth in session.execute(stmt):
        if id_number:
            by_id[id_number] = (member_id, b_id, b_name)
        if b_id == branch_id and birth:
            by_person[(name, birth)] = member_id
    return _Existing(by_id, by_person, branch_id)


def _merge(
    current: roster.MemberInput, incoming: roster.MemberInput, present: set[str]
) -> roster.MemberInput:
    """The file's values over the stored ones, for the fields the file has and fills."""
    changes = {
        name: getattr(incoming, name)
        for name in present
        if hasattr(incoming, name) and getattr(incoming, name) not in (None, "")
    }
    return replace(current, **changes)


def apply_import(
    session: Session,
    preview: RosterPreview,
    *,
    branch_id: int,
    mapping: tuple[str | None, ...],
    today: dt.date | None = None,
) -> ImportSummary:
    """Write a clean preview: new groups, new members in file order, updates; inside one transaction."""
    if not preview.importable:
        raise ValidationError(f"还有 {len(preview.problems)} 个问题没有解决，未导入任何数据。", field="导入")
    today = today or dt.date.today()
    group_ids = {g.name: g.id for g in groups.list_groups(session, branch_id, include_archived=True)}
    for name in preview.new_groups:
        group_ids[name] = groups.add_group(session, branch_id, name).id
    present = {key for key in mapping if key} | {"category"}
    added = updated = skipped = unchanged = 0
    for row in preview.rows:
        data = replace(row.data, group_id=group_ids.get(row.group_name)) if row.group_name else row.data
        try:
            if row.action == "add":
                start = roster.default_roll_start(data, today)
                roster.add_member(session, branch_id, data, today=today, on_roll_from=start)
                added += 1
            elif row.action == "update" and row.existing_id is not None:
                current = roster.get_member(session, row.existing_id, today=today).to_input()
                fields_present = present | ({"group_id"} if row.group_name else set())
                merged = _merge(current, data, fields_present)
                if merged == current:  # re-importing the same file changes nothing: say so
                    unchanged += 1
                    continue
                roster.update_member(session, row.existing_id, merged, today=today)
                updated += 1
            else:
                skipped += 1
        except ValidationError as exc:
            raise ValidationError(exc.user_message, field=exc.field, row=row.row, context=str(exc)) from exc
    return ImportSummary(added, updated, skipped, preview.new_groups, unchanged)
