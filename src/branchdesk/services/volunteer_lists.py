"""The two managed lists volunteer events pick from: the kinds of service and the partner units (共建单位).

Both are shared by every branch of the hospital (the committee reports by one list of kinds). An
entry is renamed or archived, never deleted once an event or a post uses it, so old records keep
their words; an unused partner unit entered by mistake may be removed outright.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import PartnerUnit, Post, VolunteerEvent, VolunteerKind

PARTNER_KINDS = ("社区", "学校", "村", "企业", "机关", "医疗机构", "其他")


@dataclass(frozen=True)
class KindRow:
    id: int
    name: str
    sort_order: int
    archived: bool
    used: int  # events and posts that count under this kind


@dataclass(frozen=True)
class PartnerInput:
    name: str
    kind: str = ""
    contact: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PartnerRow:
    id: int
    name: str
    kind: str
    contact: str
    phone: str
    notes: str
    archived: bool
    used: int  # events with this partner (voided ones too: they still name it)

    @property
    def phone_masked(self) -> str:
        """A mobile number as 138****8000 in lists; other numbers (landlines) as they are."""
        p = self.phone
        return f"{p[:3]}****{p[-4:]}" if len(p) == 11 and p.isdigit() else p

    def to_input(self) -> PartnerInput:
        return PartnerInput(self.name, self.kind, self.contact, self.phone, self.notes)


# --- kinds -----------------------------------------------------------------------------------------


def list_kinds(session: Session, *, include_archived: bool = False) -> list[KindRow]:
    """The kinds in list order, each with how often it is used (one query)."""
    events = (
        select(VolunteerEvent.kind_id, func.count().label("n")).group_by(VolunteerEvent.kind_id).subquery()
    )
    posts = (
        select(Post.volunteer_kind_id.label("kind_id"), func.count().label("n"))
        .where(Post.volunteer_kind_id.is_not(None))
        .group_by(Post.volunteer_kind_id)
        .subquery()
    )
    stmt = (
        select(VolunteerKind, func.coalesce(events.c.n, 0) + func.coalesce(posts.c.n, 0))
        .outerjoin(events, events.c.kind_id == VolunteerKind.id)
        .outerjoin(posts, posts.c.kind_id == VolunteerKind.id)
        .order_by(VolunteerKind.sort_order, VolunteerKind.id)
    )
    if not include_archived:
        stmt = stmt.where(VolunteerKind.archived.is_(False))
    return [KindRow(k.id, k.name, k.sort_order, k.archived, used) for k, used in session.execute(stmt)]


def _kind_name(session: Session, name: str, kind_id: int | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("请填写服务类别名称。", field="类别名称")
    if len(name) > 30:
        raise ValidationError("服务类别名称不能超过30个字。", field="类别名称")
    same = session.scalar(select(VolunteerKind).where(VolunteerKind.name == name))
    if same is not None and same.id != kind_id:
        state = "（已停用，可恢复使用）" if same.archived else ""
        raise ValidationError(f"已有服务类别“{name}”{state}。", field="类别名称")
    return name


def _kind(session: Session, kind_id: int) -> VolunteerKind:
    kind = session.get(VolunteerKind, kind_id)
    if kind is None:
        raise NotFoundError("该服务类别不存在。", context=f"volunteer kind {kind_id}")
    return kind


def add_kind(session: Session, name: str) -> KindRow:
    """A new kind at the end of the list."""
    name = _kind_name(session, name, None)
    last = session.scalar(select(func.max(VolunteerKind.sort_order))) or 0
    kind = VolunteerKind(name=name, sort_order=last + 1, archived=False)
    session.add(kind)
    session.flush()
    return KindRow(kind.id, kind.name, kind.sort_order, False, 0)


def rename_kind(session: Session, kind_id: int, name: str) -> None:
    """Rename a kind; every event and post under it shows the new name."""
    kind = _kind(session, kind_id)
    kind.name = _kind_name(session, name, kind_id)
    session.flush()


def set_kind_archived(session: Session, kind_id: int, archived: bool) -> None:
    """An archived kind is no longer offered for new events; old events keep it."""
    kind = _kind(session, kind_id)
    if archived:
        active = session.scalar(
            select(func.count(VolunteerKind.id)).where(
                VolunteerKind.archived.is_(False), VolunteerKind.id != kind_id
            )
        )
        if not active:
            raise ValidationError("至少要保留一个可用的服务类别。", field="类别名称")
    kind.archived = archived
    session.flush()


def fallback_kind_id(session: Session) -> int | None:
    """The kind a volunteer post without its own kind counts under: 导医导诊, else 其他 (the contract)."""
    for name in ("导医导诊", "其他"):
        found = session.scalar(select(VolunteerKind.id).where(VolunteerKind.name == name))
        if found is not None:
            return found
    return None


def kind_id_named(session: Session, name: str) -> int | None:
    return session.scalar(select(VolunteerKind.id).where(VolunteerKind.name == name))


# --- partner units ---------------------------------------------------------------------------------


def list_partners(session: Session, *, include_archived: bool = False) -> list[PartnerRow]:
    """Partner units by name (pinyin order is the view's job), each with its number of events."""
    used = (
        select(VolunteerEvent.partner_unit_id, func.count().label("n"))
        .group_by(VolunteerEvent.partner_unit_id)
        .subquery()
    )
    stmt = (
        select(PartnerUnit, func.coalesce(used.c.n, 0))
        .outerjoin(used, used.c.partner_unit_id == PartnerUnit.id)
        .order_by(PartnerUnit.archived, PartnerUnit.name)
    )
    if not include_archived:
        stmt = stmt.where(PartnerUnit.archived.is_(False))
    return [
        PartnerRow(p.id, p.name, p.kind, p.contact, p.phone, p.notes, p.archived, n)
        for p, n in session.execute(stmt)
    ]


def _partner(session: Session, partner_id: int) -> PartnerUnit:
    partner = session.get(PartnerUnit, partner_id)
    if partner is None:
        raise NotFoundError("该共建单位不存在。", context=f"partner unit {partner_id}")
    return partner


def _clean_partner(session: Session, data: PartnerInput, partner_id: int | None) -> PartnerInput:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("请填写共建单位名称。", field="单位名称")
    for value, limit, label in (
        (name, 100, "单位名称"),
        (data.kind.strip(), 20, "单位类型"),
        (data.contact.strip(), 50, "联系人"),
        (data.phone.strip(), 20, "联系电话"),
        (data.notes.strip(), 2000, "备注"),
    ):
        if len(value) > limit:
            raise ValidationError(f"{label}不能超过{limit}个字。", field=label)
    phone = "".join(data.phone.split())
    if phone and not all(c.isdigit() or c in "-+()（）转" for c in phone):
        raise ValidationError("联系电话只能包含数字和 - 号。", field="联系电话")
    same = session.scalar(select(PartnerUnit).where(PartnerUnit.name == name))
    if same is not None and same.id != partner_id:
        state = "（已停用，可在列表中恢复）" if same.archived else ""
        raise ValidationError(f"已有共建单位“{name}”{state}。", field="单位名称")
    return PartnerInput(name, data.kind.strip(), data.contact.strip(), phone, data.notes.strip())


def _partner_row(session: Session, partner_id: int) -> PartnerRow:
    return next(r for r in list_partners(session, include_archived=True) if r.id == partner_id)


def add_partner(session: Session, data: PartnerInput) -> PartnerRow:
    data = _clean_partner(session, data, None)
    partner = PartnerUnit(
        name=data.name, kind=data.kind, contact=data.contact, phone=data.phone, notes=data.notes
    )
    session.add(partner)
    session.flush()
    return _partner_row(session, partner.id)


def update_partner(session: Session, partner_id: int, data: PartnerInput) -> PartnerRow:
    """Rename or complete a partner unit; its events show the new name."""
    partner = _partner(session, partner_id)
    data = _clean_partner(session, data, partner_id)
    partner.name, partner.kind, partner.contact = data.name, data.kind, data.contact
    partner.phone, partner.notes = data.phone, data.notes
    session.flush()
    return _partner_row(session, partner_id)


def set_partner_archived(session: Session, partner_id: int, archived: bool) -> None:
    """An archived unit (the partnership ended) is no longer offered; its events keep it."""
    _partner(session, partner_id).archived = archived
    session.flush()


def remove_partner(session: Session, partner_id: int) -> None:
    """Remove a unit entered by mistake; one any event names is archived instead, never deleted."""
    partner = _partner(session, partner_id)
    used = session.scalar(
        select(func.count(VolunteerEvent.id)).where(VolunteerEvent.partner_unit_id == partner_id)
    )
    if used:
        raise ValidationError(
            f"“{partner.name}”已有 {used} 次志愿服务活动记录，不能删除；合作结束的单位请停用。",
            field="单位名称",
        )
    session.delete(partner)
    session.flush()


def partner_id_named(session: Session, name: str) -> int | None:
    """The unit of this exact name (spaces ignored), for a theme day's free-text 共建单位."""
    name = " ".join(name.split())
    return session.scalar(select(PartnerUnit.id).where(PartnerUnit.name == name)) if name else None
