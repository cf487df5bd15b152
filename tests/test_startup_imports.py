"""Start-up guard: ``import expert.cli`` imports no command's module, and ``expert classify one.yaml`` with a
warm KB cache imports neither the roster pipeline, the web application, the loader, networkx nor Excel.

Each check runs in a fresh interpreter (``sys.modules`` of the test process holds everything already).
Speed itself is measured in benchmarks/bench_startup.py, never asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "risk_group.yaml"

# what no command needs before it runs
NOT_AT_IMPORT = ("numpy", "pydantic", "experta", "networkx", "openpyxl", "starlette", "jinja2", "uvicorn", "ruamel",
                 "explain", "expert.web", "expert.batch", "expert.kbtools", "expert.consult", "expert.engine",
                 "expert.cli.classify", "expert.cli.consult", "expert.cli.kb", "expert.cli.serve")
# what one student's text or JSON result does not need (the evaluator's numpy and experta it does)
NOT_FOR_ONE_STUDENT = ("networkx", "openpyxl", "starlette", "jinja2", "uvicorn", "explain", "expert.web",
                       "expert.batch.run", "expert.batch.columns", "expert.kbtools", "expert.consult",
                       "expert.rules.loader", "expert.rules.strata", "expert.cli.serve", "expert.cli.kb")


def loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules (and their packages) in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)), file=sys.__stderr__)"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def offending(modules: set[str], heavy: tuple[str, ...]) -> list[str]:
    return sorted(h for h in heavy if any(m == h or m.startswith(h + ".") for m in modules))


def test_importing_the_cli_imports_no_command() -> None:
    assert offending(loaded_after("import expert.cli"), NOT_AT_IMPORT) == []


def test_one_student_with_a_warm_cache_skips_the_heavy_parts(tmp_path: Path) -> None:
    env = {**os.environ, "EXPERT_CACHE_DIR": str(tmp_path / "cache"), "EXPERT_LANG": "ru"}
    env.pop("EXPERT_CACHE", None)
    run = (f"import sys\nsys.argv = ['expert', 'classify', {str(PROFILE)!r}]\nfrom expert.cli import main\n"
           "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code")
    cold = loaded_after(run, env)
    assert "expert.rules.loader" in cold  # the first run loads the YAML and fills the cache
    warm = loaded_after(run, env)
    assert "expert.evaluator" in warm and "expert.cli.classify" in warm
    assert offending(warm, NOT_FOR_ONE_STUDENT) == []


def test_the_guard_sees_a_heavy_import() -> None:
    assert offending(loaded_after("import expert.cli.kb"), NOT_AT_IMPORT) != []


def test_lasting_pauses_the_collector_and_gives_it_back() -> None:
    import gc

    from expert.cli.lasting import lasting

    assert gc.isenabled()
    with lasting():
        assert not gc.isenabled()
        with lasting():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not switch it on under the outer one
    assert gc.isenabled()
    try:
        with lasting():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_the_command_freezes_its_knowledge_base_only_in_its_own_process(tmp_path: Path) -> None:
    import gc

    from click.testing import CliRunner

    from expert.cli import main

    env = {**os.environ, "EXPERT_CACHE_DIR": str(tmp_path / "cache")}
    code = (f"import gc, sys\nsys.argv = ['expert', 'classify', {str(PROFILE)!r}]\nfrom expert.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.get_freeze_count(), file=sys.__stderr__)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    assert int(proc.stderr.strip().splitlines()[-1]) > 10_000  # the modules, the KB and its engine
    before = gc.get_freeze_count()
    assert CliRunner().invoke(main, ["classify", str(PROFILE), "--kb", str(ROOT / "knowledge_base")]).exit_code == 0
    assert gc.get_freeze_count() == before  # called from another program (here the tests): nothing frozen


def test_the_command_starts_no_blas_thread_pool_unless_the_user_asks() -> None:
    code = "import os, sys\nimport expert.cli\nprint(os.environ['OPENBLAS_NUM_THREADS'], file=sys.__stderr__)"
    plain = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    for env, expected in ((plain, "1"), ({**plain, "OPENBLAS_NUM_THREADS": "2"}, "2")):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                              timeout=120)
        assert proc.stderr.strip().splitlines()[-1] == expected
