"""Responsibility posts (设岗定责): a branch's posts, who holds them when, and their reviews.

A post's status is never stored: it follows from its dates on the day asked about (在岗, 未开始,
已撤岗) or from being voided (已作废). Holders come and go by dates (both ends inclusive), so "who
held the post on 3 March" always has one answer; nothing is hard-deleted. Holdings live in
post_holders (re-exported here), reviews in post_reviews, duty turns in duty_rota.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields, replace

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from branchdesk.errors import NotFoundError, ValidationError
from branchdesk.models import Branch, Member, Post, PostHolder, PostKind, VolunteerKind
from branchdesk.services.post_holders import HolderRow as HolderRow
from branchdesk.services.post_holders import add_holder as add_holder
from branchdesk.services.post_holders import end_holder as end_holder
from branchdesk.services.post_holders import end_open_holders, ensure_open, holder_rows, holding_on, load_post
from branchdesk.services.post_holders import holders as holders
from branchdesk.services.post_holders import holders_on as holders_on
from branchdesk.services.post_holders import update_holder as update_holder
from branchdesk.services.post_holders import void_holder as void_holder
from branchdesk.services.post_labels import KIND_LABELS, KIND_SHORT, STATUS_LABELS, PostStatus
from branchdesk.services.post_reviews import ReviewRow, latest_reviews
from branchdesk.services.roll_history import RollHistory

NAME_LIMIT, PLACE_LIMIT = 100, 100
TEXT_LIMIT = 2000  # duties, commitment: what fits a plaque and more
GUIDE_KIND = "导医导诊"  # a volunteer post's default volunteer-service kind (the outpatient desk)


@dataclass(frozen=True)
class PostInput:
    """The editable fields of a post, as the form fills them."""

    kind: PostKind
    name: str
    place: str = ""
    duties: str = ""
    commitment: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    volunteer_kind_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class PostRow:
    """A post as the list, the details and the plaque see it, with its holders on the day asked about."""

    id: int
    branch_id: int
    branch_name: str
    kind: PostKind
    name: str
    place: str
    duties: str
    commitment: str
    started_on: dt.date | None
    ended_on: dt.date | None
    volunteer_kind_id: int | None
    volunteer_kind_name: str
    notes: str
    voided_on: dt.date | None
    void_reason: str
    status: PostStatus
    holders: tuple[HolderRow, ...]  # those holding it on the day asked about
    latest_review: ReviewRow | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def kind_short(self) -> str:
        return KIND_SHORT[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    @property
    def holder_names(self) -> str:
        return "、".join(h.label for h in self.holders)

    @property
    def duty_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.duties.splitlines() if line.strip())

    def to_input(self) -> PostInput:
        return PostInput(**{f.name: getattr(self, f.name) for f in fields(PostInput)})


@dataclass(frozen=True)
class KindCount:
    """How many posts of a kind the branch has (voided left out), and how many are 在岗 today."""

    kind: PostKind
    label: str
    total: int
    active: int


def status_of(post: Post, day: dt.date) -> PostStatus:
    if post.voided_on is not None:
        return PostStatus.VOIDED
    if post.started_on is not None and post.started_on > day:
        return PostStatus.NOT_STARTED
    if post.ended_on is not None and post.ended_on < day:
        return PostStatus.CLOSED
    return PostStatus.ACTIVE


def default_volunteer_kind(session: Session) -> int | None:
    """导医导诊 when the list has it (the outpatient desk), else None."""
    return session.scalar(select(VolunteerKind.id).where(VolunteerKind.name == GUIDE_KIND))


def volunteer_kinds(session: Session) -> list[tuple[int, str]]:
    """The volunteer-service kinds a volunteer post may count under, in list order."""
    stmt = (
        select(VolunteerKind.id, VolunteerKind.name)
        .where(VolunteerKind.archived.is_(False))
        .order_by(VolunteerKind.sort_order, VolunteerKind.id)
    )
    return [(kid, name) for kid, name in session.execute(stmt)]


def _clean(data: PostInput) -> PostInput:
    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip().splitlines())

    return PostInput(
        kind=data.kind,
        name=" ".join(data.name.split()),
        place=" ".join(data.place.split()),
        duties=tidy(data.duties),
        commitment=tidy(data.commitment),
        started_on=data.started_on,
        ended_on=data.ended_on,
        volunteer_kind_id=data.volunteer_kind_id if data.kind is PostKind.VOLUNTEER else None,
        notes=data.notes.strip(),
    )


def _validate(session: Session, branch_id: int, data: PostInput, post_id: int | None) -> None:
    if not data.name:
        raise ValidationError("请填写岗位名称。", field="岗位名称")
    for field, value, limit in (
        ("岗位名称", data.name, NAME_LIMIT),
        ("地点/科室", data.place, PLACE_LIMIT),
        ("岗位职责", data.duties, TEXT_LIMIT),
        ("服务承诺", data.commitment, TEXT_LIMIT),
        ("备注", data.notes, TEXT_LIMIT),
    ):
        if len(value) > limit:
            raise ValidationError(f"最多 {limit} 个字，现在有 {len(value)} 个字。", field=field)
    if data.started_on is None:
        raise ValidationError("请填写设岗日期。", field="设岗日期")
    if data.ended_on is not None and data.ended_on < data.started_on:
        raise ValidationError("撤岗日期不能早于设岗日期。", field="撤岗日期")
    if data.volunteer_kind_id is not None and session.get(VolunteerKind, data.volunteer_kind_id) is None:
        raise ValidationError("所选的志愿服务类别不存在。", field="志愿服务类别")
    same = select(Post.id).where(
        Post.branch_id == branch_id,
        Post.kind == data.kind,
        Post.name == data.name,
        Post.voided_on.is_(None),
        Post.id != (post_id or 0),
    )
    if session.scalar(same) is not None:
        raise ValidationError(f"本支部已有名为“{data.name}”的{KIND_LABELS[data.kind]}。", field="岗位名称")


def _apply(post: Post, data: PostInput) -> None:
    for f in fields(PostInput):
        setattr(post, f.name, getattr(data, f.name))


def create_post(
    session: Session, branch_id: int, data: PostInput, *, today: dt.date | None = None
) -> PostRow:
    """Set up a post; a volunteer post without a kind counts its turns under 导医导诊."""
    if session.get(Branch, branch_id) is None:
        raise NotFoundError("该支部不存在。", context=f"branch {branch_id}")
    data = _clean(data)
    if data.kind is PostKind.VOLUNTEER and data.volunteer_kind_id is None:
        data = replace(data, volunteer_kind_id=default_volunteer_kind(session))
    _validate(session, branch_id, data, None)
    order = session.scalar(select(func.max(Post.sort_order)).where(Post.branch_id == branch_id)) or 0
    post = Post(branch_id=branch_id, sort_order=order + 1)
    _apply(post, data)
    session.add(post)
    session.flush()
    return get_post(session, post.id, on=today)


def update_post(session: Session, post_id: int, data: PostInput, *, today: dt.date | None = None) -> PostRow:
    """Save an edited post; its holders must still fit inside its (new) dates."""
    post = load_post(session, post_id)
    ensure_open(post)
    data = _clean(data)
    _validate(session, post.branch_id, data, post_id)
    assert data.started_on is not None  # _validate
    early = session.scalar(
        select(func.min(PostHolder.started_on)).where(
            PostHolder.post_id == post_id, PostHolder.voided_on.is_(None)
        )
    )
    if early is not None and early < data.started_on:
        raise ValidationError(f"已有党员自 {early:%Y-%m-%d} 起在岗，设岗日期不能晚于该日。", field="设岗日期")
    if data.ended_on is not None:
        end_open_holders(session, post_id, data.ended_on)
    _apply(post, data)
    session.flush()
    return get_post(session, post_id, on=today)


def close_post(session: Session, post_id: int, *, on: dt.date) -> PostRow:
    """撤岗: the post ends on `on` (its last day), and so do the holdings still running then."""
    post = load_post(session, post_id)
    ensure_open(post)
    if post.started_on is not None and on < post.started_on:
        raise ValidationError("撤岗日期不能早于设岗日期。", field="撤岗日期")
    end_open_holders(session, post_id, on)
    post.ended_on = on
    session.flush()
    return get_post(session, post_id, on=on)


def void_post(session: Session, post_id: int, *, on: dt.date, reason: str) -> None:
    """Void a post entered by mistake; it stays with the date and the reason, and its turns stop counting."""
    post = load_post(session, post_id)
    ensure_open(post)
    if not reason.strip():
        raise ValidationError("请填写作废原因。", field="作废原因")
    post.voided_on = on
    post.void_reason = reason.strip()
    session.flush()


# --- reading posts -------------------------------------------------------------------------------


def _rows(session: Session, day: dt.date, *where: ColumnElement[bool]) -> list[PostRow]:
    """Posts matching `where` in kind and set-up order, with holders on `day` (three queries in all)."""
    stmt = (
        select(Post, Branch.name, VolunteerKind.name)
        .join(Branch, Branch.id == Post.branch_id)
        .outerjoin(VolunteerKind, VolunteerKind.id == Post.volunteer_kind_id)
        .where(*where)
        .order_by(Post.sort_order, Post.id)
    )
    found = session.execute(stmt).all()
    ids = [p.id for p, _b, _k in found]
    held: dict[int, list[HolderRow]] = defaultdict(list)
    if ids:
        for h in holder_rows(session, PostHolder.post_id.in_(ids), *holding_on(day)):
            held[h.post_id].append(h)
    reviews = latest_reviews(session, ids)
    kinds = list(PostKind)
    rows = [
        PostRow(
            id=p.id,
            branch_id=p.branch_id,
            branch_name=branch,
            kind=p.kind,
            name=p.name,
            place=p.place,
            duties=p.duties,
            commitment=p.commitment,
            started_on=p.started_on,
            ended_on=p.ended_on,
            volunteer_kind_id=p.volunteer_kind_id,
            volunteer_kind_name=kind or "",
            notes=p.notes,
            voided_on=p.voided_on,
            void_reason=p.void_reason,
            status=status_of(p, day),
            holders=tuple(sorted(held[p.id], key=lambda h: (not h.role, h.started_on, h.id))),  # 岗长 first
            latest_review=reviews.get(p.id),
        )
        for p, branch, kind in found
    ]
    return sorted(rows, key=lambda r: kinds.index(r.kind))


def get_post(session: Session, post_id: int, *, on: dt.date | None = None) -> PostRow:
    rows = _rows(session, on or dt.date.today(), Post.id == post_id)
    if not rows:
        raise NotFoundError("该岗位不存在，可能已被其他窗口修改。", context=f"post {post_id}")
    return rows[0]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_posts(
    session: Session,
    branch_id: int,
    *,
    kind: PostKind | None = None,
    status: PostStatus | None = None,
    on: dt.date | None = None,
    search: str = "",
) -> list[PostRow]:
    """The branch's posts by kind, with holders on `on` (today); voided ones only when status asks.

    `search` finds a post by its name, place or a holder's name (holders of any time, not voided ones).
    """
    day = on or dt.date.today()
    where: list[ColumnElement[bool]] = [Post.branch_id == branch_id]
    if kind is not None:
        where.append(Post.kind == kind)
    if status is PostStatus.VOIDED:
        where.append(Post.voided_on.is_not(None))
    else:
        where.append(Post.voided_on.is_(None))
    if search.strip():
        pattern = _like(search.strip())
        by_holder = (
            select(PostHolder.post_id)
            .join(Member, Member.id == PostHolder.member_id)
            .where(Member.name.like(pattern, escape="\\"), PostHolder.voided_on.is_(None))
        )
        where.append(
            or_(
                Post.name.like(pattern, escape="\\"),
                Post.place.like(pattern, escape="\\"),
                Post.id.in_(by_holder),
            )
        )
    rows = _rows(session, day, *where)
    if status is not None and status is not PostStatus.VOIDED:
        rows = [r for r in rows if r.status is status]
    return rows


def kind_counts(session: Session, branch_id: int, *, on: dt.date | None = None) -> list[KindCount]:
    """Per kind, in the order DOMAIN lists them: posts set up (voided left out) and those 在岗 on `on`."""
    day = on or dt.date.today()
    active = and_(
        or_(Post.started_on.is_(None), Post.started_on <= day),
        or_(Post.ended_on.is_(None), Post.ended_on >= day),
    )
    stmt = (
        select(Post.kind, func.count(), func.sum(case((active, 1), else_=0)))
        .where(Post.branch_id == branch_id, Post.voided_on.is_(None))
        .group_by(Post.kind)
    )
    found = {kind: (total, int(on_post or 0)) for kind, total, on_post in session.execute(stmt)}
    return [KindCount(kind, KIND_LABELS[kind], *found.get(kind, (0, 0))) for kind in PostKind]


def member_posts(session: Session, member_id: int, *, on: dt.date | None = None) -> list[PostRow]:
    """The posts a member holds on `on` (a member may hold several)."""
    day = on or dt.date.today()
    held = select(PostHolder.post_id).where(PostHolder.member_id == member_id, *holding_on(day))
    return _rows(session, day, Post.id.in_(held), Post.voided_on.is_(None))


def roll_members(session: Session, branch_id: int, day: dt.date) -> list[tuple[int, str]]:
    """(id, name) of the members on the branch roll on `day`, in roll order: who may take a post."""
    history = RollHistory(session, branch_id)
    stmt = (
        select(Member.id, Member.name)
        .where(Member.branch_id == branch_id)
        .order_by(Member.roll_order, Member.id)
    )
    return [(mid, name) for mid, name in session.execute(stmt) if history.on_roll(mid, day)]
