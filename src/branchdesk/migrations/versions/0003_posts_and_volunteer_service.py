"""Posts (设岗定责) with holders, reviews and duty turns; volunteer service with kinds, partner units,
events and participants. Seeds the volunteer kinds DOMAIN.md lists.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 17:37:58.163053
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied, not imported: a migration must not change when the model module does.
DEFAULT_KINDS = ("义诊", "健康科普/讲座", "导医导诊", "社区服务", "进校园", "无偿献血", "乡村帮扶", "其他")


def upgrade() -> None:
    op.create_table(
        "partner_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("contact", sa.String(length=50), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_unit")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_unit_name")),
    )
    kinds = op.create_table(
        "volunteer_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_kind")),
        sa.UniqueConstraint("name", name=op.f("uq_volunteer_kind_name")),
    )
    op.bulk_insert(
        kinds,
        [
            {"name": name, "sort_order": position, "archived": False}
            for position, name in enumerate(DEFAULT_KINDS, start=1)
        ],
    )
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "model",
                "area",
                "pioneer",
                "volunteer",
                "commando",
                name="post_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("duties", sa.Text(), nullable=False),
        sa.Column("commitment", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("volunteer_kind_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_post_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["volunteer_kind_id"],
            ["volunteer_kind.id"],
            name=op.f("fk_post_volunteer_kind_id_volunteer_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post")),
    )
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.create_index("ix_post_branch_kind", ["branch_id", "kind"], unique=False)

    op.create_table(
        "duty_turn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "planned",
                "served",
                "swapped",
                "missed",
                name="duty_outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("swapped_with_id", sa.Integer(), nullable=True),
        sa.Column("people_helped", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_duty_turn_member_id_member")),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_duty_turn_post_id_post")),
        sa.ForeignKeyConstraint(
            ["swapped_with_id"], ["member.id"], name=op.f("fk_duty_turn_swapped_with_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_turn")),
    )
    with op.batch_alter_table("duty_turn", schema=None) as batch_op:
        batch_op.create_index("ix_duty_turn_member_date", ["member_id", "on_date"], unique=False)
        batch_op.create_index("ix_duty_turn_post_date", ["post_id", "on_date"], unique=False)

    op.create_table(
        "post_holder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_post_holder_member_id_member")),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_post_holder_post_id_post")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_holder")),
    )
    with op.batch_alter_table("post_holder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_holder_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_post_holder_post_id"), ["post_id"], unique=False)

    op.create_table(
        "post_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=30), nullable=False),
        sa.Column(
            "grade",
            sa.Enum(
                "excellent",
                "good",
                "fair",
                "poor",
                name="review_grade",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "assessor",
            sa.Enum(
                "self",
                "members",
                "patients",
                "leaders",
                "branch",
                name="review_assessor",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_post_review_member_id_member")),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_post_review_post_id_post")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_review")),
    )
    with op.batch_alter_table("post_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_review_post_id"), ["post_id"], unique=False)

    op.create_table(
        "volunteer_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("partner_unit_id", sa.Integer(), nullable=True),
        sa.Column("people_served", sa.Integer(), nullable=False),
        sa.Column("training", sa.Text(), nullable=False),
        sa.Column("honours", sa.Text(), nullable=False),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_volunteer_event_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"], ["volunteer_kind.id"], name=op.f("fk_volunteer_event_kind_id_volunteer_kind")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_volunteer_event_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["partner_unit_id"],
            ["partner_unit.id"],
            name=op.f("fk_volunteer_event_partner_unit_id_partner_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_event")),
    )
    with op.batch_alter_table("volunteer_event", schema=None) as batch_op:
        batch_op.create_index("ix_volunteer_event_branch_held_on", ["branch_id", "held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteer_event_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "volunteer_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("outside_name", sa.String(length=50), nullable=False),
        sa.Column("outside_unit", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("evaluation", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["volunteer_event.id"],
            name=op.f("fk_volunteer_participant_event_id_volunteer_event"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_volunteer_participant_member_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_participant")),
        sa.UniqueConstraint("event_id", "member_id", name="uq_volunteer_participant_member"),
    )
    with op.batch_alter_table("volunteer_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_participant_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("volunteer_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_participant_member_id"))

    op.drop_table("volunteer_participant")
    with op.batch_alter_table("volunteer_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_event_meeting_id"))
        batch_op.drop_index("ix_volunteer_event_branch_held_on")

    op.drop_table("volunteer_event")
    with op.batch_alter_table("post_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_review_post_id"))

    op.drop_table("post_review")
    with op.batch_alter_table("post_holder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_holder_post_id"))
        batch_op.drop_index(batch_op.f("ix_post_holder_member_id"))

    op.drop_table("post_holder")
    with op.batch_alter_table("duty_turn", schema=None) as batch_op:
        batch_op.drop_index("ix_duty_turn_post_date")
        batch_op.drop_index("ix_duty_turn_member_date")

    op.drop_table("duty_turn")
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_index("ix_post_branch_kind")

    op.drop_table("post")
    op.drop_table("volunteer_kind")
    op.drop_table("partner_unit")
