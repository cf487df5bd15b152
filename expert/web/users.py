"""The users file of school-server mode: names, roles and argon2 password hashes (JSON, mode 0600)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from expert.errors import UserError
from expert.files import write_atomic

FORMAT = "expert-users/1"
ROLES = ("pedagogue", "methodologist")
NAME_PATTERN = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 8
_hasher = PasswordHasher()
# verifying against this when the name is unknown costs the same time, so timing does not reveal names
_DUMMY = _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def sees_all(self) -> bool:
        return self.role == "methodologist"


def load_users(path: Path) -> dict[str, dict[str, str]]:
    """name -> {"role", "hash"}; a UserError naming the file for anything unreadable or malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError.single(str(path), "users file not found (create it: expert users add NAME --role ROLE) / "
                                          "файл пользователей не найден") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError.single(str(path), f"cannot read the users file / не удалось прочитать файл "
                                          f"пользователей: {exc}") from None
    users = data.get("users") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(users, dict) or not all(
            isinstance(u, dict) and u.get("role") in ROLES and isinstance(u.get("hash"), str) for u in users.values()):
        raise UserError.single(str(path), f"not a users file (expected format {FORMAT!r}) / это не файл "
                                          "пользователей")
    return users


def add_user(path: Path, name: str, role: str, password: str) -> bool:
    """Add or replace ``name``; True when it replaced an existing user."""
    if not NAME_PATTERN.match(name):
        raise UserError.single(name, "a user name is 1-64 letters, digits, '.', '_', '@' or '-' / имя пользователя: "
                                     "буквы, цифры, . _ @ -")
    if role not in ROLES:
        raise UserError.single(role, f"role must be one of {', '.join(ROLES)} / роль: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError.single(name, f"the password must have at least {MIN_PASSWORD} characters / пароль не "
                                     f"короче {MIN_PASSWORD} символов")
    path = Path(path)
    users = load_users(path) if path.exists() else {}
    replaced = name in users
    users[name] = {"role": role, "hash": _hasher.hash(password)}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({"format": FORMAT, "users": users}, ensure_ascii=False, indent=2) + "\n",
                 private=True)
    return replaced


def remove_user(path: Path, name: str) -> None:
    """Remove ``name``; a UserError when the file has no such user."""
    path = Path(path)
    users = load_users(path)
    if name not in users:
        raise UserError.single(str(path), f"no user {name!r} in the users file / такого пользователя нет")
    del users[name]
    write_atomic(path, json.dumps({"format": FORMAT, "users": users}, ensure_ascii=False, indent=2) + "\n",
                 private=True)


def verify(users: dict[str, dict[str, str]], name: str, password: str) -> User | None:
    entry = users.get(name)
    try:
        _hasher.verify(entry["hash"] if entry else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return User(name, entry["role"]) if entry else None
