"""How bad a leak would be: people, movements, re-identification, laws, score.

Contract used by the scan (implemented in :mod:`leakwarden.risk.assess`)::

    assessor = CollectionAssessor(sample, findings, hasher)   # profile.CollectionSample,
                                                               # list[report.FieldFinding], privacy.Hasher
    for flat in records: assessor.update(flat)   # sample.records, or every record with --full
    collection = assessor.result()               # -> report.Collection (personal, sensitivity,
                                                 #    persons_estimated, trajectory, regulations,
                                                 #    reidentification, fields)
    assess_store(store, assessors)               # fills store.risk, persons, links,
                                                 # regulations and the remediation plan in place

Modules: ``hll`` (HyperLogLog, hash samples), ``keys`` (person keys and their
normalisation), ``faces`` (near-duplicate hashing of face embeddings),
``places`` (when two sightings are distinct places), ``people`` (per-key
sketches, per-person movement), ``kanon`` (k-anonymity), ``score``
(sensitivity, store risk), ``regulations`` (+ ``data/regulations.yaml``),
``remediation`` (the ordered plan).  Formulas: ``docs/risk.md``.
"""

from leakwarden.risk.assess import CollectionAssessor, assess_store

__all__ = ["CollectionAssessor", "assess_store"]
