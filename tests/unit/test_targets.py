import pytest

from leakwarden.errors import ConfigError
from leakwarden.targets import Credentials, load_credentials_file, parse_target, redact_url


def test_url_credentials_are_parsed_and_never_displayed():
    t = parse_target("http://elastic:hunter2@127.0.0.1:9200/", use_env=False)
    assert t.kind == "http"
    assert t.url == "http://127.0.0.1:9200"
    assert t.credentials.username == "elastic" and t.credentials.password == "hunter2"
    assert "hunter2" not in t.display and "elastic" not in t.display
    assert "hunter2" not in repr(t) and "hunter2" not in repr(t.credentials)


def test_env_credentials(monkeypatch):
    monkeypatch.setenv("LEAKWARDEN_USER", "u1")
    monkeypatch.setenv("LEAKWARDEN_PASSWORD", "p@ss")
    t = parse_target("https://127.0.0.1:9200")
    assert t.credentials.username == "u1" and t.credentials.password == "p@ss"


def test_credentials_file(tmp_path, monkeypatch):
    f = tmp_path / "creds"
    f.write_text("# comment\nuser = admin\npassword = s3cret=x\n")
    c = load_credentials_file(f)
    assert c == Credentials(username="admin", password="s3cret=x")
    monkeypatch.setenv("LEAKWARDEN_CREDENTIALS_FILE", str(f))
    assert parse_target("http://127.0.0.1:1").credentials.username == "admin"


def test_api_key_header():
    assert Credentials(api_key="abc").auth_headers() == {"Authorization": "ApiKey abc"}
    assert Credentials(bearer_token="t").auth_headers() == {"Authorization": "Bearer t"}


@pytest.mark.parametrize("text", ["ftp://host/x", "mongodb://h:27017", "http://", "http://h:99999", "/no/such/path"])
def test_bad_targets(text):
    with pytest.raises(ConfigError):
        parse_target(text, use_env=False)


def test_paths(tmp_path):
    t = parse_target(str(tmp_path))
    assert t.kind == "files" and t.path == tmp_path


def test_redact_url_in_free_text():
    text = "cannot reach http://a:b@h:1/x and https://tok@h2/ ok"
    out = redact_url(text)
    assert "a:b" not in out and "tok@" not in out
    assert out.count("***@") == 2


def test_ipv6_url():
    t = parse_target("http://[::1]:9200", use_env=False)
    assert t.url == "http://[::1]:9200"
