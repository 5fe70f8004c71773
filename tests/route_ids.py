"""The table whose rows a route's id argument names, for the walks that open every page with real ids
(the every-page axe walk, the titles crawl and the hostile-forms walk)."""

ID_TABLES = {
    "volunteer_id": "volunteers",
    "duty_id": "duties",
    "shift_id": "shifts",
    "parish_id": "parishes",
    "agreement_id": "csc_agreements",
    "post_id": "csc_posts",
    "unit_id": "cadet_units",
    "organisation_id": "csas_organisations",
    "person_id": "csas_persons",
    "business_id": "esp_businesses",
    "group_id": "speed_watch_groups",
    "scheme_id": "watch_schemes",
    "interest_id": "watch_interests",
    "application_id": "applications",
    "user_id": "users",
    "claim_id": "expense_claims",
    "payment_run_id": "payment_runs",
    "issue_id": "kit_issues",
    "callout_id": "callouts",
}
