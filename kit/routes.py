"""The store and the coordinator's actions: add stock and items, issue kit, take it back, write it off."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from core.dates import today
from core.extensions import db
from core.navigation import register_nav
from core.permissions import STAFF, allow
from core.refusals import Refusal, show_refusal
from kit import bp, issuing, stock
from kit.forms import IssueForm, ItemForm, ReturnForm, StockForm, WriteOffForm
from kit.models import KitCategory
from kit.web import holder_or_404, issue_or_404

register_nav("Kit", "kit.index", STAFF, order=60)


@bp.route("/")
@allow(STAFF)
def index():
    """The store: uniform by type and size, and every serial-numbered item with who holds it."""
    return render_template("kit/index.html", lines=stock.stock_lines(), items=stock.serial_items(), today=today())


@bp.route("/stock/new", methods=["GET", "POST"])
@allow(STAFF)
def add_stock():
    """Put uniform into the store (a new type and size, or more of one)."""
    form = StockForm()
    if form.validate_on_submit():
        try:
            line = stock.add_stock(
                KitCategory(form.category.data),
                form.item_type.data,
                form.size.data,
                form.quantity.data,
                form.low_at.data,
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{line.name}: {line.in_store} in the store", "success")
            return redirect(url_for("kit.index"))
    return render_template("kit/form.html", form=form, title="Add uniform to the store", back=url_for("kit.index"))


@bp.route("/items/new", methods=["GET", "POST"])
@allow(STAFF)
def add_item():
    """Add body armour, a radio or a warrant card by its serial number."""
    form = ItemForm()
    if form.validate_on_submit():
        try:
            item = stock.add_item(
                KitCategory(form.category.data),
                form.serial_number.data,
                form.size.data,
                form.expires_on.data,
                form.description.data,
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{item.name} added to the store", "success")
            return redirect(url_for("kit.index"))
    return render_template("kit/form.html", form=form, title="Add an item to the store", back=url_for("kit.index"))


def _issue_choices() -> list[tuple[str, str]]:
    items = [(f"item:{i.id}", i.name) for i in stock.available_items()]
    lines = [
        (f"stock:{s.id}", f"{s.category.label}: {s.name} ({s.in_store} in the store)") for s in stock.available_stock()
    ]
    return [("", "Choose what to issue"), *lines, *items]


@bp.route("/people/<int:volunteer_id>/issue", methods=["GET", "POST"])
@allow(STAFF)
def issue(volunteer_id: int):
    """Issue uniform or an item to a person."""
    volunteer = holder_or_404(volunteer_id, current_user)
    form = IssueForm()
    form.thing.choices = _issue_choices()
    if not form.is_submitted():
        form.issued_on.data = today()
    if form.validate_on_submit():
        kind, _, raw_id = (form.thing.data or "").partition(":")
        try:
            if kind == "item" and raw_id.isdigit():
                done = issuing.issue_item(volunteer, int(raw_id), form.issued_on.data, today(), current_user.id)
            elif kind == "stock" and raw_id.isdigit():
                done = issuing.issue_uniform(
                    volunteer, int(raw_id), form.quantity.data or 1, form.issued_on.data, today(), current_user.id
                )
            else:
                raise Refusal("Choose what to issue", "thing")
        except Refusal as problem:
            show_refusal(form, problem)
            form.thing.choices = _issue_choices()
        else:
            db.session.commit()
            flash(f"{done.name} issued to {volunteer.full_name}", "success")
            return redirect(url_for("kit.person", volunteer_id=volunteer.id))
    back = url_for("kit.person", volunteer_id=volunteer.id)
    return render_template("kit/form.html", form=form, title=f"Issue kit to {volunteer.full_name}", back=back)


@bp.route("/issues/<int:issue_id>/return", methods=["GET", "POST"])
@allow(STAFF)
def return_kit(issue_id: int):
    """Record kit coming back (uniform goes back into the store)."""
    done = issue_or_404(issue_id, current_user)
    form = ReturnForm()
    if not form.is_submitted():
        form.returned_on.data = today()
    if form.validate_on_submit():
        try:
            issuing.return_issue(done, form.returned_on.data, today(), current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{done.name} returned", "success")
            return redirect(url_for("kit.person", volunteer_id=done.volunteer_id))
    back = url_for("kit.person", volunteer_id=done.volunteer_id)
    title = f"Return {done.name} from {done.volunteer.full_name}"
    return render_template("kit/form.html", form=form, title=title, back=back)


@bp.route("/issues/<int:issue_id>/write-off", methods=["GET", "POST"])
@allow(STAFF)
def write_off(issue_id: int):
    """Write off kit that will not come back, with the reason."""
    done = issue_or_404(issue_id, current_user)
    form = WriteOffForm()
    if not form.is_submitted():
        form.written_off_on.data = today()
    if form.validate_on_submit():
        try:
            issuing.write_off(done, form.written_off_on.data, form.reason.data, today(), current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{done.name} written off", "success")
            return redirect(url_for("kit.person", volunteer_id=done.volunteer_id))
    back = url_for("kit.person", volunteer_id=done.volunteer_id)
    title = f"Write off {done.name} held by {done.volunteer.full_name}"
    return render_template("kit/form.html", form=form, title=title, back=back)
