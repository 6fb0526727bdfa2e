"""Field-name lexicon in several languages and naming habits."""

from __future__ import annotations

import pytest

from leakwarden.detect.lexicon import default_lexicon, name_evidence


@pytest.mark.parametrize(
    "path,category",
    [
        ("idCardNumber", "person.government_id"),
        ("ID_CARD_NO", "person.government_id"),
        ("idCard.number", "person.government_id"),
        ("sfzh", "person.government_id"),            # pinyin initials of 身份证号
        ("gmsfhm", "person.government_id"),          # 公民身份号码
        ("身份证号码", "person.government_id"),
        ("shenfenzhenghao", "person.government_id"),
        ("Personalausweisnummer", "person.government_id"),
        ("numero_de_pasaporte", "person.government_id"),
        ("xm", "person.name"),
        ("姓名", "person.name"),
        ("suspect.name", "person.name"),
        ("xyrxm", "person.name"),                    # 嫌疑人姓名: pinyin initials compound
        ("Nachname", "person.name"),
        ("фамилия", "person.name"),
        ("csrq", "person.birthdate"),
        ("дата_рождения", "person.birthdate"),
        ("Geburtsdatum", "person.birthdate"),
        ("xb", "person.gender"),
        ("sexo", "person.gender"),
        ("lxdh", "person.phone"),
        ("phoneNumber", "person.phone"),
        ("Telefonnummer", "person.phone"),
        ("hjdz", "person.address"),
        ("zjxy", "special.religion"),
        ("zzmm", "special.political"),
        ("mz", "special.ethnicity"),
        ("fxdd", "location.place"),                  # 发现地点
        ("bjsj", "time.timestamp"),                  # 报警时间
        ("faceFeature", "biometric.face_embedding"),
        ("eyeOpen", "biometric.face_attributes"),
        ("颜值", "biometric.face_attributes"),
        ("imei", "device.imsi_imei"),
        ("macAddress", "device.mac"),
        ("client_ip", "network.ip"),
        ("hphm", "person.vehicle_plate"),
        ("Kennzeichen", "person.vehicle_plate"),
        ("mot_de_passe", "credential.secret"),
        ("IBAN", "financial.bank_account"),
        ("userId", "person.internal_id"),
        ("人员编号", "person.internal_id"),
    ],
)
def test_names_give_evidence(path, category):
    assert name_evidence(path).get(category) >= 2.0, name_evidence(path).categories


@pytest.mark.parametrize(
    "path,category",
    [
        ("camera.name", "person.name"),
        ("productName", "person.name"),
        ("requestId", "person.internal_id"),
        ("order_id", "person.internal_id"),
        ("server_health", "special.health"),
        ("cuisine", "special.ethnicity"),
        ("phone_model", "person.phone"),
        ("ip_address", "person.address"),
        ("birthplace", "person.birthdate"),
        ("third_party", "special.political"),
        ("coverage", "person.age"),                  # not "cover" + "age"
        ("page", "person.age"),
        ("message", "person.age"),
        ("zjlx", "person.government_id"),            # 证件类型: the type, not the number
    ],
)
def test_names_that_must_not_give_evidence(path, category):
    assert name_evidence(path).get(category) <= 0.5, name_evidence(path).categories


def test_tokenizer_habits():
    lex = default_lexicon()
    assert lex.tokenize("faceFeature2") == ["face", "feature", "2"]
    assert lex.tokenize("ID_CARD-no") == ["id", "card", "no"]
    assert lex.tokenize("phonenumber") == ["phonenumber"] or lex.tokenize("phonenumber") == ["phone", "number"]
    assert lex.tokenize("Prénom") == ["prenom"]


def test_collection_context():
    ev = name_evidence("feature", "face_capture_2019")
    assert ev.context.get("collection.ctx.face", 0) > 0
