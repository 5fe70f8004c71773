"""The CiP team's expenses pages: rates, cost codes, payment runs and their finance files, and the figures."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.audit import record
from core.csvio import csv_response
from core.dates import add_months, month_start, today
from core.extensions import db
from core.files import StoredFile, stored_file_response
from core.models import Command
from core.period_picker import pick_period
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow
from core.refusals import Refusal, flash_refusal, show_refusal
from core.transactions import commit_unit
from expenses import bp
from expenses.figures import DIMENSION_TITLES, DIMENSIONS, figures_csv_rows, spend_figures
from expenses.forms import CloseRunForm, CostCodeForm, RateForm
from expenses.models import ClaimKind, CostCode, PaymentRun
from expenses.payment_runs import close_run, payment_runs, run_total
from expenses.rates import MEANING, rate_history, rates_in_force, set_rate


def _rates_page(form: RateForm, status: int = 200):
    return (
        render_template(
            "expenses/rates.html",
            form=form,
            current=rates_in_force(today()),
            history=rate_history(),
            meaning=MEANING,
            codes=db.session.scalars(sa.select(CostCode).join(Command).order_by(Command.name)).all(),
        ),
        status,
    )


def _hours_to_minutes(text: str | None) -> int | None:
    try:
        return round(float(text) * 60) if text and text.strip() else None
    except ValueError:
        raise Refusal("Hours must be a number, like 5 or 10", "min_hours") from None


@bp.route("/rates", methods=["GET", "POST"])
@allow(STAFF)
def rates():
    """The rates in force today, every earlier rate, and a new rate from a date."""
    form = RateForm()
    if request.method == "GET":
        return _rates_page(form)
    if not form.validate_on_submit():
        return _rates_page(form, 422)
    kind = ClaimKind(form.kind.data)
    try:
        rate = commit_unit(
            lambda: set_rate(
                kind,
                form.variant.data,
                form.starts_on.data,
                form.amount.pence,
                _hours_to_minutes(form.min_hours.data),
                current_user,
            )
        )
    except Refusal as refusal:
        show_refusal(form, refusal)
        return _rates_page(form, 422)
    record(
        "expense_rate_set",
        "expense_rate",
        rate.id,
        detail={"kind": kind.value, "pence": rate.amount_pence},
        commit=True,
    )
    flash(f"New {kind.label.lower()} rate from {rate.starts_on:%-d %B %Y}", "success")
    return redirect(url_for("expenses.rates"))


@bp.route("/cost-codes", methods=["GET", "POST"])
@allow(STAFF)
def cost_codes():
    """Each command's finance cost code (what the finance file names)."""
    form = CostCodeForm()
    form.command_id.choices = [(c.id, c.name) for c in db.session.scalars(sa.select(Command).order_by(Command.name))]
    if form.validate_on_submit():
        code = db.session.scalar(sa.select(CostCode).where(CostCode.command_id == form.command_id.data))
        if code is None:
            code = CostCode(command_id=form.command_id.data)
            db.session.add(code)
        code.code = form.code.data.strip()
        db.session.flush()
        record("expense_cost_code_set", "expense_cost_code", code.id, detail={"code": code.code}, commit=True)
        flash("Cost code saved", "success")
        return redirect(url_for("expenses.cost_codes"))
    codes = {c.command_id: c.code for c in db.session.scalars(sa.select(CostCode))}
    status = 422 if form.errors else 200
    return render_template("expenses/cost_codes.html", form=form, codes=codes), status


@bp.route("/runs")
@allow(STAFF)
def runs():
    """Every month's payment run: open or closed, its claims and total."""
    listed = payment_runs()
    return render_template("expenses/runs.html", runs=listed, totals={r.id: run_total(r) for r in listed})


@bp.route("/runs/<int:payment_run_id>", methods=["GET", "POST"])
@allow(STAFF)
def run(payment_run_id: int):
    """One payment run: its claims; close it to make the finance file and mark them paid."""
    item = db.session.get(PaymentRun, payment_run_id) or abort(404)
    form = CloseRunForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            commit_unit(lambda: close_run(item, current_user))
        except Refusal as refusal:
            flash_refusal(refusal)
        else:
            flash(f"The {item.month:%B %Y} run is closed: its finance file is ready", "success")
        return redirect(url_for("expenses.run", payment_run_id=item.id))
    return render_template("expenses/run.html", run=item, form=form, total=run_total(item))


def _finance_file(payment_run_id: int, extension: str):
    item = db.session.get(PaymentRun, payment_run_id) or abort(404)
    file_id = item.csv_file_id if extension == "csv" else item.xlsx_file_id
    stored = db.session.get(StoredFile, file_id) if file_id else None
    if stored is None:
        abort(404)
    record("export", "payment_run", item.id, detail={"format": extension}, commit=True)
    return stored_file_response(stored)


@bp.route("/runs/<int:payment_run_id>/finance.csv")
@allow(STAFF)
def finance_csv(payment_run_id: int):
    """The closed run's finance file as a CSV, as stored when it closed."""
    return _finance_file(payment_run_id, "csv")


@bp.route("/runs/<int:payment_run_id>/finance.xlsx")
@allow(STAFF)
def finance_xlsx(payment_run_id: int):
    """The closed run's finance file as an Excel workbook, as stored when it closed."""
    return _finance_file(payment_run_id, "xlsx")


@bp.route("/figures")
@allow(STAFF_AND_SUPERVISORS)
def figures():
    """Spend for any period by month, type, command, programme, volunteer and parish; each figure opens its claims."""
    now = today()
    period = pick_period(request.args, now, (add_months(month_start(now), -11), now))
    figures = spend_figures(current_user, period.start, period.end)
    if request.args.get("format") == "csv":
        return csv_response(
            f"expenses-{period.start}-{period.end}.csv",
            ["Grouping", "Group", "Claims", "Pounds"],
            figures_csv_rows(figures),
        )
    return render_template(
        "expenses/figures.html", period=period, figures=figures, dimensions=DIMENSIONS, titles=DIMENSION_TITLES
    )
