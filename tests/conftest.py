"""Shared test setup: the project root on sys.path, and the paths of the bundled inputs."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # the package is used from the checkout (an editable install is not required)
    sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"  # ../shared beside the checkout


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference folder {REFERENCE} not available")
    return REFERENCE
