"""The outbox page (admins and coordinators): the channels in force, messages by state, and resending one."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from core.extensions import db
from core.params import whole_number
from core.permissions import STAFF, allow
from notices import bp
from notices.kinds import KINDS
from notices.outbox import delivery, listing
from notices.outbox.channels import configured
from notices.outbox.models import OutboxState


@bp.route("/outbox")
@allow(STAFF)
def outbox():
    """Every email and text: how many in each state, one state's (or all) messages, newest first."""
    state = next((s for s in OutboxState if s.value == request.args.get("state")), None)
    page = whole_number(request.args.get("page")) or 1
    return render_template(
        "notices/outbox.html",
        channels=listing.channels_in_words(current_app.config),
        configured=configured(current_app.config).any,
        counts=listing.state_counts(),
        state=state,
        messages=listing.messages_page(state, page),
        kinds=KINDS,
        resendable={OutboxState.FAILED, OutboxState.CHECK},
        page_url=lambda n: url_for("notices.outbox", state=state.value if state else None, page=n),
    )


@bp.route("/outbox/resend", methods=["POST"])
@allow(STAFF)
def resend():
    """Send a failed message, or one to check, again (an admin's decision, audited)."""
    message_id = whole_number(request.form.get("message_id"))
    if message_id is not None and delivery.resend(message_id):
        db.session.commit()
        flash(f"Message {message_id} will be sent again in a moment", "success")
    else:
        flash("Only a failed message, or one to check, can be sent again", "error")
    return redirect(url_for("notices.outbox", state=request.form.get("state") or None))
