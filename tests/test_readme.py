"""The README's examples and the package's docstring examples run as written."""
from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import converter
import converter.batch

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    block = re.match(r"```sh\n(.*?)\n```", README, re.S)
    assert block, "README must start with a sh block"
    lines = block.group(1).splitlines()
    assert len(lines) == 2
    assert "akn convert samples/" in lines[0]
    assert "pip install" in lines[1] and "[test]" in lines[1] and "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci


@pytest.mark.parametrize("index", range(len(re.findall(r"```python\n", README))))
def test_readme_python_examples_run(index, monkeypatch):
    code = re.findall(r"```python\n(.*?)```", README, re.S)[index]
    monkeypatch.chdir(ROOT)
    exec(compile(code, f"README.md python block {index + 1}", "exec"), {})


@pytest.mark.parametrize("module", [converter, converter.batch])
def test_docstring_examples(module, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
