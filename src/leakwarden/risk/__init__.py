"""How bad a leak would be: people, movements, re-identification, laws, score.

Contract used by the scan (implemented in :mod:`leakwarden.risk.assess`)::

    assessor = CollectionAssessor(sample, findings, hasher)   # profile.CollectionSample,
                                                               # list[report.FieldFinding], privacy.Hasher
    for flat in records: assessor.update(flat)   # sample.records, or every record with --full
    collection = assessor.result()               # -> report.Collection (personal, sensitivity,
                                                 #    persons_estimated, trajectory, regulations,
                                                 #    reidentification, fields)
    store_assessment = assess_store(store, assessors)  # fills store.risk, persons, links,
                                                       # regulations and the remediation plan
"""
