"""Organisational life: meetings, their attendance, and rule settings with effective dates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:11:00.911664
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rule_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_setting")),
        sa.UniqueConstraint("key", "effective_from", name="uq_rule_setting_key_from"),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "theme_day",
                "general_meeting",
                "committee_meeting",
                "group_meeting",
                "party_lecture",
                "life_meeting",
                name="meeting_type",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("host", sa.String(length=50), nullable=False),
        sa.Column("recorder", sa.String(length=50), nullable=False),
        sa.Column("speaker", sa.String(length=50), nullable=False),
        sa.Column("speaker_member_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("resolutions", sa.Text(), nullable=False),
        sa.Column("guests", sa.Text(), nullable=False),
        sa.Column("parts", sa.String(length=200), nullable=False),
        sa.Column("partner_unit", sa.String(length=100), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("vote_subject", sa.String(length=200), nullable=False),
        sa.Column("voters_due", sa.Integer(), nullable=True),
        sa.Column("voters_present", sa.Integer(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_meeting_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["party_group.id"], name=op.f("fk_meeting_group_id_party_group")
        ),
        sa.ForeignKeyConstraint(
            ["speaker_member_id"], ["member.id"], name=op.f("fk_meeting_speaker_member_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_branch_held_on", ["branch_id", "held_on"], unique=False)
        batch_op.create_index(
            "ix_meeting_branch_type_held_on", ["branch_id", "type", "held_on"], unique=False
        )

    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "present",
                "leave",
                "absent",
                "late",
                name="attendance_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_attendance_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_meeting_attendance_member_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
        sa.UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_member"),
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendance_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendance_member_id"))

    op.drop_table("meeting_attendance")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_branch_type_held_on")
        batch_op.drop_index("ix_meeting_branch_held_on")

    op.drop_table("meeting")
    op.drop_table("rule_setting")
