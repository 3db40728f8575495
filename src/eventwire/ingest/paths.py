"""Command-line arguments -> concrete inputs: files, directories (recursive), globs and stdin."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence

from ..errors import EventwireError

STDIN = "-"
URL_PREFIXES = ("http://", "https://")


def is_url(arg: str) -> bool:
    """True for an http(s) URL input (a feed read over HTTP), which is passed through unexpanded."""
    return arg.startswith(URL_PREFIXES)


def store_name(path: str) -> str:
    """The name an input is stored, reported and shown under.

    A file name that is not valid UTF-8 reaches Python with its stray bytes as lone surrogates
    (``b"\\xff"`` -> ``"\\udcff"``), which the store cannot hold. Such a name is stored with those
    bytes written as ``\\xNN`` escapes (``b"\\xffnews.txt"`` -> ``"\\\\xffnews.txt"``); the file
    itself is still read under its real name. Valid names are returned unchanged.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = path.encode("utf-8", "surrogateescape")  # how os.listdir / argv decoded the bytes
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def _walk(root: str) -> list[str]:
    """Files under ``root`` in sorted order, skipping hidden files and directories.

    Symlinked directories are followed once; a link back to one of its own ancestors (a loop) is
    returned as a path so that reading it gives an ``unreadable`` reject rather than silence.
    """
    out: list[tuple[tuple[str, ...], str]] = []

    def visit(dirpath: str, parts: tuple[str, ...], ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            entries = sorted(os.scandir(dirpath), key=lambda e: e.name)
        except OSError:
            out.append((parts, dirpath))  # unreadable directory: reported when read
            return
        for entry in entries:
            if _hidden(entry.name):
                continue
            path = os.path.join(dirpath, entry.name)
            key = (*parts, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if not is_dir:
                out.append((key, path))  # files, broken links, FIFOs: the reader decides
                continue
            try:
                st = os.stat(path)
            except OSError:
                out.append((key, path))
                continue
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                out.append((key, path))  # symlink loop
                continue
            visit(path, key, ancestors | {ident})

    st = os.stat(root)
    visit(root, (), frozenset({(st.st_dev, st.st_ino)}))
    out.sort(key=lambda kv: kv[0])
    return [p for _, p in out]


def expand_one(arg: str) -> tuple[list[str], bool]:
    """Concrete inputs for one argument and whether it named something that exists.

    A missing plain path is returned as itself (reading it gives an ``unreadable`` reject).
    """
    if arg == STDIN or is_url(arg):
        return [arg], True
    if os.path.isdir(arg):
        files = _walk(arg)
        return files, bool(files)
    if os.path.lexists(arg):
        return [arg], True
    if glob.has_magic(arg):
        matches: list[str] = []
        for m in sorted(glob.glob(arg, recursive=True)):
            matches.extend(_walk(m) if os.path.isdir(m) else [m])
        return matches, bool(matches)
    return [arg], False


def outside_links(args: Sequence[str]) -> dict[str, str]:
    """Files found by walking a directory argument (or a directory a glob matched) that are reached
    through a symbolic link pointing outside that directory: ``{path: reason}``.

    Such a file is not read unless the user asks for it (``follow_symlinks``): a link planted in a
    shared input directory would otherwise copy any file the ingest can read into the store, and
    from there into the API's ``/articles``. Broken links are left to the reader (``unreadable``).
    """
    out: dict[str, str] = {}
    for arg in args:
        if arg == STDIN or is_url(arg):
            continue
        if os.path.isdir(arg):
            roots = [arg]
        elif not os.path.lexists(arg) and glob.has_magic(arg):
            roots = [m for m in sorted(glob.glob(arg, recursive=True)) if os.path.isdir(m)]
        else:
            continue
        for root in roots:
            real_root = os.path.realpath(root)
            for path in _walk(root):
                if not os.path.exists(path):
                    continue
                target = os.path.realpath(path)
                if os.path.commonpath([real_root, target]) != real_root:
                    out.setdefault(
                        path,
                        f"{store_name(path)} is a symbolic link (or lies under one) pointing outside the input "
                        f"directory {store_name(root)}, to {store_name(target)}; it was not read. Pass "
                        "--follow-symlinks (follow_symlinks = true) to read such files.",
                    )
    return out


def expand_inputs(paths: Sequence[str]) -> list[str]:
    """Expand files, directories (recursive, sorted, hidden entries skipped), glob patterns and ``-``
    (stdin) into an ordered, de-duplicated list of inputs; http(s) URLs (feeds) pass unchanged.

    Raises EventwireError EW102 when no argument matched anything; a missing file among inputs
    that do exist is kept, so that reading it yields an ``unreadable`` reject.
    """
    out: list[str] = []
    seen: set[str] = set()
    unmatched: list[str] = []
    any_found = False
    for arg in paths:
        found, exists = expand_one(arg)
        any_found |= exists
        if not exists:
            unmatched.append(arg)
        for p in found:
            key = p if p == STDIN or is_url(p) else os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                out.append(p)
    if not any_found:
        shown = ", ".join(repr(p) for p in unmatched) or "(no paths given)"
        raise EventwireError(
            "EW102",
            f"No input matched: {shown}. Give files, directories, glob patterns such as 'corpus/**/*.txt', or - for stdin.",
        )
    return out
