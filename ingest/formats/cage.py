"""Runs a PDF or DOCX reader in a child process with limits on memory, processor time and output.

The readers are large libraries fed with bytes from anyone who may upload. Mutation fuzzing found
files on which they recurse without end, fail with errors of every kind, or allocate until the
kernel's OOM killer fires (a font widths array running to 9,999,999,999 entries), which in a
Celery worker would take PostgreSQL on the same host down with it. So the reader runs in a
forked child whose address space may grow by ``PARSE_MEMORY_BYTES``, which gets
``PARSE_CPU_SECONDS`` of processor time and may return ``PARSE_MAX_CHARS`` characters. An
``IngestError`` of the reader passes through as it is; anything else (an exception, a signal, a
limit reached) becomes one line: "<name>: this PDF could not be read (<why>)". The parent waits
three times the processor time on the wall clock, as the child shares the cores, then kills it;
it reaps the child whatever happens, so nothing is left behind.
"""

import faulthandler
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import NoReturn

from ingest.errors import IngestError
from ingest.formats.limits import ParseLimits, parse_limits

Reader = Callable[..., str]  # reader(data, name=name) -> text, or raises IngestError

_TEXT, _REFUSED, _FAILED = b"T", b"R", b"F"
_NO_MEMORY_EXIT = 3  # the child ran out of memory even to say so
_WALL_FACTOR = 3
_REASON_CHARS = 160  # an exception's text may quote a whole object; a line keeps its start
_CHUNK = 1 << 20


def caged_text(read: Reader, data: bytes, *, name: str, kind: str) -> str:
    """The text ``read(data, name=name)`` returns, read in a child process within the parse limits."""
    limits = parse_limits()
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(receiver)
        _child(read, data, name=name, sender=sender, limits=limits)
    os.close(sender)
    message, ended = b"", False
    try:
        message, ended = _receive(receiver, limits=limits)
    finally:
        os.close(receiver)
        if not ended:  # out of time, or the parent itself interrupted (a task's time limit)
            os.kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
    if not ended:
        raise _unreadable(name, kind, f"it takes more than {_WALL_FACTOR * limits.cpu_seconds} s to read")
    return _outcome(message, status=status, usage=usage, name=name, kind=kind, limits=limits)


def _child(read: Reader, data: bytes, *, name: str, sender: int, limits: ParseLimits) -> NoReturn:
    code = 0
    try:
        # A worker's handlers (Celery's warm shutdown) are not the child's: a signal ends it.
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        faulthandler.disable()  # a crash is reported by its signal, not by the parent's stacks
        _limit(limits)
        try:
            text = read(data, name=name)
            if len(text) > limits.max_chars:
                message = _FAILED + _too_long(limits).encode()
            else:
                message = _TEXT + text.encode("utf-8", "surrogatepass")
        except IngestError as error:
            message = _REFUSED + str(error).encode()
        except MemoryError:
            message = _FAILED + _memory_reason(limits).encode()
        except RecursionError:
            message = _FAILED + b"its structure is nested too deeply"
        except BaseException as error:  # a damaged file makes the readers fail in any way at all
            message = _FAILED + _described(error).encode("utf-8", "replace")
        view = memoryview(message)
        while view:
            view = view[os.write(sender, view) :]
    except MemoryError:
        code = _NO_MEMORY_EXIT
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers, no database goodbyes


def _limit(limits: ParseLimits) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed reader leaves no core file behind
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    # The child starts as a copy of the parent, whose size varies (a web process, a worker with
    # jieba loaded), so the limit is what it holds now plus the budget.
    held = _address_space()
    if held is not None:
        ceiling = held + limits.memory_bytes
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None  # no /proc (macOS, which does not enforce RLIMIT_AS anyway)


def _receive(receiver: int, *, limits: ParseLimits) -> tuple[bytes, bool]:
    """What the child sent, and whether it ended (nothing, False: the wall clock ran out)."""
    deadline = time.monotonic() + _WALL_FACTOR * limits.cpu_seconds
    chunks: list[bytes] = []
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([receiver], [], [], left)
        if ready:
            chunk = os.read(receiver, _CHUNK)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
    return b"", False


def _outcome(message: bytes, *, status: int, usage, name: str, kind: str, limits: ParseLimits) -> str:
    kind_of, body = message[:1], message[1:]
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        if kind_of == _TEXT:
            return body.decode("utf-8", "surrogatepass")
        if kind_of == _REFUSED:
            raise IngestError(body.decode())
        if kind_of == _FAILED:
            raise _unreadable(name, kind, body.decode())
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _NO_MEMORY_EXIT:
        raise _unreadable(name, kind, _memory_reason(limits))
    # SIGXCPU at the soft limit, SIGKILL a second later at the hard one; the kernel's count of
    # processor time may stop a tick short of the limit.
    signalled = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if signalled == signal.SIGXCPU or usage.ru_utime + usage.ru_stime >= limits.cpu_seconds:
        raise _unreadable(
            name,
            kind,
            f"it takes more than {limits.cpu_seconds} s of processor time; the limit is PARSE_CPU_SECONDS",
        )
    if signalled is not None:
        raise _unreadable(name, kind, f"the reader stopped with {signal.Signals(signalled).name}")
    raise _unreadable(name, kind, f"the reader stopped with exit status {os.WEXITSTATUS(status)}")


def _too_long(limits: ParseLimits) -> str:
    return f"its text is longer than {limits.max_chars:,} characters; the limit is PARSE_MAX_CHARS"


def _memory_reason(limits: ParseLimits) -> str:
    return f"it needs more than {limits.memory_bytes // (1024 * 1024)} MB of memory; the limit is PARSE_MEMORY_BYTES"


def _described(error: BaseException) -> str:
    text = " ".join(str(error).split())
    described = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return described if len(described) <= _REASON_CHARS else described[: _REASON_CHARS - 1] + "…"


def _unreadable(name: str, kind: str, reason: str) -> IngestError:
    return IngestError(f"{name}: this {kind} could not be read ({reason})")
