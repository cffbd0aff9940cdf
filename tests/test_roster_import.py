"""Roster import from the Excel files secretaries have: layouts, values, problems, the write."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.services import groups, roster, roster_import, xlsx_guard
from branchdesk.services.roster_sheet import read_table
from branchdesk.services.xlsx_guard import WorkbookRejected
from tests import roster_files as rf
from tests.factories import TODAY, make_id, setup_branch


def _table(path: Path):  # type: ignore[no-untyped-def]
    return read_table(xlsx_guard.load_workbook(path))


def _preview(session: Session, path: Path, **kwargs: object) -> roster_import.RosterPreview:
    branch = kwargs.pop("branch_id", None) or setup_branch(session)
    return roster_import.preview_import(session, _table(path), branch_id=branch, today=TODAY, **kwargs)  # type: ignore[arg-type]


# -- layouts ---------------------------------------------------------------------------------------


def test_header_is_found_below_merged_title_rows_and_signature_rows_are_skipped(tmp_path: Path) -> None:
    table = _table(rf.merged_title_roster(tmp_path / "r.xlsx", count=6))
    assert table.header_rows == (3,)
    assert len(table.rows) == 6
    assert table.skipped_rows == (11, 12, 13)
    assert "name" in table.mapping and "id_number" in table.mapping


def test_two_row_header_with_merged_group_cells_maps_every_column(tmp_path: Path) -> None:
    table = _table(rf.two_row_header_roster(tmp_path / "r.xlsx"))
    assert table.header_rows == (2, 3)
    assert table.mapping == (
        None,
        "name",
        "gender",
        "birth_date",
        "id_number",
        "joined_on",
        "full_member_on",
        "group",
    )
    assert table.headers[3] == "基本信息 / 出生 年月"
    assert len(table.rows) == 4


def test_roster_is_found_on_the_second_sheet(tmp_path: Path) -> None:
    people = [rf.person(i) for i in range(3)]
    headers = list(people[0])
    path = rf.write_rows(
        tmp_path / "r.xlsx", headers, [[p[h] for h in headers] for p in people], extra_first_sheet=True
    )
    table = _table(path)
    assert table.sheet_name == "花名册" and len(table.rows) == 3


def test_headers_with_spaces_breaks_and_official_names_are_recognised(tmp_path: Path) -> None:
    headers = [
        "姓 名",
        "公民身份号码",
        "出生\n年月",
        "加入党组织日期",
        "转为正式党员日期",
        "党籍状态",
        "工作岗位",
        "从事专业技术职务",
    ]
    p = rf.person(1)
    row = [
        p["姓名"],
        p["身份证号码"],
        p["出生日期"],
        p["入党时间"],
        p["转正时间"],
        "正式党员",
        "心内科",
        "主治医师",
    ]
    table = _table(rf.write_rows(tmp_path / "r.xlsx", headers, [row], text_columns=("公民身份号码",)))
    assert table.mapping == (
        "name",
        "id_number",
        "birth_date",
        "joined_on",
        "full_member_on",
        "category",
        "department",
        "title",
    )


def test_group_merged_down_its_members_is_filled_down(session: Session, tmp_path: Path) -> None:
    preview = _preview(session, rf.group_merged_down_roster(tmp_path / "r.xlsx"))
    assert [r.group_name for r in preview.rows] == ["第一党小组"] * 3 + ["第二党小组"] * 2
    assert preview.new_groups == ("第一党小组", "第二党小组")


# -- values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["1985.07", "1985.7", "1985-07-01", "1985/7/1", "1985年7月", "1985年7月1日", "19850701", "198507"],
)
def test_every_date_form_reads_as_the_first_of_july_1985(
    session: Session, tmp_path: Path, written: str
) -> None:
    p = rf.person(0, birth=dt.date(1960, 3, 3))
    path = rf.write_rows(tmp_path / "r.xlsx", ["姓名", "入党时间"], [[p["姓名"], written]])
    preview = _preview(session, path)
    assert preview.problems == ()
    assert preview.rows[0].data.joined_on == dt.date(1985, 7, 1)


def test_dates_as_date_cells_and_excel_serials(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(
        tmp_path / "r.xlsx", ["姓名", "入党时间", "转正时间"], [["王伟", dt.date(1985, 7, 1), 31594]]
    )
    preview = _preview(session, path)
    assert preview.problems == ()
    assert (preview.rows[0].data.joined_on, preview.rows[0].data.full_member_on) == (
        dt.date(1985, 7, 1),
        dt.date(1986, 7, 1),
    )


def test_id_numbers_are_normalised_and_birth_and_gender_derived(session: Session, tmp_path: Path) -> None:
    number = make_id(dt.date(1979, 5, 6), male=False, seq=33)
    number = number[:-1] + "X" if number.endswith("X") else number
    messy = " " + number.translate(str.maketrans("0123456789X", "０１２３４５６７８９x")) + " "
    path = rf.write_rows(tmp_path / "r.xlsx", ["姓名", "身份证号码"], [["李芳", messy]])
    (row,) = _preview(session, path).rows
    assert row.data.id_number == number
    assert (row.data.birth_date, row.data.gender) == (dt.date(1979, 5, 6), "女")


def test_an_id_stored_as_a_number_blocks_its_row(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号码"],
        [["王伟", 1.10105194912310e17], ["李芳", rf.person(2)["身份证号码"]]],
    )
    preview = _preview(session, path)
    assert [(i.row, i.field, i.kind) for i in preview.problems] == [(2, "身份证号", "mangled_id")]
    assert not preview.importable


def test_a_fifteen_digit_id_is_upgraded_with_a_warning(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(tmp_path / "r.xlsx", ["姓名", "身份证号码"], [["王伟", "110105491231002"]])
    preview = _preview(session, path)
    assert preview.problems == ()
    assert preview.rows[0].data.id_number == "11010519491231002X"
    assert [w.field for w in preview.warnings] == ["身份证号"]


def test_phone_is_cleaned_and_a_wrong_length_only_warns(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(
        tmp_path / "r.xlsx", ["姓名", "手机号码"], [["王伟", "138-1234 5678"], ["李芳", "0771-1234567"]]
    )
    preview = _preview(session, path)
    assert preview.problems == ()
    assert [r.data.phone for r in preview.rows] == ["13812345678", ""]
    assert [(w.row, w.field) for w in preview.warnings] == [(3, "手机号")]


def test_formula_cells_are_reported_not_evaluated(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(tmp_path / "r.xlsx", ["姓名", "入党时间"], [["王伟", "=DATE(1985,7,1)"]])
    preview = _preview(session, path)
    assert [(i.field, i.kind) for i in preview.problems] == [("入党时间", "bad_value")]
    assert "公式" in preview.problems[0].message


# -- problems --------------------------------------------------------------------------------------


def test_each_kind_of_problem_names_the_excel_row_and_field(session: Session, tmp_path: Path) -> None:
    good = rf.person(0)
    twin = rf.person(1)
    bad_checksum = str(rf.person(2)["身份证号码"])
    bad_checksum = bad_checksum[:-1] + ("0" if bad_checksum[-1] != "0" else "1")
    rows = [
        [
            good["姓名"],
            good["身份证号码"],
            good["出生日期"],
            good["入党时间"],
            good["转正时间"],
        ],  # row 2: fine
        [None, rf.person(3)["身份证号码"], None, None, None],  # 3: missing name
        ["赵六", None, None, "1985.13", None],  # 4: bad date
        ["钱七", None, dt.date(1970, 1, 1), dt.date(1990, 1, 1), dt.date(1989, 1, 1)],  # 5: 转正 before 入党
        ["孙八", None, dt.date(1980, 1, 1), dt.date(1997, 1, 1), None],  # 6: joined at 17
        [twin["姓名"], twin["身份证号码"], None, None, None],  # 7
        ["周九", twin["身份证号码"], None, None, None],  # 8: same ID as row 7
        ["吴十", bad_checksum, None, None, None],  # 9: checksum
        [
            "郑一",
            good["身份证号码"],
            dt.date(1950, 1, 1),
            None,
            None,
        ],  # 10: duplicate of row 2 (and mismatch)
        ["冯二", rf.person(4)["身份证号码"], dt.date(1950, 1, 1), None, None],  # 11: birth mismatch
    ]
    path = rf.write_rows(
        tmp_path / "r.xlsx", ["姓名", "身份证号码", "出生日期", "入党时间", "转正时间"], rows
    )
    found = {(i.row, i.field, i.kind) for i in _preview(session, path).problems}
    assert {
        (3, "姓名", "missing"),
        (4, "入党时间", "bad_date"),
        (5, "转正时间", "order"),
        (6, "入党时间", "age"),
        (8, "身份证号", "duplicate"),
        (9, "身份证号", "checksum"),
        (10, "出生日期", "mismatch"),
        (11, "出生日期", "mismatch"),
    } <= found
    assert not any(row == 2 for row, _, _ in found)


def test_excluding_the_bad_rows_makes_the_rest_importable(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(
        tmp_path / "r.xlsx", ["姓名", "身份证号码"], [["王伟", 1.1e17], ["李芳", rf.person(2)["身份证号码"]]]
    )
    branch = setup_branch(session)
    preview = _preview(session, path, branch_id=branch, exclude_rows={2})
    assert preview.importable and preview.members == 1 and preview.excluded_rows == (2,)


def test_rows_of_another_branch_are_left_out_with_a_warning(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(
        tmp_path / "r.xlsx", ["姓名", "所在党支部"], [["王伟", "内科第七党支部"], ["李芳", "外科党支部"]]
    )
    preview = _preview(session, path)
    assert [r.data.name for r in preview.rows] == ["王伟"]
    assert preview.other_branch_rows == (3,)
    assert any("其他支部" in w.message for w in preview.warnings)


# -- writing ---------------------------------------------------------------------------------------


def test_import_writes_members_and_creates_groups(session: Session, tmp_path: Path) -> None:
    branch = setup_branch(session)
    path = rf.merged_title_roster(tmp_path / "r.xlsx", count=6)
    table = _table(path)
    preview = roster_import.preview_import(session, table, branch_id=branch, today=TODAY)
    summary = roster_import.apply_import(
        session, preview, branch_id=branch, mapping=table.mapping, today=TODAY
    )
    assert (summary.added, summary.updated) == (6, 0)
    names = {r.name: r for r in roster.list_members(session, branch, today=TODAY)}
    p0 = rf.person(0)
    assert names[str(p0["姓名"])].id_number == p0["身份证号码"]
    assert names[str(p0["姓名"])].group_name == "第二党小组"
    assert {g.name for g in groups.list_groups(session, branch)} == {"第一党小组", "第二党小组"}


def test_existing_members_are_updated_or_skipped_as_chosen(session: Session, tmp_path: Path) -> None:
    branch = setup_branch(session)
    p = rf.person(0)
    roster.add_member(
        session,
        branch,
        roster.MemberInput(
            name=str(p["姓名"]), id_number=str(p["身份证号码"]), phone="13900000000", department="旧科室"
        ),
        today=TODAY,
    )
    path = rf.write_rows(
        tmp_path / "r.xlsx", ["姓名", "身份证号码", "科室"], [[p["姓名"], p["身份证号码"], "心内科"]]
    )
    table = _table(path)
    skip = roster_import.preview_import(session, table, branch_id=branch, on_duplicate="skip", today=TODAY)
    assert [r.action for r in skip.rows] == ["skip"]
    update = roster_import.preview_import(
        session, table, branch_id=branch, on_duplicate="update", today=TODAY
    )
    roster_import.apply_import(session, update, branch_id=branch, mapping=table.mapping, today=TODAY)
    member = next(r for r in roster.list_members(session, branch, today=TODAY) if r.name == p["姓名"])
    assert member.department == "心内科"
    assert member.phone == "13900000000"  # not in the file: kept


def test_reimporting_the_same_file_changes_nobody_and_says_so(session: Session, tmp_path: Path) -> None:
    branch = setup_branch(session)
    path = rf.merged_title_roster(tmp_path / "r.xlsx", count=6)
    table = _table(path)
    first = roster_import.preview_import(session, table, branch_id=branch, today=TODAY)
    roster_import.apply_import(session, first, branch_id=branch, mapping=table.mapping, today=TODAY)
    before = roster.list_members(session, branch, today=TODAY)
    again = roster_import.preview_import(session, table, branch_id=branch, today=TODAY)
    summary = roster_import.apply_import(session, again, branch_id=branch, mapping=table.mapping, today=TODAY)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 6)
    assert roster.list_members(session, branch, today=TODAY) == before


def _with_number_text(path: Path, placeholder: int, text: str) -> Path:
    """Rewrite a number cell's stored text (a writer cannot store 1e309; a damaged or foreign file can)."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(f"<v>{placeholder}</v>".encode(), f"<v>{text}</v>".encode())
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@pytest.mark.parametrize("stored", ["1e309", "-1e309", "1.7976931348623157E+308"])
def test_a_number_too_large_for_any_date_or_id_is_a_problem_not_a_crash(
    session: Session, tmp_path: Path, stored: str
) -> None:
    """Hypothesis found a cell reading back as infinity crash int(); such a cell is a problem of its row."""
    branch = setup_branch(session)
    path = rf.write_rows(tmp_path / "r.xlsx", ["姓名", "身份证号码", "入党日期"], [["王伟", 424242, 434343]])
    _with_number_text(path, 424242, stored)
    _with_number_text(path, 434343, stored)
    preview = roster_import.preview_import(session, _table(path), branch_id=branch, today=TODAY)
    assert not preview.importable
    assert {p.field for p in preview.problems} == {"身份证号", "入党时间"}
    assert all(p.row == 2 for p in preview.problems)


def test_apply_refuses_a_preview_with_problems(session: Session, tmp_path: Path) -> None:
    branch = setup_branch(session)
    path = rf.write_rows(tmp_path / "r.xlsx", ["姓名", "身份证号码"], [["王伟", 1.1e17]])
    table = _table(path)
    preview = roster_import.preview_import(session, table, branch_id=branch, today=TODAY)
    with pytest.raises(ValidationError):
        roster_import.apply_import(session, preview, branch_id=branch, mapping=table.mapping, today=TODAY)
    assert len(roster.list_members(session, branch, today=TODAY)) == 1


# -- bad files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (rf.legacy_xls, "legacy_xls"),
        (rf.encrypted_xlsx, "encrypted"),
        (rf.csv_file, "not_xlsx"),
        (lambda p: (p.write_bytes(b""), p)[1], "empty"),
        (lambda p: (p.write_bytes(b"\x00\x01garbage" * 100), p)[1], "not_xlsx"),
    ],
)
def test_bad_files_are_refused_with_their_reason(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "roster.xlsx")
    with pytest.raises(WorkbookRejected) as err:
        xlsx_guard.load_workbook(path)
    assert err.value.reason == reason
    assert err.value.user_message


def test_legacy_xls_message_says_how_to_save_as_xlsx(tmp_path: Path) -> None:
    with pytest.raises(WorkbookRejected) as err:
        xlsx_guard.load_workbook(rf.legacy_xls(tmp_path / "old.xls"))
    assert "另存为" in err.value.user_message and "xlsx" in err.value.user_message


def test_an_empty_workbook_and_one_without_a_name_column_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(WorkbookRejected) as err:
        _table(empty)
    assert err.value.reason == "empty"
    nameless = rf.write_rows(tmp_path / "n.xlsx", ["性别", "科室"], [["男", "心内科"]])
    with pytest.raises(WorkbookRejected) as err:
        _table(nameless)
    assert err.value.reason == "no_name_column"


def test_a_zip_bomb_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    bomb = rf.zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=200)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(WorkbookRejected) as err:
        xlsx_guard.load_workbook(bomb)
    assert err.value.reason == "too_large"
    assert time.perf_counter() - started < 0.5


def test_a_sheet_with_more_rows_than_the_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    path = rf.simple_roster(tmp_path / "r.xlsx", count=30)
    with pytest.raises(WorkbookRejected) as err:
        xlsx_guard.load_workbook(path, xlsx_guard.Limits(max_rows=20))
    assert err.value.reason == "too_large"


def test_a_negative_number_in_the_id_column_is_a_mangled_id(session: Session, tmp_path: Path) -> None:
    """Found by the property test: -10000000000000 has 15 characters but is no ID number."""
    path = rf.write_rows(tmp_path / "r.xlsx", ["姓名", "身份证号码"], [["王伟", -10_000_000_000_000]])
    assert [(i.field, i.kind) for i in _preview(session, path).problems] == [("身份证号", "mangled_id")]


def test_problems_name_whose_row_it_is(session: Session, tmp_path: Path) -> None:
    path = rf.write_rows(
        tmp_path / "r.xlsx", ["姓名", "身份证号码"], [["王伟", 1.1e17], ["李芳", rf.person(2)["身份证号码"]]]
    )
    (problem,) = _preview(session, path).problems
    assert (problem.row, problem.name) == (2, "王伟")
    assert "name" not in problem.as_dict()  # the --json shape stays row/field/kind/message
