"""Detection: which fields hold which kind of sensitive data.

Contract used by the scan (implemented in :mod:`leakwarden.detect.classifier`)::

    classifier = Classifier(config)                 # config: DetectConfig | None
    findings = classifier.classify(sample)          # sample: profile.CollectionSample
                                                    # -> list[report.FieldFinding]
    counter = classifier.hit_counter(sample, findings)   # --full: exact hit counts
    for flat in stream_of_flattened_records: counter.update(flat)
    findings = counter.finish()                     # same fields, exact hits/examined

Value detectors live one family per module under ``detect/values/``; the
field-name lexicon in ``detect/lexicon.py``; dictionaries of special
categories under ``detect/data/``.
"""

from leakwarden.detect.classifier import Classifier, DetectConfig, HitCounter  # noqa: E402

__all__ = ["Classifier", "DetectConfig", "HitCounter"]
