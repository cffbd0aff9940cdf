"""A holding or a review entered by mistake is voided (date and reason), never deleted

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 18:20:15.784813
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("post_holder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=False, server_default=""))

    with op.batch_alter_table("post_review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("post_review", schema=None) as batch_op:
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_on")

    with op.batch_alter_table("post_holder", schema=None) as batch_op:
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_on")
