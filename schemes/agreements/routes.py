"""Signed agreements on file: upload (the CiP team) and download (who may read the business or council)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core import files
from core.audit import record
from core.dates import today
from core.extensions import db
from core.models import Parish
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, show_refusal
from schemes import bp
from schemes.agreements import services
from schemes.agreements.forms import SignedAgreementForm
from schemes.models import CscAgreement, EspBusiness


def _upload(form: SignedAgreementForm, owner: dict, title: str, caption: str, back: str):
    if form.validate_on_submit():
        upload = request.files.get("file")
        signing = services.Signing(
            force_signatory=form.force_signatory.data.strip(),
            force_signed_on=form.force_signed_on.data,
            partner_signatory=form.partner_signatory.data.strip(),
            partner_signed_on=form.partner_signed_on.data,
            expires_on=form.expires_on.data,
        )
        try:
            row = services.file_agreement(
                upload.read() if upload else b"",
                upload.filename if upload else "",
                signing,
                today=today(),
                by=current_user.id,
                **owner,
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record("signed_agreement_filed", "signed_agreement", row.id, detail=owner)
            db.session.commit()
            flash("The signed agreement is on file", "success")
            return redirect(back)
    return render_template("schemes/agreement_upload.html", form=form, title=title, caption=caption, back_url=back)


def _download(owner: dict, name: str):
    kept = services.on_file(**owner)
    if not kept or kept[0].file_id is None:
        abort(404)
    stored = db.session.get(files.StoredFile, kept[0].file_id)
    return files.stored_file_response(stored, download_name=name)


@bp.route("/esp/<int:business_id>/agreement/new", methods=["GET", "POST"])
@allow(STAFF)
def esp_agreement_new(business_id: int):
    """File an ESP business's signed memorandum of agreement."""
    business = get_scoped_or_404(EspBusiness, business_id)
    back = url_for("schemes.esp_detail", business_id=business.id)
    return _upload(
        SignedAgreementForm(), {"esp_business_id": business.id}, "File the signed memorandum", business.name, back
    )


@bp.route("/esp/<int:business_id>/agreement.pdf")
@allow(STAFF_AND_SUPERVISORS)
def esp_agreement_pdf(business_id: int):
    """The newest signed memorandum of agreement on file for an ESP business."""
    business = get_scoped_or_404(EspBusiness, business_id)
    return _download({"esp_business_id": business.id}, f"esp-agreement-{business.name}.pdf")


@bp.route("/parishes/agreements/<int:agreement_id>/signed/new", methods=["GET", "POST"])
@allow(STAFF)
def csc_agreement_file_new(agreement_id: int):
    """File a council's signed CSC agreement."""
    agreement = get_scoped_or_404(CscAgreement, agreement_id)
    parish = db.session.get(Parish, agreement.parish_id)
    back = url_for("schemes.parish_detail", parish_id=agreement.parish_id)
    caption = f"{parish.council_name}: agreement of {agreement.signed_on:%-d %B %Y}"
    return _upload(
        SignedAgreementForm(), {"csc_agreement_id": agreement.id}, "File the signed agreement", caption, back
    )


@bp.route("/parishes/agreements/<int:agreement_id>/signed.pdf")
@allow(STAFF_AND_SUPERVISORS)
def csc_agreement_pdf(agreement_id: int):
    """The newest signed copy on file of a council's CSC agreement."""
    agreement = get_scoped_or_404(CscAgreement, agreement_id)
    return _download({"csc_agreement_id": agreement.id}, f"csc-agreement-{agreement.id}.pdf")


@bp.app_template_global("signed_agreements_on_file")
def signed_agreements_on_file(**owner) -> list:
    """The signed copies on file, for the business and council pages (newest first)."""
    return services.on_file(**owner)
