"""Opening an input file, compressed or not, as one binary stream read from start to end.

A compressed file (``.gz``, ``.bz2``, ``.xz``, ``.zst``) is decompressed while it is read, never
whole: a reader takes a line or an article at a time, and a limit on an article's size is a limit
on how much is decompressed for it. Its format is the suffix before the compression's
(``bbc.jsonl.gz`` is JSONL). ``.zst`` needs the optional ``zstandard`` package.

Every problem is an :class:`InputError` carrying a one-line message for the user.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")

#: The pip extra that brings each optional library, for messages.
ZSTD_HINT = "pip install 'libya-explore[zstd]'"


class InputError(Exception):
    """A file that cannot be read as it is, with a message for the user."""


@dataclass(frozen=True)
class InputKind:
    """What a file holds: its format suffix (``.jsonl``) and its compression (``.gz`` or None)."""

    format: str
    compression: str | None

    @property
    def label(self) -> str:
        return self.format + (self.compression or "")


def input_kind(path: Path) -> InputKind:
    """``a.jsonl.gz`` → (``.jsonl``, ``.gz``); ``a.txt`` → (``.txt``, None); case-insensitive."""
    suffix = path.suffix.lower()
    if suffix in COMPRESSIONS:
        return InputKind(Path(path.stem).suffix.lower(), suffix)
    return InputKind(suffix, None)


def plain_stem(path: Path) -> str:
    """The file name without its format and compression suffixes (``a.txt.gz`` → ``a``)."""
    name = Path(path.stem) if path.suffix.lower() in COMPRESSIONS else path
    return name.stem


class Input:
    """An open input file: ``stream`` gives its (decompressed) bytes, buffered (``readline``,
    ``peek``); :meth:`consumed` says how many bytes of the file on disk were read so far."""

    def __init__(self, path: Path, compression: str | None) -> None:
        try:
            self._raw: BinaryIO = path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from exc
        try:
            # GzipFile, BZ2File, LZMAFile: buffered readers in all but name (read, readline, peek)
            self.stream = cast(io.BufferedReader, _decompressing(self._raw, compression))
        except BaseException:
            self._raw.close()
            raise

    def consumed(self) -> int:
        """Bytes of the file on disk read so far (what the progress bar counts)."""
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        try:
            self.stream.close()
        finally:
            self._raw.close()

    def __enter__(self) -> Input:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _decompressing(raw: BinaryIO, compression: str | None) -> io.BufferedIOBase:
    if compression is None:
        return cast(io.BufferedReader, raw)  # what path.open("rb") returns
    if compression == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if compression == ".bz2":
        return bz2.BZ2File(raw)
    if compression == ".xz":
        return lzma.LZMAFile(raw)
    if compression == ".zst":
        return io.BufferedReader(_ZstdReader(raw))
    raise ValueError(compression)


class _ZstdReader(io.RawIOBase):
    """Zstandard frames decompressed as they are read; a file cut short is an error.

    (``zstandard``'s own ``stream_reader`` ends silently at a truncated frame.)
    """

    def __init__(self, raw: BinaryIO) -> None:
        try:
            import zstandard
        except ImportError:
            raise InputError(f"reading .zst files needs zstandard: {ZSTD_HINT}") from None
        self._zstd = zstandard
        self._raw = raw
        self._frame = zstandard.ZstdDecompressor().decompressobj()
        self._pending = b""
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        while not self._pending:
            if not self._refill():
                return 0
        n = min(len(view), len(self._pending))
        view[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _refill(self) -> bool:
        """Decompress the next chunk into ``_pending``; False at the end of the file."""
        chunk = self._raw.read(1 << 17)
        if not chunk:
            if self._started and not self._frame.eof:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            return False
        try:
            while chunk:
                self._started = True
                self._pending += self._frame.decompress(chunk)
                chunk = b""
                if self._frame.eof:  # a new frame may follow (concatenated files)
                    chunk = self._frame.unused_data
                    self._frame = self._zstd.ZstdDecompressor().decompressobj()
                    self._started = bool(chunk)
        except self._zstd.ZstdError as exc:
            raise DamagedData(str(exc)) from exc
        return True


class DamagedData(Exception):
    """Compressed data that does not decompress."""


#: What reading a compressed stream raises when its data is damaged or cut short.
READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, DamagedData)


def describe(exc: BaseException) -> str:
    """One line for a user about an error from :data:`READ_ERRORS`."""
    if isinstance(exc, EOFError):
        return "the compressed data ends early (the file is cut short)"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not a gzip file ({exc})"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"cannot read: {exc.strerror or exc}"
    # zlib.error, LZMAError, DamagedData, and the OSError without errno of bz2 ("Invalid data
    # stream")
    return f"damaged compressed data ({exc})"


def over_limit(size: int | None, limit: int, compressed: bool) -> str:
    what = "its text" if compressed else f"file is {size:,} bytes,"
    if compressed:
        return (
            f"{what} is over the {limit:,}-byte limit for one article once decompressed; "
            "skipped (raise it with --max-bytes)"
        )
    return (
        f"{what} over the {limit:,}-byte limit for one article; skipped (raise it with --max-bytes)"
    )


def read_limited(path: Path, kind: InputKind, limit: int) -> bytes:
    """The whole (decompressed) content of a one-article file, at most ``limit`` bytes.

    Never holds more than ``limit + 1`` bytes: a larger plain file is refused by its size before
    it is read, a compressed one after decompressing ``limit + 1`` bytes of it.
    """
    try:
        if kind.compression is None:
            size = path.stat().st_size
            if size > limit:
                raise InputError(over_limit(size, limit, compressed=False))
            return path.read_bytes()
        with Input(path, kind.compression) as source:
            data = source.stream.read(limit + 1)
    except READ_ERRORS as exc:
        raise InputError(describe(exc)) from exc
    if len(data) > limit:
        raise InputError(over_limit(None, limit, compressed=True))
    return data


@contextmanager
def seekable(path: Path, kind: InputKind) -> Iterator[IO[bytes]]:
    """The file, or its decompressed content in a temporary file (spilled to disk past 8 MB),
    for libraries that need to seek (pypdf)."""
    if kind.compression is None:
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from exc
        with handle:
            yield handle
        return
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as copy:
        try:
            with Input(path, kind.compression) as source:
                while chunk := source.stream.read(1 << 20):
                    copy.write(chunk)
        except READ_ERRORS as exc:
            raise InputError(describe(exc)) from exc
        copy.seek(0)
        yield copy
