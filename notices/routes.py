"""The notices page: my notices, newest first, and marking them read; "How we contact you"."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from core.extensions import db
from core.permissions import ALL_ROLES, allow
from core.refusals import Refusal, show_refusal
from notices import bp
from notices import services as notices
from notices.forms import preferences_form
from notices.kinds import kinds_for
from notices.outbox import preferences
from notices.outbox.channels import configured


@bp.app_context_processor
def unread_notices() -> dict:
    """The header's unread count, for a signed-in user."""

    def count() -> int:
        if not getattr(current_user, "is_authenticated", False):
            return 0
        return notices.unread_count(current_user)

    return {"unread_notices": count}


@bp.route("/")
@allow(ALL_ROLES)
def index():
    """My notices, newest first (new ones marked)."""
    return render_template("notices/index.html", notes=notices.notices_for(current_user))


@bp.route("/read", methods=["POST"])
@allow(ALL_ROLES)
def read():
    """Mark all my notices read."""
    marked = notices.mark_all_read(current_user)
    db.session.commit()
    flash(f"{marked} notice{'' if marked == 1 else 's'} marked as read", "success")
    return redirect(url_for("notices.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@allow(ALL_ROLES)
def contact_preferences():
    """How we contact you: for each kind of message, in the service only, by email or by text."""
    providers = configured(current_app.config)
    reach = preferences.reach_of(current_user)
    options = preferences.channel_options(reach, providers)
    kinds = kinds_for(current_user.volunteer_id)
    form = preferences_form(options, preferences.chosen_channels(current_user, providers))
    if len(options) > 1 and form.validate_on_submit():
        try:
            preferences.save_choices(current_user, {name: form[name].data for name in kinds}, providers)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("Saved: we will contact you as you chose", "success")
            return redirect(url_for("notices.contact_preferences"))
    return render_template(
        "notices/preferences.html", form=form, kinds=kinds, options=options, reach=reach, providers=providers
    )
