from __future__ import annotations

import pytest

from leakwarden.detect.classifier import Classifier
from leakwarden.profile import CollectionSample


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return Classifier()


@pytest.fixture
def classify(classifier):
    def run(docs, name: str = "records", mapping=None):
        s = CollectionSample(name, mapping=mapping or {})
        s.extend(docs)
        return {f.path: f for f in classifier.classify(s)}

    return run
