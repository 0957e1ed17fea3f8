"""The OASIS Akoma Ntoso schema, compiled once per process, starting as early as possible.

libxml2 takes about 0.25 s to compile the schema, and releases the interpreter while it does:
``import converter`` starts the compile on a thread, so that a fresh ``akn convert`` does its
remaining imports and reads its input meanwhile (a compiled schema cannot be kept across
processes). ``compiled()`` waits for it. A fork waits for it too (``os.register_at_fork``): a
child must not inherit libxml2 half-way through the compile.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SCHEMA_FILE = SCHEMA_DIR / "akomantoso30.xsd"

_lock = threading.Lock()
_thread: threading.Thread | None = None
_outcome: list[etree.XMLSchema | OSError | etree.LxmlError] = []  # the schema, or why there is none


def _compile() -> None:
    try:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        result: etree.XMLSchema | OSError | etree.LxmlError = etree.XMLSchema(etree.parse(str(SCHEMA_FILE), parser))
    except (OSError, etree.LxmlError) as e:  # reported by compiled(), in the thread that needs it
        result = e
    _outcome.append(result)


def start() -> None:
    """Begin compiling on a thread (once per process; a no-op after that)."""
    global _thread
    with _lock:
        if _thread is None and not _outcome:
            _thread = threading.Thread(target=_compile, name="akn-schema", daemon=True)
            _thread.start()


def wait() -> None:
    """Until the compile started by ``start`` (if any) has finished."""
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def compiled() -> etree.XMLSchema:
    """The compiled schema; raises OSError or lxml's error when the schema cannot be read."""
    start()
    wait()
    if not _outcome:  # a forked child whose parent's thread never ran here: compile now
        with _lock:
            if not _outcome:
                _compile()
    result = _outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


os.register_at_fork(before=wait)
