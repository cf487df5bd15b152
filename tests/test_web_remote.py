"""School-server mode: refusals to serve other computers, users file, sign-in, throttling, who sees what."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from expert.cli import main
from expert.cli.serve import check_binding
from expert.errors import UserError
from expert.web.users import add_user
from tests.consult_helpers import CONSULT_KB, classifier
from tests.web_helpers import csrf_of, make_client, start

PASSWORD = "correct horse battery"


@pytest.fixture
def users(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, "anna", "pedagogue", PASSWORD)
    add_user(path, "boris", "pedagogue", PASSWORD)
    add_user(path, "maria", "methodologist", PASSWORD)
    return path


def sign_in(client, name: str, password: str = PASSWORD):
    form = client.get("/login")
    return client.post("/login", data={"csrf": csrf_of(form.text), "username": name, "password": password})


@pytest.mark.parametrize(("args", "message"), [
    (["--host", "0.0.0.0"], "0.0.0.0 доступен с других компьютеров"),
    (["--host", "192.168.1.5", "--users", "u.json"], "нужен режим школьного сервера"),
    (["--host", "0.0.0.0", "--allow-remote"], "--allow-remote требует --users"),
])
def test_serving_other_computers_is_refused_without_allow_remote_and_users(tmp_path, args, message):
    res = CliRunner().invoke(main, ["serve", "--no-browser", "--data", str(tmp_path / "d.sqlite3"), *args])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ошибка: ") and message in lines[0]


def test_a_users_file_without_users_or_unreadable_is_refused(tmp_path):
    empty = tmp_path / "u.json"
    empty.write_text(json.dumps({"format": "expert-users/1", "users": {}}))
    res = CliRunner().invoke(main, ["serve", "--no-browser", "--users", str(empty), "--data", str(tmp_path / "d")])
    assert res.exit_code == 2 and "нет ни одного пользователя" in res.output
    (tmp_path / "bad.json").write_text("{")
    res = CliRunner().invoke(main, ["serve", "--no-browser", "--users", str(tmp_path / "bad.json")])
    assert res.exit_code == 2 and res.output.count("\n") == 1 and "Traceback" not in res.output


def test_loopback_addresses_need_no_school_server_mode():
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_binding(host, False, None, "ru")
    with pytest.raises(UserError):
        check_binding("::", False, None, "ru")


def test_users_add_stores_an_argon2_hash_in_a_private_file(tmp_path):
    path = tmp_path / "users.json"
    res = CliRunner().invoke(main, ["users", "add", "anna", "--role", "pedagogue", "--users", str(path),
                                    "--password-stdin"], input=PASSWORD + "\n")
    assert res.exit_code == 0, res.output
    data = json.loads(path.read_text())
    assert data["users"]["anna"]["role"] == "pedagogue"
    assert data["users"]["anna"]["hash"].startswith("$argon2id$") and PASSWORD not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    short = CliRunner().invoke(main, ["users", "add", "b", "--role", "pedagogue", "--users", str(path),
                                      "--password-stdin"], input="short\n")
    assert short.exit_code == 2 and "не короче 8" in short.output
    bad_role = CliRunner().invoke(main, ["users", "add", "b", "--role", "admin", "--users", str(path)])
    assert bad_role.exit_code == 2


def test_sign_in_is_needed_and_a_wrong_password_is_refused_ever_more_slowly(tmp_path, users):
    client = make_client(tmp_path, classifier(CONSULT_KB), token=None, users_file=users, login_delay=0.01)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/?token=anything", follow_redirects=False).headers["location"] == "/login"
    throttle = client.app.state.web.throttle
    for n in range(1, 4):
        response = sign_in(client, "anna", "wrong password")
        assert response.status_code == 401 and "Неверное имя пользователя или пароль." in response.text
        assert throttle.delay("user:anna") == pytest.approx(0.01 * 2 ** (n - 1))
    assert sign_in(client, "nobody").status_code == 401  # the same answer for an unknown name
    response = sign_in(client, "anna")
    assert response.status_code == 200 and "Вы вошли как anna" in response.text
    assert throttle.delay("user:anna") == 0


def test_sign_in_without_the_forms_token_is_refused(tmp_path, users):
    client = make_client(tmp_path, classifier(CONSULT_KB), token=None, users_file=users)
    response = client.post("/login", data={"username": "anna", "password": PASSWORD})
    assert response.status_code == 403 and "Запрос отклонён" in response.text


def test_a_pedagogue_sees_only_their_students_and_a_methodologist_all(tmp_path, users):
    c = classifier(CONSULT_KB)
    anna = make_client(tmp_path, c, token=None, users_file=users)
    sign_in(anna, "anna")
    cid, _ = start(anna, "S-ANNA")
    boris = make_client(tmp_path, c, token=None, users_file=users)
    sign_in(boris, "boris")
    assert "S-ANNA" not in boris.get("/").text
    for url in (f"/c/{cid}", f"/c/{cid}/result", f"/c/{cid}/report", f"/c/{cid}/why", "/students/S-ANNA"):
        assert boris.get(url).status_code == 404, url
    page = boris.get("/").text
    assert boris.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": "x"}).status_code == 404
    maria = make_client(tmp_path, c, token=None, users_file=users)
    sign_in(maria, "maria")
    assert "S-ANNA" in maria.get("/").text and maria.get(f"/c/{cid}").status_code == 200
    assert maria.get("/students/S-ANNA").status_code == 200


def test_sign_out_ends_the_session(tmp_path, users):
    client = make_client(tmp_path, classifier(CONSULT_KB), token=None, users_file=users)
    page = sign_in(client, "anna").text
    client.post("/logout", data={"csrf": csrf_of(page)})
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_expert_serve_prints_a_tokened_local_url_that_opens_the_app(tmp_path):
    import os
    import re
    import subprocess
    import sys
    import time

    import httpx

    env = {**os.environ, "EXPERT_LANG": "ru"}
    proc = subprocess.Popen([sys.executable, "-m", "expert", "serve", "--no-browser", "--port", "0", "--kb",
                             str(CONSULT_KB), "--data", str(tmp_path / "d.sqlite3")], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    try:
        first = proc.stdout.readline()
        url = re.search(r"Откройте в браузере: (http://127\.0\.0\.1:\d+/\?token=\S+)", first).group(1)
        assert "Данные: " in proc.stdout.readline()
        for _ in range(100):
            try:
                with httpx.Client(follow_redirects=True) as http:
                    assert http.get(url.split("?")[0]).status_code == 403  # no token, no page
                    page = http.get(url)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert page.status_code == 200 and "Новая консультация" in page.text and "token" not in str(page.url)
        assert stat.S_IMODE((tmp_path / "d.sqlite3").stat().st_mode) == 0o600
    finally:
        proc.terminate()
        proc.wait(10)


def test_users_list_shows_roles_not_hashes_and_remove_closes_the_sign_in(tmp_path, users):
    listed = CliRunner().invoke(main, ["users", "list", "--users", str(users)])
    assert listed.exit_code == 0 and listed.output.splitlines() == ["anna: pedagogue", "boris: pedagogue",
                                                                    "maria: methodologist"]
    removed = CliRunner().invoke(main, ["users", "remove", "boris", "--users", str(users)])
    assert removed.exit_code == 0 and "boris" not in json.loads(users.read_text())["users"]
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    client = make_client(tmp_path, classifier(CONSULT_KB), token=None, users_file=users)
    assert sign_in(client, "boris").status_code == 401
    again = CliRunner().invoke(main, ["users", "remove", "boris", "--users", str(users)])
    assert again.exit_code == 2 and "такого пользователя нет" in again.output


def test_the_sign_in_page_switches_language_and_the_session_keeps_it(tmp_path, users):
    client = make_client(tmp_path, classifier(CONSULT_KB), token=None, users_file=users)
    form = client.get("/login?lang=en")
    assert "Sign in" in form.text and 'href="/login?lang=kk"' in form.text
    home = client.post("/login?lang=en", data={"csrf": csrf_of(form.text), "username": "anna", "password": PASSWORD,
                                               "lang": "en"})
    assert "New consultation" in home.text and "Signed in as anna" in home.text
    assert "Вход" in client.get("/login?lang=xx").text
