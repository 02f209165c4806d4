"""Named review scenarios (docs/design-notes.md §7.4) shared by the accounts, review and comments
tests: a fresh data folder with its first supervisor 张科长 and a clerk 王科员, both
signed in, and reports of the named fixtures in the store.

Imported by the test modules (`from tests.models.review_fixtures import *`), so the
store fixtures of tests/models/conftest.py stay as they are. scrypt is made cheap here
(`fast_scrypt`) because these tests hash a few passwords each; tests/models/test_accounts.py
checks the real parameters.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from models import accounts as accounts_module
from models.accounts import CLERK, Accounts, User
from models.report import Report
from models.review import approve, submit
from models.store import ReportSummary, Store

SUPERVISOR_NAME, SUPERVISOR_PASSWORD = "张科长", "科长的密码-2024"
CLERK_NAME, CLERK_PASSWORD = "王科员", "科员的密码-2024"


@pytest.fixture
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at n=2**10: the same code path, a fraction of the time."""
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})


@pytest.fixture
def accounts(store: Store, fast_scrypt: None) -> Accounts:
    """The accounts of the store's data folder, still empty (first start)."""
    return Accounts(store.data_dir)


@pytest.fixture
def supervisor(accounts: Accounts) -> User:
    """张科长, the first supervisor, signed in."""
    return accounts.create_first_supervisor(SUPERVISOR_NAME, SUPERVISOR_PASSWORD)


@pytest.fixture
def clerk(accounts: Accounts, supervisor: User) -> User:
    """王科员, a clerk added by 张科长, signed in."""
    accounts.add_user(supervisor, CLERK_NAME, CLERK, CLERK_PASSWORD)
    return accounts.authenticate(CLERK_NAME, CLERK_PASSWORD)


@pytest.fixture
def clean_draft(store: Store, clerk: User, clean_national_2021: Report) -> ReportSummary:
    """The clean national-2021 sample as 王科员's draft: nothing blocks a submission."""
    return store.create(clean_national_2021, clerk.name)


@pytest.fixture
def clean_submitted(store: Store, clerk: User, clean_draft: ReportSummary) -> ReportSummary:
    """The clean draft, submitted by 王科员."""
    return submit(store, clean_draft.id, clerk)


@pytest.fixture
def clean_approved(store: Store, supervisor: User, clean_submitted: ReportSummary) -> ReportSummary:
    """The clean report, approved by 张科长."""
    return approve(store, clean_submitted.id, supervisor)


def edit_store_file(data_dir: Path, report_id: str, change: Any) -> None:
    """A hand edit of store.json, as someone with a text editor would make it: the
    report's document is changed, nothing else (no version, no history, no seal)."""
    path = data_dir / "store.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["reports"].values():
        if record["id"] == report_id:
            change(record["document"])
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
