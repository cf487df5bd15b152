"""``expert serve`` (the web application) and ``expert users add`` (who may sign in on a school server)."""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys
import threading
import webbrowser
from pathlib import Path

import click

from expert.cli.commands import command_help
from expert.cli.common import classifier_for, kb_option, lang_option, report_user_errors
from expert.errors import UserError

SERVE_TEXTS: dict[str, tuple[str, str]] = {
    "open": ("Откройте в браузере: {url}", "Open in a browser: {url}"),
    "data": ("Данные: {path}", "Data: {path}"),
    "users": ("Вход по именам и паролям из {path}", "Sign-in with the names and passwords of {path}"),
    "stop": ("Остановить: Ctrl-C", "To stop: Ctrl-C"),
    "remote_refused": ("адрес {host} доступен с других компьютеров: нужен режим школьного сервера "
                       "(--allow-remote --users ФАЙЛ; пользователи: expert users add ИМЯ --role ...)",
                       "{host} is reachable from other computers: this needs school-server mode "
                       "(--allow-remote --users FILE; add users with expert users add NAME --role ...)"),
    "remote_needs_users": ("--allow-remote требует --users ФАЙЛ (вход по паролям)",
                           "--allow-remote needs --users FILE (sign-in with passwords)"),
    "no_users": ("в файле пользователей нет ни одного пользователя: expert users add ИМЯ --role ...",
                 "the users file has no users: expert users add NAME --role ..."),
    "user_added": ("Пользователь {name} ({role}) добавлен в {path}", "User {name} ({role}) added to {path}"),
    "user_replaced": ("Пароль и роль пользователя {name} ({role}) заменены в {path}",
                      "User {name} ({role}) replaced in {path}"),
    "password_prompt": ("Пароль", "Password"),
    "user_removed": ("Пользователь {name} удалён из {path}; его вход закрыт после перезапуска сервера",
                     "User {name} removed from {path}; they can no longer sign in once the server restarts"),
    "user_line": ("{name}: {role}", "{name}: {role}"),
}


def st(key: str, lang: str, **kwargs: object) -> str:
    from expert.i18n import pick

    return pick(SERVE_TEXTS, key, lang, **kwargs)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, allow_remote: bool, users_file: Path | None, lang: str) -> None:
    """Refuse to serve students' data to other computers without sign-in: one line, exit status 2."""
    if allow_remote and users_file is None:
        raise UserError.single("--allow-remote", st("remote_needs_users", lang))
    if not is_loopback(host) and not (allow_remote and users_file is not None):
        raise UserError.single("--host", st("remote_refused", lang, host=host))


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def default_users_file() -> Path:
    from expert.web.store import default_db_path

    return default_db_path().with_name("users.json")


@click.command("serve", help=command_help("serve"))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this computer needs --allow-remote --users.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="0: any free port.")
@click.option("--no-browser", is_flag=True, help="Do not open the browser / не открывать браузер.")
@click.option("--allow-remote", is_flag=True, help="School-server mode: serve other computers (needs --users).")
@click.option("--users", "users_file", type=click.Path(path_type=Path),
              help="Users file (expert users add): sign-in with names and passwords instead of the link's key.")
@click.option("--data", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              help="The SQLite file of consultations (default: in the user's data folder).")
@kb_option
@lang_option
@report_user_errors
def serve_command(host: str, port: int, no_browser: bool, allow_remote: bool, users_file: Path | None,
                  db_path: Path | None, kb_dir: Path, lang: str) -> None:
    import uvicorn

    from expert.web.app import create_app
    from expert.web.context import Config
    from expert.web.store import default_db_path
    from expert.web.users import load_users

    check_binding(host, allow_remote, users_file, lang)
    if users_file is not None and not load_users(users_file):
        raise UserError.single(str(users_file), st("no_users", lang))
    config = Config(kb_dir=kb_dir, db_path=db_path or default_db_path(), lang=lang, users_file=users_file,
                    token=None if users_file else secrets.token_urlsafe(24))
    app = create_app(config, classifier_for(str(kb_dir)))
    port = port or free_port(host)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={config.token}" if config.token else "")
    click.echo(st("open", lang, url=url))
    click.echo(st("data", lang, path=config.db_path))
    if users_file:
        click.echo(st("users", lang, path=users_file))
    click.echo(st("stop", lang))
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning",
                                           server_header=False))
    if not no_browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    server.run()


def _open_when_up(server, url: str) -> None:
    for _ in range(200):
        if server.started:
            webbrowser.open(url)
            return
        threading.Event().wait(0.05)


@click.group("users", help=command_help("users"))
def users_group() -> None:
    pass


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["pedagogue", "methodologist"]), required=True,
              help="pedagogue: sees own students only; methodologist: all of the school's.")
@click.option("--users", "users_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Users file (default: users.json in the user's data folder).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@lang_option
@report_user_errors
def users_add_command(name: str, role: str, users_file: Path | None, password_stdin: bool, lang: str) -> None:
    """Add a user (or replace their password and role); the password is stored as an argon2 hash."""
    from expert.web.users import add_user

    path = users_file or default_users_file()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(st("password_prompt", lang), hide_input=True, confirmation_prompt=True)
    replaced = add_user(path, name, role, password)
    click.echo(st("user_replaced" if replaced else "user_added", lang, name=name, role=role, path=path))
    os.chmod(path, 0o600)


@users_group.command("remove")
@click.argument("name")
@click.option("--users", "users_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Users file (default: users.json in the user's data folder).")
@lang_option
@report_user_errors
def users_remove_command(name: str, users_file: Path | None, lang: str) -> None:
    """Remove a user from the users file (their consultations stay in the data file)."""
    from expert.web.users import remove_user

    path = users_file or default_users_file()
    remove_user(path, name)
    click.echo(st("user_removed", lang, name=name, path=path))


@users_group.command("list")
@click.option("--users", "users_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Users file (default: users.json in the user's data folder).")
@lang_option
@report_user_errors
def users_list_command(users_file: Path | None, lang: str) -> None:
    """List the users and their roles (never the password hashes)."""
    from expert.web.users import load_users

    for name, entry in sorted(load_users(users_file or default_users_file()).items()):
        click.echo(st("user_line", lang, name=name, role=entry["role"]))
