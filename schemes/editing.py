"""The create/edit screen every scheme record shares: validate, save through the service, audit,
redirect to the record; or show the form again with the refusal and nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from core.audit import record
from core.extensions import db
from core.refusals import Refusal, show_refusal


@dataclass(frozen=True)
class EditScreen:
    object_type: str  # audit object type, e.g. "watch_scheme"
    detail_endpoint: str
    id_arg: str
    list_endpoint: str
    caption: str
    new_title: str


def save_record(screen: EditScreen, obj, form: FlaskForm, save: Callable[..., object]):
    """Handle a create (obj None) or edit form for a record with a ``name``."""
    if form.validate_on_submit():
        values = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
        try:
            saved = save(obj, **values)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            action = f"{screen.object_type}_{'updated' if obj else 'created'}"
            record(action, screen.object_type, saved.id, detail={"name": saved.name})
            db.session.commit()
            flash(f"{saved.name} saved", "success")
            return redirect(url_for(screen.detail_endpoint, **{screen.id_arg: saved.id}))
    back = url_for(screen.detail_endpoint, **{screen.id_arg: obj.id}) if obj else url_for(screen.list_endpoint)
    title = f"Edit {obj.name}" if obj else screen.new_title
    return render_template("schemes/form.html", form=form, title=title, caption=screen.caption, back_url=back)
