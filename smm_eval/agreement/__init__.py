"""Agreement between raters: ICC in every Shrout & Fleiss form, Krippendorff's alpha, rwg, kappa.

Pure functions on arrays and frames, imported from their modules (this package imports nothing,
so the scoring engine can use `raters.rwg` without loading scipy, scikit-learn or krippendorff):
`icc` owns the six ICC forms and their F-based intervals; `panel` chooses the form a vacancy's
design allows (candidates as targets) behind a minimum-sample gate; `raters` owns the per-person
rwg, weighted kappa and the flag of a deviating rater; `records` the typed results
(`Reliability`, `PanelAgreement`) and the gate's constants. See docs/recruiting.md.
"""
